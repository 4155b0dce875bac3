"""Where the law speaks, a word of blame is an element of an offence, not a judgement.

"Causing death through the negligent handling of a firearm is punishable under article 112",
"Халатность должностного лица ... наказывается", "违反……义务的，构成犯罪": the blame word names
what the offence consists of. The tone check (lexicon and token patterns alike) spares such a
word when its sentence states the law, unless the sentence blames the State or its authorities
("the authorities were negligent in keeping the register that article 12 requires").

The rules are data (blueprints/tone-legal.yaml), in the mini-syntax of the token patterns
(tone_patterns.py), per language:

* ``law``: the law speaking — "is an offence", "is punishable", "shall be liable", "criminalizes",
  "under article", "the Criminal Code defines", "constitutes";
* ``elements``: blame words as elements of an offence — "negligent handling", "gross negligence",
  "a person who fails to", "failure to", "breach of the duty", халатность, 严重不负责任, التقصير;
* ``authorities``: who a sentence can blame — the State, its Government, authorities, police,
  officials (and every country's name);
* ``blame``: a blame word with an authority next to it — ``{cue: pattern, authority: before N}``
  ("the authorities *were negligent*": the authority at most N tokens before the cue), or
  ``after N`` ("the *negligence of the* police").

A warning is spared when its sentence has a ``law`` match, the warning overlaps an ``elements``
match, and the sentence has no ``blame`` match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..load import load_file
from .tone_patterns import LanguagePatterns, ToneMatch, patterns, sentence_ends

LEGAL_FILE = Path(__file__).resolve().parent.parent.parent / "blueprints" / "tone-legal.yaml"
_SIDES = ("before", "after")
_CLAUSE_BREAKS = {",", "，", "、", "،", ":", "："}  # an authority is never blamed across one


@dataclass(frozen=True)
class BlameRule:
    key: str  # e.g. "en.blame[2]": the rule's place in the data file
    side: str  # where the authority stands from the cue: before or after
    reach: int  # at most this many tokens between them


class LegalSentences:
    """The compiled legal rules of one language, sharing the tokenizer of its tone patterns."""

    def __init__(self, compiled: LanguagePatterns, entries: dict, file: str, source) -> None:
        from spacy.matcher import Matcher

        self.compiled = compiled
        self.matcher = Matcher(compiled.nlp.vocab)
        self.blame: list[BlameRule] = []
        self._file, self._source = file, source
        language = compiled.language
        for section in ("law", "elements", "authorities"):
            for index, pattern in enumerate(entries.get(section) or []):
                self._add(section, pattern, f"{language}.{section}[{index}]")
        for index, entry in enumerate(entries.get("blame") or []):
            self._add_blame(f"{language}.blame[{index}]", entry)

    def _add(self, label: str, pattern, field: str) -> None:
        if not isinstance(pattern, str):
            raise self._invalid(field, "write a token pattern")
        try:
            self.matcher.add(label, self.compiled.token_patterns(pattern))
        except (re.error, ValueError, TypeError) as error:
            raise self._invalid(field, f"not a valid tone pattern ({error})") from None

    def _add_blame(self, key: str, entry) -> None:
        if not (isinstance(entry, dict) and "cue" in entry and "authority" in entry):
            raise self._invalid(key, "write {cue: pattern, authority: before N | after N}")
        side, _, reach = str(entry["authority"]).partition(" ")
        if side not in _SIDES or not reach.isdigit():
            raise self._invalid(f"{key}.authority", "write before N or after N")
        self._add(key, entry["cue"], f"{key}.cue")
        self.blame.append(BlameRule(key, side, int(reach)))

    def _invalid(self, field: str, message: str) -> PublisherError:
        line, column = self._source.position(field) if self._source else (1, 1)
        return PublisherError(Finding(self._file, line, column, field, message, "blueprint.invalid"),
                              exit_code=EXIT_UNREADABLE)

    # --- matching -------------------------------------------------------------------------------
    def offence_elements(self, text: str) -> list[tuple[int, int]]:
        """The character spans of blame words that are elements of an offence in ``text``: in a
        sentence that states the law and blames no authority."""
        doc = self.compiled.make_doc(text)
        found: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.matcher(doc):
            found.setdefault(self.compiled.nlp.vocab.strings[match_id], []).append((start, end))
        if "law" not in found or "elements" not in found:
            return []
        authorities = found.get("authorities", []) + [(s, e) for _, s, e in self.compiled.names(doc)]
        breaks = [token.i for token in doc if token.text in _CLAUSE_BREAKS]
        spared = []
        for first, last in _sentences(doc):
            def inside(span: tuple[int, int]) -> bool:
                return first <= span[0] and span[1] <= last

            if not any(inside(span) for span in found["law"]):
                continue
            if any(self._blames(rule, cue, authorities, breaks) for rule in self.blame
                   for cue in found.get(rule.key, []) if inside(cue)):
                continue
            spared += [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in found["elements"] if inside((s, e))]
        return spared

    @staticmethod
    def _blames(rule: BlameRule, cue: tuple[int, int], authorities: list[tuple[int, int]], breaks: list[int]) -> bool:
        """Whether an authority stands on the rule's side of the cue, within its reach, in the same clause."""
        if rule.side == "before":
            gaps = [(end, cue[0]) for _, end in authorities if 0 <= cue[0] - end <= rule.reach]
        else:
            gaps = [(cue[1], start) for start, _ in authorities if 0 <= start - cue[1] <= rule.reach]
        return any(not any(first <= i < last for i in breaks) for first, last in gaps)


def _sentences(doc) -> list[tuple[int, int]]:
    """The token ranges of the sentences of ``doc`` (split at its sentence ends)."""
    ranges, first = [], 0
    for end in sentence_ends(doc):
        ranges.append((first, end + 1))
        first = end + 1
    return ranges + [(first, len(doc))] if first < len(doc) else ranges


@cache
def legal(language: str, path: Path = LEGAL_FILE) -> LegalSentences | None:
    """The compiled legal rules of ``language`` (None when it has none, or no tone patterns)."""
    compiled = patterns(language)
    loaded = load_file(path)
    if loaded.findings:
        raise PublisherError(*loaded.findings, exit_code=EXIT_UNREADABLE)
    entries = (loaded.data or {}).get(language)
    if not entries or compiled is None:
        return None
    return LegalSentences(compiled, entries, str(path), loaded.source)


def without_offence_elements(text: str, language: str, matches: list[ToneMatch]) -> list[ToneMatch]:
    """``matches`` without the judgements that are elements of an offence in a sentence stating the law."""
    if not any(match.kind == "adversarial" for match in matches):
        return matches
    rules = legal(language)
    if rules is None:
        return matches
    elements = rules.offence_elements(text)
    return [match for match in matches
            if match.kind != "adversarial" or not any(match.start < end and start < match.end for start, end in elements)]
