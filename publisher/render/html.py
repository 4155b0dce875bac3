"""Document -> HTML: the layout shared by the PDF writer and the HTML writer.

The HTML file is self-contained: the stylesheet is inline, fonts are named (never fetched), and
the page makes no request of any kind.
"""
from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2

from ..document import Document
from .fonts import PreparedFace, font_for, prepared_faces


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("publisher.render", "templates")
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def stylesheet() -> str:
    return resources.files(__package__).joinpath("un.css").read_text(encoding="utf-8")


def document_html(document: Document, mode: str = "pdf") -> str:
    """``mode`` "pdf": footnotes float to the page foot (WeasyPrint), prepared font faces first;
    "html": linked endnotes, fonts by name only (the file must not point into this machine)."""
    faces = prepared_faces(document.language) if mode == "pdf" else ()
    font = font_for(document.language)
    template = _environment().get_template("document.html.j2")
    return template.render(doc=document, css=stylesheet() + _font_face_rules(faces), mode=mode,
                           font_family=font.css_family(tuple(dict.fromkeys(f.family for f in faces))),
                           font=font)


def _font_face_rules(faces: tuple[PreparedFace, ...]) -> str:
    return "".join(f'\n@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
                   f'src: url("{face.path.as_uri()}"); }}' for face in faces)


class HtmlWriter:
    name = "html"
    extension = ".html"
    media_type = "text/html; charset=utf-8"

    def render(self, document: Document) -> bytes:
        return document_html(document, mode="html").encode("utf-8")
