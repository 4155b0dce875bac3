"""Six languages: every language has complete data, and each language version renders in UN layout."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import pytest
import yaml

from publisher.blueprint import load_blueprints
from publisher.boilerplate import boilerplate
from publisher.compose import compose
from publisher.document import plain
from publisher.stages import find_versions
from publisher.reference import LANGUAGES, titles
from publisher.render import writer
from publisher.render.fonts import font_for
from publisher.typography import NBSP, NNBSP

from .conftest import MONGOLIA, ROOT

OPTIONAL_KEYS = {"sources", "day_forms"}
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def keys(value, prefix=""):
    if isinstance(value, dict):
        return {k for key, item in value.items() if key not in OPTIONAL_KEYS
                for k in {f"{prefix}{key}"} | keys(item, f"{prefix}{key}.")}
    return set()


@cache
def documents(language: str) -> dict:
    [version] = find_versions([str(MONGOLIA)], (language,))
    assert version.outcome is not None, version.findings
    assert [f for f in version.findings if f.severity.value == "error"] == []
    return {kind: compose(version.outcome, kind, load_blueprints()) for kind in ("observations", "summary")}


@cache
def rendered(language: str, kind: str, name: str) -> bytes:
    return writer(name).render(documents(language)[kind])


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")
    # Chinese has no spaces between words: a line break inside a run of Hanzi is no space either.
    return re.sub(r"(?<=[\u3000-\u9fff]) (?=[\u3000-\u9fff])", "", " ".join(out.split()))


# -- the data --------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_boilerplate_has_every_key_of_the_english_file(language):
    assert keys(boilerplate(language).strings) == keys(boilerplate("en").strings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_boilerplate_notes_its_sources(language):
    assert boilerplate(language)["sources"], f"boilerplate/{language}.yaml must say where its strings come from"


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_cover_every_instrument_cluster_and_article(language):
    english, local = titles("en"), titles(language)
    assert local.instruments.keys() == english.instruments.keys()
    assert local.clusters.keys() == english.clusters.keys()
    for instrument, articles in english.articles.items():
        assert set(local.articles[instrument]) == set(articles), instrument


@pytest.mark.parametrize("language", LANGUAGES)
def test_blueprints_have_headings_and_titles_in_every_language(language):
    for blueprint in load_blueprints().documents.values():
        assert blueprint.title.get(language)
        for section in blueprint.sections:
            assert section.heading.get(language), (blueprint.document, section.key)


@pytest.mark.parametrize("language, expected", [
    ("en", "27 November 2026"),
    ("fr", "27 novembre 2026"),
    ("es", "27 de noviembre de 2026"),
    ("ru", "27 ноября 2026 года"),
    ("zh", "2026年11月27日"),
    ("ar", "27 تشرين الثاني/نوفمبر 2026"),
])
def test_dates_are_written_in_un_style(language, expected):
    assert boilerplate(language).date(dt.date(2026, 11, 27)) == expected


def test_french_writes_the_first_of_the_month_1er():
    assert boilerplate("fr").date(dt.date(2026, 6, 1)) == "1er juin 2026"


# -- composed documents ------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_version_of_the_sample_validates_and_composes(language):
    document = documents(language)["observations"]
    assert document.language == language
    assert document.direction == ("rtl" if language == "ar" else "ltr")
    assert len(document.paragraphs()) == len(documents("en")["observations"].paragraphs())


def test_a_translation_names_its_language_and_its_original_in_the_masthead():
    english, french, chinese = (documents(lang)["summary"].masthead for lang in ("en", "fr", "zh"))
    assert english.language_line == "" and english.original == "Original: English"
    assert french.language_line == "Français" and french.original == f"Original{NBSP}: anglais"
    assert french.distribution == "Distr. générale" and french.date == "27 novembre 2026"
    # UN Chinese, Russian and Arabic mastheads keep the distribution block in English
    assert (chinese.language_line, chinese.date, chinese.original) == ("Chinese", "27 November 2026",
                                                                       "Original: English")


def test_french_text_gets_no_break_spaces_before_high_punctuation():
    text = " ".join(plain(p.runs) for p in documents("fr")["observations"].paragraphs())
    assert re.search(r"\w [:;?!]", text) is None
    assert f"{NBSP}:" in text or f"{NNBSP};" in text
    assert documents("fr")["summary"].masthead.meetings[0].agenda_item.startswith(f"Point{NBSP}4 de l")


@pytest.mark.parametrize("language, paragraph, subparagraph", [
    ("en", "1.", "(a)"), ("fr", "1.", "a)"), ("es", "1.", "a)"), ("ru", "1.", "a)"), ("zh", "1.", "(a)"),
    ("ar", "1 -", "(أ)"),
])
def test_paragraphs_and_subparagraphs_are_numbered_as_the_language_numbers_them(language, paragraph, subparagraph):
    document = documents(language)["observations"]
    assert document.paragraphs()[0].label == paragraph
    assert next(p for p in document.paragraphs() if p.subparagraphs).subparagraphs[0].label == subparagraph


# -- PDF ---------------------------------------------------------------------------------------
@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_has_masthead_paragraphs_in_order_and_footnotes(language):
    document = documents(language)["summary"]
    text = pdf_text(rendered(language, "summary", "pdf"))
    masthead = document.masthead
    # the body's name wraps in its column (Chinese has no space to split at): its opening words
    for line in (masthead.organization, masthead.symbols[0], masthead.date, masthead.body.split()[0][:12]):
        assert line.replace(NBSP, " ").replace(NNBSP, " ") in text, line
    position = 0
    for paragraph in document.paragraphs():
        opening = " ".join(plain(paragraph.runs).replace(NBSP, " ").replace(NNBSP, " ").split()[:3])
        if language == "zh":
            opening = plain(paragraph.runs)[:8]
        if language == "ar":  # neutral punctuation may move in visual order; words may not
            opening = max((w for w in plain(paragraph.runs).split() if w.isalpha()), key=len)
        found = text.find(opening, position)
        assert found >= 0, f"{language}: paragraph {paragraph.number} missing or out of order: {opening!r}"
        position = found
    note = plain(document.footnotes[0].runs).replace(NBSP, " ").replace(NNBSP, " ")
    assert " ".join(note.split()[:2]) in text or note[:6] in text
    assert masthead.meetings[0].agenda_symbol in text


@needs_poppler
def test_arabic_text_extracts_in_logical_order():
    document = documents("ar")["summary"]
    text = pdf_text(rendered("ar", "summary", "pdf"))
    words = plain(document.paragraphs()[1].runs).split()
    assert " ".join(words[:4]) in text  # reading order, not reversed glyph order


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_has_a_glyph_in_the_language_fonts(language):
    """No missing-glyph box: the fonts the PDF asks for (fontconfig names, as WeasyPrint resolves
    them) cover every character of the document."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for family in font_for(language).css_families + ("Times New Roman",):
        path = subprocess.run(["fc-match", "--format=%{file}", family], capture_output=True, text=True).stdout
        if not path:
            continue
        font = TTFont(path, fontNumber=0, lazy=True) if path.endswith(".ttc") else TTFont(path, lazy=True)
        covered |= set(font.getBestCmap())
    text = Path("/dev/null").name and writer("txt").render(documents(language)["observations"]).decode("utf-8")
    text += writer("txt").render(documents(language)["summary"]).decode("utf-8")
    missing = sorted({c for c in text if not c.isspace() and ord(c) not in covered})
    assert missing == [], f"{language}: no glyph for {missing!r}"


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_embeds_only_the_language_fonts(language):
    fonts = subprocess.run(["pdffonts", "-"], input=rendered(language, "summary", "pdf"), capture_output=True,
                           check=True).stdout.decode()
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    expected = {"ar": "Amiri", "zh": "Publisher-Chinese-Serif"}.get(language, "Liberation-Serif")
    assert any(expected.replace("-", "") in n.replace("-", "") for n in names), names
    assert not any("DejaVu" in n for n in names), f"{language}: a fallback font was used: {names}"


