"""What an engine is never given to translate (publisher/translate/protect.py): footnote markers,
italics, document symbols, numbers and glossary terms become placeholder tokens, and come back
exactly (terms as the approved target term). Nothing is dropped silently: a token the engine lost
is put back before the final full stop and reported, a token it doubled is kept once and reported."""
from __future__ import annotations

import pytest

from publisher.translate.protect import Placeholder, Protected, protect, restore


def kinds(protected: Protected) -> list[tuple[str, str, str]]:
    return [(p.kind, p.source, p.replacement) for p in protected.placeholders]


def test_each_kind_of_span_becomes_a_numbered_token_in_sentence_order(glossary):
    sentence = "Under article 18.1[^code], *inter alia*, see CTOC/COP/WG.3/2026/1 on serious crime in 2021–2025."
    protected = protect(sentence, "en", "es", glossary)
    assert protected.text == "Under article ⟦0⟧⟦1⟧, ⟦2⟧, see ⟦3⟧ on ⟦4⟧ in ⟦5⟧."
    assert kinds(protected) == [("number", "18.1", "18.1"), ("markup", "[^code]", "[^code]"),
                                ("markup", "*inter alia*", "*inter alia*"),
                                ("symbol", "CTOC/COP/WG.3/2026/1", "CTOC/COP/WG.3/2026/1"),
                                ("term", "serious crime", "delito grave"), ("number", "2021–2025", "2021–2025")]
    assert [p.token for p in protected.placeholders] == [f"⟦{n}⟧" for n in range(6)]
    assert protected.placeholders[4].entry.id == "term.serious-crime"


def test_a_term_glued_to_a_footnote_call_or_italics_is_still_a_term(glossary):
    protected = protect("On serious crime[^a] and *ibid.*serious crime.", "en", "es", glossary)
    assert protected.text == "On ⟦0⟧⟦1⟧ and ⟦2⟧⟦3⟧."
    assert kinds(protected) == [("term", "serious crime", "delito grave"), ("markup", "[^a]", "[^a]"),
                                ("markup", "*ibid.*", "*ibid.*"), ("term", "serious crime", "delito grave")]


def test_a_term_split_by_a_footnote_call_is_left_to_the_engine(glossary):
    protected = protect("On serious[^a] crime.", "en", "es", glossary)
    assert kinds(protected) == [("markup", "[^a]", "[^a]")]


def test_without_a_glossary_terms_are_left_to_the_engine():
    protected = protect("A serious crime.", "en", "es", None)
    assert protected.text == "A serious crime." and protected.placeholders == ()


def test_a_term_without_a_target_term_is_left_to_the_engine(glossary):
    protected = protect("A serious crime.", "en", "de", glossary)
    assert all(p.kind != "term" for p in protected.placeholders)


@pytest.mark.parametrize("sentence, numbers", [
    ("In 2019年 and 2021.", ["2019", "2021"]),  # Chinese writes 年 straight after the number
    ("Code abc2019 and x2.", []),  # part of a word
    ("From 2021 - 2025, 1,000 cases and 3:2.", ["2021 - 2025", "1,000", "3:2"]),
    ("Version .5 only.", []),
    ("The Law[^a]2021 and *Acts*2022.", ["2021", "2022"]),  # a number right after a marker or italics
])
def test_numbers_are_whole_numbers_and_ranges_not_parts_of_words(sentence, numbers):
    protected = protect(sentence, "en", "es", None)
    assert [p.source for p in protected.placeholders if p.kind == "number"] == numbers


def test_a_number_inside_a_symbol_or_marker_is_part_of_it():
    protected = protect("See A/RES/55/25[^2].", "en", "es", None)
    assert kinds(protected) == [("symbol", "A/RES/55/25", "A/RES/55/25"), ("markup", "[^2]", "[^2]")]


