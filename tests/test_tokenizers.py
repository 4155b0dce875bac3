"""One blank spaCy pipeline per language and process (publisher/tokenizers.py), shared by
segmentation, glossary matching (and so QA) and the tone check: built once, cutting text exactly
as a pipeline of its own did."""
from __future__ import annotations

import spacy

from publisher.reference import LANGUAGES
from publisher.tokenizers import blank
from publisher.translate.glossary import Glossary
from publisher.translate.glossary_entries import Entry
from publisher.translate.segment import pipeline
from publisher.validate.tone_patterns import patterns

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
