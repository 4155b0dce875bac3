"""Building a session: joint documents of several working groups, every language and format,
manifest.json and zips; incremental, resumable, and silent when nothing changed."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.package.build import BuildOptions, build
from publisher.package.session import load_session

from .conftest import SAMPLES

OUTCOMES = ("mongolia-criminalization", "ghana-international-cooperation")


@pytest.fixture
def session_folder(tmp_path, monkeypatch):
    """A session of two outcomes (one with all six human versions, one to translate) in a temp folder."""
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    folder = tmp_path / "samples"
    folder.mkdir()
    for path in SAMPLES.glob("*.yaml"):
        if path.name.startswith(OUTCOMES):
            shutil.copy(path, folder / path.name)
    manifest = (SAMPLES / "session.yaml").read_text(encoding="utf-8")
    head, _, _ = manifest.partition("outcomes:")
    (folder / "session.yaml").write_text(head + """outcomes:
  - file: mongolia-criminalization.yaml
    numbers: {observations: CRP.7, summary: 7}
    job_number: V.26-08123
  - file: ghana-international-cooperation.yaml
    numbers: {observations: CRP.8, summary: 8}
""", encoding="utf-8")
    return folder


def run_build(folder: Path, out: Path, *extra: str) -> int:
    return main(["build", str(folder / "session.yaml"), "-o", str(out), "--engine", "none", "--jobs", "1", *extra])


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_session_builds_every_document_with_a_manifest_and_zips(session_folder, tmp_path):
    out = tmp_path / "out"
    assert run_build(session_folder, out) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    assert len(files) == 2 * 6 * 2 * 4  # outcomes x languages x documents x formats (docx, pdf, html, akn)
    for record in files:
        data = (out / record["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["sha256"] and len(data) == record["bytes"]
    mongolia = [r for r in files if r["outcome"] == "mongolia-criminalization.yaml" and r["document"] == "summary"]
    assert mongolia[0]["symbols"] == ["CTOC/COP/WG.3/2026/7", "CTOC/COP/WG.4/2026/7"]
    ghana = next(r for r in files if r["outcome"].startswith("ghana") and r["language"] == "ru")
    assert ghana["symbols"] == ["CTOC/COP/WG.3/2026/CRP.8", "CTOC/COP/WG.7/2026/CRP.8"]
    assert ghana["qa"]["untranslated"] > 0 and "untranslated" in ghana["provenance"]
    for language in ("ar", "zh", "en", "fr", "ru", "es"):
        with zipfile.ZipFile(out / f"ctoc-wg-2026-12-{language}.zip") as archive:
            assert sorted(archive.namelist()) == sorted(r["path"] for r in files if r["language"] == language)
    assert (out / "drafts" / "ghana-international-cooperation.ru.yaml").is_file()
    assert (out / "drafts" / "ghana-international-cooperation.ru.qa.json").is_file()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_first_page_shows_every_group_symbol_session_and_agenda_note(session_folder, tmp_path):
    out = tmp_path / "out"
    assert run_build(session_folder, out) == 0
    text = subprocess.run(["pdftotext", "-l", "1", str(out / "en" / "ghana-international-cooperation-summary-en.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("CTOC/COP/WG.3/2026/8", "CTOC/COP/WG.7/2026/8", "Working Group on International Cooperation",
                     "Working Group on the Smuggling of Migrants", "Vienna, 14 and 15 December 2026",
                     "Vienna, 17 and 18 December 2026", "Item 4 of the provisional agenda*",
                     "Item 4 of the provisional agenda**", "CTOC/COP/WG.3/2026/1.", "CTOC/COP/WG.7/2026/1."):
        assert expected in text, expected
    assert "Working Group on Trafficking in Persons" not in text  # not a group of this outcome


def test_a_second_build_with_nothing_changed_writes_nothing_and_says_so(session_folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_build(session_folder, out) == 0
    before = mtimes(out)
    capsys.readouterr()
    assert run_build(session_folder, out) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert mtimes(out) == before


def test_changing_one_outcome_rebuilds_only_its_files(session_folder, tmp_path):
    out = tmp_path / "out"
    assert run_build(session_folder, out) == 0
    before = mtimes(out)
    ghana = session_folder / "ghana-international-cooperation.yaml"
    ghana.write_text(ghana.read_text(encoding="utf-8").replace("Ghana has established", "Ghana has indeed established"),
                     encoding="utf-8")
    assert run_build(session_folder, out) == 0
    after = mtimes(out)
    changed = {name for name in after if after[name] != before.get(name)}
    documents = {name for name in changed if name.endswith((".pdf", ".docx", ".html"))}
    assert documents and all("ghana" in name for name in documents)
    assert not any("mongolia" in name for name in changed)


def test_an_interrupted_build_resumes_and_finishes_with_no_partial_file(session_folder, tmp_path, monkeypatch):
    import publisher.package.build as build_module

    out = tmp_path / "out"
    original = build_module.build_outcome_files
    calls = {"n": 0}

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(build_module, "build_outcome_files", interrupted)
    assert run_build(session_folder, out) == 130
    assert not (out / "manifest.json").exists()
    monkeypatch.setattr(build_module, "build_outcome_files", original)
    session = load_session(session_folder / "session.yaml")
    results = build(session, BuildOptions(output=out, engine="none", jobs=1))
    assert sum(r.skipped for r in results) == 3  # the three units finished before the interruption
    assert run_build(session_folder, out) == 0
    assert not list(out.rglob("*.part"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(hashlib.sha256((out / r["path"]).read_bytes()).hexdigest() == r["sha256"] for r in manifest["files"])


def test_a_temporary_file_whose_writer_was_stopped_before_it_knew_its_name_is_removed(session_folder, tmp_path,
                                                                                        monkeypatch):
    import publisher.package.build as build_module

    out = tmp_path / "out"
    original = build_module.build_outcome_files
    calls = {"n": 0}

    def stopped_inside_mkstemp(session, options, item, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the file exists, but the signal came before mkstemp returned its name
            (options.output / "fr").mkdir(parents=True, exist_ok=True)
            (options.output / "fr" / ".mongolia-criminalization-summary-fr.docx.m5qd1_3a.part").write_bytes(b"PK")
            raise KeyboardInterrupt
        return original(session, options, item, *args, **kwargs)

    monkeypatch.setattr(build_module, "build_outcome_files", stopped_inside_mkstemp)
    assert run_build(session_folder, out) == 130
    assert not list(out.rglob("*.part"))
    assert json.loads((out / ".publisher-build.json").read_text(encoding="utf-8"))  # what was finished is kept


def test_an_outcome_with_an_error_stops_the_build_before_anything_is_written(session_folder, tmp_path, capsys):
    ghana = session_folder / "ghana-international-cooperation.yaml"
    ghana.write_text(ghana.read_text(encoding="utf-8").replace("  cluster: international-cooperation",
                                                               "  cluster: international-cooperation\n  colour: red"),
                     encoding="utf-8")
    out = tmp_path / "out"
    assert run_build(session_folder, out) == 1
    assert not out.exists()
    assert "[schema.unknown-field]" in capsys.readouterr().err


def test_a_manifest_naming_a_missing_outcome_is_refused_with_its_line(session_folder, tmp_path, capsys):
    manifest = session_folder / "session.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("ghana-international-cooperation.yaml",
                                                                     "nowhere.yaml"), encoding="utf-8")
    assert run_build(session_folder, tmp_path / "out") == 1
    error = capsys.readouterr().err
    assert "outcomes[1].file" in error and "[session.missing-file]" in error
