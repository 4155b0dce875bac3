"""Numbers and dates of an English sentence written as UN French and Spanish write them, in drafts.

A date is protected whole (kept out of the engine) and restored as the target language writes it:
"29 June 1999" -> es "29 de junio de 1999", fr "29 juin 1999" (the months and the pattern of
``publisher/boilerplate/<lang>.yaml``, French "1er"), "June 1999" -> "junio de 1999", "juin 1999",
"29 June" -> "29 de junio", "29 juin". The engine, given the numbers as placeholders, wrote
"29 junio 1999"; given the date as words, it leaves the month and year alone ("noviembre 2013").
Source: of the English dates of lines 1-2000 of the dev set, es writes "29 de junio de 1999" in
209 of 213 lines and "junio de 1999" in 32 of 32; fr "29 juin 1999" in 200 of 213 ("1er" in 9 more)
and "juin 1999" in 32 of 32.

A number is protected and restored in the target language's format:

- the groups of thousands: "1,000" -> es "1.000", fr "1 000" (a space; the typesetter makes it a
  no-break space in documents); the QA warns of a comma between thousands in fr and es;
- the decimal separator: "4.5" -> "4,5", only where the number is surely a quantity (its thousands
  are grouped, or a per cent, million or billion follows): "12.40" may be a time, "2.1" a section;
- "per cent" and "%" after a number: es "4,5%", fr "4,5 %".

Source of each rule: the references of the UN Parallel Corpus dev set, lines 1-2000 (counted while
writing this; lines 3001-4000 held out): of the English numbers with grouped thousands, es writes
52 of 54 with "." and fr 55 of 56 with a space; before "per cent", "%", "million" or "billion" a
decimal point becomes a comma in 19 of 21 es and 22 of 22 fr lines (other numbers: es 7 commas
for 20 points, so they stay); "per cent" or "%" after a number is "%" in 47 of 47 es and 43 of 47
fr lines, written "22,2%" in es (77 of 81 in lines 1-3000) and "22,2 %" in fr (73 of 74).
"""
from __future__ import annotations

import re
from functools import cache

from ..boilerplate import boilerplate

GROUP = {"es": ".", "fr": " "}
DECIMAL = {"es": ",", "fr": ","}
PERCENT = {"es": "%", "fr": " %"}
LANGUAGES = tuple(GROUP)

# what may follow a number in English and makes it a quantity; "per cent" and "%" are part of the span
PER_CENT = re.compile(r"\s?(?:per\s?cent|percent|%)(?!\w)", re.IGNORECASE)
_QUANTITY_AFTER = re.compile(r"\s(?:million|billion|trillion)\b", re.IGNORECASE)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_MONTH = "|".join(MONTHS)
DATE = re.compile(rf"\b(?:(?P<day>[1-9]|[12]\d|3[01]) (?P<month>{_MONTH})(?: (?P<year>\d{{4}}))?"
                  rf"|(?P<month_alone>{_MONTH}) (?P<year_alone>\d{{4}}))\b(?![.,]\d)")
MONTH_YEAR = {"es": "{month} de {year}", "fr": "{month} {year}"}
DAY_MONTH = {"es": "{day} de {month}", "fr": "{day} {month}"}
_PART = re.compile(r"\d+(?:[.,:]\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL = re.compile(r"\d+\.\d+")


def per_cent_after(sentence: str, end: int) -> int:
    """The end of "per cent" or "%" right after a number ending at ``end`` (``end`` if none)."""
    found = PER_CENT.match(sentence, end)
    return found.end() if found else end


def in_target(number: str, sentence: str, end: int, language: str) -> str:
    """``number`` (a number or range of ``sentence``, with its "per cent" if any, ending at ``end``)
    as ``language`` writes it; unchanged for a language without rules here."""
    if language not in GROUP:
        return number
    per_cent = PER_CENT.search(number)
    digits = number[:per_cent.start()] if per_cent else number
    quantity = per_cent is not None or bool(_QUANTITY_AFTER.match(sentence, end))
    written = _PART.sub(lambda part: _one(part.group(0), quantity, language), digits)
    return written + PERCENT[language] if per_cent else written


def _one(number: str, quantity: bool, language: str) -> str:
    if _GROUPED.fullmatch(number):
        whole, _, decimals = number.partition(".")
        return whole.replace(",", GROUP[language]) + (DECIMAL[language] + decimals if decimals else "")
    if quantity and _DECIMAL.fullmatch(number):
        return number.replace(".", DECIMAL[language])
    return number


def dates(sentence: str, language: str):
    """(start, end, the date as ``language`` writes it) of each English date of ``sentence``."""
    if language not in GROUP:
        return
    for found in DATE.finditer(sentence):
        yield found.start(), found.end(), _date(found, language, opening=found.start() == 0)


def _date(found: re.Match, language: str, opening: bool) -> str:
    strings = boilerplate(language)
    if found["month_alone"]:
        month = strings["months"][MONTHS.index(found["month_alone"])]
        written = MONTH_YEAR[language].format(month=month, year=found["year_alone"])
    else:
        month = strings["months"][MONTHS.index(found["month"])]
        day = str(_day_forms(language).get(int(found["day"]), found["day"]))
        pattern = strings["date"] if found["year"] else DAY_MONTH[language]
        written = pattern.format(day=day, month=month, year=found["year"])
    return written[:1].upper() + written[1:] if opening else written


@cache
def _day_forms(language: str) -> dict:
    return dict(boilerplate(language).strings.get("day_forms") or {})
