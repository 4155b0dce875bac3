"""A translated outcome opened for post-editing: its units, the edits a translator makes, and
saving them back into the translated outcome, its QA report and the translation memory.

The units come from the QA report that ``publisher translate`` wrote beside the draft
(``x.fr.qa.json``: one record per sentence). A field whose text no longer matches its records (the
YAML was edited by hand) becomes one paragraph-level unit holding the text as it is now, so
nothing a person wrote is lost. A translation made without the pipeline (no report) is aligned
sentence by sentence when both sides have as many sentences, else paragraph by paragraph. With no
translated version at all, the draft is made in memory from the translation memory and glossary
(engine "none"), and written only when saved.

Edits are checked before they are applied: a target that breaks an inline code of its source
(a footnote marker, a symbol, a number, italics) is rejected with the unit's id; the other QA
checks (numbers, glossary terms, markup) are run again and reported with the unit's id. Confirmed
units without a QA error go to the translation memory, each with its provenance: a person's text
as a post-edit, machine text confirmed unchanged as confirmed machine translation (provenance.py).
"""
from __future__ import annotations

import copy
import fcntl
import hashlib
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..errors import PublisherError
from ..files import read_regular_file, write_atomic
from ..findings import Finding
from ..load import MAX_INPUT_BYTES, MAX_TEXT_CHARACTERS, LoadedFile, load_file, text_problems
from ..markup import is_untranslated_copy, mark_untranslated
from ..reference import LANGUAGE_NAMES
from ..translate.pipeline import Translation, _sentences, text_fields
from ..translate.output import OutcomeDumper, check_valid_outcome, translation_paths
from ..versions import version_difference
from ..findings import Issue, Severity
from ..translate.qa import ERROR, SegmentPair, check_pair
from ..interchange.inline import CONFIRMED, STATES, code_problems
from . import provenance
from .units import TermHint, Unit, unit_id

MAX_REPORT_BYTES = 16 * MAX_INPUT_BYTES  # a QA report holds every sentence twice, with provenance

_STATE_OF_ORIGIN = {"untranslated": "initial", "post-edited": "reviewed"}


@dataclass(frozen=True)
class Slot:
    """One piece of a field's text: a unit, with the spacing around it, or bare spacing."""

    unit: str | None  # unit id, or None for spacing alone
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Workset:
    source_path: Path
    target_path: Path
    source: LoadedFile
    target_data: dict
    source_language: str
    target_language: str
    units: tuple[Unit, ...]
    layout: dict  # field path -> (keys into the data, tuple[Slot, ...])
    exists: bool = True  # False: a draft made in memory, not written yet
    opened: tuple = ()  # digests of the source, the translation and its report when opened

    def unit(self, identifier: str) -> Unit | None:
        return self._by_id().get(identifier)

    def _by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @property
    def report_path(self) -> Path:
        return self.target_path.with_suffix(".qa.json")

    @property
    def summary_path(self) -> Path:
        return self.target_path.with_suffix(".qa.txt")

    @property
    def status(self) -> str:
        """What the translated outcome is, from its units: final when every unit is final,
        post-edited when a person has confirmed every unit, else draft."""
        states = {u.state for u in self.units}
        if states <= {"final"}:
            return "final"
        if states <= set(CONFIRMED):
            return "post-edited"
        return "draft"


@dataclass(frozen=True)
class Edit:
    unit: str  # unit id
    target: str  # plain text in our markup: [^a] footnote markers, *italics*
    state: str = "reviewed"
    source: str | None = None  # the source as the translator saw it, to notice a changed source
    import_base: str = ""  # from an XLIFF import: the fingerprint the unit had in the exported file
    accept: bool = False  # "Save and confirm all": keep the machine text as it is, as confirmed MT


@dataclass(frozen=True)
class EditResult:
    workset: Workset
    applied: tuple[str, ...]
    rejected: tuple[str, ...]
    issues: tuple[Issue, ...] = field(default=())


# -- opening -----------------------------------------------------------------------------------

def translation_path(source_path: Path, target_language: str, folder: Path | None = None) -> Path:
    return translation_paths(source_path, target_language, folder or source_path.parent)[0]


