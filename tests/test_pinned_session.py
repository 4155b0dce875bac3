"""What a session manifest means (docs/sessions.md, package/session.py): every field as the build
reads it, the defaults of what it leaves out, the joint document each outcome becomes, and every
refusal in full (file, line, field, rule), all of them at once.

Each test writes its own manifest in a temporary folder; the outcomes it names are empty files
(loading a session only checks that they exist) unless a test needs a real outcome.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from publisher.errors import EXIT_FINDINGS, PublisherError
from publisher.load import load_file
from publisher.model import build_outcome
from publisher.package.session import OutcomeEntry, WorkingGroup, load_session

from .conftest import MONGOLIA

HEAD = """\
session:
  name: wg-2027-06
  date: 2027-05-20
working_groups:
  WG.3: {year: 2027, session: 17, place: Vienna, dates: [2027-06-07, 2027-06-08], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.3/2027/1}
  WG.4: {year: 2027, session: 16, place: Geneva, dates: [2027-06-09], agenda_item: 5,
         agenda_symbol: CTOC/COP/WG.4/2027/1}
"""
OUTCOMES = """\
outcomes:
  - file: a.yaml
    numbers: {observations: CRP.1, summary: 1}
"""


def write(folder: Path, text: str, *outcomes: str) -> Path:
    """The manifest ``text`` as folder/session.yaml, with an (empty) file for each outcome named."""
    for name in outcomes:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("", encoding="utf-8")
    path = folder / "session.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> list[tuple[str, int, int, str, str, str]]:
    with pytest.raises(PublisherError) as raised:
        load_session(path)
    assert raised.value.exit_code == EXIT_FINDINGS
    return [(f.file, f.line, f.column, f.field, f.message, f.code) for f in raised.value.findings]


# -- what a manifest says ---------------------------------------------------------------------------
def test_every_field_of_the_session_is_read_as_written(tmp_path):
    path = write(tmp_path, HEAD.replace("  date: 2027-05-20\n", """\
  date: 2027-05-20
  distribution: Limited
  languages: [fr, en]
  formats: [html, akn]
  engine: none
  engines: {ru: argos}
""") + OUTCOMES, "a.yaml")
    session = load_session(path)
    assert (session.file, session.name, session.date, session.distribution) == \
        (str(path), "wg-2027-06", dt.date(2027, 5, 20), "Limited")
    assert (session.languages, session.formats, session.engine, session.engines) == \
        (("fr", "en"), ("html", "akn"), "none", {"ru": "argos"})


def test_what_a_session_leaves_out_takes_the_defaults(tmp_path):
    session = load_session(write(tmp_path, HEAD + OUTCOMES, "a.yaml"))
    assert session.distribution == "General"
    assert session.languages == ("ar", "zh", "en", "fr", "ru", "es")
    assert session.formats == ("docx", "pdf", "html")  # the issued formats: not akn
    assert session.engine == "apertium"
    assert session.engines == {}


def test_each_working_group_is_read_with_its_series_and_its_name_from_reference_data(tmp_path):
    session = load_session(write(tmp_path, HEAD + OUTCOMES, "a.yaml"))
    assert list(session.groups) == ["WG.3", "WG.4"]
    assert session.groups["WG.4"] == WorkingGroup(
        code="WG.4", name="Working Group on Trafficking in Persons", year=2027, session=16, place="Geneva",
        dates=(dt.date(2027, 6, 9),), agenda_item=5, agenda_symbol="CTOC/COP/WG.4/2027/1", series="CTOC/COP/WG.4")
    assert session.groups["WG.3"].dates == (dt.date(2027, 6, 7), dt.date(2027, 6, 8))


def test_a_group_named_in_the_manifest_keeps_that_name_and_an_unknown_group_without_one_is_its_code(tmp_path):
    text = HEAD.replace("WG.3: {year", "WG.3: {name: Working Group on Cooperation, year") + """\
  WG.9: {year: 2027, session: 1, place: Vienna, dates: [2027-06-10], agenda_item: 2,
         agenda_symbol: CTOC/COP/WG.9/2027/1}
