"""Builds publisher's UN Word template, ``templates/un-word.docx``: run ``python -m
publisher.render.word_template`` after changing this file, and commit both.

The template is ours: a handful of UN style names (those of the secretariat's Word templates), the
A4 page, first-page and odd/even headers and footers, and the masthead and title block as a docxtpl
(Jinja) template. An editor may change the file in Word instead (docs/word-template.md); this
script is the reproducible starting point. The DOCX writer fills the placeholders, adds the body
(headings and paragraphs in the styles below, footnotes) before the end-of-document rule, and keeps
only the styles a document uses.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

TEMPLATE = Path(__file__).with_name("templates") / "un-word.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (f'xmlns:w="{W}" xmlns:r="{R}" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# -- the fonts UN workstations have ------------------------------------------------------------
LATIN = "Times New Roman"  # Latin and Cyrillic
CHINESE = "SimSun"  # 宋体, the Chinese text face of UN documents
CHINESE_HEADING = "SimHei"  # 黑体, Chinese headings
ARABIC = "Simplified Arabic"  # the Arabic face of UN Arabic documents

# -- the page (twentieths of a point: 567 to the centimetre) -------------------------------------
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 1247, 1361, 1361  # 2.2, 2.4, 2.4 cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE  # 9184: 16.2 cm
COLUMN = 720  # 1.27 cm: the text column's indent from both margins
NUMBER_TAB = 1080  # 1.9 cm: the tab after a paragraph number (0.635 cm after the column)


def _fonts(east_asian: str = CHINESE) -> str:
    return (f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{east_asian}" w:cs="{ARABIC}"/>')


def _size(latin_pt: float, arabic_pt: float) -> str:
    return f'<w:sz w:val="{round(latin_pt * 2)}"/><w:szCs w:val="{round(arabic_pt * 2)}"/>'


def _spacing(before: int = 0, after: int = 0, line: int = 240) -> str:
    # "at least": each script keeps its natural line height (Arabic and Chinese faces are taller)
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="atLeast"/>'


def _style(style_id: str, name: str, ppr: str = "", rpr: str = "", kind: str = "paragraph",
           based_on: str = "Normal", next_style: str = "", default: bool = False) -> str:
    flag = ' w:default="1"' if default else ""
    parts = [f'<w:style w:type="{kind}" w:styleId="{style_id}"{flag}>',
             f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _heading_ppr(before: int, after: int, line: int = 240) -> str:
    # the label hangs before the text column: it starts at the margin, the text at 1.27 cm
    return (f'<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="left" w:pos="{COLUMN}"/></w:tabs>'
            f'{_spacing(before, after, line)}<w:ind w:left="{COLUMN}" w:right="{COLUMN}" w:hanging="{COLUMN}"/>')


def styles_xml() -> str:
    column_tabs = "".join(f'<w:tab w:val="left" w:pos="{pos}"/>' for pos in (NUMBER_TAB, 1440, 1800, 2160, 2520))
    styles = [
        _style("Normal", "Normal", _spacing(), based_on="", default=True),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr></w:style>',
        # masthead and title block
        _style("MastheadOrgan", "Masthead Organ", _spacing(0, 60, 240), "<w:b/><w:bCs/>" + _size(14, 16)),
        _style("MastheadSymbol", "Masthead Symbol", _spacing(0, 60, 240) + '<w:jc w:val="right"/>',
               "<w:b/><w:bCs/>" + _size(14, 14)),
        _style("Masthead", "Masthead", _spacing(0, 0, 240)),
        _style("MeetingHeading", "Meeting Heading", "<w:keepNext/>" + _spacing(0, 0, 240),
               "<w:b/><w:bCs/>", next_style="Meeting"),
        _style("Meeting", "Meeting", "<w:keepNext/>" + _spacing(0, 0, 240)),
        _style("TitleHCH", "TitleHCh", _heading_ppr(480, 80, 400).replace(
            f'<w:ind w:left="{COLUMN}" w:right="{COLUMN}" w:hanging="{COLUMN}"/>',
            f'<w:ind w:left="{COLUMN}" w:right="{COLUMN}"/>'),
               _fonts(CHINESE_HEADING) + "<w:b/><w:bCs/>" + _size(17, 20), next_style="TitleH1"),
        _style("TitleH1", "TitleH1", _heading_ppr(0, 240, 280).replace(
            f'<w:ind w:left="{COLUMN}" w:right="{COLUMN}" w:hanging="{COLUMN}"/>',
            f'<w:ind w:left="{COLUMN}" w:right="{COLUMN}"/>'),
               _fonts(CHINESE_HEADING) + "<w:b/><w:bCs/>" + _size(12, 15), next_style="SingleTxt"),
        _style("Notice", "Notice",
               '<w:pBdr><w:top w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
               '<w:left w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
               '<w:bottom w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
               '<w:right w:val="single" w:sz="8" w:space="4" w:color="000000"/></w:pBdr>'
               + _spacing(0, 240, 240) + f'<w:ind w:left="{COLUMN}" w:right="{COLUMN}"/>',
               "<w:b/><w:bCs/>"),
        # headings: chapter (I.), section (A.), article, and below
        _style("HCh", "HCh", _heading_ppr(360, 240, 320), _fonts(CHINESE_HEADING) + "<w:b/><w:bCs/>" + _size(14, 16),
               next_style="SingleTxt"),
        _style("H1", "H1", _heading_ppr(240, 240, 280), _fonts(CHINESE_HEADING) + "<w:b/><w:bCs/>" + _size(12, 14),
               next_style="SingleTxt"),
        _style("H23", "H23", _heading_ppr(240, 120), "<w:b/><w:bCs/>", next_style="SingleTxt"),
        _style("H4", "H4", _heading_ppr(240, 120), "<w:i/><w:iCs/>", next_style="SingleTxt"),
        # the body: numbered paragraphs and their subparagraphs
        _style("SingleTxt", "SingleTxt",
               f'<w:tabs>{column_tabs}</w:tabs>' + _spacing(0, 240, 240)
               + f'<w:ind w:left="{COLUMN}" w:right="{COLUMN}"/><w:jc w:val="both"/>'),
        _style("EndRule", "End Rule",
               '<w:keepLines/><w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
               + _spacing(240, 0, 240) + '<w:ind w:left="3600" w:right="3600"/><w:jc w:val="center"/>',
               _size(2, 2)),
        # notes
        _style("FootnoteText", "Footnote Text",
               f'<w:tabs><w:tab w:val="right" w:pos="{COLUMN + 280}"/><w:tab w:val="left" w:pos="{NUMBER_TAB}"/></w:tabs>'
               + _spacing(0, 0, 200) + f'<w:ind w:left="{NUMBER_TAB}" w:right="{COLUMN}" w:hanging="{NUMBER_TAB}"/>',
               _size(9, 11)),
        _style("FootnoteReference", "Footnote Reference", "", '<w:vertAlign w:val="superscript"/>',
               kind="character", based_on="DefaultParagraphFont"),
        # headers and footers of pages 2 and after, the first page's foot
        _style("Header", "Header", "<w:pBdr/>" + _spacing(0, 0, 240), "<w:b/><w:bCs/>" + _size(9, 11)),
        _style("Footer", "Footer", f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
               + _spacing(0, 0, 240), "<w:b/><w:bCs/>" + _size(9, 11)),
        _style("JobLine", "Job Line", _spacing(0, 40, 200), _size(8, 8), based_on="Footer"),
        _style("Recycle", "Recycle", _spacing(0, 0, 200) + '<w:jc w:val="right"/>', _size(8, 10), based_on="Footer"),
    ]
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts()}{_size(10, 13)}"
                '<w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                f"<w:pPrDefault><w:pPr>{_spacing()}</w:pPr></w:pPrDefault></w:docDefaults>")
    return f'{DECLARATION}<w:styles xmlns:w="{W}">{defaults}{"".join(styles)}</w:styles>'


# -- the document: masthead and title block as a docxtpl template ----------------------------------
def _p(style: str, content: str = "", ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{content}</w:p>'


def _t(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _control(tag: str) -> str:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}): it vanishes when rendered."""
    return f"<w:p>{_t(tag)}</w:p>"


