"""UN language knowledge: the data of ``publisher/reference/unlang/`` read into immutable objects.

The folder holds one YAML file per kind of knowledge, each entry with its source (see the
folder's README.md):

- *phrases* (bodies.yaml, sessions.yaml, documents.yaml, instruments.yaml, legal.yaml): UN names
  and terms in the six languages, with the French and Spanish gender and number of each form;
  the draft protects them like glossary terms and restores them in the target language;
- *frames* (frames.yaml): formulaic sentences of review outcomes with slots ({state}, {text});
- *mistranslations* (mistranslations.yaml): what engines write and UN usage never does;
- *repairs* (mined-words.yaml, and the mistranslations marked ``repair``): a word the engine writes
  for an English word, and the word UN text writes, put in its place in drafts (repair.py);
- *names* (names.yaml): the head words of names of national laws and institutions, how each
  language writes "<name> of <year>", and the names whose rendering is known.

Everything is read once per process. A malformed file stops with an error naming the file, the
entry and the field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ..errors import PublisherError
from ..findings import Finding
from ..load import toolkit_yaml
from ..reference import LANGUAGES
from .glossary import Glossary
from .glossary_entries import Entry

FOLDER = "unlang"
PHRASE_FILES = ("bodies.yaml", "sessions.yaml", "documents.yaml", "instruments.yaml", "legal.yaml", "mined.yaml")
GENDERS = ("m", "f")
NUMBERS = ("sg", "pl")


@dataclass(frozen=True)
class Form:
    """The grammar of one form in one language, where the data says it."""

    gender: str | None  # "m", "f" or None
    number: str  # "sg" or "pl"


@dataclass(frozen=True)
class Phrase:
    id: str
    forms: dict[str, tuple[str, ...]]  # language -> preferred form, then variants
    source: str
    proper: bool  # the English form counts only with its capitals
    protect: bool  # substituted in drafts (False: too ambiguous in general text; grammar and QA only)
    gender: dict[str, str]  # language -> m or f
    numbers: tuple[str, ...]  # per position of the variants


@dataclass(frozen=True)
class Frame:
    id: str
    texts: dict[str, str]  # language -> the sentence with its {slots}
    source: str

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(re.findall(r"\{(\w+)\}", self.texts["en"]))


@dataclass(frozen=True)
class Mistranslation:
    id: str
    english: tuple[str, ...]  # any of these words in the source
    wrong: dict[str, tuple[str, ...]]  # language -> renderings UN usage never has
    right: dict[str, str]
    seen: str
    repair: tuple[str, ...] = ()  # languages where drafts put the right word in place of the wrong one


@dataclass(frozen=True)
class Repair:
    """A word an engine writes for an English word where UN translators write another."""

    id: str
    language: str
    english: tuple[str, ...]  # the repair applies where the source has one of these words
    wrong: tuple[str, ...]  # what the engine writes
    right: str  # what UN text writes
    gender: str | None  # of ``right`` (fr, es), for the article before it
    source: str


@dataclass(frozen=True)
class Names:
    heads: tuple[str, ...]  # last words of names of laws and institutions ("Act", "Office")
    year: dict[str, str]  # language -> "{name} de {year}"
    known: tuple[Phrase, ...]  # names translated as a whole


@dataclass(frozen=True, eq=False)
class Knowledge:
    phrases: tuple[Phrase, ...]
    frames: tuple[Frame, ...]
    mistranslations: tuple[Mistranslation, ...]
    names: Names
    repairs: tuple[Repair, ...]  # mined-words.yaml, and the mistranslations marked repair: true
    glossary: Glossary  # the phrases to protect, as glossary entries (``protected_glossary``)
    grammar: dict[tuple[str, str], Form]  # (language, form casefolded) -> its gender and number

    def form(self, language: str, text: str) -> Form | None:
        """The gender and number of ``text`` in ``language`` where a phrase or name says them."""
        return self.grammar.get((language, _apostrophes(text).casefold()))

    def known_name(self, english: str) -> Phrase | None:
        wanted = english.replace("’", "'")
        return next((p for p in self.names.known if wanted in (f.replace("’", "'") for f in p.forms["en"])), None)


def _folder():
    return resources.files("publisher.reference").joinpath(FOLDER)


def _fail(file: str, field: str, message: str) -> PublisherError:
    return PublisherError(Finding(f"publisher/reference/{FOLDER}/{file}", 0, 0, field, message, "unlang.data"))


def _read(file: str) -> dict:
    try:
        data = toolkit_yaml(_folder().joinpath(file).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise _fail(file, "", f"not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise _fail(file, "entries", "a list of entries is required")
    return data


def _forms(value, file: str, field: str) -> tuple[str, ...]:
    forms = (value,) if isinstance(value, str) else tuple(value or ())
    if not forms or not all(isinstance(f, str) and f.strip() for f in forms):
        raise _fail(file, field, "a form or a list of forms (non-empty text) is required")
    return forms


def _phrase(raw: dict, file: str, position: int) -> Phrase:
    ident = raw.get("id") or ""
    where = f"entries[{position}]" + (f" ({ident})" if ident else "")
    if not ident:
        raise _fail(file, f"{where}.id", "every entry needs an id")
    if not str(raw.get("source") or "").strip():
        raise _fail(file, f"{where}.source", "every entry says where it comes from")
    forms = {lang: _forms(raw[lang], file, f"{where}.{lang}") for lang in LANGUAGES if lang in raw}
    if "en" not in forms:
        raise _fail(file, f"{where}.en", "the English form is required")
    gender = dict(raw.get("gender") or {})
    if any(g not in GENDERS for g in gender.values()):
        raise _fail(file, f"{where}.gender", f"a gender is one of {', '.join(GENDERS)}")
    numbers = tuple(raw.get("number") or ())
    if any(n not in NUMBERS for n in numbers):
        raise _fail(file, f"{where}.number", f"a number is one of {', '.join(NUMBERS)}")
    return Phrase(ident, forms, str(raw["source"]), bool(raw.get("proper")), bool(raw.get("protect", True)), gender,
                  numbers)


def _frame(raw: dict, file: str, position: int) -> Frame:
    phrase = _phrase(raw, file, position)
    texts = {lang: forms[0] for lang, forms in phrase.forms.items()}
    slots = sorted(re.findall(r"\{(\w+)\}", texts["en"]))
    for lang, text in texts.items():
        if sorted(re.findall(r"\{(\w+)\}", text)) != slots:
            raise _fail(file, f"entries[{position}] ({phrase.id}).{lang}",
                        f"the slots must be those of the English frame: {', '.join(slots)}")
    return Frame(phrase.id, texts, phrase.source)


def _mistranslation(raw: dict, file: str, position: int) -> Mistranslation:
    where = f"entries[{position}] ({raw.get('id', '')})"
    if not raw.get("id") or not raw.get("seen"):
        raise _fail(file, where, "every entry needs an id and where the mistake was seen (seen)")
    wrong = {lang: _forms(v, file, f"{where}.wrong.{lang}") for lang, v in (raw.get("wrong") or {}).items()}
    return Mistranslation(raw["id"], _forms(raw.get("en"), file, f"{where}.en"), wrong,
                          dict(raw.get("right") or {}), str(raw["seen"]), tuple(raw.get("repair") or ()))


def _repair(raw: dict, file: str, position: int) -> Repair:
    where = f"entries[{position}] ({raw.get('id', '')})"
    for key in ("id", "source", "language", "en", "wrong", "right"):
        if not raw.get(key):
            raise _fail(file, f"{where}.{key}", "required")
    if raw.get("gender") not in (None, *GENDERS):
        raise _fail(file, f"{where}.gender", f"a gender is one of {', '.join(GENDERS)}")
    return Repair(raw["id"], raw["language"], _forms(raw["en"], file, f"{where}.en"),
                  _forms(raw["wrong"], file, f"{where}.wrong"), raw["right"], raw.get("gender"), str(raw["source"]))


def _repairs_of(entry: Mistranslation, knowledge_forms: dict) -> tuple[Repair, ...]:
    """A hand-written mistranslation marked ``repair`` (per language) is also put right in drafts."""
    return tuple(Repair(f"{entry.id}.{lang}", lang, entry.english, entry.wrong[lang], entry.right[lang],
                        getattr(knowledge_forms.get((lang, _apostrophes(entry.right[lang]).casefold())), "gender", None),
                        entry.seen)
                 for lang in entry.repair if lang in entry.wrong and lang in entry.right)


@cache
def load_knowledge() -> Knowledge:
    phrases = tuple(_phrase(raw, file, n) for file in PHRASE_FILES for n, raw in enumerate(_read(file)["entries"]))
    frames = tuple(_frame(raw, "frames.yaml", n) for n, raw in enumerate(_read("frames.yaml")["entries"]))
    wrong = tuple(_mistranslation(raw, "mistranslations.yaml", n)
                  for n, raw in enumerate(_read("mistranslations.yaml")["entries"]))
    names = _read("names.yaml")
    known = tuple(_phrase(raw, "names.yaml", n) for n, raw in enumerate(names["entries"]))
    if set(names.get("year") or {}) != set(LANGUAGES):
        raise _fail("names.yaml", "year", "a pattern for each of the six languages is required")
    known_names = Names(tuple(names.get("heads") or ()), dict(names["year"]), known)
    grammar = _grammar((*phrases, *known))
    repairs = tuple(r for entry in wrong for r in _repairs_of(entry, grammar))
    repairs += tuple(_repair(raw, "mined-words.yaml", n) for n, raw in enumerate(_read("mined-words.yaml")["entries"]))
    return Knowledge(phrases, frames, wrong, known_names, repairs, _glossary(phrases), grammar)


def _glossary(phrases: tuple[Phrase, ...]) -> Glossary:
    """The phrases to protect as glossary entries, so that the glossary's matching (inflection,
    capitals of proper names) finds them; proper ones as subject "instrument" (capitals count)."""
    return Glossary(Entry(p.id, dict(p.forms), {}, p.source, "instrument" if p.proper else "term")
                    for p in phrases if p.protect)


def _apostrophes(text: str) -> str:
    return text.replace("'", "’")


def _grammar(phrases: tuple[Phrase, ...]) -> dict[tuple[str, str], Form]:
    table: dict[tuple[str, str], Form] = {}
    for phrase in phrases:
        if not phrase.gender and not phrase.numbers:
            continue  # the data says nothing of its grammar (the mined phrases)
        for language, forms in phrase.forms.items():
            for position, form in enumerate(forms):
                number = phrase.numbers[position] if position < len(phrase.numbers) else "sg"
                table.setdefault((language, _apostrophes(form).casefold()), Form(phrase.gender.get(language), number))
    return table
