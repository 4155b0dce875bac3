"""Apertium, the rule-based engine of the Debian packages apertium, apertium-eng-spa, apertium-fr-es.

A batch goes through ONE ``apertium`` process per hop, in null-flush mode (``-z -f none``): each
segment is a chunk of Apertium's own stream format ended by a NUL character, and every program of
the pipeline answers each chunk with one chunk and starts the next one afresh. So the output splits
back 1:1, and a segment translates the same alone or in a batch. (Apertium's HTML format, with one
block per segment, also keeps the count, but carries state from one segment into the next, the
tagger's context and the transfer rules' variables: "Les auteurs" came out as "Las autoras" after
some sentences and as "Los autores" alone. Plain lines, ``-f line``, even move words across.)

The stream format is written and read here, as Apertium's deformatters would: the characters the
format reserves are escaped, a "." and an empty blank end each segment, and each placeholder
``⟦n⟧`` becomes a superblank ``[⟦n⟧]``, which no program translates, splits or moves within.
Written as plain text, a placeholder is read as a number and mangled with the words around it
("⟦mayo de 1⟧"), in about one dated sentence in ten.

A pipeline that hangs is stopped, with all its programs, after ``timeout`` seconds per batch and hop:
``PUBLISHER_ENGINE_TIMEOUT`` when set, else 120 (``engine.timeout``, naming the engine and mode).
Each process gets a temporary folder of its own (``TMPDIR``), removed when it ends: the ``apertium``
script's temporary files would otherwise stay in /tmp when it is stopped (its clean-up never runs).

A pipeline may also feed a one-hop route segment by segment as it prepares them (``stream``): one
process, the same chunks, the same timeout once the input ends; the engine translates while the
pipeline is still looking up the memory, and the pipeline checks translations as they come and may
send more segments after reading the first answers (its fallback), into the same process.

Language pairs are the mode files Apertium itself lists (``apertium -l`` reads the same
directory), named with two- or three-letter codes (``eng-spa``, ``fr-es``); variants such as
``spa-eng_US`` or ``eco-es-fr`` are not used.
"""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from . import (PLACEHOLDER, TIMEOUT_VARIABLE, EngineError, Route, argos_hint, configured_timeout, describe,
               find_route, required_route)

DEFAULT_DATADIR = "/usr/share/apertium"

# ISO 639-3 (and 639-2/B) codes Apertium uses for the UN languages.
_TWO_LETTER = {"eng": "en", "spa": "es", "fra": "fr", "fre": "fr", "rus": "ru", "ara": "ar",
               "zho": "zh", "chi": "zh", "cmn": "zh"}
_MODE_NAME = re.compile(r"([a-z]{2,3})-([a-z]{2,3})")
# Debian packages with an Apertium pair between two UN languages (apt-cache search apertium).
_DEBIAN_PACKAGES = {frozenset({"en", "es"}): "apertium-eng-spa", frozenset({"fr", "es"}): "apertium-fr-es"}

_RESERVED = re.compile(r"([\[\]^$/\\@{}<>])")  # escaped with a backslash in the stream format
_END_MARK = ".[]"  # a sentence end added by a deformatter, which its reformatter removes
# Apertium's output, token by token: an escaped character, a (super)blank, a run of other characters (or a "["
# that opens no blank)
_STREAM_TOKEN = re.compile(r"\\(.)|\[((?:[^\]\\]|\\.)*)\]|([^\\\[]+|.)", re.DOTALL)
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


