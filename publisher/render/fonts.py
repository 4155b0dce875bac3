"""Fonts of each language: the families the PDF/HTML ask for and the fonts named in DOCX.

All come from Debian packages installed by the Makefile: fonts-liberation2 (Liberation Serif,
metric-compatible with Times New Roman, the UN house font), fonts-hosny-amiri (Amiri, a naskh
face for Arabic), fonts-noto-cjk (Noto Serif CJK SC, a Song face for Chinese) and fonts-noto-core
(fallback coverage). Arabic is set larger, as in UN Arabic documents, since its letters are
smaller at the same nominal size.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontSpec:
    css_families: tuple[str, ...]  # first choice first; fontconfig resolves the names
    word_latin: str  # w:rFonts ascii/hAnsi
    word_east_asian: str  # w:rFonts eastAsia
    word_complex: str  # w:rFonts cs (Arabic script)
    body_pt: float
    line_pt: float

    def css_family(self) -> str:
        return ", ".join(f'"{name}"' for name in self.css_families) + ", serif"


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
