"""Documents a UN editor can issue as they come out: what each page shows and where, read back from
the PDF (pdftotext -bbox), the HTML (the file itself) and the composed document."""
from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from publisher.blueprint import load_blueprints
from publisher.compose import LRI, PDI, compose
from publisher.document import plain
from publisher.load import load_file
from publisher.model import build_outcome
from publisher.package.session import load_session
from publisher.reference import LANGUAGES
from publisher.typography import NBSP, typesetter
from publisher.validate import validate_file

from .conftest import JORDAN, MONGOLIA, SESSION, codes
from .test_languages import documents, rendered

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed")


# -- reading a PDF back: words with their boxes, page by page ------------------------------------
@cache
def pdf_words(language: str, kind: str) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words as (text, x0, y0, x1, y1), in points from the top left corner."""
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=rendered(language, kind, "pdf"),
                         capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    pages = []
    for page in root.iter("{*}page"):
        pages.append([(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                       float(w.get("yMax"))) for w in page.iter("{*}word")])
    return pages


def word(page, text: str, after_y: float = 0.0):
    return next(w for w in page if w[0] == text and w[2] >= after_y)


def arabic(text: str) -> str:
    """An Arabic word as pdftotext writes it: its letters in visual order, right to left."""
    return text[::-1]


PAGE_WIDTH = 595.3  # A4 in points
MARGIN = 2.4 / 2.54 * 72  # the side margins


# -- 1. the Arabic masthead mirrors ---------------------------------------------------------------
@needs_poppler
def test_the_arabic_masthead_puts_united_nations_right_and_the_symbol_and_distribution_left():
    first = pdf_words("ar", "observations")[0]
    organization = word(first, arabic("المتحدة"))
    symbol = word(first, "CTOC/COP/WG.3/2026/CRP.7")
    distribution = word(first, "Distr.:")
    assert organization[1] > PAGE_WIDTH / 2 > symbol[3]
    assert distribution[3] < PAGE_WIDTH / 2
    english = pdf_words("en", "observations")[0]
    assert word(english, "United")[3] < PAGE_WIDTH / 2 < word(english, "CTOC/COP/WG.3/2026/CRP.7")[1]


# -- 2. Arabic headings: chapter headings larger than subheadings, labels clear of their text ------
@needs_poppler
def test_arabic_chapter_headings_are_larger_than_subheadings_and_body():
    page = next(p for p in pdf_words("ar", "observations") if any(w[0] == arabic("ألف") for w in p))
    chapter = next(w for w in page if w[0] in {arabic(t) for t in ("أولا", "ثانيا", "ثالثا", "رابعا")})
    subheading = word(page, arabic("ألف"))
    body = next(w for w in page if w[0] == arabic("المادة"))
    height = lambda w: w[4] - w[2]  # noqa: E731
    assert height(chapter) > height(subheading) >= height(body) * 0.95


@needs_poppler
def test_arabic_subparagraph_texts_start_at_one_position():
    document = documents("ar")["observations"]
    paragraph = next(p for p in document.paragraphs() if len(p.subparagraphs) >= 2)
    page = next(p for p in pdf_words("ar", "observations") if any(w[0] == arabic("(أ)") for w in p))
    starts = []
    for sub in paragraph.subparagraphs:
        label = word(page, arabic(sub.label))
        first_word = arabic(plain(sub.runs).split()[0])
        following = min((w for w in page if w[0] == first_word and abs(w[2] - label[2]) < 3),
                        key=lambda w: abs(w[3] - label[1]))
        starts.append(following[3])  # right to left: a text starts at its right edge
        assert following[3] < label[1], "the label overlaps its text"
    # Before the fix, labels of different widths moved their texts by a third of a centimetre;
    # what remains is WeasyPrint's shift of a justified right-to-left line by part of a space.
    assert max(starts) - min(starts) < 4.0, starts


# -- 3. job numbers --------------------------------------------------------------------------------
def test_a_session_refuses_two_documents_with_one_job_number(tmp_path):
    text = SESSION.read_text(encoding="utf-8").replace("job_number: V.26-08245", "job_number: V.26-08124")
    manifest = tmp_path / "session.yaml"
    manifest.write_text(text, encoding="utf-8")
    for sample in SESSION.parent.glob("*.yaml"):
        if sample.name != "session.yaml":
            (tmp_path / sample.name).write_bytes(sample.read_bytes())
    with pytest.raises(Exception) as refused:
        load_session(manifest)
    assert "session.job-number-reused" in str(refused.value.findings if hasattr(refused.value, "findings")
                                             else refused.value)


def test_each_document_of_a_session_keeps_the_job_numbers_of_its_outcome():
    session = load_session(SESSION)
    numbers = [n for entry in session.outcomes for n in entry.job_numbers.values()]
    assert len(numbers) == len(set(numbers)) == 2 * len(session.outcomes)
    assert session.outcomes[0].job_numbers == {"observations": "V.26-08123", "summary": "V.26-08124"}


# -- 4. page furniture --------------------------------------------------------------------------------
@needs_poppler
def test_the_first_page_foot_has_the_job_line_with_two_dates_and_the_recycling_line():
    text = " ".join(w[0] for w in pdf_words("en", "observations")[0])
    assert "V.26-08123 (E) 271126 271126" in text
    assert "Please recycle" in text
    french = " ".join(w[0] for w in pdf_words("fr", "summary")[0])
    assert "V.26-08124 (F)" in french and "Merci de recycler" in french


@needs_poppler
@pytest.mark.parametrize("language", ["en", "ar"])
def test_later_pages_carry_the_symbol_above_and_page_count_and_job_number_below_on_alternating_sides(language):
    pages = pdf_words(language, "observations")
    assert len(pages) >= 3
    total = len(pages)
    sides = []
    for number, page in enumerate(pages[1:], start=2):
        header = word(page, "CTOC/COP/WG.3/2026/CRP.7")
        count = word(page, f"{number}/{total}")
        job = word(page, "V.26-08123")
        assert header[4] < 80 and count[2] > 760 and job[2] > 760  # top and bottom margins of A4
        outer_right = count[1] > PAGE_WIDTH / 2
        header_line = [w for w in page if abs(w[2] - header[2]) < 1]
        at_right = max(w[3] for w in header_line) > PAGE_WIDTH - MARGIN - 2
        at_left = min(w[1] for w in header_line) < MARGIN + 2
        assert (at_right, at_left) == ((True, False) if outer_right else (False, True)), header_line
        assert (job[1] > PAGE_WIDTH / 2) != outer_right
        sides.append(outer_right)
    assert sides[0] != sides[1], "the outer side alternates between even and odd pages"
    expected_even = "right" if language == "ar" else "left"  # page 2 is an even page: mirrored in Arabic
    assert sides[0] == (expected_even == "right")


@needs_poppler
def test_the_first_page_has_no_running_header():
    first = pdf_words("en", "observations")[0]
    assert all(w[2] > 50 for w in first if w[0].startswith("CTOC/COP/WG.3/2026/CRP.7"))
    assert not any(re.fullmatch(r"1/\d", w[0]) for w in first)


def test_the_html_carries_barcode_qr_code_recycling_mark_and_end_rule():
    html = rendered("en", "summary", "html").decode("utf-8")
    assert html.count("<svg") >= 3  # barcode, QR code, recycling mark
    assert 'aria-label="https://undocs.org/en/CTOC/COP/WG.3/2026/7"' in html
    assert 'aria-label="2608124"' in html
    assert 'class="end-rule"' in html


@needs_zbar
def test_the_barcode_and_qr_code_read_back_as_the_job_number_and_the_ods_address(tmp_path):
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(rendered("fr", "summary", "pdf"))
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    [image] = tmp_path.glob("page*.png")
    found = subprocess.run(["zbarimg", "--quiet", str(image)], capture_output=True, text=True).stdout.split()
    assert "CODE-39:2608124" in found
    assert "QR-Code:https://undocs.org/fr/CTOC/COP/WG.3/2026/7" in found


def test_an_emblem_file_from_the_configuration_takes_its_place_and_none_leaves_it_empty(monkeypatch, tmp_path):
    emblem = tmp_path / "emblem.svg"
    emblem.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle id="un-emblem" '
                      'cx="5" cy="5" r="4"/></svg>', encoding="utf-8")
    outcome = build_outcome(load_file(MONGOLIA))
    from publisher.render import writer

    without = writer("html").render(compose(outcome, "summary", load_blueprints())).decode("utf-8")
    assert re.search(r'<div class="emblem"[^>]*></div>', without)
    monkeypatch.setenv("PUBLISHER_EMBLEM", str(emblem))
    with_emblem = writer("html").render(compose(outcome, "summary", load_blueprints())).decode("utf-8")
    assert 'id="un-emblem"' in with_emblem


# -- 5. working groups: one symbol is one document -----------------------------------------------------
def test_an_outcome_rendered_alone_has_the_symbols_and_meetings_the_session_gives_it():
    session = load_session(SESSION)
    outcome = build_outcome(load_file(MONGOLIA))
    issued = session.apply(session.outcomes[0], outcome)
    assert issued.issue.symbols == outcome.issue.symbols
    assert [m.working_group for m in issued.issue.meetings] == [m.working_group for m in outcome.issue.meetings]


def test_validation_warns_when_meetings_do_not_match_the_instruments(write_outcome):
    def only_first_meeting(data):
        data["issue"]["meetings"] = data["issue"]["meetings"][:1]
        data["issue"]["symbols"] = {k: v[:1] for k, v in data["issue"]["symbols"].items()}
    findings, _ = validate_file(write_outcome(change=only_first_meeting))
    assert "issuance.missing-meeting" in codes(findings)

    def firearms_group(data):
        data["issue"]["meetings"][1]["working_group"] = "Working Group on Firearms"
    findings, _ = validate_file(write_outcome(change=firearms_group))
    assert "issuance.meeting-not-relevant" in codes(findings)


def test_validation_warns_when_symbols_do_not_match_the_meetings(write_outcome):
    findings, _ = validate_file(write_outcome(
        change=lambda d: d["issue"]["symbols"].__setitem__("summary", ["CTOC/COP/WG.3/2026/7"])))
    [finding] = [f for f in findings if f.code == "issuance.symbols-meetings"]
    assert finding.field == "issue.symbols.summary" and finding.severity.value == "warning"


def test_a_late_document_is_warned_about_until_it_says_why_and_then_carries_the_reason_as_a_footnote(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["issue"].pop("late_reason")))
    [late] = [f for f in findings if f.code == "issuance.late"]
    assert late.field == "issue.date" and "2026-11-02" in late.message
    findings, _ = validate_file(write_outcome(change=lambda d: d["issue"].__setitem__("date", "2026-10-30")))
    assert "issuance.late" not in codes(findings)
    document = documents("en")["observations"]
    assert document.title_mark == "***"
    assert document.title_note == ("The present document was submitted late owing to the time needed to consult "
                                   "the reviewing States on the final text.")


@needs_poppler
def test_the_late_note_is_a_starred_footnote_and_does_not_shift_the_numbered_notes():
    out = subprocess.run(["pdftotext", "-layout", "-l", "1", "-enc", "UTF-8", "-", "-"],
                         input=rendered("en", "observations", "pdf"), capture_output=True, check=True).stdout
    text = " ".join(out.decode("utf-8").split())
    assert "*** The present document was submitted late owing to" in text
    assert "1 Criminal Code of Mongolia" in text


# -- 6. typography -------------------------------------------------------------------------------------
@pytest.mark.parametrize("language, expected", [
    ("en", "the definition of “serious crime” in the Prosecutor General’s Office"),
    ("fr", f"la définition de «{NBSP}infraction grave{NBSP}» à l’article{NBSP}5"),
    ("es", "la definición de «delito grave»"),
    ("ru", "определение «тяжкое преступление»"),
    ("zh", "“严重犯罪”的定义"),
    ("ar", "تعريف «الجريمة الخطيرة»"),
])
def test_each_language_has_its_own_quotation_marks_and_apostrophe(language, expected):
    sources = {
        "en": "the definition of \"serious crime\" in the Prosecutor General's Office",
        "fr": "la définition de \"infraction grave\" à l'article 5",
        "es": "la definición de \"delito grave\"",
        "ru": "определение \"тяжкое преступление\"",
        "zh": "\"严重犯罪\"的定义",
        "ar": "تعريف \"الجريمة الخطيرة\"",
    }
    assert typesetter(language)(sources[language]) == expected


@pytest.mark.parametrize("language, source, expected", [
    ("fr", "500 000 unités et 10 %", f"500{NBSP}000 unités et 10{NBSP}%"),
    ("ru", "500 000 единиц в 2015 г. по статье 5", f"500{NBSP}000 единиц в 2015{NBSP}г. по статье{NBSP}5"),
    ("es", "500 000 unidades, párr. 5", f"500{NBSP}000 unidades, párr.{NBSP}5"),
    ("en", "up to 500,000 units under article 5, para. 7", f"up to 500,000 units under article{NBSP}5, para.{NBSP}7"),
])
def test_numbers_keep_their_groups_words_and_units_together(language, source, expected):
    assert typesetter(language)(source) == expected


def test_no_straight_quote_is_left_in_any_sample_document():
    for language in LANGUAGES:
        for document in documents(language).values():
            text = " ".join(plain(p.runs) for p in document.paragraphs()) + document.title
            assert '"' not in text and "'" not in text, language


@needs_poppler
@pytest.mark.parametrize("language", ["en", "fr", "es", "ru"])
def test_pdf_lines_of_latin_and_cyrillic_text_are_hyphenated(language):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=rendered(language, "observations", "pdf"),
                         capture_output=True, check=True).stdout.decode("utf-8")
    assert re.search(r"[^\W\d_]{2,}[-\u2010]\n[^\W\d_]{2,}", out), f"{language}: no word breaks at a line end"


def test_html_text_carries_soft_hyphens_except_in_arabic_and_chinese():
    assert "\u00ad" in rendered("ru", "observations", "html").decode("utf-8")
    assert "\u00ad" not in rendered("ar", "observations", "html").decode("utf-8")
    assert "\u00ad" not in rendered("zh", "observations", "html").decode("utf-8")


@needs_poppler
def test_chinese_pdf_lines_are_justified_to_the_same_right_edge():
    page = pdf_words("zh", "observations")[0]
    start = word(page, "导言")[2]  # the body text of page 1, after the masthead and title
    lines: dict[float, float] = {}
    for _text, _x0, y0, x1, _y1 in page:
        if start < y0 < 720:
            lines[round(y0)] = max(lines.get(round(y0), 0), x1)
    edges = sorted(lines.values())
    full = [e for e in edges if e > edges[-1] - 20]  # lines ending near the column edge (last lines aside)
    assert len(full) >= 5 and edges[-1] - min(full) < 2.5, full


def test_chinese_article_headings_have_no_stray_full_stop_and_chinese_is_never_slanted():
    headings = [b.text for b in documents("zh")["observations"].blocks if getattr(b, "level", 0) == 3]
    assert headings and all(re.fullmatch(r"第\d+条　\S.*", h) for h in headings), headings
    assert "[lang=zh] i, [lang=zh] h4, [lang=zh] em { font-style: normal; }" in rendered(
        "zh", "observations", "html").decode("utf-8")


@needs_poppler
def test_latin_text_in_the_chinese_masthead_is_set_in_the_latin_face():
    fonts = subprocess.run(["pdffonts", "-"], input=rendered("zh", "summary", "pdf"), capture_output=True,
                           check=True).stdout.decode()
    assert "Liberation-Serif" in fonts


# -- 7. paragraph layout ----------------------------------------------------------------------------
@needs_poppler
def test_continuation_lines_run_back_under_the_paragraph_number_inside_a_column_indented_from_both_margins():
    page = pdf_words("en", "observations")[0]
    number = word(page, "1.", after_y=300)
    line_height = number[4] - number[2]
    following = [w for w in page if number[4] + line_height * 0.5 < w[2] < number[4] + line_height * 1.5]
    assert abs(min(w[1] for w in following) - number[1]) < 1.0
    margin = 2.4 / 2.54 * 72
    indent = 1.27 / 2.54 * 72
    assert abs(number[1] - (margin + indent)) < 1.5
    right_edge = max(w[3] for w in page if number[2] - 1 < w[2] < number[4] + line_height * 3)
    assert abs(right_edge - (PAGE_WIDTH - margin - indent)) < 1.5


# -- 8. right-to-left drafts isolate embedded left-to-right text ----------------------------------------
def test_untranslated_english_in_an_arabic_draft_is_isolated_left_to_right(write_outcome):
    def arabic_draft_with_english(data):
        data["review"]["language"] = "ar"
        data["review"]["original_language"] = "en"
        data["translation"] = {"status": "draft"}
        data["observations"]["challenges"][0] = "نص عربي [[Untranslated sentence.]][^code] ثم نص عربي."
    outcome = build_outcome(load_file(write_outcome(change=arabic_draft_with_english)))
    document = compose(outcome, "observations", load_blueprints())
    runs = [r for p in document.paragraphs() for r in p.runs if r.untranslated]
    assert runs and runs[0].text == f"{LRI}Untranslated sentence.{PDI}" and runs[0].language == "en"


# -- 9. Russian in the word order of UN Russian --------------------------------------------------------
def test_russian_titles_and_introduction_name_the_state_as_un_russian_does():
    document = documents("ru")["observations"]
    assert document.title.startswith("Перечень замечаний об осуществлении Монголией Конвенции")
    introduction = plain(document.paragraphs()[0].runs)
    assert "Обзор проводили Чили и Норвегия" in introduction and "взаимодействии с Монголией" in introduction
    assert ": Монголия" not in introduction
    assert documents("ru")["summary"].title.startswith("Резюме перечня замечаний об осуществлении Монголией")


# -- 10. cross-references ---------------------------------------------------------------------------------
def test_a_reference_to_a_named_paragraph_reads_see_para_n_above_or_below_in_each_language(write_outcome):
    def named(data):
        data["observations"]["challenges"][0] = "[#serious-crime]" + data["observations"]["challenges"][0]
        data["observations"]["successes_and_good_practices"][0] += " (see [@serious-crime])"
        data["observations"]["technical_assistance_needs"][0] += " ([@serious-crime])"
    outcome = build_outcome(load_file(write_outcome(change=named)))
    document = compose(outcome, "observations", load_blueprints())
    numbered = {p.number: plain(p.runs) for p in document.paragraphs()}
    target = next(n for n, text in numbered.items() if text.startswith("The reviewing States noted that the definition"))
    assert f"(see see para.{NBSP}{target} below)" in numbered[2]
    assert any(f"(see para.{NBSP}{target} above)" in text for n, text in numbered.items() if n > target)
    assert "[#" not in " ".join(numbered.values())


def test_a_reference_to_an_unknown_or_twice_named_paragraph_is_an_error(write_outcome):
    def broken(data):
        data["observations"]["challenges"][0] += " [@nowhere]"
        data["observations"]["challenges"][1] = "[#twice]" + data["observations"]["challenges"][1]
        data["observations"]["successes_and_good_practices"][1] = "[#twice]" + data["observations"][
            "successes_and_good_practices"][1]
    findings, _ = validate_file(write_outcome(change=broken))
    assert {"references.unknown-name", "references.duplicate-name"} <= set(codes(findings))
    assert all(f.severity.value == "error" for f in findings if f.code.startswith("references."))


def test_translation_keeps_paragraph_names_and_references_as_codes():
    from publisher.translate.protect import protect

    protected = protect("See [@serious-crime] and [#here] the text.", "en", "fr", None)
    assert "[@serious-crime]" not in protected.text and "[#here]" not in protected.text


def test_every_sample_renders_in_every_language_without_findings():
    for path in sorted(MONGOLIA.parent.glob("*.yaml")):
        if path.name == "session.yaml":
            continue
        findings, _ = validate_file(path)
        assert findings == [], (path.name, [str(f) for f in findings])
    assert JORDAN.exists()


# -- the HTML as Chromium lays it out --------------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package chromium)")


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


def boxes_in_chromium(chromium, language: str, width: int = 1000) -> dict:
    page = chromium.new_page(viewport={"width": width, "height": 1200})
    page.set_content(rendered(language, "observations", "html").decode("utf-8"))
    found = page.evaluate("""() => {
        const box = selector => { const r = document.querySelector(selector).getBoundingClientRect();
                                  return [r.left, r.right]; };
        return {organization: box('.masthead .organization'), symbols: box('.masthead .symbols'),
                distribution: box('.masthead .distribution'), body: box('.masthead .body-name'),
                scroll: document.documentElement.scrollWidth,
                h2: parseFloat(getComputedStyle(document.querySelector('h2')).fontSize),
                h3: parseFloat(getComputedStyle(document.querySelector('h3')).fontSize),
                p: parseFloat(getComputedStyle(document.querySelector('.para p')).fontSize)};
    }""")
    page.close()
    return found


@needs_chromium
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_the_arabic_html_masthead_mirrors_in_chromium(chromium):
    arabic, english = boxes_in_chromium(chromium, "ar"), boxes_in_chromium(chromium, "en")
    assert arabic["organization"][0] > arabic["symbols"][1]
    assert arabic["distribution"][1] <= arabic["body"][0]
    assert english["organization"][1] < english["symbols"][0]
    assert english["distribution"][0] >= english["body"][1]
    assert arabic["h2"] > arabic["h3"] >= arabic["p"]


@needs_chromium
@pytest.mark.allow_hosts(["127.0.0.1"])
@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_the_html_fits_a_phone_screen(chromium, language):
    assert boxes_in_chromium(chromium, language, width=390)["scroll"] <= 390
