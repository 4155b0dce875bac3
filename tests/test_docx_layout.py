"""The DOCX in UN layout: our own template's UN styles, the fonts UN workstations have, the SingleTxt
paragraph, first-page furniture, running headers and footers, custom note marks, right to left."""
from __future__ import annotations

import dataclasses
import io
import re
import time
import zipfile
from functools import cache

import pytest

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.document import Run
from publisher.stages import find_versions
from publisher.render import writer
from publisher.render.word_template import TEMPLATE, build

from .conftest import MONGOLIA

UN_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "MastheadOrgan", "MastheadSymbol", "Masthead",
             "MeetingHeading", "Meeting", "TitleHCH", "TitleH1", "HCh", "H1", "H23", "SingleTxt", "EndRule",
             "FootnoteText", "FootnoteReference", "Header", "Footer", "JobLine", "Recycle"}


@cache
def document(language: str, kind: str = "observations"):
    [version] = find_versions([str(MONGOLIA)], (language,))
    return compose(version.outcome, kind, load_blueprints())


def parts(data: bytes) -> dict[str, str]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return {name: package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml")
            or name.endswith(".rels")}


@cache
def rendered(language: str, kind: str = "observations") -> dict[str, str]:
    return parts(writer("docx").render(document(language, kind)))


def style(styles: str, style_id: str) -> str:
    return re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, flags=re.S).group(0)


def paragraphs(xml: str) -> list[str]:
    return re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)


def referenced_part(xml: dict[str, str], kind: str, which: str) -> str:
    """The header or footer part the section refers to as ``which`` (default, even, first)."""
    r_id = re.search(rf'<w:{kind}Reference w:type="{which}" r:id="([^"]+)"/>', xml["word/document.xml"]).group(1)
    target = re.search(rf'Id="{r_id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{r_id}"',
                       xml["word/_rels/document.xml.rels"])
    return xml["word/" + (target.group(1) or target.group(2))]


# -- our template, our styles ---------------------------------------------------------------------
def test_the_committed_template_is_what_the_script_builds():
    assert TEMPLATE.read_bytes() == build()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_styles_are_exactly_the_un_styles_the_document_uses(language):
    xml = rendered(language)
    styles = xml["word/styles.xml"]
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    assert defined == UN_STYLES
    assert "latentStyles" not in styles and "Heading1" not in defined and "ListBullet" not in defined
    used = set()
    for text in xml.values():
        used |= set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', text))
    assert used <= defined
    assert defined - used <= {"Normal", "DefaultParagraphFont", "TableNormal"}


def test_every_body_paragraph_is_in_its_un_style():
    body = rendered("en")["word/document.xml"]
    model = document("en")
    styled = [(re.search(r'<w:pStyle w:val="([^"]+)"', p).group(1), "".join(re.findall(r"<w:t[^>]*>([^<]*)", p)))
              for p in paragraphs(body)]
    numbered = [s for s, text in styled if re.match(r"\d+\.", text)]
    assert numbered and set(numbered) == {"SingleTxt"} and len(numbered) == len(model.paragraphs())
    subparagraphs = [s for s, text in styled if re.match(r"\([a-z]\)", text)]
    assert subparagraphs and set(subparagraphs) == {"SingleTxt"}
    headings = {text: s for s, text in styled if s in ("HCh", "H1", "H23", "H4")}
    assert headings["I.Introduction"] == "HCh"
    assert any(s == "H1" and t.startswith("A.") for t, s in headings.items())
    assert any(s == "H23" and t.startswith("Article") for t, s in headings.items())
    # no direct formatting where the style says it: no fonts, sizes or justification on body paragraphs
    for p in paragraphs(body):
        if '"SingleTxt"' in p or '"HCh"' in p:
            assert "<w:sz " not in p and "<w:jc " not in p and "<w:rFonts" not in p and "<w:spacing" not in p
    assert styled[-1][0] == "EndRule"  # the short rule closing the document


