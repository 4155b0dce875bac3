"""The forms a country's name takes in running text, for the tone check's comparands.

A comparison names the other State in whatever form the sentence needs: Russian declines it ("в
отличие от Казахстана", "уступает Кыргызстану"), Arabic writes its conjunctions and prepositions
onto it ("وقيرغيزستان", "بالصين", "للصين"). The UNTERM table gives the nominative and the bare
word, so the forms are made here by rule: the regular endings of the five oblique cases (each
word of a name in the same case), and the one-letter clitics of Arabic. Forms a rule gets wrong
are harmless: they are words no text contains.
"""
from __future__ import annotations

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


def name_forms(name: str, language: str) -> set[str]:
    """``name`` and the forms it takes in a sentence of ``language``."""
    if language == "ru":
        return {name} | _russian_cases(name)
    if language == "ar":
        return {name} | _arabic_clitics(name)
    return {name}


def _russian_cases(name: str) -> set[str]:
    words = name.split(" ")
    forms = set()
    for case in range(5):
        declined = [_russian_case(word, case) for word in words]
        if all(word is not None for word in declined):
            forms.add(" ".join(declined))
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


def _arabic_clitics(name: str) -> set[str]:
    forms = set()
    for clitic in _ARABIC_CLITICS:
        if name.startswith("ال") and clitic.endswith("ل"):
            forms.add(clitic + name[1:])  # ل + الصين = للصين
        else:
            forms.add(clitic + name)
    return forms
