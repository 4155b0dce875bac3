"""Generated hostile files (tests/untrusted_properties.py: YAML outcomes and session manifests with
any keys, scalars, tags, anchors, aliases, nesting, dates and escapes through validate, render and
build; XLIFF, TMX, TBX and CSV through their imports) end as success or findings with exit 1 or 2.

They run in a child process with its address space limited (RLIMIT_AS), so that an input that
would take gigabytes fails the test instead of the machine, and with a time limit per command
and for the whole run, so that a hang fails it too.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from .conftest import ROOT

MEMORY_LIMIT = 3 * 1024 ** 3  # bytes of address space; the alias bomb of issue 13 took 3.7 GB
TIME_LIMIT = 600  # seconds for the whole run (each command has SECONDS_PER_COMMAND)


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS"), reason="needs RLIMIT_AS")
def test_generated_hostile_files_end_as_success_or_findings_within_memory_and_time():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::UserWarning",
         "-W", "ignore::hypothesis.errors.HypothesisWarning", "tests/untrusted_properties.py"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
        capture_output=True, text=True, timeout=TIME_LIMIT, preexec_fn=_limit_memory)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5000:]
