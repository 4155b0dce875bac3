"""Inline codes, pinned (publisher/interchange/inline.py): what in a text a translator must keep
(footnote markers, symbols, numbers, italics), how the codes are numbered, how a target's codes
are matched to its source's, and what a broken target is told. These are what every exchange
format (XLIFF, OmegaT, the web editor) shows and checks."""
from __future__ import annotations

import pytest

from publisher.interchange.inline import CONFIRMED, STATES, Code, code_problems, describe, parts, target_parts


def codes(text: str) -> list[Code]:
    return [p for p in parts(text) if isinstance(p, Code)]


def test_the_states_in_their_order_and_those_a_person_gave():
    assert STATES == ("initial", "translated", "reviewed", "final")
    assert CONFIRMED == ("reviewed", "final")


def test_a_text_without_codes_is_one_string_and_an_empty_text_nothing():
    assert parts("No code here.") == ("No code here.",)
    assert parts("") == ()


def test_footnotes_symbols_and_numbers_are_standalone_codes_numbered_in_reading_order():
    assert parts("In 2019,[^a] see CTOC/COP/WG.3/2026/1 and [#p3].") == (
        "In ", Code("1", "number", "ph", "2019"), ",", Code("2", "footnote", "ph", "[^a]"), " see ",
        Code("3", "symbol", "ph", "CTOC/COP/WG.3/2026/1"), " and ", Code("4", "footnote", "ph", "[#p3]"), ".")


def test_italics_are_a_pair_around_their_text_and_the_codes_inside_numbered_after_the_start():
    assert parts("The *Act of 2019* passed[^a].") == (
        "The ", Code("1", "italic", "start", "*"), "Act of ", Code("2", "number", "ph", "2019"),
        Code("1", "italic", "end", "*"), " passed", Code("3", "footnote", "ph", "[^a]"), ".")


def test_a_footnote_marker_in_italics_is_a_code_inside_the_pair():
    assert parts("*the Act[^a]* and *[#p2]*") == (
        Code("1", "italic", "start", "*"), "the Act", Code("2", "footnote", "ph", "[^a]"),
        Code("1", "italic", "end", "*"), " and ", Code("3", "italic", "start", "*"),
        Code("4", "footnote", "ph", "[#p2]"), Code("3", "italic", "end", "*"))
    assert code_problems("*the Act[^a]*", "*la Loi*") == ["inline code 2 (footnote [^a]) is missing"]


def test_italics_do_not_nest_and_a_lone_star_is_text():
    assert parts("*a* b * c*d*") == (Code("1", "italic", "start", "*"), "a", Code("1", "italic", "end", "*"),
                                     " b * c", Code("2", "italic", "start", "*"), "d", Code("2", "italic", "end", "*"))


def test_codes_touching_each_other_are_all_codes():
    assert codes("[^a]2019[^b]") == [Code("1", "footnote", "ph", "[^a]"), Code("2", "number", "ph", "2019"),
                                    Code("3", "footnote", "ph", "[^b]")]
    assert codes("2019[^a]") == [Code("1", "number", "ph", "2019"), Code("2", "footnote", "ph", "[^a]")]


def test_a_number_inside_a_symbol_is_part_of_the_symbol():
    assert codes("A/RES/55/25 of 2000") == [Code("1", "symbol", "ph", "A/RES/55/25"), Code("2", "number", "ph", "2000")]


def test_the_full_stop_that_ends_a_sentence_is_not_part_of_the_symbol_before_it():
    assert parts("See CTOC/COP/WG.2/2026/3.") == ("See ", Code("1", "symbol", "ph", "CTOC/COP/WG.2/2026/3"), ".")
    assert codes("In E/CN.15/2026/L.1/Add.1.") == [Code("1", "symbol", "ph", "E/CN.15/2026/L.1/Add.1")]


