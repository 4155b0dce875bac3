"""What a build leaves beside the documents: manifest.json (every file with its language, symbols,
format, SHA-256, provenance and QA figures) and one zip per language.

Both are reproducible (sorted, fixed timestamps) and written only when their bytes change, so a
build with nothing to do writes nothing.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
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


def _record_data(record) -> dict:
    """A file record as JSON data. Shallow on purpose: its provenance and QA figures are plain JSON
    already, and asdict's deep copy of them took most of a second on a 190-outcome session."""
    data = {f.name: getattr(record, f.name) for f in fields(record)}
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
    lines = [json.dumps(record, ensure_ascii=False, sort_keys=True) for record in data["files"]]
    opening = json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1]
    return opening + ', "files": [\n' + ",\n".join(lines) + "\n]}\n"


def write_language_zips(output: Path, session: Session, results: list[OutcomeResult]) -> list[Path]:
    """One zip per language with that language's documents; returns the zips that changed.
    The six are made in threads: reading files and deflating release the GIL."""
    with ThreadPoolExecutor(max_workers=min(len(session.languages), os.cpu_count() or 1)) as pool:
        changed = pool.map(lambda language: _language_zip(output, session, results, language), session.languages)
    return [path for path in changed if path is not None]


def _language_zip(output: Path, session: Session, results: list[OutcomeResult], language: str) -> Path | None:
    members = sorted(r.path for result in results for r in result.records if r.language == language)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member, (session.date.year, session.date.month, session.date.day, 0, 0, 0))
            # PDF and DOCX are compressed already: storing them keeps the zip fast to rewrite
            info.compress_type = zipfile.ZIP_STORED if member.endswith((".pdf", ".docx")) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (output / member).read_bytes())
    target = output / f"{session.name}-{language}.zip"
    return target if write_if_changed(target, buffer.getvalue()) else None
