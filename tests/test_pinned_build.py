"""What makes an incremental build rebuild (docs/sessions.md, package/build.py): a unit (one outcome
in one language) is skipped only when everything that shapes its files is unchanged and its files
are intact. A stale document must never ship.

Planning is cheap (no rendering), so most of these look at the fingerprints ``plan`` gives; one
builds a small session (HTML only, two languages) to see a damaged output rebuilt.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from publisher.package.build import STATE_FILE, BuildOptions, build, plan
from publisher.package.session import load_session

from .conftest import SAMPLES

MONGOLIA = "mongolia-criminalization"
GHANA = "ghana-international-cooperation"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The session of two outcomes: Mongolia with its six human versions, Ghana to translate."""
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    folder = tmp_path / "samples"
    folder.mkdir()
    for path in SAMPLES.glob("*.yaml"):
        if path.name.startswith((MONGOLIA, GHANA)):
            shutil.copy(path, folder / path.name)
    head, _, _ = (SAMPLES / "session.yaml").read_text(encoding="utf-8").partition("outcomes:")
    (folder / "session.yaml").write_text(head + f"""outcomes:
  - file: {MONGOLIA}.yaml
    numbers: {{observations: CRP.7, summary: 7}}
    job_number: V.26-08123
  - file: {GHANA}.yaml
    numbers: {{observations: CRP.8, summary: 8}}
""", encoding="utf-8")
    return folder


