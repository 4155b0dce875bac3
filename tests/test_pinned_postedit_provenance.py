"""Who made a unit's text and who confirmed it, exactly as a save records it: the unit's id and
fingerprint, whether its text is machine text, what goes to the memory with which origin, the QA
report and the readable summary. Every workset is built here from units, in the test."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from publisher.findings import Issue, Severity
from publisher.postedit import provenance
from publisher.postedit.units import TermHint, Unit, unit_fingerprint, unit_id
from publisher.postedit.workset import Workset

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def unit(target="Texto.", state="translated", origin="mt", *, field="summary.text", index=0, source="Text.",
         issues=(), accepted=False, score=None, route="", import_base="") -> Unit:
    return Unit(unit_id(field, index), field, index, source, target, state, origin, score, route,
                issues=issues, accepted=accepted, import_base=import_base)


def workset_of(*units: Unit, target_language="es") -> Workset:
    return Workset(Path("/reviews/ghana.yaml"), Path("/reviews/ghana.es.yaml"), None, {}, "en", target_language,
                   tuple(units), {})


# -- units -------------------------------------------------------------------------------------

def test_a_unit_id_turns_brackets_into_dots_and_anything_else_outside_a_name_token_into_underscores():
    assert unit_id("observations.articles.UNTOC[10].paragraphs[2]", 0) == "observations.articles.UNTOC.10.paragraphs.2.s1"
    assert unit_id("footnotes.a b:c/d", 2) == "footnotes.a_b_c_d.s3"
    assert unit_id("footnotes.note-1_x", None) == "footnotes.note-1_x.p"
    assert unit_id("x[y]", None) == "x_y_.p"


def test_a_units_fingerprint_is_the_first_16_hex_digits_of_the_sha256_of_state_and_target_spacing_aside():
    expected = hashlib.sha256("reviewed\nUn texto corto.".encode("utf-8")).hexdigest()[:16]
    assert unit_fingerprint("reviewed", "  Un   texto\ncorto. ") == expected
    assert unit_fingerprint("reviewed", "Un texto corto.") != unit_fingerprint("final", "Un texto corto.")
    assert unit_fingerprint("reviewed", "Un texto corto.") != unit_fingerprint("reviewed", "Un texto largo.")


def test_a_unit_without_a_target_is_fingerprinted_as_initial_whatever_its_state():
    assert unit(target="", state="reviewed").fingerprint == unit_fingerprint("initial", "")
    assert unit(target="Texto.", state="reviewed").fingerprint == unit_fingerprint("reviewed", "Texto.")


def test_a_units_codes_are_the_inline_codes_of_its_source_in_order():
    codes = unit(source="In 2020[^a], see *this*.").codes
    assert [(c.kind, c.text) for c in codes] == [("number", "2020"), ("footnote", "[^a]"), ("italic", "*"),
                                                 ("italic", "*")]
    assert unit(source="Nothing to keep.").codes == ()


# -- machine text and acceptance ------------------------------------------------------------------

@pytest.mark.parametrize("origin, target, machine", [
    ("mt", "Texto.", True), ("tm-exact", "Texto.", True), ("tm-fuzzy", "Texto.", True), ("glossary", "Texto.", True),
    ("copy", "Texto.", True), ("post-edited", "Texto.", False), ("human", "Texto.", False), ("mt", "", False),
])
def test_machine_text_is_a_target_no_person_made(origin, target, machine):
    assert provenance.machine_text(unit(target, origin=origin)) is machine


@pytest.mark.parametrize("state, changed, accept, accepted_before, origin, expected", [
    ("translated", False, True, False, "mt", True),  # "Save and confirm all" accepts it as it is
    ("translated", False, False, True, "mt", True),  # accepted before, and left alone
    ("translated", False, False, False, "mt", False),  # neither accepted now nor before
    ("translated", True, True, False, "mt", False),  # a changed text is a person's
    ("reviewed", False, True, False, "mt", False),  # a confirmed state is a person's confirmation
    ("final", False, False, True, "mt", False),
    ("translated", False, True, False, "human", False),  # not machine text
])
def test_a_unit_stays_accepted_machine_text_only_unchanged_unconfirmed_and_accepted(
        state, changed, accept, accepted_before, origin, expected):
    before = unit(origin=origin, accepted=accepted_before)
    assert provenance.accepted_after(before, state, changed, accept) is expected


def test_save_and_confirm_all_awaits_unconfirmed_unaccepted_machine_text_without_a_qa_error():
    waiting = unit(field="a", origin="mt")
    with_warning = unit(field="b", origin="tm-fuzzy", issues=(Issue("qa.terms", WARNING, "a term"),))
    units = [waiting, with_warning,
             unit(field="c", origin="mt", issues=(Issue("qa.numbers", ERROR, "a number"),)),
             unit(field="d", origin="mt", state="reviewed"), unit(field="e", origin="mt", state="final"),
             unit(field="f", origin="mt", accepted=True), unit(field="g", origin="post-edited"),
             unit(field="h", target="", origin="untranslated", state="initial")]
    assert provenance.awaiting_acceptance(units) == (waiting, with_warning)


# -- the memory --------------------------------------------------------------------------------

@pytest.mark.parametrize("target, state, origin, accepted, issues, stored", [
    ("Texto.", "reviewed", "post-edited", False, (), "post-edited"),
    ("Texto.", "reviewed", "human", False, (), "post-edited"),
    ("Texto.", "final", "post-edited", False, (), "approved"),
    ("Texto.", "translated", "post-edited", False, (), None),  # a person's text, not confirmed
    ("Texto.", "reviewed", "mt", False, (), "confirmed-mt"),
    ("Texto.", "final", "tm-fuzzy", False, (), "confirmed-mt"),
    ("Texto.", "translated", "mt", True, (), "confirmed-mt"),  # accepted as it is
    ("Texto.", "translated", "mt", False, (), None),
    ("Texto.", "reviewed", "tm-exact", False, (), None),  # the memory has it already
    ("Texto.", "translated", "tm-exact", True, (), None),
    ("", "reviewed", "post-edited", False, (), None),
    ("Texto.", "final", "post-edited", False, (Issue("qa.numbers", ERROR, "x"),), None),
    ("Texto.", "final", "post-edited", False, (Issue("qa.terms", WARNING, "x"), Issue("qa.fuzzy", INFO, "y")),
     "approved"),
    ("Texto.", "reviewed", "mt", False, (Issue("qa.numbers", ERROR, "x"),), None),
])
def test_what_a_unit_is_stored_in_the_memory_as(target, state, origin, accepted, issues, stored):
    assert provenance.memory_origin(unit(target, state, origin, accepted=accepted, issues=issues)) == stored


def test_the_memory_rows_are_the_stored_units_in_order_with_both_languages_and_their_origin():
    units = (unit("Uno.", "final", "post-edited", field="a", source="One."),
             unit("Dos.", "translated", "mt", field="b", source="Two."),
             unit("Tres.", "reviewed", "mt", field="c", source="Three."))
    assert provenance.memory_rows(workset_of(*units, target_language="fr")) == [
        ("en", "fr", "One.", "Uno.", "approved"), ("en", "fr", "Three.", "Tres.", "confirmed-mt")]


# -- the report and the summary ----------------------------------------------------------------

def report_units() -> tuple[Unit, ...]:
    return (unit("Uno.", "final", "post-edited", field="a", source="One.", score=None, route="",
                 issues=(Issue("qa.terms", WARNING, "term x"),), import_base="0123456789abcdef"),
            unit("Dos.", "translated", "mt", field="b", index=1, source="Two.", score=0.5, route="eng-spa",
                 accepted=True, issues=(Issue("qa.numbers", ERROR, "number 2 missing"),
                                        Issue("qa.fuzzy", INFO, "a fuzzy match"))),
            unit("", "initial", "mt", field="c", source="Three.",
                 issues=(Issue("qa.untranslated", WARNING, "not translated"),)))


def test_the_report_holds_every_unit_as_saved_with_its_provenance_and_issues():
    report = provenance.report(workset_of(*report_units()))
    assert report["source_file"] == "ghana.yaml"
    assert (report["source_language"], report["target_language"], report["status"]) == ("en", "es", "draft")
    assert report["saved"].endswith("+00:00") and len(report["saved"]) == len("2026-12-06T13:00:00+00:00")
    first, second, third = report["segments"]
    assert first == {"field": "a", "index": 0, "source": "One.", "target": "Uno.", "origin": "post-edited",
                     "score": None, "route": "", "state": "final", "unit": "a.s1",
                     "issues": [{"code": "qa.terms", "severity": "warning", "message": "term x"}],
                     "import_base": "0123456789abcdef"}
    assert second == {"field": "b", "index": 1, "source": "Two.", "target": "Dos.", "origin": "mt", "score": 0.5,
                      "route": "eng-spa", "state": "translated", "unit": "b.s2",
                      "issues": [{"code": "qa.numbers", "severity": "error", "message": "number 2 missing"},
                                 {"code": "qa.fuzzy", "severity": "info", "message": "a fuzzy match"}],
                      "accepted": True}
    assert third["target"] == "[[Three.]]" and third["origin"] == "untranslated"
    assert "accepted" not in third and "import_base" not in third
    json.dumps(report)  # what a save writes


def test_the_summary_counts_states_origins_provenance_and_issues():
    units = report_units() + (unit("Cuatro.", "reviewed", "mt", field="d"),)
    assert provenance.summary(workset_of(*units)) == {
        "segments": 4, "states": {"initial": 1, "translated": 1, "reviewed": 1, "final": 1},
        "origins": {"mt": 2, "post-edited": 1, "untranslated": 1},
        "confirmed_machine_translation": 1,  # d, confirmed; b is accepted but has a QA error
        "accepted_as_machine_translation": 1, "errors": 1, "warnings": 2}


def test_the_readable_summary_says_the_counts_and_each_problem_with_its_unit():
    text = provenance.readable_summary(workset_of(*report_units()))
    assert text == (
        "ghana.yaml -> es (Spanish), post-edited version: draft\n"
        "  segments: 3  mt: 1  post-edited: 1  untranslated: 1\n"
        "  states: initial: 1  translated: 1  reviewed: 0  final: 1\n"
        "  confirmed machine translation: 0 (of which accepted all at once, not yet confirmed unit by unit: 1)\n"
        "  QA errors: 1, warnings: 2\n"
        "  a.s1: warning: term x [qa.terms]\n"
        "  b.s2: error: number 2 missing [qa.numbers]\n")


@pytest.mark.parametrize("states, status", [
    (("final", "final"), "final"), (("final", "reviewed"), "post-edited"), (("reviewed", "reviewed"), "post-edited"),
    (("final", "translated"), "draft"), (("initial",), "draft"), ((), "final"),
])
def test_an_outcome_is_final_when_every_unit_is_post_edited_when_every_unit_is_confirmed_else_draft(states, status):
    units = [unit(state=state, field=f"f{n}") for n, state in enumerate(states)]
    assert workset_of(*units).status == status


def test_a_workset_names_its_report_and_summary_beside_the_translation():
    workset = workset_of(unit())
    assert workset.report_path == Path("/reviews/ghana.es.qa.json")
    assert workset.summary_path == Path("/reviews/ghana.es.qa.txt")
    assert workset.unit("summary.text.s1") == unit() and workset.unit("nothing") is None


def test_term_hints_travel_with_a_unit():
    hint = TermHint("mutual legal assistance", "asistencia judicial recíproca", "mla")
    assert Unit("a.s1", "a", 0, "s", "t", "translated", "mt", terms=(hint,)).terms[0].entry == "mla"
