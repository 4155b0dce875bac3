"""The command line of post-editing as a user meets it: `publisher xliff export`, `publisher xliff
import` and `publisher import`, their options with their defaults and choices, and the help each
prints (golden texts: run UPDATE_GOLDEN=1 pytest to accept a change to them, after reading it)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from publisher.postedit import commands

GOLDEN = Path(__file__).parent / "golden"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="publisher")
    subcommands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_xliff_parser(subcommands)
    commands.add_import_parser(subcommands)
    return top


def subparser(*names: str) -> argparse.ArgumentParser:
    found = parser()
    for name in names:
        action = next(a for a in found._actions if isinstance(a, argparse._SubParsersAction))
        found = action.choices[name]
    return found


@pytest.mark.parametrize("names", [(), ("xliff",), ("xliff", "export"), ("xliff", "import"), ("import",)],
                         ids=lambda names: "-".join(names) or "commands")
def test_the_help_of_each_command_is_the_reviewed_text(names, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    text = subparser(*names).format_help()
    golden = GOLDEN / f"help-{'-'.join(names) or 'postedit-commands'}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"run UPDATE_GOLDEN=1 pytest to accept changes to {golden}"


def test_an_export_takes_xliff_2_1_beside_the_translation_by_default():
    arguments = parser().parse_args(["xliff", "export", "x.yaml", "--to", "fr"])
    assert vars(arguments) == {
        "command": "xliff", "xliff_command": "export", "file": Path("x.yaml"), "to": "fr", "output": None,
        "xliff_version": "2.1", "tool": "xliff", "translation": None, "memory": None, "no_memory": False,
        "glossary": None, "handler": commands.run_xliff}


def test_an_export_says_its_version_tool_output_translation_and_resources():
    arguments = parser().parse_args(["xliff", "export", "x.yaml", "--to", "zh", "-o", "out", "--version", "1.2",
                                     "--for", "omegat", "--translation", "t.yaml", "--memory", "m.sqlite",
                                     "--no-memory", "--glossary", "a.tbx", "--glossary", "b.csv"])
    assert (arguments.output, arguments.xliff_version, arguments.tool, arguments.translation) == (
        Path("out"), "1.2", "omegat", Path("t.yaml"))
    assert (arguments.memory, arguments.no_memory, arguments.glossary) == (Path("m.sqlite"), True,
                                                                          [Path("a.tbx"), Path("b.csv")])
    assert parser().parse_args(["xliff", "export", "x.yaml", "--to", "ar", "--output", "o"]).output == Path("o")


@pytest.mark.parametrize("argv", [
    ["xliff", "export", "x.yaml"], ["xliff", "export", "x.yaml", "--to", "pt"],
    ["xliff", "export", "x.yaml", "--to", "fr", "--version", "2.0"],
    ["xliff", "export", "x.yaml", "--to", "fr", "--for", "trados"], ["xliff"], ["xliff", "merge"],
    ["xliff", "import"], ["import"],
])
def test_what_the_commands_refuse_is_bad_usage(argv, capsys):
    with pytest.raises(SystemExit) as raised:
        parser().parse_args(argv)
    assert raised.value.code == 2


def test_every_language_is_a_target():
    for language in ("ar", "zh", "en", "fr", "ru", "es"):
        assert parser().parse_args(["xliff", "export", "x.yaml", "--to", language]).to == language


def test_an_import_takes_the_outcome_the_file_names_and_writes_unless_a_dry_run():
    arguments = parser().parse_args(["xliff", "import", "x.xlf"])
    assert vars(arguments) == {
        "command": "xliff", "xliff_command": "import", "xliff": Path("x.xlf"), "source": None, "translation": None,
        "dry_run": False, "memory": None, "no_memory": False, "glossary": None, "handler": commands.run_xliff}
    given = parser().parse_args(["xliff", "import", "x.xlf", "--source", "s.yaml", "--translation", "t.yaml",
                                 "--dry-run"])
    assert (given.source, given.translation, given.dry_run) == (Path("s.yaml"), Path("t.yaml"), True)


def test_a_docx_import_writes_into_its_outcome_and_refuses_tracked_changes_by_default():
    arguments = parser().parse_args(["import", "x.docx"])
    assert vars(arguments) == {"command": "import", "docx": Path("x.docx"), "output": None, "outcome": None,
                               "accept_changes": False, "dry_run": False, "handler": commands.run_docx_import}
    given = parser().parse_args(["import", "x.docx", "-o", "o.yaml", "--outcome", "f.yaml", "--accept-changes",
                                 "--dry-run"])
    assert (given.output, given.outcome, given.accept_changes, given.dry_run) == (
        Path("o.yaml"), Path("f.yaml"), True, True)
    assert parser().parse_args(["import", "x.docx", "--output", "p.yaml"]).output == Path("p.yaml")


def test_the_xliff_command_runs_the_action_asked(monkeypatch):
    ran = []
    monkeypatch.setattr(commands, "run_export", lambda arguments: ran.append("export") or 5)
    monkeypatch.setattr(commands, "run_import", lambda arguments: ran.append("import") or 6)
    assert commands.run_xliff(argparse.Namespace(xliff_command="export")) == 5
    assert commands.run_xliff(argparse.Namespace(xliff_command="import")) == 6
    assert ran == ["export", "import"]


def test_the_names_postedit_offers_load_on_first_use_from_their_modules():
    import publisher.postedit as postedit
    from publisher.interchange import inline
    from publisher.postedit import units, workset

    assert postedit.__getattr__("Workset") is workset.Workset
    assert postedit.__getattr__("unit_id") is units.unit_id
    assert postedit.__getattr__("CONFIRMED") is inline.CONFIRMED
    for name in postedit.__all__:
        value = postedit.__getattr__(name)
        assert value is not None and vars(postedit)[name] is value  # kept: the next use does not load again
    with pytest.raises(AttributeError, match="module 'publisher.postedit' has no attribute 'nothing'"):
        postedit.__getattr__("nothing")
