"""An edited DOCX back into its outcome, pinned on documents built in each test: which outcome it
names and when it is refused (with which message), how each paragraph's text is read (labels,
untranslated text, note calls), where paragraphs added in Word go, which footnote key each call
gets, how changes are listed, and which comments are reported where."""
from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import EXIT_FINDINGS, EXIT_UNREADABLE, PublisherError
from publisher.markup import Piece, fingerprint
from publisher.postedit import docx_import as di
from publisher.postedit import docx_moves as dm
from publisher.postedit.docx_import import FieldChange, _Item, _Notes
from publisher.postedit.docx_read import Change, WordComment, WordDocument, WordNote, WordParagraph
from publisher.postedit.yaml_edit import Keep, OutcomeText, Write

from .conftest import MONGOLIA


def word(paragraphs=(), notes=None, comments=None, **properties) -> WordDocument:
    return WordDocument(Path("/r/x.docx"), dict(properties), list(paragraphs), notes or {}, comments or {})


def para(text: str = "", bookmark: str = "", *, indented=False, after_heading=False, comments=(), pieces=None):
    return WordParagraph(bookmark, pieces if pieces is not None else [Piece(text)], indented, [], list(comments),
                         after_heading)


def mark(index: int, source: str, shown: str | None = None) -> str:
    """The bookmark of the field ``index`` rendered from ``source`` (shown as ``shown``)."""
    return f"_pub{index:04d}_{fingerprint(source)}_{fingerprint(source if shown is None else shown)}"


def notes_of(document: WordDocument, footnotes=None) -> _Notes:
    return _Notes(document, footnotes or {}, Path("/r/x.docx"))


def refusal(raised) -> tuple:
    [finding] = raised.value.findings
    assert (finding.line, finding.column) == (0, 0)
    return finding.file, finding.field, finding.message, finding.code, raised.value.exit_code


# -- changes as the command prints them ------------------------------------------------------------

def test_a_change_lists_the_text_before_after_and_the_words_removed_and_added():
    assert FieldChange("f", "The old text stays.", "The new text stays here.").diff() == [
        "- The old text stays.", "+ The new text stays here.", "  (removed: old stays.; added: new stays here.)"]
    assert FieldChange("f", "One two three.", "One three.").diff() == [
        "- One two three.", "+ One three.", "  (removed: two; added: -)"]
    assert FieldChange("f", "One three.", "One two three.").diff()[-1] == "  (removed: -; added: two)"
    assert FieldChange("f", "Same  words.", "Same words.").diff() == ["- Same  words.", "+ Same words."]


def test_a_new_field_is_listed_as_added_and_a_deleted_one_as_removed():
    assert FieldChange("f", "", "New paragraph.").diff() == ["+ New paragraph."]
    assert FieldChange("f", "Old paragraph.", "").diff() == ["- Old paragraph."]


# -- which outcome ---------------------------------------------------------------------------------

def test_the_outcome_given_is_taken_as_it_is(tmp_path):
    assert di._outcome_file(tmp_path / "x.docx", word(), "/elsewhere/o.yaml") == Path("/elsewhere/o.yaml")


def test_a_docx_naming_no_outcome_needs_one_given(tmp_path):
    with pytest.raises(PublisherError) as raised:
        di._outcome_file(tmp_path / "x.docx", word(), None)
    assert refusal(raised) == (str(tmp_path / "x.docx"), "publisher.outcome", "names no review outcome: it was not "
                               "rendered by publisher (or its properties were removed); give the outcome with "
                               "--outcome", "docx.no-origin", EXIT_UNREADABLE)


def test_the_outcome_a_docx_names_is_found_as_named_or_beside_the_docx(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "o.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "o.yaml").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "sub")
    named = word(**{"publisher.outcome": "o.yaml"})
    assert di._outcome_file(tmp_path / "x.docx", named, None) == Path("o.yaml")  # as named, from here
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "docs"
    elsewhere.mkdir()
    (elsewhere / "o.yaml").write_text("x", encoding="utf-8")
    in_folder = word(**{"publisher.outcome": "renders/o.yaml"})
    assert di._outcome_file(elsewhere / "x.docx", in_folder, None) == elsewhere / "o.yaml"
    (elsewhere / "deep").mkdir()
    (elsewhere / "deep" / "p.yaml").write_text("x", encoding="utf-8")
    deep = word(**{"publisher.outcome": "deep/p.yaml"})
    assert di._outcome_file(elsewhere / "x.docx", deep, None) == elsewhere / "deep" / "p.yaml"


def test_a_docx_whose_outcome_is_not_there_says_which_it_was(tmp_path):
    with pytest.raises(PublisherError) as raised:
        di._outcome_file(tmp_path / "x.docx", word(**{"publisher.outcome": "gone.yaml"}), None)
    assert refusal(raised) == (str(tmp_path / "x.docx"), "publisher.outcome", "was rendered from gone.yaml, which "
                               "is not here; give the outcome with --outcome", "docx.no-origin", EXIT_UNREADABLE)
    (tmp_path / "gone.yaml").mkdir()
    with pytest.raises(PublisherError):
        di._outcome_file(tmp_path / "x.docx", word(**{"publisher.outcome": "gone.yaml"}), None)


def test_a_docx_of_another_review_or_language_says_which_the_outcome_is():
    from publisher.load import load_file
    from publisher.model import build_outcome
    from publisher.compose import review_identity

    outcome = build_outcome(load_file(MONGOLIA))
    di._check_same_review(Path("/r/x.docx"), word(**{"publisher.review": review_identity(outcome)}), outcome)
    with pytest.raises(PublisherError) as raised:
        di._check_same_review(Path("/r/x.docx"), word(**{"publisher.review": "0" * 8}), outcome)
    assert refusal(raised) == ("/r/x.docx", "publisher.review", "was rendered from another review or language "
                               f"version than {outcome.file} (Mongolia, en); nothing imported",
                               "docx.other-outcome", EXIT_UNREADABLE)


def test_a_docx_that_does_not_say_which_document_it_is_is_refused_rather_than_losing_its_edits():
    for kind in ("observations", "summary"):
        assert di._document_kind(Path("/r/x.docx"), word(**{"publisher.document": kind})) == kind
    with pytest.raises(PublisherError) as raised:
        di._document_kind(Path("/r/x.docx"), word())
    assert refusal(raised) == ("/r/x.docx", "publisher.document", "is missing: the properties publisher wrote were "
                               "changed, so the paragraphs cannot be placed (nothing imported); render the DOCX "
                               "again and make the edits there", "docx.no-origin", EXIT_UNREADABLE)
    with pytest.raises(PublisherError) as raised:
        di._document_kind(Path("/r/x.docx"), word(**{"publisher.document": "minutes"}))
    assert refusal(raised)[2].startswith("is “minutes”, not one of observations, summary: ")


def test_a_docx_rendered_from_other_fields_is_outdated():
    fields = [("a[0]", "One."), ("a[1]", "Two.")]
    di._check_same_fields(Path("/r/x.docx"), word(**{"publisher.fields": fingerprint("a[0]\na[1]")}), fields)
    with pytest.raises(PublisherError) as raised:
        di._check_same_fields(Path("/r/x.docx"), word(**{"publisher.fields": fingerprint("a[0] a[1]x")}), fields)
    assert refusal(raised) == ("/r/x.docx", "publisher.fields", "paragraphs were added to or removed from the "
                               "outcome since this DOCX was rendered: render it again and make the edits there "
                               "(nothing imported)", "docx.outdated", EXIT_FINDINGS)


# -- a paragraph's text ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, without", [
    ("1.\tText.", "Text."), ("12. Text.", "Text."), ("3 - Text.", "Text."), ("4 – Text.", "Text."),
    ("(a) Text.", "Text."), ("b) Text.", "Text."), ("(iv) Text.", "Text."), ("(أ) نص.", "نص."),
    ("  7. Text.", "Text."), ("2015 was a year.", "2015 was a year."), ("(abcd) Text.", "(abcd) Text."),
    ("A) Text.", "A) Text."), ("1.Text.", "1.Text."), ("Text.", "Text."),
])
def test_the_label_before_a_paragraph_is_not_its_text(text, without):
    assert di._without_label([Piece(text)]) == [Piece(without)]


