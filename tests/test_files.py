"""Output files appear whole or not at all."""
from __future__ import annotations

import errno
import os

import pytest

from publisher.errors import PublisherError
from publisher.files import write_atomic


def test_a_file_is_written_whole(tmp_path):
    target = tmp_path / "deep" / "out.pdf"
    write_atomic(target, b"%PDF-1.7 whole")
    assert target.read_bytes() == b"%PDF-1.7 whole"
    assert [p.name for p in target.parent.iterdir()] == ["out.pdf"]


def test_a_full_disk_leaves_the_previous_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous edition")

    def disk_full(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(PublisherError) as raised:
        write_atomic(target, b"new edition")
    assert raised.value.findings[0].code == "output.write-failed"
    assert "No space left on device" in raised.value.findings[0].message
    assert target.read_bytes() == b"previous edition"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_an_interrupted_write_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"

    def interrupted(_descriptor):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new edition")
    assert list(tmp_path.iterdir()) == []
