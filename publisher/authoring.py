"""The outcome editor's core: the text of an outcome (each document's sections, their paragraphs
and sub-paragraphs, the articles' observations, the footnotes) read from its YAML file and written
back into it, everything else in the file kept as the editor wrote it.

The text travels as *content*, plain data in the shape of the file's documents::

    {"observations": {"challenges": [paragraph, ...],
                      "articles": {"convention": [{"article": 5, "paragraphs": [paragraph, ...]}]}},
     "summary": {...},
     "footnotes": {"key": "text"}}

where a paragraph is a text, or ``{"text": ..., "subparagraphs": [text, ...]}``.

Writing goes through ruamel.yaml's round trip (comments, key order, flow and folded styles kept):
an unchanged paragraph keeps its node (and so its folding and its comments); a changed or new one
is written folded (``>-``) at the samples' width when it does not fit on its line. ruamel writes a
plain text that the file spread over several lines on one line: such stretches, unchanged in
content, are put back as the file had them, and the result is checked to hold exactly the data
intended (else ruamel's own text is kept).
"""
from __future__ import annotations

import difflib
import io
import re

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from .model import DOCUMENT_KINDS

WIDTH = 96  # the samples' lines (as postedit/yaml_edit.py writes them)
MAX_PARAGRAPHS = 500  # a section; a 1,000-word document has a few dozen
MAX_SUBPARAGRAPHS = 100
SECTION_INDENT, ARTICLE_INDENT, NOTE_INDENT = 6, 12, 4  # where the text of a folded paragraph stands


_KEY = re.compile(r"[a-z][a-z_-]{0,60}")  # section and instrument keys, as the blueprints and resolution 8/2 name them


class ContentError(ValueError):
    """Content that is not in the shape above: says where and what."""


# -- reading -----------------------------------------------------------------------------------

def content_of(data: dict) -> dict:
    """The editable text of loaded outcome data (as load.py gives it), in the content shape."""
    content: dict = {}
    for kind in DOCUMENT_KINDS:
        document = data.get(kind) if isinstance(data.get(kind), dict) else {}
        sections: dict = {}
        for key, value in document.items():
            if isinstance(value, dict):
                sections[key] = {instrument: [_article_of(entry) for entry in entries if isinstance(entry, dict)]
                                 for instrument, entries in value.items() if isinstance(entries, list)}
            elif isinstance(value, list):
                sections[key] = [_paragraph_of(item) for item in value]
        content[kind] = sections
    notes = data.get("footnotes") if isinstance(data.get("footnotes"), dict) else {}
    content["footnotes"] = {str(key): _text(value) for key, value in notes.items()}
    return content


def _article_of(entry: dict) -> dict:
    paragraphs = entry.get("paragraphs") if isinstance(entry.get("paragraphs"), list) else []
    return {"article": entry.get("article"), "paragraphs": [_paragraph_of(p) for p in paragraphs]}


def _paragraph_of(item) -> str | dict:
    if isinstance(item, dict):
        subs = item.get("subparagraphs") if isinstance(item.get("subparagraphs"), list) else []
        return {"text": _text(item.get("text")), "subparagraphs": [_text(s) for s in subs]}
    return _text(item)


def _text(value) -> str:
    return "" if value is None else str(value)


# -- checking the shape ------------------------------------------------------------------------

def checked_content(content: object) -> dict:
    """``content`` as sent by the editor page, its texts made single-spaced; ContentError when it
    is not in the content shape (a page of this server never sends that)."""
    if not isinstance(content, dict):
        raise ContentError("content: expected an object")
    unknown = set(content) - {*DOCUMENT_KINDS, "footnotes"}
    if unknown:
        raise ContentError(f"content: unknown part {sorted(unknown)[0]!r}")
    result: dict = {}
    for kind in DOCUMENT_KINDS:
        sections = content.get(kind, {})
        if not isinstance(sections, dict):
            raise ContentError(f"{kind}: expected an object of sections")
        result[kind] = {}
        for key, value in sections.items():
            where = f"{kind}.{key}"
            if not _KEY.fullmatch(key):
                raise ContentError(f"{where[:80]}: a section is named in lower-case letters and _")
            if isinstance(value, dict):
                if not all(_KEY.fullmatch(i) for i in value):
                    raise ContentError(f"{where}: an instrument is named in lower-case letters and -")
                result[kind][key] = {str(i): [_checked_article(a, f"{where}.{i}[{n}]") for n, a in
                                              enumerate(_list(entries, f"{where}.{i}", MAX_PARAGRAPHS))]
                                     for i, entries in value.items()}
            else:
                result[kind][key] = _checked_paragraphs(value, where)
    notes = content.get("footnotes", {})
    if not isinstance(notes, dict) or not all(isinstance(v, str) for v in notes.values()):
        raise ContentError("footnotes: expected an object of texts")
    for key in notes:
        if not re.fullmatch(r"[\w-]+", key):
            raise ContentError(f"footnotes.{key[:40]}: a footnote key is letters, digits, _ and -")
    result["footnotes"] = {key: _single_spaced(text) for key, text in notes.items()}
    return result


