"""PDF writer: the shared HTML layout laid out by WeasyPrint.

Output is reproducible by design: the PDF's dates come from the issue date (or SOURCE_DATE_EPOCH),
its identifier from the content, and no URL is ever fetched (the fetcher refuses every scheme).
"""
from __future__ import annotations

import hashlib

import weasyprint

from ..document import Document
from .html import document_html
from .timestamps import document_timestamp


class PdfWriter:
    name = "pdf"
    extension = ".pdf"
    media_type = "application/pdf"

    def render(self, document: Document) -> bytes:
        html = document_html(document)
        fetcher = weasyprint.URLFetcher(allowed_protocols=())
        laid_out = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        stamp = document_timestamp(document).strftime("%Y-%m-%dT%H:%M:%SZ")
        laid_out.metadata.created = stamp
        laid_out.metadata.modified = stamp
        laid_out.metadata.title = f"{' '.join(document.masthead.symbols)}: {document.title}"
        laid_out.metadata.generator = "publisher"
        identifier = hashlib.md5(html.encode("utf-8")).hexdigest().encode("ascii")
        return laid_out.write_pdf(pdf_identifier=identifier)
