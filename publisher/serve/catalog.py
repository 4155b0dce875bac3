"""The review outcomes of the served folder: each outcome with its language versions, their
validation findings and translation status, and the documents of any version in any language.

An outcome is ``x.yaml`` with its language versions ``x.fr.yaml``, ``x.ar.yaml``, ... beside it
(see publisher/stages.py). Session manifests are not outcomes. Only files in the folder are
served: a symbolic link leading out of it is listed as not served. A language with no version yet
gets a draft made in memory from the translation memory and the glossary (as the post-editing
view does); it is written only when a translator saves it.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..blueprint import Blueprints, load_blueprints
from ..compose import compose
from ..errors import PublisherError
from ..files import read_regular_file
from ..findings import Finding, Severity
from ..load import LoadedFile, load_bytes, load_file
from ..model import ReviewOutcome
from ..versions import base_stem, source_file
from ..reference import LANGUAGES
from ..render import writer
from ..postedit.workset import MAX_REPORT_BYTES
from ..translate.output import OutcomeDumper
from ..validate import is_session_manifest, validate_loaded

SOURCE, PERSON_MADE = "source", "person-made"


@dataclass(frozen=True)
class ServedVersion:
    """One file of an outcome, in one language, validated."""

    language: str
    path: Path
    status: str  # "source", "person-made" (a translation without provenance), "draft", "post-edited", "final"
    findings: tuple[Finding, ...]
    outcome: ReviewOutcome | None
    states: dict[str, int] | None = None  # units per state, from the QA report beside a translation
    in_memory: bool = False  # a draft made for this request, not a file

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass(frozen=True)
class ServedOutcome:
    """A review outcome: its source file and the language versions beside it."""

    name: str  # the name shared by its files (``x``), used in addresses
    source: ServedVersion
    versions: dict[str, ServedVersion]  # language -> version, the source included

    @property
    def source_language(self) -> str:
        return self.source.language

    @property
    def title(self) -> str:
        outcome = self.source.outcome
        if outcome is None:
            return self.name
        return f"{outcome.review.state}, {outcome.review.cluster.replace('-', ' ')}, {outcome.review.year}"


@dataclass(frozen=True)
class Unreadable:
    path: Path
    findings: tuple[Finding, ...]


class Catalog:
    """Reads the folder on every call (files come and go while the server runs); each file is
    validated again only when it has changed."""

    def __init__(self, root: Path, blueprint_dir: Path):
        self.root = Path(root)
        self.blueprint_dir = Path(blueprint_dir)
        self._cache: dict[Path, tuple[tuple, object]] = {}
        self._lock = threading.Lock()
        self._render_lock = threading.Lock()

    @property
    def blueprints(self) -> Blueprints:
        return load_blueprints(self.blueprint_dir)

    # -- the folder ----------------------------------------------------------------------------

    def scan(self) -> tuple[list[ServedOutcome], list[Unreadable]]:
        groups: dict[str, list[ServedVersion]] = {}
        unreadable: list[Unreadable] = []
        for path in sorted(self.root.glob("*.yaml")):
            if not self.inside(path):
                unreadable.append(Unreadable(path, (outside_finding(path),)))
                continue
            read = self._read(path)
            if isinstance(read, Unreadable):
                unreadable.append(read)
            elif read is not None:
                groups.setdefault(base_stem(path), []).append(read)
        entries = [self._entry(name, versions) for name, versions in sorted(groups.items())]
        return entries, unreadable

    def inside(self, path: Path) -> bool:
        """Whether ``path`` is in the served folder once symbolic links are followed: a link in it
        to a file elsewhere is neither served nor written."""
        return Path(path).resolve().is_relative_to(self.root.resolve())

    def entry(self, name: str) -> ServedOutcome | None:
        entries, _ = self.scan()
        return next((e for e in entries if e.name == name), None)

    def _entry(self, name: str, versions: list[ServedVersion]) -> ServedOutcome:
        own_name = source_file(self.root, name)
        source = next((v for v in versions if v.path == own_name), None) or next(
            (v for v in versions if v.status == SOURCE), versions[0])
        by_language = {source.language: source}
        for version in versions:
            by_language.setdefault(version.language, version)
        ordered = {language: by_language[language] for language in LANGUAGES if language in by_language}
        return ServedOutcome(name, source, ordered)

    def _read(self, path: Path) -> ServedVersion | Unreadable | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        key = (stat.st_mtime_ns, stat.st_size, self._report_stamp(path))
        with self._lock:
            cached = self._cache.get(path)
            if cached and cached[0] == key:
                return cached[1]
        try:
            loaded = load_file(path)
            read = None if is_session_manifest(loaded) else self._version(path, loaded)
        except PublisherError as error:
            read = Unreadable(path, tuple(error.findings))
        except Exception as error:  # a bug on one file must not take every page down: it is listed, named
            read = Unreadable(path, (Finding(str(path), 0, 0, "", f"cannot be read: internal error "
                                             f"{type(error).__name__}: {error} (please report it)",
                                             "serve.internal-error"),))
        with self._lock:
            self._cache[path] = (key, read)
        return read

    @staticmethod
    def _report_stamp(path: Path):
        try:
            return path.with_suffix(".qa.json").stat().st_mtime_ns
        except OSError:
            return None

    def _version(self, path: Path, loaded: LoadedFile) -> ServedVersion | Unreadable:
        findings, outcome = validate_loaded(loaded, self.blueprint_dir)
        data = loaded.data if isinstance(loaded.data, dict) else {}
        review = data.get("review") if isinstance(data.get("review"), dict) else {}
        language = review.get("language")
        if language not in LANGUAGES:
            return Unreadable(path, tuple(findings) or (Finding(str(path), 0, 0, "review.language",
                                                                 "no language: not a review outcome",
                                                                 "serve.not-an-outcome"),))
        translation = data.get("translation") if isinstance(data.get("translation"), dict) else {}
        original = review.get("original_language", language)
        if translation.get("status"):
            status = str(translation["status"])
        else:
            status = SOURCE if original == language else PERSON_MADE
        return ServedVersion(language, path, status, tuple(findings), outcome, _report_states(path))

    # -- documents -----------------------------------------------------------------------------

    def draft_version(self, entry: ServedOutcome, language: str, workset) -> ServedVersion:
        """A version made in memory from a post-editing workset (``open_workset`` of a language
        that has no file yet), validated as if it were the file. A draft of a source with errors
        carries the source's findings: they are what must be corrected, in a file that exists."""
        if entry.source.errors:
            return ServedVersion(language, workset.target_path, "draft", entry.source.findings, None, in_memory=True)
        text = yaml.dump(workset.target_data, Dumper=OutcomeDumper, allow_unicode=True, sort_keys=False, width=100)
        loaded = load_bytes(text.encode("utf-8"), str(workset.target_path))
        findings, outcome = validate_loaded(loaded, self.blueprint_dir)
        return ServedVersion(language, workset.target_path, "draft", tuple(findings), outcome, in_memory=True)

    def render(self, outcome: ReviewOutcome, kind: str, output_format: str) -> bytes:
        document = compose(outcome, kind, self.blueprints)
        if output_format == "html":
            return writer("html").render(document)
        with self._render_lock:  # one PDF or DOCX at a time: fonts are prepared once, in one place
            return writer(output_format).render(document)


def outside_finding(path: Path) -> Finding:
    return Finding(str(path), 0, 0, "", "is a symbolic link to a file outside the served folder: it is not served, "
                   "and not written", "serve.outside-folder")


def _report_states(path: Path) -> dict[str, int] | None:
    try:
        report = json.loads(read_regular_file(path.with_suffix(".qa.json"), MAX_REPORT_BYTES).decode("utf-8"))
    except (PublisherError, ValueError, RecursionError):
        return None
    states = (report.get("summary") or {}).get("states") if isinstance(report, dict) else None
    if isinstance(states, dict):
        return {str(k): v for k, v in states.items() if isinstance(v, int) and v}
    segments = report.get("segments") if isinstance(report, dict) else None
    if isinstance(segments, list):  # a report written by `publisher translate`: every sentence a draft
        counts: dict[str, int] = {}
        for segment in segments:
            if isinstance(segment, dict):
                state = segment.get("state") or ("initial" if segment.get("origin") == "untranslated" else "translated")
                counts[str(state)] = counts.get(str(state), 0) + 1
        return counts
    return None
