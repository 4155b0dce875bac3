"""Where a finding points (publisher/load.py): every field keeps the line and column of its key and
of its value, and a phrase inside a long folded paragraph is found again on the line the editor has
to change."""
from __future__ import annotations

import pytest

from publisher.load import child_path, line_and_column, load_bytes, parent_path

TEXT = """review:
  best: the best value
  state: Mongolia
observations:
  challenges:
    - >-
      The reviewing States noted that the
      legislation was the best in
      the region, and that THE BEST
      practice was shared.
    - Second paragraph, the best one.
"""


@pytest.fixture(scope="module")
def source():
    return load_bytes(TEXT.encode(), "outcome.yaml").source


def test_keys_and_values_have_their_line_and_column(source):
    assert source.keys["review.state"] == (3, 3) and source.values["review.state"] == (3, 10)
    assert source.keys["observations.challenges[0]"] == (6, 7)  # a list item: where its value starts
    assert source.keys["observations.challenges[1]"] == source.values["observations.challenges[1]"] == (11, 7)


def test_a_missing_field_is_placed_at_its_nearest_ancestor(source):
    assert source.position("observations.challenges[7].article") == source.keys["observations.challenges"]
    assert source.position("review.missing") == source.keys["review"] == (1, 1)
    assert source.position("nowhere.at.all") == (1, 1)


def test_a_phrase_inside_a_folded_paragraph_is_found_on_its_own_line(source):
    assert source.locate_text("observations.challenges[0]", "was the best in") == (8, 19)
    assert source.locate_text("observations.challenges[0]", "practice  was\tshared") == (10, 7)


def test_the_search_ignores_case_and_starts_at_the_value(source):
    assert source.locate_text("observations.challenges[0]", "THE reviewing") == (7, 7)
    assert source.locate_text("review.best", "best") == (2, 13)  # not the key "best"
    assert source.locate_text("observations.challenges[1]", "the best") == (11, 25)  # not paragraph 0


def test_a_phrase_the_folding_split_over_two_lines_is_found_whole_where_it_starts(source):
    assert source.locate_text("observations.challenges[0]", "noted that the legislation") == (7, 28)
    assert source.locate_text("observations.challenges[0]", "THE BEST practice was") == (9, 28)


def test_when_the_whole_phrase_is_not_there_its_first_word_is_looked_for(source):
    assert source.locate_text("observations.challenges[0]", "legislation was never") == (8, 7)


def test_a_phrase_not_found_points_at_the_value(source):
    assert source.locate_text("observations.challenges[0]", "absent words") == source.values["observations.challenges[0]"]
    assert source.locate_text("review.nothing", "x") == source.keys["review"]


def test_the_search_stops_200_lines_after_the_value():
    lines = [f"      line {n} of filler text\n" for n in range(250)]
    filler = "".join(lines)
    text = "observations:\n  challenges:\n    - >-\n" + filler + "      needle here\n"
    source = load_bytes(text.encode(), "outcome.yaml").source
    assert source.locate_text("observations.challenges[0]", "needle") == source.values["observations.challenges[0]"]
    near = "observations:\n  challenges:\n    - >-\n" + "".join(lines[:150]) + "      needle here\n"
    found = load_bytes(near.encode(), "outcome.yaml").source.locate_text("observations.challenges[0]", "needle")
    assert found == (3 + 150 + 1, 7)


@pytest.mark.parametrize("path, parent", [("a.b[2]", "a.b"), ("a.b[2][3]", "a.b[2]"), ("a.b", "a"), ("a", ""),
                                          ("footnotes.x.y", "footnotes.x")])
def test_paths_and_their_parents(path, parent):
    assert parent_path(path) == parent


def test_child_paths():
    assert (child_path("a", 3), child_path("a", "b"), child_path("", "b")) == ("a[3]", "a.b", "b")


@pytest.mark.parametrize("text, offset, position", [
    ("abc", 0, (1, 1)), ("abc", 2, (1, 3)), ("ab\ncd", 3, (2, 1)), ("ab\ncd", 4, (2, 2)), ("a\n\nbc\nd", 6, (4, 1)),
])
def test_line_and_column_of_an_offset(text, offset, position):
    assert line_and_column(text, offset) == position


