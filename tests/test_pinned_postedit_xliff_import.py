"""A translator's XLIFF (or OmegaT project) back into the translated outcome, and the commands that
run it, pinned: which units of the file make an edit, which are kept or refused as conflicts and
with which message, which files the names in the file may lead to, what the command prints and
its exit status. The documents and worksets are built in each test."""
from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import pytest

from publisher.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, PublisherError
from publisher.findings import Finding, Issue, Severity
from publisher.interchange.xliff_read import ImportedUnit, XliffDocument
from publisher.postedit import commands, omegat_import, xliff_import
from publisher.postedit.docx_moves import FieldMove
from publisher.postedit.units import Unit, unit_fingerprint, unit_id
from publisher.postedit.workset import Edit, Workset
from publisher.postedit.xliff_import import ImportReport

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def unit(target="Texto uno.", state="translated", *, field="f", source="Text one.", import_base="") -> Unit:
    return Unit(unit_id(field, 0), field, 0, source, target, state, "mt", import_base=import_base)


def imported(target="Texto uno.", state="translated", *, id="f.s1", source="Text one.", fingerprint=None,
             problems=()) -> ImportedUnit:
    return ImportedUnit(id, source, target, state, problems, 0, fingerprint)


def document(*units: ImportedUnit, source_language="en", target_language="es", source_file="x.yaml",
             translation_file="x.es.yaml") -> XliffDocument:
    return XliffDocument("2.1", source_language, target_language, None, source_file, translation_file, tuple(units))


def workset_of(*units: Unit) -> Workset:
    return Workset(Path("/r/x.yaml"), Path("/r/x.es.yaml"), None, {}, "en", "es", tuple(units), {})


def finding_of(raised) -> tuple:
    """The one finding of a refusal (about the file as a whole: line and column 0), without its place."""
    [finding] = raised.value.findings
    assert (finding.line, finding.column) == (0, 0)
    return finding.file, finding.field, finding.message, finding.code, raised.value.exit_code


# -- which units make an edit --------------------------------------------------------------------

@pytest.mark.parametrize("target, state", [(None, "translated"), (None, "final"), ("", "initial"), ("  ", "initial")])
def test_a_unit_without_a_target_or_empty_and_initial_makes_no_edit(target, state):
    assert xliff_import._edit(imported(target, state), unit()) is None


def test_a_target_is_never_taken_back_as_initial():
    edit = xliff_import._edit(imported("Texto dos.", "initial"), unit())
    assert edit == Edit("f.s1", "Texto dos.", "translated", "Text one.", "")


def test_a_target_in_a_state_xliff_2_does_not_know_comes_back_as_translated():
    edit = xliff_import._edit(imported("Texto dos.", "signed-off"), unit())
    assert edit == Edit("f.s1", "Texto dos.", "translated", "Text one.", "")


def test_an_empty_target_in_another_state_is_an_edit_the_workset_refuses():
    assert xliff_import._edit(imported("", "reviewed"), unit()) == Edit("f.s1", "", "reviewed", "Text one.", "")


def test_a_unit_the_same_as_the_translations_spacing_aside_and_in_its_state_changes_nothing():
    assert xliff_import._edit(imported(" Texto\n uno. "), unit()) is None
    assert xliff_import._edit(imported("Texto uno.", "reviewed"), unit()) == Edit(
        "f.s1", "Texto uno.", "reviewed", "Text one.", "")


def test_a_unit_the_translation_does_not_have_is_an_edit_for_the_workset_to_refuse():
    assert xliff_import._edit(imported(id="gone.s1"), None) == Edit("gone.s1", "Texto uno.", "translated",
                                                                    "Text one.", "")


def test_an_edit_carries_the_fingerprint_the_unit_had_in_the_export():
    exported = unit().fingerprint
    assert xliff_import._edit(imported("Texto dos.", fingerprint=exported), unit()) == Edit(
        "f.s1", "Texto dos.", "translated", "Text one.", exported)


