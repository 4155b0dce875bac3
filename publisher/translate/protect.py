"""Protect what an engine must not translate, and put it back afterwards.

Before a sentence goes to an engine, these spans become placeholder tokens ⟦0⟧, ⟦1⟧, ...:

- footnote markers ``[^key]`` and italic markup ``*inter alia*`` (kept exactly);
- document symbols (``CTOC/COP/WG.3/2026/1``) and numbers (``18.1``, ``2021–2025``), kept exactly;
- glossary terms that have an approved term in the target language: restored as that term.

After translation each token is restored once. A token the engine dropped is *repaired* (its
text is appended, so nothing is lost) and reported; a token it duplicated is restored at its
first place only and reported. Nothing is ever dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..markup import CODE_TOKEN, NUMBER_PATTERN, SYMBOL_PATTERN
from .glossary import Entry, Glossary

TOKEN = re.compile(r"⟦(\d+)⟧")
_MARKUP = re.compile(rf"{CODE_TOKEN.pattern}|\*[^*\s](?:[^*]*[^*\s])?\*")
_SYMBOL, _NUMBER = SYMBOL_PATTERN, NUMBER_PATTERN


@dataclass(frozen=True)
class Placeholder:
    token: str  # "⟦0⟧"
    kind: str  # "markup", "symbol", "number", "term"
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


def protect(sentence: str, source_language: str, target_language: str, glossary: Glossary | None) -> Protected:
    spans: list[tuple[int, int, str, str, Entry | None]] = []  # start, end, kind, replacement, entry

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, *_ in spans)

    for match in _MARKUP.finditer(sentence):
        spans.append((match.start(), match.end(), "markup", match.group(0), None))
    for match in _SYMBOL.finditer(sentence):
        if free(match.start(), match.end()):
            spans.append((match.start(), match.end(), "symbol", match.group(0), None))
    if glossary is not None:
        for term in glossary.find(sentence, source_language):
            target = term.target(target_language)
            if target and free(term.start, term.end):
                spans.append((term.start, term.end, "term", _match_case(term.text, target, target_language),
                              term.entry))
    for match in _NUMBER.finditer(sentence):
        if free(match.start(), match.end()):
            spans.append((match.start(), match.end(), "number", match.group(0), None))

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


def _append_before_final_stop(text: str, addition: str) -> str:
    match = re.search(r"[.!?。！？؟]\s*$", text)
    if match:
        return f"{text[:match.start()].rstrip()} {addition}{text[match.start():]}"
    return f"{text.rstrip()} {addition}"


def _match_case(source: str, target: str, target_language: str) -> str:
    """A term that starts a sentence in the source starts with a capital in the target too."""
    if source[:1].isupper() and target[:1].islower() and target_language not in ("zh", "ar"):
        return target[:1].upper() + target[1:]
    return target
