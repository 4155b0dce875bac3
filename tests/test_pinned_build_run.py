"""What a build does with its plans (package/build.py): the files of each unit and what is recorded
about them, the units skipped and those rebuilt (a damaged output is rebuilt), the build state,
the drafts, a failing unit reported on the unit, the progress lines, the temporary files a killed
build left, and the parallel run (the order units are handed out, the workers' set-up, stopping).

Each test builds a small session in its own folder, in-process: Mongolia in English with its
French version and Ghana translated into French by the ``none`` engine, as HTML.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import signal
import threading
import time
import types
from concurrent.futures import Future
from pathlib import Path

import pytest

from publisher.errors import EXIT_FINDINGS, PublisherError
from publisher.package import build as building
from publisher.package.build import STATE_FILE, BuildOptions, OutcomeResult, Progress, build
from publisher.package.session import load_session

from .test_pinned_build import GHANA, MONGOLIA, edit, folder  # noqa: F401  (the session's folder)


@pytest.fixture
def session(folder):  # noqa: F811
    edit(folder / "session.yaml", "formats: [html, akn]", "formats: [html]")
    return load_session(folder / "session.yaml")


def options(folder: Path, **changes) -> BuildOptions:
    return BuildOptions(folder / "out", **{"engine": "none", "jobs": 1, "no_memory": True, **changes})


def outputs(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*.html")}


# -- the files of a unit -------------------------------------------------------------------------------
def test_a_build_records_every_file_with_its_language_document_format_symbols_digest_and_size(session, folder):
    session = dataclasses.replace(session, formats=("html", "akn"))
    results = build(session, options(folder))
    assert [(r.key, r.outcome, r.language, r.skipped) for r in results] == [
        (f"{MONGOLIA}.yaml:en", f"{MONGOLIA}.yaml", "en", False), (f"{MONGOLIA}.yaml:fr", f"{MONGOLIA}.yaml", "fr", False),
        (f"{GHANA}.yaml:en", f"{GHANA}.yaml", "en", False), (f"{GHANA}.yaml:fr", f"{GHANA}.yaml", "fr", False)]
    french = results[1]
    assert [(r.path, r.outcome, r.language, r.document, r.format) for r in french.records] == [
        (f"fr/{MONGOLIA}-observations-fr.html", f"{MONGOLIA}.yaml", "fr", "observations", "html"),
        (f"fr/{MONGOLIA}-observations-fr.xml", f"{MONGOLIA}.yaml", "fr", "observations", "akn"),
        (f"fr/{MONGOLIA}-summary-fr.html", f"{MONGOLIA}.yaml", "fr", "summary", "html"),
        (f"fr/{MONGOLIA}-summary-fr.xml", f"{MONGOLIA}.yaml", "fr", "summary", "akn")]
    assert french.records[0].symbols == ("CTOC/COP/WG.3/2026/CRP.7", "CTOC/COP/WG.4/2026/CRP.7")
    assert french.records[2].symbols == ("CTOC/COP/WG.3/2026/7", "CTOC/COP/WG.4/2026/7")
    for result in results:
        assert result.seconds > 0
        for record in result.records:
            data = (folder / "out" / record.path).read_bytes()
            assert (record.sha256, record.bytes) == (hashlib.sha256(data).hexdigest(), len(data))


def test_a_unit_records_the_seconds_it_took(session, folder, monkeypatch):
    clock = iter([100.0, 102.5, 200.0, 200.25, 300.0, 301.0, 400.0, 400.5])
    monkeypatch.setattr(building, "time", types.SimpleNamespace(perf_counter=lambda: next(clock),
                                                                monotonic=time.monotonic))
    assert [r.seconds for r in build(session, options(folder))] == [2.5, 0.25, 1.0, 0.5]


def test_a_persons_version_is_recorded_as_human_and_a_draft_with_its_origins_and_qa(session, folder):
    results = {r.key: r for r in build(session, options(folder))}
    for key in (f"{MONGOLIA}.yaml:en", f"{MONGOLIA}.yaml:fr", f"{GHANA}.yaml:en"):
        assert all((r.provenance, r.qa) == ({"human": 1}, {}) for r in results[key].records), key
    draft = results[f"{GHANA}.yaml:fr"].records[0]
    assert set(draft.qa) == {"term_compliance_percent", "forbidden_variants", "untranslated", "errors", "warnings"}
    assert draft.qa["untranslated"] > 0 and draft.provenance["untranslated"] == draft.qa["untranslated"]
    assert "human" not in draft.provenance and sum(draft.provenance.values()) >= draft.qa["untranslated"]


def test_a_draft_is_translated_from_the_outcome_and_written_with_its_reports(session, folder):
    build(session, options(folder))
    drafts = folder / "out" / "drafts"
    assert sorted(p.name for p in drafts.iterdir()) == [f"{GHANA}.fr.qa.json", f"{GHANA}.fr.qa.txt", f"{GHANA}.fr.yaml"]
    assert json.loads((drafts / f"{GHANA}.fr.qa.json").read_text(encoding="utf-8"))["source_file"] == f"{GHANA}.yaml"
    html = (folder / "out" / "fr" / f"{GHANA}-summary-fr.html").read_text(encoding="utf-8")
    assert "CTOC/COP/WG.3/2026/8" in html and "CTOC/COP/WG.7/2026/8" in html


def test_a_persons_version_is_what_its_language_shows(session, folder):
    edit(folder / f"{MONGOLIA}.fr.yaml", "La Mongolie a adopté", "La Mongolie (version revue) a adopté")
    build(session, options(folder))
    html = (folder / "out" / "fr" / f"{MONGOLIA}-observations-fr.html").read_text(encoding="utf-8").replace("\u00ad", "")
    assert "Mongolie (version revue) a adopté" in html


# -- skipping, rebuilding, the state -------------------------------------------------------------------
def test_nothing_changed_nothing_rebuilt_and_the_records_are_the_same(session, folder):
    first = build(session, options(folder))
    again = build(session, options(folder))
    assert all(r.skipped and r.seconds == 0.0 for r in again)
    assert [(r.key, r.fingerprint, r.records) for r in again] == [(r.key, r.fingerprint, r.records) for r in first]


@pytest.mark.parametrize("damage", ["truncated", "longer", "deleted"])
def test_an_output_of_the_wrong_size_or_missing_is_rebuilt(session, folder, damage):
    build(session, options(folder))
    good = outputs(folder / "out")
    name = sorted(good)[-1]
    path = folder / "out" / name
    if damage == "truncated":
        path.write_bytes(good[name][:-10])
    elif damage == "longer":
        path.write_bytes(good[name] + b"\n")
    else:
        path.unlink()
    results = build(session, options(folder))
    assert outputs(folder / "out") == good
    assert name == f"fr/{MONGOLIA}-summary-fr.html"
    assert [r.key for r in results if not r.skipped] == [f"{MONGOLIA}.yaml:fr"]  # only the unit of that file
    assert [r.key for r in results] == [f"{MONGOLIA}.yaml:en", f"{MONGOLIA}.yaml:fr", f"{GHANA}.yaml:en",
                                        f"{GHANA}.yaml:fr"]  # in the plan's order, rebuilt or not


def test_a_unit_whose_file_became_a_folder_or_something_else_is_not_intact(tmp_path):
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "x.html").write_bytes(b"12345")
    assert building._files_intact(tmp_path, [{"path": "fr/x.html", "bytes": 5}])
    assert building._files_intact(tmp_path, [])
    assert not building._files_intact(tmp_path, [{"path": "fr/x.html", "bytes": 5}, {"path": "fr/y.html", "bytes": 0}])
    os.mkfifo(tmp_path / "fr" / "pipe.html")
    assert not building._files_intact(tmp_path, [{"path": "fr/pipe.html", "bytes": 0}])
    assert not building._files_intact(tmp_path, [{"path": "fr", "bytes": (tmp_path / "fr").stat().st_size}])


def test_a_build_state_from_another_fingerprint_is_not_trusted(session, folder):
    build(session, options(folder))
    state_path = folder / "out" / STATE_FILE
    state = json.loads(state_path.read_text(encoding="utf-8"))
    state[f"{GHANA}.yaml:en"]["fingerprint"] = "0" * 64
    state_path.write_text(json.dumps(state), encoding="utf-8")
    assert [r.key for r in build(session, options(folder)) if not r.skipped] == [f"{GHANA}.yaml:en"]


def test_force_rebuilds_everything(session, folder):
    build(session, options(folder))
    assert not any(r.skipped for r in build(session, options(folder, force=True)))


def test_the_build_state_records_each_units_fingerprint_and_files_and_the_languages_read(session, folder):
    results = build(session, options(folder))
    state = json.loads((folder / "out" / STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(state["#languages"].values()) == ["en", "en", "fr"]  # Mongolia, its French version, Ghana
    for result in results:
        assert state[result.key]["fingerprint"] == result.fingerprint
        assert state[result.key]["records"] == [dict(dataclasses.asdict(r), symbols=list(r.symbols))
                                                for r in result.records]


def test_the_units_done_before_a_failure_are_kept_in_the_state(session, folder, monkeypatch):
    original = building._build_unit
    monkeypatch.setattr(building, "_build_unit", lambda s, o, item, *rest: original(s, o, item, *rest)
                        if item.language == "en" else (_ for _ in ()).throw(ValueError("no room")))
    with pytest.raises(PublisherError):
        build(session, options(folder))
    state = json.loads((folder / "out" / STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(k for k in state if not k.startswith("#")) == [f"{MONGOLIA}.yaml:en"]
    monkeypatch.setattr(building, "_build_unit", original)
    assert [r.key for r in build(session, options(folder)) if r.skipped] == [f"{MONGOLIA}.yaml:en"]


def test_the_state_is_saved_as_units_finish_every_few_seconds_and_at_the_end(session, folder, monkeypatch):
    saved = []
    original = building.save_state
    monkeypatch.setattr(building, "save_state", lambda output, state: saved.append(len(state)) or original(output, state))
    clock = iter(range(0, 1000, 3))  # three seconds a unit
    monkeypatch.setattr(building, "time", types.SimpleNamespace(monotonic=lambda: next(clock),
                                                                perf_counter=time.perf_counter))
    build(session, options(folder))
    assert building.STATE_INTERVAL == 5.0
    assert len(saved) == 3  # after the second and the fourth unit (six seconds each time), and at the end


def test_progress_is_told_the_units_and_those_skipped_then_each_unit_done(session, folder):
    build(session, options(folder, force=False))
    edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has indeed established")
    stream = io.StringIO()
    progress = Progress(stream)
    build(session, options(folder), progress)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "2 of 4 outcome language version(s) unchanged: skipped"
    assert [line.split("] ")[1].split(":")[0] for line in lines[1:]] == ["3/4 " + GHANA + ".yaml (en)",
                                                                         "4/4 " + GHANA + ".yaml (fr)"]


# -- failures -------------------------------------------------------------------------------------------
def plan_of(session, folder, key):
    return next(p for p in building.plan(session, options(folder), {}) if p.key == key)


def test_a_unit_that_fails_is_reported_on_its_outcome_and_language(session, folder, monkeypatch):
    item = plan_of(session, folder, f"{GHANA}.yaml:fr")
    monkeypatch.setattr(building, "_build_unit", lambda *a: (_ for _ in ()).throw(MemoryError("out of pages")))
    with pytest.raises(PublisherError) as raised:
        building.build_outcome_files(session, options(folder), item)
    assert raised.value.exit_code == EXIT_FINDINGS
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.column, finding.field, finding.message, finding.code) == (
        str(item.entry.file), 0, 0, "language fr", "building this version failed: MemoryError: out of pages",
        "build.failed")
    assert isinstance(raised.value.__cause__, MemoryError)


def test_a_finding_or_an_interruption_of_a_unit_is_passed_on_as_it_is(session, folder, monkeypatch):
    item = plan_of(session, folder, f"{GHANA}.yaml:fr")
    error = PublisherError(exit_code=2)
    monkeypatch.setattr(building, "_build_unit", lambda *a: (_ for _ in ()).throw(error))
    with pytest.raises(PublisherError) as raised:
        building.build_outcome_files(session, options(folder), item)
    assert raised.value is error
    monkeypatch.setattr(building, "_build_unit", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        building.build_outcome_files(session, options(folder), item)


def in_child(function) -> int:
    """Runs ``function`` in a forked child and returns its exit status (0 when it returned)."""
    pid = os.fork()
    if pid == 0:
        try:
            function()
        except BaseException:
            os._exit(99)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_an_interrupted_worker_ends_with_130_instead_of_taking_the_next_unit(session, folder, monkeypatch):
    item = plan_of(session, folder, f"{GHANA}.yaml:fr")
    monkeypatch.setattr(building, "_build_unit", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    monkeypatch.setattr(building, "_IN_WORKER", True)
    assert in_child(lambda: building.build_outcome_files(session, options(folder), item)) == 130
    monkeypatch.setattr(building.os, "_exit", lambda code: (_ for _ in ()).throw(Exited(code)))
    with pytest.raises(Exited) as exited:  # the same, seen from this process
        building.build_outcome_files(session, options(folder), item)
    assert exited.value.args == (130,)


def test_the_files_of_a_unit_are_all_written_and_a_write_that_fails_fails_the_unit(tmp_path):
    with building._Writer() as write:
        for name in ("a", "b", "c"):
            write(tmp_path / name, name.encode())
    assert sorted(p.read_bytes() for p in tmp_path.iterdir()) == [b"a", b"b", b"c"]
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(PublisherError) as raised:
        with building._Writer() as write:
            write(tmp_path / "d", b"d")
            write(tmp_path / "file" / "e", b"e")  # its folder is a file
            write(tmp_path / "f", b"f")
    assert raised.value.findings[0].code == "output.write-failed" and "e" in raised.value.findings[0].file
    assert (tmp_path / "d").read_bytes() == b"d" and (tmp_path / "f").read_bytes() == b"f"


def test_a_unit_that_fails_while_writing_drops_the_writes_not_started(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(building, "write_atomic", lambda path, data: started.append(path.name) or time.sleep(0.02))
    with pytest.raises(RuntimeError):
        with building._Writer() as write:
            for number in range(50):
                write(tmp_path / str(number), b"x")
            raise RuntimeError("render failed")
    assert len(started) < 25  # the one under way is finished; 50 would take a second


def test_the_files_of_a_unit_are_written_one_at_a_time_and_a_failure_finishes_only_the_one_under_way(tmp_path,
                                                                                                   monkeypatch):
    started, release = [], threading.Event()
    monkeypatch.setattr(building, "write_atomic", lambda path, data: started.append(path.name) or release.wait(10))
    timer = threading.Timer(1.0, release.set)  # the first write ends a second after it started
    timer.start()
    with pytest.raises(RuntimeError):
        with building._Writer() as write:
            for number in range(8):
                write(tmp_path / str(number), b"x")
            raise RuntimeError("render failed")
    timer.join()
    assert started == ["0"]


# -- temporary files a killed build left -----------------------------------------------------------------
def test_the_temporary_files_a_killed_build_left_are_removed_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    kept = ["fr/x.html", "fr/.x.html.part", "fr/.x.html.abcdefg.part", "fr/.x.html.ABCDEFGH.part", "x.abcd_123.part",
            ".x.html.abcd_1234.partial", "fr/.x.html.abcd_1234.part/inside"]
    debris = ["fr/.x.html.abcd_123.part", ".manifest.json.k2_9xq0z.part", "drafts/.a.b.c.zzzzzzzz.part"]
    for name in kept + debris:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(b"")
    building._remove_debris(out)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(kept)
    building._remove_debris(tmp_path / "nowhere")  # no output yet: nothing to do


def test_a_build_removes_what_a_killed_build_left_before_it_starts(session, folder):
    debris = folder / "out" / "fr" / f".{MONGOLIA}-summary-fr.html.abcd1234.part"
    debris.parent.mkdir(parents=True)
    debris.write_bytes(b"half")
    build(session, options(folder))
    assert not debris.exists()


# -- progress lines ----------------------------------------------------------------------------------------
def test_the_progress_line_shows_a_bar_the_count_the_unit_its_files_and_time():
    stream = io.StringIO()
    progress = Progress(stream)
    progress.start(4, 0)
    assert stream.getvalue() == ""  # nothing skipped: nothing said
    result = OutcomeResult("x.yaml", "fr", "f", (), 1.26)
    progress.done(result)
    progress.done(dataclasses.replace(result, records=(None,) * 3, seconds=0.04))
    assert stream.getvalue().splitlines() == [
        "[#######.......................] 1/4 x.yaml (fr): 0 files in 1.3 s",
        "[###############...............] 2/4 x.yaml (fr): 3 files in 0.0 s"]


def test_each_progress_line_is_flushed_at_once_for_a_pipe_or_a_log():
    class Stream(io.StringIO):
        flushes = 0

        def flush(self):
            Stream.flushes += 1
            super().flush()

    stream = Stream()
    progress = Progress(stream)
    progress.start(2, 0)
    progress.done(OutcomeResult("x.yaml", "fr", "f", (), 0.1))
    assert Stream.flushes == 1
    progress.done(OutcomeResult("x.yaml", "en", "f", (), 0.1))
    assert Stream.flushes == 2


def test_progress_goes_to_the_standard_error_of_when_it_is_made(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    Progress().start(3, 3)
    assert stream.getvalue() == "3 of 3 outcome language version(s) unchanged: skipped\n"


def test_a_progress_of_no_units_does_not_divide_by_zero():
    stream = io.StringIO()
    progress = Progress(stream)
    progress.done(OutcomeResult("x.yaml", "fr", "f", (), 0.0))
    assert stream.getvalue().startswith("[" + "#" * 30 + "] 1/0 ")


# -- the parallel run ------------------------------------------------------------------------------------
class FakePool:
    """A process pool that runs each unit when it is handed out, in this process, and says how it was made."""

    made: list = []

    def __init__(self, max_workers, initializer, initargs):
        FakePool.made.append((max_workers, initializer, initargs))
        self.submitted, self.shut = [], False

    def submit(self, function, *args):
        self.submitted.append(args[2].key)
        future = Future()
        future.set_result(function(*args))
        return future

    def shutdown(self, **kwargs):
        self.shut = kwargs or True


def test_a_parallel_build_hands_out_drafts_first_and_the_larger_languages_last(session, folder, monkeypatch):
    FakePool.made = []
    pools = []
    monkeypatch.setattr(building, "ProcessPoolExecutor", lambda **kw: pools.append(FakePool(**kw)) or pools[-1])
    warmed = []
    monkeypatch.setattr(building, "_warm_up", lambda s, o, todo: warmed.append((len(pools), sorted(p.key for p in todo))))
    prepared = []
    monkeypatch.setattr(building, "prepare", lambda formats: prepared.append((len(pools), formats)))
    session = dataclasses.replace(session, languages=("en", "fr", "es"))
    results = build(session, options(folder, jobs=3))
    early, pool = pools
    assert prepared == [(0, session.formats)]  # the writers prepared before the early worker forks
    # the versions people made, up to one share of jobs + 1 processes, to a worker made before the
    # drafts' language data is loaded; the drafts and the other versions to the pool made after
    assert early.submitted == [f"{MONGOLIA}.yaml:fr", f"{MONGOLIA}.yaml:en"]
    assert warmed == [(1, sorted(pool.submitted))]
    assert FakePool.made == [(1, building._worker_setup, (os.getpid(),)), (3, building._worker_setup, (os.getpid(),))]
    assert pool.submitted == [f"{MONGOLIA}.yaml:es", f"{GHANA}.yaml:fr", f"{GHANA}.yaml:es",  # drafts
                              f"{GHANA}.yaml:en"]
    assert early.shut is True and pool.shut is True  # shut down, waiting for the workers
    assert [r.key for r in results] == [f"{MONGOLIA}.yaml:{x}" for x in ("en", "fr", "es")] + \
        [f"{GHANA}.yaml:{x}" for x in ("en", "fr", "es")]


def test_a_parallel_build_without_drafts_hands_everything_to_one_pool(session, folder, monkeypatch):
    FakePool.made = []
    pools = []
    monkeypatch.setattr(building, "ProcessPoolExecutor", lambda **kw: pools.append(FakePool(**kw)) or pools[-1])
    warmed = []
    monkeypatch.setattr(building, "_warm_up", lambda s, o, todo: warmed.append((len(pools), sorted(p.key for p in todo))))
    build(dataclasses.replace(session, languages=("en",)), options(folder, jobs=2))
    [pool] = pools
    assert pool.submitted == [f"{MONGOLIA}.yaml:en", f"{GHANA}.yaml:en"]
    assert warmed == [(0, sorted(pool.submitted))] and FakePool.made == [(2, building._worker_setup, (os.getpid(),))]


def test_a_single_unit_or_a_single_job_is_built_here_without_a_pool(session, folder, monkeypatch):
    monkeypatch.setattr(building, "ProcessPoolExecutor", None)  # would fail if used
    build(session, options(folder, jobs=1))
    edit(folder / f"{GHANA}.yaml", "Ghana has established", "Ghana has indeed established")
    session = dataclasses.replace(session, languages=("en",))
    assert [r.key for r in build(session, options(folder, jobs=4)) if not r.skipped] == [f"{GHANA}.yaml:en"]


def test_an_interrupted_parallel_build_stops_its_workers(session, folder, monkeypatch):
    pools, stopped = [], []
    monkeypatch.setattr(building, "ProcessPoolExecutor", lambda **kw: pools.append(FakePool(**kw)) or pools[-1])
    monkeypatch.setattr(building, "_stop_workers", stopped.append)

    class Interrupting(Progress):
        def done(self, result):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(session, options(folder, jobs=2), Interrupting(io.StringIO()))
    assert stopped == pools and pools[0].shut is False


def test_a_parallel_build_writes_what_a_serial_one_writes(session, folder, tmp_path):
    serial = build(session, options(folder))
    parallel = build(session, BuildOptions(tmp_path / "parallel", engine="none", jobs=2, no_memory=True))
    assert [(r.key, r.records) for r in parallel] == [(r.key, r.records) for r in serial]


def test_before_the_workers_fork_the_writers_and_the_drafts_source_languages_are_loaded(session, folder, monkeypatch):
    loaded = []
    import publisher.translate.segment as segment
    import publisher.translate.unlang as unlang

    class Terms:
        def __init__(self, name):
            self.name = name

        def find(self, text, language):
            loaded.append((self.name, text, language))

    monkeypatch.setattr(building, "prepare", lambda formats: loaded.append(("prepare", formats)))
    monkeypatch.setattr(segment, "segments", lambda text, language: loaded.append(("segments", text, language)))
    monkeypatch.setattr(building, "_glossary", lambda paths: loaded.append(("glossaries", paths)) or Terms("glossary"))
    monkeypatch.setattr(unlang, "load_knowledge", lambda: types.SimpleNamespace(glossary=Terms("UN terms")))
    session = dataclasses.replace(session, formats=("html", "pdf"))
    todo = building.plan(session, options(folder), {})
    building._warm_up(session, options(folder, glossaries=(folder / "g.csv",)), [p for p in todo if p.version])
    assert loaded == [("prepare", ("html", "pdf"))]  # the writers, with what every worker needs; no draft: no language data
    loaded.clear()
    building._warm_up(session, options(folder, glossaries=(folder / "g.csv",)), todo)
    assert loaded == [("prepare", ("html", "pdf")), ("glossaries", (folder / "g.csv",)),
                      ("segments", "Warm up.", "en"), ("glossary", "warm up", "en"), ("UN terms", "warm up", "en")]
    monkeypatch.setattr(unlang, "load_knowledge", lambda: types.SimpleNamespace(glossary=None))
    loaded.clear()
    building._warm_up(session, options(folder), todo)  # no UN terms: nothing to warm there
    assert loaded[-1] == ("glossary", "warm up", "en")


def test_the_glossaries_are_the_projects_unless_some_are_given(monkeypatch):
    import publisher.translate.resources as resources

    asked = []
    monkeypatch.setattr(resources, "load_glossaries", lambda paths: asked.append(paths) or len(asked))
    assert building._glossary_of.__wrapped__((), "") == 1
    assert building._glossary_of.__wrapped__((Path("a.csv"), Path("b.tbx")), "") == 2
    assert asked == [None, [Path("a.csv"), Path("b.tbx")]]


class FakeProcess:
    def __init__(self, alive_after_terminate: bool, log: list, name: str):
        self.alive, self.stubborn, self.log, self.name = True, alive_after_terminate, log, name

    def is_alive(self):
        return self.alive

    def terminate(self):
        self.log.append(("terminate", self.name))
        self.alive = self.stubborn

    def join(self, timeout="none"):
        self.log.append(("join", self.name, timeout))

    def kill(self):
        self.log.append(("kill", self.name))
        self.alive = False


def test_stopping_the_workers_cancels_what_waits_terminates_them_and_kills_those_that_stay(monkeypatch):
    """Ten seconds in all for the workers to end after SIGTERM; then SIGKILL."""
    log: list = []

    class Pool:
        _processes = {1: FakeProcess(False, log, "quick"), 2: FakeProcess(True, log, "stubborn")}

        def shutdown(self, **kwargs):
            log.append(("shutdown", kwargs))

    dead = FakeProcess(False, log, "dead")
    dead.alive = False
    Pool._processes[3] = dead
    clock = iter([100.0, 104.0, 109.5, 120.0])
    monkeypatch.setattr(building, "time", types.SimpleNamespace(monotonic=lambda: next(clock)))
    building._stop_workers(Pool())
    assert log == [("shutdown", {"wait": False, "cancel_futures": True}), ("terminate", "quick"),
                   ("terminate", "stubborn"), ("join", "quick", 6.0), ("join", "stubborn", 0.5),
                   ("kill", "stubborn"), ("join", "stubborn", "none"), ("join", "dead", 0.0)]


@pytest.mark.parametrize("processes", ["none yet", "no such attribute"])
def test_stopping_a_pool_that_never_started_a_worker_only_shuts_it_down(processes):
    log = []

    class Pool:
        def shutdown(self, **kwargs):
            log.append(kwargs)

    pool = Pool()
    if processes == "none yet":
        pool._processes = None
    building._stop_workers(pool)
    assert log == [{"wait": False, "cancel_futures": True}]


# -- a worker's set-up -------------------------------------------------------------------------------------
def test_a_worker_takes_sigterm_and_sigint_as_interruptions_and_dies_with_its_parent():
    import ctypes

    def child():
        building._worker_setup(os.getppid())
        assert building._IN_WORKER is True
        assert signal.getsignal(signal.SIGTERM) is building._interrupt
        assert signal.getsignal(signal.SIGINT) is building._interrupt
        value = ctypes.c_int()
        ctypes.CDLL(None).prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
        assert value.value == signal.SIGKILL

    assert in_child(child) == 0


def test_a_worker_whose_parent_is_already_gone_ends_at_once():
    assert in_child(lambda: building._worker_setup(os.getppid() + 100000)) == 1


class Exited(Exception):
    pass


def test_a_workers_set_up_in_order_handlers_then_death_signal_then_the_parents_check(monkeypatch):
    """The same set-up as above, seen from this process (the calls it makes, none of them done)."""
    calls = []
    monkeypatch.setattr(building, "_IN_WORKER", False)
    monkeypatch.setattr(building.signal, "signal", lambda number, handler: calls.append((number, handler)))
    monkeypatch.setattr(building, "_set_parent_death_signal", lambda number: calls.append(("death", number)))
    monkeypatch.setattr(building.os, "getppid", lambda: 4242)
    monkeypatch.setattr(building.os, "_exit", lambda code: (_ for _ in ()).throw(Exited(code)))
    building._worker_setup(4242)
    assert building._IN_WORKER is True
    assert calls == [(signal.SIGTERM, building._interrupt), (signal.SIGINT, building._interrupt),
                     ("death", signal.SIGKILL)]
    with pytest.raises(Exited) as exited:
        building._worker_setup(4241)
    assert exited.value.args == (1,)


def test_an_interruption_is_raised_as_keyboard_interrupt_naming_the_signal():
    with pytest.raises(KeyboardInterrupt, match="^SIGTERM$"):
        building._interrupt(signal.SIGTERM, None)


def test_the_parent_death_signal_is_the_one_asked_for():
    import ctypes

    def child():
        building._set_parent_death_signal(signal.SIGUSR1)
        value = ctypes.c_int()
        ctypes.CDLL(None).prctl(2, ctypes.byref(value), 0, 0, 0)
        assert value.value == signal.SIGUSR1

    assert in_child(child) == 0


def test_the_parent_death_signal_is_asked_of_the_kernel_with_prctl(monkeypatch):
    import ctypes

    asked = []

    class Libc:
        def prctl(self, *arguments):
            asked.append(arguments)

    monkeypatch.setattr(ctypes, "CDLL", lambda name, use_errno: asked.append((name, use_errno)) or Libc())
    building._set_parent_death_signal(signal.SIGUSR2)
    assert asked == [(None, True), (1, int(signal.SIGUSR2), 0, 0, 0)]  # PR_SET_PDEATHSIG


@pytest.mark.parametrize("error", [OSError, AttributeError])
def test_without_prctl_a_worker_relies_on_its_parents_stop(monkeypatch, error):
    import ctypes

    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: (_ for _ in ()).throw(error("no libc")))
    building._set_parent_death_signal(signal.SIGKILL)  # no error


# -- one translator and glossary per process ---------------------------------------------------------------
def test_a_process_keeps_one_translator_per_engine_memory_and_glossaries(session, folder, monkeypatch):
    made = []
    import publisher.translate.resources as resources

    monkeypatch.setattr(building, "_TRANSLATORS", {})
    monkeypatch.setattr(resources, "make_translator", lambda *a, **k: made.append((a, k)) or object())
    monkeypatch.setattr(resources, "open_memory", lambda path: ("memory", path))
    first = building._translator(session, options(folder))
    assert building._translator(session, options(folder)) is first
    assert building._translator(session, options(folder, engine="apertium")) is not first
    building._translator(session, options(folder, no_memory=False, memory=folder / "m.sqlite"))
    building._translator(dataclasses.replace(session, engines={"fr": "none"}), options(folder))
    assert [a[0] for a, _ in made] == ["none", "apertium", "none", "none"]
    assert [a[1] for a, _ in made] == [None, None, ("memory", folder / "m.sqlite"), None]
    assert made[3][1] == {"choices": {"fr": "none"}, "configured_in": f"{session.file} session.engines"}
    assert all(a[2] is building._glossary(()) for a, _ in made)
