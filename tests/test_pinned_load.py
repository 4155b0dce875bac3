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
