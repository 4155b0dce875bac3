"""French words an engine writes without their ligature, spelt as French (and UN French) writes them.

Apertium writes "mise en oeuvre", "oeuvrer", "soeurs"; French writes œ in these words (the
dictionaries of the Académie française and Le Robert), and so do UN translators: in lines 1-2000 of
the UN Parallel Corpus dev set the French references write "œuvre" 61 times and "oeuvre" never,
where the engine wrote "oeuvre" 72 times. Only the words below, by their beginnings: "oe" is two
letters in other words ("coefficient", "Groenland", "coexistence").
"""
from __future__ import annotations

import re

_LIGATURE = re.compile(r"(?<!\w)(man|c|s|v|n|b|m|f)?oe(?=uvr|ur|u\b|ux\b|il|ud|uf|urs\b|tal|tus)", re.IGNORECASE)


def spelled(text: str, language: str) -> str:
    """``text`` with œ where French writes it (other languages unchanged)."""
    if language != "fr" or "oe" not in text.casefold():
        return text
    return _LIGATURE.sub(_ligature, text)


def _ligature(found: re.Match) -> str:
    before = found.group(1) or ""
    ligature = "Œ" if found.group(0)[len(before)] == "O" else "œ"
    return before + ligature
