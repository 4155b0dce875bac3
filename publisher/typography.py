"""Language-specific typography applied to every string of a document by compose.

Each language gets its own quotation marks and apostrophe, no-break spaces where its editorial
rules keep words together, and (French) the spacing of high punctuation. Sources are listed per
rule in docs/languages.md ("Typography"):

- quotation marks: English “ ” (‘ ’ inside), Chinese “ ” (‘ ’), French « » with no-break spaces,
  Spanish, Russian and Arabic « » (“ ” inside), as the UN translation services write them;
- the apostrophe is ’ (U+2019), never the typewriter ' ;
- a number written with spaces between its groups (500 000) keeps them as no-break spaces, and
  a number stays on the line of the word that introduces it (article 5, para. 7, No. 3, № 3,
  п. 3) and of its unit (10 %, 2015 г.);
- French puts a narrow no-break space (U+202F) before ; ! ? and a no-break space (U+00A0)
  before : and inside guillemets (Imprimerie nationale rules, followed by UN French).

Times (10:30), URLs, symbols (CTOC/COP/WG.3/2026/1) and the markup codes ([^key], [#key]) are
left alone: none of them contains a quotation mark or a space between digits.
"""
from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"
NNBSP = "\u202f"
APOSTROPHE = "\u2019"

# (opening double, closing double, opening single, closing single)
QUOTES = {
    "en": ("“", "”", "‘", "’"),
    "zh": ("“", "”", "‘", "’"),
    "fr": ("«" + NBSP, NBSP + "»", "“", "”"),
    "es": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
    "ar": ("«", "»", "“", "”"),
}

# Words after which a number must not begin a new line, per language (lower case; "." included).
NUMBER_INTRODUCERS = {
    "en": ("article", "articles", "paragraph", "paragraphs", "para.", "paras.", "art.", "no.", "nos.",
           "annex", "chapter", "section", "resolution", "decision", "page", "p.", "pp.", "item"),
    "fr": ("article", "articles", "paragraphe", "paragraphes", "par.", "art.", "no", "nos", "annexe",
           "chapitre", "section", "résolution", "décision", "page", "p.", "point"),
    "es": ("artículo", "artículos", "párrafo", "párrafos", "párr.", "art.", "núm.", "anexo", "capítulo",
           "sección", "resolución", "decisión", "página", "pág.", "tema"),
    "ru": ("статья", "статьи", "статье", "статьей", "статьёй", "статью", "статей", "статьям", "статьях",
           "пункт", "пункта", "пункте", "пунктом", "пункты", "пунктов", "п.", "пп.", "ст.", "№", "глава",
           "главы", "раздел", "раздела", "резолюция", "резолюции", "решение", "решения", "стр.", "с."),
    "zh": (),
    "ar": ("المادة", "المواد", "الفقرة", "الفقرات", "القرار", "المقرر", "البند", "الفصل", "الفرع"),
}
# Units and abbreviations that must not be separated from the number before them.
NUMBER_FOLLOWERS = {
    "fr": ("%", "‰", "€", "$", "h", "km", "kg", "ans", "années"),
    "es": ("%", "‰", "€", "$", "km", "kg"),
    "ru": ("%", "‰", "г.", "гг.", "год", "года", "году", "лет", "км", "кг", "млн", "млрд", "тыс."),
    "en": (),
    "zh": (),
    "ar": ("%",),
}

_DIGIT_GROUPS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_BEFORE_TIGHT = re.compile(r"(?<=\S)[ \u00a0\u202f]?([;!?])(?=\s|$|[»”)])")
_SPACED_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]:(?=\s|$)")
_BARE_COLON = re.compile(r"(?<=[^\W\d_]|[)»”]):(?=\s|$)")
_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \u00a0\u202f]?")
_BEFORE_CLOSING_GUILLEMET = re.compile(r"[ \u00a0\u202f]?»")
# A quotation mark opens after the start, a space, an opening bracket or dash, another opening mark.
_OPENS_AFTER = " \t\n\u00a0\u202f([{‘“«„—–-/"
_LETTER = re.compile(r"[^\W\d_]", re.U)


def curly_quotes(text: str, language: str) -> str:
    """Typewriter quotes and apostrophes as the language writes them."""
    if '"' not in text and "'" not in text:
        return text
    open_double, close_double, open_single, close_single = QUOTES.get(language, QUOTES["en"])
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        opens = not before or before in _OPENS_AFTER
        if char == '"':
            out.append(open_double if opens else close_double)
        elif char == "'":
            if _LETTER.match(before or " ") and (not after or _LETTER.match(after) or after == "s"):
                out.append(APOSTROPHE)  # General's, l'État, d'un
            elif opens and after and not after.isspace():
                out.append(open_single)
            else:
                out.append(close_single if not _LETTER.match(before or " ") else APOSTROPHE)
        else:
            out.append(char)
    return "".join(out)


def keep_numbers_together(text: str, language: str) -> str:
    """No-break spaces between the groups of a number, after the word introducing a number and
    before the unit following it."""
    if language in ("fr", "es", "ru", "ar"):
        text = _DIGIT_GROUPS.sub(NBSP, text)
    introducers = NUMBER_INTRODUCERS.get(language, ())
    if introducers:
        words = "|".join(re.escape(w) for w in sorted(introducers, key=len, reverse=True))
        text = re.sub(rf"(?i)(?<![^\W\d_])({words}) (?=\d)", lambda m: m.group(1) + NBSP, text)
    followers = NUMBER_FOLLOWERS.get(language, ())
    if followers:
        units = "|".join(re.escape(w) for w in sorted(followers, key=len, reverse=True))
        text = re.sub(rf"(?<=\d) ({units})(?![^\W\d_])", lambda m: NBSP + m.group(1), text)
    return text


def french_punctuation(text: str) -> str:
    text = _BEFORE_TIGHT.sub(lambda m: NNBSP + m.group(1), text)
    text = _SPACED_COLON.sub(NBSP + ":", text)
    text = _BARE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPENING_GUILLEMET.sub("«" + NBSP, text)
    return _BEFORE_CLOSING_GUILLEMET.sub(NBSP + "»", text)


def typesetter(language: str) -> Callable[[str], str]:
    """The function compose passes every string of a document in ``language`` through."""
    def typeset(text: str) -> str:
        text = keep_numbers_together(curly_quotes(text, language), language)
        return french_punctuation(text) if language == "fr" else text
    return typeset