""" + OUTCOMES
    groups = load_session(write(tmp_path, text, "a.yaml")).groups
    assert [(g.code, g.name, g.series) for g in groups.values()] == [
        ("WG.3", "Working Group on Cooperation", "CTOC/COP/WG.3"),
        ("WG.4", "Working Group on Trafficking in Persons", "CTOC/COP/WG.4"),
        ("WG.9", "WG.9", "CTOC/COP/WG.9")]


def test_the_assignment_is_reference_datas_with_the_manifests_instruments_replacing_theirs(tmp_path):
    default = load_session(write(tmp_path, HEAD + OUTCOMES, "a.yaml")).assignment
    assert default == {"convention": ("WG.3", "WG.2"), "trafficking-in-persons": ("WG.4",),
                       "smuggling-of-migrants": ("WG.7",), "firearms": ("WG.6",)}
    text = HEAD + "assignment:\n  convention: [WG.4]\n  firearms: [WG.3, WG.4]\n" + OUTCOMES
    assert load_session(write(tmp_path, text, "a.yaml")).assignment == {
        "convention": ("WG.4",), "trafficking-in-persons": ("WG.4",), "smuggling-of-migrants": ("WG.7",),
        "firearms": ("WG.3", "WG.4")}


def test_an_outcome_entry_is_its_file_beside_the_manifest_its_numbers_as_text_and_its_job_numbers(tmp_path):
    text = HEAD + """\
outcomes:
  - file: a.yaml
    numbers: {observations: CRP.1, summary: 1}
    job_number: V.27-00998
  - file: sub/../b.yaml
    numbers: {observations: 2, summary: CRP.2}
    job_number: {observations: V.27-01000, summary: V.27-02000}
  - file: c.yaml
    numbers: {observations: CRP.3, summary: 3}
"""
    session = load_session(write(tmp_path, text, "a.yaml", "b.yaml", "c.yaml"))
    assert session.outcomes == (
        OutcomeEntry(tmp_path.resolve() / "a.yaml", {"observations": "CRP.1", "summary": "1"},
                     {"observations": "V.27-00998", "summary": "V.27-00999"}, "outcomes[0].file"),
        OutcomeEntry(tmp_path.resolve() / "b.yaml", {"observations": "2", "summary": "CRP.2"},
                     {"observations": "V.27-01000", "summary": "V.27-02000"}, "outcomes[1].file"),
        OutcomeEntry(tmp_path.resolve() / "c.yaml", {"observations": "CRP.3", "summary": "3"}, {},
                     "outcomes[2].file"))


def test_a_manifest_read_from_another_folder_finds_its_outcomes_beside_it(tmp_path, monkeypatch):
    (tmp_path / "issue").mkdir()
    write(tmp_path / "issue", HEAD + OUTCOMES, "a.yaml")
    monkeypatch.chdir(tmp_path)
    session = load_session("issue/session.yaml")
    assert session.outcomes[0].file == tmp_path.resolve() / "issue" / "a.yaml"


# -- the joint document an outcome becomes ----------------------------------------------------------
def outcome(**review):
    loaded = load_file(MONGOLIA)
    model = build_outcome(loaded)
    return dataclasses.replace(model, review=dataclasses.replace(model.review, **review))


def test_a_groups_symbols_are_its_series_the_year_and_the_number():
    group = WorkingGroup("WG.3", "Working Group on International Cooperation", 2027, 17, "Vienna",
                         (dt.date(2027, 6, 7),), 4, "CTOC/COP/WG.3/2027/1", "CTOC/COP/WG.3")
    assert group.symbol("CRP.7") == "CTOC/COP/WG.3/2027/CRP.7"
    meeting = group.meeting()
    assert (meeting.working_group, meeting.place, meeting.dates, meeting.agenda_item, meeting.agenda_symbol) == \
        ("Working Group on International Cooperation", "Vienna", (dt.date(2027, 6, 7),), 4, "CTOC/COP/WG.3/2027/1")


def test_an_outcome_goes_to_the_sessions_groups_that_take_its_instruments_in_manifest_order(tmp_path):
    text = HEAD.replace("working_groups:\n", """working_groups:
  WG.7: {year: 2027, session: 13, place: Vienna, dates: [2027-06-11], agenda_item: 3,
         agenda_symbol: CTOC/COP/WG.7/2027/1}
