"""Glossaries: the terms a translation must use, and finding them in text.

The model
---------
An ``Entry`` is one concept: per language its preferred term first, then admitted variants
(``terms``), and forbidden variants (``forbidden``: renderings that are wrong in UN usage, e.g. a
machine engine's "État membre" for "State party"). ``subject`` says what the concept is (one of
``SUBJECTS``); ``source`` where the terms come from; ``note`` why the forbidden variants are wrong.
A ``Glossary`` is a sequence of entries; earlier entries win ties when two match the same text.
Its master file is TBX-Basic (``publisher/interchange/tbx.py``; ``glossaries/untoc.tbx``).

CSV import (``Glossary.from_csv``)
----------------------------------
UTF-8 (a BOM is allowed), comma-separated, a header row naming the columns, one entry per row::

    id,subject,source,note,en,en_forbidden,fr,fr_forbidden,es,es_forbidden
    term.state-party,term,Convention,,State party | States parties,,État partie | États parties,État membre,...

- ``id`` (required, unique), ``subject`` (required, one of ``SUBJECTS``), ``source`` (required
  column, may be empty), ``note`` (optional column);
- ``<lang>`` for any of ar, zh, en, fr, ru, es: the preferred term, then admitted variants, separated
  by ``|`` (spaces around it are ignored, so a term cannot contain ``|``);
- ``<lang>_forbidden``: forbidden variants, separated the same way;
- blank rows are skipped; every other row needs a term in at least one language. Any other problem
  (unknown column, missing id or subject, a row with more or fewer fields than the header, an empty
  variant between two ``|``) raises PublisherError naming the row (the spreadsheet row: the header is
  row 1) and its line.

Matching (``Glossary.find``)
----------------------------
Text and terms are cut into tokens by ``spacy.blank(language)`` (the process's one, tokenizers.py) and
compared by spaCy's ``PhraseMatcher`` on each token's NORM, which this module sets. Every text goes
through two passes:

- *exact*: case-insensitive; typographic apostrophes unified, and all hyphens and dashes ("-", "--",
  "—"); Arabic vowel marks and tatweel removed, the forms of alef (أ إ آ ٱ) and alef maqsura (ى)
  unified; Russian ё read as е.
- *stem*: the exact form cut by a light rule, the same for the text and the terms, so that
  inflected forms meet:

  - en: plural -ies → -y, -es after s x z ch sh, else -s (not after s, u, i); British -ise, -ised,
    -ising, -isation read as -ize, ...;
  - fr: plural -s and -x cut, -aux → -al; accents ignored;
  - es: plural -ces → -z, -es cut after d l n r j y, else -s; accents ignored;
  - ru: the longest common case ending of nouns and adjectives (``_RUSSIAN_ENDINGS``) is cut as long
    as three letters remain: "группа", "группы", "группой", "групп" all give "групп". Not met: a
    genitive plural with a fleeting vowel ("группировка" / "группировок"), verb forms;
  - ar: the proclitics و ف ب ك ل and the article ال are cut from the front as long as three letters
    remain ("والجماعة", "بالجماعة", "للجماعة" give "جماعة"), then one suffix of ة ات ين ون تان تين
    ("جماعة", "جماعات" give "جماع"). Broken plurals are not met (list them as variants). Country
    names are not cut so: a text word is a name when it *is* the name once proclitics and article
    are taken off ("وكندا", "للكويت"), so "المالية" (financial) is never "مالي" (Mali) nor "بولندا"
    (Poland) "كندا" (Canada);
  - zh: no stemming. spaCy cuts Chinese into one token per character, so a term matches as a
    character substring.

Where matches overlap, the longest (in characters) is taken; between equally long ones an exact
match before a stemmed one, then the term closest in spelling to the text (rapidfuzz ratio:
"Нигерии" is Nigeria, not Niger), then the earlier one, then the earlier entry. Matches never
overlap, and come in text order.

Three rules keep ordinary words from passing for terms:

- proper names (subjects instrument, cluster, article, country) keep their capitals: a capital in
  the term needs a capital in the text ("Того" is Togo, "того" a pronoun; "Extradition" is the
  article title, "extradition" the term);
- an article title of one word (in Chinese, of fewer than four characters: "Information",
  "Prevention", 预防) counts only when it is the whole text apart from numbers and punctuation (a
  heading);
- in Chinese, words that hold a country name or a term by accident ("发展中国家" holds 中国,
  "执法人员" holds 法人, "非法国际" holds 法国) are blocked by guard words (``_GUARDS``: 国家, 人员,
  国际, ...), which win over an equally long match they overlap.

Checking (``Glossary.check``)
-----------------------------
Every entry found in the source text (as ``find`` selects them) must have its preferred target term
or an admitted variant somewhere in the target (inflection-tolerant, overlaps allowed); otherwise a
``missing-term`` issue (``found`` is the source text of the term). A forbidden variant of an entry
found in the source must not appear in the target: a ``forbidden-variant`` issue (``found`` is the
variant as written), unless the same target words are entirely an approved term of another entry
found in the source ("États Membres" for "Member States" next to "States parties").
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy
from rapidfuzz import fuzz
from spacy.attrs import NORM, ORTH
from spacy.matcher import PhraseMatcher

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..interchange import tbx
from ..reference import LANGUAGES
from .glossary_csv import read_csv
from .glossary_entries import FORBIDDEN_VARIANT, MISSING_TERM, PROPER_NAMES, SUBJECTS, Entry, unique  # noqa: F401
from ..tokenizers import blank
from .glossary_words import QUOTES, arabic_name, normalized

@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    entry: Entry
    text: str
    variant: int = 0  # which of the entry's terms in the text's language matched (0: the preferred)

    def target(self, language: str) -> str | None:
        """The target term in the same position: a plural ("States parties") gives the plural."""
        terms = self.entry.terms.get(language, ())
        if not terms:
            return None
        return terms[self.variant] if self.variant < len(terms) else terms[0]


@dataclass(frozen=True)
class TermMismatch:
    kind: str  # MISSING_TERM or FORBIDDEN_VARIANT
    entry: Entry
    expected: str  # the preferred target term
    found: str  # missing-term: the term as written in the source; forbidden-variant: the variant in the target


class Glossary:
    def __init__(self, entries: Iterable[Entry]):
        self._entries = tuple(entries)
        ids = [entry.id for entry in self._entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"entry ids used twice: {', '.join(duplicates)}")
        self._indexes: dict[str, _Index] = {}
        # the languages with a term or variant (asked for every text matched: once, not per call)
        self._languages = frozenset(language for e in self._entries for language in (*e.terms, *e.forbidden))

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    # -- files ------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str) -> Glossary:
        """A TBX-Basic glossary."""
        return cls(_entry_from_concept(concept, str(path)) for concept in tbx.read(path).concepts)

    @classmethod
    def from_csv(cls, path: Path | str) -> Glossary:
        """A glossary written as CSV (format in the module docstring)."""
        return cls(read_csv(Path(path)))

    @classmethod
    def merge(cls, glossaries: Iterable[Glossary]) -> Glossary:
        """The entries of all glossaries in order; an entry replaces an earlier one with its id."""
        merged: dict[str, Entry] = {}
        for glossary in glossaries:
            for entry in glossary.entries:
                merged[entry.id] = entry
        return cls(merged.values())

    def save_tbx(self, path: Path | str, title: str = "Glossary", description: str = "") -> None:
        termbase = tbx.Termbase(title, description, tuple(_concept_from_entry(e) for e in self._entries))
        tbx.write(Path(path), termbase)

    def with_subjects(self, *subjects: str) -> Glossary:
        """The entries of the given subjects only, e.g. ``with_subjects("term", "country")``."""
        return Glossary(e for e in self._entries if e.subject in subjects)

    # -- matching ---------------------------------------------------------------------------------
    def find(self, text: str, language: str) -> list[TermMatch]:
        """The glossary terms in ``text``, in text order, longest first where they overlap."""
        matches = []
        for group in self._selected(text, language):
            entry = self._entries[group[0].pattern.entry]
            terms = entry.terms.get(language, ())
            variant = terms.index(group[0].pattern.term) if group[0].pattern.term in terms else 0
            matches.append(TermMatch(group[0].start, group[0].end, entry, group[0].text, variant))
        return matches

    def check(self, source_text: str, source_language: str, target_text: str,
              target_language: str) -> list[TermMismatch]:
        """Issues of a translation: source terms without their target term, forbidden variants."""
        groups = self._selected(source_text, source_language)
        if not groups:
            return []  # no term in the source: nothing expected, no variant forbidden (the target need not be matched)
        present = {c.pattern.entry for group in groups for c in group}
        found = self._index(target_language).candidates(target_text) if self._has(target_language) else []
        approved = [c for c in found if c.pattern.kind == "term" and c.pattern.entry in present]
        in_target = {c.pattern.entry for c in approved}
        issues: list[TermMismatch] = []
        missing: set[str] = set()
        for group in groups:
            entry = next((e for e in (self._entries[c.pattern.entry] for c in group) if e.preferred(target_language)),
                         None)
            if entry is None or entry.id in missing or any(c.pattern.entry in in_target for c in group):
                continue
            missing.add(entry.id)
            issues.append(TermMismatch(MISSING_TERM, entry, entry.preferred(target_language) or "", group[0].text))
        forbidden: set[tuple[str, str]] = set()
        for candidate in sorted(found, key=lambda c: (c.start, c.end)):
            if candidate.pattern.kind != "forbidden" or candidate.pattern.entry not in present:
                continue
            if any(a.start <= candidate.start and a.end >= candidate.end and a.pattern.entry != candidate.pattern.entry
                   for a in approved):
                continue  # these words are the approved term of another concept of the source
            entry = self._entries[candidate.pattern.entry]
            if (entry.id, candidate.text.casefold()) not in forbidden:
                forbidden.add((entry.id, candidate.text.casefold()))
                issues.append(TermMismatch(FORBIDDEN_VARIANT, entry, entry.preferred(target_language) or "",
                                        candidate.text))
        return issues

    def _has(self, language: str) -> bool:
        return language in self._languages

    def _index(self, language: str) -> _Index:
        if language not in self._indexes:
            self._indexes[language] = _Index(language, self._entries)
        return self._indexes[language]

    def _selected(self, text: str, language: str) -> list[list[_Candidate]]:
        """Non-overlapping term matches in text order; each a group of the entries sharing that term."""
        return self._index(language).selected(text) if self._has(language) else []


# -- matching internals -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Pattern:
    entry: int  # index of the entry in the glossary (-1 for a guard)
    term: str
    kind: str  # "term", "forbidden" or "guard"
    exact: bool  # found by the exact pass (else by the stem pass)
    capitals: tuple[bool, ...]  # per token: the text must repeat this capital (proper names only)
    standalone: bool  # a one-word article title: counts only as the whole text (a heading)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    text: str
    pattern: _Pattern
    similarity: float  # rapidfuzz ratio of the text to the term


# Chinese words that contain a country name or a term by accident; see the module docstring.
_GUARDS = {"zh": ("国际", "国家", "国内", "国外", "人员", "人口", "非法")}


_CACHED = 4096  # texts whose matches an index remembers


class _Index:
    """The phrase matchers of one language over all entries of a glossary."""

    def __init__(self, language: str, entries: tuple[Entry, ...]):
        self.language = language
        self.nlp = blank_pipeline(language)
        self.matchers: dict[str, PhraseMatcher] = {}
        self.patterns: dict[int, _Pattern] = {}
        self.names: set[str] = set()  # exact forms of the words of country names (Arabic name pass)
        self._found: dict[str, tuple[_Candidate, ...]] = {}
        self._groups: dict[str, list[list[_Candidate]]] = {}  # text -> selected(text)
        self._norm_of: dict[str, dict[int, int]] = {}  # pass -> a word's ORTH -> its norm's hash (_norms)
        for index, entry in enumerate(entries):
            for term in entry.terms.get(language, ()):
                self._add(index, entry.subject, term, "term")
            for term in entry.forbidden.get(language, ()):
                self._add(index, entry.subject, term, "forbidden")
        for guard in _GUARDS.get(language, ()):
            self._add(-1, "term", guard, "guard")

    def _passes(self, subject: str, kind: str) -> tuple[str, ...]:
        if kind == "guard" or self.language == "zh":
            return ("exact",)
        if self.language == "ar" and subject == "country":
            return ("exact", "name")
        return ("exact", "stem")

    def _add(self, index: int, subject: str, term: str, kind: str) -> None:
        tokens = [t.text for t in self.nlp.make_doc(term.translate(QUOTES))]
        capitals = tuple(t[:1].isupper() for t in tokens) if subject in PROPER_NAMES else ()
        if self.language == "zh":
            short = len(term) < 4
        else:
            short = sum(1 for t in tokens if any(c.isalpha() for c in t)) < 2
        standalone = subject == "article" and short
        for name in self._passes(subject, kind):
            pattern = self.nlp.make_doc(term.translate(QUOTES))
            for token in pattern:
                # the name pass compares a text word, freed of its proclitics, with the exact name
                token.norm_ = normalized(token.text, self.language, "exact" if name == "name" else name) or token.text
                if name == "name":
                    self.names.add(token.norm_)
            key = f"{index}\x1f{kind}\x1f{name}\x1f{term}"
            self.patterns[self.nlp.vocab.strings.add(key)] = _Pattern(index, term, kind, name == "exact", capitals,
                                                                      standalone)
            if name not in self.matchers:
                self.matchers[name] = PhraseMatcher(self.nlp.vocab, attr="NORM")
            self.matchers[name].add(key, [pattern])

    def candidates(self, text: str) -> list[_Candidate]:
        """Every match of a term, variant or guard in ``text``; the same text (a source checked by
        protect, QA and term counts) is matched once, and remembered for the next CACHED texts."""
        if text not in self._found:
            if len(self._found) >= _CACHED:
                self._found.clear()
            self._found[text] = tuple(self._match(text))
        return list(self._found[text])

    def selected(self, text: str) -> list[list[_Candidate]]:
        """The terms of ``text`` as ``Glossary.find`` and ``check`` take them (forbidden variants
        left out, overlaps resolved: _non_overlapping, guards dropped); worked out once per text,
        as its candidates are: a source is asked by protect, QA and the term counts."""
        if text not in self._groups:
            if len(self._groups) >= _CACHED:
                self._groups.clear()
            candidates = [c for c in self.candidates(text) if c.pattern.kind != "forbidden"]
            self._groups[text] = [group for group in _non_overlapping(candidates) if group[0].pattern.kind == "term"]
        return [list(group) for group in self._groups[text]]

    def _match(self, text: str) -> list[_Candidate]:
        doc = _tokens(self.nlp, text)
        if not len(doc):
            return []
        found: dict[tuple[int, int, int], _Candidate] = {}
        orths = doc.to_array(ORTH).tolist()
        for name, matcher in self.matchers.items():
            doc.from_array([NORM], self._norms(name, orths))  # every token's norm for this pass, in one call
            for match_id, start, end in matcher(doc):
                pattern = self.patterns[match_id]
                span = doc[start:end]
                if pattern.capitals and not all(t.text[:1].isupper() for t, cap in zip(span, pattern.capitals) if cap):
                    continue
                if pattern.standalone and not _alone(doc, start, end):
                    continue
                key = (span.start_char, span.end_char, match_id)
                words = text[span.start_char:span.end_char]
                found.setdefault(key, _Candidate(span.start_char, span.end_char, words, pattern,
                                                 fuzz.ratio(words.casefold(), pattern.term.casefold())))
        return list(found.values())

    def _norms(self, name: str, orths: list[int]):
        """The norm of each word (its ORTH) in the pass ``name``, as a column for ``Doc.from_array``:
        each word's norm is worked out once per index and pass, not once per token of every text
        (setting ``token.norm_`` token by token made a Python Token object each time)."""
        known = self._norm_of.setdefault(name, {})
        strings = self.nlp.vocab.strings
        norms = []
        for orth in orths:
            norm = known.get(orth)
            if norm is None:
                norm = known[orth] = strings.add(self._norm(name, strings[orth]))
            norms.append(norm)
        return numpy.array(norms, dtype=numpy.uint64).reshape(-1, 1)

    def _norm(self, name: str, word: str) -> str:
        if name == "name":
            return arabic_name(normalized(word, self.language, "exact"), self.names) or word
        return normalized(word, self.language, name) or word


_TOKENIZED = threading.local()  # per thread: the last texts tokenized, by pipeline and text
_TOKENIZED_KEPT = 64


def _tokens(nlp, text: str):
    """``text`` tokenized (quotation marks as spaces), shared by every index of the language: the
    project glossary and the UN language data's phrases match the same source one after the other.
    Each pass sets every token's norm itself before matching, so a doc can be shared within a
    thread (never across threads: the norms are written in it)."""
    docs = getattr(_TOKENIZED, "docs", None)
    if docs is None:
        docs = _TOKENIZED.docs = {}
    key = (id(nlp), text)
    doc = docs.get(key)
    if doc is None:
        if len(docs) >= _TOKENIZED_KEPT:
            docs.clear()
        doc = docs[key] = nlp.make_doc(text.translate(QUOTES))
    return doc


def _alone(doc, start: int, end: int) -> bool:
    """Nothing but punctuation and numbers around doc[start:end] ("5. Criminalization")."""
    return not any(any(c.isalpha() for c in t.text) for t in (*doc[:start], *doc[end:]))


def _non_overlapping(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Longest first; ties as the module docstring says. Each chosen span comes with the other
    entries whose identical term matched the identical text (article titles shared by protocols)."""
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), c.pattern.kind != "guard", not c.pattern.exact,
                                               -c.similarity, c.start, c.pattern.entry))
    chosen: dict[tuple[int, int], list[_Candidate]] = {}
    for candidate in ranked:
        span = (candidate.start, candidate.end)
        if span in chosen:
            first = chosen[span][0]
            same_term = candidate.pattern.term.casefold() == first.pattern.term.casefold()
            if same_term and candidate.pattern.kind == first.pattern.kind and all(
                    c.pattern.entry != candidate.pattern.entry for c in chosen[span]):
                chosen[span].append(candidate)
            continue
        if any(candidate.start < end and start < candidate.end for start, end in chosen):
            continue
        chosen[span] = [candidate]
    return [chosen[span] for span in sorted(chosen)]


