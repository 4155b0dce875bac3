"""Writing output files so that nothing half-written ever looks finished."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import EXIT_UNREADABLE, PublisherError
from .findings import Finding


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Writes ``data`` to a temporary file beside ``path``, flushes it, then renames it into place.

    A crash or a full disk leaves either the old file or no file, never a truncated one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise PublisherError(Finding(str(path), 0, 0, "", f"cannot be written: {error.strerror or error}",
                                     "output.write-failed"), exit_code=EXIT_UNREADABLE) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
