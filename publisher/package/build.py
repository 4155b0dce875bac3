"""Build a whole session: validate every outcome, translate what has no version yet, render both
documents in every language and format, then write manifest.json and one zip per language.

- Nothing is written while any outcome has an error: all findings are listed first.
- Incremental: each outcome has a fingerprint (its files, its entry in the manifest, the code and
  data of the toolkit); an outcome whose fingerprint and files are unchanged is skipped. A build
  with nothing changed writes nothing and says so.
- Parallel across outcomes (processes), resumable: every file is written atomically and the
  build state is saved after each outcome, so an interrupted build picks up where it stopped.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import math
import os
import re
import signal
import stat
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path

from ..blueprint import load_blueprints
from ..compose import compose
from ..document import content_digest
from ..errors import EXIT_FINDINGS, PublisherError
from ..files import write_atomic
from ..findings import Finding
from ..load import load_bytes, load_file
from ..model import DOCUMENT_KINDS, build_outcome
from ..versions import base_stem, document_name
from ..render import prepare, writer
from .plan import (STATE_FILE, BuildOptions, Plan, code_fingerprint, engine_name, glossaries_digest, load_state,
                   plan, relative_key, save_state)
from .session import OutcomeEntry, Session

__all__ = ["STATE_FILE", "BuildOptions", "FileRecord", "OutcomeResult", "Plan", "Progress", "build", "plan"]
STATE_INTERVAL = 5.0  # seconds between saves of the build state (it grows with the session)


@dataclass(frozen=True)
class FileRecord:
    path: str  # relative to the output folder
    outcome: str
    language: str
    document: str
    format: str
    symbols: tuple[str, ...]
    sha256: str
    bytes: int
    provenance: dict = field(default_factory=dict)  # origins of the sentences of this language version
    qa: dict = field(default_factory=dict)
    content: str = ""  # what the file was written from (written_from): the same again, the file is kept


@dataclass(frozen=True)
class OutcomeResult:
    """The files of one outcome in one language (the unit of work, of caching and of progress)."""

    outcome: str
    language: str
    fingerprint: str
    records: tuple[FileRecord, ...]
    seconds: float
    skipped: bool = False
    kept: int = 0  # files found written from the same content by the build before, not written again

    @property
    def key(self) -> str:
        return f"{self.outcome}:{self.language}"


# -- doing -----------------------------------------------------------------------------------------
def build(session: Session, options: BuildOptions, progress=None) -> list[OutcomeResult]:
    state = load_state(options.output)
    plans = plan(session, options, state)
    _remove_debris(options.output)
    todo, results = [], []
    earlier: dict[str, tuple[FileRecord, ...]] = {}  # a unit's files of the build before: those unchanged are kept
    for item in plans:
        previous = state.get(item.key)
        records = _records(previous["records"]) if previous else ()
        if not options.force and previous and previous["fingerprint"] == item.fingerprint and \
                _files_intact(options.output, previous["records"]):
            results.append(OutcomeResult(relative_key(item.entry.file), item.language, item.fingerprint, records,
                                         0.0, skipped=True))
        else:
            todo.append(item)
            if not options.force:
                earlier[item.key] = records
    if progress:
        progress.start(len(plans), len(plans) - len(todo))
    saved = time.monotonic()
    runs = _run(session, options, todo, earlier, progress)
    try:
        for result in runs:
            state[result.key] = {"fingerprint": result.fingerprint, "records": [asdict(r) for r in result.records]}
            results.append(result)
            if time.monotonic() - saved > STATE_INTERVAL:  # an interrupted build resumes from here
                save_state(options.output, state)
                saved = time.monotonic()
    except BaseException:
        runs.close()  # the workers are stopped first (_run's own handler), then nothing writes any more
        # a worker stopped between creating its temporary file and knowing its name cannot remove it
        _remove_debris(options.output)
        raise
    finally:
        save_state(options.output, state)
    order = {p.key: n for n, p in enumerate(plans)}
    results.sort(key=lambda r: order[r.key])
    return results


def _records(saved: list[dict]) -> tuple[FileRecord, ...]:
    return tuple(FileRecord(**{**r, "symbols": tuple(r["symbols"])}) for r in saved)


def _run(session: Session, options: BuildOptions, todo: list[Plan], earlier: dict, progress):
    if not todo:
        return
    if options.jobs <= 1 or len(todo) == 1:
        for item in todo:
            result = build_outcome_files(session, options, item, earlier.get(item.key, ()))
            if progress:
                progress.done(result)
            yield result
        return
    todo = sorted(todo, key=lambda item: (bool(item.version), item.language in ("en", "ar", "zh", "ru")))
    pools: list[ProcessPoolExecutor] = []
    try:
        futures = []
        versions = [item for item in todo if item.version]
        if versions and len(versions) < len(todo):
            # The versions people made need only the writers: one worker renders them while this
            # process loads what the drafts need (spaCy, the glossaries, the UN language data),
            # which a core would otherwise wait for. It forks before those are loaded, so it never
            # loads them; the pool for the drafts forks after and takes the versions beyond this
            # worker's share (one of jobs + 1 processes).
            early = versions[:math.ceil(len(todo) / (options.jobs + 1))]  # this worker's share of all units
            prepare(session.formats)  # each worker inherits what every one would build for itself
            futures += _hand_out(pools, 1, session, options, early, earlier)
            todo = todo[:len(todo) - len(versions)] + versions[len(early):]
        _warm_up(session, options, todo)
        futures += _hand_out(pools, options.jobs, session, options, todo, earlier)
        for future in as_completed(futures):
            result = future.result()
            if progress:
                progress.done(result)
            yield result
    except BaseException:
        for pool in pools:
            _stop_workers(pool)  # interrupted or failed: the units under way are redone by the next build
        raise
    for pool in pools:
        pool.shutdown()


def _hand_out(pools: list, jobs: int, session: Session, options: BuildOptions, items: list[Plan],
              earlier: dict) -> list[Future]:
    """A pool of at most ``jobs`` workers (added to ``pools``) given ``items``, in their order."""
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=_worker_setup, initargs=(os.getpid(),))
    pools.append(pool)
    # The workers fork at the first submit. What the parent holds then (the libraries, the build
    # state of a large session) is kept out of their garbage collections, which would walk it all
    # and, by touching it, copy the pages they share with the parent.
    gc.freeze()
    try:
        return [pool.submit(build_outcome_files, session, options, item, earlier.get(item.key, ())) for item in items]
    finally:
        gc.unfreeze()


_IN_WORKER = False  # true in the processes of the pool


def _worker_setup(parent: int) -> None:
    """In each worker: die with the parent (a parent killed with SIGKILL cannot stop its workers,
    which would stay alive and blocked), and take SIGTERM as an interruption, so that the file being
    written is removed (write_atomic) rather than left as debris."""
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    _set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _interrupt(signum, _frame):
    raise KeyboardInterrupt(signal.Signals(signum).name)


_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal(signum: int) -> None:
    """prctl(PR_SET_PDEATHSIG): the kernel sends ``signum`` to this process when its parent ends (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's own stop (_stop_workers) remains
        pass


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancels what has not started and stops the workers now, instead of waiting for every queued
    unit (``shutdown(wait=True)`` would finish the whole build after a SIGTERM)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: the worker removes the file it was writing
    deadline = time.monotonic() + 10
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _warm_up(session: Session, options: BuildOptions, todo: list[Plan]) -> None:
    """Loads the shared heavy parts once in this process before the workers fork from it (Linux):
    the writers (WeasyPrint), and for drafts the glossary, the UN language data (0.45 s, which
    every worker would otherwise load for itself) and the source languages' spaCy pipelines with
    the glossaries' indexes. Target-language pipelines are left to the workers, which build only
    those their units need, in parallel (spaCy's French alone takes 1.7 s to import). No database
    connection is opened here: a SQLite connection must not cross a fork."""
    prepare(session.formats)
    drafts = [item for item in todo if not item.version]
    if not drafts:
        return
    glossary = _glossary(options.glossaries)
    from ..translate.segment import segments
    from ..translate.unlang import load_knowledge

    knowledge = load_knowledge()
    for source in sorted({load_file(item.entry.file).data["review"]["language"] for item in drafts}):
        segments("Warm up.", source)
        for terms in (glossary, knowledge.glossary):
            if terms is not None:
                terms.find("warm up", source)


def ready_every_language(session: Session, options: BuildOptions) -> None:
    """For a process that builds again and again (``build --watch``): pays now, once, what a
    worker's first unit in each language costs (the language's spaCy pipeline and glossary index,
    the fonts of its script, the writers' first document), so that every worker forked later
    inherits it. One outcome is translated (engine ``none``, no memory: no database connection may
    cross a fork) and rendered in every language of the session; nothing is written."""
    plans = plan(session, options)
    if not plans:
        return
    _warm_up(session, options, plans)
    from ..translate.output import translation_contents
    from ..translate.resources import make_translator

    translator = make_translator("none", None, _glossary(options.glossaries))
    blueprints = load_blueprints()
    entry = plans[0].entry
    for item in (p for p in plans if p.entry == entry):
        if item.version:
            outcome = build_outcome(load_file(item.version))
        else:
            source = load_file(entry.file)
            translation = translator.translate_outcome(source, item.language, source_file=entry.file.name)
            draft, text = translation_contents(entry.file, translation, options.output / ".ready")[0]
            outcome = build_outcome(load_bytes(text, str(draft)))
        for kind in DOCUMENT_KINDS:
            document = compose(session.apply(entry, outcome), kind, blueprints)
            for fmt in session.formats:
                writer(fmt).render(document)


def build_outcome_files(session: Session, options: BuildOptions, item: Plan,
                        earlier: tuple[FileRecord, ...] = ()) -> OutcomeResult:
    """All files of one outcome in one language (runs in a worker process); a file of ``earlier``
    (the unit's records of the build before) written from the same content is kept, not written
    again. A failure names the outcome and language; files already written are whole (atomic) and
    the next build redoes this unit."""
    try:
        return _build_unit(session, options, item, earlier)
    except KeyboardInterrupt:  # the file being written is removed by now (write_atomic)
        if _IN_WORKER:
            os._exit(130)  # a worker stops here; the pool would otherwise hand it the next unit
        raise
    except PublisherError:
        raise
    except Exception as error:  # a bug or a resource problem: report it on the unit, no traceback
        raise PublisherError(Finding(str(item.entry.file), 0, 0, f"language {item.language}",
                                     f"building this version failed: {type(error).__name__}: {error}",
                                     "build.failed"), exit_code=EXIT_FINDINGS) from error


def _build_unit(session: Session, options: BuildOptions, item: Plan, earlier: tuple[FileRecord, ...]) -> OutcomeResult:
    started = time.perf_counter()
    blueprints = load_blueprints()
    entry, language = item.entry, item.language
    kept = {record.path: record for record in earlier if _file_intact(str(options.output), record.path, record.bytes)}
    records, unchanged = [], 0
    with _Writer() as write:
        outcome, provenance, qa = _language_version(session, options, entry, item.version, language, write)
        outcome = session.apply(entry, outcome)
        for kind in DOCUMENT_KINDS:
            document = compose(outcome, kind, blueprints)
            digest = content_digest(document)
            for fmt in session.formats:
                format_writer = writer(fmt)
                name = document_name(base_stem(entry.file), kind, language, format_writer.extension)
                relative = Path(language) / name
                content = written_from(digest, fmt)
                same = kept.get(str(relative))
                if same is not None and same.content == content:
                    records.append(replace(same, provenance=provenance, qa=qa))
                    unchanged += 1
                    continue
                data = format_writer.render(document)
                write(options.output / relative, data)
                records.append(FileRecord(str(relative), relative_key(entry.file), language, kind, fmt,
                                          document.masthead.symbols, hashlib.sha256(data).hexdigest(), len(data),
                                          provenance, qa, content))
    return OutcomeResult(relative_key(entry.file), language, item.fingerprint, tuple(records),
                         time.perf_counter() - started, kept=unchanged)


def written_from(document_digest: str, fmt: str) -> str:
    """What a file is written from: its document's content (``content_digest``), the format, and the
    toolkit's code and data."""
    return hashlib.sha256(f"{document_digest} {fmt} {code_fingerprint()}".encode()).hexdigest()


class _Writer:
    """Writes the files of a unit in a thread, each atomically (write_atomic), so that waiting for
    one file to reach the disk (fsync) overlaps with rendering the next. The unit is done when every
    file is written; when it fails or is interrupted, the file under way is finished (whole) and the
    ones not started are dropped."""

    def __enter__(self):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="writer")
        self._writes: list[Future] = []
        return self._write

    def _write(self, path: Path, data: bytes) -> None:
        self._writes.append(self._pool.submit(write_atomic, path, data))

    def __exit__(self, kind, error, traceback) -> bool:
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)
        if kind is None:
            for write in self._writes:
                write.result()  # the first failure to write, as write_atomic reports it
        return False


