"""The parts of an address every page checks: a language, a document kind, a language that can be
post-edited (404 with the choices otherwise)."""
from __future__ import annotations

from flask import abort

from ..model import DOCUMENT_KINDS
from ..reference.languages import LANGUAGES


def checked_language(language: str) -> str:
    if language not in LANGUAGES:
        abort(404, description=f"no language {language!r}; one of {', '.join(LANGUAGES)}")
    return language


def checked_kind(kind: str) -> str:
    if kind not in DOCUMENT_KINDS:
        abort(404, description=f"no document {kind!r}; one of {', '.join(DOCUMENT_KINDS)}")
    return kind


def editable_language(entry, language: str) -> str:
    language = checked_language(language)
    if language == entry.source_language:
        abort(404, description="this is the language the outcome is written in: choose another to post-edit")
    return language
