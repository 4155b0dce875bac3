"""What a build leaves beside the documents (package/manifest.py, package/zips.py): manifest.json
as the document repository reads it, and the language zips as a fresh build writes them (members,
dates, compression, modes, order), kept current from what the index beside them says and made
again from the documents whenever the old zip cannot be trusted.

Each test builds its own small session and documents in a temporary folder.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from publisher.package.build import FileRecord, OutcomeResult
from publisher.package.manifest import manifest_data, manifest_text, write_if_changed, write_manifest
from publisher.package.session import Session, WorkingGroup
from publisher.package.zips import INDEX, _copy_range, write_language_zips, zip_path


def session(languages=("en", "fr"), date=dt.date(2027, 3, 9)) -> Session:
    groups = {code: WorkingGroup(code, f"Group {code}", 2027, number, "Vienna", (dt.date(2027, 6, 7),), number + 2,
                                 f"CTOC/COP/{code}/2027/1", f"CTOC/COP/{code}")
              for number, code in ((7, "WG.4"), (3, "WG.3"))}
    return Session(file="session.yaml", name="wg-pinned", date=date, distribution="Limited", languages=languages,
                   formats=("html", "pdf"), engine="none", groups=groups, assignment={}, outcomes=())


def record(output: Path, path: str, data: bytes, **extra) -> FileRecord:
    (output / path).parent.mkdir(parents=True, exist_ok=True)
    (output / path).write_bytes(data)
    language = path.split("/")[0]
    return FileRecord(path, "o.yaml", language, "summary", path.rsplit(".", 1)[1], ("S/1", "S/2"),
                      hashlib.sha256(data).hexdigest(), len(data), **extra)


def results_of(*records: FileRecord) -> list[OutcomeResult]:
    return [OutcomeResult("o.yaml", r.language, "f", (r,), 0.0) for r in records]


# -- manifest.json ----------------------------------------------------------------------------------
def test_the_manifest_says_the_session_its_groups_and_every_file_sorted_by_path(tmp_path):
    first = record(tmp_path, "fr/o-summary-fr.html", b"<p>fr</p>", provenance={"human": 1}, qa={"errors": 0})
    second = record(tmp_path, "en/o-summary-en.pdf", b"%PDF en")
    data = manifest_data(session(), [OutcomeResult("o.yaml", "fr", "f", (first,), 1.0),
                                     OutcomeResult("o.yaml", "en", "f", (second,), 1.0)])
    assert data == {
        "session": "wg-pinned", "date": "2027-03-09", "distribution": "Limited",
        "working_groups": {"WG.4": {"symbol_series": "CTOC/COP/WG.4", "session": 7, "agenda_item": 9,
                                    "agenda_symbol": "CTOC/COP/WG.4/2027/1"},
                           "WG.3": {"symbol_series": "CTOC/COP/WG.3", "session": 3, "agenda_item": 5,
                                    "agenda_symbol": "CTOC/COP/WG.3/2027/1"}},
        "languages": ["en", "fr"], "formats": ["html", "pdf"],
        "files": [
            {"path": "en/o-summary-en.pdf", "outcome": "o.yaml", "language": "en", "document": "summary",
             "format": "pdf", "symbols": ["S/1", "S/2"], "sha256": hashlib.sha256(b"%PDF en").hexdigest(),
             "bytes": 7, "provenance": {}, "qa": {}},
            {"path": "fr/o-summary-fr.html", "outcome": "o.yaml", "language": "fr", "document": "summary",
             "format": "html", "symbols": ["S/1", "S/2"], "sha256": hashlib.sha256(b"<p>fr</p>").hexdigest(),
             "bytes": 9, "provenance": {"human": 1}, "qa": {"errors": 0}}]}


def test_the_manifest_text_is_sorted_json_with_one_line_per_file_and_characters_as_they_are():
    data = {"session": "sé", "date": "2027-03-09", "languages": ["ar"],
            "files": [{"path": "ar/x.html", "bytes": 2, "symbols": ["ع/1"]}, {"path": "ar/y.html", "bytes": 3}]}
    text = manifest_text(data)
    assert text == ('{"date": "2027-03-09", "languages": ["ar"], "session": "sé", "files": [\n'
                    '{"bytes": 2, "path": "ar/x.html", "symbols": ["ع/1"]},\n'
                    '{"bytes": 3, "path": "ar/y.html"}\n'
                    ']}\n')
    assert json.loads(text) == data


def test_a_manifest_without_files_is_still_json():
    assert json.loads(manifest_text({"session": "s", "files": []})) == {"session": "s", "files": []}


def test_the_manifest_is_written_only_when_its_bytes_change(tmp_path):
    results = results_of(record(tmp_path, "en/o-summary-en.html", b"<p>en</p>"))
    assert write_manifest(tmp_path, session(), results) is True
    path = tmp_path / "manifest.json"
    assert json.loads(path.read_text(encoding="utf-8")) == manifest_data(session(), results)
    os.utime(path, ns=(0, 0))
    assert write_manifest(tmp_path, session(), results) is False
    assert path.stat().st_mtime_ns == 0
    assert write_manifest(tmp_path, session(date=dt.date(2027, 3, 10)), results) is True
    assert json.loads(path.read_text(encoding="utf-8"))["date"] == "2027-03-10"


def test_write_if_changed_writes_a_new_file_and_other_bytes_but_not_the_same(tmp_path):
    path = tmp_path / "x.json"
    assert write_if_changed(path, b"one") is True and path.read_bytes() == b"one"
    assert write_if_changed(path, b"one") is False
    assert write_if_changed(path, b"two") is True and path.read_bytes() == b"two"


# -- the language zips -------------------------------------------------------------------------------
def documents(output: Path, edited: str = "") -> list[OutcomeResult]:
    """Three outcomes in English and French, each as PDF, DOCX and HTML (in that order: not sorted);
    ``edited`` is added to the English documents of o2."""
    results = []
    for number in (3, 1, 2):
        for language in ("en", "fr"):
            change = edited if (number, language) == (2, "en") else ""
            records = tuple(record(output, f"{language}/o{number}-summary-{language}.{extension}",
                                   (f"o{number} {language} {extension} {change}").encode() * 40)
                            for extension in ("pdf", "docx", "html"))
            results.append(OutcomeResult(f"o{number}", language, "f", records, 0.0))
    return results


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def fresh(tmp_path: Path, output: Path, results: list[OutcomeResult], name="fresh") -> dict[str, bytes]:
    """The zips a first build writes for the documents in ``output`` as they are now."""
    folder = tmp_path / name
    for result in results:
        for r in result.records:
            (folder / r.path).parent.mkdir(parents=True, exist_ok=True)
            (folder / r.path).write_bytes((output / r.path).read_bytes())
    write_language_zips(folder, session(), results)
    return {language: zip_path(folder, session(), language).read_bytes() for language in ("en", "fr")}


def current(output: Path) -> dict[str, bytes]:
    return {language: zip_path(output, session(), language).read_bytes() for language in ("en", "fr")}


def test_a_languages_zip_is_named_after_the_session_and_holds_its_documents_sorted_by_path(tmp_path):
    out = tmp_path / "out"
    assert zip_path(out, session(), "fr") == out / "wg-pinned-fr.zip"
    assert write_language_zips(out, session(), documents(out)) == [out / "wg-pinned-en.zip", out / "wg-pinned-fr.zip"]
    assert names(out / "wg-pinned-fr.zip") == sorted(f"fr/o{n}-summary-fr.{e}" for n in (1, 2, 3)
                                                      for e in ("pdf", "docx", "html"))


def test_each_member_is_dated_the_session_stored_or_deflated_by_format_and_readable_by_all(tmp_path):
    out = tmp_path / "out"
    write_language_zips(out, session(), documents(out))
    with zipfile.ZipFile(zip_path(out, session(), "en")) as archive:
        for info in archive.infolist():
            assert info.date_time == (2027, 3, 9, 0, 0, 0)
            assert info.external_attr == 0o644 << 16
            assert info.compress_type == (zipfile.ZIP_DEFLATED if info.filename.endswith(".html")
                                          else zipfile.ZIP_STORED), info.filename
            assert archive.read(info) == (out / info.filename).read_bytes()


def test_a_language_without_documents_gets_an_empty_zip(tmp_path):
    out = tmp_path / "out"
    results = [r for r in documents(out) if r.language == "en"]
    write_language_zips(out, session(("en", "fr", "es")), results)
    assert names(out / "wg-pinned-es.zip") == []
    assert len(names(out / "wg-pinned-en.zip")) == 9


def test_the_index_records_each_members_sha256_crc_and_size_per_zip(tmp_path):
    out = tmp_path / "out"
    results = documents(out)
    write_language_zips(out, session(), results)
    index = json.loads((out / INDEX).read_text(encoding="utf-8"))
    assert sorted(index) == ["wg-pinned-en.zip", "wg-pinned-fr.zip"]
    with zipfile.ZipFile(out / "wg-pinned-fr.zip") as archive:
        assert index["wg-pinned-fr.zip"] == {i.filename: [hashlib.sha256(archive.read(i)).hexdigest(), i.CRC,
                                                          i.file_size] for i in archive.infolist()}


def test_nothing_changed_leaves_the_zips_and_the_index_untouched(tmp_path):
    out = tmp_path / "out"
    write_language_zips(out, session(), documents(out))
    for path in [*out.glob("*.zip"), out / INDEX]:
        os.utime(path, ns=(0, 0))
    assert write_language_zips(out, session(), documents(out)) == []
    assert write_language_zips(out, session(("fr", "en")), documents(out)) == []  # the same zips, listed otherwise
    assert all(p.stat().st_mtime_ns == 0 for p in [*out.glob("*.zip"), out / INDEX])


def test_an_empty_zip_that_is_current_is_left_alone(tmp_path):
    out = tmp_path / "out"
    write_language_zips(out, session(("es",)), [])
    os.utime(out / "wg-pinned-es.zip", ns=(0, 0))
    assert write_language_zips(out, session(("es",)), []) == []
    assert (out / "wg-pinned-es.zip").stat().st_mtime_ns == 0


def test_a_changed_document_changes_its_zip_and_the_index_only(tmp_path):
    out = tmp_path / "out"
    write_language_zips(out, session(), documents(out))
    os.utime(out / "wg-pinned-fr.zip", ns=(0, 0))
    results = documents(out, edited="edited")
    assert write_language_zips(out, session(), results) == [out / "wg-pinned-en.zip"]
    assert (out / "wg-pinned-fr.zip").stat().st_mtime_ns == 0
    assert current(out) == fresh(tmp_path, out, results)


def test_a_document_dropped_from_the_build_is_dropped_from_its_zip(tmp_path):
    out = tmp_path / "out"
    results = documents(out)
    write_language_zips(out, session(), results)
    fewer = [r for r in results if r.outcome != "o1"]
    assert write_language_zips(out, session(), fewer) == [out / "wg-pinned-en.zip", out / "wg-pinned-fr.zip"]
    assert not any("o1-" in name for name in names(out / "wg-pinned-en.zip"))
    assert current(out) == fresh(tmp_path, out, fewer)


def test_a_document_added_between_others_goes_in_its_place_and_the_rest_is_copied(tmp_path):
    out = tmp_path / "out"
    results = documents(out)
    write_language_zips(out, session(), [r for r in results if r.outcome != "o2"])
    expected = fresh(tmp_path, out, results)
    for path in out.glob("*/o[13]-*"):
        path.unlink()  # copied from the old zip, never read
    assert write_language_zips(out, session(), results) == [out / "wg-pinned-en.zip", out / "wg-pinned-fr.zip"]
    assert current(out) == expected


class Stream:
    """A file that can only be written to, in order."""

    def __init__(self):
        self.buffer = io.BytesIO()

    def write(self, data: bytes) -> int:
        return self.buffer.write(data)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("damage", ["a comment", "bytes before it", "a data descriptor", "an encrypted member",
                                    "no local header",
                                    "a gap between members", "an index that is a list",
                                    "an index of another zip", "an index that is not json"])
def test_a_zip_that_cannot_be_trusted_is_made_again_from_the_documents(tmp_path, damage):
    out = tmp_path / "out"
    results = documents(out)
    write_language_zips(out, session(), results)
    target = zip_path(out, session(), "en")
    index = json.loads((out / INDEX).read_text(encoding="utf-8"))
    if damage == "a comment":
        with zipfile.ZipFile(target, "a") as archive:
            archive.comment = b"added by hand"
    elif damage == "bytes before it":
        target.write_bytes(b"#!/bin/sh\n" + target.read_bytes())
    elif damage == "a data descriptor":  # as zipfile writes to a stream: sizes and CRC after the data
        stream = Stream()
        with zipfile.ZipFile(stream, "w") as archive:
            for name in sorted(x.path for r in results if r.language == "en" for x in r.records):
                info = zipfile.ZipInfo(name, (2027, 3, 9, 0, 0, 0))
                info.external_attr = 0o644 << 16
                archive.writestr(info, (out / name).read_bytes())
        target.write_bytes(stream.buffer.getvalue())
    elif damage == "an encrypted member":  # its flag set, in its local header and in the directory
        data = bytearray(target.read_bytes())
        with zipfile.ZipFile(target) as archive:
            offset = archive.infolist()[1].header_offset
            directory = archive.start_dir
        data[offset + 6] |= 1
        entry = data.index(b"PK\x01\x02", directory)
        entry = data.index(b"PK\x01\x02", entry + 4)  # the second member's entry
        data[entry + 8] |= 1
        target.write_bytes(bytes(data))
        with zipfile.ZipFile(target) as archive:
            assert archive.infolist()[1].flag_bits & 1
    elif damage == "no local header":  # the directory is right, the entry it points at is not there
        data = bytearray(target.read_bytes())
        data[0:4] = b"XXXX"
        target.write_bytes(bytes(data))
    elif damage == "a gap between members":  # the same members, a byte apart
        with zipfile.ZipFile(target) as old:
            members = [(info, old.read(info)) for info in old.infolist()]
        with zipfile.ZipFile(target, "w") as archive:
            for info, data in members:
                archive.writestr(info, data, compress_type=info.compress_type)
                archive.fp.write(b"\0")
                archive.start_dir += 1
    elif damage == "an index that is a list":
        (out / INDEX).write_text(json.dumps({**index, target.name: list(index[target.name].items())}))
    elif damage == "an index of another zip":
        (out / INDEX).write_text(json.dumps({**index, target.name: index["wg-pinned-fr.zip"]}))
    else:
        (out / INDEX).write_text("[1, 2")
    assert target in write_language_zips(out, session(), results)
    assert current(out) == fresh(tmp_path, out, results)
    assert json.loads((out / INDEX).read_text(encoding="utf-8")) == index


def test_a_zip_that_is_not_a_zip_is_replaced(tmp_path):
    out = tmp_path / "out"
    results = documents(out)
    write_language_zips(out, session(), results)
    zip_path(out, session(), "fr").write_bytes(b"PK\x03\x04 not really")
    assert write_language_zips(out, session(), results) == [zip_path(out, session(), "fr")]
    assert current(out) == fresh(tmp_path, out, results)


def test_without_copy_file_range_members_are_copied_through_memory_to_the_same_zip(tmp_path, monkeypatch):
    out = tmp_path / "out"
    results = documents(out)
    write_language_zips(out, session(), results)
    changed = documents(out, edited="edited")
    expected = fresh(tmp_path, out, changed)
    monkeypatch.delattr(os, "copy_file_range")
    for path in out.glob("*/o[13]-*"):
        path.unlink()  # copied from the old zip, never read
    write_language_zips(out, session(), changed)
    assert current(out) == expected


@pytest.mark.parametrize("kernel", [True, False])
def test_copying_past_the_end_of_the_old_zip_fails_saying_how_much_was_missing(tmp_path, monkeypatch, kernel):
    if not kernel:
        monkeypatch.delattr(os, "copy_file_range")
    (tmp_path / "source").write_bytes(b"0123456789")
    with open(tmp_path / "source", "rb") as source, open(tmp_path / "target", "wb") as target:
        _copy_range(source.fileno(), target.fileno(), 4, 2, 6)  # exactly to the end
        _copy_range(source.fileno(), target.fileno(), 0, 8, 1)  # a single byte
        with pytest.raises(OSError, match="^the zip being updated ended 3 bytes early$"):
            _copy_range(source.fileno(), target.fileno(), 3, 0, 10)
    assert (tmp_path / "target").read_bytes() == b"345678990"  # "456789" at 2, "0" at 8, then "3456789" at 0


def test_a_large_member_is_copied_whole_through_memory(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "copy_file_range")
    data = os.urandom((1 << 20) * 2 + 5)  # more than one read of 1 MiB
    (tmp_path / "source").write_bytes(b"xx" + data)
    with open(tmp_path / "source", "rb") as source, open(tmp_path / "target", "wb") as target:
        _copy_range(source.fileno(), target.fileno(), 2, 0, len(data))
    assert (tmp_path / "target").read_bytes() == data


def test_members_with_extra_fields_in_their_headers_are_copied_whole(tmp_path):
    """An old zip whose local headers carry extra fields (as other tools write them), with the
    contents the index recorded: its members are copied with their extra fields, readable."""
    out = tmp_path / "out"
    results = documents(out)
    write_language_zips(out, session(), results)
    target = zip_path(out, session(), "en")
    with zipfile.ZipFile(target) as old:
        members = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(target, "w") as archive:
        for info, data in members:
            info.extra = b"UT\x05\x00\x01\x00\x00\x00\x00"  # a time stamp, nine bytes
            archive.writestr(info, data, compress_type=info.compress_type)
    changed = documents(out, edited="edited")
    for path in out.glob("en/o[13]-*"):
        path.unlink()  # copied from the old zip, never read
    assert write_language_zips(out, session(), changed) == [target]
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert [i.filename for i in archive.infolist()] == [i.filename for i, _ in members]
        for info, data in members:
            if "/o2-" not in info.filename:
                assert archive.read(info.filename) == data
        assert b"edited" in archive.read("en/o2-summary-en.pdf")
