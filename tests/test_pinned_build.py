"""What makes an incremental build rebuild (docs/sessions.md, package/plan.py): a unit (one outcome
in one language) is skipped only when everything that shapes its files is unchanged and its files
are intact. A stale document must never ship. And what planning validates, and when.

Planning is cheap (no rendering), so these look at the fingerprints and versions ``plan`` gives,
for a session of two outcomes in English and French written in each test's own folder (Mongolia
with its French version, Ghana to translate). What a build does with the plans (the files, the
state, the skipped units) is test_pinned_build_run.py's.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from publisher.errors import EXIT_FINDINGS, PublisherError
from publisher.findings import Severity
from publisher.package import plan as planning
from publisher.package import build as building
from publisher.package.plan import (LANGUAGES, STATE_FILE, BuildOptions, code_fingerprint, engine_name, is_outcome,
                                    language_in_file, load_state, plan, relative_key, save_state)
from publisher.package.session import load_session
from publisher.validate import validate_file

from .conftest import SAMPLES

MONGOLIA = "mongolia-criminalization"
GHANA = "ghana-international-cooperation"
GROUPS = """\
working_groups:
  WG.3: {year: 2026, session: 16, place: Vienna, dates: [2026-12-14, 2026-12-15], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.3/2026/1}
  WG.4: {year: 2026, session: 15, place: Vienna, dates: [2026-12-16], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.4/2026/1}
  WG.7: {year: 2026, session: 12, place: Vienna, dates: [2026-12-17], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.7/2026/1}
"""
SESSION = """\
session:
  name: pinned
  date: 2026-11-27
  distribution: General
  languages: [en, fr]
  formats: [html, akn]
  engine: apertium
""" + GROUPS + f"""\
outcomes:
  - file: {MONGOLIA}.yaml
    numbers: {{observations: CRP.7, summary: 7}}
    job_number: V.26-08123
  - file: {GHANA}.yaml
    numbers: {{observations: CRP.8, summary: 8}}
