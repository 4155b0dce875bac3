"""One multilingual model for every direction, through CTranslate2: NLLB-200 or M2M-100 as
CTranslate2's own converters write them (``ct2-transformers-converter``).

A model is a directory holding ``model.bin``, the vocabulary the converter writes
(``shared_vocabulary.json``, or ``.txt`` from older converters) and the SentencePiece model of the
original, copied beside it (``sentencepiece.bpe.model``). Both families take the source language
as a token in front of the source and the target language as the first token of the output, a
target prefix; which family a model is, and so which tokens name the six languages, is read from
its vocabulary:

* NLLB-200: ``eng_Latn``, ``fra_Latn``, ``spa_Latn``, ``rus_Cyrl``, ``zho_Hans``, ``arb_Arab``;
* M2M-100: ``__en__``, ``__fr__``, ``__es__``, ``__ru__``, ``__zh__``, ``__ar__``.

A source is ``[language token] + pieces + ["</s>"]``, as the models' own tokenizers write it. Every
direction between the languages the vocabulary names is direct: no pivot.

The model is found at ``$PUBLISHER_CT2_MODEL``, else in the folder ``multilingual`` of the models
directory (``$PUBLISHER_MODELS_DIR``, else ``~/.local/share/publisher/models``; see models.py).
This class works in the calling process; the registered ``ct2`` engine runs it in a child process
with a timeout and a memory limit (isolation.py).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import models as installed
from .ctranslate import Decoding, help_before_models, load as _load, missing_libraries, stamp
from . import EngineError, Route, describe, required_route, translate_between_placeholders, with_outer_spaces

MODEL_VARIABLE = "PUBLISHER_CT2_MODEL"
MODEL_FOLDER = "multilingual"  # in the models directory
LAYOUTS = {
    "nllb": {"en": "eng_Latn", "fr": "fra_Latn", "es": "spa_Latn", "ru": "rus_Cyrl", "zh": "zho_Hans",
             "ar": "arb_Arab"},
    "m2m": {code: f"__{code}__" for code in ("en", "fr", "es", "ru", "zh", "ar")},
}
LAYOUT_NAMES = {"nllb": "NLLB-200", "m2m": "M2M-100"}
VOCABULARY_FILES = ("shared_vocabulary.json", "shared_vocabulary.txt", "target_vocabulary.json",
                    "target_vocabulary.txt")
SENTENCEPIECE_FILES = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model")
END_OF_SOURCE = "</s>"
MAX_VOCABULARY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class MultilingualModel:
    path: Path  # the directory: model.bin, the vocabulary, the SentencePiece model
    layout: str  # "nllb" or "m2m"
    tokens: dict[str, str]  # our language code -> the model's language token, for the languages it has
    sentencepiece: Path

    def describe(self) -> str:
        return f"{LAYOUT_NAMES[self.layout]} model at {self.path}"


class ModelProblem(Exception):
    """Why a directory is not a usable multilingual model (said in missing_help)."""


def model_directory() -> Path:
    configured = os.environ.get(MODEL_VARIABLE)
    return Path(configured) if configured else installed.models_directory() / MODEL_FOLDER


def read_model(path: Path) -> MultilingualModel:
    """The model in ``path``, its layout read from its vocabulary; ModelProblem says what is wrong."""
    if not path.is_dir():
        raise ModelProblem(f"no model at {path}")
    if not (path / "model.bin").is_file():
        raise ModelProblem(f"{path} has no model.bin")
    vocabulary = read_vocabulary(path)
    for layout, tokens in LAYOUTS.items():
        present = {code: token for code, token in tokens.items() if token in vocabulary}
        if present:
            break
    else:
        raise ModelProblem(f"the vocabulary of {path} has no language token of NLLB-200 (eng_Latn ...) or "
                           "M2M-100 (__en__ ...)")
    sentencepiece = next((path / name for name in SENTENCEPIECE_FILES if (path / name).is_file()), None)
    if sentencepiece is None:
        raise ModelProblem(f"{path} has no SentencePiece model ({' or '.join(SENTENCEPIECE_FILES)}); copy the "
                           "original's with the converter's --copy_files")
    return MultilingualModel(path, layout, present, sentencepiece)


def read_vocabulary(path: Path) -> set[str]:
    """The target vocabulary's tokens, from the file the converter wrote (JSON list, or one per line)."""
    for name in VOCABULARY_FILES:
        file = path / name
        if not file.is_file():
            continue
        if file.stat().st_size > MAX_VOCABULARY_BYTES:
            raise ModelProblem(f"{file} is larger than {MAX_VOCABULARY_BYTES // 1024 // 1024} MB")
        text = file.read_text(encoding="utf-8", errors="replace")
        if name.endswith(".json"):
            try:
                tokens = json.loads(text)
            except json.JSONDecodeError as error:
                raise ModelProblem(f"{file} is not valid JSON: {error}") from None
            if not isinstance(tokens, list):
                raise ModelProblem(f"{file} must hold a JSON list of tokens")
            return {token for token in tokens if isinstance(token, str)}
        return set(text.splitlines())
    raise ModelProblem(f"{path} has no vocabulary ({' or '.join(VOCABULARY_FILES)})")


