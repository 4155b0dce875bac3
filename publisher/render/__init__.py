"""Render stage: Document -> bytes of one output format, by a registry of writers.

The registry is the one place the formats are named: what each is called, which writer makes it,
and what it is for — the documents a UN editor issues (``render --format all``, a session's
default), the formats a session may build, the ones the web app offers for download. The command
line, the session manifest and the web app ask it; none keeps a list of its own.

The core never imports a concrete writer: each is named by module path and loaded on first use,
so a format whose libraries are missing fails only when asked for (as Sphinx's builders do). A
name is registered once (a second registration is refused, as Sphinx refuses a second builder of
one name); an unknown name is a finding, not a KeyError.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from ..document import Document
from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding


class Writer(Protocol):
    name: str
    extension: str
    media_type: str

    def render(self, document: Document) -> bytes: ...


@dataclass(frozen=True)
class Format:
    name: str
    target: str  # "module:Class" of its writer
    issued: bool = False  # one of the documents issued: render --format all, a session's default formats
    in_sessions: bool = True  # a session manifest may ask for it
    download: bool = False  # the web app offers it for download (HTML is shown in the page itself)


_FORMATS: dict[str, Format] = {}


def register(name: str, target: str, *, issued: bool = False, in_sessions: bool = True,
             download: bool = False) -> None:
    """Adds a writer ("module:Class") under a format name, e.g. from a plugin; a name already
    registered is refused."""
    if name in _FORMATS:
        raise ValueError(f"a writer is already registered for the format {name!r} ({_FORMATS[name].target})")
    _FORMATS[name] = Format(name, target, issued, in_sessions, download)


register("docx", "publisher.render.docx:DocxWriter", issued=True, download=True)
register("pdf", "publisher.render.pdf:PdfWriter", issued=True, download=True)
register("html", "publisher.render.html:HtmlWriter", issued=True)
register("txt", "publisher.render.text:TextWriter", in_sessions=False)
register("akn", "publisher.interchange.akn:AknWriter")


def formats(*, issued: bool | None = None, in_sessions: bool | None = None, download: bool | None = None) -> list[str]:
    """The registered format names, in registration order, those with the given roles only."""
    wanted = {"issued": issued, "in_sessions": in_sessions, "download": download}
    return [name for name, entry in _FORMATS.items()
            if all(value is None or getattr(entry, role) == value for role, value in wanted.items())]


def prepare(formats) -> None:
    """Builds in this process what every process rendering ``formats`` builds on its first
    document, whatever its language (compiled templates, the stylesheet most languages share with
    its fonts, the C types of WeasyPrint's libraries), for each writer that has a ``prepare()``: a
    build does it before its worker processes fork, so that each inherits it instead of building
    its own. What one language alone needs is left to the worker that renders it. The documents
    are the same either way."""
    for name in formats:
        prepared = getattr(writer(name), "prepare", None)
        if prepared is not None:
            prepared()


def writer(name: str) -> Writer:
    entry = _FORMATS.get(name)
    if entry is None:
        raise PublisherError(Finding("", 0, 0, "format", f"no writer for the format {name!r}; formats: "
                                     f"{', '.join(_FORMATS)}", "render.unknown-format"), exit_code=EXIT_UNREADABLE)
    module_name, _, class_name = entry.target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)()
