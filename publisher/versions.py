"""The language versions of one outcome, and the names of the files made from it: the one place
these names are built.

Language versions sit side by side: ``x.yaml`` (in the language it was written) and ``x.fr.yaml``,
``x.zh.yaml``, ... (translations, by hand or by ``publisher translate``, with their QA reports
``x.fr.qa.json`` and ``x.fr.qa.txt``). Documents are named ``x-<document>-<language>.<ext>``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from .reference.languages import LANGUAGES

_LANGUAGE_SUFFIX = re.compile(r"\.(" + "|".join(LANGUAGES) + r")$")


def base_stem(path: Path | str) -> str:
    """``samples/x.fr.yaml`` -> ``x``: the name shared by all language versions."""
    return _LANGUAGE_SUFFIX.sub("", Path(path).stem)


def version_file(source: Path, language: str, folder: Path | None = None) -> Path:
    """Where the ``language`` version of ``source`` is (or would be): ``x.<language>.yaml``."""
    return (folder or source.parent) / f"{base_stem(source)}.{language}.yaml"


def source_file(folder: Path, name: str) -> Path:
    """The outcome named ``name`` in ``folder``: ``x.yaml``."""
    return folder / f"{name}.yaml"


def translation_files(source: Path, language: str, folder: Path) -> tuple[Path, Path, Path]:
    """A translated version and its QA reports: ``x.<lang>.yaml``, ``x.<lang>.qa.json``, ``x.<lang>.qa.txt``."""
    stem = f"{base_stem(source)}.{language}"
    return folder / f"{stem}.yaml", folder / f"{stem}.qa.json", folder / f"{stem}.qa.txt"


def document_name(stem: str, kind: str, language: str, extension: str) -> str:
    """``x-summary-fr.pdf``: a document of the outcome named ``stem`` (see base_stem; extension with its dot)."""
    return f"{stem}-{kind}-{language}{extension}"


def find_version(source: Path, own: str | None, language: str,
                 language_of: Callable[[Path], str | None]) -> Path | None:
    """The file holding the ``language`` version of the outcome ``source`` (written in ``own``):
    ``source`` itself, ``x.<language>.yaml`` beside it, or — when ``source`` is a translation —
    ``x.yaml`` when that is the language wanted. ``language_of(path)`` reads a candidate's language
    (None when it cannot be read: such a file is taken, so that its findings are reported)."""
    if own == language:
        return source
    for candidate in (version_file(source, language), source_file(source.parent, base_stem(source))):
        if candidate != source and candidate.is_file():
            found = language_of(candidate)
            if found is None or found == language:
                return candidate
    return None


VERSION_FIELDS = ("state", "cluster", "year")  # what a language version shares with its outcome


def version_difference(outcome: dict, version: dict) -> str | None:
    """The first field of ``review`` (state, cluster, year) in which ``version`` differs from
    ``outcome``: a file named ``x.fr.yaml`` that is the French of another outcome is not a version
    of ``x.yaml``, and must not ship under its symbol. None when both are outcomes that agree."""
    theirs, ours = version.get("review"), outcome.get("review")
    if not isinstance(theirs, dict) or not isinstance(ours, dict):
        return None  # not an outcome: the schema's findings say so
    return next((key for key in VERSION_FIELDS if theirs.get(key) != ours.get(key)), None)
