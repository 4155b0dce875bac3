"""The post-editing page as a translator's workbench (issue 17), in Debian's Chromium driven by
Playwright against the real server: the keyboard flow (Ctrl+Enter from the first unit to the last),
units saved in place, the page without script, conflicts settled per unit, a source with errors,
inline codes in Arabic, phone widths, accessible names, filters and progress, chips, repetitions,
concordance, search and replace, memory matches with their difference, and the preview's panes
scrolling together. Each test has its own folder and server: saves do not leak between tests.
Screenshots go to $PUBLISHER_SCREENSHOTS (default: a temporary folder).
"""
from __future__ import annotations

import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from publisher.postedit import Edit, apply_edits, open_workset, save_workset
from publisher.serve.app import create_app
from publisher.serve.commands import address, make_app_server
from publisher.serve.security import new_token
from publisher.serve.workbench import progress
from publisher.translate.memory import TranslationMemory

from .conftest import MONGOLIA, SAMPLES, _dates_to_text, copy_folder
from . import test_browser as browser_tests
from .test_browser import CHROMIUM, GHANA, base_of

browser, screenshots = browser_tests.browser, browser_tests.screenshots  # the fixtures of test_browser.py, shared

MONGOLIA_NAME = "mongolia-criminalization"
FIRST_UNIT = "observations.successes_and_good_practices.0.s1"  # holds 2019 and the footnote marker [^icca]
NO_CODE_UNIT = "observations.successes_and_good_practices.2.s1"
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package chromium)"),
    pytest.mark.allow_hosts(["127.0.0.1"]),
]


@dataclass(frozen=True)
class Served:
    url: str  # with the token
    memory: Path
    folder: Path

    @property
    def base(self) -> str:
        return base_of(self.url)


@pytest.fixture
def folder(tmp_path, spanish_draft) -> Path:
    """Ghana with its Apertium draft into Spanish, and Mongolia in six languages."""
    served = copy_folder(spanish_draft, tmp_path / "served")
    for path in SAMPLES.glob(f"{MONGOLIA_NAME}*.yaml"):
        shutil.copy(path, served / path.name)
    return served


@pytest.fixture
def served(folder, tmp_path):
    memory = tmp_path / "memory.sqlite"
    token = new_token()
    httpd = make_app_server(create_app(folder, token, memory), "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Served(address("127.0.0.1", httpd.server_port, token), memory, folder)
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


def signed_in(browser, served: Served, *, viewport=None, script: bool = True):
    context = browser.new_context(viewport=viewport or {"width": 1440, "height": 1000}, java_script_enabled=script)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url)
    page.script_errors = errors
    return page


@pytest.fixture
def page(browser, served):
    opened = signed_in(browser, served)
    yield opened
    assert opened.script_errors == []
    opened.context.close()


def edit_page(page, served: Served, name: str = GHANA, language: str = "es"):
    page.goto(f"{served.base}/o/{name}/edit/{language}")
    page.locator("article.unit").first.wait_for()


def unit_row(page, unit: str):
    return page.locator(f"article.unit[data-unit='{unit}']")


def wait_for_saves(page):
    page.wait_for_function("() => !document.querySelector('article.unit.saving')"
                           " && /Saved|Nothing|Not saved/.test(document.getElementById('save-state').textContent)")


def saved_unit(served: Served, unit: str, name: str = GHANA, language: str = "es"):
    return open_workset(served.folder / f"{name}.yaml", language).unit(unit)


def save_elsewhere(served: Served, unit: str, text: str, name: str = GHANA, language: str = "es") -> None:
    """Another tab, person or import saves ``unit`` while a page is open."""
    workset = open_workset(served.folder / f"{name}.yaml", language)
    save_workset(apply_edits(workset, [Edit(unit, text, "reviewed")]).workset)


# -- the keyboard flow and saving in place -----------------------------------------------------