def _checked_article(entry: object, where: str) -> dict:
    if not isinstance(entry, dict) or set(entry) - {"article", "paragraphs"}:
        raise ContentError(f"{where}: expected {{article, paragraphs}}")
    article = entry.get("article")
    if not isinstance(article, int) or isinstance(article, bool) or not 0 < article < 1000:
        raise ContentError(f"{where}.article: expected an article number")
    return {"article": article, "paragraphs": _checked_paragraphs(entry.get("paragraphs", []), f"{where}.paragraphs")}


def _checked_paragraphs(items: object, where: str) -> list:
    paragraphs = []
    for index, item in enumerate(_list(items, where, MAX_PARAGRAPHS)):
        if isinstance(item, str):
            paragraphs.append(_single_spaced(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and not set(item) - {"text", "subparagraphs"}:
            subs = _list(item.get("subparagraphs", []), f"{where}[{index}].subparagraphs", MAX_SUBPARAGRAPHS)
            if not all(isinstance(s, str) for s in subs):
                raise ContentError(f"{where}[{index}].subparagraphs: expected texts")
            paragraphs.append({"text": _single_spaced(item["text"]), "subparagraphs": [_single_spaced(s) for s in subs]}
                              if subs else _single_spaced(item["text"]))
        else:
            raise ContentError(f"{where}[{index}]: expected a text or {{text, subparagraphs}}")
    return paragraphs


def _list(value: object, where: str, limit: int) -> list:
    if not isinstance(value, list):
        raise ContentError(f"{where}: expected a list")
    if len(value) > limit:
        raise ContentError(f"{where}: {len(value)} items; at most {limit}")
    return value


def _single_spaced(text: str) -> str:
    """As the documents read it: line breaks typed in a text box are spaces."""
    return " ".join(text.split())


# -- writing -----------------------------------------------------------------------------------

def apply_content(text: str, content: dict) -> str:
    """The outcome file ``text`` with the texts of ``content`` (checked_content) written into it."""
    round_trip = _round_trip(text)
    data = round_trip.load(text)
    if not isinstance(data, CommentedMap):
        raise ContentError("the file is not a mapping of fields")
    for kind in DOCUMENT_KINDS:
        if content.get(kind):
            document = _child_map(data, kind, after=DOCUMENT_KINDS[:DOCUMENT_KINDS.index(kind)] + ("issue", "review"))
            _apply_document(document, content[kind])
    _apply_footnotes(data, content.get("footnotes", {}))
    written = io.StringIO()
    round_trip.dump(data, written)
    return _restore_unchanged_lines(text, written.getvalue())


def _round_trip(text: str) -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096  # never re-wrap: new texts carry their own folds
    mapping, sequence, offset = _indentation(text)
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    return handler


def _indentation(text: str) -> tuple[int, int, int]:
    """The file's mapping indent and the dash offset of its block lists (the samples: 2, 4, 2)."""
    lines = text.splitlines()
    mapping = next((len(line) - len(line.lstrip(" ")) for line in lines
                    if line.startswith(" ") and re.match(r"\s+[\w-]+:", line)), 2) or 2
    for previous, line in zip(lines, lines[1:]):
        key = re.match(r"^(\s*)[\w-]+:\s*(#.*)?$", previous)
        dash = re.match(r"^(\s*)- ", line)
        if key and dash:
            offset = len(dash.group(1)) - len(key.group(1))
            if offset >= 0:
                return mapping, offset + 2, offset
    return mapping, 4, 2


def _child_map(parent: CommentedMap, key: str, after: tuple[str, ...] = ()) -> CommentedMap:
    value = parent.get(key)
    if isinstance(value, CommentedMap):
        return value
    made = CommentedMap()
    if key in parent:
        parent[key] = made
    else:
        _insert_after(parent, key, made, after)
    return made


def _insert_after(parent: CommentedMap, key: str, value, after: tuple[str, ...]) -> None:
    keys = list(parent)
    positions = [keys.index(k) for k in after if k in keys]
    parent.insert(max(positions) + 1 if positions else 0, key, value)


def _apply_document(document: CommentedMap, sections: dict) -> None:
    order = list(sections)
    for key, value in sections.items():
        if isinstance(value, dict):
            articles = _child_map(document, key, after=tuple(order[:order.index(key)]))
            for instrument, entries in value.items():
                _apply_articles(articles, instrument, entries)
        elif key in document or value:
            _apply_paragraphs(document, key, value, after=tuple(order[:order.index(key)]), indent=SECTION_INDENT)


def _apply_articles(articles: CommentedMap, instrument: str, entries: list[dict]) -> None:
    existing = articles.get(instrument)
    if not isinstance(existing, CommentedSeq):
        if not any(e["paragraphs"] for e in entries):
            return
        existing = CommentedSeq()
        articles[instrument] = existing
    for entry in entries:
        node = next((e for e in existing if isinstance(e, CommentedMap) and e.get("article") == entry["article"]), None)
        if node is None:
            if not entry["paragraphs"]:
                continue  # an article the file does not list and the editor left empty
            node = CommentedMap([("article", entry["article"])])
            existing.append(node)
        _apply_paragraphs(node, "paragraphs", entry["paragraphs"], indent=ARTICLE_INDENT)
    existing.fa.set_block_style()


def _apply_paragraphs(parent: CommentedMap, key: str, paragraphs: list, after: tuple[str, ...] = (),
                      indent: int = SECTION_INDENT) -> None:
    old = parent.get(key)
    if not isinstance(old, CommentedSeq):
        old = CommentedSeq()
        if key in parent:
            parent[key] = old
        else:
            _insert_after(parent, key, old, after)
    kept = _reuse(list(old), paragraphs, lambda item, previous: _paragraph_node(item, previous, indent))
    if _plain(list(old)) == _plain(kept):
        return  # nothing changed here: the list stays exactly as written
    _replace_items(old, kept)


def _reuse(old_items: list, new_items: list, make) -> list:
    """The new items, each an old node where the old list had the same value (in order), else a
    new node: an unchanged paragraph keeps its folding, quoting and comments."""
    old_plain = [_plain(item) for item in old_items]
    used: set[int] = set()
    nodes = []
    for item in new_items:
        match = next((i for i, value in enumerate(old_plain) if i not in used and value == item), None)
        if match is not None:
            used.add(match)
            nodes.append(old_items[match])
        else:  # a changed paragraph builds on the old item at its place (its comments), unless that one is taken
            same_place = len(nodes)
            previous = old_items[same_place] if same_place < len(old_items) and same_place not in used else None
            made = make(item, previous)
            if previous is not None and made is previous:
                used.add(same_place)  # one node may stand only once in the file (else YAML writes an alias)
            nodes.append(made)
    return nodes


def _replace_items(sequence: CommentedSeq, items: list) -> None:
    """Puts ``items`` in ``sequence`` in place (its own comments stay), carrying each kept item's
    comment along; the comment after the last item (often the next section's) stays last."""
    last = _detach_trailing_comment(sequence) if len(sequence) else None
    comments = {id(item): sequence.ca.items.get(index) for index, item in enumerate(sequence)}
    trailing_owner = id(sequence[-1]) if len(sequence) else None
    sequence.ca.items.clear()
    sequence.clear()
    sequence.extend(items)
    for index, item in enumerate(items):
        comment = comments.get(id(item))
        if comment is not None and id(item) != trailing_owner:
            sequence.ca.items[index] = comment
    if last is not None and items:
        _attach_trailing_comment(sequence, last[0] if last[0] is not None else last[2])
    if items:
        sequence.fa.set_block_style()
    else:
        sequence.fa.set_flow_style()


def _detach_trailing_comment(node):
    """The comment after a collection's last value (blank lines, the next section's comment),
    taken from wherever ruamel put it: on the last item, or deep inside it."""
    if isinstance(node, CommentedSeq) and len(node):
        index = len(node) - 1
        inner = _detach_trailing_comment(node[index]) if isinstance(node[index], (CommentedSeq, CommentedMap)) else None
        own = node.ca.items.pop(index, None)
        return own if own is not None and own[0] is not None else inner
    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        inner = _detach_trailing_comment(node[key]) if isinstance(node[key], (CommentedSeq, CommentedMap)) else None
        own = node.ca.items.get(key)
        if own is not None and own[2] is not None:
            token = own[2]
            own[2] = None
            return [token, None, None, None]
        return inner
    return None


def _attach_trailing_comment(node, token) -> None:
    """Puts ``token`` after the last value of ``node``, where ruamel writes it from."""
    if token is None:
        return
    if isinstance(node, CommentedSeq):
        index = len(node) - 1
        if isinstance(node[index], (CommentedSeq, CommentedMap)) and len(node[index]):
            return _attach_trailing_comment(node[index], token)
        node.ca.items[index] = [token, None]
    elif isinstance(node, CommentedMap):
        key = list(node)[-1]
        if isinstance(node[key], (CommentedSeq, CommentedMap)) and len(node[key]):
            return _attach_trailing_comment(node[key], token)
        node.ca.items[key] = [None, None, token, None]


def _paragraph_node(paragraph, previous, indent: int):
    if isinstance(paragraph, str):
        return _scalar(paragraph, indent)
    node = previous if isinstance(previous, CommentedMap) else CommentedMap()
    node["text"] = _scalar(paragraph["text"], indent + 2) if _plain(node.get("text")) != paragraph["text"] else node["text"]
    subs = node.get("subparagraphs")
    if not isinstance(subs, CommentedSeq):
        subs = CommentedSeq()
        node["subparagraphs"] = subs
    kept = _reuse(list(subs), paragraph["subparagraphs"], lambda text, _previous: _scalar(text, indent + 4))
    if _plain(list(subs)) != _plain(kept):
        _replace_items(subs, kept)
    return node


def _scalar(text: str, indent: int):
    """A text as the samples write it: plain when it fits its line, else folded at WIDTH."""
    if len(text) + indent <= WIDTH or " " not in text:
        return text
    folded = FoldedScalarString(text)
    folded.fold_pos = _fold_positions(text, WIDTH - indent)
    return folded


def _fold_positions(text: str, width: int) -> list[int]:
    positions, start = [], 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = text.find(" ", start + width)
            if cut < 0:
                break
        positions.append(cut)
        start = cut + 1
    return positions


def _apply_footnotes(data: CommentedMap, notes: dict) -> None:
    existing = data.get("footnotes")
    if not isinstance(existing, CommentedMap):
        if not notes:
            return
        existing = CommentedMap()
        data["footnotes"] = existing
    for key in [k for k in existing if str(k) not in notes]:
        del existing[key]
    for key, text in notes.items():
        if _plain(existing.get(key)) != text:
            existing[key] = _scalar(text, NOTE_INDENT)
    if len(existing):
        existing.fa.set_block_style()


def _plain(value):
    """ruamel's nodes as plain data (strings, lists, dicts), to compare with content."""
    if isinstance(value, dict):
        plain = {str(k): _plain(v) for k, v in value.items()}
        if set(plain) <= {"text", "subparagraphs"} and "text" in plain and not plain.get("subparagraphs"):
            return plain["text"]
        return plain
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return _single_spaced(str(value))
    return value


# -- putting back what ruamel re-wrote -----------------------------------------------------------

def _restore_unchanged_lines(original: str, written: str) -> str:
    """``written`` with each stretch that differs from ``original`` only in line breaks and spaces
    (a plain text ruamel put on one line, a list it indented otherwise) as ``original`` has it;
    ``written`` itself unless the result holds the same data."""
    before, after = original.splitlines(keepends=True), written.splitlines(keepends=True)
    merged: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        merged.extend(_as_before(before[i1:i2], after[j1:j2]) if tag == "replace" else after[j1:j2])
    restored = "".join(merged)
    if restored != written and _same_data(restored, written):
        return restored
    return written


def _as_before(before: list[str], after: list[str]) -> list[str]:
    """``after``, with its first or last lines as ``before`` when they differ from all of
    ``before`` only in line breaks and spaces (the rest of ``after`` being new lines)."""
    words = "".join(before).split()
    for cut in range(len(after), 0, -1):
        if "".join(after[:cut]).split() == words:
            return before + after[cut:]
        if "".join(after[len(after) - cut:]).split() == words:
            return after[:len(after) - cut] + before
    return after


def _same_data(first: str, second: str) -> bool:
    try:
        return yaml.safe_load(first) == yaml.safe_load(second)
    except yaml.YAMLError:
        return False
