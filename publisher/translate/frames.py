"""Formulaic sentences of review outcomes drafted from their frames (frames.yaml, unlang.py).

"The reviewing States noted as a good practice that {text}." in the source is drafted as the
frame's own wording in the target language, the slots filled: {state} from the glossary (the
State's name, with its article in French and Spanish where it takes one), {text} by the engine or,
with no engine for the pair, kept in the source language and marked [[...]]. The frame is matched
against the whole sentence (footnote markers may follow it), with its capitals, a frame's first
letter in either case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .glossary import Glossary
from .unlang import Frame, Knowledge

STATE = "state"
DOING = "doing"  # a clause opening with an English verb in -ing, given to the engine as "to <verb> ..."
_TAIL = r"(?P<tail>(?:\[\^[A-Za-z0-9][A-Za-z0-9_-]*\])*)"
_ARTICLE = ("la ", "le ", "l’", "l'", "les ", "el ", "los ", "las ")


@dataclass(frozen=True)
class FrameMatch:
    frame: Frame
    texts: dict[str, str]  # text slot -> its source text, to translate
    state: str  # the State's name in the target language ("" when the frame has none)
    tail: str  # footnote markers after the sentence

    def for_engine(self, slot: str) -> str:
        """What the engine gets for a slot: a {doing} clause as "to <verb> ..." (an infinitive)."""
        text = self.texts[slot]
        if slot != DOING:
            return text
        first, _, rest = text.partition(" ")
        return f"to {base_form(first)} {rest}".rstrip()

    def from_engine(self, slot: str, translated: str) -> str:
        """The engine's translation of a slot, a {doing} clause without the preposition it put
        before the infinitive ("para establecer" -> "establecer")."""
        if slot != DOING:
            return translated
        return re.sub(r"^(?:[Pp]ara|[Pp]our|[Àà]|[Dd]e|[Tt]o)\s+", "", translated.strip())

    def fill(self, target_language: str, slots: dict[str, str]) -> str:
        """The target sentence from the frame, with the State and the translated text slots."""
        wording = self.frame.texts[target_language]
        values = {slot: _joined(wording, slot, _in_sentence(text, self.texts[slot]), target_language)
                  for slot, text in slots.items()}
        if self.state:
            values[STATE] = self.state
        text = re.sub(r"\S+ \x00", "", wording.format(**values)).replace("\x00", "")
        if wording.startswith("{"):
            text = text[:1].upper() + text[1:]
        return text + self.tail


def _in_sentence(translated: str, source: str) -> str:
    """A slot's translation inside the frame: an engine writes a capital at the start of what it
    translates, which a slot that starts with a small letter in the source does not have."""
    if source[:1].islower() and translated[:1].isupper() and translated[1:2].islower():
        return translated[:1].lower() + translated[1:]
    return translated


_CONTRACTIONS = {"fr": {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"},
                 "es": {("de", "el"): "del", ("a", "el"): "al"}}


def _joined(wording: str, slot: str, value: str, language: str) -> str:
    """The slot's value where the frame puts it after a preposition: "de" + "le Protocole" is "du
    Protocole" (the frame's preposition is then dropped by ``_drop_preposition``)."""
    before = wording.split("{" + slot + "}")[0]
    preposition = before.rstrip().rsplit(" ", 1)[-1] if before.endswith(" ") else ""
    article, _, rest = value.partition(" ")
    contracted = _CONTRACTIONS.get(language, {}).get((preposition, article.lower()))
    if contracted and rest:
        return "\x00" + contracted + " " + rest  # marks the preposition before it for removal
    if language == "fr" and preposition == "de" and value[:1].lower() in "aeiouéèêàâîôûh":
        return "\x00d’" + value  # "de établir" is "d’établir"
    return value


_SILENT_E = ("u", "v", "c", "z", "at", "ut", "ud", "id", "ur", "as", "us", "is", "ak", "ok", "ov", "ag")


def base_form(verb: str) -> str:
    """The English verb of a form in -ing: "establishing" -> "establish", "giving" -> "give",
    "setting" -> "set", "clarifying" -> "clarify" (the common patterns; the engine does the rest)."""
    stem = verb[:-3] if verb.endswith("ing") and len(verb) > 4 else verb
    if stem == verb:
        return verb
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    if stem.endswith(_SILENT_E) or (stem.endswith("in") and len(stem) > 3 and stem[-3] not in "aeiou"):
        return stem + "e"
    return stem


@cache
def _pattern(english: str) -> re.Pattern:
    pieces, position = [], 0
    for slot in re.finditer(r"\{(\w+)\}", english):
        pieces.append(re.escape(english[position:slot.start()]))
        pieces.append(rf"(?P<{slot.group(1)}>.+?)")
        position = slot.end()
    pieces.append(re.escape(english[position:]))
    body = "".join(pieces)
    if english[:1].isalpha():
        body = f"[{english[0].upper()}{english[0].lower()}]" + body[1:]
    return re.compile(rf"{body}{_TAIL}", re.S)


def match_frame(sentence: str, source_language: str, target_language: str, knowledge: Knowledge | None,
                glossary: Glossary | None) -> FrameMatch | None:
    if knowledge is None or source_language != "en":
        return None
    for frame in knowledge.frames:
        if target_language not in frame.texts:
            continue
        found = _pattern(frame.texts["en"]).fullmatch(sentence.strip())
        if found is None:
            continue
        state = ""
        if STATE in frame.slots:
            state = _state(found.group(STATE), target_language, glossary)
            if not state:
                continue
        texts = {slot: found.group(slot) for slot in frame.slots if slot != STATE}
        if any(not t.strip() for t in texts.values()):
            continue
        if DOING in texts and not texts[DOING].split(" ", 1)[0].endswith("ing"):
            continue
        return FrameMatch(frame, texts, state, found.group("tail"))
    return None


def _state(text: str, target_language: str, glossary: Glossary | None) -> str:
    """The State's name in the target language, when ``text`` is a State's name of the glossary."""
    if glossary is None:
        return ""
    found = glossary.find(text, "en")
    if len(found) != 1 or found[0].entry.subject != "country" or (found[0].start, found[0].end) != (0, len(text)):
        return ""
    terms = found[0].entry.terms.get(target_language, ())
    if not terms:
        return ""
    if target_language in ("fr", "es"):
        with_article = [t for t in terms if t.lower().startswith(_ARTICLE)]
        if with_article:
            return with_article[0]
    return terms[0]
