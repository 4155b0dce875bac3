"""Token patterns of the tone check: comparisons of the State with other States, and wording that
judges or blames, in any phrasing the fixed lexicon (blueprints/tone.yaml) cannot list.

The patterns are data (blueprints/tone-patterns.yaml). Each language has

* ``comparands``: what a comparison sets the State beside (other States, its neighbours, the
  region, the regional average ...); the UNTERM names of every country but the State under
  review count too;
* ``comparisons``: a cue ("more ... than", "unlike", "ahead of", a superlative ...) and where a
  comparand must stand from it (``comparand: after 4`` = it begins at most 4 tokens after the
  cue; ``before`` and ``around`` likewise), or a cue that is a comparison on its own ("one of the
  few States"); ``then`` asks for one more pattern after the comparand ("among the States of the
  region ... the highest");
* ``judgements``: wording that judges or blames ("has done little to", "regrettably").

Any rule may have ``unless``, a pattern that makes the match neutral where it overlaps it, or, with
``unless_within: N``, where it stands at most N tokens from it ("requests *sent* to other States
rose faster": the general comparison rules spare sentences about cooperation, provenance or time).
Country names count in the forms a sentence gives them (tone_names.py).

Text is tokenized by ``spacy.blank(language)`` (the process's one, tokenizers.py, shared with
segmentation and the glossary; no model: Chinese comes out one character a token) and matched
with spaCy's Matcher. Pattern syntax: tokens separated by spaces, each a regular expression matched
whole against the lower-cased token; ``~N`` is any run of up to N tokens within the sentence (spaCy
makes it N optional tokens, whose states grow fast: keep N small), ``~*`` any run within the sentence
(a question from its word to its question mark), and ``~?x`` an optional token ``x``. In Chinese a token is an
alternation of literal words (``其他|别的``), spelled out character by character.

Every apostrophe is the typewriter's ' to the matching, in the text and in the patterns alike
(``typewriter_apostrophes``, tokenizers.py): a pattern written "qu'" matches the editor's "qu’", and
one written "qu’" the "qu'" of pasted text. The text is read so one character for one, so a match's
offsets and phrase are the editor's own.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..load import load_file
from ..tokenizers import blank, typewriter_apostrophes, without_arabic_marks
from .tone_matcher import GroupedMatcher, LazyMatches
from .tone_names import name_forms, unterm_parts

PATTERNS_FILE = Path(__file__).resolve().parent.parent.parent / "blueprints" / "tone-patterns.yaml"
MAX_GAP = 16  # the longest ~N: spaCy expands it into N optional tokens
SENTENCE_ENDS = [".", ";", "!", "?", "。", "；", "！", "？", "؛", "؟"]
_GAP = re.compile(r"~(\d+)")
_PLACE = re.compile(r"(after|before|around) (\d+)")
_LITERALS = re.compile(r"\(?((?:[^\W_]|['-])+(?:\|(?:[^\W_]|['-])+)*)\)?")  # "(is|are|was)", "lax"
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "ٱ": "ا", "ى": "ي"})  # not آ: "آن" is not "أن"
DEFAULT_ADVICE = {
    "ranking": "the review compares no States; describe the measure itself",
    "adversarial": "the review is non-adversarial and non-punitive; describe the gap and the measure that would close it",
}


@dataclass(frozen=True)
class ToneMatch:
    """One piece of wording the tone check warns about, as character offsets in the plain text."""
    kind: str  # "ranking" or "adversarial"
    reading: str  # what it reads as: "a comparison of States", "judging or blaming" ...
    phrase: str
    start: int
    end: int
    advice: str


@dataclass(frozen=True)
class Rule:
    key: str  # e.g. "en.comparisons[3]": the pattern's place in the data file
    kind: str
    side: str | None  # where the comparand stands from the cue: after, before, around; None: the cue alone
    reach: int
    then: str | None  # key of a further pattern that must follow
    then_reach: int
    unless: str | None  # key of a pattern that, overlapping the match, makes it neutral
    unless_reach: int  # how many tokens beyond the match on either side the unless pattern may stand
    names: bool  # whether a country's name counts as a comparand ("than Chile"; not "the largest city in Chile")
    advice: str


@dataclass(frozen=True)
class Span:
    start: int  # token indices, end exclusive
    end: int


class LanguagePatterns:
    """The compiled patterns of one language, and the matching."""

    def __init__(self, language: str, entries: dict, file: str, source) -> None:
        from spacy.matcher import PhraseMatcher

        self.language = language
        self.nlp = blank(language)  # the process's one tokenizer and vocabulary of the language (tokenizers.py)
        self.matcher = GroupedMatcher(self.nlp.vocab)  # one Matcher per label, run where its words are
        self.attr = "NORM" if language == "ar" else "LOWER"  # Arabic is matched without its vowel marks
        self.names = PhraseMatcher(self.nlp.vocab, attr=self.attr)
        self.rules: dict[str, Rule] = {}
        self._file, self._source = file, source
        self._add(f"{language}.comparands", entries.get("comparands", []), "comparand")
        for section, kind in (("comparisons", "ranking"), ("judgements", "adversarial")):
            for index, entry in enumerate(entries.get(section, [])):
                self._add_rule(f"{language}.{section}[{index}]", entry, kind)

    # --- compiling ------------------------------------------------------------------------------
    def _add(self, key: str, patterns: list[str], label: str | None = None, where: str | None = None) -> None:
        compiled = []
        for index, pattern in enumerate(patterns):
            field = where or f"{key}[{index}]"
            try:
                compiled += self.token_patterns(pattern)
            except (re.error, ValueError, TypeError) as error:
                raise self._invalid(field, f"not a valid tone pattern ({error})") from None
            if label == "comparand" and _ends_optional(pattern):
                raise self._invalid(field, "a comparand that ends in optional tokens also matches without them "
                                           "(\"States ~?parties\" is \"States\" alone); make its last token required")
        self.matcher.add(label or key, compiled)

    def _add_rule(self, key: str, entry, kind: str) -> None:
        entry = {"cue": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict) or "cue" not in entry:
            raise self._invalid(key, "write a pattern, or a mapping with a cue")
        side, reach = None, 0
        if "comparand" in entry:
            place = _PLACE.fullmatch(str(entry["comparand"]))
            if not place:
                raise self._invalid(f"{key}.comparand", "write after N, before N or around N")
            side, reach = place.group(1), int(place.group(2))
        then, then_reach = None, 0
        if "then" in entry:
            further = entry["then"]
            if not (isinstance(further, dict) and isinstance(further.get("pattern"), str)
                    and isinstance(further.get("within"), int)):
                raise self._invalid(f"{key}.then", "write {pattern: ..., within: N}")
            then, then_reach = f"{key}.then", further["within"]
            self._add(then, [further["pattern"]], where=then)
        unless, unless_reach = None, entry.get("unless_within", 0)
        if "unless" in entry:
            unless = f"{key}.unless"
            self._add(unless, [entry["unless"]], where=unless)
        if not isinstance(unless_reach, int) or unless_reach < 0:
            raise self._invalid(f"{key}.unless_within", "write a number of tokens (0 or more)")
        self._add(key, [entry["cue"]], where=f"{key}.cue")
        self.rules[key] = Rule(key, kind, side, reach, then, then_reach, unless, unless_reach,
                               entry.get("names", True) is not False,
                               entry.get("advice", DEFAULT_ADVICE[kind]))

    def token_patterns(self, pattern: str) -> list[list[dict]]:
        """One pattern of the mini-syntax as spaCy Matcher patterns (several where it has alternatives);
        ValueError (or re.error) when it is not valid."""
        words = _words(typewriter_apostrophes(pattern))
        if not words:  # spaCy refuses a pattern of no tokens (E012) outside the refusal's try
            raise ValueError("an empty pattern matches nothing")
        slots = [self._slot(word) for word in words]
        return [[token for part in choice for token in part] for choice in itertools.product(*slots)]

    def _slot(self, word: str) -> list[list[dict]]:
        """The token sequences one word of a pattern stands for."""
        if word == "~*":  # any run within the sentence: one "*" token, where {0,N} would make N optional ones
            return [[{"TEXT": {"NOT_IN": SENTENCE_ENDS}, "OP": "*"}]]
        gap = _GAP.fullmatch(word)
        if gap and int(gap.group(1)) > MAX_GAP:
            raise ValueError(f"{word}: a gap of more than {MAX_GAP} tokens makes the matcher's states explode; write ~*")
        if gap:
            return [[{"TEXT": {"NOT_IN": SENTENCE_ENDS}, "OP": f"{{0,{gap.group(1)}}}"}]]
        if word.startswith("~?"):
            return [[dict(token, OP="?") for token in tokens] for tokens in self._slot(word[2:])]
        phrases = _phrases(word)
        if phrases is not None:  # "(in front|ahead)?": alternatives of several tokens
            return [tokens for phrase in phrases
                    for tokens in ([[]] if not phrase else self.token_patterns(phrase))]
        return self._token(word)

    def _token(self, word: str) -> list[list[dict]]:
        if self.language == "ar":
            word = arabic_norm(word)
        if self.language != "zh":
            re.compile(word)
            literal = _LITERALS.fullmatch(word)
            if literal:  # a list of words: a set lookup, much cheaper than a regular expression
                return [[{self.attr: {"IN": literal.group(1).split("|")}}]]
            return [[{self.attr: {"REGEX": rf"^(?:{word})$"}}]]
        if re.search(r"[\\.*+?()\[\]{}^$]", word):
            raise ValueError(f"{word!r}: in Chinese a token is an alternation of literal words")
        return [[{"TEXT": char} for char in alternative] for alternative in word.split("|")]

    def _invalid(self, field: str, message: str) -> PublisherError:
        line, column = self._source.position(field) if self._source else (1, 1)
        return PublisherError(Finding(self._file, line, column, field, message, "blueprint.invalid"),
                              exit_code=EXIT_UNREADABLE)

    def add_names(self, names: list[str]) -> None:
        self.names.add("name", [self.make_doc(name) for name in names])

    def make_doc(self, text: str):
        """The tokens of ``text`` with its apostrophes read as ' (at the same offsets); an Arabic
        token's norm is its lower-cased text without vowel marks or tatweel and with one alif and one
        final ya (arabic_norm), so that "مقارنةً" matches a pattern written "مقارنة" and "اسوأ" one
        written "أسوأ"."""
        doc = self.nlp.make_doc(typewriter_apostrophes(text))
        if self.attr == "NORM":
            for token in doc:
                token.norm_ = arabic_norm(token.lower_)
        return doc

    # --- matching -------------------------------------------------------------------------------
    def find(self, text: str, excluded_names: frozenset[str] = frozenset()) -> list[ToneMatch]:
        doc = self.make_doc(text)
        found = LazyMatches(self.matcher, doc, Span)  # a rule's unless, then and the comparands: where a cue matched
        ends = sentence_ends(doc)
        every_name = [Span(start, end) for _, start, end in self.names(doc)]
        names = _comparable_names(every_name, {n for n in every_name if doc[n.start:n.end].text.lower() in excluded_names},
                                  ends)
        matches = []
        for key, rule in self.rules.items():
            for cue in found.get(key, []):
                if any(name.start <= cue.start and cue.end <= name.end for name in every_name):
                    continue  # a cue inside a country's name: 比 in 莫桑比克
                generic = found.get("comparand", []) if rule.side else []
                spans = self._satisfied(rule, cue, generic + names if rule.names else generic, found, ends)
                if spans and not self._excepted(rule, spans, found):
                    start, end = doc[min(s.start for s in spans)].idx, _end_char(doc, max(s.end for s in spans))
                    matches.append(ToneMatch(rule.kind, _reading(rule), text[start:end], start, end, rule.advice))
        return _without_overlaps(matches, text)

    def _satisfied(self, rule: Rule, cue: Span, comparands: list[Span], found: LazyMatches, ends: list[int]) -> list[Span]:
        spans = [cue]
        if rule.side:
            comparand = next((c for c in comparands if _inside(c, cue) or _near(cue, c, rule.side, rule.reach, ends)), None)
            if comparand is None:
                return []
            spans.append(comparand)
        if rule.then:
            anchor = Span(min(s.start for s in spans), max(s.end for s in spans))
            further = next((m for m in found.get(rule.then, []) if _near(anchor, m, "after", rule.then_reach, ends)), None)
            if further is None:
                return []
            spans.append(further)
        return spans


    @staticmethod
    def _excepted(rule: Rule, spans: list[Span], found: LazyMatches) -> bool:
        start, end = min(s.start for s in spans), max(s.end for s in spans)
        start, end = start - rule.unless_reach, end + rule.unless_reach
        return any(u.start < end and start < u.end for u in found.get(rule.unless, []))


def sentence_ends(doc) -> list[int]:
    """The indices of the tokens that end a sentence; not the point of a number that Chinese
    splits into characters ("第21.3条")."""
    def decimal_point(token) -> bool:
        return (token.text == "." and 0 < token.i < len(doc) - 1
                and doc[token.i - 1].text.isdigit() and doc[token.i + 1].text.isdigit())

    return [token.i for token in doc if token.text in SENTENCE_ENDS and not decimal_point(token)]


def arabic_norm(text: str) -> str:
    """Arabic as the patterns match it: without vowel marks or tatweel, and with the letters a
    writer may spell either way made one (أ إ ٱ as ا, ى as ي: "الاخرى" is "الأخرى")."""
    return without_arabic_marks(text).translate(_ARABIC_LETTERS)


def _words(pattern: str) -> list[str]:
    """The pattern split at the spaces that stand outside parentheses."""
    words, current, depth = [], "", 0
    for char in pattern.strip():
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == " " and depth == 0:
            if current:
                words.append(current)
            current = ""
        else:
            current += char
    return words + [current] if current else words


def _ends_optional(pattern: str) -> bool:
    """Whether the last word of a pattern may match nothing (``~?x``, ``(a b|c)?``, ``~N``)."""
    words = _words(pattern)
    return bool(words) and (words[-1].startswith("~") or "" in (_phrases(words[-1]) or [None]))


def _phrases(word: str) -> list[str] | None:
    """``(a b|c)`` or ``(a b|c)?`` as its alternatives (an empty one when optional), if one of them
    has a space; None for a plain token."""
    optional = word.endswith(")?")
    body = word[1:-2] if optional else word[1:-1]
    if not (word.startswith("(") and (optional or word.endswith(")")) and " " in body):
        return None
    parts, current, depth = [], "", 0
    for char in body:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    if depth or any(part.count("(") != part.count(")") for part in parts + [current]):
        return None
    return [part.strip() for part in parts + [current]] + ([""] if optional else [])


def _comparable_names(names: list[Span], under_review: set[Span], ends: list[int]) -> list[Span]:
    """The names that can be what a State is compared with: every other country's, and the State
    under review's own where another country is named in the same sentence ("Chile has stricter
    rules than Mongolia"), not where it stands alone ("compared with Mongolia's earlier law")."""
    def sentence(span: Span) -> int:
        return sum(1 for end in ends if end < span.start)

    others = {sentence(name) for name in names if name not in under_review}
    return [name for name in names if name not in under_review or sentence(name) in others]


