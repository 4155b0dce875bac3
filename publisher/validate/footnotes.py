"""Rule family ``footnotes``: every marker [^key] has a note, every note is cited, and no note
cites another (``footnotes.in-footnote``: a marker in a note's text has no place to go, so the note
would read "See and ." and the other note look unused)."""
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
    for key, text in notes.items():
        for inner in note_keys(text):
            yield context.finding(f"footnotes.{key}", f"the footnote '{key}' cites the footnote [^{inner}]; a "
                                  "footnote may not cite a footnote: write the reference out in its text",
                                  "footnotes.in-footnote",
                                  position=context.outcome.source.locate_text(f"footnotes.{key}", f"[^{inner}]"))
    for key in notes:
        if key not in cited:
            yield context.finding(f"footnotes.{key}", f"the footnote '{key}' is never cited",
                                  "footnotes.unused", Severity.WARNING)