def _cell(width: int, content: str, border: int = 0, span: int = 1, valign: str = "top") -> str:
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if border:
        tcpr += f'<w:tcBorders><w:bottom w:val="single" w:sz="{border}" w:space="0" w:color="000000"/></w:tcBorders>'
    tcpr += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def _table(grid: tuple[int, ...], rows: list[str], layout: str = "") -> str:
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    cols = "".join(f'<w:gridCol w:w="{width}"/>' for width in grid)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/>{layout}<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{cols}</w:tblGrid>'
            + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>")


EMBLEM, DISTRIBUTION, SYMBOL_WIDTH = 907, 2835, 4139  # 1.6 cm emblem, 5 cm distribution, 7.3 cm symbol


def document_xml() -> str:
    organ = TEXT_WIDTH - EMBLEM - DISTRIBUTION  # the organ's name: beside the emblem, under the organization
    gap = SYMBOL_WIDTH - DISTRIBUTION
    symbols = (_control("{%p for symbol in symbols %}") + _p("MastheadSymbol", _t("{{ symbol }}"))
               + _control("{%p endfor %}"))
    distribution = (_p("Masthead", _t("{{ distribution }}")) + _p("Masthead", _t("{{ date }}")) + _p("Masthead")
                    + _control("{%p if language_line %}") + _p("Masthead", _t("{{ language_line }}"))
                    + _control("{%p endif %}") + _p("Masthead", _t("{{ original }}")))
    masthead = _table((EMBLEM, organ - gap, gap, DISTRIBUTION), [
        _cell(EMBLEM + organ - gap, _p("MastheadOrgan", _t("{{ organization }}")), border=6, span=2, valign="bottom")
        + _cell(SYMBOL_WIDTH, symbols, border=6, span=2, valign="bottom"),
        _cell(EMBLEM, _p("Masthead", _t("{{ emblem }}"), _spacing(80, 80)), border=24)
        + _cell(organ, _p("MastheadOrgan", _t("{{ body }}"), _spacing(80, 80)), border=24, span=2)
        + _cell(DISTRIBUTION, distribution, border=24),
    ], '<w:jc w:val="center"/>')
    meetings = (_control("{%p for meeting in meetings %}")
                + _p("MeetingHeading", _t("{{ meeting.working_group }}"), _spacing(240, 0))
                + _p("Meeting", _t("{{ meeting.session }}"))
                + _p("Meeting", _t("{{ meeting.agenda_item }}") + _t("{{r meeting.note }}"))
                + _p("MeetingHeading", _t("{{ meeting.agenda_title }}"))
                + _control("{%p endfor %}"))
    title = (_p("TitleHCH", _t("{{ title }}") + _t("{{r title_note }}"))
             + _p("TitleH1", _t("{{ subtitle }}"))
             + _control("{%p if notice %}") + _p("Notice", _t("{{ notice }}")) + _control("{%p endif %}"))
    end_rule = _p("EndRule")
    section = ('<w:sectPr><w:headerReference w:type="even" r:id="rIdHeaderEven"/>'
               '<w:headerReference w:type="default" r:id="rIdHeaderOdd"/>'
               '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
               '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
               '<w:footerReference w:type="first" r:id="rIdFooterFirst"/>'
               f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
               f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_SIDE}" w:bottom="{MARGIN_BOTTOM}" '
               f'w:left="{MARGIN_SIDE}" w:header="709" w:footer="567" w:gutter="0"/>'
               '<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>')
    return (f"{DECLARATION}<w:document {NAMESPACES}><w:body>{masthead}{meetings}{title}{end_rule}{section}"
            "</w:body></w:document>")