def test_the_label_up_to_a_tab_may_span_pieces_and_keeps_the_formatting_after_it():
    pieces = [Piece("(a)"), Piece(" x\tFirst", True, True), Piece(" rest")]
    assert di._without_label(pieces) == [Piece("First", True, True), Piece(" rest")]


def test_a_tab_after_a_note_call_is_text_not_a_label():
    pieces = [Piece("Text"), Piece(note="1"), Piece("\tmore")]
    assert di._without_label(pieces) == pieces
    assert di._without_label([Piece(note="1"), Piece("1. x")]) == [Piece(note="1"), Piece("1. x")]
    assert di._without_label([]) == []


def test_a_paragraphs_text_is_its_markup_with_notes_keyed_and_spacing_collapsed():
    document = word(notes={"5": WordNote("", [Piece("A new note.")])}, **{"publisher.notes": "a,b"})
    notes = notes_of(document)
    paragraph = para(pieces=[Piece("1.\tSee "), Piece("this", True), Piece(note="#2"), Piece("  and\u2066 "),
                             Piece("\u2066kept\u2069", False, True), Piece(note="5"), Piece(" .")])
    assert di._text(paragraph, notes) == "See *this*[^b] and\u2066 [[kept]][^note-1] ."
    assert di._text(paragraph, notes, placeholders=True) == "See *this*[^] and\u2066 [[kept]][^] ."


def test_untranslated_text_keeps_its_italics_and_a_tab_after_the_label_is_text():
    paragraph = para(pieces=[Piece("\u2066kept\u2069", True, True), Piece(" and"), Piece(" this", False, True)])
    assert di._text(paragraph, notes_of(word())) == "[[*kept*]] and[[ this]]"
    assert di._without_label([Piece("1.\tA\tB")]) == [Piece("A\tB")]
    assert di._without_label([Piece("(a) Text", True, False)]) == [Piece("Text", True, False)]
    assert di._without_label([Piece("(a) Text", False, True)]) == [Piece("Text", False, True)]


def test_italics_typed_with_the_space_after_them_come_back_as_italics():
    document = word()
    paragraph = para(pieces=[Piece("See the "), Piece("travaux préparatoires ", True), Piece("of it, "),
                             Piece(" inter alia", True), Piece(".")])
    assert di._text(paragraph, notes_of(document)) == "See the *travaux préparatoires* of it, *inter alia*."


# -- footnote keys ---------------------------------------------------------------------------------

def test_each_note_call_gets_the_key_of_its_note():
    document = word(notes={"1": WordNote("_pubnote001", [Piece("First.")]),
                           "2": WordNote("_pubnote002", [Piece("Second.")]),
                           "3": WordNote("_pubnote003", [Piece("Beyond.")]),
                           "4": WordNote("_pubnote000", [Piece("Zero.")]),
                           "6": WordNote("_other", [Piece("Unmarked.")]),
                           "7": WordNote("", [Piece("Added ", True), Piece("in  Word.")])},
                    **{"publisher.notes": "a,,b"})
    notes = notes_of(document, {"a": "First.", "b": "Second.", "note-1": "Taken."})
    assert notes.original == ["a", "b"]
    assert notes.keys == {"1": "a", "2": "b"}
    assert [notes.key_for(n) for n in ("1", "2", "#1", "#2", "#3", "#0", "9")] == [
        "a", "b", "a", "b", "note-3", "note-0", "missing-9"]
    assert notes.key_for("7") == "note-2" and notes.new == {"note-2": "*Added* in Word."}
    assert notes.key_for("3") == "note-3" and notes.key_for("7") == "note-2"
    assert notes.key_for("6") == "note-4"
    assert list(notes.new) == ["note-2", "note-3", "note-4"]


