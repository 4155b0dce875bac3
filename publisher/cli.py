"""The ``publisher`` command: parse arguments, call a stage, print findings. Nothing else."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__
from .blueprint import DEFAULT_DIR, load_blueprints
from .errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNREADABLE, PublisherError
from .findings import Finding, Severity, findings_to_json, has_errors, printable_name
from .model import DOCUMENT_KINDS
from .stages import find_versions, plan_outputs, render_outcome
from .postedit.commands import add_import_parser, add_xliff_parser
from .reference import LANGUAGES
from .render import formats
from .serve.commands import add_serve_parser
from .translate.commands import add_translation_commands
from .translate.resources import add_resource_options
from .validate import validate_file


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
    _add_new_command(commands)
    add_translation_commands(commands)
    add_xliff_parser(commands)
    add_import_parser(commands)
    add_serve_parser(commands)

    build = commands.add_parser("build", help="build a session: joint documents in six languages",
                                description=BUILD_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("session", type=Path, metavar="SESSION.yaml")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    build.add_argument("--engine", default=None, help="engine for missing language versions (default: the manifest's)")
    build.add_argument("--jobs", type=int, default=None, help="parallel worker processes (default: the cores, up to 4)")
    build.add_argument("--force", action="store_true", help="rebuild every outcome, changed or not")
    build.add_argument("--watch", action="store_true",
                       help="keep running: build again each time the manifest or an outcome is saved (Ctrl-C stops)")
    add_resource_options(build)
    build.set_defaults(handler=run_build)
    return parser


BUILD_HELP = """\
Builds a session (a manifest of review outcomes and the working groups that take them): validates
every outcome and stops before writing anything if one has an error; takes each language version a
person made (x.fr.yaml beside x.yaml) and translates the others as drafts (memory, glossary,
engine; drafts/ keeps them with their QA reports); renders both documents in every language and
format as joint documents of the relevant working groups (every group's symbol, session and
agenda item in the masthead); writes manifest.json (each file's language, symbols, format,
SHA-256, provenance and QA) and one zip per language. Incremental, parallel and resumable: an
unchanged outcome is skipped, an interrupted build picks up where it stopped. With --watch it keeps
running and builds again whenever a file is saved, with everything already loaded.

examples:
  publisher build samples/session.yaml -o out/session
  publisher build samples/session.yaml -o out/session --watch
"""


EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken as Ctrl-C is: what is being written is removed, workers are stopped."""