def test_a_unit_changed_only_in_the_translation_since_the_export_keeps_the_translations_text():
    exported = unit_fingerprint("translated", "Texto viejo.")
    result = xliff_import._edit(imported("Texto viejo.", fingerprint=exported), unit("Texto nuevo."))
    assert result == Issue("xliff.older-than-translation", WARNING,
                           "changed in the translation since this file was exported, and not in this file: "
                           "the translation's newer text is kept", unit="f.s1")


def test_a_unit_changed_on_both_sides_is_a_conflict():
    exported = unit_fingerprint("translated", "Texto viejo.")
    result = xliff_import._edit(imported("Texto del fichero.", fingerprint=exported), unit("Texto nuevo."))
    assert result == Issue("xliff.conflict", ERROR,
                           "changed both in the translation since this file was exported and in this file: not "
                           "applied, so that neither text is lost. Compare them (export again for the "
                           "translation's), then edit one", unit="f.s1")


def test_the_same_text_on_both_sides_of_a_conflict_takes_the_higher_state():
    exported = unit_fingerprint("translated", "Texto viejo.")
    higher_in_file = xliff_import._edit(imported("Texto nuevo.", "final", fingerprint=exported),
                                        unit("Texto nuevo.", "reviewed"))
    assert higher_in_file == Edit("f.s1", "Texto nuevo.", "final", "Text one.", exported)
    higher_in_translation = xliff_import._edit(imported("Texto nuevo.", "translated", fingerprint=exported),
                                               unit("Texto nuevo.", "final"))
    assert higher_in_translation is None


def test_a_second_delivery_of_the_same_export_is_not_a_change_in_the_translation():
    exported = unit_fingerprint("translated", "Texto viejo.")
    after_first_import = unit("Texto primero.", "reviewed", import_base=exported)
    edit = xliff_import._edit(imported("Texto segundo.", fingerprint=exported), after_first_import)
    assert edit == Edit("f.s1", "Texto segundo.", "translated", "Text one.", exported)


def test_a_file_without_fingerprints_never_conflicts():
    assert not xliff_import._changed_since_export(imported(fingerprint=None), unit("Otro."))
    assert xliff_import._changed_since_export(imported(fingerprint="0" * 16), unit("Otro."))
    assert not xliff_import._changed_since_export(imported(fingerprint=unit("Otro.").fingerprint), unit("Otro."))


def test_the_units_of_a_file_are_sorted_into_edits_refusals_kept_and_unchanged():
    exported = unit_fingerprint("translated", "Viejo.")
    doc = document(
        imported("Texto dos.", id="a.s1"),  # an edit
        imported("X", id="b.s1", problems=("state \"odd\" is not one of ours", "inline code 3 stands for nothing")),
        imported("Del fichero.", id="c.s1", fingerprint=exported),  # a conflict
        imported("Viejo.", id="d.s1", fingerprint=exported),  # kept: newer in the translation
        imported("Texto uno.", id="e.s1"),  # unchanged
        imported(None, id="f.s1"))  # no target
    units = workset_of(*(unit(field=f, target="Nuevo." if f in "cd" else "Texto uno.") for f in "abcdef"))
    edits, refused, kept, unchanged = xliff_import._edits(doc, units)
    assert [e.unit for e in edits] == ["a.s1"]
    assert [(i.code, i.unit, i.message) for i in refused] == [
        ("xliff.state", "b.s1", "state \"odd\" is not one of ours"),
        ("xliff.inline-code", "b.s1", "inline code 3 stands for nothing"),
        ("xliff.conflict", "c.s1", refused[2].message)]
    assert [(i.code, i.unit) for i in kept] == [("xliff.older-than-translation", "d.s1")]
    assert unchanged == 3


# -- applying a document ------------------------------------------------------------------------

@pytest.fixture
def draft_document(draft, glossary):
    """The Spanish draft of the Ghana sample opened, and a document of its first three units."""
    from publisher.postedit.workset import open_workset

    workset = open_workset(draft, "es", glossary=glossary)
    plain = [u for u in workset.units if u.target and not u.codes][:3]
    return draft, workset, plain


