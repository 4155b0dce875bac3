"""Post-editing units: a translated outcome opened as sentences a translator edits, and the edits
written back into the outcome, its QA report and the translation memory."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from publisher.errors import PublisherError
from publisher.load import load_file
from publisher.postedit import (Code, Edit, apply_edits, code_problems, open_workset, parts, save_workset,
                                target_parts, unit_id)
from publisher.translate.memory import TranslationMemory
from .conftest import field_texts

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GHANA = "ghana-international-cooperation.yaml"


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as opened:
        yield opened


# -- inline codes ------------------------------------------------------------------------------

def test_footnote_markers_symbols_numbers_are_standalone_codes_and_italics_a_pair():
    found = parts("See[^a] CTOC/COP/WG.3/2026/1 of 2021, *inter alia*.")
    codes = [p for p in found if isinstance(p, Code)]
    assert [(c.kind, c.role, c.text) for c in codes] == [
        ("footnote", "ph", "[^a]"), ("symbol", "ph", "CTOC/COP/WG.3/2026/1"), ("number", "ph", "2021"),
        ("italic", "start", "*"), ("italic", "end", "*")]
    assert codes[3].id == codes[4].id
    assert "".join(p if isinstance(p, str) else p.text for p in found) == "See[^a] CTOC/COP/WG.3/2026/1 of 2021, *inter alia*."


def test_a_symbol_in_brackets_leaves_the_bracket_as_text():
    codes = [p for p in parts("(CTOC/COP/WG.3/2026/1)") if isinstance(p, Code)]
    assert codes[0].text == "CTOC/COP/WG.3/2026/1"


def test_target_codes_take_the_ids_of_the_source_codes_they_stand_for():
    source_codes = tuple(p for p in parts("In 2020[^a] and 2021[^b].") if isinstance(p, Code))
    target = [p for p in target_parts("En 2021[^b] y 2020[^a].", source_codes) if isinstance(p, Code)]
    by_text = {c.text: c.id for c in source_codes}
    assert [(c.text, c.id) for c in target] == [(t, by_text[t]) for t in ("2021", "[^b]", "2020", "[^a]")]


@pytest.mark.parametrize("target, problem", [
    ("Véase el documento.", "inline code 1 (footnote [^a]) is missing"),
    ("Véase[^a][^a] el documento.", "[^a] stands 2 times"),
    ("Véase[^a] el documento *inter alia.", "italics"),
])
def test_a_target_that_breaks_an_inline_code_is_told_what(target, problem):
    problems = code_problems("See[^a] the *inter alia* document.", target)
    assert any(problem in p for p in problems), problems


def test_a_target_keeping_every_code_has_no_problem():
    assert code_problems("See[^a] the *inter alia* document of 2021.",
                         "Véase[^a] el documento *inter alia* de 2021.") == []


def test_unit_ids_are_xml_name_tokens_derived_from_the_field():
    assert unit_id("observations.articles.UNTOC[0].paragraphs[2]", 1) == "observations.articles.UNTOC.0.paragraphs.2.s2"
    assert unit_id("footnotes.a", None) == "footnotes.a.p"
    assert re.fullmatch(r"[A-Za-z0-9._-]+", unit_id("summary.challenges[10].subparagraphs[3]", 0))


# -- opening -----------------------------------------------------------------------------------

def test_a_draft_opens_as_one_unit_per_sentence_with_its_provenance(draft, glossary):
    workset = open_workset(draft, "es", glossary=glossary)
    report = json.loads(draft.with_name("ghana-international-cooperation.es.qa.json").read_text())
    assert len(workset.units) == len(report["segments"])
    assert {u.origin for u in workset.units} <= {"mt", "frame", "tm-exact", "tm-fuzzy", "glossary", "copy"}
    assert {u.state for u in workset.units} == {"translated"}
    assert workset.status == "draft"
    assert len({u.id for u in workset.units}) == len(workset.units)
    assert any(u.terms for u in workset.units)


def test_saving_an_unedited_workset_gives_back_the_same_texts(draft, glossary):
    before = field_texts(draft.with_name("ghana-international-cooperation.es.yaml"))
    save_workset(open_workset(draft, "es", glossary=glossary))
    assert field_texts(draft.with_name("ghana-international-cooperation.es.yaml")) == before


def test_a_field_edited_by_hand_becomes_one_unit_holding_the_text_as_it_is(draft, glossary):
    target = draft.with_name("ghana-international-cooperation.es.yaml")
    data = yaml.safe_load(target.read_text())
    data["observations"]["challenges"][0] = "Texto escrito a mano por una persona."
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    workset = open_workset(draft, "es", glossary=glossary)
    unit = workset.unit("observations.challenges.0.p")
    assert unit is not None and unit.target == "Texto escrito a mano por una persona."
    assert workset.unit("observations.challenges.0.s1") is None


def test_a_version_made_by_a_person_aligns_sentence_by_sentence(tmp_path):
    for name in ("mongolia-criminalization.yaml", "mongolia-criminalization.fr.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    workset = open_workset(tmp_path / "mongolia-criminalization.yaml", "fr")
    assert workset.units and all(u.target for u in workset.units)
    assert {u.origin for u in workset.units} == {"human"}
    assert any(u.id.endswith(".s2") for u in workset.units)


def test_with_no_translation_a_draft_is_made_in_memory_and_nothing_written(tmp_path, glossary):
    shutil.copy(SAMPLES / GHANA, tmp_path / GHANA)
    workset = open_workset(tmp_path / GHANA, "ru", glossary=glossary)
    assert not workset.exists
    assert not (tmp_path / "ghana-international-cooperation.ru.yaml").exists()
    assert any(u.state == "initial" and u.target == "" for u in workset.units)


def test_a_file_of_another_review_is_not_taken_for_a_version(tmp_path):
    shutil.copy(SAMPLES / GHANA, tmp_path / GHANA)
    shutil.copy(SAMPLES / "mongolia-criminalization.fr.yaml", tmp_path / "ghana-international-cooperation.fr.yaml")
    with pytest.raises(PublisherError) as caught:
        open_workset(tmp_path / GHANA, "fr")
    assert caught.value.findings[0].code == "postedit.not-a-version"


# -- editing and saving ------------------------------------------------------------------------

def test_one_edit_changes_exactly_that_sentence_and_reaches_the_memory(draft, glossary, memory):
    target_path = draft.with_name("ghana-international-cooperation.es.yaml")
    before = field_texts(target_path)
    workset = open_workset(draft, "es", glossary=glossary)
    unit = next(u for u in workset.units if not u.codes and not u.terms and len(u.source) > 40)
    result = apply_edits(workset, [Edit(unit.id, "Frase revisada por la traductora.", "final")], glossary)
    assert result.applied == (unit.id,) and not result.rejected
    saved = save_workset(result.workset, memory, glossary)
    after = field_texts(target_path)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [unit.field]
    assert before[unit.field].replace(unit.target, "Frase revisada por la traductora.") == after[unit.field]
    assert memory.exact(unit.source, "en", "es").target == "Frase revisada por la traductora."
    assert saved.memory_added == 1
    reopened = open_workset(draft, "es", glossary=glossary).unit(unit.id)
    assert (reopened.state, reopened.origin) == ("final", "post-edited")


def test_a_broken_footnote_marker_is_rejected_with_the_unit_id_and_not_applied(draft, glossary):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = next(u for u in workset.units if any(c.kind == "footnote" for c in u.codes))
    broken = re.sub(r"\[\^[^\]]+\]", "", unit.target)
    result = apply_edits(workset, [Edit(unit.id, broken)], glossary)
    assert result.rejected == (unit.id,)
    assert [(i.unit, i.code) for i in result.issues if i.severity == "error"] == [(unit.id, "postedit.inline-code")]
    assert result.workset.unit(unit.id).target == unit.target


def test_a_glossary_violation_is_applied_but_reported_and_kept_out_of_the_memory(draft, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = next(u for u in workset.units if u.terms and not u.codes)
    term = unit.terms[0]
    wrong = unit.target.replace(term.target, "XXX", 1)
    assert wrong != unit.target
    result = apply_edits(workset, [Edit(unit.id, wrong, "final")], glossary)
    assert result.applied == (unit.id,)
    assert any(i.code == "qa.terms.missing" and i.unit == unit.id for i in result.issues)
    assert save_workset(result.workset, memory, glossary).memory_added == 0


@pytest.mark.parametrize("edit, code", [
    (Edit("no.such.unit.s1", "x"), "postedit.unknown-unit"),
    (Edit("{unit}", "Texto.", "approved"), "postedit.state"),
    (Edit("{unit}", "Texto.", "final", source="A different source sentence."), "postedit.source-changed"),
    (Edit("{unit}", "  ", "final"), "postedit.empty-target"),
])
def test_edits_that_cannot_apply_are_refused_with_their_rule(draft, glossary, edit, code):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = workset.units[0]
    edit = Edit(edit.unit.replace("{unit}", unit.id), edit.target, edit.state, edit.source)
    result = apply_edits(workset, [edit], glossary)
    assert result.rejected == (edit.unit,)
    assert [i.code for i in result.issues] == [code]


def test_the_outcome_becomes_post_edited_when_every_unit_is_confirmed(draft, glossary):
    workset = open_workset(draft, "es", glossary=glossary)
    edits = [Edit(u.id, u.target, "reviewed") for u in workset.units]
    result = apply_edits(workset, edits, glossary)
    assert result.workset.status == "post-edited"
    save_workset(result.workset)
    data = load_file(draft.with_name("ghana-international-cooperation.es.yaml")).data
    assert data["translation"]["status"] == "post-edited"
    final = apply_edits(result.workset, [Edit(u.id, u.target, "final") for u in workset.units], glossary)
    assert final.workset.status == "final"


def test_saving_a_draft_made_in_memory_writes_the_version_beside_the_source(tmp_path, glossary, memory):
    shutil.copy(SAMPLES / GHANA, tmp_path / GHANA)
    workset = open_workset(tmp_path / GHANA, "ru", glossary=glossary)
    unit = next(u for u in workset.units if u.state == "initial" and not u.codes)
    result = apply_edits(workset, [Edit(unit.id, "Проверенный перевод.", "reviewed")], glossary)
    save_workset(result.workset, memory)
    written = load_file(tmp_path / "ghana-international-cooperation.ru.yaml").data
    assert written["translation"]["status"] == "draft"
    assert "Проверенный перевод." in json.dumps(written, ensure_ascii=False)
    assert "[[" in json.dumps(written, ensure_ascii=False)  # the rest stays marked untranslated


def test_a_save_that_would_give_an_invalid_outcome_writes_nothing(draft, glossary, monkeypatch):
    target = draft.with_name("ghana-international-cooperation.es.yaml")
    before = target.read_bytes()
    workset = open_workset(draft, "es", glossary=glossary)
    monkeypatch.setitem(workset.target_data["review"], "cluster", "no-such-cluster")
    with pytest.raises(PublisherError):
        save_workset(workset)
    assert target.read_bytes() == before


def test_a_number_written_against_chinese_characters_is_still_the_same_code():
    assert code_problems("The Act of 2019,[^icca] which", "加纳于2019年通过了一项法律，[^icca]为") == []
    assert code_problems("The Act of 2019.", "该法abc2019。") == ["inline code 1 (number 2019) is missing"]


def test_a_save_after_someone_else_saved_writes_nothing(draft, glossary):
    target = draft.with_name("ghana-international-cooperation.es.yaml")
    mine = open_workset(draft, "es", glossary=glossary)
    theirs = open_workset(draft, "es", glossary=glossary)
    unit = mine.units[0]
    save_workset(apply_edits(theirs, [Edit(unit.id, "Su versión, guardada antes.", "reviewed")], glossary).workset)
    after_their_save = target.read_bytes()
    with pytest.raises(PublisherError) as caught:
        save_workset(apply_edits(mine, [Edit(unit.id, "Mi versión.", "reviewed")], glossary).workset)
    assert caught.value.findings[0].code == "postedit.changed-on-disk"
    assert target.read_bytes() == after_their_save


def test_a_save_after_the_source_was_edited_writes_nothing(draft, glossary):
    workset = open_workset(draft, "es", glossary=glossary)
    draft.write_text(draft.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(PublisherError) as caught:
        save_workset(workset)
    assert caught.value.findings[0].code == "postedit.changed-on-disk"


def test_an_edit_keeps_no_break_spaces_and_a_confirmation_keeps_the_provenance(draft, glossary):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = next(u for u in workset.units if not u.codes and u.origin == "mt")
    rewrapped = unit.target.replace(" ", "\n  ", 1)
    confirmed = apply_edits(workset, [Edit(unit.id, rewrapped, "final")], glossary).workset.unit(unit.id)
    assert (confirmed.target, confirmed.origin, confirmed.state) == (unit.target, "mt", "final")
    typed = "Texto\u00a0: con espacios de no separación\u202f!"
    edited = apply_edits(workset, [Edit(unit.id, typed, "reviewed")], glossary).workset.unit(unit.id)
    assert (edited.target, edited.origin) == (typed, "post-edited")


@pytest.mark.parametrize("target, words", [
    ("Texto \u202eal revés.", "U+202E is left open"),
    ("Texto\x07 con campana.", "U+0007"),
    ("Texto " + "largo " * 4000, "at most 20,000"),
])
def test_a_target_no_document_may_hold_is_refused_with_its_unit_id(draft, glossary, target, words):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = next(u for u in workset.units if not u.codes)
    result = apply_edits(workset, [Edit(unit.id, target, "reviewed")], glossary)
    assert result.rejected == (unit.id,)
    assert any(i.code == "postedit.text" and i.unit == unit.id and words in i.message for i in result.issues)
