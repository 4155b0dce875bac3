"""How input files are read and output files given their mode, in the words a user sees: each refusal
names the file, says what it is, and carries its rule; nothing beyond the limit is ever read."""
from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
import textwrap

import pytest

from publisher import files
from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.files import read_regular_file, write_atomic

MB = 1024 * 1024


def _refusal(path, limit=MB, **options):
    with pytest.raises(PublisherError) as raised:
        read_regular_file(path, limit, **options)
    assert raised.value.exit_code == EXIT_UNREADABLE
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.column, finding.field) == (str(path), 0, 0, "")
    return finding.code, finding.message


def test_a_regular_file_is_read_whole_even_when_it_takes_many_reads(tmp_path):
    data = bytes(range(256)) * (3 * MB // 256) + b"tail"
    path = tmp_path / "big.yaml"
    path.write_bytes(data)
    assert read_regular_file(path, 4 * MB) == data
    assert read_regular_file(str(path), len(data)) == data


def test_a_reader_that_gets_short_reads_still_gets_every_byte(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"0123456789" * 100)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda descriptor, count: real_read(descriptor, min(count, 7)))
    assert read_regular_file(path, 1000) == b"0123456789" * 100


def test_never_more_than_one_byte_past_the_limit_is_read(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * 5000)
    asked = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda descriptor, count: asked.append(count) or real_read(descriptor, count))
    with pytest.raises(PublisherError):
        read_regular_file(path, 100)
    assert sum(asked) == 101


def test_a_file_over_the_limit_is_refused_with_the_limit_in_megabytes(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * (2 * MB + 1))
    assert _refusal(path, 2 * MB) == ("input.too-large", "is larger than 2 MB, the most an input file may have")
    assert _refusal(path, 2 * MB, what="a glossary")[1] == "is larger than 2 MB, the most a glossary may have"


def test_a_limit_that_is_not_a_whole_number_of_megabytes_is_said_as_it_is(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * (3 * MB // 2 + 1))
    assert _refusal(path, 3 * MB // 2)[1] == "is larger than 1.5 MB, the most an input file may have"


def test_a_megabyte_of_the_limit_is_1024_times_1024_bytes(tmp_path):
    limit = int(1.2351 * MB)  # 1.2351 MB, said to three figures; in units of 1,025 KiB it would be 1.23
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * (limit + 1))
    assert _refusal(path, limit)[1] == "is larger than 1.24 MB, the most an input file may have"


def test_a_directory_refused_when_opened_is_not_a_file(tmp_path, monkeypatch):
    """Where opening a directory fails (IsADirectoryError), it is said as on Linux, where its mode says it."""
    def refused(path, flags):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))

    monkeypatch.setattr(os, "open", refused)
    assert _refusal(tmp_path / "folder") == ("input.not-a-file", "is a directory, not a file")


def test_a_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a" * 4096)
    assert read_regular_file(path, 4096) == b"a" * 4096


def test_a_missing_file_is_said_to_be_missing(tmp_path):
    assert _refusal(tmp_path / "none.yaml") == ("input.missing-file", "no such file")


def test_a_directory_is_not_a_file(tmp_path):
    assert _refusal(tmp_path) == ("input.not-a-file", "is a directory, not a file")


def test_a_directory_seen_only_once_open_is_not_a_file(tmp_path, monkeypatch):
    """Some systems open a directory read-only without complaint: its mode still refuses it."""
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, flags: real_open(tmp_path, os.O_RDONLY))
    assert _refusal(tmp_path / "x.yaml") == ("input.not-a-file", "is a directory, not a file")


@pytest.mark.parametrize("make, kind", [
    (lambda path: os.mkfifo(path), "named pipe (FIFO)"),
    (lambda path: socket.socket(socket.AF_UNIX).bind(str(path)), "socket")])
def test_a_pipe_or_socket_is_refused_by_its_kind_before_a_byte_is_read(tmp_path, make, kind):
    path = tmp_path / "special"
    make(path)
    assert _refusal(path) == ("input.not-a-file", f"is a {kind}, not a regular file; only regular files are read")


def test_a_device_is_refused_as_a_device():
    assert _refusal("/dev/zero") == ("input.not-a-file", "is a device, not a regular file; only regular files are read")


