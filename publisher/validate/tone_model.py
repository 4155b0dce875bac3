"""A trained second opinion behind the tone patterns: a small text classifier per language.

The patterns (tone_patterns.py) point at the words that compare or judge, and miss phrasings
nobody wrote a rule for. Behind them, a bag-of-words classifier (spaCy's TextCategorizer with the
``spacy.TextCatBOW`` architecture: hashed words and word pairs, one weight each per label) reads
each sentence the lexicon and the patterns do not warn on; where it reads the sentence as a
comparison of States or as judging wording with high confidence, the sentence gets a warning of its
own, ``tone.model-comparison`` or ``tone.model-judging``, which says that it is a model's reading and
points at no words.

The models are data: ``blueprints/tone-model/<language>.bin`` (the component's weights, no
vocabulary: the features are hashes of the words) and ``blueprints/tone-model/models.json`` (the
architecture, the threshold and what each model was trained on), written by
``bench/tone_model.py train`` from the labelled sentences of tests/data/tone/ and neutral UN
dev-set sentences, with a fixed seed. A model is loaded the first time its language is checked,
once per process; without its file the tone check runs on its patterns alone and says so.

What the model reads is the sentence lower-cased, its apostrophes as ' (Arabic without vowel
marks, with one alif), with every country's name made one word, ``COUNTRY``, and the State under
review's ``STATE``: the model learns "than COUNTRY", not "than Chile", and "region's" whether the
editor wrote ' or ’.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..findings import Finding, Severity
from ..tokenizers import blank, typewriter_apostrophes
from . import tone_patterns
from .context import Context
from .tone_patterns import ToneMatch

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "blueprints" / "tone-model"
LABELS = ("comparison", "judging")
RULES = {"comparison": "model-comparison", "judging": "model-judging"}
ADVICE = {
    "comparison": "if it sets the State beside other States, describe the measure itself",
    "judging": "if it judges or blames, describe the gap and the measure that would close it",
}
_SENTENCE = re.compile(r"\S.*?(?:[.;!?](?=\s|$)|[。；！？؛؟]|$)", re.S)
READING = {"comparison": "a comparison of the State with other States", "judging": "judging or blaming"}


@dataclass(frozen=True)
class Settings:
    """How the models are built and when they warn (models.json)."""
    ngram_size: dict[str, int]  # per language: words alone (1), pairs (2: words, or Chinese characters), triples (3)
    length: int  # hashed feature rows a label
    threshold: float  # a label's probability from which a sentence is warned


@dataclass(frozen=True)
class Reading:
    """A sentence the model reads as comparing or judging, as character offsets in the plain text."""
    label: str  # comparison or judging
    confidence: float
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
    return Settings(dict(data["ngram_size"]), int(data["length"]), float(data["threshold"]))


def model_config(ngram_size: int, length: int) -> dict:
    return {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
            "ngram_size": ngram_size, "no_output_layer": False, "length": length}


def new_classifier(language: str, ngram_size: int, length: int, threshold: float = 0.5):
    """An untrained classifier on the process's vocabulary of ``language``, with both labels."""
    import spacy
    from spacy.pipeline.textcat_multilabel import MultiLabel_TextCategorizer

    model = spacy.registry.resolve({"model": model_config(ngram_size, length)})["model"]
    classifier = MultiLabel_TextCategorizer(blank(language).vocab, model, name="tone_model",
                                            threshold=threshold, scorer=None)
    for label in LABELS:
        classifier.add_label(label)
    return classifier


def classifier(language: str, directory: Path | None = None):
    """The trained classifier of ``language`` in ``directory`` (MODEL_DIR), loaded the first time
    it is asked for, once per process; None without its file."""
    return _classifier(language, directory or MODEL_DIR)


@cache
def _classifier(language: str, directory: Path):
    found = _settings(directory)
    path = directory / f"{language}.bin"
    if found is None or language not in found.ngram_size or not path.is_file():
        return None
    loaded = new_classifier(language, found.ngram_size[language], found.length, found.threshold)
    return loaded.from_bytes(path.read_bytes(), exclude=["vocab"])