def test_a_translator_goes_through_a_whole_draft_with_the_keyboard_alone_then_saves(page, served, screenshots):
    edit_page(page, served)
    units = page.locator("article.unit").evaluate_all("rows => rows.map(row => row.dataset.unit)")
    page.keyboard.press("Alt+n")  # from the top of the page: the first unit that needs work
    visited = []
    for _ in units:
        focused = page.evaluate("document.activeElement.closest('article.unit')?.dataset.unit ?? null")
        if focused is None:
            break
        if not visited:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none"  # where the keyboard is can be seen
            page.screenshot(path=str(screenshots / "workbench-focus.png"))
        visited.append(focused)
        page.keyboard.press("Control+Enter")
    assert visited == units  # each unit of the draft in turn, the first to the last
    assert page.evaluate("document.activeElement.value") == "save"  # past the last unit: on Save
    page.keyboard.press("Control+s")
    wait_for_saves(page)
    page.locator("#progress-words", has_text=f"{len(units)} of {len(units)} units").wait_for()

    workset = open_workset(served.folder / f"{GHANA}.yaml", "es")
    assert {u.state for u in workset.units if u.target} == {"reviewed"}
    assert workset.status == "post-edited" or any(not u.target for u in workset.units)
    page.reload()
    assert page.locator("#progress-words").inner_text().endswith(f"{len(units)} of {len(units)} units")


def test_alt_keys_move_between_units_copy_the_source_and_a_state_chosen_by_hand_is_kept(page, served):
    edit_page(page, served)
    units = page.locator("article.unit").evaluate_all("rows => rows.map(row => row.dataset.unit)")
    focused = "document.activeElement.closest('article.unit').dataset.unit"
    unit_row(page, units[0]).locator("textarea").focus()
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Alt+ArrowDown")
    assert page.evaluate(focused) == units[2]
    page.keyboard.press("Alt+ArrowUp")
    assert page.evaluate(focused) == units[1]
    page.keyboard.press("Alt+s")
    row = unit_row(page, units[1])
    source = row.locator("input[name^='source:']").get_attribute("value")
    assert row.locator("textarea").input_value() == source
    assert "edited" in row.get_attribute("class")

    row.locator("select.unit-state").select_option("final")  # chosen by hand: Ctrl+Enter keeps it
    row.locator("textarea").press("Control+Enter")
    assert page.evaluate(focused) == units[2]
    row.locator(".origin", has_text="post-edited").wait_for()
    wait_for_saves(page)
    assert (saved_unit(served, units[1]).target, saved_unit(served, units[1]).state) == (source, "final")


def test_a_unit_saved_with_ctrl_enter_or_save_keeps_the_page_where_it_was(page, served):
    edit_page(page, served)
    page.evaluate("window.stillTheSamePage = true")
    row = page.locator("article.unit").nth(20)
    unit = row.get_attribute("data-unit")
    box = row.locator("textarea")
    text = box.input_value() + " Revisado."
    box.fill(text)
    box.press("Control+Enter")
    row.locator(".origin", has_text="post-edited").wait_for()
    wait_for_saves(page)
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    assert page.evaluate("window.scrollY") > 1000  # not back at the top
    assert saved_unit(served, unit).target == text and saved_unit(served, unit).state == "reviewed"

    other = page.locator("article.unit").nth(22)
    other.locator("textarea").fill(other.locator("textarea").input_value() + " Otra.")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.locator("#save-state", has_text="Saved 1 unit(s)").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True
    assert saved_unit(served, other.get_attribute("data-unit")).target.endswith(" Otra.")


def test_without_script_the_page_is_a_form_that_saves(browser, served):
    page = signed_in(browser, served, script=False)
    try:
        edit_page(page, served)
        box = unit_row(page, NO_CODE_UNIT).locator("textarea")
        box.fill("Las autoridades nacionales describieron un acuerdo trilateral.")
        page.get_by_role("button", name="Save", exact=True).first.click()
        page.locator("#save-report", has_text=f"Saved {GHANA}.es.yaml").wait_for()
        assert saved_unit(served, NO_CODE_UNIT).target == "Las autoridades nacionales describieron un acuerdo trilateral."
        assert page.locator("#filters").is_hidden()  # the tools that need script are not offered
    finally:
        page.context.close()


# -- bugs found in use -------------------------------------------------------------------------

def test_a_version_has_the_same_status_on_the_list_and_in_the_editor(page, served):
    for name, language, code in ((MONGOLIA_NAME, "ar", "ar"), (GHANA, "es", "es")):
        page.goto(served.base + "/")
        listed = page.locator("section.outcome", has=page.locator(f"a.open[href='/o/{name}/preview']")) \
            .locator("tr", has=page.locator(f"a[href='/o/{name}/edit/{code}']")).locator(".status").inner_text()
        edit_page(page, served, name, language)
        assert page.locator("#version-status").inner_text() == listed
    assert listed == "draft"


