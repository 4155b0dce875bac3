"""The ``publisher`` command: parse arguments, call a stage, print findings. Nothing else."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .blueprint import DEFAULT_DIR, load_blueprints
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, PublisherError
from .findings import Finding, Severity, findings_to_json, has_errors
from .model import DOCUMENT_KINDS
from .pipeline import find_versions, plan_outputs, render_outcome
from .reference import LANGUAGES
from .render import formats
from .validate import validate_file

DOCUMENT_FORMATS = ("docx", "pdf", "html")

DESCRIPTION = """\
Turns the outcome of a country review under the Mechanism for the Review of the Implementation
of the United Nations Convention against Transnational Organized Crime and the Protocols thereto
into UN documents: the list of observations and its summary.

A review outcome is a YAML file (see docs/input-format.md). Every command first checks it against
the blueprints in blueprints/ and the reference data of resolution 8/2; problems are reported as

    file:line:column: field: message [rule.code]

Exit status: 0 success (warnings allowed), 1 the input has errors, 2 bad usage or unreadable input.
"""

VALIDATE_HELP = """\
Checks review outcome files and reports every finding at once: the schema of the file, the
word limit of each document (procedures and rules, para. 36), the required sections of the
blueprints, the articles of the cluster under review for each instrument (resolution 8/2,
table 1, with footnote a for States party to UNCAC), UNTERM State names, footnotes, the
workplan (table 2) and tone (no ranking, non-adversarial: warnings).

examples:
  publisher validate samples/*.yaml
  publisher validate --format json outcome.yaml > findings.json
"""

RENDER_HELP = """\
Validates review outcomes and, when they have no errors, writes their documents in UN layout.
Nothing is written when validation finds an error. Files are named
<outcome>-<document>-<language>.<format> and are written atomically (a file either appears whole
or not at all). Language versions of an outcome sit side by side: x.yaml and its translations
x.fr.yaml, x.ar.yaml, ...; --lang picks among them.

examples:
  publisher render samples/mongolia-criminalization.yaml --doc observations --format pdf
  publisher render samples/mongolia-criminalization.yaml --lang all --doc all --format all -o out/
  publisher render samples/*.yaml --doc all --format all -o out/
  publisher render outcome.yaml --lang ar --doc summary --format docx -o summary.docx
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="publisher", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"publisher {__version__}")
    parser.add_argument("--blueprints", type=Path, default=DEFAULT_DIR, metavar="DIR",
                        help="folder of the blueprint files (default: the project's blueprints/)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    validate = commands.add_parser("validate", help="check review outcome files", description=VALIDATE_HELP,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    validate.add_argument("files", nargs="+", metavar="FILE", help="review outcome YAML files")
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="text: one finding a line (default); json: a list of findings for machines")
    validate.set_defaults(handler=run_validate)

    render = commands.add_parser("render", help="write the documents of review outcomes",
                                 description=RENDER_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    render.add_argument("files", nargs="+", metavar="FILE", help="review outcome YAML files")
    render.add_argument("--doc", choices=(*DOCUMENT_KINDS, "all"), required=True,
                        help="observations: the list of observations; summary: its summary; all: both")
    render.add_argument("--format", choices=(*formats(), "all"), required=True, dest="output_format",
                        help="docx, pdf, html (one self-contained file), or txt (plain text in reading order, "
                             "for review); all: docx, pdf and html")
    render.add_argument("--lang", choices=(*LANGUAGES, "all"), default=None,
                        help="the language version to render: FILE itself when it is in that language, else "
                             "its translation beside it (x.yaml -> x.fr.yaml); all: the six languages. "
                             "Default: each FILE in its own language")
    render.add_argument("-o", "--output", type=Path, default=Path("out"), metavar="OUT",
                        help="output folder (default: out/), or a file name when one file is written")
    render.set_defaults(handler=run_render)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        return arguments.handler(arguments)
    except PublisherError as error:
        for finding in error.findings:
            print(finding.format(), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("publisher: interrupted; no partial file was left behind", file=sys.stderr)
        return 130


def run_validate(arguments: argparse.Namespace) -> int:
    load_blueprints(arguments.blueprints)  # a broken blueprint stops here, before any file
    findings: list[Finding] = []
    unreadable = False
    for file in arguments.files:
        try:
            findings.extend(validate_file(file, arguments.blueprints)[0])
        except PublisherError as error:
            findings.extend(error.findings)
            unreadable = True
    if arguments.format == "json":
        print(findings_to_json(findings))
    else:
        for finding in findings:
            print(finding.format())
        _print_tally(len(arguments.files), findings)
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def _print_tally(files: int, findings: list[Finding]) -> None:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    noun = "file" if files == 1 else "files"
    print(f"{files} {noun} checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr)


def run_render(arguments: argparse.Namespace) -> int:
    kinds = DOCUMENT_KINDS if arguments.doc == "all" else (arguments.doc,)
    chosen = DOCUMENT_FORMATS if arguments.output_format == "all" else (arguments.output_format,)
    languages = None if arguments.lang is None else LANGUAGES if arguments.lang == "all" else (arguments.lang,)
    blueprints = load_blueprints(arguments.blueprints)

    versions = find_versions(arguments.files, languages, arguments.blueprints)
    findings = [f for v in versions for f in v.findings]
    for finding in findings:
        print(finding.format(), file=sys.stderr)
    if has_errors(findings):
        print("publisher: nothing written; correct the errors above first", file=sys.stderr)
        return EXIT_FINDINGS

    jobs = plan_outputs(versions, kinds, chosen, arguments.output)
    for version, version_jobs in zip(versions, jobs):
        for path in render_outcome(version.outcome, blueprints, version_jobs):
            print(path)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
