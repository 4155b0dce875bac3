"""Compose: the document model follows the blueprint, numbers paragraphs and notes, words the masthead."""
from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.document import Heading, NumberedParagraph, plain
from publisher.versions import base_stem
from publisher.render.text import TextWriter
from publisher.validate import validate_file

from .conftest import JORDAN, MONGOLIA, SAMPLE_OUTCOMES

GOLDEN = Path(__file__).parent / "golden"


def composed(path, kind="observations", change=None, write_outcome=None):
    if change is not None:
        path = write_outcome(change=change, base=path)
    findings, outcome = validate_file(path)
    assert outcome is not None, findings
    return compose(outcome, kind, load_blueprints())


@pytest.mark.parametrize("sample", SAMPLE_OUTCOMES)
@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_documents_match_their_golden_text(sample, kind):
    document = composed(sample, kind)
    text = TextWriter().render(document).decode("utf-8")
    golden = GOLDEN / f"{base_stem(Path(sample))}-{kind}-{document.language}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"run UPDATE_GOLDEN=1 pytest to accept changes to {golden}"


def test_sections_follow_the_blueprint_with_roman_numerals():
    headings = [(b.label, b.text) for b in composed(MONGOLIA).blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        ("I.", "Introduction"),
        ("II.", "Successes and good practices"),
        ("III.", "Challenges in implementation"),
        ("IV.", "Observations on the implementation of the articles under review"),
        ("V.", "Technical assistance needs"),
    ]


def test_paragraphs_are_numbered_in_order_through_the_document():
    numbers = [p.number for p in composed(MONGOLIA).paragraphs()]
    assert numbers == list(range(1, len(numbers) + 1))


def test_sub_paragraphs_are_lettered():
    paragraph = next(p for p in composed(MONGOLIA).paragraphs() if p.subparagraphs)
    assert [s.label for s in paragraph.subparagraphs] == ["(a)", "(b)"]


def test_articles_are_grouped_by_instrument_in_table_order(write_outcome):
    document = composed(MONGOLIA, change=lambda d: d["observations"]["articles"]["convention"].reverse(),
                        write_outcome=write_outcome)
    level2 = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert level2[0] == "United Nations Convention against Transnational Organized Crime"
    assert level2[1].startswith("Protocol to Prevent, Suppress and Punish Trafficking in Persons")
    articles = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 3]
    # the article number stays with its word (no-break space)
    assert articles[:3] == ["Article\u00a02. Use of terms",
                            "Article\u00a05. Criminalization of participation in an organized criminal group",
                            "Article\u00a06. Criminalization of the laundering of proceeds of crime"]


def test_the_standard_introduction_names_the_states_in_running_text():
    intro = plain(composed(JORDAN).paragraphs()[0].runs)
    assert "by Jordan" in intro and "Kenya and the Netherlands" in intro
    assert "cluster on criminalization and jurisdiction" in intro


def test_an_introduction_written_by_the_editor_replaces_the_standard_one(write_outcome):
    document = composed(MONGOLIA, "summary", write_outcome=write_outcome,
                        change=lambda d: d["summary"].__setitem__("introduction", ["Our own opening."]))
    assert plain(document.paragraphs()[0].runs) == "Our own opening."


def test_footnotes_are_numbered_in_order_of_first_citation_and_cited_again_without_a_new_note(write_outcome):
    def two_notes(d):
        d["footnotes"]["law"] = "Law on the Police, 2017."
        d["observations"]["successes_and_good_practices"][1] += "[^law]"
        d["observations"]["challenges"][0] += "[^code]"
    document = composed(MONGOLIA, write_outcome=write_outcome, change=two_notes)
    assert [plain(n.runs) for n in document.footnotes] == [
        "Criminal Code of Mongolia (fictional citation for this sample), articles\u00a01.4, 6.2, 13.1, 18.1–18.6 and 21.4.",
        "Law on the Police, 2017."]
    calls = [r for p in document.paragraphs() for r in p.runs if r.note is not None]
    assert [(r.note, r.first_citation) for r in calls] == [(1, True), (2, True), (1, False)]


def test_the_masthead_carries_symbol_distribution_date_original_and_agenda():
    masthead = composed(MONGOLIA, "summary").masthead
    assert masthead.organization == "United Nations"
    assert masthead.symbols == ("CTOC/COP/WG.3/2026/7", "CTOC/COP/WG.4/2026/7")
    assert (masthead.distribution, masthead.date, masthead.original) == (
        "Distr.: General", "27 November 2026", "Original: English")
    meeting, second = masthead.meetings
    assert (meeting.session, meeting.agenda_item, meeting.agenda_mark, meeting.agenda_symbol) == (
        "Vienna, 14 and 15 December 2026", "Item\u00a04 of the provisional agenda", "*", "CTOC/COP/WG.3/2026/1")
    assert (second.working_group, second.agenda_mark, second.agenda_symbol) == (
        "Working Group on Trafficking in Persons", "**", "CTOC/COP/WG.4/2026/1")


@pytest.mark.parametrize("dates, expected", [
    (["2026-12-14"], "Vienna, 14 December 2026"),
    (["2026-12-14", "2026-12-15"], "Vienna, 14 and 15 December 2026"),
    (["2026-12-14", "2026-12-18"], "Vienna, 14–18 December 2026"),
    (["2026-10-30", "2026-11-01"], "Vienna, 30 October–1 November 2026"),
    (["2026-12-30", "2027-01-02"], "Vienna, 30 December 2026–2 January 2027"),
])
def test_session_dates_are_written_in_un_style(write_outcome, dates, expected):
    document = composed(MONGOLIA, write_outcome=write_outcome,
                        change=lambda d: d["issue"]["meetings"][0].__setitem__("dates", dates))
    assert document.masthead.meetings[0].session == expected


def test_the_document_carries_language_and_direction_for_the_renderers():
    document = composed(MONGOLIA)
    assert (document.language, document.direction) == ("en", "ltr")


def test_every_source_paragraph_appears_once(write_outcome):
    document = composed(MONGOLIA)
    texts = [plain(b.runs) for b in document.blocks if isinstance(b, NumberedParagraph)]
    assert len(texts) == len(set(texts))
    assert any(t.startswith("Obstruction of justice is criminalized") for t in texts)
