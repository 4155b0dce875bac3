"""Argos Translate models on disk: installing a ``.argosmodel`` safely, and listing what is installed.

A ``.argosmodel`` is a zip of one directory holding ``metadata.json`` (from_code, to_code,
package_version, ...), ``sentencepiece.model`` and ``model/``, a CTranslate2 model. Archives come
from outside, so unpacking trusts nothing in them: absolute names, ``..``, links and special files
are refused, the number of files and the bytes actually unpacked are capped (zip bombs), and the
file modes in the archive are ignored. ``stanza/`` (Argos's own sentence splitter) is not
unpacked: publisher segments with spaCy.

Models live in ``$PUBLISHER_MODELS_DIR``, else ``$XDG_DATA_HOME/publisher/models``, else
``~/.local/share/publisher/models``, one directory per language pair (``translate-en_es``):
installing a model for a pair replaces the one there. Installing is atomic: the archive is unpacked
and checked in a temporary directory beside the others, then renamed into place.

``argostranslate`` itself is not used: importing even its ``package`` module creates directories
in the user's home.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding

MAX_FILES = 2_000
MAX_BYTES = 4 * 1024**3  # unpacked; the largest Argos models are under 1 GB
_COPY_CHUNK = 1024 * 1024
_IGNORED_TOP_FOLDERS = {"stanza"}
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
_REQUIRED_FILES = ("metadata.json", "sentencepiece.model", "model/model.bin")
# What zipfile raises on a damaged, encrypted or oddly compressed member.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)


@dataclass(frozen=True)
class InstalledModel:
    from_code: str
    to_code: str
    version: str
    path: Path  # the package directory: metadata.json, sentencepiece.model, model/
    target_prefix: str = ""  # a token some multilingual models need in front of the output

    @property
    def pair(self) -> tuple[str, str]:
        return self.from_code, self.to_code


def models_directory() -> Path:
    if os.environ.get("PUBLISHER_MODELS_DIR"):
        return Path(os.environ["PUBLISHER_MODELS_DIR"])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "publisher" / "models"


def list_models(directory: Path | None = None) -> list[InstalledModel]:
    """Installed models, by language pair; directories that do not hold a valid model are skipped."""
    directory = directory or models_directory()
    if not directory.is_dir():
        return []
    models = []
    for package in sorted(directory.iterdir()):
        if package.name.startswith(".") or not package.is_dir():
            continue  # installs under way, and the debris of interrupted ones
        try:
            models.append(read_model(package))
        except PublisherError:
            continue
    return models


def read_model(package: Path) -> InstalledModel:
    """The installed model in ``package``, after checking its files are there."""
    for required in _REQUIRED_FILES:
        if not (package / required).is_file():
            raise _invalid(package, f"has no {required}", required)
    return _model_from_metadata((package / "metadata.json").read_bytes(), package, package)


def install_model(archive: Path | str, directory: Path | None = None, *,
                  max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES) -> InstalledModel:
    """Unpacks and checks a ``.argosmodel``, then moves it into the models directory in one rename."""
    archive = Path(archive)
    directory = directory or models_directory()
    try:
        bundle = zipfile.ZipFile(archive)
    except FileNotFoundError:
        raise _error(archive, "cannot be read: no such file", "models.unreadable") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise _invalid(archive, f"is not a zip archive ({error})") from None
    with bundle:
        entries = _checked_entries(bundle, archive, max_files, max_bytes)
        top = _top_folder(entries, archive)
        try:
            declared = _model_from_metadata(bundle.read(f"{top}/metadata.json"), archive, Path(top))
        except _DAMAGED as error:
            raise _invalid(archive, f"is damaged or encrypted: {error}", "metadata.json") from None
        names = {PurePosixPath(entry.filename).as_posix() for entry in entries}
        for required in _REQUIRED_FILES:
            if f"{top}/{required}" not in names:
                raise _invalid(archive, f"has no {top}/{required}", required)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".install-", dir=directory))
        except OSError as error:
            raise _error(directory, f"cannot be written: {error.strerror or error}", "models.install-failed") from None
        try:
            _extract(bundle, entries, staging, archive, max_bytes)
            destination = directory / f"translate-{declared.from_code}_{declared.to_code}"
            _replace_directory(staging / top, destination)
        except _DAMAGED as error:
            raise _invalid(archive, f"is damaged or encrypted: {error}") from None
        except OSError as error:
            raise _error(directory, f"cannot install the model: {error.strerror or error}",
                         "models.install-failed") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return read_model(destination)


def _checked_entries(bundle: zipfile.ZipFile, archive: Path, max_files: int, max_bytes: int) -> list[zipfile.ZipInfo]:
    """Every entry, once each name is known to stay inside the target and to be a file or a folder."""
    entries = bundle.infolist()
    if len(entries) > max_files:
        raise _too_large(archive, f"holds {len(entries)} files, more than the {max_files} allowed")
    declared = sum(entry.file_size for entry in entries)
    if declared > max_bytes:
        raise _too_large(archive, f"unpacks to {declared} bytes, more than the {max_bytes} allowed")
    seen = set()
    for entry in entries:
        name = entry.filename
        parts = PurePosixPath(name).parts
        if (name.startswith("/") or "\\" in name or "\0" in name or re.match(r"[A-Za-z]:", name)
                or ".." in parts or not parts):
            raise _unsafe(archive, f"entry {name!r} points outside the model folder", name)
        kind = stat.S_IFMT(entry.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise _unsafe(archive, f"entry {name!r} is a symbolic link", name)
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _unsafe(archive, f"entry {name!r} is not a plain file or folder", name)
        normal = "/".join(part for part in parts if part != ".")
        if normal in seen:
            raise _unsafe(archive, f"entry {name!r} appears twice", name)
        seen.add(normal)
    return entries


def _top_folder(entries: list[zipfile.ZipInfo], archive: Path) -> str:
    tops = {PurePosixPath(entry.filename).parts[0] for entry in entries}
    if len(tops) != 1 or not any(PurePosixPath(e.filename).parts[1:] == ("metadata.json",) for e in entries):
        raise _invalid(archive, "must hold exactly one folder, with metadata.json in it")
    return tops.pop()


def _extract(bundle: zipfile.ZipFile, entries: list[zipfile.ZipInfo], staging: Path, archive: Path,
             max_bytes: int) -> None:
    """Writes the entries under ``staging``, counting the bytes really unpacked, not the declared ones."""
    root = staging.resolve()
    written = 0
    for entry in entries:
        parts = [part for part in PurePosixPath(entry.filename).parts if part != "."]
        if len(parts) > 1 and parts[1] in _IGNORED_TOP_FOLDERS:
            continue
        target = root.joinpath(*parts)
        if not target.resolve().is_relative_to(root):
            raise _unsafe(archive, f"entry {entry.filename!r} points outside the model folder", entry.filename)
        if entry.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with bundle.open(entry) as source, open(target, "xb") as sink:
            while chunk := source.read(_COPY_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise _too_large(archive, f"unpacks to more than the {max_bytes} bytes allowed")
                sink.write(chunk)


def _replace_directory(new: Path, destination: Path) -> None:
    """Renames ``new`` to ``destination``; an older model there is moved aside first, then deleted."""
    retired = None
    if destination.exists():
        retired = Path(tempfile.mkdtemp(prefix=".retired-", dir=destination.parent)) / destination.name
        os.replace(destination, retired)
    try:
        os.replace(new, destination)
    except OSError:
        if retired is not None:
            os.replace(retired, destination)
        raise
    if retired is not None:
        shutil.rmtree(retired.parent, ignore_errors=True)


def _model_from_metadata(data: bytes, where: Path, package: Path) -> InstalledModel:
    try:
        metadata = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _invalid(where, f"metadata.json is not valid JSON: {error}", "metadata.json") from None
    if not isinstance(metadata, dict):
        raise _invalid(where, "metadata.json must be a JSON object", "metadata.json")
    for key in ("from_code", "to_code"):
        code = metadata.get(key)
        if not isinstance(code, str) or not _LANGUAGE_CODE.fullmatch(code):
            raise _invalid(where, f"metadata.json {key} must be a language code such as \"en\", not {code!r}", key)
    if metadata.get("type", "translate") != "translate":
        raise _invalid(where, f"is a {metadata['type']!r} package, not a translation model", "type")
    version = metadata.get("package_version", "")
    prefix = metadata.get("target_prefix", "")
    if not isinstance(version, str) or not isinstance(prefix, str):
        raise _invalid(where, "metadata.json package_version and target_prefix must be strings", "package_version")
    return InstalledModel(metadata["from_code"], metadata["to_code"], version, package, prefix)


def _error(path: Path, message: str, code: str, field: str = "") -> PublisherError:
    return PublisherError(Finding(str(path), 0, 0, field, message, code), exit_code=EXIT_UNREADABLE)


def _invalid(path: Path, message: str, field: str = "") -> PublisherError:
    return _error(path, message, "models.invalid", field)


def _unsafe(path: Path, message: str, field: str) -> PublisherError:
    return _error(path, f"{message}; the archive is refused", "models.unsafe-archive", field)


def _too_large(path: Path, message: str) -> PublisherError:
    return _error(path, f"{message}; the archive is refused", "models.too-large")
