"""``publisher xliff export`` and ``publisher xliff import``: arguments and printing.

Wired into the ``publisher`` command by ``publisher.cli`` (``add_xliff_parser(commands)``; the
handler is ``run_xliff``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_FINDINGS, EXIT_OK
from ..findings import printable_name
from ..reference import LANGUAGES
from ..translate.resources import add_resource_options

XLIFF_HELP = """\
Exchange a translated outcome with a translator's CAT tool (OmegaT, Trados Studio, ...) as XLIFF.

export writes one unit per sentence of FILE's translation into LANG (x.LANG.yaml beside FILE; the
draft is made from the memory and glossary when there is none yet): the source, the draft target,
its state (initial, translated, reviewed, final), its provenance as metadata, the glossary terms
and QA issues as notes, and footnote markers, symbols and numbers as inline codes the translator
keeps. XLIFF 2.1 by default; --version 1.2 for tools that read only XLIFF 1.2. --for omegat
writes a whole OmegaT project instead (a folder, -o DIR): the English to translate in source/, the
drafts as matches in tm/, the glossary in glossary/.

import applies the targets the translator changed to the translated outcome, checks each again
(inline codes intact, numbers, glossary terms), reports every problem with its unit id, saves the
outcome and its QA report, and adds the reviewed and final units to the translation memory. A
unit whose inline codes are broken, or whose source changed since the export, is not applied.
Exit status 1 when a unit was refused or has a QA error. Given a folder (an OmegaT project written by
--for omegat), import reads what OmegaT wrote into its target/.

examples:
  publisher xliff export outcome.yaml --to fr -o outcome.fr.xlf
  publisher xliff export outcome.yaml --to es --version 1.2
  publisher xliff import outcome.fr.xlf
  publisher xliff import outcome.fr.xlf --dry-run
  publisher xliff export outcome.yaml --to fr --for omegat -o outcome.fr.omegat
  publisher xliff import outcome.fr.omegat