def test_the_fonts_are_those_of_un_workstations():
    styles = rendered("en")["word/styles.xml"]
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, flags=re.S).group(0)
    assert ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimSun" '
            'w:cs="Simplified Arabic"/>') in defaults
    assert 'w:eastAsia="SimHei"' in style(styles, "HCh")
    fonts = rendered("zh")["word/fontTable.xml"]
    assert all(f'w:name="{name}"' in fonts for name in ("Times New Roman", "SimSun", "SimHei", "Simplified Arabic"))
    assert not re.search(r"Theme=", styles)  # no theme font would win over the names
    assert 'w:eastAsia="zh-CN"' in rendered("zh")["word/styles.xml"]
    assert '<w:lang w:val="fr-FR"' in rendered("fr")["word/styles.xml"]


def test_single_txt_is_indented_from_both_margins_with_the_number_at_the_start_of_the_line():
    styles = rendered("en")["word/styles.xml"]
    single = style(styles, "SingleTxt")
    assert '<w:ind w:left="720" w:right="720"/>' in single  # 1.27 cm, no hanging, no first-line indent
    assert "hanging" not in single and "firstLine" not in single
    assert '<w:tab w:val="left" w:pos="1080"/>' in single  # the number's tab: 1.9 cm
    body = rendered("en")["word/document.xml"]
    sub = next(p for p in paragraphs(body) if re.search(r"<w:t[^>]*>\([a-z]\)", p))
    assert '<w:ind w:firstLine="720"/>' in sub  # (a): the first line a further 1.27 cm in
    for heading, size in (("HCh", 28), ("H1", 24), ("H23", None)):
        xml = style(styles, heading)
        assert '<w:ind w:left="720" w:right="720" w:hanging="720"/>' in xml and "<w:b/>" in xml
        if size:
            assert f'<w:sz w:val="{size}"/>' in xml


# -- page furniture ---------------------------------------------------------------------------------
def test_the_first_page_footer_holds_the_job_line_the_barcode_the_recycling_mark_and_the_qr_code():
    xml = rendered("en")
    first = referenced_part(xml, "footer", "first")
    assert document("en").masthead.job_line in first
    # barcode, recycling mark and QR code: pictures, since no symbol font is sure to be on the machine
    assert first.count("<w:drawing>") == 3
    assert "Please recycle" in first and "\u267b" not in first
    assert "<w:titlePg/>" in xml["word/document.xml"]


def test_odd_and_even_headers_carry_the_symbol_on_the_outer_side():
    xml = rendered("en")
    assert "<w:evenAndOddHeaders/>" in xml["word/settings.xml"]
    symbol = document("en").masthead.symbols[0]
    odd, even = referenced_part(xml, "header", "default"), referenced_part(xml, "header", "even")
    assert symbol in odd and symbol in even
    assert '<w:jc w:val="right"/>' in odd and '<w:jc w:val="left"/>' in even
    arabic = rendered("ar")  # mirrored: odd pages left, even pages right
    assert '<w:jc w:val="left"/>' in referenced_part(arabic, "header", "default")
    assert '<w:jc w:val="right"/>' in referenced_part(arabic, "header", "even")


def test_footers_hold_page_of_pages_and_the_job_number():
    xml = rendered("en")
    for which in ("default", "even"):
        footer = referenced_part(xml, "footer", which)
        assert " PAGE " in footer and " NUMPAGES " in footer
        assert document("en").masthead.job_number in footer
    odd = referenced_part(xml, "footer", "default")
    assert odd.index("V.26-08123") < odd.index(" PAGE ")  # odd pages: the page number outside, on the right


@pytest.mark.parametrize("kind, suffix, images", [("png", ".png", 1), ("svg", ".svg", 0), ("none", "", 0)])
def test_the_emblem_takes_its_place_only_as_a_png(tmp_path, kind, suffix, images):
    from publisher.render.furniture import qr_png

    path = ""
    if suffix:
        path = str(tmp_path / f"emblem{suffix}")
        (tmp_path / f"emblem{suffix}").write_bytes(qr_png("emblem") if suffix == ".png" else b"<svg/>")
    model = document("en", "summary")
    model = dataclasses.replace(model, masthead=dataclasses.replace(model.masthead, emblem=path))
    body = parts(writer("docx").render(model))["word/document.xml"]
    assert body.count("<w:drawing>") == images