# -- the builder -------------------------------------------------------------------------------------
def findings_of(raw: str):
    return [(f.file, f.line, f.column, f.field, f.message, f.code) for f in load_bytes(raw.encode(), "o.yaml").findings]


def test_a_tag_other_than_plain_values_is_refused_at_its_place():
    from publisher.errors import PublisherError
    with pytest.raises(PublisherError) as refused:
        load_bytes(b"review:\n  state: !!python/object x\n", "outcome.yaml")
    [f] = refused.value.findings
    assert (f.file, f.line, f.column, f.field, f.code, f.message) == (
        "outcome.yaml", 2, 10, "review.state", "input.yaml-tag",
        "the YAML tag tag:yaml.org,2002:python/object is not allowed; write plain values")


def test_a_field_given_twice_keeps_the_first_and_the_fields_after_it():
    loaded = load_bytes(b"a: 1\nb: 2\na: 3\nc: 4\n", "o.yaml")
    assert loaded.data == {"a": 1, "b": 2, "c": 4}
    assert findings_of("a: 1\nb: 2\na: 3\nc: 4\n") == [
        ("o.yaml", 3, 1, "a", "this field is given twice (first on line 1)", "schema.duplicate-field")]


def test_keys_are_text_or_numbers_and_are_checked_like_text():
    assert load_bytes(b"a:\n  1.5: x\n  3: z\n", "o.yaml").data == {"a": {"1.5": "x", "3": "z"}}  # names are text
    assert [(line, column, field, code) for _, line, column, field, _, code in
            findings_of("a:\n  \u202ekey: w\n")] == [(2, 3, "a", "input.bidi-control")]


@pytest.mark.parametrize("raw, value", [("a: !!int abc\n", "abc"), ("a: !!bool maybe\n", "maybe"),
                                        ("a: !!float x\n", "x")])
def test_a_value_its_tag_cannot_read_stays_text_for_the_schema_to_report(raw, value):
    assert load_bytes(raw.encode(), "o.yaml").data == {"a": value}


def test_a_year_tagged_as_a_number_but_written_in_words_is_a_schema_finding(write_outcome):
    from publisher.validate import validate_file
    from .conftest import MONGOLIA
    path = write_outcome(MONGOLIA.read_text(encoding="utf-8").replace("  year: 2026", "  year: !!int twenty", 1))
    findings, _ = validate_file(path)
    assert ("schema.wrong-type", "review.year") in [(f.code, f.field) for f in findings]


def test_a_yaml_error_is_one_line():
    from publisher.errors import PublisherError
    with pytest.raises(PublisherError) as refused:
        load_bytes(b"a: [1, 2\n", "o.yaml")
    [f] = refused.value.findings
    assert (f.line, f.column, f.code, f.message) == (2, 1, "input.yaml-syntax",
                                                     "not valid YAML: did not find expected ',' or ']'")


# -- more of where a phrase is found --------------------------------------------------------------
def test_the_whole_phrase_wins_over_an_earlier_first_word_whatever_its_case(source):
    assert source.locate_text("observations.challenges[0]", "the BEST in") == (8, 23)
    assert source.locate_text("observations.challenges[0]", "LEGISLATION was never") == (8, 7)


def test_the_search_starts_on_the_line_of_the_value_not_before(source):
    assert source.locate_text("review.state", "value") == source.values["review.state"]
    assert source.locate_text("review.best", "the") == (2, 9)  # the value's own first word
    assert source.locate_text("review.best", "state") == (3, 3)  # later lines from their first column
    assert source.locate_text("review.state", "observations") == (4, 1)
    assert source.locate_text("observations.challenges[5]", "x") == source.keys["observations.challenges"]


@pytest.mark.parametrize("distance, found", [(200, True), (201, False)])
def test_the_window_is_200_lines_after_the_value(distance, found):
    head = "observations:\n  challenges:\n    - >-\n"
    start = 3  # the line of ">-", where the value starts
    filler = "".join(f"      line {n} of filler text\n" for n in range(start + 1, start + distance))
    source = load_bytes((head + filler + "      needle here\n").encode(), "outcome.yaml").source
    assert source.values["observations.challenges[0]"][0] == start
    expected = (start + distance, 7) if found else source.values["observations.challenges[0]"]
    assert source.locate_text("observations.challenges[0]", "needle") == expected


