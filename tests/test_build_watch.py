"""``publisher build --watch`` (package/watch.py): build, get every language ready, then build again
each time a watched file is saved; findings end a build, not the watch; Ctrl-C ends the watch."""
from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publisher.errors import PublisherError
from publisher.findings import Finding
from publisher.package.watch import snapshot, watch, watched

from .conftest import ROOT
from .test_pinned_build import GHANA, edit, folder  # noqa: F401  (the session's folder)


# -- what is watched -----------------------------------------------------------------------------------
def test_the_manifest_glossaries_and_the_outcomes_folders_are_watched(tmp_path):
    outcomes = [tmp_path / "a" / "x.yaml", tmp_path / "a" / "y.yaml", tmp_path / "b" / "z.yaml"]
    assert watched(tmp_path / "session.yaml", outcomes, [tmp_path / "terms.tbx"]) == sorted(
        [tmp_path / "session.yaml", tmp_path / "terms.tbx", tmp_path / "a", tmp_path / "b"])


def test_a_snapshot_sees_a_file_changed_added_or_removed_in_a_watched_folder_and_only_yaml(tmp_path):
    (tmp_path / "x.yaml").write_text("one", encoding="utf-8")
    before = snapshot([tmp_path])
    (tmp_path / "notes.txt").write_text("not an input", encoding="utf-8")
    assert snapshot([tmp_path]) == before
    (tmp_path / "x.yaml").write_text("two!", encoding="utf-8")
    changed = snapshot([tmp_path])
    assert changed != before
    (tmp_path / "x.fr.yaml").write_text("un", encoding="utf-8")
    assert snapshot([tmp_path]) != changed
    (tmp_path / "x.fr.yaml").unlink()
    assert snapshot([tmp_path]) == changed
    assert snapshot([tmp_path / "gone.yaml"]) == snapshot([])


def test_a_snapshot_names_each_file_and_goes_past_one_that_is_gone(tmp_path):
    (tmp_path / "a.yaml").write_text("same", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("same", encoding="utf-8")
    os.utime(tmp_path / "a.yaml", ns=(1, 1))
    os.utime(tmp_path / "b.yaml", ns=(1, 1))
    assert snapshot([tmp_path / "gone.yaml", tmp_path / "a.yaml", tmp_path / "b.yaml"]).files == {
        (str(tmp_path / "a.yaml"), 4, 1), (str(tmp_path / "b.yaml"), 4, 1)}


def test_a_snapshot_of_a_folder_goes_past_a_file_that_cannot_be_read(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "gone")  # listed, but its stat fails
    (tmp_path / "b.yaml").write_text("kept", encoding="utf-8")
    assert [name for name, _, _ in snapshot([tmp_path]).files] == [str(tmp_path / "b.yaml")]


# -- the loop, with a clock of its own -----------------------------------------------------------------
class Scene:
    """A watch driven step by step: ``plan`` maps a look (0, 1, ...) to what happens to the files
    just before it; the watch ends after ``looks`` looks."""

    def __init__(self, tmp_path: Path, looks: int, plan: dict, fail: set[int] = frozenset()):
        self.file = tmp_path / "x.yaml"
        self.file.write_text("0", encoding="utf-8")
        self.looks, self.plan, self.fail = looks, plan, fail
        self.said: list[str] = []
        self.builds = 0
        self.events: list[str] = []
        self.slept = 0
        self.waits: list[float] = []

    def build_once(self):
        self.builds += 1
        self.events.append("build")
        if self.builds in self.fail:
            raise PublisherError(Finding(str(self.file), 3, 1, "review.state", "not a State", "state.unknown"))
        if f"during build {self.builds}" in self.plan:
            self.plan[f"during build {self.builds}"](self.file)
        return [self.file.parent]

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.slept += 1
        action = self.plan.get(self.slept)
        if action:
            action(self.file)

    def keep_going(self):
        return self.slept < self.looks

    def run(self, **timing):
        watch(self.build_once, self.said.append, initial=[self.file], ready=lambda: self.events.append("ready"),
              keep_going=self.keep_going, sleep=self.sleep, **timing)
        return self


def save(text):
    def action(path: Path):
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + len(text)))  # a new time even within one tick
    return action


def test_it_builds_then_gets_ready_then_waits_without_building_while_nothing_changes(tmp_path):
    scene = Scene(tmp_path, looks=5, plan={}).run()
    assert scene.events == ["build", "ready"]
    assert scene.said[-1] == "watching 1 file(s) for changes (Ctrl-C to stop)"


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_what_is_loaded_is_left_out_of_garbage_collections_after_ready_and_after_each_build(tmp_path, unfrozen):
    counts = []
    scene = Scene(tmp_path, looks=8, plan={2: save("changed")})
    build_once = scene.build_once

    def unfreezing_build():  # as a real build does once its workers have forked
        counts.append(gc.get_freeze_count())
        paths = build_once()
        gc.unfreeze()
        return paths

    scene.build_once = unfreezing_build
    scene.run()
    assert counts[0] == 0 and counts[1] > 0  # frozen after ready, before the second build
    assert gc.get_freeze_count() > 0  # and again after it


