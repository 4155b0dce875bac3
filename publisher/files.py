"""Reading input files safely and writing output files so that nothing half-written ever looks finished."""
from __future__ import annotations

import json
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import EXIT_UNREADABLE, PublisherError
from .findings import Finding, printable_name


def _process_umask() -> int:
    """The umask, read without setting it (``os.umask`` sets it process-wide, racing other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


_OUTPUT_MODE = 0o666 & ~_process_umask()  # read once, at import, before any thread starts


def write_atomic(path: Path, data: bytes) -> None:
    """Writes ``data`` to a temporary file beside ``path``, flushes it, then renames it into place.

    A crash or a full disk leaves either the old file or no file, never a truncated one. Every
    failure to write (a read-only folder, a folder that is a file, a full disk) is the finding
    ``output.write-failed``; the mode is set on the file itself (the process umask is left alone).
    """
    with atomic_output(path) as handle:
        handle.write(data)


@contextmanager
def atomic_output(path: Path):
    """``write_atomic`` for a file written piece by piece: yields a binary file object (readable and
    seekable) on a temporary file beside ``path``, which replaces ``path`` when the block ends without
    an error and is removed when it raises."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(descriptor, "w+b") as handle:
            os.fchmod(handle.fileno(), _OUTPUT_MODE)  # mkstemp makes 0600; outputs are ordinary files
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        other = f" ({printable_name(error.filename)})" if error.filename and error.filename != temporary else ""
        raise PublisherError(Finding(printable_name(path), 0, 0, "", f"cannot be written: "
                                     f"{error.strerror or error}{other}", "output.write-failed"),
                             exit_code=EXIT_UNREADABLE) from None
    except BaseException:
        _remove(temporary)
        raise


def read_json_object(path: Path) -> dict:
    """A JSON object this program wrote for itself (a build's state, an index), or {} when it is
    missing, damaged or not an object: such a file is a cache, and is made again."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _remove(temporary: str | None) -> None:
    if temporary is not None:
        Path(temporary).unlink(missing_ok=True)


def read_regular_file(path: Path | str, limit: int, *, what: str = "an input file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or PublisherError (exit 2).

    A device (``/dev/zero``), a named pipe or a socket is refused before a byte is read (opening a
    pipe does not wait for a writer), and never more than ``limit`` + 1 bytes are read, whatever
    the size the file claims: ``input.not-a-file``, ``input.too-large``, ``input.missing-file``,
    ``input.unreadable``.
    """
    name = printable_name(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise _unreadable(name, "no such file", "input.missing-file") from None
    except IsADirectoryError:
        raise _unreadable(name, "is a directory, not a file", "input.not-a-file") from None
    except OSError as error:
        raise _special_file(name, path) or _unreadable(name, f"cannot be read: {error.strerror or error}",
                                                       "input.unreadable") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise _unreadable(name, "is a directory, not a file", "input.not-a-file")
        if not stat.S_ISREG(mode):
            raise _unreadable(name, f"is a {_file_kind(mode)}, not a regular file; only regular files are read",
                              "input.not-a-file")
        os.set_blocking(descriptor, True)
        data = _read_at_most(descriptor, limit + 1)
    except OSError as error:
        raise _unreadable(name, f"cannot be read: {error.strerror or error}", "input.unreadable") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise _unreadable(name, f"is larger than {limit / (1024 * 1024):.3g} MB, the most {what} may have",
                          "input.too-large")
    return data


def _special_file(name: str, path: Path | str) -> PublisherError | None:
    """The refusal of a file that cannot even be opened for its kind (a socket cannot be opened)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _unreadable(name, f"is a {_file_kind(mode)}, not a regular file; only regular files are read",
                       "input.not-a-file")


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _unreadable(name: str, message: str, code: str) -> PublisherError:
    return PublisherError(Finding(name, 0, 0, "", message, code), exit_code=EXIT_UNREADABLE)
