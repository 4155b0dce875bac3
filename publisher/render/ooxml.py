"""Raw WordprocessingML that python-docx has no API for, kept in this one module.

Footnotes (a footnotes part, separators, references with or without a custom mark), proofing
languages, pruning the styles a document does not use, right-to-left layout and reproducible
packaging. The DOCX writer above it speaks python-docx and docxtpl and calls these helpers.
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
    """The footnotes part of one document: adds notes and their references.

    A note with a custom mark ("*", "**") is referenced as Word writes it: the mark is the text of
    the reference run itself, right after ``<w:footnoteReference w:customMarkFollows="1"/>`` (in a
    following run, LibreOffice shows the note's number before it: "1**"); Word and LibreOffice then
    show the mark alone, and the note takes no number from the ordinary ones.
    """

    def __init__(self, document, text_style: str, reference_style: str):
        for r_id, rel in list(document.part.rels.items()):  # a template saved by Word may carry one
            if rel.reltype == RT.FOOTNOTES:
                document.part.drop_rel(r_id)
        self.root = parse_xml(_FOOTNOTES_XML)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        self.document = document
        self.text_style = _style_id(text_style)
        self.reference_style = _style_id(reference_style)
        self.next_id = 1
        _declare_separators(document)

    def reference_xml(self, note_id: int, custom_mark: str | None = None) -> str:
        """The run that calls note ``note_id`` (with its custom mark, when it has one)."""
        mark = _mark_texts(custom_mark) if custom_mark else ""
        follows = ' w:customMarkFollows="1"' if custom_mark else ""
        return (f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{self.reference_style}"/></w:rPr>'
                f'<w:footnoteReference{follows} w:id="{note_id}"/>{mark}</w:r>')

    def note(self, custom_mark: str | None = None) -> tuple[int, Paragraph]:
        """A new note: its id and its paragraph to fill (the mark and a tab are already in)."""
        note_id = self.next_id
        self.next_id += 1
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{self.text_style}"/>'
            f"</w:pPr></w:p></w:footnote>")
        self.root.append(note)
        note_paragraph = Paragraph(note[0], self.document.part)
        marker = note_paragraph.add_run()
        marker._r.style = self.reference_style
        if custom_mark:
            for text in parse_xml(f'<w:r {nsdecls("w")}>{_mark_texts(custom_mark)}</w:r>'):
                marker._r.append(text)
        else:
            marker._r.append(OxmlElement("w:footnoteRef"))
        note_paragraph.add_run("\t")
        return note_id, note_paragraph

    def add(self, paragraph: Paragraph, custom_mark: str | None = None) -> Paragraph:
        """Adds a reference at the end of ``paragraph``; returns the note's paragraph to fill."""
        note_id, note_paragraph = self.note(custom_mark)
        paragraph._p.append(parse_xml(self.reference_xml(note_id, custom_mark)))
        return note_paragraph


def _mark_texts(mark: str) -> str:
    """A custom mark as one w:t per character: LibreOffice takes a one-character text after
    customMarkFollows as the mark and drops it from the text, but shows a longer one twice ("****"
    for "**"); Word reads the run's text either way."""
    return "".join(f"<w:t>{_escape(character)}</w:t>" for character in mark)


def insert_paragraph_before(paragraph: Paragraph, text: str, style_id: str | None) -> Paragraph:
    """``paragraph.insert_paragraph_before(text, style=name)`` with the style given by its id (None:
    the default style), the same XML: python-docx would look the style's name up among all styles."""
    inserted = paragraph.insert_paragraph_before(text)
    inserted._p.style = style_id
    return inserted


def _style_id(name: str) -> str:
    return name.replace(" ", "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _declare_separators(document) -> None:
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    footnote_pr = OxmlElement("w:footnotePr")
    for note_id in ("-1", "0"):
        entry = OxmlElement("w:footnote")
        entry.set(qn("w:id"), note_id)
        footnote_pr.append(entry)
    _insert_in_schema_order(settings, footnote_pr, _AFTER_FOOTNOTE_PR)


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
_LANGUAGE_TAGS = {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}


def language_tag(language: str) -> str:
    return _LANGUAGE_TAGS.get(language, language)


def set_default_language(styles, language: str) -> None:
    """The proofing language of the document defaults (docDefaults), in the slot Word reads for each
    script: w:val (Latin and Cyrillic) the document's language, or English in a Chinese or Arabic
    document (its symbols and names); w:eastAsia Chinese and w:bidi Arabic, the one UN language of
    each of those scripts, whatever the document's language."""
    r_pr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language_tag(language if language not in ("ar", "zh") else "en"))
    lang.set(qn("w:eastAsia"), language_tag("zh"))
    lang.set(qn("w:bidi"), language_tag("ar"))


def set_run_language(run, language: str) -> None:
    """w:lang on one run: text left in the source language keeps its own proofing language."""
    r_pr = run._r.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language_tag(language))
    r_pr.append(lang)  # w:lang closes rPr's sequence (after highlight, vertAlign, rtl, cs)


_STYLE_REFERENCES = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))


