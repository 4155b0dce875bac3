"""Rule family ``tone``: no ranking and no adversarial wording (procedures para. 5 (b) and (f)).

Two sources of findings, both data: the lexicon of fixed phrases (blueprints/tone.yaml), and
token patterns (blueprints/tone-patterns.yaml, see tone_patterns.py) that find a comparison of
the State with other States in any phrasing, and wording that judges or blames. Comparisons are
``tone.ranking``, judgements ``tone.adversarial``; all are warnings because the editor judges
the context. A word of blame that names an element of an offence where the sentence states the law
("negligent handling of a firearm is punishable") is no judgement and is spared (tone_legal.py).
Every part reads the text's apostrophes as ' (tokenizers.typewriter_apostrophes), one character for
one: a finding's phrase and position are the editor's own text, ’ and all.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..blueprint import TonePattern
from ..findings import Finding, Severity
from ..markup import plain_text
from ..tokenizers import typewriter_apostrophes
from . import tone_legal, tone_model, tone_patterns
from .context import Context
from .tone_patterns import ToneMatch


def check(context: Context) -> Iterator[Finding]:
    review = context.outcome.review
    patterns = [p for p in context.blueprints.tone if p.language == review.language]
    texts = context.texts() + [("footnotes", f"footnotes.{k}", v) for k, v in context.outcome.footnotes.items()]
    lead_ins = context.lead_ins()
    for _kind, path, text in texts:
        plain = plain_text(text)
        matches = tone_matches(plain, review.language, patterns, review.state)
        for match in matches:
            yield context.finding(
                path, f"\"{match.phrase}\" reads as {match.reading}; {match.advice}",
                f"tone.{match.kind}", Severity.WARNING,
                position=context.outcome.source.locate_text(path, match.phrase))
        yield from tone_model.findings(context, path, plain, matches, plain_text(lead_ins.get(path, "")))
    yield from tone_model.missing_note(context)


def tone_matches(plain: str, language: str, lexicon: list[TonePattern], state: str | None = None) -> list[ToneMatch]:
    """Every warning of the tone check in one plain text: the lexicon's matches, then the
    patterns' matches that no lexicon match overlaps, in the order of the text; without the words
    of blame that are elements of an offence where the sentence states the law (tone_legal.py).
    The lexicon reads the apostrophes as ' (the patterns' make_doc does too); a phrase is cut from
    ``plain`` itself."""
    read = typewriter_apostrophes(plain)
    found = [ToneMatch(p.kind, _reading(p.kind), plain[m.start():m.end()], m.start(), m.end(), p.advice)
             for p in lexicon for m in p.regex.finditer(read)]
    from_lexicon = list(found)
    for match in tone_patterns.find(plain, language, state):
        if all(match.end <= other.start or match.start >= other.end for other in from_lexicon):
            found.append(match)
    return sorted(tone_legal.without_offence_elements(plain, language, found), key=lambda m: m.start)


def _reading(kind: str) -> str:
    return "a ranking of States" if kind == "ranking" else "adversarial"
