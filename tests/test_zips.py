"""The language zips of a session are updated, not remade: the documents that did not change are
copied from the old zip as they are, and the zip is byte for byte the one a fresh build writes."""
from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest

from publisher.errors import PublisherError
from publisher.package.build import FileRecord, OutcomeResult
from publisher.package.session import Session
from publisher.package.zips import INDEX, write_language_zips, zip_path

SESSION = Session(file="session.yaml", name="wg-test", date=dt.date(2026, 12, 14), distribution="General",
                  languages=("en", "fr"), formats=("pdf", "html"), engine="none", groups={}, assignment={},
                  outcomes=())


def document(output: Path, path: str, text: str) -> FileRecord:
    data = text.encode()
    (output / path).parent.mkdir(parents=True, exist_ok=True)
    (output / path).write_bytes(data)
    return FileRecord(path, path.split("/")[1].split("-")[0], path.split("/")[0], "summary", path.rsplit(".", 1)[1],
                      (), hashlib.sha256(data).hexdigest(), len(data))


def documents(output: Path, changed: str = "") -> list[OutcomeResult]:
    """Five outcomes in English and French, as PDF and HTML; ``changed`` names the outcome edited."""
    results = []
    for number in range(1, 6):
        outcome = f"o{number}"
        for language in SESSION.languages:
            text = f"{outcome} {language} " + ("edited " if outcome == changed else "") + "words " * 200 * number
            records = tuple(document(output, f"{language}/{outcome}-summary-{language}.{extension}", text + extension)
                            for extension in ("pdf", "html"))
            results.append(OutcomeResult(outcome, language, "f", records, 0.0))
    return results


def zips(output: Path) -> dict[str, bytes]:
    return {language: zip_path(output, SESSION, language).read_bytes() for language in SESSION.languages}


def fresh_zips(tmp_path: Path, results: list[OutcomeResult], output: Path) -> dict[str, bytes]:
    """The zips a build with no zips yet writes for the same documents."""
    fresh = tmp_path / "fresh"
    for result in results:
        for record in result.records:
            (fresh / record.path).parent.mkdir(parents=True, exist_ok=True)
            (fresh / record.path).write_bytes((output / record.path).read_bytes())
    write_language_zips(fresh, SESSION, results)
    return zips(fresh)


@pytest.fixture
def built(tmp_path):
    output = tmp_path / "out"
    results = documents(output)
    assert len(write_language_zips(output, SESSION, results)) == 2
    return output


def test_each_language_zip_holds_that_languages_documents(built):
    with zipfile.ZipFile(zip_path(built, SESSION, "fr")) as archive:
        assert archive.namelist() == sorted(str(p.relative_to(built)) for p in (built / "fr").iterdir())
        assert archive.read("fr/o3-summary-fr.html") == (built / "fr" / "o3-summary-fr.html").read_bytes()


def test_after_one_outcome_changed_the_zips_are_the_ones_a_fresh_build_writes(built, tmp_path):
    results = documents(built, changed="o3")
    assert len(write_language_zips(built, SESSION, results)) == 2
    assert zips(built) == fresh_zips(tmp_path, results, built)
    with zipfile.ZipFile(zip_path(built, SESSION, "en")) as archive:
        assert archive.testzip() is None
        assert b"edited" in archive.read("en/o3-summary-en.pdf")


def test_the_documents_that_did_not_change_are_copied_from_the_old_zip_not_read(built, tmp_path):
    results = documents(built, changed="o3")
    expected = fresh_zips(tmp_path, results, built)
    for path in built.glob("*/o[1245]-*"):
        path.unlink()  # were they read, the update would fail
    write_language_zips(built, SESSION, results)
    assert zips(built) == expected


def test_nothing_changed_nothing_written(built):
    before = {p: p.stat().st_mtime_ns for p in built.glob("*.zip")}
    assert write_language_zips(built, SESSION, documents(built)) == []
    assert {p: p.stat().st_mtime_ns for p in built.glob("*.zip")} == before


@pytest.mark.parametrize("damage", ["truncated", "replaced", "no index"])
def test_a_zip_that_is_not_what_the_index_says_is_made_again_from_the_documents(built, tmp_path, damage):
    target = zip_path(built, SESSION, "en")
    if damage == "truncated":
        target.write_bytes(target.read_bytes()[:-100])
    elif damage == "replaced":  # same names, other contents: the CRC-32 in its directory differ
        with zipfile.ZipFile(target, "w") as archive:
            for name in sorted(p.name for p in (built / "en").iterdir()):
                archive.writestr(f"en/{name}", b"something else")
    else:
        (built / INDEX).unlink()
    results = documents(built)
    assert zip_path(built, SESSION, "en") in write_language_zips(built, SESSION, results)
    assert zips(built) == fresh_zips(tmp_path, results, built)


def test_an_update_that_fails_leaves_the_old_zip_and_no_part(built):
    results = documents(built, changed="o2")
    before = zips(built)
    (built / "en" / "o2-summary-en.pdf").unlink()  # changed, so it must be read: it cannot be
    with pytest.raises(PublisherError) as raised:
        write_language_zips(built, SESSION, results)
    assert raised.value.findings[0].code == "output.write-failed" and "o2-summary-en.pdf" in str(raised.value)
    assert zips(built)["en"] == before["en"]
    assert not list(built.glob(".*.part"))
