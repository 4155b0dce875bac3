"""Quality checks of a target segment against its source: one small named function per check.

Each check returns the problems it finds as Issue(code, severity, message). The pipeline runs
them on every segment, whatever its origin (memory, engine, glossary), and the XLIFF import runs
them again on what a translator wrote. The reviser's checks (known mistranslations, grammar
around terms, English left in the target, symbols, number format) are in qa_revision.py.
"""
from __future__ import annotations

from ..findings import Issue, Severity
from ..markup import CODE_TOKEN

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
    """Footnote markers of the source are in the target, each once."""
    source_notes = sorted(CODE_TOKEN.findall(pair.source))
    target_notes = sorted(CODE_TOKEN.findall(pair.target))
    if source_notes != target_notes:
        return [Issue("qa.markup", ERROR, f"footnote markers differ: source {source_notes}, target {target_notes}")]
    return []


def _without_markers(text: str) -> str:
    """The text with each footnote marker blanked out (same length): "groups[^a]" is the word "groups"
    for the glossary, as "groups" alone is."""
    return CODE_TOKEN.sub(lambda found: " " * len(found.group()), text)


def terms(pair: SegmentPair, glossary: Glossary | None) -> list[Issue]:
    """Glossary terms of the source have their approved translation; no forbidden variant."""
    if glossary is None or pair.untranslated:
        return []
    issues = []
    for issue in glossary.check(_without_markers(pair.source), pair.source_language, _without_markers(pair.target),
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
    source, target = _without_markers(pair.source), _without_markers(pair.target)
    found = [m for m in glossary.find(source, pair.source_language) if m.entry.preferred(pair.target_language)]
    issues = glossary.check(source, pair.source_language, target, pair.target_language)
    failing = {i.entry.id for i in issues}
    return (len(found), sum(1 for m in found if m.entry.id not in failing))