"""


@pytest.fixture
def folder(tmp_path):
    """The session of two outcomes: Mongolia in English with its French version, Ghana to translate."""
    folder = tmp_path / "samples"
    folder.mkdir()
    for name in (f"{MONGOLIA}.yaml", f"{MONGOLIA}.fr.yaml", f"{GHANA}.yaml"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "session.yaml").write_text(SESSION, encoding="utf-8")
    return folder


def plans(folder: Path, state: dict | None = None, **options):
    return plan(load_session(folder / "session.yaml"), BuildOptions(folder / "out", **options), {} if state is None
                else state)


def fingerprints(folder: Path, **options) -> dict[str, str]:
    return {p.key: p.fingerprint for p in plans(folder, **options)}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed(before: dict, after: dict) -> set[str]:
    return {key for key in before if before[key] != after[key]}


def units(*outcomes: str) -> set[str]:
    return {f"{outcome}.yaml:{language}" for outcome in outcomes for language in ("en", "fr")}


# -- which version each unit uses -------------------------------------------------------------------
def test_each_outcome_is_planned_in_every_language_of_the_session_with_the_version_a_person_made(folder):
    planned = plans(folder)
    assert [(p.key, p.language, p.entry.file.name, Path(p.version).name if p.version else "") for p in planned] == [
        (f"{MONGOLIA}.yaml:en", "en", f"{MONGOLIA}.yaml", f"{MONGOLIA}.yaml"),
        (f"{MONGOLIA}.yaml:fr", "fr", f"{MONGOLIA}.yaml", f"{MONGOLIA}.fr.yaml"),
        (f"{GHANA}.yaml:en", "en", f"{GHANA}.yaml", f"{GHANA}.yaml"),
        (f"{GHANA}.yaml:fr", "fr", f"{GHANA}.yaml", "")]  # no French version: translated
    assert planned[1].version == str(folder.resolve() / f"{MONGOLIA}.fr.yaml")


def test_a_unit_is_known_by_its_outcome_files_name_and_language():
    assert relative_key(Path("/a/b/x.yaml")) == "x.yaml"


def test_the_engine_of_the_command_line_wins_over_the_manifests(folder):
    session = load_session(folder / "session.yaml")
    assert engine_name(session, BuildOptions(folder)) == "apertium"
    assert engine_name(session, BuildOptions(folder, engine="none")) == "none"


# -- the fingerprint ---------------------------------------------------------------------------------
def test_the_same_session_plans_the_same_fingerprints(folder):
    assert fingerprints(folder) == fingerprints(folder)


def test_every_unit_has_its_own_fingerprint(folder):
    edit(folder / "session.yaml", "languages: [en, fr]", "languages: [en, fr, es]")
    assert len(set(fingerprints(folder).values())) == 6  # Ghana's two drafts differ by their language alone


def test_a_persons_translation_is_part_of_its_units_fingerprint(folder):
    before = fingerprints(folder)
    french = folder / f"{MONGOLIA}.fr.yaml"
    french.write_text(french.read_text(encoding="utf-8") + "# revised by the French section\n", encoding="utf-8")
    assert changed(before, fingerprints(folder)) == {f"{MONGOLIA}.yaml:fr"}


def test_a_persons_translation_appearing_replaces_the_machine_draft(folder, tmp_path):
    french = folder / f"{MONGOLIA}.fr.yaml"
    french.rename(tmp_path / french.name)
    before = {p.key: p for p in plans(folder)}
    assert before[f"{MONGOLIA}.yaml:fr"].version == ""
    (tmp_path / french.name).rename(french)
    after = {p.key: p for p in plans(folder)}
    assert after[f"{MONGOLIA}.yaml:fr"].version == str(french.resolve())
    assert changed({k: p.fingerprint for k, p in before.items()}, {k: p.fingerprint for k, p in after.items()}) == \
        {f"{MONGOLIA}.yaml:fr"}


def test_the_source_outcome_is_part_of_every_language_of_it(folder):
    before = fingerprints(folder)
    edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has indeed established")
    assert changed(before, fingerprints(folder)) == units(GHANA)


@pytest.mark.parametrize("old, new", [
    ("formats: [html, akn]", "formats: [html]"),
    ("engine: apertium", "engine: none"),
    ("engine: apertium", "engine: apertium\n  engines: {fr: none}"),
    ("date: 2026-11-27", "date: 2026-11-28"),
    ("distribution: General", "distribution: Limited"),
    ("WG.3: {year: 2026", "WG.3: {name: Working Group on Cooperation, year: 2026"),
    ("session: 16", "session: 17"),
    ("place: Vienna, dates: [2026-12-14, 2026-12-15]", "place: New York, dates: [2026-12-14, 2026-12-15]"),
    ("dates: [2026-12-14, 2026-12-15]", "dates: [2026-12-14]"),
    ("agenda_item: 4,\n         agenda_symbol: CTOC/COP/WG.3/2026/1", "agenda_item: 5,\n         agenda_symbol: "
                                                                      "CTOC/COP/WG.3/2026/1"),
    ("agenda_symbol: CTOC/COP/WG.3/2026/1", "agenda_symbol: CTOC/COP/WG.3/2026/2"),
    ("WG.7: {year: 2026", "WG.7: {year: 2027"),
])
def test_what_the_manifest_says_about_the_session_is_part_of_every_fingerprint(folder, old, new):
    before = fingerprints(folder)
    edit(folder / "session.yaml", old, new)
    assert changed(before, fingerprints(folder)) == set(before)


@pytest.mark.parametrize("old, new", [
    ("numbers: {observations: CRP.8, summary: 8}", "numbers: {observations: CRP.8, summary: 8}\n"
                                                   "    job_number: V.26-09999"),
    ("numbers: {observations: CRP.8, summary: 8}", "numbers: {observations: CRP.9, summary: 8}"),
    ("numbers: {observations: CRP.8, summary: 8}", "numbers: {observations: CRP.8, summary: 9}"),
])
def test_an_outcomes_own_entry_is_part_of_its_fingerprints_only(folder, old, new):
    before = fingerprints(folder)
    edit(folder / "session.yaml", old, new)
    assert changed(before, fingerprints(folder)) == units(GHANA)


def test_the_engine_asked_for_on_the_command_line_is_part_of_every_fingerprint(folder):
    assert changed(fingerprints(folder), fingerprints(folder, engine="none")) == units(MONGOLIA, GHANA)


def test_the_toolkit_is_part_of_every_fingerprint(folder, monkeypatch):
    before = fingerprints(folder)
    monkeypatch.setattr(planning, "code_fingerprint", lambda: "another toolkit")
    assert changed(before, fingerprints(folder)) == units(MONGOLIA, GHANA)


def test_the_content_of_the_glossaries_named_for_the_build_is_part_of_every_fingerprint(folder, tmp_path):
    glossary = tmp_path / "terms.csv"
    glossary.write_text("en,fr\nState party,État partie\n", encoding="utf-8")
    named = fingerprints(folder, glossaries=(glossary,))
    assert changed(fingerprints(folder), named) == units(MONGOLIA, GHANA)
    assert fingerprints(folder, glossaries=(glossary,)) == named
    glossary.write_text("en,fr\nState party,État partie\nfirearm,arme à feu\n", encoding="utf-8")
    assert changed(named, fingerprints(folder, glossaries=(glossary,))) == units(MONGOLIA, GHANA)
    glossary.unlink()
    assert changed(named, fingerprints(folder, glossaries=(glossary,))) == units(MONGOLIA, GHANA)


def test_a_process_loads_a_named_glossary_again_once_its_content_changed(tmp_path):
    glossary = tmp_path / "terms.csv"
    glossary.write_text("id,subject,source,fr\nt1,term,State party,État partie\n", encoding="utf-8")
    first = building._glossary((glossary,))
    assert building._glossary((glossary,)) is first
    glossary.write_text("id,subject,source,fr\nt1,term,State party,État partie\nt2,term,firearm,arme à feu\n",
                        encoding="utf-8")
    again = building._glossary((glossary,))
    assert again is not first and len(again.entries) == 2


def test_options_that_do_not_shape_the_documents_leave_the_fingerprints_alone(folder, tmp_path):
    assert fingerprints(folder, jobs=3, force=True, no_memory=True, memory=tmp_path / "m.sqlite") == \
        fingerprints(folder)


# -- the toolkit's fingerprint -----------------------------------------------------------------------
def toolkit(root: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return code_fingerprint.__wrapped__()


TOOLKIT = {"publisher/a.py": "A = 1\n", "publisher/sub/b.py": "B = 2\n", "blueprints/x.yaml": "x: 1\n",
           "glossaries/terms.csv": "en,fr\n", "glossaries/terms.tbx": "<tbx/>", "publisher/s.css": "p {}",
           "publisher/t.j2": "{{ x }}", "publisher/d.json": "{}"}


def test_the_toolkits_fingerprint_is_every_file_of_code_data_templates_and_glossaries(tmp_path, monkeypatch):
    monkeypatch.setattr(planning, "PROJECT", tmp_path / "one")
    first = toolkit(tmp_path / "one", TOOLKIT)
    assert first == toolkit(tmp_path / "one", {})
    for name in TOOLKIT:
        text = (tmp_path / "one" / name).read_text(encoding="utf-8")
        assert toolkit(tmp_path / "one", {name: text + " "}) != first, name
        toolkit(tmp_path / "one", {name: text})
    assert toolkit(tmp_path / "one", {}) == first


def test_the_toolkits_fingerprint_ignores_other_files_and_the_order_they_were_made_in(tmp_path, monkeypatch):
    monkeypatch.setattr(planning, "PROJECT", tmp_path / "one")
    first = toolkit(tmp_path / "one", TOOLKIT)
    assert toolkit(tmp_path / "one", {"publisher/notes.txt": "x", "tests/t.py": "x", "README.md": "x"}) == first
    (tmp_path / "one" / "publisher" / "folder.py").mkdir()
    assert code_fingerprint.__wrapped__() == first
    monkeypatch.setattr(planning, "PROJECT", tmp_path / "two")
    assert toolkit(tmp_path / "two", dict(reversed(TOOLKIT.items()))) == first


class ListedBackwards(type(Path())):
    """A folder whose listings come in reverse order, as another file system may give them."""

    def rglob(self, pattern):
        return sorted(super().rglob(pattern), reverse=True)


def test_the_toolkits_fingerprint_does_not_depend_on_the_order_files_are_listed_in(tmp_path, monkeypatch):
    monkeypatch.setattr(planning, "PROJECT", tmp_path / "one")
    first = toolkit(tmp_path / "one", TOOLKIT)
    monkeypatch.setattr(planning, "PROJECT", ListedBackwards(tmp_path / "one"))
    assert list((planning.PROJECT / "publisher").rglob("*"))[0].name == "t.j2"  # backwards indeed
    assert code_fingerprint.__wrapped__() == first


def test_a_file_moved_within_the_toolkit_changes_its_fingerprint(tmp_path, monkeypatch):
    monkeypatch.setattr(planning, "PROJECT", tmp_path / "one")
    first = toolkit(tmp_path / "one", TOOLKIT)
    monkeypatch.setattr(planning, "PROJECT", tmp_path / "two")
    moved = dict(TOOLKIT)
    moved["publisher/c.py"] = moved.pop("publisher/a.py")
    assert toolkit(tmp_path / "two", moved) != first


def test_the_toolkits_fingerprint_is_that_of_this_toolkit():
    code_fingerprint.cache_clear()
    assert code_fingerprint() == code_fingerprint.__wrapped__()
    assert len(code_fingerprint()) == 64


# -- what planning validates -------------------------------------------------------------------------
def test_an_outcome_with_an_error_is_refused_with_its_errors_alone_each_once(folder):
    edit(folder / f"{GHANA}.yaml", "  cluster: international-cooperation",
         "  cluster: international-cooperation\n  colour: red")
    edit(folder / f"{MONGOLIA}.fr.yaml", "  cluster: criminalization", "  cluster: criminalization\n  size: 3")
    with pytest.raises(PublisherError) as raised:
        plans(folder)
    assert raised.value.exit_code == EXIT_FINDINGS
    assert [(Path(f.file).name, f.field, f.code) for f in raised.value.findings] == [
        (f"{MONGOLIA}.fr.yaml", "review.size", "schema.unknown-field"),
        (f"{GHANA}.yaml", "review.colour", "schema.unknown-field")]


@pytest.mark.parametrize("old, new, field", [
    ("  state: Mongolia\n", "  state: Ghana\n", "review.state"),
    ("  year: 2026\n", "  year: 2025\n", "review.year"),
])
def test_a_file_named_as_a_version_of_an_outcome_that_is_not_one_is_refused(folder, old, new, field):
    # the French of another outcome copied as x.fr.yaml would ship under x's symbol and job number
    version = folder / f"{MONGOLIA}.fr.yaml"
    edit(version, old, new)
    line = version.read_text(encoding="utf-8").splitlines().index(new.rstrip("\n")) + 1
    with pytest.raises(PublisherError) as raised:
        plans(folder)
    [finding] = raised.value.findings
    was = {"review.state": "'Mongolia'", "review.year": "2026"}[field]
    assert (finding.file, finding.line, finding.field, finding.code) == (str(version), line, field, "build.not-a-version")
    assert finding.message == (f"differs from {MONGOLIA}.yaml ({was}): a file named as a language version of an "
                               "outcome must be one, or it ships under that outcome's symbol")


def test_warnings_do_not_stop_planning_and_are_not_raised(folder):
    edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has regrettably failed to establish")
    findings, _ = validate_file(folder / f"{GHANA}.yaml")
    assert findings and all(f.severity is Severity.WARNING for f in findings)  # a warning, really
    assert len(plans(folder)) == 4


def test_an_outcome_no_group_of_the_session_takes_is_refused_at_its_entry(folder):
    edit(folder / "session.yaml", f"  - file: {MONGOLIA}.yaml", "  - file: nothing.yaml")
    (folder / "nothing.yaml").write_bytes((folder / f"{MONGOLIA}.yaml").read_bytes())
    edit(folder / "session.yaml", "working_groups:\n", "assignment:\n  convention: [WG.7]\n"
                                                       "  trafficking-in-persons: [WG.7]\nworking_groups:\n")
    edit(folder / "session.yaml", "  WG.7: {year", "  WG.9: {year")
    with pytest.raises(PublisherError) as raised:
        plans(folder)
    session_file = str(folder / "session.yaml")
    assert [(f.file, f.line, f.column, f.field, f.message, f.code) for f in raised.value.findings] == [
        (session_file, 0, 0, "outcomes[0].file", "none of the working groups of this session takes the instruments "
         "of nothing.yaml", "session.no-working-group"),
        (session_file, 0, 0, "outcomes[1].file", f"none of the working groups of this session takes the instruments "
         f"of {GHANA}.yaml", "session.no-working-group")]


def test_what_was_planned_before_is_not_validated_again_unless_forced(folder, monkeypatch):
    state: dict = {}
    first = plans(folder, state)
    state.update({p.key: {"fingerprint": p.fingerprint} for p in first})  # as a build records them
    validated = []
    original = planning.validate_loaded
    monkeypatch.setattr(planning, "validate_loaded", lambda loaded, **how: validated.append(Path(loaded.file).name)
                        or original(loaded, **how))
    plans(folder, state)
    assert validated == []
    plans(folder, state, force=True)
    assert validated == [f"{MONGOLIA}.yaml", f"{MONGOLIA}.fr.yaml", f"{GHANA}.yaml"]  # with the person's version
    validated.clear()
    del state[f"{GHANA}.yaml:fr"]  # one unit of Ghana unknown: Ghana is validated again
    plans(folder, state)
    assert validated == [f"{GHANA}.yaml"]


def test_a_units_person_version_is_validated_with_its_outcome_each_file_read_once(folder, monkeypatch):
    validated, read = [], []
    original_validate, original_read = planning.validate_loaded, planning.read_input
    monkeypatch.setattr(planning, "validate_loaded", lambda loaded, **how: validated.append(Path(loaded.file).name)
                        or original_validate(loaded, **how))
    monkeypatch.setattr(planning, "read_input", lambda path: read.append(Path(path).name) or original_read(path))
    plans(folder)
    assert sorted(validated) == sorted([f"{MONGOLIA}.yaml", f"{MONGOLIA}.fr.yaml", f"{GHANA}.yaml"])
    assert sorted(read) == sorted(set(read)) and f"{MONGOLIA}.fr.yaml" in read


def test_planning_stops_on_errors_without_running_the_families_that_only_warn(folder, monkeypatch):
    from publisher import validate

    ran = []
    for name in validate.WARNINGS_ONLY:
        monkeypatch.setitem(validate.RULES, name, lambda context, name=name: ran.append(name) or [])
    plans(folder)
    assert ran == []  # a build shows no warnings: the tone check was most of planning's time
    edit(folder / f"{GHANA}.yaml", "  state: Ghana\n", "  state: Atlantis\n")
    with pytest.raises(PublisherError) as raised:
        plans(folder)
    assert "states.unknown-name" in {f.code for f in raised.value.findings}


# -- what planning remembers --------------------------------------------------------------------------
def test_planning_again_parses_only_the_outcomes_whose_bytes_changed(folder, monkeypatch):
    state: dict = {}
    first = plans(folder, state)
    state.update({p.key: {"fingerprint": p.fingerprint} for p in first})  # as a build records them
    edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has indeed established")
    parsed = []
    original = planning.load_bytes
    monkeypatch.setattr(planning, "load_bytes", lambda raw, name: parsed.append(Path(name).name) or original(raw, name))
    again = plans(folder, state)
    assert parsed == [f"{GHANA}.yaml"]
    assert {p.key: p.version for p in again} == {p.key: p.version for p in first}


def test_planning_remembers_the_language_of_each_file_it_read_and_forgets_the_others(folder):
    state: dict = {LANGUAGES: {"0" * 64: "en"}}
    plans(folder, state)
    assert sorted(state[LANGUAGES].values()) == ["en", "en", "fr"]  # Mongolia, its French version, Ghana
    assert "0" * 64 not in state[LANGUAGES]


def test_a_remembered_language_that_is_not_a_mapping_is_ignored(folder):
    state: dict = {LANGUAGES: ["en"]}
    first = plans(folder, state)
    assert [p.version for p in first] == [p.version for p in plans(folder)]
    assert isinstance(state[LANGUAGES], dict) and len(state[LANGUAGES]) == 3


def test_what_planning_remembers_gives_the_plans_of_a_first_planning(folder):
    state: dict = {}
    plans(folder, state)
    remembered = plans(folder, state)
    first = plans(folder)
    assert [(p.key, p.version, p.fingerprint) for p in remembered] == [(p.key, p.version, p.fingerprint) for p in first]
    assert any(p.version.endswith(f"{MONGOLIA}.fr.yaml") for p in remembered)


def test_a_remembered_language_is_not_trusted_for_other_bytes(folder):
    """A person's file that stops being French (its language changed) is no longer the French version."""
    state: dict = {}
    plans(folder, state)
    edit(folder / f"{MONGOLIA}.fr.yaml", "language: fr", "language: es")
    versions = {p.key: p.version for p in plans(folder, state)}
    assert versions[f"{MONGOLIA}.yaml:fr"] == ""