def _part(root: str, content: str) -> str:
    return f"{DECLARATION}<w:{root} {NAMESPACES}>{content}</w:{root}>"


def header_xml(alignment: str) -> str:
    """Pages 2 and after: the symbol(s) on the outer side (odd pages right, even pages left)."""
    return _part("hdr", _control("{%p for symbol in symbols %}")
                 + _p("Header", _t("{{ symbol }}"), f'<w:jc w:val="{alignment}"/>')
                 + _control("{%p endfor %}"))


def _page_of_pages() -> str:
    def field(instruction: str) -> str:
        return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return field("PAGE") + _t("/") + field("NUMPAGES")


def footer_xml(page_outside: str) -> str:
    """Pages 2 and after: "page/pages" on the outer side, the job number on the other."""
    job = _t("{{ job_number }}", '<w:b w:val="0"/><w:bCs w:val="0"/>')
    tab = "<w:r><w:tab/></w:r>"
    content = _page_of_pages() + tab + job if page_outside == "left" else job + tab + _page_of_pages()
    return _part("ftr", _p("Footer", content))


def first_footer_xml() -> str:
    """The foot of the first page: the job line and its barcode; the recycling line and mark, the QR
    code of the document's address."""
    left, right = 3402, 1134  # 6 cm for the job line and barcode, 2 cm for the QR code
    middle = TEXT_WIDTH - left - right
    row = (_cell(left, _p("JobLine", _t("{{ job_line }}")) + _p("JobLine", _t("{{ barcode }}")), valign="bottom")
           + _cell(middle, _control("{%p if recycle %}")
                   + _p("Recycle", _t("{{ recycling_mark }}"))
                   + _p("Recycle", _t("{{ recycle }}"))
                   + _control("{%p endif %}"), valign="bottom")
           + _cell(right, _p("Recycle", _t("{{ qr_code }}")), valign="bottom"))
    return _part("ftr", _table((left, middle, right), [row]) + _p("Footer"))