def test_an_import_reports_issues_and_refusals_in_the_files_order_and_saves_what_applied(draft_document, tmp_path):
    draft, workset, (first, second, third) = draft_document
    doc = document(*[imported(third.target + " Más.", id=third.id, source=third.source),
                   imported("X", id=second.id, source=second.source, problems=("inline code 1 stands for nothing",)),
                   imported("Y", id="no.such.unit", source="Z."),
                   imported(first.target + " ⟦1⟧", "reviewed", id=first.id, source=first.source)],
                   source_file=draft.name, translation_file=None)
    xlf = draft.with_name("x.xlf")
    report = xliff_import.import_document(xlf, doc, xlf, adjust=lambda _document, _workset: doc, dry_run=True)
    assert (report.xliff, report.source, report.translation) == (xlf, draft, workset.target_path)
    assert report.applied == (third.id, first.id) and report.rejected == (second.id, "no.such.unit")
    assert [(i.unit, i.code) for i in report.issues] == [
        (second.id, "xliff.inline-code"), ("no.such.unit", "postedit.unknown-unit"), (first.id, "qa.placeholders")]
    assert report.unchanged == 0 and not report.written and report.memory_added == 0
    assert report.failed and [i.code for i in report.errors] == ["xliff.inline-code", "postedit.unknown-unit",
                                                                 "qa.placeholders"]
    before = workset.target_path.read_bytes()
    written = xliff_import.import_document(xlf, doc, xlf, adjust=lambda _document, _workset: doc)
    assert written.written and written.applied == (third.id, first.id)
    assert "Más." in workset.target_path.read_text(encoding="utf-8") and workset.target_path.read_bytes() != before


def test_an_import_that_applies_nothing_writes_nothing(draft_document):
    draft, workset, (first, _second, _third) = draft_document
    doc = document(imported(first.target, id=first.id, source=first.source), source_file=draft.name,
                   translation_file=None)
    xlf = draft.with_name("x.xlf")
    before = workset.target_path.read_bytes()
    report = xliff_import.import_document(xlf, doc, xlf, adjust=lambda _document, _workset: doc)
    assert (report.applied, report.unchanged, report.written, report.failed) == ((), 1, False, False)
    assert workset.target_path.read_bytes() == before


def test_a_file_in_another_source_language_than_the_outcomes_is_refused(draft_document):
    draft, _workset, _units = draft_document
    xlf = draft.with_name("x.xlf")
    doc = document(source_language="fr", source_file=draft.name, translation_file=None)
    with pytest.raises(PublisherError) as raised:
        xliff_import.import_document(xlf, doc, xlf)
    assert finding_of(raised) == (str(xlf), "", "the file's source language is fr, the outcome's en",
                                  "xliff.language", EXIT_UNREADABLE)


@pytest.mark.parametrize("language, said", [(None, "none"), ("", "none"), ("pt", '"pt"')])
def test_a_file_without_one_of_our_target_languages_is_refused(language, said):
    with pytest.raises(PublisherError) as raised:
        xliff_import._target_language(Path("/r/x.xlf"), document(target_language=language))
    assert finding_of(raised) == ("/r/x.xlf", "", f"the file's target language is {said}; one of ar, zh, en, fr, "
                                  "ru, es is needed (trgLang, or target-language in XLIFF 1.2)", "xliff.language",
                                  EXIT_UNREADABLE)


def test_the_report_of_an_import_fails_on_a_refusal_or_an_error_only():
    report = ImportReport(Path("a.xlf"), Path("a.yaml"), Path("a.es.yaml"), ("u",), (), 0,
                          (Issue("qa.terms", WARNING, "w", "u"),))
    assert not report.failed and report.errors == ()
    assert replace(report, rejected=("v",)).failed
    error = Issue("qa.numbers", ERROR, "e", "u")
    assert replace(report, issues=(error,)).failed and replace(report, issues=(error,)).errors == (error,)


# -- which files the names in the file lead to ------------------------------------------------------

