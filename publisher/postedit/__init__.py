"""Post-editing: translated outcomes as units a translator edits (XLIFF, the web editor), and
their edits back into the outcome, its QA report and the translation memory.

Names load on first use (PEP 562): the command line imports ``postedit.commands`` for its
arguments on every run, and must not pay for spaCy and the glossary each time.
"""
from importlib import import_module

_HOMES = {
    **dict.fromkeys(("CONFIRMED", "STATES", "Code", "code_problems", "parts", "target_parts"), "..interchange.inline"),
    **dict.fromkeys(("TermHint", "Unit", "unit_id"), ".units"),
    **dict.fromkeys(("Edit", "EditResult", "Saved", "Workset", "apply_edits", "check_target",
                     "open_workset", "save_workset", "translation_path"), ".workset"),
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value
