"""Rule family ``tone``: no ranking and no adversarial wording (procedures para. 5 (b) and (f)).

The lexicon is data (blueprints/tone.yaml), one list per language; matches are warnings because
the editor judges the context.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..markup import plain_text
from .context import Context


def check(context: Context) -> Iterator[Finding]:
    language = context.outcome.review.language
    patterns = [p for p in context.blueprints.tone if p.language == language]
    texts = context.texts() + [("footnotes", f"footnotes.{k}", v) for k, v in context.outcome.footnotes.items()]
    for _kind, path, text in texts:
        plain = plain_text(text)
        for pattern in patterns:
            for match in pattern.regex.finditer(plain):
                phrase = match.group(0)
                yield context.finding(
                    path, f"\"{phrase}\" reads as {_reading(pattern.kind)}; {pattern.advice}",
                    f"tone.{pattern.kind}", Severity.WARNING,
                    position=context.outcome.source.locate_text(path, phrase))


def _reading(kind: str) -> str:
    return "a ranking of States" if kind == "ranking" else "adversarial"
