"""Names of national laws and institutions in an English sentence, kept whole.

"the Organized Crime Investigation Act of 2022" holds the glossary term "organized crime", but it
is a name: translated word by word it becomes "La Criminalité organisée Loi de Recherche de
2022". A name is a run of capitalized words (with the small words of names between them: of,
and, on, for, in, against, the, to) that ends in one of the head words of
``publisher/reference/unlang/names.yaml`` ("Act", "Code", "Office", "Court" ...), or starts with
one followed by "of"/"on"/"for" and capitalized words ("Ministry of Justice"). Matching is
case-aware: "the organized crime investigation act" is not a name.

A name the data knows ("Criminal Code", "High Court", "Ministry of Justice") is translated as a
whole; any other is kept in the source language, marked [[...]] for the translator. A year after
it ("of 2022", ", 2019") is written as the target language writes it ("[[...]] de 2022",
"2022年[[...]]"). Names of the United Nations' own bodies are not national names and are left
to the glossary and the engine.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..markup import mark_untranslated
from .unlang import Knowledge, Phrase

_CAPITALIZED = r"[A-Z][\w’'-]*?(?:['’]s)?"
# between two capitalized words: "of", "on", "for", "in", "against", "to", each with "the" or not,
# or "and" alone ("... Office and the Criminal Code" is two names)
_SMALL = r"(?:(?:of|on|for|in|against|to)\s+(?:the\s+)?|and\s+)"


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str  # the whole span, year included
    name: str  # the name without its year
    year: str  # "" when none follows
    known: Phrase | None  # the data's translation of the name as a whole

    def render(self, target_language: str, knowledge: Knowledge) -> str:
        """The name in the target language: translated when known, else kept and marked."""
        if self.known is not None and target_language in self.known.forms:
            name = self.known.forms[target_language][0]
        else:
            name = mark_untranslated(self.name)
        if not self.year:
            return name
        return knowledge.names.year[target_language].format(name=name, year=self.year)


@cache
def _pattern(heads: tuple[str, ...]) -> re.Pattern:
    head = "(?:" + "|".join(map(re.escape, sorted(heads, key=len, reverse=True))) + ")"
    run = rf"{_CAPITALIZED}(?:\s+{_SMALL}?{_CAPITALIZED})*"
    ending = rf"{run}\s+{head}"  # "Organized Crime Investigation Act"
    leading = rf"{head}\s+(?:of|on|for)\s+(?:the\s+)?{run}"  # "Ministry of Foreign Affairs"
    year = r"(?:\s+of\s+(?P<year>\d{4})|,\s+(?P<year2>\d{4})\b)?"
    return re.compile(rf"(?<![\w-])(?!The\s)(?![IVXLC]+\s)(?P<name>{leading}|{ending})(?![\w-]){year}")


def find_names(sentence: str, knowledge: Knowledge) -> list[Name]:
    names = []
    for match in _pattern(knowledge.names.heads).finditer(sentence):
        name, start = match.group("name"), match.start("name")
        if "United Nations" in name or len(name.split()) < 2:
            continue
        year = match.group("year") or match.group("year2") or ""
        end = match.end() if year else start + len(name)
        names.append(Name(start, end, sentence[start:end], name, year, knowledge.known_name(name)))
    return names