def test_the_outcome_files_are_those_given_else_those_the_file_names_in_its_folder(tmp_path):
    xlf = tmp_path / "x.es.xlf"
    assert xliff_import.outcome_files(xlf, document()) == (tmp_path / "x.yaml", tmp_path / "x.es.yaml")
    assert xliff_import.outcome_files(xlf, document(translation_file=None)) == (tmp_path / "x.yaml", None)
    assert xliff_import.outcome_files(xlf, document(), "/o/y.yaml") == (Path("/o/y.yaml"), None)
    assert xliff_import.outcome_files(xlf, document(), "/o/y.yaml", "/o/z.yaml") == (Path("/o/y.yaml"),
                                                                                     Path("/o/z.yaml"))
    assert xliff_import.outcome_files(xlf, document(source_file=None), "/o/y.yaml") == (Path("/o/y.yaml"), None)
    assert xliff_import.outcome_files(xlf, document(), None, "/o/z.yaml") == (tmp_path / "x.yaml",
                                                                              Path("/o/z.yaml"))


@pytest.mark.parametrize("source_file", [None, ""])
def test_a_file_that_names_no_outcome_needs_source(source_file):
    with pytest.raises(PublisherError) as raised:
        xliff_import.outcome_files(Path("/r/x.xlf"), document(source_file=source_file))
    assert finding_of(raised) == ("/r/x.xlf", "", "the file does not say which outcome it belongs to (it was not "
                                  "exported by publisher, or the tool dropped its metadata); give --source",
                                  "xliff.no-source", EXIT_UNREADABLE)


def test_the_translation_a_file_names_must_be_the_language_version_of_its_source(tmp_path):
    with pytest.raises(PublisherError) as raised:
        xliff_import.outcome_files(tmp_path / "x.xlf", document(translation_file="x.fr.yaml"))
    assert finding_of(raised) == (str(tmp_path / "x.xlf"), "translation-file", 'names "x.fr.yaml"; the import '
                                  "writes only the es version of x.yaml, x.es.yaml. Give --translation to write "
                                  "another file", "xliff.outcome-path", EXIT_UNREADABLE)


@pytest.mark.parametrize("name", ["", ".", "..", "sub/.."])
def test_a_name_that_is_no_file_name_is_refused(tmp_path, name):
    with pytest.raises(PublisherError) as raised:
        xliff_import.named_in_folder(tmp_path / "x.xlf", name, "source-file")
    assert finding_of(raised) == (str(tmp_path / "x.xlf"), "source-file", f'names "{name}", which is no file name; '
                                  "give --source (and --translation)", "xliff.outcome-path", EXIT_UNREADABLE)


@pytest.mark.parametrize("name", ["/etc/x.yaml", "../x.yaml", "sub/../../x.yaml", "link/x.yaml",
                                  "sub/../x.yaml"])  # no ".." at all, even one that comes back
def test_a_name_leading_out_of_the_files_folder_is_refused(tmp_path, name):
    folder = tmp_path / "inside"
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path)
    with pytest.raises(PublisherError) as raised:
        xliff_import.named_in_folder(folder / "x.xlf", name, "translation-file")
    assert finding_of(raised) == (str(folder / "x.xlf"), "translation-file", f'names "{name}", which is not inside '
                                  "the folder of this file: names read from an XLIFF file are only followed inside "
                                  "its folder. Give --source (and --translation) for an outcome elsewhere",
                                  "xliff.outcome-path", EXIT_UNREADABLE)


def test_a_name_inside_the_folder_is_followed_there(tmp_path):
    (tmp_path / "sub").mkdir()
    assert xliff_import.named_in_folder(tmp_path / "x.xlf", "sub/x.yaml", "source-file") == tmp_path / "sub/x.yaml"
    assert xliff_import.named_in_folder(tmp_path / "x.xlf", "./x.yaml", "source-file") == tmp_path / "x.yaml"


# -- OmegaT --------------------------------------------------------------------------------------

def test_what_omegat_did_not_translate_or_left_as_the_translation_carries_no_target():
    units = workset_of(unit("Texto uno.", field="a"), unit("Texto uno.", field="b"), unit("Texto uno.", field="c"),
                       unit("Texto uno.", field="d"))
    doc = document(imported("Text one.", id="a.s1"),  # its source came back: not translated
                   imported(" Texto  uno.", "final", id="b.s1"),  # the translation's text already
                   imported("Texto nuevo.", id="c.s1"),  # the translator's
                   imported("Text one.", id="d.s1", problems=("inline code 1 stands for nothing",)),
                   imported("Text one.", id="e.s1"),  # no such unit: its source came back
                   imported("Texto.", id="g.s1"), imported(None, id="h.s1"))
    adjusted = omegat_import.what_omegat_translated(doc, units)
    assert [u.target_text for u in adjusted.units] == [None, None, "Texto nuevo.", "Text one.", None, "Texto.", None]
    assert [u.id for u in adjusted.units] == [u.id for u in doc.units]
    assert adjusted.source_file == doc.source_file


