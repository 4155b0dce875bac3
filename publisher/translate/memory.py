"""Translation memory: earlier translations kept in SQLite and found again, exactly or approximately.

Storage (one SQLite file, WAL journal, busy timeout):

    text             one row per distinct normalised text of one language: a hash of the
                     normalised form (the exact lookup is one index probe) and its length
    segment          one translation unit in the direction it was stored: source text -> target
                     text, with both strings as written, its origin and its creation time
    fts_<language>   FTS5 trigram index of that language's texts (contentless: rowids only), the
                     candidate filter of fuzzy lookups. Trigrams are characters, not words, so the
                     filter works for Chinese, written without spaces, as for French.

Normalisation (for finding only; a match returns the strings as they were stored): Unicode NFC,
typographic quotes and apostrophes made straight, invisible characters (soft hyphen, zero-width
space, word joiner, byte order mark) removed, every run of whitespace (no-break and narrow
no-break spaces included) made one space, ends stripped. Case is kept.

Directions: a unit is stored once, in the direction it was given. A lookup in the other direction
finds it too: fr -> en asks both the fr -> en units (by their source) and the en -> fr units (by
their target); a unit stored in the asked direction is preferred, then the newest.

Replacing: a source has at most one target per target language. Adding the same source again with
another target replaces the stored one when it is at least as new (``created``): newest wins, and
the unit keeps the origin it came with ("official", "approved", "post-edited", a TMX file...),
except that confirmed machine translation (origin ``confirmed-mt``: machine text a person confirmed
without changing it) never replaces a unit of another origin. Adding the same unit again (same
strings as written, same origin) changes nothing, not even its time.

Fuzzy score: ``rapidfuzz.fuzz.ratio`` (normalised Indel similarity, 0-100) of the normalised texts,
case kept. It weighs every character, so word order counts (it does in translation) and it needs no
word boundaries (Chinese). Candidates come from the trigram index (memory_text.py says how), among
the texts of a length the threshold allows (``lengths``: a caller may skip a lookup none has).
"""
from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rapidfuzz import fuzz

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from .memory_text import (CANDIDATES_PER_RESULT, MIN_CANDIDATES, PREFILTER, digest, grams, indexed, length_range,
                          minimum_hits, normalize, phrase, rare_grams)

SCHEMA_VERSION = 1
APPLICATION_ID = 0x50544D31  # "PTM1" in the SQLite header: this file is a publisher translation memory
BUSY_TIMEOUT_SECONDS = 10.0
SQLITE_HEADER = b"SQLite format 3\x00"
CONFIRMED_MT = "confirmed-mt"  # machine text a person confirmed unchanged: weaker than a translation
_PER_QUERY = 500  # texts asked for in one query (SQLite's limit on parameters is far above)

