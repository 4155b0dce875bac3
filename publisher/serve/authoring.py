"""The outcome editor: a new outcome from the blueprints, its text written and checked in the
browser, the document beside it with the findings in place, and the file saved keeping its
comments, key order and folded style (publisher/authoring.py).

  GET  /new                                  the form of a new outcome (the options of `publisher new`)
  POST /new                                  writes the skeleton into the folder, opens it in the editor
  GET  /o/<name>/write                       the editor of the source outcome
  POST /o/<name>/write                       saves (validated first; with errors, as work in progress)
  POST /o/<name>/write/check                 the page's text checked as one types (JSON)
  GET  /o/<name>/write/draft/<key>/<doc>.html  that text as a document, findings marked (the preview)
  GET  /o/<name>/marked/<lang>/<doc>.html    a saved version as a document, findings marked

Saving takes the same turns as post-editing (the server's save lock and the folder's file lock)
and refuses, writing nothing (409), when the file changed since the page was opened.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import threading
from collections import OrderedDict
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from ..authoring import ContentError, apply_content, checked_content, content_of
from ..errors import PublisherError
from ..files import read_regular_file, write_atomic
from ..findings import Severity
from ..load import MAX_INPUT_BYTES, load_bytes
from ..model import DOCUMENT_KINDS
from ..postedit.workset import folder_lock
from ..reference import LANGUAGES, countries, reference
from ..skeleton import NewOutcome, check_request, skeleton
from ..validate import validate_loaded
from ..versions import source_file
from . import security
from .marks import findings_page, marked_html
from .writing import coverage, finding_json, page_documents, word_counts

MAX_CONTENT_BYTES = 2 * MAX_INPUT_BYTES  # the text of an outcome as JSON: an outcome file is at most MAX_INPUT_BYTES
DRAFTS_KEPT = 32
NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")

authoring = Blueprint("authoring", __name__)


class Drafts:
    """The texts last checked, by a random key, for the preview frame to show (in memory only)."""

    def __init__(self):
        self._items: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, name: str, text: str) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = (name, text)
            while len(self._items) > DRAFTS_KEPT:
                self._items.popitem(last=False)
        return key

    def get(self, key: str, name: str) -> str | None:
        with self._lock:
            item = self._items.get(key)
        return item[1] if item and item[0] == name else None


_drafts = Drafts()
_saved_messages: OrderedDict[str, str] = OrderedDict()  # what a save did, for the page it redirects to
_saved_lock = threading.Lock()


def _services():
    return current_app.extensions["publisher"]


# -- a new outcome -------------------------------------------------------------------------------

@authoring.get("/new")
def new_form():
    return _new_page({"year": str(dt.date.today().year), "language": "en", "party_to_uncac": "1", "number": "1"})


@authoring.post("/new")
def new_outcome():
    services = _services()
    form = {key: request.form.get(key, "").strip()[:200] for key in
            ("state", "reviewing_a", "reviewing_b", "cluster", "language", "year", "number", "job_number", "name")}
    form["party_to_uncac"] = "1" if request.form.get("party_to_uncac") else ""
    instruments = tuple(i for i in request.form.getlist("instruments") if i)[:8]
    problems = []
    year = int(form["year"]) if form["year"].isdigit() and 2000 <= int(form["year"]) <= 2100 else 0
    if not year:
        problems.append("Year: a year such as 2027.")
    if not instruments:
        problems.append("Instruments: choose at least one.")
    name = form["name"] or _slug(f"{form['state']}-{form['cluster']}")
    if not NAME.fullmatch(name):
        problems.append("File name: lower-case letters, digits and hyphens (it becomes NAME.yaml).")
    asked = NewOutcome(state=form["state"], reviewing_states=(form["reviewing_a"], form["reviewing_b"]),
                       cluster=form["cluster"], instruments=instruments, language=form["language"] or "en",
                       year=year, party_to_uncac=bool(form["party_to_uncac"]), number=form["number"] or "1",
                       job_number=form["job_number"])
    problems += [f"{f.field}: {f.message}" for f in check_request(asked, reference())]
    if problems:
        return _new_page(form, instruments, problems), 422
    path = source_file(services.catalog.root, name)
    text = skeleton(asked, services.catalog.blueprints, reference())
    with services.save_lock, folder_lock(services.catalog.root):
        if path.exists() or path.is_symlink() or any(services.catalog.root.glob(f"{name}.*.yaml")):
            return _new_page(form, instruments, [f"File name: {path.name} is already in the folder; choose "
                                                 "another name."]), 409
        write_atomic(path, text.encode("utf-8"))
    return redirect(url_for("authoring.write", name=name), code=303)


def _new_page(form: dict, instruments=("convention",), problems=()):
    ref = reference()
    return render_template("new.html", form=form, chosen=instruments, problems=problems, ref=ref,
                           countries=sorted(countries()),
                           clusters=list(ref.clusters), all_instruments=list(ref.instruments), languages=LANGUAGES)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "outcome"


# -- the editor ----------------------------------------------------------------------------------

@authoring.get("/o/<name>/write")
def write(name: str):
    entry, path, raw = _source(name)
    data = load_bytes(raw, str(path)).data
    with _saved_lock:
        message = _saved_messages.get(request.args.get("saved", ""), "")
    return _write_page(entry, data, content_of(data), _stamp(raw), saved=message)


@authoring.post("/o/<name>/write")
def save(name: str):
    services = _services()
    content = _content_from_form()
    with services.save_lock:
        entry, path, raw = _source(name)
        data = load_bytes(raw, str(path)).data
        if request.form.get("base") != _stamp(raw):
            return _write_page(entry, data, content, _stamp(raw), conflict=(
                "This outcome was saved elsewhere (another tab or person, an import) since you opened the page; "
                "nothing was saved. Your text is kept below: compare with the file, then save again.")), 409
        try:
            text = apply_content(raw.decode("utf-8"), content)
            findings, outcome = validate_loaded(load_bytes(text.encode("utf-8"), str(path)), services.catalog.blueprint_dir)
        except (PublisherError, ContentError) as error:
            problem = "; ".join(f.format() for f in error.findings) if isinstance(error, PublisherError) else str(error)
            return _write_page(entry, data, content, _stamp(raw), conflict=f"Nothing was saved: {problem}. Your "
                               "text is kept below: correct it, then save again."), 422
        with folder_lock(path.parent):
            if _stamp(read_regular_file(path, MAX_INPUT_BYTES)) != _stamp(raw):
                abort(409, description="the file changed while saving; reload the page")
            write_atomic(path, text.encode("utf-8"))
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    message = (f"Saved {path.name} as work in progress: {errors} error(s) to correct before it can be rendered for "
               f"issue (PDF, DOCX), {warnings} warning(s)." if errors else
               f"Saved {path.name}: valid, {warnings} warning(s).")
    key = secrets.token_urlsafe(9)
    with _saved_lock:
        _saved_messages[key] = message
        while len(_saved_messages) > DRAFTS_KEPT:
            _saved_messages.popitem(last=False)
    return redirect(url_for("authoring.write", name=entry.name, saved=key), code=303)


@authoring.post("/o/<name>/write/check")
def check(name: str):
    services = _services()
    entry, path, raw = _source(name)
    if request.content_length is None or request.content_length > MAX_CONTENT_BYTES:
        abort(413, description=f"a check sends one outcome's text: at most {MAX_CONTENT_BYTES:,} bytes, with a "
                               "Content-Length")
    try:
        payload = request.get_json(silent=True)
    except RecursionError:
        abort(400, description="the JSON nests too deep")
    try:
        content = checked_content(payload.get("content") if isinstance(payload, dict) else None)
        text = apply_content(raw.decode("utf-8"), content)
        loaded = load_bytes(text.encode("utf-8"), str(path))
    except ContentError as error:
        return jsonify(error=str(error)), 400
    except PublisherError as error:  # the text cannot be an outcome file (a control character, ...)
        return jsonify(findings=[finding_json(f, {}) for f in error.findings], words={}, coverage=[], draft="")
    findings, outcome = validate_loaded(loaded, services.catalog.blueprint_dir)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    review = data.get("review") if isinstance(data.get("review"), dict) else {}
    return jsonify(findings=[finding_json(f, data) for f in findings],
                   words=word_counts(outcome, services.catalog.blueprints),
                   coverage=coverage(content, review, reference()), draft=_drafts.add(entry.name, text),
                   errors=sum(f.severity is Severity.ERROR for f in findings))


@authoring.get("/o/<name>/write/draft/<key>/<kind>.html")
def draft(name: str, key: str, kind: str):
    services = _services()
    entry = services.entry(name)
    text = _drafts.get(key, entry.name)
    if text is None or kind not in DOCUMENT_KINDS:
        abort(404, description="this draft is no longer kept: type on, the preview follows")
    findings, outcome = validate_loaded(load_bytes(text.encode("utf-8"), str(entry.source.path)),
                                        services.catalog.blueprint_dir)
    return _document_response(outcome, findings, kind, services)


@authoring.get("/o/<name>/marked/<language>/<kind>.html")
def marked(name: str, language: str, kind: str):
    services = _services()
    entry = services.entry(name)
    if language not in LANGUAGES or kind not in DOCUMENT_KINDS:
        abort(404, description="no such language or document")
    version = services.version(entry, language)
    return _document_response(version.outcome, version.findings, kind, services)


def _document_response(outcome, findings, kind: str, services) -> Response:
    if outcome is None:
        data = findings_page(findings, "cannot be composed")
    else:
        try:
            data = marked_html(outcome, findings, kind, services.catalog.blueprints)
        except Exception as error:  # an outcome with errors may not compose: its findings are shown instead
            data = findings_page(findings, f"cannot be composed ({type(error).__name__})")
    response = Response(data, mimetype="text/html")
    response.headers["Content-Security-Policy"] = security.DOCUMENT_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


# -- pieces ----------------------------------------------------------------------------------------

def _source(name: str):
    """The outcome's source file, read (a regular file in the folder, within the size limit)."""
    services = _services()
    entry = services.entry(name)
    path = entry.source.path
    if not services.catalog.inside(path):
        abort(404, description="not in the served folder")
    return entry, path, read_regular_file(path, MAX_INPUT_BYTES)


def _stamp(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]


def _content_from_form() -> dict:
    text = request.form.get("content", "")
    if len(text.encode("utf-8")) > MAX_CONTENT_BYTES:
        abort(413, description="the text of one outcome is at most 2 MB")
    try:
        return checked_content(json.loads(text))
    except RecursionError:
        abort(400, description="the JSON nests too deep")
    except (ValueError, ContentError) as error:
        abort(400, description=f"not the editor's content: {error}")


def _write_page(entry, data: dict, content: dict, base: str, saved: str = "", conflict: str = ""):
    services = _services()
    review = data.get("review") if isinstance(data.get("review"), dict) else {}
    language = review.get("language") if review.get("language") in LANGUAGES else "en"
    documents = page_documents(content, review, services.catalog.blueprints, reference())
    return render_template("write.html", entry=entry, documents=documents, notes=content.get("footnotes", {}),
                           checklist=coverage(content, review, reference()), base=base, saved=saved,
                           conflict=conflict, text_language=language,
                           review=review, file_name=Path(entry.source.path).name)
