"""Document -> HTML: the layout shared by the PDF writer and the HTML writer.

The HTML file is self-contained: the stylesheet is inline, fonts are named (never fetched), and
the page makes no request of any kind.
"""
from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2

from ..document import Document
from .fonts import font_for


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("publisher.render", "templates")
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def stylesheet() -> str:
    return resources.files(__package__).joinpath("un.css").read_text(encoding="utf-8")


def document_html(document: Document, mode: str = "pdf") -> str:
    """``mode`` "pdf": footnotes float to the page foot (WeasyPrint); "html": linked endnotes."""
    template = _environment().get_template("document.html.j2")
    return template.render(doc=document, css=stylesheet(), font=font_for(document.language), mode=mode)


class HtmlWriter:
    name = "html"
    extension = ".html"
    media_type = "text/html; charset=utf-8"

    def render(self, document: Document) -> bytes:
        return document_html(document, mode="html").encode("utf-8")
