"""Rule family ``coverage``: the list of observations covers exactly the articles under review.

Resolution 8/2, annex, table 1 gives the articles of each instrument in each cluster; footnote a
reviews articles 8 and 9 of the Convention only for States not party to UNCAC.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..reference import titles
from .context import Context


def check(context: Context) -> Iterator[Finding]:
    review = context.outcome.review
    ref = context.reference
    names = titles("en")  # findings are written in English
    cluster = ref.clusters[review.cluster]
    cluster_name = names.clusters[review.cluster].in_text
    section = context.outcome.documents["observations"].section("articles")
    given = section.articles if section else ()
    articles_path = section.path if section else "observations.articles"

    for index, instrument in enumerate(review.instruments):
        if not cluster.articles.get(instrument):
            yield context.finding(
                f"review.instruments[{index}]",
                f"the {names.instruments[instrument].short_title} has no articles in the {cluster_name} "
                f"(resolution 8/2, table 1)",
                "coverage.instrument-without-articles")

    seen: dict[tuple[str, int], str] = {}
    for observation in given:
        key = (observation.instrument, observation.article)
        field = f"{observation.path}.article"
        instrument = names.instruments[observation.instrument]
        if observation.instrument not in review.instruments:
            yield context.finding(
                f"{articles_path}.{observation.instrument}",
                f"the {instrument.short_title} is not under review (see review.instruments)",
                "coverage.instrument-not-under-review")
            continue
        if key in seen:
            line = context.outcome.source.position(seen[key])[0]
            yield context.finding(field, f"article {observation.article} of the {instrument.short_title} "
                                         f"already has observations (line {line})", "coverage.duplicate-article")
            continue
        seen[key] = field
        in_cluster = observation.article in cluster.articles.get(observation.instrument, ())
        reviewed = observation.article in ref.articles_under_review(
            review.cluster, observation.instrument, review.party_to_uncac)
        if in_cluster and not reviewed:
            yield context.finding(field, f"article {observation.article} of the Convention is reviewed only for "
                                         f"States not party to the United Nations Convention against Corruption "
                                         f"(resolution 8/2, table 1, footnote a); review.party_to_uncac is true",
                                  "coverage.uncac-exception")
        elif not in_cluster:
            expected = _list(cluster.articles.get(observation.instrument, ()))
            yield context.finding(field, f"article {observation.article} of the {instrument.short_title} is not in "
                                         f"the {cluster_name} (articles {expected})",
                                  "coverage.article-outside-cluster")

    for instrument in review.instruments:
        expected = ref.articles_under_review(review.cluster, instrument, review.party_to_uncac)
        missing = [a for a in expected if (instrument, a) not in seen]
        if missing:
            path = f"{articles_path}.{instrument}"
            if path not in context.outcome.source.keys:
                path = articles_path
            noun = "article" if len(missing) == 1 else "articles"
            yield context.finding(
                path,
                f"no observations on {noun} {_list(missing)} of the {names.instruments[instrument].short_title}, "
                f"which the {cluster_name} covers (resolution 8/2, table 1)",
                "coverage.missing-article")


def _list(numbers) -> str:
    numbers = [str(n) for n in numbers]
    if len(numbers) <= 1:
        return "".join(numbers)
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]
