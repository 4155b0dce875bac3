"""PDF writer: the shared HTML layout laid out by WeasyPrint.

Output is reproducible by design: the PDF's dates come from the issue date (or SOURCE_DATE_EPOCH),
its identifier from the content. No URL is ever fetched: the fetcher refuses everything but the
prepared font files named by fonts.py. A language whose fonts are not installed is refused
(``fonts.require_font``), before any layout.
"""
from __future__ import annotations

import hashlib
import threading
from html import escape

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from ..document import Document
from ..errors import PublisherError
from ..reference.languages import DIRECTIONS, NATIVE_NAMES
from . import cffi_arrays, cjk
from .fonts import prepared_faces, require_font
from .html import document_html, pdf_stylesheet_text
from .timestamps import document_timestamp


class LocalFontFetcher(weasyprint.URLFetcher):
    """Refuses every URL except the prepared font files of this machine's cache (no network)."""

    def __init__(self, allowed: set[str]):
        super().__init__(allowed_protocols=("file",) if allowed else ())
        self.allowed = allowed

    def fetch(self, url, headers=None):
        if url not in self.allowed:
            raise ValueError(f"publisher fetches no URL: {url}")
        return super().fetch(url, headers)


_PARSED = threading.local()  # per thread: WeasyPrint's font configuration is not shared between threads


def _parsed_stylesheet(language: str, direction: str):
    """The PDF stylesheet of a language, parsed once per thread with its font configuration:
    WeasyPrint otherwise parses and compiles the same selectors and loads the same faces for
    every document (a quarter of a summary's time). Kept by the stylesheet's text, so that the
    languages whose stylesheet is the same (English, French, Spanish and Russian: the shared
    rules, no prepared faces, left to right) share one, and the fonts it has loaded; a language
    with faces or page rules of its own (Chinese, Arabic) has its own."""
    cache = getattr(_PARSED, "stylesheets", None)
    if cache is None:
        cache = _PARSED.stylesheets = {}
    text = pdf_stylesheet_text(language, direction)
    if text not in cache:
        # the faces named in the text are the files the fetcher lets through
        fetcher = LocalFontFetcher({face.path.as_uri() for face in prepared_faces(language)})
        font_config = FontConfiguration()
        css = weasyprint.CSS(string=text, font_config=font_config, url_fetcher=fetcher)
        cache[text] = (css, font_config, fetcher)
    return cache[text]


_SHARED = "en"  # a language of the stylesheet English, French, Spanish and Russian share


def _prepare() -> None:
    """What every PDF process loads on its first document, loaded now: WeasyPrint's justification
    of Chinese lines and its glyph arrays of one C type, the stylesheet most languages share with its font configuration, the faces
    a short text in it, bold and italic, is set in, and the C types WeasyPrint declares through
    cffi on first use (25 of them, each parsed by pycparser). A language's own stylesheet and
    Pyphen dictionary are left to the process that renders it: each is used by one worker."""
    cjk.install()
    cffi_arrays.install()
    direction = DIRECTIONS[_SHARED]
    try:
        require_font(_SHARED)
    except PublisherError:
        return  # its PDFs are refused when rendered, each naming its unit, as without preparing
    css, font_config, fetcher = _parsed_stylesheet(_SHARED, direction)
    words = escape(NATIVE_NAMES[_SHARED])
    html = (f'<html lang="{_SHARED}" dir="{direction}"><body><div class="para"><p>{words} <b>{words}</b> '
            f"<i>{words}</i><sup>1</sup></p></div></body></html>")
    weasyprint.HTML(string=html, url_fetcher=fetcher).render(stylesheets=[css], font_config=font_config).write_pdf()


class PdfWriter:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    @staticmethod
    def prepare() -> None:
        """Loads in this process what every PDF process needs (see ``render.prepare``)."""
        _prepare()

    def render(self, document: Document) -> bytes:
        require_font(document.language)
        cjk.install()
        cffi_arrays.install()
        html = document_html(document, inline_css=False)
        css, font_config, fetcher = _parsed_stylesheet(document.language, document.direction)
        laid_out = weasyprint.HTML(string=html, url_fetcher=fetcher).render(stylesheets=[css], font_config=font_config)
        stamp = document_timestamp(document).strftime("%Y-%m-%dT%H:%M:%SZ")
        laid_out.metadata.created = stamp
        laid_out.metadata.modified = stamp
        laid_out.metadata.title = f"{' '.join(document.masthead.symbols)}: {document.title}"
        laid_out.metadata.generator = "publisher"
        # the identifier of the whole input, stylesheet included, as when the CSS was inline
        identifier = hashlib.md5(document_html(document).encode("utf-8")).hexdigest().encode("ascii")
        return laid_out.write_pdf(pdf_identifier=identifier)
