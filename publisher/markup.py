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
# A code token inside [[...]] is taken whole, so that the "]" closing "[^key]" is never read as the
# first half of the "]]" closing the untranslated text ("[[... 2019.[^weapons]]]").
_UNTRANSLATED = re.compile(rf"\[\[((?:{CODE_TOKEN.pattern}|.)+?)\]\]", re.S)
# What a translator must keep as it stands besides the codes above (protected in drafts, inline
# codes in post-editing): document symbols and numbers. A letter or digit around a number makes it
# part of a word ("abc2019"), but CJK characters do not: Chinese writes "2019年" with no space, and
# Python's \w counts 年 as a word character.
# a symbol never ends with a full stop: "... in CTOC/COP/2020/1." ends the sentence, not the symbol
SYMBOL_PATTERN = re.compile(r"\b[A-Z][A-Za-z0-9.]*(?:/[A-Za-z0-9.()-]+)+(?<!\.)")
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


def code_tokens(text: str) -> list[str]:
    """The codes of a text as a reader of it finds them: "[^a]", "[#n]", "[@n]", in order. A code
    written wrong ("[^a" with no "]", swallowed by the "]]" of untranslated text) is not one."""
    tokens = {NoteRef: "[^{}]", Anchor: "[#{}]", ParagraphRef: "[@{}]"}
    return [tokens[type(part)].format(part.key) for part in parse_inline(text) if type(part) in tokens]


_CODE_START = re.compile(rf"\[[\^#@]{KEY}")


def broken_codes(text: str) -> list[str]:
    """Starts of codes that stand in the text as words ("[^weapons"): what a reader of the document
    would see, in place of the footnote call or the reference."""
    return [found.group() for part in parse_inline(text) if isinstance(part, Span)
            for found in _CODE_START.finditer(part.text)]


def plain_text(text: str) -> str:
    """The text a reader sees, without markup and footnote markers."""
    return "".join(part.text for part in parse_inline(text) if isinstance(part, Span))


def mark_untranslated(text: str) -> str:
    """``text`` marked as left in the source language: its words in [[...]], its codes (footnote
    calls, paragraph names and references) outside, as ``markup_from_pieces`` writes them:
    "the Law of 2019.[^weapons]" -> "[[the Law of 2019.]][^weapons]"."""
    out, position = [], 0
    for code in CODE_TOKEN.finditer(text):
        out += [_marked(text[position:code.start()]), code.group()]
        position = code.end()
    out.append(_marked(text[position:]))
    return "".join(out)


def _marked(words: str) -> str:
    return f"[[{words}]]" if words.strip() else words


def is_untranslated_copy(target: str, source: str) -> bool:
    """Whether ``target`` is ``source`` marked untranslated, as this version or an earlier one
    (which put the codes inside the brackets) wrote it."""
    return bool(source.strip()) and target in (mark_untranslated(source), f"[[{source}]]")


def is_untranslated(text: str) -> bool:
    """Whether every word of ``text`` is marked untranslated (codes aside)."""
    parts = parse_inline(text)
    spans = [part for part in parts if isinstance(part, Span) and part.text.strip()]
    return bool(spans) and all(part.untranslated for part in spans)


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
        text = _italic(piece.text) if piece.italic and piece.text.strip() else piece.text
        opens = piece.untranslated and not (index and merged[index - 1].untranslated and merged[index - 1].note is None)
        closes = piece.untranslated and not (index + 1 < len(merged) and merged[index + 1].untranslated
                                             and merged[index + 1].note is None)
        out.append(("[[" if opens else "") + text + ("]]" if closes else ""))
    return "".join(out)


def _italic(text: str) -> str:
    """``text`` in italics, the spaces at its edges outside the asterisks: a word processor's italic
    run often takes the space after the word ("*word *"), which would not read as italics."""
    core = text.strip()
    start = text.index(core)
    return f"{text[:start]}*{core}*{text[start + len(core):]}"


def fingerprint(text: str) -> str:
    """A short fingerprint of a text (whitespace runs count as one space)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]
