"""DOCX writer: the document model laid out on publisher's own UN Word template.

The template (``templates/un-word.docx``, built by ``word_template.py``; see docs/word-template.md)
holds the UN styles, the page, the headers and footers and the masthead and title block as a
docxtpl template an editor can change in Word. This writer fills it, adds the body before the
end-of-document rule, every paragraph in its UN style (HCh, H1, H23, H4 for headings, SingleTxt
for numbered paragraphs and subparagraphs), the footnotes (ooxml.py), and keeps only the styles
the document uses.
"""
from __future__ import annotations

import io
from functools import cache

import jinja2
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup

from ..document import Document, Heading, NumberedParagraph, Run
from ..markup import Piece, fingerprint, markup_from_pieces
from . import furniture, ooxml
from .timestamps import document_timestamp
from .word_template import TEMPLATE

SOURCE_BOOKMARK = "_pub"  # _pub0007_<source fingerprint>_<fingerprint as rendered>
GENERATED_BOOKMARK = "_pubgen"  # generated text: not content
NOTE_BOOKMARK = "_pubnote"  # _pubnote003: the third footnote of the document, in a footnote's text
SECTION_BOOKMARK = "_pubsec"  # _pubsec0007, on a heading: the list of field 7 follows it (publisher import)
NOTE_TEXT_STYLE = "Footnote Text"
NOTE_REFERENCE_STYLE = "Footnote Reference"
HEADING_STYLES = {1: "HCh", 2: "H1", 3: "H23"}  # deeper levels: H4
BODY_STYLE = "SingleTxt"
SUBPARAGRAPH_INDENT = Cm(1.27)  # the first line of (a), (b) a further 1.27 cm in


@cache
def _template_bytes() -> bytes:
    return TEMPLATE.read_bytes()


class _Template(DocxTemplate):
    """docxtpl's template, each of its XML parts cleaned up for Jinja (``patch_xml``: a dozen regular
    expressions over the part) once per process instead of once per document: the parts are the
    template's own, the same for every document."""

    def patch_xml(self, src_xml: str) -> str:
        patched = _PATCHED.get(src_xml)
        if patched is None:
            if len(_PATCHED) >= _PARTS_KEPT:
                _PATCHED.clear()
            patched = _PATCHED[src_xml] = super().patch_xml(src_xml)
        return patched


class _CompiledOnce(jinja2.Environment):
    """Jinja as docxtpl uses it (``Environment(autoescape=True)``), with each source compiled once:
    docxtpl compiles every part of the template again for every document, a third of its time."""

    def __init__(self):
        super().__init__(autoescape=True)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= _PARTS_KEPT:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


_PATCHED: dict[str, str] = {}
_PARTS_KEPT = 64  # a template's parts and properties; more only if the template file changes under a process


@cache
def _jinja() -> _CompiledOnce:
    return _CompiledOnce()


class DocxWriter:
    name = "docx"
    extension = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document: Document) -> bytes:
        template = _Template(io.BytesIO(_template_bytes()))
        template.init_docx()
        word = template.docx
        notes = ooxml.Footnotes(word, NOTE_TEXT_STYLE, NOTE_REFERENCE_STYLE)
        template.render(_context(template, document, notes), jinja_env=_jinja(), autoescape=True)
        _masthead_notes(word, document, notes)
        end_rule = word.paragraphs[-1]
        styles = _StyleIds(word)
        for index, block in enumerate(document.blocks):
            if isinstance(block, Heading):
                heading = _heading(end_rule, block, styles)
                _mark_section(heading, document, document.blocks[index + 1:index + 2])
            else:
                _paragraph(end_rule, block, document, notes, styles)
        ooxml.set_default_language(word.styles, document.language)
        if document.direction == "rtl":
            ooxml.make_right_to_left(word, notes, _left_to_right_styles(document))
        ooxml.prune_styles(word.styles, [word.element, notes.root, *ooxml.header_footer_roots(word)])
        _properties(word, document)
        _origin_properties(word, document)
        buffer = io.BytesIO()
        word.save(buffer)
        return ooxml.reproducible_zip(buffer.getvalue(), document_timestamp(document))