def edits_that_conflict(page, served) -> str:
    """The draft opened, a unit saved meanwhile in another tab, then edited here too, with another
    unit edited beside it; gives that other unit's id."""
    edit_page(page, served)
    other_unit = page.locator("article.unit").nth(5).get_attribute("data-unit")
    save_elsewhere(served, NO_CODE_UNIT, "Texto guardado en otra pestaña.")
    unit_row(page, NO_CODE_UNIT).locator("textarea").fill("Mi texto para esta frase.")
    other = unit_row(page, other_unit).locator("textarea")
    other.fill(other.input_value() + " Mío.")
    return other_unit


def test_a_conflict_shows_both_texts_and_the_unit_saved_is_the_one_chosen(page, served):
    other_unit = edits_that_conflict(page, served)
    page.keyboard.press("Control+s")
    panel = unit_row(page, NO_CODE_UNIT).locator(".live-conflict")
    panel.locator(".theirs", has_text="Texto guardado en otra pestaña.").wait_for()
    assert "changed elsewhere" in page.locator("#save-state").inner_text()
    assert saved_unit(served, other_unit).target.endswith(" Mío.")  # the unit nobody else changed is saved
    assert saved_unit(served, NO_CODE_UNIT).target == "Texto guardado en otra pestaña."  # nothing overwritten
    panel.get_by_role("button", name="Keep mine").click()
    unit_row(page, NO_CODE_UNIT).locator(".origin", has_text="post-edited").wait_for()
    wait_for_saves(page)
    assert saved_unit(served, NO_CODE_UNIT).target == "Mi texto para esta frase."


def test_without_script_a_conflict_page_shows_both_texts_and_asks_for_a_choice(browser, served, screenshots):
    page = signed_in(browser, served, script=False)
    try:
        other_unit = edits_that_conflict(page, served)
        page.get_by_role("button", name="Save", exact=True).first.click()
        page.locator("#conflict", has_text="changed both here and there").wait_for()
        row = unit_row(page, NO_CODE_UNIT)
        assert row.locator(".choose .theirs").inner_text() == "Texto guardado en otra pestaña."
        assert row.locator("textarea").input_value() == "Mi texto para esta frase."
        assert unit_row(page, other_unit).locator(".choose").count() == 0  # only this page changed it
        page.screenshot(path=str(screenshots / "workbench-conflict.png"), full_page=False)

        page.get_by_role("button", name="Save", exact=True).first.click()  # no choice made: not sent
        assert page.locator("#conflict").is_visible() and page.locator("#save-report").count() == 0
        row.get_by_label("the other save's").check()
        page.get_by_role("button", name="Save", exact=True).first.click()
        page.locator("#save-report", has_text="Saved").wait_for()
        assert saved_unit(served, NO_CODE_UNIT).target == "Texto guardado en otra pestaña."
        assert saved_unit(served, other_unit).target.endswith(" Mío.")
    finally:
        page.context.close()


def write_outcome(folder: Path, name: str, change) -> None:
    data = yaml.safe_load(MONGOLIA.read_text(encoding="utf-8"))
    _dates_to_text(data)
    change(data)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                                         encoding="utf-8")


def test_a_source_with_errors_is_said_plainly_and_nothing_offers_to_save(page, served):
    write_outcome(served.folder, "broken", lambda data: data["review"].__setitem__("year", 1999))
    edit_page(page, served, "broken", "fr")
    blocked = page.locator("#source-blocked")
    assert "broken.yaml has 1 validation error(s)" in blocked.inner_text()
    assert "not the translator's task" in blocked.inner_text()
    assert re.search(r"broken\.yaml:\d+:\d+", blocked.locator(".findings").inner_text())
    assert page.get_by_role("button", name="Save", exact=True).count() == 0
    assert page.locator("a.download").count() == 0  # no link to a page that can only refuse
    assert page.locator("textarea").first.get_attribute("readonly") is not None
    answer = page.evaluate("""url => fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json',
        'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content},
        body: JSON.stringify({base: '', units: []})}).then(r => r.status)""", "/o/broken/edit/fr/units")
    assert answer == 409

    page.goto(served.base + "/o/broken/preview?lang=fr")
    findings = page.locator("#pane-fr .findings").inner_text()
    assert "broken.yaml:" in findings and "broken.fr.yaml" not in findings  # a file that exists


def arabic_row(page):
    return page.locator("article.unit", has=page.locator("button.chip[data-code='[^code]']")).first


