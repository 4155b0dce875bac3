"""The translation stage's commands: segment, translate, translate-text, tm, glossary, models
(arguments and printing; the work is in the modules beside this one).

Wired into the ``publisher`` command by ``publisher.cli`` (``add_translation_commands(commands)``).
The options every command that translates or checks terms shares (--engine, --memory,
--no-memory, --glossary, --fuzzy) are declared once, in ``add_resource_options``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..markup import is_untranslated
from ..errors import EXIT_FINDINGS, EXIT_OK, PublisherError
from ..findings import Finding, has_errors, printable_name
from ..reference import LANGUAGES
from ..validate import validate_file
from .resources import add_resource_options, add_translation_options

SEGMENT_HELP = """\
Splits text into sentences the way the translation stage does (spaCy's sentencizer plus rules for
UN text: para., art., No., e.g., document symbols such as CTOC/COP/WG.3/2026/1, numbered
sub-paragraphs). Reads FILE or standard input; paragraphs are separated by blank lines; prints
one sentence a line.

examples:
  publisher segment --lang fr paragraphs.txt
  echo "See para. 5. It applies." | publisher segment --lang en
"""

TRANSLATE_HELP = """\
Draft translation of review outcomes: for each sentence the translation memory first (exact, then
fuzzy), then the engine, with glossary terms protected and restored as the approved term, every
segment checked. Writes, per target language, x.<lang>.yaml (the translated outcome, same
schema, marked as a draft), x.<lang>.qa.json (provenance of each sentence and QA) and
x.<lang>.qa.txt (a readable summary). Text no engine could translate stays in the source
language, marked [[...]] in the file and highlighted in the documents. A version made or
approved by a person is never overwritten.

engines: auto (the default: per language, the best installed route, said on standard output),
ct2 (one multilingual NLLB-200 or M2M-100 model for every pair: docs/engines.md), argos
(installed .argosmodel models: see `publisher models`), apertium (Debian packages; en-es, fr-es,
en-fr through es), none (memory and glossary only). [engines] in publisher.toml fixes the engine
of a language (ru = "ct2").

examples:
  publisher translate samples/mongolia-criminalization.yaml --to es,fr --engine apertium -o out/drafts
  publisher translate outcome.yaml --to all --engine none -o drafts/
"""

TRANSLATE_TEXT_HELP = """\
Plain-text mode for checking and scoring: one segment a line in (FILE or standard input), exactly
one translation a line out, through the same memory, glossary and engine path. Lines nothing
could translate are printed unchanged (and counted on standard error).

example:
  publisher translate-text --from en --to es --engine apertium < en.txt > es.txt
