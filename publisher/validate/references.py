"""Rule family ``references``: every paragraph reference [@key] names a paragraph of the same
document ([#key]), and each name is given once. References are numbered at composition."""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..markup import anchor_keys, reference_keys
from .context import Context


def check(context: Context) -> Iterator[Finding]:
    names: dict[str, dict[str, str]] = {}  # document kind -> name -> where it is given
    for kind, path, text in context.texts():
        for key in anchor_keys(text):
            given = names.setdefault(kind, {})
            if key in given:
                yield context.finding(path, f"the paragraph name [#{key}] is already given at {given[key]}",
                                      "references.duplicate-name",
                                      position=context.outcome.source.locate_text(path, f"[#{key}]"))
            else:
                given[key] = path
    for kind, path, text in context.texts():
        for key in reference_keys(text):
            if key not in names.get(kind, {}):
                yield context.finding(path, f"the reference [@{key}] names no paragraph of the {kind}: mark the "
                                      f"paragraph it points to with [#{key}]", "references.unknown-name",
                                      position=context.outcome.source.locate_text(path, f"[@{key}]"))
