"""Post-editing units: one sentence of a translated outcome, its source, its target, its state
and provenance. What a translator must keep intact in it (inline codes) is in
``interchange/inline.py``, which the exchange formats share.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..interchange.inline import Code, parts


@dataclass(frozen=True)
class TermHint:
    source: str  # the term as it stands in the source sentence
    target: str  # the approved term in the target language
    entry: str  # glossary entry id


@dataclass(frozen=True)
class Unit:
    id: str  # stable across exports: the field path and the sentence number, XML NMTOKEN-safe
    field: str  # field path in the outcome, e.g. observations.challenges[2].subparagraphs[0]
    index: int  # the sentence's place in its field (0 for a paragraph-level unit)
    source: str
    target: str  # "" when nothing is translated yet
    state: str  # one of STATES
    origin: str  # tm-exact, tm-fuzzy, frame, glossary, copy, mt, untranslated, post-edited, human
    score: float | None = None
    route: str = ""
    terms: tuple[TermHint, ...] = ()
    issues: tuple = ()  # QaIssue of the current target
    import_base: str = ""  # the export fingerprint of the XLIFF unit whose import set the target, if one did
    accepted: bool = False  # machine text accepted as it is by "Save and confirm all" (provenance.py)

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(p for p in parts(self.source) if isinstance(p, Code))

    @property
    def fingerprint(self) -> str:
        """The unit's state and target as an export writes them (no target: state initial)."""
        return unit_fingerprint(self.state if self.target else "initial", self.target)


def unit_id(field: str, index: int | None) -> str:
    """``observations.challenges[2].subparagraphs[0]``, sentence 1 -> ``observations.challenges.2.subparagraphs.0.s1``;
    a whole paragraph (``index`` None) ends in ``.p``."""
    base = re.sub(r"\[(\d+)\]", r".\1", field)
    base = re.sub(r"[^A-Za-z0-9._-]", "_", base)
    return f"{base}.p" if index is None else f"{base}.s{index + 1}"


def unit_fingerprint(state: str, target: str) -> str:
    """A short fingerprint of a unit's state and target (spacing aside). An export carries it for
    each unit, so that an import can tell a unit the outcome changed since the export (in the web
    app, by another import) from one the translator changed."""
    return hashlib.sha256(f"{state}\n{' '.join(target.split())}".encode("utf-8")).hexdigest()[:16]