class ApertiumEngine:
    name = "apertium"

    def __init__(self, executable: str = "apertium", datadir: str | Path | None = None,
                 timeout: float | None = None):
        self.executable = executable
        self.datadir = Path(datadir or os.environ.get("APERTIUM_DATADIR") or DEFAULT_DATADIR)
        self.timeout = timeout if timeout is not None else configured_timeout()

    def modes(self) -> dict[tuple[str, str], str]:
        """Installed directions, by pair of our language codes: ``{("en", "es"): "eng-spa", ...}``."""
        found: dict[tuple[str, str], str] = {}
        for mode_file in sorted((self.datadir / "modes").glob("*.mode")):
            match = _MODE_NAME.fullmatch(mode_file.stem)
            if match:
                pair = (_TWO_LETTER.get(match[1], match[1]), _TWO_LETTER.get(match[2], match[2]))
                found.setdefault(pair, mode_file.stem)
        return found

    def routes(self, source: str, target: str) -> Route | None:
        if shutil.which(self.executable) is None:
            return None
        return find_route(self.modes(), source, target)

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        if not segments:
            return []
        route = required_route(self, source, target)
        modes = self.modes()
        for hop in route:
            segments = self._run(modes[hop], segments)
        return segments

    def describe_route(self, source: str, target: str) -> str:
        return describe(self.name, source, target, self.routes(source, target))

    def missing_help(self, source: str, target: str) -> str:
        if shutil.which(self.executable) is None:
            return (f"install Apertium and its language pairs (Debian: apt-get install apertium "
                    f"{' '.join(sorted(_DEBIAN_PACKAGES.values()))}); `{self.executable}` is not on PATH")
        route = self.routes(source, target)
        if route is not None:
            return f"nothing to install: {describe(self.name, source, target, route)}"
        packaged = {(a, b) for pair in _DEBIAN_PACKAGES for a in pair for b in pair if a != b}
        packaged_route = find_route(packaged, source, target)
        if packaged_route is None:
            return (f"no Apertium pair links {source} and {target}, directly or through a pivot (installed: "
                    f"{', '.join(sorted(self.modes().values())) or 'none'}); {argos_hint(source, target)}")
        packages = sorted({_DEBIAN_PACKAGES[frozenset(hop)] for hop in packaged_route})
        return (f"install the Apertium pairs for {describe(self.name, source, target, packaged_route)} "
                f"(Debian: apt-get install {' '.join(packages)})")

    def stream(self, source: str, target: str) -> SegmentStream | None:
        """A running Apertium for a one-hop route, fed one segment at a time; None for other routes."""
        route = self.routes(source, target)
        if route is None or len(route) != 1:
            return None
        mode = self.modes()[route[0]]
        return SegmentStream(self._command(mode), self.timeout, self.name, mode)

    def _command(self, mode: str) -> list[str]:
        return [self.executable, "-z", "-u", "-f", "none", "-d", str(self.datadir), mode]

    def _run(self, mode: str, segments: list[str]) -> list[str]:
        stream = "".join(_to_stream(segment) + "\0" for segment in segments)
        chunks = _run_with_timeout(self._command(mode), stream, self.timeout, self.name, mode).split("\0")
        _check_count(chunks, len(segments), self.name, mode)
        return [_from_stream(chunk) for chunk in chunks[:len(segments)]]


def _check_count(chunks: list, sent: int, engine: str, mode: str) -> None:
    # the programs of the pipeline may each add a NUL of their own when the input ends
    if len(chunks) < sent or any(chunks[sent:]):
        raise EngineError(f"{mode} returned {sum(map(bool, chunks))} segments for {sent}; "
                          f"its output cannot be matched to the input", "engine.segment-mismatch",
                          engine=engine, field=mode)


_ENDED = object()  # the reader's mark: the output is closed
_READ_PAUSE = 0.01  # seconds between two reads of the output: Apertium writes each segment apart, and a read (a
# thread woken, the interpreter's lock taken from the thread preparing the next sentences) per segment cost more
# than the segments wait
_SEND_EVERY = 16  # segments handed to the writer thread at once: fewer thread switches, still a steady flow
_IDLE = 3.0  # seconds without an answer after which an input kept open is closed (at most the timeout)
_HELD_BACK = 2  # segments Apertium's programs keep until more come or the input ends (its tagger reads ahead)
_FILLER = ""  # an empty segment, answered by an empty one: sent behind the last ones to bring their answers out