# -- DOCX --------------------------------------------------------------------------------------
def test_arabic_docx_paragraphs_carry_bidi_and_arabic_runs_rtl():
    package = zipfile.ZipFile(io.BytesIO(rendered("ar", "observations", "docx")))
    body = package.read("word/document.xml").decode()
    styles = package.read("word/styles.xml").decode()
    # the direction is the styles': Normal says bidi, and every body style is based on it
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, flags=re.S).group(0)
    assert "<w:bidi/>" in normal
    single = re.search(r'<w:style [^>]*w:styleId="SingleTxt".*?</w:style>', styles, flags=re.S).group(0)
    assert '<w:basedOn w:val="Normal"/>' in single and "<w:bidi" not in single
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", body, flags=re.S)
    numbered = [p for p in paragraphs if re.search(r"<w:t[^>]*>\d+ -", p)]
    assert numbered and all('<w:pStyle w:val="SingleTxt"/>' in p and 'w:bidi w:val="0"' not in p for p in numbered)
    assert all("<w:rtl/>" in p for p in numbered)
    assert "<w:bidiVisual/>" in body
    assert re.search(r"<w:sectPr[^>]*>.*<w:bidi/>", body, flags=re.S)


def test_latin_docx_has_no_bidi():
    body = zipfile.ZipFile(io.BytesIO(rendered("en", "observations", "docx"))).read("word/document.xml").decode()
    assert "<w:bidi/>" not in body and "<w:rtl/>" not in body


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_libreoffice_converts_each_docx(tmp_path, language):
    source = tmp_path / f"summary-{language}.docx"
    source.write_bytes(rendered(language, "summary", "docx"))
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180)
    converted = tmp_path / f"summary-{language}.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr
    if shutil.which("pdftotext"):
        text = pdf_text(converted.read_bytes())
        assert documents(language)["summary"].masthead.symbols[0] in text


