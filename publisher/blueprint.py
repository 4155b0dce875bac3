"""Blueprints: which sections a document has, in which order, which are required, its word limit.

Blueprint files live in the project's ``blueprints/`` folder (one per document kind, plus the tone
lexicon). A broken blueprint stops every command with a finding that names the blueprint file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import EXIT_UNREADABLE, PublisherError
from .findings import Finding
from .load import load_file
from .schema import check_schema
from .tokenizers import typewriter_apostrophes

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "blueprints"
FILES = {"observations": "list-of-observations.yaml", "summary": "summary.yaml"}
TONE_FILE = "tone.yaml"


@dataclass(frozen=True)
class SectionRule:
    key: str
    kind: str  # "paragraphs" or "articles"
    required: bool
    generated: bool  # compose writes it from the review data when the editor gives none
    heading: dict[str, str]  # language -> heading text
    guidance: str = ""  # what belongs in the section (a comment in the skeleton of a new outcome)


@dataclass(frozen=True)
class Blueprint:
    file: str
    document: str  # "observations" or "summary"
    title: dict[str, str]
    word_limit: int | None
    word_limit_source: str
    sections: tuple[SectionRule, ...]

    def section(self, key: str) -> SectionRule | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class TonePattern:
    language: str
    regex: re.Pattern
    kind: str  # "ranking" or "adversarial"
    advice: str


@dataclass(frozen=True)
class Blueprints:
    documents: dict[str, Blueprint]
    tone: tuple[TonePattern, ...]


def load_blueprint(path: Path) -> Blueprint:
    loaded = load_file(path)
    findings = list(loaded.findings) + check_schema(loaded, "blueprint")
    if findings:
        raise PublisherError(*findings, exit_code=EXIT_UNREADABLE)
    data = loaded.data
    return Blueprint(
        file=str(path),
        document=data["document"],
        title=dict(data["title"]),
        word_limit=data.get("word_limit"),
        word_limit_source=data.get("word_limit_source", ""),
        sections=tuple(
            SectionRule(
                key=s["key"],
                kind=s.get("kind", "paragraphs"),
                required=s["required"],
                generated=s.get("generated", False),
                heading=dict(s["heading"]),
                guidance=s.get("guidance", ""),
            )
            for s in data["sections"]
        ),
    )


def load_tone(path: Path) -> tuple[TonePattern, ...]:
    loaded = load_file(path)
    patterns = []
    for language, entries in (loaded.data or {}).items():
        for index, entry in enumerate(entries):
            try:
                pattern = typewriter_apostrophes(entry["pattern"])  # the tone check reads text so (tone.py)
                regex = re.compile(_whole_words(pattern, language), re.IGNORECASE)
                patterns.append(TonePattern(language, regex, entry["kind"], entry["advice"]))
            except (KeyError, TypeError, re.error) as error:
                line, column = loaded.source.position(f"{language}[{index}]")
                raise PublisherError(
                    _blueprint_finding(str(path), line, column, f"{language}[{index}]",
                                       f"not a valid tone pattern ({error})")) from None
    return tuple(patterns)


def _whole_words(pattern: str, language: str) -> str:
    """Matches whole words only; Chinese is written without spaces, so there a match is a match."""
    if language == "zh":
        return pattern
    return rf"(?<![\w-])(?:{pattern})(?![\w-])"


def _blueprint_finding(file: str, line: int, column: int, field: str, message: str) -> Finding:
    return Finding(file, line, column, field, message, "blueprint.invalid")


@cache
def load_blueprints(directory: Path = DEFAULT_DIR) -> Blueprints:
    documents = {}
    for kind, name in FILES.items():
        blueprint = load_blueprint(directory / name)
        if blueprint.document != kind:
            raise PublisherError(_blueprint_finding(
                blueprint.file, 1, 1, "document", f"this file must describe the '{kind}' document"))
        documents[kind] = blueprint
    return Blueprints(documents=documents, tone=load_tone(directory / TONE_FILE))
