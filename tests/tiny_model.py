"""A tiny but real Argos Translate model, built from scratch for tests.

The model is a one-layer CTranslate2 Transformer with random (seeded) weights and a SentencePiece
vocabulary trained on a few hundred made-up sentences, zipped the way Argos packages are. Its
output is gibberish; what it exercises is the real machinery: unzipping, metadata, loading with
ctranslate2 and sentencepiece, batching, pivots and placeholders.

``build_multilingual_model`` writes the same kind of model as a multilingual one, laid out as
CTranslate2's converter writes NLLB-200 or M2M-100 (model.bin, shared_vocabulary.json,
sentencepiece.bpe.model), with the language tokens of that family in its vocabulary.
"""
from __future__ import annotations

import io
import itertools
import json
import zipfile
from pathlib import Path

import numpy as np

MODEL_DIMENSION = 16
FEED_FORWARD_DIMENSION = 32
HEADS = 2
VOCABULARY_SIZE = 80

# Made-up sentences in two made-up registers (our own words, not corpus text).
_SUBJECTS = ["the state party", "the working group", "the secretariat", "the reviewing experts",
             "la partie", "el grupo", "le secretariat", "los expertos"]
_VERBS = ["shall adopt", "should consider", "has reported", "may establish", "adoptera", "considera",
          "ha informado", "puede establecer"]
_OBJECTS = ["measures against corruption", "a central authority", "legislation on firearms",
            "training for judges", "des mesures", "una autoridad", "la legislacion", "la formation"]
_ENDINGS = [".", " in 2026.", " without delay.", " as appropriate.", ";"]


def training_sentences() -> list[str]:
    combinations = itertools.product(_SUBJECTS, _VERBS, _OBJECTS, _ENDINGS)
    return [f"{s} {v} {o}{e}".capitalize() for s, v, o, e in itertools.islice(combinations, 0, None, 7)]


def build_argosmodel(directory: Path, from_code: str = "en", to_code: str = "es", seed: int = 0,
                     package_version: str = "1.0") -> Path:
    """Writes ``translate-<from>_<to>-<version>.argosmodel`` into ``directory`` and returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    tokenizer_bytes, vocabulary = _tokenizer()
    model_directory = directory / f"ct2-{from_code}-{to_code}-{seed}"
    _save_random_transformer(model_directory, vocabulary, seed)

    top = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    metadata = {"package_version": package_version, "argos_version": "1.0", "from_code": from_code,
                "from_name": from_code, "to_code": to_code, "to_name": to_code, "type": "translate"}
    archive = directory / f"{top}.argosmodel"
    files = {f"{top}/metadata.json": json.dumps(metadata, indent=2).encode(),
             f"{top}/sentencepiece.model": tokenizer_bytes,
             f"{top}/README.md": b"A tiny test model with random weights.\n",
             **{f"{top}/model/{file.name}": file.read_bytes() for file in sorted(model_directory.iterdir())},
             f"{top}/stanza/{from_code}/tokenize/ignored.pt": b"not used by publisher"}
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            bundle.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return archive


LANGUAGE_TOKENS = {
    "nllb": ["eng_Latn", "fra_Latn", "spa_Latn", "rus_Cyrl", "zho_Hans", "arb_Arab"],
    "m2m": ["__en__", "__fr__", "__es__", "__ru__", "__zh__", "__ar__"],
}


def build_multilingual_model(directory: Path, layout: str = "nllb", seed: int = 0,
                             languages: tuple[str, ...] | None = None) -> Path:
    """Writes a converted multilingual model into ``directory`` (created) and returns it.

    ``languages`` keeps only the language tokens of those codes ("en", "ru" ...), for a model that
    lacks some languages."""
    tokenizer_bytes, vocabulary = _tokenizer()
    tokens = [token for token in LANGUAGE_TOKENS[layout]
              if languages is None or _code_of(token) in languages]
    _save_random_transformer(directory, vocabulary + tokens, seed, decoder_start_token="</s>")
    (directory / "sentencepiece.bpe.model").write_bytes(tokenizer_bytes)
    return directory


def _code_of(token: str) -> str:
    return token.strip("_")[:2] if token.startswith("__") else {"eng": "en", "fra": "fr", "spa": "es", "rus": "ru",
                                                                 "zho": "zh", "arb": "ar"}[token[:3]]


def _tokenizer() -> tuple[bytes, list[str]]:
    """A SentencePiece model trained on the made-up sentences, and its pieces in order."""
    import sentencepiece  # noqa: PLC0415  (only tests that build a model need it)

    tokenizer_bytes = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(training_sentences()), model_writer=tokenizer_bytes,
        vocab_size=VOCABULARY_SIZE, model_type="unigram", character_coverage=1.0, hard_vocab_limit=False, num_threads=1,
        minloglevel=2)
    processor = sentencepiece.SentencePieceProcessor(model_proto=tokenizer_bytes.getvalue())
    return tokenizer_bytes.getvalue(), [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _save_random_transformer(directory: Path, vocabulary: list[str], seed: int, **config) -> None:
    """A one-layer Transformer with seeded random weights and one shared vocabulary, saved by CTranslate2."""
    import ctranslate2.specs as specs  # noqa: PLC0415

    spec = specs.TransformerSpec.from_config(num_layers=1, num_heads=HEADS)
    _fill_with_random_weights(spec, len(vocabulary), np.random.default_rng(seed))
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    for key, value in config.items():
        setattr(spec.config, key, value)
    directory.mkdir(parents=True, exist_ok=True)
    spec.validate()
    spec.save(str(directory))


def _fill_with_random_weights(spec, vocabulary_size: int, random: np.random.Generator) -> None:
    """Gives every weight of the spec a seeded random value of the shape CTranslate2 expects."""
    d, ff = MODEL_DIMENSION, FEED_FORWARD_DIMENSION

    def matrix(rows: int, columns: int):
        return (random.standard_normal((rows, columns)) * 0.3).astype(np.float32)

    def vector(size: int, value: float | None = None):
        if value is not None:
            return np.full(size, value, dtype=np.float32)
        return (random.standard_normal(size) * 0.1).astype(np.float32)

    def norm(layer_norm):
        layer_norm.gamma, layer_norm.beta = vector(d, 1.0), vector(d, 0.0)

    def linear(spec_linear, rows: int, columns: int):
        spec_linear.weight, spec_linear.bias = matrix(rows, columns), vector(rows)

    def feed_forward(ffn):
        norm(ffn.layer_norm)
        linear(ffn.linear_0, ff, d)
        linear(ffn.linear_1, d, ff)

    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = matrix(vocabulary_size, d)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)  # fused query, key, value
        linear(layer.self_attention.linear[1], d, d)
        feed_forward(layer.ffn)

    decoder.embeddings.weight = matrix(vocabulary_size, d)
    norm(decoder.layer_norm)
    linear(decoder.projection, vocabulary_size, d)
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)  # query
        linear(layer.attention.linear[1], 2 * d, d)  # fused key, value (from the encoder)
        linear(layer.attention.linear[2], d, d)
        feed_forward(layer.ffn)
