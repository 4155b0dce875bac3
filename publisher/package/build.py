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
import hashlib
import json
import os
import re
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from ..blueprint import DEFAULT_DIR, load_blueprints
from ..compose import compose
from ..errors import EXIT_FINDINGS, PublisherError
from ..files import write_atomic
from ..findings import Finding, Severity, has_errors
from ..load import load_bytes, load_file
from ..model import DOCUMENT_KINDS, build_outcome
from ..versions import base_stem, document_name, find_version, translation_files
from ..render import writer
from ..validate import validate_file, validate_loaded
from .session import OutcomeEntry, Session

STATE_FILE = ".publisher-build.json"
STATE_INTERVAL = 5.0  # seconds between saves of the build state (it grows with the session)
PROJECT = DEFAULT_DIR.parent


@dataclass(frozen=True)
class BuildOptions:
    output: Path
    jobs: int = max(1, min(os.cpu_count() or 1, 4))
    engine: str | None = None  # overrides the manifest's
    memory: Path | None = None
    no_memory: bool = False
    glossaries: tuple[Path, ...] = ()
    force: bool = False


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


@dataclass(frozen=True)
class OutcomeResult:
    """The files of one outcome in one language (the unit of work, of caching and of progress)."""

    outcome: str
    language: str
    fingerprint: str
    records: tuple[FileRecord, ...]
    seconds: float
    skipped: bool = False

    @property
    def key(self) -> str:
        return f"{self.outcome}:{self.language}"


@dataclass(frozen=True)
class Plan:
    entry: OutcomeEntry
    language: str
    version: str  # path of the version a person made in this language, or "" to translate
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{_relative_key(self.entry.file)}:{self.language}"


# -- planning ------------------------------------------------------------------------------------
def plan(session: Session, options: BuildOptions) -> list[Plan]:
    """Validates what changed and decides what each outcome needs; raises with all findings.

    A unit whose fingerprint is the one recorded when it was last built (same files, same
    manifest entry, same toolkit) was validated then and is not validated again."""
    state = _load_state(options.output)
    findings: list[Finding] = []
    plans = []
    for entry in session.outcomes:
        loaded = load_file(entry.file)
        own = loaded.data["review"]["language"] if _is_outcome(loaded.data) else ""
        versions = {language: find_version(entry.file, own, language, _language_in_file)
                    for language in session.languages}
        units = [Plan(entry, language, str(path) if path else "",
                      _fingerprint(session, entry, language, str(path) if path else "", options))
                 for language, path in versions.items()]
        known = all(state.get(u.key, {}).get("fingerprint") == u.fingerprint for u in units)
        if not known or options.force:
            findings.extend(_validate_entry(session, entry, loaded, versions))
        plans.extend(units)
    if has_errors(findings):
        raise PublisherError(*[f for f in findings if f.severity is Severity.ERROR], exit_code=EXIT_FINDINGS)
    return plans


def _is_outcome(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("review"), dict) and "language" in data["review"]


def _validate_entry(session: Session, entry: OutcomeEntry, loaded, versions: dict) -> list[Finding]:
    findings, outcome = validate_loaded(loaded)
    if outcome is not None and not session.groups_for(outcome):
        findings.append(Finding(session.file, 0, 0, entry.field, f"none of the working groups of this session "
                                f"takes the instruments of {entry.file.name}", "session.no-working-group"))
    for path in {p for p in versions.values() if p and p != entry.file}:
        findings.extend(validate_file(path)[0])
    return findings


def _language_in_file(path: Path) -> str | None:
    try:
        data = load_file(path).data
    except PublisherError:
        return None
    return data["review"]["language"] if _is_outcome(data) else None


def _fingerprint(session: Session, entry: OutcomeEntry, language: str, version: str, options: BuildOptions) -> str:
    digest = hashlib.sha256()
    for path in [entry.file, *([Path(version)] if version else [])]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    issue = {k: str(v) for k, v in asdict(entry).items()}
    digest.update(json.dumps([issue, language, session.formats, _engine_name(session, options), session.engines,
                              str(session.date), session.distribution,
                              [asdict(g) for g in session.groups.values()]], default=str).encode())
    digest.update(_code_fingerprint().encode())
    return digest.hexdigest()


