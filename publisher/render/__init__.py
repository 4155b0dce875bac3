"""Render stage: Document -> bytes of one output format, by a registry of writers.

The core never imports a concrete writer: each is named here by module path and loaded on first
use, so a format whose libraries are missing fails only when asked for (as Sphinx's builders do).
"""
from __future__ import annotations

import importlib
from typing import Protocol

from ..document import Document


class Writer(Protocol):
    name: str
    extension: str
    media_type: str

    def render(self, document: Document) -> bytes: ...


WRITERS: dict[str, str] = {
    "docx": "publisher.render.docx:DocxWriter",
    "pdf": "publisher.render.pdf:PdfWriter",
    "html": "publisher.render.html:HtmlWriter",
    "txt": "publisher.render.text:TextWriter",
    "akn": "publisher.interchange.akn:AknWriter",
}


def formats() -> list[str]:
    return list(WRITERS)


def writer(name: str) -> Writer:
    module_name, _, class_name = WRITERS[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


def register(name: str, target: str) -> None:
    """Adds a writer ("module:Class") under a format name, e.g. from a plugin."""
    WRITERS[name] = target
