"""The web app: Flask, pages rendered on the server from Jinja templates (autoescaped), one small
script for QA as you type, nothing loaded from anywhere but this server.

Pages:
  /                                  the review outcomes of the folder, their findings and versions
  /o/<name>/preview?lang=&doc=       a document in one language beside the same in the source language
  /o/<name>/<lang>/<doc>.<format>    a document: html (shown in the preview's frames), pdf, docx
  /o/<name>/edit/<lang>              post-editing: source, draft, provenance, memory, terms, QA; saving
  /o/<name>/edit/<lang>/check        QA of one unit's text (JSON, for the script)
  /o/<name>/<lang>/import            an edited DOCX: its changes shown, then applied (word_import.py)
  /new, /o/<name>/write              a new outcome, and the outcome editor (authoring.py)
"""
from __future__ import annotations

import io
import re
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path

from flask import (Blueprint, Flask, Response, abort, current_app, jsonify, redirect, render_template, request,
                   send_file, url_for)
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..blueprint import DEFAULT_DIR
from ..errors import PublisherError
from ..findings import Finding
from ..load import MAX_TEXT_CHARACTERS
from ..model import DOCUMENT_KINDS
from ..postedit import STATES, EditResult, apply_edits, check_target, open_workset, save_workset, translation_path
from ..postedit.workset import file_digests
from ..render import formats, writer
from ..reference.languages import DIRECTIONS, LANGUAGE_NAMES, LANGUAGES, NATIVE_NAMES
from ..translate.resources import load_glossaries, open_memory
from . import editing, security
from ..versions import document_name
from .catalog import Catalog, ServedOutcome, ServedVersion, outside_finding
from .word_import import word_pages
from .authoring import authoring
from .addresses import checked_kind as _kind, checked_language as _language, editable_language as _editable
from .unit_saves import unit_pages
from .workbench import ORIGIN_GROUP_NAMES, plain_text, progress, source_must_be_fixed

# A text field (a unit's translation) longer than this is refused whole (413) before any check: the
# outcome holds at most MAX_TEXT_CHARACTERS a text, and a 15 MB field would keep the QA busy for minutes.
MAX_FIELD_CHARACTERS = 4 * MAX_TEXT_CHARACTERS
MAX_CHECK_BYTES = 4 * MAX_FIELD_CHARACTERS + 4096  # the JSON of one unit's QA check, in UTF-8 at worst


class Services:
    """What the pages share: the folder, the memory, the glossary, the save reports."""

    def __init__(self, root: Path, memory_path: Path | None, glossary_paths, blueprint_dir: Path):
        self.catalog = Catalog(root, blueprint_dir)
        self.memory_path = memory_path
        self.glossary = load_glossaries(glossary_paths)
        self.saves = editing.SaveReports()
        self.save_lock = threading.Lock()
        self._worksets: dict[tuple[Path, Path], object] = {}  # worksets are immutable: safe to share
        open_memory(memory_path).close()  # a new memory is created and seeded now, once

    @contextmanager
    def memory(self):
        memory = open_memory(self.memory_path)  # one connection per request: SQLite objects stay in their thread
        try:
            yield memory
        finally:
            memory.close()

    def entry(self, name: str) -> ServedOutcome:
        entry = self.catalog.entry(name)
        if entry is None:
            abort(404, description="no such review outcome in this folder")
        return entry

    def workset(self, entry: ServedOutcome, language: str, memory):
        existing = entry.versions.get(language)
        target = existing.path if existing else translation_path(entry.source.path, language)
        if not self.catalog.inside(target):  # a link out of the folder where the version would be written
            raise PublisherError(outside_finding(target))
        if not target.exists():  # a draft made from the memory: it changes with the memory, never kept
            return open_workset(entry.source.path, language, target, glossary=self.glossary, memory=memory)
        key = (entry.source.path, target)
        kept = self._worksets.get(key)
        if kept is not None and kept.opened == file_digests(entry.source.path, target):
            return kept  # nothing changed on disk: QA as you type need not split every text again
        workset = open_workset(entry.source.path, language, target, glossary=self.glossary, memory=memory)
        self._worksets[key] = workset
        return workset

    def version(self, entry: ServedOutcome, language: str) -> ServedVersion:
        """The language version of an outcome: its file, or else a draft made now in memory."""
        if language in entry.versions:
            return entry.versions[language]
        with self.memory() as memory:
            workset = self.workset(entry, language, memory)
        return self.catalog.draft_version(entry, language, workset)