""") + OUTCOMES
    session = load_session(write(tmp_path, text, "a.yaml"))
    assert [g.code for g in session.groups_for(outcome(instruments=("trafficking-in-persons", "convention")))] == \
        ["WG.3", "WG.4"]  # WG.2 takes the Convention too, but does not meet in this session
    assert [g.code for g in session.groups_for(outcome(instruments=("smuggling-of-migrants",)))] == ["WG.7"]
    assert session.groups_for(outcome(instruments=("firearms",))) == ()


def test_an_instrument_the_assignment_does_not_list_goes_to_no_group(tmp_path):
    session = load_session(write(tmp_path, HEAD + OUTCOMES, "a.yaml"))
    session = dataclasses.replace(session, assignment={"convention": ("WG.3",)})
    assert [g.code for g in session.groups_for(outcome(instruments=("trafficking-in-persons", "convention")))] == \
        ["WG.3"]
    assert session.groups_for(outcome(instruments=("firearms",))) == ()


def test_the_session_keeps_the_outcomes_release_date_and_reason_for_being_late(tmp_path):
    session = load_session(write(tmp_path, HEAD + OUTCOMES, "a.yaml"))
    original = outcome()
    original = dataclasses.replace(original, issue=dataclasses.replace(original.issue, released=dt.date(2027, 5, 2)))
    issue = session.issue_for(session.outcomes[0], original)
    assert (issue.released, issue.late_reason) == (dt.date(2027, 5, 2), original.issue.late_reason)


def test_the_session_issues_an_outcome_with_its_symbols_meetings_date_and_distribution(tmp_path):
    text = HEAD.replace("  date: 2027-05-20\n", "  date: 2027-05-20\n  distribution: Limited\n") + """\
outcomes:
  - file: a.yaml
    numbers: {observations: CRP.7, summary: 7}
    job_number: V.27-00500
  - file: b.yaml
    numbers: {observations: CRP.8, summary: 8}
"""
    session = load_session(write(tmp_path, text, "a.yaml", "b.yaml"))
    original = outcome(instruments=("convention", "trafficking-in-persons"))
    issued = session.apply(session.outcomes[0], original)
    assert issued.issue.date == dt.date(2027, 5, 20) and issued.issue.distribution == "Limited"
    assert issued.issue.symbols == {"observations": ("CTOC/COP/WG.3/2027/CRP.7", "CTOC/COP/WG.4/2027/CRP.7"),
                                    "summary": ("CTOC/COP/WG.3/2027/7", "CTOC/COP/WG.4/2027/7")}
    assert issued.issue.meetings == (session.groups["WG.3"].meeting(), session.groups["WG.4"].meeting())
    assert issued.issue.job_numbers == {"observations": "V.27-00500", "summary": "V.27-00501"}
    assert (issued.issue.released, issued.issue.late_reason) == (original.issue.released, original.issue.late_reason)
    assert original.issue.late_reason  # the sample says why it is late: the session keeps it
    assert dataclasses.replace(issued, issue=original.issue) == original  # nothing else changes


def test_an_entry_without_a_job_number_keeps_the_outcomes_own(tmp_path):
    text = HEAD + OUTCOMES
    session = load_session(write(tmp_path, text, "a.yaml"))
    original = outcome()
    assert original.issue.job_numbers == {"observations": "V.26-08123", "summary": "V.26-08124"}
    assert session.issue_for(session.outcomes[0], original).job_numbers == original.issue.job_numbers


# -- refusals -----------------------------------------------------------------------------------------
def test_a_manifest_the_schema_refuses_is_refused_with_its_findings(tmp_path):
    path = write(tmp_path, HEAD.replace("  date: 2027-05-20\n", "  date: 2027-05-20\n  colour: red\n") + OUTCOMES,
                 "a.yaml")
    [(file, line, _column, field, _message, code)] = refusal(path)
    assert (file, line, field, code) == (str(path), 4, "session.colour", "schema.unknown-field")


def test_an_assigned_group_neither_in_the_session_nor_in_reference_data_is_refused_at_its_instrument(tmp_path):
    text = HEAD + "assignment:\n  firearms: [WG.6, WG.8]\n" + OUTCOMES
    path = write(tmp_path, text, "a.yaml")
    assert refusal(path) == [(str(path), 10, 3, "assignment.firearms", "the working group WG.8 is not defined here "
                              "or in reference/working-groups.yaml", "session.unknown-group")]


def test_an_outcome_file_that_does_not_exist_is_refused_at_its_entry(tmp_path):
    path = write(tmp_path, HEAD + OUTCOMES + "  - file: b.yaml\n    numbers: {observations: CRP.2, summary: 2}\n",
                 "a.yaml")
    assert refusal(path) == [(str(path), 12, 5, "outcomes[1].file", f"no such file: {tmp_path.resolve() / 'b.yaml'}",
                              "session.missing-file")]


def test_a_folder_named_as_an_outcome_is_refused_as_missing(tmp_path):
    (tmp_path / "a.yaml").mkdir()
    path = write(tmp_path, HEAD + OUTCOMES)
    assert [f[3:] for f in refusal(path)] == [("outcomes[0].file", f"no such file: {tmp_path.resolve() / 'a.yaml'}",
                                               "session.missing-file")]


def test_a_format_no_session_builds_is_refused_at_its_place_in_the_list(tmp_path):
    text = HEAD.replace("  date: 2027-05-20\n", "  date: 2027-05-20\n  formats: [html, odt, pdf, rtf]\n") + OUTCOMES
    path = write(tmp_path, text, "a.yaml")
    assert refusal(path) == [
        (str(path), 4, 19, "session.formats[1]", "no format 'odt' for a session; one of docx, pdf, html, akn",
         "session.unknown-format"),
        (str(path), 4, 29, "session.formats[3]", "no format 'rtf' for a session; one of docx, pdf, html, akn",
         "session.unknown-format")]


def test_an_engine_fixed_for_a_language_must_be_one_that_translates(tmp_path):
    text = HEAD.replace("  date: 2027-05-20\n", "  date: 2027-05-20\n  engines: {fr: none, ru: auto, zh: babel}\n") \
        + OUTCOMES
    path = write(tmp_path, text, "a.yaml")
    message = "no engine '{}'; one of none, apertium, argos, ct2"
    assert refusal(path) == [
        (str(path), 4, 23, "session.engines.ru", message.format("auto"), "session.unknown-engine"),
        (str(path), 4, 33, "session.engines.zh", message.format("babel"), "session.unknown-engine")]


def test_two_outcomes_whose_documents_would_have_one_name_are_refused_at_the_second(tmp_path):
    text = HEAD + OUTCOMES + """\
  - file: b.yaml
    numbers: {observations: CRP.2, summary: 2}
  - file: other/a.fr.yaml
    numbers: {observations: CRP.3, summary: 3}
  - file: other/b.yaml
    numbers: {observations: CRP.4, summary: 4}
