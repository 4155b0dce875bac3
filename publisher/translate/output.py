"""Writing a translation: the translated outcome (YAML, same schema), its QA report (JSON) and a
readable summary, side by side: x.fr.yaml, x.fr.qa.json, x.fr.qa.txt.

The translated outcome is validated before anything is written, and an existing version that a
person made or approved (no ``translation`` block, or status post-edited/final) is never
overwritten: only an earlier draft may be replaced.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..errors import EXIT_FINDINGS, EXIT_UNREADABLE, PublisherError
from ..files import write_atomic
from ..findings import Finding, Severity
from ..load import load_bytes, load_file
from ..versions import translation_files
from ..reference import LANGUAGE_NAMES
from ..validate import validate_loaded
from .pipeline import Translation


class OutcomeDumper(yaml.SafeDumper):
    """Long paragraphs as folded blocks, as editors write them."""


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = ">" if len(text) > 60 and "\n" not in text and not text.startswith((" ", "[")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


OutcomeDumper.add_representer(str, _represent_text)


def translation_paths(source: Path, target: str, folder: Path) -> tuple[Path, Path, Path]:
    return translation_files(source, target, folder)


def write_translation(source: Path, translation: Translation, folder: Path) -> tuple[Path, Path, Path]:
    files = translation_contents(source, translation, folder)
    for path, data in files:
        write_atomic(path, data)
    return tuple(path for path, _data in files)  # type: ignore[return-value]


def translation_contents(source: Path, translation: Translation, folder: Path) -> list[tuple[Path, bytes]]:
    """What ``write_translation`` writes, path and bytes, in its order (the outcome first), once the
    outcome is validated and the files it would replace may be replaced: for a caller that writes
    them in its own time (the build hands them to its writer thread)."""
    outcome_path, report_path, summary_path = translation_paths(source, translation.target_language, folder)
    _refuse_to_overwrite_human_work(outcome_path)
    _refuse_to_replace_a_draft_after_engine_failure(outcome_path, translation)
    header = (f"# DRAFT MACHINE TRANSLATION into {LANGUAGE_NAMES[translation.target_language]} of {source.name}, "
              f"made by publisher ({translation.engine}).\n"
              f"# Provenance of every sentence and the QA report: {report_path.name}, {summary_path.name}.\n"
              f"# Text marked [[...]] is not translated yet.\n")
    text = header + yaml.dump(translation.data, Dumper=OutcomeDumper, allow_unicode=True, sort_keys=False, width=100)
    check_valid_outcome(text, outcome_path)
    report = {"source_file": source.name, **translation.report()}
    return [(outcome_path, text.encode("utf-8")),
            (report_path, (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")),
            (summary_path, readable_summary(source.name, translation).encode("utf-8"))]


def readable_summary(name: str, translation: Translation) -> str:
    summary = translation.summary()
    lines = [
        f"{name} -> {translation.target_language} ({LANGUAGE_NAMES[translation.target_language]}), "
        f"engine {translation.engine}: {translation.route or 'no engine step'}",
        f"  segments: {summary['segments']}  " + "  ".join(f"{k}: {v}" for k, v in summary["origins"].items()),
        f"  glossary terms: {summary['terms_compliant']}/{summary['terms_checked']} compliant "
        f"({summary['term_compliance_percent']} %), forbidden variants: {summary['forbidden_variants']}",
        f"  untranslated: {summary['untranslated']}, QA errors: {summary['errors']}, warnings: {summary['warnings']}",
    ]
    for name, usage in translation.engine_memory.items():
        lines.append(f"  engine memory: {name} peaked at {usage['peak_memory_mb']:g} MB "
                     f"(limit {usage['memory_limit_mb']} MB)")
    if translation.help:
        lines.append(f"  to translate the rest: {translation.help}")
    for record in translation.records:
        for issue in record.issues:
            if issue.severity != "info" and issue.code != "untranslated":
                lines.append(f"  {record.field} #{record.index + 1}: {issue.severity}: {issue.message} [{issue.code}]")
    return "\n".join(lines) + "\n"


def _refuse_to_overwrite_human_work(path: Path) -> None:
    if not path.exists():
        return
    try:
        existing = load_file(path).data
        status = (existing.get("translation") or {}).get("status") if isinstance(existing, dict) else None
    except PublisherError:
        status = None
    if status != "draft":
        raise PublisherError(Finding(str(path), 0, 0, "translation.status",
                                     "this version was made or approved by a person; it is not overwritten by a "
                                     "draft (write the draft elsewhere with -o)", "translate.would-overwrite"),
                             exit_code=EXIT_FINDINGS)


def _refuse_to_replace_a_draft_after_engine_failure(path: Path, translation: Translation) -> None:
    """A failed engine gives a draft with everything untranslated: written when there is nothing
    yet (with its report saying why), but never in place of an earlier draft that has more."""
    if translation.engine_failure and path.exists():
        raise PublisherError(Finding(str(path), 0, 0, "translation",
                                     f"the engine failed ({translation.engine_failure}); the existing draft is kept",
                                     "translate.engine-failed"), exit_code=EXIT_UNREADABLE)


def check_valid_outcome(text: str, path: Path) -> None:
    """Raises the validation errors ``text`` would have as the outcome file ``path`` (its warnings,
    the tone check's, are left to the editor who validates the draft)."""
    findings, _ = validate_loaded(load_bytes(text.encode("utf-8"), str(path)), errors_only=True)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise PublisherError(*errors, exit_code=EXIT_FINDINGS)
