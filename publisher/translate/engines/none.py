"""The engine that translates nothing: the pipeline then drafts from memory and glossary only.

Choosing it is how a user asks for no machine translation at all; every segment that memory does
not cover is left for a human translator, marked untranslated.
"""
from __future__ import annotations

from . import Route, argos_hint, describe, no_route


class NoEngine:
    name = "none"

    def routes(self, source: str, target: str) -> Route | None:
        return None

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        if not segments:
            return []
        raise no_route(self, source, target)

    def describe_route(self, source: str, target: str) -> str:
        return describe(self.name, source, target, None) + " (no machine translation; memory and glossary only)"

    def missing_help(self, source: str, target: str) -> str:
        return (f"the none engine never translates; for machine drafts choose --engine apertium (en, es, fr) "
                f"or {argos_hint(source, target)}")
