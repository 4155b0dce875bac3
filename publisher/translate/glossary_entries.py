"""The entries of the enforced glossary: a concept with its terms in each language (preferred
first), the variants UN usage forbids, its subject and its source. Shared by the glossary's
matching (glossary.py) and its file formats (TBX in interchange/tbx.py, CSV in glossary_csv.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SUBJECTS = ("instrument", "cluster", "article", "term", "country")
PROPER_NAMES = frozenset({"instrument", "cluster", "article", "country"})
MISSING_TERM = "missing-term"
FORBIDDEN_VARIANT = "forbidden-variant"


@dataclass(frozen=True)
class Entry:
    id: str
    terms: dict[str, tuple[str, ...]]  # language -> preferred term, then admitted variants
    forbidden: dict[str, tuple[str, ...]]  # language -> variants wrong in UN usage
    source: str
    subject: str  # one of SUBJECTS
    note: str = ""  # why the forbidden variants are wrong

    def preferred(self, language: str) -> str | None:
        terms = self.terms.get(language)
        return terms[0] if terms else None


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
