"""``publisher build --watch``: build, then build again each time an input is saved.

An editor who fixes an outcome wants its documents back at once. A build started from the command
line spends most of its time loading (spaCy, the glossaries, the UN language data, WeasyPrint and
the fonts of six scripts) before it renders anything; a build that keeps watching loads them once,
then readies every language before the first save, so that a change costs what its documents cost.

What is watched: the session manifest, every YAML file in the folders of its outcomes (the outcomes
and their language versions, x.fr.yaml), and the glossaries named on the command line. A change
is built once the files have stopped changing for a tenth of a second (an editor's save may come in
more than one write). A build that stops on findings prints them and the watch goes on: the next save
is built again. Ctrl-C ends the watch; a build under way then stops as an interrupted build does.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PublisherError

INTERVAL = 0.25  # seconds between two looks at the inputs (a stat of each: 200 files cost a millisecond)
SETTLE = 0.1  # seconds without a change before a changed file is taken as saved


@dataclass(frozen=True)
class Snapshot:
    """Each watched file with its size and modification time; a file gone is simply absent."""
    files: frozenset[tuple[str, int, int]]


def watched(session_file: Path, outcome_files: Iterable[Path], extra: Iterable[Path] = ()) -> list[Path]:
    """What to watch: the manifest, ``extra`` (glossaries) and the outcomes' folders, whose YAML
    files are looked at each time (a language version saved beside an outcome is a change too)."""
    return sorted({Path(session_file), *map(Path, extra), *(Path(path).parent for path in outcome_files)})


def snapshot(paths: Iterable[Path]) -> Snapshot:
    seen = set()
    for path in paths:
        for file in sorted(path.glob("*.yaml")) if path.is_dir() else [path]:
            try:
                status = file.stat()
            except OSError:
                continue
            seen.add((str(file), status.st_size, status.st_mtime_ns))
    return Snapshot(frozenset(seen))


def watch(build_once: Callable[[], list[Path]], say: Callable[[str], None], *, initial: list[Path],
          interval: float = INTERVAL, settle: float = SETTLE, ready: Callable[[], None] = lambda: None,
          keep_going: Callable[[], bool] = lambda: True, sleep: Callable[[float], None] = time.sleep) -> None:
    """Runs ``build_once`` (which returns what to watch, see ``watched``), then ``ready``, then
    again whenever a watched file changes, until ``keep_going`` says no. Findings end a build, not the watch; when the
    first build stops on them, the ``initial`` files (the manifest) are watched."""
    paths = _attempt(build_once, say, initial)
    ready()
    _leave_what_is_loaded_alone()
    last = snapshot(paths)
    say(_watching(last))
    while keep_going():
        sleep(interval)
        now = snapshot(paths)
        if now == last:
            continue
        sleep(settle)
        while (settled := snapshot(paths)) != now:  # still being written: wait for the last write
            now = settled
            sleep(settle)
        paths = _attempt(build_once, say, paths)
        _leave_what_is_loaded_alone()
        last = now  # a save made while building is a change still to build
        say(_watching(snapshot(paths)))


def _leave_what_is_loaded_alone() -> None:
    """Everything this process holds between builds (the libraries, the languages made ready, the
    last build's state) is moved out of the garbage collector's reach: otherwise its full passes
    walk it all, and one falling while the next build reads its state cost 0.3 s at 190 outcomes.
    (A build unfreezes it when its workers have forked: they are frozen again after it.)"""
    gc.collect()
    gc.freeze()


def _watching(files: Snapshot) -> str:
    return f"watching {len(files.files)} file(s) for changes (Ctrl-C to stop)"


def _attempt(build_once: Callable[[], list[Path]], say: Callable[[str], None], paths: list[Path]) -> list[Path]:
    """What the build says to watch, or, when it stopped on findings, what was watched before it."""
    started = time.perf_counter()
    try:
        paths = build_once()
    except PublisherError as error:
        for finding in error.findings:
            say(finding.format())
        say("the build stopped on the findings above; nothing was written. Save a fix to build again.")
        return paths
    say(f"built in {time.perf_counter() - started:.1f} s")
    return paths
