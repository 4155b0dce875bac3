"""TMX and TBX files and the safe XML parser under them, pinned (publisher/interchange/tmx.py,
tbx.py, xmlsafe.py): every refusal in full (file, line, field, message, rule, exit status), which
rows a TMX unit gives (languages, source language from the unit, the header or the first variant,
empty segments, origins, TMX 1.1's ``lang``), what a TMX header says, what a TBX file holds and
how its terms, notes and languages read back."""
from __future__ import annotations

import pytest
from lxml import etree

from publisher import __version__
from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.findings import Finding
from publisher.interchange import tbx, xmlsafe
from publisher.interchange.tmx import primary_language, read_tmx, segment_text, write_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def written(tmp_path, text: str, name: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def refused(call, *arguments) -> tuple[Finding, int]:
    with pytest.raises(PublisherError) as raised:
        call(*arguments)
    [finding] = raised.value.findings
    return finding, raised.value.exit_code


def tmx(body: str, header: str = '<header srclang="en-US"/>') -> str:
    return f'<?xml version="1.0"?>\n<tmx version="1.4">\n{header}\n<body>\n{body}\n</body>\n</tmx>\n'


def rows(tmp_path, body: str, header: str = '<header srclang="en-US"/>') -> list:
    return list(read_tmx(written(tmp_path, tmx(body, header), "m.tmx")))


# -- TMX read --------------------------------------------------------------------------------------

def test_a_unit_gives_a_row_from_the_header_language_to_each_other_with_its_origin(tmp_path):
    body = ('<tu><prop type="x-note">no</prop><prop type="x-origin">post-edited</prop>'
            '<tuv xml:lang="fr-FR"><seg>Un.</seg></tuv><tuv xml:lang="EN"><seg>One.</seg></tuv>'
            '<tuv xml:lang="es"><seg> </seg></tuv><tuv xml:lang="ru"><seg>Один.</seg></tuv></tu>')
    assert rows(tmp_path, body) == [("en", "fr", "One.", "Un.", "post-edited"), ("en", "ru", "One.", "Один.", "post-edited")]


def test_only_a_prop_gives_the_origin(tmp_path):
    body = ('<tu><note type="x-origin">a note</note><tuv xml:lang="en"><seg>One.</seg></tuv>'
            '<tuv xml:lang="fr"><seg>Un.</seg></tuv></tu>')
    assert rows(tmp_path, body) == [("en", "fr", "One.", "Un.", "")]


def test_units_are_counted_without_comments_between_them(tmp_path):
    name = written(tmp_path, tmx('<!-- first -->\n<tu>\n<tuv><seg>B</seg></tuv></tu>'), "m.tmx")
    assert refused(lambda: list(read_tmx(name)))[0].field == "tu[1].tuv"


def test_a_unit_without_origin_gives_an_empty_one_and_an_empty_prop_too(tmp_path):
    body = ('<tu><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="fr"><seg>Un.</seg></tuv></tu>'
            '<tu><prop type="x-origin"/><tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="fr"><seg>Deux.</seg></tuv></tu>')
    assert rows(tmp_path, body) == [("en", "fr", "One.", "Un.", ""), ("en", "fr", "Two.", "Deux.", "")]


def test_tmx_1_1s_lang_attribute_names_a_variants_language(tmp_path):
    body = '<tu><tuv lang="EN-GB"><seg>One.</seg></tuv><tuv lang="fr"><seg>Un.</seg></tuv></tu>'
    assert rows(tmp_path, body) == [("en", "fr", "One.", "Un.", "")]


def test_the_source_language_is_the_units_else_the_headers_else_its_first_variants(tmp_path):
    body = ('<tu srclang="fr"><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="fr"><seg>Un.</seg></tuv></tu>'
            '<tu srclang="*ALL*"><tuv xml:lang="es"><seg>Uno.</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv></tu>')
    assert rows(tmp_path, body) == [("fr", "en", "Un.", "One.", ""), ("en", "es", "One.", "Uno.", "")]
    assert rows(tmp_path, body, '<header srclang="*All*"/>') == [("fr", "en", "Un.", "One.", ""),
                                                                ("es", "en", "Uno.", "One.", "")]


def test_a_unit_whose_source_is_empty_or_blank_or_that_has_no_variant_gives_nothing(tmp_path):
    body = ('<tu><tuv xml:lang="en"><seg> \n</seg></tuv><tuv xml:lang="fr"><seg>Un.</seg></tuv></tu><tu/>'
            '<tu><tuv xml:lang="fr"><seg>Un.</seg></tuv></tu>')
    assert rows(tmp_path, body) == []


def test_codes_comments_and_sub_flows_are_dropped_their_tails_and_highlights_kept():
    segment = etree.fromstring('<seg>a<bpt i="1">{b}</bpt>b<ept i="1">{/b}</ept>c<!-- x -->d<hi>e<ph>{p}</ph>f</hi>'
                               '<it>{i}</it>g<ut>{u}</ut>h<sub>note</sub>i</seg>')
    assert segment_text(segment) == "abcdefghi"


@pytest.mark.parametrize("code, primary", [("en", "en"), ("EN-us", "en"), ("zh-Hans-CN", "zh"), ("fil", "fil"),
                                           (" fr_FR ", "fr"), ("es-419", "es")])
def test_a_language_is_its_primary_subtag_in_lower_case(code, primary):
    assert primary_language(code) == primary


def test_a_language_code_checked_alone_is_refused_without_a_place():
    assert refused(primary_language, "x") == (Finding("", 0, 0, "", "'x' is not a language code", "tmx.language"),
                                              EXIT_UNREADABLE)


@pytest.mark.parametrize("code", ["e", "engl", "en-", "1a", "", "en US"])
def test_what_is_not_a_language_code_is_refused_naming_the_field(code):
    finding, status = refused(primary_language, code, "m.tmx", None, "header.srclang")
    assert finding == Finding("m.tmx", 0, 0, "header.srclang", f"'{code}' is not a language code", "tmx.language")
    assert status == EXIT_UNREADABLE


def test_a_root_that_is_not_tmx_is_refused(tmp_path):
    name = written(tmp_path, '<?xml version="1.0"?>\n\n<xliff/>', "m.tmx")
    assert refused(lambda: list(read_tmx(name))) == (
        Finding(name, 3, 0, "", "the root element is <xliff>, not <tmx>", "tmx.structure"), EXIT_UNREADABLE)


@pytest.mark.parametrize("text", ['<tmx>\n<header srclang="en"/></tmx>', '<tmx>\n<body/></tmx>'])
def test_a_tmx_without_header_or_body_is_refused(tmp_path, text):
    name = written(tmp_path, text, "m.tmx")
    assert refused(lambda: list(read_tmx(name)))[0] == Finding(name, 1, 0, "", "a TMX file needs a <header> and a "
                                                               "<body>", "tmx.structure")


@pytest.mark.parametrize("header", ['<header/>', '<header srclang=""/>'])
def test_a_header_without_source_language_is_refused_at_its_line(tmp_path, header):
    name = written(tmp_path, tmx("", header), "m.tmx")
    assert refused(lambda: list(read_tmx(name)))[0] == Finding(name, 3, 0, "header", "the header has no srclang",
                                                               "tmx.structure")


def test_a_header_language_that_is_not_one_is_refused_at_its_line(tmp_path):
    name = written(tmp_path, tmx("", '<header srclang="english"/>'), "m.tmx")
    assert refused(lambda: list(read_tmx(name)))[0] == Finding(name, 3, 0, "header.srclang", "'english' is not a "
                                                               "language code", "tmx.language")


def test_a_variant_without_language_or_segment_is_refused_naming_its_unit(tmp_path):
    body = '<tu><tuv xml:lang="en"><seg>A</seg></tuv></tu>\n<tu>\n<tuv><seg>B</seg></tuv></tu>'
    name = written(tmp_path, tmx(body), "m.tmx")
    assert refused(lambda: list(read_tmx(name)))[0] == Finding(name, 7, 0, "tu[2].tuv", "a <tuv> without xml:lang",
                                                               "tmx.structure")
    name = written(tmp_path, tmx('<tu>\n<tuv xml:lang="en"/></tu>'), "n.tmx")
    assert refused(lambda: list(read_tmx(name)))[0] == Finding(name, 6, 0, "tu[1].tuv", "a <tuv> without <seg>",
                                                               "tmx.structure")
    name = written(tmp_path, tmx('<tu>\n<tuv xml:lang="x"><seg>A</seg></tuv></tu>'), "o.tmx")
    assert refused(lambda: list(read_tmx(name)))[0] == Finding(name, 6, 0, "tu[1].tuv", "'x' is not a language code",
                                                               "tmx.language")


def test_a_units_own_source_language_that_is_not_one_is_refused(tmp_path):
    name = written(tmp_path, tmx('\n<tu srclang="?"><tuv xml:lang="en"><seg>A</seg></tuv></tu>'), "m.tmx")
    assert refused(lambda: list(read_tmx(name)))[0] == Finding(name, 6, 0, "tu[1].srclang", "'?' is not a language "
                                                               "code", "tmx.language")


def test_malformed_tmx_is_refused_with_the_tmx_rule(tmp_path):
    name = written(tmp_path, "<tmx>\n<header>\n</tmx>", "m.tmx")
    finding, status = refused(read_tmx, name)
    assert (finding.file, finding.line, finding.code, status) == (name, 3, "tmx.xml-syntax", EXIT_UNREADABLE)


# -- TMX write -------------------------------------------------------------------------------------

def test_the_header_says_the_tool_the_segmentation_and_the_source_language(tmp_path):
    assert write_tmx(tmp_path / "m.tmx", [], "en") == 0
    root = etree.parse(str(tmp_path / "m.tmx")).getroot()
    assert (root.tag, root.get("version")) == ("tmx", "1.4")
    assert dict(root.find("header").attrib) == {
        "creationtool": "publisher", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "publisher translation memory", "adminlang": "en", "srclang": "en", "datatype": "plaintext"}
    assert len(root.find("body")) == 0


def test_the_tmx_file_has_an_xml_declaration_and_is_indented(tmp_path):
    write_tmx(tmp_path / "m.tmx", [("en", "fr", "One.", "Un.", "")], "en")
    lines = (tmp_path / "m.tmx").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "<?xml version='1.0' encoding='UTF-8'?>"
    assert lines[1] == '<tmx version="1.4">'
    assert lines[2].startswith("  <header ")
    assert lines[-1] == "</tmx>"


def test_a_row_says_its_own_source_language_only_when_it_is_not_the_headers(tmp_path):
    count = write_tmx(tmp_path / "m.tmx", [("en", "fr", "One.", "Un.", "mt"), ("fr", "en", "Deux.", "Two.", "")], "en")
    units = etree.parse(str(tmp_path / "m.tmx")).getroot().find("body")
    assert count == 2
    assert [u.get("srclang") for u in units] == [None, "fr"]
    assert [(p.get("type"), p.text) for p in units[0].iter("prop")] == [("x-origin", "mt")]
    assert list(units[1].iter("prop")) == []
    assert [(v.get(XML_LANG), v.findtext("seg")) for v in units[1].iter("tuv")] == [("fr", "Deux."), ("en", "Two.")]


@pytest.mark.parametrize("row", [("en", "fr", "One\x01.", "Un.", ""), ("en", "fr", "One.", "Un.", "m\x02t")])
def test_a_character_xml_cannot_hold_is_refused_naming_the_unit(tmp_path, row):
    rows_written = [("en", "fr", "A", "B", ""), row]
    finding, status = refused(write_tmx, tmp_path / "m.tmx", rows_written, "en")
    bad = next(text for text in row if any(ord(c) < 32 for c in text))
    assert finding == Finding(str(tmp_path / "m.tmx"), 0, 0, "tu[2]", f"{bad!r} has characters XML cannot hold",
                              "tmx.invalid-character")
    assert status == EXIT_UNREADABLE


# -- TBX -------------------------------------------------------------------------------------------

def martif(body: str, header: str = "") -> str:
    return f'<?xml version="1.0"?>\n<martif type="TBX-Basic">{header}<text><body>\n{body}\n</body></text></martif>\n'


def test_a_tbx_file_has_its_doctype_header_and_concept_information_before_languages(tmp_path):
    concept = tbx.Concept("c1", "term", "", "", {"en": (tbx.Term("party", tbx.PREFERRED),)})
    tbx.write(tmp_path / "g.tbx", tbx.Termbase("T", "Décrit", (concept,)))
    assert "Décrit".encode("utf-8") in (tmp_path / "g.tbx").read_bytes()
    text = (tmp_path / "g.tbx").read_text(encoding="utf-8")
    assert text.splitlines()[:4] == ["<?xml version='1.0' encoding='UTF-8'?>",
                                     '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
                                     '<martif type="TBX-Basic" xml:lang="en">', "  <martifHeader>"]
    root = etree.fromstring(text.encode("utf-8"))
    assert (root.get("type"), root.get(XML_LANG)) == ("TBX-Basic", "en")
    assert root.findtext("martifHeader/fileDesc/titleStmt/title") == "T"
    assert root.findtext("martifHeader/fileDesc/sourceDesc/p") == "Décrit"
    xcs = root.find("martifHeader/encodingDesc/p")
    assert (xcs.get("type"), xcs.text) == ("XCSURI", "TBXBasicXCSV02.xcs")
    [entry] = root.iterfind("text/body/termEntry")
    assert [child.tag for child in entry] == ["descrip", "langSet"]  # no empty source or note
    assert (entry.get("id"), entry[0].get("type"), entry[0].text) == ("c1", "subjectField", "term")
    group = entry.find("langSet/tig")
    assert [(e.tag, e.get("type"), e.text) for e in group] == [("term", None, "party"),
                                                               ("termNote", "administrativeStatus", tbx.PREFERRED)]


def test_tbx_reading_joins_notes_folds_white_space_and_drops_region_subtags(tmp_path):
    body = ('<termEntry id=" c1 "><descrip type="subjectField"> term </descrip><admin type="source">Con-\n vention'
            '</admin><note>one</note><note>two <hi>three</hi></note>'
            '<langSet xml:lang="fr_CA"><tig><term> État\n partie </term>'
            '<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig></langSet>'
            '<langSet xml:lang="FR-fr"><tig><term>Partie</term></tig></langSet>'
            '<langSet xml:lang="es"/></termEntry>')
    header = '<martifHeader><fileDesc><titleStmt><title> T </title></titleStmt></fileDesc></martifHeader>'
    termbase = tbx.read(written(tmp_path, martif(body, header), "g.tbx"))
    assert (termbase.title, termbase.description) == ("T", "")
    assert termbase.concepts == (tbx.Concept("c1", "term", "Con- vention", "one two three",
                                             {"fr": (tbx.Term("État partie", tbx.SUPERSEDED),
                                                     tbx.Term("Partie", tbx.ADMITTED))}),)


def test_an_empty_tbx_reads_as_an_empty_termbase(tmp_path):
    assert tbx.read(written(tmp_path, '<martif type="TBX-Basic"/>', "g.tbx")) == tbx.Termbase("", "", ())


@pytest.mark.parametrize("body, line, message, rule", [
    ('<termEntry id="a"/>\n<termEntry id="a"/>', 4, 'termEntry id "a" is used twice', "tbx.duplicate-id"),
    ('\n<termEntry id=" "/>', 4, "termEntry has no id", "tbx.missing-id"),
    ('<termEntry>\n</termEntry>', 3, "termEntry has no id", "tbx.missing-id"),
    ('<termEntry id="a">\n<langSet><tig><term>x</term></tig></langSet></termEntry>', 4,
     'langSet of termEntry "a" has no xml:lang', "tbx.missing-language"),
    ('<termEntry id="a"><langSet xml:lang="en">\n<ntig/></langSet></termEntry>', 4,
     "ntig is not TBX-Basic; write each term in a tig", "tbx.unsupported"),
    ('<termEntry id="a"><langSet xml:lang="en">\n<tig><term> </term></tig></langSet></termEntry>', 4,
     'a term of termEntry "a" is empty or missing', "tbx.empty-term"),
    ('<termEntry id="a"><langSet xml:lang="en"><tig><term>x</term>\n'
     '<termNote type="administrativeStatus">standardized</termNote></tig></langSet></termEntry>', 4,
     'administrativeStatus "standardized" is not one of preferredTerm-admn-sts, admittedTerm-admn-sts, '
     'deprecatedTerm-admn-sts, supersededTerm-admn-sts', "tbx.unknown-status"),
])
def test_each_malformed_entry_is_refused_in_full(tmp_path, body, line, message, rule):
    name = written(tmp_path, martif(body), "g.tbx")
    assert refused(tbx.read, name) == (Finding(name, line, 0, "", message, rule), EXIT_UNREADABLE)


def test_a_root_that_is_not_martif_is_refused_naming_it(tmp_path):
    name = written(tmp_path, '<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"/>', "g.tbx")
    assert refused(tbx.read, name) == (Finding(name, 2, 0, "", "not a TBX v2 file: the root element is <tbx>, not "
                                               "<martif>", "tbx.not-tbx"), EXIT_UNREADABLE)


# -- the XML parser -------------------------------------------------------------------------------

def test_broken_xml_is_refused_at_its_line_and_column_with_the_rule_asked(tmp_path):
    name = written(tmp_path, "<a>\n  <b>\n</a>", "x.xml")
    finding, status = refused(xmlsafe.parse, name, "akn")
    assert (finding.file, finding.line, finding.column, finding.field, finding.code, status) == \
        (name, 3, 4, "", "akn-syntax", EXIT_UNREADABLE)  # the column where libxml2 noticed
    assert finding.message.startswith("not well-formed XML: Opening and ending tag mismatch: b line 2 and a")


def test_the_default_rule_of_a_parse_is_input_xml(tmp_path):
    name = written(tmp_path, "<a>", "x.xml")
    assert refused(xmlsafe.parse, name)[0].code == "input.xml-syntax"
    assert refused(xmlsafe.parse_bytes, b"<a>", "x")[0].code == "input.xml-syntax"


def test_declared_entities_are_refused_at_the_start_of_the_file(tmp_path):
    name = written(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e "x">]>\n<a>&e;</a>', "x.xml")
    assert refused(xmlsafe.parse, name, "tbx") == (
        Finding(name, 1, 1, "", "declares XML entities; entities are not accepted", "tbx-entities"), EXIT_UNREADABLE)


def test_declared_entities_in_utf_16_are_refused_even_when_the_xml_is_broken():
    for mark, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        data = mark + '<!DOCTYPE a [<!ENTITY e "x">]>\n<a>&e;'.encode(codec)
        assert refused(xmlsafe.parse_bytes, data, "x", "r")[0] == Finding(
            "x", 1, 1, "", "declares XML entities; entities are not accepted", "r-entities")


def test_bytes_that_are_not_utf_8_are_a_syntax_error_not_a_crash():
    finding, status = refused(xmlsafe.parse_bytes, b'<?xml version="1.0" encoding="UTF-8"?>\n<a>\xff\xfe</a>', "x", "r")
    assert (finding.file, finding.line, finding.code, status) == ("x", 2, "r-syntax", EXIT_UNREADABLE)


def test_a_document_type_without_entities_is_read():
    tree = xmlsafe.parse_bytes(b'<!DOCTYPE a [<!ELEMENT a ANY>]>\n<a>text</a>', "x")
    assert tree.getroot().text == "text"


def test_an_undeclared_entity_is_refused_at_its_line_naming_it():
    data = b'<!DOCTYPE a SYSTEM "a.dtd">\n<a>\n&leak;</a>'
    assert refused(xmlsafe.parse_bytes, data, "x", "r") == (
        Finding("x", 3, 0, "", "refers to the entity &leak;, which is not declared in the file; entities are not "
                "accepted", "r-entities"), EXIT_UNREADABLE)


def test_processing_instructions_are_dropped_and_character_references_read():
    tree = xmlsafe.parse_bytes(b'<a>x<?php echo 1 ?>y&#233;</a>', "x")
    assert (tree.getroot().text, len(tree.getroot())) == ("xy\u00e9", 0)


def test_an_xml_file_is_read_up_to_256_mib():
    assert xmlsafe.MAX_XML_BYTES == 256 * 1024 * 1024


def test_a_tree_deeper_than_lxmls_safe_limit_is_refused():
    depth = 300  # libxml2 refuses more than 256 levels unless huge_tree is on
    data = ("<a>" * depth + "</a>" * depth).encode()
    finding, _ = refused(xmlsafe.parse_bytes, data, "deep.xml")
    assert (finding.code, finding.line) == ("input.xml-syntax", 1)


def test_an_xml_file_over_its_limit_is_refused_as_an_xml_file(tmp_path):
    name = written(tmp_path, "<a>" + "x" * (1024 * 1024) + "</a>", "big.xml")
    assert refused(xmlsafe.parse, name, "r", 1024 * 1024) == (
        Finding(name, 0, 0, "", "is larger than 1 MB, the most an XML file may have", "input.too-large"),
        EXIT_UNREADABLE)


def test_an_empty_xml_file_is_refused_at_its_first_line_without_a_column(tmp_path):
    name = written(tmp_path, "", "empty.xml")
    finding, status = refused(xmlsafe.parse, name)
    assert (finding.file, finding.line, finding.column, finding.code, status) == \
        (name, 1, 0, "input.xml-syntax", EXIT_UNREADABLE)
    assert finding.message.startswith("not well-formed XML: Document is empty")
