"""The publisher command as a user meets it: exit codes, finding lines, files written or not."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.cli import main

from .conftest import MONGOLIA, ROOT, SAMPLES

FINDING_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+): .+ \[(?P<code>[a-z-]+\.[a-z-]+)\]$")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Runs the installed entry point in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "publisher.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_validate_the_samples_exits_0():
    result = run("validate", *sorted(str(p) for p in SAMPLES.glob("*.yaml")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr


@pytest.mark.parametrize("change, code", [
    (lambda d: d["summary"]["challenges"].append(" ".join(["word"] * 1200)), "words.over-limit"),
    (lambda d: d["observations"].pop("challenges"), "sections.missing"),
    (lambda d: d["observations"]["articles"]["convention"].pop(0), "coverage.missing-article"),
    (lambda d: d["review"].__setitem__("colour", "blue"), "schema.unknown-field"),
])
def test_validate_an_outcome_with_an_error_exits_1_with_a_located_finding(write_outcome, change, code):
    path = write_outcome(change=change)
    result = run("validate", str(path))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line]
    match = FINDING_LINE.match(lines[0])
    assert match, lines[0]
    assert match["file"] == str(path) and int(match["line"]) > 0 and match["code"] == code


def test_validate_json_output_is_a_list_of_findings(write_outcome):
    path = write_outcome(change=lambda d: d["review"].__setitem__("colour", "blue"))
    result = run("validate", "--format", "json", str(path))
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)
    assert finding["code"] == "schema.unknown-field" and finding["field"] == "review.colour"
    assert finding["severity"] == "error" and finding["line"] > 0


def test_warnings_alone_exit_0(write_outcome):
    path = write_outcome(change=lambda d: d["summary"]["challenges"].append("It is the worst in the world."))
    result = run("validate", str(path))
    assert result.returncode == 0
    assert "warning:" in result.stdout and "[tone.ranking]" in result.stdout


@pytest.mark.parametrize("content, code", [
    (None, "input.missing-file"),
    ("review: [broken\n", "input.yaml-syntax"),
])
def test_unreadable_input_exits_2_with_one_clear_line_and_no_traceback(tmp_path, content, code):
    path = tmp_path / "outcome.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 2
    output = (result.stdout + result.stderr).strip().splitlines()
    assert "Traceback" not in result.stderr
    assert output[0].startswith(str(path)) and output[0].endswith(f"[{code}]")


def test_bad_usage_exits_2():
    assert run("render", str(MONGOLIA), "--doc", "letter", "--format", "pdf").returncode == 2
    assert run().returncode == 2


def test_help_reads_like_a_manual():
    overview = run("--help")
    assert overview.returncode == 0 and "Exit status" in overview.stdout
    for command in ("validate", "render"):
        result = run(command, "--help")
        assert result.returncode == 0 and "examples:" in result.stdout


def test_render_writes_both_documents_in_every_format(tmp_path):
    assert main(["render", str(MONGOLIA), "--doc", "all", "--format", "all", "-o", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"mongolia-criminalization-{kind}-en.{ext}"
                     for kind in ("observations", "summary") for ext in ("docx", "html", "pdf")]
    assert all((tmp_path / n).stat().st_size > 1000 for n in names)


def test_render_to_a_file_name(tmp_path):
    target = tmp_path / "summary.docx"
    assert main(["render", str(MONGOLIA), "--doc", "summary", "--format", "docx", "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"


def test_render_to_a_file_name_of_the_wrong_kind_is_bad_usage(tmp_path):
    assert main(["render", str(MONGOLIA), "--doc", "summary", "--format", "docx", "-o", str(tmp_path / "x.pdf")]) == 2


def test_render_writes_nothing_when_the_outcome_has_errors(tmp_path, write_outcome):
    good = MONGOLIA
    bad = write_outcome(change=lambda d: d["observations"].pop("challenges"))
    out = tmp_path / "out"
    assert main(["render", str(good), str(bad), "--doc", "all", "--format", "all", "-o", str(out)]) == 1
    assert not out.exists()


def test_render_leaves_no_partial_file_when_writing_fails(tmp_path, monkeypatch):
    from publisher.render.pdf import PdfWriter

    out = tmp_path / "out"
    out.mkdir()
    existing = out / "mongolia-criminalization-summary-en.pdf"
    existing.write_bytes(b"the previous edition")

    def crash(self, document):
        raise KeyboardInterrupt

    monkeypatch.setattr(PdfWriter, "render", crash)
    assert main(["render", str(MONGOLIA), "--doc", "summary", "--format", "pdf", "-o", str(out)]) == 130
    assert existing.read_bytes() == b"the previous edition"
    assert [p.name for p in out.iterdir()] == [existing.name]


def blueprints_with_summary_limit(tmp_path: Path, limit: str) -> tuple[Path, Path]:
    """A copy of the project's blueprints whose summary has another word_limit."""
    blueprints = tmp_path / "blueprints"
    shutil.copytree(ROOT / "blueprints", blueprints)
    summary = blueprints / "summary.yaml"
    summary.write_text(summary.read_text(encoding="utf-8").replace("word_limit: 1000", f"word_limit: {limit}"),
                       encoding="utf-8")
    return blueprints, summary


