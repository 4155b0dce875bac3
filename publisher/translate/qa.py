"""Quality checks of a target segment against its source: one small named function per check.

Each check returns the problems it finds as Issue(code, severity, message). The pipeline runs
them on every segment, whatever its origin (memory, engine, glossary), and the XLIFF import runs
them again on what a translator wrote. The reviser's checks (known mistranslations, grammar
around terms, English left in the target, symbols, number format) are in qa_revision.py.
"""
from __future__ import annotations

from ..findings import Issue, Severity
from ..markup import CODE_TOKEN, broken_codes, code_tokens

import re
from collections.abc import Callable
from dataclasses import dataclass

from .glossary import Glossary
from .qa_revision import CHECKS as REVISER_CHECKS

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"⟦\d+⟧")


@dataclass(frozen=True)
class SegmentPair:
    source: str
    target: str
    source_language: str
    target_language: str
    untranslated: bool = False


Check = Callable[[SegmentPair, Glossary | None], list[Issue]]


def numbers(pair: SegmentPair, glossary: Glossary | None) -> list[Issue]:
    """Every number of the source stands in the target (digits compared, separators ignored)."""
    if pair.untranslated:
        return []
    wanted = sorted(re.sub(r"[.,]", "", n) for n in _NUMBER.findall(pair.source))
    found = [re.sub(r"[.,]", "", n) for n in _NUMBER.findall(pair.target)]
    missing = [n for n in wanted if n not in found]
    if missing:
        return [Issue("qa.numbers", ERROR, f"number(s) missing in the target: {', '.join(missing)}")]
    return []


def leftover_placeholders(pair: SegmentPair, glossary: Glossary | None) -> list[Issue]:
    """No placeholder token may reach a document."""
    if _TOKEN.search(pair.target):
        return [Issue("qa.placeholders", ERROR, "a placeholder token was left in the target")]
    return []


def markup(pair: SegmentPair, glossary: Glossary | None) -> list[Issue]:
    """Footnote markers of the source are in the target, each once, as markers: read as the
    document reads them, so a marker swallowed by the "]]" of untranslated text ("[[... 2019.[^a]]")
    is missing (its note would be lost), not found by its letters."""
    issues = []
    source_notes = sorted(code_tokens(pair.source))
    target_notes = sorted(code_tokens(pair.target))
    if source_notes != target_notes:
        issues.append(Issue("qa.markup", ERROR, f"footnote markers differ: source {source_notes}, "
                                                f"target {target_notes}"))
    for broken in broken_codes(pair.target):
        issues.append(Issue("qa.markup", ERROR, f"\"{broken}\" would stand in the document as text: a footnote "
                                                f"marker is written [^key]"))
    return issues


def _without_markers(text: str) -> str:
    """The text with each footnote marker blanked out (same length): "groups[^a]" is the word "groups"
    for the glossary, as "groups" alone is."""
    return CODE_TOKEN.sub(lambda found: " " * len(found.group()), text)


_KEPT = re.compile(r"\[\[(.+?)\]\]", re.S)


def _glossary_source(pair: SegmentPair) -> str:
    """The source as the glossary checks it: footnote markers blanked, and so is each part the
    target keeps in the source language and marks (``[[International Cooperation in Criminal
    Matters Act]]``, a law's name kept whole): the terms inside it are not expected translated."""
    source = _without_markers(pair.source)
    if "[[" not in pair.target:
        return source
    for kept in _KEPT.findall(pair.target):
        at = source.find(kept)
        if at >= 0:
            source = source[:at] + " " * len(kept) + source[at + len(kept):]
    return source


def terms(pair: SegmentPair, glossary: Glossary | None) -> list[Issue]:
    """Glossary terms of the source have their approved translation; no forbidden variant."""
    if glossary is None or pair.untranslated:
        return []
    issues = []
    for issue in glossary.check(_glossary_source(pair), pair.source_language, _without_markers(pair.target),
                                pair.target_language):
        if issue.kind == "forbidden-variant":
            issues.append(Issue("qa.terms.forbidden", ERROR,
                                  f"forbidden variant \"{issue.found}\" for \"{issue.expected}\" ({issue.entry.id})"))
        else:
            issues.append(Issue("qa.terms.missing", ERROR,
                                  f"\"{issue.expected}\" expected for the glossary term \"{issue.found}\" "
                                  f"({issue.entry.id})"))
    return issues


def untranslated(pair: SegmentPair, glossary: Glossary | None) -> list[Issue]:
    if pair.untranslated:
        return [Issue("qa.untranslated", WARNING, f"not translated into {pair.target_language}; kept in "
                                                 f"{pair.source_language} and marked in the document")]
    return []


CHECKS: dict[str, Check] = {
    "numbers": numbers,
    "placeholders": leftover_placeholders,
    "markup": markup,
    "terms": terms,
    "untranslated": untranslated,
    **REVISER_CHECKS,  # what a reviser strikes out first: qa_revision.py
}


def check_pair(pair: SegmentPair, glossary: Glossary | None) -> list[Issue]:
    return [issue for check in CHECKS.values() for issue in check(pair, glossary)]


def term_counts(pair: SegmentPair, glossary: Glossary | None) -> tuple[int, int]:
    """(glossary terms in the source that have a target term, how many of them comply)."""
    if glossary is None or pair.untranslated:
        return (0, 0)
    source, target = _glossary_source(pair), _without_markers(pair.target)
    found = [m for m in glossary.find(source, pair.source_language) if m.entry.preferred(pair.target_language)]
    issues = glossary.check(source, pair.source_language, target, pair.target_language)
    failing = {i.entry.id for i in issues}
    return (len(found), sum(1 for m in found if m.entry.id not in failing))
