"""The session manifest: which review outcomes are issued, as joint documents of which working
groups, with which symbols, sessions and agenda items.

Procedures and rules, para. 39: the finalized outcome is translated into the six languages and
made available as a joint document of the relevant working groups. Which groups are relevant is
data: by default the groups that table 2 of resolution 8/2 gives each instrument
(reference/working-groups.yaml), limited to the groups meeting in this session; a manifest may
override it under ``assignment``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import EXIT_FINDINGS, PublisherError
from ..findings import Finding
from ..load import load_file
from ..model import Issue, Meeting, ReviewOutcome, job_numbers
from ..reference import LANGUAGES, working_groups
from ..render import formats
from ..schema import check_schema
from ..versions import base_stem



@dataclass(frozen=True)
class WorkingGroup:
    code: str  # "WG.3"
    name: str  # English name; compose translates it
    year: int
    session: int
    place: str
    dates: tuple[dt.date, ...]
    agenda_item: int
    agenda_symbol: str
    series: str  # "CTOC/COP/WG.3"

    def symbol(self, number: str) -> str:
        return f"{self.series}/{self.year}/{number}"

    def meeting(self) -> Meeting:
        return Meeting(self.name, self.place, self.dates, self.agenda_item, self.agenda_symbol)


@dataclass(frozen=True)
class OutcomeEntry:
    file: Path
    numbers: dict[str, str]  # document kind -> number within each group's series ("7", "CRP.7")
    job_numbers: dict[str, str]  # document kind -> job number; empty: the outcome's own
    field: str  # where the entry stands in the manifest, for findings


@dataclass(frozen=True)
class Session:
    file: str
    name: str
    date: dt.date
    distribution: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    engine: str
    groups: dict[str, WorkingGroup]  # in manifest order
    assignment: dict[str, tuple[str, ...]]  # instrument -> group codes
    outcomes: tuple[OutcomeEntry, ...]
    engines: dict[str, str] = dataclasses.field(default_factory=dict)  # target language -> engine, fixed

    def groups_for(self, outcome: ReviewOutcome) -> tuple[WorkingGroup, ...]:
        """The session's groups that take the outcome's instruments, in manifest order."""
        wanted = {code for instrument in outcome.review.instruments for code in self.assignment.get(instrument, ())}
        return tuple(group for code, group in self.groups.items() if code in wanted)

    def issue_for(self, entry: OutcomeEntry, outcome: ReviewOutcome) -> Issue:
        groups = self.groups_for(outcome)
        return Issue(
            date=self.date,
            distribution=self.distribution,
            symbols={kind: tuple(g.symbol(number) for g in groups) for kind, number in entry.numbers.items()},
            meetings=tuple(g.meeting() for g in groups),
            job_numbers=entry.job_numbers or outcome.issue.job_numbers,
            released=outcome.issue.released,
            late_reason=outcome.issue.late_reason,
        )

    def apply(self, entry: OutcomeEntry, outcome: ReviewOutcome) -> ReviewOutcome:
        """The outcome as this session issues it (the session's symbols, dates and meetings)."""
        return dataclasses.replace(outcome, issue=self.issue_for(entry, outcome))


def load_session(path: Path | str) -> Session:
    loaded = load_file(path)
    findings = list(loaded.findings) + check_schema(loaded, "session")
    if findings:
        raise PublisherError(*findings, exit_code=EXIT_FINDINGS)
    data, folder = loaded.data, Path(path).parent
    defaults = working_groups()
    groups = {
        code: WorkingGroup(
            code=code,
            name=value.get("name") or defaults["groups"].get(code, code),
            year=value["year"],
            session=value["session"],
            place=value["place"],
            dates=tuple(dt.date.fromisoformat(d) for d in value["dates"]),
            agenda_item=value["agenda_item"],
            agenda_symbol=value["agenda_symbol"],
            series=defaults["symbol_series"].format(group=code),
        )
        for code, value in data["working_groups"].items()
    }
    assignment = {k: tuple(v) for k, v in {**defaults["instruments"], **(data.get("assignment") or {})}.items()}
    problems = [
        _finding(loaded, f"assignment.{instrument}", f"the working group {code} is not defined here or in "
                 f"reference/working-groups.yaml", "session.unknown-group")
        for instrument, codes in (data.get("assignment") or {}).items() for code in codes
        if code not in groups and code not in defaults["groups"]
    ]
    outcomes = []
    for index, entry in enumerate(data["outcomes"]):
        field = f"outcomes[{index}].file"
        file = (folder / entry["file"]).resolve()
        if not file.is_file():
            problems.append(_finding(loaded, field, f"no such file: {file}", "session.missing-file"))
        outcomes.append(OutcomeEntry(file, {k: str(v) for k, v in entry["numbers"].items()},
                                     job_numbers(entry.get("job_number")), field))
    problems.extend(_unknown_formats(loaded, data["session"].get("formats") or []))
    problems.extend(_same_names(loaded, outcomes))
    problems.extend(_job_numbers_reused(loaded, outcomes))
    problems.extend(_unknown_engines(loaded, data["session"].get("engines") or {}))
    if problems:
        raise PublisherError(*problems, exit_code=EXIT_FINDINGS)
    session = data["session"]
    return Session(
        file=loaded.file,
        name=session["name"],
        date=dt.date.fromisoformat(session["date"]),
        distribution=session.get("distribution", "General"),
        languages=tuple(session.get("languages", LANGUAGES)),
        formats=tuple(session.get("formats", formats(issued=True))),
        engine=session.get("engine", "apertium"),
        groups=groups,
        assignment=assignment,
        outcomes=tuple(outcomes),
        engines=dict(session.get("engines") or {}),
    )


def _unknown_engines(loaded, engines: dict[str, str]) -> list[Finding]:
    """An engine fixed for a language is one of the registry's (publisher.translate.engines)."""
    from ..translate.engines import names

    allowed = [name for name in names() if name != "auto"]
    return [_finding(loaded, f"session.engines.{language}", f"no engine '{name}'; one of {', '.join(allowed)}",
                     "session.unknown-engine")
            for language, name in engines.items() if name not in allowed]


def _same_names(loaded, outcomes: list[OutcomeEntry]) -> list[Finding]:
    """Documents, drafts and build records are named after the outcome file (x.yaml -> x-summary-fr.pdf),
    so two outcomes with one name would overwrite each other's files."""
    first: dict[str, OutcomeEntry] = {}
    problems = []
    for entry in outcomes:
        name = base_stem(entry.file)
        if name in first:
            problems.append(_finding(loaded, entry.field, f"{entry.file} has the name of {first[name].field} "
                                     f"({first[name].file}); the documents of both would be named {name}-..., one "
                                     "overwriting the other: rename one file", "session.duplicate-name"))
        else:
            first[name] = entry
    return problems


def _unknown_formats(loaded, names: list[str]) -> list[Finding]:
    """The formats a session may build are the writer registry's (publisher.render)."""
    allowed = formats(in_sessions=True)
    return [_finding(loaded, f"session.formats[{index}]", f"no format '{name}' for a session; one of "
                     f"{', '.join(allowed)}", "session.unknown-format")
            for index, name in enumerate(names) if name not in allowed]


def _job_numbers_reused(loaded, outcomes: list[OutcomeEntry]) -> list[Finding]:
    """A job number identifies one document (in all its language versions): two documents of a
    session may not share one, whether given or allocated (a summary takes the number after its list)."""
    first: dict[str, str] = {}
    problems = []
    for index, entry in enumerate(outcomes):
        for kind, number in entry.job_numbers.items():
            where = f"outcomes[{index}].job_number"
            if number in first:
                problems.append(_finding(loaded, where, f"the job number {number} of the {kind} is already "
                                         f"the job number of {first[number]}: each document needs its own",
                                         "session.job-number-reused"))
            else:
                first[number] = f"the {kind} of {where}"
    return problems


def _finding(loaded, field: str, message: str, code: str) -> Finding:
    line, column = loaded.source.position(field)
    return Finding(loaded.file, line, column, field, message, code)
