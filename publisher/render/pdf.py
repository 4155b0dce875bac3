"""PDF writer: the shared HTML layout laid out by WeasyPrint.

Output is reproducible by design: the PDF's dates come from the issue date (or SOURCE_DATE_EPOCH),
its identifier from the content. No URL is ever fetched: the fetcher refuses everything but the
prepared font files named by fonts.py. A language whose fonts are not installed is refused
(``fonts.require_font``), before any layout.
"""
from __future__ import annotations

import hashlib

import weasyprint

from ..document import Document
from . import cjk
from .html import document_html
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


class PdfWriter:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def render(self, document: Document) -> bytes:
        require_font(document.language)
        cjk.install()
        html = document_html(document)
        fetcher = LocalFontFetcher({face.path.as_uri() for face in prepared_faces(document.language)})
        laid_out = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        stamp = document_timestamp(document).strftime("%Y-%m-%dT%H:%M:%SZ")
        laid_out.metadata.created = stamp
        laid_out.metadata.modified = stamp
        laid_out.metadata.title = f"{' '.join(document.masthead.symbols)}: {document.title}"
        laid_out.metadata.generator = "publisher"
        identifier = hashlib.md5(html.encode("utf-8")).hexdigest().encode("ascii")
        return laid_out.write_pdf(pdf_identifier=identifier)
