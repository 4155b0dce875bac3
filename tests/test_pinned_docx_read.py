"""What comes back from an edited DOCX, pinned on packages written in each test: the limits of the
zip, the body paragraphs with their bookmark, pieces, tracked changes and comments, headings
between them, the footnotes without their mark, the properties; and how an outcome file is edited
in place (yaml_edit) so that everything else in it stays as written."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml

from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.markup import Piece
from publisher.postedit import docx_read
from publisher.postedit.docx_read import Change, WordComment, read_docx
from publisher.postedit.yaml_edit import Keep, OutcomeText, Write, _line_end, _value

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"')


def paragraph(body: str, style: str = "SingleTxt", indent: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{indent}</w:pPr>{body}</w:p>'


def run(text: str, properties: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{properties}</w:rPr>" if properties else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def package(path: Path, body: str, footnotes: str | None = None, comments: str | None = None,
            properties: dict[str, str] | None = None, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        if footnotes is not None:
            out.writestr("word/footnotes.xml", f"<w:footnotes {NS}>{footnotes}</w:footnotes>")
        if comments is not None:
            out.writestr("word/comments.xml", f"<w:comments {NS}>{comments}</w:comments>")
        if properties is not None:
            props = "".join(f'<property name="{k}"><vt:lpwstr>{v}</vt:lpwstr></property>' for k, v in properties.items())
            out.writestr("docProps/custom.xml", '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                                                f'2006/custom-properties" {NS}>{props}</Properties>')
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return path


def refusal(path: Path, **options) -> tuple:
    with pytest.raises(PublisherError) as raised:
        read_docx(path, **options)
    [finding] = raised.value.findings
    assert (finding.line, finding.column) == (0, 0)
    return finding.file, finding.field, finding.message, finding.code, raised.value.exit_code


# -- the package ---------------------------------------------------------------------------------

def test_a_folder_is_not_a_docx(tmp_path):
    assert refusal(tmp_path) == (str(tmp_path), "", "is not a file", "input.unreadable", EXIT_UNREADABLE)


def test_a_docx_larger_than_50_mb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = package(tmp_path / "x.docx", paragraph(run("Text.")))
    monkeypatch.setattr(docx_read, "MAX_DOCX_BYTES", path.stat().st_size - 1)
    assert refusal(path)[2:4] == (f"is larger than {(path.stat().st_size - 1) // (1024 * 1024)} MB", "input.too-large")
    monkeypatch.setattr(docx_read, "MAX_DOCX_BYTES", path.stat().st_size)
    assert read_docx(path).paragraphs[0].pieces == [Piece("Text.")]


def test_a_docx_of_more_than_the_parts_allowed_is_refused_with_their_count(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_read, "MAX_ENTRIES", 3)
    at_limit = package(tmp_path / "a.docx", "", extra={"a": b"", "b": b""})
    assert read_docx(at_limit).paragraphs == []
    over = package(tmp_path / "b.docx", "", extra={"a": b"", "b": b"", "c": b""})
    assert refusal(over)[2:4] == ("holds 4 parts (at most 3)", "docx.too-many-parts")


def test_a_part_larger_than_allowed_is_refused_whatever_its_declared_size(tmp_path, monkeypatch):
    path = package(tmp_path / "x.docx", paragraph(run("Text.")))
    size = len(zipfile.ZipFile(path).read("word/document.xml"))
    monkeypatch.setattr(docx_read, "MAX_PART_BYTES", size - 1)
    assert refusal(path)[2:4] == ("word/document.xml is larger than 0 MB", "input.too-large")
    monkeypatch.setattr(docx_read, "MAX_PART_BYTES", size)
    assert read_docx(path).paragraphs[0].pieces == [Piece("Text.")]


def test_parts_other_than_the_four_read_are_not_limited(tmp_path, monkeypatch):
    path = package(tmp_path / "x.docx", paragraph(run("Text.")), extra={"word/media/big.bin": b"x" * 10_000})
    monkeypatch.setattr(docx_read, "MAX_PART_BYTES", len(zipfile.ZipFile(path).read("word/document.xml")))
    assert read_docx(path).paragraphs[0].pieces == [Piece("Text.")]


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "is not a readable DOCX (File is not a zip file)"),
    (None, "is not a Word document (no word/document.xml)"),
])
def test_a_file_that_is_no_word_document_is_refused(tmp_path, content, message):
    path = tmp_path / "x.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as out:
            out.writestr("other.xml", "<a/>")
    else:
        path.write_bytes(content)
    assert refusal(path) == (str(path), "", message, "docx.unreadable", EXIT_UNREADABLE)


# -- paragraphs ------------------------------------------------------------------------------------

def test_body_paragraphs_come_back_in_order_with_their_bookmark_and_headings_between_them(tmp_path):
    body = (paragraph(run("Title"), "HCh")
            + paragraph('<w:bookmarkStart w:id="1" w:name="_GoBack"/><w:bookmarkStart w:id="2" w:name="_pub0001_a_b"/>'
                        + run("First."))
            + paragraph(run("Other style."), "Normal") + paragraph(run("No style."), "")
            + paragraph(run("Added."))
            + paragraph(run("Heading"), "H1") + paragraph(run("Heading"), "H23") + paragraph(run("After."))
            + paragraph(run("Heading"), "H4") + paragraph(run("Last."))
            + '<w:tbl><w:tr><w:tc>' + paragraph(run("In a table.")) + '</w:tc></w:tr></w:tbl>')
    word = read_docx(package(tmp_path / "x.docx", body))
    assert [(p.bookmark, p.pieces[0].text, p.after_heading) for p in word.paragraphs] == [
        ("_pub0001_a_b", "First.", True), ("", "Added.", False), ("", "After.", True), ("", "Last.", True)]


def test_a_document_without_a_body_has_no_paragraphs(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("word/document.xml", f"<w:document {NS}/>")
    word = read_docx(path)
    assert (word.paragraphs, word.notes, word.comments, word.properties) == ([], {}, {}, {})


@pytest.mark.parametrize("indent, indented", [
    ('<w:ind w:firstLine="567"/>', True), ('<w:ind w:firstLineChars="200"/>', True),
    ('<w:ind w:firstLine="0"/>', False), ('<w:ind w:hanging="567"/>', False), ('<w:ind w:left="567"/>', False),
    ('<w:ind w:firstLine="-20"/>', False), ('<w:ind w:firstLine="1.5"/>', False), ("", False),
    ('<w:ind w:firstLine="0" w:firstLineChars="100"/>', False), ('<w:ind w:firstLine="1"/>', True),
])
def test_a_first_line_indent_makes_a_subparagraph(tmp_path, indent, indented):
    word = read_docx(package(tmp_path / "x.docx", paragraph(run("Text."), indent=indent)))
    assert word.paragraphs[0].indented is indented


def test_runs_come_back_as_pieces_with_italics_highlight_tabs_breaks_and_note_calls(tmp_path):
    body = paragraph(
        run("1.\tPlain ") + run("italic", '<w:i/>') + run(" not", '<w:i w:val="0"/>') + run(" off", '<w:i w:val="off"/>')
        + run(" false", '<w:i w:val="false"/>') + run(" yes", '<w:i w:val="1"/>')
        + run(" marked", '<w:highlight w:val="yellow"/>') + run(" plain", '<w:highlight w:val="none"/>')
        + run(" unsaid", '<w:highlight/>') + run(" styled", '<w:rStyle/>')
        + '<w:r><w:br/><w:cr/><w:noBreakHyphen/><w:tab/></w:r>'
        + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="7"/></w:r>'
        + '<w:r><w:rPr><w:rStyle w:val="Footnote Reference"/></w:rPr><w:t> 3 </w:t></w:r>'
        + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>*</w:t></w:r>'
        + '<w:r><w:rPr><w:rStyle w:val="Emphasis"/></w:rPr><w:t>4</w:t></w:r>'
        + '<w:r><w:t/></w:r>')
    pieces = read_docx(package(tmp_path / "x.docx", body)).paragraphs[0].pieces
    assert pieces == [
        Piece("1.\tPlain "), Piece("italic", True), Piece(" not"), Piece(" off"),
        Piece(" false"), Piece(" yes", True), Piece(" marked", False, True), Piece(" plain"),
        Piece(" unsaid"), Piece(" styled"),
        Piece(" "), Piece(" "), Piece("\u2011"), Piece("\t"), Piece(note="7"), Piece(note="#3"), Piece("4"),
        Piece("")]


def test_tracked_insertions_and_deletions_are_listed_and_applied_only_when_accepted(tmp_path):
    body = paragraph(run("Kept ") + '<w:ins w:id="1">' + run("added ") + '</w:ins>'
                     + '<w:del w:id="2"><w:r><w:delText>gone </w:delText></w:r></w:del>'
                     + '<w:moveTo w:id="3">' + run("moved here ") + '</w:moveTo>'
                     + '<w:moveFrom w:id="4">' + run("moved away ") + '</w:moveFrom>' + run("end."))
    path = package(tmp_path / "x.docx", body)
    refused = read_docx(path).paragraphs[0]
    assert refused.changes == [Change("inserted", "added "), Change("deleted", "gone "),
                               Change("inserted", "moved here "), Change("deleted", "moved away ")]
    assert [p.text for p in refused.pieces] == ["Kept ", "end."]
    accepted = read_docx(path, accept_changes=True).paragraphs[0]
    assert accepted.changes == refused.changes
    assert [p.text for p in accepted.pieces] == ["Kept ", "added ", "moved here ", "end."]
    word = read_docx(path)
    assert word.changes == [(1, change) for change in refused.changes]


def test_the_changes_of_a_document_are_numbered_by_their_paragraph(tmp_path):
    body = (paragraph(run("One.")) + paragraph('<w:ins w:id="1">' + run("Two.") + '</w:ins>')
            + paragraph('<w:del w:id="2"><w:r><w:delText>Three.</w:delText></w:r></w:del>'))
    assert read_docx(package(tmp_path / "x.docx", body)).changes == [(2, Change("inserted", "Two.")),
                                                                    (3, Change("deleted", "Three."))]


def test_comments_are_read_with_their_author_and_attached_to_their_paragraph_once(tmp_path):
    body = paragraph('<w:commentRangeStart w:id="5"/>' + run("Text.") + '<w:commentRangeEnd w:id="5"/>'
                     '<w:r><w:commentReference w:id="5"/></w:r><w:r><w:commentReference w:id="6"/></w:r>')
    comments = ('<w:comment w:id="5" w:author="Chile"><w:p>' + run("Cite  the") + '</w:p><w:p>' + run(" law.")
                + '</w:p></w:comment><w:comment w:id="6"><w:p>' + run("Why?") + '</w:p></w:comment>')
    word = read_docx(package(tmp_path / "x.docx", body, comments=comments))
    assert word.paragraphs[0].comments == ["5", "6"]
    assert word.comments == {"5": WordComment("Chile", "Cite the law."), "6": WordComment("", "Why?")}


def test_footnotes_come_back_without_separators_their_mark_or_a_custom_mark(tmp_path):
    footnotes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p>' + run("---") + '</w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p>' + run("---") + '</w:p></w:footnote>'
        '<w:footnote w:type="continuationNotice" w:id="9"><w:p>' + run("...") + '</w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:bookmarkStart w:id="3" w:name="_pubnote001_x"/>'
        '<w:r><w:footnoteRef/></w:r>' + run(" ** Note one", "") + '</w:p><w:p>' + run("goes on.") + '</w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:bookmarkStart w:id="4" w:name="_other"/>' + run("Note ") +
        '<w:ins w:id="8">' + run("two.") + '</w:ins></w:p></w:footnote>'
        '<w:footnote w:id="3"><w:p>' + run("****** six stars") + '</w:p></w:footnote>')
    word = read_docx(package(tmp_path / "x.docx", "", footnotes=footnotes))
    assert set(word.notes) == {"1", "2", "3"}
    assert (word.notes["1"].bookmark, word.notes["1"].pieces) == (
        "_pubnote001_x", [Piece("Note one"), Piece(" "), Piece("goes on.")])
    assert (word.notes["2"].bookmark, word.notes["2"].pieces, word.notes["2"].changes) == (
        "", [Piece("Note ")], [Change("inserted", "two.")])
    assert word.notes["3"].pieces == [Piece("* six stars")]
    accepted = read_docx(tmp_path / "x.docx", accept_changes=True)
    assert accepted.notes["2"].pieces == [Piece("Note "), Piece("two.")]


def test_a_note_starting_with_its_call_keeps_its_pieces():
    pieces = [Piece(note="3"), Piece(" text")]
    assert docx_read._without_custom_mark(pieces) == pieces
    assert docx_read._without_custom_mark([]) == []
    assert docx_read._without_custom_mark([Piece(" * x ", True, True)]) == [Piece("x ", True, True)]


def test_the_custom_properties_are_read_by_name(tmp_path):
    word = read_docx(package(tmp_path / "x.docx", "", properties={"publisher.outcome": "x.yaml",
                                                                  "publisher.notes": "a,b"}))
    assert word.properties == {"publisher.outcome": "x.yaml", "publisher.notes": "a,b"}


@pytest.mark.parametrize("part", ["word/document.xml", "word/footnotes.xml", "word/comments.xml",
                                  "docProps/custom.xml"])
def test_a_part_that_is_not_well_formed_is_refused_naming_the_docx_and_the_part(tmp_path, part):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as out:
        for name in ("word/document.xml", "word/footnotes.xml", "word/comments.xml", "docProps/custom.xml"):
            out.writestr(name, "<broken" if name == part else f"<w:document {NS}><w:body/></w:document>")
    with pytest.raises(PublisherError) as raised:
        read_docx(path)
    [finding] = raised.value.findings
    assert (finding.file, finding.code) == (f"{path}:{part}", "docx.xml-syntax")
    assert raised.value.exit_code == EXIT_UNREADABLE



# -- what other writers of DOCX may write ----------------------------------------------------------

def test_the_limits_are_named_in_megabytes_of_1024_by_1024_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_read, "MAX_DOCX_BYTES", 2 * 1024 * 1024)
    big = tmp_path / "big.docx"
    big.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    assert refusal(big)[2:4] == ("is larger than 2 MB", "input.too-large")
    monkeypatch.setattr(docx_read, "MAX_PART_BYTES", 1024 * 1024)
    path = package(tmp_path / "x.docx", paragraph(run("x" * (1024 * 1024))))
    assert refusal(path)[2:4] == ("word/document.xml is larger than 1 MB", "input.too-large")


def test_a_document_read_back_knows_its_file_and_a_first_paragraph_has_no_heading_before_it(tmp_path):
    path = package(tmp_path / "x.docx", paragraph(run("First.")) + "<w:p>" + run("No properties.") + "</w:p>")
    word = read_docx(path)
    assert word.path == path
    assert [(p.pieces, p.after_heading) for p in word.paragraphs] == [([Piece("First.")], False)]
    assert word.paragraphs[0].after_heading is False


def test_a_bookmark_without_a_name_is_no_field_and_no_note(tmp_path):
    body = paragraph('<w:bookmarkStart w:id="1"/><w:bookmarkStart w:id="2" w:name="_pub0001_a_b"/>' + run("One."))
    footnotes = '<w:footnote w:id="1"><w:p><w:bookmarkStart w:id="3"/>' + run("Note.") + '</w:p></w:footnote>'
    word = read_docx(package(tmp_path / "x.docx", body, footnotes=footnotes))
    assert word.paragraphs[0].bookmark == "_pub0001_a_b"
    assert (word.notes["1"].bookmark, word.notes["1"].pieces) == ("", [Piece("Note.")])


def test_tabs_breaks_and_hyphens_keep_the_italics_and_highlight_of_their_run(tmp_path):
    body = paragraph('<w:r><w:rPr><w:i/></w:rPr><w:tab/><w:br/><w:noBreakHyphen/></w:r>'
                     '<w:r><w:rPr><w:highlight w:val="cyan"/></w:rPr><w:tab/><w:br/><w:noBreakHyphen/></w:r>')
    assert read_docx(package(tmp_path / "x.docx", body)).paragraphs[0].pieces == [
        Piece("\t", True), Piece(" ", True), Piece("\u2011", True),
        Piece("\t", False, True), Piece(" ", False, True), Piece("\u2011", False, True)]


def test_a_tracked_change_is_listed_with_all_its_text_also_inside_a_link(tmp_path):
    body = paragraph(run("Kept ") + '<w:ins w:id="1"><w:r><w:t>two</w:t><w:t> parts</w:t></w:r></w:ins>'
                     + '<w:ins w:id="2"><w:hyperlink r:id="rId1" xmlns:r="urn:r">' + run(" linked") + '</w:hyperlink></w:ins>')
    assert read_docx(package(tmp_path / "x.docx", body)).paragraphs[0].changes == [
        Change("inserted", "two parts"), Change("inserted", " linked")]


def test_a_comment_goes_with_the_paragraphs_its_range_spans_and_no_other_id_counts(tmp_path):
    body = (paragraph('<w:bookmarkStart w:id="7" w:name="_pub0000_a_b"/><w:commentRangeStart w:id="5"/>' + run("One."))
            + paragraph(run("Two.") + '<w:commentRangeEnd w:id="5"/><w:r><w:commentReference w:id="5"/></w:r>'))
    comments = ('<w:comment w:id="5" w:author="Chile"><w:p>' + run("Both.") + '</w:p></w:comment>'
                '<w:comment w:id="7" w:author="Peru"><w:p>' + run("Elsewhere.") + '</w:p></w:comment>')
    word = read_docx(package(tmp_path / "x.docx", body, comments=comments))
    assert [p.comments for p in word.paragraphs] == [["5"], ["5"]]


def test_a_property_is_all_the_text_of_its_value(tmp_path):
    word = read_docx(package(tmp_path / "x.docx", "", properties={"publisher.outcome": "o<!-- a comment -->.yaml"}))
    assert word.properties == {"publisher.outcome": "o.yaml"}


# -- editing the outcome file in place -----------------------------------------------------------

OUTCOME = """\
# a comment that stays
review:
  state: Chile
