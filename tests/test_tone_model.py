"""The tone check's second opinion (publisher/validate/tone_model.py): a trained classifier per
language reads the sentences the lexicon and the patterns leave alone, and warns, under rules of
its own, where it reads a comparison of States or judging wording with high confidence; it is
loaded once per process, the check runs on its patterns alone (and says so) without it, and
retraining with bench/tone_model.py gives the committed models' predictions back."""
from __future__ import annotations

import pytest

from bench import tone as tone_bench
from bench import tone_model as trainer
from publisher.findings import Severity
from publisher.validate import tone_model, validate_file
from publisher.validate.tone_patterns import find

COMPARISON_THE_PATTERNS_MISS = "In asset recovery, Mongolia could learn much from the practice of its neighbours."
JUDGING_THE_PATTERNS_MISS = "The authorities appear quite relaxed about the backlog of unresolved cases."
NEUTRAL = "The Criminal Code of Mongolia criminalizes the laundering of proceeds of crime."
PRECONDITION = "the patterns find this sentence now: choose one they miss for this test"


def test_the_committed_models_cover_every_labelled_language():
    assert all(tone_model.classifier(language) is not None for language in tone_bench.labelled_languages())


def test_a_model_is_loaded_once_per_process():
    assert tone_model.classifier("en") is tone_model.classifier("en")


def test_a_loaded_model_has_its_labels_in_the_order_its_probabilities_are_read():
    assert all(tone_model.classifier(language).labels == tone_model.LABELS
               for language in tone_bench.labelled_languages())


@pytest.mark.parametrize("sentence, rule, reading", [
    (COMPARISON_THE_PATTERNS_MISS, "tone.model-comparison", "a comparison of the State with other States"),
    (JUDGING_THE_PATTERNS_MISS, "tone.model-judging", "judging or blaming"),
])
def test_a_sentence_the_patterns_miss_is_warned_by_the_model_under_its_own_rule(write_outcome, sentence, rule,
                                                                                 reading):
    assert find(sentence, "en", "Mongolia") == [], PRECONDITION
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence)))
    [finding] = findings
    assert (finding.code, finding.severity, finding.field) == (rule, Severity.WARNING, "observations.challenges[3]")
    assert f"a trained model reads this sentence as {reading}" in finding.message


def test_a_neutral_sentence_is_not_warned_by_the_model(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["challenges"].append(NEUTRAL)))
    assert findings == []


def test_the_model_reads_only_the_sentences_the_patterns_leave_alone():
    plain = f"{COMPARISON_THE_PATTERNS_MISS} {NEUTRAL}"
    [reading] = tone_model.second_opinion(plain, "en", [], "Mongolia")
    assert (reading.rule, reading.sentence) == ("model-comparison", COMPARISON_THE_PATTERNS_MISS)
    assert tone_model.second_opinion(plain, "en", [(0, 5)], "Mongolia") == []


def test_the_model_finding_is_placed_at_its_sentence(write_outcome):
    def two_sentences(data):
        data["observations"]["challenges"].append(f"{NEUTRAL}\n{COMPARISON_THE_PATTERNS_MISS}")

    path = write_outcome(change=two_sentences)
    [finding] = validate_file(path)[0]
    line = path.read_text(encoding="utf-8").splitlines()[finding.line - 1]
    assert line[finding.column - 1:].startswith("In asset recovery")


def test_without_its_model_the_check_runs_on_its_patterns_and_says_so(no_models, write_outcome):
    sentence = "Unlike most States in the region, Mongolia has not adopted a firearms register."
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence)))
    assert [(f.code, f.severity) for f in findings] == [("tone.model-missing", Severity.INFO),
                                                        ("tone.ranking", Severity.WARNING)]
    assert "patterns alone" in findings[0].message


def test_the_samples_get_no_warning_of_the_model():
    from pathlib import Path

    samples = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))
    warned = [(path.name, f.field) for path in samples for f in validate_file(path)[0] if f.code.startswith("tone.model")]
    assert warned == []


@pytest.mark.parametrize("language", ["en", "zh"])
def test_retraining_gives_the_committed_models_predictions_on_the_tuning_sets(language, tmp_path):
    settings = tone_model.settings()
    trainer.write_models([language], settings.threshold, tmp_path)
    retrained, committed = tone_model.classifier(language, tmp_path), tone_model.classifier(language)
    docs = [tone_model.model_doc(e.sentence, language, "Mongolia") for e in tone_bench.examples_of(language)]
    again, before = tone_model.probabilities(docs, retrained), tone_model.probabilities(docs, committed)
    assert [max(p.values()) >= settings.threshold for p in again] == [max(p.values()) >= settings.threshold for p in before]
    assert all(abs(a[label] - b[label]) < 1e-5 for a, b in zip(again, before) for label in tone_model.LABELS)