def test_inline_codes_read_left_to_right_in_an_arabic_text_box_and_are_saved_without_marks(page, served,
                                                                                            screenshots):
    edit_page(page, served, MONGOLIA_NAME, "ar")
    row = arabic_row(page)
    box = row.locator("textarea")
    text = box.input_value()
    assert "2024.\u2066[^code]\u2069" in text.replace("\u20662024\u2069", "2024")
    # Laid out as the box lays it out (right to left), the code reads [^code], not [code^].
    order = page.evaluate("""text => {
        const line = document.createElement('div');
        line.dir = 'rtl'; line.style.cssText = 'position:absolute;top:0;width:4000px;font:16px serif';
        line.textContent = text; document.body.append(line);
        const at = text.indexOf('[^code]');
        const x = offset => { const range = document.createRange();
            range.setStart(line.firstChild, offset); range.setEnd(line.firstChild, offset + 1);
            return range.getBoundingClientRect().left; };
        const places = [x(at), x(at + 1), x(at + 2), x(at + 6)];
        line.remove(); return places; }""", text)
    assert order == sorted(order)  # "[", "^", "c", "]" from left to right
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "workbench-arabic-codes.png"))

    source = row.locator("input[name^='source:']").get_attribute("value")
    box.focus()
    with page.expect_navigation():  # the first save of a translation made by a person cuts its paragraphs
        page.keyboard.press("Control+Enter")  # into sentences: new unit ids, so the page is made again
    assert page.locator("#progress-words").inner_text().endswith("1 of 36 units")
    saved = next(u for u in open_workset(served.folder / f"{MONGOLIA_NAME}.yaml", "ar").units
                 if u.source == source or source.startswith(u.source))
    assert saved.state == "reviewed" and "2024.[^code]" in saved.target
    assert not re.search("[\u2066-\u2069]", (served.folder / f"{MONGOLIA_NAME}.ar.yaml").read_text(encoding="utf-8"))


def test_an_inline_code_goes_into_the_translation_from_its_chip_or_with_alt_i(page, served):
    edit_page(page, served)
    row = unit_row(page, FIRST_UNIT)
    box = row.locator("textarea")
    box.fill("Ghana dispone desde ")
    row.locator("button.chip[data-code='2019']").click()  # at the caret
    assert box.input_value() == "Ghana dispone desde 2019"
    box.press("End")
    box.type(" de un marco unificado.")
    page.keyboard.press("Alt+i")  # the next code of the source the text lacks
    assert box.input_value() == "Ghana dispone desde 2019 de un marco unificado.[^icca]"
    page.wait_for_function("row => row.dataset.qa === 'issues' || row.dataset.qa === 'clean'",
                           arg=row.element_handle())
    assert "inline code" not in row.locator(".issues").inner_text()


@pytest.mark.parametrize("path", ["/", f"/o/{GHANA}/edit/es", f"/o/{MONGOLIA_NAME}/edit/ar",
                                  f"/o/{MONGOLIA_NAME}/preview?lang=ar", f"/o/{GHANA}/preview?lang=es"])
def test_no_page_is_wider_than_a_phone(browser, served, path, screenshots):
    page = signed_in(browser, served, viewport=PHONE)
    try:
        page.goto(served.base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(screenshots / f"phone{re.sub(r'[^a-z]+', '-', path)}.png"))
    finally:
        page.context.close()


def test_on_a_phone_the_preview_shows_the_chosen_language_first_with_a_masthead_that_does_not_collide(browser,
                                                                                                      served):
    page = signed_in(browser, served, viewport=PHONE)
    try:
        page.goto(served.base + f"/o/{MONGOLIA_NAME}/preview?lang=ar")
        arabic, english = page.locator("#pane-ar").bounding_box(), page.locator("#pane-en").bounding_box()
        assert arabic["y"] < english["y"] and arabic["y"] < PHONE["height"] / 2  # on the first screen
        frame = page.frame_locator("#pane-ar iframe.document")
        frame.locator("h1").first.wait_for()
        boxes = frame.locator(".masthead .top").evaluate("""top => ['.organization', '.symbols'].map(
            name => top.querySelector(name).getBoundingClientRect().toJSON())""")
        name, symbols = boxes
        apart = name["left"] - symbols["right"] >= 8 or symbols["top"] >= name["bottom"] or name["top"] >= symbols["bottom"]
        assert apart, boxes
    finally:
        page.context.close()