def test_notes_changed_added_and_no_longer_cited_are_applied_to_the_file():
    text = "footnotes:\n  a: First.\n  b: Second.\n  c: Third.\n  d: Fourth.\n"
    document = word(notes={"1": WordNote("_pubnote001", [Piece("First, changed.")]),
                           "2": WordNote("_pubnote002", [Piece("Second.")]),
                           "3": WordNote("_pubnote003", [Piece("Third.")]),
                           "8": WordNote("", [Piece("New.")])},
                    **{"publisher.notes": "a,b,c,d,e", "publisher.language": "en"})
    data = {"footnotes": {"a": "First.", "b": "Second.", "c": "Third.", "d": "Fourth."}}
    notes = notes_of(document, data["footnotes"])
    assert notes.key_for("8") == "note-1"
    source = OutcomeText(text)
    changes = notes.apply(source, data, {"a", "b", "note-1", "c"})
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("footnotes.a", "First.", "First, changed."), ("footnotes.note-1", "", "New."),
        ("footnotes.d", "Fourth.", "")]
    assert source.result() == "footnotes:\n  a: First, changed.\n  b: Second.\n  c: Third.\n  note-1: New.\n"


def test_a_note_is_unchanged_when_it_reads_as_rendered_with_the_documents_typography():
    data = {"footnotes": {"a": 'See "the law".'}}
    text = 'footnotes:\n  a: See "the law".\n'
    russian = word(notes={"1": WordNote("_pubnote001", [Piece("See «the law».")])},
                   **{"publisher.notes": "a", "publisher.language": "ru"})
    assert notes_of(russian, data["footnotes"]).apply(OutcomeText(text), data, {"a"}) == []
    english = word(notes={"1": WordNote("_pubnote001", [Piece("See “the law”.")])}, **{"publisher.notes": "a"})
    assert notes_of(english, data["footnotes"]).apply(OutcomeText(text), data, {"a"}) == []
    changes = notes_of(word(notes=russian.notes, **{"publisher.notes": "a"}), data["footnotes"]).apply(
        OutcomeText(text), data, {"a"})
    assert [(c.field, c.after) for c in changes] == [("footnotes.a", "See «the law».")]



def test_a_docx_naming_no_notes_gives_no_note_a_key_of_the_outcome():
    notes = notes_of(word(notes={"1": WordNote("_pubnote001", [Piece("Note.")])}), {"a": "Note."})
    assert (notes.original, notes.keys) == ([], {})

# -- where paragraphs go ---------------------------------------------------------------------------

FIELDS = [("observations.challenges[0]", "One."), ("observations.challenges[1].text", "Two."),
          ("observations.challenges[1].subparagraphs[0]", "Two a."), ("observations.successes[0]", "Good.")]


def items_of(paragraphs, current=None) -> dict:
    document = word(paragraphs)
    current = dict(FIELDS) if current is None else current
    return di._items(Path("/r/x.docx"), document, FIELDS, current, notes_of(document))


def shape(lists: dict) -> dict:
    return {c: [(i.field, i.text, i.subparagraphs) for i in items] for c, items in lists.items()}


def test_unchanged_paragraphs_keep_the_outcomes_text_and_changed_ones_take_words():
    lists = items_of([para("1.\tOne.", mark(0, "One.")), para("Two,  changed.", mark(1, "Two.")),
                      para("Two a.", mark(2, "Two a.", "Two a (as shown).")), para("Good.", mark(3, "Good."))])
    assert shape(lists) == {
        "observations.challenges": [("observations.challenges[0]", "One.", []),
                                    ("observations.challenges[1].text", "Two, changed.",
                                     [("observations.challenges[1].subparagraphs[0]", "Two a.")])],
        "observations.successes": [("observations.successes[0]", "Good.", [])]}


def test_added_paragraphs_follow_the_one_before_and_an_indented_one_is_its_subparagraph():
    lists = items_of([para("New first.", ""), para("One.", mark(0, "One.")), para("After one.", ""),
                      para("Indented.", "", indented=True), para("", ""), para("Two.", mark(1, "Two.")),
                      para("Good.", mark(3, "Good.")), para("New last.", "")])
    assert shape(lists) == {
        "observations.challenges": [(None, "New first.", []), ("observations.challenges[0]", "One.", []),
                                    (None, "After one.", [(None, "Indented.")]),
                                    ("observations.challenges[1].text", "Two.", [])],
        "observations.successes": [("observations.successes[0]", "Good.", []), (None, "New last.", [])]}


def test_a_paragraph_added_after_a_heading_opens_the_next_list_and_generated_text_ends_one():
    lists = items_of([para("One.", mark(0, "One.")), para("Under the heading.", "", after_heading=True),
                      para("Good.", mark(3, "Good.")), para("Masthead.", "_pubgen_0001"), para("Lost.", ""),
                      para("Empty added", ""), para("Late.", mark(9, "Late."))])
    assert shape(lists) == {
        "observations.challenges": [("observations.challenges[0]", "One.", [])],
        "observations.successes": [(None, "Under the heading.", []), ("observations.successes[0]", "Good.", [])]}


def test_a_paragraph_naming_a_field_the_outcome_does_not_have_is_skipped_and_the_next_still_placed():
    lists = items_of([para("One.", mark(0, "One.")), para("Late.", mark(9, "Late.")), para("Past.", mark(4, "Past.")),
                      para("Good.", mark(3, "Good."))])
    assert shape(lists) == {"observations.challenges": [("observations.challenges[0]", "One.", [])],
                            "observations.successes": [("observations.successes[0]", "Good.", [])]}



def test_paragraphs_added_in_word_before_and_after_a_list_keep_their_note_calls():
    lists = items_of([para(pieces=[Piece("Added before"), Piece(note="#1"), Piece(".")]), para("One.", mark(0, "One.")),
                      para(pieces=[Piece("Added after"), Piece(note="#2"), Piece(".")])])
    assert shape(lists) == {"observations.challenges": [(None, "Added before[^note-1].", []),
                                                        ("observations.challenges[0]", "One.", []),
                                                        (None, "Added after[^note-2].", [])]}