@cache
def _code_fingerprint() -> str:
    """Everything of the toolkit that shapes an output file: code, data, templates, glossaries."""
    digest = hashlib.sha256()
    for folder in ("publisher", "blueprints", "glossaries"):
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yaml", ".json", ".css", ".j2", ".tbx", ".csv"}:
                digest.update(str(path.relative_to(PROJECT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _engine_name(session: Session, options: BuildOptions) -> str:
    return options.engine or session.engine


# -- doing -----------------------------------------------------------------------------------------
def build(session: Session, options: BuildOptions, progress=None) -> list[OutcomeResult]:
    plans = plan(session, options)
    _remove_debris(options.output)
    state = _load_state(options.output)
    todo, results = [], []
    for item in plans:
        previous = state.get(item.key)
        if not options.force and previous and previous["fingerprint"] == item.fingerprint and \
                _files_intact(options.output, previous["records"]):
            records = tuple(FileRecord(**{**r, "symbols": tuple(r["symbols"])}) for r in previous["records"])
            results.append(OutcomeResult(_relative_key(item.entry.file), item.language, item.fingerprint, records,
                                         0.0, skipped=True))
        else:
            todo.append(item)
    if progress:
        progress.start(len(plans), len(plans) - len(todo))
    saved = time.monotonic()
    try:
        for result in _run(session, options, todo, progress):
            state[result.key] = {"fingerprint": result.fingerprint, "records": [asdict(r) for r in result.records]}
            results.append(result)
            if time.monotonic() - saved > STATE_INTERVAL:  # an interrupted build resumes from here
                _save_state(options.output, state)
                saved = time.monotonic()
    finally:
        _save_state(options.output, state)
    order = {p.key: n for n, p in enumerate(plans)}
    results.sort(key=lambda r: order[r.key])
    return results


def _run(session: Session, options: BuildOptions, todo: list[Plan], progress):
    if not todo:
        return
    if options.jobs <= 1 or len(todo) == 1:
        for item in todo:
            result = build_outcome_files(session, options, item)
            if progress:
                progress.done(result)
            yield result
        return
    _warm_up(session, options, todo)
    todo = sorted(todo, key=lambda item: (bool(item.version), item.language in ("en", "ar", "zh", "ru")))
    pool = ProcessPoolExecutor(max_workers=options.jobs, initializer=_worker_setup, initargs=(os.getpid(),))
    try:
        futures = [pool.submit(build_outcome_files, session, options, item) for item in todo]
        for future in as_completed(futures):
            result = future.result()
            if progress:
                progress.done(result)
            yield result
    except BaseException:
        _stop_workers(pool)  # interrupted or failed: the units under way are redone by the next build
        raise
    pool.shutdown()


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
    the writers (WeasyPrint), and for drafts the glossary and the source languages' spaCy
    pipelines. Target-language pipelines are left to the workers, which build only those their
    units need, in parallel (spaCy's French alone takes 1.7 s to import). No database connection
    is opened here: a SQLite connection must not cross a fork."""
    for name in session.formats:
        writer(name)
    drafts = [item for item in todo if not item.version]
    if not drafts:
        return
    glossary = _glossary(options.glossaries)
    from ..translate.segment import segments

    for source in sorted({load_file(item.entry.file).data["review"]["language"] for item in drafts}):
        segments("Warm up.", source)
        if glossary is not None:
            glossary.find("warm up", source)


def build_outcome_files(session: Session, options: BuildOptions, item: Plan) -> OutcomeResult:
    """All files of one outcome in one language (runs in a worker process). A failure names the
    outcome and language; files already written are whole (atomic) and the next build redoes
    this unit."""
    try:
        return _build_unit(session, options, item)
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


def _build_unit(session: Session, options: BuildOptions, item: Plan) -> OutcomeResult:
    started = time.perf_counter()
    blueprints = load_blueprints()
    entry, language = item.entry, item.language
    records = []
    outcome, provenance, qa = _language_version(session, options, entry, item.version, language)
    outcome = session.apply(entry, outcome)
    for kind in DOCUMENT_KINDS:
        document = compose(outcome, kind, blueprints)
        for fmt in session.formats:
            data = writer(fmt).render(document)
            extension = writer(fmt).extension
            relative = Path(language) / document_name(base_stem(entry.file), kind, language, extension)
            write_atomic(options.output / relative, data)
            records.append(FileRecord(str(relative), _relative_key(entry.file), language, kind, fmt,
                                      document.masthead.symbols, hashlib.sha256(data).hexdigest(), len(data),
                                      provenance, qa))
    return OutcomeResult(_relative_key(entry.file), language, item.fingerprint, tuple(records),
                         time.perf_counter() - started)


def _language_version(session: Session, options: BuildOptions, entry: OutcomeEntry, version: str, language: str):
    """The outcome in one language: the version a person made, or a draft translated now."""
    if version:
        loaded = load_file(version)
        return build_outcome(loaded), {"human": 1}, {}
    from ..translate.output import write_translation

    source = load_file(entry.file)
    translation = _translator(session, options).translate_outcome(source, language, source_file=entry.file.name)
    drafts = options.output / "drafts"
    write_translation(entry.file, translation, drafts)
    draft = translation_files(entry.file, language, drafts)[0]
    findings, outcome = validate_loaded(load_bytes(draft.read_bytes(), str(draft)))
    summary = translation.summary()
    return outcome, summary["origins"], {k: summary[k] for k in ("term_compliance_percent", "forbidden_variants",
                                                                 "untranslated", "errors", "warnings")}


_TRANSLATORS: dict = {}


@cache
def _glossary(paths: tuple[Path, ...]):
    from ..translate.resources import load_glossaries

    return load_glossaries(list(paths) or None)


def _translator(session: Session, options: BuildOptions):
    """One translator per process (its memory connection is this process's own)."""
    key = (os.getpid(), _engine_name(session, options), str(options.memory), options.no_memory, options.glossaries,
           tuple(sorted(session.engines.items())))
    if key not in _TRANSLATORS:
        from ..translate.resources import make_translator, open_memory

        memory = None if options.no_memory else open_memory(options.memory)
        _TRANSLATORS[key] = make_translator(key[1], memory, _glossary(options.glossaries), choices=session.engines,
                                            configured_in=f"{session.file} session.engines")
    return _TRANSLATORS[key]


# -- state -----------------------------------------------------------------------------------------
def _relative_key(path: Path) -> str:
    return path.name


def _load_state(output: Path) -> dict:
    try:
        return json.loads((output / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_state(output: Path, state: dict) -> None:
    data = json.dumps(state, ensure_ascii=False, sort_keys=True).encode()  # no indent: the C encoder
    path = output / STATE_FILE
    if not (path.is_file() and path.read_bytes() == data):
        write_atomic(path, data)


_DEBRIS = re.compile(r"\..+\.[a-z0-9_]{8}\.part")  # write_atomic's temporary files: .<name>.<random>.part


def _remove_debris(output: Path) -> None:
    """Temporary files a killed build left (SIGKILL cannot be caught): never finished, so removed."""
    if not output.is_dir():
        return
    for path in output.rglob(".*.part"):
        if _DEBRIS.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)


def _files_intact(output: Path, records: list[dict]) -> bool:
    for record in records:
        path = output / record["path"]
        if not path.is_file() or path.stat().st_size != record["bytes"]:
            return False
    return True


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
        print(f"[{'#' * filled}{'.' * (width - filled)}] {self.finished}/{self.total} {result.outcome} "
              f"({result.language}): {len(result.records)} files in {result.seconds:.1f} s", file=self.stream,
              flush=True)
