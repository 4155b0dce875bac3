"""Approved terms put into an engine's own translation, instead of placeholders the engine must
carry.

A rule-based engine such as Apertium parses a sentence to translate it: a placeholder token in
the place of "the reviewing States" is an unknown word to it, and the sentence around it comes
out broken ("El ⟦0⟧ notado que ...": the verb turned participle; through a pivot language the
tokens move and the articles stick to the wrong words). So terms and UN phrases go to the engine
as the words they are, and each term alone goes too, in the same batch or stream: the engine's
rendering of the term alone is then looked up in its translation of the sentence and replaced by
the approved term ("Estados de recensión" -> "Estados examinadores"), and the article before it
made to agree (grammar.py). Names of national laws and institutions go the same way (their
rendering replaced by the name as names.py writes it). Footnote markers, italics, symbols and numbers stay
placeholders, as they must come out exactly as they went in.

Where the rendering of a term is not found in the sentence's translation (the engine translated it
differently in context), the sentence is translated again with the term as a placeholder: the
approved term is never lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .protect import TOKEN, Placeholder, Protected

SUBSTITUTED = ("term", "phrase", "name")


@dataclass(frozen=True)
class EngineText:
    """What goes to the engine for one sentence, and what to do with what comes back."""

    text: str  # the sentence with only the placeholders that must stay exact
    kept: Protected  # those placeholders, for restore()
    substituted: tuple[Placeholder, ...]  # terms sent as words, to replace in the output


def engine_text(protected: Protected) -> EngineText:
    by_token = {p.token: p for p in protected.placeholders}
    substituted = tuple(p for p in protected.placeholders if p.kind in SUBSTITUTED)

    def back(found: re.Match) -> str:
        placeholder = by_token.get(found.group(0))
        return placeholder.source if placeholder is not None and placeholder.kind in SUBSTITUTED else found.group(0)

    kept = Protected(TOKEN.sub(back, protected.text),
                     tuple(p for p in protected.placeholders if p.kind not in SUBSTITUTED))
    return EngineText(kept.text, kept, substituted)


def substitute(translated: str, substituted: tuple[Placeholder, ...], renderings: dict[str, str],
               opening: Placeholder | None) -> str | None:
    """``translated`` with the engine's rendering of each term replaced by the approved term, in
    order; None when a rendering is not in it (the caller falls back to placeholders)."""
    position = 0
    text = translated
    for placeholder in substituted:
        rendering = renderings.get(placeholder.source, "").strip().rstrip(".")
        if not rendering:
            return None
        found = _find(text, rendering, position)
        if found is None:
            found = _find(text, rendering, 0)
            if found is None:
                return None
        start, end = found
        replacement = _cased(placeholder.replacement, text[start:end], start == 0, placeholder is opening)
        text = text[:start] + replacement + text[end:]
        position = start + len(replacement)
    return text


def _find(text: str, rendering: str, position: int) -> tuple[int, int] | None:
    found = _rendering_pattern(rendering).search(text, position)
    return (found.start(), found.end()) if found else None


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str) -> re.Pattern:
    """A rendering as a pattern, whatever the spaces between its words (each compiled once, not per sentence)."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, rendering.split())) + r"(?!\w)", re.IGNORECASE)


def _cased(replacement: str, found: str, at_start: bool, opening: bool) -> str:
    """The approved term opens the target sentence with a capital; inside it, a term the glossary
    writes in small letters stays so even if the source sentence began with it."""
    if at_start and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    if not at_start and opening and found[:1].islower() and replacement[:1].isupper() and replacement[1:2].islower():
        return replacement[:1].lower() + replacement[1:]
    return replacement
