"""Paragraphs -> sentences for the six UN languages.

spaCy does the tokenizing and proposes boundaries: ``spacy.blank(lang)`` with its ``sentencizer``
(blank Chinese keeps its default character segmenter, so nothing is downloaded or loaded). A
second pipe, ``un_sentence_rules``, then decides every proposed boundary with rules for UN text:

- an abbreviation that never ends a sentence ("para.", "No.", "e.g.", "M.", "párr.", "ст.") and
  a title before a name ("Mr.", "Sra.") keep the sentence going; so do initials ("J. Smith");
- a number label opening a sentence ("51.", "IV.", "A.") is part of the sentence it opens;
- in the cased languages a sentence never starts with a lower-case letter ("etc. and", "(i.e. the");
- a full stop inside brackets that close later in the paragraph ends no sentence of the paragraph;
- full stops inside document symbols and numbers (E/CN.15/2015/11, 3.5) are never boundaries:
  outside Chinese a boundary needs white space after the end mark;
- closing quotes and brackets after an end mark belong to the sentence that ends.

It also adds the boundaries the tokenizer hides, where the end mark is glued to a token it kept
whole ("etc." before a capital; Arabic text, whose tokenizer leaves "A/RES/55/25." whole).

Chinese sentences end at 。！？ only: "；" joins clauses of one sentence (in the UN corpus it
matches an English ";" — inside a sentence, or at the end of a list item, which is a paragraph of
its own). Arabic sentences end at . ؟ ! ("،" is a comma, "؛" a semicolon).

Spans: the sentences of a paragraph cover it exactly. A span runs from the first character of its
sentence to the first character of the next one, so the white space between two sentences ends
the preceding span, and white space before the first sentence starts the first span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import PublisherError
from ..findings import Finding
from ..reference import LANGUAGES


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def segment_spans(text: str, language: str) -> list[Span]:
    """The sentences of one paragraph as character spans that, in order, cover ``text`` exactly."""
    if not text:
        return []
    starts = [sentence[0].idx for sentence in pipeline(language)(text).sents][1:]
    bounds = [0, *starts, len(text)]
    return [Span(start, end) for start, end in zip(bounds, bounds[1:])]


def segments(text: str, language: str) -> list[str]:
    """The sentences of one paragraph, stripped, without empty ones."""
    pieces = (text[span.start:span.end].strip() for span in segment_spans(text, language))
    return [piece for piece in pieces if piece]


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, stripped, without empty ones."""
    return [paragraph.strip() for paragraph in _BLANK_LINE.split(text) if paragraph.strip()]


# --- the rules --------------------------------------------------------------------------------

CLOSERS = "\"'”’»)]}›」』》）】〕〉"
OPENERS = "\"'“‘«([{‹「『《（【〔〈¿¡"
END_MARKS = ".?!…؟"
CJK_END_MARKS = "。！？"

# Abbreviations after which a sentence never ends, as written; a lower-case one also matches
# with a capital first letter (at the start of a sentence: "Para. 5 says ...").
_COMMON_ABBREVIATIONS = {
    "para.", "paras.", "art.", "arts.", "No.", "Nos.", "e.g.", "i.e.", "Mr.", "Mrs.", "Ms.",
    "Messrs.", "Dr.", "Prof.", "p.", "pp.", "vol.", "vols.", "cf.", "approx.", "Inc.", "Ltd.",
    "St.", "Co.", "Corp.", "Jr.", "H.E.", "Amb.", "fig.", "ch.", "chap.", "sect.", "subpara.",
    "vs.", "viz.", "op.", "loc.", "Nº.", "nº.",
}
_ABBREVIATIONS = {
    "en": set(),
    "fr": {"par.", "al.", "M.", "MM.", "S.E.", "env.", "éd.", "ex.", "c.-à-d.", "chap.", "réf.",
           "sous-par.", "Mme.", "Mlle."},
    "es": {"párr.", "párrs.", "núm.", "núms.", "Sr.", "Sra.", "Sres.", "Sras.", "Srta.", "Dra.",
           "Excmo.", "Excma.", "pág.", "págs.", "aprox.", "ej.", "apdo.", "inc.", "D.", "Dña.",
           "Ud.", "Uds."},
    "ru": {"п.", "пп.", "ст.", "стт.", "г.", "гг.", "т.е.", "т.д.", "т.п.", "т.", "см.", "стр.",
           "с.", "ч.", "гл.", "разд.", "прим.", "табл.", "рис.", "млн.", "млрд.", "тыс.",
           "долл.", "руб.", "им.", "ок.", "напр.", "проф.", "акад.", "англ.", "пр.", "подп.", "абз.",
           "вып.", "ред.", "т.к.", "т.н."},
    "ar": set(),
    "zh": set(),
}
# Titles before a name: after them a single capital letter is an initial, not a sentence.
_TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "M.", "MM.", "Sr.", "Sra.", "Dra.", "H.E.",
           "S.E.", "Mme", "Mmes", "г-н", "г-жа", "д-р"}
_CASED = {"en", "fr", "es", "ru"}

_SINGLE_INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.$")
_GLUED_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁ]\.){2,}$")
# Labels that open a numbered paragraph or sub-paragraph: "51.", "1.2.", "IV.", "A.", "(a)",
# "a)", "(i)", "(أ)", Arabic-Indic digits too.
_DOTTED_LABEL = re.compile(r"^(?:[0-9٠-٩]+(?:\.[0-9٠-٩]+)*|[IVXLC]+|[A-Za-z])\.$")
_BRACKET_LABEL = re.compile(r"^\(?(?:[0-9٠-٩]+|[ivxlc]+|[a-zA-Z]{1,2}|[\u0621-\u064A])\)$")


