"""The grammar around a restored term, in French and Spanish drafts.

An engine translates "the ⟦0⟧" without knowing what ⟦0⟧ stands for, so the article it writes may
not agree with the term restored there: "Le États examinateurs", "la Code pénal", "de le", "L'il
État partie" (an engine's pronoun after the article). ``agree`` rewrites the article (with its
preposition: de + le = du, à + les = aux, de l') before each restored term, from the term's
gender and number in the UN language data (unlang.py); where the data does not say the gender,
the engine's article keeps its gender and only number and elision are put right. It also takes
away the subject pronoun an engine adds after a term that opens the sentence ("La Mongolie il a
adopté") and the capital it gives the next word ("La Mongolie Indiqué").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .protect import Placeholder, Protected
from .unlang import Knowledge

_VOWELS = "aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ"
_FRENCH = re.compile(r"(?P<det>(?<![\w’'])(?:[Dd]e\s+la|[Dd]e\s+l['’]|[Dd]e\s+les?|[Àà]\s+la|[Àà]\s+l['’]|[Àà]\s+les?"
                     r"|[Ll]es|[Ll]e|[Ll]a|[Ll]['’]"
                     r"|[Dd]u|[Dd]es|[Aa]ux|[Aa]u))(?:\s*(?:il|elle|ils|elles)\b)?\s*$")
_SPANISH = re.compile(r"(?P<det>(?<!\w)(?:[Dd]e\s+(?:la|los|las)|[Aa]\s+(?:la|los|las)|[Ee]l|[Ll]os|[Ll]as|[Ll]a|[Dd]el"
                      r"|[Aa]l))\s+$")
_FRENCH_PARTS = {"le": ("", "m"), "la": ("", "f"), "l'": ("", None), "les": ("", None), "du": ("de", "m"),
                 "de la": ("de", "f"), "de l'": ("de", None), "des": ("de", None), "au": ("à", "m"),
                 "de le": ("de", "m"), "de les": ("de", None), "à le": ("à", "m"), "à les": ("à", None),
                 "à la": ("à", "f"), "à l'": ("à", None), "aux": ("à", None)}
_SPANISH_PARTS = {"el": ("", "m"), "la": ("", "f"), "los": ("", "m"), "las": ("", "f"), "del": ("de", "m"),
                  "de la": ("de", "f"), "de los": ("de", "m"), "de las": ("de", "f"), "al": ("a", "m"),
                  "a la": ("a", "f"), "a los": ("a", "m"), "a las": ("a", "f")}
_FRENCH_FORMS = {("", "pl"): "les", ("de", "pl"): "des", ("à", "pl"): "aux",
                 ("", "m"): "le", ("de", "m"): "du", ("à", "m"): "au",
                 ("", "f"): "la", ("de", "f"): "de la", ("à", "f"): "à la",
                 ("", "elided"): "l'", ("de", "elided"): "de l'", ("à", "elided"): "à l'"}
_SPANISH_FORMS = {("", "m", "sg"): "el", ("de", "m", "sg"): "del", ("a", "m", "sg"): "al",
                  ("", "f", "sg"): "la", ("de", "f", "sg"): "de la", ("a", "f", "sg"): "a la",
                  ("", "m", "pl"): "los", ("de", "m", "pl"): "de los", ("a", "m", "pl"): "a los",
                  ("", "f", "pl"): "las", ("de", "f", "pl"): "de las", ("a", "f", "pl"): "a las"}
RESTORED_KINDS = ("term", "phrase", "name")


def agree(text: str, protected: Protected, language: str, knowledge: Knowledge | None) -> str:
    """``text`` (restored) with the articles before its restored terms agreeing with them."""
    if language not in ("fr", "es"):
        return text
    for placeholder in protected.placeholders:
        if placeholder.kind in RESTORED_KINDS and placeholder.replacement:
            text = _agree_before(text, placeholder, language, knowledge)
    text = _after_opening_term(text, protected, language)
    return elide(text) if language == "fr" and knowledge is not None else text


# French elides le, la, de, que, ne, se, je before a vowel ("l'État", "d'experts", "qu'il"); the
# words put in by substitution and repairs ("de États", "la Autorité") come after the engine's
# own elision. Not before h (aspirated or not, a dictionary question), y ("le Yémen") nor onze.
_ELISION = re.compile(r"(?<![\w'’-])([LlDdNnSsJj]e|[Ll]a|[Qq]ue)\s+(?=[aeiouàâéèêîïôûæœAEIOUÀÂÉÈÊÎÏÔÛÆŒ])(?!onze\b)")


def elide(text: str) -> str:
    """French ``text`` with le, la, de, que, ne, se, je elided before a vowel."""
    return _ELISION.sub(lambda found: found.group(1)[:-1] + "'", text)


def _grammar_of(placeholder: Placeholder, language: str, knowledge: Knowledge | None) -> tuple[str | None, str]:
    """(gender or None, number) of a restored term: from the data, else the number of its English."""
    form = knowledge.form(language, placeholder.replacement) if knowledge else None
    if form is not None:
        return form.gender, form.number
    last = placeholder.source.split()[-1] if placeholder.source.split() else ""
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is")) and last[:1].islower()
    return None, "pl" if plural else "sg"


def _agree_before(text: str, placeholder: Placeholder, language: str, knowledge: Knowledge | None) -> str:
    replacement = placeholder.replacement
    if replacement.lower().startswith(("la ", "le ", "l’", "l'", "les ", "el ", "los ", "las ")):
        return text  # the term brings its own article (a country: "la Mongolie")
    gender, number = _grammar_of(placeholder, language, knowledge)
    pieces, position = [], 0
    for found in _literal(replacement).finditer(text):  # "Derecho interno" may stand lower-cased
        before = text[position:found.start()]
        pieces.append(_fixed(before, found.group(0), gender, number, language))
        pieces.append(found.group(0))
        position = found.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _fixed(before: str, term: str, gender: str | None, number: str, language: str) -> str:
    """``before`` (the text up to the term) with its last article made to agree with the term."""
    pattern, parts = (_FRENCH, _FRENCH_PARTS) if language == "fr" else (_SPANISH, _SPANISH_PARTS)
    found = pattern.search(before)
    if not found:
        return before
    written = found.group("det")
    key = re.sub(r"\s+", " ", written.lower().replace("’", "'"))
    preposition, engine_gender = parts[key]
    gender = gender or engine_gender
    if language == "fr":
        letter = term.lstrip("[")[:1]
        if number == "pl":
            new = _FRENCH_FORMS[(preposition, "pl")]
        elif letter and letter in _VOWELS:
            new = _FRENCH_FORMS[(preposition, "elided")]
        elif gender is None:
            new = key  # the engine's article stands; only "en le" below is put right
        else:
            new = _FRENCH_FORMS[(preposition, gender)]
        if new.endswith("'") and "’" in before + term and "'" not in before:
            new = new[:-1] + "’"
        space = "" if new.endswith(("'", "’")) else " "
    else:
        if gender is None:
            return before
        new, space = _SPANISH_FORMS[(preposition, gender, number)], " "
    if written[:1].isupper():
        new = new[:1].upper() + new[1:]
    start = found.start()
    if language == "fr" and preposition == "" and re.search(r"(?<!\w)en\s+$", before[:start]):
        start = re.search(r"(?<!\w)en\s+$", before[:start]).start()  # "en le Code" is "dans le Code"
        new = "dans " + new.lower()
    return before[:start] + new + space


def agree_word(text: str, word: str, gender: str | None, language: str) -> str:
    """``text`` with the articles before each ``word`` (a noun of the given gender, its number read
    from its ending) agreeing with it; for repairs (repair.py)."""
    if language not in ("fr", "es") or gender is None:
        return text
    number = "pl" if word.endswith(("s", "x")) else "sg"
    pieces, position = [], 0
    for found in _whole_word(word).finditer(text):
        pieces.append(_fixed(text[position:found.start()], found.group(0), gender, number, language))
        pieces.append(found.group(0))
        position = found.end()
    pieces.append(text[position:])
    return "".join(pieces)


@lru_cache(maxsize=4096)
def _literal(term: str) -> re.Pattern:
    """``term`` as written, in any case; compiled once per term (re's own cache of 512 patterns
    overflowed with the terms and words of a thousand sentences, which were compiled again)."""
    return re.compile(re.escape(term), re.IGNORECASE)


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern:
    """``word`` as a whole word, in any case; compiled once per word (as ``_literal``)."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def _after_opening_term(text: str, protected: Protected, language: str) -> str:
    """A term that opens the sentence is its subject: no pronoun after it, no capital on the next
    word when the source's next word has none."""
    opening = re.match(r"⟦(\d+)⟧\s+(\w)", protected.text)
    if not opening or not opening.group(2).islower():
        return text
    placeholder = protected.placeholders[int(opening.group(1))]
    term = re.escape(placeholder.replacement)
    if language == "fr":
        text = re.sub(rf"^({term})\s+(?:[Ii]l|[Ee]lle)\s+(?=\w)", r"\1 ", text)
    return re.sub(rf"^({term})\s+([A-ZÀ-Ý])(?=[a-zà-ÿ])", lambda m: f"{m.group(1)} {m.group(2).lower()}", text)
