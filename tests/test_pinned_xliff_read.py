"""What reading an XLIFF file back promises, pinned (publisher/interchange/xliff_read.py): every
refusal of a file in full (file, line, message, rule, exit status), every problem of a unit in
its words, how each inline element of XLIFF 2 and 1.2 reads as our markup, which languages,
names and fingerprints a file gives, and the size limit at its edge. Each test writes its own
small file: a CAT tool returns all sorts, and a problem said wrongly sends the translator looking
in the wrong place."""
from __future__ import annotations

import pytest

from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.findings import Finding
from publisher.interchange.inline import Code
from publisher.interchange.xliff import XLIFF1_NAMESPACE, XLIFF2_NAMESPACE
from publisher.interchange.xliff_read import MAX_XLIFF_BYTES, read_xliff

MDA = "urn:oasis:names:tc:xliff:metadata:2.0"


def xliff2(units: str, *, root: str = 'version="2.1" srcLang="en-US" trgLang="fr-CA"', file: str = 'id="f1"') -> str:
    return (f'<?xml version="1.0"?>\n<xliff xmlns="{XLIFF2_NAMESPACE}" xmlns:mda="{MDA}" {root}>\n'
            f'<file {file}>\n{units}\n</file>\n</xliff>\n')


def xliff12(units: str, *, root: str = 'version="1.2"', namespace: bool = True,
            file: str = 'source-language="en-GB" target-language="es_ES" original="a.yaml" datatype="plaintext"',
            header: str = "") -> str:
    xmlns = f' xmlns="{XLIFF1_NAMESPACE}"' if namespace else ""
    return (f'<?xml version="1.0"?>\n<xliff{xmlns} xmlns:pub="urn:x-publisher:xliff" {root}>\n'
            f'<file {file}>{header}<body>\n{units}\n</body></file>\n</xliff>\n')