def open_workset(source_path: Path | str, target_language: str, target_path: Path | str | None = None,
                 glossary=None, memory=None) -> Workset:
    source_path = Path(source_path)
    source = load_file(source_path)
    source_language = source.data["review"]["language"]
    if target_language == source_language:
        raise PublisherError(Finding(str(source_path), 0, 0, "review.language",
                                     f"the outcome is already in {target_language}", "postedit.same-language"))
    target_path = Path(target_path) if target_path else translation_path(source_path, target_language)
    opened = _digests(source_path, target_path)  # before reading: a change while reading is a change
    if target_path.exists():
        target = load_file(target_path)
        _check_is_version_of(target, source, target_language)
        report = _read_report(target_path.with_suffix(".qa.json"))
        units, layout = _align(source, target.data, source_language, target_language, report,
                               _status(target.data))
        exists = True
        target_data = target.data
    else:
        draft = _draft_in_memory(source, source_path, target_language, glossary, memory)
        report = {"segments": draft.report()["segments"]}
        units, layout = _align(source, draft.data, source_language, target_language, report, "draft")
        exists = False
        target_data = draft.data
    units = tuple(_with_terms(u, glossary, source_language, target_language) for u in units)
    return Workset(source_path, target_path, source, target_data, source_language, target_language,
                   units, layout, exists, opened)


def _status(data: dict) -> str:
    return (data.get("translation") or {}).get("status", "")


def _check_is_version_of(target: LoadedFile, source: LoadedFile, language: str) -> None:
    review = target.data.get("review") if isinstance(target.data, dict) else None
    if not isinstance(review, dict) or review.get("language") != language:
        raise PublisherError(Finding(target.file, 0, 0, "review.language",
                                     f"is not the {language} version of {Path(source.file).name}",
                                     "postedit.not-a-version"))
    key = version_difference(source.data, target.data)
    if key is not None:
        raise PublisherError(Finding(target.file, 0, 0, f"review.{key}",
                                     f"differs from {Path(source.file).name}: this is not a version of it",
                                     "postedit.not-a-version"))


def _read_report(path: Path) -> dict | None:
    try:
        report = json.loads(read_regular_file(path, MAX_REPORT_BYTES).decode("utf-8"))
    except (PublisherError, ValueError, RecursionError):
        return None  # no report, or an unreadable one: the units are aligned from the texts
    return report if isinstance(report, dict) and isinstance(report.get("segments"), list) else None


def _draft_in_memory(source: LoadedFile, source_path: Path, target_language: str, glossary, memory) -> Translation:
    from ..translate.resources import make_translator

    return make_translator("none", memory, glossary).translate_outcome(source, target_language,
                                                                       source_file=source_path.name)


def _align(source: LoadedFile, target_data: dict, source_language: str, target_language: str,
           report: dict | None, status: str):
    records = {}
    for record in (report or {}).get("segments", []):
        if isinstance(record, dict) and isinstance(record.get("field"), str) and isinstance(record.get("index"), int):
            records[(record["field"], record["index"])] = record
    human_state = {"final": "final", "post-edited": "reviewed"}.get(status, "translated")
    units: list[Unit] = []
    layout: dict = {}
    for path, keys, text in text_fields(source.data):
        target_text = _get(target_data, keys)
        if not isinstance(target_text, str):
            raise PublisherError(Finding(str(source.file), 0, 0, path, "the translated version has no text here: it "
                                         "does not have the structure of its source", "postedit.structure"))
        pieces = _sentences(text, source_language)
        made = (_from_records(path, pieces, target_text, records) if report is not None
                else _from_sentences(path, pieces, target_text, target_language, human_state))
        if made is None:
            made = _whole_paragraph(path, text, target_text, human_state)
        field_units, slots = made
        units.extend(field_units)
        layout[path] = (keys, tuple(slots))
    return tuple(units), layout


def _from_records(path, pieces, target_text, records):
    units, slots = [], []
    for index, (before, sentence, after) in enumerate(pieces):
        if not sentence:
            slots.append(Slot(None, before))
            continue
        record = records.get((path, index))
        if record is None or record.get("source") != sentence or not isinstance(record.get("target"), str):
            return None
        origin = record.get("origin", "")
        untranslated = origin == "untranslated"
        state = record.get("state") or _STATE_OF_ORIGIN.get(origin, "translated")
        units.append(Unit(unit_id(path, index), path, index, sentence, "" if untranslated else record["target"],
                          state if state in STATES else "translated", origin, record.get("score"),
                          record.get("route", ""), issues=_record_issues(record),
                          import_base=str(record.get("import_base") or ""),
                          accepted=record.get("accepted") is True))
        slots.append(Slot(units[-1].id, before, after))
    if _join(slots, {u.id: u for u in units}) != target_text:
        return None  # the text was changed since the report was written: keep the text as it is
    return units, slots


def _record_issues(record: dict) -> tuple[Issue, ...]:
    """The QA issues a report holds (reports written before rule codes were full lack the ``qa.``)."""
    return tuple(Issue(_full_code(str(i.get("code", ""))), _severity(i.get("severity")), str(i.get("message", "")))
                 for i in record.get("issues") or [] if isinstance(i, dict))


def _full_code(code: str) -> str:
    return code if "." in code and code.split(".", 1)[0] in ("qa", "postedit", "xliff") else f"qa.{code}"


