"""XLIFF 2.1 and 1.2 for post-editing: a translated outcome out to a translator's CAT tool, the
file conforming to XLIFF 2.1 Core and readable by translate-toolkit, and the translator's changes
back into the outcome and the translation memory, unit by unit."""
from __future__ import annotations

import argparse
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from translate.storage.placeables import StringElem
from translate.storage.xliff import xlifffile
from translate.storage.xliff2 import Xliff2File

from publisher.errors import PublisherError
from publisher.findings import Severity
from publisher.interchange.xliff import XLIFF1_NAMESPACE, XLIFF2_NAMESPACE, write_xliff
from publisher.interchange.xliff_read import read_xliff
from .xliff_conformance import CHECKS, Document, check_xliff2
from publisher.interchange.xmlsafe import parse
from publisher.postedit import Code, open_workset, parts
from publisher.postedit.commands import add_xliff_parser
from publisher.postedit.xliff_import import import_xliff
from publisher.translate.memory import TranslationMemory
from .conftest import field_texts

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GHANA = "ghana-international-cooperation.yaml"
SPANISH = "ghana-international-cooperation.es.yaml"
X2 = f"{{{XLIFF2_NAMESPACE}}}"
X1 = f"{{{XLIFF1_NAMESPACE}}}"


@pytest.fixture
def workset(draft, glossary):
    return open_workset(draft, "es", glossary=glossary)


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as opened:
        yield opened


def without_codes(text: str) -> str:
    """What translate-toolkit gives as the text of a source or target: the text with the codes
    left out, its spacing collapsed (xml:space default)."""
    return spaced("".join(p for p in parts(text) if isinstance(p, str)))


def spaced(text: str) -> str:
    return " ".join(text.split())


def code_ids(element) -> list[str]:
    """The ids of the inline codes translate-toolkit found, in reading order."""
    found = []
    for sub in element.sub:
        if isinstance(sub, StringElem):
            if type(sub) is not StringElem and getattr(sub, "id", None):
                found.append(sub.id)
            found.extend(code_ids(sub))
    return found


def edit_units(path: Path, change) -> None:
    """Rewrites an XLIFF file with ``change(unit_element)`` applied to each unit, as a CAT tool would."""
    tree = parse(path)
    for unit in tree.getroot().iter(f"{X2}unit", f"{X1}trans-unit"):
        change(unit)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def remove_code(code) -> None:
    """Deletes an inline code as a translator would, keeping the text after it."""
    parent, previous = code.getparent(), code.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (code.tail or "")
    else:
        parent.text = (parent.text or "") + (code.tail or "")
    parent.remove(code)


def delete_footnote_of(unit_id: str):
    def change(unit):
        if unit.get("id") != unit_id:
            return
        for code in list(unit.iter(f"{X2}ph", f"{X1}x")):
            footnote = "footnote" in (code.get("subType") or code.get("ctype") or "")
            if footnote and etree.QName(code.getparent()).localname == "target":
                remove_code(code)
    return change


def set_target(unit_id: str, text: str, state: str | None = None):
    def change(unit):
        if unit.get("id") != unit_id:
            return
        target = unit.find(f".//{X2}target")
        if target is None:
            target = unit.find(f"{X1}target")
        for child in list(target):
            target.remove(child)
        target.text = text
        if state and target.tag == f"{X2}target":
            target.getparent().set("state", state)
        elif state:
            target.set("state", state)
    return change


def plain_unit(workset):
    return next(u for u in workset.units if not u.codes and not u.terms and len(u.source) > 40)


def footnote_unit(workset):
    return next(u for u in workset.units if any(c.kind == "footnote" for c in u.codes))


# -- export ------------------------------------------------------------------------------------

def test_an_export_of_a_draft_conforms_to_xliff_2_1(workset, tmp_path):
    path = write_xliff(workset, tmp_path / "draft.xlf")
    assert check_xliff2(path) == []
    root = parse(path).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "en", "es")
    assert [u.get("id") for u in root.iter(f"{X2}unit")] == [u.id for u in workset.units]


def test_each_unit_carries_its_provenance_glossary_terms_and_codes(workset, tmp_path):
    root = parse(write_xliff(workset, tmp_path / "draft.xlf")).getroot()
    unit = footnote_unit(workset)
    element = next(u for u in root.iter(f"{X2}unit") if u.get("id") == unit.id)
    meta = {m.get("type"): m.text for m in element.iter("{urn:oasis:names:tc:xliff:metadata:2.0}meta")}
    # "Ghana has established ...[^icca]": a UN frame, its free part by the engine
    assert meta["origin"] == "frame" and meta["route"] == unit.route and meta["field"] == unit.field
    glossary_notes = [n.text for n in element.iter(f"{X2}note") if n.get("category") == "glossary"]
    assert any(term.target in note for term in unit.terms for note in glossary_notes)
    assert element.find(f"{X2}segment").get("state") == "translated"
    footnote = next(p for p in element.find(f".//{X2}source") if p.get("subType") == "publisher:footnote")
    assert (footnote.tag, footnote.get("canDelete"), footnote.get("canCopy")) == (f"{X2}ph", "no", "no")
    assert footnote.get("equiv") == next(c.text for c in unit.codes if c.kind == "footnote")


