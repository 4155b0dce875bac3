"""TBX-Basic (TBX v2, martif) glossaries: what we write reads back the same, other tools read it,
files from other tools read, and hostile or malformed files are refused with a finding."""
from __future__ import annotations

import pytest
from translate.storage.tbx import tbxfile

from publisher.errors import PublisherError
from publisher.interchange import tbx, xmlsafe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TERMBASE = tbx.Termbase(
    title="Test glossary",
    description="written by the tests",
    concepts=(
        tbx.Concept(
            id="term.state-party",
            subject="term",
            source="Convention, passim",
            note="A State party is not a Member State.",
            terms={
                "en": (tbx.Term("State party", tbx.PREFERRED), tbx.Term("States parties", tbx.ADMITTED)),
                "fr": (tbx.Term("État partie", tbx.PREFERRED), tbx.Term("État membre", tbx.DEPRECATED)),
                "ar": (tbx.Term("الدولة الطرف", tbx.PREFERRED),),
                "zh": (tbx.Term("缔约国", tbx.PREFERRED), tbx.Term("成员国", tbx.DEPRECATED)),
            },
        ),
        tbx.Concept(id="country.mongolia", subject="country", source="UNTERM", note="",
                    terms={"en": (tbx.Term("Mongolia", tbx.PREFERRED),),
                           "fr": (tbx.Term("Mongolie", tbx.PREFERRED), tbx.Term("la Mongolie", tbx.ADMITTED))}),
    ),
)


