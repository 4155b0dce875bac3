"""What a user relies on in the DOCX package (render/ooxml.py): right to left exactly where Word
needs it in Arabic and nowhere else, properties in their schema order (Word refuses a file whose
children are out of order), text escaped, footnotes numbered and their separators declared, the
proofing language of each document language, only the styles in use, bookmarks, custom properties,
the headers and footers, and a zip that is the same bytes for the same input.

Each test renders or builds its own document: a render cached across tests would hide a change of
the code from every test but the first (and from mutation testing, which runs each test alone)."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.render import ooxml, writer
from publisher.render.word_template import TEMPLATE
from publisher.stages import find_versions

from .conftest import MONGOLIA

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEFT_TO_RIGHT_STYLES = {"MastheadSymbol", "Header", "Footer", "JobLine", "Recycle"}
ARABIC = "\u0627\u0644\u062f\u0648\u0644\u0629 \u0627\u0644\u0637\u0631\u0641"  # الدولة الطرف


@cache
def model(language: str):
    """The composed sample (compose is not what these tests pin; the render is done afresh)."""
    [version] = find_versions([str(MONGOLIA)], (language,))
    return compose(version.outcome, "observations", load_blueprints())


def render(language: str) -> dict[str, etree._Element]:
    package = zipfile.ZipFile(io.BytesIO(writer("docx").render(model(language))))
    return {name: etree.fromstring(package.read(name)) for name in package.namelist()
            if name.endswith(".xml") or name.endswith(".rels")}


def template_document():
    return docx.Document(str(TEMPLATE))


def local(element) -> str:
    return etree.QName(element).localname


def children(element) -> list[str]:
    return [local(child) for child in element]


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def style_element(styles, style_id: str):
    return styles.find(f"{W}style[@{W}styleId='{style_id}']")


def saved(document) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    document.save(buffer)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


# -- footnotes -----------------------------------------------------------------------------------------
def test_notes_are_numbered_from_one_in_order_and_every_reference_calls_its_note():
    parts = render("en")
    notes = [int(n.get(f"{W}id")) for n in parts["word/footnotes.xml"] if n.get(f"{W}type") is None]
    assert notes == list(range(1, len(notes) + 1)) and len(notes) >= 3  # the agenda note and the body's
    called = [int(r.get(f"{W}id")) for r in parts["word/document.xml"].iter(f"{W}footnoteReference")]
    assert sorted(called) == notes  # the masthead's references are written before their notes


def test_separators_are_notes_minus_one_and_zero_and_the_settings_declare_them():
    document = template_document()
    notes = ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    separators = [(n.get(f"{W}type"), n.get(f"{W}id")) for n in notes.root]
    assert separators == [("separator", "-1"), ("continuationSeparator", "0")]
    [footnote_pr] = document.settings.element.findall(f"{W}footnotePr")
    assert [n.get(f"{W}id") for n in footnote_pr] == ["-1", "0"]


def test_the_separators_are_declared_in_the_settings_schema_order():
    document = docx.Document()  # python-docx's own template: no footnotePr, compat and rsids after it
    ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    settings = children(document.settings.element)
    assert settings.count("footnotePr") == 1
    assert settings.index("characterSpacingControl") < settings.index("footnotePr") == settings.index("compat") - 1
    footnote_pr = document.settings.element.find(f"{W}footnotePr")
    assert [(local(n), n.get(f"{W}id")) for n in footnote_pr] == [("footnote", "-1"), ("footnote", "0")]


@pytest.mark.parametrize("after, expected", [
    ([], ["zoom", "footnotePr"]),
    (["rsids"], ["zoom", "footnotePr", "rsids"]),
    (["themeFontLang", "decimalSymbol"], ["zoom", "footnotePr", "themeFontLang", "decimalSymbol"]),
])
def test_settings_without_compat_still_get_the_separators_before_what_follows_them(after, expected):
    document = docx.Document()
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    for tag in ["zoom", *after]:
        settings.append(OxmlElement(f"w:{tag}"))
    ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    assert children(settings) == expected


def test_extensions_of_later_word_versions_stay_after_the_separators():
    document = docx.Document()
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    settings.append(OxmlElement("w:zoom"))
    settings.append(OxmlElement("w14:docId"))
    ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    assert children(settings) == ["zoom", "footnotePr", "docId"]


def test_a_comment_among_the_settings_is_passed_over():
    document = docx.Document()
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    settings.append(OxmlElement("w:zoom"))
    settings.append(etree.Comment(" edited by hand "))
    settings.append(OxmlElement("w:compat"))
    ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    assert [c if isinstance(c, str) else "comment" for c in (
        local(child) if isinstance(child.tag, str) else child.tag for child in settings)] == [
        "zoom", "comment", "footnotePr", "compat"]


def test_a_template_that_declares_its_separators_keeps_its_declaration_alone():
    document = docx.Document()
    settings = document.settings.element
    own = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:numFmt w:val="lowerRoman"/></w:footnotePr>')
    settings.find(f"{W}compat").addprevious(own)
    ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    assert settings.findall(f"{W}footnotePr") == [own] and children(own) == ["numFmt"]


def test_a_template_with_a_footnotes_part_of_its_own_ends_with_ours_alone():
    document = template_document()
    ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")  # as a template saved by Word
    ours = ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    ours.add(document.add_paragraph("Text."))
    related = [rel for rel in document.part.rels.values() if rel.reltype == RT.FOOTNOTES]
    assert len(related) == 1 and related[0].target_part.element is ours.root
    package = saved(document)
    assert [n for n in package.namelist() if "footnotes" in n] == ["word/footnotes.xml"]
    assert len(etree.fromstring(package.read("word/footnotes.xml"))) == 3


def test_notes_are_in_the_footnote_text_style_and_marks_in_the_footnote_reference_style():
    parts = render("en")
    body_notes = [n for n in parts["word/footnotes.xml"] if n.get(f"{W}type") is None]
    for note in body_notes:
        assert note.find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val") == "FootnoteText"
        first_run = note.find(f"{W}p/{W}r")
        assert first_run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
    for reference in parts["word/document.xml"].iter(f"{W}footnoteReference"):
        assert reference.getparent().find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"


def test_a_note_opens_with_its_number_then_a_tab():
    document = template_document()
    notes = ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    note = notes.add(document.add_paragraph("Text."))
    note.add_run("See annex.")
    runs = note._p.findall(f"{W}r")
    assert [children(r)[-1] for r in runs] == ["footnoteRef", "tab", "t"]
    assert note.text == "\tSee annex."


def test_a_note_paragraph_is_a_paragraph_of_the_document_in_the_footnote_text_style():
    document = template_document()
    notes = ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    note = notes.add(document.add_paragraph("Text."))
    assert note.style.name == "Footnote Text"
    note.add_run("1", style="Footnote Reference")
    assert note._p.findall(f"{W}r")[-1].find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"


def test_a_note_added_with_a_custom_mark_is_called_and_opened_by_that_mark():
    document = template_document()
    notes = ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    paragraph = document.add_paragraph("Text.")
    note = notes.add(paragraph, "**")
    reference = paragraph._p.findall(f"{W}r")[-1]
    assert children(reference) == ["rPr", "footnoteReference", "t", "t"]
    assert reference.find(f"{W}footnoteReference").get(f"{W}customMarkFollows") == "1"
    assert reference.find(f"{W}footnoteReference").get(f"{W}id") == "1"
    mark = note._p.findall(f"{W}r")[0]
    assert text_of(mark) == "**" and mark.find(f"{W}footnoteRef") is None
    assert note.text == "**\t"


def test_a_custom_mark_is_written_as_text_whatever_its_characters():
    document = template_document()
    notes = ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    paragraph = document.add_paragraph("Text.")
    notes.add(paragraph, '<&>"')
    reference = paragraph._p.findall(f"{W}r")[-1]
    assert [t.text for t in reference.iter(f"{W}t")] == ["<", "&", ">", '"']


# -- custom properties and escaping ------------------------------------------------------------------------
CUSTOM = "{" + ooxml.CUSTOM_PROPERTIES + "}"


def custom_properties_of(package: zipfile.ZipFile) -> list[tuple[str, str, str, str]]:
    root = etree.fromstring(package.read("docProps/custom.xml"))
    return [(p.get("fmtid"), p.get("pid"), p.get("name"), [v.text for v in p][0]) for p in root]


def test_custom_properties_are_text_properties_numbered_from_2_in_order():
    document = template_document()
    ooxml.custom_properties(document, {"publisher.outcome": "mongolia.yaml", "publisher.language": "fr"})
    package = saved(document)
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    assert custom_properties_of(package) == [(fmtid, "2", "publisher.outcome", "mongolia.yaml"),
                                             (fmtid, "3", "publisher.language", "fr")]
    root = etree.fromstring(package.read("docProps/custom.xml"))
    assert root.text is None and all(p.tail is None for p in root)  # element content only, as the schema says
    assert [etree.QName(v).text for p in root for v in p] == [
        "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}lpwstr"] * 2
    relations = package.read("_rels/.rels").decode()
    assert ('Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"'
            in relations and 'Target="docProps/custom.xml"' in relations)
    assert ('PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'custom-properties+xml"') in package.read("[Content_Types].xml").decode()


@pytest.mark.parametrize("text", ['R&D <draft> "final"', "a]]>b", "&amp; &lt; &gt; &quot;", "1 > 0 < 2"])
def test_custom_properties_keep_any_text_as_written(text):
    document = template_document()
    ooxml.custom_properties(document, {text: text})
    assert custom_properties_of(saved(document))[0][2:] == (text, text)


def test_the_rendered_document_names_its_origin_in_custom_properties():
    package = zipfile.ZipFile(io.BytesIO(writer("docx").render(model("fr"))))
    properties = {name: value for _, _, name, value in custom_properties_of(package)}
    assert properties["publisher.outcome"] == model("fr").origin.file
    assert properties["publisher.language"] == "fr" and properties["publisher.document"] == "observations"


# -- the proofing language ------------------------------------------------------------------------------
@pytest.mark.parametrize("language, val, east_asia, bidi", [
    ("en", "en-GB", "zh-CN", "ar-SA"), ("fr", "fr-FR", "zh-CN", "ar-SA"), ("es", "es-ES", "zh-CN", "ar-SA"),
    ("ru", "ru-RU", "zh-CN", "ar-SA"), ("zh", "en-GB", "zh-CN", "ar-SA"), ("ar", "en-GB", "zh-CN", "ar-SA"),
])
@pytest.mark.parametrize("has_lang", [True, False])
def test_the_default_proofing_language_is_the_documents_in_the_slot_of_its_script(
        language, val, east_asia, bidi, has_lang):
    document = docx.Document()  # its docDefaults say en-US, ja-JP, ar-SA
    r_pr = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if not has_lang:
        r_pr.remove(r_pr.find(f"{W}lang"))
    ooxml.set_default_language(document.styles, language)
    [lang] = r_pr.findall(f"{W}lang")
    assert (lang.get(f"{W}val"), lang.get(f"{W}eastAsia"), lang.get(f"{W}bidi")) == (val, east_asia, bidi)


def test_each_un_language_has_its_proofing_tag():
    tags = {language: ooxml.language_tag(language) for language in ("ar", "zh", "en", "fr", "ru", "es")}
    assert tags == {"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}


def test_a_run_left_in_its_source_language_says_so_last_in_its_properties():
    document = docx.Document()
    run = document.add_paragraph().add_run("Left in French")
    run.italic = True
    ooxml.set_run_language(run, "fr")
    assert children(run._r.rPr) == ["i", "lang"] and run._r.rPr[-1].get(f"{W}val") == "fr-FR"


# -- styles ------------------------------------------------------------------------------------------------
def add_style(styles, style_id: str, based_on: str | None = None, link: str | None = None,
              follower: str | None = None, kind: str = "paragraph") -> None:
    extra = "".join(f'<w:{tag} w:val="{value}"/>' for tag, value in
                    (("basedOn", based_on), ("next", follower), ("link", link)) if value)
    styles.element.append(parse_xml(f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{style_id}">'
                                    f'<w:name w:val="{style_id}"/>{extra}</w:style>'))


def style_ids(document) -> set[str]:
    return {s.get(f"{W}styleId") for s in document.styles.element.iter(f"{W}style")}


def test_only_the_styles_in_use_their_bases_and_links_and_the_defaults_are_kept():
    document = docx.Document()  # python-docx's template: many styles and latent styles
    styles = document.styles
    add_style(styles, "Base")
    add_style(styles, "Middle", based_on="Base")
    add_style(styles, "Used", based_on="Middle", link="UsedChar", follower="Unused")
    add_style(styles, "UsedChar", based_on="Other", kind="character")
    add_style(styles, "Other", kind="character")
    add_style(styles, "Unused", based_on="Base")
    add_style(styles, "NextKept", follower="Base")
    document.add_paragraph("Text.", style="Used")
    document.add_paragraph("Text.", style="NextKept")
    defaults = {s.get(f"{W}styleId") for s in styles.element.iter(f"{W}style") if s.get(f"{W}default") == "1"}
    assert "Title" in style_ids(document) and "Heading1" in style_ids(document)
    ooxml.prune_styles(styles, [document.element])
    assert style_ids(document) == defaults | {"Used", "Middle", "Base", "UsedChar", "Other", "NextKept"}
    assert style_element(styles.element, "Used").find(f"{W}next") is None  # it named a removed style
    assert style_element(styles.element, "NextKept").find(f"{W}next").get(f"{W}val") == "Base"
    assert styles.element.find(f"{W}latentStyles") is None


def test_a_paragraph_in_a_style_the_template_lacks_does_not_stop_the_others_bases_being_kept():
    document = docx.Document()
    add_style(document.styles, "Base")
    add_style(document.styles, "Annex", based_on="Base")
    document.add_paragraph("Text.", style="Annex")
    document.add_paragraph("Text.")._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), "Untitled")
    ooxml.prune_styles(document.styles, [document.element])  # Word shows the Untitled paragraph in Normal
    assert {"Annex", "Base"} <= style_ids(document) and "Untitled" not in style_ids(document)


def test_styles_used_by_runs_tables_notes_headers_and_footers_are_kept():
    document = docx.Document()
    for style_id in ("InRun", "InTable", "InNote", "InHeader", "InFooter", "Unused"):
        add_style(document.styles, style_id, kind="table" if style_id == "InTable" else "paragraph")
    document.add_paragraph().add_run("x")._r.style = "InRun"
    document.add_table(1, 1).style = document.styles.get_by_id("InTable", 3)
    notes = parse_xml(f'<w:footnotes {nsdecls("w")}><w:footnote><w:p><w:pPr><w:pStyle w:val="InNote"/>'
                      "</w:pPr></w:p></w:footnote></w:footnotes>")
    section = document.sections[0]
    section.header.paragraphs[0].style = document.styles.get_by_id("InHeader", 1)
    section.footer.paragraphs[0].style = document.styles.get_by_id("InFooter", 1)
    ooxml.prune_styles(document.styles, [document.element, notes, *ooxml.header_footer_roots(document)])
    assert {"InRun", "InTable", "InNote", "InHeader", "InFooter"} <= style_ids(document)
    assert "Unused" not in style_ids(document)


def test_the_header_and_footer_roots_are_those_of_every_header_and_footer_part():
    document = template_document()
    roots = ooxml.header_footer_roots(document)
    assert sorted(local(root) for root in roots) == ["ftr", "ftr", "ftr", "hdr", "hdr"]
    targets = {rel.target_part.element for rel in document.part.rels.values()
               if rel.reltype in (RT.HEADER, RT.FOOTER)}
    assert set(roots) == targets


# -- bookmarks ------------------------------------------------------------------------------------------
def test_a_bookmark_spans_the_whole_paragraph_after_its_properties():
    document = docx.Document()
    paragraph = document.add_paragraph("Text.", style="Title")
    paragraph.add_run(" More.")
    ooxml.bookmark(paragraph, 7, "_pub0007_abc")
    assert children(paragraph._p) == ["pPr", "bookmarkStart", "r", "r", "bookmarkEnd"]
    start, end = paragraph._p[1], paragraph._p[-1]
    assert (start.get(f"{W}id"), start.get(f"{W}name"), end.get(f"{W}id")) == ("7", "_pub0007_abc", "7")


def test_a_bookmark_in_a_paragraph_without_properties_opens_it():
    document = docx.Document()
    paragraph = document.add_paragraph("Text.")
    ooxml.bookmark(paragraph, 12, "_pubgen3")
    assert children(paragraph._p) == ["bookmarkStart", "r", "bookmarkEnd"]


# -- the zip --------------------------------------------------------------------------------------------
def package_of(entries: list[tuple[str, bytes]], when: tuple, compression: int, mode: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in entries:
            info = zipfile.ZipInfo(name, when)
            info.compress_type = compression
            info.external_attr = mode << 16
            package.writestr(info, data)
    return buffer.getvalue()


ENTRIES = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>" * 50),
           ("_rels/.rels", b"<Relationships/>")]
WHEN = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.timezone.utc)


def test_the_same_content_gives_the_same_bytes_whatever_the_times_modes_and_compression():
    first = package_of(ENTRIES, (2021, 5, 1, 12, 0, 0), zipfile.ZIP_STORED, 0o600)
    second = package_of(ENTRIES, (2025, 12, 31, 23, 59, 58), zipfile.ZIP_DEFLATED, 0o755)
    assert first != second
    assert ooxml.reproducible_zip(first, WHEN) == ooxml.reproducible_zip(second, WHEN)


def test_every_entry_keeps_its_place_and_content_and_takes_the_documents_time():
    result = zipfile.ZipFile(io.BytesIO(ooxml.reproducible_zip(
        package_of(ENTRIES, (2021, 5, 1, 12, 0, 0), zipfile.ZIP_STORED, 0o600), WHEN)))
    assert [(info.filename, result.read(info)) for info in result.infolist()] == ENTRIES
    for info in result.infolist():
        assert info.date_time == (2026, 3, 14, 9, 26, 52)  # zip times have two-second steps
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.external_attr >> 16 == 0o644


@pytest.mark.parametrize("year, kept", [(1970, 1980), (1979, 1980), (1980, 1980), (1981, 1981)])
def test_a_date_before_1980_which_zip_cannot_hold_becomes_1980(year, kept):
    result = zipfile.ZipFile(io.BytesIO(ooxml.reproducible_zip(
        package_of(ENTRIES, (2021, 5, 1, 12, 0, 0), zipfile.ZIP_STORED, 0o600), dt.datetime(year, 1, 1))))
    assert {info.date_time for info in result.infolist()} == {(kept, 1, 1, 0, 0, 0)}


# -- right to left ----------------------------------------------------------------------------------------
def arabic_template_document():
    """Our template with an Arabic paragraph, an English one, a note, a table and header text,
    made right to left as the writer does for Arabic."""
    document = template_document()
    notes = ooxml.Footnotes(document, "Footnote Text", "Footnote Reference")
    body = document.add_paragraph(ARABIC, style="SingleTxt")
    body.add_run(" CTOC/COP/WG.4/2026/1")
    note = notes.add(body)
    note.add_run(ARABIC + ".")
    document.add_paragraph("Distr.: General", style="Masthead")
    header = next(rel.target_part.element for rel in document.part.rels.values() if rel.reltype == RT.HEADER)
    header_paragraph = header.find(f"{W}p")
    header_paragraph.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>{ARABIC}</w:t></w:r>'))
    return document, notes, body, note, header_paragraph


def runs_by_text(root) -> dict[str, bool]:
    """run text -> whether the run says w:rtl."""
    return {text_of(r): r.find(f"{W}rPr/{W}rtl") is not None for r in root.iter(f"{W}r") if text_of(r)}


def test_normal_says_right_to_left_and_the_furniture_styles_left_to_right():
    document, notes, *_ = arabic_template_document()
    ooxml.make_right_to_left(document, notes, LEFT_TO_RIGHT_STYLES)
    styles = document.styles.element
    said = {s.get(f"{W}styleId"): s.find(f"{W}pPr/{W}bidi") for s in styles.iter(f"{W}style")}
    normal = said.pop("Normal")
    assert normal is not None and normal.get(f"{W}val") is None
    for style_id in LEFT_TO_RIGHT_STYLES:
        assert said.pop(style_id).get(f"{W}val") == "0", style_id
    assert set(said.values()) == {None}  # the others follow Normal, as the body and the notes must


def test_runs_holding_right_to_left_text_say_rtl_in_the_body_the_notes_and_the_headers():
    document, notes, body, note, header_paragraph = arabic_template_document()
    ooxml.make_right_to_left(document, notes, LEFT_TO_RIGHT_STYLES)
    assert runs_by_text(body._p) == {ARABIC: True, " CTOC/COP/WG.4/2026/1": False}
    assert runs_by_text(note._p) == {ARABIC + ".": True}
    assert runs_by_text(header_paragraph)[ARABIC] is True
    assert all(not rtl for text, rtl in runs_by_text(document.element.body).items() if text.isascii())
    for run in body._p.iter(f"{W}r"):
        if run.find(f"{W}rPr") is not None:
            assert children(run.find(f"{W}rPr"))[-1] == "rtl" or "rtl" not in children(run.find(f"{W}rPr"))


@pytest.mark.parametrize("character", ["\u05d0", "\u0627", "\u08a0", "\ufb1d", "\ufdf2", "\ufe70", "\ufefc"])
def test_hebrew_arabic_and_their_presentation_forms_are_right_to_left_text(character):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run(f"x{character}x")
    paragraph.add_run("x\u0590x" if character != "\u05d0" else "latin")
    ooxml._mark_right_to_left_runs(paragraph._p)
    assert [r.find(f"{W}rPr/{W}rtl") is not None for r in paragraph._p.iter(f"{W}r")] == [
        True, character != "\u05d0"]


@pytest.mark.parametrize("character", ["\u058f", "\u0900", "\ufb1c", "\ufe00", "\uff00", "z"])
def test_characters_around_those_blocks_are_not(character):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run(f"x{character}x")
    ooxml._mark_right_to_left_runs(paragraph._p)
    assert paragraph._p.find(f"{W}r/{W}rPr") is None


def test_tables_are_mirrored_in_the_schema_order_of_their_properties():
    document, notes, *_ = arabic_template_document()
    table = document.add_table(1, 2)._tbl
    table.tblPr.insert(0, parse_xml(f'<w:tblStyle {nsdecls("w")} w:val="TableNormal"/>'))
    ooxml.make_right_to_left(document, notes, LEFT_TO_RIGHT_STYLES)
    tables = list(document.element.body.iter(f"{W}tbl"))
    assert len(tables) == 2 and all(children(t.tblPr).count("bidiVisual") == 1 for t in tables)
    assert children(table.tblPr) == ["tblStyle", "bidiVisual", "tblW", "tblLook"]


def references(sect_pr) -> dict[tuple[str, str], str]:
    return {(local(r), r.get(f"{W}type")): r.get(qn("r:id")) for r in sect_pr
            if local(r) in ("headerReference", "footerReference")}


def test_odd_and_even_headers_and_footers_swap_and_the_first_page_footer_stays():
    document, notes, *_ = arabic_template_document()
    sect_pr = document.element.body.find(f"{W}sectPr")
    before = references(sect_pr)
    ooxml.make_right_to_left(document, notes, LEFT_TO_RIGHT_STYLES)
    swap = {"default": "even", "even": "default", "first": "first"}
    assert references(sect_pr) == {(kind, swap[which]): r_id for (kind, which), r_id in before.items()}
    assert ("footerReference", "first") in before


def test_the_section_is_right_to_left_before_its_document_grid():
    document, notes, *_ = arabic_template_document()
    ooxml.make_right_to_left(document, notes, LEFT_TO_RIGHT_STYLES)
    sect_pr = children(document.element.body.find(f"{W}sectPr"))
    assert sect_pr.count("bidi") == 1 and sect_pr[-2:] == ["bidi", "docGrid"]


@pytest.mark.parametrize("tail, expected", [
    ([], ["pgSz", "titlePg", "bidi"]),
    (["rtlGutter"], ["pgSz", "titlePg", "bidi", "rtlGutter"]),
    (["printerSettings"], ["pgSz", "titlePg", "bidi", "printerSettings"]),
    (["bidi", "docGrid"], ["pgSz", "titlePg", "bidi", "docGrid"]),
])
def test_a_section_without_a_document_grid_gets_its_direction_in_schema_order(tail, expected):
    document, notes, *_ = arabic_template_document()
    sect_pr = document.element.body.find(f"{W}sectPr")
    for child in list(sect_pr):
        if local(child) not in ("headerReference", "footerReference", "pgSz", "titlePg"):
            sect_pr.remove(child)
    for tag in tail:
        sect_pr.append(OxmlElement(f"w:{tag}"))
    ooxml.make_right_to_left(document, notes, LEFT_TO_RIGHT_STYLES)
    assert [c for c in children(sect_pr) if not c.endswith("Reference")] == expected


SEQUENCE_AFTER_BIDI = ["adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
                       "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
                       "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]


def paragraph_properties(*tags: str):
    return parse_xml(f'<w:pPr {nsdecls("w")}>' + "".join(f"<w:{tag}/>" for tag in tags) + "</w:pPr>")


@pytest.mark.parametrize("follower", SEQUENCE_AFTER_BIDI)
def test_a_paragraphs_direction_goes_right_before_what_the_schema_puts_after_it(follower):
    p_pr = paragraph_properties("pStyle", "keepNext", "autoSpaceDN", follower)
    ooxml._prepend_property(p_pr, "w:bidi")
    assert children(p_pr) == ["pStyle", "keepNext", "autoSpaceDN", "bidi", follower]


def test_a_paragraphs_direction_goes_before_the_first_of_several_followers_or_last():
    p_pr = paragraph_properties("pStyle", "spacing", "ind", "jc", "outlineLvl", "rPr")
    ooxml._prepend_property(p_pr, "w:bidi")
    assert children(p_pr) == ["pStyle", "bidi", "spacing", "ind", "jc", "outlineLvl", "rPr"]
    p_pr = paragraph_properties("pStyle", "tabs", "autoSpaceDE")
    ooxml._prepend_property(p_pr, "w:bidi")
    assert children(p_pr) == ["pStyle", "tabs", "autoSpaceDE", "bidi"]
    ooxml._prepend_property(p_pr, "w:bidi")
    assert children(p_pr) == ["pStyle", "tabs", "autoSpaceDE", "bidi"]  # said once


def test_every_property_list_of_an_arabic_docx_is_in_schema_order():
    parts = render("ar")
    order = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", *SEQUENCE_AFTER_BIDI]
    checked = 0
    for name, root in parts.items():
        for p_pr in root.iter(f"{W}pPr"):
            positions = [order.index(tag) for tag in children(p_pr)]
            assert positions == sorted(positions), (name, children(p_pr))
            checked += "bidi" in children(p_pr)
    assert checked >= len(LEFT_TO_RIGHT_STYLES) + 1


def test_an_arabic_docx_is_right_to_left_where_word_needs_it():
    parts = render("ar")
    body = parts["word/document.xml"].find(f"{W}body")
    sect_pr = body.find(f"{W}sectPr")
    assert children(sect_pr)[-2:] == ["bidi", "docGrid"]
    tables = list(body.iter(f"{W}tbl"))
    assert tables and all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
    for name in ("word/document.xml", "word/footnotes.xml"):
        runs = runs_by_text(parts[name])
        assert any(runs.values()) and all(rtl == any("\u0600" <= c <= "\u06ff" for c in text)
                                          for text, rtl in runs.items()), name


@pytest.mark.parametrize("language", ["en", "zh"])
def test_other_languages_say_no_direction_anywhere(language):
    parts = render(language)
    for name, root in parts.items():
        for tag in ("bidi", "rtl", "bidiVisual"):
            assert root.find(f".//{W}{tag}") is None, (name, tag)
    sect_pr = parts["word/document.xml"].find(f"{W}body/{W}sectPr")
    english = references(template_document().element.body.find(f"{W}sectPr"))
    assert references(sect_pr) == english  # odd pages take the odd header, as the template says


@pytest.mark.parametrize("name", ["SingleTxt", "H1", "Normal"])  # Normal: the default style, no id written
def test_a_paragraph_given_its_style_by_id_is_the_xml_python_docx_writes_for_the_style_name(name):
    by_name, by_id = docx.Document(str(TEMPLATE)), docx.Document(str(TEMPLATE))
    expected = by_name.paragraphs[-1].insert_paragraph_before("1.\tText", style=name)
    style_id = by_id.styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    made = ooxml.insert_paragraph_before(by_id.paragraphs[-1], "1.\tText", style_id)
    assert (style_id is None) == (name == "Normal")
    assert etree.tostring(made._p) == etree.tostring(expected._p)
    assert etree.tostring(by_id.element.body) == etree.tostring(by_name.element.body)