def _context(template: DocxTemplate, document: Document, notes: ooxml.Footnotes) -> dict:
    """What the template's placeholders show. The notes of the masthead (agenda symbols) and the
    title (late submission) get the first ids, in the order the template calls them."""
    masthead = document.masthead
    meetings = []
    for index, meeting in enumerate(masthead.meetings, start=1):
        meetings.append({
            "working_group": meeting.working_group, "session": meeting.session,
            "agenda_item": meeting.agenda_item, "agenda_title": meeting.agenda_title,
            "note": Markup(notes.reference_xml(index, meeting.agenda_mark))})
    title_note = ""
    if document.title_note:
        title_note = Markup(notes.reference_xml(len(meetings) + 1, document.title_mark))
    emblem = masthead.emblem
    return {
        "organization": masthead.organization, "symbols": list(masthead.symbols), "body": masthead.body,
        "distribution": masthead.distribution, "date": masthead.date, "language_line": masthead.language_line,
        "original": masthead.original, "meetings": meetings, "title": document.title, "title_note": title_note,
        "subtitle": document.subtitle, "notice": document.notice, "job_line": masthead.job_line,
        "job_number": masthead.job_number, "recycle": masthead.recycle,
        "recycling_mark": InlineImage(template, io.BytesIO(furniture.recycling_mark_png()), width=Cm(0.7),
                                      height=Cm(0.7)) if masthead.recycle else "",
        "emblem": InlineImage(template, emblem, height=Cm(1.4)) if emblem.lower().endswith(".png") else "",
        "barcode": InlineImage(template, io.BytesIO(furniture.barcode_png(masthead.barcode)), width=Cm(4.2),
                               height=Cm(0.6)) if masthead.barcode else "",
        "qr_code": InlineImage(template, io.BytesIO(furniture.qr_png(masthead.address)), width=Cm(1.6),
                               height=Cm(1.6)) if masthead.address else "",
    }


def _masthead_notes(word, document: Document, notes: ooxml.Footnotes) -> None:
    """The notes the template's references call: the agenda symbols, then the late-submission note."""
    for meeting in document.masthead.meetings:
        _, note = notes.note(meeting.agenda_mark)
        note.add_run(meeting.agenda_symbol + ".")
    if document.title_note:
        _, note = notes.note(document.title_mark)
        note.add_run(document.title_note)


def _left_to_right_styles(document: Document) -> set[str]:
    """The styles that stay left to right in any language: the symbols, the page furniture (symbol,
    job number, page numbers) and the distribution block when it is in English."""
    styles = {"MastheadSymbol", "Header", "Footer", "JobLine", "Recycle"}
    return styles | ({"Masthead"} if document.masthead.distribution_direction == "ltr" else set())


class _StyleIds(dict):
    """The id of each paragraph style by its name, looked up once per document: python-docx looks
    the name up among all the template's styles for every paragraph given a style by name."""

    def __init__(self, word):
        super().__init__()
        self._styles = word.styles

    def __missing__(self, name: str) -> str | None:
        self[name] = self._styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return self[name]


def _heading(end_rule, heading: Heading, styles: _StyleIds):
    text = f"{heading.label}\t{heading.text}" if heading.label else heading.text
    return ooxml.insert_paragraph_before(end_rule, text, styles[HEADING_STYLES.get(heading.level, "H4")])


def _mark_section(heading, document: Document, following: tuple) -> None:
    """A hidden bookmark on a heading that a list of paragraphs follows, naming the list's first
    field: the import tells by it which list a paragraph moved in Word now stands in."""
    if document.origin is None or not following or not isinstance(following[0], NumberedParagraph) \
            or not following[0].source:
        return
    index = document.origin.index(following[0].source)
    ooxml.bookmark(heading, _next_bookmark_id(heading), f"{SECTION_BOOKMARK}{index:04d}")


