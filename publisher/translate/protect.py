"""Protect what an engine must not translate, and put it back afterwards.

Before a sentence goes to an engine, these spans become placeholder tokens ⟦0⟧, ⟦1⟧, ...:

- footnote markers ``[^key]`` and italic markup ``*inter alia*`` (kept exactly);
- document symbols (``CTOC/COP/WG.3/2026/1``) and numbers (``18.1``, ``2021–2025``), kept exactly
  (with the UN language data, from English to French or Spanish, a date or a number is written as
  the target language writes it, a number's "per cent" included: numbers.py);
- names of national laws and institutions (names.py, from English): kept whole, translated as a
  whole when the UN language data knows them, else marked [[...]] for the translator;
- glossary terms that have an approved term in the target language: restored as that term;
- with the UN language data (unlang.py), its phrases (bodies, sessions, agenda, legal vocabulary):
  restored in the target language, after the glossary's terms (the glossary wins an overlap).

After translation each token is restored once. A token the engine dropped is *repaired* (its
text is appended, so nothing is lost) and reported; a token it duplicated is restored at its
first place only and reported. Nothing is ever dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..markup import CODE_TOKEN, NUMBER_PATTERN, SYMBOL_PATTERN
from .glossary import Entry, Glossary
from . import numbers
from .names import find_names
from .unlang import Knowledge

TOKEN = re.compile(r"⟦(\d+)⟧")
_MARKUP = re.compile(rf"{CODE_TOKEN.pattern}|\*[^*\s](?:[^*]*[^*\s])?\*")
_SYMBOL, _NUMBER = SYMBOL_PATTERN, NUMBER_PATTERN


@dataclass(frozen=True)
class Placeholder:
    token: str  # "⟦0⟧"
    kind: str  # "markup", "symbol", "number", "name", "term", "phrase"
    source: str  # the protected source text
    replacement: str  # what is restored in the target
    entry: Entry | None = None


@dataclass(frozen=True)
class Protected:
    text: str  # the sentence with tokens in place of the protected spans
    placeholders: tuple[Placeholder, ...]

    @property
    def only_placeholders(self) -> bool:
        """Nothing left for an engine: the sentence is tokens, spaces and punctuation only."""
        return not re.search(r"\w", TOKEN.sub("", self.text))


@dataclass(frozen=True)
class Restored:
    text: str
    repaired: tuple[Placeholder, ...]  # dropped by the engine, appended
    duplicated: tuple[Placeholder, ...]  # given twice by the engine, kept once


def protect(sentence: str, source_language: str, target_language: str, glossary: Glossary | None,
            knowledge: Knowledge | None = None) -> Protected:
    spans: list[tuple[int, int, str, str, Entry | None]] = []  # start, end, kind, replacement, entry

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, *_ in spans)

    for match in _MARKUP.finditer(sentence):
        spans.append((match.start(), match.end(), "markup", match.group(0), None))
    # Names and terms are looked for with the markup blanked out (same offsets): a term glued to a
    # footnote call ("money-laundering[^a]") is otherwise one token with it, and not found.
    searchable = _blanked(sentence, spans)
    for match in _SYMBOL.finditer(sentence):
        if free(match.start(), match.end()):
            spans.append((match.start(), match.end(), "symbol", match.group(0), None))
    if knowledge is not None and source_language == "en":
        for name in find_names(searchable, knowledge):
            if free(name.start, name.end) and not _a_term_of(glossary, name.text, source_language):
                spans.append((name.start, name.end, "name", name.render(target_language, knowledge), None))
    for kind, terms in (("term", glossary), ("phrase", knowledge.glossary if knowledge else None)):
        for term in terms.find(searchable, source_language) if terms is not None else ():
            target = term.target(target_language)
            if target and free(term.start, term.end):
                target = _with_article(term, target, target_language) if term.start == 0 else target
                spans.append((term.start, term.end, kind, _match_case(term.text, target, target_language),
                              term.entry))
    formatted = knowledge is not None and source_language == "en" and target_language in numbers.LANGUAGES
    for start, end, written in numbers.dates(sentence, target_language) if formatted else ():
        if free(start, end):
            spans.append((start, end, "number", written, None))
    for match in _NUMBER.finditer(sentence):
        end = numbers.per_cent_after(sentence, match.end()) if formatted else match.end()
        if free(match.start(), end):
            replacement = numbers.in_target(sentence[match.start():end], sentence, end, target_language) \
                if formatted else match.group(0)
            spans.append((match.start(), end, "number", replacement, None))

    spans.sort()
    pieces, placeholders, position = [], [], 0
    for index, (start, end, kind, replacement, entry) in enumerate(spans):
        token = f"⟦{index}⟧"
        pieces += [sentence[position:start], token]
        placeholders.append(Placeholder(token, kind, sentence[start:end], replacement, entry))
        position = end
    pieces.append(sentence[position:])
    return Protected("".join(pieces), tuple(placeholders))


def restore(translated: str, protected: Protected) -> Restored:
    by_token = {p.token: p for p in protected.placeholders}
    seen: set[str] = set()
    duplicated: list[Placeholder] = []

    def put_back(match: re.Match) -> str:
        token = match.group(0)
        placeholder = by_token.get(token)
        if placeholder is None:
            return ""  # a token the source never had: an engine's invention
        if token in seen:
            duplicated.append(placeholder)
            return ""
        seen.add(token)
        return placeholder.replacement

    text = TOKEN.sub(put_back, translated)
    repaired = tuple(p for p in protected.placeholders if p.token not in seen)
    if repaired:
        text = _append_before_final_stop(text, " ".join(p.replacement for p in repaired))
    return Restored(" ".join(text.split()), repaired, tuple(duplicated))


def _blanked(sentence: str, spans) -> str:
    """``sentence`` with each span replaced by as many spaces."""
    pieces, position = [], 0
    for start, end, *_ in spans:
        pieces += [sentence[position:start], " " * (end - start)]
        position = end
    return "".join(pieces) + sentence[position:]


def _append_before_final_stop(text: str, addition: str) -> str:
    match = re.search(r"[.!?。！？؟]\s*$", text)
    if match:
        return f"{text[:match.start()].rstrip()} {addition}{text[match.start():]}"
    return f"{text.rstrip()} {addition}"


def _a_term_of(glossary: Glossary | None, text: str, language: str) -> bool:
    """The whole of ``text`` is one glossary term (an instrument's title, a body): the glossary's."""
    if glossary is None:
        return False
    found = glossary.find(text, language)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(text)


_ARTICLES = ("la ", "le ", "l’", "l'", "les ", "el ", "los ", "las ")


def _with_article(term, target: str, target_language: str) -> str:
    """A country that opens a sentence is its subject: French and Spanish write it with its
    article when it takes one ("La Mongolie a adopté", "El Salvador"), as the glossary lists it."""
    if term.entry.subject != "country" or target_language not in ("fr", "es"):
        return target
    with_article = [t for t in term.entry.terms.get(target_language, ()) if t.lower().startswith(_ARTICLES)]
    return with_article[0] if with_article and target.lower() not in {t.lower() for t in with_article} else target


def _match_case(source: str, target: str, target_language: str) -> str:
    """A term that starts a sentence in the source starts with a capital in the target too."""
    if source[:1].isupper() and target[:1].islower() and target_language not in ("zh", "ar"):
        return target[:1].upper() + target[1:]
    return target
