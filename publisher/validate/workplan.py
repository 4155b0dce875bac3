"""Rule family ``workplan``: the cluster is the one table 2 of resolution 8/2 schedules for the year."""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..reference import titles
from .context import Context


def check(context: Context) -> Iterator[Finding]:
    review = context.outcome.review
    if review.mechanism_year is None:
        return
    scheduled = context.reference.clusters_scheduled_in_year(review.mechanism_year)
    if scheduled is None:
        yield context.finding("review.mechanism_year",
                              f"year {review.mechanism_year} of the Mechanism is not in the multi-year workplan "
                              f"(resolution 8/2, table 2)", "workplan.unknown-year", Severity.WARNING)
    elif review.cluster not in scheduled:
        names = " and ".join(titles("en").clusters[c].in_text for c in scheduled) or "no cluster"
        yield context.finding("review.cluster",
                              f"the workplan schedules {names} in year {review.mechanism_year} of the Mechanism, "
                              f"not '{review.cluster}' (resolution 8/2, table 2)",
                              "workplan.cluster-not-scheduled", Severity.WARNING)
