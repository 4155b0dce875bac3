"""The tone check in every language (procedures para. 5 (b) and (f); blueprints/tone.yaml): wording
that ranks States or reads as adversarial is a warning, in the language the outcome is written in,
in its paragraphs and in its footnotes. Each sample language version gets one ranking and one
adversarial sentence."""
from __future__ import annotations

import pytest

from publisher.findings import Severity
from publisher.validate import validate_file

from .conftest import SAMPLES

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why

SENTENCES = {
    # language: (ranking sentence, its phrase; adversarial sentence, its phrase)
    "en": ("Its legislation is the best in the region.", "best in the region",
           "The State fails to criminalize obstruction.", "fails to"),
    "fr": ("Sa législation est la meilleure de la région.", "meilleure de la région",
           "L'État a échoué dans la répression de ces actes.", "échoué"),
    "es": ("Su legislación es la mejor de la región.", "mejor de la región",
           "El Estado incumple sus obligaciones.", "incumple"),
    "ru": ("Государство занимает первое место в рейтинге.", "рейтинге",
           "Государство нарушает свои обязательства.", "нарушает"),
    "zh": ("该国在审议中排名第一。", "排名",
           "该国未能将妨害司法定为刑事犯罪。", "未能"),
    "ar": ("تشريعاتها هي الأسوأ في المنطقة.", "الأسوأ",
           "وقد فشل البلد في تجريم عرقلة سير العدالة.", "فشل"),
}


def sample(language: str):
    return SAMPLES / ("mongolia-criminalization.yaml" if language == "en" else f"mongolia-criminalization.{language}.yaml")


def tone_findings(findings):
    return [(f.code, f.field, f.severity) for f in findings if f.code.startswith("tone.")]


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_ranking_and_adversarial_wording_is_a_warning_in_every_language(write_outcome, language):
    ranking, ranking_phrase, adversarial, adversarial_phrase = SENTENCES[language]
    path = write_outcome(change=lambda d: d["observations"]["challenges"].extend([ranking, adversarial]),
                         base=sample(language), name=sample(language).name)
    findings, outcome = validate_file(path)
    assert outcome is not None
    found = tone_findings(findings)
    fields = {field for _, field, _ in found}
    assert ("tone.ranking", Severity.WARNING) in {(c, s) for c, _, s in found}
    assert ("tone.adversarial", Severity.WARNING) in {(c, s) for c, _, s in found}
    assert len(fields) == 2 and all(field.startswith("observations.challenges[") for field in fields)
    messages = " ".join(f.message for f in findings)
    assert ranking_phrase.casefold() in messages.casefold() and adversarial_phrase in messages


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_every_sample_language_version_passes_the_tone_check(language):
    findings, _ = validate_file(sample(language))
    assert tone_findings(findings) == []


@pytest.mark.parametrize("language", ["en", "fr", "zh"])
def test_wording_in_a_footnote_is_checked_too(write_outcome, language):
    _, _, adversarial, phrase = SENTENCES[language]
    path = write_outcome(change=lambda d: d["footnotes"].__setitem__("code", d["footnotes"]["code"] + " " + adversarial),
                         base=sample(language), name=sample(language).name)
    findings, _ = validate_file(path)
    assert tone_findings(findings) == [("tone.adversarial", "footnotes.code", Severity.WARNING)]


def test_each_language_is_checked_with_its_own_lexicon(write_outcome):
    english = SENTENCES["en"][2]
    path = write_outcome(change=lambda d: d["observations"]["challenges"].append(f"« {english} »"),
                         base=sample("fr"), name=sample("fr").name)
    findings, _ = validate_file(path)
    # the multilingual model may read the English sentence (it compares); the lexicons must not
    assert [f for f in tone_findings(findings) if not f[0].startswith("tone.model-")] == []


def test_a_word_that_only_contains_a_listed_word_is_not_a_match(write_outcome):
    path = write_outcome(change=lambda d: d["observations"]["challenges"].append(
        "The reviewers noted the rankless, uncomplicated procedure."))
    findings, _ = validate_file(path)
    # the lexicon's "rank" must not match inside "rankless"; the model reads the made-up word as it likes
    assert [f for f in tone_findings(findings) if not f[0].startswith("tone.model-")] == []
