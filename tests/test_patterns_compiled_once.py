"""The patterns made from words of a sentence (a repair's right word, a restored term, a form the
grammar check knows) are compiled once per word, not once per sentence: Python's own cache of 512
patterns overflowed with a thousand sentences and compiled them again. The results are those of
the patterns compiled each time."""
from __future__ import annotations

import re

from publisher.translate import grammar, qa_revision, repair
from publisher.translate.qa import SegmentPair
from publisher.translate.unlang import load_knowledge


def a_repair(language: str):
    return next(r for r in load_knowledge().repairs if r.language == language and r.english and r.wrong
                and re.fullmatch(r"[\w ]+", r.english[0]) and re.fullmatch(r"[\w ]+", r.wrong[0]))


def test_a_repair_compiles_its_pattern_once_for_every_sentence_that_needs_it():
    entry = a_repair("fr")
    source, translated = f"The {entry.english[0]} is here.", f"Le {entry.wrong[0]} est ici."
    first = repair.repair(source, translated, "fr", load_knowledge())
    compiled = repair._repeated.cache_info().misses
    assert repair.repair(source, translated, "fr", load_knowledge()) == first
    assert repair._repeated.cache_info().misses == compiled
    assert entry.right.lower() in first.lower()


def test_a_right_word_written_twice_is_kept_once_in_any_case():
    assert repair._once("le Haut-Karabakh haut-karabakh est", "Haut-Karabakh") == "le Haut-Karabakh est"
    assert repair._once("le Haut-Karabakh-Est Haut-Karabakh", "Haut-Karabakh") == "le Haut-Karabakh-Est Haut-Karabakh"


def test_articles_agree_with_a_word_through_patterns_compiled_once():
    text = "Le autorités et le Autorités"
    first = grammar.agree_word(text, "autorités", "f", "fr")
    compiled = grammar._whole_word.cache_info().misses
    assert grammar.agree_word(text, "autorités", "f", "fr") == first == "Les autorités et les Autorités"
    assert grammar._whole_word.cache_info().misses == compiled


def test_the_grammar_check_compiles_a_known_form_once():
    form, gender, number = next(f for f in qa_revision._known_forms("fr") if f[2] == "pl" and f[0].isalpha())
    pair = SegmentPair("The text.", f"Il cite le {form} du texte.", "en", "fr")
    first = qa_revision.grammar(pair)
    compiled = qa_revision._article_before.cache_info().misses
    assert qa_revision.grammar(pair) == first
    assert [issue.code for issue in first] == ["qa.grammar"]
    assert qa_revision._article_before.cache_info().misses == compiled