def create_app(root: Path | str, token: str, memory_path: Path | str | None = None, *, glossary_paths=None,
               blueprint_dir: Path = DEFAULT_DIR,
               trusted_hosts: tuple[str, ...] | None = security.LOOPBACK_NAMES) -> Flask:
    """The app serving the review outcomes in ``root``. Every request needs ``token`` (see
    security.py); ``trusted_hosts`` None accepts any Host header (for --allow-remote)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # signs the session that holds the CSRF secret; new each start
        SESSION_COOKIE_NAME=security.cookie_name(token) + "-session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        WTF_CSRF_TIME_LIMIT=None,  # a translator may keep a page open all day: valid while the server runs
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        MAX_FORM_PARTS=50_000,  # four fields a unit (text, state, source, seen): long outcomes have thousands
        MAX_FORM_MEMORY_SIZE=4 * MAX_FIELD_CHARACTERS,  # one field of a multipart form, in bytes
    )
    security.install(app, token, trusted_hosts)  # before CSRFProtect: no token, no further look
    CSRFProtect(app)
    services = Services(Path(root), Path(memory_path) if memory_path else None, glossary_paths, blueprint_dir)
    app.extensions["publisher"] = services

    @app.context_processor
    def names():
        return {"LANGUAGES": LANGUAGES, "NATIVE_NAMES": NATIVE_NAMES, "LANGUAGE_NAMES": LANGUAGE_NAMES,
                "DIRECTIONS": DIRECTIONS, "DOCUMENT_KINDS": DOCUMENT_KINDS, "STATES": STATES,
                "DOWNLOAD_FORMATS": formats(download=True), "root_name": services.catalog.root.resolve().name}

    _add_error_pages(app)
    for pages in (browse, editor, word_pages, authoring, unit_pages):
        app.register_blueprint(pages)
    return app


def _add_error_pages(app: Flask) -> None:
    @app.errorhandler(PublisherError)
    def publisher_error(error: PublisherError):
        return render_template("error.html", title="Cannot do this", findings=error.findings), 422

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = ("This form was not sent by a page of this server, or the server was restarted since the page "
                   f"was opened ({error.description}). Reload the page and try again.")
        return render_template("error.html", title="Refused", message=message), 400

    for status, title in ((400, "Bad request"), (403, "Forbidden"), (404, "Not found"), (413, "Too large")):
        app.register_error_handler(status, _plain_error(status, title))


def _plain_error(status: int, title: str):
    def handler(error):
        if status == 403:
            text = ("403 Forbidden: open the address with the token that `publisher serve` printed when it "
                    "started.\n")
        else:
            text = f"{status} {title}: {getattr(error, 'description', '')}\n"
        return Response(text, status=status, mimetype="text/plain")
    return handler


# -- pages: browse the outcomes and their documents; post-edit a translation ------------------------
browse = Blueprint("browse", __name__)
editor = Blueprint("editor", __name__)


def _services() -> Services:
    return current_app.extensions["publisher"]


@browse.get("/")
def index():
    services = _services()
    entries, unreadable = services.catalog.scan()
    return render_template("index.html", entries=entries, unreadable=unreadable)

@browse.get("/o/<name>/")
def outcome(name: str):
    services = _services()
    return redirect(url_for("browse.preview", name=services.entry(name).name))

@browse.get("/o/<name>/preview")
def preview(name: str):
    services = _services()
    entry = services.entry(name)
    language = _language(request.args.get("lang", entry.source_language))
    kind = _kind(request.args.get("doc", DOCUMENT_KINDS[0]))
    languages = [entry.source_language] + ([language] if language != entry.source_language else [])
    panes = [(code, services.version(entry, code)) for code in languages]
    return render_template("preview.html", entry=entry, language=language, kind=kind, panes=panes)

@browse.get("/o/<name>/<language>/<kind>.<output_format>")
def document(name: str, language: str, kind: str, output_format: str):
    services = _services()
    entry = services.entry(name)
    version = services.version(entry, _language(language))
    kind = _kind(kind)
    if output_format not in ("html", *formats(download=True)):
        abort(404, description=f"formats: html, {', '.join(formats(download=True))}")
    if version.outcome is None or version.errors:
        raise PublisherError(*version.findings or (Finding(str(version.path), 0, 0, "", "cannot be rendered",
                                                           "serve.unrenderable"),))
    data = services.catalog.render(version.outcome, kind, output_format)
    if output_format == "html":
        response = Response(data, mimetype="text/html")
        response.headers["Content-Security-Policy"] = security.DOCUMENT_POLICY
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
    return send_file(io.BytesIO(data), mimetype=writer(output_format).media_type, as_attachment=True,
                     download_name=download_name(entry.name, kind, language, output_format))

@editor.get("/o/<name>/edit/<language>")
def edit(name: str, language: str):
    services = _services()
    entry = services.entry(name)
    language = _editable(entry, language)
    saved = services.saves.get(request.args.get("saved"))
    return _edit_page(services, entry, language, saved=saved)

@editor.post("/o/<name>/edit/<language>")
def save(name: str, language: str):
    services = _services()
    entry = services.entry(name)
    language = _editable(entry, language)
    _refuse_long_fields(request.form)
    if entry.source.errors:
        return _edit_page(services, entry, language, kept=editing.form_texts(request.form),
                          conflict=source_must_be_fixed(entry)), 409
    with services.save_lock, services.memory() as memory:
        workset = services.workset(entry, language, memory)
        if request.form.get("base") != editing.page_stamp(workset):
            kept, theirs = editing.conflicting_texts(workset, request.form)
            message = ("This translation was saved elsewhere (another tab or person, an import), or its source "
                       "was changed, since you opened the page; nothing was saved. Your texts are kept below"
                       + (f"; {len(theirs)} unit(s) were changed both here and there: each shows both texts, "
                          "choose one for each, then save again." if theirs else ": compare, then save again."))
            return _edit_page(services, entry, language, kept=kept, theirs=theirs, conflict=message), 409
        action, confirm = request.form.get("action"), editing.confirm_state(request.form)
        if action == "accept-machine":  # the answer to "Save and confirm all"'s question
            edits = editing.confirm_all_edits(workset, confirm)
            if str(editing.to_accept(edits)) != request.form.get("machine_units"):
                return _ask_again(entry, language, edits, confirm)
        else:
            edits = editing.edits_from_form(workset, request.form)
        result = apply_edits(workset, edits, services.glossary)
        bulk = []
        if action == "confirm-all":  # the units edited in their rows first; machine text only once asked
            bulk = editing.confirm_all_edits(result.workset, confirm)
            if not editing.to_accept(bulk):
                result = _merged(result, apply_edits(result.workset, bulk, services.glossary))
                edits, bulk = edits + bulk, []
        # A draft made in memory is written by its first save, even with nothing edited.
        write = bool(result.applied) or (not workset.exists and not result.rejected)
        try:
            written = save_workset(result.workset, memory=memory, glossary=services.glossary) if write else None
        except PublisherError as error:  # not valid (nothing written) or a write failed: every text kept
            return _edit_page(services, entry, language, kept=editing.form_texts(request.form),
                              conflict=_not_saved(error)), 422
    report = _save_report(result, edits, written)
    report.ask_accept, report.ask_raise, report.confirm_state = editing.to_accept(bulk), editing.to_raise(bulk), confirm
    return redirect(url_for("editor.edit", name=entry.name, language=language, saved=services.saves.add(report)),
                    code=303)


def _merged(first, second):
    """Two rounds of edits of one save as one result (the second applied to the first's workset)."""
    return EditResult(second.workset, first.applied + tuple(u for u in second.applied if u not in first.applied),
                       first.rejected + second.rejected, first.issues + second.issues)


def _ask_again(entry: ServedOutcome, language: str, edits, confirm: str):
    """The units "Save and confirm all" would accept are no longer those the question counted:
    nothing is done, and the question is asked again with the new count."""
    report = editing.SaveReport("", "", (), (), (), 0, ask_accept=editing.to_accept(edits),
                                ask_raise=editing.to_raise(edits), confirm_state=confirm,
                                notice="The number of machine-translated units to confirm has changed since the "
                                       "question was asked; nothing was confirmed.")
    return redirect(url_for("editor.edit", name=entry.name, language=language,
                            saved=_services().saves.add(report)), code=303)

@editor.post("/o/<name>/edit/<language>/check")
def check(name: str, language: str):
    services = _services()
    entry = services.entry(name)
    language = _editable(entry, language)
    payload = _check_payload()
    if not isinstance(payload, dict) or not isinstance(payload.get("unit"), str) \
            or not isinstance(payload.get("target"), str):
        return jsonify(error="send {\"unit\": id, \"target\": text}"), 400
    with services.memory() as memory:
        workset = services.workset(entry, language, memory)
    unit = workset.unit(payload["unit"])
    if unit is None:
        return jsonify(error="no such unit"), 404
    issues = check_target(workset, unit, plain_text(payload["target"]), services.glossary)
    return jsonify(unit=unit.id, issues=[{"severity": i.severity, "code": i.code, "message": i.message}
                                         for i in issues])


def _refuse_long_fields(form) -> None:
    for key, value in form.items():
        if len(value) > MAX_FIELD_CHARACTERS:
            abort(413, description=f"the field {key[:80]} has {len(value):,} characters; a text may have at most "
                                   f"{MAX_TEXT_CHARACTERS:,}, and a field over {MAX_FIELD_CHARACTERS:,} is not read")


def _check_payload() -> object:
    """The JSON of a QA check: refused unread when larger than one unit's text can be (413), and
    as a bad request when it is not JSON or nests too deep for the parser (400)."""
    if request.content_length is None or request.content_length > MAX_CHECK_BYTES:
        abort(413, description=f"a QA check sends one unit's text: at most {MAX_CHECK_BYTES:,} bytes, with a "
                               "Content-Length")
    try:
        payload = request.get_json(silent=True)
    except RecursionError:
        abort(400, description="the JSON nests too deep")
    if isinstance(payload, dict) and isinstance(payload.get("target"), str) \
            and len(payload["target"]) > MAX_FIELD_CHARACTERS:
        abort(413, description=f"the target has {len(payload['target']):,} characters; a text may have at most "
                               f"{MAX_TEXT_CHARACTERS:,}")
    return payload


def download_name(name: str, kind: str, language: str, output_format: str) -> str:
    """``x-summary-fr.pdf``, the outcome's name kept to letters, digits, ``.``, ``_`` and ``-``
    (a file name may hold quotes, semicolons, line breaks that have no place in a header)."""
    safe = re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("._") or "outcome"
    return document_name(safe, kind, language, f".{output_format}")


def _edit_page(services: Services, entry: ServedOutcome, language: str, saved=None, kept=None, conflict: str = "",
               theirs=None):
    with services.memory() as memory:
        workset = services.workset(entry, language, memory)
        rows = editing.rows(workset, memory, saved=saved, kept=kept, theirs=theirs)
    version = entry.versions.get(language)
    return render_template("edit.html", entry=entry, language=language, workset=workset, rows=rows, saved=saved,
                           conflict=conflict, orphans=editing.orphaned_texts(workset, kept or {}),
                           base=editing.page_stamp(workset), confirm_states=editing.CONFIRM_STATES,
                           status=version.status if version else "draft", renders=bool(version and not version.errors),
                           progress=progress(workset.units), source_blocked=source_must_be_fixed(entry),
                           origin_groups=ORIGIN_GROUP_NAMES,
                           qa_codes=sorted({p.code for row in rows for p in row.problems}))


def _not_saved(error: PublisherError) -> str:
    problems = "; ".join(f"{f.field or Path(f.file).name}: {f.message} [{f.code}]" for f in error.findings)
    if any(f.code == "output.write-failed" for f in error.findings):  # the outcome may be written, its report not
        return f"The save did not complete: {problems}. Your texts are kept below: save again."
    return f"Nothing was saved: {problems}. Your texts are kept below: correct them, then save again."


def _save_report(result, edits, written) -> editing.SaveReport:
    texts = {edit.unit: edit.target for edit in edits}
    problems: dict[str, tuple] = {}
    for issue in result.issues:
        problems.setdefault(issue.unit, ())
        problems[issue.unit] += (editing.Problem(issue.severity, issue.code, issue.message),)
    return editing.SaveReport(
        outcome=written.outcome.name if written else "", status=written.status if written else "",
        applied=result.applied, refused=result.rejected, messages=tuple(i.format() for i in result.issues),
        memory_added=written.memory_added if written else 0,
        refused_texts={unit: texts[unit] for unit in result.rejected if unit in texts}, problems=problems,
        accepted=sum(1 for edit in edits if edit.accept and edit.unit in result.applied))
