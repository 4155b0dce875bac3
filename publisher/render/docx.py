"""DOCX writer: the document model laid out with python-docx (raw XML in ooxml.py).

UN house style: Times New Roman 10 pt, numbered paragraphs indented 1 cm with the number hanging,
sub-paragraphs (a), (b) a further centimetre in, footnotes at the page foot, masthead in a
borderless table with the UN rules under each row.
"""
from __future__ import annotations

import io

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.shared import Cm, Pt

from ..document import Document, Heading, Paragraph, Run
from . import ooxml
from .fonts import font_for
from .timestamps import document_timestamp

NOTE_TEXT_STYLE = "Footnote Text"
NOTE_REFERENCE_STYLE = "Footnote Reference"


class DocxWriter:
    name = "docx"
    extension = ".docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document: Document) -> bytes:
        word = docx.Document()
        _page_setup(word, document)
        _styles(word, document.language)
        notes = ooxml.Footnotes(word, NOTE_TEXT_STYLE, NOTE_REFERENCE_STYLE)
        left_to_right = _masthead(word, document, notes)
        _title(word, document)
        for block in document.blocks:
            if isinstance(block, Heading):
                _heading(word, block)
            else:
                _paragraph(word, block, document, notes)
        if document.direction == "rtl":
            ooxml.make_right_to_left(word, notes, left_to_right)
        _properties(word, document)
        buffer = io.BytesIO()
        word.save(buffer)
        return ooxml.reproducible_zip(buffer.getvalue(), document_timestamp(document))


def _page_setup(word, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)
    section.left_margin = section.right_margin = Cm(2.4)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ooxml.page_number_field(footer)
    if document.masthead.job_line:
        job = section.first_page_footer.paragraphs[0]
        _text(job, document.masthead.job_line, bold=True, size=8)


def _styles(word, language: str) -> None:
    font = font_for(language)
    styles = word.styles
    normal = styles["Normal"]
    ooxml.set_style_fonts(normal, font.word_latin, font.word_east_asian, font.word_complex, font.body_pt, language)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(font.line_pt)
    for name, size in (("Heading 1", font.body_pt + 2), ("Heading 2", font.body_pt), ("Heading 3", font.body_pt)):
        style = styles[name]
        ooxml.set_style_fonts(style, font.word_latin, font.word_east_asian, font.word_complex, size, language)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    note_text = styles.add_style(NOTE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note_text.base_style = normal
    note_text.font.size = Pt(max(8, font.body_pt - 2))
    note_text.paragraph_format.line_spacing = Pt(10)
    note_reference = styles.add_style(NOTE_REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
    note_reference.font.superscript = True


def _masthead(word, document: Document, notes: ooxml.Footnotes) -> set:
    """Writes the masthead; returns the paragraphs that stay left to right in any language."""
    masthead = document.masthead
    table = word.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.no_table_borders(table)
    widths = (Cm(10.2), Cm(6.0))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
            ooxml.cell_border(cell, "bottom", 16)
    for cell in (*table.rows[0].cells, *table.rows[1].cells):
        cell.paragraphs[0].paragraph_format.space_after = Pt(4)
    table.rows[1].cells[0].paragraphs[0].paragraph_format.space_before = Pt(6)
    table.rows[1].cells[1].paragraphs[0].paragraph_format.space_before = Pt(6)
    organization, symbols = table.rows[0].cells
    _text(organization.paragraphs[0], masthead.organization, bold=True, size=14)
    symbol_paragraph = symbols.paragraphs[0]
    symbol_paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for index, symbol in enumerate(masthead.symbols):
        if index:
            symbol_paragraph.add_run().add_break(WD_BREAK.LINE)
        _text(symbol_paragraph, symbol, bold=True, size=14)
    body, distribution = table.rows[1].cells
    _text(body.paragraphs[0], masthead.body, bold=True, size=14)
    lines = distribution.paragraphs[0]
    _text(lines, masthead.distribution)
    for line in (masthead.date, "", *([masthead.language_line] if masthead.language_line else []), masthead.original):
        lines.add_run().add_break(WD_BREAK.LINE)
        _text(lines, line)
    for meeting in masthead.meetings:
        group = word.add_paragraph()
        group.paragraph_format.space_before = Pt(10)
        _text(group, meeting.working_group, bold=True)
        word.add_paragraph(meeting.session)
        item = word.add_paragraph(meeting.agenda_item)
        note = notes.add(item, custom_mark=meeting.agenda_mark)
        note.add_run(meeting.agenda_symbol + ".")
        title = word.add_paragraph()
        _text(title, meeting.agenda_title, bold=True)
    left_to_right = {symbol_paragraph._p}
    if masthead.distribution_direction == "ltr":
        left_to_right.add(lines._p)
    return left_to_right


def _title(word, document: Document) -> None:
    title = word.add_paragraph()
    title.paragraph_format.space_before = Pt(24)
    title.paragraph_format.space_after = Pt(4)
    title.paragraph_format.line_spacing = Pt(20)
    _text(title, document.title, bold=True, size=17 if document.direction == "ltr" else 20)
    subtitle = word.add_paragraph()
    subtitle.paragraph_format.space_after = Pt(12)
    _text(subtitle, document.subtitle, bold=True, size=12)
    if document.notice:
        notice = word.add_paragraph()
        notice.paragraph_format.space_after = Pt(12)
        for side in ("top", "left", "bottom", "right"):
            ooxml.paragraph_border(notice, side, 8)
        _text(notice, document.notice, bold=True)


def _heading(word, heading: Heading) -> None:
    text = f"{heading.label}\t{heading.text}" if heading.label else heading.text
    paragraph = word.add_paragraph(text, style=f"Heading {heading.level}")
    if heading.label:
        paragraph.paragraph_format.left_indent = Cm(1)
        paragraph.paragraph_format.first_line_indent = Cm(-1)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1))
    else:
        paragraph.paragraph_format.left_indent = Cm(1)


