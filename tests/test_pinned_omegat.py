"""The OmegaT project pinned (publisher/interchange/omegat.py) on small worksets built in each
test: where the project goes and when it is refused, the settings OmegaT reads, which drafts are
inserted and which offered, the memories in OmegaT's TMX, the source file OmegaT translates, the
glossary lines, and what is said when a project has no translation to import."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

from publisher import __version__
from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.findings import Finding
from publisher.interchange import omegat
from publisher.interchange.inline import Code, parts
from publisher.interchange.xliff import XLIFF1_NAMESPACE
from publisher.postedit.units import TermHint, Unit
from publisher.translate.glossary_entries import Entry

X1 = f"{{{XLIFF1_NAMESPACE}}}"


def unit(identifier: str, source: str, target: str = "", state: str = "translated", origin: str = "mt",
         terms=()) -> Unit:
    return Unit(identifier, "observations.intro", 0, source, target, state, origin, terms=tuple(terms))


def workset(tmp_path: Path, *units: Unit, target_language: str = "fr"):
    return SimpleNamespace(source_path=tmp_path / "x.yaml", target_path=tmp_path / f"x.{target_language}.yaml",
                           source_language="en", target_language=target_language, units=units)


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def memory_pairs(path: Path) -> list[tuple[str, str]]:
    return [(tu[0].findtext("seg"), tu[1].findtext("seg")) for tu in etree.parse(str(path)).iter("tu")]


def refusal(call, *arguments) -> tuple[Finding, int]:
    with pytest.raises(PublisherError) as raised:
        call(*arguments)
    [finding] = raised.value.findings
    return finding, raised.value.exit_code


def test_the_project_folder_is_beside_the_translation():
    assert omegat.default_project_folder(Path("a/x.fr.yaml")) == Path("a/x.fr.omegat")


def test_drafts_a_person_confirmed_or_exact_memory_matches_are_inserted_others_offered(tmp_path):
    units = (unit("u1", "One.", "Un.", "reviewed"), unit("u2", "Two.", "Deux.", "final", "human"),
             unit("u3", "Three.", "Trois.", "translated", "tm-exact"), unit("u4", "Four.", "Quatre.", "translated"),
             unit("u5", "Five.", "Cinq.", "translated", "tm-fuzzy"), unit("u6", "Six."),
             unit("u7", "Seven.", "Sept.", "initial", "frame"))
    folder = omegat.write_omegat_project(workset(tmp_path, *units), tmp_path / "p")
    assert folder == tmp_path / "p"
    assert files(folder) == ["glossary/x.fr.txt", "omegat.project", "source/x.fr.xlf", "tm/auto/x.fr.tmx",
                             "tm/penalty-30/x.fr.tmx"]
    assert memory_pairs(folder / "tm/auto/x.fr.tmx") == [("One.", "Un."), ("Two.", "Deux."), ("Three.", "Trois.")]
    assert memory_pairs(folder / "tm/penalty-30/x.fr.tmx") == [("Four.", "Quatre."), ("Five.", "Cinq."),
                                                               ("Seven.", "Sept.")]
    for sub in omegat.FOLDERS:
        assert (folder / sub).is_dir()
    assert not list(tmp_path.glob(".p.partial*"))


def test_the_project_glossary_is_the_glossary_given(tmp_path):
    glossary = SimpleNamespace(entries=(entry("e1", en=["State party"], fr=["État partie"]),))
    units = (unit("u1", "One.", "Un.", terms=[TermHint("a", "b", "e2")]),)
    folder = omegat.write_omegat_project(workset(tmp_path, *units), tmp_path / "p", glossary)
    assert (folder / "glossary/x.fr.txt").read_text(encoding="utf-8") == "State party\tÉtat partie\tUNTOC glossary e1\n"


def test_a_project_without_drafts_has_no_memory(tmp_path):
    folder = omegat.write_omegat_project(workset(tmp_path, unit("u1", "One.")), tmp_path / "p")
    assert files(folder) == ["glossary/x.fr.txt", "omegat.project", "source/x.fr.xlf"]


def test_an_empty_existing_folder_takes_the_project(tmp_path):
    (tmp_path / "p").mkdir()
    omegat.write_omegat_project(workset(tmp_path, unit("u1", "One.", "Un.")), tmp_path / "p")
    assert omegat.is_project(tmp_path / "p")


def test_a_leftover_partial_project_is_replaced(tmp_path):
    (tmp_path / ".p.partial" / "old").mkdir(parents=True)
    omegat.write_omegat_project(workset(tmp_path, unit("u1", "One.", "Un.")), tmp_path / "p")
    assert not (tmp_path / ".p.partial").exists()
    assert "old" not in [p.name for p in (tmp_path / "p").iterdir()]


@pytest.mark.parametrize("make", [lambda p: (p / "work").mkdir(parents=True), lambda p: p.write_text("x")])
def test_a_folder_with_anything_in_it_or_a_file_is_never_written_over(tmp_path, make):
    make(tmp_path / "p")
    before = files(tmp_path)
    assert refusal(omegat.write_omegat_project, workset(tmp_path, unit("u1", "One.")), tmp_path / "p") == (
        Finding(str(tmp_path / "p"), 0, 0, "-o", "exists and is not an empty folder: an OmegaT project is written into a "
                "new folder (the translator's work in an existing project is never overwritten)", "omegat.exists"),
        EXIT_UNREADABLE)
    assert files(tmp_path) == before


def test_a_project_that_cannot_be_written_leaves_nothing_behind(tmp_path, monkeypatch):
    def fail(*_arguments):
        raise OSError("disk full")
    monkeypatch.setattr(omegat, "glossary_text", fail)
    with pytest.raises(OSError):
        omegat.write_omegat_project(workset(tmp_path, unit("u1", "One.", "Un.")), tmp_path / "p")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_character_xliff_1_2_cannot_carry_is_refused_naming_the_project_and_leaves_nothing(tmp_path):
    folder = tmp_path / "x.fr.omegat"
    finding, status = refusal(omegat.write_omegat_project, workset(tmp_path, unit("u1", "A\x07b.")), folder)
    assert (finding, status) == (Finding(str(folder), 0, 0, "", "the text holds the control character U+0007, which "
                                         "XLIFF 1.2 cannot carry; export XLIFF 2.1", "xliff.character"), EXIT_UNREADABLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("language, tokenizer", [
    ("fr", "LuceneFrenchTokenizer"), ("es", "LuceneSpanishTokenizer"), ("ru", "LuceneRussianTokenizer"),
    ("ar", "LuceneArabicTokenizer"), ("zh", "LuceneSmartChineseTokenizer")])
def test_the_project_file_says_the_languages_tokenizers_and_settings(language, tokenizer):
    data = omegat.project_file("en", language)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<omegat>") and \
        data.endswith(b"</omegat>\n")
    project = etree.fromstring(data).find("project")
    assert project.get("version") == "1.0"
    assert [(child.tag, child.text) for child in project] == [
        ("source_dir", "__DEFAULT__"), ("target_dir", "__DEFAULT__"), ("tm_dir", "__DEFAULT__"),
        ("glossary_dir", "__DEFAULT__"), ("glossary_file", "__DEFAULT__"), ("dictionary_dir", "__DEFAULT__"),
        ("source_lang", "en"), ("target_lang", language),
        ("source_tok", "org.omegat.tokenizer.LuceneEnglishTokenizer"), ("target_tok", f"org.omegat.tokenizer.{tokenizer}"),
        ("sentence_seg", "false"), ("support_default_translations", "true"), ("remove_tags", "false")]
    assert b"\n  <project" in data


def test_the_source_file_holds_each_source_as_the_target_to_translate(tmp_path):
    folder = omegat.write_omegat_project(workset(tmp_path, unit("u1", "In 2019.[^a]", "En 2019.[^a]", "final"),
                                                 unit("u2", "*Two*.")), tmp_path / "p")
    root = etree.parse(str(folder / "source/x.fr.xlf")).getroot()
    file = root.find(f"{X1}file")
    assert (file.get("tool-id"), file.get("original")) == ("publisher-omegat", "x.yaml")
    outcome = file.find(f"{X1}header/{{urn:x-publisher:xliff}}outcome")
    assert (outcome.get("source"), outcome.get("translation")) == ("x.yaml", "x.fr.yaml")  # relative to the project's folder
    for element in root.iter(f"{X1}trans-unit"):
        assert element.get("approved") == "no"
        source, target = element[0], element[1]
        assert (source.tag, target.tag, target.get("state")) == (f"{X1}source", f"{X1}target", "needs-translation")
        assert etree.tostring(target, with_tail=False).replace(b"<target", b"<source").replace(b"</target", b"</source") \
            .replace(b' state="needs-translation"', b"") == etree.tostring(source, with_tail=False)
    assert len(list(root.iter(f"{X1}target"))) == 2
    data = (folder / "source/x.fr.xlf").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<xliff") and data.endswith(b"</xliff>\n")


def test_omegat_numbers_the_codes_it_keeps_in_the_segment_from_zero():
    assert omegat.omegat_source("  [^a] *Act of 2019* and *B*  ") == ("<g0>Act of <x1/></g0> and <g2>B</g2>",
                                                                       {"2": 0, "3": 1, "4": 2})
    assert omegat.omegat_source("*Act 2019*") == ("Act", {})
    assert omegat.omegat_source("*the Act*") == ("the Act", {})  # a pair around the whole text stays outside
    assert omegat.omegat_source("[^a]") == ("", {})
    assert omegat.omegat_source("") == ("", {})


def test_a_draft_in_omegat_form_keeps_only_the_segments_codes():
    source = "*Act of 2019*, see [^a] and [^b]"
    segment, numbers = omegat.omegat_source(source)
    assert (segment, numbers) == ("<g0>Act of <x1/></g0>, see <x2/> and", {"1": 0, "2": 1, "3": 2})
    codes = tuple(c for c in parts(source) if isinstance(c, Code))
    assert omegat.omegat_target("  [^b] Voir [^a], *la loi de 2019*  ", codes, numbers) == \
        "Voir <x2/>, <g0>la loi de <x1/></g0>"


def test_omegat_text_numbers_every_code_one_below_ours():
    assert omegat.omegat_text(parts("[^a] *b* 2019")) == "<x0/> <g1>b</g1> <x2/>"


def test_the_memory_is_omegats_own_tmx_without_dates_and_each_pair_once():
    data = omegat.tmx([("A <x0/>", "B <x0/>"), ("A <x0/>", "B <x0/>"), ("A <x0/>", "C")], "en", "fr")
    root = etree.fromstring(data)
    assert root.get("version") == "1.1"
    assert dict(root.find("header").attrib) == {
        "creationtool": "publisher", "creationtoolversion": __version__, "segtype": "sentence", "adminlang": "EN-US",
        "srclang": "en", "datatype": "plaintext", "o-tmf": "OmegaT TMX"}
    units = list(root.find("body"))
    assert [[(v.get("lang"), v.findtext("seg")) for v in u] for u in units] == [
        [("en", "A <x0/>"), ("fr", "B <x0/>")], [("en", "A <x0/>"), ("fr", "C")]]
    assert {(u.tag, v.tag, [s.tag for s in v][0]) for u in units for v in u} == {("tu", "tuv", "seg")}
    assert b"&lt;x0/&gt;" in data and data.endswith(b"</tmx>\n")
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<tmx")
    assert "é".encode("utf-8") in omegat.tmx([("e", "é")], "en", "fr")


def entry(identifier: str, subject: str = "term", forbidden=None, **terms) -> Entry:
    return Entry(identifier, {k: tuple(v) for k, v in terms.items()}, forbidden or {}, "source", subject)


def test_the_glossary_has_each_admitted_source_term_with_the_preferred_target_and_forbidden_variants(tmp_path):
    glossary = SimpleNamespace(entries=(
        entry("e1", en=["State party", "States  parties"], fr=["État partie", "Partie"], forbidden={"fr": ("État membre",
                                                                                                          "pays")}),
        entry("e2", en=["Criminalization"], fr=["Incrimination"], subject="article"),
        entry("e3", en=["Cluster"], fr=["Groupe"], subject="cluster"),
        entry("e4", en=["no French"], es=["sin francés"]),
        entry("e5", fr=["pas d'anglais"]),
        entry("e6", en=["State party"], fr=["État partie"], forbidden={"es": ("x",)}),
        entry("e1", en=["State party"], fr=["État partie"], forbidden={"fr": ("État membre", "pays")})))
    text = omegat.glossary_text(workset(tmp_path, unit("u1", "One.", terms=[TermHint("a", "b", "e9")])), glossary)
    assert text.decode("utf-8").splitlines() == [
        "State party\tÉtat partie\tUNTOC glossary e1; not: État membre, pays",
        "States parties\tÉtat partie\tUNTOC glossary e1; not: État membre, pays",
        "State party\tÉtat partie\tUNTOC glossary e6"]
    assert text.endswith(b"\n")


def test_without_a_glossary_the_terms_of_the_units_are_the_glossary(tmp_path):
    units = (unit("u1", "One.", terms=[TermHint("State\nparty", "État  partie", "e1"), TermHint("a", "b", "e2")]),
             unit("u2", "Two.", terms=[TermHint("State\nparty", "État  partie", "e1")]))
    assert omegat.glossary_text(workset(tmp_path, *units)).decode("utf-8") == (
        "State party\tÉtat partie\tUNTOC glossary e1\na\tb\tUNTOC glossary e2\n")
    empty = SimpleNamespace(entries=(entry("e2", subject="article", en=["x"], fr=["y"]),))
    assert omegat.glossary_text(workset(tmp_path, *units), empty).decode("utf-8").startswith("State party\t")
    assert omegat.glossary_text(workset(tmp_path, unit("u1", "One."))) == b""


def test_a_folder_without_a_project_file_is_not_a_project(tmp_path):
    assert refusal(omegat.translated_file, tmp_path) == (
        Finding(str(tmp_path), 0, 0, "", "is a folder without omegat.project: give an XLIFF file, or an OmegaT project "
                "written by `publisher xliff export --for omegat`", "omegat.structure"), EXIT_UNREADABLE)
    (tmp_path / "omegat.project").mkdir()
    assert not omegat.is_project(tmp_path)


def test_a_project_needs_exactly_one_source_file_and_its_translation(tmp_path):
    (tmp_path / "omegat.project").write_text("<omegat/>")
    (tmp_path / "source").mkdir()
    (tmp_path / "target").mkdir()
    assert refusal(omegat.translated_file, tmp_path) == (Finding(
        str(tmp_path), 0, 0, "", "an OmegaT project written by publisher has one .xlf file in source/; this one has 0",
        "omegat.structure"), EXIT_UNREADABLE)
    (tmp_path / "source" / "a.xlf").write_text("")
    (tmp_path / "source" / "b.xlf").write_text("")
    assert refusal(omegat.translated_file, tmp_path)[0].message.endswith("this one has 2")
    (tmp_path / "source" / "b.xlf").unlink()
    missing = Finding(str(tmp_path), 0, 0, "", "target/a.xlf is missing: in OmegaT, Project > Create Translated "
                      "Documents (or omegat --mode=console-translate) writes it", "omegat.no-target")
    assert refusal(omegat.translated_file, tmp_path) == (missing, EXIT_UNREADABLE)
    (tmp_path / "elsewhere.xlf").write_text("")
    (tmp_path / "target" / "a.xlf").symlink_to(tmp_path / "elsewhere.xlf")
    assert refusal(omegat.translated_file, tmp_path)[0] == missing
    (tmp_path / "target" / "a.xlf").unlink()
    (tmp_path / "target" / "a.xlf").write_text("")
    assert omegat.translated_file(str(tmp_path)) == tmp_path / "target" / "a.xlf"
