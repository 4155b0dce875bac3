"""PDF writer: the shared HTML layout laid out by WeasyPrint.

Output is reproducible by design: the PDF's dates come from the issue date (or SOURCE_DATE_EPOCH),
its identifier from the content. No URL is ever fetched: the fetcher refuses everything but the
prepared font files named by fonts.py. A language whose fonts are not installed is refused
(``fonts.require_font``), before any layout.
"""
from __future__ import annotations

import hashlib
import threading

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from ..document import Document
from . import cjk
from .html import document_html, pdf_stylesheet_text
from .fonts import prepared_faces, require_font
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
    every document (a quarter of a summary's time)."""
    cache = getattr(_PARSED, "stylesheets", None)
    if cache is None:
        cache = _PARSED.stylesheets = {}
    key = (language, direction)
    if key not in cache:
        fetcher = LocalFontFetcher({face.path.as_uri() for face in prepared_faces(language)})
        font_config = FontConfiguration()
        css = weasyprint.CSS(string=pdf_stylesheet_text(language, direction), font_config=font_config,
                             url_fetcher=fetcher)
        cache[key] = (css, font_config, fetcher)
    return cache[key]


class PdfWriter:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def render(self, document: Document) -> bytes:
        require_font(document.language)
        cjk.install()
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
