"""A footnote marker survives a draft translation: a sentence left in the source language keeps its
footnote call (issue 15, item 5: "…2019.[^weapons]]]" showed a raw "[^weapons" and lost footnote 2),
and a cited note that goes missing on the way is an error, in validation and in translation QA."""
from __future__ import annotations

import yaml

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.findings import Severity
from publisher.load import load_bytes, load_file
from publisher.markup import NoteRef, Span, code_tokens, mark_untranslated, parse_inline
from publisher.translate.engines import engine
from publisher.translate.output import OutcomeDumper
from publisher.translate.pipeline import Translator, text_fields
from publisher.translate.qa import SegmentPair, check_pair
from publisher.validate import validate_file, validate_loaded

from .conftest import JORDAN


def untranslated_draft(target: str = "ru") -> dict:
    """Jordan's outcome drafted with no engine: every sentence stays in English, marked."""
    return Translator(engine("none"), None, None).translate_outcome(load_file(JORDAN), target).data


def loaded(data: dict, name: str = "jordan.ru.yaml"):
    text = yaml.dump(data, Dumper=OutcomeDumper, allow_unicode=True, sort_keys=False, width=100)
    return load_bytes(text.encode("utf-8"), name)


def test_untranslated_words_are_bracketed_and_their_codes_left_outside():
    assert mark_untranslated("the Law of 2019.[^weapons]") == "[[the Law of 2019.]][^weapons]"
    assert mark_untranslated("Code[^a] and Law.[#n]") == "[[Code]][^a][[ and Law.]][#n]"


def test_a_marker_inside_the_brackets_as_earlier_drafts_wrote_it_is_still_a_footnote_call():
    assert parse_inline("[[the Law of 2019.[^weapons]]]") == (
        Span("the Law of 2019.", untranslated=True), NoteRef("weapons"))


def test_every_footnote_marker_of_an_untranslated_draft_stays_a_footnote_call():
    source = load_file(JORDAN).data
    draft = untranslated_draft()
    targets = {path: text for path, _keys, text in text_fields(draft)}
    for path, _keys, text in text_fields(source):
        assert code_tokens(targets[path]) == code_tokens(text), path


def test_an_untranslated_draft_validates_clean_and_its_document_keeps_both_footnotes():
    findings, outcome = validate_loaded(loaded(untranslated_draft()))
    assert [f for f in findings if f.code.startswith("footnotes.")] == []
    document = compose(outcome, "observations", load_blueprints())
    assert len(document.footnotes) == 2


def test_a_note_whose_marker_went_missing_is_an_error_not_a_warning(tmp_path):
    text = JORDAN.read_text(encoding="utf-8").replace("Ammunition Law of 2019.[^weapons]",
                                                      "Ammunition Law of 2019.", 1)
    text = text.replace("Law of 2019.[^weapons] The national", "Law of 2019. The national")
    path = tmp_path / "lost.yaml"
    path.write_text(text, encoding="utf-8")
    findings, _ = validate_file(path)
    assert [(f.code, f.field, f.severity) for f in findings] == [
        ("footnotes.unused", "footnotes.weapons", Severity.ERROR)]


def test_a_marker_swallowed_by_the_brackets_is_two_errors_naming_field_and_text(tmp_path):
    """ "[[... 2019.[^weapons]]" (one "]" short) reads as untranslated words ending "[^weapons":
    the reader would see the raw marker, and the note would be lost."""
    text = JORDAN.read_text(encoding="utf-8").replace("Ammunition Law of 2019.[^weapons]",
                                                      "[[Ammunition Law of 2019.[^weapons]]", 1)
    text = text.replace("Law of 2019.[^weapons] The national", "Law of 2019. The national")
    path = tmp_path / "swallowed.yaml"
    path.write_text(text, encoding="utf-8")
    findings, _ = validate_file(path)
    found = {(f.code, f.severity) for f in findings}
    assert found == {("footnotes.broken-marker", Severity.ERROR), ("footnotes.unused", Severity.ERROR)}
    broken = next(f for f in findings if f.code == "footnotes.broken-marker")
    assert '"[^weapons"' in broken.message and broken.field.startswith("observations.")
    assert broken.line == next(n for n, line in enumerate(text.splitlines(), start=1) if "[^weapons]]" in line)


def test_translation_qa_counts_a_swallowed_or_dropped_marker_as_missing():
    source = "Jordan amended the Weapons and Ammunition Law of 2019.[^weapons]"
    swallowed = "[[Jordan amended the Weapons and Ammunition Law of 2019.[^weapons]]"
    dropped = "La Jordanie a modifié la loi de 2019 sur les armes et les munitions."
    for target in (swallowed, dropped):
        issues = check_pair(SegmentPair(source, target, "en", "fr"), None)
        assert [i.code for i in issues if i.severity == Severity.ERROR][:1] == ["qa.markup"], target
    assert any('"[^weapons"' in i.message for i in check_pair(SegmentPair(source, swallowed, "en", "fr"), None))


def test_translation_qa_accepts_a_marker_outside_the_untranslated_brackets():
    source = "Jordan amended the Weapons and Ammunition Law of 2019.[^weapons]"
    pair = SegmentPair(source, mark_untranslated(source), "en", "ru", untranslated=True)
    assert [i for i in check_pair(pair, None) if i.severity == Severity.ERROR] == []
