"""What every rule family receives, and the helper that turns a field path into a Finding."""
from __future__ import annotations

from dataclasses import dataclass

from ..blueprint import Blueprints
from ..findings import Finding, Severity
from ..model import Paragraph, ReviewOutcome
from ..reference import Reference


@dataclass(frozen=True)
class Context:
    outcome: ReviewOutcome
    blueprints: Blueprints
    reference: Reference

    def finding(self, field: str, message: str, code: str, severity: Severity = Severity.ERROR,
                position: tuple[int, int] | None = None) -> Finding:
        line, column = position or self.outcome.source.position(field)
        return Finding(self.outcome.file, line, column, field, message, code, severity)

    def texts(self) -> list[tuple[str, str, str]]:
        """(document kind, field path, text) of every paragraph and sub-paragraph of the outcome."""
        result = []
        for kind, content in self.outcome.documents.items():
            for section in content.sections:
                for paragraph in section.all_paragraphs():
                    result.extend((kind, path, text) for path, text in paragraph.texts())
        return result

    def lead_ins(self) -> dict[str, str]:
        """The text each sub-paragraph continues (its paragraph's own text, the lead-in), by the
        sub-paragraph's field path."""
        return {path: paragraph.text
                for content in self.outcome.documents.values() for section in content.sections
                for paragraph in section.all_paragraphs() for path, _ in paragraph.texts()[1:]}


def paragraph_texts(paragraphs: list[Paragraph]) -> list[tuple[str, str]]:
    return [item for p in paragraphs for item in p.texts()]
