"""Concordance: the translation memory's units that hold a word or phrase, in their source or their
target, for a translator checking how something was translated before.

Reads the memory through ``TranslationMemory.export_rows`` (every unit once); a unit stored the
other way round (target language to source language) answers too, turned round.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_RESULTS = 50
SIDES = ("both", "source", "target")


@dataclass(frozen=True)
class Occurrence:
    source: str
    target: str
    origin: str
    side: str  # where the phrase was found: "source", "target" or "both"


def search(memory, phrase: str, source_language: str, target_language: str, side: str = "both",
           limit: int = MAX_RESULTS) -> list[Occurrence]:
    """Up to ``limit`` units between the two languages whose ``side`` holds ``phrase`` (case and
    spacing aside), the newest first."""
    needle = " ".join(phrase.casefold().split())
    if not needle or side not in SIDES:
        return []
    found: list[Occurrence] = []
    for row_source_language, row_target_language, source, target, origin in memory.export_rows():
        if (row_source_language, row_target_language) == (target_language, source_language):
            source, target = target, source
        elif (row_source_language, row_target_language) != (source_language, target_language):
            continue
        in_source = side != "target" and needle in " ".join(source.casefold().split())
        in_target = side != "source" and needle in " ".join(target.casefold().split())
        if in_source or in_target:
            found.append(Occurrence(source, target, origin,
                                    "both" if in_source and in_target else "source" if in_source else "target"))
    return found[::-1][:limit]
