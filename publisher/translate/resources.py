"""Where the translation stage keeps its memory and glossary by default, and opening them.

The memory is the user's: ``$PUBLISHER_MEMORY`` or ``~/.local/share/publisher/memory.sqlite``,
created on first use and seeded with the official six-language strings of the project (titles,
headings, masthead phrases). The glossary is the project's ``glossaries/untoc.tbx``.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..blueprint import DEFAULT_DIR

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


def add_translation_options(command: argparse.ArgumentParser, engine_default: str | None = "apertium") -> None:
    """The options of a command that translates: the engine, the memory, the glossary, the fuzzy threshold."""
    command.add_argument("--engine", default=engine_default,
                         help="apertium, argos or none" + (f" (default: {engine_default})" if engine_default else ""))
    add_resource_options(command)
    command.add_argument("--fuzzy", type=float, default=DEFAULT_FUZZY, metavar="PERCENT",
                         help=f"use a fuzzy memory match from this score up (default: {DEFAULT_FUZZY:g})")


DEFAULT_FUZZY = 90.0


def make_translator(engine_name: str, memory=None, glossary=None, fuzzy: float = DEFAULT_FUZZY):
    """The one way a Translator is made: the command line, session builds and post-editing ask here."""
    from .engines import engine
    from .pipeline import Translator

    return Translator(engine(engine_name), memory, glossary, fuzzy)
