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

Language pairs are the mode files Apertium itself lists (``apertium -l`` reads the same
directory), named with two- or three-letter codes (``eng-spa``, ``fr-es``); variants such as
``spa-eng_US`` or ``eco-es-fr`` are not used.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
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
# Apertium's output, token by token: an escaped character, a (super)blank, any other character
_STREAM_TOKEN = re.compile(r"\\(.)|\[((?:[^\]\\]|\\.)*)\]|(.)", re.DOTALL)


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

    def _run(self, mode: str, segments: list[str]) -> list[str]:
        command = [self.executable, "-z", "-u", "-f", "none", "-d", str(self.datadir), mode]
        stream = "".join(_to_stream(segment) + "\0" for segment in segments)
        chunks = _run_with_timeout(command, stream, self.timeout, self.name, mode).split("\0")
        # the programs of the pipeline may each add a NUL of their own when the input ends
        if len(chunks) < len(segments) or any(chunks[len(segments):]):
            raise EngineError(f"{mode} returned {sum(map(bool, chunks))} segments for {len(segments)}; "
                              f"its output cannot be matched to the input", "engine.segment-mismatch",
                              engine=self.name, field=mode)
        return [_from_stream(chunk) for chunk in chunks[:len(segments)]]


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
    for escaped, blank, plain in _STREAM_TOKEN.findall(chunk):
        if escaped or plain:
            pieces.append(escaped or plain)
        elif blank:
            pieces.append(re.sub(r"\\(.)", r"\1", blank, flags=re.DOTALL))
        elif pieces and pieces[-1] == ".":
            pieces.pop()  # an empty blank after "." is the end mark: both go
    return "".join(pieces)


def _run_with_timeout(command: list[str], text: str, timeout: float, engine: str, mode: str) -> str:
    """Runs ``command`` on ``text``; a crash or a hang becomes EngineError.

    ``apertium`` is a shell script starting a pipeline of programs, so the whole process group is
    killed on timeout: killing the script alone would leave the pipeline holding the output open.
    """
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, encoding="utf-8", errors="replace",
                                   start_new_session=True)
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
    if process.returncode != 0:
        detail = " ".join(errors.split())[-300:] or "no message"
        raise EngineError(f"{mode} failed (exit status {process.returncode}): {detail}", "engine.failed",
                          engine=engine, field=mode)
    return output