def test_every_state_box_and_memory_button_has_a_name_of_its_own_and_headings_do_not_skip(page, served):
    workset = open_workset(served.folder / f"{GHANA}.yaml", "es")
    with TranslationMemory(served.memory) as memory:
        for unit in workset.units[:3]:
            memory.add("en", "es", unit.source.replace(" the ", " this "), "Una traducción anterior.", "approved")
    for path in (f"/o/{GHANA}/edit/es", "/", f"/o/{GHANA}/preview?lang=es"):
        page.goto(served.base + path)
        levels = page.locator("h1, h2, h3, h4, h5, h6").evaluate_all("hs => hs.map(h => Number(h.tagName[1]))")
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), (path, levels)
    page.goto(served.base + f"/o/{GHANA}/edit/es")
    tree = page.locator("#postedit").aria_snapshot()
    states = re.findall(r'combobox "(state of [^"]+)"', tree)
    uses = re.findall(r'button "(use memory match [^"]+)"', tree)
    assert len(states) == len(workset.units) == len(set(states))
    assert len(uses) >= 3 and len(uses) == len(set(uses))
    assert page.get_by_role("combobox", name=f"state of unit 1 ({workset.units[0].id})").count() == 1


# -- filters, progress, repetitions ------------------------------------------------------------

def test_filters_by_state_origin_and_qa_issue_and_progress_in_words_and_units(page, served):
    edit_page(page, served)
    workset = open_workset(served.folder / f"{GHANA}.yaml", "es")
    done = progress(workset.units)
    assert page.locator("#progress-words").inner_text() == \
        f"0 of {done.words:,} words confirmed (0 %) · 0 of {done.units} units"

    page.select_option("#filter-origin", "machine")
    machine = sum(1 for u in workset.units if u.origin == "mt")
    assert page.locator("#shown-count").inner_text() == f"{machine} of {len(workset.units)} units shown"
    page.select_option("#filter-origin", "")
    broken = unit_row(page, FIRST_UNIT)
    broken.locator("textarea").fill("Ghana dispone de un marco unificado.")  # no 2019, no footnote marker
    broken.locator(".issues li.error", has_text="inline code").first.wait_for()
    page.select_option("#filter-qa", "postedit.inline-code")  # offered once found
    assert page.locator("article.unit:not([hidden])").evaluate_all("rows => rows.map(r => r.dataset.unit)") == \
        [FIRST_UNIT]
    page.select_option("#filter-qa", "")
    broken.locator("textarea").fill(workset.unit(FIRST_UNIT).target)

    first = workset.units[0]
    unit_row(page, first.id).locator("textarea").press("Control+Enter")
    wait_for_saves(page)
    page.select_option("#filter-state", "reviewed")
    assert page.locator("#shown-count").inner_text() == f"1 of {len(workset.units)} units shown"
    confirmed = progress([first]).words
    page.locator("#progress-words", has_text=f"{confirmed} of {done.words:,} words").wait_for()
    assert page.locator("#progress").evaluate("bar => bar.value") == confirmed


def test_a_repeated_sentence_is_confirmed_once_and_carried_over_with_an_undo_per_unit(page, served, screenshots):
    def repeat_a_challenge(data):
        challenges = data["observations"]["challenges"]
        challenges.insert(2, challenges[1])
    write_outcome(served.folder, "repeats", repeat_a_challenge)
    edit_page(page, served, "repeats", "fr")
    first, second = page.locator("article.unit[data-repeats]").all()[:2]
    assert first.get_attribute("data-repeats") == second.get_attribute("data-repeats")
    text = ("Les praticiens ont signalé des difficultés à prouver l'élément d'avantage financier ou autre "
            "avantage matériel dans les affaires de participation à un groupe criminel organisé.")
    first.locator("textarea").fill(text)
    first.locator("textarea").press("Control+Enter")
    second.locator(".propagated", has_text=f"carried from {first.get_attribute('data-unit')}").wait_for()
    wait_for_saves(page)
    assert second.locator("textarea").input_value() == text
    second_id = second.get_attribute("data-unit")
    assert saved_unit(served, second_id, "repeats", "fr").target == text
    page.screenshot(path=str(screenshots / "workbench-repetition.png"))

    second.get_by_role("button", name=f"undo the text carried to {second_id}").click()
    page.wait_for_function("row => row.querySelector('.propagated').hidden", arg=second.element_handle())
    wait_for_saves(page)
    undone = saved_unit(served, second_id, "repeats", "fr")
    assert undone.target == "" and undone.state == "initial"
    assert saved_unit(served, first.get_attribute("data-unit"), "repeats", "fr").target == text


# -- the memory: matches, concordance; search and replace --------------------------------------