def model_doc(sentence: str, language: str, state: str | None = None):
    """The doc the model reads: lower-cased words, apostrophes as ', Arabic normalized, country names
    as one word."""
    text = typewriter_apostrophes(sentence.lower())
    if language == "ar":
        text = tone_patterns.arabic_norm(text)
    doc = blank(language).make_doc(text)
    compiled = tone_patterns.patterns(language)
    found = compiled.names(doc) if compiled is not None else []
    if not found:
        return doc
    from spacy.tokens import Doc

    own = tone_patterns.names_of(state, language) if state else frozenset()
    if language == "ar":
        own = frozenset(tone_patterns.arabic_norm(name) for name in own)
    names: dict[int, int] = {}
    for _, start, end in found:
        names[start] = max(end, names.get(start, end))
    words, index = [], 0
    while index < len(doc):
        end = names.get(index)
        if end is None:
            words.append(doc[index].text)
            index += 1
        else:
            words.append("STATE" if doc[index:end].text in own else "COUNTRY")
            index = end
    return Doc(doc.vocab, words=words)


def probabilities(docs: list, classifier_) -> list[dict[str, float]]:
    """Each doc's probability of each label."""
    if not docs:
        return []
    scores = docs
    for layer in classifier_.model.layers:  # the chain's layers, each without its with_cpu wrapper (we are on the CPU)
        scores = (layer.layers[0] if layer.name.startswith("with_cpu") else layer).predict(scores)
    return [dict(zip(LABELS, map(float, row))) for row in scores]  # new_classifier adds the labels in this order


def sentences(plain: str) -> list[tuple[int, int]]:
    """The character spans of the sentences of a plain text: cut after a full stop, semicolon,
    question or exclamation mark before a space (not the point of "22.4"), and after the Chinese
    and Arabic ones."""
    return [(m.start(), m.start() + len(m.group(0).rstrip())) for m in _SENTENCE.finditer(plain)]


def sentence_scores(plain: str, language: str, warned: Iterable[tuple[int, int]], classifier_,
                    state: str | None = None) -> list[tuple[int, int, dict[str, float]]]:
    """(start, end, each label's probability) of the sentences of ``plain`` that no span of
    ``warned`` (the lexicon's and the patterns' matches) touches."""
    warned = list(warned)
    spans = [(start, end) for start, end in sentences(plain)
             if not any(s < end and start < e for s, e in warned)]
    docs = [model_doc(plain[start:end], language, state) for start, end in spans]
    return [(start, end, scores) for (start, end), scores in zip(spans, probabilities(docs, classifier_))]


def readings(plain: str, scored: list[tuple[int, int, dict[str, float]]], threshold: float) -> list[Reading]:
    """The scored sentences whose likelier label reaches ``threshold``, as readings."""
    found = []
    for start, end, scores in scored:
        label = max(LABELS, key=lambda name: scores[name])
        if scores[label] >= threshold:
            found.append(Reading(label, scores[label], plain[start:end], start, end))
    return found


def second_opinion(plain: str, language: str, warned: Iterable[tuple[int, int]], state: str | None = None,
                   directory: Path | None = None) -> list[Reading]:
    """The sentences of ``plain`` that no span of ``warned`` (the lexicon's and the patterns'
    matches) touches and that the model of ``language`` reads as comparing or judging with a
    probability at least the threshold (models.json); at most one reading a sentence, its
    likelier label. Nothing without the model."""
    loaded = classifier(language, directory)
    if loaded is None:
        return []
    return readings(plain, sentence_scores(plain, language, warned, loaded, state), settings(directory).threshold)


def findings(context: Context, path: str, plain: str, matches: list[ToneMatch]) -> Iterator[Finding]:
    """The model's warnings for one text of the outcome at ``path``, beside the patterns' ``matches``."""
    review = context.outcome.review
    for reading in second_opinion(plain, review.language, [(m.start, m.end) for m in matches], review.state):
        yield context.finding(path, reading.message, f"tone.{reading.rule}", Severity.WARNING,
                              position=context.outcome.source.locate_text(path, reading.sentence))


def missing_note(context: Context) -> Iterator[Finding]:
    """A note about the file when the outcome's language has no model: the patterns alone checked its tone."""
    language = context.outcome.review.language
    if classifier(language) is None:
        yield context.finding("", f"the tone check ran on its patterns alone: no trained model for {language!r} "
                                  f"in {MODEL_DIR} (bench/tone_model.py train writes it)",
                              "tone.model-missing", Severity.INFO, position=(0, 0))
