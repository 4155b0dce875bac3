"""The forms a country's name takes in running text, for the tone check's comparands.

A comparison names the other State in whatever form the sentence needs: Russian declines it ("в
отличие от Казахстана", "уступает Кыргызстану"), Arabic writes its conjunctions and prepositions
onto it ("وقيرغيزستان", "بالصين", "للصين"). The UNTERM table gives the nominative and the bare
word, so the forms are made here by rule: the regular endings of the five oblique cases (each
word of a name in the same case), and the one-letter clitics of Arabic. Forms a rule gets wrong
are harmless: they are words no text contains.

The tone model reads every State under review as the State its labelled sentences review
(``swap_names``): the forms of two names are set in each other's place by where they stand in a
sentence (the same Russian case, the same Arabic clitic, the French and Spanish article after "de"
and "à"), from the article UNTERM writes after the name ("Mexique (le)", "Ecuador (el)").
"""
from __future__ import annotations

import re
from functools import cache

from ..tokenizers import typewriter_apostrophes

# Russian: (ending of the nominative, its replacements in genitive, dative, accusative,
# instrumental, prepositional), most specific first; "" is any word ending in a consonant.
_RUSSIAN_ENDINGS = (
    ("ая", ("ой", "ой", "ую", "ой", "ой")),
    ("ий", ("ого", "ому", "ий", "им", "ом")),
    ("ый", ("ого", "ому", "ый", "ым", "ом")),
    ("ое", ("ого", "ому", "ое", "ым", "ом")),
    ("ие", ("их", "им", "ие", "ими", "их")),
    ("ые", ("ых", "ым", "ые", "ыми", "ых")),
    ("ия", ("ии", "ии", "ию", "ией", "ии")),
    ("ея", ("еи", "ее", "ею", "еей", "ее")),
    ("ка", ("ки", "ке", "ку", "кой", "ке")),
    ("га", ("ги", "ге", "гу", "гой", "ге")),
    ("а", ("ы", "е", "у", "ой", "е")),
    ("ь", ("и", "и", "ь", "ью", "и")),
    ("й", ("я", "ю", "й", "ем", "е")),
    ("ы", ("ов", "ам", "ы", "ами", "ах")),
)
_RUSSIAN_CONSONANT = ("а", "у", "", "ом", "е")
_RUSSIAN_VOWELS = set("аеёиоуыэюяь")
_ARABIC_CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
# French, Spanish and English: the words before a name, by its UNTERM article; a column is one place in a
# sentence (the article alone, after "de", after "à", each at the start of a sentence), so that "du Mexique"
# stands where "de la Mongolie" does.
_ARTICLES = {
    "fr": {"le": ("le ", "du ", "au ", "Le ", "Du ", "Au "), "la": ("la ", "de la ", "à la ", "La ", "De la ", "À la "),
           "l'": ("l'", "de l'", "à l'", "L'", "De l'", "À l'"), "les": ("les ", "des ", "aux ", "Les ", "Des ", "Aux "),
           "": ("", "de ", "à ", "", "De ", "À ")},
    "es": {"el": ("el ", "del ", "al ", "El ", "Del ", "Al "), "la": ("la ", "de la ", "a la ", "La ", "De la ", "A la "),
           "los": ("los ", "de los ", "a los ", "Los ", "De los ", "A los "),
           "las": ("las ", "de las ", "a las ", "Las ", "De las ", "A las "), "": ("", "de ", "a ", "", "De ", "A ")},
    "en": {"the": ("the ", "The "), "": ("", "")},
}
_UNTERM_NAME = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<note>[^)]*)\))?$")


def name_forms(name: str, language: str) -> set[str]:
    """``name`` and the forms it takes in a sentence of ``language``."""
    return set(_inflected(name, language).values())


def _inflected(name: str, language: str) -> dict[str, str]:
    """The forms of ``name`` keyed by their place: "" the name as written, a Russian case, an Arabic clitic."""
    if language == "ru":
        return {"": name} | _russian_cases(name)
    if language == "ar":
        return {"": name} | _arabic_clitics(name)
    return {"": name}


def _russian_cases(name: str) -> dict[str, str]:
    words = name.split(" ")
    forms = {}
    for case in range(5):
        declined = [_russian_case(word, case) for word in words]
        if all(word is not None for word in declined):
            forms[f"case {case}"] = " ".join(declined)
    return forms


def _russian_case(word: str, case: int) -> str | None:
    """The word in one oblique case; unchanged if it is not Cyrillic or ends in a vowel no rule
    declines (Чили, Того, Перу, Самоа)."""
    if not word or not ("а" <= word[-1].lower() <= "я" or word[-1].lower() == "ё"):
        return word
    if word[-1].lower() == "а" and word[-2:-1].lower() in _RUSSIAN_VOWELS:
        return word  # Папуа, Никарагуа, Самоа: a final а after a vowel does not decline
    for ending, cases in _RUSSIAN_ENDINGS:
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + cases[case]
    if word[-1].lower() in _RUSSIAN_VOWELS:
        return word
    return word + _RUSSIAN_CONSONANT[case]


def _arabic_clitics(name: str) -> dict[str, str]:
    forms = {}
    for clitic in _ARABIC_CLITICS:
        if name.startswith("ال") and clitic.endswith("ل"):
            forms[clitic] = clitic + name[1:]  # ل + الصين = للصين
        else:
            forms[clitic] = clitic + name
    return forms


def unterm_parts(unterm_name: str) -> tuple[str, str]:
    """A UNTERM short name without its bracketed end, and that end ("" without one): "Mexique (le)" is
    ("Mexique", "le"), "Bolivia (Plurinational State of)" is ("Bolivia", "Plurinational State of")."""
    found = _UNTERM_NAME.match(unterm_name)
    return found.group("name"), found.group("note") or ""


def forms_by_place(unterm_name: str, language: str) -> dict[str, str]:
    """The forms a country's UNTERM short name in ``language`` takes in a sentence, keyed by their place
    (a Russian case, an Arabic clitic, the article after "de" or "à"; "" the bare name): the forms of two
    names with one key stand in each other's place."""
    name, note = unterm_parts(typewriter_apostrophes(unterm_name.strip()))
    articles = _ARTICLES.get(language)
    if articles is None:
        return _inflected(name, language)
    before = articles.get(note, articles[""])
    return {"": name} | {f"article {column}": f"{words}{name}" for column, words in enumerate(before) if words}


def swap_names(text: str, language: str, first: str, second: str) -> str:
    """``text`` with the UNTERM short names ``first`` and ``second`` (of ``language``) in each other's
    place, form for form: a form with no counterpart in the other name's forms takes its bare name."""
    if first == second:
        return text
    pattern, replacements = _swap(language, first, second)
    return pattern.sub(lambda found: replacements[found.group(0)], text)


@cache
def _swap(language: str, first: str, second: str) -> tuple[re.Pattern, dict[str, str]]:
    ones, others = forms_by_place(first, language), forms_by_place(second, language)
    replacements: dict[str, str] = {}
    # a form two places share (Russian "Монголии", genitive, dative and prepositional) takes its first place's
    for place, form in ones.items():
        replacements.setdefault(form, others.get(place, others[""]))
    for place, form in others.items():
        replacements.setdefault(form, ones.get(place, ones[""]))
    alternatives = "|".join(re.escape(form) for form in sorted(replacements, key=len, reverse=True))
    # whole words, except in Chinese, which writes none
    return re.compile(alternatives if language == "zh" else rf"(?<!\w)(?:{alternatives})(?!\w)"), replacements