def test_a_paragraph_with_a_note_call_unchanged_in_word_keeps_the_text_the_file_has_now():
    current = dict(FIELDS, **{"observations.challenges[0]": "One, changed in the file[^a]."})
    lists = items_of([para(pieces=[Piece("One"), Piece(note="#1"), Piece(".")], bookmark=mark(0, "One[^a].", "One[^]."))],
                     current)
    assert shape(lists) == {"observations.challenges": [("observations.challenges[0]",
                                                         "One, changed in the file[^a].", [])]}

def test_a_paragraph_of_a_field_that_is_no_list_is_placed_nowhere_wherever_it_stands():
    document = WordDocument(Path("/r/x.docx"), {}, [para("Title.", mark(0, "Title.")), WordParagraph(
        mark(1, "One."), [Piece("One.")], False, [], [], True, "_pubsec0001", "A")], {}, {}, [], ["_pubsec0001"])
    fields = [("o.title", "Title."), ("o.a[0]", "One.")]
    lists = di._items(Path("/r/x.docx"), document, fields, dict(fields), notes_of(document), stranded := [])
    assert shape(lists) == {"o.a": [("o.a[0]", "One.", [])]} and stranded == []


def test_a_paragraph_added_with_no_text_is_not_inserted():
    lists = items_of([para(" ", ""), para("One.", mark(0, "One.")), para("", ""), para(" ", "", indented=True)])
    assert shape(lists) == {"observations.challenges": [("observations.challenges[0]", "One.", [])]}


def test_a_paragraph_changed_in_word_and_in_the_file_is_a_conflict_naming_every_field():
    current = {**dict(FIELDS), "observations.challenges[0]": "One, in the file.",
               "observations.successes[0]": "Good, in the file."}
    with pytest.raises(PublisherError) as raised:
        items_of([para("One, in Word.", mark(0, "One.")), para("Two.", mark(1, "Two.")),
                  para("Good, in Word.", mark(3, "Good."))], current)
    findings = raised.value.findings
    assert [(f.file, f.line, f.column, f.field, f.code) for f in findings] == [
        ("/r/x.docx", 0, 0, "observations.challenges[0]", "docx.conflict"),
        ("/r/x.docx", 0, 0, "observations.successes[0]", "docx.conflict")]
    assert findings[0].message == ("changed in the outcome since the DOCX was rendered and changed in Word too: "
                                   "nothing imported (render again, or keep one of the two)")
    assert raised.value.exit_code == EXIT_FINDINGS


def test_the_same_change_in_the_file_and_in_word_is_no_conflict():
    current = {**dict(FIELDS), "observations.challenges[0]": "One, edited."}
    lists = items_of([para("One, edited.", mark(0, "One."))], current)
    assert shape(lists)["observations.challenges"] == [("observations.challenges[0]", "One, edited.", [])]


def test_word_text_equal_to_another_paragraph_still_there_is_a_conflict_not_that_paragraph():
    current = {**dict(FIELDS), "observations.challenges[0]": "One, in the file."}
    with pytest.raises(PublisherError) as raised:
        items_of([para("Good.", mark(0, "One.")), para("Good.", mark(3, "Good."))], current)
    assert [(f.field, f.code) for f in raised.value.findings] == [("observations.challenges[0]", "docx.conflict")]


def test_a_change_in_the_file_alone_is_kept():
    current = {**dict(FIELDS), "observations.challenges[0]": "One, in the file."}
    lists = items_of([para("One.", mark(0, "One."))], current)
    assert shape(lists)["observations.challenges"] == [("observations.challenges[0]", "One, in the file.", [])]


def test_a_field_outside_a_list_is_placed_nowhere_and_a_lone_subparagraph_gets_an_empty_item():
    lists: dict = {}
    assert di._place("footnotes.a", "x", lists) is None and lists == {}
    container, item = di._place("a.b[0].subparagraphs[1]", "Sub.", lists)
    assert container == "a.b" and shape(lists) == {"a.b": [(None, "", [("a.b[0].subparagraphs[1]", "Sub.")])]}


def test_the_keys_of_a_list_are_those_of_its_items_parent():
    assert di._container_keys("o.c[1]", ("o", "c", 1)) == ("o", "c")
    assert di._container_keys("o.c[1].text", ("o", "c", 1, "text")) == ("o", "c")
    assert di._container_keys("o.c[1].subparagraphs[0]", ("o", "c", 1, "subparagraphs", 0)) == ("o", "c")
    assert di._container_keys("o.p.c[1].text", ("o", "p", "c", 1, "text")) == ("o", "p", "c")


def test_a_subparagraph_belongs_to_the_text_field_of_its_item_only():
    assert di._same_item("o.c[1].subparagraphs[0]", "o.c[1].text")
    assert not di._same_item("o.c[10].subparagraphs[0]", "o.c[1].text")
    assert not di._same_item("o.c[1].subparagraphs[0]", "o.c[1]")
    assert not di._same_item("o.c[1].text", "o.c[1].text")


def test_an_item_is_kept_as_written_unless_it_or_its_subparagraphs_changed():
    current = {"o.c[0]": "One.", "o.c[1].text": "Two.", "o.c[1].subparagraphs[0]": "A.",
               "o.c[1].subparagraphs[1]": "B."}
    changes: list = []
    assert di._rebuilt(_Item("o.c[0]", "One."), current, "o.c", changes) == Keep(0)
    subs = [("o.c[1].subparagraphs[0]", "A."), ("o.c[1].subparagraphs[1]", "B.")]
    assert di._rebuilt(_Item("o.c[1].text", "Two.", list(subs)), current, "o.c", changes) == Keep(1)
    assert changes == []
    assert di._rebuilt(_Item("o.c[1].text", "Two.", subs[::-1]), current, "o.c", changes) == Write("Two.", ("B.", "A."))
    assert di._rebuilt(_Item("o.c[1].text", "Two.", subs[:1]), current, "o.c", changes) == Write("Two.", ("A.",))
    assert changes == []
    assert di._rebuilt(_Item("o.c[0]", "Uno."), current, "o.c", changes) == Write("Uno.")
    assert di._rebuilt(_Item(None, "New."), current, "o.c", changes) == Write("New.")
    assert di._rebuilt(_Item("o.c[1].text", "Two.", [subs[0], ("o.c[1].subparagraphs[1]", "Bee."), (None, "C.")]),
                       current, "o.c", changes) == Write("Two.", ("A.", "Bee.", "C."))
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("o.c[0]", "One.", "Uno."), ("o.c[new]", "", "New."), ("o.c[1].subparagraphs[1]", "B.", "Bee."),
        ("o.c[new].subparagraphs", "", "C.")]
    assert di._rebuilt(_Item("o.c[1].text", "Two.", [subs[0], ("o.c[1].subparagraphs[1]", "Bee.")]), current, "o.c",
                       []) == Write("Two.", ("A.", "Bee."))  # a sub-paragraph alone changed