def test_italics_are_a_paired_code_around_their_text(workset, tmp_path):
    root = parse(write_xliff(workset, tmp_path / "draft.xlf")).getroot()
    unit = next(u for u in workset.units if any(c.kind == "italic" for c in u.codes))
    source = next(u for u in root.iter(f"{X2}unit") if u.get("id") == unit.id).find(f".//{X2}source")
    italic = source.find(f"{X2}pc")
    assert (italic.get("type"), italic.get("subType"), italic.text) == ("fmt", "xlf:i", "ex parte")


def test_an_untranslated_unit_has_no_target_and_stays_initial(tmp_path, glossary):
    shutil.copy(SAMPLES / GHANA, tmp_path / GHANA)
    workset = open_workset(tmp_path / GHANA, "ru", glossary=glossary)  # a draft in memory, untranslated
    path = write_xliff(workset, tmp_path / "ru.xlf")
    assert check_xliff2(path) == []
    segments = {u.get("id"): u.find(f"{X2}segment") for u in parse(path).getroot().iter(f"{X2}unit")}
    for unit in workset.units:
        if not unit.target:
            assert segments[unit.id].get("state") == "initial"
            assert segments[unit.id].find(f"{X2}target") is None


def test_the_file_names_its_outcome_relative_to_itself(workset):
    document = read_xliff(write_xliff(workset, workset.source_path.parent / "exchange" / "draft.xlf"))
    assert (document.source_file, document.translation_file) == (f"../{GHANA}", f"../{SPANISH}")


def test_a_character_xml_cannot_hold_travels_as_a_code_point(workset, tmp_path):
    unit = plain_unit(workset)
    ringing = replace(unit, source=unit.source + "\x07", target=unit.target + "\x07")
    workset = replace(workset, units=tuple(ringing if u.id == unit.id else u for u in workset.units))
    path = write_xliff(workset, tmp_path / "draft.xlf")
    assert check_xliff2(path) == []
    assert read_xliff(path).unit(unit.id).target_text == unit.target + "\x07"
    with pytest.raises(PublisherError) as caught:
        write_xliff(workset, tmp_path / "draft12.xlf", "1.2")
    assert caught.value.findings[0].code == "xliff.character"


def test_the_same_outcome_gives_the_same_bytes(workset, tmp_path):
    for version in ("2.1", "1.2"):
        first = write_xliff(workset, tmp_path / "one.xlf", version).read_bytes()
        assert write_xliff(workset, tmp_path / "two.xlf", version).read_bytes() == first


def test_translate_toolkit_reads_every_unit_of_our_xliff_2_1(workset, tmp_path):
    store = Xliff2File.parsestring(write_xliff(workset, tmp_path / "draft.xlf").read_bytes())
    assert (store.sourcelanguage, store.targetlanguage) == ("en", "es")
    read = {u.getid(): u for u in store.units}
    assert list(read) == [u.id for u in workset.units]
    for unit in workset.units:
        assert spaced(read[unit.id].source) == without_codes(unit.source)
        assert spaced(read[unit.id].target) == without_codes(unit.target)
        assert code_ids(read[unit.id].rich_source[0]) == list(dict.fromkeys(c.id for c in unit.codes))


def test_translate_toolkit_reads_every_unit_of_our_xliff_1_2(workset, tmp_path):
    store = xlifffile.parsestring(write_xliff(workset, tmp_path / "draft.xlf", "1.2").read_bytes())
    assert (store.sourcelanguage, store.targetlanguage) == ("en", "es")
    read = {u.getid().split("\x04")[-1]: u for u in store.units}
    assert list(read) == [u.id for u in workset.units]
    for unit in workset.units:
        assert spaced(read[unit.id].source) == without_codes(unit.source)
        assert spaced(read[unit.id].target) == without_codes(unit.target)
        assert code_ids(read[unit.id].rich_target[0]) == [c.id for c in parts(unit.target)
                                                          if isinstance(c, Code) and c.role != "end"]
        assert "machine translation" in read[unit.id].getnotes()


