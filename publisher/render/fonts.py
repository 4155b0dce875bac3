"""Fonts of each language: the families the PDF/HTML ask for and the fonts named in DOCX.

All come from Debian packages installed by the Makefile: fonts-liberation2 (Liberation Serif,
metric-compatible with Times New Roman, the UN house font), fonts-hosny-amiri (Amiri, a naskh
face for Arabic), fonts-noto-cjk (Noto Serif CJK SC, a Song face for Chinese) and fonts-noto-core
(fallback coverage). Arabic is set larger, as in UN Arabic documents, since its letters are
smaller at the same nominal size.

Chinese speed: a Noto CJK collection holds 65,535 glyphs in 26 MB, and WeasyPrint reads and
subsets the whole face for every PDF (about 8x the cost of an English PDF's fonts). So the PDF
writer first asks for a *prepared* face: the same font cut down once, with HarfBuzz's hb-subset
(Debian libharfbuzz-bin), to the 6,763 Hanzi of GB 2312 plus Latin and CJK punctuation. It is
cached under ~/.cache/publisher/fonts; any character outside it falls back to the full font.

A PDF embeds its fonts, so it needs one of its language's faces on this machine: ``require_font``
asks fontconfig for a family of the language's list that covers the language, and refuses the PDF
(``render.missing-font``, naming the Debian package) when there is none, rather than let WeasyPrint
set the text in some other face, or in empty boxes. HTML and DOCX only name their fonts.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..reference.languages import LANGUAGE_NAMES

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class FontSpec:
    css_families: tuple[str, ...]  # first choice first; fontconfig resolves the names
    word_latin: str  # w:rFonts ascii/hAnsi
    word_east_asian: str  # w:rFonts eastAsia
    word_complex: str  # w:rFonts cs (Arabic script)
    body_pt: float
    line_pt: float

    def css_family(self, prepared: tuple[str, ...] = ()) -> str:
        return ", ".join(f'"{name}"' for name in (*prepared, *self.css_families)) + ", serif"


_LATIN = FontSpec(("Times New Roman", "Liberation Serif", "Noto Serif"), "Times New Roman", "Times New Roman",
                  "Times New Roman", 10, 12)

FONTS: dict[str, FontSpec] = {
    "en": _LATIN,
    "fr": _LATIN,
    "es": _LATIN,
    "ru": _LATIN,
    "zh": FontSpec(("Noto Serif CJK SC", "Noto Sans CJK SC"), "Times New Roman", "Noto Serif CJK SC",
                   "Times New Roman", 10.5, 15),
    "ar": FontSpec(("Amiri", "Noto Naskh Arabic", "Liberation Serif"), "Times New Roman", "Times New Roman",
                   "Amiri", 13, 17),
}


def font_for(language: str) -> FontSpec:
    return FONTS.get(language, _LATIN)


# -- is a face of the language installed? -----------------------------------------------------------
_FONT_PACKAGES = {"ar": "fonts-hosny-amiri", "zh": "fonts-noto-cjk"}  # the others: fonts-liberation2
_FONTCONFIG_LANGUAGES = {"zh": "zh-cn"}  # fontconfig's tag for the orthography (Simplified Chinese)


def require_font(language: str) -> None:
    """Raises ``render.missing-font`` when no family of the language's list is installed with its
    glyphs; says nothing when fontconfig's ``fc-list`` is missing and the question cannot be asked."""
    spec = font_for(language)
    # the families found before first: a PDF of a language found once asks fontconfig nothing
    # (the first family of the Latin list, Times New Roman, is missing on Debian: asking for it
    # again ran fc-list for every PDF); the others in their order, until one is found
    for family in sorted(spec.css_families, key=lambda name: (name, language) not in _FOUND_FAMILIES):
        installed = family_installed(family, language)
        if installed or installed is None:
            return
    families = ", ".join(spec.css_families)
    package = _FONT_PACKAGES.get(language, "fonts-liberation2")
    raise PublisherError(Finding(
        "fonts", 0, 0, f"language {language}", f"no font for {LANGUAGE_NAMES.get(language, language)} text is "
        f"installed (looked for {families}); install the Debian package {package}, or the PDF would show the text "
        "in another face or as empty boxes", "render.missing-font"), exit_code=EXIT_UNREADABLE)