def write_text(tmp_path, text: str, name: str = "glossary.tbx"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def minimal(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<martif type="TBX-Basic"><text><body>{body}</body></text></martif>\n')


def codes_of(raised) -> list[str]:
    return [f.code for f in raised.value.findings]


# -- what we write ----------------------------------------------------------------------------------
def test_a_termbase_reads_back_equal(tmp_path):
    tbx.write(tmp_path / "g.tbx", TERMBASE)
    assert tbx.read(tmp_path / "g.tbx") == TERMBASE


def test_the_same_termbase_gives_the_same_bytes(tmp_path):
    tbx.write(tmp_path / "a.tbx", TERMBASE)
    tbx.write(tmp_path / "b.tbx", TERMBASE)
    assert (tmp_path / "a.tbx").read_bytes() == (tmp_path / "b.tbx").read_bytes()


def test_the_file_has_the_tbx_basic_structure(tmp_path):
    tbx.write(tmp_path / "g.tbx", TERMBASE)
    root = xmlsafe.parse(tmp_path / "g.tbx").getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    assert root.findtext("martifHeader/fileDesc/titleStmt/title") == "Test glossary"
    assert root.findtext("martifHeader/encodingDesc/p[@type='XCSURI']") == "TBXBasicXCSV02.xcs"
    entry = root.find("text/body/termEntry[@id='term.state-party']")
    # concept-level information before the language sections, as the TBX core structure requires
    assert [child.tag for child in entry] == ["descrip", "admin", "note", "langSet", "langSet", "langSet", "langSet"]
    assert entry.findtext("descrip[@type='subjectField']") == "term"
    assert entry.findtext("admin[@type='source']") == "Convention, passim"
    french = next(s for s in entry.iterfind("langSet") if s.get(XML_LANG) == "fr")
    statuses = {tig.findtext("term"): tig.findtext("termNote[@type='administrativeStatus']")
                for tig in french.iterfind("tig")}
    assert statuses == {"État partie": "preferredTerm-admn-sts", "État membre": "deprecatedTerm-admn-sts"}


def test_translate_toolkit_reads_our_tbx(tmp_path):
    tbx.write(tmp_path / "g.tbx", TERMBASE)
    with open(tmp_path / "g.tbx", "rb") as handle:
        store = tbxfile(handle, sourcelanguage="en", targetlanguage="fr")
    units = {unit.getid(): unit for unit in store.units}
    assert set(units) == {"term.state-party", "country.mongolia"}
    state_party = units["term.state-party"]
    assert state_party.source == "State party" and state_party.target == "État partie"
    french = {term.text: term.deprecated for term in state_party.get_target_terms("fr")}
    assert french == {"État partie": False, "État membre": True}
    assert [t.text for t in state_party.get_target_terms("zh")] == ["缔约国", "成员国"]


def test_a_tbx_written_by_translate_toolkit_reads(tmp_path):
    store = tbxfile(sourcelanguage="en", targetlanguage="fr")
    unit = store.addsourceunit("controlled delivery")
    unit.target = "livraison surveillée"
    unit.setid("term.controlled-delivery")
    (tmp_path / "toolkit.tbx").write_bytes(bytes(store))
    [concept] = tbx.read(tmp_path / "toolkit.tbx").concepts
    assert concept.terms["en"][0].text == "controlled delivery"
    assert concept.terms["fr"][0].text == "livraison surveillée"


# -- what we read -----------------------------------------------------------------------------------
def test_a_term_without_status_is_admitted_and_region_subtags_are_dropped(tmp_path):
    path = write_text(tmp_path, minimal(
        '<termEntry id="x"><langSet xml:lang="fr-FR"><tig><term>gel</term></tig></langSet></termEntry>'))
    [concept] = tbx.read(path).concepts
    assert concept.terms == {"fr": (tbx.Term("gel", tbx.ADMITTED),)}


def test_a_file_declaring_entities_is_refused(tmp_path):
    path = write_text(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY term "groupe">]>\n'
                                '<martif type="TBX-Basic"><text><body><termEntry id="x"><langSet xml:lang="fr">'
                                '<tig><term>&term;</term></tig></langSet></termEntry></body></text></martif>\n')
    with pytest.raises(PublisherError) as raised:
        tbx.read(path)
    assert codes_of(raised) == ["tbx-entities"]


def test_an_external_entity_is_refused(tmp_path):
    path = write_text(tmp_path, '<?xml version="1.0"?>\n'
                                '<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
                                '<martif type="TBX-Basic"><text><body/></text></martif>\n')
    with pytest.raises(PublisherError) as raised:
        tbx.read(path)
    assert codes_of(raised) == ["tbx-entities"]


@pytest.mark.parametrize("body, code, line", [
    ('<termEntry id="x"><langSet xml:lang="fr"><tig><term>gel</term>\n'
     '<termNote type="administrativeStatus">preferred</termNote></tig></langSet></termEntry>',
     "tbx.unknown-status", 3),
    ('<termEntry>\n<langSet xml:lang="fr"><tig><term>gel</term></tig></langSet></termEntry>', "tbx.missing-id", 2),
    ('<termEntry id="x">\n<langSet><tig><term>gel</term></tig></langSet></termEntry>', "tbx.missing-language", 3),
    ('<termEntry id="x"><langSet xml:lang="fr">\n<tig><term> </term></tig></langSet></termEntry>', "tbx.empty-term", 3),
    ('<termEntry id="x"><langSet xml:lang="fr">\n<ntig><termGrp><term>gel</term></termGrp></ntig></langSet>'
     '</termEntry>', "tbx.unsupported", 3),
    ('<termEntry id="x"><langSet xml:lang="fr"><tig><term>a</term></tig></langSet></termEntry>\n'
     '<termEntry id="x"><langSet xml:lang="fr"><tig><term>b</term></tig></langSet></termEntry>', "tbx.duplicate-id", 3),
])
def test_malformed_entries_are_refused_with_their_line(tmp_path, body, code, line):
    path = write_text(tmp_path, minimal(body))
    with pytest.raises(PublisherError) as raised:
        tbx.read(path)
    [finding] = raised.value.findings
    assert (finding.code, finding.line, finding.file) == (code, line, str(path))


def test_a_file_that_is_not_tbx_is_refused(tmp_path):
    path = write_text(tmp_path, '<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n')
    with pytest.raises(PublisherError) as raised:
        tbx.read(path)
    assert codes_of(raised) == ["tbx.not-tbx"]


def test_broken_xml_is_refused_with_its_line(tmp_path):
    path = write_text(tmp_path, minimal('<termEntry id="x">\n<langSet xml:lang="fr"></termEntry>'))
    with pytest.raises(PublisherError) as raised:
        tbx.read(path)
    assert codes_of(raised) == ["tbx-syntax"] and raised.value.findings[0].line == 3


def test_the_glossary_exported_by_the_command_line_reads_in_translate_toolkit(tmp_path):
    from publisher.cli import main

    assert main(["glossary", "export", "-o", str(tmp_path / "glossary.tbx")]) == 0
    with open(tmp_path / "glossary.tbx", "rb") as handle:
        store = tbxfile(handle, sourcelanguage="en", targetlanguage="fr")
    units = {unit.getid(): unit for unit in store.units}
    assert len(units) == 323
    group = units["term.organized-criminal-group"]
    assert (group.source, group.target) == ("organized criminal group", "groupe criminel organisé")
