"""The outcome editor: its text written back into the YAML file keeping everything else as the
editor wrote it (publisher/authoring.py), its pages and endpoints (publisher/serve/authoring.py)
with the same token, CSRF, path and size checks as the other pages, and findings marked in place
in the preview (publisher/serve/marks.py). The same flow in a real browser: test_browser_authoring.py.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from publisher.authoring import ContentError, apply_content, checked_content, content_of
from publisher.blueprint import DEFAULT_DIR, load_blueprints
from publisher.reference import reference
from publisher.serve.app import create_app
from publisher.skeleton import NewOutcome, skeleton
from publisher.validate import validate_file

from .conftest import SAMPLES

TOKEN = "test-token-" + "w" * 32
CHILE = SAMPLES / "chile-law-enforcement.yaml"
SOURCES = sorted(p for p in SAMPLES.glob("*.yaml") if p.name.count(".") == 1 and p.name != "session.yaml")
LONG = ("The reviewing States noted that the national authorities had adopted a detailed plan for training "
        "investigators, prosecutors and judges in the use of special investigative techniques.")


def skeleton_text(language: str = "en") -> str:
    request = NewOutcome("Mongolia", ("Chile", "Norway"), "criminalization", ("convention",), language=language)
    return skeleton(request, load_blueprints(DEFAULT_DIR), reference())


def content(text: str) -> dict:
    return checked_content(content_of(yaml.safe_load(text)))


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


# -- writing back ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_an_outcome_whose_text_is_unchanged_is_written_back_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    assert apply_content(text, content(text)) == text


def test_an_edited_paragraph_changes_only_its_lines_and_is_folded_at_the_samples_width():
    text = CHILE.read_text(encoding="utf-8")
    edited = content(text)
    edited["observations"]["challenges"][0] = LONG
    written = apply_content(text, edited)
    assert comment_lines(written) == comment_lines(text)
    assert list(yaml.safe_load(written)) == list(yaml.safe_load(text))  # key order
    assert yaml.safe_load(written)["observations"]["challenges"][0] == LONG
    before, after = text.splitlines(), written.splitlines()
    removed = [line for line in before if line not in after]
    assert all("joint investigation teams remains" in line or "limited, as each team" in line or
               line.strip() == "channel." for line in removed), removed
    start = after.index("  challenges:") + 1
    assert after[start] == "    - >-" and all(len(line) <= 96 for line in after[start:start + 4])
    assert written.count(">-") == text.count(">-")  # every other paragraph keeps its folded style


def test_a_skeleton_section_written_for_the_first_time_keeps_the_guidance_comments_around_it():
    text = skeleton_text()
    edited = content(text)
    edited["observations"]["challenges"] = ["Few cases have reached the courts.",
                                            {"text": "The reviewing States noted:", "subparagraphs": ["one;", "two."]}]
    edited["observations"]["articles"]["convention"][1]["paragraphs"] = [LONG]
    edited["footnotes"] = {"code": "Criminal Code of Mongolia, 2015."}
    written = apply_content(text, edited)
    assert comment_lines(written) == comment_lines(text)
    lines = written.splitlines()
    challenges = lines.index("  challenges:")
    assert lines[challenges - 1].startswith("  # ")  # the section's guidance stays above it
    assert lines[challenges + 1:challenges + 6] == ["    - Few cases have reached the courts.",
                                                    "    - text: 'The reviewing States noted:'",
                                                    "      subparagraphs:", "        - one;", "        - two."]
    assert lines[challenges + 6].startswith("  # Observations on the implementation")  # the next section's comment
    assert "      - article: 5   # Criminalization of participation in an organized criminal group" in lines
    assert max(len(line) for line in lines if line not in text.splitlines()) <= 96  # folded at every depth
    data = yaml.safe_load(written)
    assert data["observations"]["articles"]["convention"][1]["paragraphs"] == [LONG]
    assert data["footnotes"] == {"code": "Criminal Code of Mongolia, 2015."}


def test_a_paragraph_changed_and_one_moved_are_written_without_aliases():
    text = CHILE.read_text(encoding="utf-8")
    edited = content(text)
    needs = edited["observations"]["technical_assistance_needs"]
    original = needs[1]
    needs[1:] = [{"text": "Capacity-building for police on", "subparagraphs": original["subparagraphs"]}, original]
    written = apply_content(text, edited)  # the changed paragraph builds on the old node; the moved one is new
    assert not re.search(r"[&*]id\d", written)  # no anchor and alias: each paragraph written out
    assert yaml.safe_load(written)["observations"]["technical_assistance_needs"] == needs


def test_removing_a_paragraph_and_a_footnote_removes_them_and_nothing_else():
    text = CHILE.read_text(encoding="utf-8")
    edited = content(text)
    del edited["observations"]["technical_assistance_needs"][2]
    edited["footnotes"] = {}
    edited["observations"]["successes_and_good_practices"][0] = "The Organized Crime Investigation Act of 2022 " \
        "provides a single legal basis for special investigative techniques."
    written = apply_content(text, edited)
    data = yaml.safe_load(written)
    assert len(data["observations"]["technical_assistance_needs"]) == 2
    assert "footnotes" not in data or not data["footnotes"]
    assert data["summary"] == yaml.safe_load(text)["summary"]


@pytest.mark.parametrize("sent, where", [
    ([], "content"), ({"observations": {"challenges": "text"}}, "observations.challenges"),
    ({"observations": {"challenges": [3]}}, "observations.challenges[0]"),
    ({"observations": {"articles": {"convention": [{"article": "5", "paragraphs": []}]}}},
     "observations.articles.convention[0].article"),
    ({"footnotes": {"a b": "text"}}, "footnotes.a b"), ({"review": {}}, "unknown part"),
    ({"summary": {"Review: x": []}}, "summary.Review: x"), ({"observations": {"articles": {"../x": []}}}, "articles")])
def test_content_not_in_the_editors_shape_is_refused_saying_where(sent, where):
    with pytest.raises(ContentError, match=re.escape(where)):
        checked_content(sent)


# -- the pages -------------------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path):
    served = tmp_path / "outcomes"
    served.mkdir()
    shutil.copy(CHILE, served)
    (served / "mongolia-criminalization.yaml").write_text(skeleton_text(), encoding="utf-8")
    return served


@pytest.fixture
def client(folder, tmp_path):
    browser = create_app(folder, TOKEN, tmp_path / "memory.sqlite").test_client()
    assert browser.get(f"/?token={TOKEN}").status_code == 303
    return browser


def editor_page(client, name: str) -> tuple[str, str, str]:
    page = client.get(f"/o/{name}/write").get_data(as_text=True)
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    base = re.search(r'name="base" value="([^"]+)"', page).group(1)
    return page, csrf, base


def save(client, name: str, sent: dict, csrf: str, base: str):
    return client.post(f"/o/{name}/write", data={"csrf_token": csrf, "base": base, "content": json.dumps(sent)})


def test_a_new_outcome_is_written_from_the_skeleton_and_opened_in_the_editor(client, folder):
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/new").get_data(as_text=True)).group(1)
    form = {"csrf_token": csrf, "state": "Ghana", "reviewing_a": "Chile", "reviewing_b": "Norway",
            "cluster": "international-cooperation", "instruments": ["convention", "firearms"], "language": "fr",
            "year": "2027", "party_to_uncac": "1", "number": "2"}
    response = client.post("/new", data=form)
    assert response.status_code == 303 and response.headers["Location"].endswith("/o/ghana-international-cooperation/write")
    written = folder / "ghana-international-cooperation.yaml"
    assert {f.code for f in validate_file(written)[0]} <= {"sections.missing", "sections.empty-article"}
    page = client.get("/o/ghana-international-cooperation/write").get_data(as_text=True)
    assert 'data-instrument="firearms"' in page and 'lang="fr"' in page
    again = client.post("/new", data=form)
    assert again.status_code == 409 and "already in the folder" in again.get_data(as_text=True)
    climbing = client.post("/new", data={**form, "name": "../outside"})
    assert climbing.status_code == 422 and not (folder.parent / "outside.yaml").exists()


def test_saving_writes_the_text_validated_keeping_the_files_comments(client, folder):
    page, csrf, base = editor_page(client, "chile-law-enforcement")
    original = (folder / "chile-law-enforcement.yaml").read_text(encoding="utf-8")
    sent = content(original)
    sent["observations"]["challenges"].append("Training on document examination is planned for 2028.")
    response = save(client, "chile-law-enforcement", sent, csrf, base)
    assert response.status_code == 303
    message = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved chile-law-enforcement.yaml: valid" in message
    written = (folder / "chile-law-enforcement.yaml").read_text(encoding="utf-8")
    assert comment_lines(written) == comment_lines(original)
    assert [f for f in validate_file(folder / "chile-law-enforcement.yaml")[0] if f.severity.value == "error"] == []


def test_a_save_after_the_file_changed_is_refused_with_the_text_kept_and_nothing_written(client, folder):
    _page, csrf, base = editor_page(client, "chile-law-enforcement")
    path = folder / "chile-law-enforcement.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited by hand meanwhile\n", encoding="utf-8")
    changed = path.read_bytes()
    sent = content(changed.decode("utf-8"))
    sent["observations"]["challenges"].append("A text typed in the browser.")
    response = save(client, "chile-law-enforcement", sent, csrf, base)
    assert response.status_code == 409
    assert "nothing was saved" in response.get_data(as_text=True)
    assert "A text typed in the browser." in response.get_data(as_text=True)
    assert path.read_bytes() == changed


def test_a_source_with_errors_is_saved_as_work_in_progress_but_not_rendered_for_issue(client, folder):
    _page, csrf, base = editor_page(client, "mongolia-criminalization")
    sent = content((folder / "mongolia-criminalization.yaml").read_text(encoding="utf-8"))
    sent["observations"]["challenges"] = ["Few cases have reached the courts.[^missing]"]
    response = save(client, "mongolia-criminalization", sent, csrf, base)
    message = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "as work in progress" in message and "cannot" not in message.split("work in progress")[0]
    findings, _ = validate_file(folder / "mongolia-criminalization.yaml")
    assert "footnotes.undefined" in {f.code for f in findings}
    assert client.get("/o/mongolia-criminalization/en/observations.pdf").status_code == 422
    assert client.get("/o/mongolia-criminalization/en/observations.docx").status_code == 422


def test_a_text_that_no_outcome_file_may_hold_is_refused_and_nothing_written(client, folder):
    path = folder / "chile-law-enforcement.yaml"
    before = path.read_bytes()
    _page, csrf, base = editor_page(client, "chile-law-enforcement")
    sent = content(before.decode("utf-8"))
    sent["observations"]["challenges"][0] = "A bell \x07 pasted from elsewhere."
    response = save(client, "chile-law-enforcement", sent, csrf, base)
    assert response.status_code == 422
    assert "input.control-character" in response.get_data(as_text=True)
    assert "A bell" in response.get_data(as_text=True)  # the text is kept on the page
    assert path.read_bytes() == before


def test_an_open_direction_override_is_an_error_saved_only_as_work_in_progress(client, folder):
    _page, csrf, base = editor_page(client, "chile-law-enforcement")
    sent = content((folder / "chile-law-enforcement.yaml").read_text(encoding="utf-8"))
    sent["observations"]["challenges"][0] = "Reversed \u202e text never closed."
    response = save(client, "chile-law-enforcement", sent, csrf, base)
    assert "work in progress" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "input.bidi-control" in {f.code for f in validate_file(folder / "chile-law-enforcement.yaml")[0]}


def test_the_check_puts_each_finding_at_its_paragraph_with_its_rule_and_advice(client, folder):
    _page, csrf, _base = editor_page(client, "mongolia-criminalization")
    sent = content((folder / "mongolia-criminalization.yaml").read_text(encoding="utf-8"))
    sent["observations"]["challenges"] = ["Few cases.", "Mongolia lags behind its neighbours."]
    sent["observations"]["articles"]["convention"] = [{"article": 23, "paragraphs": ["Obstruction of justice."]}]
    answer = client.post("/o/mongolia-criminalization/write/check", json={"content": sent},
                         headers={"X-CSRFToken": csrf}).get_json()
    by_place = {(f["place"], f["code"]): f for f in answer["findings"]}
    tone = by_place[("observations.challenges[1]", "tone.ranking")]
    assert tone["severity"] == "warning" and "lags behind" in tone["message"]
    assert ("observations.articles.convention@23.paragraphs", "sections.empty-article") not in by_place
    assert by_place[("observations.articles.convention@2.paragraphs", "sections.empty-article")]["advice"]
    assert answer["words"]["observations"]["limit"] == 1000 and answer["words"]["observations"]["words"] == 10
    written = {item["article"] for item in answer["coverage"] if item["written"]}
    assert written == {23}
    draft = client.get(f"/o/mongolia-criminalization/write/draft/{answer['draft']}/observations.html")
    assert draft.status_code == 200 and "default-src 'none'" in draft.headers["Content-Security-Policy"]
    assert re.search(r'<mark class="finding warning"[^>]*>Mongolia lags behind its neighbours\.</mark>',
                     draft.get_data(as_text=True))


# -- security: the same checks as the other pages ------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("GET", "/new"), ("POST", "/new"), ("GET", "/o/chile-law-enforcement/write"),
    ("POST", "/o/chile-law-enforcement/write"), ("POST", "/o/chile-law-enforcement/write/check"),
    ("GET", "/o/chile-law-enforcement/marked/en/observations.html"), ("GET", "/static/write.js")])
def test_every_editor_address_needs_the_token(folder, tmp_path, method, path):
    response = create_app(folder, TOKEN, tmp_path / "m.sqlite").test_client().open(path, method=method)
    assert response.status_code == 403


def test_writes_without_the_csrf_token_are_refused_and_write_nothing(client, folder):
    before = sorted(p.name for p in folder.iterdir()), (folder / "chile-law-enforcement.yaml").read_bytes()
    _page, _csrf, base = editor_page(client, "chile-law-enforcement")
    sent = content(before[1].decode("utf-8"))
    assert client.post("/o/chile-law-enforcement/write", data={"base": base, "content": json.dumps(sent)}).status_code == 400
    assert client.post("/o/chile-law-enforcement/write/check", json={"content": sent}).status_code == 400
    assert client.post("/new", data={"state": "Ghana"}).status_code == 400
    assert (sorted(p.name for p in folder.iterdir()), (folder / "chile-law-enforcement.yaml").read_bytes()) == before


def test_a_check_too_large_or_too_deep_is_refused_at_once(client):
    _page, csrf, _base = editor_page(client, "chile-law-enforcement")
    huge = client.post("/o/chile-law-enforcement/write/check", data="[" * 10 + "x" * (5 * 1024 * 1024),
                       headers={"X-CSRFToken": csrf, "Content-Type": "application/json"})
    assert huge.status_code == 413
    deep = client.post("/o/chile-law-enforcement/write/check", data="[" * 100_000 + "]" * 100_000,
                       headers={"X-CSRFToken": csrf, "Content-Type": "application/json"})
    assert deep.status_code == 400


def test_only_outcomes_of_the_folder_can_be_written(client, folder, tmp_path):
    outside = tmp_path / "secret.yaml"
    shutil.copy(CHILE, outside)
    (folder / "linked.yaml").symlink_to(outside)
    assert client.get("/o/linked/write").status_code == 404
    assert client.get("/o/..%2Fsecret/write").status_code == 404
    assert client.get("/o/no-such-outcome/write").status_code == 404
    assert outside.read_bytes() == CHILE.read_bytes()


def test_script_in_an_outcome_is_text_in_the_editor(client, folder):
    path = folder / "chile-law-enforcement.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Document examiners", "<script>alert(1)</script> examiners"),
                    encoding="utf-8")
    page = client.get("/o/chile-law-enforcement/write").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- findings in place ----------------------------------------------------------------------------------

def test_the_preview_of_a_document_with_warnings_marks_the_sentence_with_its_rule(client, folder):
    path = folder / "chile-law-enforcement.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Document examiners have been deployed", "The State ranks first in the region. Document examiners have been "
        "deployed"), encoding="utf-8")
    html = client.get("/o/chile-law-enforcement/marked/en/observations.html").get_data(as_text=True)
    mark = re.search(r'<mark class="finding warning" data-note="([^"]*)"[^>]*>([^<]*)</mark>', html)
    assert mark and mark.group(2) == "The State ranks first in the region."  # the sentence, not the paragraph
    assert "[tone.ranking]" in mark.group(1)
    assert "Document examiners" not in mark.group(2)


def test_a_document_with_errors_is_shown_with_its_problems_marked_instead_of_a_list(client, folder):
    preview = client.get("/o/mongolia-criminalization/preview").get_data(as_text=True)
    assert '<iframe class="document"' in preview and 'class="cannot"' not in preview
    assert "cannot be rendered for issue" in preview
    html = client.get("/o/mongolia-criminalization/marked/en/observations.html").get_data(as_text=True)
    assert "Not at a paragraph of this document" in html and "[sections.missing]" in html
    path = folder / "mongolia-criminalization.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  challenges: []", "  challenges:\n    - See [^nowhere]."),
                    encoding="utf-8")
    html = client.get("/o/mongolia-criminalization/marked/en/observations.html").get_data(as_text=True)
    sentence = re.search(r'<mark class="finding error">See </mark>.*?<mark class="finding error" data-note="([^"]*)"',
                         html)
    assert sentence and "[footnotes.undefined]" in sentence.group(1)  # the note closes the marked sentence


def test_an_article_still_to_be_written_is_marked_at_its_heading(client):
    html = client.get("/o/mongolia-criminalization/marked/en/observations.html").get_data(as_text=True)
    heading = re.search(r'<h4 class="level3"><mark class="finding error" data-note="([^"]*)"[^>]*>Article\s5\.', html)
    assert heading and "[sections.empty-article]" in heading.group(1)
    assert "article 5 of the convention" not in html.split('class="findings-elsewhere')[-1].split("</aside>")[0]
