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

from pathlib import Path

from .. import models as installed
from .ctranslate import Decoding, help_before_models, load as _load, missing_libraries, stamp
from . import EngineError, Route, describe, find_route, required_route, translate_between_placeholders, with_outer_spaces

PIVOTS = ("en",)


class ArgosEngine(Decoding):
    name = "argos"

    def __init__(self, models_dir: str | Path | None = None, beam_size: int = 2, max_decoding_length: int = 256,
                 max_batch_size: int = 32, threads: int = 0):
        self.models_dir = Path(models_dir) if models_dir else None
        super().__init__(beam_size, max_decoding_length, max_batch_size, threads)

    def models(self) -> dict[tuple[str, str], installed.InstalledModel]:
        return {model.pair: model for model in installed.list_models(self.models_dir)}

    def routes(self, source: str, target: str) -> Route | None:
        if missing_libraries():
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
        first = help_before_models(self, source, target)
        if first is not None:
            return first
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
        translator, tokenizer = _load(model.path, model.path / "model", model.path / "sentencepiece.model",
                                      self.threads, stamp(model.path / "model" / "model.bin"), self.name)
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