def read(tmp_path, text: str, name: str = "back.xlf"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_xliff(path)


def refusal(tmp_path, text: str, name: str = "back.xlf") -> tuple[Finding, int]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        read_xliff(path)
    [finding] = raised.value.findings
    return finding, raised.value.exit_code


def only_unit(tmp_path, text: str):
    [unit] = read(tmp_path, text).units
    return unit


def unit2(source: str, target: str | None = None, state: str = "translated") -> str:
    target_element = f"<target>{target}</target>" if target is not None else ""
    return f'<unit id="u1"><segment state="{state}"><source>{source}</source>{target_element}</segment></unit>'


def unit12(source: str, target: str | None = None, attributes: str = "") -> str:
    target_element = f"<target{attributes}>{target}</target>" if target is not None else ""
    return f'<trans-unit id="t1"><source>{source}</source>{target_element}</trans-unit>'


# -- what a file says about itself --------------------------------------------------------------

def test_an_xliff_2_file_gives_its_version_languages_original_and_outcome_files(tmp_path):
    meta = ('<mda:metadata><mda:metaGroup category="other"><mda:meta type="source-file">no.yaml</mda:meta>'
            '</mda:metaGroup><mda:metaGroup category="publisher">'
            '<mda:meta type="source-file">x.yaml</mda:meta><mda:meta type="translation-file">x.fr.yaml</mda:meta>'
            '<mda:meta type="tool"/></mda:metaGroup></mda:metadata>')
    document = read(tmp_path, xliff2(meta + unit2("One.", "Un."), root='version="2.0" srcLang="en-US" trgLang="fr_CA"',
                                     file='id="f1" original="x%20y.yaml"'))
    assert (document.version, document.source_language, document.target_language) == ("2.0", "en", "fr")
    assert (document.original, document.source_file, document.translation_file) == ("x%20y.yaml", "x.yaml", "x.fr.yaml")


def test_an_xliff_2_file_without_target_language_or_publisher_metadata_gives_none(tmp_path):
    document = read(tmp_path, xliff2(unit2("One."), root='version="2.1" srcLang="EN"'))
    assert (document.source_language, document.target_language, document.original) == ("en", None, None)
    assert (document.source_file, document.translation_file) == (None, None)


def test_the_publisher_metadata_of_a_later_file_element_is_read(tmp_path):
    second = ('</file><file id="f2"><mda:metadata><mda:metaGroup category="publisher">'
              '<mda:meta type="source-file">x.yaml</mda:meta><mda:meta type="translation-file"/></mda:metaGroup>'
              '</mda:metadata><unit id="u2"><segment><source>Two.</source></segment></unit>')
    document = read(tmp_path, xliff2(unit2("One.") + second))
    assert (document.source_file, document.translation_file) == ("x.yaml", "")
    assert [u.id for u in document.units] == ["u1", "u2"]


def test_an_xliff_1_2_file_gives_its_languages_original_and_outcome_files(tmp_path):
    header = '<header><pub:outcome source="x.yaml" translation="x.es.yaml"/></header>'
    document = read(tmp_path, xliff12(unit12("One.", "Uno."), header=header))
    assert (document.version, document.source_language, document.target_language) == ("1.2", "en", "es")
    assert (document.original, document.source_file, document.translation_file) == ("a.yaml", "x.yaml", "x.es.yaml")


def test_an_xliff_1_2_file_without_namespace_version_header_or_target_language_reads(tmp_path):
    document = read(tmp_path, xliff12(unit12("One.", "Uno."), root="", namespace=False,
                                      file='source-language="fr"'))
    assert (document.version, document.source_language, document.target_language) == ("1.2", "fr", None)
    assert (document.original, document.source_file, document.translation_file) == (None, None, None)
    [unit] = document.units
    assert (unit.id, unit.source_text, unit.target_text, unit.state) == ("t1", "One.", "Uno.", "translated")


def test_an_xliff_1_2_header_without_our_outcome_names_no_files(tmp_path):
    document = read(tmp_path, xliff12(unit12("One."), header="<header/>"))
    assert (document.source_file, document.translation_file) == (None, None)


def test_units_of_every_file_element_are_read_in_order_and_found_by_id(tmp_path):
    text = xliff12(unit12("One.") + '</body></file><file source-language="de"><body>'
                   + unit12("Two.").replace("t1", "t2"))
    document = read(tmp_path, text)
    assert [u.id for u in document.units] == ["t1", "t2"]
    assert document.source_language == "en"  # the first file's
    assert document.unit("t2").source_text == "Two."
    assert document.unit("t3") is None


def test_only_file_elements_are_files_whatever_else_the_root_holds(tmp_path):
    extra = '<x:extra xmlns:x="urn:x" original="not-a-file.yaml"/><!-- a comment -->'
    text = xliff2(unit2("One.")).replace("<file ", extra + "<file ")
    document = read(tmp_path, text)
    assert (document.original, [u.id for u in document.units]) == (None, ["u1"])
    text = xliff12(unit12("One.")).replace("<file ", extra + "<file ")
    document = read(tmp_path, text)
    assert (document.source_language, document.original, [u.id for u in document.units]) == ("en", "a.yaml", ["t1"])


def test_the_publisher_metadata_is_read_only_from_mda_elements(tmp_path):
    meta = ('<x:other xmlns:x="urn:x"><mda:metaGroup category="publisher"><mda:meta type="source-file">in x:other'
            '</mda:meta></mda:metaGroup></x:other>'
            '<mda:metadata><x:group xmlns:x="urn:x" category="publisher"><mda:meta type="source-file">in x:group'
            '</mda:meta></x:group><mda:metaGroup category="publisher"><mda:meta type="source-file">x.yaml</mda:meta>'
            '<x:meta xmlns:x="urn:x" type="source-file">x:meta</x:meta></mda:metaGroup></mda:metadata>')
    document = read(tmp_path, xliff2(meta + unit2("One.")))
    assert (document.source_file, document.translation_file) == ("x.yaml", None)


# -- files refused, in full -----------------------------------------------------------------------

def test_a_root_that_is_not_xliff_is_refused_naming_it_and_its_namespace(tmp_path):
    finding, status = refusal(tmp_path, '<?xml version="1.0"?>\n<tmx xmlns="urn:x"/>')
    assert finding == Finding(str(tmp_path / "back.xlf"), 2, 0, "", 'the root element is <tmx> in namespace "urn:x", '
                              'not an XLIFF 2 or 1.2 <xliff>', "xliff.structure")
    assert status == EXIT_UNREADABLE
    finding, _ = refusal(tmp_path, "<xlf/>")
    assert finding.message == 'the root element is <xlf> in namespace "", not an XLIFF 2 or 1.2 <xliff>'


def test_the_xliff_2_namespace_with_another_version_is_refused(tmp_path):
    finding, status = refusal(tmp_path, xliff2(unit2("One."), root='version="1.2" srcLang="en"'))
    assert finding == Finding(str(tmp_path / "back.xlf"), 2, 0, "", 'XLIFF 2 namespace with version "1.2"; '
                              "expected 2.0 or 2.1", "xliff.version")
    assert status == EXIT_UNREADABLE
    finding, _ = refusal(tmp_path, xliff2(unit2("One."), root='srcLang="en"'))
    assert finding.message == 'XLIFF 2 namespace with version ""; expected 2.0 or 2.1'


def test_an_xliff_2_file_without_source_language_is_refused(tmp_path):
    finding, _ = refusal(tmp_path, xliff2(unit2("One."), root='version="2.1"'))
    assert finding == Finding(str(tmp_path / "back.xlf"), 2, 0, "", "the <xliff> element has no srcLang",
                              "xliff.structure")


@pytest.mark.parametrize("make", [
    lambda: f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.1" srcLang="en">\n</xliff>',
    lambda: f'<xliff xmlns="{XLIFF1_NAMESPACE}" version="1.2">\n</xliff>',
])
def test_a_file_without_a_file_element_is_refused(tmp_path, make):
    finding, _ = refusal(tmp_path, make())
    assert finding == Finding(str(tmp_path / "back.xlf"), 1, 0, "", "no <file> element", "xliff.structure")


def test_an_xliff_1_2_file_element_without_source_language_is_refused_at_its_line(tmp_path):
    finding, _ = refusal(tmp_path, xliff12(unit12("One."), file='target-language="fr"'))
    assert finding == Finding(str(tmp_path / "back.xlf"), 3, 0, "", "the <file> element has no source-language",
                              "xliff.structure")


def test_an_xliff_2_version_in_the_1_2_namespace_or_none_is_refused_with_what_it_needs(tmp_path):
    finding, _ = refusal(tmp_path, xliff12(unit12("One."), root='version="2.1"'))
    assert finding == Finding(str(tmp_path / "back.xlf"), 2, 0, "", f'XLIFF version "2.1" with the namespace '
                              f'"{XLIFF1_NAMESPACE}"; XLIFF 2 needs the namespace "{XLIFF2_NAMESPACE}" (also for 2.1)',
                              "xliff.version")
    finding, _ = refusal(tmp_path, xliff12(unit12("One."), root='version="2.0"', namespace=False))
    assert finding.message == (f'XLIFF version "2.0" with no namespace; XLIFF 2 needs the namespace '
                               f'"{XLIFF2_NAMESPACE}" (also for 2.1)')


def test_another_xliff_1_version_is_refused(tmp_path):
    finding, _ = refusal(tmp_path, xliff12(unit12("One."), root='version="1.1"'))
    assert finding == Finding(str(tmp_path / "back.xlf"), 2, 0, "", 'XLIFF version "1.1"; expected 1.2 (or 2.0, 2.1)',
                              "xliff.version")


@pytest.mark.parametrize("make, element", [(xliff2, "unit"), (xliff12, "trans-unit")])
def test_a_unit_without_id_is_refused_at_its_line(tmp_path, make, element):
    finding, _ = refusal(tmp_path, make(f'\n<{element}><source>One.</source></{element}>'))
    assert finding == Finding(str(tmp_path / "back.xlf"), 5, 0, "", f"a <{element}> without id", "xliff.structure")


def test_a_unit_id_used_twice_is_refused_naming_the_line_of_the_first(tmp_path):
    text = xliff2("\n" + unit2("One.") + "\n\n" + unit2("Two."))
    finding, _ = refusal(tmp_path, text)
    assert finding == Finding(str(tmp_path / "back.xlf"), 7, 0, "", 'unit id "u1" is also used on line 5: ids must '
                              "be unique", "xliff.structure")


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.xlf"
    with open(path, "wb") as file:  # sparse: no disk space taken
        file.truncate(MAX_XLIFF_BYTES + 1)
    with pytest.raises(PublisherError) as raised:
        read_xliff(path)
    assert raised.value.findings == [Finding(str(path), 0, 0, "", "has 67,108,865 bytes; an XLIFF file of one outcome "
                                             "is far smaller, and at most 67,108,864 bytes are read",
                                             "xliff.too-large")]
    assert raised.value.exit_code == EXIT_UNREADABLE


def test_a_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "full.xlf"
    start = xliff2(unit2("One.")).encode("utf-8")
    with open(path, "wb") as file:
        file.write(start)
        file.truncate(MAX_XLIFF_BYTES)  # the rest is NUL bytes, which XML refuses: a syntax error, not a size
    with pytest.raises(PublisherError) as raised:
        read_xliff(path)
    assert raised.value.findings[0].code == "xliff.xml-syntax"


def test_the_limit_is_64_mib():
    assert MAX_XLIFF_BYTES == 64 * 1024 * 1024


def test_a_missing_file_is_said_by_the_reader_of_files(tmp_path):
    with pytest.raises(PublisherError) as raised:
        read_xliff(tmp_path / "missing.xlf")
    assert raised.value.findings[0].file == str(tmp_path / "missing.xlf")
    assert "xliff.too-large" not in [f.code for f in raised.value.findings]


# -- units: states, targets, fingerprints --------------------------------------------------------

def test_an_xliff_2_unit_gives_its_line_fingerprint_and_texts(tmp_path):
    meta = ('<mda:metadata><mda:metaGroup category="provenance"><mda:meta type="origin">mt</mda:meta>'
            '<mda:meta type="fingerprint">abc</mda:meta></mda:metaGroup></mda:metadata>')
    text = xliff2(f'\n<unit id="u1">{meta}<segment state="reviewed"><source>One.</source><target>Un.</target>'
                  f'</segment></unit>')
    unit = only_unit(tmp_path, text)
    assert (unit.id, unit.source_text, unit.target_text, unit.state, unit.line, unit.fingerprint, unit.problems) == \
        ("u1", "One.", "Un.", "reviewed", 5, "abc", ())


def test_an_empty_fingerprint_is_empty_and_a_missing_one_none(tmp_path):
    meta = '<mda:metadata><mda:metaGroup><mda:meta type="fingerprint"/></mda:metaGroup></mda:metadata>'
    assert only_unit(tmp_path, xliff2(f'<unit id="u1">{meta}<segment><source>A</source></segment></unit>')
                     ).fingerprint == ""
    assert only_unit(tmp_path, xliff2(unit2("A"))).fingerprint is None


def test_an_xliff_2_unit_without_target_has_none_and_is_initial_whatever_it_says(tmp_path):
    unit = only_unit(tmp_path, xliff2('<unit id="u1"><segment><source>One.</source></segment></unit>'))
    assert (unit.target_text, unit.state, unit.problems) == (None, "initial", ())


def test_a_unit_without_segments_is_initial(tmp_path):
    unit = only_unit(tmp_path, xliff2('<unit id="u1"><notes/></unit>'))
    assert (unit.source_text, unit.target_text, unit.state, unit.problems) == ("", None, "initial", ())


def test_segments_and_ignorables_are_joined_in_order(tmp_path):
    text = xliff2('<unit id="u1"><segment state="final"><source>One.</source><target>Un.</target></segment>'
                  '<ignorable><source> </source></ignorable>'
                  '<segment state="final"><source>Two.</source><target>Deux.</target></segment></unit>')
    unit = only_unit(tmp_path, text)
    assert (unit.source_text, unit.target_text, unit.state, unit.problems) == ("One. Two.", "Un. Deux.", "final", ())


def test_an_ignorable_with_a_target_gives_its_target(tmp_path):
    text = xliff2('<unit id="u1"><segment><source>One.</source><target>Un.</target></segment>'
                  '<ignorable><source> </source><target>  </target></ignorable></unit>')
    assert only_unit(tmp_path, text).target_text == "Un.  "


def test_a_segment_without_source_is_a_problem_of_its_unit(tmp_path):
    text = xliff2('<unit id="u1"><segment><target>Un.</target></segment>'
                  '<ignorable><target>x</target></ignorable></unit>')
    unit = only_unit(tmp_path, text)
    assert unit.problems == ("a <segment> without <source>", "a <ignorable> without <source>")
    assert (unit.target_text, unit.state) == (None, "initial")


def test_a_unit_where_only_some_segments_have_a_target_is_a_problem(tmp_path):
    text = xliff2('<unit id="u1"><segment state="final"><source>One.</source><target>Un.</target></segment>'
                  '<segment><source>Two.</source></segment></unit>')
    unit = only_unit(tmp_path, text)
    assert unit.problems == ("only some segments of the unit have a target",)
    assert unit.target_text == "Un."


def test_an_unknown_state_is_named_with_the_states_of_xliff_2(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2("One.", "Un.", state="signed-off")))
    assert unit.problems == ('state "signed-off" is not an XLIFF 2 state (initial, translated, reviewed, final)',)
    assert unit.state == "initial"


