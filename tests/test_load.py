"""Loading keeps the position of every field, and unreadable input is refused with one clear finding."""
from __future__ import annotations

import pytest

from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.load import load_bytes, load_file

from .conftest import MONGOLIA, line_of


def test_every_field_keeps_its_line_and_column():
    loaded = load_file(MONGOLIA)
    assert loaded.source.keys["review.state"] == (line_of(MONGOLIA, "state: Mongolia"), 3)
    assert loaded.source.keys["review.reviewing_states"][0] == line_of(MONGOLIA, "reviewing_states:")
    article_line = line_of(MONGOLIA, "- article: 5")
    assert loaded.source.keys["observations.articles.convention[1]"][0] == article_line
    assert loaded.source.keys["observations.articles.convention[1].article"][0] == article_line


def test_a_missing_field_is_located_at_its_parent():
    loaded = load_file(MONGOLIA)
    assert loaded.source.position("review.no_such_field") == loaded.source.keys["review"]


def test_text_inside_a_folded_paragraph_is_located_on_its_own_line():
    loaded = load_file(MONGOLIA)
    line, _ = loaded.source.locate_text("observations.successes_and_good_practices[2]", "disaggregated by offence")
    assert line == line_of(MONGOLIA, "convictions for the period 2021")


def test_a_duplicate_field_is_a_finding_not_a_silent_overwrite():
    loaded = load_bytes(b"review:\n  state: Chile\n  state: Peru\n", "dup.yaml")
    assert [(f.code, f.line, f.field) for f in loaded.findings] == [("schema.duplicate-field", 3, "review.state")]
    assert loaded.data["review"]["state"] == "Chile"


def test_dates_stay_text_for_the_model_to_parse():
    assert load_bytes(b"date: 2026-11-27\n", "d.yaml").data == {"date": "2026-11-27"}


@pytest.mark.parametrize("raw, code, line", [
    (b"review: [unclosed\n", "input.yaml-syntax", 2),
    (b"review:\n  state: Chile\n bad indent: 1\n", "input.yaml-syntax", 3),
    (b"", "input.empty", 0),
    (b"# only a comment\n", "input.empty", 0),
    (b"- a list\n- at the top\n", "input.not-a-mapping", 1),
    (b"review:\n  state: Chile\xff\n", "input.encoding", 2),
    (b"review:\n  state: Ch\x07ile\n", "input.control-character", 2),
])
def test_unreadable_input_is_refused_with_file_line_and_rule(raw, code, line):
    with pytest.raises(PublisherError) as raised:
        load_bytes(raw, "bad.yaml")
    [finding] = raised.value.findings
    assert (finding.file, finding.code, finding.line) == ("bad.yaml", code, line)
    assert raised.value.exit_code == EXIT_UNREADABLE


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(PublisherError) as raised:
        load_file(tmp_path / "nowhere.yaml")
    assert raised.value.findings[0].code == "input.missing-file"


def test_yaml_tags_that_would_construct_objects_are_refused():
    with pytest.raises(PublisherError) as raised:
        load_bytes(b"review: !!python/object/apply:os.system ['echo hacked']\n", "evil.yaml")
    assert raised.value.findings[0].code == "input.yaml-tag"
    assert raised.value.findings[0].line == 1


def test_a_utf8_byte_order_mark_is_accepted():
    assert load_bytes(b"\xef\xbb\xbfa: 1\n", "bom.yaml").data == {"a": 1}


def test_the_toolkits_own_yaml_data_is_read_as_the_pure_python_loader_reads_it():
    import yaml

    from publisher.load import toolkit_yaml

    from .conftest import ROOT

    files = sorted((ROOT / "publisher").rglob("*.yaml"))
    assert len(files) > 20  # boilerplate, reference data, UN language data
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert repr(toolkit_yaml(text)) == repr(yaml.safe_load(text)), path  # types too: 1 is not 1.0
