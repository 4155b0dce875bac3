"""Argos Translate models, driven directly through CTranslate2 and SentencePiece.

``argostranslate.translate`` is never imported (it pulls in stanza and torch); its models are
plain files, installed by publisher/translate/models.py, which this engine reads: SentencePiece
encodes, ``ctranslate2.Translator.translate_batch`` translates the whole batch at once, SentencePiece
decodes. Each model is loaded once per process.

Placeholders: the text between them is translated and they are put back as they were
(``translate_between_placeholders``: third-party models have never seen ``⟦0⟧``).

This class works in the calling process; the registered ``argos`` engine runs it in a child
process with a timeout and a memory limit (isolation.py).

Routes: a model for the pair, else two models through English (Argos publishes most pairs as
xx→en and en→xx).
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from .. import models as installed
from . import EngineError, Route, describe, find_route, required_route, translate_between_placeholders, with_outer_spaces

PIVOTS = ("en",)


class ArgosEngine:
    name = "argos"

    def __init__(self, models_dir: str | Path | None = None, beam_size: int = 2, max_decoding_length: int = 256,
                 max_batch_size: int = 32, threads: int = 0):
        self.models_dir = Path(models_dir) if models_dir else None
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        self.max_batch_size = max_batch_size
        self.threads = threads

    def models(self) -> dict[tuple[str, str], installed.InstalledModel]:
        return {model.pair: model for model in installed.list_models(self.models_dir)}

    def routes(self, source: str, target: str) -> Route | None:
        if _missing_libraries():
            return None
        return find_route(self.models(), source, target, PIVOTS)

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        if not segments:
            return []
        route = required_route(self, source, target)
        models = self.models()
        return translate_between_placeholders(
            segments, [lambda texts, model=models[hop]: self._translate_hop(model, texts) for hop in route])

    def describe_route(self, source: str, target: str) -> str:
        return describe(self.name, source, target, self.routes(source, target))

    def missing_help(self, source: str, target: str) -> str:
        missing = _missing_libraries()
        if missing:
            return f"install the Python packages {' and '.join(missing)} (they are in publisher's dependencies)"
        route = self.routes(source, target)
        if route is not None:
            return f"nothing to install: {describe(self.name, source, target, route)}"
        directory = self.models_dir or installed.models_directory()
        wanted = [f"{source}→{target}"]
        if PIVOTS[0] not in (source, target):
            wanted.append(f"both {source}→{PIVOTS[0]} and {PIVOTS[0]}→{target}")
        return (f"install an Argos model for {' or '.join(wanted)}: publisher models install "
                f"translate-{source}_{target}-*.argosmodel (models are read from {directory})")

    def _translate_hop(self, model: installed.InstalledModel, texts: list[str]) -> list[str]:
        """Translates every text with one call of the model, keeping each text's outer spaces."""
        if not texts:
            return []
        translator, tokenizer = _load(model.path, self.threads, _stamp(model.path))
        cores = [text.strip() for text in texts]
        prefix = [model.target_prefix] if model.target_prefix else []
        try:
            results = translator.translate_batch(
                tokenizer.encode(cores, out_type=str), target_prefix=[prefix] * len(cores) if prefix else None,
                beam_size=self.beam_size, max_decoding_length=self.max_decoding_length,
                max_batch_size=self.max_batch_size, replace_unknowns=True)
        except (RuntimeError, ValueError) as error:
            raise EngineError(f"model {model.from_code}→{model.to_code} at {model.path} failed: {error}",
                              "engine.failed", engine=self.name, field=f"{model.from_code}→{model.to_code}") from None
        if len(results) != len(cores):
            raise EngineError(f"model {model.from_code}→{model.to_code} returned {len(results)} translations "
                              f"for {len(cores)} texts", "engine.segment-mismatch", engine=self.name)
        outputs = []
        for text, result in zip(texts, results):
            tokens = result.hypotheses[0]
            if prefix and tokens[:len(prefix)] == prefix:
                tokens = tokens[len(prefix):]
            outputs.append(with_outer_spaces(text, tokenizer.decode(tokens)))
        return outputs


@functools.cache
def _missing_libraries() -> list[str]:
    return [module for module in ("ctranslate2", "sentencepiece") if importlib.util.find_spec(module) is None]


def _stamp(path: Path) -> int:
    """Changes when a model is reinstalled in the same place, so the cache does not serve the old one."""
    try:
        return (path / "model" / "model.bin").stat().st_mtime_ns
    except OSError:
        return 0


@functools.cache
def _load(path: Path, threads: int, stamp: int):
    """The translator and tokenizer of the model in ``path``, loaded on first use and kept."""
    import ctranslate2  # noqa: PLC0415  (loaded only when an Argos model is used)
    import sentencepiece  # noqa: PLC0415

    try:
        translator = ctranslate2.Translator(str(path / "model"), device="cpu", intra_threads=threads)
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(path / "sentencepiece.model"))
    except (RuntimeError, ValueError, OSError) as error:
        raise EngineError(f"the model at {path} cannot be loaded: {error}", "engine.failed", engine="argos") from None
    return translator, tokenizer
