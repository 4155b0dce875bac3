"""Post-editing against a hostile or careless world: an XLIFF file that names files outside its
folder, XML built to exhaust the reader, a file exported before someone else's save, a save cut
short, a target built to make the checks slow. Each test fails if its protection is removed.

The rule for the files an import touches (docs/post-editing.md): names read from an XLIFF file
are followed only inside the folder that holds it, and the only file written is the translated
version of the source, ``x.<lang>.yaml`` (with its report); ``--source`` and ``--translation``
given by the person running the import are taken as they are.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from lxml import etree

from publisher.errors import PublisherError
from publisher.findings import Finding
from publisher.interchange.xliff import XLIFF1_NAMESPACE, XLIFF2_NAMESPACE, write_xliff
from publisher.interchange.xliff_read import MAX_XLIFF_BYTES, read_xliff
from publisher.interchange.xmlsafe import parse
from publisher.postedit import Edit, apply_edits, code_problems, open_workset, save_workset
from publisher.postedit import workset as workset_module
from publisher.postedit.xliff_import import import_xliff
from publisher.translate.memory import TranslationMemory

GHANA = "ghana-international-cooperation.yaml"
SPANISH = "ghana-international-cooperation.es.yaml"
REPORT = "ghana-international-cooperation.es.qa.json"
X2 = f"{{{XLIFF2_NAMESPACE}}}"
X1 = f"{{{XLIFF1_NAMESPACE}}}"
MDA = "{urn:oasis:names:tc:xliff:metadata:2.0}"
PUB = "{urn:x-publisher:xliff}"


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as opened:
        yield opened


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def plain_unit(workset):
    return next(u for u in workset.units if not u.codes and not u.terms and len(u.source) > 40)


def set_target(path: Path, unit_id: str, text: str, state: str | None = None) -> None:
    """Rewrites one unit's target in an XLIFF file, as a CAT tool would."""
    tree = parse(path)
    for unit in tree.getroot().iter(f"{X2}unit", f"{X1}trans-unit"):
        if unit.get("id") == unit_id:
            target = unit.find(f".//{X2}target")
            target = target if target is not None else unit.find(f"{X1}target")
            for child in list(target):
                target.remove(child)
            target.text = text
            if state and target.tag == f"{X2}target":
                target.getparent().set("state", state)
            elif state:
                target.set("state", state)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def rename_outcome(path: Path, source: str | None = None, translation: str | None = None) -> None:
    """Rewrites the names an XLIFF file (2.1 metadata or the 1.2 header extension) gives its outcome."""
    tree = parse(path)
    root = tree.getroot()
    for meta in root.iter(f"{MDA}meta"):
        if meta.get("type") == "source-file" and source is not None:
            meta.text = source
        if meta.get("type") == "translation-file" and translation is not None:
            meta.text = translation
    for outcome in root.iter(f"{PUB}outcome"):
        if source is not None:
            outcome.set("source", source)
        if translation is not None:
            outcome.set("translation", translation)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


# -- where an import may read and write ------------------------------------------------------------

@pytest.mark.parametrize("version", ["2.1", "1.2"])
@pytest.mark.parametrize("source, translation", [
    (None, "/{outside}/.bash_aliases"),  # an absolute path: the file would be created with the YAML in it
    (None, "../outside/x.es.yaml"),
    (None, "sub/../../outside/x.es.yaml"),
    (None, ".bash_aliases"),  # in the folder, but not the translated version of the source
    (None, "ghana-international-cooperation.fr.yaml"),  # another language than the file's
    ("/{work}/" + GHANA, None),  # the source by absolute path (the translation would be written beside it)
    ("../work/" + GHANA, None),
])
def test_an_xliff_naming_files_outside_its_folder_or_other_than_the_translation_writes_nothing(
        draft, tmp_path, glossary, memory, version, source, translation):
    workset = open_workset(draft, "es", glossary=glossary)
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    inbox.mkdir(), outside.mkdir()
    shutil.copy(draft, inbox / GHANA)
    path = write_xliff(workset, inbox / "returned.xlf", version)
    fill = {"outside": outside.as_posix().lstrip("/"), "work": draft.parent.as_posix().lstrip("/")}
    rename_outcome(path, (source or GHANA).format(**fill), translation and translation.format(**fill))
    set_target(path, plain_unit(workset).id, "Frase de la traductora.", "final")
    before = files_under(tmp_path)
    with pytest.raises(PublisherError) as caught:
        import_xliff(path, glossary=glossary, memory=memory)
    assert caught.value.exit_code == 2 and caught.value.findings[0].code == "xliff.outcome-path"
    assert files_under(tmp_path) == before


