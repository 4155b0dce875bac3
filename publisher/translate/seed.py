"""The project's own official strings, as translation units for the memory.

Every string the project already holds in the six languages is an approved translation of its
counterparts: the titles of the instruments, clusters and articles (``reference/titles``), the
document titles and section headings of the blueprints, and fixed boilerplate (organization, body,
agenda title, names of the working groups and of session places). Strings are matched across
languages by what they name (the same key), never by their wording.

Only forms every language has are used: titles and short titles, not the grammatical forms one
language's templates need (French ``title_genitive`` has no English counterpart).
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import permutations

from ..blueprint import load_blueprints
from ..boilerplate import boilerplate
from ..reference import LANGUAGES, titles
from .memory import TranslationMemory
from .memory_text import normalize

ORIGIN = "official"
BOILERPLATE_STRINGS = ("organization", "body", "agenda_title")
BOILERPLATE_TABLES = ("working_groups", "places")  # keyed by the English name


def official_strings(language: str) -> dict[tuple, str]:
    """Every official string of one language, keyed by what it names."""
    strings: dict[tuple, str] = {}
    language_titles = titles(language)
    for instrument, forms in language_titles.instruments.items():
        strings["instrument", instrument, "title"] = forms.title
        strings["instrument", instrument, "short_title"] = forms.short_title
    for cluster, forms in language_titles.clusters.items():
        strings["cluster", cluster, "title"] = forms.title
        strings["cluster", cluster, "in_text"] = forms.in_text
    for instrument, articles in language_titles.articles.items():
        for number, title in articles.items():
            strings["article", instrument, number] = title
    for document, blueprint in load_blueprints().documents.items():
        if language in blueprint.title:
            strings["document", document] = blueprint.title[language]
        for section in blueprint.sections:
            if language in section.heading:
                strings["heading", document, section.key] = section.heading[language]
    language_boilerplate = boilerplate(language)
    for name in BOILERPLATE_STRINGS:
        strings["boilerplate", name] = language_boilerplate[name]
    for table in BOILERPLATE_TABLES:
        for english, localized in language_boilerplate[table].items():
            strings["boilerplate", table, english] = localized
    return strings


def official_pairs() -> Iterator[tuple[str, str, str, str]]:
    """(source_language, target_language, source, target) for every ordered pair of the six
    languages and every string both have. A source that two keys share (the same article title in
    two instruments) is given once per pair, with the target of its first key."""
    strings = {language: official_strings(language) for language in LANGUAGES}
    for source_language, target_language in permutations(LANGUAGES, 2):
        given: set[str] = set()
        for key, source in strings[source_language].items():
            target = strings[target_language].get(key)
            if not target or normalize(source) in given:
                continue
            given.add(normalize(source))
            yield source_language, target_language, source, target


def seed_memory(memory: TranslationMemory) -> int:
    """Adds every official pair with origin "official"; returns how many were given."""
    return memory.add_many((*pair, ORIGIN) for pair in official_pairs())
