"""Document -> HTML text, the layout shared by the PDF writer (and the HTML output to come)."""
from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2

from ..document import Document


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("publisher.render", "templates")
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=False, lstrip_blocks=False)


@cache
def stylesheet() -> str:
    return resources.files(__package__).joinpath("un.css").read_text(encoding="utf-8")


def document_html(document: Document) -> str:
    return _environment().get_template("document.html.j2").render(doc=document, css=stylesheet())
