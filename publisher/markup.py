"""The small inline markup editors may use in paragraph text.

    [^key]     a footnote reference; the note's text is under ``footnotes.key``
    *words*    italics (UN style italicizes e.g. *inter alia* and resolution verbs)
    [[words]]  text left untranslated in a draft translation (written by ``publisher translate``;
               shown highlighted, so that nothing untranslated passes silently)
    [#key]     names the paragraph it stands in (not shown)
    [@key]     a reference to the paragraph named ``key``: "see para. 5 above" in the document's
               language, numbered when the document is composed

Everything else is literal text.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

KEY = r"[A-Za-z0-9][A-Za-z0-9_-]*"
# Tokens that stand for something composed later (a footnote call, a paragraph's name or number):
# translation keeps them as they are.
CODE_TOKEN = re.compile(rf"\[[\^#@]{KEY}\]")
_TOKEN = re.compile(rf"\[\^({KEY})\]|\[#({KEY})\]|\[@({KEY})\]|\*([^*\s](?:[^*]*[^*\s])?)\*")
_UNTRANSLATED = re.compile(r"\[\[(.+?)\]\]", re.S)
# What a translator must keep as it stands besides the codes above (protected in drafts, inline
# codes in post-editing): document symbols and numbers. A letter or digit around a number makes it
# part of a word ("abc2019"), but CJK characters do not: Chinese writes "2019年" with no space, and
# Python's \w counts 年 as a word character.
SYMBOL_PATTERN = re.compile(r"\b[A-Z][A-Za-z0-9.]*(?:/[A-Za-z0-9.()-]+)+")
_WORD = r"[^\W\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]"
NUMBER_PATTERN = re.compile(rf"(?<!{_WORD})(?<!\.)\d+(?:[.,:]\d+)*(?:\s?[–-]\s?\d+(?:[.,]\d+)*)?(?!{_WORD})")


@dataclass(frozen=True)
class Span:
    text: str
    italic: bool = False
    untranslated: bool = False


@dataclass(frozen=True)
class NoteRef:
    key: str


@dataclass(frozen=True)
class Anchor:
    key: str


@dataclass(frozen=True)
class ParagraphRef:
    key: str


Inline = Span | NoteRef | Anchor | ParagraphRef


def parse_inline(text: str) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    position = 0
    for region in _UNTRANSLATED.finditer(text):
        parts += _parse_plain(text[position:region.start()], untranslated=False)
        parts += _parse_plain(region.group(1), untranslated=True)
        position = region.end()
    parts += _parse_plain(text[position:], untranslated=False)
    return tuple(parts)


def _parse_plain(text: str, untranslated: bool) -> list[Inline]:
    parts: list[Inline] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            parts.append(Span(text[position:match.start()], untranslated=untranslated))
        if match.group(1) is not None:
            parts.append(NoteRef(match.group(1)))
        elif match.group(2) is not None:
            parts.append(Anchor(match.group(2)))
        elif match.group(3) is not None:
            parts.append(ParagraphRef(match.group(3)))
        else:
            parts.append(Span(match.group(4), italic=True, untranslated=untranslated))
        position = match.end()
    if position < len(text):
        parts.append(Span(text[position:], untranslated=untranslated))
    return parts


def note_keys(text: str) -> list[str]:
    return [part.key for part in parse_inline(text) if isinstance(part, NoteRef)]


def anchor_keys(text: str) -> list[str]:
    return [part.key for part in parse_inline(text) if isinstance(part, Anchor)]


def reference_keys(text: str) -> list[str]:
    return [part.key for part in parse_inline(text) if isinstance(part, ParagraphRef)]


def plain_text(text: str) -> str:
    """The text a reader sees, without markup and footnote markers."""
    return "".join(part.text for part in parse_inline(text) if isinstance(part, Span))


def mark_untranslated(text: str) -> str:
    return f"[[{text}]]" if text.strip() else text


@dataclass(frozen=True)
class Piece:
    """A piece of a paragraph as a word processor holds it: text with its italics and highlight
    (untranslated), or a footnote call (``note`` is its key, or "" where the key does not matter)."""
    text: str = ""
    italic: bool = False
    untranslated: bool = False
    note: str | None = None


def markup_from_pieces(pieces: list[Piece]) -> str:
    """The editor's markup for pieces: *italics*, [[untranslated]], [^key] (adjacent pieces of the
    same kind merged first, as a word processor splits runs at will)."""
    merged: list[Piece] = []
    for piece in pieces:
        if piece.note is None and not piece.text:
            continue
        last = merged[-1] if merged else None
        if (last is not None and last.note is None and piece.note is None
                and (last.italic, last.untranslated) == (piece.italic, piece.untranslated)):
            merged[-1] = Piece(last.text + piece.text, last.italic, last.untranslated)
        else:
            merged.append(piece)
    out = []
    for index, piece in enumerate(merged):
        if piece.note is not None:
            out.append(f"[^{piece.note}]")
            continue
        text = f"*{piece.text}*" if piece.italic and piece.text.strip() else piece.text
        opens = piece.untranslated and not (index and merged[index - 1].untranslated and merged[index - 1].note is None)
        closes = piece.untranslated and not (index + 1 < len(merged) and merged[index + 1].untranslated
                                             and merged[index + 1].note is None)
        out.append(("[[" if opens else "") + text + ("]]" if closes else ""))
    return "".join(out)


def fingerprint(text: str) -> str:
    """A short fingerprint of a text (whitespace runs count as one space)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]
