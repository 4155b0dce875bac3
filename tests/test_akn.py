"""Akoma Ntoso export: the structure the AKN4UN guidelines require, and the text round trip."""
from __future__ import annotations

import pytest

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.document import plain
from publisher.interchange.akn import NS, document_text
from publisher.interchange.xmlsafe import parse_bytes
from publisher.stages import find_versions
from publisher.render import writer

from .conftest import MONGOLIA

A = f"{{{NS}}}"


def document(language: str, kind: str = "observations"):
    [version] = find_versions([str(MONGOLIA)], (language,))
    return compose(version.outcome, kind, load_blueprints())


@pytest.fixture(params=["en", "ar", "zh"])
def exported(request):
    doc = document(request.param)
    return doc, parse_bytes(writer("akn").render(doc), "export.xml").getroot()


def test_the_root_is_an_akn_3_document_of_its_kind(exported):
    doc, root = exported
    assert root.tag == f"{A}akomaNtoso"
    [body] = list(root)
    assert body.tag == f"{A}doc" and body.get("name") == "listOfObservations"


def test_identification_has_the_three_frbr_levels_with_required_elements(exported):
    doc, root = exported
    identification = root.find(f".//{A}meta/{A}identification")
    assert identification.get("source") == "#publisher"
    for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
        element = identification.find(f"{A}{level}")
        for required in ("FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor"):
            assert element.find(f"{A}{required}") is not None, (level, required)
    work = identification.find(f"{A}FRBRWork")
    assert work.find(f"{A}FRBRcountry").get("value") == "un"
    assert [a.get("value") for a in work.findall(f"{A}FRBRalias")] == list(doc.masthead.symbols)
    assert all(a.get("name") == "UNSymbol" for a in work.findall(f"{A}FRBRalias"))
    language = identification.find(f"{A}FRBRExpression/{A}FRBRlanguage").get("language")
    assert language == {"en": "eng", "ar": "ara", "zh": "zho"}[doc.language]
    work_uri = work.find(f"{A}FRBRuri").get("value")
    expression_uri = identification.find(f"{A}FRBRExpression/{A}FRBRuri").get("value")
    assert work_uri.startswith("/akn/un/doc/listOfObservations/2026-11-27/")
    assert expression_uri.startswith(work_uri + f"/{language}@")


def test_every_author_reference_resolves(exported):
    _, root = exported
    ids = {e.get("eId") for e in root.iter() if e.get("eId")}
    for element in root.iter():
        for attribute in ("href", "refersTo"):
            value = element.get(attribute) or ""
            if value.startswith("#"):
                assert value[1:] in ids, value


def test_eids_are_unique(exported):
    _, root = exported
    eids = [e.get("eId") for e in root.iter() if e.get("eId")]
    assert len(eids) == len(set(eids))


def test_the_masthead_symbols_and_date_are_in_the_preface(exported):
    doc, root = exported
    preface = root.find(f".//{A}preface")
    assert [n.text for n in preface.iter(f"{A}docNumber")] == list(doc.masthead.symbols)
    assert preface.find(f".//{A}docDate").get("date") == "2026-11-27"
    assert preface.find(f".//{A}docTitle").text == doc.title


def test_paragraph_text_round_trips(exported):
    doc, root = exported
    exported_paragraphs = document_text(root)
    assert [num for num, _ in exported_paragraphs] == [p.label for p in doc.paragraphs()]
    for (num, text), paragraph in zip(exported_paragraphs, doc.paragraphs()):
        expected = " ".join([plain(tuple(r for r in paragraph.runs if r.note is None)),
                             *(plain(tuple(r for r in s.runs if r.note is None)) for s in paragraph.subparagraphs)])
        assert text == expected


def test_footnotes_are_authorial_notes_at_their_call(exported):
    doc, root = exported
    notes = [n for n in root.iter(f"{A}authorialNote") if n.get("eId", "").startswith("fnt_") and
             not n.get("eId").startswith("fnt_agenda")]
    assert [n.get("marker") for n in notes] == [str(f.number) for f in doc.footnotes]
    assert all(n.get("placement") == "bottom" for n in notes)
