"""The Word round trip in the web app: upload a DOCX edited in Word or LibreOffice, see what it
changes field by field (and its comments), then apply it to the outcome — the same checks as
``publisher import`` (docs/word-round-trip.md).

  POST /o/<name>/<lang>/import            upload: the changes are shown, nothing is written
  POST /o/<name>/<lang>/import/<id>       apply the upload shown on that page
"""
from __future__ import annotations

import secrets
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ..errors import PublisherError
from ..findings import Finding
from ..postedit.docx_import import import_docx
from ..reference.languages import LANGUAGE_NAMES

MAX_UPLOADS = 20  # uploads waiting to be applied; the oldest is forgotten first


class Uploads:
    """DOCX files uploaded and shown, waiting for "Apply" (in memory, never under the served folder)."""

    def __init__(self):
        self.items: OrderedDict[str, tuple[str, str, bytes, bool]] = OrderedDict()
        self.lock = threading.Lock()

    def add(self, name: str, language: str, data: bytes, accept: bool) -> str:
        key = secrets.token_urlsafe(12)
        with self.lock:
            self.items[key] = (name, language, data, accept)
            while len(self.items) > MAX_UPLOADS:
                self.items.popitem(last=False)
        return key

    def take(self, key: str) -> tuple[str, str, bytes, bool] | None:
        with self.lock:
            return self.items.pop(key, None)


word_pages = Blueprint("word", __name__)
_uploads = Uploads()


@word_pages.post("/o/<name>/<language>/import")
def upload(name: str, language: str):
    services = current_app.extensions["publisher"]
    entry = services.entry(name)
    language = _importable(entry, language)
    sent = request.files.get("docx")
    if sent is None or not sent.filename:
        abort(400, description="choose the edited DOCX file to upload")
    data = sent.read()
    accept = request.form.get("accept_changes") == "1"
    result = _run(services, entry, language, data, accept, dry_run=True)
    key = _uploads.add(entry.name, language, data, accept) if result.changes or result.moves else ""
    return render_template("word_import.html", entry=entry, language=language, result=result, key=key,
                           file_name=sent.filename)


@word_pages.post("/o/<name>/<language>/import/<key>")
def apply(name: str, language: str, key: str):
    services = current_app.extensions["publisher"]
    entry = services.entry(name)
    language = _importable(entry, language)
    waiting = _uploads.take(key)
    if waiting is None or waiting[:2] != (entry.name, language):
        abort(404, description="this upload is no longer waiting: upload the DOCX again")
    with services.save_lock:
        _run(services, entry, language, waiting[2], waiting[3], dry_run=False)
    return redirect(url_for("browse.preview", name=entry.name, lang=language), code=303)


def _importable(entry, language: str) -> str:
    """A language version an edited DOCX can come back into: any that has a file."""
    if language not in entry.versions:
        abort(404, description=f"{entry.name} has no {LANGUAGE_NAMES.get(language, repr(language))} version")
    return language


def _run(services, entry, language: str, data: bytes, accept: bool, dry_run: bool):
    version = services.version(entry, language)
    if version.in_memory or not version.path.is_file():
        raise PublisherError(Finding(str(version.path), 0, 0, "", "there is no file of this language version to "
                                     "bring the DOCX back into", "docx.no-origin"))
    with tempfile.TemporaryDirectory(prefix="publisher-import-") as folder:
        path = Path(folder) / "edited.docx"
        path.write_bytes(data)
        return import_docx(path, outcome_path=version.path, accept_changes=accept, dry_run=dry_run)
