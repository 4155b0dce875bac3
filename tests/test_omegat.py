"""An OmegaT project for post-editing: `publisher xliff export --for omegat` writes one that Debian's
OmegaT 3.6 opens with the English to translate, our drafts as matches and our glossary; what
OmegaT writes into target/ comes back through every check of the XLIFF import. The round trip
runs OmegaT itself (console mode, headless) when /usr/bin/omegat is installed."""
from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from publisher.errors import PublisherError
from publisher.interchange.omegat import omegat_source, omegat_target, omegat_text, project_file, write_omegat_project
from publisher.interchange.xliff import XLIFF1_NAMESPACE, _code12, _fill
from publisher.interchange.xliff_read import read_xliff
from publisher.postedit import open_workset, parts
from publisher.postedit.commands import add_xliff_parser
from publisher.postedit.omegat_import import import_omegat
from publisher.translate.memory import TranslationMemory
from .conftest import field_texts

OMEGAT = Path("/usr/bin/omegat")
X1 = f"{{{XLIFF1_NAMESPACE}}}"
SPANISH = "ghana-international-cooperation.es.yaml"
FIRST = "observations.successes_and_good_practices.0.s1"  # "... Act of 2019,[^icca] which allows ..."
PLAIN = "observations.challenges.1.subparagraphs.0.s1"  # "the absence of a legal basis for ..."


@pytest.fixture
def workset(draft, glossary):
    return open_workset(draft, "es", glossary=glossary)


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as opened:
        yield opened


@pytest.fixture
def project(workset, draft, glossary) -> Path:
    """An OmegaT project beside the draft (so that the names in it lead to the outcome)."""
    return write_omegat_project(workset, draft.parent / "ghana.es.omegat", glossary)


