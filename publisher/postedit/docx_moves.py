"""Paragraphs moved in Word: which list each paragraph of an edited DOCX now stands in, and what
moved where.

A rendered DOCX marks each heading that opens a list of paragraphs with a hidden bookmark naming
the list's first field (``_pubsec0007``), and each paragraph with its own field (``_pub0007_...``).
A paragraph belongs to the list of the heading it stands under, whichever list it came from: cut
and pasted under another article, it is removed from its own list and added to that one. A
paragraph that stands where no list is (before the first heading, under the introduction, in a
table, turned into a heading), or a sub-paragraph above the first paragraph of a list, cannot be
imported there: it is left where it was in the outcome,
unchanged, and reported (``docx.not-a-list``). A DOCX rendered before headings were marked, or one
whose heading of a paragraph's own list was deleted, keeps that paragraph in its own list.

Moves are told from the order that comes back: in each list, the longest run of its own paragraphs
still in their rendered order stays; every other paragraph of it, and every paragraph from another
list, moved. An outcome whose paragraphs were reordered since rendering (by an earlier import of
the same DOCX) finds each paragraph by its text, so that a second import changes nothing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..markup import fingerprint
from .docx_read import FIELD_MARK, SECTION_MARK, WordDocument, WordParagraph

FIELD = re.compile(r"^(?P<container>.+?)\[(?P<item>\d+)\](?P<rest>\.text|\.subparagraphs\[(?P<sub>\d+)\])?$")
_INDEX = re.compile(r"^_pub(?:sec)?(\d{4})")
_SUB = ".subparagraphs["


@dataclass
class Item:
    """One paragraph of a list as it comes back: the field it was (or None) and its new text."""
    field: str | None
    text: str
    subparagraphs: list[tuple[str | None, str]] = field(default_factory=list)


@dataclass(frozen=True)
class FieldMove:
    field: str  # where it was: observations.challenges[1]
    to: str  # where it is now: observations.challenges[0]

    def describe(self) -> str:
        """"moved: a.b[1] -> [0]" within one list, the whole new place when it changed lists."""
        stays = self.field.rsplit("[", 1)[0] == self.to.rsplit("[", 1)[0]
        return f"moved: {self.field} -> {'[' + self.to.rsplit('[', 1)[1] if stays else self.to}"


def container_of(path: str) -> str | None:
    match = FIELD.match(path)
    return match.group("container") if match else None


def item_path(path: str) -> str:
    """The path of the list item a field is (a sub-paragraph: of the sub-paragraph itself)."""
    return path.removesuffix(".text")


def parent_item(sub_path: str) -> str:
    return sub_path.split(_SUB, 1)[0]


def is_subparagraph(path: str) -> bool:
    return _SUB in path


# -- where a paragraph stands ---------------------------------------------------------------------
class Sections:
    """The lists the headings of the DOCX open, by the field their bookmark names."""

    def __init__(self, word: WordDocument, fields: list[tuple[str, str]]):
        self.fields = fields
        self.marked = {self._container(name) for name in word.sections} - {None}

    def destination(self, paragraph: WordParagraph, home: str) -> str | None:
        """The list ``paragraph`` (of the field ``home``) now stands in; None where no list is."""
        own = container_of(home)
        if own not in self.marked:  # rendered before headings were marked, or its heading deleted
            return own
        return self._container(paragraph.section)

    def _container(self, mark: str) -> str | None:
        match = _INDEX.match(mark or "")
        if not mark.startswith(SECTION_MARK) or not match or int(match.group(1)) >= len(self.fields):
            return None
        return container_of(self.fields[int(match.group(1))][0])


def where(paragraph: WordParagraph) -> str:
    if not paragraph.heading:
        return "before the first heading (the masthead and title)"
    return f"under the heading “{paragraph.heading}”, which opens no list of paragraphs"


SUB_FIRST = "to the start of a list, above any paragraph it could be a sub-paragraph of"


def not_a_list(docx: Path, path: str, place: str) -> Finding:
    rule = "a sub-paragraph can only move under a paragraph" if place == SUB_FIRST else \
        "a paragraph can only move into a list of paragraphs (under a section or article heading)"
    return Finding(str(docx), 0, 0, path, f"was moved in Word {place}: {rule}, so it is left where it was in "
                   "the outcome, as it was there; move it again in Word, or in the outcome", "docx.not-a-list")


def placed_elsewhere(word: WordDocument, fields: list[tuple[str, str]], remap: dict[int, int]) -> list[tuple[str, str]]:
    """The fields whose paragraph stands outside the body paragraphs (a table, a heading, another
    style), with where: (field path, place)."""
    found = []
    for name, place in word.elsewhere:
        index = int(_INDEX.match(name).group(1))
        if index < len(fields) and container_of(fields[remap.get(index, index)][0]):
            found.append((fields[remap.get(index, index)][0], f"into {place}"))
    return found


# -- paragraphs the outcome moved since rendering --------------------------------------------------
def _marks(word: WordDocument, fields: list[tuple[str, str]]) -> dict[int, str]:
    """Field index -> the fingerprint of its text when rendered, for each field bookmark of the DOCX."""
    marks = {}
    for name in [p.bookmark for p in word.paragraphs] + [n for n, _ in word.elsewhere]:
        parts = name.split("_")
        if FIELD_MARK.match(name) and len(parts) >= 4 and int(parts[1][3:]) < len(fields):
            marks[int(parts[1][3:])] = parts[2]
    return marks


def settled(word: WordDocument, fields: list[tuple[str, str]]) -> set[str]:
    """The fields whose text is still the one the DOCX was rendered from: their own paragraph's."""
    return {fields[index][0] for index, source_print in _marks(word, fields).items()
            if fingerprint(fields[index][1]) == source_print}