def _paragraph(end_rule, block: NumberedParagraph, document: Document, notes: ooxml.Footnotes,
               styles: _StyleIds) -> None:
    paragraph = ooxml.insert_paragraph_before(end_rule, f"{block.label}\t", styles[BODY_STYLE])
    _runs(paragraph, block.runs, document, notes)
    _mark_source(paragraph, block.source, block.runs, document)
    for sub in block.subparagraphs:
        child = ooxml.insert_paragraph_before(end_rule, f"{sub.label}\t", styles[BODY_STYLE])
        child.paragraph_format.first_line_indent = SUBPARAGRAPH_INDENT
        _runs(child, sub.runs, document, notes)
        _mark_source(child, sub.source, sub.runs, document)


def _mark_source(paragraph, source: str, runs: tuple[Run, ...], document: Document) -> None:
    """A hidden bookmark naming the field the paragraph comes from and fingerprints of its text
    there and here, so that an edited copy comes back (``publisher import``); generated text
    (the standard introduction) is marked as such."""
    if document.origin is None:
        return
    if not source:
        name = f"{GENERATED_BOOKMARK}{_next_bookmark_id(paragraph)}"
    else:
        index = document.origin.index(source)
        name = source_bookmark(index, document.origin.fields[index][1], fingerprint(word_markup(runs)))
    ooxml.bookmark(paragraph, _next_bookmark_id(paragraph), name)


def _next_bookmark_id(paragraph) -> int:
    body = paragraph._p.getparent()
    return len(body.findall(".//" + ooxml.qn("w:bookmarkStart"))) + 1


def source_bookmark(index: int, source_fingerprint: str, word_fingerprint: str) -> str:
    return f"{SOURCE_BOOKMARK}{index:04d}_{source_fingerprint}_{word_fingerprint}"


def word_markup(runs: tuple[Run, ...]) -> str:
    """The paragraph's text as it comes back from Word: markup with footnote calls as [^]."""
    return markup_from_pieces([Piece(note="") if run.note is not None
                               else Piece(run.text, run.italic, run.untranslated) for run in runs])


def _runs(paragraph, runs: tuple[Run, ...], document: Document, notes: ooxml.Footnotes) -> None:
    for run in runs:
        if run.note is None:
            _text_run(paragraph, run)
        elif run.first_citation:
            note = notes.add(paragraph)
            for note_run in document.footnotes[run.note - 1].runs:
                _text_run(note, note_run)
            if document.origin is not None:
                ooxml.bookmark(note, 10_000 + run.note, f"{NOTE_BOOKMARK}{run.note:03d}")
        else:
            paragraph.add_run(str(run.note)).style = NOTE_REFERENCE_STYLE


def _text_run(paragraph, run: Run) -> None:
    added = paragraph.add_run(run.text)
    if run.italic:
        added.italic = added.font.cs_italic = True
    if run.untranslated:
        added.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if run.language:
            ooxml.set_run_language(added, run.language)


def _origin_properties(word, document: Document) -> None:
    """Which outcome, document and language the file was rendered from (custom properties)."""
    origin = document.origin
    if origin is None:
        return
    ooxml.custom_properties(word, {
        "publisher.outcome": origin.file, "publisher.review": origin.identity,
        "publisher.document": document.kind, "publisher.language": document.language,
        "publisher.fields": fingerprint("\n".join(path for path, _ in origin.fields)),
        "publisher.notes": ",".join(note.key for note in document.footnotes),
    })


def _properties(word, document: Document) -> None:
    stamp = document_timestamp(document).replace(tzinfo=None)
    props = word.core_properties
    props.title = _core_property(document.title)
    props.subject = _core_property(document.subtitle)
    props.identifier = _core_property(" ".join(document.masthead.symbols))
    props.language = document.language
    props.author = document.masthead.organization
    props.last_modified_by = document.masthead.organization
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _core_property(text: str) -> str:
    """OPC core properties hold at most 255 characters (a long title of a joint review does not)."""
    return text if len(text) <= 255 else text[:254].rstrip() + "…"
