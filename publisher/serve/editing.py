"""The post-editing view's pieces: a unit as a row (source with its glossary terms and inline
codes marked, provenance, memory matches, QA), the edits a submitted form asks for, and what a
save did, kept for the page the browser is sent back to.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from ..postedit import STATES, Code, Edit, Unit, parts
from ..postedit.provenance import awaiting_acceptance
from ..interchange.inline import describe
from ..translate.memory_text import normalize
from ..reference.languages import DIRECTIONS
from .workbench import DiffPiece, match_difference, origin_group, plain_text, repetition_groups, shown_text, \
    text_digest, word_count

FUZZY_THRESHOLD = 60.0
MATCHES_SHOWN = 3
CONFIRM_STATES = ("translated", "reviewed", "final")


@dataclass(frozen=True)
class Piece:
    """A stretch of source text as the view shows it: plain, a glossary term (with its approved
    target), or an inline code the target must keep."""

    text: str
    kind: str = "text"  # "text", "term", "code"
    note: str = ""  # a term's approved target, a code's description


@dataclass(frozen=True)
class Problem:
    severity: str
    code: str
    message: str


@dataclass(frozen=True)
class ShownMatch:
    """A memory match with what its source differs by from the unit's."""

    match: object  # translate.memory.Match
    difference: tuple[DiffPiece, ...]
    shown: str  # its target as the text box would show it


@dataclass(frozen=True)
class Row:
    unit: Unit
    pieces: tuple[Piece, ...]
    matches: tuple[ShownMatch, ...] = ()  # best first
    problems: tuple[Problem, ...] = ()
    text: str = ""  # what the text box holds: the unit's target, or an edit that was refused
    refused: bool = False
    shown: str = ""  # ``text`` as the box shows it (inline codes isolated in a right-to-left box)
    original: str = ""  # the unit's target as the box shows it
    repeats: str = ""  # a key shared with the units of the same source, "" when the source is not repeated
    theirs: str | None = None  # after a conflict: the text saved elsewhere, when it differs from this page's

    @property
    def seen(self) -> str:
        return text_digest(self.unit.target)

    @property
    def words(self) -> int:
        return word_count(self.unit.source)

    @property
    def origin_group(self) -> str:
        return origin_group(self.unit.origin)

    @property
    def qa_codes(self) -> str:
        return " ".join(sorted({p.code for p in self.problems}))

    @property
    def rows(self) -> int:
        """Lines for the text box: room for the longer of source and text, within reason."""
        longest = max(len(self.unit.source), len(self.text))
        return min(14, max(3, longest // 60 + 1))


def source_pieces(unit: Unit) -> tuple[Piece, ...]:
    """The unit's source with inline codes and glossary terms marked."""
    pieces: list[Piece] = []
    for part in parts(unit.source):
        if isinstance(part, Code):
            pieces.append(Piece(part.text, "code", describe(part)))
        else:
            pieces.extend(_terms_in(part, unit.terms))
    return tuple(pieces)


def _terms_in(text: str, terms) -> list[Piece]:
    """``text`` cut around the glossary terms it holds; the longest term wins where two overlap."""
    spans: list[tuple[int, int, str]] = []
    for term in sorted(terms, key=lambda t: -len(t.source)):
        if not term.source:
            continue
        start = text.find(term.source)
        while start >= 0:
            end = start + len(term.source)
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, term.target))
            start = text.find(term.source, end)
    pieces, position = [], 0
    for start, end, target in sorted(spans):
        if start > position:
            pieces.append(Piece(text[position:start]))
        pieces.append(Piece(text[start:end], "term", target))
        position = end
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return pieces


def problems_of(unit: Unit) -> tuple[Problem, ...]:
    return tuple(Problem(i.severity, i.code, i.message) for i in unit.issues)