# -- reading -----------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_reading_our_export_gives_back_each_units_texts_and_state(workset, tmp_path, version):
    document = read_xliff(write_xliff(workset, tmp_path / "draft.xlf", version))
    assert (document.source_language, document.target_language) == ("en", "es")
    assert [(u.id, u.source_text, u.target_text, u.state, u.problems) for u in document.units] == [
        (u.id, u.source, u.target, u.state, ()) for u in workset.units]


XLIFF2_UNIT = """<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="fr">
 <file id="f1"><unit id="u1"><segment state="translated">
  <source>See<ph id="1" equiv="[^a]"/> the <pc id="2">inter alia</pc> text of <ph id="3" equiv="2021"/>.</source>
  <target>{target}</target>
 </segment></unit></file>
</xliff>"""


def read_unit(tmp_path, target: str, codes=None):
    path = tmp_path / "unit.xlf"
    path.write_text(XLIFF2_UNIT.format(target=target))
    document = read_xliff(path)
    return document.resolved({"u1": codes}).units[0] if codes is not None else document.units[0]


def test_codes_are_read_back_as_our_markup(tmp_path):
    unit = read_unit(tmp_path, 'Voir<ph id="1"/> le texte <pc id="2">inter alia</pc> de <ph id="3"/>.')
    assert unit.source_text == "See[^a] the *inter alia* text of 2021."
    assert unit.target_text == "Voir[^a] le texte *inter alia* de 2021."
    assert unit.problems == ()


def test_a_standalone_code_is_read_as_the_current_source_code_with_its_id(tmp_path):
    current = tuple(c for c in parts("See[^b] the *inter alia* text of 2022.") if isinstance(c, Code))
    unit = read_unit(tmp_path, 'Voir<ph id="1"/> le texte <pc id="2">inter alia</pc> de <ph id="3"/>.', current)
    assert unit.target_text == "Voir[^b] le texte *inter alia* de 2022."
    assert unit.source_text == "See[^a] the *inter alia* text of 2021."  # what the translator saw


def test_spaces_at_the_edges_of_italics_stay_outside_them(tmp_path):
    unit = read_unit(tmp_path, 'Voir<ph id="1"/> le texte<pc id="2"> inter alia </pc>de <ph id="3"/>.')
    assert unit.target_text == "Voir[^a] le texte *inter alia* de 2021."


@pytest.mark.parametrize("target, problem", [
    ('Voir<ph id="9"/> le texte.', 'inline code "9" stands for no inline code of the source'),
    ('Voir<ph id="1"/> le <sc id="5"/>texte.', 'paired code "5" is not closed'),
    ('Voir<ph id="1"/> le texte<ec startRef="6"/>.', 'the end of paired code "6" has no start'),
    ('Voir<ph id="1"/> le <sc id="7" isolated="yes"/>texte.', "isolated"),
    ('Voir<ph id="1"/> le <foo xmlns="urn:x"/>texte.', "not an inline element"),
])
def test_what_cannot_be_read_back_is_a_problem_of_its_unit_not_an_error_of_the_file(tmp_path, target, problem):
    unit = read_unit(tmp_path, target)
    assert any(problem in p for p in unit.problems), unit.problems


