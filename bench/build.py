"""A whole review phase: build a synthetic session of N outcomes (default 190, as a review phase
has) made from the samples, then change one outcome and build again.

    .venv/bin/python bench/build.py [--outcomes 190] [--engine none|apertium] [--jobs 2]

Prints the full build time, the rebuild time after one outcome changed, and the time of a second
build with nothing changed, each as a ratio to the baseline: a fresh build of one outcome alone,
measured in the same run. Then the same change made while ``publisher build --watch`` runs: the
time from the save to the line saying the rebuild is done (its polling included). Goals (issue: batch builds, issue 19): the phase within 10 minutes on 2
cores with the none or apertium engine; one changed outcome rebuilt within 3 s. They speak of a
phase of 190 outcomes: with fewer, the figures are printed but the goals are not judged. The builds
run this checkout's code (``python -m publisher.cli`` with this folder first on the path).
Everything is written to a temporary folder (kept with --keep).
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, bench_main  # noqa: E402

NAME = "build"
PHASE = 190  # outcomes in a review phase: the size the goals speak of
PHASE_GOAL = 600.0  # seconds
REBUILD_GOAL = 3.0  # seconds (issue 19; 5 s before)
SAMPLES = ("mongolia-criminalization", "ghana-international-cooperation", "chile-law-enforcement",
           "jordan-criminalization-firearms")


def make_phase(folder: Path, count: int) -> Path:
    """N outcome files (English) and a session manifest naming them, written into ``folder``."""
    from publisher.reference import countries

    names = sorted({c.short_name for c in countries().values()})
    chooser = random.Random(8)
    entries = []
    for index in range(count):
        template = SAMPLES[index % len(SAMPLES)]
        text = (ROOT / "samples" / f"{template}.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        state, first, second = chooser.sample(names, 3)
        original = data["review"]["state"]
        text = text.replace(f"state: {original}", f"state: {state}", 1)
        text = text.replace(f"reviewing_states: [{', '.join(data['review']['reviewing_states'])}]",
                            f"reviewing_states: [\"{first}\", \"{second}\"]", 1)
        text = text.replace("footnotes:\n", f"footnotes:\n  synthetic: Synthetic outcome {index + 1} of {count}.\n", 1)
        text = text.replace("  challenges:\n    - >-\n", "  challenges:\n    - >-\n      [^synthetic]\n", 1)
        name = f"outcome-{index + 1:03d}.yaml"
        (folder / name).write_text(text, encoding="utf-8")
        entries.append(f"  - file: {name}\n    numbers: {{observations: CRP.{index + 1}, summary: {index + 1}}}\n")
    head = (ROOT / "samples" / "session.yaml").read_text(encoding="utf-8").partition("outcomes:")[0]
    manifest = folder / "session.yaml"
    manifest.write_text(head + "outcomes:\n" + "".join(entries), encoding="utf-8")
    return manifest


class BuildFailed(RuntimeError):
    """``publisher build`` exited with an error; the message holds the end of its error output."""


def sizes(quick: bool, full: bool = False) -> dict:
    """The suite's sizes: a phase of 24 outcomes (about a minute) unless ``full`` (190); quick: 2."""
    return {"outcomes": 2 if quick else PHASE if full else 24, "engine": "none", "jobs": 2}


@dataclass(frozen=True)
class Measurement:
    outcomes: int
    engine: str
    jobs: int
    files: int
    baseline: float  # seconds: one outcome alone, fresh
    full: float
    nothing: float
    one: float
    watched: float  # the same change saved while build --watch runs: from the save to "built in"
    lines: tuple[str, str, str]  # the last line printed by each build of the phase


def timed_build(manifest: Path, out: Path, engine: str, jobs: int) -> tuple[float, str]:
    command = [sys.executable, "-m", "publisher.cli", "build", str(manifest), "-o", str(out), "--engine", engine,
               "--jobs", str(jobs)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=environment)  # this checkout's code
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise BuildFailed(f"build failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return seconds, result.stdout.strip().splitlines()[-1]


def measure(outcomes: int = PHASE, engine: str = "none", jobs: int = 2, keep: bool = False) -> Measurement:
    work = Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    try:
        (work / "one").mkdir()
        (work / "phase").mkdir()
        baseline, _ = timed_build(make_phase(work / "one", 1), work / "one-out", engine, jobs)
        manifest = make_phase(work / "phase", outcomes)
        full, full_line = timed_build(manifest, work / "out", engine, jobs)
        nothing, nothing_line = timed_build(manifest, work / "out", engine, jobs)
        if not nothing_line.startswith("nothing to do"):
            raise BuildFailed("the second build, with nothing changed, rebuilt outcomes: the toolkit's code or "
                              "data changed during the bench (they are part of each outcome's fingerprint).\n"
                              f"  {nothing_line}")
        changed = work / "phase" / ("outcome-002.yaml" if outcomes > 1 else "outcome-001.yaml")
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.replace("Synthetic outcome", "Changed synthetic outcome"), encoding="utf-8")
        one, one_line = timed_build(manifest, work / "out", engine, jobs)
        watched = timed_watch(manifest, work / "out", engine, jobs, changed, work / "watch.log")
        files = sum(1 for p in (work / "out").rglob("*") if p.suffix in (".pdf", ".docx", ".html"))
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return Measurement(outcomes, engine, jobs, files, baseline, full, nothing, one, watched,
                       (full_line, nothing_line, one_line))