def test_a_broken_blueprint_stops_with_exit_2_naming_the_blueprint(tmp_path):
    blueprints, summary = blueprints_with_summary_limit(tmp_path, "many")
    result = run("--blueprints", str(blueprints), "validate", str(MONGOLIA))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{summary}:") and "[schema.wrong-type]" in result.stderr


def test_word_limits_come_from_the_blueprint(tmp_path):
    blueprints, _ = blueprints_with_summary_limit(tmp_path, "100")
    result = run("--blueprints", str(blueprints), "validate", str(MONGOLIA))
    assert result.returncode == 1 and "the limit is 100" in result.stdout


def test_render_all_languages_of_an_outcome(tmp_path):
    assert main(["render", str(MONGOLIA), "--lang", "all", "--doc", "summary", "--format", "pdf",
                 "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"mongolia-criminalization-summary-{lang}.pdf" for lang in ("ar", "zh", "en", "fr", "ru", "es"))


def test_render_one_language_found_beside_the_file(tmp_path):
    assert main(["render", str(MONGOLIA), "--lang", "fr", "--doc", "summary", "--format", "txt",
                 "-o", str(tmp_path)]) == 0
    text = (tmp_path / "mongolia-criminalization-summary-fr.txt").read_text(encoding="utf-8")
    assert text.startswith("Nations Unies")


def test_render_a_missing_language_version_is_an_error_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "alone.yaml"
    source.write_text(MONGOLIA.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(source), "--lang", "all", "--doc", "summary", "--format", "pdf", "-o", str(out)]) == 1
    assert not out.exists()
    errors = capsys.readouterr().err
    assert errors.count("[render.missing-language]") == 5 and "no Arabic version" in errors


def test_the_command_line_starts_without_loading_spacy_or_weasyprint():
    """Every command parses its arguments first; the heavy libraries load only for the commands
    that use them (validate and build answer in a fraction of a second when nothing is to do)."""
    import subprocess
    import sys

    code = ("import sys, publisher.cli; heavy = [m for m in ('spacy', 'weasyprint', 'flask', 'lxml.etree') "
            "if m in sys.modules]; print(','.join(heavy))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""


def test_a_finding_about_no_file_is_said_by_the_program_not_by_an_empty_name(capsys):
    from publisher.cli import main

    assert main(["translate", "samples/ghana-international-cooperation.yaml", "--to", "xx"]) == 2
    assert capsys.readouterr().err.startswith("publisher: --to: unknown language(s) xx")


def test_language_versions_and_file_names_have_one_home(tmp_path):
    """The command line, session builds, translation and the web app find versions and name files
    through publisher.versions; a build finds x.yaml for a session entry that is a translation."""
    from publisher.package import build
    from publisher.package.plan import language_in_file
    from publisher.versions import document_name, find_version, translation_files, version_file

    source = tmp_path / "x.fr.yaml"
    source.write_text("review: {language: fr}\n", encoding="utf-8")
    (tmp_path / "x.yaml").write_text("review: {language: en}\n", encoding="utf-8")
    assert find_version(source, "fr", "en", language_in_file) == tmp_path / "x.yaml"
    assert find_version(source, "fr", "es", language_in_file) is None
    assert version_file(source, "es") == tmp_path / "x.es.yaml"
    assert translation_files(source, "es", tmp_path)[1] == tmp_path / "x.es.qa.json"
    assert document_name("x", "summary", "fr", ".pdf") == "x-summary-fr.pdf"
    import publisher.stages as pipeline
    assert not hasattr(pipeline, "_version_path") and not hasattr(build, "_version")


def test_the_memory_and_glossary_options_are_declared_once_and_every_command_has_them():
    """translate, translate-text, build, xliff export/import and serve take the same options, from
    translate.resources; a Translator is made in one place."""
    import inspect

    import publisher
    from publisher.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in ("translate", "translate-text", "build", "serve"):
        options = {o for action in commands[name]._actions for o in action.option_strings}
        assert {"--memory", "--glossary"} <= options, name
    root = Path(publisher.__file__).parent
    declared = [p for p in root.rglob("*.py") if '"--memory"' in p.read_text(encoding="utf-8")]
    assert [p.relative_to(root).as_posix() for p in declared] == ["translate/resources.py"]
    made = [p for p in root.rglob("*.py") if "Translator(engine(" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(root).as_posix() for p in made] == ["translate/resources.py"]
    assert "def run_translate" not in inspect.getsource(__import__("publisher.cli", fromlist=["x"]))