# -- the commands --------------------------------------------------------------------------------

def report_of(**changes) -> ImportReport:
    base = ImportReport(Path("/r/x.xlf"), Path("/r/x.yaml"), Path("/r/x.es.yaml"), ("a", "b"), ("c",), 4,
                        (Issue("qa.numbers", ERROR, "e", "a"), Issue("qa.terms", WARNING, "w", "b"),
                         Issue("qa.terms", WARNING, "w", "c")), 2, True)
    return replace(base, **changes)


def test_the_import_summary_counts_units_issues_and_what_was_written():
    assert commands._summary(report_of(), False) == (
        "/r/x.xlf: 2 unit(s) applied; 1 refused; 4 unchanged; 1 error(s), 2 warning(s); /r/x.es.yaml written; "
        "2 segment(s) added to or changed in the memory")
    assert commands._summary(report_of(written=False), True) == (
        "/r/x.xlf: 2 unit(s) would be applied; 1 refused; 4 unchanged; 1 error(s), 2 warning(s); dry run: nothing "
        "written")
    assert commands._summary(report_of(written=False, issues=()), False) == (
        "/r/x.xlf: 2 unit(s) applied; 1 refused; 4 unchanged; 0 error(s), 0 warning(s); nothing written")


def import_arguments(path: Path, **more) -> argparse.Namespace:
    values = dict(xliff_command="import", xliff=path, source=None, translation=None, dry_run=False, glossary=None,
                  memory=None, no_memory=True)
    return argparse.Namespace(**{**values, **more})


@pytest.mark.parametrize("report, status", [(report_of(), EXIT_FINDINGS), (report_of(rejected=(), issues=()), EXIT_OK),
                                            (report_of(rejected=(), written=False), EXIT_FINDINGS)])
def test_the_import_command_prints_each_issue_and_the_summary_and_fails_on_a_refusal_or_error(
        monkeypatch, capsys, tmp_path, report, status):
    calls = []

    def fake_import(path, source, translation, glossary, memory, dry_run):
        calls.append((path, source, translation, glossary, memory, dry_run))
        return report

    monkeypatch.setattr(xliff_import, "import_xliff", fake_import)
    monkeypatch.setattr("publisher.translate.resources.load_glossaries", lambda paths: "the glossary")
    xlf = tmp_path / "x.xlf"
    assert commands.run_xliff(import_arguments(xlf, source=Path("s.yaml"), translation=Path("t.yaml"))) == status
    assert calls == [(xlf, Path("s.yaml"), Path("t.yaml"), "the glossary", None, False)]
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert lines[:-1] == [f"{xlf}: {issue.format()}" for issue in report.issues]
    assert lines[-1] == commands._summary(report, False)
    assert out == ("/r/x.es.yaml\n" if report.written else "")


def test_the_import_command_reads_a_folder_as_an_omegat_project(monkeypatch, capsys, tmp_path):
    seen = []
    monkeypatch.setattr(omegat_import, "import_omegat", lambda *args: seen.append(args) or report_of(issues=()))
    monkeypatch.setattr("publisher.translate.resources.load_glossaries", lambda paths: None)
    assert commands.run_xliff(import_arguments(tmp_path, dry_run=True)) == EXIT_FINDINGS
    assert seen == [(tmp_path, None, None, None, None, True)]


