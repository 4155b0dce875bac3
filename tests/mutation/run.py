"""Mutation testing of the core, module by module (``make mutate``; docs/testing.md).

    python tests/mutation/run.py [MODULE ...]      # default: every module of modules.toml, in order
    python tests/mutation/run.py --report          # only rewrite out/mutation/report.md
    python tests/mutation/run.py --survivors MODULE  # run again only the last run's survivors

For each module (tests/mutation/modules.toml) it copies the project into out/mutation/work/<module>/
(the worktree is never changed), writes mutmut's configuration there ([tool.mutmut]: the files to
mutate, the test files to choose from), runs ``mutmut run`` with at most MUTATE_JOBS (default 2)
workers, and keeps the result as out/mutation/<module>.json. Then out/mutation/report.md: the score
of every module run so far, and each surviving mutant with file:line and its diff.

The score of a module is killed / (mutants - equivalent): a mutant listed in
tests/mutation/equivalent.txt (with the reason it changes no behaviour) is left out; a timeout
counts as killed (the change was noticed), a mutant no selected test calls ("no tests") as not
killed. The target is 90 % in every module.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "out" / "mutation"
MODULES_FILE = HERE / "modules.toml"
EQUIVALENT_FILE = HERE / "equivalent.txt"
COPIED = ("publisher", "tests", "samples", "blueprints", "glossaries", "bench", "pyproject.toml")
KILLED = {1, 3, -24, 24, 152, 255, 36}  # test failure, pytest internal error, timeouts (mutmut's codes)
# a worker that crashed (-11, -9) or anything else is not counted as killed: the report shows it
TIMEOUT = {-24, 24, 152, 255, 36}
SURVIVED = {0}
NO_TESTS = {5, 33}
SAMPLE = 6  # killed mutants run again in the second pass, to check that the first pass's kills hold


def modules() -> dict[str, dict]:
    return tomllib.loads(MODULES_FILE.read_text(encoding="utf-8"))["modules"]


def slug(name: str) -> str:
    return name.replace("/", "-")


def equivalents() -> dict[str, str]:
    """mutant name -> why it is equivalent (tests/mutation/equivalent.txt: name, spaces, reason)."""
    found = {}
    for line in EQUIVALENT_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            if not reason.strip():
                raise SystemExit(f"{EQUIVALENT_FILE}: {name} has no reason; say why it changes no behaviour")
            found[name] = reason.strip()
    return found


def mutmut() -> str:
    candidate = Path(sys.executable).with_name("mutmut")
    return str(candidate) if candidate.exists() else "mutmut"


def prepare(name: str, spec: dict, suffix: str = "") -> Path:
    work = OUT / "work" / (slug(name) + suffix)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for item in COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, work / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, work / item)
    config = {
        "source_paths": ["publisher/"],
        "only_mutate": [p + "*" if p.endswith("/") else p for p in spec["mutate"]],
        "also_copy": ["samples/", "blueprints/", "glossaries/", "bench/"],
        "pytest_add_cli_args_test_selection": spec["tests"],
        "pytest_add_cli_args": ["-p", "no:cacheprovider"],
        "use_git_change_detection": False,
        # first pass: each mutant forked from the process that ran the tests (fast: warm caches);
        # the second pass (recheck) switches to "forkserver"
        "process_isolation": "fork",
        "debug": os.environ.get("MUTATE_DEBUG", "") not in ("", "0"),
    }
    # exists before Python starts: a PYTHONPATH entry missing at start-up is never searched again
    (work / "mutants").mkdir()
    shared = ROOT.parent / "shared"  # the data beside the project (the dev set), where the tests look from mutants/
    if shared.is_dir():
        (work / "shared").symlink_to(shared, target_is_directory=True)
    lines = ["", "[tool.mutmut]"] + [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    with open(work / "pyproject.toml", "a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    return work


STATS_FAILED = -1000


def run_watched(command, work, env, output, log) -> subprocess.CompletedProcess:
    """mutmut 3.8 prints "failed to collect stats" when the tests fail on the unmutated code, and
    then waits for ever: stop it there."""
    process = subprocess.Popen(command, cwd=work, env=env, stdout=output, stderr=subprocess.STDOUT)
    while process.poll() is None:
        time.sleep(2)
        if "failed to collect stats" in log.read_text(encoding="utf-8", errors="replace")[-4000:]:
            process.kill()
            process.wait()
            return subprocess.CompletedProcess(command, STATS_FAILED)
    return subprocess.CompletedProcess(command, process.returncode)


def run_module(name: str, spec: dict, jobs: int) -> dict:
    work = prepare(name, spec)
    print(f"== {name}: mutmut over {', '.join(spec['mutate'])} ({len(spec['tests'])} test files, {jobs} workers)",
          flush=True)
    env = {**os.environ, "PYTHONPATH": str(work / "mutants")}  # subprocesses of tests import the mutants too
    started = time.monotonic()
    log = OUT / f"{slug(name)}.log"
    command = ["nice", "-n", "10", mutmut(), "run", "--max-children", str(jobs)]
    with open(log, "w", encoding="utf-8") as output:
        process = run_watched(command, work, env, output, log)
    if process.returncode == STATS_FAILED:
        print(f"   {name}: not scored: the chosen tests fail on the unmutated code; see {log}", flush=True)
        return {}
    # Second pass. A worker forked from the process that ran the tests can hang or crash where the
    # code is right (spaCy, SQLite and the engine fixtures are not fork-safe), and a hang would count
    # as a kill: every mutant that neither failed a test nor passed them all (timeouts, crashes), and
    # a fixed sample of the killed ones (to see that the kills hold), runs again in a worker forked
    # from a clean fork server. A survivor passed every test it ran: that verdict stands.
    codes = exit_codes(work)
    recheck = sorted(m for m, c in codes.items() if c not in KILLED | SURVIVED | NO_TESTS or c in TIMEOUT)
    killed = sorted(m for m, c in codes.items() if c in KILLED and c not in TIMEOUT)
    sample = killed[:: max(1, len(killed) // SAMPLE)][:SAMPLE]
    if recheck or sample:
        config = work / "pyproject.toml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            'process_isolation = "fork"', 'process_isolation = "forkserver"'), encoding="utf-8")
        with open(log, "a", encoding="utf-8") as output:
            subprocess.run(command + recheck + sample, cwd=work, env=env, stdout=output, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    result = collect(name, spec, work)
    after = exit_codes(work)
    result.update(seconds=round(seconds), exit_code=process.returncode, rechecked=len(recheck),
                  sample=len(sample), sample_held=sum(1 for m in sample if after.get(m) in KILLED))
    (OUT / f"{slug(name)}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"   {summary_line(result, equivalents())}  ({round(seconds)} s; log {log.relative_to(ROOT)})", flush=True)
    return result


def rerun_survivors(name: str, spec: dict, jobs: int) -> dict:
    """The last whole run's survivors that are not listed as equivalent, run again against the
    current code and tests (after tests were written for them): which are killed now, which still
    survive, and which are gone (their function changed, so mutmut names its mutants afresh)."""
    last = json.loads((OUT / f"{slug(name)}.json").read_text(encoding="utf-8"))
    listed = equivalents()
    names = [s["mutant"] for s in last["survivors"] if s["mutant"] not in listed]
    work = prepare(name, spec, "-survivors")
    env = {**os.environ, "PYTHONPATH": str(work / "mutants")}
    log = OUT / f"{slug(name)}-survivors.log"
    print(f"== {name}: the {len(names)} survivors of its last run, again", flush=True)
    with open(log, "w", encoding="utf-8") as output:
        subprocess.run(["nice", "-n", "10", mutmut(), "run", "--max-children", str(jobs)] + names,
                       cwd=work, env=env, stdout=output, stderr=subprocess.STDOUT)
    codes = exit_codes(work)
    result = {"module": name, "of_run": len(names),
              "killed": [n for n in names if codes.get(n) in KILLED],
              "survived": [n for n in names if n in codes and codes[n] not in KILLED],
              "gone": [n for n in names if n not in codes]}
    (OUT / f"{slug(name)}-survivors.json").write_text(json.dumps(result, indent=1, ensure_ascii=False),
                                                      encoding="utf-8")
    print(f"   {name}: of {len(names)} survivors, {len(result['killed'])} killed now, "
          f"{len(result['survived'])} still survive, {len(result['gone'])} gone", flush=True)
    return result


def exit_codes(work: Path) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for meta in sorted((work / "mutants" / "publisher").rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def collect(name: str, spec: dict, work: Path) -> dict:
    codes = exit_codes(work)
    survivors = []
    for mutant, code in sorted(codes.items()):
        if code in KILLED:
            continue
        diff = subprocess.run([mutmut(), "show", mutant], cwd=work, capture_output=True, text=True).stdout
        path, line = locate(work, mutant, diff)
        survivors.append({"mutant": mutant, "status": "no tests" if code in NO_TESTS else
                          "survived" if code in SURVIVED else f"not killed (exit {code})",
                          "file": path, "line": line, "diff": trim(diff)})
    return {"module": name, "mutate": spec["mutate"], "tests": spec["tests"], "total": len(codes),
            "killed": sum(1 for c in codes.values() if c in KILLED),
            "timeouts": sum(1 for c in codes.values() if c in TIMEOUT), "survivors": survivors}


def locate(work: Path, mutant: str, diff: str) -> tuple[str, int]:
    """The file and line a mutant changes: its function's first line in the file, plus the line of
    the first change in the function (the diff mutmut shows is of the function alone)."""
    dotted, function = mutant.rsplit("__mutmut_", 1)[0].rsplit(".", 1)
    path = dotted.replace(".", "/") + ".py"
    if not (ROOT / path).exists():
        path = dotted.replace(".", "/") + "/__init__.py"
    parts = function.split("ǁ")  # x_name, or xǁClassǁmethod
    names = [parts[1], parts[2]] if len(parts) == 3 else [parts[0][2:]]
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    scope, node = tree.body, None
    for part in names:
        node = next((n for n in scope if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                     and n.name == part), None)
        if node is None:
            return path, 0
        scope = node.body
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    offset = 0
    for line in diff.splitlines():
        hunk = re.match(r"@@ -(\d+)", line)
        if hunk:
            old = int(hunk.group(1))
            continue
        if line.startswith("---") or line.startswith("+++") or not offset == 0:
            continue
        if line.startswith("-"):
            offset = old
        elif line.startswith("+"):
            offset = old
        elif line.startswith(" "):
            old += 1
    return path, start + max(offset, 1) - 1


def trim(diff: str) -> str:
    return "\n".join(line for line in diff.splitlines()[1:] if line.startswith(("-", "+")) and
                     not line.startswith(("---", "+++")))


def score(result: dict, equivalent: dict[str, str]) -> tuple[int, int, float]:
    excluded = sum(1 for s in result["survivors"] if s["mutant"] in equivalent)
    counted = result["total"] - excluded
    return result["killed"], counted, (100.0 * result["killed"] / counted if counted else 100.0)


def summary_line(result: dict, equivalent: dict[str, str]) -> str:
    killed, counted, percent = score(result, equivalent)
    return f"{result['module']}: {killed}/{counted} killed = {percent:.1f} %"


def report() -> Path:
    equivalent = equivalents()
    results = []
    for name in modules():
        path = OUT / f"{slug(name)}.json"
        if path.exists():
            results.append(json.loads(path.read_text(encoding="utf-8")))
    lines = ["# Mutation testing of the core", "",
             "Written by `make mutate` (tests/mutation/run.py, mutmut); how to read it: docs/testing.md.", "",
             "| module | mutants | equivalent | killed | of which timeouts | not killed | score | kills that held on recheck | time |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for result in results:
        killed, counted, percent = score(result, equivalent)
        excluded = result["total"] - counted
        flag = "" if percent >= 90 else " ✗"
        lines.append(f"| {result['module']} | {result['total']} | {excluded} | {killed} | {result['timeouts']} | "
                     f"{counted - killed} | {percent:.1f} %{flag} | {result.get('sample_held', 0)}/{result.get('sample', 0)} | "
                     f"{result.get('seconds', 0)} s |")
    not_run = [name for name in modules() if not (OUT / f"{slug(name)}.json").exists()]
    if not_run:
        lines += ["", "Not run yet: " + ", ".join(not_run) + "."]
    for result in results:
        open_ = [s for s in result["survivors"] if s["mutant"] not in equivalent]
        marked = [s for s in result["survivors"] if s["mutant"] in equivalent]
        lines += ["", f"## {result['module']}", ""]
        if not open_:
            lines.append("Every non-equivalent mutant is killed.")
        for survivor in open_:
            lines += [f"- `{survivor['file']}:{survivor['line']}` {survivor['status']}: `{survivor['mutant']}`",
                      "", "  ```diff", *["  " + line for line in survivor["diff"].splitlines()], "  ```"]
        if marked:
            lines += ["", "Equivalent (tests/mutation/equivalent.txt):", ""]
            lines += [f"- `{s['file']}:{s['line']}` `{s['mutant']}`: {equivalent[s['mutant']]}" for s in marked]
    known = {s["mutant"] for result in results for s in result["survivors"]}
    ran = {result["module"] for result in results}
    stale = [name for name in equivalent if name not in known and any(
        name.startswith(module_prefix(spec)) for module, spec in modules().items() if module in ran)]
    if stale:
        lines += ["", "## Listed as equivalent but killed or gone (remove from equivalent.txt)", ""]
        lines += [f"- `{name}`" for name in stale]
    path = OUT / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def module_prefix(spec: dict) -> str:
    return spec["mutate"][0].removesuffix(".py").rstrip("/").replace("/", ".")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules of tests/mutation/modules.toml (default: all)")
    parser.add_argument("--report", action="store_true", help="only rewrite out/mutation/report.md")
    parser.add_argument("--survivors", action="store_true",
                        help="run again only the survivors of each module's last run (out/mutation/<module>.json)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATE_JOBS", "2")))
    arguments = parser.parse_args()
    known = modules()
    unknown = [m for m in arguments.modules if m not in known]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(known)}")
    OUT.mkdir(parents=True, exist_ok=True)
    failed = []
    if arguments.survivors:
        for name in arguments.modules or list(known):
            if (OUT / f"{slug(name)}.json").exists():
                rerun_survivors(name, known[name], max(1, min(arguments.jobs, 2)))
        return 0
    if not arguments.report:
        for name in arguments.modules or list(known):
            if not run_module(name, known[name], max(1, min(arguments.jobs, 2))):
                failed.append(name)
    path = report()
    equivalent = equivalents()
    for name in known:
        result_path = OUT / f"{slug(name)}.json"
        if result_path.exists():
            print(summary_line(json.loads(result_path.read_text(encoding="utf-8")), equivalent))
    print(f"report: {path.relative_to(ROOT)}")
    if failed:
        print(f"not scored (tests failing on the unmutated code): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