def test_a_name_that_leads_out_of_the_folder_through_a_symbolic_link_is_refused(draft, tmp_path, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / GHANA).symlink_to(draft)  # the source, and beside it the translation, are elsewhere
    path = write_xliff(workset, inbox / "returned.xlf")
    rename_outcome(path, GHANA, SPANISH)
    set_target(path, plain_unit(workset).id, "Frase de la traductora.", "final")
    before = files_under(tmp_path)
    with pytest.raises(PublisherError) as caught:
        import_xliff(path, glossary=glossary, memory=memory)
    assert caught.value.findings[0].code == "xliff.outcome-path" and caught.value.findings[0].field == "source-file"
    assert files_under(tmp_path) == before


def test_names_inside_the_folder_are_followed_and_the_translated_version_is_written(draft, tmp_path, glossary, memory):
    """An export from the folder above the outcomes names them in a subfolder: allowed."""
    workset = open_workset(draft, "es", glossary=glossary)
    path = write_xliff(workset, tmp_path / "returned.xlf")
    assert read_xliff(path).translation_file == f"work/{SPANISH}"
    unit = plain_unit(workset)
    set_target(path, unit.id, "Frase de la traductora.", "final")
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.written and report.translation == draft.with_name(SPANISH)
    assert open_workset(draft, "es").unit(unit.id).target == "Frase de la traductora."


def test_names_given_on_the_command_line_are_taken_as_they_are(draft, tmp_path, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write_xliff(workset, inbox / "returned.xlf")
    rename_outcome(path, "/nowhere/" + GHANA, "/nowhere/" + SPANISH)
    unit = plain_unit(workset)
    set_target(path, unit.id, "Frase de la traductora.", "final")
    report = import_xliff(path, source=draft, translation=draft.with_name(SPANISH), glossary=glossary, memory=memory)
    assert report.applied == (unit.id,) and report.written


# -- hostile XML -------------------------------------------------------------------------------------

def xliff_with_target(target: str, prologue: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{prologue}<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1" srcLang="en" '
            f'trgLang="es"><file id="f"><unit id="u"><segment state="translated"><source>a</source>'
            f'<target>{target}</target></segment></unit></file></xliff>')


@pytest.mark.parametrize("prologue, target, rule", [
    ('<!DOCTYPE xliff [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>',
     "&c;", "xliff.xml-entities"),  # an expansion bomb, in small
    ('<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd"> %remote;]>', "b",
     "xliff.xml-entities"),
    ("", '<pc id="1">' * 300 + "x" + "</pc>" * 300, "xliff.xml-syntax"),  # deeper than libxml2's 256 levels
])
def test_hostile_xml_is_refused_as_unreadable_with_its_rule(tmp_path, prologue, target, rule):
    path = tmp_path / "hostile.xlf"
    path.write_text(xliff_with_target(target, prologue))
    with pytest.raises(PublisherError) as caught:
        read_xliff(path)
    assert caught.value.exit_code == 2 and caught.value.findings[0].code == rule


def test_nested_codes_within_the_depth_limit_are_a_problem_of_their_unit(tmp_path):
    path = tmp_path / "nested.xlf"
    path.write_text(xliff_with_target('<pc id="1">' * 200 + "x" + "</pc>" * 200))
    unit = read_xliff(path).units[0]
    assert unit.target_text is not None  # read, not crashed; the import refuses it by its codes


def test_an_external_dtd_and_xinclude_are_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("confidential")
    path = tmp_path / "include.xlf"
    path.write_text(xliff_with_target(f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                      f'href="{secret.as_uri()}" parse="text"/>',
                                      f'<!DOCTYPE xliff SYSTEM "{secret.as_uri()}">'))
    unit = read_xliff(path).units[0]
    assert "confidential" not in (unit.target_text or "")
    assert any("not an inline element" in problem for problem in unit.problems)


def test_a_file_far_larger_than_an_outcomes_xliff_is_not_read(tmp_path):
    path = tmp_path / "huge.xlf"
    with path.open("wb") as handle:
        handle.write(xliff_with_target("b").encode())
        handle.truncate(MAX_XLIFF_BYTES + 1)  # sparse: takes no room on the disk
    with pytest.raises(PublisherError) as caught:
        read_xliff(path)
    assert caught.value.exit_code == 2 and caught.value.findings[0].code == "xliff.too-large"


# -- an import never undoes a later save --------------------------------------------------------------

def save_in_the_outcome(draft: Path, unit_id: str, text: str | None, state: str, glossary) -> None:
    """What the web app (or another import) does after the export."""
    workset = open_workset(draft, "es", glossary=glossary)
    unit = workset.unit(unit_id)
    result = apply_edits(workset, [Edit(unit_id, unit.target if text is None else text, state)], glossary)
    assert result.applied == (unit_id,)
    save_workset(result.workset)


@pytest.mark.parametrize("version", ["2.1", "1.2"])
@pytest.mark.parametrize("later_text", ["Texto posterior de la revisora.", None])  # None: a state change alone
def test_an_unchanged_unit_of_an_older_export_does_not_undo_a_later_save(
        draft, tmp_path, glossary, memory, version, later_text):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "work" / "returned.xlf", version)
    save_in_the_outcome(draft, unit.id, later_text, "final", glossary)
    saved = draft.with_name(SPANISH).read_bytes()
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.applied == () and not report.failed and not report.written
    assert [(i.unit, i.code) for i in report.issues] == [(unit.id, "xliff.older-than-translation")]
    assert draft.with_name(SPANISH).read_bytes() == saved
    reopened = open_workset(draft, "es").unit(unit.id)
    assert (reopened.target, reopened.state) == (later_text or unit.target, "final")


