"""Rule family ``states``: State names are UNTERM names; two other States review (res. 8/2, para. 7 (c))."""
from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from ..findings import Finding
from ..reference import countries
from .context import Context

REVIEWING_STATES = 2


def check(context: Context) -> Iterator[Finding]:
    review = context.outcome.review
    known = countries()
    yield from _unknown_name(context, "review.state", review.state, known)
    canonical_state = known[review.state].short_name if review.state in known else review.state
    reviewers_seen: list[str] = []
    for index, name in enumerate(review.reviewing_states):
        field = f"review.reviewing_states[{index}]"
        yield from _unknown_name(context, field, name, known)
        canonical = known[name].short_name if name in known else name
        if canonical == canonical_state:
            yield context.finding(field, f"{name} is the State under review and cannot review itself",
                                  "states.self-review")
        elif canonical in reviewers_seen:
            yield context.finding(field, f"{name} is listed twice", "states.duplicate")
        reviewers_seen.append(canonical)
    if len(review.reviewing_states) != REVIEWING_STATES:
        yield context.finding("review.reviewing_states",
                              f"a review is conducted by two reviewing States (resolution 8/2, para. 7 (c)); "
                              f"{len(review.reviewing_states)} given", "states.reviewing-count")


def _unknown_name(context: Context, field: str, name: str, known: Mapping) -> Iterator[Finding]:
    if name in known or not name:  # an empty name is already a schema finding
        return
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    yield context.finding(field, f"'{name}' is not a UNTERM short name of a State{hint}", "states.unknown-name")