def test_a_symbol_in_brackets_leaves_the_closing_bracket_out():
    assert parts("(CTOC/COP/WG.3/2026/1)") == ("(", Code("1", "symbol", "ph", "CTOC/COP/WG.3/2026/1"), ")")
    assert parts("(see CTOC/COP/2020(a)/1))") == ("(see ", Code("1", "symbol", "ph", "CTOC/COP/2020(a)/1"), "))")
    assert codes("A/C.3(b)") == [Code("1", "symbol", "ph", "A/C.3(b)")]


def test_many_codes_are_read_whatever_their_number():
    text = " ".join(f"[^n{n}]" for n in range(2000))
    found = codes(text)
    assert [c.id for c in found] == [str(n) for n in range(1, 2001)]
    assert found[-1].text == "[^n1999]"


def test_a_target_code_takes_the_id_of_the_source_code_of_its_kind_and_text_in_order():
    source = tuple(codes("In 2019[^a] and 2020[^b], *the Act*."))
    assert target_parts("*La Loi* en 2020[^b] y 2019[^a].", source) == (
        Code("5", "italic", "start", "*"), "La Loi", Code("5", "italic", "end", "*"), " en ",
        Code("3", "number", "ph", "2020"), Code("4", "footnote", "ph", "[^b]"), " y ", Code("1", "number", "ph", "2019"),
        Code("2", "footnote", "ph", "[^a]"), ".")


def test_codes_of_the_same_kind_and_text_are_given_the_sources_ids_in_order():
    source = tuple(codes("*One* 2019, *two* 2019."))
    assert target_parts("*Un* 2019, 2019 *deux*.", source) == (
        Code("1", "italic", "start", "*"), "Un", Code("1", "italic", "end", "*"), " ", Code("2", "number", "ph", "2019"),
        ", ", Code("4", "number", "ph", "2019"), " ", Code("3", "italic", "start", "*"), "deux",
        Code("3", "italic", "end", "*"), ".")


def test_a_code_the_source_lacks_or_has_fewer_times_stays_text():
    source = tuple(codes("In 2019[^a]."))
    assert target_parts("En 2019 y 2019[^a][^b] 2021.", source) == (
        "En ", Code("1", "number", "ph", "2019"), " y 2019", Code("2", "footnote", "ph", "[^a]"), "[^b] 2021.")


def test_italics_beyond_the_sources_pairs_stay_stars():
    source = tuple(codes("*One* two."))
    assert target_parts("*Un* *deux*.", source) == (
        Code("1", "italic", "start", "*"), "Un", Code("1", "italic", "end", "*"), " *deux*.")
    assert target_parts("*Un*.", ()) == ("*Un*.",)


def test_a_target_of_the_sources_codes_has_no_problem():
    assert code_problems("In 2019,[^a] *the Act* CTOC/COP/2020/1 says.", "*La Loi* CTOC/COP/2020/1 en 2019,[^a].") == []


def test_each_code_missing_from_the_target_is_named_once():
    assert code_problems("In 2019,[^a] *the Act* CTOC/COP/2020/1 says.", "En la Loi.") == [
        "inline code 1 (number 2019) is missing", "inline code 2 (footnote [^a]) is missing",
        "inline code 3 (italics) is missing", "inline code 4 (symbol CTOC/COP/2020/1) is missing"]


def test_a_footnote_given_more_times_than_in_the_source_is_a_problem_a_number_not():
    assert code_problems("2019[^a].", "2019[^a] 2019[^a][^a].") == [
        "[^a] stands 3 times; the source has it 1 time(s)"]
    assert code_problems("One.", "Un[^z].") == ["[^z] stands 1 times; the source has it 0 time(s)"]
    assert code_problems("[^a] [^a]", "[^a] [^a]") == []


def test_codes_are_described_by_kind_and_text():
    assert describe(Code("1", "italic", "start", "*")) == "italics"
    assert describe(Code("2", "footnote", "ph", "[^a]")) == "footnote [^a]"
    assert describe(Code("3", "number", "ph", "2019")) == "number 2019"


@pytest.mark.parametrize("target", ["*Un* deux", "Un *deux*"])
def test_italics_anywhere_in_the_target_stand_for_the_sources(target):
    assert code_problems("*One* two", target) == []
