"""Every benchmark in one run: one table of figures, each beside its baseline measured in the same
run, written as JSON so that runs can be compared.

    .venv/bin/python bench/suite.py [--only render,tm] [--quick] [--full] [--set tm.segments=20000]
                                    [--json PATH] [--compare OLD.json] [--quiet] [--strict]

Benches: render (summary PDF per language, the 36 files of one review), segment (boundary F1 and
throughput on the UN dev set), tm (memory lookups on 100,000 segments), translate (the pipeline
against bare Apertium), build (a review phase; 24 outcomes, 190 with --full), workbench (the
post-editing page of a 1000-unit draft against a 100-unit one, in Chromium). A bench whose data,
engine or command is missing is skipped with the reason.

The JSON (out/bench/bench-<UTC time>.json and out/bench/latest.json unless --json) holds the date,
the machine, the sizes of each bench and the figures: {bench, name, value, unit, baseline_name,
baseline_value, ratio, goal, passed_goal, better}; ratio is value / baseline_value. --compare
prints each figure next to the one of an earlier JSON.

Exit status: 0; 1 when a goal is missed and --strict is given; 2 for a bad option or an unreadable
--compare file; 3 when a bench failed.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)  # run as a script: bench/translate.py must not hide the `translate` package
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.figures import Figure, Unavailable, figures_table, number, ratio_text, table  # noqa: E402
from publisher.files import write_atomic  # noqa: E402

BENCHES = ("render", "segment", "tm", "translate", "build", "workbench")
OUT = ROOT / "out" / "bench"
EXIT_OK, EXIT_GOAL_MISSED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
SAME_WITHIN = 0.05  # --compare calls a change within 5 % "≈"


class UsageError(Exception):
    pass


# --- options ----------------------------------------------------------------------------------

def parse_only(text: str | None) -> list[str]:
    if not text:
        return list(BENCHES)
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        raise UsageError(f"--only: unknown bench {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    return [name for name in BENCHES if name in names]


def bench_sizes(name: str, quick: bool, full: bool, settings: list[str]) -> dict:
    """The keyword arguments of ``name``'s run(): its sizes (quick or not), then --set overrides."""
    module = load(name)
    sizes = module.sizes(quick, full) if name == "build" else module.sizes(quick)
    for setting in settings:
        key, equals, text = setting.partition("=")
        bench, dot, parameter = key.partition(".")
        if not (equals and dot and bench in BENCHES):
            raise UsageError(f"--set {setting!r}: write BENCH.PARAMETER=VALUE, e.g. tm.segments=20000")
        if bench != name:
            continue
        if parameter not in sizes:
            raise UsageError(f"--set {setting!r}: {name} has no parameter {parameter!r}; it has {', '.join(sizes)}")
        sizes[parameter] = convert(text, sizes[parameter], setting)
    return sizes


def convert(text: str, example, setting: str):
    try:
        return type(example)(text)
    except ValueError:
        raise UsageError(f"--set {setting!r}: {text!r} is not a valid {type(example).__name__}") from None