def test_a_saved_file_is_built_once(tmp_path):
    scene = Scene(tmp_path, looks=8, plan={2: save("changed")}).run()
    assert scene.events == ["build", "ready", "build"]
    assert [line.split(" in ")[0] for line in scene.said if line.startswith("built")] == ["built", "built"]


def test_it_looks_every_interval_and_waits_for_a_change_to_settle(tmp_path):
    scene = Scene(tmp_path, looks=8, plan={2: save("c"), 3: save("ch")}).run(interval=0.25, settle=0.1)
    assert scene.waits == [0.25, 0.25, 0.1, 0.1, 0.25, 0.25, 0.25, 0.25]


def test_it_says_how_long_a_build_took_and_what_to_do_after_findings(tmp_path, monkeypatch):
    from publisher.package import watch as watching

    clock = iter([10.0, 12.5, 20.0, 20.5])
    monkeypatch.setattr(watching.time, "perf_counter", lambda: next(clock))
    scene = Scene(tmp_path, looks=8, plan={2: save("broken")}, fail={2}).run()
    assert scene.said[0] == "built in 2.5 s"
    assert scene.said[-2] == "the build stopped on the findings above; nothing was written. Save a fix to build again."


def test_a_file_still_being_written_is_built_once_it_settles(tmp_path):
    scene = Scene(tmp_path, looks=12, plan={2: save("c"), 3: save("ch"), 4: save("cha"), 5: save("chan")}).run()
    assert scene.events == ["build", "ready", "build"]


def test_a_save_made_during_a_build_is_built_after_it(tmp_path):
    scene = Scene(tmp_path, looks=12, plan={2: save("first"), "during build 2": save("second, during the build")}).run()
    assert scene.builds == 3


def test_findings_end_a_build_not_the_watch_and_the_next_save_is_built(tmp_path):
    scene = Scene(tmp_path, looks=12, plan={2: save("broken"), 6: save("fixed")}, fail={2}).run()
    assert scene.builds == 3
    assert f"{tmp_path / 'x.yaml'}:3:1: review.state: not a State" in "\n".join(scene.said)
    assert any(line.startswith("the build stopped on the findings above") for line in scene.said)


def test_when_the_first_build_stops_on_findings_the_initial_files_are_watched(tmp_path):
    scene = Scene(tmp_path, looks=8, plan={3: save("fixed")}, fail={1})
    scene.run()
    assert scene.events == ["build", "ready", "build"]


# -- ready --------------------------------------------------------------------------------------------
def test_getting_every_language_ready_writes_nothing(folder, tmp_path):  # noqa: F811
    from publisher.package.build import BuildOptions, build, ready_every_language
    from publisher.package.session import load_session

    edit(folder / "session.yaml", "formats: [html, akn]", "formats: [html]")
    session = load_session(folder / "session.yaml")
    options = BuildOptions(tmp_path / "out", engine="none", jobs=1, no_memory=True)
    build(session, options)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")}
    ready_every_language(session, options)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*")} == before


@pytest.fixture
def ghana_first(folder):  # noqa: F811
    """The session with Ghana (English, French to translate) first: ready uses the first outcome."""
    text = (folder / "session.yaml").read_text(encoding="utf-8")
    head, _, outcomes = text.partition("outcomes:\n")
    mongolia, ghana = outcomes.split(f"  - file: {GHANA}.yaml\n")
    (folder / "session.yaml").write_text(f"{head}outcomes:\n  - file: {GHANA}.yaml\n{ghana}{mongolia}", encoding="utf-8")
    from publisher.package.session import load_session

    session = load_session(folder / "session.yaml")
    assert session.outcomes[0].file.name == f"{GHANA}.yaml"
    return session


class RecordingWriter:
    rendered: list = []

    def __init__(self, fmt):
        self.fmt = fmt

    def render(self, document):
        RecordingWriter.rendered.append((self.fmt, document.kind, document.language, document.masthead.symbols,
                                         document.notice))
        return b""


def ready(session, tmp_path, monkeypatch, **options):
    from publisher.package import build as building
    from publisher.package.build import BuildOptions, ready_every_language

    RecordingWriter.rendered = []
    monkeypatch.setattr(building, "writer", RecordingWriter)
    ready_every_language(session, BuildOptions(tmp_path / "out", engine="none", jobs=1, no_memory=True, **options))
    return RecordingWriter.rendered


