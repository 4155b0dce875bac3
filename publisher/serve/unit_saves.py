"""The post-editing page's script saves units one by one (Ctrl+Enter) and searches the memory,
without reloading the page; the form of the page (edit.html) does the same without script.

  POST /o/<name>/edit/<lang>/units         save some units: JSON in, the units as saved out
  GET  /o/<name>/edit/<lang>/concordance   units of the memory holding a phrase (?q=&side=)

A save sends, for each unit, the digest of the text the page showed (``seen``). The page's stamp
(``base``, editing.page_stamp) says whether anything changed since the page was made: if nothing
did, the answer carries the new stamp, so that the page's form stays current. If something did
(another tab, another person, an import), each unit is checked on its own: a unit changed elsewhere
to another text is not saved but sent back with that text (a conflict, for the translator to
settle), the others are saved over the translation as it now is, and the page keeps its old stamp
(its form would overwrite the other changes, so it is refused until the page is reloaded).
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request

from ..errors import PublisherError
from ..load import MAX_TEXT_CHARACTERS
from ..postedit import STATES, Edit, apply_edits, save_workset
from ..reference.languages import DIRECTIONS
from ..translate.concordance import SIDES, search
from .addresses import editable_language
from .editing import page_stamp, problems_of
from .workbench import plain_text, progress, shown_text, source_must_be_fixed, text_digest

MAX_UNITS_A_SAVE = 2000
MAX_TARGET_CHARACTERS = 4 * MAX_TEXT_CHARACTERS
MAX_PHRASE_CHARACTERS = 200

unit_pages = Blueprint("units", __name__)


class BadRequest(ValueError):
    pass


@unit_pages.post("/o/<name>/edit/<language>/units")
def save_units(name: str, language: str):
    services = current_app.extensions["publisher"]
    entry = services.entry(name)
    language = editable_language(entry, language)
    try:
        base, items = _read_save(request.get_json(silent=True))
    except BadRequest as error:
        return jsonify(error=str(error)), 400
    if entry.source.errors:
        return jsonify(error=source_must_be_fixed(entry)), 409
    direction = DIRECTIONS[language]
    with services.save_lock, services.memory() as memory:
        workset = services.workset(entry, language, memory)
        current = base == page_stamp(workset)
        edits, conflicts = [], []
        for item in items:
            unit = workset.unit(item["unit"])
            target = plain_text(item["target"])
            if unit is not None and not current and item["seen"] != text_digest(unit.target) \
                    and " ".join(target.split()) != " ".join(unit.target.split()):
                conflicts.append({"unit": unit.id, "theirs": shown_text(unit.target, direction), "state": unit.state,
                                  "seen": text_digest(unit.target)})
                continue
            state = item["state"] if item["state"] in STATES else (unit.state if unit else "reviewed")
            edits.append(Edit(item["unit"], target, state if target.strip() else "initial", source=item["source"]))
        result = apply_edits(workset, edits, services.glossary)
        try:
            written = save_workset(result.workset, memory=memory, glossary=services.glossary) \
                if result.applied else None
        except PublisherError as error:
            problems = "; ".join(f"{f.field or f.file}: {f.message} [{f.code}]" for f in error.findings)
            return jsonify(error=f"Nothing was saved: {problems}"), 422
        after = services.workset(entry, language, memory) if written else workset
    refused = [{"unit": unit, "issues": _issues(i for i in result.issues if i.unit == unit)}
               for unit in result.rejected]
    # A save can give a translation other unit ids (a paragraph of a translation made by a person
    # becomes its sentences once the report is written): the page must then be made again.
    renumbered = any(after.unit(unit) is None for unit in result.applied)
    return jsonify(saved=[] if renumbered else [_unit_answer(after.unit(unit), direction) for unit in result.applied],
                   reload=renumbered,
                   refused=refused, conflicts=conflicts, base=page_stamp(after) if current else base,
                   stale=not current, status=written.status if written else "",
                   progress=vars(progress(after.units)))


@unit_pages.get("/o/<name>/edit/<language>/concordance")
def concordance(name: str, language: str):
    services = current_app.extensions["publisher"]
    entry = services.entry(name)
    language = editable_language(entry, language)
    phrase, side = request.args.get("q", ""), request.args.get("side", "both")
    if len(phrase) > MAX_PHRASE_CHARACTERS or side not in SIDES:
        abort(400, description=f"q: a phrase of at most {MAX_PHRASE_CHARACTERS} characters; side: "
                               f"{', '.join(SIDES)}")
    with services.memory() as memory:
        found = search(memory, phrase, entry.source_language, language, side)
    return jsonify(phrase=phrase, side=side, results=[vars(occurrence) for occurrence in found])


def _read_save(payload) -> tuple[str, list[dict]]:
    if not isinstance(payload, dict) or not isinstance(payload.get("base"), str) \
            or not isinstance(payload.get("units"), list):
        raise BadRequest('send {"base": the page stamp, "units": [{"unit", "target", "state", "seen", "source"}]}')
    if len(payload["units"]) > MAX_UNITS_A_SAVE:
        raise BadRequest(f"at most {MAX_UNITS_A_SAVE} units a save")
    items = []
    for item in payload["units"]:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("unit", "target")):
            raise BadRequest("each unit needs its id (unit) and its text (target), as strings")
        if len(item["target"]) > MAX_TARGET_CHARACTERS:
            abort(413, description=f"the text of {item['unit'][:80]} has {len(item['target']):,} characters; a text "
                                   f"may have at most {MAX_TEXT_CHARACTERS:,}")
        items.append({"unit": item["unit"], "target": item["target"], "state": str(item.get("state") or ""),
                      "seen": str(item.get("seen") or ""),
                      "source": item["source"] if isinstance(item.get("source"), str) else None})
    return payload["base"], items


def _issues(issues) -> list[dict]:
    return [{"severity": str(i.severity), "code": i.code, "message": i.message} for i in issues]


def _unit_answer(unit, direction: str) -> dict:
    return {"unit": unit.id, "target": shown_text(unit.target, direction), "state": unit.state,
            "origin": unit.origin, "seen": text_digest(unit.target), "issues": _issues(problems_of(unit))}
