"""What every benchmark hands back: figures, each beside a baseline measured in the same run.

A :class:`Figure` is one measured value (a time, a throughput, a score) with the value of its
baseline; the ratio between them is what a reader compares across machines, the raw value what
they compare across runs on one machine. The suite (bench/suite.py) collects the figures of
every bench, prints them in one table and writes them as JSON.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


class Unavailable(Exception):
    """A bench cannot run here: its data set, engine or command is missing. The message says which."""


@dataclass(frozen=True)
class Figure:
    bench: str
    name: str
    value: float
    unit: str
    baseline_name: str
    baseline_value: float
    goal: str | None = None
    passed_goal: bool | None = None
    better: str = "lower"  # "lower" for times, "higher" for throughputs and scores

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline_value if self.baseline_value else None

    def as_dict(self) -> dict:
        return {"bench": self.bench, "name": self.name, "value": self.value, "unit": self.unit,
                "baseline_name": self.baseline_name, "baseline_value": self.baseline_value,
                "ratio": self.ratio, "goal": self.goal, "passed_goal": self.passed_goal, "better": self.better}


def number(value: float | None, unit: str = "") -> str:
    """A figure written with as many digits as its size deserves: 12,345 / 123.4 / 5.12 / 0.0740;
    scores between 0 and 1 (F1) always with four decimals."""
    if value is None:
        return "—"
    if unit == "F1":
        return f"{value:.4f}"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def ratio_text(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def goal_text(passed: bool | None) -> str:
    return {True: "met", False: "MISSED", None: ""}[passed]


def table(headers: list[str], rows: Iterable[list[str]], right: set[int] = frozenset()) -> str:
    """Plain-text columns, as wide as their widest cell; columns in ``right`` aligned right."""
    rows = [headers, *rows]
    widths = [max(len(row[column]) for row in rows) for column in range(len(headers))]

    def line(row: list[str]) -> str:
        cells = [cell.rjust(width) if column in right else cell.ljust(width)
                 for column, (cell, width) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    return "\n".join([line(rows[0]), "  ".join("-" * width for width in widths), *map(line, rows[1:])])


def figures_table(figures: Iterable[Figure]) -> str:
    """The figures as the suite prints them: value, baseline, ratio, goal."""
    rows = [[f.bench, f.name, number(f.value, f.unit), f.unit, f.baseline_name, number(f.baseline_value, f.unit),
             ratio_text(f.ratio), f.goal or "", goal_text(f.passed_goal)] for f in figures]
    return table(["bench", "figure", "value", "unit", "baseline (same run)", "baseline", "ratio", "goal", ""],
                 rows, right={2, 5, 6})


def bench_main(description: str, run, options: list[tuple[str, dict]], failures: tuple[type, ...] = ()) -> int:
    """The command line of one bench run alone: its options (``--name`` with argparse settings),
    then ``run(**options)``; a missing data set, engine or command exits 2, a failure of ``failures`` 1."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag, settings in options:
        parser.add_argument(flag, **settings)
    arguments = vars(parser.parse_args())
    try:
        run(**arguments)
    except Unavailable as error:
        print(error, file=sys.stderr)
        return 2
    except failures as error:
        print(error, file=sys.stderr)
        return 1
    return 0
