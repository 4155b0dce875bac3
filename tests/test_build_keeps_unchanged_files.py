"""A unit rebuilt keeps the files whose content did not change (package/build.py, document.py).

When one outcome changes, its language versions are built again, but a document that reads none
of what changed (the summary, when a paragraph of the list of observations was edited) is not
written again: a file is written from a content digest of its document (``content_digest``), its
format and the toolkit, and the build state remembers it. The file kept must be the file a fresh
build would write, byte for byte.
"""
from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.document import content_digest
from publisher.load import load_file
from publisher.model import build_outcome
from publisher.package import build as building
from publisher.package import plan as planning
from publisher.package.build import Progress, build
from publisher.package.session import load_session

from .test_pinned_build import GHANA, SAMPLES, edit, folder  # noqa: F401  (the session's folder)

OBSERVATIONS_ONLY = ("Requests for the enforcement of foreign confiscation orders",
                     "Requests for the enforcement of all foreign confiscation orders")


@pytest.fixture
def session(folder):  # noqa: F811
    edit(folder / "session.yaml", "formats: [html, akn]", "formats: [html]")
    return load_session(folder / "session.yaml")


def options(folder: Path, out: str = "out", **changes) -> building.BuildOptions:
    return building.BuildOptions(folder / out, **{"engine": "none", "jobs": 1, "no_memory": True, **changes})


def ghana_files(folder: Path, out: str = "out") -> dict[str, tuple[int, int, bytes]]:
    """Each Ghana file: its inode and modification time (a file written again changes them) and bytes."""
    found = {}
    for path in (folder / out).glob(f"*/{GHANA}-*.html"):
        status = path.stat()
        found[str(path.relative_to(folder / out))] = (status.st_ino, status.st_mtime_ns, path.read_bytes())
    return found


def rewritten(before: dict, after: dict) -> set[str]:
    return {path for path in after if before[path][:2] != after[path][:2]}


def ghana_units(results) -> dict[str, int]:
    return {r.language: r.kept for r in results if r.outcome == f"{GHANA}.yaml" and not r.skipped}