def project_save(units: dict[str, str], language: str = "es") -> str:
    """omegat/project_save.tmx as OmegaT 3.6 writes it (a project saved in its window: see
    docs/post-editing.md), with a translation for each OmegaT source text."""
    tus = "".join(f"""    <tu>
      <tuv lang="en">
        <seg>{escape(source)}</seg>
      </tuv>
      <tuv lang="{language}" changeid="translator" changedate="20261206T060302Z" creationid="translator" \
creationdate="20261206T060302Z">
        <seg>{escape(target)}</seg>
      </tuv>
    </tu>
""" for source, target in units.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" \
creationtoolversion="3.6.0_10_unknown" segtype="paragraph" srclang="en"/>
  <body>
<!-- Default translations -->
{tus}<!-- Alternative translations -->
  </body>
</tmx>
"""


def source_units(project: Path):
    return list(etree.parse(str(next((project / "source").glob("*.xlf")))).iter(f"{X1}trans-unit"))


# -- the project ---------------------------------------------------------------------------------

def test_the_project_has_omegats_folders_and_settings(project):
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        "glossary/ghana-international-cooperation.es.txt", "omegat.project",
        "source/ghana-international-cooperation.es.xlf", "tm/penalty-30/ghana-international-cooperation.es.tmx"]
    for folder in ("target", "tm/auto", "dictionary", "omegat"):
        assert (project / folder).is_dir()
    settings = etree.parse(str(project / "omegat.project")).find("project")
    assert settings.findtext("source_lang") == "en" and settings.findtext("target_lang") == "es"
    assert settings.findtext("sentence_seg") == "false"
    assert settings.findtext("target_tok") == "org.omegat.tokenizer.LuceneSpanishTokenizer"


def test_each_target_to_translate_is_the_english_source_with_its_codes(project, workset):
    units = source_units(project)
    assert [u.get("id") for u in units] == [u.id for u in workset.units]
    for unit in units:
        source, target = unit.find(f"{X1}source"), unit.find(f"{X1}target")
        assert "".join(target.itertext()) == "".join(source.itertext())
        assert [(c.tag, dict(c.attrib)) for c in target] == [(c.tag, dict(c.attrib)) for c in source]
        assert target.get("state") == "needs-translation"


def test_drafts_are_offered_as_matches_with_omegats_tags(project, workset):
    memory = etree.parse(str(project / "tm/penalty-30/ghana-international-cooperation.es.tmx"))
    pairs = {tu[0].findtext("seg"): tu[1].findtext("seg") for tu in memory.iter("tu")}
    first = workset.unit(FIRST)
    assert omegat_text(parts(first.source)) == (
        "Ghana has established a unified framework for international cooperation in criminal matters through "
        "the International Cooperation in Criminal Matters Act of <x0/>,<x1/> which allows extradition and "
        "mutual legal assistance to be granted on the basis of a treaty, of the Convention itself or of "
        "reciprocity.")
    assert pairs[omegat_text(parts(first.source))].count("<x0/>,<x1/>") == 1
    assert len(pairs) == len({u.source for u in workset.units if u.target})
    assert not list((project / "tm/auto").iterdir())  # a machine draft is never inserted unasked


def test_italics_are_a_numbered_pair_and_codes_keep_their_order():
    assert omegat_text(parts("In 2019 the *Act 5* applies[^a].")) == "In <x0/> the <g1>Act <x2/></g1> applies<x3/>."
    assert omegat_source("In 2019 the *Act 5* applies[^a].") == ("In <x0/> the <g1>Act <x2/></g1> applies<x3/>.",
                                                                 {"1": 0, "2": 1, "3": 2, "4": 3})


# Texts and their OmegaT segments as OmegaT 3.6 made them (test_omegat_segments_our_texts_as_we_say):
# codes at the ends and a pair around everything stay out of the segment, the others are renumbered.
SEGMENTS = {"[^a]Text a[^b]": "Text a", "*Text b*": "Text b", "*Te*xt c 2019": "<g0>Te</g0>xt c",
            "Text d *end*": "Text d <g0>end</g0>", "2019 *a* e": "<g0>a</g0> e", "Text f. [^a]": "Text f.",
            "*Text 2019 g*[^a]": "Text <x0/> g", "*A* h *B*": "<g0>A</g0> h <g1>B</g1>",
            "Text i[^a],[^b]": "Text i<x0/>,"}


def test_codes_at_the_ends_of_a_text_stay_out_of_its_omegat_segment():
    assert {text: omegat_source(text)[0] for text in SEGMENTS} == SEGMENTS


def test_a_draft_leaves_out_the_codes_its_segment_leaves_out():
    source = "The Act of 2019.[^x]"
    segment, numbers = omegat_source(source)
    assert (segment, numbers) == ("The Act of <x0/>.", {"1": 0})
    assert omegat_target("La loi de 2019.[^x]", tuple(c for c in parts(source) if not isinstance(c, str)),
                         numbers) == "La loi de <x0/>."


def test_reviewed_units_and_exact_memory_matches_are_inserted_by_omegat(workset, tmp_path, glossary):
    from dataclasses import replace

    units = tuple(replace(u, state="reviewed") if u.id == PLAIN else u for u in workset.units)
    project = write_omegat_project(replace(workset, units=units), tmp_path / "p", glossary)
    auto = etree.parse(str(project / "tm/auto/ghana-international-cooperation.es.tmx"))
    assert [tu[0].findtext("seg") for tu in auto.iter("tu")] == [workset.unit(PLAIN).source]


def test_the_glossary_is_omegats_tab_separated_text(project):
    lines = (project / "glossary/ghana-international-cooperation.es.txt").read_text(encoding="utf-8").splitlines()
    assert "mutual legal assistance\tasistencia judicial recíproca\tUNTOC glossary term.mutual-legal-assistance; " \
           "not: asistencia legal mutua, asistencia jurídica mutua" in lines
    assert all(line.count("\t") == 2 for line in lines)
    assert not any("glossary article." in line for line in lines)


def test_an_existing_folder_is_not_overwritten(workset, project, glossary):
    with pytest.raises(PublisherError) as error:
        write_omegat_project(workset, project, glossary)
    assert error.value.findings[0].code == "omegat.exists"


# -- back from OmegaT, without OmegaT: target/ as OmegaT writes it ------------------------------

def omegat_output(project: Path, translations: dict[str, str]) -> Path:
    """target/ as OmegaT writes it: each unit's target its translation, else its source (with the
    source's codes); ``translations`` maps a unit id to target XML content."""
    tree = etree.parse(str(next((project / "source").glob("*.xlf"))))
    for unit in tree.iter(f"{X1}trans-unit"):
        if unit.get("id") in translations:
            target = unit.find(f"{X1}target")
            new = etree.fromstring(f'<target xmlns="{XLIFF1_NAMESPACE}">{translations[unit.get("id")]}</target>')
            for name, value in target.attrib.items():
                new.set(name, value)
            new.tail = target.tail
            unit.replace(target, new)
    path = project / "target" / next((project / "source").glob("*.xlf")).name
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def test_untranslated_segments_come_back_as_their_source_and_change_nothing(project, draft, glossary, memory):
    omegat_output(project, {})
    before = (draft.parent / SPANISH).read_bytes()
    report = import_omegat(project, glossary=glossary, memory=memory)
    assert report.applied == () and report.rejected == () and not report.written
    assert (draft.parent / SPANISH).read_bytes() == before


def test_a_translation_with_moved_tags_is_applied_with_our_codes(project, draft, glossary, memory):
    omegat_output(project, {FIRST: 'Ghana dispone desde <x id="1"/> de un marco unificado de cooperación '
                                   'internacional en asuntos penales,<x id="2"/> que permite la extradición y la '
                                   'asistencia judicial recíproca.'})
    report = import_omegat(project, glossary=glossary, memory=memory)
    assert report.applied == (FIRST,) and report.written
    assert open_workset(draft, "es", glossary=glossary).unit(FIRST).target.startswith(
        "Ghana dispone desde 2019 de un marco unificado de cooperación internacional en asuntos penales,[^icca] ")


def test_a_translation_that_lost_a_tag_is_refused_with_its_unit(project, draft, glossary, memory):
    omegat_output(project, {FIRST: "Ghana dispone desde <x id=\"1\"/> de un marco unificado de cooperación "
                                   "internacional, que permite la extradición y la asistencia judicial recíproca."})
    report = import_omegat(project, glossary=glossary, memory=memory)
    assert report.rejected == (FIRST,) and report.applied == ()
    assert [i.code for i in report.issues if i.unit == FIRST] == ["postedit.inline-code"]


def test_a_project_without_translated_documents_is_refused(project, glossary):
    with pytest.raises(PublisherError) as error:
        import_omegat(project, glossary=glossary)
    assert error.value.findings[0].code == "omegat.no-target"


def test_a_folder_that_is_not_an_omegat_project_is_refused(tmp_path, glossary):
    with pytest.raises(PublisherError) as error:
        import_omegat(tmp_path, glossary=glossary)
    assert error.value.findings[0].code == "omegat.structure"


def test_a_project_naming_a_file_outside_its_folder_is_refused(project, glossary):
    path = omegat_output(project, {})
    path.write_text(path.read_text(encoding="utf-8").replace('source="ghana-international-cooperation.yaml"',
                                                             'source="../../ghana-international-cooperation.yaml"'),
                    encoding="utf-8")
    with pytest.raises(PublisherError) as error:
        import_omegat(project, glossary=glossary)
    assert error.value.findings[0].code == "xliff.outcome-path"


def test_the_command_writes_a_project_and_imports_a_folder(draft, tmp_path, capsys, monkeypatch):
    from publisher.postedit.commands import run_xliff

    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    parser = argparse.ArgumentParser()
    add_xliff_parser(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(["xliff", "export", str(draft), "--to", "es", "--for", "omegat"])
    assert run_xliff(arguments) == 0
    project = draft.parent / "ghana-international-cooperation.es.omegat"
    assert (project / "omegat.project").is_file()
    omegat_output(project, {PLAIN: "la falta de una base jurídica para la remisión de actuaciones penales;"})
    assert run_xliff(parser.parse_args(["xliff", "import", str(project)])) == 0
    assert "1 unit(s) applied" in capsys.readouterr().err
    assert field_texts(draft.parent / SPANISH)["observations.challenges[1].subparagraphs[0]"] == (
        "la falta de una base jurídica para la remisión de actuaciones penales;")


# -- OmegaT itself -------------------------------------------------------------------------------

@pytest.mark.skipif(not OMEGAT.exists(), reason="Debian's OmegaT is not installed (make test installs it)")
def test_omegat_translates_the_project_and_exactly_its_translations_come_back(
        project, workset, draft, tmp_path, glossary, memory):
    first, plain = workset.unit(FIRST), workset.unit(PLAIN)
    (project / "omegat" / "project_save.tmx").write_text(project_save({
        omegat_text(parts(first.source)): "Ghana dispone desde <x0/> de un marco unificado de cooperación "
                                          "internacional en asuntos penales,<x1/> que permite la extradición y la "
                                          "asistencia judicial recíproca.",
        omegat_text(parts(plain.source)): "la falta de una base jurídica para la remisión de actuaciones penales;",
    }), encoding="utf-8")
    before = field_texts(draft.parent / SPANISH)
    run_omegat(project, tmp_path / "config", "--mode=console-translate")
    translated = read_xliff(project / "target" / "ghana-international-cooperation.es.xlf")
    assert len(translated.units) == len(workset.units)

    report = import_omegat(project, glossary=glossary, memory=memory)

    assert report.applied == (FIRST, PLAIN) and report.rejected == () and report.written
    assert report.unchanged == len(workset.units) - 2
    after = field_texts(draft.parent / SPANISH)
    assert after["observations.successes_and_good_practices[0]"].startswith(
        "Ghana dispone desde 2019 de un marco unificado de cooperación internacional en asuntos penales,[^icca] "
        "que permite")
    assert after["observations.challenges[1].subparagraphs[0]"] == (
        "la falta de una base jurídica para la remisión de actuaciones penales;")
    assert {k: v for k, v in after.items() if v != before[k]}.keys() == {
        "observations.successes_and_good_practices[0]", "observations.challenges[1].subparagraphs[0]"}
    reopened = open_workset(draft, "es", glossary=glossary)
    assert [u.id for u in reopened.units if u.target != workset.unit(u.id).target] == [FIRST, PLAIN]


def run_omegat(project: Path, config: Path, *options: str) -> None:
    config.mkdir(exist_ok=True)
    run = subprocess.run([str(OMEGAT), *options, f"--config-dir={config}", str(project)],
                         capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert run.returncode == 0 and "Error" not in run.stdout, run.stdout + run.stderr


def omegat_segments(project: Path, config: Path) -> list[str]:
    """The source of each segment OmegaT makes of the project, from its pseudo-translation TMX."""
    memory = config.parent / "pseudo.tmx"
    run_omegat(project, config, "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={memory}",
               "--pseudotranslatetype=equal")
    return [tu[0].findtext("seg") for tu in etree.parse(str(memory)).iter("tu")]


@pytest.mark.skipif(not OMEGAT.exists(), reason="Debian's OmegaT is not installed (make test installs it)")
def test_omegat_segments_our_texts_as_we_say(tmp_path):
    project = tmp_path / "p"
    for folder in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_bytes(project_file("en", "fr"))
    root = etree.Element(f"{X1}xliff", version="1.2", nsmap={None: XLIFF1_NAMESPACE})
    file = etree.SubElement(root, f"{X1}file", original="t", datatype="plaintext")
    file.set("source-language", "en")
    file.set("target-language", "fr")
    body = etree.SubElement(file, f"{X1}body")
    for number, text in enumerate(SEGMENTS):
        unit = etree.SubElement(body, f"{X1}trans-unit", id=f"u{number}")
        for element in ("source", "target"):
            _fill(etree.SubElement(unit, f"{X1}{element}"), parts(text), _code12)
    etree.ElementTree(root).write(str(project / "source" / "t.xlf"), xml_declaration=True, encoding="UTF-8")
    assert sorted(omegat_segments(project, tmp_path / "config")) == sorted(SEGMENTS.values())


@pytest.mark.skipif(not OMEGAT.exists(), reason="Debian's OmegaT is not installed (make test installs it)")
def test_every_draft_is_the_translation_of_a_segment_omegat_makes(project, workset, tmp_path):
    segments = omegat_segments(project, tmp_path / "config")
    assert len(segments) == len(workset.units)
    memory = etree.parse(str(project / "tm/penalty-30/ghana-international-cooperation.es.tmx"))
    assert {tu[0].findtext("seg") for tu in memory.iter("tu")} <= set(segments)


@pytest.mark.skipif(not OMEGAT.exists(), reason="Debian's OmegaT is not installed (make test installs it)")
def test_a_footnote_omegat_keeps_out_of_the_segment_comes_back_after_the_translation(tmp_path, glossary, memory):
    source = tmp_path / "chile-law-enforcement.yaml"
    shutil.copy(Path(__file__).resolve().parent.parent / "samples" / source.name, source)
    workset = open_workset(source, "fr", glossary=glossary)  # no translation yet: nothing is drafted
    unit = next(u for u in workset.units if u.source.endswith(".[^oci]"))
    project = write_omegat_project(workset, tmp_path / "chile.fr.omegat", glossary)
    segment, _ = omegat_source(unit.source)
    assert segment.endswith("Organized Crime Investigation Act of <x0/>.")
    translation = ("Le Chili dispose d'une base juridique unique pour les techniques d'enquête spéciales, les équipes "
                   "communes d'enquête et la coopération avec les services de détection et de répression dans la loi "
                   "de <x0/> sur les enquêtes relatives à la criminalité organisée.")
    (project / "omegat" / "project_save.tmx").write_text(project_save({segment: translation}, "fr"), encoding="utf-8")
    run_omegat(project, tmp_path / "config", "--mode=console-translate")

    report = import_omegat(project, glossary=glossary, memory=memory)

    assert report.applied == (unit.id,) and report.rejected == () and report.written
    assert open_workset(source, "fr", glossary=glossary).unit(unit.id).target == (
        translation.replace("<x0/>", "2022") + "[^oci]")
