"""The one error type of the toolkit and the CLI's exit codes.

A PublisherError always carries findings, so whatever goes wrong is reported the same way as a
validation problem: file, line, field, message and rule.
"""
from __future__ import annotations

from .findings import Finding

EXIT_OK = 0
EXIT_FINDINGS = 1  # the input was read, and it has errors
EXIT_UNREADABLE = 2  # bad usage, or an input that cannot be read at all
EXIT_INTERNAL = 3  # a bug in publisher itself


class PublisherError(Exception):
    def __init__(self, *findings: Finding, exit_code: int = EXIT_UNREADABLE):
        self.findings = list(findings)
        self.exit_code = exit_code
        super().__init__("; ".join(f.format() for f in self.findings))

    def __reduce__(self):
        """Picklable, so that an error raised in a build worker process reaches the CLI whole."""
        return (_rebuild, (type(self), tuple(self.findings), self.exit_code))


def _rebuild(cls, findings, exit_code):
    return cls(*findings, exit_code=exit_code)


def unreadable(file: str, message: str, code: str, line: int = 0, column: int = 0, field: str = "") -> PublisherError:
    """An input that cannot be read at all (missing file, broken YAML, bad encoding)."""
    return PublisherError(Finding(file, line, column, field, message, code), exit_code=EXIT_UNREADABLE)