"""
    path = write(tmp_path, text, "a.yaml", "b.yaml", "other/a.fr.yaml", "other/b.yaml")
    folder = tmp_path.resolve()
    assert refusal(path) == [
        (str(path), 14, 5, "outcomes[2].file", f"{folder / 'other/a.fr.yaml'} has the name of outcomes[0].file "
         f"({folder / 'a.yaml'}); the documents of both would be named a-..., one overwriting the other: rename one "
         "file", "session.duplicate-name"),
        (str(path), 16, 5, "outcomes[3].file", f"{folder / 'other/b.yaml'} has the name of outcomes[1].file "
         f"({folder / 'b.yaml'}); the documents of both would be named b-..., one overwriting the other: rename one "
         "file", "session.duplicate-name")]


def test_a_job_number_given_twice_in_a_session_is_refused_at_the_second_outcome(tmp_path):
    text = HEAD + """\
outcomes:
  - file: a.yaml
    numbers: {observations: CRP.1, summary: 1}
    job_number: V.27-00100
  - file: b.yaml
    numbers: {observations: CRP.2, summary: 2}
    job_number: V.27-00101
  - file: c.yaml
    numbers: {observations: CRP.3, summary: 3}
    job_number: {observations: V.27-00200, summary: V.27-00100}
"""
    path = write(tmp_path, text, "a.yaml", "b.yaml", "c.yaml")
    assert refusal(path) == [
        (str(path), 15, 5, "outcomes[1].job_number", "the job number V.27-00101 of the observations is already the "
         "job number of the summary of outcomes[0].job_number: each document needs its own",
         "session.job-number-reused"),
        (str(path), 18, 5, "outcomes[2].job_number", "the job number V.27-00100 of the summary is already the job "
         "number of the observations of outcomes[0].job_number: each document needs its own",
         "session.job-number-reused")]


def test_every_problem_of_a_manifest_is_reported_at_once_in_the_order_of_the_checks(tmp_path):
    text = HEAD.replace("  date: 2027-05-20\n", "  date: 2027-05-20\n  formats: [odt]\n  engines: {fr: babel}\n") \
        + "assignment:\n  firearms: [WG.8]\n" + """\
outcomes:
  - file: a.yaml
    numbers: {observations: CRP.1, summary: 1}
    job_number: V.27-00100
  - file: missing.yaml
    numbers: {observations: CRP.2, summary: 2}
  - file: a.es.yaml
    numbers: {observations: CRP.3, summary: 3}
    job_number: V.27-00100
"""
    codes = [f[5] for f in refusal(write(tmp_path, text, "a.yaml", "a.es.yaml"))]
    assert codes == ["session.unknown-group", "session.missing-file", "session.unknown-format",
                     "session.duplicate-name", "session.job-number-reused", "session.job-number-reused",
                     "session.unknown-engine"]  # both numbers of a.es.yaml are a.yaml's