@pytest.mark.parametrize("text, offset, position", [("\nab", 1, (2, 1)), ("\nab", 2, (2, 2))])
def test_a_line_break_at_the_very_start_counts(text, offset, position):
    assert line_and_column(text, offset) == position


def test_a_field_given_twice_names_the_line_of_the_first():
    assert findings_of("r:\n  a: 1\n  a: 2\n") == [
        ("o.yaml", 3, 3, "r.a", "this field is given twice (first on line 2)", "schema.duplicate-field")]


def test_a_utf8_byte_order_mark_is_skipped_and_utf16_is_refused_at_the_start():
    from publisher.errors import PublisherError
    loaded = load_bytes(b"\xef\xbb\xbfa: x\n", "o.yaml")
    assert loaded.data == {"a": "x"} and loaded.source.lines[0] == "a: x"
    with pytest.raises(PublisherError) as refused:
        load_bytes("a: x\n".encode("utf-16"), "o.yaml")
    [f] = refused.value.findings
    assert (f.line, f.column, f.code) == (1, 1, "input.encoding") and "UTF-16" in f.message


@pytest.mark.parametrize("length, too_long", [(20_000, False), (20_001, True)])
def test_a_text_may_have_20000_characters(length, too_long):
    found = findings_of("a: " + "x" * length + "\n")
    assert found == ([("o.yaml", 1, 4, "a", f"this text has {length:,} characters; a text may have at most 20,000",
                       "input.text-too-long")] if too_long else [])


@pytest.mark.parametrize("text, unclosed", [
    ("\u202eevil", "\u202e"),  # RIGHT-TO-LEFT OVERRIDE left open: the rest shows reversed
    ("\u202bمرحبا\u202c then \u202dLTR", "\u202d"),
    ("\u2067\u202bعربي\u2069", None),  # the isolate's closer also closes the embedding opened inside it
    ("\u2066a\u2067b\u2069c", "\u2066"),  # it closes the innermost isolate only
    ("\u202ax\u2066y\u202cz", "\u202a"),  # U+202C cannot close the embedding across an open isolate
    ("\u202cstray closers\u2069 change nothing", None),
    ("\u200fRLM and \u200eLRM marks are not embeddings", None),
    ("\u2068first-strong isolate, never closed", "\u2068"),
])
def test_direction_controls_are_paired_as_the_bidi_algorithm_pairs_them(text, unclosed):
    from publisher.load import unbalanced_bidi_control
    assert unbalanced_bidi_control(text) == unclosed


def test_a_field_name_must_be_plain_text_where_it_is_written():
    assert refusal("a: x\nb:\n  [1, 2]: y\n") == (
        "o.yaml", 3, 3, "b", "a field name must be plain text, not a list, a mapping or a tagged value",
        "input.yaml-key", 2)


def test_a_forbidden_character_written_as_an_escape_is_refused_at_its_value():
    assert refusal('a: x\nb: "ok\\x01"\n') == (
        "o.yaml", 2, 4, "b", "contains the control character U+0001 (written as an escape)",
        "input.control-character", 2)


def test_an_unclosed_direction_control_says_how_to_close_it():
    assert findings_of("a: \u202eabc\n") == [("o.yaml", 1, 4, "a", (
        "the direction control U+202E is not closed: the text would display differently from what it says; remove "
        "it, or close each embedding or override with U+202C and each isolate with U+2069"), "input.bidi-control")]