def _inside(comparand: Span, cue: Span) -> bool:
    """Whether a comparand stands inside the cue ("达到本区域其他国家的水平": reach the level of the
    region's other States)."""
    return cue.start <= comparand.start and comparand.end <= cue.end


def _near(cue: Span, other: Span, side: str, reach: int, ends: list[int]) -> bool:
    """Whether ``other`` stands on ``side`` of ``cue``, at most ``reach`` tokens away, in its sentence."""
    if side in ("after", "around") and 0 <= other.start - cue.end <= reach:
        return not any(cue.end <= end < other.start for end in ends)
    if side in ("before", "around") and 0 <= cue.start - other.end <= reach:
        return not any(other.end <= end < cue.start for end in ends)
    return False


def _end_char(doc, token_end: int) -> int:
    last = doc[token_end - 1]
    return last.idx + len(last.text)


def _reading(rule: Rule) -> str:
    if rule.kind == "adversarial":
        return "judging or blaming"
    return "a comparison with other States" if rule.side else "a ranking of States"


def _without_overlaps(matches: list[ToneMatch], text: str) -> list[ToneMatch]:
    """Overlapping matches of one kind as one ("Unlike most States" + "most States in the region");
    of two kinds, the longer, unless the shorter lies wholly inside it (a comparison inside a
    question that blames is a finding of its own); in the order of the text."""
    merged = [match for kind in sorted({m.kind for m in matches})
              for match in _merged([m for m in matches if m.kind == kind], text)]
    kept = [match for match in merged if not any(_crowded_out(match, other) for other in merged)]
    return sorted(kept, key=lambda m: (m.start, -m.end))