def fingerprints(folder: Path, **options) -> dict[str, str]:
    session = load_session(folder / "session.yaml")
    return {p.key: p.fingerprint for p in plan(session, BuildOptions(folder / "out", **options))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed(before: dict, after: dict) -> set[str]:
    return {key for key in before if before[key] != after[key]}


def test_the_same_session_plans_the_same_fingerprints(folder):
    assert fingerprints(folder) == fingerprints(folder)


def test_a_persons_translation_is_part_of_its_units_fingerprint(folder):
    before = fingerprints(folder)
    french = folder / f"{MONGOLIA}.fr.yaml"
    french.write_text(french.read_text(encoding="utf-8") + "# revised by the French section\n", encoding="utf-8")
    assert changed(before, fingerprints(folder)) == {f"{MONGOLIA}.yaml:fr"}


def test_a_persons_translation_appearing_replaces_the_machine_draft(folder, spanish_draft):
    before = fingerprints(folder)
    shutil.copy(spanish_draft / f"{GHANA}.es.yaml", folder / f"{GHANA}.es.yaml")
    assert changed(before, fingerprints(folder)) == {f"{GHANA}.yaml:es"}


def test_the_source_outcome_is_part_of_every_language_of_it(folder):
    before = fingerprints(folder)
    edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has indeed established")
    assert changed(before, fingerprints(folder)) == {f"{GHANA}.yaml:{lang}" for lang in
                                                     ("ar", "zh", "en", "fr", "ru", "es")}


@pytest.mark.parametrize("old, new", [
    ("formats: [docx, pdf, html, akn]", "formats: [docx, pdf, html]"),
    ("engine: apertium", "engine: none"),
    ("date: 2026-11-27", "date: 2026-11-28"),
    ("distribution: General", "distribution: Limited"),
    ("place: Vienna", "place: New York"),
    ("agenda_item: 4", "agenda_item: 5"),
])
def test_what_the_manifest_says_about_the_session_is_part_of_every_fingerprint(folder, old, new):
    before = fingerprints(folder)
    edit(folder / "session.yaml", old, new)
    assert changed(before, fingerprints(folder)) == set(before)


def test_an_outcomes_own_entry_is_part_of_its_fingerprints_only(folder):
    before = fingerprints(folder)
    edit(folder / "session.yaml", "numbers: {observations: CRP.8, summary: 8}",
         "numbers: {observations: CRP.8, summary: 8}\n    job_number: V.26-09999")
    assert changed(before, fingerprints(folder)) == {k for k in before if k.startswith(GHANA)}


def test_the_engine_asked_for_on_the_command_line_is_part_of_every_fingerprint(folder):
    assert changed(fingerprints(folder), fingerprints(folder, engine="none")) == set(fingerprints(folder))


# -- a real build: damaged outputs are rebuilt --------------------------------------------------------
@pytest.fixture
def small_build(folder):
    """Mongolia alone, in English and French, as HTML: built once."""
    edit(folder / "session.yaml", "languages: [ar, zh, en, fr, ru, es]", "languages: [en, fr]")
    edit(folder / "session.yaml", "formats: [docx, pdf, html, akn]", "formats: [html]")
    text = (folder / "session.yaml").read_text(encoding="utf-8")
    (folder / "session.yaml").write_text(text[: text.index(f"  - file: {GHANA}")], encoding="utf-8")
    session = load_session(folder / "session.yaml")
    options = BuildOptions(folder / "out", engine="none", jobs=1, no_memory=True)
    results = build(session, options)
    assert results and not any(r.skipped for r in results)
    return session, options


def outputs(options) -> dict[str, bytes]:
    return {str(p.relative_to(options.output)): p.read_bytes() for p in options.output.rglob("*.html")}


def test_nothing_changed_nothing_rebuilt(small_build):
    session, options = small_build
    assert all(r.skipped for r in build(session, options))


@pytest.mark.parametrize("damage", ["truncated", "longer", "deleted"])
def test_an_output_of_the_wrong_size_or_missing_is_rebuilt(small_build, damage):
    session, options = small_build
    good = outputs(options)
    name = sorted(good)[0]
    path = options.output / name
    if damage == "truncated":
        path.write_bytes(good[name][:-10])
    elif damage == "longer":
        path.write_bytes(good[name] + b"\n")
    else:
        path.unlink()
    results = build(session, options)
    assert outputs(options) == good
    rebuilt = {r.key for r in results if not r.skipped}
    assert len(rebuilt) == 1, rebuilt  # only the unit that owns the damaged file


def test_a_build_state_from_another_fingerprint_is_not_trusted(small_build):
    session, options = small_build
    state_path = options.output / STATE_FILE
    state = json.loads(state_path.read_text(encoding="utf-8"))
    for unit in state.values():
        unit["fingerprint"] = "0" * 64
    state_path.write_text(json.dumps(state), encoding="utf-8")
    assert not any(r.skipped for r in build(session, options))


def test_force_rebuilds_everything(small_build):
    session, options = small_build
    from dataclasses import replace
    assert not any(r.skipped for r in build(session, replace(options, force=True)))


# -- planning reads every file but parses only what changed ----------------------------------------
def test_planning_again_parses_only_the_outcomes_whose_bytes_changed(folder, monkeypatch):
    import publisher.package.plan as planning

    options = BuildOptions(folder / "out")
    state: dict = {}
    first = plan(load_session(folder / "session.yaml"), options, state)
    state.update({p.key: {"fingerprint": p.fingerprint} for p in first})  # as a build records them
    edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has indeed established")
    parsed = []
    original = planning.load_bytes
    monkeypatch.setattr(planning, "load_bytes", lambda raw, name: parsed.append(Path(name).name) or original(raw, name))
    again = plan(load_session(folder / "session.yaml"), options, state)
    assert parsed == [f"{GHANA}.yaml"]
    assert {p.key: p.version for p in again} == {p.key: p.version for p in first}


def test_what_planning_remembers_gives_the_plans_of_a_first_planning(folder):
    session = load_session(folder / "session.yaml")
    state: dict = {}
    plan(session, BuildOptions(folder / "out"), state)
    remembered = plan(session, BuildOptions(folder / "out"), state)
    first = plan(session, BuildOptions(folder / "out"), {})
    assert [(p.key, p.version, p.fingerprint) for p in remembered] == [(p.key, p.version, p.fingerprint) for p in first]
    assert any(p.version.endswith(f"{MONGOLIA}.fr.yaml") for p in remembered)


def test_a_remembered_language_is_not_trusted_for_other_bytes(folder):
    """A person's file that stops being French (its language changed) is no longer the French version."""
    session = load_session(folder / "session.yaml")
    state: dict = {}
    plan(session, BuildOptions(folder / "out"), state)
    edit(folder / f"{MONGOLIA}.fr.yaml", "language: fr", "language: es")
    versions = {p.key: p.version for p in plan(session, BuildOptions(folder / "out"), state)}
    assert versions[f"{MONGOLIA}.yaml:fr"] == ""