def _language_version(session: Session, options: BuildOptions, entry: OutcomeEntry, version: str, language: str,
                      write):
    """The outcome in one language: the version a person made, or a draft translated now (its
    files handed to ``write``; the draft was validated before, so its model is built from the
    text it was validated as)."""
    if version:
        loaded = load_file(version)
        return build_outcome(loaded), {"human": 1}, {}
    from ..translate.output import translation_contents

    source = load_file(entry.file)
    translation = _translator(session, options).translate_outcome(source, language, source_file=entry.file.name)
    files = translation_contents(entry.file, translation, options.output / "drafts")
    for path, data in files:
        write(path, data)
    draft, text = files[0]
    outcome = build_outcome(load_bytes(text, str(draft)))
    summary = translation.summary()
    return outcome, summary["origins"], {k: summary[k] for k in ("term_compliance_percent", "forbidden_variants",
                                                                 "untranslated", "errors", "warnings")}


_TRANSLATORS: dict = {}


def _glossary(paths: tuple[Path, ...]):
    """The glossaries named for the build, loaded once per process and content: a process that
    builds again (``--watch``) loads a glossary again once it was saved."""
    return _glossary_of(paths, glossaries_digest(paths))


@cache
def _glossary_of(paths: tuple[Path, ...], _digest: str):
    from ..translate.resources import load_glossaries

    return load_glossaries(list(paths) or None)


