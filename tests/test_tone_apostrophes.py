"""The tone check reads every apostrophe as the typewriter's ': editors write in Word and the web
app, which give ’, pasted text brings ‘ ʼ ′ ＇ ‛, while the patterns, the lexicon, the legal rules and
the model's training sentences were mostly written with '. The same sentence gives the same findings
whichever apostrophe it is written with, a neutral one stays neutral, and a finding marks the
editor's own characters."""
from __future__ import annotations

import pytest

from publisher.blueprint import load_blueprints, load_tone
from publisher.validate import tone_model, validate_file
from publisher.validate.tone import tone_matches
from publisher.validate.tone_patterns import patterns

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why

# Word's right single quotation mark, its left twin, the modifier letter apostrophe, the prime, the
# full-width apostrophe and the reversed-9 quotation mark
TYPOGRAPHIC = ["\u2019", "\u2018", "\u02bc", "\u2032", "\uff07", "\u201b"]


def written_with(sentence: str, apostrophe: str) -> str:
    return sentence.replace("'", apostrophe)


def found(sentence: str, language: str) -> list[tuple[str, int, int]]:
    lexicon = [p for p in load_blueprints().tone if p.language == language]
    return [(m.kind, m.start, m.end) for m in tone_matches(sentence, language, lexicon, "Mongolia")]


@pytest.mark.parametrize("language, sentence, kinds", [
    ("en", "The authorities couldn't care less about the backlog.", ["adversarial"]),  # a pattern's n't
    ("en", "Progress on the register has moved at a snail's pace.", ["adversarial"]),  # a pattern's 's
    # the legal sparing: a blame rule's 's ("the police's failure") keeps the blame of an authority
    ("en", "Under article 12, failure to report is an offence, but the police's failure to act went unpunished.",
     ["adversarial"]),
    ("fr", "La Mongolie se hisse au niveau d'Europe.", ["ranking"]),  # a cue's d'
    ("fr", "À la différence d'autres États parties, la Mongolie n'a pas adopté de loi.", ["ranking"]),
    ("fr", "Les autorités n'ont pas su appliquer la loi.", ["adversarial"]),  # the lexicon's n['’]
    ("es", "A diferencia de Côte d'Ivoire, Mongolia no ha adoptado ninguna ley.", ["ranking"]),  # UNTERM: Côte d’Ivoire
    ("ru", "В отличие от Кот-д'Ивуара, Монголия не приняла закон.", ["ranking"]),  # UNTERM: Кот-д’Ивуар, declined
])
def test_a_sentence_gives_the_same_findings_whatever_apostrophe_it_is_written_with(language, sentence, kinds):
    typewriter = found(sentence, language)
    assert [kind for kind, _, _ in typewriter] == kinds, "the sentence no longer shows the rule: choose another"
    for apostrophe in TYPOGRAPHIC:
        assert found(written_with(sentence, apostrophe), language) == typewriter, apostrophe


@pytest.mark.parametrize("language, sentence", [
    ("en", "Under the Code, a court can't ignore a victim's request to be heard."),  # the unless of "ignore": n't
    ("fr", "Le manquement à l'obligation de déclarer les avoirs relève de la Commission."),  # the lexicon's à l['’]
    ("ar", "وتطبق المادة 5 على ما يسمى 'الحوالة' في القانون."),  # "so-called", spared before a quoted name
])
def test_a_neutral_sentence_stays_without_finding_whatever_apostrophe_it_is_written_with(language, sentence):
    assert found(sentence, language) == [], "the sentence is no longer neutral with ': choose another"
    for apostrophe in TYPOGRAPHIC:
        assert found(written_with(sentence, apostrophe), language) == [], apostrophe


def test_a_finding_on_a_sentence_with_typographic_apostrophes_marks_the_editors_own_characters(write_outcome):
    sentence = "Mongolia’s authorities couldn’t care less about the backlog."
    [match] = tone_matches(sentence, "en", [], "Mongolia")
    assert (match.phrase, sentence[match.start:match.end]) == ("couldn’t care less", "couldn’t care less")
    path = write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence))
    lines = path.read_text(encoding="utf-8").splitlines()
    [finding] = [f for f in validate_file(path)[0] if f.code == "tone.adversarial"]
    assert lines[finding.line - 1][finding.column - 1:] == "couldn’t care less about the backlog."


def test_a_lexicon_entry_written_with_a_typographic_apostrophe_matches_the_typewriters(tmp_path):
    path = tmp_path / "tone.yaml"
    path.write_text("fr:\n- pattern: n’a guère su\n  kind: adversarial\n  advice: décrire la mesure\n", encoding="utf-8")
    lexicon = list(load_tone(path))
    for text in ("L'État n'a guère su agir.", "L’État n’a guère su agir."):
        assert [(m.kind, m.phrase) for m in tone_matches(text, "fr", lexicon)] == [("adversarial", text[7:19])]


def test_a_token_pattern_written_with_a_typographic_apostrophe_matches_the_typewriters(tmp_path):
    path = tmp_path / "tone-patterns.yaml"
    path.write_text("fr:\n  judgements:\n    - n’ (a|ont) guère su\n", encoding="utf-8")
    compiled = patterns("fr", path)
    for text in ("L'État n'a guère su agir.", "L’État n’a guère su agir."):
        assert [(m.kind, m.phrase) for m in compiled.find(text)] == [("adversarial", text[7:19])]


@pytest.mark.parametrize("language, sentence", [
    ("en", "The region's record is weaker than Mongolia's."),
    ("fr", "L'État n'a pas encore adopté la loi d'application."),
])
def test_the_model_reads_a_typographic_apostrophe_as_the_typewriters(language, sentence):
    read = tone_model.probabilities([sentence], tone_model.classifier(language))
    for apostrophe in TYPOGRAPHIC:
        written = written_with(sentence, apostrophe)
        assert tone_model.model_text(written) == sentence, apostrophe
        assert tone_model.probabilities([written], tone_model.classifier(language)) == read, apostrophe