def _severity(value) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        return Severity.WARNING


def _from_sentences(path, pieces, target_text, target_language, state):
    targets = [t for t in _sentences(target_text, target_language) if t[1]]
    sources = [(i, p) for i, p in enumerate(pieces) if p[1]]
    if len(targets) != len(sources) or len(sources) < 2:
        return None
    units = [Unit(unit_id(path, i), path, i, p[1], t[1], state, "human") for (i, p), t in zip(sources, targets)]
    slots = [Slot(u.id, t[0], t[2]) for u, t in zip(units, targets)]
    return units, slots


def _whole_paragraph(path, text, target_text, state):
    untranslated = is_untranslated_copy(target_text.strip(), text.strip())
    unit = Unit(unit_id(path, None), path, 0, text.strip(), "" if untranslated else target_text.strip(),
                "initial" if untranslated else state, "untranslated" if untranslated else "human")
    lead = target_text[: len(target_text) - len(target_text.lstrip())]
    trail = target_text[len(target_text.rstrip()):]
    return [unit], [Slot(unit.id, lead, trail)]


def _with_terms(unit: Unit, glossary, source_language: str, target_language: str) -> Unit:
    if glossary is None:
        return unit
    hints = []
    for match in glossary.find(unit.source, source_language):
        term = match.target(target_language)
        if term:
            hints.append(TermHint(match.text, term, match.entry.id))
    return replace(unit, terms=tuple(hints))


def _get(data, keys: tuple):
    try:
        for key in keys:
            data = data[key]
    except (KeyError, IndexError, TypeError):
        return None
    return data


def _join(slots, units: dict[str, Unit]) -> str:
    out = []
    for slot in slots:
        if slot.unit is None:
            out.append(slot.before)
            continue
        unit = units[slot.unit]
        out.append(slot.before + (unit.target or mark_untranslated(unit.source)) + slot.after)
    return "".join(out)


# -- editing -----------------------------------------------------------------------------------

def check_target(workset: Workset, unit: Unit, target: str, glossary=None) -> list[Issue]:
    """Everything wrong with ``target`` as the translation of ``unit``: broken inline codes
    (errors that block the edit) and the QA checks of the pipeline. A target over
    MAX_TEXT_CHARACTERS is refused before any other check (a megabyte would keep spaCy busy for a minute)."""
    if len(target) > MAX_TEXT_CHARACTERS:
        return [Issue("postedit.text", ERROR, unit=unit.id, message=problem) for problem in text_problems(target)]
    issues = [Issue("postedit.inline-code", ERROR, unit=unit.id, message=problem)
              for problem in code_problems(unit.source, target)]
    issues += [Issue("postedit.text", ERROR, unit=unit.id, message=problem) for problem in text_problems(target)]
    if not target.strip():
        return issues
    pair = SegmentPair(unit.source, target, workset.source_language, workset.target_language)
    issues += [replace(qa, unit=unit.id) for qa in check_pair(pair, glossary)
               if not (qa.code == "qa.markup" and any(i.code == "postedit.inline-code" for i in issues))]
    return issues


_BLOCKING = ("postedit.inline-code", "postedit.text")


def apply_edits(workset: Workset, edits, glossary=None) -> EditResult:
    units = workset._by_id()
    applied, rejected, issues = [], [], []
    for edit in edits:
        unit = units.get(edit.unit)
        if unit is None:
            rejected.append(edit.unit)
            issues.append(Issue("postedit.unknown-unit", ERROR, "no such unit in this outcome (was the source "
                                "restructured since the export?)", unit=edit.unit))
            continue
        problem = _refusal(unit, edit)
        if problem:
            rejected.append(edit.unit)
            issues.append(problem)
            continue
        target = _tidy(edit.target)
        if target == _tidy(unit.target):
            target = unit.target  # confirmed as it was: keep the text, its spacing and its provenance
        found = check_target(workset, unit, target, glossary)
        issues.extend(found)
        if any(i.code in _BLOCKING for i in found):
            rejected.append(edit.unit)
            continue
        changed = target != unit.target
        qa = tuple(replace(i, unit="") for i in found)
        state = edit.state if target else "initial"
        units[edit.unit] = replace(unit, target=target, state=state, origin="post-edited" if changed else unit.origin,
                                   score=None if changed else unit.score, issues=qa, import_base=edit.import_base,
                                   accepted=provenance.accepted_after(unit, state, changed, edit.accept))
        applied.append(edit.unit)
    ordered = tuple(units[u.id] for u in workset.units)
    return EditResult(replace(workset, units=ordered), tuple(applied), tuple(rejected), tuple(issues))


