"""The outcome editor in a real browser (Debian's Chromium driven by Playwright, as in
test_browser.py, whose browser and screenshot fixtures this reuses).

An editor creates a new outcome from the start page, writes every section of both documents and
every article under review, sees a tone warning appear at the paragraph it concerns (and marked
in the preview beside it) and go away when the sentence is rewritten, saves, and the saved file
validates and still has the skeleton's comments. Screenshots of the editor at desktop width and
at 390 px, in English and Arabic, go to $PUBLISHER_SCREENSHOTS (default: a temporary folder).
"""
from __future__ import annotations

import shutil
import threading

import pytest

from publisher.serve.app import create_app
from publisher.serve.commands import address, make_app_server
from publisher.serve.security import new_token
from publisher.validate import validate_file

from .conftest import SAMPLES
from .test_browser import CHROMIUM, base_of, browser, screenshots  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package chromium)"),
    pytest.mark.allow_hosts(["127.0.0.1"]),
]

RANKING = "Mongolia lags behind its neighbours in prosecuting the laundering of proceeds of crime."
ARABIC_RANKING = "ولا تزال منغوليا متخلفة عن الدول المجاورة في هذا المجال."
NEUTRAL = "Few cases of laundering of proceeds of crime have been prosecuted since 2020.[^code]"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    served = tmp_path_factory.mktemp("writing")
    shutil.copy(SAMPLES / "chile-law-enforcement.yaml", served)
    return served


@pytest.fixture(scope="module")
def server(folder, tmp_path_factory):
    token = new_token()
    httpd = make_app_server(create_app(folder, token, tmp_path_factory.mktemp("memory") / "memory.sqlite"),
                            "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield address("127.0.0.1", httpd.server_port, token)
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


def open_page(browser, width: int):  # noqa: F811 (the fixture)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def create_outcome(page, url: str, language: str, name: str, screenshot=None) -> None:
    page.goto(url)
    page.get_by_role("link", name="+ New review outcome").click()
    page.fill("input[name=state]", "Mongolia")
    page.fill("input[name=reviewing_a]", "Chile")
    page.fill("input[name=reviewing_b]", "Norway")
    page.select_option("select[name=cluster]", "criminalization")
    page.select_option("select[name=language]", language)
    page.fill("input[name=name]", name)
    if screenshot:
        assert sideways(page) <= 1, f"the form scrolls sideways by {sideways(page)}px"
        page.screenshot(path=str(screenshot), full_page=True)
    page.get_by_role("button", name="Create and open in the editor").click()
    page.wait_for_url(f"**/o/{name}/write*")
    page.locator("#check-state", has_text="Checked.").wait_for()


def sideways(page) -> int:
    """How far the page scrolls sideways (0 when it fits the window)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def checked(page) -> None:
    """Waits until the page's text has been checked as it now stands."""
    page.locator("#check-state", has_text="Checked.").wait_for()


def write_paragraph(page, container, text: str) -> None:
    container.locator(":scope > button[data-action=add-paragraph]").click()
    container.locator(":scope > [data-paragraphs] > [data-paragraph] > textarea").last.fill(text)


def test_an_editor_creates_an_outcome_writes_it_sees_a_finding_come_and_go_and_saves(browser, server, folder,  # noqa: F811
                                                                                      screenshots):
    context, page = open_page(browser, 1440)
    try:
        create_outcome(page, server, "en", "mongolia-criminalization")
        missing = page.locator("[data-field='observations.successes_and_good_practices'] > ul.found li",
                               has_text="sections.missing")
        assert missing.count() == 1  # an empty required section is said at the section

        for document in ("observations", "summary"):
            for section in page.locator(f"[data-document={document}] > [data-section]:not([data-kind=articles])").all():
                if "optional" in section.locator("h3").inner_text():
                    continue
                write_paragraph(page, section, f"The national authorities described the measures taken ({document}).")
        for article in page.locator("[data-article]").all():
            write_paragraph(page, article, f"Article {article.get_attribute('data-article')} is implemented "
                                           "by the Criminal Code.")
        page.get_by_role("button", name="+ Add a footnote").click()
        page.locator("[data-note] input[data-key]").last.fill("code")
        page.locator("[data-note] textarea").last.fill("Criminal Code of Mongolia, 2015.")

        challenges = page.locator("[data-field='observations.challenges']")
        write_paragraph(page, challenges, RANKING)
        finding = page.locator("[data-field='observations.challenges[1]'] > ul.found li[data-code='tone.ranking']")
        finding.wait_for()
        assert "lags behind" in finding.inner_text() and "rank" in finding.inner_text()
        preview = page.frame_locator("#draft-preview")
        preview.locator("mark.finding.warning", has_text="lags behind").wait_for()
        page.screenshot(path=str(screenshots / "write-en-finding.png"))

        challenges.locator("[data-paragraph] > textarea").last.fill(NEUTRAL)
        finding.wait_for(state="detached")
        checked(page)
        assert page.locator("ul.found li.error").count() == 0, page.locator("ul.found li.error").all_inner_texts()
        assert page.locator("#checklist li.todo").count() == 0  # every article under review is written
        assert "/ 1000 words" in page.locator("[data-words=observations]").inner_text()

        page.get_by_role("button", name="Save", exact=True).first.click()
        page.locator("#saved", has_text="Saved mongolia-criminalization.yaml: valid").wait_for()
        page.screenshot(path=str(screenshots / "write-en.png"), full_page=False)
    finally:
        context.close()

    saved = folder / "mongolia-criminalization.yaml"
    findings, outcome = validate_file(saved)
    assert [f.format() for f in findings if f.severity.value == "error"] == []
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("# Review outcome: Mongolia, criminalization")  # the skeleton's comments are kept
    assert "# Use of terms" in text and "# Successes and good practices:" in text
    assert outcome.documents["observations"].section("challenges").paragraphs[-1].text == NEUTRAL


@pytest.mark.parametrize("language, width", [("en", 390), ("ar", 1440), ("ar", 390)])
def test_the_editor_reads_at_desktop_and_phone_widths_in_english_and_arabic(browser, server, screenshots,  # noqa: F811
                                                                            language, width):
    context, page = open_page(browser, width)
    try:
        name = f"look-{language}-{width}"
        create_outcome(page, server, language, name, screenshots / f"new-{language}-{width}.png")
        section = page.locator("[data-field='observations.challenges']")
        write_paragraph(page, section, ARABIC_RANKING if language == "ar" else RANKING)
        checked(page)
        box = section.locator("[data-paragraph] > textarea").last
        assert box.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert sideways(page) <= 1, f"the page scrolls sideways by {sideways(page)}px at {width}px"
        section.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / f"write-{language}-{width}.png"))
        page.get_by_role("button", name="Save", exact=True).first.click()
        page.locator("#saved", has_text="as work in progress").wait_for()

        page.goto(base_of(server) + f"/o/{name}/preview")  # findings in place: the errors marked, not listed
        page.locator(".cannot-issue").wait_for()
        document = page.frame_locator(f"#pane-{language} iframe.document")
        document.locator("mark.finding").first.wait_for()
        assert document.locator(".findings-elsewhere").count() == 1
        page.screenshot(path=str(screenshots / f"preview-marked-{language}-{width}.png"))
    finally:
        context.close()