def _translator(session: Session, options: BuildOptions):
    """One translator per process (its memory connection is this process's own) and glossary content."""
    key = (os.getpid(), engine_name(session, options), str(options.memory), options.no_memory, options.glossaries,
           glossaries_digest(options.glossaries), tuple(sorted(session.engines.items())))
    if key not in _TRANSLATORS:
        from ..translate.resources import make_translator, open_memory

        memory = None if options.no_memory else open_memory(options.memory)
        _TRANSLATORS[key] = make_translator(key[1], memory, _glossary(options.glossaries), choices=session.engines,
                                            configured_in=f"{session.file} session.engines")
    return _TRANSLATORS[key]


# -- state -----------------------------------------------------------------------------------------
_DEBRIS = re.compile(r"\..+\.[a-z0-9_]{8}\.part")  # write_atomic's temporary files: .<name>.<random>.part


def _remove_debris(output: Path) -> None:
    """Temporary files a killed build left (SIGKILL cannot be caught): never finished, so removed."""
    if not output.is_dir():
        return
    for path in output.rglob(".*.part"):
        if _DEBRIS.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)


def _files_intact(output: Path, records: list[dict]) -> bool:
    """Every file of the unit is there with its size (os.stat on text paths: 9,000 files in a large session)."""
    folder = str(output)
    return all(_file_intact(folder, record["path"], record["bytes"]) for record in records)


def _file_intact(folder: str, path: str, size: int) -> bool:
    try:
        status = os.stat(os.path.join(folder, path))
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size == size


class Progress:
    """A progress line on standard error, then one line per outcome."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stderr  # the stderr of now, not of the import
        self.total = self.finished = 0

    def start(self, total: int, skipped: int) -> None:
        self.total, self.finished = total, skipped
        if skipped:
            print(f"{skipped} of {total} outcome language version(s) unchanged: skipped", file=self.stream)

    def done(self, result: OutcomeResult) -> None:
        self.finished += 1
        width = 30
        filled = int(width * self.finished / max(1, self.total))
        kept = f" ({result.kept} unchanged, kept)" if result.kept else ""
        print(f"[{'#' * filled}{'.' * (width - filled)}] {self.finished}/{self.total} {result.outcome} "
              f"({result.language}): {len(result.records)} files{kept} in {result.seconds:.1f} s", file=self.stream,
              flush=True)