def test_ready_renders_the_first_outcome_once_in_every_language_document_and_format(ghana_first, tmp_path,
                                                                                     monkeypatch):
    rendered = ready(ghana_first, tmp_path, monkeypatch)
    assert sorted(r[:3] for r in rendered) == sorted((fmt, kind, language) for fmt in ("html", "akn")
                                                     for kind in ("observations", "summary") for language in ("en", "fr"))
    symbols = {(kind, symbols) for _, kind, _, symbols, _ in rendered}  # the session's numbers for Ghana
    assert symbols == {("observations", ("CTOC/COP/WG.3/2026/CRP.8", "CTOC/COP/WG.7/2026/CRP.8")),
                       ("summary", ("CTOC/COP/WG.3/2026/8", "CTOC/COP/WG.7/2026/8"))}


def test_ready_takes_the_first_outcome_even_in_a_session_of_one_language(ghana_first, tmp_path, monkeypatch):
    import dataclasses

    rendered = ready(dataclasses.replace(ghana_first, languages=("en",)), tmp_path, monkeypatch)
    assert {(kind, symbols[0]) for _, kind, _, symbols, _ in rendered} == {
        ("observations", "CTOC/COP/WG.3/2026/CRP.8"), ("summary", "CTOC/COP/WG.3/2026/8")}


def test_ready_drafts_with_no_engine_no_memory_and_the_named_glossary_and_takes_a_persons_version(
        ghana_first, tmp_path, monkeypatch):
    import publisher.translate.resources as resources
    from publisher.package import build as building
    from publisher.translate.pipeline import Translator

    glossary = tmp_path / "terms.csv"
    glossary.write_text("id,subject,source,fr\nt1,term,State party,État partie\n", encoding="utf-8")
    made, targets = [], []
    real_make, real_translate = resources.make_translator, Translator.translate_outcome
    monkeypatch.setattr(resources, "make_translator", lambda *a, **k: made.append((a, k)) or real_make(*a, **k))
    monkeypatch.setattr(Translator, "translate_outcome",
                        lambda self, source, target, **k: targets.append((source.file, target, k))
                        or real_translate(self, source, target, **k))
    rendered = ready(ghana_first, tmp_path, monkeypatch, glossaries=(glossary,))
    assert made == [(("none", None, building._glossary((glossary,))), {})]
    assert targets == [(str(ghana_first.outcomes[0].file), "fr", {"source_file": f"{GHANA}.yaml"})]
    notices = {language: notice for _, _, language, _, notice in rendered}
    assert notices["en"] == "" and notices["fr"]  # the French draft is marked as one


def test_ready_warms_up_what_the_drafts_need_with_every_plan(ghana_first, tmp_path, monkeypatch):
    from publisher.package import build as building

    warmed = []
    monkeypatch.setattr(building, "_warm_up", lambda session, options, plans: warmed.append([p.key for p in plans]))
    ready(ghana_first, tmp_path, monkeypatch)
    assert warmed == [[p.key for p in building.plan(ghana_first, building.BuildOptions(tmp_path / "out"))]]


def test_ready_with_nothing_to_plan_does_nothing(ghana_first, tmp_path, monkeypatch):
    from publisher.package import build as building

    monkeypatch.setattr(building, "plan", lambda session, options: [])
    monkeypatch.setattr(building, "_warm_up", lambda *a: pytest.fail("warmed up with nothing planned"))
    assert ready(ghana_first, tmp_path, monkeypatch) == []


# -- the command -------------------------------------------------------------------------------------
def wait_for(process_output: Path, text: str, count: int = 1, seconds: float = 240) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen = process_output.read_text(encoding="utf-8")
        if seen.count(text) >= count:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} x{count} not seen within {seconds} s:\n{process_output.read_text()[-2000:]}")


def test_build_watch_builds_again_on_a_save_survives_a_broken_save_and_stops_on_ctrl_c(folder, tmp_path):  # noqa: F811
    edit(folder / "session.yaml", "formats: [html, akn]", "formats: [html]")
    out, log = tmp_path / "out", tmp_path / "watch.log"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen([sys.executable, "-m", "publisher.cli", "build", str(folder / "session.yaml"),
                                    "-o", str(out), "--engine", "none", "--jobs", "1", "--watch"],
                                   stdout=stream, stderr=subprocess.STDOUT, env=environment)
    try:
        wait_for(log, "watching")
        edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has indeed established")
        wait_for(log, "built in", 2)
        assert "indeed" in (out / "en" / f"{GHANA}-observations-en.html").read_text(encoding="utf-8")
        edit(folder / f"{GHANA}.yaml", "  state: Ghana", "  state: Ghanaland")
        seen = wait_for(log, "the build stopped on the findings above")
        assert "review.state" in seen and process.poll() is None
        edit(folder / f"{GHANA}.yaml", "  state: Ghanaland", "  state: Ghana")
        wait_for(log, "built in", 3)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not list(out.rglob("*.part"))
