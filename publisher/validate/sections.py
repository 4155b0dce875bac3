"""Rule family ``sections``: each document has the sections its blueprint requires, and no other."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding
from ..reference import titles
from .context import Context

DOCUMENT_NAMES = {"observations": "list of observations", "summary": "summary"}


def check(context: Context) -> Iterator[Finding]:
    for kind, blueprint in context.blueprints.documents.items():
        content = context.outcome.documents[kind]
        for rule in blueprint.sections:
            section = content.section(rule.key)
            empty = section is None or not (section.paragraphs or section.articles)
            if rule.required and empty:
                heading = rule.heading["en"]
                where = f"{Path(blueprint.file).parent.name}/{Path(blueprint.file).name}"
                yield context.finding(
                    f"{kind}.{rule.key}",
                    f"the {DOCUMENT_NAMES[kind]} must have the section \"{heading}\" ({where})",
                    "sections.missing")
        for section in content.sections:
            for article in section.articles:
                if not article.paragraphs:
                    instrument = titles("en").instruments[article.instrument].short_title  # findings are in English
                    yield context.finding(f"{article.path}.paragraphs",
                                          f"the observations on article {article.article} of the {instrument} "
                                          "are still to be written", "sections.empty-article")
            if blueprint.section(section.key) is None:
                yield context.finding(section.path,
                                      f"the blueprint of the {DOCUMENT_NAMES[kind]} has no section '{section.key}'",
                                      "sections.not-in-blueprint")
