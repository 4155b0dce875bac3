"""The engine's known wrong words put right in a draft: where the source has the English word and
the engine's translation the word it is known to write for it, the word UN text writes goes in
its place, with its article made to agree (grammar.py). The repairs are data
(``Knowledge.repairs``): mined from the dev set (mined-words.yaml, each kept only where it brought
the mining lines closer to their references) and the hand-written mistranslations marked
``repair`` (mistranslations.yaml).
"""
from __future__ import annotations

import re
from functools import cache

from .grammar import agree_word
from .unlang import Knowledge, Repair


@cache
def _patterns(knowledge: Knowledge, language: str) -> tuple[tuple[Repair, re.Pattern, re.Pattern], ...]:
    def words(forms: tuple[str, ...]) -> re.Pattern:
        alternatives = "|".join(re.escape(f).replace("\\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    return tuple((r, words(r.english), words(r.wrong)) for r in knowledge.repairs if r.language == language)


def repair(source: str, translated: str, language: str, knowledge: Knowledge | None) -> str:
    if knowledge is None or language not in ("fr", "es"):
        return translated
    for entry, english, wrong in _patterns(knowledge, language):
        if not english.search(source) or not wrong.search(translated):
            continue
        replaced = set()

        def put_right(found: re.Match) -> str:
            right = entry.right
            if found.group(0).lower().endswith(("s", "x")) and not right.endswith(("s", "x")):
                right = plural(right, language)
            replaced.add(right)
            return _cased(right, found.group(0))

        translated = wrong.sub(put_right, translated)
        for right in replaced:
            translated = agree_word(translated, right, entry.gender, language)
    return translated


def plural(word: str, language: str) -> str:
    """The plural of a French or Spanish noun (or of the first word of a noun phrase): the regular
    endings ("article" -> "articles", "autoridad" -> "autoridades", "acción" -> "acciones")."""
    first, space, rest = word.partition(" ")
    if language == "es":
        if first.endswith("ión"):
            first = first[:-3] + "iones"
        elif first[-1:] in "aeiouáéó":
            first += "s"
        else:
            first += "es"
    elif not first.endswith(("s", "x", "z")):
        first += "x" if first.endswith(("eau", "au")) else "s"
    return first + space + rest


def _cased(right: str, found: str) -> str:
    if found[:1].isupper():
        return right[:1].upper() + right[1:]
    if right[1:].islower() or len(right) == 1:
        return right[:1].lower() + right[1:]
    return right
