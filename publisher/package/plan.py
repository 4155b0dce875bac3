"""Planning a build: which language version of each outcome to use, the fingerprint of each unit
(one outcome in one language), and the findings of what changed. The build state lives here too.

Planning reads every outcome file of the session, but parses (YAML) only the outcomes that changed:
the language an outcome file is written in is a function of its bytes, so it is remembered in the
build state under the SHA-256 of those bytes. A 190-outcome session is planned in a few hundredths
of a second when one outcome changed, instead of most of a second.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from ..blueprint import DEFAULT_DIR
from ..errors import EXIT_FINDINGS, PublisherError
from ..files import read_json_object, write_atomic
from ..findings import Finding, Severity, has_errors
from ..load import load_bytes, read_input
from ..validate import validate_loaded
from ..versions import find_version, version_difference
from .session import OutcomeEntry, Session

STATE_FILE = ".publisher-build.json"
LANGUAGES = "#languages"  # the state's entry: SHA-256 of a file's bytes (and the toolkit) -> its language
PROJECT = DEFAULT_DIR.parent


@dataclass(frozen=True)
class BuildOptions:
    output: Path
    jobs: int = max(1, min(os.cpu_count() or 1, 4))
    engine: str | None = None  # overrides the manifest's
    memory: Path | None = None
    no_memory: bool = False
    glossaries: tuple[Path, ...] = ()
    force: bool = False


@dataclass(frozen=True)
class Plan:
    entry: OutcomeEntry
    language: str
    version: str  # path of the version a person made in this language, or "" to translate
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{relative_key(self.entry.file)}:{self.language}"


def plan(session: Session, options: BuildOptions, state: dict | None = None) -> list[Plan]:
    """Validates what changed and decides what each outcome needs; raises with all findings.

    A unit whose fingerprint is the one recorded when it was last built (same files, same
    manifest entry, same toolkit) was validated then and is not validated again. ``state`` (the
    build state, read from the output folder when not given) gets the languages of the files read."""
    state = load_state(options.output) if state is None else state
    files = _Files(state.get(LANGUAGES) if isinstance(state.get(LANGUAGES), dict) else {})
    findings: list[Finding] = []
    plans = []
    whole_session = _session_text(session, options)
    for entry in session.outcomes:
        own = files.language(entry.file)
        versions = {language: find_version(entry.file, own, language, files.language_or_none)
                    for language in session.languages}
        manifest = _entry_text(entry) + whole_session
        units = [Plan(entry, language, str(path) if path else "", _fingerprint(entry, language, path, manifest, files))
                 for language, path in versions.items()]
        known = all(state.get(u.key, {}).get("fingerprint") == u.fingerprint for u in units)
        if not known or options.force:
            findings.extend(_validate_entry(session, entry, files.loaded(entry.file), versions, files))
        plans.extend(units)
    if has_errors(findings):
        raise PublisherError(*[f for f in findings if f.severity is Severity.ERROR], exit_code=EXIT_FINDINGS)
    state[LANGUAGES] = files.learned
    return plans


class _Files:
    """The input files of one planning, each read once; their languages from the build state when
    their bytes are the ones seen before, else from the parsed file."""

    def __init__(self, known: dict):
        self.known = known
        self.learned: dict[str, str] = {}  # what the next build may trust: the files read this time
        self._bytes: dict[Path, bytes] = {}
        self._loaded: dict[Path, object] = {}

    def bytes(self, path: Path) -> bytes:
        if path not in self._bytes:
            self._bytes[path] = read_input(path)
        return self._bytes[path]

    def loaded(self, path: Path):
        if path not in self._loaded:
            self._loaded[path] = load_bytes(self.bytes(path), str(path))
        return self._loaded[path]

    def language(self, path: Path) -> str:
        """The language the file is written in; "" when it is not an outcome. Raises when unreadable."""
        digest = hashlib.sha256(code_fingerprint().encode() + self.bytes(path)).hexdigest()  # the reader too
        language = self.known.get(digest)
        if not isinstance(language, str):
            data = self.loaded(path).data
            language = data["review"]["language"] if is_outcome(data) else ""
        self.learned[digest] = language
        return language

    def language_or_none(self, path: Path) -> str | None:
        """find_version's reader: None when the file cannot be read or is not an outcome."""
        try:
            return self.language(path) or None
        except PublisherError:
            return None


