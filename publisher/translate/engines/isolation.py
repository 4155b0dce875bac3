"""Engines that load models run them in a child process, under the rules Apertium's programs keep.

The model (CTranslate2 through Argos packages or a multilingual model) is loaded in a child Python
process (worker.py) that answers one batch at a time and keeps the model between batches. Its
failures stay out of the caller's process and are named, as Apertium's are:

* a batch not answered within ``timeout`` seconds per hop (``$PUBLISHER_ENGINE_TIMEOUT``, else
  120) stops the child, with any process it started (``engine.timeout``);
* a child that dies (a crash, a signal, the kernel's out-of-memory killer) is ``engine.failed``,
  with its exit status or signal and the end of what it wrote on standard error;
* the child's address space is capped (``RLIMIT_AS``) at ``memory_limit_mb``
  (``$PUBLISHER_ENGINE_MEMORY`` in MB, else 8192): a model or batch too large fails as
  ``engine.memory`` instead of swapping the machine to a halt; the child's peak resident memory
  is reported after every batch (``usage``), and the pipeline writes it in the QA report.

A failed child is never reused: the next batch starts a new one. Routes and help are worked out in
the caller's process from the files on disk, without loading any model.
"""
from __future__ import annotations

import json
import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path

from . import (TIMEOUT_VARIABLE, EngineError, Route, configured_timeout, describe, required_route)

MEMORY_VARIABLE = "PUBLISHER_ENGINE_MEMORY"
DEFAULT_MEMORY_MB = 8192
_HEADER = struct.Struct(">I")  # the length of each JSON message, before it
_PACKAGE_ROOT = Path(__file__).resolve().parents[3]  # the folder holding ``publisher``


def configured_memory_limit(engine_name: str) -> int:
    """MB of address space the engine's child may use: ``$PUBLISHER_ENGINE_MEMORY``, else DEFAULT_MEMORY_MB."""
    value = os.environ.get(MEMORY_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MEMORY_MB
    if not value.isdigit() or int(value) < 64:
        raise EngineError(f"{MEMORY_VARIABLE}={value!r} is not a whole number of MB from 64 up", "engine.bad-option",
                          engine=engine_name, field=MEMORY_VARIABLE)
    return int(value)


class IsolatedEngine:
    """An in-process engine class (``target``, "module:Class") run batch by batch in a child process."""

    name = ""
    target = ""

    def __init__(self, timeout: float | None = None, memory_limit_mb: int | None = None, **options):
        from . import engine_class  # noqa: PLC0415

        self.inner = engine_class(self.name, self.target)(**options)
        self.options = {key: str(value) if isinstance(value, Path) else value for key, value in options.items()}
        self.timeout = timeout if timeout is not None else configured_timeout(self.name)
        self.memory_limit_mb = memory_limit_mb if memory_limit_mb is not None else configured_memory_limit(self.name)
        self.usage: dict = {}
        self._child: _Child | None = None

    def routes(self, source: str, target: str) -> Route | None:
        return self.inner.routes(source, target)

    def describe_route(self, source: str, target: str) -> str:
        return describe(self.name, source, target, self.routes(source, target))

    def missing_help(self, source: str, target: str) -> str:
        return self.inner.missing_help(source, target)

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        if not segments:
            return []
        route = required_route(self, source, target)
        child = self._started()
        try:
            answer = child.ask({"segments": segments, "source": source, "target": target},
                               self.timeout * len(route))
        except EngineError:
            self.close()
            raise
        self.usage = {"peak_memory_mb": answer["peak_memory_mb"], "memory_limit_mb": self.memory_limit_mb}
        if "error" in answer:
            error = answer["error"]
            if error["code"] in ("engine.memory", "engine.failed"):
                self.close()  # a process that ran out of memory or broke is not trusted with the next batch
            raise EngineError(error["message"], error["code"], engine=self.name, field=error["field"])
        outputs = answer["outputs"]
        if not isinstance(outputs, list) or len(outputs) != len(segments):
            raise EngineError(f"the {self.name} process returned {len(outputs)} segments for {len(segments)}",
                              "engine.segment-mismatch", engine=self.name)
        return outputs

    def pid(self) -> int | None:
        """The child process's id while one runs (for tests and diagnostics)."""
        return self._child.process.pid if self._child else None

    def close(self) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None

    def _started(self) -> _Child:
        if self._child is None:
            self._child = _Child(self.name, self.target, self.options, self.memory_limit_mb)
            weakref.finalize(self, self._child.stop)
        return self._child


class IsolatedArgos(IsolatedEngine):
    name = "argos"
    target = "publisher.translate.engines.argos:ArgosEngine"


class IsolatedCt2(IsolatedEngine):
    name = "ct2"
    target = "publisher.translate.engines.ct2:Ct2Engine"


class _Child:
    """The worker process and the two pipes to it; every failure of it is an EngineError naming the engine."""

    def __init__(self, name: str, target: str, options: dict, memory_limit_mb: int):
        self.name = name
        self.memory_limit_mb = memory_limit_mb
        self.errors = tempfile.TemporaryFile()
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), environment.get("PYTHONPATH")]))
        command = [sys.executable, "-m", "publisher.translate.engines.worker", target, json.dumps(options),
                   str(memory_limit_mb)]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=self.errors, env=environment, start_new_session=True)
        except OSError as error:
            raise EngineError(f"cannot start the {name} process: {error.strerror or error}", "engine.failed",
                              engine=name) from None

    def ask(self, request: dict, timeout: float) -> dict:
        data = json.dumps(request, ensure_ascii=False).encode("utf-8")
        deadline = time.monotonic() + timeout
        try:
            self.process.stdin.write(_HEADER.pack(len(data)) + data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._ended() from None
        header = self._read(_HEADER.size, deadline, timeout)
        return json.loads(self._read(_HEADER.unpack(header)[0], deadline, timeout).decode("utf-8"))

    def _read(self, size: int, deadline: float, timeout: float) -> bytes:
        chunks, wanted = [], size
        stream = self.process.stdout.fileno()
        while wanted:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([stream], [], [], max(remaining, 0))
            if not ready:
                self.stop()
                raise EngineError(f"{self.name} did not finish within {timeout:g} s and was stopped (a longer wait: "
                                  f"{TIMEOUT_VARIABLE}=SECONDS)", "engine.timeout", engine=self.name)
            chunk = os.read(stream, min(wanted, 1 << 20))
            if not chunk:
                raise self._ended()
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def _ended(self) -> EngineError:
        """The error for a child that died before answering: its exit status or signal, its last words."""
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            status = None
        self.stop()
        if status is not None and status < 0:
            how = f"was killed by signal {signal.Signals(-status).name}"
        else:
            how = f"ended (exit status {status})"
        self.errors.seek(0, os.SEEK_END)
        self.errors.seek(max(0, self.errors.tell() - 2000))
        detail = " ".join(self.errors.read().decode("utf-8", "replace").split())[-300:] or "no message"
        return EngineError(f"the {self.name} process {how} before answering (memory limit {self.memory_limit_mb} MB, "
                           f"{MEMORY_VARIABLE}): {detail}", "engine.failed", engine=self.name)

    def stop(self) -> None:
        """Kills the child and anything it started; waits for it, so no zombie is left."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
