"""A translator's XLIFF back into the translated outcome: the targets they changed become edits,
checked as every edit is (inline codes intact, numbers, glossary terms), applied, saved, and the
reviewed or final ones added to the translation memory.

Which outcome: the files the XLIFF names (written by ``write_xliff``, relative to the .xlf file),
unless ``source`` and ``translation`` say otherwise. A file comes from someone else, so the names
in it are followed only inside the folder that holds it (not absolute, no ``..``, no symbolic link
leading out), and the translation it names must be the translated version of the source it names
(``x.<lang>.yaml``, lang the file's target language): the import writes nothing else, wherever a
name points (rule ``xliff.outcome-path``; ``--source``/``--translation`` given by the person
running the import are taken as they are). Which units count: those whose target differs
from the outcome's (spacing aside) or whose state changed; a file exported and imported unchanged
changes nothing and writes nothing. A unit changed in the translation since the export (in the web
app, by another import; the export's fingerprint of each unit tells) is not overwritten with the
file's older text: left as it is when the file did not change it (a warning), refused as a
conflict when both changed it. A unit without a target, or with an empty one in state
initial, gives no edit. A target is never taken back as "initial": with a target, initial (or
XLIFF 1.2's new / needs-translation) counts as translated.

Each unit is refused on its own, with its id, when its codes cannot be read back (a code that
stands for nothing in the source, half of a pair), when its source is no longer the outcome's
(export again), or when its target breaks an inline code; the other units still apply. Nothing is
written when the XLIFF itself cannot be read, nor in a dry run.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding, Issue
from ..interchange.xliff_read import ImportedUnit, XliffDocument, read_xliff
from ..reference import LANGUAGES
from ..translate.qa import ERROR, WARNING
from ..interchange.inline import STATES
from .units import Unit, unit_fingerprint
from .workset import Edit, Workset, apply_edits, open_workset, save_workset, translation_path


@dataclass(frozen=True)
class ImportReport:
    xliff: Path
    source: Path
    translation: Path
    applied: tuple[str, ...]  # unit ids
    rejected: tuple[str, ...]
    unchanged: int  # units of the file that carry no change
    issues: tuple[Issue, ...]
    memory_added: int = 0
    written: bool = False  # the translated outcome (and its report) were saved

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == ERROR)

    @property
    def failed(self) -> bool:
        """A unit was refused, or an applied one has a QA error."""
        return bool(self.rejected or self.errors)


def import_xliff(path: Path | str, source: Path | str | None = None, translation: Path | str | None = None,
                 glossary=None, memory=None, dry_run: bool = False) -> ImportReport:
    path = Path(path)
    return import_document(path, read_xliff(path), path, source, translation, glossary, memory, dry_run)


def import_document(path: Path, document: XliffDocument, named_from: Path, source=None, translation=None,
                    glossary=None, memory=None, dry_run: bool = False, adjust=None) -> ImportReport:
    """Applies a read XLIFF document: ``path`` is what the report names, ``named_from`` the file
    whose folder the names in the document are relative to (the .xlf file; an OmegaT project's
    folder); ``adjust(document, workset)`` may rewrite the resolved document first (the OmegaT
    import uses it to leave out what OmegaT did not translate)."""
    language = _target_language(path, document)
    source_path, translation_path = outcome_files(named_from, document, source, translation)
    workset = open_workset(source_path, language, translation_path, glossary, memory)
    _check_languages(path, document, workset)
    document = document.resolved({unit.id: unit.codes for unit in workset.units})
    if adjust is not None:
        document = adjust(document, workset)
    edits, refused, kept, unchanged = _edits(document, workset)
    result = apply_edits(workset, edits, glossary)
    order = {unit.id: number for number, unit in enumerate(document.units)}
    issues = sorted((*refused, *kept, *result.issues), key=lambda issue: order.get(issue.unit, len(order)))
    rejected = tuple(sorted(dict.fromkeys((*(i.unit for i in refused), *result.rejected)),
                            key=lambda unit: order.get(unit, len(order))))
    report = ImportReport(path, source_path, workset.target_path, result.applied, rejected, unchanged,
                          tuple(issues))
    if dry_run or not result.applied:
        return report
    saved = save_workset(result.workset, memory, glossary)
    return replace(report, memory_added=saved.memory_added, written=True)


def outcome_files(path: Path, document: XliffDocument, source=None, translation=None) -> tuple[Path, Path | None]:
    """The source outcome and its translation for an XLIFF file: as given, else as the file names
    them (relative to its folder, and only inside it). None for the translation: the translated
    version beside the source (``x.<lang>.yaml``)."""
    if source is None and not document.source_file:
        raise PublisherError(Finding(str(path), 0, 0, "", "the file does not say which outcome it belongs to "
                                     "(it was not exported by publisher, or the tool dropped its metadata); "
                                     "give --source", "xliff.no-source"), exit_code=EXIT_UNREADABLE)
    source_path = Path(source) if source is not None else named_in_folder(path, document.source_file, "source-file")
    if translation is not None:
        return source_path, Path(translation)
    if source is None and document.translation_file:
        named = named_in_folder(path, document.translation_file, "translation-file")
        _check_is_translated_version(path, named, source_path, document.target_language)
        return source_path, named
    return source_path, None


def named_in_folder(path: Path, name: str, what: str) -> Path:
    """The file ``name`` (read from the XLIFF file ``path``) in the XLIFF file's folder; refused
    when it is absolute, climbs out with ``..`` or leads out through a symbolic link."""
    folder = path.parent
    relative = PurePosixPath(name)
    if relative.name in ("", ".", ".."):
        raise PublisherError(Finding(str(path), 0, 0, what, f"names \"{name}\", which is no file name; give --source "
                                     "(and --translation)", "xliff.outcome-path"), exit_code=EXIT_UNREADABLE)
    inside = not relative.is_absolute() and ".." not in relative.parts
    if inside:
        inside = (folder / relative).resolve().is_relative_to(folder.resolve())
    if not inside:
        raise PublisherError(Finding(str(path), 0, 0, what, f"names \"{name}\", which is not inside the folder of "
                                     f"this file: names read from an XLIFF file are only followed inside its folder. "
                                     f"Give --source (and --translation) for an outcome elsewhere",
                                     "xliff.outcome-path"), exit_code=EXIT_UNREADABLE)
    return folder / relative


def _check_is_translated_version(path: Path, translation: Path, source: Path, language: str) -> None:
    expected = translation_path(source, language).name
    if translation.name != expected:
        raise PublisherError(Finding(str(path), 0, 0, "translation-file", f"names \"{translation.name}\"; the import "
                                     f"writes only the {language} version of {source.name}, {expected}. Give "
                                     f"--translation to write another file", "xliff.outcome-path"),
                             exit_code=EXIT_UNREADABLE)


def _target_language(path: Path, document: XliffDocument) -> str:
    if document.target_language not in LANGUAGES:
        said = f"\"{document.target_language}\"" if document.target_language else "none"
        raise PublisherError(Finding(str(path), 0, 0, "", f"the file's target language is {said}; one of "
                                     f"{', '.join(LANGUAGES)} is needed (trgLang, or target-language in XLIFF 1.2)",
                                     "xliff.language"), exit_code=EXIT_UNREADABLE)
    return document.target_language


def _check_languages(path: Path, document: XliffDocument, workset: Workset) -> None:
    if document.source_language != workset.source_language:
        raise PublisherError(Finding(str(path), 0, 0, "", f"the file's source language is "
                                     f"{document.source_language}, the outcome's {workset.source_language}",
                                     "xliff.language"), exit_code=EXIT_UNREADABLE)


def _edits(document: XliffDocument, workset: Workset):
    """The edits the file makes; the units refused before any edit (errors); the units whose newer
    text in the translation is kept (warnings); how many units change nothing."""
    edits: list[Edit] = []
    refused: list[Issue] = []
    kept: list[Issue] = []
    unchanged = 0
    units = {unit.id: unit for unit in workset.units}
    for imported in document.units:
        if imported.problems:
            refused.extend(Issue(_problem_code(problem), ERROR, unit=imported.id, message=problem)
                           for problem in imported.problems)
            continue
        edit = _edit(imported, units.get(imported.id))
        if isinstance(edit, Edit):
            edits.append(edit)
        elif edit is not None and edit.severity == ERROR:
            refused.append(edit)
        else:
            unchanged += 1
            if edit is not None:
                kept.append(edit)
    return edits, refused, kept, unchanged


def _problem_code(problem: str) -> str:
    """The rule of a problem the reader found in a unit: its state, or one of its inline codes."""
    return "xliff.state" if problem.startswith("state ") else "xliff.inline-code"


def _edit(imported: ImportedUnit, unit: Unit | None) -> Edit | Issue | None:
    """The edit an imported unit makes to ``unit`` (the translation's unit with its id), None when
    it changes nothing, or why it is not applied."""
    target = imported.target_text
    if target is None or not target.strip() and imported.state == "initial":
        return None
    state = "translated" if imported.state == "initial" and target.strip() else imported.state
    state = state if state in STATES else "translated"
    if unit is not None and _same(target, unit.target) and state == unit.state:
        return None
    if unit is not None and _changed_since_export(imported, unit):
        return _over_newer(imported, unit, target, state)
    return Edit(imported.id, target, state, imported.source_text, imported.fingerprint or "")


def _changed_since_export(imported: ImportedUnit, unit: Unit) -> bool:
    """Whether the translation's unit changed after the export, other than by an earlier import of
    the same export (a translator's second delivery of one file)."""
    exported = imported.fingerprint
    return exported is not None and exported not in (unit.fingerprint, unit.import_base)


def _over_newer(imported: ImportedUnit, unit: Unit, target: str, state: str) -> Edit | Issue | None:
    """What a unit of the file does to a unit the translation changed after the export."""
    if unit_fingerprint(imported.state, target) == imported.fingerprint:
        return Issue("xliff.older-than-translation", WARNING,
                     "changed in the translation since this file was exported, and not in this file: "
                     "the translation's newer text is kept", unit=unit.id)
    if _same(target, unit.target):  # the same text on both sides: the higher state stands
        higher = max(state, unit.state, key=STATES.index)
        return None if higher == unit.state else Edit(unit.id, target, higher, imported.source_text,
                                                      imported.fingerprint or "")
    return Issue("xliff.conflict", ERROR,
                 "changed both in the translation since this file was exported and in this file: not "
                 "applied, so that neither text is lost. Compare them (export again for the translation's), "
                 "then edit one", unit=unit.id)


def _same(one: str, other: str) -> bool:
    return " ".join(one.split()) == " ".join(other.split())