@pytest.mark.parametrize("raw, finding", [
    ("a: x\n".encode("utf-16"), (1, 1, "input.encoding",
                                 "is UTF-16 text (it starts with a UTF-16 byte order mark); save the file as UTF-8")),
    (b"a: x\nb: \xff\n", (2, 4, "input.encoding", "not UTF-8 text (byte 0xff); save the file as UTF-8")),
    (b"\n\n\xff", (3, 1, "input.encoding", "not UTF-8 text (byte 0xff); save the file as UTF-8")),
    ("a: x\nb: y\x85\n".encode(), (2, 5, "input.control-character", "contains the control character U+0085")),
    ("a: \ufffe\n".encode(), (1, 4, "input.control-character", "contains the noncharacter U+FFFE")),
    (b"", (0, 0, "input.empty", "the file is empty")),
    (b"# only a comment\n", (0, 0, "input.empty", "the file is empty")),
    (b"  - a\n  - b\n", (1, 3, "input.not-a-mapping", "the top level must be a mapping of fields")),
])
def test_a_file_that_cannot_be_read_says_why_and_where(raw, finding):
    from publisher.errors import PublisherError
    with pytest.raises(PublisherError) as refused:
        load_bytes(raw, "o.yaml")
    [f] = refused.value.findings
    assert (f.file, (f.line, f.column, f.code, f.message)) == ("o.yaml", finding) and refused.value.exit_code == 2


def refusal(raw: str):
    from publisher.errors import PublisherError
    with pytest.raises(PublisherError) as refused:
        load_bytes(raw.encode(), "o.yaml")
    [f] = refused.value.findings
    return (f.file, f.line, f.column, f.field, f.message, f.code, refused.value.exit_code)


def test_values_may_nest_fifty_levels_and_the_next_level_is_refused_where_it_opens():
    fifty = "a: " + "[" * 49 + "]" * 49 + "\n"  # the top-level mapping is the first level
    value, depth = load_bytes(fifty.encode(), "o.yaml").data["a"], 1
    while value:
        value, depth = value[0], depth + 1
    assert value == [] and depth == 49
    assert refusal("b: 1\na: " + "[" * 50 + "]" * 50 + "\n") == (
        "o.yaml", 2, 53, "a" + "[0]" * 49,
        "the values nest more than 50 levels deep; a review outcome nests a few levels", "input.too-deep", 2)


@pytest.mark.parametrize("levels, refused", [(48, False), (49, True)])
def test_the_depth_of_a_value_counts_from_its_parent_after_a_sibling_closed(levels, refused):
    # the mapping, the list and the empty list before the deep one: three levels; the deep one starts at three
    raw = "a: [[], " + "[" * levels + "]" * levels + "]\n"
    if refused:
        assert refusal(raw)[4:6] == (
            "the values nest more than 50 levels deep; a review outcome nests a few levels", "input.too-deep")
    else:
        assert load_bytes(raw.encode(), "o.yaml").data["a"][0] == []


def test_a_deep_value_that_closes_leaves_the_depth_as_it_was_for_its_neighbours():
    # forty levels twice, side by side: each is counted from its parent, not added to the other
    forty = "[" * 40 + "]" * 40
    data = load_bytes(f"a: {forty}\nb: {forty}\nc: [{forty}]\n".encode(), "o.yaml").data
    assert sorted(data) == ["a", "b", "c"] and data["a"] == data["b"] == data["c"][0]


def test_a_number_may_have_thirty_digits_and_a_longer_one_is_refused_at_its_place():
    assert load_bytes(("a: x\nb: " + "9" * 30 + "\n").encode(), "o.yaml").data["b"] == int("9" * 30)
    assert refusal("a: x\nb: " + "9" * 31 + "\n") == (
        "o.yaml", 2, 4, "b", "a number of 31 digits; a number may have at most 30", "input.number-too-large", 2)
    assert refusal("a: x\nb: [1, -" + "1" * 1234 + "]\n")[3:6] == (
        "b[1]", "a number of 1,234 digits; a number may have at most 30", "input.number-too-large")


@pytest.mark.parametrize("character, kind", [
    ("\x01", "control character"), ("\x9f", "control character"), ("\ufffe", "noncharacter"),
    ("\uffff", "noncharacter"), ("\ud800", "surrogate code point"), ("\udfff", "surrogate code point"),
    ("\udabc", "surrogate code point")])
def test_each_forbidden_character_is_named_by_its_kind(character, kind):
    from publisher.load import character_kind
    assert character_kind(character) == kind


