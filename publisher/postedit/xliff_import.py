"""A translator's XLIFF back into the translated outcome: the targets they changed become edits,
checked as every edit is (inline codes intact, numbers, glossary terms), applied, saved, and the
reviewed or final ones added to the translation memory.

Which outcome: the files the XLIFF names (written by ``write_xliff``, relative to the .xlf file),
unless ``source`` and ``translation`` say otherwise. Which units count: those whose target differs
from the outcome's (spacing aside) or whose state changed; a file exported and imported unchanged
changes nothing and writes nothing. A unit without a target, or with an empty one in state
initial, gives no edit. A target is never taken back as "initial": with a target, initial (or
XLIFF 1.2's new / needs-translation) counts as translated.

Each unit is refused on its own, with its id, when its codes cannot be read back (a code that
stands for nothing in the source, half of a pair), when its source is no longer the outcome's
(export again), or when its target breaks an inline code; the other units still apply. Nothing is
written when the XLIFF itself cannot be read, nor in a dry run.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..interchange.xliff import ImportedUnit, XliffDocument, read_xliff
from ..reference import LANGUAGES
from ..translate.qa import ERROR
from .units import STATES
from .workset import Edit, EditIssue, Workset, apply_edits, open_workset, save_workset


@dataclass(frozen=True)
class ImportReport:
    xliff: Path
    source: Path
    translation: Path
    applied: tuple[str, ...]  # unit ids
    rejected: tuple[str, ...]
    unchanged: int  # units of the file that carry no change
    issues: tuple[EditIssue, ...]
    memory_added: int = 0
    written: bool = False  # the translated outcome (and its report) were saved

    @property
    def errors(self) -> tuple[EditIssue, ...]:
        return tuple(i for i in self.issues if i.severity == ERROR)

    @property
    def failed(self) -> bool:
        """A unit was refused, or an applied one has a QA error."""
        return bool(self.rejected or self.errors)


def import_xliff(path: Path | str, source: Path | str | None = None, translation: Path | str | None = None,
                 glossary=None, memory=None, dry_run: bool = False) -> ImportReport:
    path = Path(path)
    document = read_xliff(path)
    source_path, translation_path = outcome_files(path, document, source, translation)
    workset = open_workset(source_path, _target_language(path, document), translation_path, glossary, memory)
    _check_languages(path, document, workset)
    document = document.resolved({unit.id: unit.codes for unit in workset.units})
    edits, refused, unchanged = _edits(document, workset)
    result = apply_edits(workset, edits, glossary)
    order = {unit.id: number for number, unit in enumerate(document.units)}
    issues = sorted((*refused, *result.issues), key=lambda issue: order.get(issue.unit, len(order)))
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
    them (relative to its folder)."""
    if source is None and not document.source_file:
        raise PublisherError(Finding(str(path), 0, 0, "", "the file does not say which outcome it belongs to "
                                     "(it was not exported by publisher, or the tool dropped its metadata); "
                                     "give --source", "xliff.no-source"), exit_code=EXIT_UNREADABLE)
    source_path = Path(source) if source is not None else path.parent / document.source_file
    if translation is not None:
        return source_path, Path(translation)
    if source is None and document.translation_file:
        return source_path, path.parent / document.translation_file
    return source_path, None


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


def _edits(document: XliffDocument, workset: Workset) -> tuple[list[Edit], list[EditIssue], int]:
    edits: list[Edit] = []
    refused: list[EditIssue] = []
    unchanged = 0
    for imported in document.units:
        if imported.problems:
            refused.extend(EditIssue(imported.id, ERROR, "xliff.inline-code", problem) for problem in imported.problems)
            continue
        edit = _edit(imported, workset)
        if edit is None:
            unchanged += 1
        else:
            edits.append(edit)
    return edits, refused, unchanged


def _edit(imported: ImportedUnit, workset: Workset) -> Edit | None:
    """The edit an imported unit makes, or None when it changes nothing."""
    target = imported.target_text
    if target is None or not target.strip() and imported.state == "initial":
        return None
    state = "translated" if imported.state == "initial" and target.strip() else imported.state
    unit = workset.unit(imported.id)
    if unit is not None and _same(target, unit.target) and state == unit.state:
        return None
    return Edit(imported.id, target, state if state in STATES else "translated", source=imported.source_text)


def _same(one: str, other: str) -> bool:
    return " ".join(one.split()) == " ".join(other.split())