@pytest.mark.parametrize("attributes, approved, state", [
    (' state="needs-review-l10n"', "yes", "reviewed"),
    (' state="final"', "yes", "final"),
    (' state="signed-off"', "no", "reviewed"),
    ("", "no", "translated"),
    (' state="x-custom"', "no", "translated"),
    (' state="new"', "yes", "reviewed"),
    (' state="needs-adaptation"', "no", "initial"),
])
def test_xliff_1_2_states_and_approval(tmp_path, attributes, approved, state):
    text = xliff12(f'<trans-unit id="t1" approved="{approved}"><source>A</source><target{attributes}>B</target>'
                   f'</trans-unit>')
    assert only_unit(tmp_path, text).state == state


def test_an_approved_xliff_1_2_unit_without_target_is_initial(tmp_path):
    text = xliff12('<trans-unit id="t1" approved="yes"><source>A</source></trans-unit>')
    unit = only_unit(tmp_path, text)
    assert (unit.target_text, unit.state) == (None, "initial")


def test_an_xliff_1_2_unit_gives_its_line_and_fingerprint(tmp_path):
    text = xliff12('\n<trans-unit id="t1" pub:fingerprint="f00"><source>A</source><target>B</target></trans-unit>')
    unit = only_unit(tmp_path, text)
    assert (unit.line, unit.fingerprint) == (5, "f00")
    assert only_unit(tmp_path, xliff12(unit12("A"))).fingerprint is None


