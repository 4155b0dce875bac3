"""Validate stage: a loaded review outcome is checked against its blueprints and reference data.

All findings are gathered at once. Schema problems that leave the data unusable stop the check
after the schema family; otherwise every rule family runs. Rule families are registered in
``RULES``: each is a function ``check(context) -> iterable of Finding`` in a module of its own.
A caller that keeps only the errors (a build, the check of a machine draft) skips the families
that give nothing but warnings (``WARNINGS_ONLY``): the tone check is most of a validation's time.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..blueprint import DEFAULT_DIR, load_blueprints
from ..findings import Finding, sorted_findings
from ..load import LoadedFile, load_file
from ..model import ReviewOutcome, build_outcome
from ..reference import reference
from . import coverage, footnotes, issuance, references, sections, states, tone, words, workplan
from .context import Context
from ..schema import STRUCTURAL, check_schema

Rule = Callable[[Context], Iterable[Finding]]

RULES: dict[str, Rule] = {
    "sections": sections.check,
    "words": words.check,
    "coverage": coverage.check,
    "states": states.check,
    "footnotes": footnotes.check,
    "workplan": workplan.check,
    "tone": tone.check,
    "issuance": issuance.check,
    "references": references.check,
}
WARNINGS_ONLY = frozenset({"tone"})  # families whose every finding is a warning (the editor judges the context)


def validate_loaded(loaded: LoadedFile, blueprint_dir: Path = DEFAULT_DIR, errors_only: bool = False,
                    ) -> tuple[list[Finding], ReviewOutcome | None]:
    """Findings for one loaded file, and the model when the data was sound enough to build it.
    A session manifest (top-level ``session`` and ``outcomes``) is checked against its own schema.
    ``errors_only``: the families of ``WARNINGS_ONLY`` are not run (the other families' warnings remain)."""
    if is_session_manifest(loaded):
        return sorted_findings(list(loaded.findings) + check_schema(loaded, "session")), None
    findings = list(loaded.findings) + check_schema(loaded, "review-outcome")
    if any(f.code in STRUCTURAL for f in findings):
        return sorted_findings(findings), None
    outcome = build_outcome(loaded)
    context = Context(outcome, load_blueprints(blueprint_dir), reference())
    for name, rule in RULES.items():
        if not (errors_only and name in WARNINGS_ONLY):
            findings.extend(rule(context))
    return sorted_findings(findings), outcome


def is_session_manifest(loaded: LoadedFile) -> bool:
    return isinstance(loaded.data, dict) and "session" in loaded.data and "outcomes" in loaded.data


def validate_file(path: str | Path, blueprint_dir: Path = DEFAULT_DIR, errors_only: bool = False,
                  ) -> tuple[list[Finding], ReviewOutcome | None]:
    """Loads and validates a file. Unreadable input raises PublisherError (exit code 2)."""
    return validate_loaded(load_file(path), blueprint_dir, errors_only)
