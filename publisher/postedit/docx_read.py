"""Reading back a DOCX that ``publisher render`` wrote and a person edited in Word or LibreOffice.

What comes back, and nothing else: the properties naming the outcome it was rendered from, and, in
order, the body paragraphs (style SingleTxt) with the hidden bookmark naming their field
(``_pub0007_<fingerprints>``), their text as pieces (italics, highlight, footnote calls), the
tracked insertions and deletions in them and the comments attached to them; headings between
them (a section boundary), with the list each heading opens (``_pubsec0007``); the fields whose
paragraph now stands elsewhere (in a table, under another style); the footnotes with their
bookmarks. A DOCX is untrusted input: the zip
is read within limits, and every XML part through the one safe parser.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..interchange.xmlsafe import parse_bytes
from ..markup import Piece
from ..render.docx import SECTION_BOOKMARK, SOURCE_BOOKMARK

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_PART_BYTES = 30 * 1024 * 1024  # one XML part, uncompressed
BODY_STYLE = "SingleTxt"
HEADING_STYLES = {"HCh", "H1", "H23", "H4"}
NOTE_REFERENCE_STYLES = {"FootnoteReference", "Footnote Reference"}
SECTION_MARK = SECTION_BOOKMARK  # on a heading: the list that follows
FIELD_MARK = re.compile(rf"^{SOURCE_BOOKMARK}\d{{4}}_")  # a body paragraph's field
_PARTS = ("word/document.xml", "word/footnotes.xml", "word/comments.xml", "docProps/custom.xml")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Change:
    kind: str  # "inserted" or "deleted"
    text: str


@dataclass
class WordParagraph:
    bookmark: str  # "_pub0007_..." or "" (a paragraph the person added); "_pubgen..." generated text
    pieces: list[Piece]  # footnote calls carry the footnote's w:id as their note, or "#n" for a plain number
    indented: bool  # first line indented: a sub-paragraph
    changes: list[Change] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # comment ids
    after_heading: bool = False  # a heading stands between it and the paragraph before
    section: str = ""  # the list bookmark (_pubsec0007) of the last heading before it; "" when that has none
    heading: str = ""  # the text of the last heading before it ("" before the first)


@dataclass
class WordNote:
    bookmark: str  # "_pubnote003_..." or ""
    pieces: list[Piece]
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class WordComment:
    author: str
    text: str


@dataclass
class WordDocument:
    path: Path
    properties: dict[str, str]
    paragraphs: list[WordParagraph]
    notes: dict[str, WordNote]  # w:id -> note
    comments: dict[str, WordComment]
    elsewhere: list[tuple[str, str]] = field(default_factory=list)  # (field bookmark, where it stands)
    sections: list[str] = field(default_factory=list)  # the list bookmarks of the headings, in order

    @property
    def changes(self) -> list[tuple[int, Change]]:
        return [(index, change) for index, paragraph in enumerate(self.paragraphs, start=1)
                for change in paragraph.changes]


def read_docx(path: Path, accept_changes: bool = False) -> WordDocument:
    parts = _read_parts(path)
    name = str(path)
    document = parse_bytes(parts["word/document.xml"], f"{name}:word/document.xml", "docx.xml").getroot()
    notes = _notes(parse_bytes(parts["word/footnotes.xml"], f"{name}:word/footnotes.xml", "docx.xml").getroot(),
                   accept_changes) if "word/footnotes.xml" in parts else {}
    comments = _comments(parse_bytes(parts["word/comments.xml"], f"{name}:word/comments.xml", "docx.xml")
                         .getroot()) if "word/comments.xml" in parts else {}
    properties = _properties(parse_bytes(parts["docProps/custom.xml"], f"{name}:docProps/custom.xml", "docx.xml")
                             .getroot()) if "docProps/custom.xml" in parts else {}
    elsewhere: list[tuple[str, str]] = []
    paragraphs = _paragraphs(document, accept_changes, elsewhere)
    body = document.find(w("body"))
    sections = [name for element in (body if body is not None else ()) if element.tag == w("p")
                and _style(element) in HEADING_STYLES for name in _bookmarks(element) if name.startswith(SECTION_MARK)]
    return WordDocument(path, properties, paragraphs, notes, comments, elsewhere, sections)


def _read_parts(path: Path) -> dict[str, bytes]:
    def refused(message: str, rule: str) -> PublisherError:
        return PublisherError(Finding(str(path), 0, 0, "", message, rule), exit_code=EXIT_UNREADABLE)

    try:
        if not path.is_file():
            raise refused("is not a file", "input.unreadable")
        if path.stat().st_size > MAX_DOCX_BYTES:
            raise refused(f"is larger than {MAX_DOCX_BYTES // (1024 * 1024)} MB", "input.too-large")
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
            if len(entries) > MAX_ENTRIES:
                raise refused(f"holds {len(entries)} parts (at most {MAX_ENTRIES})", "docx.too-many-parts")
            parts = {}
            for entry in entries:
                if entry.filename in _PARTS:
                    if entry.file_size > MAX_PART_BYTES:
                        raise refused(f"{entry.filename} is larger than {MAX_PART_BYTES // (1024 * 1024)} MB",
                                      "input.too-large")
                    with package.open(entry) as stream:
                        data = stream.read(MAX_PART_BYTES + 1)
                    if len(data) > MAX_PART_BYTES:
                        raise refused(f"{entry.filename} expands beyond its declared size", "input.too-large")
                    parts[entry.filename] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as error:
        raise refused(f"is not a readable DOCX ({error})", "docx.unreadable") from None
    if "word/document.xml" not in parts:
        raise refused("is not a Word document (no word/document.xml)", "docx.unreadable")
    return parts


def _properties(root) -> dict[str, str]:
    return {prop.get("name", ""): "".join(prop.itertext()) for prop in root.iter(f"{{{CUSTOM}}}property")}


def _paragraphs(root, accept_changes: bool, elsewhere: list[tuple[str, str]]) -> list[WordParagraph]:
    """The body paragraphs in order; the field bookmarks found anywhere else go to ``elsewhere``."""
    body = root.find(w("body"))
    paragraphs: list[WordParagraph] = []
    heading_since = False
    section = heading = ""
    for element in body if body is not None else ():
        style = _style(element) if element.tag == w("p") else ""
        if element.tag == w("p") and style in HEADING_STYLES:
            heading_since = True
            section = next((name for name in _bookmarks(element) if name.startswith(SECTION_MARK)), "")
            heading = " ".join("".join(piece.text for piece in _pieces(element, accept_changes)[0]).split())
            elsewhere.extend((name, f"the heading “{heading}”") for name in _bookmarks(element)
                             if FIELD_MARK.match(name))
            continue
        if element.tag != w("p") or style != BODY_STYLE:
            where = f"a paragraph in the style {style}" if element.tag == w("p") else "a table" \
                if element.tag == w("tbl") else "an element that is not a paragraph"
            elsewhere.extend((name, where) for name in _bookmarks(element) if FIELD_MARK.match(name))
            continue
        bookmark = next((name for name in _bookmarks(element)
                         if name.startswith(SOURCE_BOOKMARK) and not name.startswith(SECTION_MARK)), "")
        pieces, changes = _pieces(element, accept_changes)
        comments = [c.get(w("id"), "") for c in element.iter(w("commentRangeStart"), w("commentReference"))]
        paragraphs.append(WordParagraph(bookmark, pieces, _first_line_indented(element), changes,
                                        list(dict.fromkeys(comments)), heading_since, section, heading))
        heading_since = False
    return paragraphs


def _bookmarks(element) -> list[str]:
    return [b.get(w("name"), "") for b in element.iter(w("bookmarkStart"))]


def _style(paragraph) -> str:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val"), "") if style is not None else ""


def _first_line_indented(paragraph) -> bool:
    indent = paragraph.find(f"{w('pPr')}/{w('ind')}")
    if indent is None:
        return False
    value = indent.get(w("firstLine")) or indent.get(w("firstLineChars")) or "0"
    return value.lstrip("-").isdigit() and int(value) > 0


def _pieces(paragraph, accept_changes: bool) -> tuple[list[Piece], list[Change]]:
    pieces: list[Piece] = []
    changes: list[Change] = []
    for run in paragraph.iter(w("r")):
        inserted = _inside(run, paragraph, ("ins", "moveTo"))
        deleted = _inside(run, paragraph, ("del", "moveFrom"))
        run_pieces = list(_run_pieces(run))
        text = "".join(p.text for p in run_pieces)
        if inserted or deleted:
            changes.append(Change("inserted" if inserted else "deleted", text))
        if deleted or (inserted and not accept_changes):
            continue  # refused anyway unless accepted; a deletion is applied when accepted
        pieces.extend(run_pieces)
    return pieces, changes


def _inside(run, paragraph, tags: tuple[str, ...]) -> bool:
    parent = run.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in {w(t) for t in tags}:
            return True
        parent = parent.getparent()
    return False


def _run_pieces(run):
    properties = run.find(w("rPr"))
    italic = _on(properties, "i")
    highlighted = properties is not None and properties.find(w("highlight")) is not None and \
        properties.find(w("highlight")).get(w("val"), "none") != "none"
    reference_style = properties is not None and properties.find(w("rStyle")) is not None and \
        properties.find(w("rStyle")).get(w("val"), "") in NOTE_REFERENCE_STYLES
    for child in run:
        if child.tag in (w("t"), w("delText")):
            text = child.text or ""
            if reference_style and text.strip().isdigit():
                yield Piece(note="#" + text.strip())  # a note cited again: its number
            elif not reference_style:
                yield Piece(text, italic, highlighted)
        elif child.tag == w("tab"):
            yield Piece("\t", italic, highlighted)
        elif child.tag in (w("br"), w("cr")):
            yield Piece(" ", italic, highlighted)
        elif child.tag == w("noBreakHyphen"):
            yield Piece("\u2011", italic, highlighted)
        elif child.tag == w("footnoteReference"):
            yield Piece(note=child.get(w("id"), ""))


def _on(properties, tag: str) -> bool:
    if properties is None:
        return False
    element = properties.find(w(tag))
    return element is not None and element.get(w("val"), "true") not in ("0", "false", "off")


def _notes(root, accept_changes: bool) -> dict[str, WordNote]:
    notes = {}
    for note in root.iter(w("footnote")):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        bookmark = next((b.get(w("name"), "") for b in note.iter(w("bookmarkStart"))
                         if b.get(w("name"), "").startswith("_pubnote")), "")
        pieces: list[Piece] = []
        changes: list[Change] = []
        for paragraph in note.iter(w("p")):
            if pieces:
                pieces.append(Piece(" "))
            found, found_changes = _pieces(paragraph, accept_changes)
            pieces.extend(p for p in found if p.note is None)  # the note's own mark is no content
            changes.extend(found_changes)
        notes[note.get(w("id"), "")] = WordNote(bookmark, _without_custom_mark(pieces), changes)
    return notes


_LEADING_MARK = re.compile(r"^\s*\*{1,5}\s*")


def _without_custom_mark(pieces: list[Piece]) -> list[Piece]:
    """A note's text without the custom mark (*, **) Word keeps at its start, and leading space."""
    if pieces and pieces[0].note is None:
        first = pieces[0]
        pieces = [Piece(_LEADING_MARK.sub("", first.text), first.italic, first.untranslated), *pieces[1:]]
    return pieces


def _comments(root) -> dict[str, WordComment]:
    return {comment.get(w("id"), ""): WordComment(comment.get(w("author"), ""),
                                                  " ".join("".join(comment.itertext()).split()))
            for comment in root.iter(w("comment"))}
