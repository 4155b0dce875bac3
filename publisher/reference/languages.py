"""The six languages of the Mechanism (procedures and rules, paras. 48-49): the one table every
stage takes their names, directions and job-number letters from.

- English names: as the "Original:" line and messages name the languages.
- Native names: as a language switch shows them (UNTERM's own names of the languages, capitalised
  as the first word of a menu entry).
- Direction: Arabic is written right to left.
- Job-number letter: the letter of the language version after the job number (A, C, E, F, R, S),
  as the first page of UN documents prints it ("V.26-08123 (E)").
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    english: str
    native: str
    direction: str  # "ltr" or "rtl"
    job_letter: str


TABLE = (
    Language("ar", "Arabic", "العربية", "rtl", "A"),
    Language("zh", "Chinese", "中文", "ltr", "C"),
    Language("en", "English", "English", "ltr", "E"),
    Language("fr", "French", "Français", "ltr", "F"),
    Language("ru", "Russian", "Русский", "ltr", "R"),
    Language("es", "Spanish", "Español", "ltr", "S"),
)
BY_CODE = {language.code: language for language in TABLE}
LANGUAGES = tuple(BY_CODE)  # in the UN's order: Arabic, Chinese, English, French, Russian, Spanish
LANGUAGE_NAMES = {code: language.english for code, language in BY_CODE.items()}
NATIVE_NAMES = {code: language.native for code, language in BY_CODE.items()}
DIRECTIONS = {code: language.direction for code, language in BY_CODE.items()}


def language(code: str) -> Language:
    return BY_CODE[code]
