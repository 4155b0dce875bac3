"""The invalid variants kept in tests/data/invalid each fail with the finding their header names."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.findings import Severity
from publisher.validate import validate_file

INVALID = sorted((Path(__file__).parent / "data" / "invalid").glob("*.yaml"))


def expected_code(path: Path) -> str:
    return re.search(r"\[([a-z-]+\.[a-z-]+)\]", path.read_text(encoding="utf-8").splitlines()[0]).group(1)


def test_there_are_invalid_variants():
    assert len(INVALID) >= 4


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_variant_gives_its_finding_and_exit_1(path, capsys):
    findings, _ = validate_file(path)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == [expected_code(path)]
    assert errors[0].line > 0 and errors[0].field
    assert main(["validate", str(path)]) == 1
    assert f"{path}:{errors[0].line}:" in capsys.readouterr().out
