"""Post-editing: translated outcomes as units a translator edits (XLIFF, the web editor), and
their edits back into the outcome, its QA report and the translation memory."""
from .units import CONFIRMED, STATES, Code, TermHint, Unit, code_problems, parts, target_parts, text_of, unit_id
from .workset import (Edit, EditIssue, EditResult, Saved, Workset, apply_edits, check_target, open_workset,
                      save_workset, translation_path)

__all__ = ["CONFIRMED", "STATES", "Code", "TermHint", "Unit", "code_problems", "parts", "target_parts", "text_of",
           "unit_id", "Edit", "EditIssue", "EditResult", "Saved", "Workset", "apply_edits", "check_target",
           "open_workset", "save_workset", "translation_path"]
