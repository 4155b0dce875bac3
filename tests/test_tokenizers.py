"""One blank spaCy pipeline per language and process (publisher/tokenizers.py), shared by
segmentation, glossary matching (and so QA) and the tone check: built once, cutting text exactly
as a pipeline of its own did."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import factored_patterns
from publisher.factored_patterns import factored, factored_large_patterns
from publisher.reference import LANGUAGES
from publisher.tokenizers import blank
from publisher.translate.glossary import Glossary
from publisher.translate.glossary_entries import Entry
from publisher.translate.segment import pipeline
from publisher.validate.tone_patterns import patterns

from .conftest import SAMPLES, SHARED

SENTENCES = {
    "en": "The State party's \"Criminal Code\" (art. 5) entered into force on 1 May 2020 -- see CTOC/COP/2020/1.",
    "fr": "Aujourd'hui, l'État partie a-t-il adopté le Code pénal (art. 5) ? C'est-à-dire : peut-être.",
    "es": "¿El Estado parte ha adoptado el Código Penal (art. 5)? Sí, en 2020 -- véase CTOC/COP/2020/1.",
    "ru": "Государство-участник приняло Уголовный кодекс (ст. 5) в 2020 году, т. е. «новый» закон.",
    "zh": "缔约国于2020年5月1日通过了《刑法》（第5条）。",
    "ar": "اعتمدت الدولة الطرف \"قانون العقوبات\" (المادة 5) في عام 2020، انظر A/RES/55/25.",
}


def test_each_language_has_one_blank_pipeline_in_a_process():
    for language in LANGUAGES:
        assert blank(language) is blank(language)
        assert blank(language).lang == language


def test_the_shared_pipeline_has_no_pipes_whatever_its_users_add():
    pipeline("en")  # segmentation adds its sentence pipes to a pipeline of its own
    assert blank("en").pipe_names == []
    assert pipeline("en").pipe_names == ["sentencizer", "un_sentence_rules"]


def test_segmentation_tokenizes_with_the_shared_tokenizer_and_vocabulary():
    for language in LANGUAGES:
        assert pipeline(language).tokenizer is blank(language).tokenizer
        assert pipeline(language).vocab is blank(language).vocab


def test_glossary_matching_tokenizes_with_the_shared_pipeline():
    glossary = Glossary([Entry("e1", {"en": ("State party",), "fr": ("État partie",)}, {}, "test", "term")])
    assert glossary.find("The State party reported.", "en")
    assert glossary._index("en").nlp is blank("en")
    assert glossary._index("fr").nlp is blank("fr")


def test_the_tone_check_tokenizes_with_the_shared_pipeline():
    for language in LANGUAGES:
        compiled = patterns(language)
        assert compiled is not None
        assert compiled.nlp is blank(language)


def test_the_shared_tokenizer_cuts_text_as_a_fresh_blank_pipeline_does():
    for language, sentence in SENTENCES.items():
        fresh = spacy.blank(language)
        assert [t.text for t in blank(language).make_doc(sentence)] == [t.text for t in fresh.make_doc(sentence)]
        assert [t.lower_ for t in blank(language).make_doc(sentence)] == [t.lower_ for t in fresh.make_doc(sentence)]


# -- spaCy's French token_match, compiled factored (factored_patterns.py) ------------------------
SPACY_OWN_FRENCH = """
import json, sys
import spacy
texts, candidates = json.load(sys.stdin)
nlp = spacy.blank("fr")  # spaCy's French as spaCy compiles it
match = nlp.tokenizer.token_match
json.dump([[[t.text for t in nlp.make_doc(text)] for text in texts], [bool(match(c)) for c in candidates],
           len(match.__self__.pattern)], sys.stdout)
"""


def french_texts() -> list[str]:
    devset = SHARED / "data" / "unpc-devset" / "UNv1.0.devset.fr"
    if not devset.exists():
        pytest.skip(f"UN Parallel Corpus dev set not found at {devset}")
    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.yaml"))]
    return samples + devset.read_text(encoding="utf-8").splitlines() + [SENTENCES["fr"]]


def candidates(texts: list[str]) -> list[str]:
    """Every word of the texts, bare and without the punctuation around it, in three cases."""
    words = {w for text in texts for w in text.split()}
    words |= {w.strip(".,;:!?()«»\"[]") for w in words}
    return sorted({form for w in words if w for form in (w, w.lower(), w.upper())})


def test_french_is_cut_into_the_tokens_of_spacys_own_expression_on_the_samples_and_4000_un_sentences():
    texts = french_texts()
    words = candidates(texts)
    spacy_own = subprocess.run([sys.executable, "-c", SPACY_OWN_FRENCH], input=json.dumps([texts, words]),
                               capture_output=True, text=True, check=True)
    tokens, matched, pattern_length = json.loads(spacy_own.stdout)
    ours = blank("fr")
    assert pattern_length > factored_patterns.LARGE  # spaCy's own, compiled as written
    assert len(ours.tokenizer.token_match.__self__.pattern) < pattern_length / 10  # ours, factored
    assert [[t.text for t in ours.make_doc(text)] for text in texts] == tokens
    assert [bool(ours.tokenizer.token_match(w)) for w in words] == matched
    assert sum(matched) > 100  # words with hyphens and elisions that the expression keeps whole


def test_an_expression_of_another_shape_is_not_factored():
    large = "[" + "a-z" * 100 + "]"
    assert factored("(?i)(?:^ab" + large + "+$)|(?:^cd" + large + "+$)") is not None
    assert factored("(?i)(?:ab" + large + "+$)|(?:^cd" + large + "+$)") is None  # not anchored at the start
    assert factored("(?i)(?:^ab" + large + "+)|(?:^cd" + large + "+$)") is None  # nor at the end
    assert factored("(?i)(?:^ab|x" + large + "+$)|(?:^cd" + large + "+$)") is None  # an alternation of its own
    assert factored("(?i)^ab" + large + "+$|^cd" + large + "+$") is None  # alternatives not in groups
    assert factored("(?i)(?:^ab" + large + "+$)|(?:^cd" + large + "+$") is None  # unbalanced


def test_only_a_large_expression_is_compiled_factored_and_only_while_spacy_imports():
    small = "(?:^ab[a-z]+$)|(?:^cd[a-z]+$)"
    large = "|".join(["(?:^ab[" + "a-z" * 100 + "]+$)|(?:^cd[" + "a-z" * 100 + "]+$)"] * 300)
    with factored_large_patterns():
        assert re.compile(small).pattern == small
        assert re.compile(large).pattern == factored(large) != large
    assert re.compile(large).pattern == large


HEADS = st.text(alphabet="abc-", min_size=0, max_size=3).map(re.escape)
TAILS = st.sampled_from(["[a-c]+$", "[a-c]*$", "-[a-c][a-c-]*$", "x?[a-c]+$"])
WORDS = st.lists(st.text(alphabet="abcx-\n", max_size=6), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(HEADS, TAILS), min_size=1, max_size=8), WORDS)
def test_a_factored_expression_matches_the_same_strings_as_the_expression(alternatives, words):
    """With the large-class threshold lowered, so that these small classes count as large."""
    pattern = "(?i)" + "|".join(f"(?:^{head}{tail})" for head, tail in alternatives)
    original = factored_patterns.LARGE_CLASS
    factored_patterns.LARGE_CLASS = 2
    try:
        grouped = factored(pattern)
    finally:
        factored_patterns.LARGE_CLASS = original
    assert grouped is not None
    for word in words:
        assert bool(re.match(grouped, word)) == bool(re.match(pattern, word)), (pattern, grouped, word)