class SegmentStream:
    """One Apertium process fed segment by segment (``send``) while it translates; ``results`` then
    gives the translations in order, as they come, and checks the end as ``translate`` does: the
    same count, exit status 0, done within ``timeout`` seconds of the last segment sent.

    ``results(keep_input=True)`` leaves the input open while the first translations are read, so
    that more segments can be sent after them (the pipeline's fallback: engine_run.Feed) until
    ``end_input``. Apertium answers each segment as it comes (null-flush mode), but only once two
    more have followed it or its input has ended: a segment awaited with fewer behind it gets
    empty ones (``_FILLER``), whose answers are dropped. An engine that answers nothing before its
    input ends (a program that runs the segments together) has its input closed for it after
    ``_IDLE`` seconds of silence (or the timeout, when shorter): ``accepting`` then says that no
    segment can be added.

    A writer and a reader thread keep the pipes moving, so neither side can block the other; a
    stream given up without ``results`` is stopped by ``close``."""

    def __init__(self, command: list[str], timeout: float, engine: str, mode: str):
        self.timeout, self.engine, self.mode = timeout, engine, mode
        self.sent = 0  # segments sent by the caller
        self._written = 0  # the same and the fillers, in the order written
        self._fillers: set[int] = set()  # the fillers' places in that order
        self._last_sent = -1  # the place of the caller's last segment
        self.accepting = True  # the input is open: ``send`` may add segments
        self._deadline = 0.0  # once the input is closed: when the last answer is due
        self._unsent: list[str] = []
        self._errors = tempfile.TemporaryFile()
        self._folder = _scratch_folder()
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors,
                                            start_new_session=True, env=_with_tmpdir(self._folder.name))
        except OSError as error:
            self._folder.cleanup()
            raise EngineError(f"cannot start {command[0]}: {error.strerror or error}", "engine.failed",
                              engine=engine, field=mode) from None
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._write, daemon=True),
                         threading.Thread(target=self._read, daemon=True)]
        for thread in self._threads:
            thread.start()

    def send(self, segment: str) -> None:
        if not self.accepting:
            raise ValueError(f"{self.engine} {self.mode}: a segment sent after the input was closed")
        self._write_segment(segment)
        self._last_sent = self._written - 1
        self.sent += 1
        if len(self._unsent) >= _SEND_EVERY:
            self._flush()

    def _write_segment(self, segment: str) -> None:
        self._unsent.append(_to_stream(segment) + "\0")
        self._written += 1

    def _flush(self) -> None:
        if self._unsent:
            self._inbox.put("".join(self._unsent).encode("utf-8"))
            self._unsent = []

    def end_input(self) -> None:
        """Closes the input (every segment sent goes to the engine first); the last answer is due
        within ``timeout`` seconds from now."""
        if self.accepting:
            self._flush()
            self._inbox.put(None)
            self.accepting = False
            self._deadline = time.monotonic() + self.timeout

    def results(self, keep_input: bool = False) -> Iterator[str]:
        """The translation of each segment sent, in order; EngineError for a hang, a crash or a count
        that differs. With ``keep_input``, the input stays open until ``end_input`` (see the class)."""
        if not keep_input:
            self.end_input()
        received = []
        try:
            while True:
                chunk = self._next_chunk(len(received))
                if chunk is _ENDED:
                    break
                received.append(chunk)
                if len(received) <= self._written and len(received) - 1 not in self._fillers:
                    yield _from_stream(chunk.decode("utf-8", errors="replace"))
            status = self.process.wait(timeout=max(self._deadline - time.monotonic(), 0.1))
            if status != 0:
                self._errors.seek(0)
                detail = " ".join(self._errors.read().decode("utf-8", "replace").split())[-300:] or "no message"
                raise EngineError(f"{self.mode} failed (exit status {status}): {detail}", "engine.failed",
                                  engine=self.engine, field=self.mode)
            _check_count(received, self._written, self.engine, self.mode)
        finally:
            self.close()

    def _next_chunk(self, received: int):
        """The chunk after the first ``received`` of the output (or _ENDED), waiting at most until
        the deadline once the input is closed; with the input still open, fillers go behind a
        segment of the caller's awaited, and the input is closed after a silence (see the class)."""
        while True:
            while self.accepting and received <= self._last_sent and self._written < received + 1 + _HELD_BACK:
                self._fillers.add(self._written)
                self._write_segment(_FILLER)
            self._flush()  # segments sent since the last wait
            if self.accepting:
                wait = min(_IDLE, self.timeout)
            else:
                wait = max(self._deadline - time.monotonic(), 0)
            try:
                return self._outbox.get(timeout=wait)
            except queue.Empty:
                if not self.accepting:
                    raise EngineError(f"{self.engine} {self.mode} did not finish within {self.timeout:g} s and was "
                                      f"stopped (a longer wait: {TIMEOUT_VARIABLE}=SECONDS)", "engine.timeout",
                                      engine=self.engine, field=self.mode) from None
                self.end_input()  # no answer before the input ends: this engine runs its segments together

    def close(self) -> None:
        """Stops the process and every program it started, if still running; lets the threads end."""
        self.accepting = False
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
        self._folder.cleanup()
        self._inbox.put(None)
        for thread in self._threads:
            thread.join(timeout=5)

    def _write(self) -> None:
        stdin = self.process.stdin
        try:
            while (data := self._inbox.get()) is not None:
                stdin.write(data)
                if self._inbox.empty():
                    stdin.flush()
            stdin.close()
        except (OSError, ValueError):
            pass  # the process has ended: its reader and ``results`` say how

    def _read(self) -> None:
        pending = b""
        stdout = self.process.stdout.fileno()
        try:
            while data := os.read(stdout, 1 << 16):
                *chunks, pending = (pending + data).split(b"\0")
                for chunk in chunks:
                    self._outbox.put(chunk)
                time.sleep(_READ_PAUSE)
        except OSError:
            pass
        if pending:
            self._outbox.put(pending)  # an unterminated last chunk: counted, so a mismatch is seen
        self._outbox.put(_ENDED)
        self.process.stdout.close()