def _terminate(_signum, _frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    previous = _handle_sigterm()
    try:
        return arguments.handler(arguments)
    except PublisherError as error:
        for finding in error.findings:
            print(finding.format(), file=sys.stderr)
        return error.exit_code
    except Terminated:
        print("publisher: terminated (SIGTERM); no partial file was left behind", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("publisher: interrupted; no partial file was left behind", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: one clear line, the traceback only on request
        if os.environ.get("PUBLISHER_DEBUG"):
            raise
        print(f"publisher: internal error: {type(error).__name__}: {error} (set PUBLISHER_DEBUG=1 for the "
              f"traceback, and please report it)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _handle_sigterm():
    """Takes SIGTERM as an interruption while a command runs (the main thread only); the handler
    it replaces, to put back."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _terminate)


NEW_HELP = """\
Writes the skeleton of a new review outcome from the blueprints and resolution 8/2: every section
of both documents with a comment saying what belongs there, and an entry for every article of the
cluster for each instrument under review (table 1, footnote a applied). Validated, it has no
coverage finding: only the sections still to be written are reported. An existing file is never
overwritten.

example:
  publisher new --state Mongolia --reviewing Chile,Norway --cluster criminalization \\
      --instruments convention,trafficking-in-persons -o mongolia.yaml
"""


def _add_new_command(commands) -> None:
    from .reference import reference

    ref = reference()
    new = commands.add_parser("new", help="write the skeleton of a new review outcome", description=NEW_HELP,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("--state", required=True, help="the State under review (UNTERM short name)")
    new.add_argument("--reviewing", required=True, metavar="A,B", help="the two reviewing States")
    new.add_argument("--cluster", required=True, choices=list(ref.clusters))
    new.add_argument("--instruments", required=True, metavar="K[,K]",
                     help=f"instruments under review: {', '.join(ref.instruments)}")
    new.add_argument("--lang", choices=LANGUAGES, default="en", help="the language the outcome is written in")
    new.add_argument("--year", type=int, default=0, help="the year of the review (default: this year)")
    new.add_argument("--number", default="1", help="the documents' number in each group's series (CRP.N and N)")
    new.add_argument("--job-number", default="", metavar="V.YY-NNNNN", help="the list's job number")
    new.add_argument("--not-party-to-uncac", action="store_true",
                     help="the State is not party to UNCAC: articles 8 and 9 of the Convention are reviewed")
    new.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.yaml")
    new.set_defaults(handler=run_new)


def run_new(arguments: argparse.Namespace) -> int:
    from .files import write_atomic
    from .reference import reference
    from .skeleton import NewOutcome, skeleton

    if arguments.output.exists():
        raise PublisherError(Finding(str(arguments.output), 0, 0, "-o", "already exists: publisher new never "
                                     "overwrites a file", "new.exists"), exit_code=EXIT_UNREADABLE)
    request = NewOutcome(
        state=arguments.state.strip(),
        reviewing_states=tuple(s.strip() for s in arguments.reviewing.split(",") if s.strip()),
        cluster=arguments.cluster,
        instruments=tuple(i.strip() for i in arguments.instruments.split(",") if i.strip()),
        language=arguments.lang, year=arguments.year, number=arguments.number, job_number=arguments.job_number,
        party_to_uncac=not arguments.not_party_to_uncac)
    text = skeleton(request, load_blueprints(arguments.blueprints), reference())
    write_atomic(arguments.output, text.encode("utf-8"))
    findings = validate_file(arguments.output, arguments.blueprints)[0]
    print(arguments.output)
    print(f"{arguments.output}: written; {len(findings)} section(s) still to be written "
          "(publisher validate lists them)", file=sys.stderr)
    return EXIT_OK


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
    chosen = tuple(formats(issued=True)) if arguments.output_format == "all" else (arguments.output_format,)
    languages = None if arguments.lang is None else LANGUAGES if arguments.lang == "all" else (arguments.lang,)
    blueprints = load_blueprints(arguments.blueprints)

    versions = find_versions(arguments.files, languages, arguments.blueprints)
    findings = [f for v in versions for f in v.findings]
    for finding in findings:
        print(finding.format(), file=sys.stderr)
    if has_errors(findings):
        print("publisher: nothing written; correct the errors above first", file=sys.stderr)
        return EXIT_FINDINGS

    manifests = [v for v in versions if v.outcome is None]
    for version in manifests:
        print(f"{printable_name(version.source)}: a session manifest; build it with `publisher build "
              f"{printable_name(version.source)}`",
              file=sys.stderr)
    versions = [v for v in versions if v.outcome is not None]
    jobs = plan_outputs(versions, kinds, chosen, arguments.output)
    for version, version_jobs in zip(versions, jobs):
        for path in render_outcome(version.outcome, blueprints, version_jobs):
            print(printable_name(path))
    return EXIT_OK


def run_build(arguments: argparse.Namespace) -> int:
    from .package.build import BuildOptions

    options = BuildOptions(output=arguments.output, engine=arguments.engine, memory=arguments.memory,
                           no_memory=arguments.no_memory, glossaries=tuple(arguments.glossary or ()),
                           force=arguments.force, **({"jobs": arguments.jobs} if arguments.jobs else {}))
    if not arguments.watch:
        _build_session(arguments, options)
        return EXIT_OK
    return _watch_session(arguments, options)


def _watch_session(arguments: argparse.Namespace, options) -> int:
    import dataclasses

    from .package.build import ready_every_language
    from .package.session import load_session
    from .package.watch import watch, watched

    def say(line: str) -> None:
        print(line, flush=True)

    def build_once() -> list[Path]:
        session = _build_session(arguments, options)
        return watched(arguments.session, [entry.file for entry in session.outcomes], options.glossaries)

    def ready() -> None:
        try:
            ready_every_language(load_session(arguments.session), dataclasses.replace(options, force=False))
        except PublisherError:
            pass  # the findings were said by the build; the next save is built as it comes

    watch(build_once, say, initial=[arguments.session, *options.glossaries], ready=ready)
    return EXIT_OK


def _build_session(arguments: argparse.Namespace, options):
    """One build of the session, its manifest.json and zips, and what was done, printed; the session."""
    from concurrent.futures import ThreadPoolExecutor

    from .package.build import Progress, build
    from .package.manifest import write_manifest
    from .package.zips import write_language_zips, zip_path
    from .package.session import load_session

    session = load_session(arguments.session)
    results = build(session, options, Progress())
    built_any = any(not r.skipped for r in results)
    zips_missing = any(not zip_path(arguments.output, session, language).is_file() for language in session.languages)
    with ThreadPoolExecutor(max_workers=1) as background:
        # zips due anyway are updated while manifest.json is written: copying and fsync against JSON
        early = background.submit(write_language_zips, arguments.output, session, results) \
            if built_any or zips_missing else None
        manifest_changed = write_manifest(arguments.output, session, results)
        zips = early.result() if early else \
            write_language_zips(arguments.output, session, results) if manifest_changed else []
    built = [r for r in results if not r.skipped]
    if not built and not manifest_changed and not zips:
        print(f"nothing to do: all {len(results)} outcome language versions are up to date; nothing written",
              flush=True)
        return session
    print(_build_table(results))
    print(f"{len(built)} outcome language version(s) built, {len(results) - len(built)} unchanged; manifest.json "
          f"{'written' if manifest_changed else 'unchanged'}; {len(zips)} zip(s) written in {arguments.output}",
          flush=True)
    return session


def _build_table(results) -> str:
    """One row per outcome: per language, built (+) or unchanged (=), and untranslated sentences."""
    outcomes: dict[str, dict[str, object]] = {}
    for result in results:
        outcomes.setdefault(result.outcome, {})[result.language] = result
    languages = list(dict.fromkeys(r.language for r in results))
    lines = [f"{'outcome':<42}" + "".join(f"{lang:>8}" for lang in languages) + "   (+ built, = unchanged; "
             "number: untranslated sentences)"]
    for outcome, by_language in outcomes.items():
        cells = []
        for language in languages:
            result = by_language.get(language)
            untranslated = result.records[0].qa.get("untranslated", 0) if result and result.records else 0
            cells.append(f"{('=' if result.skipped else '+') + (str(untranslated) if untranslated else ''):>8}")
        lines.append(f"{outcome:<42}" + "".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
