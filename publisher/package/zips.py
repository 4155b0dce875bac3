"""One zip per language with that language's documents, updated rather than remade.

A zip of a 190-outcome session holds 1,520 documents (18-67 MB). When one outcome changed, the
members of the others are copied from the zip as it is, byte for byte (local header and data, in
the kernel: ``os.copy_file_range``), and only the changed outcome's files are read and added; the
central directory is written anew. The result is the zip a fresh build writes, byte for byte
(members sorted by path, fixed timestamps), and it replaces the old one atomically.

A member is copied only when the index beside the zips (``.publisher-zips.json``: for each zip,
each member's SHA-256, CRC-32 and size when it was added) says it holds the file the build has now
(its SHA-256 in the build records) and the old zip's central directory agrees on the CRC-32 and
size; anything else (no index, a zip changed or damaged since) is read again from the documents.
"""
from __future__ import annotations

import json
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_output, read_json_object, write_atomic
from .build import OutcomeResult
from .session import Session

INDEX = ".publisher-zips.json"
_UTF8_NAMES = 0x800  # the only flag bit zipfile sets in a zip of ours (names are ASCII: not even that one)


@dataclass(frozen=True)
class _Member:
    path: str  # relative to the output folder, and the name in the zip
    sha256: str


@dataclass(frozen=True)
class _OldZip:
    """An existing zip: its members in the order they are stored, and where each one's entry ends."""

    members: dict[str, zipfile.ZipInfo]
    ends: dict[str, int]
    whole: bool  # nothing in the file but its members and directory (no comment, entries back to back)


def zip_path(output: Path, session: Session, language: str) -> Path:
    return output / f"{session.name}-{language}.zip"


def write_language_zips(output: Path, session: Session, results: list[OutcomeResult]) -> list[Path]:
    """Brings each language's zip up to date; returns the zips that changed. The six are made in
    threads: copying, reading files and deflating release the GIL."""
    index = _load_index(output)
    wanted = {language: sorted((_Member(r.path, r.sha256) for result in results for r in result.records
                                if r.language == language), key=lambda m: m.path)
              for language in session.languages}
    with ThreadPoolExecutor(max_workers=min(len(session.languages), os.cpu_count() or 1)) as pool:
        made = list(pool.map(lambda language: _update_zip(output, session, language, wanted[language], index),
                             session.languages))
    new_index = {zip_path(output, session, language).name: entries
                 for language, (_changed, entries) in zip(session.languages, made)}
    data = json.dumps(new_index, sort_keys=True, separators=(",", ":")).encode()
    if not ((output / INDEX).is_file() and (output / INDEX).read_bytes() == data):
        write_atomic(output / INDEX, data)
    return [path for path, _entries in made if path is not None]


def _update_zip(output: Path, session: Session, language: str, members: list[_Member],
                index: dict) -> tuple[Path | None, dict]:
    """The zip of one language made current: (its path when it changed, else None; its index)."""
    target = zip_path(output, session, language)
    known = index.get(target.name) if isinstance(index.get(target.name), dict) else {}
    old = _read_zip(target)
    reusable = {m.path: old.members[m.path] for m in members
                if m.path in old.members and _same(known.get(m.path), m.sha256, old.members[m.path])}
    if old.whole and len(reusable) == len(members) and list(old.members) == [m.path for m in members]:
        return None, {m.path: known[m.path] for m in members}  # the zip is current: nothing to write
    with atomic_output(target) as handle, zipfile.ZipFile(handle, "w") as archive:
        with (open(target, "rb") if reusable else open(os.devnull, "rb")) as source:
            run: list[zipfile.ZipInfo] = []
            for member in members:
                info = reusable.get(member.path)
                if info is not None and run and info.header_offset == old.ends[run[-1].filename]:
                    run.append(info)
                    continue
                _copy(archive, source, run, old.ends)
                run = [info] if info is not None else []
                if info is None:
                    _add(archive, output, member, session)
            _copy(archive, source, run, old.ends)
        entries = {member.path: [member.sha256, info.CRC, info.file_size]
                   for member, info in zip(members, archive.infolist())}
    return target, entries


def _same(known, sha256: str, info: zipfile.ZipInfo) -> bool:
    """The old zip's member holds the file the build has now: the index recorded this SHA-256 with
    the CRC-32 and size that the zip's directory still gives."""
    return isinstance(known, list) and known == [sha256, info.CRC, info.file_size]


def _read_zip(path: Path) -> _OldZip:
    """The members of an existing zip and where each one's entry ends (no members if unreadable)."""
    nothing = _OldZip({}, {}, False)
    try:
        with zipfile.ZipFile(path) as archive, open(path, "rb") as handle:
            infos = sorted(archive.infolist(), key=lambda i: i.header_offset)
            ends = {}
            for info in infos:
                handle.seek(info.header_offset)
                header = handle.read(zipfile.sizeFileHeader)
                if len(header) != zipfile.sizeFileHeader or header[:4] != zipfile.stringFileHeader \
                        or info.flag_bits & ~_UTF8_NAMES:  # encrypted, a data descriptor...: not a zip of ours
                    return nothing
                names = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
                ends[info.filename] = info.header_offset + zipfile.sizeFileHeader + names + info.compress_size
            back_to_back = all(ends[a.filename] == b.header_offset for a, b in zip(infos, infos[1:]))
            whole = not archive.comment and back_to_back and (not infos or infos[0].header_offset == 0)
            return _OldZip({info.filename: info for info in infos}, ends, whole)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return nothing


def _copy(archive: zipfile.ZipFile, source, run: list[zipfile.ZipInfo], ends: dict[str, int]) -> None:
    """Copies members that follow one another in the old zip into ``archive`` as they are (local
    header and data), and lists them in its directory at their new places."""
    if not run:
        return
    start, end = run[0].header_offset, ends[run[-1].filename]
    archive.fp.flush()
    position = archive.start_dir  # where zipfile writes the next entry
    _copy_range(source.fileno(), archive.fp.fileno(), start, position, end - start)
    archive.fp.seek(position + end - start)
    archive.start_dir = position + end - start
    for info in run:
        info.header_offset += position - start
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info


def _copy_range(source: int, target: int, start: int, position: int, length: int) -> None:
    copy_range = getattr(os, "copy_file_range", None)  # Linux; elsewhere through memory
    while length > 0:
        if copy_range is not None:
            done = copy_range(source, target, length, start, position)
        else:
            done = os.pwrite(target, os.pread(source, min(length, 1 << 20), start), position)
        if done <= 0:
            raise OSError(f"the zip being updated ended {length} bytes early")
        start, position, length = start + done, position + done, length - done


def _add(archive: zipfile.ZipFile, output: Path, member: _Member, session: Session) -> None:
    info = zipfile.ZipInfo(member.path, (session.date.year, session.date.month, session.date.day, 0, 0, 0))
    # PDF and DOCX are compressed already: storing them keeps the zip fast to make
    info.compress_type = zipfile.ZIP_STORED if member.path.endswith((".pdf", ".docx")) else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, (output / member.path).read_bytes())


def _load_index(output: Path) -> dict:
    return read_json_object(output / INDEX)