"""


def add_xliff_parser(commands) -> None:
    """Adds ``xliff export`` and ``xliff import`` to the subcommands of ``publisher``."""
    raw = argparse.RawDescriptionHelpFormatter
    xliff = commands.add_parser("xliff", help="exchange translations with CAT tools as XLIFF 2.1 or 1.2",
                                description=XLIFF_HELP, formatter_class=raw)
    actions = xliff.add_subparsers(dest="xliff_command", metavar="ACTION")
    actions.required = True

    export = actions.add_parser("export", help="write a translated outcome's units as XLIFF",
                                description=XLIFF_HELP, formatter_class=raw)
    export.add_argument("file", type=Path, metavar="FILE", help="the review outcome (source language)")
    export.add_argument("--to", required=True, choices=LANGUAGES, help="target language")
    export.add_argument("-o", "--output", type=Path, default=None, metavar="X.xlf",
                        help="the XLIFF file (default: the translation's name with .xlf, beside it); with "
                             "--for omegat, the project's folder (default: the translation's name with .omegat)")
    export.add_argument("--version", choices=("2.1", "1.2"), default="2.1", dest="xliff_version",
                        help="XLIFF version (default: 2.1)")
    export.add_argument("--for", choices=("xliff", "omegat"), default="xliff", dest="tool",
                        help="omegat: a complete OmegaT project (XLIFF 1.2 made for OmegaT's filter, drafts as "
                             "TMX matches, the glossary) in a new folder; default: an XLIFF file")
    export.add_argument("--translation", type=Path, default=None, metavar="PATH",
                        help="the translated outcome (default: x.LANG.yaml beside FILE)")

    load = actions.add_parser("import", help="apply a translator's XLIFF to the translated outcome",
                              description=XLIFF_HELP, formatter_class=raw)
    load.add_argument("xliff", type=Path, metavar="X.xlf|DIR", help="an XLIFF file, or an OmegaT project's folder")
    load.add_argument("--source", type=Path, default=None, metavar="FILE",
                      help="the source outcome (default: the one the XLIFF file names)")
    load.add_argument("--translation", type=Path, default=None, metavar="FILE",
                      help="the translated outcome (default: the one the XLIFF file names)")
    load.add_argument("--dry-run", action="store_true", help="check and report; write nothing")

    for command in (export, load):
        add_resource_options(command)
    xliff.set_defaults(handler=run_xliff)


def run_xliff(arguments: argparse.Namespace) -> int:
    if arguments.xliff_command == "export":
        return run_export(arguments)
    return run_import(arguments)


def run_export(arguments: argparse.Namespace) -> int:
    from ..interchange.xliff import write_xliff
    from ..translate.resources import load_glossaries
    from .workset import open_workset, translation_path

    translation = arguments.translation or translation_path(arguments.file, arguments.to)
    glossary = load_glossaries(arguments.glossary)
    memory = _memory(arguments, needed=not translation.exists())
    try:
        workset = open_workset(arguments.file, arguments.to, translation, glossary, memory)
    finally:
        if memory is not None:
            memory.close()
    if arguments.tool == "omegat":
        from ..interchange.omegat import default_project_folder, write_omegat_project

        output = write_omegat_project(workset, arguments.output or default_project_folder(translation), glossary)
        print(f"{output}: an OmegaT project, {len(workset.units)} unit(s) to translate from {workset.source_language} "
              f"into {workset.target_language}", file=sys.stderr)
        print(output)
        return EXIT_OK
    output = arguments.output or translation.with_suffix(".xlf")
    write_xliff(workset, output, arguments.xliff_version)
    states = ", ".join(f"{state} {sum(u.state == state for u in workset.units)}"
                       for state in ("initial", "translated", "reviewed", "final"))
    print(f"{printable_name(output)}: {len(workset.units)} unit(s) in XLIFF {arguments.xliff_version} ({states})",
          file=sys.stderr)
    print(printable_name(output))
    return EXIT_OK


def run_import(arguments: argparse.Namespace) -> int:
    from ..translate.resources import load_glossaries
    from .omegat_import import import_omegat
    from .xliff_import import import_xliff

    load = import_omegat if arguments.xliff.is_dir() else import_xliff
    glossary = load_glossaries(arguments.glossary)
    memory = _memory(arguments, needed=True)
    try:
        report = load(arguments.xliff, arguments.source, arguments.translation, glossary, memory,
                              arguments.dry_run)
    finally:
        if memory is not None:
            memory.close()
    for issue in report.issues:
        print(f"{printable_name(arguments.xliff)}: {issue.format()}", file=sys.stderr)
    print(_summary(report, arguments.dry_run), file=sys.stderr)
    if report.written:
        print(printable_name(report.translation))
    return EXIT_FINDINGS if report.failed else EXIT_OK


def _memory(arguments: argparse.Namespace, needed: bool):
    """The memory, when it is wanted and needed; a dry run opens only one that exists (opening
    creates and seeds a new one)."""
    from ..translate.resources import default_memory_path, open_memory

    if arguments.no_memory or not needed:
        return None
    path = arguments.memory or default_memory_path()
    if getattr(arguments, "dry_run", False) and not Path(path).exists():
        return None
    return open_memory(path)


def _summary(report, dry_run: bool) -> str:
    parts = [f"{len(report.applied)} unit(s) {'would be ' if dry_run else ''}applied",
             f"{len(report.rejected)} refused", f"{report.unchanged} unchanged"]
    errors, warnings = len(report.errors), len(report.issues) - len(report.errors)
    parts.append(f"{errors} error(s), {warnings} warning(s)")
    if report.written:
        parts.append(f"{printable_name(report.translation)} written; {report.memory_added} segment(s) added to or "
                     "changed in the memory")
    elif dry_run:
        parts.append("dry run: nothing written")
    else:
        parts.append("nothing written")
    return f"{printable_name(report.xliff)}: " + "; ".join(parts)


IMPORT_HELP = """\
Brings a DOCX that `publisher render` wrote, edited in Word or LibreOffice by reviewers and
editors, back into its review outcome (the source or any language version).