def language_in_file(path: Path) -> str | None:
    """The language of the outcome in ``path``; None when it cannot be read or is not an outcome."""
    return _Files({}).language_or_none(path)


def is_outcome(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("review"), dict) and "language" in data["review"]


def _validate_entry(session: Session, entry: OutcomeEntry, loaded, versions: dict, files: "_Files") -> list[Finding]:
    """The errors of an outcome and its versions (a build stops on errors and shows no warnings)."""
    findings, outcome = validate_loaded(loaded, errors_only=True)
    if outcome is not None and not session.groups_for(outcome):
        findings.append(Finding(session.file, 0, 0, entry.field, f"none of the working groups of this session "
                                f"takes the instruments of {entry.file.name}", "session.no-working-group"))
    for path in sorted({p for p in versions.values() if p and p != entry.file}):
        version = files.loaded(path)  # read once: its bytes are also in the fingerprint
        findings.extend(validate_loaded(version, errors_only=True)[0] or _not_a_version(loaded, version))
    return findings


def _not_a_version(outcome, version) -> list[Finding]:
    """A finding when ``version`` (``x.fr.yaml``) is not a version of ``outcome`` (``x.yaml``)."""
    key = version_difference(outcome.data, version.data)
    if key is None:
        return []
    field = f"review.{key}"
    return [Finding(version.file, *version.source.position(field), field,
                    f"differs from {Path(outcome.file).name} ({outcome.data['review'].get(key)!r}): a file named as "
                    f"a language version of an outcome must be one, or it ships under that outcome's symbol",
                    "build.not-a-version")]


def _fingerprint(entry: OutcomeEntry, language: str, version: Path | None, manifest: bytes, files: _Files) -> str:
    """The unit's files (the outcome, the person's version), what the manifest says about it, the toolkit."""
    digest = hashlib.sha256()
    for path in [entry.file, *([version] if version else [])]:
        digest.update(path.name.encode() + b"\0" + files.bytes(path))
    digest.update(json.dumps(language).encode() + manifest)
    digest.update(code_fingerprint().encode())
    return digest.hexdigest()


def _entry_text(entry: OutcomeEntry) -> bytes:
    """What the manifest says about one outcome (its numbers, job numbers, file), as JSON."""
    return json.dumps({k: str(v) for k, v in asdict(entry).items()}, default=str).encode()


def _session_text(session: Session, options: BuildOptions) -> bytes:
    """What shapes every document of the session, as JSON: the manifest's settings and the glossaries
    named for the build. Made once per planning, not once per unit (asdict of the groups per unit was
    most of a large session's planning)."""
    return json.dumps([session.formats, engine_name(session, options), session.engines, str(session.date),
                       session.distribution, [asdict(g) for g in session.groups.values()],
                       glossaries_digest(options.glossaries)], default=str).encode()


def glossaries_digest(paths) -> str:
    """The glossaries named for a build (--glossary), by content: a changed glossary changes the drafts.
    (The project's own glossary is part of ``code_fingerprint``.)"""
    digest = hashlib.sha256()
    for path in paths:
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(f"unreadable: {path}".encode())  # loading it will say why
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """Everything of the toolkit that shapes an output file: code, data, templates, glossaries."""
    digest = hashlib.sha256()
    for folder in ("publisher", "blueprints", "glossaries"):
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yaml", ".json", ".css", ".j2", ".tbx", ".csv"}:
                digest.update(str(path.relative_to(PROJECT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def engine_name(session: Session, options: BuildOptions) -> str:
    return options.engine or session.engine


def relative_key(path: Path) -> str:
    return path.name


# -- the build state ---------------------------------------------------------------------------------
def load_state(output: Path) -> dict:
    return read_json_object(output / STATE_FILE)


def save_state(output: Path, state: dict) -> None:
    data = json.dumps(state, ensure_ascii=False, sort_keys=True).encode()  # no indent: the C encoder
    path = output / STATE_FILE
    if not (path.is_file() and path.read_bytes() == data):
        write_atomic(path, data)