"""


def add_translation_commands(commands) -> None:
    """Adds segment, translate, translate-text, tm, glossary and models to the ``publisher`` command."""
    raw = argparse.RawDescriptionHelpFormatter
    segment = commands.add_parser("segment", help="split text into sentences", description=SEGMENT_HELP,
                                  formatter_class=raw)
    segment.add_argument("--lang", choices=LANGUAGES, required=True)
    segment.add_argument("file", nargs="?", type=Path, metavar="FILE", help="text file (default: standard input)")
    segment.set_defaults(handler=run_segment)

    translate = commands.add_parser("translate", help="draft translations of review outcomes",
                                    description=TRANSLATE_HELP, formatter_class=raw)
    translate.add_argument("files", nargs="+", metavar="FILE")
    translate.add_argument("--to", required=True, help="target languages, comma-separated, or all")
    translate.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                           help="folder for the translated files (default: beside each FILE)")
    add_translation_options(translate)
    translate.set_defaults(handler=run_translate)

    text = commands.add_parser("translate-text", help="translate one segment a line (for scoring)",
                               description=TRANSLATE_TEXT_HELP, formatter_class=raw)
    text.add_argument("--from", dest="source", choices=LANGUAGES, required=True)
    text.add_argument("--to", dest="target", choices=LANGUAGES, required=True)
    text.add_argument("file", nargs="?", type=Path, metavar="FILE")
    add_translation_options(text)
    text.set_defaults(handler=run_translate_text)

    tm = commands.add_parser("tm", help="the translation memory: import, export, stats")
    tm_commands = tm.add_subparsers(dest="tm_command", metavar="ACTION")
    tm_commands.required = True
    tm_import = tm_commands.add_parser("import", help="add the units of a TMX file")
    tm_import.add_argument("tmx", type=Path, metavar="FILE.tmx")
    tm_export = tm_commands.add_parser("export", help="write the memory as TMX 1.4")
    tm_export.add_argument("-o", "--output", type=Path, default=Path("memory.tmx"), metavar="FILE.tmx")
    tm_export.add_argument("--source-language", choices=LANGUAGES, default="en")
    tm_commands.add_parser("stats", help="segments per language pair and origin")
    for command in (tm_import, tm_export, tm_commands.choices["stats"]):
        add_resource_options(command, glossary=False, optional_memory=False)
    tm.set_defaults(handler=run_tm)

    glossary = commands.add_parser("glossary", help="the term glossary: export as TBX")
    glossary_commands = glossary.add_subparsers(dest="glossary_command", metavar="ACTION")
    glossary_commands.required = True
    glossary_export = glossary_commands.add_parser(
        "export", help="write the enforced glossary (merged, as translate uses it) as one TBX file")
    glossary_export.add_argument("-o", "--output", type=Path, default=Path("glossary.tbx"), metavar="FILE.tbx")
    add_resource_options(glossary_export, memory=False)
    glossary.set_defaults(handler=run_glossary)

    models = commands.add_parser("models", help="translation models: install Argos models, list them and the "
                                               "multilingual one")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION")
    model_commands.required = True
    install = model_commands.add_parser("install", help="install a .argosmodel file (offline)")
    install.add_argument("model", type=Path, metavar="FILE.argosmodel")
    model_commands.add_parser("list", help="list installed models (Argos: one line per pair; multilingual: its "
                                           "languages, family and folder)")
    models.set_defaults(handler=run_models)


def run_segment(arguments: argparse.Namespace) -> int:
    from .segment import segments, split_paragraphs

    text = _read_text(arguments.file)
    _refuse_long_lines(text, arguments.file, paragraphs=split_paragraphs(text))
    for paragraph in split_paragraphs(text):
        for sentence in segments(paragraph, arguments.lang):
            print(sentence)
    return EXIT_OK


def _refuse_long_lines(text: str, path: Path | None, paragraphs: list[str] | None = None) -> None:
    """A paragraph (or, one segment a line, a line) too long to segment is refused at its line,
    before any output, rather than failing half-way."""
    from ..load import line_and_column
    from .segment import MAX_PARAGRAPH_CHARACTERS

    pieces = paragraphs if paragraphs is not None else text.splitlines()
    position = 0
    for piece in pieces:
        offset = text.find(piece, position)
        position = max(offset, position)
        if len(piece) > MAX_PARAGRAPH_CHARACTERS:
            line, _column = line_and_column(text, position)
            raise PublisherError(Finding(str(path or "<stdin>"), line, 1, "", f"{len(piece):,} characters in one "
                                         f"{'paragraph' if paragraphs is not None else 'line'}; at most "
                                         f"{MAX_PARAGRAPH_CHARACTERS:,} can be split into sentences",
                                         "input.segment-too-long"))


MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024  # text for segment and translate-text


def _read_text(path: Path | None) -> str:
    """A UTF-8 text file (or a pipe: ``segment <(command)``), never more than MAX_TEXT_FILE_BYTES of
    it: ``/dev/zero`` is refused as too large instead of filling the memory."""
    try:
        if path is None:
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(MAX_TEXT_FILE_BYTES + 1) if stream else sys.stdin.read().encode("utf-8")
        else:
            with path.open("rb") as handle:
                data = handle.read(MAX_TEXT_FILE_BYTES + 1)
        if len(data) > MAX_TEXT_FILE_BYTES:
            raise PublisherError(Finding(str(path or "<stdin>"), 0, 0, "", f"is larger than "
                                         f"{MAX_TEXT_FILE_BYTES // 1024 // 1024} MB, the most a text to segment or "
                                         "translate may have", "input.too-large"))
        return data.decode("utf-8")
    except FileNotFoundError:
        raise PublisherError(Finding(str(path), 0, 0, "", "no such file", "input.missing-file")) from None
    except IsADirectoryError:
        raise PublisherError(Finding(str(path), 0, 0, "", "is a directory, not a file", "input.not-a-file")) from None
    except UnicodeDecodeError as error:
        from ..load import line_and_column

        good = error.object[:error.start].decode("utf-8", errors="replace")
        line, column = line_and_column(good, len(good))
        raise PublisherError(Finding(str(path or "<stdin>"), line, column, "", f"not UTF-8 text (byte {error.start})",
                                     "input.encoding")) from None


def _translator(arguments: argparse.Namespace):
    from .resources import config_path, engine_choices, load_glossaries, make_translator, open_memory

    _check_fuzzy(arguments.fuzzy)
    choices = engine_choices()
    memory = None if arguments.no_memory else open_memory(arguments.memory)
    return make_translator(arguments.engine, memory, load_glossaries(arguments.glossary), arguments.fuzzy,
                           choices, str(config_path()))


MIN_FUZZY = 50.0  # below half the characters in common a "match" is another sentence


def _check_fuzzy(score: float) -> None:
    """A fuzzy score is a percentage from MIN_FUZZY to 100: nan, inf or -5 would take any sentence
    of the memory for a translation."""
    if not MIN_FUZZY <= score <= 100:  # also false for nan
        raise PublisherError(Finding("", 0, 0, "--fuzzy", f"{score} is not a score from {MIN_FUZZY:g} to 100 "
                                     "(percent of the sentence a memory match must share)", "usage.fuzzy"))


def run_translate(arguments: argparse.Namespace) -> int:
    from ..load import load_file
    from .output import readable_summary, write_translation

    targets = LANGUAGES if arguments.to == "all" else tuple(t.strip() for t in arguments.to.split(",") if t.strip())
    unknown = [t for t in targets if t not in LANGUAGES]
    if unknown:
        raise PublisherError(Finding("", 0, 0, "--to", f"unknown language(s) {', '.join(unknown)}; "
                                     f"choose among {', '.join(LANGUAGES)}", "usage.language"))
    loaded_files, findings = [], []
    for file in arguments.files:
        file_findings, outcome = validate_file(file, arguments.blueprints)
        findings.extend(file_findings)
        loaded_files.append((Path(file), load_file(file), outcome))
    for finding in findings:
        print(finding.format(), file=sys.stderr)
    if has_errors(findings):
        print("publisher: nothing translated; correct the errors above first", file=sys.stderr)
        return EXIT_FINDINGS

    translator = _translator(arguments)
    try:
        for path, loaded, outcome in loaded_files:
            for target in targets:
                if target == outcome.review.language:
                    continue
                print(f"{target}: {_engine_line(translator, outcome.review.language, target)}")
                translation = translator.translate_outcome(loaded, target, source_file=path.name)
                written = write_translation(path, translation, arguments.output or path.parent)
                print(readable_summary(path.name, translation), end="", file=sys.stderr)
                print(printable_name(written[0]))
    finally:
        _close(translator)
    return EXIT_OK


def _engine_line(translator, source: str, target: str) -> str:
    """Which engine translates source→target, and why: ``ct2 en→ru (auto: direct, ...)``."""
    return translator.engine.describe_route(source, target)


def _close(translator) -> None:
    if translator.memory is not None:
        translator.memory.close()
    close = getattr(translator.engine, "close", None)
    if close:
        close()


def run_translate_text(arguments: argparse.Namespace) -> int:
    text = _read_text(arguments.file)
    _refuse_long_lines(text, arguments.file)
    lines = text.splitlines()
    translator = _translator(arguments)
    try:
        print(f"publisher: {_engine_line(translator, arguments.source, arguments.target)}", file=sys.stderr)
        translation = translator.translate_lines(lines, arguments.source, arguments.target)
    finally:
        _close(translator)
    untranslated = 0
    for line, record_line in zip(lines, translation.data["lines"]):
        if is_untranslated(record_line):
            untranslated += 1
            record_line = line
        print(record_line)
    if untranslated:
        print(f"publisher: {untranslated} line(s) not translated ({translation.help or 'no route'})",
              file=sys.stderr)
    return EXIT_OK


def run_tm(arguments: argparse.Namespace) -> int:
    from ..interchange.tmx import read_tmx, write_tmx
    from .resources import open_memory

    with open_memory(arguments.memory) as memory:
        if arguments.tm_command == "import":
            rows = list(read_tmx(arguments.tmx))
            memory.add_many(rows)
            print(f"{len(rows)} segment pair(s) imported from {printable_name(arguments.tmx)}")
        elif arguments.tm_command == "export":
            write_tmx(arguments.output, memory.export_rows(), arguments.source_language)
            print(printable_name(arguments.output))
        else:
            print(json.dumps(memory.stats(), ensure_ascii=False, indent=2))
    return EXIT_OK


def run_glossary(arguments: argparse.Namespace) -> int:
    from .resources import load_glossaries

    glossary = load_glossaries(arguments.glossary)
    glossary.save_tbx(arguments.output, title="publisher glossary",
                      description="Terms enforced in draft translations of UNTOC review outcomes")
    print(f"{len(glossary)} entries written to {printable_name(arguments.output)}")
    return EXIT_OK


def _multilingual_model():
    """The multilingual model the ct2 engine would use, or None when there is no usable one."""
    from .engines.ct2 import ModelProblem, model_directory, read_model

    try:
        return read_model(model_directory())
    except ModelProblem:
        return None


def run_models(arguments: argparse.Namespace) -> int:
    from .models import install_model, list_models

    if arguments.models_command == "install":
        model = install_model(arguments.model)
        print(f"installed {model.from_code}->{model.to_code} {model.version} in {model.path}")
    else:
        models = list_models()
        for model in models:
            print(f"{model.from_code}->{model.to_code}\t{model.version}\t{model.path}")
        multilingual = _multilingual_model()
        if multilingual is not None:
            print(f"{'|'.join(multilingual.tokens)}\t{multilingual.layout}\t{multilingual.path}")
        if not models and multilingual is None:
            print("no models installed; install one with: publisher models install FILE.argosmodel, or a "
                  "multilingual model as docs/engines.md says", file=sys.stderr)
    return EXIT_OK