class Ct2Engine(Decoding):
    name = "ct2"

    def __init__(self, model_dir: str | Path | None = None, beam_size: int = 2, max_decoding_length: int = 256,
                 max_batch_size: int = 32, threads: int = 0):
        self.model_dir = Path(model_dir) if model_dir else None
        super().__init__(beam_size, max_decoding_length, max_batch_size, threads)

    def model(self) -> MultilingualModel:
        """The installed model; ModelProblem when there is none or it is not usable."""
        return read_model(self.model_dir or model_directory())

    def languages(self) -> set[str]:
        try:
            return set(self.model().tokens)
        except ModelProblem:
            return set()

    def routes(self, source: str, target: str) -> Route | None:
        if missing_libraries() or source == target:
            return None
        languages = self.languages()
        return [(source, target)] if {source, target} <= languages else None

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        if not segments:
            return []
        required_route(self, source, target)
        model = self.model()
        return translate_between_placeholders(segments, [lambda texts: self._translate_texts(model, texts, source, target)])

    def describe_route(self, source: str, target: str) -> str:
        return describe(self.name, source, target, self.routes(source, target))

    def missing_help(self, source: str, target: str) -> str:
        first = help_before_models(self, source, target)
        if first is not None:
            return first
        try:
            model = self.model()
        except ModelProblem as problem:
            return (f"{problem}; install a multilingual model (NLLB-200 or M2M-100 converted with "
                    f"ct2-transformers-converter, see docs/engines.md) in {self.model_dir or model_directory()} "
                    f"or name its folder in ${MODEL_VARIABLE}")
        absent = [code for code in (source, target) if code not in model.tokens]
        return (f"the {model.describe()} has no language token for {' or '.join(absent)} "
                f"({', '.join(LAYOUTS[model.layout][code] for code in absent)})")

    def _translate_texts(self, model: MultilingualModel, texts: list[str], source: str, target: str) -> list[str]:
        """Translates every text with one call of the model, keeping each text's outer spaces."""
        translator, tokenizer = _load(model.path, model.path, model.sentencepiece, self.threads,
                                      stamp(model.path / "model.bin"), self.name)
        source_token, target_token = model.tokens[source], model.tokens[target]
        pieces = tokenizer.encode([text.strip() for text in texts], out_type=str)
        try:
            results = translator.translate_batch(
                [[source_token, *tokens, END_OF_SOURCE] for tokens in pieces],
                target_prefix=[[target_token]] * len(texts), beam_size=self.beam_size,
                max_decoding_length=self.max_decoding_length, max_batch_size=self.max_batch_size,
                replace_unknowns=True)
        except (RuntimeError, ValueError) as error:
            raise EngineError(f"the {model.describe()} failed on {source}→{target}: {error}", "engine.failed",
                              engine=self.name, field=f"{source}→{target}") from None
        if len(results) != len(texts):
            raise EngineError(f"the {model.describe()} returned {len(results)} translations for {len(texts)} texts",
                              "engine.segment-mismatch", engine=self.name)
        special = set(model.tokens.values()) | {END_OF_SOURCE, "<s>", "<pad>", "<unk>"}
        return [with_outer_spaces(text, tokenizer.decode([t for t in result.hypotheses[0] if t not in special]))
                for text, result in zip(texts, results)]