def test_a_term_that_starts_the_sentence_starts_with_a_capital_in_the_target(glossary):
    [term] = [p for p in protect("Serious crime is defined.", "en", "es", glossary).placeholders if p.kind == "term"]
    assert term.replacement == "Delito grave"
    [term] = [p for p in protect("Serious crime is defined.", "en", "zh", glossary).placeholders if p.kind == "term"]
    assert term.replacement == "严重犯罪"


def test_a_sentence_of_tokens_only_leaves_nothing_to_translate():
    assert protect("2021–2025[^a].", "en", "es", None).only_placeholders
    assert not protect("In 2021[^a].", "en", "es", None).only_placeholders


# -- restoring -------------------------------------------------------------------------------------
PROTECTED = Protected("In ⟦0⟧ the ⟦1⟧ applies⟦2⟧.", (
    Placeholder("⟦0⟧", "number", "2021", "2021"),
    Placeholder("⟦1⟧", "term", "serious crime", "delito grave"),
    Placeholder("⟦2⟧", "markup", "[^a]", "[^a]"),
))


def test_every_token_is_restored_once_as_its_replacement():
    restored = restore("En ⟦0⟧ se aplica el ⟦1⟧⟦2⟧.", PROTECTED)
    assert (restored.text, restored.repaired, restored.duplicated) == ("En 2021 se aplica el delito grave[^a].", (), ())


def test_a_token_the_engine_dropped_is_put_back_before_the_final_stop_and_reported():
    restored = restore("En ⟦0⟧ se aplica⟦2⟧.", PROTECTED)
    assert restored.text == "En 2021 se aplica[^a] delito grave."
    assert restored.repaired == (PROTECTED.placeholders[1],)
    restored = restore("En ⟦0⟧ se aplica", PROTECTED)
    assert restored.text == "En 2021 se aplica delito grave [^a]"
    assert restore("¿Se aplica ⟦0⟧⟦1⟧?", PROTECTED).text == "¿Se aplica 2021delito grave [^a]?"


def test_a_token_the_engine_doubled_is_kept_at_its_first_place_and_reported():
    restored = restore("En ⟦0⟧ y ⟦0⟧ se aplica el ⟦1⟧⟦2⟧.", PROTECTED)
    assert restored.text == "En 2021 y se aplica el delito grave[^a]."
    assert restored.duplicated == (PROTECTED.placeholders[0],) and restored.repaired == ()


def test_a_token_the_engine_invented_is_dropped_and_spacing_tidied():
    restored = restore("En  ⟦0⟧ ⟦7⟧ se aplica el ⟦1⟧⟦2⟧. ", PROTECTED)
    assert restored.text == "En 2021 se aplica el delito grave[^a]."
    assert restored.repaired == () and restored.duplicated == ()


@pytest.mark.parametrize("sentence, language, expected", [
    ("Peru has adopted a law.", "es", "El Perú"),  # a country that opens the sentence takes its article
    ("Peru has adopted a law.", "fr", "Le Pérou"),
    ("Mongolia has adopted a law.", "fr", "La Mongolie"),
    ("Mongolia has adopted a law.", "es", "Mongolia"),  # Spanish writes Mongolia without one
    ("The law of Peru applies.", "es", "Perú"),  # inside the sentence: the name alone
    ("The law of Peru applies.", "fr", "Pérou"),
    ("Peru has adopted a law.", "ru", "Перу"),  # only French and Spanish put an article before a country
])
def test_a_country_that_opens_a_sentence_takes_its_article_in_french_and_spanish(glossary, sentence, language,
                                                                                   expected):
    [term] = [p for p in protect(sentence, "en", language, glossary).placeholders if p.kind == "term"]
    assert term.source in ("Peru", "Mongolia") and term.replacement == expected


def test_a_term_that_is_no_country_takes_no_article_at_the_start(glossary):
    [term] = [p for p in protect("Serious crime is defined.", "en", "fr", glossary).placeholders if p.kind == "term"]
    assert term.replacement == "Infraction grave"
