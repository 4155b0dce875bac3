"""How the translation memory compares texts: the normal form they are stored and matched in,
their digest, and the trigram arithmetic of the fuzzy search (which trigrams to look up, which
lengths can still reach a threshold, how many hits a candidate needs).

A fuzzy lookup's candidates come from the trigram index: the query's rarest trigrams (first ones
that do not overlap, so that an edit hides at most one of them, then others while the texts
holding them stay within a budget) are looked up, texts are ranked by how many they hold, and only
the best few within the length range the threshold allows are scored. How many texts hold each
trigram is read once per connection, on the first fuzzy lookup of a language (about 0.2 s for
100,000 units), and kept up to date. This is a filter, not a proof: a stored text that shares few
of the query's rare trigrams can be missed (bench/tm.py counts how often the best score differs
from a full scan's). Texts shorter than three characters have no trigrams: only the exact lookup
finds them.
"""
from __future__ import annotations

import bisect
import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping

GRAM = 3
MAX_GRAMS = 24  # trigrams looked up per fuzzy query
POSTINGS_BUDGET = 15_000  # stop adding trigrams once the texts holding them add up to this many...
MIN_GRAMS = 3  # ...unless fewer than this many are chosen (common words only: short headings)
CANDIDATES_PER_RESULT = 12  # texts scored per requested result
MIN_CANDIDATES = 40
PREFILTER = 10  # texts with the most hits, per candidate, before the length and language-pair filters

_QUOTES_AND_INVISIBLES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'", "\u203a": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None,
})
_WHITESPACE = re.compile(r"\s+")  # str patterns match Unicode spaces, U+00A0 and U+202F included

_WHITESPACE = re.compile(r"\s+")  # str patterns match Unicode spaces, U+00A0 and U+202F included


def normalize(text: str) -> str:
    """The form texts are compared in: NFC, straight quotes, one space for any whitespace, stripped."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES_AND_INVISIBLES)
    return _WHITESPACE.sub(" ", text).strip()


def digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()


def indexed(key: str) -> str:
    """What the trigram index holds: the key in lower case, so the filter ignores case."""
    return key.lower()


def grams(indexed: str) -> set[str]:
    return {indexed[i:i + GRAM] for i in range(len(indexed) - GRAM + 1)}


def phrase(gram: str) -> str:
    """An FTS5 query for one trigram, quoted so that punctuation and spaces are taken literally."""
    return '"' + gram.replace('"', '""') + '"'


def length_range(length: int, threshold: float) -> tuple[int, int]:
    """Lengths a text can have and still reach the threshold: ratio = 2 * common / (a + b) * 100,
    and common <= the shorter length, so shorter / longer >= threshold / (200 - threshold)."""
    if threshold <= 0:
        return 0, 2**31
    factor = threshold / (200.0 - threshold)
    return math.floor(length * factor), math.ceil(length / factor)


def may_match(lengths: list[int], text: str, threshold: float) -> bool:
    """Whether a fuzzy lookup of ``text`` can find anything among stored texts of ``lengths``
    (TranslationMemory.lengths, sorted): only a text of a length within ``length_range`` can be a
    candidate, so when none has such a length the lookup finds nothing and need not be made."""
    shortest, longest = length_range(len(normalize(text)), threshold)
    at = bisect.bisect_left(lengths, shortest)
    return at < len(lengths) and lengths[at] <= longest


def minimum_hits(grams: int) -> int:
    """Trigram hits a candidate needs: a few edits may hide some of the query's trigrams."""
    return max(1, grams // 4)


def rare_grams(indexed: str, frequency: Mapping[str, int]) -> list[str]:
    """The query's rarest trigrams within the postings budget (``frequency``: how many texts hold
    each): first rare ones that do not overlap (an edit hides at most one of those), then rare
    overlapping ones if room is left."""
    held = frequency.get
    positions = sorted([(documents, i) for i in range(len(indexed) - GRAM + 1)
                        if (documents := held(indexed[i:i + GRAM], 0))])
    chosen: dict[str, int] = {}
    covered: set[int] = set()  # positions within GRAM - 1 of a chosen one: they overlap it
    postings = 0
    for overlapping in (False, True):
        for documents, position in positions:
            gram = indexed[position:position + GRAM]
            if gram in chosen or (not overlapping and position in covered):
                continue
            if len(chosen) >= MAX_GRAMS or (len(chosen) >= MIN_GRAMS and postings + documents > POSTINGS_BUDGET):
                break
            chosen[gram] = documents
            covered.update(range(position - GRAM + 1, position + GRAM))
            postings += documents
    return list(chosen)