def test_an_xliff_1_2_unit_without_source_is_a_problem(tmp_path):
    unit = only_unit(tmp_path, xliff12('<trans-unit id="t1"><target>B</target></trans-unit>'))
    assert unit.problems == ("a <trans-unit> without <source>",)
    assert (unit.source_text, unit.target_text) == ("", "B")


def test_an_empty_target_is_an_empty_text_not_none(tmp_path):
    assert only_unit(tmp_path, xliff12(unit12("A", ""))).target_text == ""
    assert only_unit(tmp_path, xliff2(unit2("A", ""))).target_text == ""


# -- inline codes ---------------------------------------------------------------------------------

def test_xliff_2_codes_read_as_our_markup(tmp_path):
    source = ('See<ph id="1" equiv="[^a]"/> <pc id="2">the <mrk id="m1" translate="no">Act</mrk></pc>'
              '<sm id="s"/> of<cp hex="0020"/>2019<em startRef="s"/>.')
    target = ('Voir<ph id="1"/> <pc id="2">la <mrk id="m1">Loi</mrk></pc> de 2019.')
    unit = only_unit(tmp_path, xliff2(unit2(source, target)))
    assert (unit.source_text, unit.target_text, unit.problems) == ("See[^a] *the Act* of 2019.",
                                                                   "Voir[^a] *la Loi* de 2019.", ())