def settings_xml() -> str:
    return (f'{DECLARATION}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
            '<w:defaultTabStop w:val="720"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>')


def font_table_xml() -> str:
    fonts = [(LATIN, "00", "roman", "variable"), (CHINESE, "86", "auto", "variable"),
             (CHINESE_HEADING, "86", "modern", "fixed"), (ARABIC, "B2", "roman", "variable")]
    body = "".join(f'<w:font w:name="{name}"><w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
                   f'<w:pitch w:val="{pitch}"/></w:font>' for name, charset, family, pitch in fonts)
    return f'{DECLARATION}<w:fonts xmlns:w="{W}">{body}</w:fonts>'


_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def content_types_xml() -> str:
    overrides = [("/word/document.xml", f"{_CT}.document.main+xml"), ("/word/styles.xml", f"{_CT}.styles+xml"),
                 ("/word/settings.xml", f"{_CT}.settings+xml"), ("/word/fontTable.xml", f"{_CT}.fontTable+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")]
    overrides += [(f"/word/{name}.xml", f"{_CT}.{kind}+xml") for name, kind in (
        ("header1", "header"), ("header2", "header"), ("footer1", "footer"), ("footer2", "footer"),
        ("footer3", "footer"))]
    return (f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides) + "</Types>")


def _relationships(entries: list[tuple[str, str, str]]) -> str:
    return (f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in entries)
            + "</Relationships>")


def core_xml() -> str:
    return (f'{DECLARATION}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>UN document</dc:title>'
            '<dc:creator>United Nations</dc:creator><cp:revision>1</cp:revision>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
            "</cp:coreProperties>")


def build() -> bytes:
    import io

    parts = {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": _relationships([
            ("rId1", f"{_REL}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml")]),
        "docProps/core.xml": core_xml(),
        "word/document.xml": document_xml(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/header1.xml": header_xml("right"),
        "word/header2.xml": header_xml("left"),
        "word/footer1.xml": footer_xml("right"),
        "word/footer2.xml": footer_xml("left"),
        "word/footer3.xml": first_footer_xml(),
        "word/_rels/document.xml.rels": _relationships([
            ("rIdStyles", f"{_REL}/styles", "styles.xml"), ("rIdSettings", f"{_REL}/settings", "settings.xml"),
            ("rIdFonts", f"{_REL}/fontTable", "fontTable.xml"),
            ("rIdHeaderOdd", f"{_REL}/header", "header1.xml"), ("rIdHeaderEven", f"{_REL}/header", "header2.xml"),
            ("rIdFooterOdd", f"{_REL}/footer", "footer1.xml"), ("rIdFooterEven", f"{_REL}/footer", "footer2.xml"),
            ("rIdFooterFirst", f"{_REL}/footer", "footer3.xml")]),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            entry = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            package.writestr(entry, text.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