def test_a_text_from_elsewhere_is_told_every_problem_it_has():
    from publisher.load import target_problem, text_problems
    assert text_problems("x" * 20_000) == [] and target_problem("Texto.") is None
    assert text_problems("x" * 20_001) == ["20,001 characters; a text holds at most 20,000"]
    both = "ab\x07c \u2067d"
    assert text_problems(both) == [
        "character U+0007 at position 3 cannot stand in a document",
        "direction control U+2067 is left open: the rest of the paragraph would show reversed"]
    assert target_problem(both) == "character U+0007 at position 3 cannot stand in a document"
    assert target_problem("\u202bx") == ("direction control U+202B is left open: the rest of the paragraph "
                                          "would show reversed")


ALIASES_REFUSED = ("YAML aliases (*name) repeat more than 1,000 values or 100,000 characters given elsewhere; "
                   "write the values out")


@pytest.mark.parametrize("anchored, repeats, refused_at", [
    ("v", 1000, None), ("v", 1001, "b[1000]"),                      # 1,000 values repeated at most
    ("y" * 20_000, 5, None), ("y" * 20_000, 6, "b[5]"),            # 100,000 characters repeated at most
    ("[1, 2, 3, 4, 5, 6, 7, 8, 9]", 100, None),                    # a list and its nine items: ten values
    ("[1, 2, 3, 4, 5, 6, 7, 8, 9]", 101, "b[100]"),                # each time it is repeated
    ("[[1, 2, 3, 4, 5, 6, 7, 8], 9]", 90, None),                   # eleven values, the inner list's too
    ("[[1, 2, 3, 4, 5, 6, 7, 8], 9]", 91, "b[90][1]"),             # at the "9" of the 91st: the 1,001st value
])
def test_what_yaml_aliases_repeat_is_bounded_and_refused_at_the_alias_that_passes_the_bound(
        anchored, repeats, refused_at):
    raw = f"a: &x {anchored}\nb: [{', '.join(['*x'] * repeats)}]\n"
    if refused_at is None:
        data = load_bytes(raw.encode(), "o.yaml").data
        assert len(data["b"]) == repeats and data["b"][-1] == data["a"]
    else:  # the place is the anchored value's, which the alias gives again
        column = len("a: &x ") + 1 + anchored.index("9") if refused_at.endswith("][1]") else 4
        assert refusal(raw) == ("o.yaml", 1, column, refused_at, ALIASES_REFUSED, "input.yaml-aliases", 2)


def test_a_file_over_the_size_limit_is_told_its_size_in_megabytes_of_1024_times_1024_bytes(tmp_path):
    from publisher.load import MAX_INPUT_BYTES, read_input
    raw = b"#" * int(2.451 * 1024 * 1024)  # 2.451 MB; in megabytes of 1025 x 1024 bytes it would be 2.449
    message = ("is 2.5 MB; an input file may be at most 2 MB (a review outcome is a few dozen kB)", "input.too-large")
    assert refusal_of_bytes(raw, "big.yaml")[:2] == ("big.yaml", message)
    (tmp_path / "big.yaml").write_bytes(raw)
    from publisher.errors import PublisherError
    with pytest.raises(PublisherError) as refused:
        read_input(tmp_path / "big.yaml")
    [f] = refused.value.findings
    assert (f.file, (f.message, f.code)) == (str(tmp_path / "big.yaml"), message) and MAX_INPUT_BYTES < len(raw)


def refusal_of_bytes(raw: bytes, name: str):
    from publisher.errors import PublisherError
    with pytest.raises(PublisherError) as refused:
        load_bytes(raw, name)
    [f] = refused.value.findings
    return f.file, (f.message, f.code), (f.line, f.column, f.field)


def test_a_byte_that_is_not_utf8_right_after_a_first_line_break_is_at_column_one():
    assert refusal_of_bytes(b"\n\xff", "o.yaml") == (
        "o.yaml", ("not UTF-8 text (byte 0xff); save the file as UTF-8", "input.encoding"), (2, 1, ""))


def test_a_tag_on_the_whole_file_is_refused_with_the_empty_path_of_the_top_level():
    file, (message, code), (line, column, field) = refusal_of_bytes(b"!!omap\na: 1\n", "o.yaml")
    assert (file, code, line, column, field) == ("o.yaml", "input.yaml-tag", 1, 1, "")


def test_the_source_map_names_its_file():
    assert load_bytes(b"a: 1\n", "dir/o.yaml").source.file == "dir/o.yaml"