def rows(workset, memory, saved: "SaveReport | None" = None, kept: dict[str, str] | None = None,
         theirs: dict[str, str] | None = None) -> list[Row]:
    """One row per unit. ``kept``: texts to show instead of the units' targets (edits that were
    refused, or a form sent back); ``theirs``: units saved elsewhere that this page changed too."""
    kept = dict(kept or {})
    if saved is not None:
        kept = {**saved.refused_texts, **kept}
    direction = DIRECTIONS[workset.target_language]
    repeats = repetition_groups(workset.units)
    made = []
    for unit in workset.units:
        found = _matches(unit, workset, memory) if memory is not None else ()
        matches = tuple(ShownMatch(m, match_difference(m.source, unit.source), shown_text(m.target, direction))
                        for m in found)
        problems = problems_of(unit)
        if saved is not None and unit.id in saved.refused:
            problems = saved.problems.get(unit.id, ()) or problems
        text = kept.get(unit.id, unit.target)
        made.append(Row(unit, source_pieces(unit), matches, problems, text,
                        saved is not None and unit.id in saved.refused, shown_text(text, direction),
                        shown_text(unit.target, direction), repeats.get(unit.id, ""),
                        (theirs or {}).get(unit.id)))
    return made


def _matches(unit: Unit, workset, memory) -> tuple:
    """The unit's memory matches, best first, without the unit itself: once saved, a unit's own text
    is in the memory, and would come back as a 100 % match of itself."""
    own = (normalize(unit.source), normalize(unit.target))
    found = memory.fuzzy(unit.source, workset.source_language, workset.target_language,
                         threshold=FUZZY_THRESHOLD, limit=MATCHES_SHOWN + 1)
    return tuple(m for m in found if (normalize(m.source), normalize(m.target)) != own)[:MATCHES_SHOWN]


def page_stamp(workset) -> str:
    """What a post-editing page was made from: the digests of the source, the translated outcome
    and its report, taken when the workset was opened, before anything was read (so a save landing
    while the page is made gives the page an old stamp, never a new one). A save from a page whose
    stamp is no longer the files' (saved elsewhere, the source edited, a save cut short between
    the outcome and its report) is refused: nothing is overwritten and no text lands on a unit that
    is no longer the one the translator saw."""
    return hashlib.sha256(repr(workset.opened).encode("utf-8")).hexdigest()[:32]


def form_texts(form) -> dict[str, str]:
    """The translations a submitted form holds, by unit id."""
    return {key.removeprefix("target:"): plain_text(value) for key, value in form.items()
            if key.startswith("target:")}


def conflicting_texts(workset, form) -> tuple[dict[str, str], dict[str, str]]:
    """A form refused because the translation was saved elsewhere since its page was made, set
    against the translation as it is now: (the texts to show, by unit; the units both changed,
    with the text saved elsewhere). A unit only the other save changed shows the other save's text;
    one only this page changed keeps the page's; one both changed differently is shown both ways,
    for the translator to choose."""
    texts, theirs = form_texts(form), {}
    for unit in workset.units:
        mine, seen = texts.get(unit.id), form.get(f"seen:{unit.id}")
        if mine is None or seen is None or seen == text_digest(unit.target) or _same(mine, unit.target):
            continue
        if text_digest(mine) == seen:  # untouched here: the other save's text stands
            texts[unit.id] = unit.target
        else:
            theirs[unit.id] = unit.target
    return texts, theirs


def orphaned_texts(workset, texts: dict[str, str]) -> dict[str, str]:
    """Texts of a form for units the outcome no longer has (its source was restructured since the
    page was opened): shown apart, so that the translator can carry them over."""
    return {unit: text for unit, text in texts.items() if workset.unit(unit) is None and text.strip()}


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def confirm_state(form) -> str:
    """The state the form gives to edited units (and "Save and confirm all" to the others)."""
    confirm = form.get("confirm", "reviewed")
    return confirm if confirm in CONFIRM_STATES else "reviewed"