def test_the_keys_cited_after_an_import_are_those_of_the_lists_shown_and_of_the_rest():
    data = {"observations": {"challenges": ["See[^a]."], "successes": ["And[^b]."]}, "footnotes": {"c": "See[^z]."}}
    lists = {"observations.challenges": [_Item("observations.challenges[0]", "Now[^c].", [(None, "Sub[^d].")])]}
    assert di._cited_after(data, lists, None, "observations") == {"b", "c", "d"}


# -- comments ------------------------------------------------------------------------------------

def test_comments_are_listed_with_the_field_or_paragraph_they_concern():
    document = word([para("x", mark(1, "Two."), comments=["1"]), para("y", "", comments=["2", "9"]),
                     para("z", mark(4, "Far."), comments=["3"])],
                    comments={"1": WordComment("Chile", "Cite it."), "2": WordComment("", "Why?"),
                              "3": WordComment("Peru", "Far.")})
    assert di._comments(document, FIELDS) == ["observations.challenges[1].text: Chile: Cite it.",
                                              "paragraph 2 of the DOCX: someone: Why?",
                                              "paragraph 3 of the DOCX: Peru: Far."]


# -- the whole import ------------------------------------------------------------------------------

def rendered(outcome: Path, kind: str, folder: Path) -> Path:
    from publisher.blueprint import load_blueprints
    from publisher.compose import compose
    from publisher.load import load_file
    from publisher.model import build_outcome
    from publisher.render import writer

    document = compose(build_outcome(load_file(outcome)), kind, load_blueprints())
    path = folder / f"{outcome.stem}-{kind}.docx"
    path.write_bytes(writer("docx").render(document))
    return path


def test_tracked_changes_are_each_refused_with_their_paragraph_and_counted(tmp_path, monkeypatch):
    outcome = tmp_path / MONGOLIA.name
    outcome.write_bytes(MONGOLIA.read_bytes())
    path = rendered(outcome, "observations", tmp_path)
    real = di.read_docx

    def with_changes(docx_path, accept):
        document = real(docx_path, accept)
        document.paragraphs[1].changes.append(Change("inserted", "more"))
        next(iter(document.notes.values())).changes.append(Change("deleted", "less"))
        return document

    monkeypatch.setattr(di, "read_docx", with_changes)
    with pytest.raises(PublisherError) as raised:
        di.import_docx(path)
    assert [(f.file, f.line, f.column, f.field, f.message, f.code) for f in raised.value.findings] == [
        (str(path), 0, 0, "paragraph 2", "tracked change: inserted “more”", "docx.tracked-changes"),
        (str(path), 0, 0, "footnotes", "tracked change: deleted “less”", "docx.tracked-changes"),
        (str(path), 0, 0, "", "2 tracked change(s): accept or reject them in Word, or import with --accept-changes",
         "docx.tracked-changes")]
    assert raised.value.exit_code == EXIT_FINDINGS
    result = di.import_docx(path, accept_changes=True, dry_run=True)
    assert (result.accepted_changes, result.changes, result.written) == (2, [], False)
    assert (result.docx, result.outcome, result.output) == (path, outcome, outcome)


def test_an_outcome_with_findings_of_loading_is_refused_with_them(tmp_path):
    outcome = tmp_path / MONGOLIA.name
    outcome.write_bytes(MONGOLIA.read_bytes())
    path = rendered(outcome, "summary", tmp_path)
    outcome.write_text(outcome.read_text(encoding="utf-8") + "footnotes:\n  x: X.\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        di.import_docx(path)
    assert raised.value.exit_code == EXIT_UNREADABLE and raised.value.findings


def test_a_dry_run_lists_the_changes_and_writes_nothing_and_an_output_is_written_instead(tmp_path, monkeypatch):
    outcome = tmp_path / MONGOLIA.name
    outcome.write_bytes(MONGOLIA.read_bytes())
    before = outcome.read_bytes()
    path = rendered(outcome, "observations", tmp_path)
    real = di.read_docx

    def edited(docx_path, accept):
        document = real(docx_path, accept)
        first = next(p for p in document.paragraphs if p.bookmark.startswith("_pub0"))
        first.pieces = [Piece("1.\tA paragraph rewritten in Word.")]
        return document

    monkeypatch.setattr(di, "read_docx", edited)
    result = di.import_docx(path, dry_run=True)
    assert [c.after for c in result.changes] == ["A paragraph rewritten in Word."] and not result.written
    assert outcome.read_bytes() == before
    written = di.import_docx(path, output=tmp_path / "out.yaml")
    assert written.written and written.output == tmp_path / "out.yaml" and outcome.read_bytes() == before
    assert "A paragraph rewritten in Word." in (tmp_path / "out.yaml").read_text(encoding="utf-8")


LISTS_TEXT = """\
observations:
  challenges:
    - One.
    - text: Two.
      subparagraphs:
        - Two a.
  successes:
    - Good.
summary:
  challenges:
    - Elsewhere.
"""


def lists_data() -> dict:
    import yaml

    return yaml.safe_load(LISTS_TEXT)


def lists_fields() -> list[tuple[str, str]]:
    from publisher.translate.pipeline import text_fields

    return [(path, text) for path, _keys, text in text_fields(lists_data())]


def test_only_the_lists_of_the_document_shown_that_changed_are_written_again():
    fields = lists_fields()
    current = dict(fields)
    lists = {"observations.challenges": [_Item("observations.challenges[0]", "One."),
                                         _Item("observations.challenges[1].text", "Two.",
                                               [("observations.challenges[1].subparagraphs[0]", "Two a.")])],
             "observations.successes": [_Item("observations.successes[0]", "Good, better.")]}
    source = OutcomeText(LISTS_TEXT)
    changes = di._apply_lists(source, lists_data(), "observations", fields, lists, current)
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("observations.successes[0]", "Good.", "Good, better.")]
    assert source.result() == LISTS_TEXT.replace("    - Good.\n", "    - Good, better.\n")


