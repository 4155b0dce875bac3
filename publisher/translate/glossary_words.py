"""How the glossary compares words: normalised forms (quotes, apostrophes, accents, Arabic
letter forms) and light stemmers for English, French, Spanish, Russian and Arabic, so that a term
is found in its inflected forms ("State party", "States parties"; "Государство-участник",
"государствами-участниками"). Chinese is matched character by character and needs none.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from ..tokenizers import without_arabic_marks

QUOTES = str.maketrans({mark: " " for mark in '"«»“”„‟'})


_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_DASH = re.compile(r"^[-‐‑‒–—―]+$")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})


@functools.lru_cache(maxsize=65536)  # a pure function of few distinct words, called for every word of every check
def normalized(word: str, language: str, name: str) -> str:
    word = unicodedata.normalize("NFC", word).casefold().translate(_APOSTROPHES)
    if _DASH.match(word):
        return "-"
    if language == "ar":
        word = without_arabic_marks(word).translate(_ARABIC_LETTERS)
    elif language == "ru":
        word = word.replace("ё", "е")
    if name == "exact":
        return word
    return _STEMMERS.get(language, lambda w: w)(word)


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


_BRITISH = re.compile(r"is(e|ed|es|ing|ation|ations)$")


def _stem_en(word: str) -> str:
    word = _BRITISH.sub(r"iz\1", word)
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _stem_fr(word: str) -> str:
    word = _without_accents(word)
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith("ss"):
        return word[:-1]
    return word


def _stem_es(word: str) -> str:
    word = _without_accents(word)
    if len(word) > 4 and word.endswith("ces"):
        return word[:-3] + "z"
    if len(word) > 4 and word.endswith("es") and word[-3] in "dlnrjy":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_RUSSIAN_ENDINGS = tuple(sorted((
    "иями", "ями", "ами", "иях", "иям", "ием", "ией", "ого", "его", "ому", "ему", "ыми", "ими",
    "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ей", "ых", "их", "ым", "им", "ую", "юю",
    "ом", "ем", "ах", "ях", "ам", "ям", "ов", "ев", "ию", "ия", "ии", "ью", "ье", "ья", "ьи",
    "а", "я", "ы", "и", "у", "ю", "е", "о", "ь", "й",
), key=len, reverse=True))


def _stem_ru(word: str) -> str:
    for ending in _RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


_ARABIC_PROCLITICS = "وفبكل"
_ARABIC_SUFFIXES = ("تان", "تين", "ات", "ين", "ون", "ة")


def _arabic_front(word: str) -> str:
    while True:
        if word.startswith("ال") and len(word) >= 5:
            word = word[2:]
        elif word[:1] in _ARABIC_PROCLITICS and len(word) >= 4:
            word = word[1:]
        else:
            return word


def _stem_ar(word: str) -> str:
    word = _arabic_front(word)
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[:-len(suffix)]
    return word


_ARABIC_NAME_PREFIXES = tuple(sorted({c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")
                                      for a in ("", "ال")} - {""}, key=len, reverse=True))


def arabic_name(word: str, names: set[str]) -> str:
    """``word`` as a country-name word if it is one after proclitics ("وكندا" -> "كندا"), else itself."""
    if word in names:
        return word
    for prefix in _ARABIC_NAME_PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix):]
            if rest in names:
                return rest
            if prefix.endswith("ل") and "ال" + rest[1:] in names and rest.startswith("ل"):
                return "ال" + rest[1:]  # ل + ال contracts to لل: "للكويت" is ل + "الكويت"
    return word


_STEMMERS = {"en": _stem_en, "fr": _stem_fr, "es": _stem_es, "ru": _stem_ru, "ar": _stem_ar}
