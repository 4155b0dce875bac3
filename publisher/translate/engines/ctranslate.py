"""What the Argos and ct2 engines share: CTranslate2 and SentencePiece, their decoding options, and
each model loaded once per process (again only when its model.bin is replaced in the same place)."""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from . import EngineError, describe


class Decoding:
    """The decoding options of a CTranslate2 engine."""

    def __init__(self, beam_size: int = 2, max_decoding_length: int = 256, max_batch_size: int = 32,
                 threads: int = 0):
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        self.max_batch_size = max_batch_size
        self.threads = threads


@functools.cache
def missing_libraries() -> tuple[str, ...]:
    return tuple(module for module in ("ctranslate2", "sentencepiece") if importlib.util.find_spec(module) is None)


def help_before_models(engine, source: str, target: str) -> str | None:
    """What a CTranslate2 engine says first when asked what to install: the libraries it lacks, or
    nothing when it has a route; None when the answer depends on its models."""
    missing = missing_libraries()
    if missing:
        return f"install the Python packages {' and '.join(missing)} (they are in publisher's dependencies)"
    route = engine.routes(source, target)
    if route is not None:
        return f"nothing to install: {describe(engine.name, source, target, route)}"
    return None


def stamp(model_bin: Path) -> int:
    """Changes when a model is replaced in the same place, so the cache does not serve the old one."""
    try:
        return model_bin.stat().st_mtime_ns
    except OSError:
        return 0


@functools.cache
def load(installed: Path, model_dir: Path, sentencepiece_file: Path, threads: int, stamp: int, engine: str):
    """The translator and tokenizer of the model installed in ``installed``, loaded on first use and kept."""
    import ctranslate2  # noqa: PLC0415  (loaded only when a model is used)
    import sentencepiece  # noqa: PLC0415

    try:
        translator = ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=threads)
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(sentencepiece_file))
    except (RuntimeError, ValueError, OSError) as error:
        raise EngineError(f"the model at {installed} cannot be loaded: {error}", "engine.failed",
                          engine=engine) from None
    return translator, tokenizer
