"""The glossary as CSV: one row an entry, one column a language and its forbidden variants
(``id, subject, source, note, ar, ar_forbidden, zh, ...``), read within limits and with every
problem named by its line and column.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ..errors import EXIT_UNREADABLE, PublisherError
from ..files import read_regular_file
from ..findings import Finding
from ..load import first_forbidden_character, line_and_column
from ..reference import LANGUAGES
from .glossary_entries import SUBJECTS, Entry, unique

MAX_CSV_BYTES = 64 * 1024 * 1024  # the project glossary as CSV is under a megabyte
_CSV_FIXED = ("id", "subject", "source")
_CSV_COLUMNS = _CSV_FIXED + ("note",) + tuple(c for l in LANGUAGES for c in (l, f"{l}_forbidden"))


def read_csv(path: Path) -> list[Entry]:
    name = str(path)
    try:
        text = read_regular_file(path, MAX_CSV_BYTES, what="a glossary").decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _csv_error(name, 0, "", f"is not UTF-8 (byte {error.start})", "glossary.csv-encoding") from None
    _refuse_control_characters(name, text)
    reader = csv.reader(io.StringIO(text))
    rows = _csv_rows(name, reader)
    header = [column.strip().lower() for column in next(rows, [])]
    if not any(header):
        raise _csv_error(name, 1, "", "has no header row", "glossary.csv-empty")
    for column in header:
        if column not in _CSV_COLUMNS:
            raise _csv_error(name, 1, column, f"row 1: unknown column \"{column}\"; columns are id, subject, source, "
                             "note, and per language <lang> and <lang>_forbidden", "glossary.csv-column")
    for column in _CSV_FIXED:
        if column not in header:
            raise _csv_error(name, 1, column, f"row 1: the column \"{column}\" is missing", "glossary.csv-column")
    entries: list[Entry] = []
    seen: set[str] = set()
    for row_number, row in enumerate(rows, start=2):
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise _csv_error(name, line, "", f"row {row_number} has {len(row)} fields; the header has {len(header)}",
                             "glossary.csv-row")
        entry = _csv_entry(name, line, row_number, dict(zip(header, row)))
        if entry.id in seen:
            raise _csv_error(name, line, "id", f"row {row_number}: the id \"{entry.id}\" is used twice",
                             "glossary.csv-duplicate-id")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def _csv_rows(name: str, reader) -> Iterator[list[str]]:
    """The rows of ``reader``; a malformed row or a cell over the csv module's field limit
    (128 KiB: no term comes near it) is a finding at its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _csv_error(name, reader.line_num, "", f"row {reader.line_num} cannot be read: {error}",
                             "glossary.csv-syntax") from None
        yield row


def _csv_entry(name: str, line: int, row_number: int, cells: dict[str, str]) -> Entry:
    def problem(column: str, message: str, code: str) -> PublisherError:
        return _csv_error(name, line, column, f"row {row_number}: {message}", code)

    identifier = cells["id"].strip()
    if not identifier:
        raise problem("id", "the id is empty", "glossary.csv-id")
    subject = cells["subject"].strip()
    if subject not in SUBJECTS:
        raise problem("subject", f"subject \"{subject}\" is not one of {', '.join(SUBJECTS)}", "glossary.csv-subject")
    terms, forbidden = {}, {}
    for language in LANGUAGES:
        for column, target in ((language, terms), (f"{language}_forbidden", forbidden)):
            cell = cells.get(column, "").strip()
            if not cell:
                continue
            variants = [" ".join(v.split()) for v in cell.split("|")]
            if not all(variants):
                raise problem(column, f"an empty variant in \"{cell}\" (variants are separated by \"|\")",
                              "glossary.csv-variant")
            target[language] = unique(variants)
    if not terms:
        raise problem("", f"entry \"{identifier}\" has no term in any language", "glossary.csv-no-term")
    return Entry(identifier, terms, forbidden, " ".join(cells["source"].split()), subject,
                 " ".join(cells.get("note", "").split()))


def _refuse_control_characters(name: str, text: str) -> None:
    """Control characters cannot go into a TBX file (nor any XML), and none belongs in a term."""
    offset = first_forbidden_character(text)
    if offset is not None:
        line, column = line_and_column(text, offset)
        raise PublisherError(Finding(name, line, column, "", f"contains the control character "
                                     f"U+{ord(text[offset]):04X}", "glossary.csv-control-character"),
                             exit_code=EXIT_UNREADABLE)


def _csv_error(name: str, line: int, column: str, message: str, code: str) -> PublisherError:
    return PublisherError(Finding(name, line, 0, column, message, code), exit_code=EXIT_UNREADABLE)