def test_a_unit_changed_both_in_the_outcome_and_in_the_file_is_refused_and_neither_text_lost(
        draft, tmp_path, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    both, other = [u for u in workset.units if not u.codes and not u.terms and len(u.source) > 40][:2]
    path = write_xliff(workset, tmp_path / "work" / "returned.xlf")
    save_in_the_outcome(draft, both.id, "Texto de la revisora.", "reviewed", glossary)
    set_target(path, both.id, "Texto de la traductora.", "reviewed")
    set_target(path, other.id, "Otra frase de la traductora.", "reviewed")
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.rejected == (both.id,) and report.applied == (other.id,) and report.failed
    assert [(i.unit, i.code) for i in report.errors] == [(both.id, "xliff.conflict")]
    reopened = open_workset(draft, "es")
    assert reopened.unit(both.id).target == "Texto de la revisora."
    assert reopened.unit(other.id).target == "Otra frase de la traductora."
    assert "Texto de la traductora." in path.read_text(encoding="utf-8")


def test_a_second_delivery_of_the_same_export_applies_its_new_changes(draft, tmp_path, glossary, memory):
    """The translator sends the file, goes on working on it, and sends it again: what changed in
    the outcome since the export came from this same file, so it is no conflict."""
    workset = open_workset(draft, "es", glossary=glossary)
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "work" / "returned.xlf")
    set_target(path, unit.id, "Primera entrega.", "translated")
    assert import_xliff(path, glossary=glossary, memory=memory).applied == (unit.id,)
    set_target(path, unit.id, "Segunda entrega, corregida.", "reviewed")
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert (report.applied, report.rejected) == ((unit.id,), ())
    assert open_workset(draft, "es").unit(unit.id).target == "Segunda entrega, corregida."
    save_in_the_outcome(draft, unit.id, "La revisora corrige después.", "final", glossary)
    set_target(path, unit.id, "Tercera entrega.", "reviewed")  # now someone else changed it: a conflict again
    assert import_xliff(path, glossary=glossary, memory=memory).rejected == (unit.id,)


def test_the_same_text_on_both_sides_keeps_the_higher_state(draft, tmp_path, glossary, memory):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = plain_unit(workset)
    path = write_xliff(workset, tmp_path / "work" / "returned.xlf")
    save_in_the_outcome(draft, unit.id, "Texto acordado.", "final", glossary)
    set_target(path, unit.id, "Texto acordado.", "reviewed")
    report = import_xliff(path, glossary=glossary, memory=memory)
    assert report.applied == () and not report.failed
    assert open_workset(draft, "es").unit(unit.id).state == "final"


# -- a save cut short ----------------------------------------------------------------------------------

def test_a_save_cut_short_after_the_outcome_keeps_the_persons_text_at_the_next_open(draft, glossary, monkeypatch):
    workset = open_workset(draft, "es", glossary=glossary)
    unit = plain_unit(workset)
    result = apply_edits(workset, [Edit(unit.id, "Frase revisada antes del corte.", "reviewed")], glossary)
    written = workset_module.write_atomic

    def fail_on_the_report(path, data):
        if path.name.endswith(".qa.json"):
            raise PublisherError(Finding(str(path), 0, 0, "", "cannot be written: disk full", "output.write-failed"))
        written(path, data)
    monkeypatch.setattr(workset_module, "write_atomic", fail_on_the_report)
    with pytest.raises(PublisherError):
        save_workset(result.workset)
    monkeypatch.undo()
    reopened = open_workset(draft, "es", glossary=glossary)
    holding = [u for u in reopened.units if u.field == unit.field]
    assert any("Frase revisada antes del corte." in u.target for u in holding)
    assert len(reopened.units) >= len(workset.units) - len(holding) + 1  # every other unit still there


# -- a target built to make the checks slow ------------------------------------------------------------

def calls_made(function, *arguments) -> int:
    """How many Python and C functions ``function`` calls: a measure of work, not of time."""
    count = 0

    def profile(frame, event, argument):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1
    sys.setprofile(profile)
    try:
        function(*arguments)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("piece", ["1 ", "*a* ", "[^a] ", "A/B/1 ", "(x) 2019 *y* "])
def test_checking_a_target_grows_in_proportion_to_its_length(piece):
    source = "Source of 2019 with a note[^a] and *italics*."
    small = calls_made(code_problems, source, piece * 50)
    large = calls_made(code_problems, source, piece * 200)
    assert large < 6 * small  # four times the text: about four times the work, not sixteen or more