Each paragraph of the DOCX knows, through a hidden bookmark, the field it comes from. Changed
paragraphs replace their field's text (italics as *...*, footnotes as [^key]; a new footnote gets
a new key); paragraphs added in Word are inserted where they stand (a first-line indent makes a
sub-paragraph); deleted ones are removed; generated text (masthead, headings, the standard
introduction) never comes back. Everything else in the outcome file stays as it was written.

Nothing is written when the DOCX was rendered from another review, or from a version of the
outcome whose paragraphs have since changed in the same places (a conflict), or when the result
does not validate. Tracked changes are refused unless --accept-changes; comments are listed with
the paragraph they concern. The changes are printed field by field.

A paragraph moved in Word (cut and pasted) moves in the outcome: within its list, or into the list
of the heading it now stands under (another article, from successes to challenges), edited or not;
each move is printed. One moved where no list is (the masthead, the introduction, a table) stays
where it was and is reported (docx.not-a-list, exit status 1); the rest is imported.

examples:
  publisher import out/mongolia-criminalization-observations-en.docx
  publisher import edited.docx --outcome samples/mongolia-criminalization.fr.yaml --dry-run
  publisher import edited.docx --accept-changes -o reviewed.yaml
"""


def add_import_parser(commands) -> None:
    """Adds ``import`` (a DOCX back into its outcome) to the subcommands of ``publisher``."""
    command = commands.add_parser("import", help="bring an edited DOCX back into its review outcome",
                                  description=IMPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("docx", type=Path, metavar="FILE.docx")
    command.add_argument("-o", "--output", type=Path, default=None, metavar="OUT.yaml",
                         help="where to write the outcome (default: the outcome itself)")
    command.add_argument("--outcome", type=Path, default=None, metavar="FILE.yaml",
                         help="the outcome the DOCX was rendered from (default: the one it names)")
    command.add_argument("--accept-changes", action="store_true",
                         help="apply tracked insertions and deletions (default: refuse a DOCX that has any)")
    command.add_argument("--dry-run", action="store_true", help="show the changes; write nothing")
    command.set_defaults(handler=run_docx_import)


def run_docx_import(arguments: argparse.Namespace) -> int:
    from .docx_import import import_docx

    result = import_docx(arguments.docx, arguments.outcome, arguments.output, arguments.accept_changes,
                         arguments.dry_run)
    for change in result.changes:
        print(f"{result.outcome}: {change.field}:", file=sys.stderr)
        for line in change.diff():
            print(f"  {line}", file=sys.stderr)
    for move in result.moves:
        print(f"{result.outcome}: {move.describe()}", file=sys.stderr)
    for finding in result.findings:
        print(finding.format(), file=sys.stderr)
    for comment in result.comments:
        print(f"{arguments.docx}: comment: {comment}", file=sys.stderr)
    parts = [f"{len(result.changes)} field(s) changed"]
    if result.moves:
        parts.append(f"{len(result.moves)} paragraph(s) moved")
    if result.findings:
        parts.append(f"{len(result.findings)} paragraph(s) not imported (above)")
    if result.accepted_changes:
        parts.append(f"{result.accepted_changes} tracked change(s) applied")
    if result.comments:
        parts.append(f"{len(result.comments)} comment(s) listed above (not imported)")
    parts.append(f"{result.output} written" if result.written else "dry run: nothing written"
                 if arguments.dry_run and (result.changes or result.moves) else "nothing written")
    print(f"{arguments.docx}: " + "; ".join(parts), file=sys.stderr)
    if result.written:
        print(result.output)
    return EXIT_FINDINGS if result.findings else EXIT_OK
