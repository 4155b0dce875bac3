"""Inline codes: what a translator must keep intact in a sentence, as CAT tools and the web
editor see it.

A text is our markup (``[^a]`` footnote markers, ``*italic*``) in plain strings. The spans that
must not change are *inline codes*: footnote markers (and paragraph names and references),
document symbols and numbers become standalone codes (XLIFF ``<ph>``), italics a paired code around
translatable text (XLIFF ``<pc>``). ``parts()`` gives a text as plain strings and codes;
``code_problems()`` checks that a target keeps every code of its source exactly once, which is how a
broken placeholder is found, whichever way the target arrived (XLIFF, OmegaT, the web editor).
The XLIFF 2 segment states live here too: every exchange format and the post-editing stage share them.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from ..markup import CODE_TOKEN, NUMBER_PATTERN, SYMBOL_PATTERN

STATES = ("initial", "translated", "reviewed", "final")  # XLIFF 2 segment states, in order
CONFIRMED = ("reviewed", "final")  # states a person has given: they go to the memory

_FOOTNOTE = CODE_TOKEN  # footnote calls and paragraph names and references: kept as they are
_ITALIC = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")


@dataclass(frozen=True)
class Code:
    """An inline code. A standalone code (role "ph") stands for ``text``; a paired code has a
    "start" and an "end" (both ``*`` for italics) with translatable text between them."""

    id: str  # unique within its unit; the start and end of a pair share it
    kind: str  # "footnote", "symbol", "number", "italic"
    role: str  # "ph", "start", "end"
    text: str


def parts(text: str) -> tuple[str | Code, ...]:
    """A text as plain strings and inline codes, numbered from 1 in reading order."""
    counter = itertools.count(1)
    return tuple(_parts(text, counter, italic=True))


def _parts(text: str, counter, italic: bool):
    position = 0
    for start, end, kind, inner in _spans(text, italic):
        if start > position:
            yield text[position:start]
        number = str(next(counter))
        if kind == "italic":
            yield Code(number, "italic", "start", "*")
            yield from _parts(inner, counter, italic=False)
            yield Code(number, "italic", "end", "*")
        else:
            yield Code(number, kind, "ph", text[start:end])
        position = end
    if position < len(text):
        yield text[position:]


def _spans(text: str, italic: bool) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []  # (start, end) of the spans, in order; they never overlap

    def take(start: int, end: int) -> bool:
        """Claims start..end unless a span already holds part of it (a bisection, not a scan:
        a text with thousands of codes is read in linear-logarithmic time)."""
        place = bisect.bisect_left(taken, (start, end))
        if place < len(taken) and taken[place][0] < end or place > 0 and taken[place - 1][1] > start:
            return False
        taken.insert(place, (start, end))
        return True

    if italic:  # first: a footnote marker in italics is a code inside the pair (no key holds a "*")
        for match in _ITALIC.finditer(text):
            if take(match.start(), match.end()):
                spans.append((match.start(), match.end(), "italic", match.group(1)))
    for match in _FOOTNOTE.finditer(text):
        if take(match.start(), match.end()):
            spans.append((match.start(), match.end(), "footnote", ""))
    for kind, pattern in (("symbol", SYMBOL_PATTERN), ("number", NUMBER_PATTERN)):
        for match in pattern.finditer(text):
            end = _balanced_end(match.group(0), match.end())
            if take(match.start(), end):
                spans.append((match.start(), end, kind, ""))
    return sorted(spans)


def _balanced_end(symbol: str, end: int) -> int:
    """A symbol in brackets, "(CTOC/COP/WG.3/2026/1)", does not take the closing bracket with it."""
    while symbol.endswith(")") and symbol.count(")") > symbol.count("("):
        symbol, end = symbol[:-1], end - 1
    return end


def target_parts(target: str, source_codes: tuple[Code, ...]) -> tuple[str | Code, ...]:
    """The target as strings and codes, each code numbered as the source code it stands for (same
    kind and text, in order). A span the source does not have stays plain text."""
    standalone: dict[tuple[str, str], list[str]] = {}
    pairs: list[str] = []
    for code in source_codes:
        if code.role == "ph":
            standalone.setdefault((code.kind, code.text), []).append(code.id)
        elif code.role == "start":
            pairs.append(code.id)
    result: list[str | Code] = []
    last_start: Code | None = None  # italics do not nest: an end closes the last start
    for part in parts(target):
        if isinstance(part, str):
            result.append(part)
        elif part.role == "ph":
            ids = standalone.get((part.kind, part.text))
            result.append(Code(ids.pop(0), part.kind, "ph", part.text) if ids else part.text)
        elif part.role == "start":
            last_start = Code(pairs.pop(0), "italic", "start", "*") if pairs else None
            result.append(last_start or "*")
        else:
            result.append(Code(last_start.id, "italic", "end", "*") if last_start else "*")
    return tuple(_merge(result))


def _merge(items: list) -> list:
    merged: list = []
    for item in items:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    return merged


def code_problems(source: str, target: str) -> list[str]:
    """What a target breaks of its source's inline codes: each source code must stand in the target
    exactly once. An empty list when all is well."""
    source_codes = [c for c in parts(source) if isinstance(c, Code)]
    found = Counter((c.id, c.role) for c in target_parts(target, tuple(source_codes)) if isinstance(c, Code))
    problems = [f"inline code {code.id} ({describe(code)}) is missing" for code in source_codes
                if not found[(code.id, code.role)]]
    wanted = Counter((c.kind, c.text) for c in source_codes if c.role == "ph")
    have = Counter((c.kind, c.text) for c in parts(target) if isinstance(c, Code) and c.role == "ph")
    for (kind, text), count in have.items():
        if kind == "footnote" and count > wanted[(kind, text)]:
            problems.append(f"{text} stands {count} times; the source has it {wanted[(kind, text)]} time(s)")
    return list(dict.fromkeys(problems))


def describe(code: Code) -> str:
    if code.kind == "italic":
        return "italics"
    return f"{code.kind} {code.text}"