def timed_watch(manifest: Path, out: Path, engine: str, jobs: int, changed: Path, log: Path) -> float:
    """Seconds from saving ``changed`` again to the rebuild done, while ``build --watch`` runs."""
    command = [sys.executable, "-m", "publisher.cli", "build", str(manifest), "-o", str(out), "--engine", engine,
               "--jobs", str(jobs), "--watch"]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.DEVNULL, env=environment)
    try:
        _wait_for(log, "watching", 1, process)
        time.sleep(1.0)  # an editor's pause: the loading is done, the disk is quiet
        text = changed.read_text(encoding="utf-8")
        saved = time.perf_counter()
        changed.write_text(text.replace("Changed synthetic outcome", "Changed again synthetic outcome"),
                           encoding="utf-8")
        _wait_for(log, "built in", 2, process)  # the first: the build it starts with
        return time.perf_counter() - saved
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for(log: Path, text: str, count: int, process: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while log.read_text(encoding="utf-8").count(text) < count:
        if process.poll() is not None or time.monotonic() > deadline:
            raise BuildFailed(f"build --watch never said {text!r}:\n{log.read_text(encoding='utf-8')[-3000:]}")
        time.sleep(0.02)


def report(result: Measurement) -> None:
    print(f"engine {result.engine}, {result.jobs} worker process(es)")
    print(f"{'build':<44}{'seconds':>10}{'ratio to baseline':>20}")
    print(f"{'baseline: 1 outcome, fresh (36 files)':<44}{result.baseline:>10.1f}{1.0:>20.2f}")
    print(f"{f'full phase: {result.outcomes} outcomes ({result.files} files)':<44}{result.full:>10.1f}"
          f"{result.full / result.baseline:>20.2f}")
    print(f"{'again, nothing changed':<44}{result.nothing:>10.1f}{result.nothing / result.baseline:>20.2f}")
    print(f"{'one outcome changed':<44}{result.one:>10.1f}{result.one / result.baseline:>20.2f}")
    print(f"{'the same, saved while build --watch runs':<44}{result.watched:>10.1f}"
          f"{result.watched / result.baseline:>20.2f}")
    print(f"\nfull phase: {result.full / 60:.1f} min (goal 10 min at {PHASE} outcomes); "
          f"one changed outcome: {result.one:.1f} s, {result.watched:.1f} s with --watch (goal {REBUILD_GOAL:g} s)")
    print("".join(f"  {line}\n" for line in result.lines), end="")


def figures_of(result: Measurement) -> list[Figure]:
    judged = result.outcomes >= PHASE
    baseline = "one outcome alone, fresh"
    return [
        Figure(NAME, "full phase", result.full, "s", baseline, result.baseline,
               f"≤ 10 min at {PHASE} outcomes", result.full <= PHASE_GOAL if judged else None),
        Figure(NAME, "full phase, per outcome", result.full / result.outcomes, "s", baseline, result.baseline),
        Figure(NAME, "again, nothing changed", result.nothing, "s", baseline, result.baseline),
        Figure(NAME, "one outcome changed, rebuilt", result.one, "s", baseline, result.baseline,
               f"≤ {REBUILD_GOAL:g} s at {PHASE} outcomes", result.one <= REBUILD_GOAL if judged else None),
        Figure(NAME, "one outcome changed, rebuilt by build --watch", result.watched, "s", baseline,
               result.baseline, f"≤ {REBUILD_GOAL:g} s at {PHASE} outcomes",
               result.watched <= REBUILD_GOAL if judged else None),
    ]


def run(outcomes: int = PHASE, engine: str = "none", jobs: int = 2, keep: bool = False,
        show: bool = True) -> list[Figure]:
    result = measure(outcomes, engine, jobs, keep)
    if show:
        report(result)
    return figures_of(result)


def main() -> int:
    return bench_main(__doc__, run, [
        ("--outcomes", {"type": int, "default": PHASE}), ("--engine", {"default": "none"}),
        ("--jobs", {"type": int, "default": 2}), ("--keep", {"action": "store_true"})], failures=(BuildFailed,))


if __name__ == "__main__":
    sys.exit(main())
