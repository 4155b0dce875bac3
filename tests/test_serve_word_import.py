"""The Word round trip in the web app: upload an edited DOCX, see its changes, apply them."""
from __future__ import annotations

import io
import re

import docx
import pytest

from publisher.serve.app import create_app

from .conftest import MONGOLIA, SAMPLES
from .test_docx_import import body, rendered_docx, replace_in

TOKEN = "test-token-" + "w" * 32


@pytest.fixture
def folder(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    for path in SAMPLES.glob("mongolia-criminalization*.yaml"):
        (served / path.name).write_bytes(path.read_bytes())
    return served


@pytest.fixture
def client(folder, tmp_path):
    app = create_app(folder, TOKEN, tmp_path / "memory.sqlite")
    browser = app.test_client()
    assert browser.get(f"/?token={TOKEN}").status_code == 303
    return browser


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def edited_docx(folder, tmp_path) -> bytes:
    path = rendered_docx(folder / MONGOLIA.name, "observations", tmp_path)
    word = docx.Document(str(path))
    replace_in(next(p for p in body(word) if "inter-agency working group" in p.text),
                "inter-agency working group", "joint inter-agency task force")
    word.save(str(path))
    return path.read_bytes()


def test_an_uploaded_docx_shows_its_changes_then_applies_them(client, folder, tmp_path):
    preview = client.get("/o/mongolia-criminalization/preview?lang=en").get_data(as_text=True)
    assert 'name="docx"' in preview
    before = (folder / MONGOLIA.name).read_bytes()
    shown = client.post("/o/mongolia-criminalization/en/import",
                        data={"csrf_token": csrf(preview), "docx": (io.BytesIO(edited_docx(folder, tmp_path)),
                                                                    "edited.docx")},
                        content_type="multipart/form-data")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "observations.successes_and_good_practices[1]" in page
    assert "joint inter-agency task force" in page
    assert (folder / MONGOLIA.name).read_bytes() == before  # shown, not written
    action = re.search(r'action="(/o/mongolia-criminalization/en/import/[^"]+)"', page).group(1)
    applied = client.post(action, data={"csrf_token": csrf(page)})
    assert applied.status_code == 303
    assert "joint inter-agency task force" in " ".join((folder / MONGOLIA.name).read_text(encoding="utf-8").split())
    assert client.post(action, data={"csrf_token": csrf(page)}).status_code == 404  # applied once


def test_a_docx_of_another_language_version_is_refused_with_its_finding(client, folder, tmp_path):
    preview = client.get("/o/mongolia-criminalization/preview?lang=fr").get_data(as_text=True)
    before = (folder / "mongolia-criminalization.fr.yaml").read_bytes()
    shown = client.post("/o/mongolia-criminalization/fr/import",
                        data={"csrf_token": csrf(preview), "docx": (io.BytesIO(edited_docx(folder, tmp_path)),
                                                                    "edited.docx")},
                        content_type="multipart/form-data")
    assert shown.status_code == 422 and "docx.other-outcome" in shown.get_data(as_text=True)
    assert (folder / "mongolia-criminalization.fr.yaml").read_bytes() == before


def test_an_upload_without_the_pages_csrf_token_is_refused(client, folder, tmp_path):
    shown = client.post("/o/mongolia-criminalization/en/import",
                        data={"docx": (io.BytesIO(edited_docx(folder, tmp_path)), "edited.docx")},
                        content_type="multipart/form-data")
    assert shown.status_code == 400


def test_a_docx_with_paragraphs_moved_shows_the_moves_and_what_was_not_imported_then_applies_them(
        client, folder, tmp_path):
    path = rendered_docx(folder / MONGOLIA.name, "observations", tmp_path)
    word = docx.Document(str(path))
    moved = next(p for p in body(word) if "Practitioners reported" in p.text)
    next(p for p in body(word) if "definition of “serious crime” in domestic" in p.text)._p.addprevious(moved._p)
    intro = next(p for p in body(word) if "The review of the implementation" in p.text)
    intro._p.addnext(next(p for p in body(word) if "Obstruction of justice" in p.text)._p)
    word.save(str(path))
    preview = client.get("/o/mongolia-criminalization/preview?lang=en").get_data(as_text=True)
    shown = client.post("/o/mongolia-criminalization/en/import",
                        data={"csrf_token": csrf(preview), "docx": (io.BytesIO(path.read_bytes()), "edited.docx")},
                        content_type="multipart/form-data")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "1 paragraph(s) moved" in page
    assert "moved: observations.challenges[1] -&gt; [0]" in page
    assert "Not imported" in page and "[docx.not-a-list]" in page
    action = re.search(r'action="(/o/mongolia-criminalization/en/import/[^"]+)"', page).group(1)
    assert client.post(action, data={"csrf_token": csrf(page)}).status_code == 303
    text = (folder / MONGOLIA.name).read_text(encoding="utf-8")
    assert text.index("Practitioners reported") < text.index("The reviewing States noted that the definition")