# -- the content digest ----------------------------------------------------------------------------------
def ghana_documents(text: str, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / f"{GHANA}.yaml"
    path.write_text(text, encoding="utf-8")
    outcome = build_outcome(load_file(path))
    return {kind: content_digest(compose(outcome, kind, load_blueprints())) for kind in ("observations", "summary")}


@pytest.fixture
def ghana_text():
    return (SAMPLES / f"{GHANA}.yaml").read_text(encoding="utf-8")


def test_the_summary_digest_ignores_an_edit_of_the_list_of_observations_and_the_list_changes(ghana_text, tmp_path):
    before = ghana_documents(ghana_text, tmp_path)
    after = ghana_documents(ghana_text.replace(*OBSERVATIONS_ONLY), tmp_path)
    assert after["summary"] == before["summary"]
    assert after["observations"] != before["observations"]


def test_the_list_digest_ignores_an_edit_of_the_summary_and_the_summary_changes(ghana_text, tmp_path):
    summary_text = "The summary notes a unified framework"
    assert ghana_text.count("  challenges:\n    - >-\n") == 2
    head, _, summary = ghana_text.partition("\nsummary:\n")
    edited = head + "\nsummary:\n" + summary.replace("  challenges:\n    - >-\n",
                                                      f"  challenges:\n    - >-\n      {summary_text}.\n", 1)
    before, after = ghana_documents(ghana_text, tmp_path), ghana_documents(edited, tmp_path)
    assert after["observations"] == before["observations"]
    assert after["summary"] != before["summary"]


def test_a_paragraph_added_to_the_list_changes_the_summary_digest_too(ghana_text, tmp_path):
    """Word bookmarks number every field of the outcome: a field added before the summary's renumbers them."""
    added = ghana_text.replace("\n  challenges:\n    - >-\n",
                               "\n  challenges:\n    - >-\n      A new first challenge.\n    - >-\n", 1)
    before, after = ghana_documents(ghana_text, tmp_path), ghana_documents(added, tmp_path)
    assert after["summary"] != before["summary"]


def test_a_document_without_origin_has_a_digest_of_its_content(ghana_text, tmp_path):
    path = tmp_path / f"{GHANA}.yaml"
    path.write_text(ghana_text, encoding="utf-8")
    document = compose(build_outcome(load_file(path)), "summary", load_blueprints())
    bare = dataclasses.replace(document, origin=None)
    assert content_digest(bare) != content_digest(document)
    assert content_digest(bare) != content_digest(dataclasses.replace(bare, title=bare.title + "."))


# -- the build -------------------------------------------------------------------------------------------
def test_an_edit_of_the_list_writes_the_list_again_and_keeps_the_summary_in_every_language(session, folder):
    build(session, options(folder))
    before = ghana_files(folder)
    edit(folder / f"{GHANA}.yaml", *OBSERVATIONS_ONLY)
    results = build(session, options(folder))
    after = ghana_files(folder)
    assert ghana_units(results) == {"en": 1, "fr": 1}
    assert rewritten(before, after) == {f"en/{GHANA}-observations-en.html", f"fr/{GHANA}-observations-fr.html"}


def test_a_kept_file_is_the_file_a_fresh_build_writes_and_its_record_is_current(session, folder):
    build(session, options(folder))
    edit(folder / f"{GHANA}.yaml", *OBSERVATIONS_ONLY)
    results = build(session, options(folder))
    build(session, options(folder, "fresh"))
    kept, fresh = ghana_files(folder), ghana_files(folder, "fresh")
    assert {path: data for path, (_, _, data) in kept.items()} == {path: data for path, (_, _, data) in fresh.items()}
    fresh_records = {r.path: r for r in build(session, options(folder, "fresh"))[-1].records}
    for record in next(r for r in results if r.key == f"{GHANA}.yaml:fr").records:
        assert record == fresh_records[record.path]  # its digest, size, content, provenance and QA


def test_a_damaged_file_is_written_again_and_the_others_of_its_unit_are_kept(session, folder):
    build(session, options(folder))
    damaged = folder / "out" / "fr" / f"{GHANA}-summary-fr.html"
    damaged.write_bytes(damaged.read_bytes()[:-10])
    before = ghana_files(folder)
    results = build(session, options(folder))
    assert ghana_units(results) == {"fr": 1}
    assert rewritten(before, ghana_files(folder)) == {f"fr/{GHANA}-summary-fr.html"}


def test_a_forced_build_writes_every_file(session, folder):
    build(session, options(folder))
    before = ghana_files(folder)
    results = build(session, options(folder, force=True))
    assert ghana_units(results) == {"en": 0, "fr": 0}
    assert rewritten(before, ghana_files(folder)) == set(before)


def test_a_change_of_the_toolkit_writes_every_file(session, folder, monkeypatch):
    build(session, options(folder))
    before = ghana_files(folder)
    for module in (planning, building):
        monkeypatch.setattr(module, "code_fingerprint", lambda: "another toolkit")
    results = build(session, options(folder))
    assert ghana_units(results) == {"en": 0, "fr": 0}
    assert rewritten(before, ghana_files(folder)) == set(before)


def test_the_progress_line_says_how_many_files_were_kept(session, folder):
    build(session, options(folder))
    edit(folder / f"{GHANA}.yaml", *OBSERVATIONS_ONLY)
    stream = io.StringIO()
    build(session, options(folder), Progress(stream))
    assert [line.split(": ", 1)[1].split(" in ")[0] for line in stream.getvalue().splitlines()[1:]] == [
        "2 files (1 unchanged, kept)", "2 files (1 unchanged, kept)"]


def test_workers_keep_unchanged_files_too(session, folder):
    build(session, options(folder, jobs=2))
    edit(folder / f"{GHANA}.yaml", *OBSERVATIONS_ONLY)
    before = ghana_files(folder)
    results = build(session, options(folder, jobs=2))
    assert ghana_units(results) == {"en": 1, "fr": 1}
    assert rewritten(before, ghana_files(folder)) == {f"en/{GHANA}-observations-en.html",
                                                      f"fr/{GHANA}-observations-fr.html"}
    assert os.path.exists(folder / "out" / "fr" / f"{GHANA}-summary-fr.html")


# -- what the kept files' records say, and the formats ---------------------------------------------------
ADDS_A_SENTENCE = ("Requests for the enforcement of foreign confiscation orders",
                   "Treaties are published in the official gazette. Requests for the enforcement of foreign "
                   "confiscation orders")


def test_a_kept_files_record_takes_the_provenance_and_qa_of_its_units_new_draft(session, folder):
    build(session, options(folder))
    before = {r.path: r for r in build(session, options(folder, "fresh"))[-1].records}
    edit(folder / f"{GHANA}.yaml", *ADDS_A_SENTENCE)  # one more sentence to translate: new counts
    french = next(r for r in build(session, options(folder)) if r.key == f"{GHANA}.yaml:fr")
    assert french.kept == 1
    summary = next(r for r in french.records if r.document == "summary")
    observations = next(r for r in french.records if r.document == "observations")
    assert (summary.provenance, summary.qa) == (observations.provenance, observations.qa)
    assert (summary.provenance, summary.qa) != (before[summary.path].provenance, before[summary.path].qa)


def test_every_format_of_a_kept_document_is_kept(session, folder):
    session = dataclasses.replace(session, formats=("html", "akn"))
    build(session, options(folder))
    edit(folder / f"{GHANA}.yaml", *OBSERVATIONS_ONLY)
    stream = io.StringIO()
    results = build(session, options(folder), Progress(stream))
    french = next(r for r in results if r.key == f"{GHANA}.yaml:fr")
    assert french.kept == 2 and len(french.records) == 4
    assert [(r.document, r.format) for r in french.records] == [
        ("observations", "html"), ("observations", "akn"), ("summary", "html"), ("summary", "akn")]
    assert "4 files (2 unchanged, kept)" in stream.getvalue()


class OtherHtml:
    """Another writer whose files have the same extension as the HTML writer's."""
    name, extension, media_type = "other-html", ".html", "text/html"

    def render(self, document):
        return f"<p>{document.title}</p>".encode()


def test_a_file_written_by_another_format_of_the_same_extension_is_written_again(session, folder, monkeypatch):
    from publisher import render

    monkeypatch.setitem(render._FORMATS, "other-html", render.Format("other-html", f"{__name__}:OtherHtml"))
    build(session, options(folder))
    other = dataclasses.replace(session, formats=("other-html",))
    results = build(other, options(folder))
    assert ghana_units(results) == {"en": 0, "fr": 0}
    page = (folder / "out" / "fr" / f"{GHANA}-summary-fr.html").read_text(encoding="utf-8")
    assert page.startswith("<p>") and page.endswith("</p>")


def test_a_forced_build_with_workers_writes_every_file(session, folder):
    build(session, options(folder, jobs=2))
    before = ghana_files(folder)
    results = build(session, options(folder, jobs=2, force=True))
    assert ghana_units(results) == {"en": 0, "fr": 0}
    assert rewritten(before, ghana_files(folder)) == set(before)


def test_a_draft_names_the_outcome_it_translates_and_its_documents_name_the_draft(session, folder):
    import zipfile

    import yaml
    from lxml import etree

    build(dataclasses.replace(session, formats=("html", "docx")), options(folder))
    draft = yaml.safe_load((folder / "out" / "drafts" / f"{GHANA}.fr.yaml").read_text(encoding="utf-8"))
    assert draft["translation"]["source"] == f"{GHANA}.yaml"
    with zipfile.ZipFile(folder / "out" / "fr" / f"{GHANA}-observations-fr.docx") as package:
        root = etree.fromstring(package.read("docProps/custom.xml"))
    properties = {p.get("name"): [v.text for v in p][0] for p in root}
    assert properties["publisher.outcome"] == f"{GHANA}.fr.yaml"
