"""Paragraphs moved in Word, pinned on small inputs: how a move is described, which paragraphs of a
list count as moved, which list a paragraph stands in, where one that cannot move goes back, how
paragraphs the outcome moved since rendering are found, the headings and misplaced paragraphs the
reader reports, and an item copied from another YAML list."""
from __future__ import annotations

import zipfile
from pathlib import Path

from publisher.markup import Piece, fingerprint
from publisher.postedit import docx_moves as dm
from publisher.postedit.docx_moves import FieldMove, Item
from publisher.postedit.docx_read import WordDocument, WordParagraph, read_docx
from publisher.postedit.yaml_edit import Keep, OutcomeText, Write

FIELDS = [("o.a[0]", "A0."), ("o.a[1].text", "A1."), ("o.a[1].subparagraphs[0]", "A1a."),
          ("o.a[1].subparagraphs[1]", "A1b."), ("o.b[0]", "B0."), ("o.b[1]", "B1.")]


def word(paragraphs=(), sections=(), elsewhere=()) -> WordDocument:
    return WordDocument(Path("/r/x.docx"), {}, list(paragraphs), {}, {}, list(elsewhere), list(sections))


def para(bookmark="", section="", heading="") -> WordParagraph:
    return WordParagraph(bookmark, [Piece("x")], False, [], [], False, section, heading)


def mark(index: int, text: str) -> str:
    return f"_pub{index:04d}_{fingerprint(text)}_{fingerprint(text)}"


# -- describing a move -------------------------------------------------------------------------------
def test_a_move_within_a_list_names_the_new_index_only_and_one_to_another_list_the_whole_place():
    assert FieldMove("o.a[1]", "o.a[0]").describe() == "moved: o.a[1] -> [0]"
    assert FieldMove("o.a[1]", "o.b[3]").describe() == "moved: o.a[1] -> o.b[3]"
    assert FieldMove("o.a[1].subparagraphs[1]", "o.a[1].subparagraphs[0]").describe() == \
        "moved: o.a[1].subparagraphs[1] -> [0]"
    assert FieldMove("o.a[1].subparagraphs[1]", "o.a[0].subparagraphs[0]").describe() == \
        "moved: o.a[1].subparagraphs[1] -> o.a[0].subparagraphs[0]"


# -- which paragraphs moved -------------------------------------------------------------------------
def test_the_longest_run_in_rendered_order_stays_and_the_rest_moved():
    assert dm._in_order([]) == set()
    assert dm._in_order([(0, 1), (1, 0)]) == {1}  # of two swapped, the one rendered first stays
    assert dm._in_order([(0, 1), (1, 2), (2, 0)]) == {0, 1}
    assert dm._in_order([(0, 2), (1, 0), (2, 1), (3, 3)]) == {1, 2, 3}
    assert dm._in_order([(5, 0), (7, 4), (9, 8)]) == {5, 7, 9}


def test_paragraphs_added_or_deleted_before_a_paragraph_do_not_make_it_moved():
    lists = {"o.a": [Item(None, "New."), Item("o.a[1].text", "A1.", [("o.a[1].subparagraphs[1]", "A1b.")])],
             "o.b": [Item("o.b[1]", "B1."), Item("o.b[0]", "B0.")]}
    assert dm.moves(lists) == [FieldMove("o.b[1]", "o.b[0]")]


def test_a_paragraph_from_another_list_moved_and_its_subparagraphs_went_with_it():
    lists = {"o.a": [Item("o.a[0]", "A0.")],
             "o.b": [Item("o.b[0]", "B0."), Item("o.a[1].text", "A1.", [("o.a[1].subparagraphs[0]", "A1a."),
                                                                        ("o.a[1].subparagraphs[1]", "A1b.")]),
                     Item("o.b[1]", "B1.")]}
    assert dm.moves(lists) == [FieldMove("o.a[1]", "o.b[1]")]


def test_subparagraphs_reordered_or_under_another_item_moved():
    lists = {"o.a": [Item("o.a[0]", "A0.", [("o.a[1].subparagraphs[1]", "A1b.")]),
                     Item("o.a[1].text", "A1.", [(None, "New."), ("o.a[1].subparagraphs[0]", "A1a.")])]}
    assert dm.moves(lists) == [FieldMove("o.a[1].subparagraphs[1]", "o.a[0].subparagraphs[0]")]
    swapped = {"o.a": [Item("o.a[1].text", "A1.", [("o.a[1].subparagraphs[1]", "B"), ("o.a[1].subparagraphs[0]", "A")])]}
    assert dm.moves(swapped) == [FieldMove("o.a[1].subparagraphs[1]", "o.a[0].subparagraphs[0]")]