def _tidy(text: str) -> str:
    """Line breaks and runs of spaces (a text box, a CAT tool's wrapping) become one space; no-break
    spaces stay, since French and other typography depend on them."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _refusal(unit: Unit, edit: Edit) -> Issue | None:
    if edit.state not in STATES:
        return Issue("postedit.state", ERROR, f"unknown state \"{edit.state}\"; one of {', '.join(STATES)}",
                     unit=unit.id)
    if edit.source is not None and " ".join(edit.source.split()) != " ".join(unit.source.split()):
        return Issue("postedit.source-changed", ERROR,
                     "the source of this unit has changed since it was exported; export again", unit=unit.id)
    if edit.state != "initial" and not edit.target.strip():
        return Issue("postedit.empty-target", ERROR, unit=unit.id, message=f"state \"{edit.state}\" with no target")
    return None


# -- saving ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Saved:
    outcome: Path
    report: Path
    status: str
    memory_added: int  # units the save added to the memory or changed in it
    summary: Path | None = None


def save_workset(workset: Workset, memory=None, glossary=None) -> Saved:
    """Writes the translated outcome (validated first), then its report and readable summary, then
    the memory (with each unit's provenance: provenance.py)."""
    data = _rebuilt_data(workset)
    text = _header(workset, data["translation"]["status"]) + yaml.dump(
        data, Dumper=OutcomeDumper, allow_unicode=True, sort_keys=False, width=100)
    check_valid_outcome(text, workset.target_path)
    with _folder_lock(workset.target_path.parent):
        _refuse_if_changed_since_opened(workset)
        write_atomic(workset.target_path, text.encode("utf-8"))
        write_atomic(workset.report_path, (json.dumps(provenance.report(workset), ensure_ascii=False, indent=2)
                                           + "\n").encode("utf-8"))
        write_atomic(workset.summary_path, provenance.readable_summary(workset).encode("utf-8"))
    rows = provenance.memory_rows(workset) if memory is not None else []
    added = memory.add_changed(rows) if rows else 0
    return Saved(workset.target_path, workset.report_path, data["translation"]["status"], added,
                 workset.summary_path)


def file_digests(source_path: Path, target_path: Path) -> tuple:
    """The digests of a source, its translated version and its report (None for a missing file):
    what ``Workset.opened`` holds, to tell whether a workset still stands for the files."""
    return _digests(Path(source_path), Path(target_path))


def _digests(source_path: Path, target_path: Path) -> tuple:
    def digest(path: Path) -> str | None:
        try:  # a regular file only (a named pipe would block), of at most an outcome's size
            return hashlib.sha256(read_regular_file(path, MAX_REPORT_BYTES)).hexdigest()
        except PublisherError as error:
            if error.findings[0].code == "input.missing-file":
                return None
            return error.findings[0].code  # stands for a file that cannot be read, as it is now

    return tuple(digest(p) for p in (source_path, target_path, target_path.with_suffix(".qa.json")))


@contextmanager
def _folder_lock(folder: Path):
    """Saves into one folder take turns, across processes (the web app, an XLIFF import, ...)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


folder_lock = _folder_lock  # the outcome editor of the web app takes the same turns


def _refuse_if_changed_since_opened(workset: Workset) -> None:
    """Someone else saved (or the source was edited) between opening and saving: saving now would
    silently undo their work, so nothing is written."""
    if workset.opened and _digests(workset.source_path, workset.target_path) != workset.opened:
        raise PublisherError(Finding(str(workset.target_path), 0, 0, "", "changed on disk since it was opened for "
                                     "post-editing (another save, an import, or the source was edited); nothing "
                                     "was written: open it again and redo the edits", "postedit.changed-on-disk"))


def _rebuilt_data(workset: Workset) -> dict:
    data = copy.deepcopy(workset.target_data)
    units = workset._by_id()
    for _path, (keys, slots) in workset.layout.items():
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = _join(slots, units)
    translation = dict(data.get("translation") or {})
    translation["status"] = workset.status
    translation.setdefault("source", workset.source_path.name)
    data["translation"] = translation
    return data


def _header(workset: Workset, status: str) -> str:
    words = {"draft": "DRAFT translation (partly machine-made, partly post-edited)",
             "post-edited": "Post-edited translation", "final": "Final translation"}[status]
    accepted = sum(1 for u in workset.units if u.accepted)
    return (f"# {words} into {LANGUAGE_NAMES[workset.target_language]} of {workset.source_path.name}.\n"
            + (f"# {accepted} sentence(s) of machine translation accepted as they are, not yet confirmed one by "
               f"one.\n" if accepted else "")
            + f"# Per-sentence provenance and QA: {workset.report_path.name}, {workset.summary_path.name}. Text "
              f"marked [[...]] is not translated yet.\n")