def _to_stream(segment: str) -> str:
    """The segment in Apertium's stream format, each placeholder a superblank."""
    pieces = []
    last = 0
    for placeholder in PLACEHOLDER.finditer(segment):
        pieces.append(_escape(segment[last:placeholder.start()]))
        pieces.append(f"[{placeholder.group()}]")
        last = placeholder.end()
    pieces.append(_escape(segment[last:]))
    return "".join(pieces) + _END_MARK


def _escape(text: str) -> str:
    # NUL would end the chunk; "~" would be read by the post-generator as a mark of its own
    return _RESERVED.sub(r"\\\1", text.replace("\0", " ")).replace("~", "[~]")


def _from_stream(chunk: str) -> str:
    """Apertium's output back to text: escapes undone, blanks unwrapped, the end mark removed."""
    pieces: list[str] = []
    plain: list[bool] = []  # per piece: characters of the text (a run, an escaped one), not a blank's content
    for escaped, blank, characters in _STREAM_TOKEN.findall(chunk):
        if escaped or characters:
            pieces.append(escaped or characters)
            plain.append(True)
        elif blank:
            pieces.append(_ESCAPED.sub(r"\1", blank))
            plain.append(False)
        elif pieces and pieces[-1].endswith(".") and (plain[-1] or pieces[-1] == "."):
            pieces[-1] = pieces[-1][:-1]  # an empty blank after "." is the end mark: both go
            if not pieces[-1]:
                pieces.pop()
                plain.pop()
    return "".join(pieces)


def _run_with_timeout(command: list[str], text: str, timeout: float, engine: str, mode: str) -> str:
    """Runs ``command`` on ``text``; a crash or a hang becomes EngineError.

    ``apertium`` is a shell script starting a pipeline of programs, so the whole process group is
    killed on timeout: killing the script alone would leave the pipeline holding the output open.
    """
    with _scratch_folder() as folder:
        output, errors, returncode = _communicate(command, text, timeout, folder, engine, mode)
    if returncode != 0:
        detail = " ".join(errors.split())[-300:] or "no message"
        raise EngineError(f"{mode} failed (exit status {returncode}): {detail}", "engine.failed",
                          engine=engine, field=mode)
    return output


def _communicate(command: list[str], text: str, timeout: float, folder: str, engine: str,
                 mode: str) -> tuple[str, str, int]:
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, encoding="utf-8", errors="replace",
                                   start_new_session=True, env=_with_tmpdir(folder))
    except OSError as error:
        raise EngineError(f"cannot start {command[0]}: {error.strerror or error}", "engine.failed",
                          engine=engine, field=mode) from None
    try:
        output, errors = process.communicate(text, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it ended between the timeout and the kill
        process.communicate()
        raise EngineError(f"{engine} {mode} did not finish within {timeout:g} s and was stopped (a longer wait: "
                          f"{TIMEOUT_VARIABLE}=SECONDS)", "engine.timeout", engine=engine, field=mode) from None
    return output, errors, process.returncode


def _scratch_folder() -> tempfile.TemporaryDirectory:
    """A temporary folder for one Apertium process and the programs it starts (their TMPDIR)."""
    return tempfile.TemporaryDirectory(prefix="publisher-apertium-", ignore_cleanup_errors=True)


def _with_tmpdir(folder: str) -> dict[str, str]:
    return {**os.environ, "TMPDIR": folder}
