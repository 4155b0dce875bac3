"""What the post-editing page shows beyond a unit's own row, to work through a draft as in a CAT
tool: progress in words and units, repetitions (units with the same source), what a memory match
differs by, the filter groups of origins, and the text of a box written so that inline codes stay
readable right to left.

An Arabic text box is a plain textarea: the browser lays its text out by the Unicode bidirectional
algorithm, which reads ``2024.[^a]`` in a right-to-left line as ``[a^]`` beside 2024. Each inline
code is therefore shown between the invisible marks LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL
ISOLATE (U+2066, U+2069), and every text coming back from the page has those marks taken out.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

from ..interchange.inline import CONFIRMED, Code, parts

ISOLATE_LTR, ISOLATE_END = "\u2066", "\u2069"
_ISOLATE_MARKS = re.compile("[\u2066-\u2069]")
_WORD = re.compile(r"\w+", re.UNICODE)
_IDEOGRAPHS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Filter groups of the page (origin as the units' provenance names it -> group shown).
ORIGIN_GROUPS = {"tm-exact": "memory", "tm-fuzzy": "memory", "mt": "machine", "untranslated": "untranslated",
                 "human": "person", "post-edited": "person"}
ORIGIN_GROUP_NAMES = (("memory", "memory (exact, fuzzy)"), ("machine", "machine translation"),
                      ("untranslated", "untranslated"), ("person", "by a person"), ("other", "other (glossary, copy)"))
NEEDS_WORK = ("initial", "translated")


def origin_group(origin: str) -> str:
    return ORIGIN_GROUPS.get(origin, "other")


def plain_text(value: str) -> str:
    """A text as the page sent it, without the isolate marks the page put around inline codes."""
    return _ISOLATE_MARKS.sub("", value)


def shown_text(text: str, direction: str) -> str:
    """A target as a right-to-left text box shows it: each standalone inline code isolated left to
    right. Left-to-right text is shown as it is."""
    if direction != "rtl" or not text:
        return text
    return "".join(f"{ISOLATE_LTR}{piece.text}{ISOLATE_END}" if isinstance(piece, Code) and piece.role == "ph"
                   else (piece.text if isinstance(piece, Code) else piece) for piece in parts(text))


def text_digest(text: str) -> str:
    """What a unit's text was when the page was made (spacing aside): a save from the page tells
    by it whether someone else changed the unit since."""
    return hashlib.sha256(" ".join(plain_text(text).split()).encode("utf-8")).hexdigest()[:16]


def word_count(text: str) -> int:
    """Words of a source text; each Chinese character counts as a word."""
    ideographs = len(_IDEOGRAPHS.findall(text))
    return ideographs + len(_WORD.findall(_IDEOGRAPHS.sub(" ", text)))


@dataclass(frozen=True)
class Progress:
    units: int
    units_done: int
    words: int
    words_done: int

    @property
    def percent(self) -> int:
        return round(100 * self.words_done / self.words) if self.words else 100


def progress(units) -> Progress:
    """Units and source words a person has confirmed (reviewed or final), of all."""
    words = [(word_count(u.source), u.state in CONFIRMED) for u in units]
    return Progress(len(words), sum(1 for _, done in words if done), sum(w for w, _ in words),
                    sum(w for w, done in words if done))


def repetition_groups(units) -> dict[str, str]:
    """Unit id -> a key shared by every unit with the same source (spacing aside), for the
    sources that occur more than once."""
    by_source: dict[str, list[str]] = {}
    for unit in units:
        by_source.setdefault(" ".join(unit.source.split()), []).append(unit.id)
    return {unit: hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
            for source, ids in by_source.items() if len(ids) > 1 for unit in ids}


@dataclass(frozen=True)
class DiffPiece:
    text: str
    kind: str  # "same", "gone" (in the match, not in the source), "new" (in the source, not in the match)


def match_difference(match_source: str, source: str) -> tuple[DiffPiece, ...]:
    """A memory match's source word by word against the unit's source: what the match has that the
    source has not, and what the source has that the match has not."""
    old, new = re.findall(r"\S+|\s+", match_source), re.findall(r"\S+|\s+", source)
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(DiffPiece("".join(old[i1:i2]), "same"))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("".join(old[i1:i2]), "gone"))
        if j2 > j1:
            pieces.append(DiffPiece("".join(new[j1:j2]), "new"))
    return tuple(pieces)


def source_must_be_fixed(entry) -> str:
    """Why no translation of ``entry`` can be saved, said to a translator, or "" when it can."""
    if not entry.source.errors:
        return ""
    return (f"The source {entry.source.path.name} has {entry.source.errors} validation error(s), listed below. "
            "A translation of it cannot be saved until the source is corrected, and that is not the translator's "
            "task: ask whoever maintains the review outcome (its author, or the secretariat editor) to fix the "
            "source. You can read the draft meanwhile; nothing you type here can be saved.")
