"""Rule family ``footnotes``: every marker [^key] has a note, every note is cited, no marker is
broken, and no note cites another (``footnotes.in-footnote``: a marker in a note's text has no place
to go, so the note would read "See and ." and the other note look unused).

A note that no marker cites is left out of the document: an error, never a warning, since that is
how a marker lost on the way shows (a translation, an edit, a marker swallowed by the "]]" of
untranslated text, which also leaves "[^key" standing as words: ``footnotes.broken-marker``)."""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..markup import broken_codes, note_keys
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
    texts = [(path, text) for _kind, path, text in context.texts()]
    for path, text in texts + [(f"footnotes.{key}", text) for key, text in notes.items()]:
        for broken in broken_codes(text):
            yield context.finding(path, f"\"{broken}\" stands in the text as words: a footnote marker or "
                                  "reference is written [^key], [#key] or [@key] (in a draft, outside the [[...]] "
                                  "of untranslated text)", "footnotes.broken-marker",
                                  position=context.outcome.source.locate_text(path, broken))
    for key, text in notes.items():
        for inner in note_keys(text):
            yield context.finding(f"footnotes.{key}", f"the footnote '{key}' cites the footnote [^{inner}]; a "
                                  "footnote may not cite a footnote: write the reference out in its text",
                                  "footnotes.in-footnote",
                                  position=context.outcome.source.locate_text(f"footnotes.{key}", f"[^{inner}]"))
    for key in notes:
        if key not in cited:
            yield context.finding(f"footnotes.{key}", f"the footnote '{key}' is never cited: no marker [^{key}] "
                                  "stands in the text, so the note would be missing from the document (in a "
                                  "translation, put the marker back where the original has it)", "footnotes.unused")
