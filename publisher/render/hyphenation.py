"""Hyphenation of English, French, Spanish and Russian text.

The PDF hyphenates in WeasyPrint (``hyphens: auto`` with the language's Pyphen dictionary). A
browser hyphenates only where it has a dictionary of its own, and Chromium on Debian has none, so
the HTML file carries its break points as soft hyphens (U+00AD), found with the same dictionaries:
justified lines then break like the PDF's instead of stretching their spaces.
"""
from __future__ import annotations

import re
from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"
# The languages UN documents hyphenate; Arabic and Chinese are not hyphenated.
DICTIONARIES = {"en": "en_US", "fr": "fr", "es": "es", "ru": "ru_RU"}
_MIN_WORD = 7  # shorter words are never worth a break
_WORD = re.compile(rf"[^\W\d_]{{{_MIN_WORD},}}")


def hyphenates(language: str) -> bool:
    return language in DICTIONARIES


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=DICTIONARIES[language], left=2, right=3)


def soft_hyphens(text: str, language: str) -> str:
    """``text`` with a soft hyphen at each break point of its long words (unchanged for a language
    that is not hyphenated)."""
    if not hyphenates(language):
        return text
    dictionary = _dictionary(language)
    return _WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen=SOFT_HYPHEN), text)
