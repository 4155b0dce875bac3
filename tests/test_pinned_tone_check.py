"""What the tone check (publisher/validate/tone.py) tells the editor of an outcome: which sentences
it warns, for the State under review, and where each warning points, pinned in-process on small
changes to the Mongolia sample."""
from __future__ import annotations

import re

import pytest

from publisher.blueprint import TonePattern
from publisher.validate import tone_legal, validate_file
from publisher.validate.tone import tone_matches
from publisher.validate.tone_patterns import ToneMatch, find

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why

ADVERSARIAL = "The Committee found that the State fails to criminalize obstruction."


def tone_findings(path):
    return [f for f in validate_file(path)[0] if f.code.startswith("tone.")]


def test_the_state_under_review_is_no_comparand_of_its_own_comparisons(write_outcome):
    sentence = "The law was amended faster than in Mongolia's first cycle."
    assert find(sentence, "en") != [], "the patterns no longer compare with a named State here: choose another sentence"
    path = write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence))
    # what the patterns say; the trained model reads this comparison over time as one between States (a false
    # alarm of the kind docs/performance.md counts)
    assert [f for f in tone_findings(path) if not f.code.startswith("tone.model-")] == []


@pytest.mark.parametrize("sentence", ["Закон был изменён быстрее, чем в Монголии.", "Закон изменили быстрее, чем Монголия."])
def test_the_state_under_review_is_no_comparand_in_its_own_language_and_case(sentence):
    assert find(sentence, "ru") != [], "the patterns no longer compare with a named State here: choose another sentence"
    assert find(sentence, "ru", "Mongolia") == []


def test_each_warning_points_at_its_own_phrase_when_two_paragraphs_say_the_same(write_outcome):
    path = write_outcome(change=lambda d: d["observations"]["challenges"].extend([ADVERSARIAL, ADVERSARIAL]))
    lines = path.read_text(encoding="utf-8").splitlines()
    found = tone_findings(path)
    assert [(f.code, f.field) for f in found] == [("tone.adversarial", "observations.challenges[3]"),
                                                 ("tone.adversarial", "observations.challenges[4]")]
    assert [lines[f.line - 1][f.column - 1:] for f in found] == ["fails to criminalize obstruction."] * 2
    assert found[0].line < found[1].line


@pytest.mark.parametrize("kind, reading", [("ranking", "a ranking of States"), ("adversarial", "adversarial")])
def test_a_lexicon_phrase_reads_as_a_ranking_of_states_or_as_adversarial_with_its_own_advice(kind, reading):
    lexicon = [TonePattern("en", re.compile("zorblax"), kind, "say what the measure does")]
    assert tone_matches("The zorblax rose.", "en", lexicon) == [
        ToneMatch(kind, reading, "zorblax", 4, 11, "say what the measure does")]


def test_a_pattern_match_touching_lexicon_phrases_is_kept_and_one_inside_a_phrase_is_left_to_the_lexicon():
    text = "The law was amended faster than in Chile, it seems."
    [match] = find(text, "en")  # the patterns' one match here: choose another sentence if that changes
    before = TonePattern("en", re.compile(re.escape(text[:match.start])), "ranking", "one")
    after = TonePattern("en", re.compile(re.escape(text[match.end:])), "ranking", "two")
    assert [(m.start, m.end) for m in tone_matches(text, "en", [after, before])] == [
        (0, match.start), (match.start, match.end), (match.end, len(text))]
    covering = TonePattern("en", re.compile(re.escape(text[match.start - 1:match.end])), "ranking", "three")
    assert [m.advice for m in tone_matches(text, "en", [covering])] == ["three"]


def test_only_the_judgements_overlapping_an_offence_element_are_spared(tmp_path, monkeypatch):
    path = tmp_path / "tone-legal.yaml"
    path.write_text("en:\n  law: [punishable]\n  elements: [negligent]\n", encoding="utf-8")
    rules = tone_legal.legal("en", path)
    monkeypatch.setattr(tone_legal, "legal", lambda language: rules)
    text = "So negligent custody is punishable."

    def judging(phrase: str, kind: str = "adversarial") -> ToneMatch:
        start = text.index(phrase)
        return ToneMatch(kind, "judging", phrase, start, start + len(phrase), "advice")

    matches = [judging("So "), judging("negligent"), judging(" custody"), judging("negligent c", "ranking")]
    assert [m.phrase for m in tone_legal.without_offence_elements(text, "en", matches)] == ["So ", " custody",
                                                                                         "negligent c"]
    assert tone_legal.without_offence_elements(text, "en", [judging("negligent")]) == []
