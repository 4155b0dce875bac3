"""Rule family ``footnotes``: every marker [^key] has a note, and every note is cited."""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..markup import note_keys
from .context import Context


def check(context: Context) -> Iterator[Finding]:
    notes = context.outcome.footnotes
    cited = set()
    for _kind, path, text in context.texts():
        for key in note_keys(text):
            cited.add(key)
            if key not in notes:
                yield context.finding(path, f"the footnote [^{key}] has no text under footnotes.{key}",
                                      "footnotes.undefined",
                                      position=context.outcome.source.locate_text(path, f"[^{key}]"))
    for key in notes:
        if key not in cited:
            yield context.finding(f"footnotes.{key}", f"the footnote '{key}' is never cited",
                                  "footnotes.unused", Severity.WARNING)