def _merged(matches: list[ToneMatch], text: str) -> list[ToneMatch]:
    """Matches of one kind, those that overlap made one."""
    kept: list[ToneMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        last = kept[-1] if kept else None
        if last is None or match.start >= last.end:
            kept.append(match)
        else:
            end = max(last.end, match.end)
            kept[-1] = ToneMatch(last.kind, last.reading, text[last.start:end], last.start, end, last.advice)
    return kept


def _crowded_out(match: ToneMatch, other: ToneMatch) -> bool:
    """Whether ``other``, of the other kind, overlaps ``match`` and wins: it is longer (or as long
    and earlier) and does not hold ``match`` wholly inside it."""
    if other.kind == match.kind or other.end <= match.start or match.end <= other.start:
        return False
    if other.start <= match.start and match.end <= other.end:
        return False
    return (other.end - other.start, -other.start) > (match.end - match.start, -match.start)


@cache
def patterns(language: str, path: Path = PATTERNS_FILE) -> LanguagePatterns | None:
    """The compiled patterns of ``language`` (None when the file has none for it)."""
    loaded = load_file(path)
    if loaded.findings:
        raise PublisherError(*loaded.findings, exit_code=EXIT_UNREADABLE)
    entries = (loaded.data or {}).get(language)
    if not entries:
        return None
    compiled = LanguagePatterns(language, entries, str(path), loaded.source)
    compiled.add_names(country_names(language))
    return compiled


def country_names(language: str) -> list[str]:
    """UNTERM short names of every country in ``language``, without their article, in the forms
    they take in a sentence (tone_names.py), as comparands."""
    from ..reference import countries

    names = {unterm_parts(country.names.get(language) or country.short_name)[0] for country in countries().values()}
    return sorted(form for name in names if name for form in name_forms(name, language))


@cache
def names_of(state: str, language: str) -> frozenset[str]:
    """The lower-cased names of the State under review in ``language`` (in all its forms) and
    English, with their apostrophes as ' (as make_doc reads them), never a comparand."""
    from ..reference import countries

    country = countries().get(state)
    if country is None:
        return frozenset({typewriter_apostrophes(state.lower())})
    local = unterm_parts(country.names.get(language) or country.short_name)[0]
    names = {state, country.plain_name} | name_forms(local, language)
    return frozenset(typewriter_apostrophes(name.lower()) for name in names)


def find(text: str, language: str, state: str | None = None) -> list[ToneMatch]:
    """The comparisons and judgements in ``text``; ``state`` (English short name) is the State under review."""
    compiled = patterns(language)
    if compiled is None:
        return []
    return compiled.find(text, names_of(state, language) if state else frozenset())
