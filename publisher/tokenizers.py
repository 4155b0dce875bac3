"""The one blank spaCy pipeline of each language in a process: its tokenizer and its vocabulary.

Segmentation (translate/segment.py), glossary matching (translate/glossary.py, which QA uses too)
and the tone check (validate/tone_patterns.py) all cut text into spaCy tokens of the same blank
language. Each used to build a pipeline of its own, so a process that drafts and then validates a
French version built two French tokenizers and two vocabularies, and made each word's lexeme (its
lower-case form, shape, prefix and suffix: Python functions called once per new word) twice. This
module builds one per language and process, and every user takes it from here.

A blank pipeline loads no model and touches no network. What it costs is the language's data:
importing spaCy's French compiles its tokenizer's very large regular expression (about 2.5 s of
CPU, once per process), which is compiled here factored into the same language in a twentieth of
the time (factored_patterns.py); a second pipeline of a language costs 0.03-0.13 s more and its
own lexemes.

Only the tokenizer and the vocabulary are shared: ``make_doc`` and ``vocab`` are what the users
call. Nothing is added to the pipeline here (segmentation applies its own sentence pipes to the
doc), so each user sees the same bare tokenizer.

Arabic words are compared without their marks by the glossary and the tone check alike
(``without_arabic_marks``), so that "مقارنةً" meets "مقارنة" in both.

The tone check reads every apostrophe as the typewriter's ' (``typewriter_apostrophes``): editors
write in Word and the web app, which give ’ (and pasted text ‘ ʼ ′ ＇ ‛), while its patterns, lexicon
and training sentences were mostly written with '. Each is one character for one, so an offset in
the text read is an offset in the editor's text.
"""
from __future__ import annotations

import re
from functools import cache

# Quranic annotation signs, tanween, short vowels, shadda, sukun and the other combining marks,
# superscript alef, small high signs, and tatweel: written or not, the word is the same
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# right and left single quotation marks (Word's apostrophe and its opening twin), the reversed-9
# quotation mark, the modifier letter apostrophe, the prime and the full-width apostrophe
TYPOGRAPHIC_APOSTROPHES = "\u2019\u2018\u201b\u02bc\u2032\uff07"
_TO_TYPEWRITER = str.maketrans(dict.fromkeys(TYPOGRAPHIC_APOSTROPHES, "'"))


@cache
def blank(language: str):
    """spaCy's blank pipeline of ``language`` (a ``spacy.language.Language``), built once per process."""
    import spacy  # here, not at the top: the command line starts without spaCy (docs/performance.md)

    from .factored_patterns import factored_large_patterns

    with factored_large_patterns():  # the language's module is imported now, the first time
        return spacy.blank(language)


def without_arabic_marks(text: str) -> str:
    """``text`` without the Arabic marks and tatweel that a writer may add or leave out."""
    return ARABIC_MARKS.sub("", text)


def typewriter_apostrophes(text: str) -> str:
    """``text`` with every typographic apostrophe (TYPOGRAPHIC_APOSTROPHES) written as ', one
    character for one: "the region’s" is "the region's", at the same offsets."""
    return text.translate(_TO_TYPEWRITER)
