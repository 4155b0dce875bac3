"""The engine's known wrong words put right in a draft: where the source has the English word and
the engine's translation the word it is known to write for it, the word UN text writes goes in
its place, with its article made to agree (grammar.py). The repairs are data
(``Knowledge.repairs``): mined from the dev set (mined-words.yaml, each kept only where it brought
the mining lines closer to their references) and the hand-written mistranslations marked
``repair`` (mistranslations.yaml).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .grammar import agree_word
from .unlang import Knowledge, Repair


_WORD = re.compile(r"[\w-]+")
_ALWAYS = ""  # the key of the repairs whose English does not open with a plain word: tried on every sentence
_Compiled = tuple[int, Repair, re.Pattern, re.Pattern]  # the repair's place in the data, its English, its wrong words


@cache
def _patterns(knowledge: Knowledge, language: str) -> dict[str, tuple[_Compiled, ...]]:
    """The repairs of a language with their patterns, by the first word of their English forms
    (lower-cased), so that a sentence tries only the repairs whose first word it has: hundreds of
    patterns searched in every sentence were a tenth of the pipeline's time."""
    def words(forms: tuple[str, ...]) -> re.Pattern:
        alternatives = "|".join(re.escape(f).replace("\\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    by_word: dict[str, list[_Compiled]] = {}
    for place, entry in enumerate(r for r in knowledge.repairs if r.language == language):
        compiled = (place, entry, words(entry.english), words(entry.wrong))
        for key in {_first_word(form) for form in entry.english}:
            by_word.setdefault(key, []).append(compiled)
    return {key: tuple(found) for key, found in by_word.items()}


def _first_word(form: str) -> str:
    """The key a form is filed under: its first word, lower-cased, when that word is all letters,
    digits, "_" or "-" (a match of the form then opens with exactly that word); else ``_ALWAYS``."""
    first = form.split()[0].lower() if form.split() else ""
    return first if _WORD.fullmatch(first) else _ALWAYS


def _candidates(source: str, patterns: dict[str, tuple[_Compiled, ...]]) -> list[_Compiled]:
    """The repairs whose English may be in ``source``, each once, in the data's order."""
    keys = {word.lower() for word in _WORD.findall(source)} | {_ALWAYS}
    chosen = {c[0]: c for key in keys for c in patterns.get(key, ())}
    return [chosen[place] for place in sorted(chosen)]


_MARKED = re.compile(r"\[\[.*?\]\]", re.DOTALL)  # what the draft keeps in the source language on purpose
_KEPT = "\0"


def repair(source: str, translated: str, language: str, knowledge: Knowledge | None) -> str:
    """``translated`` with the engine's known wrong words put right; the text kept in the source
    language and marked [[...]] (names of laws, untranslated parts) is left as it is."""
    if knowledge is None or language not in ("fr", "es"):
        return translated
    kept = _MARKED.findall(translated)
    translated = _MARKED.sub(_KEPT, translated) if kept else translated
    for _place, entry, english, wrong in _candidates(source, _patterns(knowledge, language)):
        in_source = english.search(source)
        if not in_source or not wrong.search(translated):
            continue
        replaced = set()
        plural_source = _plural_english(in_source.group(0))

        def put_right(found: re.Match) -> str:
            right = entry.right
            if plural_source and found.group(0).lower().endswith(("s", "x")) and not right.endswith(("s", "x")):
                right = plural(right, language)
            replaced.add(right)
            return _cased(right, found.group(0))

        translated = wrong.sub(put_right, translated)
        for right in replaced:
            translated = agree_word(_once(translated, right), right, entry.gender, language)
    for marked in kept:
        translated = translated.replace(_KEPT, marked, 1)
    return translated


def _plural_english(words: str) -> bool:
    """The English a repair matched ends with a plural noun ("offences"; not "since", "process")."""
    last = words.split()[-1].lower() if words.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _once(text: str, right: str) -> str:
    """``text`` without the repetition a repair can make where the engine already wrote the right
    word beside the wrong one ("Nagorno Karabakh" -> "Haut-Karabakh Haut-Karabakh")."""
    return _repeated(right).sub(r"\1", text)


@lru_cache(maxsize=4096)
def _repeated(right: str) -> re.Pattern:
    """``right`` twice in a row, compiled once per word (re's own cache of 512 overflowed: a
    thousand sentences compiled a thousand patterns)."""
    return re.compile(rf"(?<![\w-])({re.escape(right)})\s+{re.escape(right)}(?![\w-])", re.IGNORECASE)


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
