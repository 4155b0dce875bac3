"""A build killed at any moment (SIGTERM, SIGKILL) leaves no worker alive and nothing half-written:
the next build finishes, and every file is the one an uninterrupted build writes (issue 13)."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES

SESSION = """\
session:
  name: fault-session
  date: 2026-11-27
  languages: [en, fr, es]
  formats: [html, docx]
  engine: none
working_groups:
  WG.3: {year: 2026, session: 16, place: Vienna, dates: [2026-12-14], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.3/2026/1}
  WG.4: {year: 2026, session: 15, place: Vienna, dates: [2026-12-16], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.4/2026/1}
  WG.7: {year: 2026, session: 12, place: Vienna, dates: [2026-12-17], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.7/2026/1}
outcomes:
  - file: mongolia-criminalization.yaml
    numbers: {observations: CRP.7, summary: 7}
  - file: ghana-international-cooperation.yaml
    numbers: {observations: CRP.8, summary: 8}
  - file: chile-law-enforcement.yaml
    numbers: {observations: CRP.9, summary: 9}
"""
STATE_FILE = ".publisher-build.json"


@pytest.fixture
def session(tmp_path) -> Path:
    for path in [*SAMPLES.glob("mongolia-criminalization*.yaml"), SAMPLES / "ghana-international-cooperation.yaml",
                 SAMPLES / "chile-law-enforcement.yaml"]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "session.yaml").write_text(SESSION, encoding="utf-8")
    return tmp_path / "session.yaml"


def start_build(session: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "publisher.cli", "build", str(session), "-o", str(output),
                             "--no-memory", "--jobs", "2"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent to reap it runs no more)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def files(output: Path) -> dict[str, str]:
    """Every file the build wrote, with its SHA-256 (the build's own state file aside)."""
    return {str(p.relative_to(output)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(output.rglob("*")) if p.is_file() and p.name != STATE_FILE}


def started_work(build, output: Path) -> list[int]:
    """Waits until the build catches SIGTERM (its handler is installed once the interpreter has
    imported the program: a SIGTERM before then ends it as any program ends, before it has
    anything to clean up). The workers seen so far."""
    give_up = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < give_up:
        if catches_sigterm(build.pid):
            return children(build.pid)
        time.sleep(0.02)
    return []


def catches_sigterm(pid: int) -> bool:
    try:
        status = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return False
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))


def run_to_completion(session: Path, output: Path) -> None:
    build = start_build(session, output)
    out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")
def test_a_build_killed_at_random_points_leaves_no_worker_and_the_rebuild_matches(session, tmp_path):
    reference = tmp_path / "reference"
    run_to_completion(session, reference)
    expected = files(reference)
    output = tmp_path / "out"
    chance = random.Random(13)
    for kill in (signal.SIGTERM, signal.SIGKILL, signal.SIGTERM, signal.SIGKILL):
        build = start_build(session, output)
        workers: set[int] = set(started_work(build, output))  # not while Python is still importing
        deadline = time.monotonic() + chance.uniform(0.0, 1.7)
        while time.monotonic() < deadline and build.poll() is None:
            workers.update(children(build.pid))
            time.sleep(0.05)
        build.send_signal(kill)
        _out, err = build.communicate(timeout=60)
        if kill == signal.SIGTERM and build.returncode != 0:
            assert build.returncode == 143
            assert err.splitlines()[-1] == "publisher: terminated (SIGTERM); no partial file was left behind"
            assert not [p for p in output.rglob("*.part")], "a half-written file was left"
        stopped_by = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < stopped_by:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)], f"workers outlived the build killed with {kill.name}"

    run_to_completion(session, output)
    assert files(output) == expected
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    for record in manifest["files"]:
        assert hashlib.sha256((output / record["path"]).read_bytes()).hexdigest() == record["sha256"]
    assert not list(output.rglob("*.part"))

