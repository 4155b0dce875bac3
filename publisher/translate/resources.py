"""Where the translation stage keeps its memory and glossary by default, and opening them.

The memory is the user's: ``$PUBLISHER_MEMORY`` or ``~/.local/share/publisher/memory.sqlite``,
created on first use and seeded with the official six-language strings of the project (titles,
headings, masthead phrases). The glossary is the project's ``glossaries/untoc.tbx``.
"""
from __future__ import annotations

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
