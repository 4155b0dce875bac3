"""Honest provenance: machine text a person confirmed without changing it is *confirmed machine
translation*, never a human post-edit: so it is stored in the memory and in TMX, so a later draft
says where a match came from, and so the draft notice stays until every unit is confirmed one by one
or edited (issue 15, item 6; issue 17, bugs 1, 3 and 4; the web page's side is in test_serve.py)."""
from __future__ import annotations

import re

import pytest
from lxml import etree

from publisher.interchange.tmx import read_tmx, write_tmx
from publisher.interchange.xliff import write_xliff
from publisher.load import load_file
from publisher.postedit import Edit, apply_edits, open_workset, save_workset
from publisher.postedit.provenance import awaiting_acceptance
from publisher.postedit.xliff_import import import_xliff
from publisher.translate.memory import CONFIRMED_MT, TranslationMemory
from publisher.translate.pipeline import Translator

from .conftest import MONGOLIA
from .stand_in_engines import CopyEngine

X2 = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as opened:
        yield opened


def machine_units(workset, count: int = 3):
    units = [u for u in workset.units if u.origin == "mt" and not u.codes and not u.terms
             and not any(i.severity == "error" for i in u.issues)]
    return units[:count]


# -- the memory ------------------------------------------------------------------------------------

def test_a_unit_confirmed_without_change_is_stored_as_confirmed_machine_translation(draft, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    kept, edited = machine_units(workset, 2)
    result = apply_edits(workset, [Edit(kept.id, kept.target, "reviewed"),
                                   Edit(edited.id, "Frase revisada por la traductora.", "reviewed")], glossary)
    save_workset(result.workset, memory, glossary)
    assert memory.exact(kept.source, "en", "es").origin == CONFIRMED_MT
    assert memory.exact(edited.source, "en", "es").origin == "post-edited"
    final = apply_edits(open_workset(draft, "es", glossary=glossary), [Edit(kept.id, kept.target, "final")], glossary)
    save_workset(final.workset, memory, glossary)
    assert memory.exact(kept.source, "en", "es").origin == CONFIRMED_MT  # approving unchanged text: still MT


def test_confirmed_machine_translation_never_replaces_a_human_translation(memory):
    memory.add("en", "es", "The State party.", "El Estado parte.", "post-edited", created="2026-01-01T00:00:00Z")
    memory.add("en", "es", "The State party.", "La parte estatal.", CONFIRMED_MT, created="2026-02-01T00:00:00Z")
    assert (memory.exact("The State party.", "en", "es").target, memory.exact("The State party.", "en", "es").origin) \
        == ("El Estado parte.", "post-edited")
    memory.add("en", "es", "Article 5.", "Artículo 5.", CONFIRMED_MT, created="2026-01-01T00:00:00Z")
    memory.add("en", "es", "Article 5.", "El artículo 5.", "approved", created="2026-02-01T00:00:00Z")
    assert memory.exact("Article 5.", "en", "es").origin == "approved"


def test_a_save_counts_only_the_memory_units_it_added_or_changed(draft, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    first, second = machine_units(workset, 2)
    saved = save_workset(apply_edits(workset, [Edit(first.id, "Primera frase revisada.", "reviewed")],
                                     glossary).workset, memory, glossary)
    assert saved.memory_added == 1
    reopened = open_workset(draft, "es", glossary=glossary)
    saved = save_workset(apply_edits(reopened, [Edit(second.id, "Segunda frase revisada.", "reviewed")],
                                     glossary).workset, memory, glossary)
    assert saved.memory_added == 1 and memory.stats()["segments"] == 2


def test_add_changed_counts_rows_that_stored_something(memory):
    rows = [("en", "fr", "Article 5.", "Article 5.", "post-edited"), ("en", "fr", "Article 6.", "Article 6.", "")]
    assert memory.add_changed(rows) == 2
    assert memory.add_changed(rows) == 0
    assert memory.add_changed([("en", "fr", "Article 5.", "L'article 5.", "post-edited")]) == 1


# -- TMX -------------------------------------------------------------------------------------------

def test_confirmed_machine_translation_keeps_its_origin_through_tmx(memory, tmp_path):
    memory.add("en", "fr", "The reviewing States noted.", "Les États examinateurs ont noté.", CONFIRMED_MT)
    memory.add("en", "fr", "Article 5.", "Article 5.", "post-edited")
    path = tmp_path / "out.tmx"
    write_tmx(path, memory.export_rows(), "en")
    units = etree.parse(str(path)).getroot().findall("body/tu")
    assert [u.findtext("prop[@type='x-origin']") for u in units] == [CONFIRMED_MT, "post-edited"]
    assert [row[4] for row in read_tmx(path)] == [CONFIRMED_MT, "post-edited"]


# -- the draft notice ------------------------------------------------------------------------------

def test_accepting_machine_text_as_it_is_keeps_the_outcome_a_draft(draft, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    waiting = awaiting_acceptance(workset.units)
    accepted = apply_edits(workset, [Edit(u.id, u.target, u.state, accept=True) for u in waiting], glossary)
    assert not awaiting_acceptance(accepted.workset.units)
    assert {u.state for u in accepted.workset.units if u.accepted} == {"translated"}
    save_workset(accepted.workset, memory, glossary)
    data = load_file(draft.with_name("ghana-international-cooperation.es.yaml")).data
    assert data["translation"]["status"] == "draft"
    assert {memory.exact(u.source, "en", "es").origin for u in waiting} == {CONFIRMED_MT}
    reopened = open_workset(draft, "es", glossary=glossary)
    assert {u.id for u in reopened.units if u.accepted} == {u.id for u in waiting}


def test_the_draft_notice_goes_once_every_unit_is_confirmed_one_by_one_or_edited(draft, glossary):
    workset = open_workset(draft, "es", glossary=glossary)
    accepted = apply_edits(workset, [Edit(u.id, u.target, u.state, accept=True) for u in workset.units
                                     if u.target], glossary).workset
    confirmed = apply_edits(accepted, [Edit(u.id, u.target, "reviewed") for u in accepted.units], glossary).workset
    assert confirmed.status == "post-edited" and not any(u.accepted for u in confirmed.units)


def test_the_readable_summary_is_rewritten_with_the_provenance_of_the_save(draft, glossary, memory):
    summary = draft.with_name("ghana-international-cooperation.es.qa.txt")
    workset = open_workset(draft, "es", glossary=glossary)
    kept, edited = machine_units(workset, 2)
    machine = sum(1 for u in workset.units if u.origin == "mt")
    result = apply_edits(workset, [Edit(kept.id, kept.target, "reviewed"),
                                   Edit(edited.id, "Frase revisada por la traductora.", "reviewed")], glossary)
    save_workset(result.workset, memory, glossary)
    text = summary.read_text(encoding="utf-8")
    assert f"mt: {machine - 1}" in text and "post-edited: 1" in text and "reviewed: 2" in text
    assert re.search(r"confirmed machine translation: 1\b", text)


# -- XLIFF -----------------------------------------------------------------------------------------

def test_an_xliff_target_identical_to_the_machine_draft_and_reviewed_is_confirmed_machine_translation(
        draft, glossary, memory, tmp_path):
    workset = open_workset(draft, "es", glossary=glossary)
    kept, edited = machine_units(workset, 2)
    path = write_xliff(workset, tmp_path / "draft.xlf")
    tree = etree.parse(str(path))
    for unit in tree.getroot().iter(f"{X2}unit"):
        segment = unit.find(f"{X2}segment")
        if unit.get("id") == kept.id:
            segment.set("state", "final")
        elif unit.get("id") == edited.id:
            segment.set("state", "reviewed")
            segment.find(f"{X2}target").text = "Frase revisada por la traductora."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert set(report.applied) == {kept.id, edited.id} and report.memory_added == 2
    assert memory.exact(kept.source, "en", "es").origin == CONFIRMED_MT
    assert memory.exact(edited.source, "en", "es").origin == "post-edited"
    reopened = open_workset(draft, "es", glossary=glossary).unit(kept.id)
    assert (reopened.state, reopened.origin) == ("final", "mt")


# -- a later draft -------------------------------------------------------------------------------


def test_a_later_draft_says_its_memory_match_is_confirmed_machine_translation(memory):
    loaded = load_file(MONGOLIA)
    sentence = "Practitioners reported difficulties in proving the element of a financial benefit."
    loaded.data["observations"]["challenges"][1] = sentence
    memory.add("en", "fr", sentence, "Les praticiens ont signalé des difficultés.", CONFIRMED_MT)
    translation = Translator(CopyEngine(), memory, None).translate_outcome(loaded, "fr")
    [record] = [r for r in translation.records if r.field == "observations.challenges[1]"]
    assert record.origin == "tm-exact"
    assert [i.code for i in record.issues] == ["qa.tm-confirmed-mt"]
    human = [r for r in translation.records if r.origin == "tm-exact" and r is not record]
    assert all("qa.tm-confirmed-mt" not in (i.code for i in r.issues) for r in human)
