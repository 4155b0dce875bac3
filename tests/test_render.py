"""Rendering: the PDF and the DOCX carry the same numbered paragraphs, notes and masthead, reproducibly."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.table import _Cell

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.document import NumberedParagraph, plain
from publisher.render import formats, writer
from publisher.render.html import document_html
from publisher.validate import validate_file

from .conftest import MONGOLIA

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture(scope="module")
def documents():
    _, outcome = validate_file(MONGOLIA)
    return {kind: compose(outcome, kind, load_blueprints()) for kind in ("observations", "summary")}


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                            check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def opening(paragraph: NumberedParagraph, words: int = 6) -> str:
    """The first words of a paragraph, no-break spaces kept where they stand ("article\u00a018.6")."""
    return " ".join(plain(paragraph.runs).split(" ")[:words])


def test_the_registry_names_every_writer():
    assert {"docx", "pdf", "txt"} <= set(formats())
    for name in formats():
        assert writer(name).name == name


@needs_pdftotext
@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_the_pdf_shows_the_numbered_paragraphs_in_order(documents, kind):
    document = documents[kind]
    text = pdf_text(writer("pdf").render(document))
    position = 0
    for paragraph in document.paragraphs():
        expected = f"{paragraph.number}. {opening(paragraph)}".replace("\u00a0", " ")  # pdftotext: a space
        found = text.find(expected, position)
        assert found >= 0, f"paragraph {paragraph.number} ({expected!r}) missing or out of order"
        position = found


@needs_pdftotext
def test_the_pdf_shows_masthead_headings_and_footnotes(documents):
    text = pdf_text(writer("pdf").render(documents["observations"]))
    for expected in ("United Nations", "CTOC/COP/WG.3/2026/CRP.7", "Distr.: General", "27 November 2026",
                     "Original: English", "Item 4 of the provisional agenda*", "* CTOC/COP/WG.3/2026/1.",
                     "IV. Observations on the implementation of the articles under review",
                     "Article 23. Criminalization of obstruction of justice",
                     "1 Criminal Code of Mongolia (fictional citation for this sample)"):
        assert expected in text


def docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_the_docx_opens_and_has_the_same_numbered_paragraphs(documents, kind):
    document = documents[kind]
    numbered = [t for t in docx_paragraphs(writer("docx").render(document)) if re.match(r"\d+\.\t", t)]
    assert len(numbered) == len(document.paragraphs())
    for text, paragraph in zip(numbered, document.paragraphs()):
        assert text.startswith(f"{paragraph.number}.\t{opening(paragraph)}")


def test_the_docx_has_real_footnotes_with_the_agenda_mark(documents):
    data = writer("docx").render(documents["observations"])
    package = zipfile.ZipFile(io.BytesIO(data))
    notes = package.read("word/footnotes.xml").decode("utf-8")
    body = package.read("word/document.xml").decode("utf-8")
    assert "CTOC/COP/WG.3/2026/1." in notes
    assert "Criminal Code of Mongolia" in notes
    # two agenda notes (a joint document of WG.3 and WG.4), the late-submission note and one footnote
    assert body.count("<w:footnoteReference") == 4
    assert 'w:customMarkFollows="1"' in body
    assert "footnotes.xml" in package.read("word/_rels/document.xml.rels").decode("utf-8")


def test_the_docx_masthead_and_headings(documents):
    word = docx.Document(io.BytesIO(writer("docx").render(documents["summary"])))
    table = word.tables[0]
    first_row, second_row = ([_Cell(tc, table).text for tc in row._tr.tc_lst] for row in table.rows)
    assert first_row[0] == "United Nations" and first_row[1] == "CTOC/COP/WG.3/2026/7\nCTOC/COP/WG.4/2026/7"
    assert "Distr.: General" in second_row[-1] and "Original: English" in second_row[-1]
    headings = [p.text for p in word.paragraphs if p.style.name == "HCh"]
    assert headings[0] == "I.\tIntroduction"
    assert word.core_properties.title.startswith("Summary of the list of observations")


@pytest.mark.parametrize("name", ["docx", "pdf", "txt"])
def test_two_renders_of_the_same_input_are_byte_identical(documents, name):
    first = writer(name).render(documents["observations"])
    second = writer(name).render(documents["observations"])
    assert first == second


@pytest.mark.parametrize("name", ["docx", "pdf"])
def test_source_date_epoch_sets_the_timestamps(documents, name, monkeypatch):
    default = writer(name).render(documents["summary"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    stamped = writer(name).render(documents["summary"])
    assert stamped != default
    if name == "docx":
        assert docx.Document(io.BytesIO(stamped)).core_properties.created.year == 2026
        assert docx.Document(io.BytesIO(stamped)).core_properties.created.month == 1
        assert zipfile.ZipFile(io.BytesIO(stamped)).infolist()[0].date_time[:3] == (2026, 1, 1)
    elif shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-isodates", "-"], input=stamped, capture_output=True, check=True).stdout
        assert b"CreationDate:    2026-01-01T00:00:00" in info


def test_html_escapes_editor_text(documents, write_outcome):
    path = write_outcome(change=lambda d: d["summary"]["challenges"].append("<script>alert(1)</script> & more"))
    _, outcome = validate_file(path)
    html = document_html(compose(outcome, "summary", load_blueprints()))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert 'lang="en" dir="ltr"' in html


@pytest.mark.parametrize("reference", [
    '<img src="http://example.org/x.png">',
    '<link rel="stylesheet" href="https://example.org/x.css">',
    '<img src="file:///etc/passwd">',
])
def test_the_pdf_writer_fetches_no_url(documents, monkeypatch, caplog, reference):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF writer opened a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr("publisher.render.pdf.document_html",
                        lambda d, **options: document_html(d, **options).replace("</body>", f"{reference}</body>"))
    data = writer("pdf").render(documents["summary"])
    assert data.startswith(b"%PDF")
    assert "publisher fetches no URL" in caplog.text


def test_a_title_longer_than_the_docx_property_limit_still_renders(documents):
    import dataclasses

    long_title = "Summary of the list of observations " + "and a very long name of a State " * 10
    document = dataclasses.replace(documents["summary"], title=long_title)
    word = docx.Document(io.BytesIO(writer("docx").render(document)))
    assert len(word.core_properties.title) <= 255 and word.core_properties.title.endswith("…")
    assert long_title.strip() in "\n".join(p.text for p in word.paragraphs)


def test_the_formats_have_one_home_that_the_command_line_sessions_and_web_app_ask():
    from publisher.package import session
    from publisher.serve import app

    assert formats(issued=True) == ["docx", "pdf", "html"]
    assert formats(in_sessions=True) == ["docx", "pdf", "html", "akn"]
    assert formats(download=True) == ["docx", "pdf"]
    assert "DEFAULT_FORMATS" not in vars(session) and "MEDIA_TYPES" not in vars(app)


def test_a_format_is_registered_once_and_an_unknown_one_is_a_finding():
    from publisher.errors import PublisherError
    from publisher.render import register

    with pytest.raises(ValueError, match="already registered"):
        register("pdf", "somewhere:Else")
    with pytest.raises(PublisherError) as unknown:
        writer("odt")
    assert unknown.value.findings[0].code == "render.unknown-format"


def test_a_session_asking_for_an_unknown_format_is_refused_at_its_field(tmp_path):
    from publisher.errors import PublisherError
    from publisher.package.session import load_session

    from .conftest import SESSION

    manifest = tmp_path / "session.yaml"
    manifest.write_text(SESSION.read_text(encoding="utf-8").replace("formats: [docx, pdf, html, akn]",
                                                                   "formats: [docx, odt]"), encoding="utf-8")
    for path in SESSION.parent.glob("*.yaml"):
        if path.name != "session.yaml":
            (tmp_path / path.name).write_bytes(path.read_bytes())
    with pytest.raises(PublisherError) as refused:
        load_session(manifest)
    [finding] = refused.value.findings
    assert (finding.field, finding.code) == ("session.formats[1]", "session.unknown-format")
