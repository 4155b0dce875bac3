"""Glossary matching sets every token's norm for a pass in one call (``Doc.from_array``), each
word's norm worked out once per index: the norms, and so the matches, are those that setting them
token by token gave, on the sentences of every sample in every language, for the project glossary
and the UN phrases."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import NORM, ORTH

from publisher.load import load_file
from publisher.reference import LANGUAGES
from publisher.translate import glossary as glossary_module
from publisher.translate.glossary import _tokens
from publisher.translate.glossary_words import QUOTES, arabic_name, normalized
from publisher.translate.pipeline import text_fields
from publisher.translate.resources import load_glossaries
from publisher.translate.segment import segments
from publisher.translate.unlang import load_knowledge

from .conftest import ROOT

SAMPLES = sorted(p for p in (ROOT / "samples").glob("*.yaml") if p.name != "session.yaml")


def sample_sentences(language: str) -> list[str]:
    sentences = []
    for path in SAMPLES:
        data = load_file(Path(path)).data
        if data["review"]["language"] == language:
            sentences += [s for _path, _keys, text in text_fields(data) for s in segments(text, language)]
    return sentences


def norms_token_by_token(index, name: str, text: str) -> list[str]:
    """Each token's norm for the pass ``name`` as the index set it before: token by token."""
    doc = index.nlp.make_doc(text)
    for token in doc:
        if name == "name":
            token.norm_ = arabic_name(normalized(token.text, index.language, "exact"), index.names) or token.text
        else:
            token.norm_ = normalized(token.text, index.language, name) or token.text
    return [token.norm_ for token in doc]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pass_sets_the_norms_token_by_token_setting_gave_in_every_sample(language):
    sentences = sample_sentences(language)
    assert sentences, f"no {language} sample"
    for terms in (load_glossaries(), load_knowledge().glossary):
        index = terms._index(language)
        for sentence in sentences:
            doc = _tokens(index.nlp, sentence)
            for name in index.matchers:
                doc.from_array([NORM], index._norms(name, doc.to_array(ORTH).tolist()))
                assert [t.norm_ for t in doc] == norms_token_by_token(index, name, sentence.translate(QUOTES))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_samples_have_terms_to_match(language):
    """What the test above compares ends in matches: the samples hold terms of the glossary."""
    assert any(load_glossaries().find(sentence, language) for sentence in sample_sentences(language))


def test_a_word_seen_again_is_not_normalized_again(monkeypatch):
    terms = load_glossaries()
    index = terms._index("en")
    index.candidates("The State party criminalized the laundering of proceeds of crime.")
    calls = []
    monkeypatch.setattr(glossary_module, "normalized", lambda *arguments: calls.append(arguments) or arguments[0])
    index.candidates("The laundering of the State party criminalized proceeds of crime.")
    assert calls == []
    index.candidates("A lighthouse.")
    assert {word for word, _language, _name in calls} == {"A", "lighthouse"}


def test_an_empty_text_matches_nothing():
    assert load_glossaries()._index("fr").candidates("") == []
    assert load_glossaries().find("", "fr") == []