def test_the_memory_is_opened_only_when_wanted_and_needed_and_a_dry_run_creates_none(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr("publisher.translate.resources.open_memory", lambda path: opened.append(path) or "memory")
    monkeypatch.setattr("publisher.translate.resources.default_memory_path", lambda: tmp_path / "default.sqlite")
    arguments = argparse.Namespace(no_memory=False, memory=None, dry_run=False)
    assert commands._memory(arguments, needed=True) == "memory" and opened == [tmp_path / "default.sqlite"]
    assert commands._memory(arguments, needed=False) is None
    assert commands._memory(argparse.Namespace(no_memory=True, memory=None), needed=True) is None
    missing = argparse.Namespace(no_memory=False, memory=tmp_path / "none.sqlite", dry_run=True)
    assert commands._memory(missing, needed=True) is None
    (tmp_path / "there.sqlite").write_bytes(b"")
    there = argparse.Namespace(no_memory=False, memory=tmp_path / "there.sqlite", dry_run=True)
    assert commands._memory(there, needed=True) == "memory" and opened[-1] == tmp_path / "there.sqlite"
    export = argparse.Namespace(no_memory=False, memory=tmp_path / "none.sqlite")
    assert commands._memory(export, needed=True) == "memory"


def test_the_export_command_says_how_many_units_in_each_state(draft, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("publisher.translate.resources.load_glossaries", lambda paths: None)
    output = tmp_path / "out.xlf"
    arguments = argparse.Namespace(xliff_command="export", file=draft, to="es", output=output, xliff_version="1.2",
                                   tool="xliff", translation=None, glossary=None, memory=None, no_memory=True)
    assert commands.run_xliff(arguments) == EXIT_OK
    from publisher.postedit.workset import open_workset

    units = open_workset(draft, "es").units
    counts = {s: sum(u.state == s for u in units) for s in ("initial", "translated", "reviewed", "final")}
    out, err = capsys.readouterr()
    assert out == f"{output}\n"
    assert err == (f"{output}: {len(units)} unit(s) in XLIFF 1.2 (initial {counts['initial']}, translated "
                   f"{counts['translated']}, reviewed {counts['reviewed']}, final {counts['final']})\n")
    assert output.read_text(encoding="utf-8").count("<trans-unit") == len(units)


def test_the_export_command_writes_beside_the_translation_by_default(draft, monkeypatch, capsys):
    monkeypatch.setattr("publisher.translate.resources.load_glossaries", lambda paths: None)
    arguments = argparse.Namespace(xliff_command="export", file=draft, to="es", output=None, xliff_version="2.1",
                                   tool="xliff", translation=None, glossary=None, memory=None, no_memory=True)
    assert commands.run_xliff(arguments) == EXIT_OK
    expected = draft.with_name("ghana-international-cooperation.es.xlf")
    assert capsys.readouterr().out == f"{expected}\n" and expected.is_file()


class FakeChange:
    def __init__(self, field):
        self.field = field

    def diff(self):
        return [f"- old {self.field}", f"+ new {self.field}"]


class FakeResult:
    def __init__(self, changes=(), comments=(), accepted=0, written=False, moves=(), findings=()):
        self.outcome, self.output = Path("/r/x.yaml"), Path("/r/out.yaml")
        self.changes, self.comments, self.accepted_changes, self.written = list(changes), list(comments), accepted, \
            written
        self.moves, self.findings = list(moves), list(findings)


def docx_arguments(**more) -> argparse.Namespace:
    values = dict(docx=Path("/r/x.docx"), outcome=None, output=None, accept_changes=False, dry_run=False)
    return argparse.Namespace(**{**values, **more})


@pytest.mark.parametrize("result, dry_run, last", [
    (FakeResult([FakeChange("a"), FakeChange("b")], ["a: someone: why?"], 3, True), False,
     "/r/x.docx: 2 field(s) changed; 3 tracked change(s) applied; 1 comment(s) listed above (not imported); "
     "/r/out.yaml written"),
    (FakeResult([FakeChange("a")]), True, "/r/x.docx: 1 field(s) changed; dry run: nothing written"),
    (FakeResult(), True, "/r/x.docx: 0 field(s) changed; nothing written"),
    (FakeResult([FakeChange("a")]), False, "/r/x.docx: 1 field(s) changed; nothing written"),
])
def test_the_docx_import_command_prints_each_change_comment_and_what_was_written(
        monkeypatch, capsys, result, dry_run, last):
    seen = []
    monkeypatch.setattr("publisher.postedit.docx_import.import_docx", lambda *args: seen.append(args) or result)
    arguments = docx_arguments(dry_run=dry_run, outcome=Path("o.yaml"), output=Path("w.yaml"), accept_changes=True)
    assert commands.run_docx_import(arguments) == EXIT_OK
    assert seen == [(Path("/r/x.docx"), Path("o.yaml"), Path("w.yaml"), True, dry_run)]
    out, err = capsys.readouterr()
    expected = []
    for change in result.changes:
        expected += [f"/r/x.yaml: {change.field}:", f"  - old {change.field}", f"  + new {change.field}"]
    expected += [f"/r/x.docx: comment: {c}" for c in result.comments] + [last]
    assert err.splitlines() == expected
    assert out == ("/r/out.yaml\n" if result.written else "")


MOVE = FieldMove("o.a[1]", "o.a[0]")
NOT_A_LIST = Finding("/r/x.docx", 0, 0, "o.b[0]", "was moved in Word into a table: ...", "docx.not-a-list")


@pytest.mark.parametrize("result, dry_run, last, status", [
    (FakeResult(moves=[MOVE]), True, "/r/x.docx: 0 field(s) changed; 1 paragraph(s) moved; dry run: nothing written",
     EXIT_OK),
    (FakeResult([FakeChange("a")], moves=[MOVE], findings=[NOT_A_LIST], written=True), False,
     "/r/x.docx: 1 field(s) changed; 1 paragraph(s) moved; 1 paragraph(s) not imported (above); /r/out.yaml written",
     EXIT_FINDINGS),
    (FakeResult(findings=[NOT_A_LIST]), True, "/r/x.docx: 0 field(s) changed; 1 paragraph(s) not imported (above); "
     "nothing written", EXIT_FINDINGS),
])
def test_the_docx_import_command_prints_each_move_and_what_it_could_not_import(
        monkeypatch, capsys, result, dry_run, last, status):
    monkeypatch.setattr("publisher.postedit.docx_import.import_docx", lambda *args: result)
    assert commands.run_docx_import(docx_arguments(dry_run=dry_run)) == status
    err = capsys.readouterr().err.splitlines()
    changes = [line for change in result.changes for line in
               (f"/r/x.yaml: {change.field}:", f"  - old {change.field}", f"  + new {change.field}")]
    assert err == changes + [f"/r/x.yaml: {m.describe()}" for m in result.moves] + \
        [f.format() for f in result.findings] + [last]


def test_the_commands_are_wired_into_the_publisher_parser():
    parser = argparse.ArgumentParser()
    subcommands = parser.add_subparsers(dest="command")
    commands.add_xliff_parser(subcommands)
    commands.add_import_parser(subcommands)
    exported = parser.parse_args(["xliff", "export", "x.yaml", "--to", "fr"])
    assert (exported.handler, exported.xliff_version, exported.tool, exported.output, exported.translation) == (
        commands.run_xliff, "2.1", "xliff", None, None)
    imported_ = parser.parse_args(["xliff", "import", "x.xlf", "--dry-run"])
    assert (imported_.xliff_command, imported_.dry_run, imported_.source) == ("import", True, None)
    docx = parser.parse_args(["import", "x.docx", "--accept-changes"])
    assert (docx.handler, docx.accept_changes, docx.dry_run, docx.outcome) == (commands.run_docx_import, True,
                                                                               False, None)
    with pytest.raises(SystemExit):
        parser.parse_args(["xliff"])


class FakeMemory:
    def __init__(self):
        self.closed = 0

    def close(self):
        self.closed += 1


def test_the_import_command_closes_the_memory_it_opened_even_when_the_import_fails(monkeypatch, capsys, tmp_path):
    memory = FakeMemory()
    monkeypatch.setattr(commands, "_memory", lambda arguments, needed: memory)
    monkeypatch.setattr("publisher.translate.resources.load_glossaries", lambda paths: None)
    seen = []
    monkeypatch.setattr(xliff_import, "import_xliff", lambda *args: seen.append(args) or report_of())
    commands.run_xliff(import_arguments(tmp_path / "x.xlf"))
    assert memory.closed == 1 and seen[0][4] is memory

    def failing(*args):
        raise PublisherError()

    monkeypatch.setattr(xliff_import, "import_xliff", failing)
    with pytest.raises(PublisherError):
        commands.run_xliff(import_arguments(tmp_path / "x.xlf"))
    assert memory.closed == 2


def test_the_export_command_opens_the_memory_only_to_make_a_draft_and_closes_it(draft, monkeypatch, capsys, tmp_path):
    memories, needs = [], []

    def memory_for(arguments, needed):
        needs.append(needed)
        memories.append(FakeMemory())
        return memories[-1]

    monkeypatch.setattr(commands, "_memory", memory_for)
    monkeypatch.setattr("publisher.translate.resources.load_glossaries", lambda paths: None)
    arguments = argparse.Namespace(xliff_command="export", file=draft, to="es", output=tmp_path / "a.xlf",
                                   xliff_version="2.1", tool="xliff", translation=None, glossary=None)
    commands.run_xliff(arguments)
    assert needs == [False] and memories[0].closed == 1
    arguments.translation = tmp_path / "none.es.yaml"
    with pytest.raises(Exception):
        commands.run_xliff(arguments)
    assert needs == [False, True] and memories[1].closed == 1


def test_the_export_command_for_omegat_writes_a_project_and_says_so(draft, monkeypatch, capsys, tmp_path):
    import publisher.interchange.omegat as omegat

    written = []
    monkeypatch.setattr(omegat, "write_omegat_project",
                        lambda workset, folder, glossary: written.append((workset, folder, glossary)) or folder)
    class NoTerms:
        looked_up: list = []

        def find(self, text, language):
            self.looked_up.append(language)
            return []

    the_glossary = NoTerms()
    monkeypatch.setattr("publisher.translate.resources.load_glossaries", lambda paths: the_glossary)
    arguments = argparse.Namespace(xliff_command="export", file=draft, to="es", output=None, xliff_version="2.1",
                                   tool="omegat", translation=None, glossary=None, memory=None, no_memory=True)
    assert commands.run_xliff(arguments) == EXIT_OK
    workset, folder, glossary = written[0]
    assert folder == omegat.default_project_folder(draft.with_name("ghana-international-cooperation.es.yaml"))
    assert glossary is the_glossary and workset.target_language == "es"
    assert the_glossary.looked_up == ["en"] * len(workset.units)  # the units' terms come from the same glossary
    out, err = capsys.readouterr()
    assert out == f"{folder}\n"
    assert err == f"{folder}: an OmegaT project, {len(workset.units)} unit(s) to translate from en into es\n"
    arguments.output = tmp_path / "project"
    commands.run_xliff(arguments)
    assert written[-1][1] == tmp_path / "project"


def test_an_omegat_project_is_imported_from_the_file_omegat_wrote_with_what_it_did_not_translate_left_out(
        monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(omegat_import, "translated_file", lambda folder: folder / "target" / "x.xlf")
    monkeypatch.setattr(omegat_import, "read_xliff", lambda path: ("read", path))
    monkeypatch.setattr(omegat_import, "import_document", lambda *args, **options: calls.append((args, options)) or "r")
    assert omegat_import.import_omegat(str(tmp_path), "s.yaml", "t.yaml", "g", "m", True) == "r"
    assert calls == [((tmp_path, ("read", tmp_path / "target" / "x.xlf"), tmp_path, "s.yaml", "t.yaml", "g", "m",
                       True), {"adjust": omegat_import.what_omegat_translated})]


def test_an_xliff_file_is_imported_into_the_translation_given_or_the_one_it_names(draft, glossary, tmp_path):
    from publisher.interchange.xliff import write_xliff
    from publisher.postedit.workset import open_workset

    workset = open_workset(draft, "es", glossary=glossary)
    xlf = draft.with_name("x.es.xlf")
    write_xliff(workset, xlf, "2.1")
    named = xliff_import.import_xliff(str(xlf), dry_run=True)
    assert (named.xliff, named.source, named.translation, named.applied) == (xlf, draft, workset.target_path, ())
    elsewhere = tmp_path / "copy.es.yaml"
    elsewhere.write_bytes(workset.target_path.read_bytes())
    given = xliff_import.import_xliff(xlf, draft, elsewhere, glossary, None, True)
    assert (given.source, given.translation) == (draft, elsewhere)
