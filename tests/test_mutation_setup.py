"""The mutation testing set-up stays usable (`make mutate`, docs/testing.md): every module it names
and every test file it chooses from exists, the core modules of the issue are all in it, and every
mutant marked equivalent says why. The mutation runs themselves are not part of the suite."""
from __future__ import annotations

import importlib.util
import tomllib

from .conftest import ROOT

MUTATION = ROOT / "tests" / "mutation"
CORE = ["publisher/validate/", "publisher/translate/qa.py", "publisher/translate/protect.py",
        "publisher/translate/memory.py", "publisher/translate/segment.py", "publisher/translate/glossary.py",
        "publisher/translate/pipeline.py", "publisher/postedit/", "publisher/interchange/", "publisher/package/build.py",
        "publisher/serve/security.py", "publisher/load.py", "publisher/files.py", "publisher/compose.py",
        "publisher/render/ooxml.py"]


def modules() -> dict:
    return tomllib.loads((MUTATION / "modules.toml").read_text(encoding="utf-8"))["modules"]


def test_every_module_and_test_file_named_exists():
    for name, spec in modules().items():
        assert spec["mutate"] and spec["tests"], name
        for path in spec["mutate"] + spec["tests"]:
            assert (ROOT / path).exists(), f"{name}: {path}"


def files_of(path: str) -> set[str]:
    """A file, or every Python file of a package (``publisher/postedit/``)."""
    if not path.endswith("/"):
        return {path}
    return {str(file.relative_to(ROOT)) for file in (ROOT / path).rglob("*.py")}


def test_every_core_module_of_the_issue_is_mutated_every_file_of_a_package_once():
    mutated = [file for spec in modules().values() for path in spec["mutate"] for file in sorted(files_of(path))]
    assert len(mutated) == len(set(mutated)), "a file mutated by two entries would be scored twice"
    for path in CORE:
        assert files_of(path) <= set(mutated), path


def test_every_equivalent_mutant_says_why():
    for line in (MUTATION / "equivalent.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            assert name.startswith("publisher.") and "__mutmut_" in name, line
            assert len(reason.strip()) > 20, f"{name}: say why it changes no behaviour"


def test_the_runner_loads_and_reads_the_same_files():
    spec = importlib.util.spec_from_file_location("mutation_run", MUTATION / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    assert run.modules() == modules()
    assert isinstance(run.equivalents(), dict)
