"""A rendered DOCX, edited in Word or LibreOffice by reviewers and editors, back into its outcome.

Which outcome: the one the DOCX names (custom property ``publisher.outcome``, the file as it was
given to ``publisher render``), or the one given with ``--outcome``; it must be the same review in
the same language (``docx.other-outcome``) and have the same text fields as when the DOCX was
rendered (``docx.outdated``: render again and redo the edits on the new file; also when a list kept
its length but two paragraphs of the DOCX would stand for one field of it, see ``docx_moves.doubled``).

What comes back: each body paragraph carries a hidden bookmark naming its field and fingerprints
of its text in the outcome and as rendered. A paragraph whose text in Word still has the rendered
fingerprint is unchanged, and its field keeps the outcome's text exactly (typography and
references as the editor wrote them); a changed one replaces the field's text, with italics as
``*...*``, highlighted text as ``[[...]]`` and footnote calls as ``[^key]`` (a new footnote gets a
new key). Paragraphs without a bookmark were added in Word: they are inserted where they stand
(a first-line indent makes a sub-paragraph of the paragraph before). Bookmarked paragraphs that are
gone were deleted. A paragraph moved in Word moves in the outcome, within its list or into the list
it now stands in (docx_moves.py); one moved where no list is stays where it was, and is reported.
Generated text (masthead, headings, the standard introduction) never comes back.

Safety: the conflict rule of the XLIFF import — a field changed in the outcome since the DOCX was
rendered is kept when Word did not change it, and is a conflict (``docx.conflict``, nothing
written) when both did. Tracked changes are refused (``docx.tracked-changes``, each listed) unless
``accept_changes``; comments are listed with the paragraph they concern. The result is validated
before anything is written, and written atomically.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..compose import review_identity
from ..errors import EXIT_FINDINGS, EXIT_UNREADABLE, PublisherError
from ..files import write_atomic
from ..findings import Finding
from ..load import load_file
from ..markup import Piece, fingerprint, markup_from_pieces, note_keys
from ..model import DOCUMENT_KINDS, build_outcome
from ..render.docx import GENERATED_BOOKMARK, NOTE_BOOKMARK, SOURCE_BOOKMARK
from ..translate.output import check_valid_outcome
from ..typography import typesetter
from ..translate.pipeline import text_fields
from .docx_moves import FIELD as _FIELD
from .docx_moves import (SUB_FIRST, FieldMove, Sections, doubled, is_subparagraph, moved_in_file, moves,
                         not_a_list, placed_elsewhere, restore, settled, where)
from .docx_moves import Item as _Item
from .docx_read import WordDocument, WordParagraph, read_docx
from .yaml_edit import Keep, OutcomeText, Write

_SOURCE = re.compile(rf"^{SOURCE_BOOKMARK}(\d{{4}})_([0-9a-f]{{8}})_([0-9a-f]{{8}})$")
_NOTE = re.compile(rf"^{NOTE_BOOKMARK}(\d{{3}})$")
_LEADING_LABEL = re.compile(r"^\s*(\d+\s*[.\-–]|\(?[a-z\u0600-\u06ff]{1,3}\))\s+")


@dataclass
class FieldChange:
    field: str
    before: str
    after: str  # "" when deleted

    def diff(self) -> list[str]:
        if not self.before:
            return [f"+ {self.after}"]
        if not self.after:
            return [f"- {self.before}"]
        words = difflib.ndiff(self.before.split(), self.after.split())
        out, removed, added = [], [], []
        for token in words:
            if token.startswith("- "):
                removed.append(token[2:])
            elif token.startswith("+ "):
                added.append(token[2:])
        out.append(f"- {self.before}")
        out.append(f"+ {self.after}")
        if removed or added:
            out.append(f"  (removed: {' '.join(removed) or '-'}; added: {' '.join(added) or '-'})")
        return out


@dataclass
class ImportResult:
    docx: Path
    outcome: Path
    output: Path
    changes: list[FieldChange] = field(default_factory=list)
    moves: list[FieldMove] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what could not be imported (the rest was)
    comments: list[str] = field(default_factory=list)  # "field: author: text"
    accepted_changes: int = 0
    written: bool = False


def import_docx(path: Path | str, outcome_path: Path | str | None = None, output: Path | str | None = None,
                accept_changes: bool = False, dry_run: bool = False) -> ImportResult:
    path = Path(path)
    word = read_docx(path, accept_changes)
    outcome_file = _outcome_file(path, word, outcome_path)
    loaded = load_file(outcome_file)
    if loaded.findings:
        raise PublisherError(*loaded.findings, exit_code=EXIT_UNREADABLE)
    outcome = build_outcome(loaded)
    _check_same_review(path, word, outcome)
    fields = outcome.text_fields()
    _check_same_fields(path, word, fields)
    kind = _document_kind(path, word)
    changes = [(index, change) for index, change in word.changes]
    changes += [(0, change) for note in word.notes.values() for change in note.changes]
    if changes and not accept_changes:
        raise PublisherError(*[Finding(str(path), 0, 0, f"paragraph {index}" if index else "footnotes",
                                       f"tracked change: {change.kind} “{change.text}”", "docx.tracked-changes")
                               for index, change in changes]
                             + [Finding(str(path), 0, 0, "", f"{len(changes)} tracked change(s): accept or reject them "
                                        "in Word, or import with --accept-changes", "docx.tracked-changes")],
                             exit_code=EXIT_FINDINGS)
    current = dict(fields)
    notes = _Notes(word, outcome.footnotes, path)
    stranded: list[tuple[str, str]] = []
    items = _items(path, word, fields, current, notes, stranded)
    source = OutcomeText(Path(outcome_file).read_text(encoding="utf-8"))
    result = ImportResult(path, Path(outcome_file), Path(output) if output else Path(outcome_file),
                          accepted_changes=len(changes))
    result.findings = [not_a_list(path, field_path, place) for field_path, place in stranded]
    result.moves = moves(items)
    result.changes = _apply_lists(source, loaded.data, kind, fields, items, current)
    result.changes += notes.apply(source, loaded.data, _cited_after(loaded.data, items, notes, kind))
    result.comments = _comments(word, fields)
    if not result.changes and not result.moves:
        return result
    text = source.result()
    check_valid_outcome(text, result.output)
    if not dry_run:
        write_atomic(result.output, text.encode("utf-8"))
        result.written = True
    return result


# -- which outcome --------------------------------------------------------------------------------
def _outcome_file(path: Path, word: WordDocument, given: Path | str | None) -> Path:
    if given:
        return Path(given)
    named = word.properties.get("publisher.outcome", "")
    if not named:
        raise PublisherError(Finding(str(path), 0, 0, "publisher.outcome", "names no review outcome: it was not "
                                     "rendered by publisher (or its properties were removed); give the outcome with "
                                     "--outcome", "docx.no-origin"), exit_code=EXIT_UNREADABLE)
    for candidate in (Path(named), path.parent / Path(named).name, path.parent / named):
        if candidate.is_file():
            return candidate
    raise PublisherError(Finding(str(path), 0, 0, "publisher.outcome", f"was rendered from {named}, which is not "
                                 "here; give the outcome with --outcome", "docx.no-origin"), exit_code=EXIT_UNREADABLE)


def _check_same_review(path: Path, word: WordDocument, outcome) -> None:
    if word.properties.get("publisher.review") != review_identity(outcome):
        raise PublisherError(Finding(str(path), 0, 0, "publisher.review", f"was rendered from another review or "
                                     f"language version than {outcome.file} ({outcome.review.state}, "
                                     f"{outcome.review.language}); nothing imported", "docx.other-outcome"),
                             exit_code=EXIT_UNREADABLE)


def _check_same_fields(path: Path, word: WordDocument, fields: list[tuple[str, str]]) -> None:
    if word.properties.get("publisher.fields") != fingerprint("\n".join(p for p, _ in fields)):
        raise PublisherError(Finding(str(path), 0, 0, "publisher.fields", "paragraphs were added to or removed from "
                                     "the outcome since this DOCX was rendered: render it again and make the edits "
                                     "there (nothing imported)", "docx.outdated"), exit_code=EXIT_FINDINGS)


def _document_kind(path: Path, word: WordDocument) -> str:
    """Which document the DOCX is (its paragraphs go back into that document's lists); without it
    an edit could not be placed, and would be lost."""
    kind = word.properties.get("publisher.document", "")
    if kind not in DOCUMENT_KINDS:
        said = f"is “{kind}”, not one of {', '.join(DOCUMENT_KINDS)}" if kind else "is missing"
        raise PublisherError(Finding(str(path), 0, 0, "publisher.document", f"{said}: the properties publisher "
                                     "wrote were changed, so the paragraphs cannot be placed (nothing imported); "
                                     "render the DOCX again and make the edits there", "docx.no-origin"),
                             exit_code=EXIT_UNREADABLE)
    return kind


# -- paragraphs -----------------------------------------------------------------------------------
def _items(path: Path, word: WordDocument, fields: list[tuple[str, str]], current: dict[str, str],
           notes: "_Notes", stranded: list[tuple[str, str]] | None = None) -> dict[str, list[_Item]]:
    """Every list of paragraphs the DOCX shows, as it comes back: container path -> items. The
    paragraphs that stand where no list is are put back where they were, and listed in
    ``stranded`` (field, where)."""
    lists: dict[str, list[_Item]] = {}
    conflicts: list[Finding] = []
    sections = Sections(word, fields)
    remap = moved_in_file(word, fields)
    taken = settled(word, fields) | {fields[j][0] for j in remap.values()}  # fields other paragraphs hold
    placed_fields: set[str] = set()
    left = placed_elsewhere(word, fields, remap)
    previous: tuple[str, _Item] | None = None
    pending_new: list[WordParagraph] = []  # added paragraphs waiting for the list they belong to
    for paragraph in word.paragraphs:
        if paragraph.bookmark.startswith(GENERATED_BOOKMARK):
            previous, pending_new = None, []
            continue
        match = _SOURCE.match(paragraph.bookmark)
        if paragraph.after_heading:
            previous = None
        if not match:
            if previous is not None:
                previous = _add_new(previous, paragraph, notes, lists)
            else:
                pending_new.append(paragraph)
            continue
        index, source_print, word_print = int(match.group(1)), match.group(2), match.group(3)
        if index >= len(fields):
            continue
        path_of_field = fields[remap.get(index, index)][0]
        destination = sections.destination(paragraph, path_of_field)
        if _FIELD.match(path_of_field) and (destination is None or (is_subparagraph(path_of_field)
                                                                   and not lists.get(destination))):
            left.append((path_of_field, where(paragraph) if destination is None else SUB_FIRST))
            continue
        text = _text(paragraph, notes, placeholders=True)
        changed_in_word = fingerprint(text) != word_print
        new_text = _text(paragraph, notes) if changed_in_word else current[path_of_field]
        if changed_in_word and fingerprint(current[path_of_field]) != source_print:
            imported = _imported_already(new_text, path_of_field, current, taken | placed_fields)
            if imported is None:
                conflicts.append(Finding(str(path), 0, 0, path_of_field, "changed in the outcome since the DOCX "
                                         "was rendered and changed in Word too: nothing imported (render again, or "
                                         "keep one of the two)", "docx.conflict"))
            else:
                path_of_field = imported
                destination = sections.destination(paragraph, path_of_field)
        placed_fields.add(path_of_field)
        placed = _place(path_of_field, new_text, lists, destination)
        if placed is not None:
            for waiting in pending_new:  # added before the first paragraph of this list
                _insert_before(placed, waiting, notes, lists)
            pending_new = []
            previous = placed
    if conflicts:
        raise PublisherError(*conflicts, exit_code=EXIT_FINDINGS)
    order = {path: number for number, (path, _) in enumerate(fields)}
    for path_of_field, _place_name in sorted(left, key=lambda entry: order[entry[0]]):
        restore(path_of_field, current[path_of_field], lists)
    if doubles := doubled(path, lists):
        raise PublisherError(*doubles, exit_code=EXIT_FINDINGS)
    if stranded is not None:
        stranded.extend(left)
    return lists


def _imported_already(text: str, path: str, current: dict[str, str], taken: set[str]) -> str | None:
    """The field that holds, exactly, the text a paragraph changed in Word has (``path`` itself, or
    the one place of its kind, held by no other paragraph of the DOCX, where an earlier import of
    this DOCX moved it): the change is made already, and is no conflict. None when there is none."""
    if current[path] == text:
        return path
    same = [field_path for field_path, field_text in current.items() if field_text == text and _FIELD.match(field_path)
            and is_subparagraph(field_path) == is_subparagraph(path)]
    return same[0] if len(same) == 1 and same[0] not in taken else None


def _text(paragraph: WordParagraph, notes: "_Notes", placeholders: bool = False) -> str:
    pieces = _without_label(paragraph.pieces)
    resolved = [Piece(note="") if p.note is not None and placeholders
                else Piece(note=notes.key_for(p.note)) if p.note is not None
                else Piece(p.text.replace("\u2066", "").replace("\u2069", ""), p.italic, p.untranslated)
                if p.untranslated else p for p in pieces]
    return " ".join(markup_from_pieces(resolved).split())


def _without_label(pieces: list[Piece]) -> list[Piece]:
    """The text after the paragraph's number or letter: up to its tab, or a label typed by hand."""
    for index, piece in enumerate(pieces):
        if piece.note is not None:
            break
        if "\t" in piece.text:
            rest = piece.text.split("\t", 1)[1]
            return [Piece(rest, piece.italic, piece.untranslated), *pieces[index + 1:]]
    if pieces and pieces[0].note is None:
        first = pieces[0]
        return [Piece(_LEADING_LABEL.sub("", first.text), first.italic, first.untranslated), *pieces[1:]]
    return pieces


def _place(path: str, text: str, lists: dict[str, list[_Item]],
           container: str | None = None) -> tuple[str, _Item] | None:
    """Appends the field's paragraph to the list it stands in (its own unless ``container``)."""
    match = _FIELD.match(path)
    if not match:
        return None
    container = container or match.group("container")
    items = lists.setdefault(container, [])
    if match.group("sub") is not None:
        if not items:
            items.append(_Item(None, ""))
        items[-1].subparagraphs.append((path, text))
        return container, items[-1]
    item = _Item(path, text)
    items.append(item)
    return container, item


def _add_new(previous: tuple[str, _Item], paragraph: WordParagraph, notes: "_Notes",
             lists: dict[str, list[_Item]]) -> tuple[str, _Item]:
    """A paragraph added in Word after ``previous``: a sub-paragraph of it when its first line is
    indented, else a paragraph of the same list. Returns what the next added paragraph follows."""
    container, item = previous
    text = _text(paragraph, notes)
    if not text:
        return previous
    if paragraph.indented:
        item.subparagraphs.append((None, text))
        return previous
    new = _Item(None, text)
    lists[container].append(new)
    return container, new


def _insert_before(placed: tuple[str, _Item], paragraph: WordParagraph, notes: "_Notes",
                   lists: dict[str, list[_Item]]) -> None:
    container, item = placed
    text = _text(paragraph, notes)
    if text:
        lists[container].insert(lists[container].index(item), _Item(None, text))


def _apply_lists(source: OutcomeText, data: dict, kind: str, fields: list[tuple[str, str]],
                 lists: dict[str, list[_Item]], current: dict[str, str]) -> list[FieldChange]:
    """Writes each list of the document whose paragraphs changed or moved back into the file;
    returns what changed, field by field."""
    keys = {path: path_keys for path, path_keys, _ in text_fields(data)}
    changes: list[FieldChange] = []
    containers: dict[str, tuple] = {}
    for path, _ in fields:
        match = _FIELD.match(path)
        if path.startswith(kind + ".") and match:
            containers.setdefault(match.group("container"), _container_keys(path, keys[path]))
    kept = {item.field for items in lists.values() for item in items if item.field} | \
        {sub for items in lists.values() for item in items for sub, _ in item.subparagraphs}
    for container, container_keys in containers.items():
        items = lists.get(container, [])
        rebuilt = [_rebuilt(item, current, container, changes, containers) for item in items]
        own = [path for path, _ in fields if (m := _FIELD.match(path)) and m.group("container") == container]
        changes.extend(FieldChange(path, current[path], "") for path in own if path not in kept)
        count = len({_FIELD.match(path).group("item") for path in own})
        if rebuilt != [Keep(index) for index in range(count)]:
            source.replace_list(container_keys, rebuilt)
    return changes


def _container_keys(path: str, path_keys: tuple) -> tuple:
    match = _FIELD.match(path)
    if match.group("sub") is not None:
        return path_keys[:-3]
    if match.group("rest") == ".text":
        return path_keys[:-2]
    return path_keys[:-1]


def _rebuilt(item: _Item, current: dict[str, str], container: str, changes: list[FieldChange],
             containers: dict[str, tuple] | None = None) -> Keep | Write:
    """The item kept as the file has it when nothing in it changed (copied from its own list when
    it moved from another), else written anew."""
    changed = False
    if item.field is None:
        changes.append(FieldChange(f"{container}[new]", "", item.text))
        changed = True
    elif item.text != current[item.field]:
        changes.append(FieldChange(item.field, current[item.field], item.text))
        changed = True
    original_subs = [p for p in current if item.field and _same_item(p, item.field)]
    subs = []
    for path, sub_text in item.subparagraphs:
        if path is None:
            changes.append(FieldChange(f"{container}[new].subparagraphs", "", sub_text))
            changed = True
        elif sub_text != current[path]:
            changes.append(FieldChange(path, current[path], sub_text))
            changed = True
        subs.append(sub_text)
    if [p for p, _ in item.subparagraphs] != original_subs:
        changed = True
    if not changed and item.field is not None:
        home = _FIELD.match(item.field)
        moved_from = () if home.group("container") == container else containers[home.group("container")]
        return Keep(int(home.group("item")), moved_from)
    return Write(item.text, tuple(subs))


def _same_item(path: str, field_path: str) -> bool:
    """Whether ``path`` is a sub-paragraph of the item ``field_path`` (a ".text" field) stands for."""
    return field_path.endswith(".text") and path.startswith(field_path[:-len("text")] + "subparagraphs[")


def _cited_after(data: dict, lists: dict[str, list[_Item]], notes: "_Notes", kind: str) -> set[str]:
    """The footnote keys the outcome cites once the import is applied (both documents)."""
    cited = set()
    shown = set(lists)
    for path, _keys, text in text_fields(data):
        match = _FIELD.match(path)
        if path.startswith("footnotes.") or (match and match.group("container") in shown):
            continue
        cited.update(note_keys(text))
    for items in lists.values():
        for item in items:
            cited.update(note_keys(item.text))
            for _path, sub in item.subparagraphs:
                cited.update(note_keys(sub))
    return cited


# -- footnotes ------------------------------------------------------------------------------------
class _Notes:
    """The footnotes as they come back: Word's note ids to keys (new notes get new keys)."""

    def __init__(self, word: WordDocument, footnotes: dict[str, str], path: Path):
        self.word = word
        self.footnotes = footnotes
        self.original = [k for k in word.properties.get("publisher.notes", "").split(",") if k]
        self.keys: dict[str, str] = {}
        self.new: dict[str, str] = {}  # key -> text
        for note_id, note in word.notes.items():
            match = _NOTE.match(note.bookmark)
            if match and 0 < int(match.group(1)) <= len(self.original):
                self.keys[note_id] = self.original[int(match.group(1)) - 1]

    def key_for(self, note: str) -> str:
        if note.startswith("#"):  # a note cited again, by its number
            number = int(note[1:])
            return self.original[number - 1] if 0 < number <= len(self.original) else f"note-{number}"
        if note in self.keys:
            return self.keys[note]
        word_note = self.word.notes.get(note)
        if word_note is None:
            return f"missing-{note}"
        key = self._new_key()
        self.keys[note] = key
        self.new[key] = " ".join(markup_from_pieces(word_note.pieces).split())
        return key

    def _new_key(self) -> str:
        number = 1
        while f"note-{number}" in self.footnotes or f"note-{number}" in self.new:
            number += 1
        return f"note-{number}"

    def apply(self, source: OutcomeText, data: dict, cited: set[str]) -> list[FieldChange]:
        changes = []
        footnotes = {str(k): v for k, v in (data.get("footnotes") or {}).items()}
        for note_id, key in self.keys.items():
            word_note = self.word.notes.get(note_id)
            if word_note is None or key in self.new or key not in footnotes:
                continue
            text = " ".join(markup_from_pieces(word_note.pieces).split())
            if fingerprint(text) != fingerprint(self._rendered(key)):
                changes.append(FieldChange(f"footnotes.{key}", footnotes[key], text))
                source.replace_value(("footnotes",), key, text)
        for key, text in self.new.items():
            changes.append(FieldChange(f"footnotes.{key}", "", text))
            source.add_entry(("footnotes",), key, text)
        for key in [k for k in self.original if k in footnotes and k not in cited and k not in self.new]:
            changes.append(FieldChange(f"footnotes.{key}", footnotes[key], ""))
            source.remove_entry(("footnotes",), key)
        return changes

    def _rendered(self, key: str) -> str:
        """The note's text as it was rendered: the outcome's text with the document's typography."""
        return typesetter(self.word.properties.get("publisher.language", "en"))(
            " ".join(self.footnotes.get(key, "").split()))


# -- comments and output --------------------------------------------------------------------------
def _comments(word: WordDocument, fields: list[tuple[str, str]]) -> list[str]:
    listed = []
    for number, paragraph in enumerate(word.paragraphs, start=1):
        match = _SOURCE.match(paragraph.bookmark)
        where = fields[int(match.group(1))][0] if match and int(match.group(1)) < len(fields) else \
            f"paragraph {number} of the DOCX"
        for comment_id in paragraph.comments:
            comment = word.comments.get(comment_id)
            if comment is not None:
                listed.append(f"{where}: {comment.author or 'someone'}: {comment.text}")
    return listed
