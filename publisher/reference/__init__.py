"""Reference data of the review mechanism: resolution 8/2 tables and UNTERM country names.

The facts live in the YAML and CSV files beside this module; this module only reads them into
immutable objects. Everything is loaded once per process (the files are small and never change
while a command runs).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from ..load import toolkit_yaml

INSTRUMENTS = ("convention", "trafficking-in-persons", "smuggling-of-migrants", "firearms")
CLUSTERS = ("criminalization", "prevention", "law-enforcement", "international-cooperation")


from .languages import LANGUAGE_NAMES, LANGUAGES  # noqa: F401 (re-exported: the one table of languages)
_TRAILING_ARTICLE = re.compile(r"^(.*) \((the|la|le|les|l'|l’|el|los|las)\)$")


@dataclass(frozen=True)
class Cluster:
    key: str
    articles: dict[str, tuple[int, ...]]  # instrument key -> articles, in table order


@dataclass(frozen=True)
class InstrumentTitles:
    title: str
    short_title: str
    forms: dict[str, str]  # other grammatical forms templates may ask for, e.g. title_genitive

    def form(self, name: str) -> str:
        """A named form ("title_genitive"), falling back to the base form ("title" or "short_title")."""
        if name in self.forms:
            return self.forms[name]
        return self.short_title if name.startswith("short_title") else self.title


@dataclass(frozen=True)
class ClusterTitles:
    title: str
    in_text: str  # as it stands inside a sentence


@dataclass(frozen=True)
class Titles:
    """Titles of the instruments, clusters and articles in one language (titles/<lang>.yaml)."""

    language: str
    instruments: dict[str, InstrumentTitles]
    clusters: dict[str, ClusterTitles]
    articles: dict[str, dict[int, str]]  # instrument -> article number -> title


@dataclass(frozen=True)
class WorkplanStage:
    years: tuple[int, ...]
    clusters: tuple[str, ...]


@dataclass(frozen=True)
class Country:
    short_name: str  # UNTERM English short name, e.g. "Netherlands (the)"
    formal_name: str  # e.g. "the Kingdom of the Netherlands"
    names: dict[str, str]  # language -> UNTERM short name

    @property
    def plain_name(self) -> str:
        """The short name without UNTERM's trailing article marker: "Netherlands"."""
        return self.short_name.removesuffix(" (the)")

    @property
    def running_text_name(self) -> str:
        """The English name as it stands in a sentence: "the Netherlands", "Mongolia"."""
        return self.name_in_text("en")

    def name_in_text(self, language: str) -> str:
        """UNTERM's short name with its article moved in front, as in a sentence:
        "Pays-Bas (les)" -> "les Pays-Bas", "Afghanistan (l')" -> "l'Afghanistan"."""
        name = self.names.get(language) or self.short_name
        match = _TRAILING_ARTICLE.match(name)
        if not match:
            return name
        stem, article = match.groups()
        return f"{article}{stem}" if article.endswith(("'", "’")) else f"{article} {stem}"


@dataclass(frozen=True)
class Reference:
    instruments: tuple[str, ...]
    clusters: dict[str, Cluster]
    uncac_exception: tuple[str, tuple[int, ...]]  # (instrument, articles) of table 1, footnote a
    workplan: tuple[WorkplanStage, ...]
    working_groups: dict[str, tuple[str, ...]]

    def articles_under_review(self, cluster: str, instrument: str, party_to_uncac: bool) -> tuple[int, ...]:
        """Articles of one instrument reviewed in a cluster, honouring table 1, footnote a."""
        articles = self.clusters[cluster].articles.get(instrument, ())
        exception_instrument, exception_articles = self.uncac_exception
        if party_to_uncac and instrument == exception_instrument:
            articles = tuple(a for a in articles if a not in exception_articles)
        return articles

    def clusters_scheduled_in_year(self, year: int) -> tuple[str, ...] | None:
        """Clusters that table 2 schedules for a year of the Mechanism, or None for an unknown year."""
        for stage in self.workplan:
            if year in stage.years:
                return stage.clusters
        return None


def _read_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def reference() -> Reference:
    data = toolkit_yaml(_read_text("resolution-8-2.yaml"))
    instruments = tuple(data["instruments"])
    clusters = {
        key: Cluster(key=key, articles={i: tuple(a) for i, a in value["articles"].items()})
        for key, value in data["clusters"].items()
    }
    exception = data["uncac_exception"]
    return Reference(
        instruments=instruments,
        clusters=clusters,
        uncac_exception=(exception["instrument"], tuple(exception["articles"])),
        workplan=tuple(WorkplanStage(tuple(s["years"]), tuple(s["clusters"])) for s in data["workplan"]),
        working_groups={k: tuple(v) for k, v in data["working_groups"].items()},
    )


@cache
def titles(language: str) -> Titles:
    data = toolkit_yaml(_read_text(f"titles/{language}.yaml"))
    return Titles(
        language=language,
        instruments={
            key: InstrumentTitles(value["title"], value["short_title"],
                                  {k: v for k, v in value.items() if k not in ("title", "short_title")})
            for key, value in data["instruments"].items()
        },
        clusters={key: ClusterTitles(value["title"], value["in_text"]) for key, value in data["clusters"].items()},
        articles={key: {int(n): t for n, t in value.items()} for key, value in data["articles"].items()},
    )


_CSV_LANGUAGE_COLUMNS = {
    "en": "official_name_en",
    "fr": "UNTERM French Short",
    "es": "UNTERM Spanish Short",
    "ru": "UNTERM Russian Short",
    "zh": "UNTERM Chinese Short",
    "ar": "UNTERM Arabic Short",
}


def _without_marker(name: str) -> str:
    """UNTERM marks some names with trailing asterisks (non-member States, territories)."""
    return name.rstrip(" *")


@cache
@cache
def working_groups() -> dict:
    """working-groups.yaml: the groups and their names, the symbol series, which groups take which
    instrument (resolution 8/2, table 2)."""
    return toolkit_yaml(_read_text("working-groups.yaml"))


@cache
def russian_instrumental() -> dict[str, str]:
    """UNTERM English short name -> Russian short name in the instrumental case (ru-instrumental.yaml)."""
    return toolkit_yaml(_read_text("ru-instrumental.yaml"))


@cache
def countries() -> Mapping[str, Country]:
    """UNTERM countries, keyed by English short name and by that name without "(the)": read once per
    process (composing one outcome asks a dozen times) and read-only."""
    rows = csv.DictReader(_read_text("unterm-country-names.csv").splitlines())
    by_name: dict[str, Country] = {}
    for row in rows:
        country = Country(
            short_name=_without_marker(row["official_name_en"]),
            formal_name=_without_marker(row["UNTERM English Formal"]),
            names={lang: _without_marker(row[column]) for lang, column in _CSV_LANGUAGE_COLUMNS.items()},
        )
        by_name[country.short_name] = country
        by_name.setdefault(country.plain_name, country)
    return MappingProxyType(by_name)
