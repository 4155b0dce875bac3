"""What the QA of every segment promises (README: "every segment is checked (numbers,
placeholders, footnote markers, glossary terms and forbidden variants)"), pinned check by check.

Each test gives one source and target pair to ``check_pair``, the function the translate pipeline,
the post-editing workset and the XLIFF import all run, and says which problem must be found, with
which severity: an error keeps a segment from being taken as it is.
"""
from __future__ import annotations

import pytest

from publisher.translate.qa import ERROR, WARNING, CHECKS, SegmentPair, check_pair, term_counts


def issues(source: str, target: str, glossary=None, *, source_language="en", target_language="es",
           untranslated=False):
    pair = SegmentPair(source, target, source_language, target_language, untranslated)
    return [(i.code, i.severity) for i in check_pair(pair, glossary)], check_pair(pair, glossary)


def test_a_faithful_target_has_no_issue(glossary):
    found, _ = issues("In 2021, 5 organized criminal groups were dismantled[^a].",
                      "En 2021 se desmantelaron 5 grupos delictivos organizados[^a].", glossary)
    assert found == []


# -- numbers --------------------------------------------------------------------------------------
def test_one_missing_number_among_several_is_an_error_naming_it():
    found, raw = issues("Between 2019 and 2021, 45 cases were opened.", "Entre 2019 y 2021 se abrieron casos.")
    assert found == [("qa.numbers", ERROR)]
    assert "45" in raw[0].message and "2019" not in raw[0].message


def test_a_changed_number_is_an_error():
    found, _ = issues("Article 5 applies.", "Se aplica el artículo 6.")
    assert found == [("qa.numbers", ERROR)]


def test_number_separators_may_differ_between_languages():
    found, _ = issues("The 1,000 officers and 2.5 per cent", "Los 1.000 agentes y el 2,5 por ciento")
    assert found == []


def test_numbers_are_not_checked_in_a_segment_left_untranslated():
    found, _ = issues("In 2021 there were 45 cases.", "In 2021 there were 45 cases.", untranslated=True)
    assert ("qa.numbers", ERROR) not in found


# -- placeholders -----------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["Se aplica ⟦0⟧.", "⟦12⟧ se aplica.", "Se aplica⟦3⟧"])
def test_a_leftover_placeholder_is_an_error(target):
    found, _ = issues("The Convention applies.", target)
    assert ("qa.placeholders", ERROR) in found


def test_brackets_that_are_not_a_placeholder_are_not_one():
    found, _ = issues("The Convention applies.", "Se aplica ⟦la Convención⟧.")
    assert ("qa.placeholders", ERROR) not in found


# -- footnote markers ---------------------------------------------------------------------------------
def test_a_deleted_footnote_marker_is_an_error():
    found, raw = issues("The Code applies[^code].", "Se aplica el Código.")
    assert found == [("qa.markup", ERROR)]
    assert "code" in raw[0].message


def test_a_footnote_marker_given_twice_or_changed_is_an_error():
    assert issues("The Code applies[^code].", "Se aplica[^code] el Código[^code].")[0] == [("qa.markup", ERROR)]
    assert issues("The Code applies[^code].", "Se aplica el Código[^law].")[0] == [("qa.markup", ERROR)]


def test_footnote_markers_may_move_within_the_sentence():
    assert issues("The Code[^a] applies[^b].", "Se aplica[^b] el Código[^a].")[0] == []


def test_a_marker_added_where_the_source_has_none_is_an_error():
    assert issues("The Code applies.", "Se aplica el Código[^a].")[0] == [("qa.markup", ERROR)]


# -- glossary -----------------------------------------------------------------------------------------
def test_a_forbidden_variant_is_an_error(glossary):
    found, raw = issues("An organized criminal group was identified.",
                        "Se identificó un grupo criminal organizado.", glossary)
    assert ("qa.terms.forbidden", ERROR) in found
    assert all(severity == ERROR for code, severity in found if code.startswith("qa.terms."))
    assert any("grupo criminal organizado" in i.message and "organized-criminal-group" in i.message for i in raw)


def test_a_missing_approved_term_is_an_error(glossary):
    found, raw = issues("A serious crime was committed.", "Se cometió un delito.", glossary)
    assert found == [("qa.terms.missing", ERROR)]
    assert "delito grave" in raw[0].message and "serious-crime" in raw[0].message


def test_glossary_terms_are_not_checked_without_a_glossary_or_in_an_untranslated_segment(glossary):
    assert issues("A serious crime was committed.", "Se cometió un delito.")[0] == []
    found, _ = issues("A serious crime was committed.", "A serious crime was committed.", glossary,
                      untranslated=True)
    assert not [code for code, _ in found if code.startswith("qa.terms.")]


def test_term_counts_say_how_many_source_terms_comply(glossary):
    pair = SegmentPair("A serious crime by an organized criminal group.",
                       "Un delito grave de un grupo criminal organizado.", "en", "es")
    assert term_counts(pair, glossary) == (2, 1)
    assert term_counts(pair, None) == (0, 0)
    assert term_counts(SegmentPair(pair.source, pair.source, "en", "es", True), glossary) == (0, 0)


# -- untranslated -------------------------------------------------------------------------------------
def test_an_untranslated_segment_is_a_warning_naming_both_languages():
    found, raw = issues("The Convention applies.", "The Convention applies.", untranslated=True)
    assert found == [("qa.untranslated", WARNING)]
    assert "es" in raw[0].message and "en" in raw[0].message


def test_every_check_runs_on_every_segment():
    assert set(CHECKS) == {"numbers", "placeholders", "markup", "terms", "untranslated", "mistranslations", "grammar",
                           "untranslated-words", "symbols", "number-format"}
    found, _ = issues("In 2021 the Code[^a] applies.", "⟦0⟧ se aplica.")
    assert {"qa.numbers", "qa.placeholders", "qa.markup"} <= {code for code, _ in found}


def test_a_term_right_before_a_footnote_marker_is_still_a_term(glossary):
    # "groups[^a]": the marker touches the word; the term is there in the target, and missing here
    assert issues("5 organized criminal groups[^a] were dismantled.",
                  "Se desmantelaron 5 grupos delictivos organizados[^a].", glossary)[0] == []
    found, _ = issues("5 organized criminal groups[^a] were dismantled.",
                      "Se desmantelaron 5 grupos[^a].", glossary)
    assert found == [("qa.terms.missing", ERROR)]


def test_a_marker_between_two_words_keeps_them_two_words(glossary):
    assert issues("Organized criminal groups[^a] were dismantled.",
                  "Grupos delictivos organizados[^a]fueron desmantelados.", glossary)[0] == []


def test_the_messages_say_what_is_wrong():
    [numbers] = issues("Articles 5, 6 and 23 of the 2021 law.", "Los artículos 5 y 6 de la ley.")[1]
    assert numbers.message == "number(s) missing in the target: 2021, 23"
    [placeholder] = issues("The Convention applies.", "Se aplica ⟦0⟧.")[1]
    assert placeholder.message == "a placeholder token was left in the target"
    [markers] = issues("The Code[^a] applies[^b].", "Se aplica el Código[^a].")[1]
    assert markers.message == "footnote markers differ: source ['[^a]', '[^b]'], target ['[^a]']"