def test_a_memory_match_shows_its_difference_percentage_and_origin_and_alt_m_takes_it(page, served):
    unit = saved_unit(served, FIRST_UNIT)
    with TranslationMemory(served.memory) as memory:
        memory.add("en", "es", unit.source.replace("unified framework", "single framework"),
                   "Ghana dispone desde 2019 de un marco único.[^icca]", "approved")
    edit_page(page, served)
    match = unit_row(page, FIRST_UNIT).locator(".matches li").first
    assert re.fullmatch(r"9\d %", match.locator(".score").inner_text())
    assert match.locator(".match-origin").inner_text() == "approved"
    assert match.locator("del").inner_text() == "single" and match.locator("ins").inner_text() == "unified"
    unit_row(page, FIRST_UNIT).locator("textarea").focus()
    page.keyboard.press("Alt+m")
    assert unit_row(page, FIRST_UNIT).locator("textarea").input_value() == \
        "Ghana dispone desde 2019 de un marco único.[^icca]"


def test_the_concordance_finds_a_phrase_in_the_sources_or_the_translations_of_the_memory(page, served):
    with TranslationMemory(served.memory) as memory:
        memory.add("en", "es", "The central authority handles every request.",
                   "La autoridad central tramita todas las solicitudes.", "approved")
        memory.add("en", "es", "A different sentence altogether.", "Una frase distinta.", "post-edited")
    edit_page(page, served)
    tool = page.locator("#concordance")
    tool.locator("summary").click()
    search = tool.get_by_label("Word or phrase")
    search.fill("Central Authority")
    search.press("Enter")
    tool.locator(".found", has_text="1 unit(s)").wait_for()
    assert tool.locator(".results mark").first.inner_text() == "central authority"
    assert tool.locator(".results .match-origin").inner_text() == "approved"
    tool.locator("select[name=side]").select_option("source")
    search.fill("autoridad central")
    search.press("Enter")
    tool.locator(".found", has_text="0 unit(s)").wait_for()
    tool.locator("select[name=side]").select_option("target")
    tool.get_by_role("button", name="Search").click()
    tool.locator(".found", has_text="1 unit(s)").wait_for()
    assert "La autoridad central" in tool.locator(".results").inner_text()


def test_search_and_replace_shows_each_change_before_making_it(page, served):
    edit_page(page, served)
    workset = open_workset(served.folder / f"{GHANA}.yaml", "es")
    word = "solicitas"  # Apertium's word for "requests" that no data repairs ("potestades" is repaired now)
    having = [u.id for u in workset.units if word in u.target.casefold()]
    assert having
    tool = page.locator("#replace")
    tool.locator("summary").click()
    tool.get_by_label("Find").fill(word)
    tool.get_by_label("Replace with").fill("solicitudes")
    tool.get_by_role("button", name="Preview").click()
    assert tool.locator(".previews li").count() == len(having)
    assert tool.locator(".previews li del").first.inner_text().casefold() == word
    assert all(page.locator(f"article.unit[data-unit='{u}'] textarea").input_value().casefold().count(word)
               for u in having)  # nothing changed yet
    tool.get_by_role("button", name="Replace").click()
    for unit in having:
        row = unit_row(page, unit)
        assert word not in row.locator("textarea").input_value().casefold()
        assert "edited" in row.get_attribute("class")
    page.keyboard.press("Control+s")
    page.locator("#save-state", has_text=f"Saved {len(having)} unit(s)").wait_for()
    assert "solicitudes" in saved_unit(served, having[0]).target


# -- the preview --------------------------------------------------------------------------------

def test_the_preview_panes_scroll_together(page, served):
    page.goto(served.base + f"/o/{MONGOLIA_NAME}/preview?lang=ar")
    frames = {}
    for code in ("en", "ar"):
        page.frame_locator(f"#pane-{code} iframe.document").locator("h1").first.wait_for()
        frames[code] = page.locator(f"#pane-{code} iframe.document").element_handle().content_frame()
    page.wait_for_timeout(300)  # the page's script watches each frame once it has loaded
    share = """() => { const s = document.scrollingElement;
                       return s.scrollTop / (s.scrollHeight - s.clientHeight); }"""
    frames["en"].evaluate("() => { const s = document.scrollingElement;"
                          " s.scrollTop = (s.scrollHeight - s.clientHeight) / 2; }")
    page.wait_for_function("frame => { const s = frame.contentDocument.scrollingElement; return s.scrollTop > 0; }",
                           arg=page.locator("#pane-ar iframe.document").element_handle())
    assert abs(frames["ar"].evaluate(share) - frames["en"].evaluate(share)) < 0.02