def read_previous(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"--compare {path}: cannot read it: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("figures"), list):
        raise UsageError(f"--compare {path}: not a bench result (no list of figures)")
    return data


# --- running --------------------------------------------------------------------------------

def load(name: str):
    return importlib.import_module(f"bench.{name}")


def run_bench(name: str, sizes: dict, show: bool) -> tuple[dict, list[Figure]]:
    """Runs one bench; returns its record for the JSON (status ok, skipped or failed) and its figures."""
    record = {"parameters": sizes, "status": "ok", "reason": None, "seconds": None}
    start = time.perf_counter()
    figures: list[Figure] = []
    try:
        figures = load(name).run(**sizes, show=show)
    except Unavailable as error:
        record.update(status="skipped", reason=str(error))
        print(f"skipped: {error}")
    except Exception as error:  # a failing bench must not lose the figures of the others
        traceback.print_exc()
        record.update(status="failed", reason=f"{type(error).__name__}: {error}")
    record["seconds"] = round(time.perf_counter() - start, 2)
    return record, figures


def machine() -> dict:
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory = None
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(), "machine": platform.machine(),
            "cpu_count": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gib": round(memory, 1) if memory else None, "git_commit": git_commit()}


def git_commit() -> str | None:
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def result_document(started: datetime.datetime, arguments: list[str], quick: bool, records: dict,
                    figures: list[Figure]) -> dict:
    return {"date": started.isoformat(timespec="seconds"), "command": ["bench/suite.py", *arguments],
            "quick": quick, "machine": machine(), "benches": records,
            "figures": [figure.as_dict() for figure in figures]}


def write_json(document: dict, chosen: Path | None, started: datetime.datetime) -> list[Path]:
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    paths = [chosen] if chosen else [OUT / f"bench-{started.strftime('%Y%m%dT%H%M%SZ')}.json", OUT / "latest.json"]
    for path in paths:
        write_atomic(path, data)
    return paths


# --- reading the results ----------------------------------------------------------------------

def goals_summary(figures: list[Figure]) -> str:
    judged = [f for f in figures if f.passed_goal is not None]
    missed = [f"{f.bench}: {f.name}" for f in judged if not f.passed_goal]
    unjudged = sum(1 for f in figures if f.goal and f.passed_goal is None)
    text = f"goals: {len(judged) - len(missed)} met, {len(missed)} missed"
    if unjudged:
        text += f", {unjudged} not judged at these sizes"
    return text + "".join(f"\n  missed: {name}" for name in missed)


def change_word(old: float, new: float, better: str) -> str:
    if not old:
        return ""
    change = (new - old) / abs(old)
    if abs(change) < SAME_WITHIN:
        return "≈"
    improved = change < 0 if better == "lower" else change > 0
    return "better" if improved else "worse"


def comparison(previous: dict, current: dict) -> str:
    """Each figure of ``current`` next to the same figure of ``previous``, then the sizes that differ."""
    old = {(f["bench"], f["name"]): f for f in previous["figures"]}
    rows = []
    for figure in current["figures"]:
        before = old.pop((figure["bench"], figure["name"]), None)
        now = number(figure["value"], figure["unit"])
        if before is None:
            rows.append([figure["bench"], figure["name"], "—", now, figure["unit"], "new", "", "—",
                         ratio_text(figure["ratio"])])
            continue
        change = ((figure["value"] - before["value"]) / abs(before["value"])) if before["value"] else None
        rows.append([figure["bench"], figure["name"], number(before["value"], figure["unit"]), now, figure["unit"],
                     "—" if change is None else f"{change:+.1%}",
                     change_word(before["value"], figure["value"], figure.get("better", "lower")),
                     ratio_text(before.get("ratio")), ratio_text(figure["ratio"])])
    text = [f"compared with the run of {previous.get('date', '?')}"
            f" (commit {(previous.get('machine') or {}).get('git_commit') or '?'})",
            table(["bench", "figure", "before", "now", "unit", "change", "", "ratio before", "ratio now"], rows,
                  right={2, 3, 5, 7, 8})]
    measured_now = {f["bench"] for f in current["figures"]}
    missing = [f"{bench}: {name}" for bench, name in old if bench in measured_now]
    if missing:
        text.append("not measured now: " + "; ".join(missing))
    for bench, record in current["benches"].items():
        before = (previous.get("benches") or {}).get(bench)
        if before and before.get("parameters") != record["parameters"]:
            text.append(f"{bench}: sizes differ, {before.get('parameters')} before, {record['parameters']} now")
    if previous.get("machine", {}).get("platform") != current["machine"]["platform"] or \
            previous.get("machine", {}).get("cpu_count") != current["machine"]["cpu_count"]:
        text.append("another machine: compare the ratios, not the values")
    return "\n".join(text)


# --- the command ------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(prog="bench/suite.py", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--only", metavar="NAMES", help=f"comma-separated benches among {','.join(BENCHES)}")
    options.add_argument("--quick", action="store_true", help="small sizes, one timing round (a smoke run)")
    options.add_argument("--full", action="store_true", help="build a whole review phase (190 outcomes)")
    options.add_argument("--set", action="append", default=[], metavar="BENCH.PARAMETER=VALUE",
                         help="override one size, e.g. tm.segments=20000 (repeatable)")
    options.add_argument("--json", type=Path, metavar="PATH", help="write the results here (default out/bench/)")
    options.add_argument("--compare", type=Path, metavar="OLD.json", help="print each figure next to this run's")
    options.add_argument("--quiet", action="store_true", help="print only the combined table")
    options.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    return options


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    arguments = parser().parse_args(argv)
    try:
        names = parse_only(arguments.only)
        sizes = {name: bench_sizes(name, arguments.quick, arguments.full, arguments.set) for name in names}
        previous = read_previous(arguments.compare) if arguments.compare else None
    except UsageError as error:
        print(f"bench/suite.py: {error}", file=sys.stderr)
        return EXIT_USAGE

    started = datetime.datetime.now(datetime.timezone.utc)
    records, figures = {}, []
    for name in names:
        print(f"\n== {name} {sizes[name]}", flush=True)
        records[name], found = run_bench(name, sizes[name], show=not arguments.quiet)
        figures += found
        print(f"-- {name}: {records[name]['status']} in {records[name]['seconds']:.1f} s", flush=True)

    document = result_document(started, argv, arguments.quick, records, figures)
    paths = write_json(document, arguments.json, started)
    print(f"\n{figures_table(figures)}\n\nratio = value / baseline measured in the same run")
    print(goals_summary(figures))
    for name, record in records.items():
        if record["status"] != "ok":
            print(f"{name}: {record['status']}: {record['reason']}")
    print("results: " + ", ".join(str(path) for path in paths))
    if previous is not None:
        print("\n" + comparison(previous, document))

    if any(record["status"] == "failed" for record in records.values()):
        return EXIT_FAILED
    if arguments.strict and any(figure.passed_goal is False for figure in figures):
        return EXIT_GOAL_MISSED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
