"""What an XLIFF export promises, pinned (publisher/interchange/xliff.py): the header of each
version (languages, the outcome's files relative to the .xlf, the tool), each unit's provenance
as metadata and as notes (score, route, glossary terms once, QA issues with their priority), the
inline codes with the attributes CAT tools read, the states and approval of XLIFF 1.2 with the
qualifier of each origin, characters XML cannot hold, the indentation that never touches text,
and the refusals in full. Each test builds its own small workset."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

from publisher import __version__
from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.findings import Finding, Issue, Severity
from publisher.interchange.xliff import (METADATA_NAMESPACE, PUBLISHER_NAMESPACE, XLIFF1_NAMESPACE, XLIFF2_NAMESPACE,
                                         write_xliff)
from publisher.interchange.xliff_read import read_xliff
from publisher.postedit.units import TermHint, Unit

X2 = f"{{{XLIFF2_NAMESPACE}}}"
X1 = f"{{{XLIFF1_NAMESPACE}}}"
MDA = f"{{{METADATA_NAMESPACE}}}"
PUB = f"{{{PUBLISHER_NAMESPACE}}}"


def unit(identifier: str = "u1", source: str = "One.", target: str = "Un.", state: str = "translated",
         origin: str = "mt", **more) -> Unit:
    return Unit(identifier, more.pop("field", "observations.intro"), more.pop("index", 0), source, target, state,
                origin, **more)


def workset(tmp_path: Path, *units: Unit, source: str = "review 1.yaml", target: str = "out/review 1.fr.yaml"):
    return SimpleNamespace(source_path=tmp_path / source, target_path=tmp_path / target, source_language="en",
                           target_language="fr", units=units)


def export(tmp_path: Path, *units: Unit, version: str = "2.1", name: str = "x.xlf", **paths):
    path = write_xliff(workset(tmp_path, *units, **paths), tmp_path / name, version)
    return etree.parse(str(path)).getroot()


def meta(element, category: str) -> list[tuple[str, str]]:
    [group] = [g for g in element.iter(f"{MDA}metaGroup") if g.get("category") == category]
    return [(m.get("type"), m.text) for m in group]


def notes2(element) -> list[tuple[str, str, str | None, str]]:
    return [(n.get("id"), n.get("category"), n.get("priority"), n.text) for n in element.iter(f"{X2}note")]


def notes12(element) -> list[tuple[str, str | None, str]]:
    return [(n.get("from"), n.get("priority"), n.text) for n in element.iter(f"{X1}note")]


# -- the file ------------------------------------------------------------------------------------

def test_an_xliff_2_1_file_names_its_languages_and_outcome_relative_to_itself(tmp_path):
    root = export(tmp_path, unit())
    assert (root.tag, root.get("version"), root.get("srcLang"), root.get("trgLang")) == \
        (f"{X2}xliff", "2.1", "en", "fr")
    assert root.nsmap == {None: XLIFF2_NAMESPACE, "mda": METADATA_NAMESPACE}
    [file] = root.findall(f"{X2}file")
    assert dict(file.attrib) == {"id": "f1", "original": "review%201.yaml", "canResegment": "no"}
    assert meta(file, "publisher") == [("source-file", "review 1.yaml"), ("translation-file", "out/review 1.fr.yaml"),
                                       ("tool", f"publisher {__version__}")]


def test_files_in_another_folder_are_named_from_the_xlf_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    path = write_xliff(workset(tmp_path, unit()), tmp_path / "sub" / "x.xlf")
    document = read_xliff(path)
    assert (document.source_file, document.translation_file, document.original) == \
        ("../review 1.yaml", "../out/review 1.fr.yaml", "../review%201.yaml")


def test_an_xliff_1_2_file_says_the_same_in_its_header(tmp_path):
    root = export(tmp_path, unit(), version="1.2")
    assert (root.tag, root.get("version")) == (f"{X1}xliff", "1.2")
    assert root.nsmap == {None: XLIFF1_NAMESPACE, "pub": PUBLISHER_NAMESPACE}
    [file] = root.findall(f"{X1}file")
    assert dict(file.attrib) == {"original": "review%201.yaml", "datatype": "plaintext", "source-language": "en",
                                 "target-language": "fr", "tool-id": "publisher"}
    tool = file.find(f"{X1}header/{X1}tool")
    assert dict(tool.attrib) == {"tool-id": "publisher", "tool-name": "publisher", "tool-version": __version__}
    outcome = file.find(f"{X1}header/{PUB}outcome")
    assert dict(outcome.attrib) == {"source": "review 1.yaml", "translation": "out/review 1.fr.yaml"}
    assert file.find(f"{X1}body") is not None


def test_a_version_not_written_is_refused_naming_the_option(tmp_path):
    with pytest.raises(PublisherError) as raised:
        write_xliff(workset(tmp_path, unit()), tmp_path / "x.xlf", "2.0")
    assert raised.value.findings == [Finding(str(tmp_path / "x.xlf"), 0, 0, "--version", "XLIFF 2.0 is not written; "
                                             "choose 2.1 or 1.2", "usage.xliff-version")]
    assert raised.value.exit_code == EXIT_UNREADABLE
    assert not (tmp_path / "x.xlf").exists()


def test_the_default_version_is_2_1(tmp_path):
    path = write_xliff(workset(tmp_path, unit()), tmp_path / "x.xlf")
    assert etree.parse(str(path)).getroot().get("version") == "2.1"


def test_the_file_is_indented_by_two_spaces_a_level_and_text_never_touched(tmp_path):
    path = write_xliff(workset(tmp_path, unit(source="A *b* c.", target="")), tmp_path / "x.xlf")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "<?xml version='1.0' encoding='UTF-8'?>"
    assert lines[1].startswith("<xliff ")
    assert lines[2] == '  <file id="f1" original="review%201.yaml" canResegment="no">'
    assert lines[3] == "    <mda:metadata>"
    assert lines[4] == '      <mda:metaGroup category="publisher">'
    assert lines[5] == '        <mda:meta type="source-file">review 1.yaml</mda:meta>'
    assert lines[6] == '        <mda:meta type="translation-file">out/review 1.fr.yaml</mda:meta>'
    assert '    <unit id="u1" name="observations.intro">' in lines  # after the file's metadata, at its level
    assert '        <source>A <pc id="1" canCopy="no" canDelete="no" type="fmt" subType="xlf:i">b</pc> c.</source>' \
        in lines
    assert lines[-2:] == ["  </file>", "</xliff>"]
    assert path.read_bytes().endswith(b"</xliff>\n")


# -- units ----------------------------------------------------------------------------------------

def test_a_unit_carries_its_provenance_as_metadata(tmp_path):
    root = export(tmp_path, unit(origin="tm-fuzzy", score=87.5, route="eng-fra", field="observations.a", index=2))
    [element] = root.iter(f"{X2}unit")
    assert (element.get("id"), element.get("name")) == ("u1", "observations.a")
    assert meta(element, "provenance") == [("origin", "tm-fuzzy"), ("score", "87.5"), ("route", "eng-fra"),
                                           ("field", "observations.a"), ("sentence", "3"),
                                           ("fingerprint", unit().fingerprint)]


def test_a_unit_without_score_or_route_says_neither(tmp_path):
    root = export(tmp_path, unit(origin="human"))
    assert meta(root, "provenance") == [("origin", "human"), ("field", "observations.intro"), ("sentence", "1"),
                                        ("fingerprint", unit().fingerprint)]
    assert notes2(root) == [("n1", "provenance", None, "translated by a person")]


def test_a_whole_score_is_written_without_decimals(tmp_path):
    root = export(tmp_path, unit(origin="tm-exact", score=100.0))
    assert ("score", "100") in meta(root, "provenance")
    assert notes2(root)[0][3] == "translation memory, exact match (100 %)"


def test_notes_say_the_provenance_the_terms_once_and_the_issues_with_errors_first_in_priority(tmp_path):
    terms = (TermHint("international cooperation", "coopération internationale", "e1"),
             TermHint("International Cooperation", "coopération internationale", "e1"),
             TermHint("mutual legal assistance", "entraide judiciaire", "e2"))
    issues = (Issue("qa.numbers", Severity.ERROR, "2019 is missing"), Issue("qa.tone", Severity.WARNING, "ranking"))
    root = export(tmp_path, unit(origin="mt", score=None, route="eng-fra", terms=terms, issues=issues))
    assert notes2(root) == [
        ("n1", "provenance", None, "machine translation, eng-fra"),
        ("n2", "glossary", None, "international cooperation → coopération internationale (glossary entry e1)"),
        ("n3", "glossary", None, "mutual legal assistance → entraide judiciaire (glossary entry e2)"),
        ("n4", "qa", "1", "error: 2019 is missing [qa.numbers]"),
        ("n5", "qa", None, "warning: ranking [qa.tone]"),
    ]
    [element] = root.iter(f"{X2}unit")
    assert [child.tag for child in element] == [f"{MDA}metadata", f"{X2}notes", f"{X2}segment"]
    assert len(element.find(f"{X2}notes")) == 5  # the notes of a unit are in its <notes>
    root = export(tmp_path, unit(origin="mt", route="eng-fra", terms=terms, issues=issues), version="1.2")
    assert notes12(root) == [
        ("provenance", None, "machine translation, eng-fra"),
        ("glossary", None, "international cooperation → coopération internationale (glossary entry e1)"),
        ("glossary", None, "mutual legal assistance → entraide judiciaire (glossary entry e2)"),
        ("qa", "1", "error: 2019 is missing [qa.numbers]"),
        ("qa", None, "warning: ranking [qa.tone]"),
    ]


def test_the_same_term_for_another_entry_or_target_is_a_note_of_its_own(tmp_path):
    terms = (TermHint("party", "partie", "e1"), TermHint("party", "État partie", "e1"), TermHint("party", "partie", "e2"))
    texts = [n[3] for n in notes2(export(tmp_path, unit(terms=terms)))]
    assert texts[1:] == ["party → partie (glossary entry e1)", "party → État partie (glossary entry e1)",
                         "party → partie (glossary entry e2)"]


@pytest.mark.parametrize("origin, words", [
    ("mt", "machine translation"), ("tm-exact", "translation memory, exact match"),
    ("tm-fuzzy", "translation memory, fuzzy match"), ("glossary", "glossary term"),
    ("copy", "copied from the source"), ("untranslated", "not translated yet"),
    ("post-edited", "post-edited by a person"), ("human", "translated by a person"),
    ("frame", "machine translation from a UN formula of review outcomes (its free parts by the engine or left for "
              "the translator)"),
    ("x-other", "x-other"),
])
def test_the_provenance_note_says_the_origin_in_words(tmp_path, origin, words):
    assert notes2(export(tmp_path, unit(origin=origin)))[0] == ("n1", "provenance", None, words)


def test_a_unit_with_a_target_has_its_state_and_one_without_is_initial(tmp_path):
    root = export(tmp_path, unit("u1", state="final"), unit("u2", target="", state="final"))
    segments = [u.find(f"{X2}segment") for u in root.iter(f"{X2}unit")]
    assert [s.get("state") for s in segments] == ["final", "initial"]
    assert [s.find(f"{X2}target") is not None for s in segments] == [True, False]


def test_standalone_and_paired_codes_carry_what_cat_tools_read_in_2_1(tmp_path):
    root = export(tmp_path, unit(source="In 2019,[^a] the *Act* passed.", target="En 2019,[^a] la *Loi* passa."))
    source, target = root.find(f".//{X2}source"), root.find(f".//{X2}target")
    phs = [dict(e.attrib) for e in source.iter(f"{X2}ph")]
    assert phs == [
        {"id": "1", "canCopy": "no", "canDelete": "no", "type": "other", "subType": "publisher:number", "disp": "2019",
         "equiv": "2019"},
        {"id": "2", "canCopy": "no", "canDelete": "no", "type": "other", "subType": "publisher:footnote",
         "disp": "[^a]", "equiv": "[^a]"}]
    [pc] = source.iter(f"{X2}pc")
    assert dict(pc.attrib) == {"id": "3", "canCopy": "no", "canDelete": "no", "type": "fmt", "subType": "xlf:i"}
    assert (pc.text, pc.tail) == ("Act", " passed.")
    assert [e.get("id") for e in target.iter(f"{X2}ph", f"{X2}pc")] == ["1", "2", "3"]
    assert "".join(target.itertext()) == "En , la Loi passa."


def test_standalone_and_paired_codes_carry_what_cat_tools_read_in_1_2(tmp_path):
    root = export(tmp_path, unit(source="In 2019,[^a] the *Act* passed.", target="En 2019,[^a] la *Loi* passa."),
                  version="1.2")
    source, target = root.find(f".//{X1}source"), root.find(f".//{X1}target")
    assert [dict(e.attrib) for e in source.iter(f"{X1}x")] == [
        {"id": "1", "ctype": "x-number", "clone": "no", "equiv-text": "2019"},
        {"id": "2", "ctype": "x-footnote", "clone": "no", "equiv-text": "[^a]"}]
    [g] = source.iter(f"{X1}g")
    assert (dict(g.attrib), g.text, g.tail) == ({"id": "3", "ctype": "italic", "clone": "no"}, "Act", " passed.")
    assert [e.get("id") for e in target.iter(f"{X1}x", f"{X1}g")] == ["1", "2", "3"]


@pytest.mark.parametrize("state, origin, written, qualifier, approved", [
    ("translated", "mt", "translated", "leveraged-mt", "no"),
    ("translated", "frame", "translated", "leveraged-mt", "no"),
    ("reviewed", "tm-exact", "signed-off", "exact-match", "yes"),
    ("final", "tm-fuzzy", "final", "fuzzy-match", "yes"),
    ("initial", "glossary", "needs-translation", "leveraged-glossary", "no"),
    ("reviewed", "human", "signed-off", None, "yes"),
])
def test_xliff_1_2_writes_each_state_its_approval_and_the_qualifier_of_its_origin(
        tmp_path, state, origin, written, qualifier, approved):
    root = export(tmp_path, unit(state=state, origin=origin), version="1.2")
    [element] = root.iter(f"{X1}trans-unit")
    assert (element.get("id"), element.get("resname"), element.get("approved")) == ("u1", "observations.intro", approved)
    assert element.get(f"{PUB}fingerprint") == unit(state=state).fingerprint
    target = element.find(f"{X1}target")
    assert (target.get("state"), target.get("state-qualifier")) == (written, qualifier)


def test_an_xliff_1_2_unit_without_target_has_none_and_is_not_approved(tmp_path):
    root = export(tmp_path, unit(target="", state="final"), version="1.2")
    [element] = root.iter(f"{X1}trans-unit")
    assert (element.find(f"{X1}target"), element.get("approved")) == (None, "no")
    assert element.get(f"{PUB}fingerprint") == unit(target="", state="initial").fingerprint


def test_a_control_character_travels_as_a_code_point_in_2_1(tmp_path):
    root = export(tmp_path, unit(source="A\x07B\x1bC", target="D\x00"))
    source = root.find(f".//{X2}source")
    assert [(e.get("hex"), e.tail) for e in source.iter(f"{X2}cp")] == [("0007", "B"), ("001B", "C")]
    assert source.text == "A"
    [document_unit] = read_xliff(tmp_path / "x.xlf").units
    assert (document_unit.source_text, document_unit.target_text) == ("A\x07B\x1bC", "D\x00")


def test_a_control_character_is_refused_in_1_2_naming_the_file_and_the_character(tmp_path):
    with pytest.raises(PublisherError) as raised:
        write_xliff(workset(tmp_path, unit(target="Un\x0b.")), tmp_path / "x.xlf", "1.2")
    assert raised.value.findings == [Finding(str(tmp_path / "x.xlf"), 0, 0, "", "the text holds the control character "
                                             "U+000B, which XLIFF 1.2 cannot carry; export XLIFF 2.1",
                                             "xliff.character")]
    assert raised.value.exit_code == EXIT_UNREADABLE
    assert not (tmp_path / "x.xlf").exists()


def test_characters_xml_holds_are_written_as_they_are(tmp_path):
    text = "tab\tline\nret\r \ud7ff\ue000\ufffd\U00010000\U0010ffff"
    root = export(tmp_path, unit(source=text, target=""))
    source = root.find(f".//{X2}source")
    assert (source.text, len(source)) == (text, 0)


def test_a_target_with_italics_the_source_lacks_keeps_them_as_text(tmp_path):
    root = export(tmp_path, unit(source="One.", target="*Un*."))
    target = root.find(f".//{X2}target")
    assert (target.text, len(target)) == ("*Un*.", 0)


def test_the_same_workset_gives_the_same_bytes_in_both_versions(tmp_path):
    for version in ("2.1", "1.2"):
        first = write_xliff(workset(tmp_path, unit()), tmp_path / "a.xlf", version).read_bytes()
        second = write_xliff(workset(tmp_path, unit()), tmp_path / "b.xlf", version).read_bytes()
        assert first == second