@pytest.mark.parametrize("text, rule", [
    ('<tmx version="1.4"><header srclang="en"/><body/></tmx>', "xliff.structure"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="3.0" srcLang="en"><file id="f"/></xliff>', "xliff.version"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1" srcLang="en"></xliff>', "xliff.structure"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1"><file id="f"/></xliff>', "xliff.structure"),
    (f'<xliff xmlns="{XLIFF1_NAMESPACE}" version="1.2"><file original="x" source-language="en" datatype="plaintext">'
     f'<body><trans-unit><source>a</source></trans-unit></body></file></xliff>', "xliff.structure"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1" srcLang="en"><file id="f">\n<unit id="u"/>\n<unit id="u"/>'
     f'</file></xliff>', "xliff.structure"),
    ('<xliff version="2.1"><file id="f">', "xliff.xml-syntax"),
])
def test_a_file_that_is_not_readable_xliff_is_refused_with_its_rule(tmp_path, text, rule):
    path = tmp_path / "bad.xlf"
    path.write_text(text)
    with pytest.raises(PublisherError) as caught:
        read_xliff(path)
    assert caught.value.findings[0].code == rule
    assert caught.value.findings[0].file == str(path)


def test_a_duplicate_unit_is_reported_at_its_line(tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_text(f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1" srcLang="en"><file id="f">\n'
                    f'<unit id="u"/>\n<unit id="u"/></file></xliff>')
    with pytest.raises(PublisherError) as caught:
        read_xliff(path)
    assert caught.value.findings[0].line == 3


def test_xliff_declaring_entities_is_refused_and_the_entity_not_read(tmp_path, draft):
    secret = tmp_path / "secret.txt"
    secret.write_text("confidential")
    path = tmp_path / "hostile.xlf"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
                    f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1" srcLang="en" trgLang="es"><file id="f">'
                    f'<unit id="u"><segment><source>a</source><target>&leak;</target></segment></unit></file></xliff>')
    with pytest.raises(PublisherError) as caught:
        read_xliff(path)
    assert caught.value.findings[0].code == "xliff.xml-entities"
    with pytest.raises(PublisherError):
        check_xliff2(path)


@pytest.mark.parametrize("attributes, target, state", [
    ('approved="no"', '<target state="translated">t</target>', "translated"),
    ('approved="no"', '<target state="needs-review-translation">t</target>', "translated"),
    ('approved="yes"', '<target state="translated">t</target>', "reviewed"),
    ('approved="yes"', '<target>t</target>', "reviewed"),
    ('', '<target state="signed-off">t</target>', "reviewed"),
    ('', '<target state="final">t</target>', "final"),
    ('', '<target state="needs-translation">t</target>', "initial"),
    ('', '', "initial"),
])
def test_xliff_1_2_states_map_to_ours(tmp_path, attributes, target, state):
    path = tmp_path / "states.xlf"
    path.write_text(f'<xliff xmlns="{XLIFF1_NAMESPACE}" version="1.2"><file original="x" source-language="en" '
                    f'target-language="fr" datatype="plaintext"><body><trans-unit id="u" {attributes}>'
                    f'<source>s</source>{target}</trans-unit></body></file></xliff>')
    assert read_xliff(path).units[0].state == state


# -- import ------------------------------------------------------------------------------------

def test_a_round_trip_without_change_changes_nothing_and_writes_nothing(workset, draft, tmp_path, glossary, memory):
    translation = draft.with_name(SPANISH)
    before = translation.read_bytes(), draft.with_name("ghana-international-cooperation.es.qa.json").read_bytes()
    path = write_xliff(workset, tmp_path / "draft.xlf")
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert (report.applied, report.rejected, report.unchanged) == ((), (), len(workset.units))
    assert not report.written and not report.failed
    assert (translation.read_bytes(), draft.with_name("ghana-international-cooperation.es.qa.json").read_bytes()) \
        == before


def test_a_round_trip_with_one_edited_unit_changes_exactly_that_segment_and_it_reaches_the_memory(
        workset, draft, tmp_path, glossary, memory):
    translation = draft.with_name(SPANISH)
    before = field_texts(translation)
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf")
    edit_units(path, set_target(unit.id, "Frase revisada por la traductora.", "final"))
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert (report.applied, report.rejected, report.written) == ((unit.id,), (), True)
    after = field_texts(translation)
    assert [name for name in before if before[name] != after[name]] == [unit.field]
    assert after[unit.field] == before[unit.field].replace(unit.target, "Frase revisada por la traductora.")
    assert memory.exact(unit.source, "en", "es").target == "Frase revisada por la traductora."
    assert report.memory_added == 1
    reopened = open_workset(draft, "es", glossary=glossary).unit(unit.id)
    assert (reopened.state, reopened.origin) == ("final", "post-edited")


@pytest.mark.parametrize("version, reviewed", [("2.1", "reviewed"), ("1.2", "signed-off")])
def test_a_unit_whose_footnote_placeholder_was_deleted_is_reported_with_its_id_and_not_applied(
        workset, draft, tmp_path, glossary, memory, version, reviewed):
    broken, fine = footnote_unit(workset), plain_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf", version)
    edit_units(path, delete_footnote_of(broken.id))
    edit_units(path, set_target(fine.id, "Otra frase revisada.", reviewed))
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.rejected == (broken.id,) and report.applied == (fine.id,) and report.failed
    errors = [(i.unit, i.code) for i in report.errors]
    assert errors == [(broken.id, "postedit.inline-code")]
    reopened = open_workset(draft, "es", glossary=glossary)
    assert reopened.unit(broken.id).target == broken.target
    assert reopened.unit(fine.id).target == "Otra frase revisada."


def test_a_unit_whose_source_changed_since_the_export_is_refused(workset, draft, tmp_path, glossary, memory):
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf")

    def change_source(element):
        if element.get("id") == unit.id:
            element.find(f".//{X2}source").text = "A sentence the outcome does not have."
    edit_units(path, change_source)
    edit_units(path, set_target(unit.id, "Frase revisada.", "final"))
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.rejected == (unit.id,)
    assert [i.code for i in report.issues] == ["postedit.source-changed"]
    assert not report.written


def test_a_code_that_stands_for_nothing_is_refused_with_the_unit_id(workset, tmp_path, glossary, memory):
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf")

    def add_unknown_code(element):
        if element.get("id") == unit.id:
            etree.SubElement(element.find(f".//{X2}target"), f"{X2}ph", id="99")
    edit_units(path, add_unknown_code)
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.rejected == (unit.id,)
    assert [(i.unit, i.code) for i in report.issues] == [(unit.id, "xliff.inline-code")]


def test_a_glossary_violation_is_applied_reported_and_kept_out_of_the_memory(workset, tmp_path, glossary, memory):
    unit = next(u for u in workset.units if u.terms and not u.codes)
    wrong = unit.target.replace(unit.terms[0].target, "XXX", 1)
    path = write_xliff(workset, tmp_path / "draft.xlf")
    edit_units(path, set_target(unit.id, wrong, "final"))
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.applied == (unit.id,)
    assert any(i.code == "qa.terms.missing" and i.unit == unit.id for i in report.issues)
    assert report.memory_added == 0 and memory.exact(unit.source, "en", "es") is None


def test_a_state_change_alone_is_an_edit(workset, draft, tmp_path, glossary, memory):
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf")

    def approve(element):
        if element.get("id") == unit.id:
            element.find(f"{X2}segment").set("state", "reviewed")
    edit_units(path, approve)
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.applied == (unit.id,)
    assert memory.exact(unit.source, "en", "es").target == unit.target
    assert open_workset(draft, "es", glossary=glossary).unit(unit.id).state == "reviewed"


def test_an_edited_xliff_1_2_round_trips(workset, draft, tmp_path, glossary, memory):
    translation = draft.with_name(SPANISH)
    before = field_texts(translation)
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf", "1.2")
    assert import_xliff(path, glossary=glossary, memory=memory).applied == ()

    def approve_edit(element):
        if element.get("id") == unit.id:
            element.set("approved", "yes")
    edit_units(path, set_target(unit.id, "Frase revisada en OmegaT."))
    edit_units(path, approve_edit)
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.applied == (unit.id,)
    after = field_texts(translation)
    assert [name for name in before if before[name] != after[name]] == [unit.field]
    assert memory.exact(unit.source, "en", "es").target == "Frase revisada en OmegaT."


def prefix_first_text(element: StringElem, text: str) -> bool:
    """Puts ``text`` before the first plain text of a translate-toolkit rich string, codes kept."""
    for number, sub in enumerate(element.sub):
        if isinstance(sub, str):
            element.sub[number] = text + sub
            return True
        if type(sub) is StringElem and prefix_first_text(sub, text):
            return True
    return False


@pytest.mark.parametrize("version, store_class", [("2.1", Xliff2File), ("1.2", xlifffile)])
def test_a_file_translate_toolkit_edited_and_wrote_back_is_imported(
        workset, draft, tmp_path, glossary, memory, version, store_class):
    """A CAT tool built on translate-toolkit (Pootle, Weblate, Virtaal) edits a target around its
    codes, approves it and serialises the whole file again its own way."""
    unit = footnote_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf", version)
    store = store_class.parsestring(path.read_bytes())
    edited = next(u for u in store.units if u.getid().split("\x04")[-1] == unit.id)
    rich = edited.rich_target
    assert prefix_first_text(rich[0], "Sin duda, ")
    edited.rich_target = rich
    edited.markapproved(True)
    path.write_bytes(bytes(store))
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert (report.applied, report.rejected) == ((unit.id,), ())
    reopened = open_workset(draft, "es", glossary=glossary).unit(unit.id)
    assert (reopened.target, reopened.state) == ("Sin duda, " + unit.target, "reviewed")
    assert memory.exact(unit.source, "en", "es").target == "Sin duda, " + unit.target


def test_a_dry_run_reports_and_writes_nothing(workset, draft, tmp_path, glossary, memory):
    translation = draft.with_name(SPANISH)
    before = translation.read_bytes()
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "draft.xlf")
    edit_units(path, set_target(unit.id, "Frase revisada.", "final"))
    report = import_xliff(path, glossary=glossary, memory=memory, dry_run=True)
    assert report.applied == (unit.id,) and not report.written
    assert translation.read_bytes() == before and memory.exact(unit.source, "en", "es") is None


