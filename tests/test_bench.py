"""The benchmark suite (bench/suite.py): one run of every selected bench, one table, one JSON file.

Nothing here asserts a time: the suite runs at its smallest sizes and the tests check the shape of
what it reports — every figure beside a baseline from the same run, with their ratio.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import segment as segment_bench
from bench import suite
from bench import tm as tm_bench
from bench.figures import Figure

ROOT = Path(__file__).resolve().parent.parent
FIGURE_KEYS = {"bench", "name", "value", "unit", "baseline_name", "baseline_value", "ratio", "goal", "passed_goal",
               "better"}
TINY = ["--quick", "--only", "tm,segment", "--set", "tm.segments=2000", "--set", "tm.queries=12",
        "--set", "segment.step=20"]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    if not segment_bench.devset_available():
        pytest.skip(f"the UN Parallel Corpus dev set is not in {segment_bench.DEVSET}")
    path = tmp_path_factory.mktemp("bench") / "result.json"
    finished = subprocess.run([sys.executable, str(ROOT / "bench" / "suite.py"), *TINY, "--quiet", "--json", str(path)],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return finished.stdout, json.loads(path.read_text(encoding="utf-8"))


def test_the_quick_run_writes_the_date_the_machine_and_each_bench_with_its_sizes(quick_run):
    _, result = quick_run
    assert result["date"].endswith("+00:00"), "the date is in UTC"
    assert result["quick"] is True
    assert {"python", "platform", "cpu_count", "git_commit"} <= set(result["machine"])
    assert result["machine"]["python"] == ".".join(map(str, sys.version_info[:3]))
    assert list(result["benches"]) == ["segment", "tm"]
    assert result["benches"]["tm"]["parameters"] == {"segments": 2000, "queries": 12}, "--set reaches the bench"
    assert all(bench["status"] == "ok" for bench in result["benches"].values())


def test_every_figure_has_a_baseline_from_the_same_run_and_their_ratio(quick_run):
    _, result = quick_run
    figures = result["figures"]
    assert {f["bench"] for f in figures} == {"segment", "tm"}
    for figure in figures:
        assert set(figure) == FIGURE_KEYS, figure
        assert figure["baseline_name"] and figure["baseline_value"] > 0, figure
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["baseline_value"]), figure
        assert figure["passed_goal"] in (True, False, None)
        assert figure["passed_goal"] is None or figure["goal"], "a goal judged is a goal stated"
    names = [(f["bench"], f["name"]) for f in figures]
    assert len(names) == len(set(names)), "figures are told apart by bench and name, for --compare"


def test_goals_set_for_a_larger_size_are_not_judged_at_a_smaller_one(quick_run):
    _, result = quick_run
    fuzzy = [f for f in result["figures"] if f["bench"] == "tm" and f["name"].startswith("fuzzy")]
    assert fuzzy and all(f["goal"] and f["passed_goal"] is None for f in fuzzy)


def test_the_quick_run_prints_one_table_with_every_figure(quick_run):
    printed, result = quick_run
    assert "baseline (same run)" in printed and "ratio" in printed
    for figure in result["figures"]:
        assert figure["name"] in printed
    assert "goals:" in printed


def test_compare_sets_each_figure_beside_the_earlier_one_with_the_change():
    def run(value: float, segments: int) -> dict:
        figure = Figure("tm", "exact lookup median", value, "ms", "Python dict", 0.01)
        return {"date": "2026-11-27T00:00:00+00:00", "machine": {"platform": "p", "cpu_count": 2, "git_commit": "abc"},
                "benches": {"tm": {"parameters": {"segments": segments}}}, "figures": [figure.as_dict()]}

    text = suite.comparison(run(0.04, 100_000), run(0.03, 5_000))
    row = next(line for line in text.splitlines() if "exact lookup median" in line)
    assert "0.0400" in row and "0.0300" in row and "-25.0%" in row and "better" in row
    assert "4.00×" in row and "3.00×" in row, "both ratios to the baseline"
    assert "sizes differ" in text


def test_a_bench_whose_data_is_missing_is_skipped_with_the_reason(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(segment_bench, "DEVSET", tmp_path / "nowhere")
    assert suite.main(["--quick", "--only", "segment", "--json", str(tmp_path / "r.json")]) == 0
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert result["benches"]["segment"]["status"] == "skipped"
    assert "nowhere" in result["benches"]["segment"]["reason"]
    assert result["figures"] == []


def test_a_failing_bench_is_recorded_and_sets_exit_status_3(monkeypatch, tmp_path, capsys):
    def broken(*arguments, **options):
        raise RuntimeError("the memory would not open")

    monkeypatch.setattr(tm_bench, "measure", broken)
    assert suite.main(["--quick", "--only", "tm", "--json", str(tmp_path / "r.json")]) == 3
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert result["benches"]["tm"]["status"] == "failed"
    assert "the memory would not open" in result["benches"]["tm"]["reason"]


@pytest.mark.parametrize("arguments, message", [
    (["--only", "render,nonsense"], "unknown bench nonsense"),
    (["--set", "tm.segment=10"], "tm has no parameter 'segment'"),
    (["--set", "tm.segments=many"], "not a valid int"),
    (["--compare", "/nonexistent/old.json"], "cannot read it"),
])
def test_bad_options_exit_2_before_anything_runs(arguments, message, capsys):
    assert suite.main(arguments) == 2
    assert message in capsys.readouterr().err


def test_the_ratio_is_the_value_over_the_baseline():
    assert Figure("render", "summary PDF, zh", 0.15, "s", "summary PDF, en", 0.075).ratio == pytest.approx(2.0)