# -- which list a paragraph stands in -----------------------------------------------------------------
def test_a_paragraph_stands_in_the_list_its_heading_names_or_in_none():
    sections = dm.Sections(word(sections=["_pubsec0000", "_pubsec0004"]), FIELDS)
    assert sections.destination(para(section="_pubsec0004"), "o.a[0]") == "o.b"
    assert sections.destination(para(section="_pubsec0000"), "o.b[1]") == "o.a"
    assert sections.destination(para(section=""), "o.a[0]") is None  # before any marked heading
    assert sections.destination(para(section="_pubsec0099"), "o.a[0]") is None  # names no field
    assert sections.destination(para(section="_pub0004_x_y"), "o.a[0]") is None  # not a heading's mark


def test_without_its_own_lists_heading_a_paragraph_stays_in_its_own_list():
    only_b = dm.Sections(word(sections=["_pubsec0004"]), FIELDS)
    assert only_b.destination(para(section="_pubsec0004"), "o.a[0]") == "o.a"
    assert only_b.destination(para(section=""), "o.a[0]") == "o.a"
    assert dm.Sections(word(), FIELDS).destination(para(section="_pubsec0004"), "o.a[0]") == "o.a"


def test_where_a_paragraph_outside_the_lists_stands_is_said_by_its_heading():
    assert dm.where(para(heading="")) == "before the first heading (the masthead and title)"
    assert dm.where(para(heading="I. Introduction")) == \
        "under the heading “I. Introduction”, which opens no list of paragraphs"
    finding = dm.not_a_list(Path("/r/x.docx"), "o.a[0]", "into a table")
    assert (finding.file, finding.line, finding.column, finding.field, finding.code) == (
        "/r/x.docx", 0, 0, "o.a[0]", "docx.not-a-list")
    assert finding.message.startswith("was moved in Word into a table: a paragraph can only move into a list")


def test_the_fields_found_outside_the_body_are_listed_with_their_place():
    document = word(elsewhere=[(mark(4, "B0."), "a table"), (mark(99, "Far."), "a table")])
    assert dm.placed_elsewhere(document, FIELDS, {}) == [("o.b[0]", "into a table")]
    assert dm.placed_elsewhere(document, [*FIELDS[:4], ("o.title", "Not a list.")], {}) == []
    assert dm.placed_elsewhere(document, FIELDS, {4: 5}) == [("o.b[1]", "into a table")]


# -- paragraphs that could not move go back -----------------------------------------------------------
def test_a_paragraph_that_could_not_move_goes_back_after_those_of_its_list_rendered_before_it():
    lists = {"o.b": [Item(None, "New."), Item("o.b[1]", "B1.")]}
    dm.restore("o.b[0]", "B0.", lists)
    assert [i.field for i in lists["o.b"]] == ["o.b[0]", None, "o.b[1]"]
    lists = {"o.b": [Item("o.b[0]", "B0."), Item("o.a[0]", "A0.")]}
    dm.restore("o.b[1]", "B1.", lists)
    assert [i.field for i in lists["o.b"]] == ["o.b[0]", "o.b[1]", "o.a[0]"]
    empty: dict = {}
    dm.restore("o.a[0]", "A0.", empty)
    assert [(i.field, i.text) for i in empty["o.a"]] == [("o.a[0]", "A0.")]


def test_a_subparagraph_that_could_not_move_goes_back_into_its_item_or_with_it():
    lists = {"o.a": [Item("o.a[1].text", "A1.", [(None, "New."), ("o.a[1].subparagraphs[1]", "A1b.")])]}
    dm.restore("o.a[1].subparagraphs[0]", "A1a.", lists)
    assert [p for p, _ in lists["o.a"][0].subparagraphs] == [None, "o.a[1].subparagraphs[0]",
                                                             "o.a[1].subparagraphs[1]"]
    gone = {"o.a": [Item("o.a[0]", "A0.")]}
    dm.restore("o.a[1].subparagraphs[0]", "A1a.", gone)
    assert [(i.field, i.subparagraphs) for i in gone["o.a"]] == [("o.a[0]", [])]


