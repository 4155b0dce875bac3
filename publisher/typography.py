"""Language-specific typography applied to every string of a document by compose.

French puts a no-break space before the high punctuation marks (UN French follows the
Imprimerie nationale rules): a narrow no-break space (U+202F) before ; ! ? and a no-break space
(U+00A0) before : and inside guillemets. Times (10:30), URLs and symbols are left alone.
"""
from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_BEFORE_TIGHT = re.compile(r"(?<=\S)[ \u00a0\u202f]?([;!?])(?=\s|$|[»”)])")
_SPACED_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]:(?=\s|$)")
_BARE_COLON = re.compile(r"(?<=[^\W\d_]|[)»”]):(?=\s|$)")
_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \u00a0\u202f]?")
_BEFORE_CLOSING_GUILLEMET = re.compile(r"[ \u00a0\u202f]?»")


def french(text: str) -> str:
    text = _BEFORE_TIGHT.sub(lambda m: NNBSP + m.group(1), text)
    text = _SPACED_COLON.sub(NBSP + ":", text)
    text = _BARE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPENING_GUILLEMET.sub("«" + NBSP, text)
    return _BEFORE_CLOSING_GUILLEMET.sub(NBSP + "»", text)


def unchanged(text: str) -> str:
    return text


RULES = {"fr": french}


def typesetter(language: str):
    return RULES.get(language, unchanged)
