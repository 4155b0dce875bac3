"""The tone check's grouped matcher (tone_matcher.py) finds exactly what one spaCy Matcher finds,
for every kind of pattern token it tests words against: a word, a list of words, a list of words
a token must not be, a regular expression, conditions on several attributes, and tokens that repeat,
may be left out or must not be there; it runs on a text only the Matchers of the labels whose
required words the text has, and keeps every pattern added to a label."""
from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from publisher.tokenizers import blank
from publisher.validate.tone_matcher import GroupedMatcher

PATTERNS = {
    "word": [[{"LOWER": "more"}, {"LOWER": "than"}]],
    "list": [[{"LOWER": {"IN": ["unlike", "contrary"]}}]],
    "not_in": [[{"LOWER": "ahead"}, {"LOWER": {"NOT_IN": ["of", "."]}}]],
    "regex": [[{"LOWER": {"REGEX": "^neighbou?rs$"}}]],
    "two_words": [[{"LOWER": "lags", "TEXT": "lags"}]],
    "two_lists": [[{"LOWER": {"IN": ["behind"]}, "TEXT": {"IN": ["behind", "Behind"]}}]],
    "gap": [[{"LOWER": "rose"}, {"TEXT": {"NOT_IN": ["."]}, "OP": "*"}, {"LOWER": "faster"}]],
    "repeated": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "fast"}]],
    "negated": [[{"LOWER": "unlike"}, {"LOWER": "them", "OP": "!"}]],  # no word "them" is required
    "up_to": [[{"LOWER": "grew"}, {"LOWER": "much", "OP": "{,2}"}, {"LOWER": "faster"}]],  # nor "much"
}
# the short texts hold only the words a pattern needs: a test that is true of the wrong words finds
# some in any longer text, and the label would still run
TEXTS = ["It is more than its neighbours.", "Unlike others, it lags behind.", "It Lags BEHIND.",
         "It is ahead now.", "It is ahead of them.", "Requests rose much faster.", "Neighbors agree.",
         "It is ahead.", "Neighbours", "behind", "lags", "ahead now", "It is very very fast.", "Requests grew faster."]
ONE_LABEL = {"Neighbours": "regex", "behind": "two_lists", "lags": "two_words", "ahead now": "not_in"}


def both_matchers(nlp):
    grouped, single = GroupedMatcher(nlp.vocab), Matcher(nlp.vocab)
    for label, patterns in PATTERNS.items():
        grouped.add(label, patterns)
        single.add(label, patterns)
    return grouped, single


def test_the_grouped_matcher_finds_what_one_spacy_matcher_finds_for_every_kind_of_token():
    nlp = blank("en")
    grouped, single = both_matchers(nlp)
    for text in TEXTS:
        doc = nlp.make_doc(text)
        expected = {(nlp.vocab.strings[match_id], start, end) for match_id, start, end in single(doc)}
        assert {(label, start, end) for label, spans in grouped(doc).items() for start, end in spans} == expected, text
    every_label = {nlp.vocab.strings[match_id] for text in TEXTS for match_id, _, _ in single(nlp.make_doc(text))}
    assert every_label == set(PATTERNS)  # each kind of token matched somewhere, so that the comparison means something


def test_a_pattern_token_the_matcher_cannot_test_is_refused_with_the_token():
    grouped = GroupedMatcher(blank("en").vocab)
    with pytest.raises(ValueError, match=r"a pattern token the tone matcher cannot test: \{'FUZZY': 'more'\}"):
        grouped.add("fuzzy", [[{"LOWER": {"FUZZY": "more"}}]])


def test_a_text_runs_only_the_matchers_of_the_labels_whose_required_words_it_has():
    nlp = blank("en")
    grouped, _ = both_matchers(nlp)
    assert {text: grouped.candidates(nlp.make_doc(text)) for text in ONE_LABEL} == {
        text: {label} for text, label in ONE_LABEL.items()}
    assert grouped.candidates(nlp.make_doc("more")) == set()  # "more than" needs "than" too


def test_a_text_of_exactly_the_words_a_pattern_needs_is_matched():
    nlp = blank("en")
    grouped = GroupedMatcher(nlp.vocab)
    grouped.add("ahead", [[{"LOWER": "ahead"}, {"LOWER": "of"}]])
    assert grouped(nlp.make_doc("ahead of")) == {"ahead": [(0, 2)]}


def test_patterns_added_to_a_label_twice_are_all_matched():
    nlp = blank("en")
    grouped = GroupedMatcher(nlp.vocab)
    grouped.add("rivals", [[{"LOWER": "neighbours"}]])
    grouped.add("rivals", [[{"LOWER": "peers"}]])
    assert grouped(nlp.make_doc("Its neighbours and its peers.")) == {"rivals": [(1, 2), (4, 5)]}