def test_a_remembered_language_is_not_trusted_for_another_toolkit(folder, monkeypatch):
    state: dict = {}
    plans(folder, state)
    state[LANGUAGES] = {digest: "es" for digest in state[LANGUAGES]}  # what another toolkit read
    monkeypatch.setattr(planning, "code_fingerprint", lambda: "another toolkit")
    assert {p.key: Path(p.version).name if p.version else "" for p in plans(folder, state)}[f"{MONGOLIA}.yaml:fr"] \
        == f"{MONGOLIA}.fr.yaml"


@pytest.mark.parametrize("content", [b"just: a mapping\n", b"\xff\xfe not text"])
def test_a_file_in_a_versions_place_that_is_no_outcome_is_taken_so_that_its_findings_are_reported(folder, content):
    (folder / f"{GHANA}.fr.yaml").write_bytes(content)
    with pytest.raises(PublisherError) as raised:
        plans(folder)
    assert {Path(f.file).name for f in raised.value.findings} == {f"{GHANA}.fr.yaml"}


def test_the_language_of_a_file_is_read_from_its_review(folder):
    assert language_in_file(folder / f"{MONGOLIA}.fr.yaml") == "fr"
    assert language_in_file(folder / "session.yaml") is None  # not an outcome
    assert language_in_file(folder / "nowhere.yaml") is None  # cannot be read


