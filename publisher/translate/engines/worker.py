"""The child process of an isolated engine (isolation.py): loads one engine class, then answers
batches, one length-prefixed JSON message in, one out, until its input ends.

    python -m publisher.translate.engines.worker MODULE:CLASS OPTIONS_JSON MEMORY_LIMIT_MB

Its address space is capped first, so a model or batch too large fails here, as ``engine.memory``.
"""
from __future__ import annotations

import json
import os
import resource
import struct
import sys

_HEADER = struct.Struct(">I")


def main(arguments: list[str]) -> int:
    target, options, limit_mb = arguments[0], json.loads(arguments[1]), int(arguments[2])
    limit = limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from . import EngineError, engine_class  # noqa: PLC0415  (after the limit: imports count too)

    engine = engine_class(target.rpartition(":")[2], target)(**options)
    source = sys.stdin.buffer
    sink = os.fdopen(os.dup(1), "wb")  # the answers' own channel: what a library prints goes to stderr
    os.dup2(2, 1)
    while True:
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return 0
        request = json.loads(source.read(_HEADER.unpack(header)[0]).decode("utf-8"))
        try:
            answer = {"outputs": engine.translate(request["segments"], request["source"], request["target"])}
        except MemoryError:
            answer = {"error": _memory_error(limit_mb)}
        except EngineError as error:
            if "bad_alloc" in error.message:
                answer = {"error": _memory_error(limit_mb, error.message)}
            else:
                answer = {"error": {"message": error.message, "code": error.code, "field": error.findings[0].field}}
        answer["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        sink.write(_HEADER.pack(len(data)) + data)
        sink.flush()


def _memory_error(limit_mb: int, detail: str = "") -> dict:
    return {"message": f"ran out of its memory limit of {limit_mb} MB (a larger one: PUBLISHER_ENGINE_MEMORY=MB)"
                       + (f": {detail}" if detail else ""), "code": "engine.memory", "field": "PUBLISHER_ENGINE_MEMORY"}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