def test_paragraphs_gone_from_word_are_deleted_from_their_list():
    fields = lists_fields()
    lists = {"observations.challenges": [_Item("observations.challenges[1].text", "Two.", [])],
             "observations.successes": [_Item("observations.successes[0]", "Good.")]}
    source = OutcomeText(LISTS_TEXT)
    changes = di._apply_lists(source, lists_data(), "observations", fields, lists, dict(fields))
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("observations.challenges[0]", "One.", ""), ("observations.challenges[1].subparagraphs[0]", "Two a.", "")]
    assert source.result() == LISTS_TEXT.replace(
        "    - One.\n    - text: Two.\n      subparagraphs:\n        - Two a.\n", "    - Two.\n")


def test_a_list_the_document_does_not_show_is_left_as_it_is():
    fields = lists_fields()
    source = OutcomeText(LISTS_TEXT)
    assert di._apply_lists(source, lists_data(), "summary", fields, {}, dict(fields)) == [
        di.FieldChange("summary.challenges[0]", "Elsewhere.", "")]
    assert "    - Elsewhere.\n" not in source.result()
    untouched = OutcomeText(LISTS_TEXT)
    assert di._apply_lists(untouched, lists_data(), "annex", fields, {}, dict(fields)) == []
    assert untouched.result() == LISTS_TEXT


def test_an_import_with_changes_accepted_writes_words_notes_and_lists_comments_into_the_outcome_given(
        tmp_path, monkeypatch):
    named = tmp_path / MONGOLIA.name
    named.write_bytes(MONGOLIA.read_bytes())
    path = rendered(named, "observations", tmp_path)
    given = tmp_path / "given" / MONGOLIA.name
    given.parent.mkdir()
    given.write_bytes(MONGOLIA.read_bytes())
    real, accepted = di.read_docx, []

    def edited(docx_path, accept):
        accepted.append(accept)
        document = real(docx_path, accept)
        first = next(p for p in document.paragraphs if p.bookmark.startswith("_pub0"))
        note_id, note = next(iter(document.notes.items()))
        first.pieces = [Piece("1.\tRewritten in Word"), Piece(note=note_id), Piece(".")]
        first.comments = ["c1"]
        document.comments["c1"] = WordComment("Chile", "Check the law.")
        note.pieces = [Piece("A note rewritten in Word.")]
        return document

    monkeypatch.setattr(di, "read_docx", edited)
    result = di.import_docx(path, outcome_path=given, accept_changes=True)
    assert accepted == [True] and result.outcome == given and result.written
    assert named.read_bytes() == MONGOLIA.read_bytes()
    written = given.read_text(encoding="utf-8")
    key = next(c.field for c in result.changes if c.field.startswith("footnotes."))[len("footnotes."):]
    assert f"Rewritten in Word[^{key}]." in written and "A note rewritten in Word." in written
    [comment] = result.comments
    assert comment.startswith("observations.") and comment.endswith(": Chile: Check the law.")


@pytest.mark.parametrize("property_name, code", [("publisher.review", "docx.other-outcome"),
                                                 ("publisher.fields", "docx.outdated")])
def test_an_import_refused_for_its_origin_names_the_docx(tmp_path, monkeypatch, property_name, code):
    outcome = tmp_path / MONGOLIA.name
    outcome.write_bytes(MONGOLIA.read_bytes())
    path = rendered(outcome, "observations", tmp_path)
    real = di.read_docx

    def other(docx_path, accept):
        document = real(docx_path, accept)
        document.properties[property_name] = "0" * 8
        return document

    monkeypatch.setattr(di, "read_docx", other)
    with pytest.raises(PublisherError) as raised:
        di.import_docx(path)
    assert [(f.file, f.code) for f in raised.value.findings] == [(str(path), code)]