@pytest.mark.parametrize("data, expected", [
    ({"review": {"language": "fr"}}, True), ({"review": {"language": None}}, True), ({"review": {}}, False),
    ({"review": ["language"]}, False), ({"session": {"language": "fr"}}, False), (["review"], False), (None, False)])
def test_an_outcome_is_a_mapping_whose_review_says_its_language(data, expected):
    assert is_outcome(data) is expected


# -- the build state ---------------------------------------------------------------------------------
def test_the_build_state_is_sorted_json_written_only_when_it_changes(tmp_path):
    save_state(tmp_path, {"b": {"x": "é"}, "a": 1})
    path = tmp_path / STATE_FILE
    assert path.read_text(encoding="utf-8") == '{"a": 1, "b": {"x": "é"}}'
    os.utime(path, ns=(0, 0))
    save_state(tmp_path, {"a": 1, "b": {"x": "é"}})
    assert path.stat().st_mtime_ns == 0
    save_state(tmp_path, {"a": 2})
    assert load_state(tmp_path) == {"a": 2}


@pytest.mark.parametrize("content", [None, "[1, 2]", "{damaged"])
def test_a_missing_or_damaged_build_state_is_an_empty_one(tmp_path, content):
    if content is not None:
        (tmp_path / STATE_FILE).write_text(content, encoding="utf-8")
    assert load_state(tmp_path) == {}


def test_planning_reads_the_build_state_of_the_output_folder_when_given_none(folder, monkeypatch):
    first = plans(folder)
    out = folder / "out"
    out.mkdir()
    (out / STATE_FILE).write_text(json.dumps({p.key: {"fingerprint": p.fingerprint} for p in first}), encoding="utf-8")
    validated = []
    original = planning._validate_entry
    monkeypatch.setattr(planning, "_validate_entry", lambda *a: validated.append(a) or original(*a))
    plan(load_session(folder / "session.yaml"), BuildOptions(out))
    assert validated == []  # every unit known from the state in the folder
