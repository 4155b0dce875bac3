"""Findings: what validation (and every later stage) reports about an input, with where it came from."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # a note a reviser may want (a fuzzy memory match used), never a problem

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


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
        # Names and messages carry text from input: escaped so that the finding stays one line.
        where = f"{printable_name(self.file)}:{self.line}:{self.column}" if self.file else "publisher"
        label = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        field = f" {printable_name(self.field)}:" if self.field else ""
        return f"{where}:{field} {label}{printable_name(self.message)} [{self.code}]"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class Issue:
    """A problem of one segment or post-editing unit (QA of a draft, an edit refused or checked):
    the issues' counterpart of a Finding, which is about a place in a file. ``code`` is the full
    rule code (``qa.numbers``, ``postedit.inline-code``, ``xliff.conflict``)."""
    code: str
    severity: Severity
    message: str
    unit: str = ""  # the unit's id, when the issue is about one

    def format(self) -> str:
        # the unit id and message carry text from a file: escaped, so that one issue is one line
        where = f"unit {printable_name(self.unit)}: " if self.unit else ""
        return f"{where}{self.severity.value}: {printable_name(self.message)} [{self.code}]"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line, f.column, f.code, f.field))


def findings_to_json(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)


_UNPRINTABLE = {0x7f, *range(0x20), *range(0x80, 0xa0), 0x2028, 0x2029, 0x061c, 0x200e, 0x200f,
                *range(0x202a, 0x202f), *range(0x2066, 0x206a), 0xfeff}


def printable_name(path: object) -> str:
    """A file name as findings and listings print it: control characters (a newline, NEL), line and
    paragraph separators and direction controls (which would reorder the line) written as escapes
    such as ``\\n`` or ``\\u202e``, so that one finding stays one line that reads as it is."""
    text = str(path)
    if not any(ord(c) in _UNPRINTABLE or 0xd800 <= ord(c) <= 0xdfff for c in text):
        return text
    return "".join(_escape(c) for c in text)


def _escape(character: str) -> str:
    code = ord(character)
    if code not in _UNPRINTABLE and not 0xd800 <= code <= 0xdfff:
        return character
    if character in "\n\t\r":
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}[character]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
