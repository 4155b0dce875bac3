"""A translated outcome opened for post-editing, edited and saved, pinned on small outcomes built in
each test: how units are aligned with the QA report (or without one), which edits are refused with
which rule and message, what an applied edit changes, and what a save writes."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from publisher.errors import PublisherError
from publisher.findings import Issue, Severity
from publisher.load import LoadedFile, MAX_TEXT_CHARACTERS
from publisher.postedit import workset as ws
from publisher.postedit.units import Unit, unit_id
from publisher.postedit.workset import Edit, Slot, Workset, apply_edits, check_target
from .conftest import GHANA

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def loaded(data: dict, file: str = "/reviews/x.yaml") -> LoadedFile:
    return LoadedFile(file, data, None, ())


def outcome(*challenges, footnotes=None) -> dict:
    data = {"review": {"language": "en", "state": "Ghana", "cluster": "international-cooperation", "year": 2026},
            "observations": {"challenges": list(challenges)}}
    if footnotes:
        data["footnotes"] = footnotes
    return data


def record(field: str, index: int, source: str, target: str, **more) -> dict:
    return {"field": field, "index": index, "source": source, "target": target, **more}


def unit(target="Texto uno.", state="translated", origin="mt", *, source="Text one.", field="f", score=0.8,
         accepted=False) -> Unit:
    return Unit(unit_id(field, 0), field, 0, source, target, state, origin, score, accepted=accepted)


def workset_of(*units: Unit, folder: Path = Path("/reviews")) -> Workset:
    return Workset(folder / "x.yaml", folder / "x.es.yaml", None, {}, "en", "es", tuple(units), {})


# -- aligning units with the report ---------------------------------------------------------------

def test_each_sentence_becomes_a_unit_with_what_its_record_says():
    source = loaded(outcome("One. Two."))
    report = {"segments": [
        record("observations.challenges[0]", 0, "One.", "Uno.", origin="mt", score=0.75, route="eng-spa",
               state="reviewed", import_base="abc", accepted=True,
               issues=[{"code": "numbers", "severity": "error", "message": "m1"},
                       {"code": "xliff.conflict", "severity": "warning", "message": "m2"},
                       {"code": "custom.rule", "severity": "odd", "message": "m3"}, "not an issue",
                       {"code": "postedit.text", "severity": "info", "message": "m4"}, {"severity": "error"},
                       {"code": "qa.terms.missing", "severity": "error", "message": "m5"}]),
        record("observations.challenges[0]", 1, "Two.", "Dos.", origin="tm-fuzzy", accepted="yes"),
        {"field": 3, "index": 0}, "not a record"]}
    units, layout = ws._align(source, outcome("Uno. Dos."), "en", "es", report, "draft")
    first, second = units
    assert (first.id, first.field, first.index, first.source, first.target, first.state, first.origin) == (
        "observations.challenges.0.s1", "observations.challenges[0]", 0, "One.", "Uno.", "reviewed", "mt")
    assert (first.score, first.route, first.import_base, first.accepted) == (0.75, "eng-spa", "abc", True)
    assert [(i.code, i.severity, i.message) for i in first.issues] == [
        ("qa.numbers", ERROR, "m1"), ("xliff.conflict", WARNING, "m2"), ("qa.custom.rule", WARNING, "m3"),
        ("postedit.text", Severity.INFO, "m4"), ("qa.", ERROR, ""), ("qa.terms.missing", ERROR, "m5")]
    assert (second.state, second.score, second.route, second.import_base, second.accepted) == (
        "translated", None, "", "", False)
    assert layout == {"observations.challenges[0]": (("observations", "challenges", 0), (
        Slot("observations.challenges.0.s1", "", " "), Slot("observations.challenges.0.s2", "", "")))}


@pytest.mark.parametrize("origin, state, expected", [
    ("untranslated", None, "initial"), ("post-edited", None, "reviewed"), ("mt", None, "translated"),
    ("mt", "final", "final"), ("mt", "signed-off", "translated"), ("mt", "", "translated"),
])
def test_a_records_state_or_else_its_origin_gives_the_units_state(origin, state, expected):
    target = "[[One.]]" if origin == "untranslated" else "Uno."
    extra = {"state": state} if state is not None else {}
    report = {"segments": [record("observations.challenges[0]", 0, "One.", target, origin=origin, **extra)]}
    units, _ = ws._align(loaded(outcome("One.")), outcome(target), "en", "es", report, "draft")
    assert units[0].state == expected
    assert units[0].target == ("" if origin == "untranslated" else "Uno.")


@pytest.mark.parametrize("changed", [
    {"source": "Another."}, {"target": 3}, {"index": 1}, {"field": "observations.challenges[1]"}])
def test_a_field_whose_records_do_not_match_becomes_one_paragraph_unit_holding_the_text(changed):
    report = {"segments": [{**record("observations.challenges[0]", 0, "One.", "Uno."), **changed}]}
    units, layout = ws._align(loaded(outcome("One.")), outcome(" Uno. \n"), "en", "es", report, "post-edited")
    assert [(u.id, u.index, u.source, u.target, u.state, u.origin) for u in units] == [
        ("observations.challenges.0.p", 0, "One.", "Uno.", "reviewed", "human")]
    assert layout["observations.challenges[0]"][1] == (Slot("observations.challenges.0.p", " ", " \n"),)


def test_a_field_whose_text_changed_since_the_report_becomes_one_paragraph_unit():
    report = {"segments": [record("observations.challenges[0]", 0, "One.", "Uno.")]}
    units, _ = ws._align(loaded(outcome("One.")), outcome("Uno, cambiado."), "en", "es", report, "final")
    assert [(u.target, u.state, u.origin) for u in units] == [("Uno, cambiado.", "final", "human")]


def test_a_field_still_marked_untranslated_is_one_initial_unit_without_a_target():
    units, _ = ws._align(loaded(outcome("One.")), outcome("[[One.]]"), "en", "es", None, "final")
    assert [(u.target, u.state, u.origin) for u in units] == [("", "initial", "untranslated")]


@pytest.mark.parametrize("status, state", [("final", "final"), ("post-edited", "reviewed"), ("draft", "translated"),
                                           ("", "translated")])
def test_without_a_report_as_many_sentences_on_both_sides_align_one_by_one_in_the_state_of_the_version(status, state):
    units, layout = ws._align(loaded(outcome("One. Two.")), outcome("Uno.  Dos."), "en", "es", None, status)
    assert [(u.id, u.source, u.target, u.state, u.origin) for u in units] == [
        ("observations.challenges.0.s1", "One.", "Uno.", state, "human"),
        ("observations.challenges.0.s2", "Two.", "Dos.", state, "human")]
    assert layout["observations.challenges[0]"][1] == (
        Slot("observations.challenges.0.s1", "", "  "), Slot("observations.challenges.0.s2", "", ""))


@pytest.mark.parametrize("source, target", [("One. Two.", "Uno, dos."), ("One.", "Uno.")])
def test_without_a_report_one_sentence_or_a_different_count_is_one_paragraph_unit(source, target):
    units, _ = ws._align(loaded(outcome(source)), outcome(target), "en", "es", None, "draft")
    assert [(u.id, u.source, u.target) for u in units] == [("observations.challenges.0.p", source, target)]


def test_a_version_without_a_field_of_its_source_is_refused_naming_the_field():
    with pytest.raises(PublisherError) as raised:
        ws._align(loaded(outcome("One.", "Two.")), outcome("Uno."), "en", "es", None, "draft")
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.column, finding.field, finding.code) == (
        "/reviews/x.yaml", 0, 0, "observations.challenges[1]", "postedit.structure")
    assert finding.message == ("the translated version has no text here: it does not have the structure of its "
                               "source")


def test_blank_space_between_sentences_is_kept_as_a_slot_of_its_own():
    slots = [Slot(None, "  "), Slot("a", "", " "), Slot(None, "\n")]
    units = {"a": unit("Uno.", field="a")}
    assert ws._join(slots, units) == "  Uno. \n"
    units = {"a": unit("", field="a", source="One[^n].")}
    assert ws._join([Slot("a", "<", ">")], units) == "<[[One]][^n][[.]]>"


@pytest.mark.parametrize("report", ["[1, 2]", '{"segments": {}}', "not json", '"text"', "\udcff"])
def test_an_unreadable_report_is_no_report(tmp_path, report):
    path = tmp_path / "x.es.qa.json"
    path.write_text(report, encoding="utf-8", errors="surrogateescape")
    assert ws._read_report(path) is None


def test_a_readable_report_is_read_and_a_missing_one_is_none(tmp_path):
    path = tmp_path / "x.es.qa.json"
    path.write_text(json.dumps({"segments": [], "status": "draft"}), encoding="utf-8")
    assert ws._read_report(path) == {"segments": [], "status": "draft"}
    assert ws._read_report(tmp_path / "missing.json") is None


def test_glossary_terms_become_hints_of_their_unit_when_the_target_language_has_one():
    class Entry:
        id = "mla"

    class Match:
        def __init__(self, text, target):
            self.text, self.entry, self._target = text, Entry(), target

        def target(self, language):
            return self._target if language == "es" else ""

    class Glossary:
        def find(self, text, language):
            assert (text, language) == ("Text one.", "en")
            return [Match("Text", "Texto"), Match("one", "")]

    hinted = ws._with_terms(unit(), Glossary(), "en", "es")
    assert [(h.source, h.target, h.entry) for h in hinted.terms] == [("Text", "Texto", "mla")]
    assert ws._with_terms(unit(), None, "en", "es") == unit()


def test_a_key_path_that_leads_nowhere_gives_none():
    data = {"a": [{"b": "text"}]}
    assert ws._get(data, ("a", 0, "b")) == "text"
    assert ws._get(data, ("a", 1, "b")) is None
    assert ws._get(data, ("x",)) is None
    assert ws._get(data, ("a", 0, "b", "c")) is None


# -- which file is a version of which ------------------------------------------------------------

def test_a_version_must_say_its_language_and_the_same_state_cluster_and_year():
    source = loaded(outcome("One."), "/reviews/x.yaml")
    version = outcome("Uno.")
    version["review"] = {**version["review"], "language": "es"}
    ws._check_is_version_of(loaded(version, "/reviews/x.es.yaml"), source, "es")
    with pytest.raises(PublisherError) as raised:
        ws._check_is_version_of(loaded(version, "/reviews/x.es.yaml"), source, "fr")
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.column, finding.field, finding.message, finding.code) == (
        "/reviews/x.es.yaml", 0, 0, "review.language", "is not the fr version of x.yaml", "postedit.not-a-version")
    for key, value in (("state", "Chile"), ("cluster", "criminalization"), ("year", 2027)):
        other = {**version, "review": {**version["review"], key: value}}
        with pytest.raises(PublisherError) as raised:
            ws._check_is_version_of(loaded(other, "/reviews/x.es.yaml"), source, "es")
        [finding] = raised.value.findings
        assert (finding.file, finding.line, finding.column, finding.field, finding.message, finding.code) == (
            "/reviews/x.es.yaml", 0, 0, f"review.{key}", "differs from x.yaml: this is not a version of it",
            "postedit.not-a-version")
    for data in ({"review": "es"}, ["a list"]):
        with pytest.raises(PublisherError) as raised:
            ws._check_is_version_of(loaded(data, "/reviews/x.es.yaml"), source, "es")
        assert raised.value.findings[0].field == "review.language"


def test_opening_into_the_language_of_the_outcome_is_refused(tmp_path):
    source = tmp_path / "x.yaml"
    source.write_bytes(GHANA.read_bytes())
    with pytest.raises(PublisherError) as raised:
        ws.open_workset(source, "en")
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.column, finding.field, finding.message, finding.code) == (
        str(source), 0, 0, "review.language", "the outcome is already in en", "postedit.same-language")


def test_the_translation_of_an_outcome_is_its_language_version_beside_it_or_in_a_given_folder():
    assert ws.translation_path(Path("/r/x.yaml"), "fr") == Path("/r/x.fr.yaml")
    assert ws.translation_path(Path("/r/x.yaml"), "zh", Path("/elsewhere")) == Path("/elsewhere/x.zh.yaml")


# -- edits ---------------------------------------------------------------------------------------

def test_an_edit_of_an_unknown_unit_is_refused_with_its_id_and_the_others_still_apply():
    result = apply_edits(workset_of(unit()), [Edit("nothing.s1", "Texto."), Edit("f.s1", "Texto nuevo.")])
    assert result.applied == ("f.s1",) and result.rejected == ("nothing.s1",)
    assert [(i.code, i.severity, i.unit, i.message) for i in result.issues] == [
        ("postedit.unknown-unit", ERROR, "nothing.s1",
         "no such unit in this outcome (was the source restructured since the export?)")]


@pytest.mark.parametrize("edit, code, message", [
    (Edit("f.s1", "Texto.", "signed-off"), "postedit.state",
     'unknown state "signed-off"; one of initial, translated, reviewed, final'),
    (Edit("f.s1", "Texto.", source="Text two."), "postedit.source-changed",
     "the source of this unit has changed since it was exported; export again"),
    (Edit("f.s1", "  ", "translated"), "postedit.empty-target", 'state "translated" with no target'),
    (Edit("f.s1", "", "final"), "postedit.empty-target", 'state "final" with no target'),
])
def test_an_edit_that_cannot_apply_is_refused_with_its_rule_and_message(edit, code, message):
    result = apply_edits(workset_of(unit()), [edit])
    assert result.applied == () and result.rejected == ("f.s1",)
    assert [(i.code, i.severity, i.unit, i.message) for i in result.issues] == [(code, ERROR, "f.s1", message)]
    assert result.workset.units == (unit(),)


def test_a_source_that_differs_only_in_spacing_is_the_same_source():
    result = apply_edits(workset_of(unit()), [Edit("f.s1", "Texto dos.", source=" Text\n one. ")])
    assert result.applied == ("f.s1",)


def test_an_empty_target_in_state_initial_empties_the_unit():
    result = apply_edits(workset_of(unit()), [Edit("f.s1", " ", "initial")])
    assert result.applied == ("f.s1",)
    changed = result.workset.units[0]
    assert (changed.target, changed.state, changed.origin, changed.score) == ("", "initial", "post-edited", None)


def test_a_changed_target_is_a_post_edit_with_its_state_and_no_score():
    result = apply_edits(workset_of(unit()), [Edit("f.s1", "Texto\n  uno,\tcambiado. ", "final", import_base="fp")])
    changed = result.workset.units[0]
    assert (changed.target, changed.state, changed.origin, changed.score, changed.import_base, changed.accepted) == (
        "Texto uno, cambiado.", "final", "post-edited", None, "fp", False)
    assert result.issues == ()


def test_a_target_confirmed_as_it_was_keeps_its_text_spacing_score_and_provenance():
    before = unit("Texto\u00a0 uno.", origin="tm-fuzzy", score=0.9)
    result = apply_edits(workset_of(before), [Edit("f.s1", " Texto\u00a0\nuno. ", "reviewed")])
    after = result.workset.units[0]
    assert (after.target, after.state, after.origin, after.score) == ("Texto\u00a0 uno.", "reviewed", "tm-fuzzy", 0.9)


def test_no_break_spaces_of_a_new_target_stay():
    result = apply_edits(workset_of(unit()), [Edit("f.s1", "Texto\u00a0: dos.")])
    assert result.workset.units[0].target == "Texto\u00a0: dos."


def test_accepting_machine_text_as_it_is_marks_it_accepted_and_keeps_its_state():
    result = apply_edits(workset_of(unit()), [Edit("f.s1", "Texto uno.", "translated", accept=True)])
    after = result.workset.units[0]
    assert (after.accepted, after.state, after.origin) == (True, "translated", "mt")


def test_applied_edits_keep_the_order_of_the_units():
    first, second = unit(field="a"), unit(field="b")
    result = apply_edits(workset_of(first, second), [Edit("b.s1", "Otro."), Edit("a.s1", "Uno.")])
    assert result.applied == ("b.s1", "a.s1")
    assert [u.id for u in result.workset.units] == ["a.s1", "b.s1"]
    assert [u.target for u in result.workset.units] == ["Uno.", "Otro."]


def test_a_target_breaking_an_inline_code_is_refused_and_its_markup_issue_not_repeated():
    before = unit(source="See *this*[^a] in 2020.", target="Véase *esto*[^a] en 2020.")
    result = apply_edits(workset_of(before), [Edit("f.s1", "Véase *esto en 2020.")])
    assert result.rejected == ("f.s1",) and result.applied == ()
    codes = [i.code for i in result.issues]
    assert "postedit.inline-code" in codes and "qa.markup" not in codes
    assert all(i.unit == "f.s1" for i in result.issues)


def test_a_qa_problem_of_an_applied_edit_is_reported_with_the_unit_and_kept_on_it_without():
    result = apply_edits(workset_of(unit()), [Edit("f.s1", "Texto ⟦1⟧ uno.")])
    assert result.applied == ("f.s1",)
    assert [(i.code, i.severity, i.unit) for i in result.issues] == [("qa.placeholders", ERROR, "f.s1")]
    assert [(i.code, i.unit) for i in result.workset.units[0].issues] == [("qa.placeholders", "")]


def test_a_target_over_the_text_limit_is_refused_before_any_other_check():
    before = unit(source="See[^a].")
    issues = check_target(workset_of(before), before, "x" * (MAX_TEXT_CHARACTERS + 1))
    assert [(i.code, i.severity, i.unit) for i in issues] == [("postedit.text", ERROR, "f.s1")]
    assert issues[0].message == f"{MAX_TEXT_CHARACTERS + 1:,} characters; a text holds at most {MAX_TEXT_CHARACTERS:,}"
    at_limit = check_target(workset_of(before), before, "x" * MAX_TEXT_CHARACTERS)
    assert "postedit.inline-code" in [i.code for i in at_limit]


def test_a_character_no_document_may_hold_is_refused_with_where_it_stands():
    before = unit()
    issues = check_target(workset_of(before), before, "Texto\x07 uno.")
    assert [(i.code, i.severity, i.unit, i.message) for i in issues if i.code == "postedit.text"] == [
        ("postedit.text", ERROR, "f.s1", "character U+0007 at position 6 cannot stand in a document")]


def test_an_empty_target_has_only_its_code_problems():
    before = unit(source="See[^a].")
    issues = check_target(workset_of(before), before, "   ")
    assert [i.code for i in issues] == ["postedit.inline-code"]


# -- saving --------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, accepted, first", [
    ("draft", 0, "# DRAFT translation (partly machine-made, partly post-edited) into Spanish of x.yaml.\n"),
    ("post-edited", 2, "# Post-edited translation into Spanish of x.yaml.\n"
                       "# 2 sentence(s) of machine translation accepted as they are, not yet confirmed one by one.\n"),
    ("final", 0, "# Final translation into Spanish of x.yaml.\n"),
])
def test_a_saved_version_opens_with_what_it_is(status, accepted, first):
    units = [unit(field=f"f{n}", accepted=n < accepted) for n in range(3)]
    assert ws._header(workset_of(*units), status) == (
        first + "# Per-sentence provenance and QA: x.es.qa.json, x.es.qa.txt. Text marked [[...]] is not "
                "translated yet.\n")


def test_the_saved_data_has_each_field_rebuilt_from_its_units_and_the_status_and_source_said():
    keys = ("observations", "challenges", 0)
    data = {"observations": {"challenges": ["old"]}, "translation": {"engine": "apertium", "source": "y.yaml"}}
    workset = Workset(Path("/r/x.yaml"), Path("/r/x.es.yaml"), None, data, "en", "es",
                      (unit("Uno.", "final", field="a"),), {"a": (keys, (Slot("a.s1", "", " "), Slot(None, "!")))})
    rebuilt = ws._rebuilt_data(workset)
    assert rebuilt["observations"]["challenges"] == ["Uno. !"]
    assert rebuilt["translation"] == {"engine": "apertium", "source": "y.yaml", "status": "final"}
    assert data["observations"]["challenges"] == ["old"]  # the workset's data is not changed
    workset = Workset(Path("/r/x.yaml"), Path("/r/x.es.yaml"), None, {"observations": {"challenges": ["old"]}},
                      "en", "es", (unit("Uno.", field="a"),), {"a": (keys, (Slot("a.s1"),))})
    assert ws._rebuilt_data(workset)["translation"] == {"status": "draft", "source": "x.yaml"}


def test_the_digests_of_the_files_say_missing_as_none_and_unreadable_as_its_rule(tmp_path):
    source, target = tmp_path / "x.yaml", tmp_path / "x.es.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    target.mkdir()
    digests = ws.file_digests(source, target)
    assert digests == (hashlib.sha256(b"a: 1\n").hexdigest(), "input.not-a-file", None)


def test_a_save_after_the_files_changed_is_refused_and_says_what_to_do(tmp_path):
    source, target = tmp_path / "x.yaml", tmp_path / "x.es.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    opened = ws.file_digests(source, target)
    workset = Workset(source, target, None, {}, "en", "es", (), {}, True, opened)
    ws._refuse_if_changed_since_opened(workset)  # nothing changed
    source.write_text("a: 2\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        ws._refuse_if_changed_since_opened(workset)
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.column, finding.field, finding.code) == (
        str(target), 0, 0, "", "postedit.changed-on-disk")
    assert finding.message == ("changed on disk since it was opened for post-editing (another save, an import, or "
                               "the source was edited); nothing was written: open it again and redo the edits")
    ws._refuse_if_changed_since_opened(Workset(source, target, None, {}, "en", "es", (), {}, True, ()))


def test_saves_into_one_folder_take_turns_and_the_turn_ends_with_the_save(tmp_path):
    import fcntl
    import os

    def another_can_read_the_folder_lock() -> bool:
        descriptor = os.open(tmp_path, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        finally:
            os.close(descriptor)

    with ws.folder_lock(tmp_path):
        assert not another_can_read_the_folder_lock()
    assert another_can_read_the_folder_lock()
    with pytest.raises(RuntimeError):
        with ws.folder_lock(tmp_path):
            raise RuntimeError("a save that fails")
    assert another_can_read_the_folder_lock()


def test_the_package_gives_its_names_on_first_use_and_refuses_others():
    import publisher.postedit as postedit

    assert postedit.open_workset is ws.open_workset and postedit.__dict__["open_workset"] is ws.open_workset
    assert postedit.STATES == ("initial", "translated", "reviewed", "final")
    assert "apply_edits" in postedit.__all__ and postedit.__all__ == sorted(postedit.__all__)
    with pytest.raises(AttributeError) as raised:
        postedit.no_such_name
    assert str(raised.value) == "module 'publisher.postedit' has no attribute 'no_such_name'"


class RecordingMemory:
    def __init__(self, answer: int):
        self.answer, self.calls = answer, []

    def add_changed(self, rows):
        self.calls.append(rows)
        return self.answer


def test_a_save_writes_the_version_its_report_and_summary_and_gives_the_memory_its_rows(draft, glossary):
    from publisher.postedit import provenance
    from publisher.postedit.workset import open_workset, save_workset

    workset = open_workset(draft, "es", glossary=glossary)
    first = next(u for u in workset.units if u.target and not u.codes)
    edited = apply_edits(workset, [Edit(first.id, "Una frase revisada, con acentos: acción.", "final")]).workset
    memory = RecordingMemory(7)
    saved = save_workset(edited, memory, glossary)
    assert (saved.outcome, saved.report, saved.summary, saved.status, saved.memory_added) == (
        edited.target_path, edited.report_path, edited.summary_path, "draft", 7)
    assert memory.calls == [provenance.memory_rows(edited)] and memory.calls[0]
    text = edited.target_path.read_text(encoding="utf-8")
    assert text.startswith(ws._header(edited, "draft"))
    assert "Una frase revisada, con acentos: acción." in " ".join(text.split())
    import yaml as yaml_
    data = yaml_.safe_load(text)
    assert list(data) == list(edited.target_data)  # the keys in the order of the version, not sorted
    assert re.search(r"^ *- >-\n", text, re.MULTILINE)  # long paragraphs as folded blocks, as editors write them
    assert data["translation"]["status"] == "draft"
    report_text = edited.report_path.read_text(encoding="utf-8")
    assert report_text.endswith("}\n") and '\n  "source_file": ' in report_text and "acción" in report_text
    report = json.loads(report_text)
    assert report["status"] == "draft" and report["segments"][0]["unit"] == edited.units[0].id
    assert edited.summary_path.read_text(encoding="utf-8") == provenance.readable_summary(edited)


def test_a_save_without_a_memory_or_without_rows_for_it_adds_nothing(draft, glossary):
    from publisher.postedit.workset import open_workset, save_workset

    workset = open_workset(draft, "es", glossary=glossary)
    assert save_workset(workset, None, glossary).memory_added == 0
    memory = RecordingMemory(7)
    unconfirmed = open_workset(draft, "es", glossary=glossary)
    assert not any(u.state in ("reviewed", "final") for u in unconfirmed.units)
    assert save_workset(unconfirmed, memory, glossary).memory_added == 0 and memory.calls == []


def test_opening_a_version_reads_it_with_its_report_and_remembers_the_files_as_they_were(draft, glossary):
    from publisher.postedit.workset import file_digests, open_workset

    target = draft.with_name("ghana-international-cooperation.es.yaml")
    workset = open_workset(str(draft), "es", glossary=glossary)
    assert (workset.source_path, workset.target_path, workset.exists) == (draft, target, True)
    assert (workset.source_language, workset.target_language) == ("en", "es")
    assert workset.opened == file_digests(draft, target) and None not in workset.opened
    import yaml as yaml_
    assert workset.target_data == yaml_.safe_load(target.read_text(encoding="utf-8"))
    assert workset.source.data["review"]["language"] == "en"
    report = json.loads(target.with_suffix(".qa.json").read_text(encoding="utf-8"))
    assert [(u.field, u.index, u.origin) for u in workset.units] == [
        (r["field"], r["index"], r["origin"]) for r in report["segments"]]
    assert any(u.terms for u in workset.units)
    assert not any(u.terms for u in open_workset(draft, "es", str(target)).units)
    assert set(workset.layout) == {u.field for u in workset.units}


def test_opening_without_a_version_makes_the_draft_in_memory_from_the_memory_and_glossary(draft, glossary, tmp_path):
    from publisher.postedit.workset import open_workset

    elsewhere = tmp_path / "new.es.yaml"
    workset = open_workset(draft, "es", elsewhere, glossary=glossary)
    assert (workset.target_path, workset.exists) == (elsewhere, False)
    assert workset.opened[1:] == (None, None) and not elsewhere.exists()
    assert workset.target_data["review"]["language"] == "es"
    assert workset.target_data["translation"]["engine"] == "none"
    assert {u.origin for u in workset.units} <= {"untranslated", "tm-exact", "tm-fuzzy", "glossary", "frame", "copy"}
    assert any(u.terms for u in workset.units)
    assert workset.status == "draft"


@pytest.mark.parametrize("status, state", [(None, "translated"), ("final", "final"), ("post-edited", "reviewed")])
def test_a_version_a_person_made_aligns_in_its_language_and_takes_the_state_its_status_says(tmp_path, status, state):
    from publisher.postedit.workset import open_workset

    from .conftest import MONGOLIA

    source = tmp_path / MONGOLIA.name
    source.write_bytes(MONGOLIA.read_bytes())
    text = MONGOLIA.with_name("mongolia-criminalization.zh.yaml").read_text(encoding="utf-8")
    if status:
        text += f"translation:\n  status: {status}\n"
    (tmp_path / "mongolia-criminalization.zh.yaml").write_text(text, encoding="utf-8")
    workset = open_workset(source, "zh")
    assert {u.state for u in workset.units} == {state} and {u.origin for u in workset.units} == {"human"}
    sentence_units = [u for u in workset.units if u.id.endswith(".s2")]
    assert sentence_units and all("。" in u.target or "？" in u.target for u in sentence_units)


def test_the_draft_made_in_memory_is_the_translation_the_memory_and_glossary_give(draft, glossary, tmp_path):
    from publisher.load import load_file
    from publisher.postedit.workset import open_workset
    from publisher.translate.resources import make_translator

    from publisher.translate.memory import TranslationMemory

    first = open_workset(draft, "es", tmp_path / "new.es.yaml").units[0]
    with TranslationMemory(tmp_path / "memory.sqlite") as memory:
        memory.add_changed([("en", "es", first.source, "Una frase de la memoria.", "approved")])
        workset = open_workset(draft, "es", tmp_path / "new.es.yaml", glossary=glossary, memory=memory)
        expected = make_translator("none", memory, glossary).translate_outcome(load_file(draft), "es",
                                                                                source_file=draft.name)
    assert [u.target or "" for u in workset.units] == [
        "" if s["origin"] == "untranslated" else s["target"] for s in expected.report()["segments"]]
    assert (workset.units[0].target, workset.units[0].origin) == ("Una frase de la memoria.", "tm-exact")
    assert workset.target_data == expected.data


def test_a_refused_edit_does_not_stop_the_edits_after_it():
    units = [unit(field="a", source="See[^x].", target="Véase[^x]."), unit(field="b"), unit(field="c")]
    result = apply_edits(workset_of(*units), [Edit("a.s1", "Véase."), Edit("b.s1", "Texto.", "odd"),
                                              Edit("c.s1", "Texto nuevo.")])
    assert result.rejected == ("a.s1", "b.s1") and result.applied == ("c.s1",)
    assert result.workset.units[2].target == "Texto nuevo."


def test_a_changed_text_is_never_accepted_as_machine_translation():
    result = apply_edits(workset_of(unit()), [Edit("f.s1", "Texto cambiado.", "translated", accept=True)])
    after = result.workset.units[0]
    assert (after.accepted, after.origin) == (False, "post-edited")