_FOUND_FAMILIES: set[tuple[str, str]] = set()


def family_installed(family: str, language: str) -> bool | None:
    """Whether fontconfig has ``family`` with the glyphs of ``language``; None without fc-list.
    Only a face found is remembered: one installed while the web app runs is found at the next PDF."""
    if (family, language) in _FOUND_FAMILIES:
        return True
    found = _ask_fontconfig(family, language)
    if found:
        _FOUND_FAMILIES.add((family, language))
    return found


def _ask_fontconfig(family: str, language: str) -> bool | None:
    if shutil.which("fc-list") is None:
        LOG.warning("fc-list not found: cannot check that the fonts of %s are installed", language)
        return None
    pattern = f":family={_fontconfig_escape(family)}:lang={_FONTCONFIG_LANGUAGES.get(language, language)}"
    result = subprocess.run(["fc-list", pattern, "family"], capture_output=True, text=True)
    return result.returncode == 0 and bool(result.stdout.strip())


def _fontconfig_escape(name: str) -> str:
    return "".join(f"\\{c}" if c in "\\-:,=" else c for c in name)


# -- prepared (pre-subset) faces for the PDF writer -------------------------------------------------
@dataclass(frozen=True)
class PreparedFace:
    family: str  # the CSS family name the template asks for first
    weight: str  # "normal" or "bold"
    path: Path


_PREPARED = {"zh": ("Publisher Chinese Serif", "Noto Serif CJK SC")}
_CHARSET_VERSION = "gb2312+latin+cjk-punctuation/1"


def prepared_faces(language: str) -> tuple[PreparedFace, ...]:
    """Faces cut down for speed, or () when the language needs none or hb-subset is missing."""
    if language not in _PREPARED:
        return ()
    family, source_family = _PREPARED[language]
    faces = []
    for weight in ("normal", "bold"):
        path = _build_face(source_family, weight)
        if path is None:
            return ()
        faces.append(PreparedFace(family, weight, path))
    return tuple(faces)


@cache
def _build_face(source_family: str, weight: str) -> Path | None:
    located = _fontconfig_file(f"{source_family}:weight={'bold' if weight == 'bold' else 'regular'}")
    if located is None or shutil.which("hb-subset") is None:
        LOG.warning("hb-subset or %s not found: Chinese PDFs will use the full font (slower)", source_family)
        return None
    source, index = located
    stat = source.stat()
    key = hashlib.sha256(f"{source}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{_CHARSET_VERSION}".encode()).hexdigest()
    target = _cache_dir() / f"{source_family.replace(' ', '')}-{weight}-{key[:16]}.otf"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # per-process names: two build workers may prepare the same face at once on a new machine
    characters = target.with_suffix(f".{os.getpid()}.txt")
    characters.write_text(_charset(), encoding="utf-8")
    partial = target.with_suffix(f".{os.getpid()}.part")
    command = ["hb-subset", f"--font-file={source}", f"--face-index={index}", f"--text-file={characters}",
               "--layout-features=*", "--name-IDs=*", f"--output-file={partial}"]
    result = subprocess.run(command, capture_output=True, text=True)
    characters.unlink(missing_ok=True)
    if result.returncode != 0 or not partial.exists():
        LOG.warning("hb-subset failed (%s): Chinese PDFs will use the full font", result.stderr.strip())
        partial.unlink(missing_ok=True)
        return None
    os.replace(partial, target)
    return target


def _fontconfig_file(pattern: str) -> tuple[Path, int] | None:
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(["fc-match", "--format=%{file}\n%{index}", pattern], capture_output=True, text=True)
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 2 or not lines[0]:
        return None
    return Path(lines[0]), int(lines[1] or 0)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher" / "fonts"


def _charset() -> str:
    """GB 2312 (the Hanzi of everyday Chinese text), Latin and the punctuation Chinese text uses."""
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for start, end in ((0x20, 0x250), (0x2000, 0x2070), (0x2100, 0x2200), (0x3000, 0x3040), (0xFF00, 0xFFF0)):
        characters.update(chr(code) for code in range(start, end))
    return "".join(sorted(characters))
