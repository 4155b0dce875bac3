"""Properties that must hold for any input (hypothesis), within a fixed budget of examples."""
from __future__ import annotations

import io
import socket

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.document import plain
from publisher.errors import PublisherError
from publisher.load import load_bytes, load_file
from publisher.model import build_outcome
from publisher.render import writer
from publisher.translate.segment import segment_spans
from publisher.validate import validate_loaded

from .conftest import MONGOLIA

BUDGET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def test_the_suite_has_no_network():
    # blocked by pytest-socket before any packet leaves, not merely unanswered (a timeout, a refusal)
    from pytest_socket import SocketBlockedError

    with pytest.raises(SocketBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM)


@BUDGET
@given(st.binary(max_size=400))
def test_loading_any_bytes_gives_data_or_our_error(raw):
    try:
        load_bytes(raw, "any.yaml")
    except PublisherError as error:
        assert error.findings and error.findings[0].code.startswith("input.")


@BUDGET
@given(st.dictionaries(st.sampled_from(["review", "issue", "observations", "summary", "footnotes", "other"]),
                       yaml_values, max_size=6))
def test_validating_any_structure_gives_findings_never_a_crash(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        loaded = load_bytes(text.encode("utf-8"), "any.yaml")
    except PublisherError:
        return
    findings, _ = validate_loaded(loaded)
    assert all(f.file == "any.yaml" and f.code for f in findings)


@BUDGET
@given(st.sampled_from(["ar", "zh", "en", "fr", "ru", "es"]), st.text(max_size=300))
def test_segmentation_never_loses_or_duplicates_characters(language, text):
    spans = segment_spans(text, language)
    assert "".join(text[s.start:s.end] for s in spans) == text


paragraph_text = st.text(st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters=".,;:()-'"),
                         min_size=1, max_size=120).map(lambda t: " ".join(t.split())).filter(lambda t: t.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph_text, min_size=1, max_size=4))
def test_rendered_paragraphs_read_back_from_the_docx(paragraphs):
    loaded = load_file(MONGOLIA)
    loaded.data["summary"]["challenges"] = [p.replace("*", "").replace("[", "(").replace("]", ")")
                                            for p in paragraphs]
    document = compose(build_outcome(loaded), "summary", load_blueprints())
    word = docx.Document(io.BytesIO(writer("docx").render(document)))
    texts = [p.text for p in word.paragraphs]
    for paragraph in document.paragraphs():
        words = plain(tuple(r for r in paragraph.runs if r.note is None))  # footnote calls are fields
        assert f"{paragraph.label}\t{words}" in texts
