"""`publisher serve` in a real browser: Debian's Chromium driven by Playwright, against the real
server on 127.0.0.1 (a free port).

A reviewer opens the printed address, opens a review, switches the preview to Arabic (right to
left) and Chinese; a translator edits a segment of the Spanish draft, sees QA as they type, saves,
reloads, and finds the edit in the preview, in the translation memory and in the downloaded PDF.
A browser without the token is refused. Screenshots of the Arabic and Chinese previews go to
$PUBLISHER_SCREENSHOTS (default: a temporary folder).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from publisher.serve.app import create_app
from publisher.serve.commands import address, make_app_server
from publisher.serve.security import new_token
from publisher.translate.memory import TranslationMemory

from .conftest import SAMPLES, copy_folder

CHROMIUM = Path("/usr/bin/chromium")
GHANA = "ghana-international-cooperation"
UNIT = "observations.successes_and_good_practices.0.s1"
EDITED = ("Ghana dispone desde 2019 de un marco unificado de cooperación internacional en asuntos penales,[^icca] "
          "que permite conceder la extradición y la asistencia judicial recíproca con arreglo a un tratado, a la "
          "propia Convención o a la reciprocidad.")

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package chromium)"),
    pytest.mark.allow_hosts(["127.0.0.1"]),  # the browser and the checks talk to our own server, nothing else
]


@pytest.fixture(scope="module")
def served(tmp_path_factory, spanish_draft):
    """A folder with Mongolia in six languages and Ghana with an Apertium draft into Spanish."""
    folder = copy_folder(spanish_draft, tmp_path_factory.mktemp("served"))
    for path in SAMPLES.glob("mongolia-criminalization*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def server(served, tmp_path_factory):
    """The real server in a thread, on 127.0.0.1 and a free port: (address with token, memory path)."""
    memory = tmp_path_factory.mktemp("memory") / "memory.sqlite"
    token = new_token()
    httpd = make_app_server(create_app(served, token, memory), "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield address("127.0.0.1", httpd.server_port, token), memory
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(60_000)  # the first PDF of a language prepares its fonts
    yield opened
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("PUBLISHER_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def base_of(url: str) -> str:
    return url.split("/?token=")[0]


def document_direction(page, language: str) -> str:
    frame = page.frame_locator(f"#pane-{language} iframe.document")
    frame.locator("h1").first.wait_for()
    return frame.locator("html").evaluate("element => getComputedStyle(element).direction")


def test_a_reviewer_previews_a_review_in_arabic_right_to_left_and_in_chinese(page, server, screenshots):
    url, _memory = server
    page.goto(url)
    assert page.url == base_of(url) + "/"  # the token went into a cookie and out of the address
    page.screenshot(path=str(screenshots / "list.png"), full_page=True)
    page.get_by_role("link", name="Mongolia, criminalization, 2026").click()
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/preview?lang=ar*")

    assert document_direction(page, "ar") == "rtl"
    assert document_direction(page, "en") == "ltr"
    pane = page.locator("#pane-ar")
    assert pane.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert "الأمم المتحدة" in page.frame_locator("#pane-ar iframe.document").locator("body").inner_text()
    page.screenshot(path=str(screenshots / "preview-ar.png"))

    page.get_by_role("link", name="中文").click()
    page.wait_for_url("**/preview?lang=zh*")
    assert document_direction(page, "zh") == "ltr"
    chinese = page.frame_locator("#pane-zh iframe.document")
    assert chinese.locator("html").get_attribute("lang") == "zh"
    assert "联合国" in chinese.locator("body").inner_text()
    page.screenshot(path=str(screenshots / "preview-zh.png"))

    page.get_by_role("link", name="summary", exact=True).click()
    page.wait_for_url("**doc=summary*")
    assert document_direction(page, "zh") == "ltr"
    page.screenshot(path=str(screenshots / "preview-zh-summary.png"))


def test_a_translator_edits_saves_and_finds_the_edit_in_preview_memory_and_pdf(page, server, served, tmp_path,
                                                                                screenshots):
    url, memory_path = server
    page.goto(url)
    page.locator(f'a[href="/o/{GHANA}/edit/es"]').click()
    page.wait_for_url(f"**/o/{GHANA}/edit/es")
    unit = page.locator(f"article.unit[data-unit='{UNIT}']")
    box = unit.locator("textarea")
    source = unit.locator("input[name^='source:']").get_attribute("value")

    box.fill("Ghana dispone de un marco unificado.")  # drops the year and the footnote marker
    unit.locator(".issues li.error", has_text="inline code").first.wait_for()
    assert "2019" in unit.locator(".issues").inner_text()
    box.fill(EDITED)
    page.wait_for_function(
        "unit => unit.dataset.qa !== 'checking' && !unit.querySelector('.issues li.error')"
        " && unit.classList.contains('edited')", arg=unit.element_handle())
    assert unit.locator("select.unit-state").input_value() == "reviewed"  # the state an edit is saved in
    page.screenshot(path=str(screenshots / "post-edit-es.png"))

    page.get_by_role("button", name="Save", exact=True).first.click()  # saved in place, the page stays
    page.locator("#save-state", has_text="Saved 1 unit(s)").wait_for()
    page.reload()
    assert page.locator(f"article.unit[data-unit='{UNIT}'] textarea").input_value() == EDITED
    assert page.locator(f"article.unit[data-unit='{UNIT}'] select.unit-state").input_value() == "reviewed"
    assert page.locator(f"article.unit[data-unit='{UNIT}'] .origin").inner_text() == "post-edited"

    page.goto(base_of(url) + f"/o/{GHANA}/preview?lang=es")
    preview = page.frame_locator("#pane-es iframe.document").locator("body")
    assert "Ghana dispone desde 2019 de un marco unificado" in " ".join(preview.inner_text().replace("\u00ad", "").split())

    with TranslationMemory(memory_path) as memory:
        assert memory.exact(source, "en", "es").target == EDITED

    with page.expect_download() as download:
        page.locator("#pane-es a.download[data-format=pdf]").click()
    assert download.value.suggested_filename == f"{GHANA}-observations-es.pdf"
    pdf = tmp_path / "downloaded.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ghana dispone desde 2019 de un marco unificado" in " ".join(text.split())


def test_a_browser_without_the_token_is_refused(browser, server):
    url, _memory = server
    context = browser.new_context()
    try:
        stranger = context.new_page()
        for path in ("/", f"/o/{GHANA}/edit/es", "/static/edit.js"):
            response = stranger.goto(base_of(url) + path)
            assert response.status == 403, path
        assert "token" in stranger.content()
    finally:
        context.close()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base_of(url) + "/", timeout=30)
    assert refused.value.code == 403
