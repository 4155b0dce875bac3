"""Who made a unit's text and who confirmed it: what a save records in the report, the readable
summary and the translation memory.

A unit's ``origin`` says what made its current text: a person (``post-edited``, ``human``) or the
tool (``mt``, ``tm-exact``, ``tm-fuzzy``, ``glossary``, ``copy``). Confirming a unit without
changing its text leaves the origin as it was: text the tool proposed and a person confirmed
unchanged is *confirmed machine translation*, never a post-edit.

- In the memory it is stored with the origin ``confirmed-mt`` (TMX: ``<prop type="x-origin">``),
  so a later match can be weighed (and it never replaces a human translation of the same source).
  A person's text is stored as ``post-edited`` (reviewed) or ``approved`` (final). An exact memory
  match confirmed unchanged is not stored again: the memory has it already, with its own origin.
- "Save and confirm all" accepts every unit of machine text nobody edited or confirmed *as it is*
  (``Unit.accepted``): stored as confirmed machine translation, but its state stays where it was,
  so the outcome keeps its draft status, and the documents their draft notice, until every unit is
  confirmed in its own row (or in a CAT tool, unit by unit) or edited (``Workset.status``).
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from ..findings import Severity
from ..interchange.inline import CONFIRMED, STATES
from ..markup import mark_untranslated
from ..reference import LANGUAGE_NAMES
from ..translate.memory import CONFIRMED_MT
from .units import Unit

HUMAN_ORIGINS = ("post-edited", "human")
ALREADY_IN_MEMORY = ("tm-exact",)


def machine_text(unit: Unit) -> bool:
    """The unit's text is what the tool proposed, unchanged by a person."""
    return bool(unit.target) and unit.origin not in HUMAN_ORIGINS


def accepted_after(unit: Unit, state: str, changed: bool, accept: bool) -> bool:
    """Whether a unit stays (or becomes) machine text accepted as it is after an edit giving it
    ``state``: a changed text is a person's, and a confirmed state a person's confirmation."""
    return machine_text(unit) and not changed and state not in CONFIRMED and (unit.accepted or accept)


def awaiting_acceptance(units) -> tuple[Unit, ...]:
    """The units "Save and confirm all" would accept as machine translation: machine text that no
    person edited or confirmed, that was not accepted before, and has no QA error (to be fixed)."""
    return tuple(u for u in units if machine_text(u) and u.state not in CONFIRMED and not u.accepted
                 and not _has_error(u))


def _has_error(unit: Unit) -> bool:
    return any(i.severity == Severity.ERROR for i in unit.issues)


def memory_origin(unit: Unit) -> str | None:
    """The origin a unit is stored in the memory with; None: it is not stored (not confirmed, no
    text, a QA error, or an exact memory match the memory holds already)."""
    if not unit.target or _has_error(unit):
        return None
    if machine_text(unit):
        if unit.origin in ALREADY_IN_MEMORY or not (unit.state in CONFIRMED or unit.accepted):
            return None
        return CONFIRMED_MT
    if unit.state not in CONFIRMED:
        return None
    return "approved" if unit.state == "final" else "post-edited"


def memory_rows(workset) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for unit in workset.units:
        origin = memory_origin(unit)
        if origin is not None:
            rows.append((workset.source_language, workset.target_language, unit.source, unit.target, origin))
    return rows


def report(workset) -> dict:
    """The QA report of a saved workset (x.<lang>.qa.json): provenance and state of every unit."""
    segments = []
    for unit in workset.units:
        segments.append({"field": unit.field, "index": unit.index, "source": unit.source,
                         "target": unit.target or mark_untranslated(unit.source),
                         "origin": unit.origin if unit.target else "untranslated", "score": unit.score,
                         "route": unit.route, "state": unit.state, "unit": unit.id,
                         "issues": [{"code": i.code, "severity": i.severity, "message": i.message}
                                    for i in unit.issues],
                         **({"accepted": True} if unit.accepted else {}),
                         **({"import_base": unit.import_base} if unit.import_base else {})})
    return {"source_file": workset.source_path.name, "source_language": workset.source_language,
            "target_language": workset.target_language, "status": workset.status,
            "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "summary": summary(workset), "segments": segments}


def summary(workset) -> dict:
    units = workset.units
    issues = [i for u in units for i in u.issues]
    return {"segments": len(units),
            "states": {state: sum(1 for u in units if u.state == state) for state in STATES},
            "origins": dict(sorted(Counter(u.origin if u.target else "untranslated" for u in units).items())),
            "confirmed_machine_translation": sum(1 for u in units if memory_origin(u) == CONFIRMED_MT),
            "accepted_as_machine_translation": sum(1 for u in units if u.accepted),
            "errors": sum(1 for i in issues if i.severity == Severity.ERROR),
            "warnings": sum(1 for i in issues if i.severity == Severity.WARNING)}


def readable_summary(workset) -> str:
    """The readable summary beside the report (x.<lang>.qa.txt), as the save leaves the units."""
    counts = summary(workset)
    lines = [
        f"{workset.source_path.name} -> {workset.target_language} ({LANGUAGE_NAMES[workset.target_language]}), "
        f"post-edited version: {workset.status}",
        f"  segments: {counts['segments']}  " + "  ".join(f"{k}: {v}" for k, v in counts["origins"].items()),
        "  states: " + "  ".join(f"{k}: {v}" for k, v in counts["states"].items()),
        f"  confirmed machine translation: {counts['confirmed_machine_translation']} (of which accepted all at "
        f"once, not yet confirmed unit by unit: {counts['accepted_as_machine_translation']})",
        f"  QA errors: {counts['errors']}, warnings: {counts['warnings']}",
    ]
    for unit in workset.units:
        lines += [f"  {unit.id}: {i.severity}: {i.message} [{i.code}]" for i in unit.issues
                  if i.severity != Severity.INFO and i.code != "qa.untranslated"]
    return "\n".join(lines) + "\n"
