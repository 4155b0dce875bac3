"""The tone check's second opinion (publisher/validate/tone_model.py): a multilingual sentence
encoder and a trained classifier per language read the sentences the lexicon and the patterns leave
alone, and warn, under rules of their own, where they read a comparison of States or judging wording
with high confidence; a model is loaded once per process, the check runs on its patterns alone (and
says so) without it, and the committed models were trained on the labelled sets as they are now."""
from __future__ import annotations

import json

import numpy as np
import pytest

from bench import tone as tone_bench
from bench import tone_model as trainer
from publisher import encoder
from publisher.findings import Severity
from publisher.validate import tone_model, validate_file
from publisher.validate.tone_patterns import find

COMPARISON_THE_PATTERNS_MISS = "Asset recovery in Mongolia is nowhere near what Kazakhstan has achieved."
JUDGING_THE_PATTERNS_MISS = "The authorities appear quite relaxed about the backlog of unresolved cases."
NEUTRAL = "The Criminal Code of Mongolia criminalizes the laundering of proceeds of crime."
PRECONDITION = "the patterns find this sentence now: choose one they miss for this test"


def test_the_committed_models_cover_every_labelled_language_each_with_its_threshold():
    settings = tone_model.settings()
    assert settings.encoder == encoder.NAME
    for language in tone_bench.labelled_languages():
        assert tone_model.classifier(language) is not None
        assert 0.5 <= settings.threshold(language) < 1


def test_a_model_is_loaded_once_per_process():
    assert tone_model.classifier("en") is tone_model.classifier("en")


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


@pytest.mark.parametrize("language, sentence", [
    ("fr", "Les autorités semblent bien peu pressées de résorber l'arriéré des affaires."),
    ("es", "Las autoridades parecen muy poco interesadas en reducir el atraso de causas pendientes."),
    ("zh", "当局对积压的案件似乎并不着急。"),
    ("ar", "يبدو أن السلطات غير مكترثة بتراكم القضايا."),
])
def test_the_model_reads_the_same_turn_in_other_languages(language, sentence):
    assert find(sentence, language, "Mongolia") == [], PRECONDITION
    [reading] = tone_model.second_opinion(sentence, language, [])
    assert (reading.sentence, reading.rule) == (sentence, "model-judging")


def test_a_neutral_sentence_is_not_warned_by_the_model(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["challenges"].append(NEUTRAL)))
    assert findings == []


def test_the_model_reads_only_the_sentences_the_patterns_leave_alone():
    plain = f"{COMPARISON_THE_PATTERNS_MISS} {NEUTRAL}"
    [reading] = tone_model.second_opinion(plain, "en", [])
    assert (reading.rule, reading.sentence) == ("model-comparison", COMPARISON_THE_PATTERNS_MISS)
    assert tone_model.second_opinion(plain, "en", [(0, 5)]) == []


def test_the_model_finding_is_placed_at_its_sentence(write_outcome):
    def two_sentences(data):
        data["observations"]["challenges"].append(f"{NEUTRAL}\n{COMPARISON_THE_PATTERNS_MISS}")

    path = write_outcome(change=two_sentences)
    [finding] = validate_file(path)[0]
    line = path.read_text(encoding="utf-8").splitlines()[finding.line - 1]
    assert line[finding.column - 1:].startswith("Asset recovery in")


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


def test_the_committed_models_were_trained_on_the_labelled_sets_as_they_are_now():
    recorded = json.loads((tone_model.MODEL_DIR / "models.json").read_text(encoding="utf-8"))["training_sets"]
    stale = [language for language in tone_bench.labelled_languages()
             if recorded.get(language) != trainer.training_set(language).digest()]
    assert stale == [], "the labelled sentences changed since training: run bench/tone_model.py train"


def test_training_is_deterministic_and_the_classifier_learns_its_labels():
    rows = encoder.vectors([COMPARISON_THE_PATTERNS_MISS, JUDGING_THE_PATTERNS_MISS, NEUTRAL])
    outcomes = np.array([1, 2, 0])
    weights = np.ones(3, dtype=np.float32)
    first, again = trainer.fit(rows, outcomes, weights), trainer.fit(rows, outcomes, weights)
    assert all(np.array_equal(getattr(first, name), getattr(again, name)) for name in tone_model.LAYERS)
    assert list(first.probabilities(rows).argmax(axis=1)) == [1, 2, 0]


def test_a_saved_classifier_loads_as_it_was(tmp_path):
    start = np.random.default_rng(1)
    saved = tone_model.Classifier(*(start.normal(size=shape).astype(np.float32)
                                    for shape in ((encoder.DIMENSION, 4), (4,), (4, 3), (3,))))
    saved.save(tmp_path / "xx.npz")
    loaded = tone_model.Classifier.load(tmp_path / "xx.npz")
    rows = start.normal(size=(5, encoder.DIMENSION)).astype(np.float32)
    assert np.allclose(loaded.probabilities(rows), saved.probabilities(rows))
    assert np.allclose(loaded.probabilities(rows).sum(axis=1), 1.0)


