"""Paragraphs -> sentences for the six UN languages.

spaCy does the tokenizing and proposes boundaries: ``spacy.blank(lang)`` with its ``sentencizer``
(blank Chinese keeps its default character segmenter, so nothing is downloaded or loaded). A
second pipe, ``un_sentence_rules``, then decides every proposed boundary with rules for UN text:

- an abbreviation that never ends a sentence ("para.", "No.", "e.g.", "M.", "párr.", "ст.") and
  a title before a name ("Mr.", "Sra.") keep the sentence going; so do initials ("J. Smith");
- a number label opening a sentence ("51.", "IV.", "A.") is part of the sentence it opens;
- in the cased languages a sentence never starts with a lower-case letter ("etc. and", "(i.e. the");
- an end mark inside brackets that close later in the paragraph ends no sentence; inside
  quotation marks it does, as in running text (the UN Parallel Corpus splits quotations too);
- full stops inside document symbols and numbers (E/CN.15/2015/11, 3.5) are never boundaries:
  outside Chinese a boundary needs white space after the end mark;
- closing quotes and brackets after an end mark, the asterisk closing italics ("slavery.*") and
  footnote references of our markup ("2022.[^oci]") or their placeholders (⟦3⟧), belong to the
  sentence that ends.

It also adds the boundaries the tokenizer hides, where the end mark is glued to a token it kept
whole ("etc." before a capital; Arabic text, whose tokenizer leaves "A/RES/55/25." whole).

Chinese sentences end at 。！？ (and at a half-width ? or ! before white space or a Chinese
character); "；" joins clauses of one sentence (in the UN corpus it matches an English ";", inside
a sentence or at the end of a list item, which is a paragraph of its own), and "." belongs to a
number, a label or Latin text. Arabic sentences end at . ؟ ! ("،" is a comma, "؛" a semicolon).

Spans: the sentences of a paragraph cover it exactly. A span runs from the first character of its
sentence to the first character of the next one, so the white space between two sentences ends
the preceding span, and white space before the first sentence starts the first span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import PublisherError
from ..findings import Finding
from ..reference import LANGUAGES
from ..tokenizers import blank


_PARAGRAPH = "publisher.paragraph"
# Longer paragraphs are refused (segment.too-long): spaCy stops at 1,000,000 characters, and the
# rules above take seconds from a few hundred thousand on. A UN paragraph has a few thousand.
MAX_PARAGRAPH_CHARACTERS = 100_000


@dataclass(frozen=True)
class Span:
    """One sentence of a paragraph with the white space after it: text[start:end]."""

    start: int
    end: int


def segment_spans(text: str, language: str) -> list[Span]:
    """The sentences of one paragraph as character spans that, in order, cover ``text`` exactly."""
    nlp = pipeline(language)
    if not text:
        return []
    if len(text) > MAX_PARAGRAPH_CHARACTERS:
        raise PublisherError(Finding("", 0, 0, "paragraph", f"a paragraph of {len(text):,} characters is too long to "
                                     f"split into sentences (at most {MAX_PARAGRAPH_CHARACTERS:,}; paragraphs are "
                                     "separated by blank lines)", "segment.too-long"))
    doc = nlp.make_doc(text)
    doc.user_data[_PARAGRAPH] = text  # spares the rules rebuilding it from the tokens (doc.text)
    columns = nlp(doc).to_array(["IDX", "SENT_START"])  # doc.sents, without making Token objects
    starts = columns[1:, 0][columns[1:, 1] == 1].tolist()
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

END_MARKS = ".?!…؟"  # followed by white space
CJK_END_MARKS = "。！？"  # anywhere
CLOSERS = "\"'”’»)]}›」』》）】〕〉"
_SPACED_CLOSERS = "”»›"  # close a quotation even after a space, as in French « Non. »
# What else a sentence keeps after its end mark: footnote references of our markup ("Act of
# 2022.[^oci] The ...") and the placeholders that stand for them in protected text (⟦3⟧); and,
# before white space, the asterisk that closes italics ("*No one shall be held in slavery.* The").
# (Glued to a Chinese end mark, an asterisk opens the italics of the next sentence: 。*...)
_CLOSING = rf"(?:[{re.escape(CLOSERS)}]|\[\^[A-Za-z0-9][A-Za-z0-9_-]*\]|⟦[0-9]+⟧)"
_CLOSING_BEFORE_SPACE = rf"(?:{_CLOSING}|\*)"
OPENERS = "\"'“‘«([{‹「『《（【〔〈¿¡"
_CASED = {"en", "fr", "es", "ru"}

# Abbreviations after which a sentence never ends, as written (one word, or two: "т. е."); a
# lower-case one also matches with a capital first letter ("Para. 5 says ..."). "etc.", "и т.д."
# and "и т.п." are not here: they end a sentence before a capital letter ("... theft etc. The
# Committee"), and the lower-case rule keeps "etc. and" whole.
_SHARED_ABBREVIATIONS = {
    "para.", "paras.", "subpara.", "art.", "arts.", "No.", "Nos.", "Nº.", "e.g.", "i.e.", "cf.",
    "Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.", "Prof.", "H.E.", "p.", "pp.", "vol.", "vols.",
    "approx.", "Inc.", "Ltd.", "St.", "Co.", "Corp.", "Jr.", "fig.", "chap.", "sect.", "v.",
    "vs.", "viz.", "op.", "loc.",
}
_ABBREVIATIONS = {
    "en": _SHARED_ABBREVIATIONS,
    "fr": _SHARED_ABBREVIATIONS | {
        "par.", "al.", "M.", "MM.", "S.E.", "c.", "env.", "éd.", "ex.", "c.-à-d.", "réf.",
        "sous-par.", "Mme.", "Mlle.", "no.", "nos."},
    "es": _SHARED_ABBREVIATIONS | {
        "párr.", "párrs.", "núm.", "núms.", "Sr.", "Sra.", "Sres.", "Sras.", "Srta.", "Dra.",
        "Excmo.", "Excma.", "pág.", "págs.", "aprox.", "ej.", "apdo.", "inc.", "c.", "Dña.",
        "Ud.", "Uds."},
    "ru": _SHARED_ABBREVIATIONS | {
        "п.", "пп.", "ст.", "стт.", "г.", "гг.", "т.е.", "т. е.", "т.", "т.к.", "т.н.",
        "см.", "стр.", "с.", "ч.", "гл.", "разд.", "прим.", "табл.", "рис.", "млн.", "млрд.",
        "тыс.", "долл.", "руб.", "им.", "ок.", "напр.", "проф.", "акад.", "англ.", "подп.",
        "абз.", "вып.", "ред.", "час."},
    "ar": _SHARED_ABBREVIATIONS,  # Arabic text quotes Latin names and titles as they are
    "zh": _SHARED_ABBREVIATIONS,
}
_MAY_END_SENTENCE = {"т. д.", "т. п."}  # "п." alone is "пункт", which never ends one
# Titles before a name: after them a single capital letter is an initial.
_TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "H.E.", "M.", "MM.", "Mme", "Mmes", "S.E.",
           "Sr.", "Sra.", "Dra.", "г-н", "г-жа", "д-р"}
# Words a single capital letter follows as a numeral or a letter of a part, not as an initial:
# "annex I.", "Part B.", "l'annexe II.", "приложение I."
_PART_WORDS = {
    "annex", "annexes", "part", "chapter", "section", "appendix", "table", "figure", "schedule",
    "group", "category", "list", "phase", "stage", "option", "class", "level", "type", "plan",
    "volume", "title", "article", "step",
    "annexe", "partie", "chapitre", "tableau", "groupe", "catégorie", "liste", "étape", "titre",
    "anexo", "anexos", "parte", "capítulo", "sección", "apéndice", "cuadro", "grupo", "categoría",
    "lista", "etapa", "título", "opción",
    "приложение", "приложения", "приложении", "часть", "части", "глава", "главе", "главы",
    "раздел", "разделе", "раздела", "таблица", "таблице", "группа", "группы", "группе",
    "категория", "категории", "список", "этап", "вариант",
}

_INITIALS = re.compile(r"(?:[A-ZÀ-ÞА-ЯЁ]\.)+")
_LABEL_PART = r"(?:[0-9٠-٩]+|[IVXLCDM]+|[A-Za-zА-ЯЁ]|[一二三四五六七八九十]+)"
# A number label opening a paragraph or a heading: "51.", "1.2.", "IV.", "A.", "IV.G.", "IV. G."
_DOTTED_LABEL = re.compile(rf"{_LABEL_PART}(?:[.\s]\s*{_LABEL_PART})*\.")
# A sub-paragraph label opening the next sentence: "(a)", "a)", "(iv)", "(أ)", "b.", "iv."
_NEXT_LABEL = re.compile(r"\(?(?:[0-9٠-٩]+|[ivxlc]+|[a-zA-Z]{1,2}|[\u0621-\u064A])\)|(?:[a-z]|[ivx]+)\.")
_CANDIDATE = re.compile(rf"[{re.escape(END_MARKS)}](?:{_CLOSING_BEFORE_SPACE}|\s(?=[{_SPACED_CLOSERS}]))*(?=\s)"
                        rf"|[{CJK_END_MARKS}]{_CLOSING}*")
_TRAILING_CLOSING = re.compile(rf"(?:{_CLOSING_BEFORE_SPACE}|\s)+\Z")
_NOT_SPACE = re.compile(r"\S")
_WORD = re.compile(r"\S+")
_BRACKET = re.compile(r"[()\[\]（）]")
_PAIRS = {")": "(", "]": "[", "）": "（"}


def _words_before(text: str, end: int, since: int, count: int) -> list[str]:
    """The last ``count`` white-space-delimited words of text[since:end], openers stripped."""
    words = text[max(since, end - 40 * count):end].split()[-count:]
    return [word.lstrip(OPENERS) for word in words]


def _next_word(text: str, start: int) -> str:
    """The white-space-delimited word that starts at ``start`` (never white space), whole,
    openers stripped."""
    return _WORD.match(text, start).group().lstrip(OPENERS)


def _without_elision(word: str) -> str:
    """French "l’art." -> "art.", "l'annexe" -> "annexe"."""
    return word.rsplit("’", 1)[-1].rsplit("'", 1)[-1]


def _is_abbreviation(word: str, language: str) -> bool:
    known = _ABBREVIATIONS[language]
    word = _without_elision(word)
    return word in known or word[:1].isupper() and word[:1].lower() + word[1:] in known


def _ends_with_abbreviation(text: str, mark_end: int, sentence_start: int, language: str) -> bool:
    words = _words_before(text, mark_end, sentence_start, 2)
    if not words or " ".join(words) in _MAY_END_SENTENCE:
        return False
    return _is_abbreviation(words[-1], language) or _is_abbreviation(" ".join(words), language)


def _is_initial(text: str, mark_end: int, start: int, sentence_start: int) -> bool:
    """A capital letter and a full stop before a capitalized word that is a name:
    "A. B. Smith", "Mr. J. Smith", "Andrzej T. Abraszewski" (but not "annex I. The")."""
    *before, word = _words_before(text, mark_end, sentence_start, 2)
    following = _next_word(text, start)
    if not following[:1].isupper() or not _INITIALS.fullmatch(word):
        return False
    if len(word) > 2 or _INITIALS.fullmatch(following):
        return True
    if not before:
        return True  # it opens the sentence: "É. Dupont a ..." (a label "A." was decided before)
    previous = before[0]
    if previous in _TITLES or _INITIALS.fullmatch(previous):
        return True
    return previous[:1].isupper() and previous.lower() not in _PART_WORDS


def _opens_lower_case(text: str, start: int) -> bool:
    word = _next_word(text, start)
    if _NEXT_LABEL.fullmatch(word):
        return False  # a sub-paragraph label opens a sentence, whatever its case
    return word[:1].islower()


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def _end_marks(language: str) -> str:
    """The marks that end a sentence before white space. In Chinese a full stop is 。, and a "."
    before white space belongs to a label, a number or a Latin abbreviation ("A. de Zayas")."""
    return "?!" if language == "zh" else END_MARKS  # "?" and "!" also before a Chinese character


def _ends_sentence(text: str, end: int, start: int, sentence_start: int, language: str,
                   enclosed: list[tuple[int, int]]) -> bool:
    """Whether a sentence ends at ``end`` (after its end mark and closers), the next one
    starting at ``start``; the current sentence started at ``sentence_start``."""
    window_start = max(sentence_start, end - 80)
    trailing = _TRAILING_CLOSING.search(text, window_start, end)
    mark_end = trailing.start() if trailing else end
    mark = text[mark_end - 1] if mark_end > sentence_start else ""
    if not mark or mark not in _end_marks(language) + CJK_END_MARKS:
        return False
    if start == end and mark not in CJK_END_MARKS and not (language == "zh" and _is_cjk(text[start])):
        return False  # a full stop inside a symbol or a number: E/CN.15/2015/11, 3.5
    if text[start] in CLOSERS and text[start] not in OPENERS or text[start] in END_MARKS + ",":
        return False  # what follows still belongs to this sentence: « Non. », "end. ."
    if any(opened < mark_end - 1 and end <= closed for opened, closed in enclosed):
        return False  # a bracket opened before the end mark closes later in the paragraph
    if mark in CJK_END_MARKS:
        return True
    if _DOTTED_LABEL.fullmatch(text[sentence_start:mark_end].strip().lstrip(OPENERS).lstrip()):
        return False  # "51." opening the sentence is its label, also quoted: « 1. Chaque ... »
    if mark == "." and (_ends_with_abbreviation(text, mark_end, sentence_start, language)
                        or _is_initial(text, mark_end, start, sentence_start)):
        return False
    if language in _CASED and _opens_lower_case(text, start):
        return False
    return True


def _enclosed(text: str) -> list[tuple[int, int]]:
    """(opening, closing) offsets of the brackets that open and close within ``text``."""
    spans, stack = [], []
    for match in _BRACKET.finditer(text):
        char = match.group()
        if char not in _PAIRS:
            stack.append((char, match.start()))
        elif stack and stack[-1][0] == _PAIRS[char]:
            spans.append((stack.pop()[1], match.start()))
    return spans


def _candidates(text: str, proposed: list[int]) -> dict[int, int]:
    """Where a sentence may end, as {start of the next sentence: end of this one}: the
    sentencizer's proposals (offsets of tokens), and every end mark that the tokenizer kept
    inside a token ("etc.", Arabic "A/RES/55/25.") with the closers after it."""
    found = {}
    for offset in proposed:
        end = offset
        while end > 0 and text[end - 1].isspace():
            end -= 1
        following = _NOT_SPACE.search(text, offset)
        if following:
            found[following.start()] = end
    for match in _CANDIDATE.finditer(text):
        end = _opening_quote_excluded(text, match)
        following = _NOT_SPACE.search(text, end)
        if following:
            found[following.start()] = end
    return found


def _opening_quote_excluded(text: str, match: re.Match) -> int:
    """The end of a candidate without a straight double quote glued after the end mark that
    opens the next sentence rather than closing this one (Chinese text uses straight quotes
    without spaces: 。"...): it opens when the quotes before it are balanced."""
    quote = text.find('"', match.start(), match.end())
    while quote != -1:
        if text.count('"', 0, quote) % 2 == 0:
            return quote
        quote = text.find('"', quote + 1, match.end())  # it closed a quotation: the next may open one
    return match.end()


@Language.component("un_sentence_rules")
def apply_un_sentence_rules(doc: Doc) -> Doc:
    """Decides each boundary the sentencizer proposed, and those it could not see, by the rules
    above; the first token of each surviving sentence becomes its only sentence start."""
    text = doc.user_data.get(_PARAGRAPH) or doc.text
    columns = doc.to_array(["IDX", "SENT_START"])
    offsets = columns[:, 0]
    proposed = numpy.flatnonzero(columns[1:, 1] == 1) + 1
    candidates = _candidates(text, offsets[proposed].tolist())
    enclosed = _enclosed(text) if candidates else []
    starts, sentence_start = [], 0
    for start in sorted(candidates):
        index = int(numpy.searchsorted(offsets, start))
        if index == len(doc) or offsets[index] != start:
            continue  # inside a token ("。X" outside Chinese): not a place a sentence can start
        if _ends_sentence(text, candidates[start], start, sentence_start, doc.lang_, enclosed):
            starts.append(index)
            sentence_start = start
    for index in set(proposed.tolist()) - set(starts):
        doc[index].is_sent_start = False
    for index in starts:
        doc[index].is_sent_start = True
    return doc


@cache
def pipeline(language: str) -> Language:
    """spaCy's blank pipeline for ``language`` with the sentencizer and the UN rules, built once
    per process (blank pipelines load nothing: no model, no network). Its tokenizer and vocabulary
    are the process's shared ones (tokenizers.blank), which the glossary and the tone check use too."""
    if language not in LANGUAGES:
        raise PublisherError(Finding("", 0, 0, "language", f"no sentence segmentation for language {language!r}; "
                                     f"expected one of {', '.join(LANGUAGES)}", "segment.unsupported-language"))
    shared = blank(language)  # the process's one tokenizer and vocabulary of the language (tokenizers.py)
    nlp = type(shared)(vocab=shared.vocab, create_tokenizer=lambda _nlp: shared.tokenizer)
    nlp.add_pipe("sentencizer", config={"punct_chars": list(_end_marks(language) + CJK_END_MARKS)})
    nlp.add_pipe("un_sentence_rules")
    return nlp
