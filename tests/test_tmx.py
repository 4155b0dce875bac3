"""TMX 1.4: what we write reads back the same, other tools read it, hostile or broken files are refused."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from translate.storage.tmx import tmxfile

from publisher.errors import PublisherError
from publisher.interchange.tmx import read_tmx, write_tmx
from publisher.translate.memory import TranslationMemory

from .conftest import line_of

ROWS = [
    ("en", "fr", "The State party\u2019s \u201cplan\u201d & <annex>",
     "Le \u00ab\u202fplan\u202f\u00bb de l\u2019\u00c9tat partie", "approved"),
    ("en", "es", "Technical assistance needs", "Necesidades de asistencia técnica", "official"),
    ("en", "zh", "Technical assistance needs", "技术援助需要", ""),
    ("fr", "en", "Groupe de travail", "Working Group", "mt"),
    ("ar", "ru", "التحديات في مجال التنفيذ", "Проблемы в области осуществления", "official"),
]


def codes(error: PublisherError) -> list[str]:
    return [finding.code for finding in error.findings]


def write_file(tmp_path: Path, body: str, header: str = '<header srclang="en-US" datatype="plaintext"/>') -> Path:
    path = tmp_path / "in.tmx"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n{header}\n<body>\n{body}\n'
                    "</body>\n</tmx>\n", encoding="utf-8")
    return path


def test_written_rows_read_back_the_same(tmp_path):
    path = tmp_path / "out.tmx"

    assert write_tmx(path, ROWS, "en") == len(ROWS)

    assert list(read_tmx(path)) == ROWS


def test_the_same_rows_give_the_same_bytes(tmp_path):
    write_tmx(tmp_path / "one.tmx", ROWS, "en")
    write_tmx(tmp_path / "two.tmx", ROWS, "en")

    assert (tmp_path / "one.tmx").read_bytes() == (tmp_path / "two.tmx").read_bytes()


def test_the_header_says_what_wrote_the_file(tmp_path):
    path = tmp_path / "out.tmx"
    write_tmx(path, ROWS, "en")

    root = etree.parse(str(path)).getroot()
    header = root.find("header")

    assert root.get("version") == "1.4"
    assert {name: header.get(name) for name in ("creationtool", "segtype", "srclang", "datatype", "adminlang")} == {
        "creationtool": "publisher", "segtype": "sentence", "srclang": "en", "datatype": "plaintext",
        "adminlang": "en"}
    assert header.get("creationtoolversion") and header.get("o-tmf")


def test_translate_toolkit_reads_our_file(tmp_path):
    path = tmp_path / "out.tmx"
    write_tmx(path, ROWS, "en")

    store = tmxfile.parsefile(str(path))

    assert [(unit.source, unit.target) for unit in store.units] == [(row[2], row[3]) for row in ROWS]


def test_we_read_a_file_translate_toolkit_wrote(tmp_path):
    pairs = [("Report of the Secretariat", "Rapport du Secrétariat"), ("Working Group", "Groupe de travail")]
    store = tmxfile(sourcelanguage="en", targetlanguage="fr")
    for source, target in pairs:
        store.addtranslation(source, "en", target, "fr")
    path = tmp_path / "toolkit.tmx"
    path.write_bytes(bytes(store))  # with a DOCTYPE naming the TMX DTD, which is not loaded

    assert list(read_tmx(path)) == [("en", "fr", source, target, "") for source, target in pairs]


def test_a_memory_survives_a_trip_through_tmx(tmp_path):
    with TranslationMemory(tmp_path / "a.tm") as first:
        first.add_many(ROWS)
        write_tmx(tmp_path / "a.tmx", first.export_rows(), "en")
        exported = list(first.export_rows())
    with TranslationMemory(tmp_path / "b.tm") as second:
        second.add_many(read_tmx(tmp_path / "a.tmx"))

        assert list(second.export_rows()) == exported


def test_a_unit_in_several_languages_gives_a_row_per_target_language(tmp_path):
    path = write_file(tmp_path, """
      <tu tuid="7"><prop type="x-origin">official</prop>
        <tuv xml:lang="fr-FR"><seg>Extradition</seg></tuv>
        <tuv xml:lang="EN-GB"><seg>Extradition</seg></tuv>
        <tuv xml:lang="zh-Hans-CN"><seg>引渡</seg></tuv>
        <tuv xml:lang="es"><seg></seg></tuv>
      </tu>""")

    assert list(read_tmx(path)) == [("en", "fr", "Extradition", "Extradition", "official"),
                                    ("en", "zh", "Extradition", "引渡", "official")]


def test_a_unit_may_name_its_own_source_language(tmp_path):
    path = write_file(tmp_path, """
      <tu srclang="ru"><tuv xml:lang="en"><seg>Report</seg></tuv><tuv xml:lang="ru"><seg>Доклад</seg></tuv></tu>
      <tu><tuv xml:lang="fr"><seg>Rapport</seg></tuv><tuv xml:lang="es"><seg>Informe</seg></tuv></tu>""",
                      header='<header srclang="*all*"/>')

    assert list(read_tmx(path)) == [("ru", "en", "Доклад", "Report", ""), ("fr", "es", "Rapport", "Informe", "")]


def test_a_unit_without_its_source_language_gives_nothing(tmp_path):
    path = write_file(tmp_path, '<tu><tuv xml:lang="fr"><seg>Rapport</seg></tuv>'
                                '<tuv xml:lang="es"><seg>Informe</seg></tuv></tu>')

    assert list(read_tmx(path)) == []


def test_inline_codes_are_dropped_and_highlighted_text_kept(tmp_path):
    path = write_file(tmp_path, """
      <tu><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>
        now<ph x="2">{1}</ph>.</seg></tuv>
        <tuv xml:lang="fr"><seg>Appuyez <hi type="bold">maintenant</hi> sur
        <it pos="begin">&lt;i&gt;</it>Enregistrer<!-- note -->.</seg></tuv>
      </tu>""")

    assert [(s.split(), t.split()) for _, _, s, t, _ in read_tmx(path)] == [
        ("Press Save now.".split(), "Appuyez maintenant sur Enregistrer.".split())]


def test_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "bomb.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "aaaaaaaaaa">\n'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
                    '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&c;</seg></tuv>'
                    '<tuv xml:lang="fr"><seg>&c;</seg></tuv></tu></body></tmx>\n', encoding="utf-8")

    with pytest.raises(PublisherError) as raised:
        list(read_tmx(path))

    assert codes(raised.value) == ["tmx.xml-entities"]


def test_external_entities_are_refused_and_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-leak", encoding="utf-8")
    path = tmp_path / "external.tmx"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
                    '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&leak;</seg></tuv>'
                    '<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>\n', encoding="utf-8")

    with pytest.raises(PublisherError) as raised:
        list(read_tmx(path))

    assert codes(raised.value) == ["tmx.xml-entities"]
    assert "do-not-leak" not in str(raised.value)


def test_malformed_xml_is_reported_with_its_line(tmp_path):
    path = write_file(tmp_path, '<tu><tuv xml:lang="en"><seg>Report</tuv></tu>')

    with pytest.raises(PublisherError) as raised:
        read_tmx(path)

    finding = raised.value.findings[0]
    assert (finding.file, finding.code) == (str(path), "tmx.xml-syntax")
    assert finding.line == line_of(path, "<seg>Report</tuv>")


def test_a_variant_without_language_is_reported_with_its_line(tmp_path):
    path = write_file(tmp_path, '<tu>\n<tuv xml:lang="en"><seg>Report</seg></tuv>\n'
                                '<tuv><seg>Rapport</seg></tuv>\n</tu>')

    with pytest.raises(PublisherError) as raised:
        list(read_tmx(path))

    finding = raised.value.findings[0]
    assert (finding.code, finding.line, finding.field) == ("tmx.structure", line_of(path, "<tuv><seg>Rapport"),
                                                           "tu[1].tuv")


@pytest.mark.parametrize("text, code", [
    ('<?xml version="1.0"?>\n<xliff version="1.2"/>\n', "tmx.structure"),
    ('<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n', "tmx.structure"),
    ('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>\n', "tmx.structure"),
    ('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="English!"/><body/></tmx>\n', "tmx.language"),
], ids=["not-tmx", "no-header", "no-srclang", "bad-language"])
def test_a_file_that_is_not_tmx_is_refused(tmp_path, text, code):
    path = tmp_path / "in.tmx"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(PublisherError) as raised:
        list(read_tmx(path))

    assert codes(raised.value) == [code]


def test_text_xml_cannot_hold_is_refused_and_the_old_file_kept(tmp_path):
    path = tmp_path / "out.tmx"
    write_tmx(path, ROWS, "en")
    before = path.read_bytes()

    with pytest.raises(PublisherError) as raised:
        write_tmx(path, [("en", "fr", "Bell\x07", "Cloche", "")], "en")

    assert codes(raised.value) == ["tmx.invalid-character"]
    assert path.read_bytes() == before