# -- paragraphs the outcome moved since rendering -------------------------------------------------------
def test_a_paragraph_no_longer_at_its_place_is_found_by_its_text_at_one_other_place_of_its_kind():
    now = [("o.b[0]", "B1."), ("o.b[1]", "B0."), ("o.a[0]", "A0."), ("o.a[1].text", "A1."),
           ("o.a[1].subparagraphs[0]", "A1a."), ("o.a[1].subparagraphs[1]", "A1b.")]
    rendered = word([para(mark(0, "B0.")), para(mark(1, "B1.")), para(mark(2, "A0.")), para("_pubgen1")],
                    elsewhere=[(mark(5, "A1a."), "a table")])
    assert dm.moved_in_file(rendered, now) == {0: 1, 1: 0, 5: 4}


def test_a_paragraph_whose_text_is_at_several_places_or_changed_is_not_found_elsewhere():
    now = [("o.b[0]", "Same."), ("o.b[1]", "Same."), ("o.b[2]", "Other."), ("o.b[3]", "Changed.")]
    rendered = word([para(mark(2, "Same.")), para(mark(3, "Was."))])
    assert dm.moved_in_file(rendered, now) == {}
    sub = [("o.a[0]", "B."), ("o.a[1].subparagraphs[0]", "A.")]
    assert dm.moved_in_file(word([para(mark(1, "B."))]), sub) == {}  # an item's text is not a sub-paragraph's


# -- the reader ------------------------------------------------------------------------------------------
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def p(content: str, style: str = "SingleTxt") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p>'