observations:
  challenges:
    - First paragraph.  # its comment
    - >-
      Second paragraph, folded
      over two lines.
    # a comment between items
    - text: Third.
      subparagraphs:
        - Sub one.

  successes: []
footnotes:
  a: Note a.
  b: "Note b."
"""


def test_a_list_is_written_again_with_unchanged_items_copied_verbatim():
    edited = OutcomeText(OUTCOME)
    edited.replace_list(("observations", "challenges"), [Keep(1), Write("New."), Keep(2), Keep(0)])
    assert edited.result() == OUTCOME.replace(
        "    - First paragraph.  # its comment\n    - >-\n      Second paragraph, folded\n      over two lines.\n"
        "    # a comment between items\n    - text: Third.\n      subparagraphs:\n        - Sub one.\n",
        "    - >-\n      Second paragraph, folded\n      over two lines.\n    # a comment between items\n"
        "    - New.\n    - text: Third.\n      subparagraphs:\n        - Sub one.\n"
        "    - First paragraph.  # its comment\n")


def test_an_item_with_subparagraphs_is_written_as_text_and_subparagraphs():
    edited = OutcomeText(OUTCOME)
    edited.replace_list(("observations", "challenges"), [Write("P.", ("S1.", "S2."))])
    assert "  challenges:\n    - text: P.\n      subparagraphs:\n        - S1.\n        - S2.\n\n  successes" in \
        edited.result()
    assert yaml.safe_load(edited.result())["observations"]["challenges"] == [{"text": "P.",
                                                                            "subparagraphs": ["S1.", "S2."]}]


def test_a_list_at_the_end_of_a_file_without_a_final_newline_stays_without_one():
    text = "items:\n  - One.\n  - Two."
    edited = OutcomeText(text)
    edited.replace_list(("items",), [Keep(1), Write("Three.")])
    assert edited.result() == "items:\n  - Two.\n  - Three."


def test_a_list_at_the_end_of_a_file_keeps_the_blank_lines_after_it():
    text = "items:\n  - One.\n  - Two.\n\n\n"
    edited = OutcomeText(text)
    edited.replace_list(("items",), [Keep(1), Keep(0)])
    assert edited.result() == "items:\n  - Two.\n  - One.\n\n\n"


def test_a_footnote_is_replaced_in_place_and_everything_around_it_stays():
    edited = OutcomeText(OUTCOME)
    edited.replace_value(("footnotes",), "a", "Note a, changed.")
    edited.replace_value(("footnotes",), "b", " spaced ")
    assert edited.result() == OUTCOME.replace("  a: Note a.\n  b: \"Note b.\"\n",
                                              "  a: Note a, changed.\n  b: \" spaced \"\n")


def test_a_folded_footnote_and_a_plain_one_each_take_the_form_their_new_text_needs():
    text = "footnotes:\n  a: >-\n    Folded\n    old.\n  b: Plain.\n  c: Last.\n"
    edited = OutcomeText(text)
    edited.replace_value(("footnotes",), "a", "Short.")
    edited.replace_value(("footnotes",), "b", "word " * 25 + "end.")
    assert edited.result() == ("footnotes:\n  a: Short.\n  b: >-\n    " + "word " * 17 + "word\n    "
                               + "word " * 7 + "end.\n  c: Last.\n")


def test_a_value_at_the_end_of_a_file_without_a_newline_stays_without_one():
    edited = OutcomeText("footnotes:\n  a: Old.")
    edited.replace_value(("footnotes",), "a", "New.")
    assert edited.result() == "footnotes:\n  a: New."


def test_a_new_footnote_is_appended_to_the_footnotes_at_their_indent():
    edited = OutcomeText(OUTCOME)
    edited.add_entry(("footnotes",), "note-1", "A new note.")
    assert edited.result().endswith('  b: "Note b."\n  note-1: A new note.\n')
    no_newline = OutcomeText("footnotes:\n    a: Note a.")
    no_newline.add_entry(("footnotes",), "c", "C.")
    assert no_newline.result() == "footnotes:\n    a: Note a.\n    c: C.\n"


def test_the_first_footnote_of_a_file_without_footnotes_opens_them_at_its_end():
    edited = OutcomeText("review:\n  state: Chile\n")
    edited.add_entry(("footnotes",), "note-1", "First note.")
    assert edited.result() == "review:\n  state: Chile\nfootnotes:\n  note-1: First note.\n"
    unterminated = OutcomeText("review:\n  state: Chile")
    unterminated.add_entry(("footnotes",), "note-1", "First note.")
    assert unterminated.result() == "review:\n  state: Chile\nfootnotes:\n  note-1: First note.\n"


def test_a_removed_footnote_is_cut_out_with_its_whole_line():
    edited = OutcomeText(OUTCOME)
    edited.remove_entry(("footnotes",), "a")
    assert edited.result().endswith("footnotes:\n  b: \"Note b.\"\n")
    folded = OutcomeText("footnotes:\n  a: >-\n    Long\n    note.\n  b: B.\n")
    folded.remove_entry(("footnotes",), "a")
    assert folded.result() == "footnotes:\n  b: B.\n"


def test_edits_apply_from_the_end_so_each_keeps_its_place():
    edited = OutcomeText(OUTCOME)
    edited.replace_value(("footnotes",), "b", "B.")
    edited.replace_list(("observations", "challenges"), [Keep(0)])
    edited.remove_entry(("footnotes",), "a")
    result = yaml.safe_load(edited.result())
    assert result["observations"]["challenges"] == ["First paragraph."] and result["footnotes"] == {"b": "B."}


def test_a_node_is_found_by_keys_and_indexes():
    edited = OutcomeText(OUTCOME)
    assert edited.node(("observations", "challenges", 2, "subparagraphs", 0)).value == "Sub one."
    assert edited._mapping_entry(("footnotes",), "z") == (None, None)


@pytest.mark.parametrize("text, indent, written", [
    ("Short.", 4, "Short.\n"),
    ("x" * 92, 4, "x" * 92 + "\n"),  # exactly 96 columns
    ("x" * 93, 4, ">-\n    " + "x" * 93 + "\n"),
    ("yes", 4, ">-\n    yes\n"),  # plain, it would be read as something else
    ("a: b", 4, ">-\n    a: b\n"),
    (" lead", 4, '" lead"\n'), ("", 4, '""\n'),
    ("word " * 30, 4, None),
])
def test_a_scalar_is_written_plain_when_short_and_plain_safe_else_folded(text, indent, written):
    if written is not None:
        assert _value(text, indent) == written
    else:
        assert _value(text.strip(), indent).startswith(">-\n    word")
        lines = _value(text.strip(), indent).splitlines()[1:]
        assert all(len(line) <= 96 for line in lines) and all(line.startswith("    ") for line in lines)
        assert " ".join(line.strip() for line in lines) == text.strip()


def test_folded_lines_are_never_narrower_than_40_columns_and_never_break_a_word_or_hyphen():
    text = "state-of-the-art " * 6
    lines = _value(text.strip(), 80).splitlines()[1:]
    assert [len(line.strip()) for line in lines][:-1] and all(len(line.strip()) <= 40 for line in lines)
    assert all(word == "state-of-the-art" for line in lines for word in line.split())
    assert max(len(line.strip()) for line in lines) > 16 * 2


def test_a_line_end_is_after_the_line_or_where_the_next_line_starts():
    text = "a: 1\nb: 2"
    assert _line_end(text, 2) == 5
    assert _line_end(text, 5) == 5
    assert _line_end(text, 7) == len(text)


def sentence(length: int, last: str = "end.") -> str:
    """Words of a paragraph, ``length`` characters in all, ending with ``last``."""
    words = "The State party reported its measures on the matter at length " * 5
    return words[:length - len(last) - 1].rstrip().ljust(length - len(last) - 1, "s") + " " + last


def test_a_sentence_that_fits_its_line_is_written_on_one_line_even_past_80_columns():
    text = sentence(90)
    assert _value(text, 6) == text + "\n"
    assert _value(" " + text, 4) == f'" {text}"\n'  # quoted for its leading space, still one line


def test_text_in_any_script_is_written_as_itself_not_escaped():
    assert _value("Côte d’Ivoire и Россия", 4) == "Côte d’Ivoire и Россия\n"
    assert _value("Россия ", 4) == '"Россия "\n'
    assert _value("Annex X", 4) == "Annex X\n"
    assert _value("Fin\u00a0", 4) == "Fin\u00a0\n"  # a no-break space is text, not a space YAML would strip


def folded(text: str, indent: int) -> str:
    """``text`` (a sentence()) folded over two lines at ``indent``: its words, then its last word."""
    return f">-\n{' ' * indent}{text[:-5]}\n{' ' * indent}end.\n"


@pytest.mark.parametrize("dash", [0, 4])
def test_a_written_item_is_plain_up_to_96_columns_wherever_it_stands(dash):
    edited = OutcomeText("items:\n" + " " * dash + "- Old.\n")
    fits, too_long = sentence(94 - dash), sentence(95 - dash)
    sub_fits, sub_too_long = sentence(90 - dash), sentence(91 - dash)
    edited.replace_list(("items",), [Write(fits), Write(too_long), Write(fits, (sub_fits, sub_too_long))])
    pad = " " * dash
    assert edited.result() == (
        f"items:\n{pad}- {fits}\n{pad}- {folded(too_long, dash + 2)}{pad}- text: {folded(fits, dash + 4)}"
        f"{pad}  subparagraphs:\n{pad}    - {sub_fits}\n{pad}    - {folded(sub_too_long, dash + 6)}")


def test_an_item_written_in_a_list_spaced_wider_than_usual_is_an_item_of_that_list():
    edited = OutcomeText("items:\n  -   One.\n  -   Two.\n")
    edited.replace_list(("items",), [Keep(0), Write("New.")])
    assert edited.result() == "items:\n  -   One.\n  - New.\n"
    assert yaml.safe_load(edited.result()) == {"items": ["One.", "New."]}


def test_a_list_ending_a_file_without_a_newline_keeps_its_last_characters():
    edited = OutcomeText("items:\n  - One.\n  - Annex X")
    edited.replace_list(("items",), [Write("New."), Keep(1)])
    assert edited.result() == "items:\n  - New.\n  - Annex X"
    spaced = OutcomeText("items:\n  - One.\n  - Two.  ")
    spaced.replace_list(("items",), [Keep(0), Keep(1)])
    assert spaced.result() == "items:\n  - One.\n  - Two.  "


def test_a_new_footnote_is_plain_up_to_96_columns_at_the_indent_of_the_footnotes():
    edited = OutcomeText("footnotes:\n  a: A.\n")
    edited.add_entry(("footnotes",), "fits", sentence(92))
    edited.add_entry(("footnotes",), "long", sentence(93))
    edited.add_entry(("footnotes",), "x", "Annex X")
    assert edited.result() == f"footnotes:\n  a: A.\n  fits: {sentence(92)}\n  long: {folded(sentence(93), 4)}" \
                              "  x: Annex X\n"
    opened = OutcomeText("review: x\n")
    opened.add_entry(("footnotes",), "fits", sentence(92))
    opened.add_entry(("footnotes",), "long", sentence(93))
    assert opened.result() == f"review: x\nfootnotes:\n  fits: {sentence(92)}\n  long: {folded(sentence(93), 4)}"


def test_new_footnotes_are_appended_in_the_order_they_were_added():
    edited = OutcomeText("footnotes:\n  a: A.\n")
    for number in (1, 2, 3):
        edited.add_entry(("footnotes",), f"note-{number}", f"Note {number}.")
    assert edited.result() == "footnotes:\n  a: A.\n  note-1: Note 1.\n  note-2: Note 2.\n  note-3: Note 3.\n"
    opened = OutcomeText("review: x")
    for number in (1, 2):
        opened.add_entry(("footnotes",), f"note-{number}", f"Note {number}.")
    assert opened.result() == "review: x\nfootnotes:\n  note-1: Note 1.\n  note-2: Note 2.\n"


@pytest.mark.parametrize("replaced_first", [True, False])
def test_a_changed_last_footnote_and_a_new_one_after_it_both_land_in_place(replaced_first):
    edited = OutcomeText("footnotes:\n  a: >-\n    Folded\n    note.\nother: 1\n")
    edits = [lambda: edited.replace_value(("footnotes",), "a", "Changed."),
             lambda: edited.add_entry(("footnotes",), "note-1", "New.")]
    for edit in edits if replaced_first else reversed(edits):
        edit()
    assert edited.result() == "footnotes:\n  a: Changed.\n  note-1: New.\nother: 1\n"


def test_a_paragraph_nested_deep_is_still_folded_at_40_columns():
    assert _value("x" * 20 + " " + "y" * 20, 70) == ">-\n" + " " * 70 + "x" * 20 + "\n" + " " * 70 + "y" * 20 + "\n"
