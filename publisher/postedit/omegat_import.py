"""An OmegaT project (written by ``publisher xliff export --for omegat``) back into the translated
outcome: the file OmegaT wrote into the project's ``target/`` is read as the XLIFF it is, and goes
through every check of the XLIFF import (inline codes, source changed, conflicts with later
edits, QA, memory: ``xliff_import.import_document``).

What differs from a translator's XLIFF is what OmegaT writes for what it did not translate:

- a segment OmegaT has no translation for comes back as its source text (OmegaT's XLIFF filter
  translates the ``<target>``, which the export filled with the source): such a unit carries no
  translation and changes nothing. A translation identical to its source is therefore not taken
  from OmegaT; one differing only in its tags is.
- a unit whose text comes back as the translated outcome has it (an exact memory match or a
  reviewed unit OmegaT inserted from ``tm/auto/``, or a draft accepted unchanged) changes
  nothing either, whatever the state in the file: OmegaT leaves the XLIFF states as exported.

Every other unit is the translator's: applied as ``translated`` (OmegaT has no review state),
with the OmegaT tags written back as the codes they stand for.

The outcome's files are named in the project relative to the folder that holds the project,
and are followed only inside it (``xliff.outcome-path``), as names in an .xlf file are followed
only inside its folder.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..interchange.omegat import translated_file
from ..interchange.xliff_read import XliffDocument, read_xliff
from .workset import Workset
from .xliff_import import ImportReport, _same, import_document


def import_omegat(folder: Path | str, source: Path | str | None = None, translation: Path | str | None = None,
                  glossary=None, memory=None, dry_run: bool = False) -> ImportReport:
    folder = Path(folder)
    document = read_xliff(translated_file(folder))
    return import_document(folder, document, folder, source, translation, glossary, memory, dry_run,
                           adjust=what_omegat_translated)


def what_omegat_translated(document: XliffDocument, workset: Workset) -> XliffDocument:
    """The document with no target on the units OmegaT did not translate (their source text came
    back) or whose text is the translation's already."""
    units = []
    for unit in document.units:
        current = workset.unit(unit.id)
        target = unit.target_text
        if target is not None and not unit.problems and (
                _same(target, unit.source_text) or current is not None and _same(target, current.target)):
            unit = replace(unit, target_text=None)
        units.append(unit)
    return replace(document, units=tuple(units))