def test_a_conflict_found_by_an_import_names_the_docx(tmp_path, monkeypatch):
    outcome = tmp_path / MONGOLIA.name
    outcome.write_bytes(MONGOLIA.read_bytes())
    path = rendered(outcome, "observations", tmp_path)
    real = di.read_docx
    rewritten = {}

    def edited(docx_path, accept):
        document = real(docx_path, accept)
        first = next(p for p in document.paragraphs if p.bookmark.startswith("_pub0"))
        rewritten["text"] = "".join(p.text for p in first.pieces if p.note is None).split("\t", 1)[-1]
        first.pieces = [Piece("1.\tRewritten in Word.")]
        return document

    monkeypatch.setattr(di, "read_docx", edited)
    di.read_docx(path, False)
    text = outcome.read_text(encoding="utf-8")
    first_words = " ".join(rewritten["text"].split()[:3])
    assert first_words in text
    outcome.write_text(text.replace(first_words, first_words + " changed in the file", 1), encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        di.import_docx(path)
    assert [(f.file, f.code) for f in raised.value.findings] == [(str(path), "docx.conflict")]


# -- a DOCX imported again after its paragraphs moved ------------------------------------------------

def test_a_change_made_already_is_found_at_its_own_field_or_the_one_place_of_its_kind_no_other_paragraph_holds():
    current = {"o.title": "Moved.", "o.a[0]": "A0.", "o.a[1].text": "A1.", "o.a[1].subparagraphs[0]": "Moved.",
               "o.a[1].subparagraphs[1]": "A1b.", "o.b[0]": "Moved.", "o.b[1]": "B1."}
    assert di._imported_already("A0.", "o.a[0]", current, {"o.a[0]"}) == "o.a[0]"  # its own field, taken or not
    # a paragraph moved by an earlier import: the one paragraph (not subparagraph, not a title) holding it
    assert di._imported_already("Moved.", "o.a[0]", current, set()) == "o.b[0]"
    assert di._imported_already("Moved.", "o.a[1].subparagraphs[1]", current, set()) == "o.a[1].subparagraphs[0]"
    assert di._imported_already("Moved.", "o.a[0]", current, {"o.b[0]"}) is None  # held by another paragraph
    assert di._imported_already("Other.", "o.a[0]", current, set()) is None
    twice = {**current, "o.b[1]": "Moved."}
    assert di._imported_already("Moved.", "o.a[0]", twice, set()) is None  # at two places: which is unknown


def test_an_item_moved_unchanged_from_another_list_is_kept_as_copied_from_the_keys_of_its_own_list():
    current = {"o.c[0]": "One.", "o.d[0]": "Other."}
    containers = {"o.c": ("o", "c"), "o.d": ("o", "d")}
    assert di._rebuilt(_Item("o.c[0]", "One."), current, "o.d", [], containers) == Keep(0, ("o", "c"))
    assert di._rebuilt(_Item("o.c[0]", "One."), current, "o.c", [], containers) == Keep(0)  # in its own list


MOVED = [("o.a[0]", "A0."), ("o.a[1].text", "A1."), ("o.a[1].subparagraphs[0]", "S0."),
         ("o.a[1].subparagraphs[1]", "S1."), ("o.b[0]", "B0.")]


def moved_items(paragraphs, elsewhere=()) -> tuple[dict, list]:
    """The lists of a DOCX whose headings mark the lists o.a (field 0) and o.b (field 4)."""
    document = WordDocument(Path("/r/x.docx"), {}, list(paragraphs), {}, {}, list(elsewhere),
                            ["_pubsec0000", "_pubsec0004"])
    lists = di._items(Path("/r/x.docx"), document, MOVED, dict(MOVED), notes_of(document), stranded := [])
    return shape(lists), stranded


def under(index: int, section: str, heading: str = "H") -> WordParagraph:
    text = MOVED[index][1]
    return WordParagraph(mark(index, text), [Piece(text)], False, [], [], False, section, heading)


def test_paragraphs_that_could_not_move_go_back_in_the_outcomes_order_and_are_listed_where_word_has_them():
    lists, stranded = moved_items([under(1, "", ""), under(0, "_pubsec0000"), under(3, "_pubsec0004"),
                                   under(4, "_pubsec0004")], elsewhere=[(mark(2, "S0."), "a table")])
    assert lists == {"o.a": [("o.a[0]", "A0.", []), ("o.a[1].text", "A1.", [("o.a[1].subparagraphs[0]", "S0."),
                                                                            ("o.a[1].subparagraphs[1]", "S1.")])],
                     "o.b": [("o.b[0]", "B0.", [])]}
    assert stranded == [("o.a[1].subparagraphs[0]", "into a table"),
                        ("o.a[1].text", "before the first heading (the masthead and title)"),
                        ("o.a[1].subparagraphs[1]", dm.SUB_FIRST)]


def test_a_subparagraph_moved_under_a_paragraph_of_another_list_goes_there():
    lists, stranded = moved_items([under(0, "_pubsec0000"), under(1, "_pubsec0000"), under(2, "_pubsec0000"),
                                   under(4, "_pubsec0004"), under(3, "_pubsec0004")])
    assert lists == {"o.a": [("o.a[0]", "A0.", []), ("o.a[1].text", "A1.", [("o.a[1].subparagraphs[0]", "S0.")])],
                     "o.b": [("o.b[0]", "B0.", [("o.a[1].subparagraphs[1]", "S1.")])]}
    assert stranded == []


def rendered_items(fields, paragraphs, sections=()) -> dict:
    """The lists of a DOCX rendered from an earlier outcome, read against ``fields`` as the file has them now."""
    document = WordDocument(Path("/r/x.docx"), {}, list(paragraphs), {}, {}, [], list(sections))
    return shape(di._items(Path("/r/x.docx"), document, fields, dict(fields), notes_of(document)))


def shown(index: int, rendered: str, text: str, section: str = "") -> WordParagraph:
    return WordParagraph(mark(index, rendered), [Piece(text)], False, [], [], False, section, "H" if section else "")


def test_a_docx_imported_again_after_its_move_and_moved_again_in_word_goes_where_word_has_it_now():
    # rendered from o.a = [A0, A1], o.b = [B0]; the first import moved A0, changed, to the end of o.b
    now = [("o.a[0]", "A1."), ("o.b[0]", "B0."), ("o.b[1]", "A0 changed.")]
    sections = ["_pubsec0000", "_pubsec0002"]
    assert rendered_items(now, [shown(1, "A1.", "A1.", "_pubsec0000"), shown(2, "B0.", "B0.", "_pubsec0002"),
                                shown(0, "A0.", "A0 changed.", "_pubsec0002")], sections) == {
        "o.a": [("o.a[0]", "A1.", [])], "o.b": [("o.b[0]", "B0.", []), ("o.b[1]", "A0 changed.", [])]}
    assert rendered_items(now, [shown(1, "A1.", "A1.", "_pubsec0000"), shown(0, "A0.", "A0 changed.", "_pubsec0000"),
                                shown(2, "B0.", "B0.", "_pubsec0002")], sections) == {
        "o.a": [("o.a[0]", "A1.", []), ("o.b[1]", "A0 changed.", [])], "o.b": [("o.b[0]", "B0.", [])]}


def test_a_paragraph_deleted_from_the_outcome_while_another_was_added_is_refused_not_doubled_over_the_new_one():
    # rendered from [A, B, D]; since then A was deleted and C added after B in the file; D edited in Word
    now = [("o.a[0]", "B."), ("o.a[1]", "C."), ("o.a[2]", "D.")]
    with pytest.raises(PublisherError) as raised:
        rendered_items(now, [shown(0, "A.", "A."), shown(1, "B.", "B."), shown(2, "D.", "D, edited.")])
    assert refusal(raised) == (
        "/r/x.docx", "o.a[0]", "the outcome changed since this Word document was made: two of its paragraphs now "
        "stand for this field, so importing the list o.a would write one text twice and lose another paragraph; "
        "nothing imported: render it again and redo the edits there, or undo the change in the outcome and import "
        "again", "docx.outdated", EXIT_FINDINGS)


def test_a_docx_imported_again_after_its_paragraphs_went_round_in_word_finds_each_in_its_new_field_once():
    # rendered from [A, B, C]; moved in Word to [B, C, A] and imported: each field is now the new place of
    # one paragraph and the own field of another, and each paragraph is found at its new place
    now = [("o.a[0]", "B."), ("o.a[1]", "C."), ("o.a[2]", "A.")]
    lists = rendered_items(now, [shown(1, "B.", "B."), shown(2, "C.", "C."), shown(0, "A.", "A.")])
    assert lists == {"o.a": [("o.a[0]", "B.", []), ("o.a[1]", "C.", []), ("o.a[2]", "A.", [])]}
    swapped = [("o.a[0]", "B."), ("o.a[1]", "A.")]  # rendered from [A, B], swapped in Word and imported
    assert rendered_items(swapped, [shown(1, "B.", "B."), shown(0, "A.", "A.")]) == {
        "o.a": [("o.a[0]", "B.", []), ("o.a[1]", "A.", [])]}


def test_a_paragraph_changed_in_word_whose_text_the_outcome_moved_since_is_changed_where_the_outcome_has_it():
    now = [("o.a[0]", "A1."), ("o.a[1]", "A0.")]  # rendered as [A0, A1], swapped in the file since
    assert rendered_items(now, [shown(0, "A0.", "A0, changed."), shown(1, "A1.", "A1.")]) == {
        "o.a": [("o.a[1]", "A0, changed.", []), ("o.a[0]", "A1.", [])]}


def test_a_change_in_word_matching_a_field_another_paragraph_holds_is_a_conflict():
    # rendered as [A0, Q, C]; since then A0 was changed to Z in the file, and Q and C swapped
    now = [("o.a[0]", "Z."), ("o.a[1]", "C."), ("o.a[2]", "Q.")]
    with pytest.raises(PublisherError) as raised:
        rendered_items(now, [shown(0, "A0.", "Q."), shown(1, "Q.", "Q."), shown(2, "C.", "C.")])
    assert [(f.field, f.code) for f in raised.value.findings] == [("o.a[0]", "docx.conflict")]


def test_two_paragraphs_changed_in_word_to_the_text_of_one_field_do_not_both_take_it():
    now = [("o.a[0]", "X."), ("o.a[1]", "Y."), ("o.a[2]", "T.")]  # rendered as [A, B, C], all changed since
    with pytest.raises(PublisherError) as raised:
        rendered_items(now, [shown(0, "A.", "T."), shown(1, "B.", "T."), shown(2, "C.", "C.")])
    assert [(f.field, f.code) for f in raised.value.findings] == [("o.a[1]", "docx.conflict")]


def body_paragraphs(document: WordDocument) -> list[WordParagraph]:
    return [p for p in document.paragraphs if p.bookmark.startswith("_pub0")]


def test_a_paragraph_moved_into_a_table_is_reported_on_the_docx_and_its_field_and_nothing_is_written(tmp_path,
                                                                                                      monkeypatch):
    outcome = tmp_path / MONGOLIA.name
    outcome.write_bytes(MONGOLIA.read_bytes())
    before = outcome.read_bytes()
    path = rendered(outcome, "observations", tmp_path)
    real = di.read_docx
    moved = []

    def into_a_table(docx_path, accept):
        document = real(docx_path, accept)
        paragraph = body_paragraphs(document)[0]
        document.paragraphs.remove(paragraph)
        document.elsewhere.append((paragraph.bookmark, "a table"))
        moved.append(int(paragraph.bookmark[4:8]))
        return document

    monkeypatch.setattr(di, "read_docx", into_a_table)
    result = di.import_docx(path)
    field = build_outcome_of(outcome).text_fields()[moved[0]][0]
    assert [(f.file, f.field, f.code, f.message) for f in result.findings] == [
        (str(path), field, "docx.not-a-list", di.not_a_list(path, field, "into a table").message)]
    assert "into a table: a paragraph can only move into a list" in result.findings[0].message
    assert (result.changes, result.moves, result.written, outcome.read_bytes()) == ([], [], False, before)


def test_paragraphs_swapped_in_word_are_listed_as_moves_and_written(tmp_path, monkeypatch):
    outcome = tmp_path / MONGOLIA.name
    outcome.write_bytes(MONGOLIA.read_bytes())
    before = outcome.read_text(encoding="utf-8")
    path = rendered(outcome, "observations", tmp_path)
    real = di.read_docx

    def swapped(docx_path, accept):
        document = real(docx_path, accept)
        first, second = body_paragraphs(document)[:2]
        i, j = document.paragraphs.index(first), document.paragraphs.index(second)
        document.paragraphs[i], document.paragraphs[j] = second, first
        return document

    monkeypatch.setattr(di, "read_docx", swapped)
    fields = build_outcome_of(outcome).text_fields()
    result = di.import_docx(path)
    assert [m.describe() for m in result.moves] == [f"moved: {fields[1][0]} -> [0]"]
    assert result.changes == [] and result.written
    after = outcome.read_text(encoding="utf-8")
    assert after != before and after.index(fields[1][1][:40]) < after.index(fields[0][1][:40])


def build_outcome_of(outcome: Path):
    from publisher.load import load_file
    from publisher.model import build_outcome
    return build_outcome(load_file(outcome))