def _paragraph(word, block: Paragraph, document: Document, notes: ooxml.Footnotes) -> None:
    paragraph = word.add_paragraph()
    _hanging(paragraph, Cm(2), Cm(1))
    paragraph.add_run(f"{block.label}\t")
    _runs(paragraph, block.runs, document, notes)
    for sub in block.subparagraphs:
        child = word.add_paragraph()
        _hanging(child, Cm(3), Cm(1))
        child.add_run(f"{sub.label}\t")
        _runs(child, sub.runs, document, notes)


def _hanging(paragraph, left, hang) -> None:
    fmt = paragraph.paragraph_format
    fmt.left_indent = left
    fmt.first_line_indent = -hang
    fmt.tab_stops.add_tab_stop(left)
    fmt.space_after = Pt(6)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _runs(paragraph, runs: tuple[Run, ...], document: Document, notes: ooxml.Footnotes) -> None:
    for run in runs:
        if run.note is None:
            added = paragraph.add_run(run.text)
            if run.italic:
                added.italic = added.font.cs_italic = True
            if run.untranslated:
                added.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif run.first_citation:
            note = notes.add(paragraph)
            for note_run in document.footnotes[run.note - 1].runs:
                added = note.add_run(note_run.text)
                if note_run.italic:
                    added.italic = added.font.cs_italic = True
        else:
            paragraph.add_run(str(run.note)).style = NOTE_REFERENCE_STYLE


def _text(paragraph, text: str, bold: bool = False, size: float | None = None):
    """A run with bold and size set for every script (Word keeps Arabic's apart: bCs, szCs)."""
    run = paragraph.add_run(text)
    if bold:
        run.bold = run.font.cs_bold = True
    if size:
        run.font.size = Pt(size)
        ooxml.complex_script_size(run, size)
    return run


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