def edits_from_form(workset, form) -> list[Edit]:
    """The edits a submitted post-editing form asks for, unit by unit.

    For each unit the form holds ``target:<id>`` (the text), ``state:<id>`` (the state chosen in
    the row) and ``source:<id>`` (the source the translator saw). A unit whose text changed takes
    the state chosen in its row if that was changed, else the form's ``confirm`` state; a unit
    whose state alone changed takes that state. An emptied text goes back to "initial". After a
    conflict, a unit whose ``choice:<id>`` is "theirs" keeps the text saved elsewhere.
    """
    confirm = confirm_state(form)
    edits = []
    for unit in workset.units:
        text = form.get(f"target:{unit.id}")
        if text is None or form.get(f"choice:{unit.id}") == "theirs":  # after a conflict: the other save's text
            continue
        text = plain_text(text)
        chosen = form.get(f"state:{unit.id}", unit.state)
        chosen = chosen if chosen in STATES else unit.state
        changed_text, changed_state = not _same(text, unit.target), chosen != unit.state
        if not text.strip():
            state = "initial"
        elif changed_state:
            state = chosen
        elif changed_text:
            state = confirm
        else:
            continue
        if changed_text or state != unit.state:
            edits.append(Edit(unit.id, text, state, source=form.get(f"source:{unit.id}")))
    return edits


def confirm_all_edits(workset, confirm: str) -> list[Edit]:
    """What "Save and confirm all" does: every unit of machine text that no person edited or
    confirmed is accepted as it is (confirmed machine translation; its state stays, and so does the
    draft notice: postedit/provenance.py); every other unit with a text is raised to ``confirm``
    (never lowered)."""
    waiting = {unit.id for unit in awaiting_acceptance(workset.units)}
    edits = []
    for unit in workset.units:
        if unit.id in waiting:
            edits.append(Edit(unit.id, unit.target, unit.state, source=unit.source, accept=True))
        elif unit.target and not unit.accepted and STATES.index(confirm) > STATES.index(unit.state):
            edits.append(Edit(unit.id, unit.target, confirm, source=unit.source))
    return edits


def to_accept(edits) -> int:
    """How many of ``edits`` accept machine text as it is: the count "Save and confirm all" asks about."""
    return sum(1 for edit in edits if edit.accept)


def to_raise(edits) -> int:
    return sum(1 for edit in edits if not edit.accept)


@dataclass
class SaveReport:
    """What one save did, shown on the page the browser is sent back to."""

    outcome: str  # file name written, "" when nothing was
    status: str
    applied: tuple[str, ...]
    refused: tuple[str, ...]
    messages: tuple[str, ...]  # every issue, formatted "unit <id>: severity: message [code]"
    memory_added: int
    refused_texts: dict[str, str] = field(default_factory=dict)
    problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    accepted: int = 0  # units of machine text accepted as they are ("Save and confirm all", answered)
    ask_accept: int = 0  # "Save and confirm all" asks first: units of machine text it would accept
    ask_raise: int = 0  # ...and the other units it would raise
    confirm_state: str = "reviewed"  # ...to this state
    notice: str = ""

    @property
    def changed(self) -> int:
        """Units whose text or state the save changed (machine text accepted as it is aside)."""
        return len(self.applied) - self.accepted

    @property
    def errors(self) -> int:
        return sum(1 for m in self.messages if ": error: " in m)

    @property
    def warnings(self) -> int:
        return sum(1 for m in self.messages if ": warning: " in m)


class SaveReports:
    """The last few save reports, by a random key the redirect carries (``?saved=``)."""

    def __init__(self, keep: int = 64):
        self._reports: OrderedDict[str, SaveReport] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def add(self, report: SaveReport) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._reports[key] = report
            while len(self._reports) > self._keep:
                self._reports.popitem(last=False)
        return key

    def get(self, key: str | None) -> SaveReport | None:
        if not key:
            return None
        with self._lock:
            return self._reports.get(key)
