"""Raw WordprocessingML that python-docx has no API for, kept in this one module.

Footnotes (a footnotes part, separators, references with or without a custom mark), paragraph
borders, table cell borders, fields (PAGE) and reproducible packaging. The DOCX writer above it
speaks python-docx only and calls these helpers.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class Footnotes:
    """The footnotes part of one document: adds notes and their references."""

    def __init__(self, document, text_style: str, reference_style: str):
        self.root = parse_xml(_FOOTNOTES_XML)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        self.text_style = text_style
        self.reference_style = reference_style
        self.next_id = 1
        _declare_separators(document)

    def add(self, paragraph: Paragraph, custom_mark: str | None = None) -> Paragraph:
        """Adds a reference at the end of ``paragraph``; returns the note's paragraph to fill."""
        note_id = self.next_id
        self.next_id += 1
        run = paragraph.add_run()
        run.style = self.reference_style
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(note_id))
        if custom_mark:
            reference.set(qn("w:customMarkFollows"), "1")
        run._r.append(reference)
        if custom_mark:
            mark = paragraph.add_run(custom_mark)
            mark.style = self.reference_style

        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{self._style_id(self.text_style)}"/>'
            f"</w:pPr></w:p></w:footnote>")
        self.root.append(note)
        note_paragraph = Paragraph(note[0], paragraph._parent)
        marker = note_paragraph.add_run()
        marker.style = self.reference_style
        if custom_mark:
            marker.text = custom_mark
        else:
            marker._r.append(OxmlElement("w:footnoteRef"))
        note_paragraph.add_run(" ")
        return note_paragraph

    def _style_id(self, name: str) -> str:
        return name.replace(" ", "")


def _declare_separators(document) -> None:
    settings = document.settings.element
    footnote_pr = OxmlElement("w:footnotePr")
    for note_id in ("-1", "0"):
        entry = OxmlElement("w:footnote")
        entry.set(qn("w:id"), note_id)
        footnote_pr.append(entry)
    # CT_Settings children have a schema order; footnotePr goes before compat, rsids and the rest.
    anchor = settings.find(qn("w:compat"))
    if anchor is not None:
        anchor.addprevious(footnote_pr)
    else:
        settings.append(footnote_pr)


def paragraph_border(paragraph, side: str = "bottom", size_eighths: int = 16) -> None:
    """A rule under (or over) a paragraph, as the UN masthead has."""
    _border(paragraph._p.get_or_add_pPr(), "w:pBdr", side, size_eighths, space="1")


def cell_border(cell, side: str = "bottom", size_eighths: int = 16) -> None:
    _border(cell._tc.get_or_add_tcPr(), "w:tcBorders", side, size_eighths, space="0")


def _border(properties, container_tag: str, side: str, size_eighths: int, space: str) -> None:
    borders = properties.find(qn(container_tag))
    if borders is None:
        borders = OxmlElement(container_tag)
        properties.append(borders)
    border = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size_eighths)), ("space", space), ("color", "000000")):
        border.set(qn(f"w:{key}"), value)
    borders.append(border)


def no_table_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def page_number_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice show the page number."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "1":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def reproducible_zip(blob: bytes, timestamp: dt.datetime) -> bytes:
    """Rewrites an OOXML package with fixed entry times, so one input always gives the same bytes."""
    date_time = (max(timestamp.year, 1980), timestamp.month, timestamp.day,
                 timestamp.hour, timestamp.minute, timestamp.second)
    source = zipfile.ZipFile(io.BytesIO(blob))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return target_buffer.getvalue()


_RTL_CHARACTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def set_style_fonts(style, latin: str, east_asian: str, complex_script: str, size_pt: float,
                    language: str) -> None:
    """Fonts and size of a style for all three scripts Word distinguishes, and its proofing language."""
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian), ("cs", complex_script)):
        fonts.set(qn(f"w:{attribute}"), value)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):  # a theme font would win
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    half_points = str(round(size_pt * 2))
    for tag in ("w:sz", "w:szCs"):
        element = r_pr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            r_pr.append(element)
        element.set(qn("w:val"), half_points)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    tag = _LANGUAGE_TAGS[language]
    lang.set(qn("w:val"), tag if language not in ("ar", "zh") else "en-GB")
    lang.set(qn("w:eastAsia"), tag if language == "zh" else "zh-CN")
    lang.set(qn("w:bidi"), tag if language == "ar" else "ar-SA")


_LANGUAGE_TAGS = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}


def make_right_to_left(document, footnotes: "Footnotes", keep_left_to_right: set) -> None:
    """Right-to-left layout for a whole document (Arabic): every paragraph gets w:bidi (its
    indents, alignment and tabs mirror), every run holding right-to-left text gets w:rtl, the
    section and the masthead table are mirrored. Paragraphs in ``keep_left_to_right`` (symbols,
    job number) stay left to right."""
    body = document.element.body
    roots = [body, footnotes.root] + [part.element for part in _header_footer_parts(document)]
    for root in roots:
        for paragraph in root.iter(qn("w:p")):
            if paragraph in keep_left_to_right:
                continue
            _prepend_property(paragraph.get_or_add_pPr(), "w:bidi")
            for run in paragraph.iter(qn("w:r")):
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                if _RTL_CHARACTERS.search(text):
                    run.get_or_add_rPr().get_or_add_rtl()  # python-docx keeps rPr's schema order
    for table in body.iter(qn("w:tbl")):
        table.tblPr.append(OxmlElement("w:bidiVisual"))
    for sect_pr in body.iter(qn("w:sectPr")):
        anchor = sect_pr.find(qn("w:docGrid"))
        element = OxmlElement("w:bidi")
        if anchor is not None:
            anchor.addprevious(element)
        else:
            sect_pr.append(element)


def _header_footer_parts(document):
    for section in document.sections:
        for footer in (section.footer, section.first_page_footer):
            yield footer.part


def _prepend_property(p_pr, tag: str) -> None:
    if p_pr.find(qn(tag)) is not None:
        return
    element = OxmlElement(tag)
    # pPr children have a schema order: pStyle, keepNext, ..., bidi comes after the spacing group;
    # Word and LibreOffice accept it placed before w:spacing/w:ind/w:jc.
    for follower in ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                     "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:rPr"):
        anchor = p_pr.find(qn(follower))
        if anchor is not None:
            anchor.addprevious(element)
            return
    p_pr.append(element)


def complex_script_size(run, size_pt: float) -> None:
    """w:szCs: the size Word uses for Arabic (complex script) text in this run."""
    r_pr = run._r.get_or_add_rPr()
    element = r_pr.find(qn("w:szCs"))
    if element is None:
        element = OxmlElement("w:szCs")
        size = r_pr.find(qn("w:sz"))
        if size is not None:
            size.addnext(element)
        else:
            r_pr.append(element)
    element.set(qn("w:val"), str(round(size_pt * 2)))