@dataclass(frozen=True)
class _Candidate:
    end: int  # just after the end mark and the closing quotes or brackets that follow it
    start: int  # first character of the next sentence


def _last_word(text: str, end: int) -> str:
    """The white-space-delimited word that ends at ``end``, without opening quotes or brackets."""
    window = text[max(0, end - 40):end]
    word = window.rsplit(None, 1)[-1] if window.strip() else ""
    return word.lstrip(OPENERS)


def _next_word(text: str, start: int) -> str:
    window = text[start:start + 40]
    return window.split(None, 1)[0] if window.strip() else ""


def _word_before(text: str, end: int) -> str:
    """The word before the one that ends at ``end``."""
    window = text[max(0, end - 80):end].split()
    return window[-2].lstrip(OPENERS) if len(window) >= 2 else ""


def _is_abbreviation(word: str, language: str) -> bool:
    known = _COMMON_ABBREVIATIONS | _ABBREVIATIONS[language]
    return word in known or word[:1].lower() + word[1:] in known and word[:1].isupper()


def _starts_lower_case(word: str) -> bool:
    if _BRACKET_LABEL.match(word):  # "(a)" opens a sub-paragraph, whatever its case
        return False
    letters = word.lstrip(OPENERS)
    return bool(letters) and letters[0].islower()


def _is_initial(word: str, text: str, candidate: _Candidate) -> bool:
    following = _next_word(text, candidate.start).lstrip(OPENERS)
    if not following[:1].isupper():
        return False
    if _GLUED_INITIALS.match(word):
        return True
    if not _SINGLE_INITIAL.match(word):
        return False
    before = _word_before(text, candidate.end)
    return before in _TITLES or bool(_SINGLE_INITIAL.match(before) or _GLUED_INITIALS.match(before)) \
        or bool(_SINGLE_INITIAL.match(following) or _GLUED_INITIALS.match(following))


def _ends_sentence(text: str, candidate: _Candidate, sentence_start: int, language: str,
                   enclosed: list[tuple[int, int]]) -> bool:
    marked = text[:candidate.end].rstrip(CLOSERS)
    if not marked or marked[-1] not in END_MARKS + CJK_END_MARKS:
        return False
    if any(open_at < candidate.end - 1 and candidate.end < close_at for open_at, close_at in enclosed):
        return False
    if marked[-1] in CJK_END_MARKS:
        return True
    word = _last_word(text, len(marked))
    if not text[sentence_start:len(marked) - len(word)].strip(" \t\n" + OPENERS) and _DOTTED_LABEL.match(word):
        return False  # "51." opening the sentence is its label
    if marked[-1] == "." and (_is_abbreviation(word, language) or _is_initial(word, text, candidate)):
        return False
    if language in _CASED and _starts_lower_case(_next_word(text, candidate.start)):
        return False
    return True


_PAIRS = {"(": ")", "[": "]", "（": "）", "«": "»", "“": "”"}


def _enclosed(text: str) -> list[tuple[int, int]]:
    """Spans (opening, closing) of brackets and quotes that open and close within ``text``."""
    spans, stack = [], []
    for index, char in enumerate(text):
        if char in _PAIRS:
            stack.append((char, index))
        elif stack and char == _PAIRS[stack[-1][0]]:
            spans.append((stack.pop()[1], index))
    return spans


def _candidates(doc: Doc) -> list[_Candidate]:
    """Where a sentence may end: the sentencizer's boundaries and, beyond them, every token that
    ends with an end mark (and closers) followed by white space, or with a Chinese end mark."""
    found = []
    tokens = [token for token in doc if not token.is_space]
    for previous, token in zip(tokens, tokens[1:]):
        end = previous.idx + len(previous.text)
        if token.idx == end and not token.text.strip(CLOSERS):
            continue  # a closing quote or bracket stays with the end mark before it
        spaced_end = token.idx > end and previous.text.rstrip(CLOSERS)[-1:] in END_MARKS
        if token.is_sent_start or spaced_end or previous.text[-1] in CJK_END_MARKS:
            found.append(_Candidate(end=end, start=token.idx))
    return found


@Language.component("un_sentence_rules")
def apply_un_sentence_rules(doc: Doc) -> Doc:
    text = doc.text
    enclosed = _enclosed(text) if any(char in text for char in _PAIRS) else []
    starts, sentence_start = set(), 0
    for candidate in _candidates(doc):
        if _ends_sentence(text, candidate, sentence_start, doc.lang_, enclosed):
            starts.add(candidate.start)
            sentence_start = candidate.start
    for token in doc[1:]:
        token.is_sent_start = token.idx in starts
    return doc


@cache
def pipeline(language: str) -> Language:
    """spaCy's blank pipeline for ``language`` with the sentencizer and the UN rules, built once."""
    if language not in LANGUAGES:
        raise PublisherError(Finding("", 0, 0, "language", f"no sentence segmentation for language {language!r}; "
                                     f"expected one of {', '.join(LANGUAGES)}", "segment.unsupported-language"))
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer", config={"punct_chars": list(END_MARKS + CJK_END_MARKS)})
    nlp.add_pipe("un_sentence_rules")
    return nlp