def blank_pipeline(language: str):
    """The process's one blank pipeline of ``language`` (only make_doc and the vocabulary are used
    here), shared with segmentation and the tone check (tokenizers.py)."""
    return blank(language)


# Quotation marks become spaces (the same length, so offsets hold) before tokenizing: spaCy leaves
# them glued to Arabic words (و"جماعة, الخطيرة".), where no term would be found.
# -- TBX and CSV ------------------------------------------------------------------------------------
def _entry_from_concept(concept: tbx.Concept, name: str) -> Entry:
    subject = concept.subject or "term"
    if subject not in SUBJECTS:
        raise PublisherError(Finding(name, 0, 0, f"termEntry {concept.id}",
                                     f"subjectField \"{subject}\" is not one of {', '.join(SUBJECTS)}",
                                     "glossary.subject"), exit_code=EXIT_UNREADABLE)
    terms, forbidden = {}, {}
    for language, found in concept.terms.items():
        preferred = [t.text for t in found if t.status == tbx.PREFERRED]
        admitted = [t.text for t in found if t.status == tbx.ADMITTED]
        wrong = [t.text for t in found if t.status in (tbx.DEPRECATED, tbx.SUPERSEDED)]
        if preferred or admitted:
            terms[language] = unique(preferred + admitted)
        if wrong:
            forbidden[language] = unique(wrong)
    return Entry(concept.id, terms, forbidden, concept.source, subject, concept.note)


def _concept_from_entry(entry: Entry) -> tbx.Concept:
    languages = [l for l in LANGUAGES if l in entry.terms or l in entry.forbidden]
    languages += sorted((set(entry.terms) | set(entry.forbidden)) - set(LANGUAGES))
    terms = {}
    for language in languages:
        allowed = entry.terms.get(language, ())
        terms[language] = tuple(tbx.Term(t, tbx.PREFERRED if i == 0 else tbx.ADMITTED) for i, t in enumerate(allowed)) \
            + tuple(tbx.Term(t, tbx.DEPRECATED) for t in entry.forbidden.get(language, ()))
    return tbx.Concept(entry.id, entry.subject, entry.source, entry.note, terms)


