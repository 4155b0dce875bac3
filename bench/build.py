"""A whole review phase: build a synthetic session of N outcomes (default 190, as a review phase
has) made from the samples, then change one outcome and build again.

    .venv/bin/python bench/build.py [--outcomes 190] [--engine none|apertium] [--jobs 2]

Prints the full build time, the rebuild time after one outcome changed, and the time of a second
build with nothing changed, each as a ratio to the baseline: a fresh build of one outcome alone,
measured in the same run. Goals (issue: batch builds): the phase within 10 minutes on 2 cores with
the none or apertium engine; one changed outcome rebuilt within 5 s. Everything is written to a
temporary folder (kept with --keep).
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("mongolia-criminalization", "ghana-international-cooperation", "chile-law-enforcement",
           "jordan-criminalization-firearms")


def make_phase(folder: Path, count: int) -> Path:
    """N outcome files (English) and a session manifest naming them, written into ``folder``."""
    sys.path.insert(0, str(ROOT))
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


def timed_build(manifest: Path, out: Path, engine: str, jobs: int) -> tuple[float, str]:
    command = [str(ROOT / ".venv" / "bin" / "publisher"), "build", str(manifest), "-o", str(out),
               "--engine", engine, "--jobs", str(jobs)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return seconds, result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outcomes", type=int, default=190)
    parser.add_argument("--engine", default="none")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    try:
        (work / "one").mkdir()
        (work / "phase").mkdir()
        baseline, _ = timed_build(make_phase(work / "one", 1), work / "one-out", arguments.engine, arguments.jobs)
        manifest = make_phase(work / "phase", arguments.outcomes)
        full, full_line = timed_build(manifest, work / "out", arguments.engine, arguments.jobs)
        nothing, nothing_line = timed_build(manifest, work / "out", arguments.engine, arguments.jobs)
        changed = work / "phase" / "outcome-002.yaml"
        changed.write_text(changed.read_text(encoding="utf-8").replace("Synthetic outcome", "Changed synthetic outcome"),
                           encoding="utf-8")
        one, one_line = timed_build(manifest, work / "out", arguments.engine, arguments.jobs)
        files = sum(1 for p in (work / "out").rglob("*") if p.suffix in (".pdf", ".docx", ".html"))
        print(f"engine {arguments.engine}, {arguments.jobs} worker process(es)")
        print(f"{'build':<44}{'seconds':>10}{'ratio to baseline':>20}")
        print(f"{'baseline: 1 outcome, fresh (36 files)':<44}{baseline:>10.1f}{1.0:>20.2f}")
        print(f"{f'full phase: {arguments.outcomes} outcomes ({files} files)':<44}{full:>10.1f}{full / baseline:>20.2f}")
        print(f"{'again, nothing changed':<44}{nothing:>10.1f}{nothing / baseline:>20.2f}")
        print(f"{'one outcome changed':<44}{one:>10.1f}{one / baseline:>20.2f}")
        print(f"\nfull phase: {full / 60:.1f} min (goal 10 min); one changed outcome: {one:.1f} s (goal 5 s)")
        print(f"  {full_line}\n  {nothing_line}\n  {one_line}")
    finally:
        if arguments.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
