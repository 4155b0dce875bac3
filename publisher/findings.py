"""Findings: what validation (and every later stage) reports about an input, with where it came from."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    file: str
    line: int  # 1-based; 0 when the finding is about the file as a whole
    column: int  # 1-based; 0 when unknown
    field: str  # dotted path into the document, e.g. observations.articles.convention[2].article
    message: str
    code: str  # rule family and rule, e.g. coverage.missing-article
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """The one-line form printed by the CLI: ``file:line:col: field: message [rule.code]``."""
        # A finding about no file (a command-line option, the environment) is said by the program.
        where = f"{self.file}:{self.line}:{self.column}" if self.file else "publisher"
        label = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {label}{self.message} [{self.code}]"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line, f.column, f.code, f.field))


def findings_to_json(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
