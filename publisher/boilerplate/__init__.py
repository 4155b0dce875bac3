"""Boilerplate strings and formatters of each document language (data in ``<lang>.yaml``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import PublisherError
from ..findings import Finding
from ..load import toolkit_yaml


@dataclass(frozen=True)
class Boilerplate:
    language: str
    strings: dict

    def __getitem__(self, key: str):
        return self.strings[key]

    def date(self, value: dt.date) -> str:
        return self["date"].format(day=self._day(value), month=self._month(value), year=value.year)

    def date_range(self, dates: tuple[dt.date, ...]) -> str:
        forms = self["date_range"]
        first, last = dates[0], dates[-1]
        day1, day2 = self._day(first), self._day(last)
        if first == last:
            return forms["same_day"].format(day=day1, month=self._month(first), year=first.year)
        if first.year != last.year:
            return forms["across_years"].format(day1=day1, month1=self._month(first), year1=first.year,
                                                day2=day2, month2=self._month(last), year2=last.year)
        if first.month != last.month:
            return forms["across_months"].format(day1=day1, month1=self._month(first), day2=day2,
                                                 month2=self._month(last), year=last.year)
        form = forms["two_days"] if last.day - first.day == 1 else forms["same_month"]
        return form.format(day1=day1, day2=day2, month=self._month(last), year=last.year)

    def join(self, items: list[str]) -> str:
        if len(items) == 1:
            return items[0]
        if len(items) == 2:
            return self["list_two"].format(first=items[0], second=items[1])
        return self["list_many"].format(items=self["list_separator"].join(items[:-1]), last=items[-1])

    def _day(self, value: dt.date) -> str:
        """The day as written in dates: French writes the first of the month "1er"."""
        return str(self.strings.get("day_forms", {}).get(value.day, value.day))

    def _month(self, value: dt.date) -> str:
        return self["months"][value.month - 1]

    def heading_label(self, level: int, number: int) -> str:
        labels = self["numbering"]["heading1" if level == 1 else "heading2"]
        return labels[(number - 1) % len(labels)]

    def paragraph_label(self, number: int) -> str:
        return self["numbering"]["paragraph"].format(number=number)

    def subparagraph_label(self, number: int) -> str:
        labels = self["numbering"]["subparagraph"]
        return labels[(number - 1) % len(labels)]

    def localized(self, table: str, english: str) -> str:
        """A name from a table keyed by its English form (places, working groups), or the English form."""
        return self[table].get(english, english)


@cache
def boilerplate(language: str) -> Boilerplate:
    resource = resources.files(__package__).joinpath(f"{language}.yaml")
    # A language whose boilerplate is not written yet is an input problem, not a crash.
    if not resource.is_file():
        available = sorted(p.name.removesuffix(".yaml") for p in resources.files(__package__).iterdir()
                           if p.name.endswith(".yaml"))
        raise PublisherError(Finding("", 0, 0, "review.language",
                                     f"no boilerplate for language '{language}' yet (available: "
                                     f"{', '.join(available)})", "compose.unsupported-language"))
    return Boilerplate(language, toolkit_yaml(resource.read_text(encoding="utf-8")))