# -- HTML --------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_html_is_self_contained_with_language_and_direction(language):
    html = rendered(language, "observations", "html").decode("utf-8")
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert not re.search(r"""(src|href)=["'](?!#)""", html), "the page refers to something outside itself"
    assert "@import" not in html and "url(" not in html
    assert "<h1" in html and "<h2" in html and 'role="doc-endnotes"' in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["pdf", "docx", "html"])
def test_renders_are_byte_identical_in_every_language(language, name):
    document = documents(language)["summary"]
    assert writer(name).render(document) == writer(name).render(document)


@needs_poppler
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_page_renders_to_an_image(tmp_path, language):
    source = tmp_path / "summary.pdf"
    source.write_bytes(rendered(language, "summary", "pdf"))
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
                   check=True)
    [image] = list(tmp_path.glob("page*.png"))
    assert image.stat().st_size > 5000  # a page with text on it, not a blank one


def test_the_job_number_carries_the_language_letter():
    lines = {lang: documents(lang)["summary"].masthead.job_line for lang in LANGUAGES}
    assert lines["en"] == "V.26-08124 (E)    271126    271126"
    assert {lang: line.split()[1] for lang, line in lines.items()} == {
        "ar": "(A)", "zh": "(C)", "en": "(E)", "fr": "(F)", "ru": "(R)", "es": "(S)"}


def test_each_document_has_its_own_job_number_in_every_language():
    for language in LANGUAGES:
        pair = documents(language)
        assert pair["observations"].masthead.job_number == "V.26-08123"
        assert pair["summary"].masthead.job_number == "V.26-08124"
        assert pair["summary"].masthead.barcode == "2608124"


def test_language_names_directions_and_letters_have_one_home():
    """Every stage takes the languages from reference/languages.py: no copy to drift."""
    from publisher import stages as pipeline
    from publisher.reference import languages
    from publisher.serve import app

    assert pipeline.LANGUAGE_NAMES is languages.LANGUAGE_NAMES
    assert app.NATIVE_NAMES is languages.NATIVE_NAMES and app.DIRECTIONS is languages.DIRECTIONS
    assert languages.NATIVE_NAMES["ru"] == "Русский"
    for language in LANGUAGES:
        document = documents(language)["summary"]
        assert document.direction == languages.language(language).direction
        assert f"({languages.language(language).job_letter})" in document.masthead.job_line
        assert "direction" not in boilerplate(language).strings and "job_letter" not in boilerplate(language).strings