def prune_styles(styles, roots) -> None:
    """Keeps only the styles the document uses (through any part), the styles they are based on,
    and the defaults; a template edited in Word brings in many more."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.element.iter(qn("w:style"))}
    wanted = {style_id for style_id, s in by_id.items() if s.get(qn("w:default")) == "1"}
    for root in roots:
        for element in root.iter(*_STYLE_REFERENCES):
            wanted.add(element.get(qn("w:val")))
    pending = sorted(wanted)  # the same walk on every run
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for link in (qn("w:basedOn"), qn("w:link")):
            element = style.find(link)
            if element is not None and element.get(qn("w:val")) not in wanted:
                wanted.add(element.get(qn("w:val")))
                pending.append(element.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in wanted:
            style.getparent().remove(style)
            continue
        follower = style.find(qn("w:next"))
        if follower is not None and follower.get(qn("w:val")) not in wanted:
            style.remove(follower)
    latent = styles.element.find(qn("w:latentStyles"))
    if latent is not None:
        styles.element.remove(latent)


def header_footer_roots(document) -> list:
    """The root elements of the document's header and footer parts (python-docx loads them as XML parts)."""
    return [rel.target_part.element for rel in document.part.rels.values() if rel.reltype in (RT.HEADER, RT.FOOTER)]


def make_right_to_left(document, footnotes: "Footnotes", left_to_right_styles: set[str]) -> None:
    """Right-to-left layout for a whole document (Arabic). The Normal style says w:bidi, so every
    paragraph style based on it (the body, the notes, the separators) mirrors its indents, alignment
    and tabs; LibreOffice also reads Normal's direction to put the footnote separator on the right.
    The styles in ``left_to_right_styles`` (symbols, the English distribution block, the page
    furniture) say w:bidi="0". Every run holding right-to-left text gets w:rtl; runs of left-to-right
    text (symbols, English left untranslated, note calls) get none, so their full stops and marks
    keep their places. The section and the masthead table are mirrored, and the odd and even headers
    and footers swap, so the symbol and the page number stay on the outer side of mirrored pages."""
    for style in document.styles.element.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id == "Normal":
            _prepend_property(style.get_or_add_pPr(), "w:bidi")
        elif style_id in left_to_right_styles:
            _prepend_property(style.get_or_add_pPr(), "w:bidi")
            style.pPr.find(qn("w:bidi")).set(qn("w:val"), "0")
    body = document.element.body
    for root in (body, footnotes.root, *header_footer_roots(document)):
        for paragraph in root.iter(qn("w:p")):
            _mark_right_to_left_runs(paragraph)
    for table in body.iter(qn("w:tbl")):
        table.tblPr.get_or_add_bidiVisual()  # python-docx keeps tblPr's schema order
    for sect_pr in body.iter(qn("w:sectPr")):
        for reference in (*sect_pr.iter(qn("w:headerReference")), *sect_pr.iter(qn("w:footerReference"))):
            kind = reference.get(qn("w:type"))
            if kind in ("default", "even"):
                reference.set(qn("w:type"), "even" if kind == "default" else "default")
        if sect_pr.find(qn("w:bidi")) is None:
            _insert_in_schema_order(sect_pr, OxmlElement("w:bidi"), _AFTER_SECTION_BIDI)


def _mark_right_to_left_runs(paragraph) -> None:
    for run in paragraph.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if _RTL_CHARACTERS.search(text):
            run.get_or_add_rPr().get_or_add_rtl()  # python-docx keeps rPr's schema order


def _prepend_property(p_pr, tag: str) -> None:
    if p_pr.find(qn(tag)) is None:
        _insert_in_schema_order(p_pr, OxmlElement(tag), _AFTER_PARAGRAPH_BIDI)


# The children that come after an element in its parent's schema sequence (ECMA-376 Part 1, 17.3.1.26
# pPr, 17.6.17 sectPr, 17.15.1.78 settings): Word refuses a file whose children are out of order.
_AFTER_PARAGRAPH_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                         "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                         "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                         "w:pPrChange")
_AFTER_SECTION_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                      "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                      "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                      "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                      "w:decimalSymbol", "w:listSeparator")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _insert_in_schema_order(parent, element, successors: tuple[str, ...]) -> None:
    """``element`` right before the first child of ``parent`` that the schema puts after it, else
    last. Extensions of later versions of Word (w14:, w15: ...) close every sequence."""
    after = {qn(tag) for tag in successors}
    for child in parent:
        if isinstance(child.tag, str) and (child.tag in after or not child.tag.startswith(_W)):
            child.addprevious(element)
            return
    parent.append(element)



# -- where each paragraph comes from (read back by postedit/docx_import.py) -------------------------
def bookmark(paragraph: Paragraph, bookmark_id: int, name: str) -> None:
    """A bookmark around the whole paragraph. Names starting with "_" are hidden bookmarks in Word;
    Word and LibreOffice keep them when they save."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    p_pr = paragraph._p.pPr
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_PROPERTIES_RELATIONSHIP = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                   "custom-properties")
_PROPERTY_FORMAT = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id every custom property carries


def custom_properties(document, values: dict[str, str]) -> None:
    """docProps/custom.xml: text properties (File > Properties > Custom in Word and LibreOffice)."""
    items = "".join(f'<property fmtid="{_PROPERTY_FORMAT}" pid="{pid}" name="{_escape(name)}">'
                    f'<vt:lpwstr>{_escape(value)}</vt:lpwstr></property>'
                    for pid, (name, value) in enumerate(values.items(), start=2))
    xml = f'<Properties xmlns="{CUSTOM_PROPERTIES}" xmlns:vt="{_VT}">{items}</Properties>'
    part = XmlPart(PackURI("/docProps/custom.xml"), _CUSTOM_PROPERTIES_TYPE, parse_xml(xml), document.part.package)
    document.part.package.relate_to(part, _CUSTOM_PROPERTIES_RELATIONSHIP)