def moved_in_file(word: WordDocument, fields: list[tuple[str, str]]) -> dict[int, int]:
    """Bookmark index -> index of the field that now holds that paragraph's text, for paragraphs
    whose text is no longer at their rendered place but, unchanged, at exactly one other place of
    the same kind (item or sub-paragraph) that no other paragraph of the DOCX keeps."""
    marks = _marks(word, fields)
    prints = [fingerprint(text) for _, text in fields]
    settled = {index for index, source_print in marks.items() if prints[index] == source_print}
    by_print: dict[str, list[int]] = {}
    for index, (path, _) in enumerate(fields):
        if index not in settled and FIELD.match(path):
            by_print.setdefault(prints[index], []).append(index)
    found: dict[int, int] = {}
    for index, source_print in marks.items():
        if index in settled:
            continue
        same_kind = [j for j in by_print.get(source_print, [])
                     if is_subparagraph(fields[j][0]) == is_subparagraph(fields[index][0])]
        if len(same_kind) == 1:
            found[index] = same_kind[0]
    claimed = list(found.values())
    return {index: j for index, j in found.items() if claimed.count(j) == 1}


def doubled(docx: Path, lists: dict[str, list[Item]]) -> list[Finding]:
    """A refusal for each field that two paragraphs of the DOCX would both stand for: the outcome
    changed since rendering so that a paragraph's text found elsewhere (``moved_in_file``) is the
    field another paragraph still names, and writing the lists would double one text and lose
    another field."""
    seen: dict[str, int] = {}
    for items in lists.values():
        for item in items:
            for path in [item.field, *(sub for sub, _ in item.subparagraphs)]:
                if path is not None:
                    seen[item_path(path)] = seen.get(item_path(path), 0) + 1
    return [Finding(str(docx), 0, 0, path, f"the outcome changed since this Word document was made: two of its "
                    f"paragraphs now stand for this field, so importing the list {container_of(path)} would write "
                    "one text twice and lose another paragraph; nothing imported: render it again and redo the "
                    "edits there, or undo the change in the outcome and import again", "docx.outdated")
            for path, count in seen.items() if count > 1]


# -- paragraphs that could not move ----------------------------------------------------------------
def restore(path: str, text: str, lists: dict[str, list[Item]]) -> None:
    """Puts a paragraph that could not move back at its place in its own list (after the paragraphs
    of that list rendered before it). A sub-paragraph whose item is gone goes with it."""
    container = container_of(path)
    match = FIELD.match(path)
    order = int(match.group("item"))
    items = lists.setdefault(container, [])
    if is_subparagraph(path):
        parent = next((item for item in items if item.field and item_path(item.field) == parent_item(path)), None)
        if parent is not None:
            subs = [_sub_index(p) if p else -1 for p, _ in parent.subparagraphs]
            parent.subparagraphs.insert(bisect.bisect_right(subs, int(match.group("sub"))), (path, text))
        return
    before = [_item_index(item, container) for item in items]
    position = max((i + 1 for i, value in enumerate(before) if value is not None and value < order), default=0)
    items.insert(position, Item(path, text))


def _item_index(item: Item, container: str) -> int | None:
    if item.field is None or container_of(item.field) != container:
        return None
    return int(FIELD.match(item.field).group("item"))


def _sub_index(path: str) -> int:
    return int(FIELD.match(path).group("sub"))


# -- what moved -------------------------------------------------------------------------------------
def moves(lists: dict[str, list[Item]]) -> list[FieldMove]:
    """Each paragraph and sub-paragraph that stands at another place than rendered, other than by
    paragraphs added or deleted before it: from where to where, in the order of the document."""
    found = []
    for container, items in lists.items():
        own = [(position, _item_index(item, container)) for position, item in enumerate(items)]
        staying = _in_order([(position, index) for position, index in own if index is not None])
        for position, item in enumerate(items):
            if item.field is not None and position not in staying:
                found.append(FieldMove(item_path(item.field), f"{container}[{position}]"))
            found.extend(_sub_moves(item, f"{container}[{position}]"))
    return found


def _sub_moves(item: Item, new_path: str) -> list[FieldMove]:
    home = item_path(item.field) if item.field else None
    subs = [(place, _sub_index(path)) for place, (path, _) in enumerate(item.subparagraphs)
            if path is not None and parent_item(path) == home]
    staying = _in_order(subs)
    return [FieldMove(path, f"{new_path}.subparagraphs[{place}]")
            for place, (path, _) in enumerate(item.subparagraphs) if path is not None and place not in staying]


def _in_order(pairs: list[tuple[int, int]]) -> set[int]:
    """The positions of the longest run of (position, rendered index) pairs whose indexes increase:
    the paragraphs that did not move (of two swapped, the one rendered first stays: the other moved)."""
    tails: list[int] = []  # tails[k]: the smallest last index of an increasing run of length k + 1
    tail_at: list[int] = []  # ... and the pair it is
    before: list[int] = []  # each pair's predecessor in its run
    for number, (_, index) in enumerate(pairs):
        length = bisect.bisect_left(tails, index)
        before.append(tail_at[length - 1] if length else -1)
        if length == len(tails):
            tails.append(index)
            tail_at.append(number)
        else:
            tails[length], tail_at[length] = index, number
    staying, number = set(), tail_at[-1] if tail_at else -1
    while number >= 0:
        staying.add(pairs[number][0])
        number = before[number]
    return staying
