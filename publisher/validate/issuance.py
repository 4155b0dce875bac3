"""Rule family ``issuance``: the outcome is issued under the working groups that take its instruments,
each symbol belongs to a listed meeting, and the document is issued in time for the session.

- Procedures and rules (seed 000), paras. 15 and 39: reviews are on the agendas of the relevant
  working groups, and the outcome is a joint document of those groups; para. 43 and seed 004 show a
  joint document carrying one symbol and one meeting line per group. Which groups take which
  instrument is data (reference/working-groups.yaml, from resolution 8/2, table 2).
- The six-week rule of the General Assembly on the pattern of conferences (documents available
  in all official languages six weeks before the session opens); a document issued later carries
  the reason as a footnote to its title ("submitted late owing to ..."), written under
  ``issue.late_reason``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..findings import Finding, Severity
from ..reference import working_groups
from .context import Context

DEADLINE_BEFORE_SESSION = dt.timedelta(weeks=6)


def check(context: Context) -> Iterator[Finding]:
    yield from _meetings_match_instruments(context)
    yield from _symbols_match_meetings(context)
    yield from _issued_in_time(context)


def _group_codes_by_name() -> dict[str, str]:
    return {name: code for code, name in working_groups()["groups"].items()}


def _meetings_match_instruments(context: Context) -> Iterator[Finding]:
    issue, review = context.outcome.issue, context.outcome.review
    if not issue.meetings:
        return
    by_name = _group_codes_by_name()
    taking = {instrument: set(working_groups()["instruments"].get(instrument, ())) for instrument in review.instruments}
    listed = {by_name.get(m.working_group) for m in issue.meetings}
    for index, meeting in enumerate(issue.meetings):
        code = by_name.get(meeting.working_group)
        if code is not None and not any(code in groups for groups in taking.values()):
            yield context.finding(f"issue.meetings[{index}].working_group",
                                  f"the {meeting.working_group} ({code}) does not take reviews of "
                                  f"{', '.join(review.instruments)} (resolution 8/2, table 2; procedures and "
                                  "rules, paras. 15 and 39)", "issuance.meeting-not-relevant", Severity.WARNING)
    for instrument, groups in taking.items():
        if groups and not groups & listed:
            names = " or ".join(f"{working_groups()['groups'][g]} ({g})" for g in sorted(groups))
            yield context.finding("issue.meetings",
                                  f"no meeting of a group that takes the {instrument} review is listed: the "
                                  f"outcome is a joint document of the relevant groups (procedures and rules, "
                                  f"para. 39); add the {names}", "issuance.missing-meeting", Severity.WARNING)


def _symbols_match_meetings(context: Context) -> Iterator[Finding]:
    """One symbol is one document: a joint document has a symbol in the series of each group whose
    meeting it lists, and no other (otherwise one symbol would name two different documents)."""
    issue = context.outcome.issue
    if not issue.meetings:
        return
    series = working_groups()["symbol_series"]
    by_name = _group_codes_by_name()
    expected = {series.format(group=by_name[m.working_group]) for m in issue.meetings if m.working_group in by_name}
    for kind, symbols in issue.symbols.items():
        found = {s.rsplit("/", 2)[0] for s in symbols if s.count("/") >= 2}
        if expected and found != expected:
            yield context.finding(f"issue.symbols.{kind}",
                                  f"the symbols {', '.join(symbols)} do not match the meetings listed "
                                  f"({', '.join(sorted(expected))}): a joint document has one symbol in the "
                                  "series of each working group, and one symbol is one document",
                                  "issuance.symbols-meetings", Severity.WARNING)


def _issued_in_time(context: Context) -> Iterator[Finding]:
    issue = context.outcome.issue
    if not issue.meetings or issue.late_reason:
        return
    opening = min(m.dates[0] for m in issue.meetings)
    deadline = opening - DEADLINE_BEFORE_SESSION
    if issue.date > deadline:
        yield context.finding("issue.date",
                              f"issued on {issue.date.isoformat()}, after {deadline.isoformat()}, six weeks before "
                              f"the session opens ({opening.isoformat()}): say why under issue.late_reason, "
                              "which the document prints as its late-submission footnote",
                              "issuance.late", Severity.WARNING)
