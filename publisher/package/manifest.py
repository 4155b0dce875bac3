"""What a build leaves beside the documents: manifest.json (every file with its language, symbols,
format, SHA-256, provenance and QA figures); the zips are zips.py's.

It is reproducible (sorted) and written only when its bytes change, so a build with nothing to do
writes nothing.
"""
from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from ..files import write_atomic
from .build import OutcomeResult
from .session import Session


def manifest_data(session: Session, results: list[OutcomeResult]) -> dict:
    files = sorted((_record_data(r) for result in results for r in result.records), key=lambda r: r["path"])
    return {
        "session": session.name,
        "date": session.date.isoformat(),
        "distribution": session.distribution,
        "working_groups": {code: {"symbol_series": g.series, "session": g.session, "agenda_item": g.agenda_item,
                                  "agenda_symbol": g.agenda_symbol} for code, g in session.groups.items()},
        "languages": list(session.languages),
        "formats": list(session.formats),
        "files": files,
    }


_BUILD_ONLY = {"content"}  # what the build state keeps for itself (a file's content digest): not the reader's


def _record_data(record) -> dict:
    """A file record as JSON data. Shallow on purpose: its provenance and QA figures are plain JSON
    already, and asdict's deep copy of them took most of a second on a 190-outcome session."""
    data = {f.name: getattr(record, f.name) for f in fields(record) if f.name not in _BUILD_ONLY}
    data["symbols"] = list(record.symbols)
    return data


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def write_manifest(output: Path, session: Session, results: list[OutcomeResult]) -> bool:
    return write_if_changed(output / "manifest.json", manifest_text(manifest_data(session, results)).encode("utf-8"))


def manifest_text(data: dict) -> str:
    """JSON with one line per file: readable and diffable, and written by json's C encoder (an
    indented dump goes through the pure-Python one, a second for a 190-outcome session)."""
    head = {k: v for k, v in data.items() if k != "files"}
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # one encoder for the 9,000 lines
    lines = [encode(record) for record in data["files"]]
    opening = json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1]
    return opening + ', "files": [\n' + ",\n".join(lines) + "\n]}\n"