def r(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def bm(name: str) -> str:
    return f'<w:bookmarkStart w:id="1" w:name="{name}"/>'


def test_the_reader_gives_each_paragraph_its_headings_list_and_text_and_lists_misplaced_fields(tmp_path):
    body = (p(bm("_pub0000_a_b") + r("Masthead.")) + p(r("I.") + "<w:r><w:tab/></w:r>" + r("Intro"), "HCh")
            + p(r("In the intro.")) + p(bm("_pubsec0003") + r("II.") + "<w:r><w:tab/></w:r>" + r("List"), "HCh")
            + p(bm("_pubsec0009") + bm("_pub0003_c_d") + r("Under.")) + p(bm("_pub0004_e_f") + r("As heading"), "H23")
            + p(bm("_pub0005_g_h") + r("Other style."), "Meeting")
            + f"<w:tbl><w:tr><w:tc>{p(bm('_pub0006_i_j') + r('In a table.'))}</w:tc></w:tr></w:tbl>"
            + p(bm("_pubsec0007") + r("Orphan mark"), "H1") + p(r("Last.")))
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
    document = read_docx(path)
    assert [(x.bookmark, x.section, x.heading) for x in document.paragraphs] == [
        ("_pub0000_a_b", "", ""), ("", "", "I. Intro"), ("_pub0003_c_d", "_pubsec0003", "II. List"),
        ("", "_pubsec0007", "Orphan mark")]
    assert document.sections == ["_pubsec0003", "_pubsec0007"]
    assert document.elsewhere == [("_pub0004_e_f", "the heading “As heading”"),
                                  ("_pub0005_g_h", "a paragraph in the style Meeting"), ("_pub0006_i_j", "a table")]


# -- an item copied from another list --------------------------------------------------------------------
LISTS = """\
a:
  - One.
  - >-
    Two, folded
    over two lines. # not a comment
  # about two
b:
    -   Three.
    - text: Four.
      subparagraphs:
        - Four a.
"""


def test_an_item_moved_from_another_list_is_copied_as_written_indented_as_its_new_list():
    # a comment after the last item of a list is the list's, and stays there
    source = OutcomeText(LISTS)
    source.replace_list(("a",), [Keep(0)])
    source.replace_list(("b",), [Keep(0), Keep(1, ("a",)), Keep(1), Write("New.")])
    assert source.result() == """\
a:
  - One.
  # about two
b:
    -   Three.
    - >-
      Two, folded
      over two lines. # not a comment
    - text: Four.
      subparagraphs:
        - Four a.
    - New.
"""


def test_an_item_moved_into_a_list_written_further_left_loses_only_spaces():
    source = OutcomeText(LISTS)
    source.replace_list(("a",), [Keep(0), Keep(1, ("b",))])
    source.replace_list(("b",), [Keep(0)])
    assert source.result() == ("a:\n  - One.\n  - text: Four.\n    subparagraphs:\n      - Four a.\n  # about two\n"
                               "b:\n    -   Three.\n")
    assert OutcomeText(source.result()).root is not None
    assert dm._INDEX.match("_pubsec0012").group(1) == "0012"


def test_a_field_is_settled_while_it_holds_the_text_its_own_paragraph_was_rendered_from():
    now = [("o.b[0]", "B0."), ("o.b[1]", "Changed."), ("o.b[2]", "B2.")]
    rendered = word([para(mark(0, "B0.")), para(mark(1, "B1."))], elsewhere=[(mark(2, "B2."), "a table")])
    assert dm.settled(rendered, now) == {"o.b[0]", "o.b[2]"}


def test_a_paragraph_that_could_not_move_is_reported_with_where_it_went_the_rule_and_what_to_do():
    into_a_table = dm.not_a_list(Path("/r/x.docx"), "o.a[0]", "into a table")
    assert into_a_table.message == (
        "was moved in Word into a table: a paragraph can only move into a list of paragraphs (under a section or "
        "article heading), so it is left where it was in the outcome, as it was there; move it again in Word, "
        "or in the outcome")
    first = dm.not_a_list(Path("/r/x.docx"), "o.a[1].subparagraphs[0]", dm.SUB_FIRST)
    assert first.message == (
        "was moved in Word to the start of a list, above any paragraph it could be a sub-paragraph of: a "
        "sub-paragraph can only move under a paragraph, so it is left where it was in the outcome, as it was "
        "there; move it again in Word, or in the outcome")


def test_a_bookmark_naming_a_field_past_the_last_is_no_field_and_no_list():
    document = word(elsewhere=[(mark(len(FIELDS), "Far."), "a table")])
    assert dm.placed_elsewhere(document, FIELDS, {}) == []
    sections = dm.Sections(word(sections=["_pubsec0000"]), FIELDS)
    assert sections.destination(para(section=f"_pubsec{len(FIELDS):04d}"), "o.a[0]") is None


def test_each_field_bookmark_gives_its_index_and_the_fingerprint_of_the_text_it_was_rendered_from():
    fields = [(f"o.a[{i}]", f"T{i}.") for i in range(1001)]
    shown_otherwise = f"_pub1000_{fingerprint('T1000.')}_{fingerprint('Shown.')}"
    document = word(paragraphs=[para(bookmark=shown_otherwise)], elsewhere=[(mark(7, "T7."), "a table")])
    assert dm._marks(document, fields) == {1000: fingerprint("T1000."), 7: fingerprint("T7.")}


def test_a_paragraph_goes_back_right_after_the_last_of_its_list_rendered_before_it():
    lists = {"o.b": [Item("o.b[0]", "B0."), Item("o.b[1]", "B1."), Item("o.b[3]", "B3.")]}
    dm.restore("o.b[2]", "B2.", lists)
    assert [i.field for i in lists["o.b"]] == ["o.b[0]", "o.b[1]", "o.b[2]", "o.b[3]"]


def test_a_bookmark_of_a_field_past_the_last_is_no_mark_whatever_its_last_digits():
    fields = [(f"o.a[{i}]", f"T{i}.") for i in range(5)]
    document = word(paragraphs=[para(bookmark=mark(1000, "T0."))], elsewhere=[(mark(7, "T7."), "a table")])
    assert dm._marks(document, fields) == {}


def test_a_paragraph_whose_text_the_outcome_moved_into_a_list_is_reported_where_it_now_is():
    fields = [("o.title", "New title."), ("o.a[0]", "Old title.")]
    document = word(elsewhere=[(mark(0, "Old title."), "a table")])
    assert dm.placed_elsewhere(document, fields, {0: 1}) == [("o.a[0]", "into a table")]


def test_a_field_two_paragraphs_would_stand_for_is_refused_whether_an_item_or_a_subparagraph():
    lists = {"o.a": [Item("o.a[0].text", "B.", [("o.a[0].subparagraphs[0]", "s."), ("o.a[0].subparagraphs[0]", "s.")]),
                     Item("o.a[0]", "B."), Item(None, "new.", [(None, "new sub.")]), Item("o.a[1]", "C.")],
             "o.b": [Item("o.b[0]", "D.")]}
    found = dm.doubled(Path("/r/x.docx"), lists)
    assert [(f.file, f.line, f.column, f.field, f.code) for f in found] == [
        ("/r/x.docx", 0, 0, "o.a[0]", "docx.outdated"), ("/r/x.docx", 0, 0, "o.a[0].subparagraphs[0]", "docx.outdated")]
    assert "importing the list o.a would write one text twice" in found[0].message
    assert dm.doubled(Path("/r/x.docx"), {"o.a": [Item("o.a[0]", "B.", [("o.a[0].subparagraphs[0]", "s.")])],
                                          "o.b": [Item("o.b[0]", "B.")]}) == []
