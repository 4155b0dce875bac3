"""Paragraphs moved in Word come back moved: a rendered DOCX, its paragraphs cut and pasted with
python-docx as Word moves them (the paragraph with its hidden bookmark), imported into the outcome
it was rendered from."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph
from lxml import etree

from publisher.errors import EXIT_FINDINGS, PublisherError
from publisher.interchange.xmlsafe import parse_bytes
from publisher.load import load_file
from publisher.postedit.docx_import import import_docx
from publisher.postedit.docx_moves import FieldMove
from publisher.validate import validate_file

from .conftest import GHANA, MONGOLIA
from .test_docx_import import body, copy_outcome, edited_in_libreoffice, rendered_docx, replace_in

SECTION = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def edited(path: Path, edit) -> None:
    word = docx.Document(str(path))
    edit(word)
    word.save(str(path))


def find(word, words: str) -> Paragraph:
    return next(p for p in body(word) if words in p.text)


def heading(word, words: str) -> Paragraph:
    return next(p for p in word.paragraphs if p.style.name != "SingleTxt" and words in p.text)


def move_before(word, moved: str, anchor: str) -> None:
    find(word, anchor)._p.addprevious(find(word, moved)._p)


def move_after(word, moved: str, anchor: Paragraph | str) -> None:
    anchor = find(word, anchor) if isinstance(anchor, str) else anchor
    anchor._p.addnext(find(word, moved)._p)


def no_errors(outcome: Path) -> bool:
    findings, _ = validate_file(outcome)
    return not [f for f in findings if f.severity.value == "error"]


ONE, TWO = "The reviewing States noted that the definition", "Practitioners reported difficulties"


def item(text: str, start: str) -> str:
    """The lines of the item of ``text`` (a YAML list) that starts with ``start``, as written."""
    begin = text.index(f"    - >-\n      {start}")
    return text[begin:text.index("    - ", begin + 1)]


# -- within a list ------------------------------------------------------------------------------------
def test_a_paragraph_moved_within_its_list_moves_there_and_nothing_else_in_the_file_changes(tmp_path):
    outcome = copy_outcome(tmp_path)
    original = outcome.read_text(encoding="utf-8")
    path = rendered_docx(outcome, "observations", tmp_path)
    edited(path, lambda word: move_before(word, TWO, ONE))
    result = import_docx(path)
    assert result.moves == [FieldMove("observations.challenges[1]", "observations.challenges[0]")]
    assert result.changes == [] and result.findings == [] and result.written
    first, second = item(original, "The reviewing States noted that"), item(original, "Practitioners")
    assert outcome.read_text(encoding="utf-8") == original.replace(first + second, second + first)
    assert no_errors(outcome)


def test_a_moved_paragraph_keeps_its_footnote_call_and_its_cross_references(tmp_path):
    outcome = copy_outcome(tmp_path)
    text = outcome.read_text(encoding="utf-8")
    text = text.replace("      legislation.\n", "      legislation.[#serious]\n", 1)
    text = text.replace("organized criminal group.\n", "organized criminal group ([@serious]).\n", 1)
    outcome.write_text(text, encoding="utf-8")
    path = rendered_docx(outcome, "observations", tmp_path)

    def moves(word):
        move_before(word, TWO, ONE)  # the reference now comes before the paragraph it names
        move_after(word, "Mongolia has adopted a comprehensive", "The national authorities provided")

    edited(path, moves)
    result = import_docx(path)
    assert [m.describe() for m in result.moves] == [
        "moved: observations.successes_and_good_practices[0] -> [2]", "moved: observations.challenges[1] -> [0]"]
    data = load_file(outcome).data["observations"]
    assert data["successes_and_good_practices"][2].endswith("as amended in 2024.[^code]")
    assert data["challenges"][0].endswith("([@serious]).") and data["challenges"][1].endswith("[#serious]")
    assert "code" in load_file(outcome).data["footnotes"] and no_errors(outcome)
    again = docx.Document(str(rendered_docx(outcome, "observations", tmp_path)))
    assert "(see para.\u00a06 below)" in find(again, TWO).text


def test_a_subparagraph_moved_within_its_item_moves_there(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    edited(path, lambda word: move_before(word, "the limited number of cases", "the absence of a specific provision"))
    result = import_docx(path)
    assert [m.describe() for m in result.moves] == [
        "moved: observations.challenges[2].subparagraphs[1] -> [0]"]
    subs = load_file(outcome).data["observations"]["challenges"][2]["subparagraphs"]
    assert subs[0].startswith("the limited number") and subs[1].startswith("the absence")


# -- into another list ---------------------------------------------------------------------------------
def test_a_paragraph_moved_under_another_article_leaves_its_own_for_that_one(tmp_path):
    outcome = copy_outcome(tmp_path, GHANA)
    original = outcome.read_text(encoding="utf-8")
    path = rendered_docx(outcome, "observations", tmp_path)
    edited(path, lambda word: move_after(word, "The reviewing States recommended introducing", "Ghana is a party to"))
    result = import_docx(path)
    assert [m.describe() for m in result.moves] == [
        "moved: observations.articles.convention[3].paragraphs[1] -> "
        "observations.articles.convention[4].paragraphs[1]"]
    assert result.changes == []
    articles = load_file(outcome).data["observations"]["articles"]["convention"]
    assert len(articles[3]["paragraphs"]) == 1 and articles[4]["paragraphs"][1].startswith("The reviewing States rec")
    moved = item(original.replace("          - >-\n            ", "    - >-\n      "), "The reviewing States recommended")
    assert moved.replace("    - >-\n      ", "          - >-\n            ") in outcome.read_text(encoding="utf-8")
    assert no_errors(outcome)


def test_a_paragraph_moved_from_the_successes_to_the_challenges_is_a_challenge(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    edited(path, lambda word: move_after(word, "The national authorities provided", heading(word, "Challenges")))
    result = import_docx(path)
    assert result.moves == [FieldMove("observations.successes_and_good_practices[2]", "observations.challenges[0]")]
    data = load_file(outcome).data["observations"]
    assert len(data["successes_and_good_practices"]) == 2 and len(data["challenges"]) == 4
    assert data["challenges"][0].startswith("The national authorities provided") and no_errors(outcome)


def test_a_paragraph_moved_and_edited_is_moved_and_changed(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)

    def moved_and_edited(word):
        find(word, "Legislative advice on aligning").runs[-1].text += " Moved here by the editor."
        move_after(word, "Legislative advice on aligning", "Mongolia has adopted a comprehensive")

    edited(path, moved_and_edited)
    result = import_docx(path)
    assert result.moves == [FieldMove("observations.technical_assistance_needs[2]",
                                      "observations.successes_and_good_practices[1]")]
    assert [(c.field, c.after.endswith("Moved here by the editor.")) for c in result.changes] == [
        ("observations.technical_assistance_needs[2]", True)]
    data = load_file(outcome).data["observations"]
    assert data["successes_and_good_practices"][1].endswith("Convention. Moved here by the editor.")
    assert len(data["technical_assistance_needs"]) == 2 and no_errors(outcome)


def test_an_article_left_without_paragraphs_by_a_move_is_refused_by_validation_and_nothing_written(tmp_path):
    outcome = copy_outcome(tmp_path)
    before = outcome.read_bytes()
    path = rendered_docx(outcome, "observations", tmp_path)
    edited(path, lambda word: move_after(word, "Money-laundering is criminalized", "Participation in an organized"))
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    assert [(f.field, f.code) for f in refused.value.findings] == [
        ("observations.articles.convention[2].paragraphs", "schema.wrong-type")]
    assert outcome.read_bytes() == before


# -- where no list is ----------------------------------------------------------------------------------
@pytest.mark.parametrize("place, expected", [
    ("masthead", "was moved in Word before the first heading (the masthead and title)"),
    ("introduction", "was moved in Word under the heading “I. Introduction”, which opens no list of paragraphs"),
    ("table", "was moved in Word into a table"),
])
def test_a_paragraph_moved_where_no_list_is_stays_where_it_was_and_is_reported(tmp_path, place, expected):
    outcome = copy_outcome(tmp_path)
    original = outcome.read_text(encoding="utf-8")
    path = rendered_docx(outcome, "observations", tmp_path)

    def away(word):
        moved = find(word, "Obstruction of justice")
        moved.runs[-1].text += " Edited too."
        if place == "masthead":
            next(p for p in word.paragraphs if p.style.name == "Meeting")._p.addnext(moved._p)
        elif place == "introduction":
            find(word, "The review of the implementation")._p.addnext(moved._p)
        else:
            word.tables[0].cell(0, 0)._tc.append(moved._p)
        find(word, "Practitioners reported").runs[-1].text += " Edited."

    edited(path, away)
    result = import_docx(path)
    [finding] = result.findings
    assert (finding.file, finding.field, finding.code) == (
        str(path), "observations.articles.convention[5].paragraphs[0]", "docx.not-a-list")
    assert finding.message.startswith(expected + ": a paragraph can only move into a list of paragraphs")
    assert [c.field for c in result.changes] == ["observations.challenges[1]"] and result.moves == []
    kept = original[original.index("      - article: 23\n"):original.index("    trafficking-in-persons:")]
    assert kept in outcome.read_text(encoding="utf-8") and no_errors(outcome)


def test_a_subparagraph_moved_above_the_first_paragraph_of_a_list_stays_where_it_was_and_is_reported(tmp_path):
    outcome = copy_outcome(tmp_path)
    before = outcome.read_bytes()
    path = rendered_docx(outcome, "observations", tmp_path)
    edited(path, lambda word: move_after(word, "the absence of a specific provision", heading(word, "Successes")))
    result = import_docx(path)
    [finding] = result.findings
    assert (finding.field, finding.code) == ("observations.challenges[2].subparagraphs[0]", "docx.not-a-list")
    assert finding.message.startswith("was moved in Word to the start of a list, above any paragraph it could be a "
                                      "sub-paragraph of: a sub-paragraph can only move under a paragraph, so it is "
                                      "left where it was in the outcome")
    assert (result.moves, result.changes, result.written) == ([], [], False) and outcome.read_bytes() == before


# -- importing again, and older files --------------------------------------------------------------------
def test_a_second_import_of_the_same_docx_changes_nothing(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)

    def moved_and_edited(word):
        find(word, TWO).runs[-1].text += " Edited."
        move_before(word, TWO, ONE)
        move_before(word, "the limited number of cases", "the absence of a specific provision")

    edited(path, moved_and_edited)
    assert len(import_docx(path).moves) == 2
    once = outcome.read_bytes()
    again = import_docx(path)
    assert (again.moves, again.changes, again.findings, again.written) == ([], [], [], False)
    assert outcome.read_bytes() == once


def test_a_second_import_after_a_move_between_lists_is_refused_as_outdated(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    edited(path, lambda word: move_after(word, "The national authorities provided", heading(word, "Challenges")))
    import_docx(path)
    once = outcome.read_bytes()
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    assert [f.code for f in refused.value.findings] == ["docx.outdated"] and outcome.read_bytes() == once


def test_a_docx_made_before_a_paragraph_was_deleted_and_another_added_in_its_list_is_refused_whole(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    original = outcome.read_text(encoding="utf-8")
    first, second = item(original, "The reviewing States noted that"), item(original, "Practitioners")
    added = "    - >-\n      The reviewing States noted a new difficulty in practice.\n"
    outcome.write_text(original.replace(first + second, second + added), encoding="utf-8")  # [1, 2] -> [2, new]
    before = outcome.read_bytes()
    edited(path, lambda word: replace_in(find(word, "The following challenges"), "following", "next"))
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    assert [(f.field, f.code) for f in refused.value.findings] == [("observations.challenges[0]", "docx.outdated")]
    assert refused.value.exit_code == EXIT_FINDINGS and outcome.read_bytes() == before


def test_a_docx_without_marked_headings_moves_paragraphs_within_their_own_lists_only(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)

    def older(word):
        for mark in [b for b in word.element.body.iter(f"{SECTION}bookmarkStart")
                     if b.get(f"{SECTION}name").startswith("_pubsec")]:
            mark.getparent().remove(mark)
        move_before(word, TWO, ONE)
        move_after(word, "The national authorities provided", heading(word, "Challenges"))

    edited(path, older)
    result = import_docx(path)
    assert [m.describe() for m in result.moves] == ["moved: observations.challenges[1] -> [0]"]
    data = load_file(outcome).data["observations"]
    assert len(data["successes_and_good_practices"]) == 3 and data["challenges"][0].startswith("Practitioners")


# -- the command ------------------------------------------------------------------------------------------
def test_the_command_lists_each_move_and_what_it_could_not_import(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)

    def moves(word):
        move_before(word, TWO, ONE)
        find(word, "The review of the implementation")._p.addnext(find(word, "Obstruction of justice")._p)

    edited(path, moves)
    before = outcome.read_bytes()
    command = [sys.executable, "-m", "publisher.cli", "import", str(path)]
    dry = subprocess.run(command + ["--dry-run"], capture_output=True, text=True)
    lines = dry.stderr.splitlines()
    assert f"{outcome}: moved: observations.challenges[1] -> [0]" in lines
    assert any(line.startswith(f"{path}:0:0: observations.articles.convention[5].paragraphs[0]: was moved in Word "
                               "under the heading “I. Introduction”") and line.endswith("[docx.not-a-list]")
               for line in lines)
    assert lines[-1] == (f"{path}: 0 field(s) changed; 1 paragraph(s) moved; 1 paragraph(s) not imported (above); "
                         "dry run: nothing written")
    assert dry.returncode == EXIT_FINDINGS and outcome.read_bytes() == before
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == EXIT_FINDINGS and done.stdout.strip() == str(outcome)
    assert load_file(outcome).data["observations"]["challenges"][0].startswith("Practitioners") and no_errors(outcome)
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.stderr.splitlines()[-1] == (f"{path}: 0 field(s) changed; 1 paragraph(s) not imported (above); "
                                             "nothing written")


# -- LibreOffice --------------------------------------------------------------------------------------------
SOFFICE = shutil.which("soffice")
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (Debian package libreoffice-writer-nogui)")
def test_paragraphs_moved_in_libreoffice_come_back_moved(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)

    def moved(xml: bytes) -> bytes:
        root = parse_bytes(xml, "content.xml").getroot()
        paragraphs = {b.get(f"{TEXT}name")[:8]: b.getparent() for b in root.iter(f"{TEXT}bookmark-start")
                      if b.get(f"{TEXT}name", "").startswith("_pub0")}
        paragraphs["_pub0003"].addprevious(paragraphs["_pub0004"])  # challenges[1] first
        paragraphs["_pub0007"].addnext(paragraphs["_pub0002"])  # successes[2] last of the challenges
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    result = import_docx(edited_in_libreoffice(path, tmp_path, moved), outcome_path=outcome)
    assert [m.describe() for m in result.moves] == [
        "moved: observations.challenges[1] -> [0]",
        "moved: observations.successes_and_good_practices[2] -> observations.challenges[3]"]
    assert result.changes == [] and result.findings == [] and no_errors(outcome)
