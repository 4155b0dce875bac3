"""Runs the stages in order for one review outcome: compose each document, render, write.

Kept apart from the CLI so that batch builds (a whole session) and the web app call the same path.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .blueprint import Blueprints
from .compose import compose
from .errors import EXIT_UNREADABLE, PublisherError
from .files import write_atomic
from .findings import Finding
from .model import ReviewOutcome
from .render import formats, writer


@dataclass(frozen=True)
class OutputJob:
    kind: str  # document kind
    format: str  # writer name
    path: Path


def plan_outputs(files: list[str], kinds: tuple[str, ...], output_formats: tuple[str, ...],
                 output: Path) -> list[list[OutputJob]]:
    """The files each input will produce. ``output`` is a folder, or a file when only one is made."""
    single = len(files) == 1 and len(kinds) == 1 and len(output_formats) == 1
    if output.suffix.lower() in {f".{name}" for name in formats()} and not output.is_dir():
        if not single:
            raise PublisherError(Finding(str(output), 0, 0, "-o", "a file name can take only one document in one "
                                         "format; give a folder instead", "usage.output-is-a-file"),
                                 exit_code=EXIT_UNREADABLE)
        if output.suffix.lower() != f".{output_formats[0]}":
            raise PublisherError(Finding(str(output), 0, 0, "-o", f"the file name does not end in .{output_formats[0]}",
                                         "usage.output-extension"), exit_code=EXIT_UNREADABLE)
        return [[OutputJob(kinds[0], output_formats[0], output)]]
    return [
        [OutputJob(kind, fmt, output / f"{Path(file).stem}-{kind}-{{language}}.{fmt}") for kind in kinds
         for fmt in output_formats]
        for file in files
    ]


def render_outcome(outcome: ReviewOutcome, blueprints: Blueprints, jobs: list[OutputJob]) -> list[Path]:
    written = []
    documents = {}
    for job in jobs:
        if job.kind not in documents:
            documents[job.kind] = compose(outcome, job.kind, blueprints)
        document = documents[job.kind]
        data = writer(job.format).render(document)
        path = Path(str(job.path).replace("{language}", document.language))
        write_atomic(path, data)
        written.append(path)
    return written
