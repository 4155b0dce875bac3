"""A new review outcome from its blueprints and resolution 8/2: the file an editor starts from.

Every section the blueprints name, in their order, each with a comment saying what belongs there
(``guidance`` in blueprints/*.yaml); under "articles", an entry for every article of the cluster
for each instrument under review (table 1, with footnote a: articles 8 and 9 of the Convention
only for a State not party to UNCAC), each with the article's title as a comment. The issue block
gets the symbols of the working groups that take the instruments (reference/working-groups.yaml).
The text is written here, not dumped, so that the comments stand where the editor needs them.
Validated, it has no coverage finding: only the empty sections are reported.
"""
from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

import yaml

from .blueprint import Blueprints
from .errors import EXIT_UNREADABLE, PublisherError
from .findings import Finding
from .reference import LANGUAGES, Reference, countries, titles, working_groups


@dataclass(frozen=True)
class NewOutcome:
    state: str
    reviewing_states: tuple[str, ...]
    cluster: str
    instruments: tuple[str, ...]
    language: str = "en"
    year: int = 0  # default: the year of ``date``
    party_to_uncac: bool = True
    number: str = "1"  # the documents' number in each group's series: CRP.<n> and <n>
    job_number: str = ""
    date: dt.date | None = None  # default: today


def check_request(request: NewOutcome, reference: Reference) -> list[Finding]:
    """What is wrong with the request, named by its option, before anything is written."""
    problems = []

    def problem(option: str, message: str, rule: str) -> None:
        problems.append(Finding("", 0, 0, option, message, rule))

    known = countries()
    for option, names in (("--state", (request.state,)), ("--reviewing", request.reviewing_states)):
        for name in names:
            if name not in known:
                problem(option, f"'{name}' is not a UNTERM short name (see publisher/reference/unterm-country-names.csv)",
                        "new.unknown-state")
    if len(request.reviewing_states) != 2:
        problem("--reviewing", "two reviewing States are drawn for each review (procedures and rules, para. 24)",
                "new.reviewing-count")
    if request.cluster not in reference.clusters:
        problem("--cluster", f"no cluster '{request.cluster}'; one of {', '.join(reference.clusters)}",
                "new.unknown-cluster")
    for instrument in request.instruments:
        if instrument not in reference.instruments:
            problem("--instruments", f"no instrument '{instrument}'; one of {', '.join(reference.instruments)}",
                    "new.unknown-instrument")
        elif request.cluster in reference.clusters and not reference.articles_under_review(
                request.cluster, instrument, request.party_to_uncac):
            problem("--instruments", f"the {request.cluster} cluster reviews no article of the {instrument} "
                    "(resolution 8/2, table 1)", "new.instrument-without-articles")
    if request.language not in LANGUAGES:
        problem("--lang", f"one of {', '.join(LANGUAGES)}", "new.unknown-language")
    return problems


def skeleton(request: NewOutcome, blueprints: Blueprints, reference: Reference) -> str:
    problems = check_request(request, reference)
    if problems:
        raise PublisherError(*problems, exit_code=EXIT_UNREADABLE)
    date = request.date or dt.date.today()
    year = request.year or date.year
    lines = [
        f"# Review outcome: {request.state}, {request.cluster}, {year}. Written by `publisher new` from the",
        "# blueprints (blueprints/*.yaml) and resolution 8/2, table 1. Write each section's paragraphs as a",
        "# list; each document stays within 1,000 words (procedures and rules, para. 36). Check with",
        "# `publisher validate` as you go: until every section is written, the empty ones are reported.",
        "",
        "review:",
        f"  state: {_scalar(request.state)}",
        f"  reviewing_states: [{', '.join(_scalar(s) for s in request.reviewing_states)}]",
        f"  instruments: [{', '.join(request.instruments)}]",
        f"  cluster: {request.cluster}",
        f"  year: {year}",
        f"  language: {request.language}",
        f"  party_to_uncac: {'true' if request.party_to_uncac else 'false'}"
        "   # table 1, footnote a: articles 8 and 9 of the Convention only when false",
        "",
        *_issue(request, date, year),
    ]
    language_titles = titles(request.language)
    english_titles = titles("en")
    for blueprint in (blueprints.documents["observations"], blueprints.documents["summary"]):
        lines += ["", f"{blueprint.document}:   # {blueprint.title['en']}"
                  + (f", at most {blueprint.word_limit} words" if blueprint.word_limit else "")]
        for rule in blueprint.sections:
            heading = rule.heading.get(request.language) or rule.heading["en"]
            if not rule.required:
                lines += _comment(f"{rule.key}: [] ({heading}) {rule.guidance}", 2)
                continue
            lines += _comment(f"{heading}: {rule.guidance}", 2)
            if rule.kind == "articles":
                lines.append(f"  {rule.key}:")
                lines += _articles(request, reference, language_titles, english_titles)
            else:
                lines.append(f"  {rule.key}: []")
    lines += ["", "footnotes: {}   # key: text, cited in paragraphs as [^key]", ""]
    return "\n".join(lines)


def _issue(request: NewOutcome, date: dt.date, year: int) -> list[str]:
    data = working_groups()
    groups = list(dict.fromkeys(g for i in request.instruments for g in data["instruments"].get(i, ())[:1]))
    series = [data["symbol_series"].format(group=g) for g in groups]
    lines = [
        "issue:",
        f"  date: {date.isoformat()}",
        "  distribution: General",
    ]
    if request.job_number:
        lines.append(f"  job_number: {request.job_number}   # the list's; the summary takes the next")
    lines += [
        "  symbols:   # one per working group taking the instruments (resolution 8/2, table 2)",
        f"    observations: [{', '.join(f'{s}/{year}/CRP.{request.number}' for s in series)}]",
        f"    summary: [{', '.join(f'{s}/{year}/{request.number}' for s in series)}]",
        "  # meetings: one per working group whose session takes the review (name, place, dates, agenda",
        "  # item and agenda symbol): see docs/input-format.md",
    ]
    return lines


def _articles(request: NewOutcome, reference: Reference, language_titles, english_titles) -> list[str]:
    lines = []
    for instrument in request.instruments:
        names = language_titles.instruments[instrument]
        lines.append(f"    {instrument}:   # {names.title}")
        articles = reference.articles_under_review(request.cluster, instrument, request.party_to_uncac)
        for article in articles:
            title = (language_titles.articles.get(instrument, {}).get(article)
                     or english_titles.articles.get(instrument, {}).get(article, ""))
            lines.append(f"      - article: {article}   # {title}")
            lines.append("        paragraphs: []")
    return lines


def _comment(text: str, indent: int) -> list[str]:
    return [" " * indent + "# " + line for line in textwrap.wrap(text.strip(), width=98 - indent)]


def _scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=10**6).removesuffix("\n...\n").strip()