def test_xliff_2_split_pairs_read_as_italics(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('<sc id="1"/>Act<ec startRef="1"/> here', '<sc id="1"/>Loi<ec startRef="1"/>')))
    assert (unit.source_text, unit.target_text, unit.problems) == ("*Act* here", "*Loi*", ())


def test_a_target_code_copying_a_source_code_stands_for_it(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<ph id="1" equiv="[^a]"/>', 'B<ph id="9" copyOf="1"/>')))
    assert (unit.target_text, unit.problems) == ("B[^a]", ())


def test_a_target_code_is_the_source_code_of_its_id_whatever_text_it_says(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<ph id="1" equiv="[^a]"/>', 'B<ph id="1" equiv="[^b]"/>')))
    assert (unit.target_text, unit.problems) == ("B[^a]", ())


def test_isolated_xliff_2_codes_are_problems_of_their_unit(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<sc id="3" isolated="yes"/>B', 'A<ec id="4" isolated="yes"/>B')))
    assert unit.problems == ('source: <sc id="3"> is isolated: its end is in another unit',
                             'target: <ec id="4"> is isolated: its start is in another unit')
    assert (unit.source_text, unit.target_text) == ("AB", "AB")


def test_a_split_pair_without_ids_still_pairs(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('<sc/>A<ec/>')))
    assert (unit.source_text, unit.problems) == ("*A*", ())


@pytest.mark.parametrize("hex_value", ["D800", "DFFF", "zz", "", "110000", "FFFFFFFFFFFFFFFFFFFFFFFF"])
def test_a_code_point_that_is_no_character_is_a_problem(tmp_path, hex_value):
    unit = only_unit(tmp_path, xliff2(unit2(f'A<cp hex="{hex_value}"/>B')))
    assert unit.problems == (f'source: <cp hex="{hex_value}"> is not a code point',)
    assert unit.source_text == "AB"


def test_a_code_point_without_hex_is_a_problem(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<cp/>B')))
    assert (unit.source_text, unit.problems) == ("AB", ('source: <cp hex=""> is not a code point',))


@pytest.mark.parametrize("hex_value, character", [("D7FF", "\ud7ff"), ("E000", "\ue000"), ("7", "\x07"),
                                                  ("1F600", "\U0001f600")])
def test_a_code_point_next_to_the_surrogates_is_a_character(tmp_path, hex_value, character):
    unit = only_unit(tmp_path, xliff2(unit2(f'A<cp hex="{hex_value}"/>B')))
    assert (unit.source_text, unit.problems) == (f"A{character}B", ())


def test_an_unknown_inline_element_is_a_problem_its_text_dropped_its_tail_kept(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<b>bold</b>B', 'C<!-- note -->D<?pi x?>E')))
    assert unit.problems == ("source: <b> is not an inline element this import knows",)
    assert (unit.source_text, unit.target_text) == ("AB", "CDE")


def test_a_problem_inside_an_annotation_is_a_problem_of_its_unit(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<mrk id="m1">b<b/>c<sc id="2" isolated="yes"/></mrk>')))
    assert unit.problems == ("source: <b> is not an inline element this import knows",
                             'source: <sc id="2"> is isolated: its end is in another unit')
    assert unit.source_text == "Abc"
    unit = only_unit(tmp_path, xliff12(unit12('A<mrk mtype="x">b<b/></mrk>')))
    assert (unit.source_text, unit.problems) == ("Ab", ("source: <b> is not an inline element this import knows",))


def test_a_problem_inside_a_pair_or_a_1_2_target_is_a_problem_of_its_unit(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<pc id="1">b<b/></pc>', '<pc id="1">c<cp hex="D800"/></pc>')))
    assert unit.problems == ("source: <b> is not an inline element this import knows",
                             'target: <cp hex="D800"> is not a code point')
    unit = only_unit(tmp_path, xliff12(unit12('A<g id="1">b<b/></g>', 'C<g id="1">d</g><it id="3">x</it>')))
    assert unit.problems == ("source: <b> is not an inline element this import knows",
                             'target: <it id="3"> is an isolated code: its other half is in another unit')
    assert (unit.source_text, unit.target_text) == ("A*b*", "C*d*")


def test_unbalanced_pairs_are_problems_naming_the_code(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<sc id="5"/>B', 'A<ec startRef="7"/>B')))
    assert unit.problems == ('source: paired code "5" is not closed', 'target: the end of paired code "7" has no start')
    assert (unit.source_text, unit.target_text) == ("AB", "AB")  # a code left open adds nothing to the text


def test_a_code_that_stands_for_nothing_in_the_source_is_a_problem(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<ph id="1" equiv="[^a]"/>', 'B<ph id="2"/>')))
    assert unit.problems == ('target: inline code "2" stands for no inline code of the source',)
    assert unit.target_text == "B"
    unit = only_unit(tmp_path, xliff2(unit2('A<ph id="1"/>')))
    assert unit.problems == ('source: inline code "1" stands for no inline code of the source',)


def test_xliff_1_2_codes_read_as_our_markup(tmp_path):
    source = 'See<x id="1" equiv-text="[^a]"/> <g id="2">the <mrk mtype="term">Act</mrk></g> <ph id="3" equiv-text="2019">{y}</ph>'
    target = ('Voir<x id="1"/> <bpt id="2">{i}</bpt>la Loi<ept id="2">{/i}</ept> <bx id="4" rid="2"/>de<ex id="5" rid="2"/>'
              ' <x id="3"/>')
    unit = only_unit(tmp_path, xliff12(unit12(source, target)))
    assert (unit.source_text, unit.target_text, unit.problems) == ("See[^a] *the Act* 2019", "Voir[^a] *la Loi* *de* 2019",
                                                                   ())


def test_an_xliff_1_2_pair_without_rid_pairs_by_id(tmp_path):
    unit = only_unit(tmp_path, xliff12(unit12('<bx id="1"/>A<ex id="1"/>', '<bx id="1"/>B<ex id="2"/>')))
    assert unit.source_text == "*A*"
    assert unit.problems == ('target: the end of paired code "2" has no start', 'target: paired code "1" is not closed')


def test_an_xliff_1_2_isolated_code_is_a_problem(tmp_path):
    unit = only_unit(tmp_path, xliff12(unit12('A<it id="4" pos="open">{b}</it>B')))
    assert unit.problems == ('source: <it id="4"> is an isolated code: its other half is in another unit',)
    assert unit.source_text == "AB"


def test_xliff_1_2_without_namespace_reads_its_codes(tmp_path):
    text = xliff12(unit12('A<x id="1" equiv-text="[^a]"/><g id="2">b</g>', 'C<x id="1"/><g id="2">d</g>'),
                   namespace=False)
    unit = only_unit(tmp_path, text)
    assert (unit.source_text, unit.target_text, unit.problems) == ("A[^a]*b*", "C[^a]*d*", ())


def test_spaces_inside_italics_go_outside_and_italics_of_only_spaces_keep_them_once(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('a<pc id="1">  b c </pc>d<pc id="2"> </pc>e<pc id="3"></pc>f')))
    assert unit.source_text == "a  *b c* d ef"


def test_a_problem_said_twice_is_said_once(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<b/><b/>')))
    assert unit.problems == ("source: <b> is not an inline element this import knows",)


def test_resolving_reads_standalone_codes_as_the_current_source_codes(tmp_path):
    document = read(tmp_path, xliff2(unit2('A<ph id="1" equiv="[^old]"/>', 'B<ph id="1"/><ph id="2" equiv="7"/>')))
    current = {"u1": (Code("1", "footnote", "ph", "[^new]"), Code("2", "number", "ph", "2019"),
                      Code("3", "italic", "start", "*"))}
    [unit] = document.resolved(current).units
    assert (unit.source_text, unit.target_text) == ("A[^old]", "B[^new]2019")
    [same] = document.resolved({}).units
    assert (same.source_text, same.target_text) == ("A[^old]", "B[^old]")
    assert same.problems == ('target: inline code "2" stands for no inline code of the source',)
    assert unit.problems == ()


def test_resolving_gives_a_source_code_without_text_the_current_codes_text(tmp_path):
    document = read(tmp_path, xliff2(unit2('A<ph id="1"/>', 'B<ph id="1"/>')))
    current = {"u1": (Code("2", "italic", "start", "*"), Code("1", "footnote", "ph", "[^a]"),
                      Code("2", "italic", "end", "*"))}
    [unit] = document.resolved(current).units
    assert (unit.source_text, unit.target_text, unit.problems) == ("A[^a]", "B[^a]", ())


def test_a_standalone_code_without_id_is_named_by_an_empty_id(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('A<ph/>')))
    assert (unit.source_text, unit.problems) == ("A", ('source: inline code "" stands for no inline code of the source',))
    unit = only_unit(tmp_path, xliff12(unit12('A<x/>B<ph>{p}</ph>')))
    assert (unit.source_text, unit.problems) == ("AB", ('source: inline code "" stands for no inline code of the source',))


def test_xliff_1_2_begin_and_end_codes_without_id_or_rid_pair_with_each_other(tmp_path):
    unit = only_unit(tmp_path, xliff12(unit12('<bx/>A<ex/> <bpt>{b}</bpt>B<ept>{/b}</ept>')))
    assert (unit.source_text, unit.problems) == ("*A* *B*", ())


def test_an_unbalanced_xliff_1_2_source_is_a_problem_of_its_unit(tmp_path):
    unit = only_unit(tmp_path, xliff12(unit12('A<bx id="5"/>B', 'C<ex rid="7"/>D')))
    assert unit.problems == ('source: paired code "5" is not closed', 'target: the end of paired code "7" has no start')
    assert (unit.source_text, unit.target_text) == ("AB", "CD")


def test_a_placeholder_text_inside_a_pair_is_kept(tmp_path):
    unit = only_unit(tmp_path, xliff2(unit2('Resolution <pc id="1">XXXX</pc>', 'Résolution <pc id="1">XXXX</pc>')))
    assert (unit.source_text, unit.target_text, unit.problems) == ("Resolution *XXXX*", "Résolution *XXXX*", ())


def test_an_end_code_naming_its_enclosing_pair_closes_it_and_the_pairs_own_end_is_then_the_stray_one(tmp_path):
    # read in order: the <ec> closes pair 1, <ec startRef="2"> has no start, then the end of the <pc> has none either
    unit = only_unit(tmp_path, xliff2(unit2('<pc id="1">a<ec startRef="1"/>b<ec startRef="2"/></pc>')))
    assert unit.problems == ('source: the end of paired code "2" has no start',
                             'source: the end of paired code "1" has no start')
    unit = only_unit(tmp_path, xliff12(unit12('<g id="1">a<ex rid="1"/>b<ex rid="2"/></g>')))
    assert unit.problems == ('source: the end of paired code "2" has no start',
                             'source: the end of paired code "1" has no start')
    unit = only_unit(tmp_path, xliff2(unit2('<pc>a<ec/>b<ec startRef="2"/></pc>')))  # a pair without id: ""
    assert unit.problems == ('source: the end of paired code "2" has no start',
                             'source: the end of paired code "" has no start')
    unit = only_unit(tmp_path, xliff12(unit12('<g>a<ex/>b<ex rid="2"/></g>')))
    assert unit.problems == ('source: the end of paired code "2" has no start',
                             'source: the end of paired code "" has no start')
