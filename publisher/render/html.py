"""Document -> HTML: the layout shared by the PDF writer and the HTML writer.

The HTML file is self-contained: the stylesheet is inline, fonts are named (never fetched), and
the page makes no request of any kind.
"""
from __future__ import annotations

import base64
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..document import Document
from . import furniture
from .fonts import PreparedFace, font_for, prepared_faces
from .hyphenation import soft_hyphens


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("publisher.render", "templates")
    environment = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)
    environment.filters["hyphenate"] = _hyphenate
    return environment


@jinja2.pass_context
def _hyphenate(context, text: str) -> str:
    """Soft hyphens in the HTML file only: the PDF hyphenates in WeasyPrint (un.css)."""
    return soft_hyphens(text, context["doc"].language) if context["mode"] == "html" else text


@cache
def stylesheet(name: str = "un.css") -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def document_html(document: Document, mode: str = "pdf", inline_css: bool = True) -> str:
    """``mode`` "pdf": footnotes float to the page foot (WeasyPrint), prepared font faces first;
    "html": linked endnotes, fonts by name only (the file must not point into this machine).
    ``inline_css`` False leaves the shared stylesheet out (the PDF writer passes it parsed once:
    ``pdf_stylesheet``)."""
    faces = prepared_faces(document.language) if mode == "pdf" else ()
    font = font_for(document.language)
    template = _environment().get_template("document.html.j2")
    masthead = document.masthead
    css = pdf_stylesheet_text(document.language, document.direction) if mode == "pdf" else \
        stylesheet() + stylesheet("un-screen.css")
    return template.render(doc=document, css=css if inline_css else "", mode=mode,
                           font_family=font.css_family(tuple(dict.fromkeys(f.family for f in faces))),
                           font=font,
                           barcode=furniture.barcode_svg(masthead.barcode) if masthead.barcode else "",
                           qr=furniture.qr_svg(masthead.address) if masthead.address else "",
                           recycling_mark=furniture.recycling_mark_svg(), emblem=_emblem(masthead.emblem))


def pdf_stylesheet_text(language: str, direction: str) -> str:
    """The PDF's stylesheet: the shared one, the prepared font faces of the language, the page rules
    of its direction. The same for every document of a language."""
    return stylesheet() + _font_face_rules(prepared_faces(language)) + page_rules(direction)


def page_rules(direction: str) -> str:
    """Page furniture of pages 2 and after: the symbol in the running header and the page count
    in the footer on the outer side (alternating: odd pages right, even pages left; mirrored in
    right-to-left languages), the job number on the inner side."""
    odd_outer, even_outer = ("left", "right") if direction == "rtl" else ("right", "left")
    rules = []
    for pages, outer in ((":nth(2n+1)", odd_outer), (":nth(2n)", even_outer)):
        inner = "left" if outer == "right" else "right"
        rules.append(f"@page {pages} {{ @top-{outer} {{ content: element(running-header); }} "
                     f"@bottom-{outer} {{ content: counter(page) \"/\" counter(pages); }} "
                     f"@bottom-{inner} {{ content: element(running-job); }} }}")
    first = ("right", "left") if direction == "rtl" else ("left", "right")
    rules.append(f"@page :first {{ @top-left {{ content: none; }} @top-right {{ content: none; }} "
                 f"@bottom-{first[0]} {{ content: element(first-foot-job); }} "
                 f"@bottom-{first[1]} {{ content: element(first-foot-qr); }} }}")
    return "\n" + "\n".join(rules)


def _emblem(path: str) -> Markup:
    """The emblem as inline SVG, or a PNG as a data: image (the HTML stays self-contained)."""
    if not path:
        return Markup("")
    if path.lower().endswith(".svg"):
        return Markup(furniture.emblem_svg(path))
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return Markup(f'<img src="data:image/png;base64,{data}" alt="">')


def _font_face_rules(faces: tuple[PreparedFace, ...]) -> str:
    return "".join(f'\n@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
                   f'src: url("{face.path.as_uri()}"); }}' for face in faces)


class HtmlWriter:
    name = "html"
    extension = ".html"
    media_type = "text/html; charset=utf-8"

    @staticmethod
    def prepare() -> None:
        """Compiles the template, which the PDF writer uses too (see ``render.prepare``)."""
        _environment().get_template("document.html.j2")

    def render(self, document: Document) -> bytes:
        return document_html(document, mode="html").encode("utf-8")
