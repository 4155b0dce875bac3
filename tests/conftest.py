"""Shared fixtures: the samples, and a way to write a changed copy of one for a test."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

if "PUBLISHER_CACHE" not in os.environ:  # the sentence encoder's cache file: the tests' own, not the user's
    os.environ["PUBLISHER_CACHE"] = tempfile.mkdtemp(prefix="publisher-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PUBLISHER_CACHE"], True)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
MONGOLIA = SAMPLES / "mongolia-criminalization.yaml"
JORDAN = SAMPLES / "jordan-criminalization-firearms.yaml"
SESSION = SAMPLES / "session.yaml"
SAMPLE_OUTCOMES = sorted(str(p) for p in SAMPLES.glob("*.yaml") if p != SESSION)


GHANA = SAMPLES / "ghana-international-cooperation.yaml"


@pytest.fixture(scope="session")
def glossary():
    """The project glossary, as translate and post-editing enforce it."""
    from publisher.translate.resources import load_glossaries

    return load_glossaries()


@pytest.fixture(scope="session")
def spanish_draft(tmp_path_factory, glossary) -> Path:
    """A folder with the Ghana sample and its Apertium draft into Spanish (x.es.yaml, x.es.qa.json),
    made once for the session: copy it before changing anything (see ``draft``)."""
    from publisher.load import load_file
    from publisher.translate.engines import engine
    from publisher.translate.output import write_translation
    from publisher.translate.pipeline import Translator

    folder = tmp_path_factory.mktemp("spanish-draft")
    source = folder / GHANA.name
    source.write_bytes(GHANA.read_bytes())
    translation = Translator(engine("apertium"), None, glossary).translate_outcome(load_file(source), "es",
                                                                                   source_file=GHANA.name)
    write_translation(source, translation, folder)
    return folder


@pytest.fixture(scope="module")
def fresh_tone_patterns():
    """The tone check's patterns (and the stand-in's name swaps) compiled afresh for a test module. Mutation testing forks each
    mutant from a process that compiled them already: without this, a mutated compiler would never
    run, and its mutants would survive every test (the tone test modules use it)."""
    from publisher.validate import tone_legal, tone_names, tone_patterns
    for compiled in (tone_patterns.patterns, tone_patterns.names_of, tone_legal.legal, tone_names._swap):
        compiled.cache_clear()
    yield


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    """The tone check without its trained models (their folder is missing)."""
    from publisher.validate import tone_model
    monkeypatch.setattr(tone_model, "MODEL_DIR", tmp_path / "absent")
    yield
    tone_model._classifier.cache_clear()
    tone_model._settings.cache_clear()


def copy_folder(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for file in source.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return target


@pytest.fixture
def draft(spanish_draft, tmp_path) -> Path:
    """The Ghana sample (returned) and its Spanish draft, a copy of this test's own in tmp_path/work."""
    return copy_folder(spanish_draft, tmp_path / "work") / GHANA.name


def field_texts(path: Path) -> dict[str, str]:
    """Every translatable text of an outcome file, by field path."""
    from publisher.load import load_file
    from publisher.translate.pipeline import text_fields

    return {name: text for name, _keys, text in text_fields(load_file(path).data)}


@pytest.fixture
def write_outcome(tmp_path):
    """Writes a review outcome for a test: YAML text, or a sample's data changed by a function."""

    def write(content: str | None = None, *, change=None, base: Path = MONGOLIA, name: str = "outcome.yaml") -> Path:
        if content is None:
            data = yaml.safe_load(base.read_text(encoding="utf-8"))
            _dates_to_text(data)
            if change is not None:
                change(data)
            content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


def _dates_to_text(value):
    """PyYAML turns 2026-11-27 into a date; dump it back as the same plain scalar."""
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = _dates_to_text(item)
    elif isinstance(value, list):
        value[:] = [_dates_to_text(item) for item in value]
    elif hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` that contains ``needle`` (a leading newline
    in ``needle`` asks for a line that starts with the rest)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle.startswith("\n") and line.startswith(needle[1:]) or not needle.startswith("\n") and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def fake_apertium(tmp_path, monkeypatch):
    """Writes an ``apertium`` script with the given body first on PATH, and a data folder with modes;
    ``fake_apertium(body, **options)`` is the apertium engine using them."""
    import os
    import stat

    from publisher.translate.engines import engine

    datadir = tmp_path / "apertium-data"
    (datadir / "modes").mkdir(parents=True)
    for mode in ["eng-spa", "spa-eng", "es-fr", "spa-eng_US", "eco-es-fr"]:
        (datadir / "modes" / f"{mode}.mode").write_text("cat\n")

    def make(body: str, **options):
        folder = tmp_path / "bin"
        folder.mkdir(exist_ok=True)
        script = folder / "apertium"
        script.write_text("#!/bin/sh\n" + body + "\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        return engine("apertium", datadir=datadir, **options)

    return make