def test_a_kind_of_file_without_a_name_is_a_special_file():
    assert files._file_kind(stat.S_IFBLK) == "device"
    assert files._file_kind(stat.S_IFCHR) == "device"
    assert files._file_kind(0) == "special file"


def test_a_file_that_cannot_be_opened_says_why(tmp_path, monkeypatch):
    def refused(path, flags):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "open", refused)
    assert _refusal(tmp_path / "x.yaml") == ("input.unreadable", "cannot be read: Permission denied")


def test_a_file_that_fails_while_being_read_says_why_and_is_closed(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"text")
    closed = []
    real_close = os.close
    monkeypatch.setattr(os, "close", lambda descriptor: closed.append(descriptor) or real_close(descriptor))

    def failing(descriptor, count):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "read", failing)
    assert _refusal(path) == ("input.unreadable", "cannot be read: Input/output error")
    assert len(closed) == 1


def test_outputs_take_the_mode_the_umask_allows_even_under_a_name_that_is_not_ascii(tmp_path):
    """The umask is read from /proc/self/status, whose Name: line holds the program's name as it
    is, in any encoding; it is read with the umask 027 set before the program starts."""
    program = tmp_path / "pubłisher-ü"
    program.symlink_to(sys.executable)
    script = textwrap.dedent(f"""
        import os, pathlib
        from publisher import files
        print(oct(files._process_umask()), oct(files._OUTPUT_MODE))
        files.write_atomic(pathlib.Path({str(tmp_path / 'out.txt')!r}), b"x")
        print(oct(os.stat({str(tmp_path / 'out.txt')!r}).st_mode & 0o777))
    """)
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    result = subprocess.run(["sh", "-c", 'umask 027 && exec "$0" -c "$1"', str(program), script],
                            env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0o27", "0o640", "0o640"]


def test_without_proc_the_usual_umask_is_assumed(monkeypatch):
    def no_proc(*arguments, **options):
        raise FileNotFoundError(errno.ENOENT, "no /proc")

    monkeypatch.setattr(files, "open", no_proc, raising=False)
    assert files._process_umask() == 0o022


def _status_file(monkeypatch, tmp_path, content: bytes):
    """/proc/self/status replaced by ``content``; any other path opens as it is."""
    status = tmp_path / "status"
    status.write_bytes(content)
    real_open = open
    monkeypatch.setattr(files, "open", lambda path, *arguments, **options: real_open(
        status if path == "/proc/self/status" else path, *arguments, **options), raising=False)


def test_the_umask_is_the_octal_number_of_its_line_whatever_bytes_the_name_line_holds(monkeypatch, tmp_path):
    _status_file(monkeypatch, tmp_path, b"Name:\tpub\xc5\x82isher \xff\nUmask:\t0077\nState:\tR (running)\n")
    assert files._process_umask() == 0o077


def test_a_status_without_a_umask_line_gives_the_usual_umask(monkeypatch, tmp_path):
    _status_file(monkeypatch, tmp_path, b"Name:\tpublisher\numask:\t0077\nState:\tR (running)\n")
    assert files._process_umask() == 0o022


@pytest.mark.parametrize("make", [lambda path: path.write_text("x"), lambda path: path.mkdir()])
def test_a_file_or_folder_that_exists_but_cannot_be_opened_says_why(tmp_path, monkeypatch, make):
    path = tmp_path / "x.yaml"
    make(path)

    def refused(path, flags):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "open", refused)
    assert _refusal(path) == ("input.unreadable", "cannot be read: Permission denied")


def test_a_write_failure_names_the_file_and_the_reason(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PublisherError) as raised:
        write_atomic(blocker / "out.pdf", b"x")
    [finding] = raised.value.findings
    assert raised.value.exit_code == EXIT_UNREADABLE
    assert (finding.file, finding.code) == (str(blocker / "out.pdf"), "output.write-failed")
    assert finding.message.startswith(("cannot be written: Not a directory", "cannot be written: File exists"))
    assert str(blocker) in finding.message  # the file in the way is named
    assert list(tmp_path.iterdir()) == [blocker]
