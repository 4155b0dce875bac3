"""Where the translation stage keeps its memory and glossary by default, and opening them.

The memory is the user's: ``$PUBLISHER_MEMORY`` or ``~/.local/share/publisher/memory.sqlite``,
created on first use and seeded with the official six-language strings of the project (titles,
headings, masthead phrases). The glossary is the project's ``glossaries/untoc.tbx``.

The engine per target language may be fixed in ``publisher.toml`` (in the current folder, or the
file ``$PUBLISHER_CONFIG`` names), for the translate commands::

    [engines]
    ru = "ct2"
    fr = "apertium"

(a session manifest has its own ``engines:``); the other languages take ``--engine``.
"""
from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path

from ..blueprint import DEFAULT_DIR
from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..reference import LANGUAGES

PROJECT_GLOSSARY = DEFAULT_DIR.parent / "glossaries" / "untoc.tbx"


def default_memory_path() -> Path:
    configured = os.environ.get("PUBLISHER_MEMORY")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "publisher" / "memory.sqlite"


def open_memory(path: Path | None = None):
    """The translation memory at ``path``; a new one is seeded with the official strings."""
    from .memory import TranslationMemory
    from .seed import seed_memory

    path = Path(path or default_memory_path())
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    memory = TranslationMemory(path)
    if new:
        seed_memory(memory)
    return memory


def load_glossaries(paths: list[Path] | None = None):
    """The project glossary, or the given TBX/CSV files merged in order."""
    from .glossary import Glossary

    paths = paths or [PROJECT_GLOSSARY]
    glossaries = [Glossary.from_csv(p) if Path(p).suffix.lower() == ".csv" else Glossary.load(p) for p in paths]
    if len(glossaries) == 1:
        return glossaries[0]
    return Glossary.merge(glossaries)


def add_resource_options(command: argparse.ArgumentParser, *, memory: bool = True, glossary: bool = True,
                         optional_memory: bool = True) -> None:
    """The options every command that uses the memory or the glossary takes, declared once."""
    if memory:
        command.add_argument("--memory", type=Path, default=None,
                             help="translation memory (default: $PUBLISHER_MEMORY or ~/.local/share/publisher/"
                                  "memory.sqlite, seeded with the official strings)")
        if optional_memory:
            command.add_argument("--no-memory", action="store_true", help="do not use a translation memory")
    if glossary:
        command.add_argument("--glossary", type=Path, action="append", default=None, metavar="TBX_OR_CSV",
                             help="glossary to enforce (default: glossaries/untoc.tbx); may be repeated")


def add_translation_options(command: argparse.ArgumentParser, engine_default: str | None = "auto") -> None:
    """The options of a command that translates: the engine, the memory, the glossary, the fuzzy threshold."""
    command.add_argument("--engine", default=engine_default,
                         help="auto (the best installed route per language: a multilingual ct2 model, an Argos "
                              "model, Apertium, a pivot; fixed per language by [engines] in publisher.toml), ct2, "
                              "argos, apertium or none" + (f" (default: {engine_default})" if engine_default else ""))
    add_resource_options(command)
    command.add_argument("--fuzzy", type=float, default=DEFAULT_FUZZY, metavar="PERCENT",
                         help=f"use a fuzzy memory match from this score up (default: {DEFAULT_FUZZY:g})")


DEFAULT_FUZZY = 90.0


def make_translator(engine_name: str, memory=None, glossary=None, fuzzy: float = DEFAULT_FUZZY,
                    choices: dict[str, str] | None = None, configured_in: str = ""):
    """The one way a Translator is made: the command line, session builds and post-editing ask here.

    ``choices`` (target language -> engine, from a configuration named by ``configured_in``) fix
    the engine of those languages; ``engine_name`` is the others'."""
    from .engines import engine
    from .pipeline import Translator

    if choices or engine_name == "auto":
        return Translator(engine("auto", choices=choices, default=engine_name,
                                 configured_in=configured_in or "the configuration"), memory, glossary, fuzzy)
    return Translator(engine(engine_name), memory, glossary, fuzzy)


CONFIG_FILE = "publisher.toml"
MAX_CONFIG_BYTES = 1024 * 1024


def config_path() -> Path:
    return Path(os.environ.get("PUBLISHER_CONFIG") or CONFIG_FILE)


def engine_choices(path: Path | None = None) -> dict[str, str]:
    """The ``[engines]`` table of publisher.toml (language -> engine name); {} when there is no file."""
    path = path or config_path()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        if os.environ.get("PUBLISHER_CONFIG"):
            raise _config_error(path, "", "no such file (named by PUBLISHER_CONFIG)", "config.missing-file") from None
        return {}
    except OSError as error:
        raise _config_error(path, "", f"cannot be read: {error.strerror or error}", "config.unreadable") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise _config_error(path, "", f"is larger than {MAX_CONFIG_BYTES // 1024} KB", "config.too-large")
    try:
        table = tomllib.loads(data.decode("utf-8")).get("engines", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _config_error(path, "", f"is not valid TOML: {error}", "config.invalid") from None
    if not isinstance(table, dict):
        raise _config_error(path, "engines", "must be a table of language = \"engine\"", "config.invalid")
    for language, name in table.items():
        if language not in LANGUAGES:
            raise _config_error(path, f"engines.{language}", f"not a language; one of {', '.join(LANGUAGES)}",
                                "config.unknown-language")
        if not isinstance(name, str):
            raise _config_error(path, f"engines.{language}", "must be an engine name (a string)", "config.invalid")
    return dict(table)


def _config_error(path: Path, field: str, message: str, code: str) -> PublisherError:
    return PublisherError(Finding(str(path), 0, 0, field, message, code), exit_code=EXIT_UNREADABLE)