_LANGUAGE = re.compile(r"[a-z]{2,3}")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS text (
    id INTEGER PRIMARY KEY,
    language TEXT NOT NULL,
    hash BLOB NOT NULL,
    length INTEGER NOT NULL,
    UNIQUE (language, hash)
);
CREATE TABLE IF NOT EXISTS segment (
    id INTEGER PRIMARY KEY,
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    source_text INTEGER NOT NULL REFERENCES text (id),
    target_text INTEGER NOT NULL REFERENCES text (id),
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    created TEXT NOT NULL,
    UNIQUE (source_text, target_language)
);
CREATE INDEX IF NOT EXISTS segment_by_target ON segment (target_text, source_language);
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};
"""


@dataclass(frozen=True)
class Match:
    source: str
    target: str
    score: float  # 100.0 for an exact match
    kind: str  # "exact" or "fuzzy"
    origin: str
    source_language: str
    target_language: str


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class _Unit:
    source_language: str
    target_language: str
    source: str
    target: str
    source_key: str
    target_key: str
    origin: str
    created: str


@dataclass(frozen=True)
class _Translation:
    text: str  # the stored string on the asked source side
    translation: str
    origin: str
    created: str


class TranslationMemory:
    """A translation memory file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._refuse_non_sqlite_file()
        try:
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as error:
            raise self._error(f"cannot be opened: {error}", "memory.unavailable") from None
        self._document_frequency: dict[str, Counter] = {}  # language -> trigram -> texts holding it
        self._data_version = None
        self._indexes: set[str] = set()  # trigram indexes known to exist
        try:
            with self._sqlite_errors():
                self._prepare()
        except BaseException:
            self._db.close()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _refuse_non_sqlite_file(self) -> None:
        if self.path.is_dir():
            raise self._error("is a directory, not a translation memory", "memory.unavailable")
        try:
            with self.path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except OSError as error:
            raise self._error(f"cannot be read: {error.strerror}", "memory.unavailable") from None
        if header and header != SQLITE_HEADER:
            raise self._error("is not an SQLite database (corrupt, or another kind of file)", "memory.corrupt")

    def _prepare(self) -> None:
        """Checks what the file is before writing anything, so a foreign or damaged file stays as it was."""
        tables = self._db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        application = self._db.execute("PRAGMA application_id").fetchone()[0]
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if tables and application != APPLICATION_ID:
            raise self._error("is an SQLite database, but not a translation memory", "memory.not-a-memory")
        if version > SCHEMA_VERSION:
            raise self._error(f"was written by a newer version (schema {version}, this one reads "
                              f"{SCHEMA_VERSION})", "memory.version")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        if not tables:
            self._db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} COMMIT;")

    # -- errors --------------------------------------------------------------------------------

    def _error(self, message: str, code: str) -> PublisherError:
        return PublisherError(Finding(str(self.path), 0, 0, "", message, code), exit_code=EXIT_UNREADABLE)

    @contextmanager
    def _sqlite_errors(self) -> Iterator[None]:
        """Turns SQLite failures into a PublisherError naming the memory file."""
        try:
            yield
        except sqlite3.DatabaseError as error:
            message = str(error)
            if "not a database" in message or "malformed" in message:
                raise self._error(f"is corrupt ({message})", "memory.corrupt") from None
            raise self._error(f"cannot be used: {message}", "memory.unavailable") from None

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    # -- adding --------------------------------------------------------------------------------

    def add(self, source_language: str, target_language: str, source: str, target: str, origin: str = "",
            created: str | None = None) -> None:
        """Stores one unit; the same source with another target replaces it when at least as new."""
        unit = self._unit(source_language, target_language, source, target, origin, created)
        with self._sqlite_errors(), self._transaction():
            self._store(unit)

    def add_many(self, rows: Iterable[tuple]) -> int:
        """Stores units given as (source_language, target_language, source, target[, origin[, created]])
        in one transaction; a bad row stores nothing. Returns how many rows were read."""
        return self._add_rows(rows)[0]

    def add_changed(self, rows: Iterable[tuple]) -> int:
        """Stores rows as ``add_many`` does; returns how many of them added a unit or changed one."""
        return self._add_rows(rows)[1]

    def _add_rows(self, rows: Iterable[tuple]) -> tuple[int, int]:
        count = changed = 0
        with self._sqlite_errors(), self._transaction():
            for count, row in enumerate(rows, start=1):
                if not isinstance(row, (tuple, list)) or not 4 <= len(row) <= 6:
                    raise self._error(f"row {count} is not (source_language, target_language, source, target"
                                      f"[, origin[, created]]): {row!r}", "memory.row")
                changed += bool(self._store(self._unit(*row)))
        return count, changed

    def _unit(self, source_language: str, target_language: str, source: str, target: str, origin: str = "",
              created: str | None = None) -> _Unit:
        source_language = self._language(source_language)
        target_language = self._language(target_language)
        if not all(isinstance(value, str) for value in (source, target, origin or "")):
            raise self._error(f"source, target and origin must be text: {source!r}, {target!r}, {origin!r}",
                              "memory.row")
        if source_language == target_language:
            raise self._error(f"a unit needs two languages, not {source_language} twice", "memory.language")
        source_key, target_key = normalize(source), normalize(target)
        if not source_key or not target_key:
            raise self._error(f"a unit needs a source and a target ({source!r} -> {target!r})", "memory.empty")
        return _Unit(source_language, target_language, source, target, source_key, target_key, origin or "",
                     self._timestamp(created))

    def _language(self, language: str) -> str:
        if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
            raise self._error(f"'{language}' is not a language code (two or three lower-case letters)",
                              "memory.language")
        return language

    def _timestamp(self, created: str | None) -> str:
        """ISO 8601 in UTC to the second ("2026-01-27T10:00:00Z"); TMX's basic form is accepted too."""
        if created is None:
            return _now()
        try:
            if re.fullmatch(r"\d{8}T\d{6}Z", created):
                moment = datetime.strptime(created, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
            else:
                moment = datetime.fromisoformat(created)
        except (TypeError, ValueError):
            raise self._error(f"'{created}' is not a date and time (ISO 8601)", "memory.created") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            self._indexes.clear()  # what this transaction created or counted is gone
            self._document_frequency.clear()
            raise
        self._db.execute("COMMIT")

    def _store(self, unit: _Unit) -> bool:
        source_text = self._text_id(unit.source_language, unit.source_key, create=True)
        stored = self._db.execute(
            "SELECT id, target_text, source, target, origin, created FROM segment WHERE source_text = ? "
            "AND target_language = ?",
            (source_text, unit.target_language)).fetchone()
        if stored is None:
            target_text = self._text_id(unit.target_language, unit.target_key, create=True)
            self._db.execute(
                "INSERT INTO segment (source_language, target_language, source_text, target_text, source, target, "
                "origin, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (unit.source_language, unit.target_language, source_text, target_text, unit.source, unit.target,
                 unit.origin, unit.created))
            return True
        segment, old_target_text, old_source, old_target, old_origin, old_created = stored
        same = (unit.source, unit.target, unit.origin) == (old_source, old_target, old_origin)
        if unit.created < old_created or same or unit.origin == CONFIRMED_MT != old_origin:
            return False
        target_text = self._text_id(unit.target_language, unit.target_key, create=True)
        self._db.execute("UPDATE segment SET target_text = ?, source = ?, target = ?, origin = ?, created = ? "
                         "WHERE id = ?", (target_text, unit.source, unit.target, unit.origin, unit.created, segment))
        if target_text != old_target_text:
            self._drop_if_unused(old_target_text, normalize(old_target))
        return True

    def _text_id(self, language: str, key: str, create: bool) -> int | None:
        key_digest = digest(key)
        row = self._db.execute("SELECT id FROM text WHERE language = ? AND hash = ?", (language, key_digest)).fetchone()
        if row is not None or not create:
            return row[0] if row else None
        text = self._db.execute("INSERT INTO text (language, hash, length) VALUES (?, ?, ?)",
                                (language, key_digest, len(key))).lastrowid
        self._db.execute(f"INSERT INTO {self._index(language, create=True)} (rowid, key) VALUES (?, ?)",
                         (text, indexed(key)))
        if language in self._document_frequency:
            self._document_frequency[language].update(grams(indexed(key)))
        return text

    def _drop_if_unused(self, text: int, key: str) -> None:
        used = self._db.execute("SELECT EXISTS (SELECT 1 FROM segment WHERE source_text = ?) OR "
                                "EXISTS (SELECT 1 FROM segment WHERE target_text = ?)", (text, text)).fetchone()[0]
        if used:
            return
        language = self._db.execute("SELECT language FROM text WHERE id = ?", (text,)).fetchone()[0]
        index = self._index(language, create=False)
        self._db.execute(f"INSERT INTO {index} ({index}, rowid, key) VALUES ('delete', ?, ?)", (text, indexed(key)))
        self._db.execute("DELETE FROM text WHERE id = ?", (text,))
        if language in self._document_frequency:
            self._document_frequency[language].subtract(grams(indexed(key)))

    def _index(self, language: str, create: bool) -> str | None:
        """Name of the trigram index of a language's texts (created on first use when asked)."""
        name = f"fts_{language}"  # language is checked against _LANGUAGE: safe in SQL
        if name in self._indexes:
            return name
        if self._db.execute("SELECT 1 FROM sqlite_schema WHERE name = ?", (name,)).fetchone():
            self._indexes.add(name)
            return name
        if not create:
            return None
        self._db.execute(f"CREATE VIRTUAL TABLE {name} USING fts5(key, content='', detail=none, "
                         "tokenize='trigram case_sensitive 1')")
        self._db.execute(f"CREATE VIRTUAL TABLE {name}_vocabulary USING fts5vocab({name}, 'row')")
        self._indexes.add(name)
        return name

    # -- finding -------------------------------------------------------------------------------

    def exact(self, source: str, source_language: str, target_language: str) -> Match | None:
        """The stored translation of a text equal to ``source`` once both are normalised."""
        return self.exact_many([source], source_language, target_language)[0]

    def exact_many(self, sources: list[str], source_language: str, target_language: str) -> list[Match | None]:
        """``exact`` of each source, in order: a few queries for all of them, not two for each."""
        source_language, target_language = self._language(source_language), self._language(target_language)
        keys = [normalize(source) for source in sources]
        found: dict[int, _Translation] = {}
        with self._sqlite_errors():
            texts = self._text_ids(source_language, keys)
            unique = list(dict.fromkeys(texts.values()))
            for start in range(0, len(unique), _PER_QUERY):
                found.update(self._translations(unique[start:start + _PER_QUERY], source_language, target_language))
        matches: list[Match | None] = []
        for key in keys:
            hit = found.get(texts.get(digest(key), -1))
            if hit is None or normalize(hit.text) != key:  # the second only if two texts share a hash
                matches.append(None)
            else:
                matches.append(Match(hit.text, hit.translation, 100.0, "exact", hit.origin, source_language,
                                     target_language))
        return matches

    def _text_ids(self, language: str, keys: list[str]) -> dict[bytes, int]:
        """The stored texts among ``keys``, by the digest of each."""
        digests = list(dict.fromkeys(digest(key) for key in keys))
        ids: dict[bytes, int] = {}
        for start in range(0, len(digests), _PER_QUERY):
            chunk = digests[start:start + _PER_QUERY]
            ids.update((hash_, text) for text, hash_ in self._db.execute(
                f"SELECT id, hash FROM text WHERE language = ? AND hash IN ({','.join('?' * len(chunk))})",
                (language, *chunk)))
        return ids

    def fuzzy(self, source: str, source_language: str, target_language: str, threshold: float = 75.0,
              limit: int = 3) -> list[Match]:
        """Up to ``limit`` stored units whose source scores at least ``threshold``, best first."""
        source_language, target_language = self._language(source_language), self._language(target_language)
        key = normalize(source)
        with self._sqlite_errors():
            candidates = self._candidates(key, source_language, target_language, threshold,
                                          max(MIN_CANDIDATES, CANDIDATES_PER_RESULT * limit))
            translations = self._translations(candidates, source_language, target_language)
        matches = []
        for found in translations.values():
            candidate_key = normalize(found.text)
            score = 100.0 if candidate_key == key else fuzz.ratio(key, candidate_key, score_cutoff=threshold)
            if score:
                matches.append((score, found.created, Match(found.text, found.translation, score,
                                                             "exact" if score == 100.0 else "fuzzy", found.origin,
                                                             source_language, target_language)))
        matches.sort(key=lambda scored: scored[:2], reverse=True)
        return [match for _, _, match in matches[:limit]]

    def lookup(self, source: str, source_language: str, target_language: str,
               threshold: float = 75.0) -> Match | None:
        """The exact match, or else the best fuzzy match scoring at least ``threshold``."""
        found = self.exact(source, source_language, target_language)
        if found is not None:
            return found
        matches = self.fuzzy(source, source_language, target_language, threshold, limit=1)
        return matches[0] if matches else None

    def _translations(self, texts: list[int], source_language: str,
                      target_language: str) -> dict[int, _Translation]:
        """For each text of the source language, its translation: a unit stored in the asked
        direction first, else the newest unit stored the other way round."""
        if not texts:
            return {}
        marks = ",".join("?" * len(texts))
        found: dict[int, _Translation] = {}
        reverse = self._db.execute(
            f"SELECT target_text, target, source, origin, created FROM segment WHERE target_text IN ({marks}) "
            "AND source_language = ? ORDER BY created, id", (*texts, target_language))
        for text, *rest in reverse:
            found[text] = _Translation(*rest)  # later rows are newer and win
        forward = self._db.execute(
            f"SELECT source_text, source, target, origin, created FROM segment WHERE source_text IN ({marks}) "
            "AND target_language = ?", (*texts, target_language))
        for text, *rest in forward:
            found[text] = _Translation(*rest)
        return found

    def lengths(self, language: str) -> list[int]:
        """The lengths of the stored texts of ``language`` (normalised, as a fuzzy lookup measures
        them), each once, shortest first: memory_text.may_match tells from them a lookup that can
        find nothing."""
        with self._sqlite_errors():
            return [length for length, in self._db.execute(
                "SELECT DISTINCT length FROM text WHERE language = ? ORDER BY length", (self._language(language),))]

    def _candidates(self, key: str, source_language: str, target_language: str, threshold: float,
                    count: int) -> list[int]:
        """Texts worth scoring: those holding most of the query's rare trigrams, of a length that
        can reach the threshold, with a translation into the target language."""
        index = self._index(source_language, create=False)
        if index is None:
            return []
        grams = self._raregrams(indexed(key), source_language, index)
        if not grams:
            return []
        shortest, longest = length_range(len(key), threshold)
        lookups = " UNION ALL ".join([f"SELECT rowid FROM {index} WHERE {index} MATCH ?"] * len(grams))
        rows = self._db.execute(
            f"WITH hit (id) AS ({lookups}), "
            "counted (id, hits) AS (SELECT id, count(*) FROM hit GROUP BY id HAVING count(*) >= ?), "
            "ranked (id, hits, length) AS (SELECT text.id, hits, text.length FROM counted "
            "JOIN text ON text.id = counted.id WHERE text.length BETWEEN ? AND ? "
            "ORDER BY hits DESC, abs(text.length - ?) LIMIT ?) "
            "SELECT id FROM ranked "
            "WHERE EXISTS (SELECT 1 FROM segment WHERE source_text = ranked.id AND target_language = ?) "
            "OR EXISTS (SELECT 1 FROM segment WHERE target_text = ranked.id AND source_language = ?) "
            "ORDER BY hits DESC, abs(length - ?) LIMIT ?",
            (*(phrase(g) for g in grams), minimum_hits(len(grams)), shortest, longest, len(key),
             count * PREFILTER, target_language, target_language, len(key), count))
        return [text for text, in rows]

    def _raregrams(self, indexed: str, language: str, index: str) -> list[str]:
        """The query's rarest trigrams within the postings budget (memory_text.rare_grams)."""
        return rare_grams(indexed, self._frequencies(language, index))

    def _frequencies(self, language: str, index: str) -> Counter:
        """How many texts hold each trigram, read once and kept up to date by this connection's
        writes; reread when another connection has written (PRAGMA data_version)."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._document_frequency.clear()
            self._data_version = version
        if language not in self._document_frequency:
            self._document_frequency[language] = Counter(
                dict(self._db.execute(f"SELECT term, doc FROM {index}_vocabulary")))
        return self._document_frequency[language]

    # -- reporting -----------------------------------------------------------------------------

    def stats(self) -> dict:
        """{"segments": n, "pairs": {"en-fr": n, ...}, "origins": {"official": n, ...}}."""
        with self._sqlite_errors():
            pairs = {f"{s}-{t}": n for s, t, n in self._db.execute(
                "SELECT source_language, target_language, count(*) FROM segment GROUP BY 1, 2 ORDER BY 1, 2")}
            origins = dict(self._db.execute("SELECT origin, count(*) FROM segment GROUP BY 1 ORDER BY 1"))
        return {"segments": sum(pairs.values()), "pairs": pairs, "origins": origins}

    def pairs(self) -> list[tuple[str, str]]:
        """The directions units are stored in (each also answers the other way round)."""
        with self._sqlite_errors():
            return [tuple(row) for row in self._db.execute(
                "SELECT DISTINCT source_language, target_language FROM segment ORDER BY 1, 2")]

    def export_rows(self) -> Iterator[tuple[str, str, str, str, str]]:
        """Every unit as (source_language, target_language, source, target, origin), in the order stored."""
        with self._sqlite_errors():
            rows = self._db.execute("SELECT source_language, target_language, source, target, origin FROM segment "
                                    "ORDER BY id").fetchall()
        yield from rows