def test_an_unreadable_xliff_writes_nothing(workset, draft, tmp_path, glossary, memory):
    translation = draft.with_name(SPANISH)
    before = translation.read_bytes()
    path = write_xliff(workset, tmp_path / "draft.xlf")
    path.write_bytes(path.read_bytes()[:-40])  # cut short
    with pytest.raises(PublisherError) as caught:
        import_xliff(path, glossary=glossary, memory=memory)
    assert caught.value.findings[0].code == "xliff.xml-syntax"
    assert translation.read_bytes() == before


def test_a_file_that_does_not_name_its_outcome_needs_source(tmp_path, draft, glossary):
    path = tmp_path / "foreign.xlf"
    path.write_text(f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1" srcLang="en" trgLang="es"><file id="f">'
                    f'<unit id="u"><segment><source>a</source></segment></unit></file></xliff>')
    with pytest.raises(PublisherError) as caught:
        import_xliff(path, glossary=glossary)
    assert caught.value.findings[0].code == "xliff.no-source"
    report = import_xliff(path, source=draft, glossary=glossary, dry_run=True)
    assert report.translation == draft.with_name(SPANISH)


# -- the command -------------------------------------------------------------------------------

def run_command(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="publisher")
    add_xliff_parser(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(argv)
    return arguments.handler(arguments)


def test_the_command_exports_and_imports_and_prints_each_problem_with_its_unit(
        workset, draft, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    output = tmp_path / "es.xlf"
    assert run_command("xliff", "export", str(draft), "--to", "es", "-o", str(output)) == 0
    assert check_xliff2(output) == []
    assert run_command("xliff", "export", str(draft), "--to", "es", "--version", "1.2",
                       "-o", str(tmp_path / "es12.xlf")) == 0
    assert read_xliff(tmp_path / "es12.xlf").version == "1.2"
    broken = footnote_unit(workset)
    edit_units(output, delete_footnote_of(broken.id))
    capsys.readouterr()
    assert run_command("xliff", "import", str(output)) == 1
    lines = capsys.readouterr().err.splitlines()
    assert any(re.fullmatch(rf"{re.escape(str(output))}: unit {re.escape(broken.id)}: error: .+ "
                            rf"\[postedit\.inline-code\]", line) for line in lines), lines


def test_the_command_writes_beside_the_translation_by_default(draft, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    assert run_command("xliff", "export", str(draft), "--to", "es") == 0
    assert capsys.readouterr().out.strip() == str(draft.with_name("ghana-international-cooperation.es.xlf"))
    assert run_command("xliff", "import", str(draft.with_name("ghana-international-cooperation.es.xlf"))) == 0


# -- our conformance checks of XLIFF 2.1 Core ------------------------------------------------

CONFORMING = """<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"
       version="2.1" srcLang="en" trgLang="fr">
 <file id="f1" canResegment="no">
  <unit id="u1">
   <mda:metadata><mda:metaGroup category="c"><mda:meta type="t">v</mda:meta></mda:metaGroup></mda:metadata>
   <notes><note id="n1" category="glossary" priority="2">term</note></notes>
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>
   <segment id="s1" state="translated">
    <source>See<ph id="1" canCopy="no" canDelete="no" type="other" equiv="[^a]"/> <pc id="2" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">bold</pc> <sc id="3"/>x<ec startRef="3"/>.</source>
    <target>Voir<ph id="1" canCopy="no" canDelete="no" type="other" equiv="[^a]"/> <pc id="2" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">gras</pc> <sc id="3"/>x<ec startRef="3"/>.</target>
   </segment>
   <ignorable id="i1"><source> </source></ignorable>
  </unit>
 </file>
</xliff>
"""
SECOND_UNIT = '</unit>\n  <unit id="u2"><segment><source>Two.</source></segment></unit>'
SOURCE_PH = '<source>See<ph id="1" canCopy="no" canDelete="no" type="other" equiv="[^a]"/>'
TARGET_PH = '<target>Voir<ph id="1" canCopy="no" canDelete="no" type="other" equiv="[^a]"/>'
SOURCE_EC = 'x<ec startRef="3"/>.</source>'
REORDERED = ('<source>A<ph id="1" canCopy="no" canDelete="no" canReorder="firstNo"/>B<ph id="4" canCopy="no" '
             'canDelete="no" canReorder="no"/>C</source>\n    <target>A<ph id="4" canCopy="no" canDelete="no" '
             'canReorder="no"/>B<ph id="1" canCopy="no" canDelete="no" canReorder="firstNo"/>C</target>')


def replace_segment_content(text: str) -> list[tuple[str, str]]:
    return [(CONFORMING[CONFORMING.index("<source>See"):CONFORMING.index("</target>") + len("</target>")], text)]


BROKEN = {  # check -> [(what is broken, replacements, rule), ...]
    "check_version_and_source_language": [
        ("no version", [('version="2.1" ', "")], "xliff2.required-attribute"),
        ("version 3.0", [('version="2.1"', 'version="3.0"')], "xliff2.version"),
        ("no srcLang", [('srcLang="en" ', "")], "xliff2.required-attribute")],
    "check_target_language": [("targets without trgLang", [(' trgLang="fr"', "")], "xliff2.trgLang")],
    "check_language_tags": [("a malformed srcLang", [('srcLang="en"', 'srcLang="e"')], "xliff2.language-tag")],
    "check_content_languages": [
        ("a target in another language", [("<target>", '<target xml:lang="de">')], "xliff2.xml-lang"),
        ("a source inheriting another language", [('<unit id="u1">', '<unit id="u1" xml:lang="ja">')],
         "xliff2.xml-lang")],
    "check_content": [
        ("notes after the segments", [("<notes>", "<!--"), ("</notes>", "-->"),
                                      ("</unit>", '<notes><note>late</note></notes></unit>')], "xliff2.content"),
        ("a segment with two sources", [("</source>", "</source><source>again</source>")], "xliff2.content"),
        ("a file without units", [(CONFORMING[CONFORMING.index("  <unit"):CONFORMING.index(" </file>")], "")],
         "xliff2.content")],
    "check_unit_has_segment": [
        ("a unit of ignorables only", [('<segment id="s1" state="translated">', '<ignorable id="s1">'),
                                       ("</segment>", "</ignorable>")], "xliff2.content")],
    "check_skeleton": [("an empty skeleton without href", [('canResegment="no">', 'canResegment="no"><skeleton/>')],
                        "xliff2.skeleton")],
    "check_structural_attributes": [
        ("translate on a segment", [('<segment id="s1"', '<segment translate="no" id="s1"')], "xliff2.attribute"),
        ("dir on a source", [("<source>See", '<source dir="rtl">See')], "xliff2.attribute")],
    "check_required_attributes": [
        ("a unit without id", [('<unit id="u1">', "<unit>")], "xliff2.required-attribute"),
        ("a ph without id", [(SOURCE_PH, '<source>See<ph canCopy="no" canDelete="no" type="other"/>')],
         "xliff2.required-attribute")],
    "check_id_syntax": [("an id with a space", [('<unit id="u1">', '<unit id="u 1">')], "xliff2.id-syntax")],
    "check_structural_ids": [("two units with one id", [("</unit>", SECOND_UNIT.replace("u2", "u1"))],
                              "xliff2.duplicate-id")],
    "check_note_ids": [("two notes with one id", [("</note>", '</note><note id="n1">again</note>')],
                       "xliff2.duplicate-id")],
    "check_unit_id_space": [
        ("a segment id used by a code", [('<segment id="s1"', '<segment id="1"')], "xliff2.duplicate-id"),
        ("a code added in the target with a used id", [("gras</pc>", 'gras</pc><ph id="i1"/>')],
         "xliff2.duplicate-id")],
    "check_original_data": [
        ("a dataRef to nothing", [('dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">bold',
                                   'dataRefStart="d9" dataRefEnd="d2" type="fmt" subType="xlf:b">bold')],
         "xliff2.data-ref"),
        ("two data with one id", [('<data id="d2">', '<data id="d1">')], "xliff2.duplicate-id")],
    "check_states": [
        ("an unknown state", [('state="translated"', 'state="done"')], "xliff2.state"),
        ("translated without target", [(CONFORMING[CONFORMING.index("    <target>"):CONFORMING.index("</target>")
                                                   + 10], "")], "xliff2.state"),
        ("subState without state", [(' state="translated"', ' subState="my:draft"')], "xliff2.subState")],
    "check_target_order": [("an order past the parts", [("<target>", '<target order="5">')], "xliff2.order")],
    "check_attribute_values": [
        ("canResegment maybe", [('canResegment="no"', 'canResegment="maybe"')], "xliff2.attribute-value"),
        ("a note priority of 11", [('priority="2"', 'priority="11"')], "xliff2.attribute-value")],
    "check_inline_elements": [
        ("disp on a pc", [('<pc id="2" dataRefStart="d1"', '<pc id="2" disp="b" dataRefStart="d1"')],
         "xliff2.inline-attribute"),
        ("text in a ph", [('equiv="[^a]"/> <pc id="2" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">'
                           'bold', 'equiv="[^a]">a</ph> <pc id="2" dataRefStart="d1" dataRefEnd="d2" type="fmt" '
                           'subType="xlf:b">bold')], "xliff2.inline-content"),
        ("a code in a note", [(">term</note>", '>term <ph id="7"/></note>')], "xliff2.inline-parent")],
    "check_code_points": [("a cp for a character XML allows", [('">bold', '"><cp hex="0041"/>bold')], "xliff2.cp")],
    "check_code_types": [
        ("an unknown type", [('type="other" equiv="[^a]"/> <pc id="2" dataRefStart="d1" dataRefEnd="d2" type="fmt" '
                              'subType="xlf:b">bold', 'type="bold" equiv="[^a]"/> <pc id="2" dataRefStart="d1" '
                              'dataRefEnd="d2" type="fmt" subType="xlf:b">bold')], "xliff2.code-type"),
        ("an xlf subType with the wrong type", [('type="fmt" subType="xlf:b">gras', 'type="ui" subType="xlf:b">gras')],
         "xliff2.code-type")],
    "check_spanning_pairs": [
        ("an sc without ec", [(SOURCE_EC, "x.</source>")], "xliff2.sc-ec"),
        ("an ec before its sc", [('<sc id="3"/>x<ec startRef="3"/>.</source>', '<ec startRef="3"/>x<sc id="3"/>.'
                                                                                '</source>')], "xliff2.sc-ec")],
    "check_annotation_markers": [("a lone sm", [('">bold', '"><sm id="m1"/>bold')], "xliff2.sm-em")],
    "check_editing_hints": [
        ("firstNo on a deletable code", [('<sc id="3"/>x<ec startRef="3"/>.</source>',
                                          '<sc id="3" canReorder="firstNo"/>x<ec startRef="3" canReorder="no"/>.'
                                          '</source>')], "xliff2.editing-hints"),
        ("a sequence starting with no", [(SOURCE_PH, SOURCE_PH.replace('canDelete="no"', 'canDelete="no" '
                                                                                         'canReorder="no"'))],
         "xliff2.editing-hints")],
    "check_target_codes": [
        ("a deleted code", [(TARGET_PH, "<target>Voir")], "xliff2.code-deleted"),
        ("a copied code", [("gras</pc>", 'gras</pc><ph id="1" canCopy="no" canDelete="no"/>')], "xliff2.code-copied")],
    "check_copies": [
        ("a copy of a code that cannot be copied", [("gras</pc>", 'gras</pc><ph id="9" copyOf="1"/>')],
         "xliff2.code-copied"),
        ("a copy of nothing", [("gras</pc>", 'gras</pc><ph id="9" copyOf="77"/>')], "xliff2.copyOf")],
    "check_reordering": [("a non-reorderable sequence reordered", replace_segment_content(REORDERED),
                          "xliff2.editing-hints")],
    "check_metadata": [
        ("a meta without type", [('<mda:meta type="t">', "<mda:meta>")], "xliff2.metadata"),
        ("an empty metaGroup", [('<mda:meta type="t">v</mda:meta>', "")], "xliff2.metadata")],
}


def findings_of(text: str, tmp_path: Path):
    path = tmp_path / "case.xlf"
    path.write_text(text)
    return check_xliff2(path)


def test_the_conforming_example_passes_every_check(tmp_path):
    assert findings_of(CONFORMING, tmp_path) == []


def test_every_check_has_a_broken_case():
    assert set(BROKEN) == {check.__name__ for check in CHECKS}


@pytest.mark.parametrize("check, replacements, rule", [
    pytest.param(check, replacements, rule, id=f"{check}: {what}")
    for check, cases in BROKEN.items() for what, replacements, rule in cases])
def test_each_check_catches_its_broken_case(tmp_path, check, replacements, rule):
    text = CONFORMING
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    findings = findings_of(text, tmp_path)
    assert rule in [f.code for f in findings], [f.format() for f in findings]
    caught_by = next(c for c in CHECKS if c.__name__ == check)
    root = parse(tmp_path / "case.xlf").getroot()
    assert rule in [f.code for f in caught_by(Document(str(tmp_path / "case.xlf"), root))]


def test_a_deleted_code_is_a_warning_in_a_draft_and_an_error_in_a_final_segment(tmp_path):
    deleted = CONFORMING.replace(TARGET_PH, "<target>Voir", 1)
    assert {f.severity for f in findings_of(deleted, tmp_path)} == {Severity.WARNING}
    final = deleted.replace('state="translated"', 'state="final"', 1)
    assert {f.severity for f in findings_of(final, tmp_path)} == {Severity.ERROR}


def test_a_finding_names_the_unit_and_the_line(tmp_path):
    finding = findings_of(CONFORMING.replace('state="translated"', 'state="done"'), tmp_path)[0]
    assert (finding.field, finding.line) == ("unit u1", CONFORMING.splitlines().index(
        next(line for line in CONFORMING.splitlines() if "<segment" in line)) + 1)


def test_a_document_in_another_namespace_is_one_finding(tmp_path):
    findings = findings_of(f'<xliff xmlns="{XLIFF1_NAMESPACE}" version="1.2"/>', tmp_path)
    assert [f.code for f in findings] == ["xliff2.root"]