# -- notes -------------------------------------------------------------------------------------------
def joint(language: str):
    model = document(language)
    meeting = model.masthead.meetings[0]
    second = dataclasses.replace(meeting, agenda_mark="**", agenda_symbol="CTOC/COP/WG.4/2026/1")
    masthead = dataclasses.replace(model.masthead, meetings=(meeting, second))
    return dataclasses.replace(model, masthead=masthead, title_note="Submitted late.", title_mark="***")


def test_custom_marks_are_the_reference_runs_own_text_one_character_at_a_time():
    xml = parts(writer("docx").render(joint("en")))
    body, notes = xml["word/document.xml"], xml["word/footnotes.xml"]
    custom = re.findall(r'<w:footnoteReference w:customMarkFollows="1" w:id="(\d+)"/>((?:<w:t>\*</w:t>)+)</w:r>',
                        body)
    assert [(int(i), mark.count("*")) for i, mark in custom] == [(1, 1), (2, 2), (3, 3)]
    ordinary = re.findall(r'<w:footnoteReference w:id="\d+"/></w:r>', body)
    assert ordinary  # the numbered notes: the reference alone, Word numbers them 1, 2, ...
    assert "Submitted late." in notes and "CTOC/COP/WG.4/2026/1." in notes
    assert notes.count("<w:footnoteRef/>") == len(ordinary)


def test_arabic_notes_and_titles_do_not_use_exact_line_spacing():
    xml = rendered("ar")
    styles = xml["word/styles.xml"]
    assert 'w:lineRule="exact"' not in styles and 'w:lineRule="exact"' not in xml["word/document.xml"]
    assert 'w:lineRule="atLeast"' in style(styles, "FootnoteText")
    assert '<w:szCs w:val="22"/>' in style(styles, "FootnoteText")  # Arabic notes sized for the script


# -- right to left -------------------------------------------------------------------------------------
def test_untranslated_english_in_arabic_is_not_rtl_and_keeps_its_language():
    model = document("ar")
    first = model.paragraphs()[0]
    english = Run("\u2066Left in English\u2069", untranslated=True, language="en")
    changed = dataclasses.replace(first, runs=(*first.runs, english, Run(".")))
    blocks = tuple(changed if b is first else b for b in model.blocks)
    body = parts(writer("docx").render(dataclasses.replace(model, blocks=blocks)))["word/document.xml"]
    run = re.search(r"<w:r>(?:(?!<w:r>).)*Left in English.*?</w:r>", body, flags=re.S).group(0)
    assert "<w:rtl/>" not in run and '<w:lang w:val="en-GB"/>' in run and '<w:highlight w:val="yellow"/>' in run


def test_symbols_and_job_number_stay_left_to_right_in_arabic():
    xml = rendered("ar")
    styles = xml["word/styles.xml"]
    for style_id in ("MastheadSymbol", "Header", "Footer", "JobLine"):
        assert '<w:bidi w:val="0"/>' in style(styles, style_id), style_id
    symbol = document("ar").masthead.symbols[0]
    [paragraph] = [p for p in paragraphs(xml["word/document.xml"]) if symbol in p]
    assert '<w:pStyle w:val="MastheadSymbol"/>' in paragraph and "<w:rtl/>" not in paragraph
    first = referenced_part(xml, "footer", "first")
    job = next(p for p in paragraphs(first) if "V.26-08123" in p)
    assert "<w:rtl/>" not in job and "<w:bidi/>" not in job


# -- fast and reproducible ------------------------------------------------------------------------------
def test_one_document_renders_well_under_a_second():
    model = document("en")
    writer("docx").render(model)
    start = time.perf_counter()
    first = writer("docx").render(model)
    assert time.perf_counter() - start < 0.5
    assert writer("docx").render(model) == first
