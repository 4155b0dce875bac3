"""Argos Translate models, driven directly through CTranslate2 and SentencePiece.

``argostranslate.translate`` is never imported (it pulls in stanza and torch); its models are
plain files, installed by publisher/translate/models.py, which this engine reads: SentencePiece
encodes, ``ctranslate2.Translator.translate_batch`` translates the whole batch at once, SentencePiece
decodes. Each model is loaded once per process.

Placeholders: third-party models have never seen ``⟦0⟧``; SentencePiece cuts it into pieces and
the model drops, moves or "translates" them. So the text between placeholders is translated as
separate pieces and the placeholders are put back between the translations, exactly as they were.
It costs some context (a piece is translated without its neighbours, and words cannot move across
a placeholder) but holds for any model. Pieces with no letters (numbers, punctuation, spaces) are
copied, not translated.

Routes: a model for the pair, else two models through English (Argos publishes most pairs as
xx→en and en→xx).
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from .. import models as installed
from . import PLACEHOLDER, EngineError, Route, describe, find_route, required_route

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
        split = [_split(segment) for segment in segments]
        # each distinct piece of source text -> its translation so far; one model call per hop
        translations = {piece: piece for pieces in split for piece, translatable in pieces if translatable}
        models = self.models()
        for hop in route:
            texts = list(dict.fromkeys(translations.values()))
            translated = dict(zip(texts, self._translate_hop(models[hop], texts)))
            translations = {piece: translated[text] for piece, text in translations.items()}
        return ["".join(translations[piece] if translatable else piece for piece, translatable in pieces)
                for pieces in split]

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
        for text, core, result in zip(texts, cores, results):
            tokens = result.hypotheses[0]
            if prefix and tokens[:len(prefix)] == prefix:
                tokens = tokens[len(prefix):]
            translated = tokenizer.decode(tokens).strip()
            outputs.append(text[:len(text) - len(text.lstrip())] + translated + text[len(text.rstrip()):])
        return outputs


def _split(segment: str) -> list[tuple[str, bool]]:
    """The segment as (piece, translatable) pairs: placeholders and letterless text are kept as they are."""
    pieces = []
    last = 0
    for placeholder in [*PLACEHOLDER.finditer(segment), None]:
        end = placeholder.start() if placeholder else len(segment)
        text = segment[last:end]
        if text:
            pieces.append((text, any(character.isalpha() for character in text)))
        if placeholder:
            pieces.append((placeholder.group(), False))
            last = placeholder.end()
    return pieces


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