@pytest.mark.parametrize("language, sentence, expected", [
    ("en", "Mongolian investigators trail Mongolia's neighbours.", "Namibian investigators trail Namibia's neighbours."),
    ("fr", "Les autorités mongoles de la Mongolie, en Mongolie.", "Les autorités namibiennes de la Namibie, en Namibie."),
    ("es", "Las autoridades mongolas de Mongolia y el juez mongol.", "Las autoridades namibias de Namibia y el juez namibio."),
    ("ru", "Монголия, в Монголии, монгольские власти.", "Намибия, в Намибии, намибийские власти."),
    ("zh", "蒙古国和蒙古的法律", "纳米比亚和纳米比亚的法律"),
    ("ar", "لمنغوليا والسلطات المنغولية في منغوليا.", "لناميبيا والسلطات الناميبية في ناميبيا."),
])
def test_a_labelled_sentence_is_trained_on_with_another_state_in_mongolias_place_declined_as_its_language_needs(
        language, sentence, expected):
    assert trainer.state_swapped(sentence, language, 0) == expected


def test_the_other_state_is_never_one_the_sentence_already_names_and_a_sentence_without_the_state_is_kept_once():
    assert trainer.state_swapped("Unlike Namibia, Mongolia keeps no registry.", "en", 0) == \
        "Unlike Namibia, Colombia keeps no registry."
    assert trainer.state_swapped("Namibia and Colombia, unlike Mongolia, keep no registry.", "en", 0) == \
        "Namibia and Colombia, unlike Zambia, keep no registry."
    assert trainer.state_swapped("The authorities keep no registry.", "en", 0) is None
    assert trainer.state_swapped("la mongolie fait moins bien que les autres", "fr", 0) is None  # no form of the name


def test_the_states_put_in_mongolias_place_take_turns_and_bolivia_is_never_one_of_them():
    sentence = "Mongolia has dragged its feet."
    swapped = [trainer.state_swapped(sentence, "en", index) for index in range(5)]
    assert swapped == [f"{state} has dragged its feet." for state in ("Namibia", "Colombia", "Zambia", "Malaysia", "Romania")]
    assert all(len(forms) == len(trainer.STATE_FORMS[language][0])
               for language in trainer.STATE_FORMS for forms in trainer.STATE_FORMS[language])


def test_each_sentence_naming_the_state_counts_half_as_written_and_half_with_another_state(monkeypatch):
    examples = [tone_bench.Example("judging", "Mongolia has dragged its feet.", ""),
                tone_bench.Example("neutral", "The law was amended in 2020.", "")]
    monkeypatch.setattr(trainer, "labelled_languages", lambda: ["en"])
    monkeypatch.setattr(trainer, "examples_of", lambda language: examples)
    monkeypatch.setattr(trainer, "devset_halves", lambda language: (["A neutral UN line."], []))
    data = trainer.training_set("en")
    assert list(zip(data.texts, data.weights.tolist())) == [
        ("Mongolia has dragged its feet.", 0.5), ("Namibia has dragged its feet.", 0.5),
        ("The law was amended in 2020.", 1.0), ("A neutral UN line.", 1.0)]


def test_dev_set_lines_both_judges_read_as_judging_are_neither_neutral_examples_nor_false_alarms(tmp_path):
    judged = tmp_path / "judged.tsv"
    judged.write_text("line\tpicked\tfirst\tsecond\tsentence\n"
                      "3\trandom\tjudging\tjudging\tThe Council condemns the attack.\n"
                      "5\tmodel\tjudging\tneutral\tThe Council deplores the delay.\n"
                      "8\tpatterns\tcomparison\tjudging\tThe worst region, and a disgrace.\n"
                      "9\trandom\tneutral\tneutral\tThe meeting rose at 1 p.m.\n", encoding="utf-8")
    assert tone_bench.judged_tone_lines(judged) == {2, 7}


def test_a_judged_line_with_an_unknown_label_names_the_file_line_and_field(tmp_path):
    judged = tmp_path / "judged.tsv"
    judged.write_text("line\tpicked\tfirst\tsecond\tsentence\n3\trandom\tjudging\tbad\tThe Council condemns.\n",
                      encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{judged}:2: second must be comparison, judging or neutral"):
        tone_bench.judged_tone_lines(judged)


def test_the_judged_dev_set_lines_are_the_dev_sets_own():
    sentences = tone_bench.devset_sentences("en")
    with tone_bench.JUDGED.open(encoding="utf-8") as stream:
        rows = [line.rstrip("\n").split("\t") for line in stream][1:]
    assert len(rows) >= 300 and all(sentences[int(line) - 1] == sentence for line, _, _, _, sentence in rows)
