"""Rule family ``words``: each document stays within its blueprint's word limit.

How words are counted (the way Microsoft Word counts, which is how UN text is measured):
- a word is a run of characters between spaces that contains at least one letter or digit, so
  "inter-agency" and "2021–2025" are one word each and a lone dash is none;
- each Chinese (Han) or Japanese kana character counts as one word, as Word counts East Asian
  text; Latin words and numbers inside Chinese text count as above;
- footnote markers and italics markup are not counted; the text of each footnote the document
  cites is counted once; generated text (masthead, headings, the standard introduction) is not.

A word longer than ``MAX_WORD_CHARACTERS`` (100) that is not a web address is an error in any
language version (``words.too-long``): no line of a page can hold it, and the PDF would cut it
(the longest words of the six languages, chemical names aside, stay under 50 characters; Chinese
characters are words of their own). A web address (``http://``, ``https://``, ``www.``) may be
longer: it breaks at its slashes.

The limit applies to the outcome in the language it was agreed in. A translation (a file whose
``original_language`` differs from its ``language``) is not measured: a faithful Chinese
translation of a 1000-word English text has far more than 1000 characters.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..markup import note_keys, plain_text
from ..model import Content, ReviewOutcome
from .context import Context
from .sections import DOCUMENT_NAMES

_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_WORD = re.compile(r"\w", re.UNICODE)


def count_words(text: str) -> int:
    text = plain_text(text)
    east_asian = len(_EAST_ASIAN.findall(text))
    rest = _EAST_ASIAN.sub(" ", text)
    return east_asian + sum(1 for token in rest.split() if _WORD.search(token))


def document_words(outcome: ReviewOutcome, content: Content) -> int:
    total, cited = 0, []
    for section in content.sections:
        for paragraph in section.all_paragraphs():
            for _path, text in paragraph.texts():
                total += count_words(text)
                cited.extend(k for k in note_keys(text) if k not in cited)
    return total + sum(count_words(outcome.footnotes.get(key, "")) for key in cited)


MAX_WORD_CHARACTERS = 100
_WEB_ADDRESS = re.compile(r"(?i)^\W*(https?://|www\.)")


def long_words(text: str) -> list[str]:
    """The words of ``text`` longer than MAX_WORD_CHARACTERS that are not web addresses."""
    rest = _EAST_ASIAN.sub(" ", plain_text(text))
    return [w for w in rest.split() if len(w) > MAX_WORD_CHARACTERS and not _WEB_ADDRESS.match(w)]


def check(context: Context) -> Iterator[Finding]:
    yield from _check_long_words(context)
    yield from _check_limits(context)


def _check_long_words(context: Context) -> Iterator[Finding]:
    fields = [(path, text) for _kind, path, text in context.texts()]
    fields += [(f"footnotes.{key}", text) for key, text in context.outcome.footnotes.items()]
    for path, text in fields:
        for word in long_words(text):
            yield context.finding(path, f"a word of {len(word):,} characters (\"{word[:20]}...\"); a word may have "
                                  f"at most {MAX_WORD_CHARACTERS} (no line of a page holds more): put in the spaces",
                                  "words.too-long", position=context.outcome.source.locate_text(path, word[:40]))


def _check_limits(context: Context) -> Iterator[Finding]:
    if context.outcome.review.is_translation:
        return  # the limit binds the outcome as agreed (its original language), not its translations
    for kind, blueprint in context.blueprints.documents.items():
        if blueprint.word_limit is None:
            continue
        words = document_words(context.outcome, context.outcome.documents[kind])
        if words > blueprint.word_limit:
            source = f" ({blueprint.word_limit_source})" if blueprint.word_limit_source else ""
            yield context.finding(
                kind,
                f"the {DOCUMENT_NAMES[kind]} has {words:,} words; the limit is {blueprint.word_limit:,}{source}",
                "words.over-limit")
