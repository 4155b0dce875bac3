"""Runs the stages in order: find each language version, validate, compose, render, write.

Kept apart from the CLI so that batch builds (a whole session) and the web app call the same path.

Which file holds which language version, and how documents are named: ``versions.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .blueprint import DEFAULT_DIR, Blueprints
from .compose import compose
from .errors import EXIT_UNREADABLE, PublisherError
from .files import write_atomic
from .findings import Finding
from .model import ReviewOutcome
from .reference import LANGUAGE_NAMES
from .render import formats, writer
from .validate import validate_file
from .versions import base_stem, document_name, find_version, version_file


@dataclass(frozen=True)
class OutputJob:
    kind: str  # document kind
    format: str  # writer name
    path: Path


@dataclass(frozen=True)
class LanguageVersion:
    """One language version of a review outcome, validated."""

    source: Path  # the file named on the command line
    language: str
    path: Path  # the file holding this language
    findings: tuple[Finding, ...]
    outcome: ReviewOutcome | None


def find_versions(files: list[str], languages: tuple[str, ...] | None,
                  blueprint_dir: Path = DEFAULT_DIR) -> list[LanguageVersion]:
    """Validates each file and, for each requested language, the file that holds that language.

    ``languages`` None means each file in its own language. A missing version is a finding
    (``render.missing-language``), reported with all other findings before anything is written.
    """
    cache: dict[Path, tuple[list[Finding], ReviewOutcome | None]] = {}

    def validated(path: Path):
        if path not in cache:
            cache[path] = validate_file(path, blueprint_dir)
        return cache[path]

    versions = []
    for file in files:
        source = Path(file)
        findings, outcome = validated(source)
        own = outcome.review.language if outcome else None
        if languages is None or outcome is None:
            versions.append(LanguageVersion(source, own or "", source, tuple(findings), outcome))
            continue
        for language in languages:
            path = find_version(source, own, language, lambda p: _language_of(validated(p)[1]))
            if path is None:
                missing = version_file(source, language)
                finding = Finding(str(source), 0, 0, "review.language",
                                  f"no {LANGUAGE_NAMES[language]} version of this outcome (looked for {missing})",
                                  "render.missing-language")
                versions.append(LanguageVersion(source, language, missing, (finding,), None))
            else:
                findings, outcome = validated(path)
                versions.append(LanguageVersion(source, language, path, tuple(findings), outcome))
    return versions


def _language_of(outcome: ReviewOutcome | None) -> str | None:
    return outcome.review.language if outcome is not None else None


def plan_outputs(versions: list[LanguageVersion], kinds: tuple[str, ...], output_formats: tuple[str, ...],
                 output: Path) -> list[list[OutputJob]]:
    """The files each version will produce. ``output`` is a folder, or a file when only one is made."""
    single = len(versions) == 1 and len(kinds) == 1 and len(output_formats) == 1
    extensions = {writer(name).extension for name in formats()}
    if output.suffix.lower() in extensions and not output.is_dir():
        if not single:
            raise PublisherError(Finding(str(output), 0, 0, "-o", "a file name can take only one document in one "
                                         "language and format; give a folder instead", "usage.output-is-a-file"),
                                 exit_code=EXIT_UNREADABLE)
        expected = writer(output_formats[0]).extension
        if output.suffix.lower() != expected:
            raise PublisherError(Finding(str(output), 0, 0, "-o", f"the file name does not end in {expected}",
                                         "usage.output-extension"), exit_code=EXIT_UNREADABLE)
        return [[OutputJob(kinds[0], output_formats[0], output)]]
    return [
        [OutputJob(kind, fmt, output / document_name(base_stem(v.source), kind, v.language, writer(fmt).extension))
         for kind in kinds for fmt in output_formats]
        for v in versions
    ]


def render_outcome(outcome: ReviewOutcome, blueprints: Blueprints, jobs: list[OutputJob]) -> list[Path]:
    written = []
    documents = {}
    for job in jobs:
        if job.kind not in documents:
            documents[job.kind] = compose(outcome, job.kind, blueprints)
        write_atomic(job.path, writer(job.format).render(documents[job.kind]))
        written.append(job.path)
    return written
