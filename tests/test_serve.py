"""`publisher serve`: the web app for reviewers and translators, through Flask's test client.

Security first (token, Host, CSRF, escaping, no external resource, loopback only), then what each
page shows and what saving writes. The same flows in a real browser are in test_browser.py.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from publisher.errors import PublisherError
from publisher.findings import Finding
from publisher.postedit import open_workset
from publisher.serve import commands as serve_commands
from publisher.serve.app import create_app
from publisher.serve.commands import add_serve_parser
from publisher.serve.security import cookie_name, is_loopback
from publisher.translate.memory import TranslationMemory
from publisher.validate import validate_file

from .conftest import MONGOLIA, SAMPLES, SESSION, _dates_to_text

TOKEN = "test-token-" + "x" * 32
GHANA = "ghana-international-cooperation"
SCRIPT = '<script>alert("owned")</script>'
FIRST_UNIT = "observations.successes_and_good_practices.0.s1"  # holds 2019 and the footnote marker [^icca]
NO_CODE_UNIT = "observations.successes_and_good_practices.2.s1"  # no number, symbol or footnote
DRAFT_NOTICE_ES = "Proyecto de traducción automática"  # boilerplate/es.yaml draft_notice


@pytest.fixture
def folder(tmp_path, spanish_draft):
    """A folder to serve: Mongolia in six languages, Ghana with its Spanish draft, a session manifest."""
    served = tmp_path / "outcomes"
    served.mkdir()
    for path in SAMPLES.glob("mongolia-criminalization*.yaml"):
        shutil.copy(path, served / path.name)
    for path in spanish_draft.iterdir():
        shutil.copy(path, served / path.name)
    shutil.copy(SESSION, served / SESSION.name)
    return served


@pytest.fixture
def memory_path(tmp_path):
    return tmp_path / "memory.sqlite"


@pytest.fixture
def app(folder, memory_path):
    return create_app(folder, TOKEN, memory_path)


@pytest.fixture
def client(app):
    """A browser that has opened the address with the token."""
    browser = app.test_client()
    assert browser.get(f"/?token={TOKEN}").status_code == 303
    return browser


def write_changed_outcome(folder: Path, name: str, change) -> Path:
    data = yaml.safe_load(MONGOLIA.read_text(encoding="utf-8"))
    _dates_to_text(data)
    change(data)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return path


def csrf_token(page_html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page_html).group(1)


def edit_form(client, name: str, language: str) -> tuple[str, dict]:
    """The post-editing page and the fields its form would send as it stands."""
    page = client.get(f"/o/{name}/edit/{language}").get_data(as_text=True)
    fields = {"csrf_token": csrf_token(page), "base": re.search(r'name="base" value="([^"]+)"', page).group(1),
              "confirm": "reviewed", "action": "save"}
    workset = open_workset(client.application.extensions["publisher"].catalog.root / f"{name}.yaml", language)
    for unit in workset.units:
        fields[f"target:{unit.id}"] = unit.target
        fields[f"state:{unit.id}"] = unit.state
        fields[f"source:{unit.id}"] = unit.source
    return page, fields


def every_page(name: str, languages=("en", "zh", "ar")) -> list[str]:
    pages = ["/", f"/o/{name}/preview"]
    for language in languages:
        pages += [f"/o/{name}/preview?lang={language}", f"/o/{name}/preview?lang={language}&doc=summary",
                  f"/o/{name}/{language}/observations.html", f"/o/{name}/{language}/summary.html"]
        if language != "en":
            pages.append(f"/o/{name}/edit/{language}")
    return pages


# -- the token -----------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("GET", "/"), ("GET", "/o/mongolia-criminalization/preview?lang=ar"),
    ("GET", "/o/mongolia-criminalization/ar/observations.html"), ("GET", "/o/mongolia-criminalization/ar/summary.pdf"),
    ("GET", f"/o/{GHANA}/edit/es"), ("GET", "/static/edit.js"), ("GET", "/no/such/page"),
    ("POST", f"/o/{GHANA}/edit/es"), ("POST", f"/o/{GHANA}/edit/es/check")])
def test_a_request_without_the_token_is_refused_with_403(app, method, path):
    response = app.test_client().open(path, method=method)
    assert response.status_code == 403
    assert b"token" in response.data


def test_a_wrong_token_is_refused_and_sets_no_cookie(app):
    browser = app.test_client()
    response = browser.get("/?token=" + "y" * 43)
    assert response.status_code == 403
    assert "Set-Cookie" not in response.headers
    browser.set_cookie(cookie_name(TOKEN), "y" * 43)
    assert browser.get("/").status_code == 403


def test_the_token_in_the_address_becomes_an_httponly_strict_cookie_and_leaves_the_address(app):
    browser = app.test_client()
    response = browser.get(f"/o/mongolia-criminalization/preview?lang=ar&token={TOKEN}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/o/mongolia-criminalization/preview?lang=ar"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{cookie_name(TOKEN)}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert browser.get(response.headers["Location"]).status_code == 200


def test_the_redirect_that_drops_the_token_stays_on_this_server(app):
    response = app.test_client().get("/", environ_overrides={"PATH_INFO": "//evil.example/page",
                                                             "QUERY_STRING": f"token={TOKEN}"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/evil.example/page"
    backslash = app.test_client().get("/", environ_overrides={"PATH_INFO": "/\\evil.example/page",
                                                              "QUERY_STRING": f"token={TOKEN}"})
    assert backslash.headers["Location"] == "/%5Cevil.example/page"  # "/\\" would be "//" to a browser


def test_each_server_has_its_own_cookie_name_that_does_not_reveal_its_token():
    assert cookie_name("a" * 43) != cookie_name("b" * 43)
    assert "a" * 8 not in cookie_name("a" * 43)


def test_a_host_header_naming_another_host_is_refused(client):
    """A page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) does not reach the app."""
    assert client.get(f"/?token={TOKEN}", headers={"Host": "attacker.example:8765"}).status_code == 400
    assert client.get(f"/?token={TOKEN}", headers={"Host": "127.0.0.1:8765"}).status_code == 303
    assert client.get(f"/?token={TOKEN}", headers={"Host": "[::1]:8765"}).status_code == 303
    assert client.get(f"/?token={TOKEN}", headers={"Host": "localhost"}).status_code == 303


# -- CSRF, headers, escaping, nothing external ----------------------------------------------------

def test_a_save_without_the_csrf_token_is_refused_and_writes_nothing(client, folder):
    before = (folder / f"{GHANA}.es.yaml").read_bytes()
    _page, fields = edit_form(client, GHANA, "es")
    fields[f"target:{FIRST_UNIT}"] = "Texto nuevo de 2019.[^icca]"
    del fields["csrf_token"]
    response = client.post(f"/o/{GHANA}/edit/es", data=fields)
    assert response.status_code == 400
    assert b"CSRF" in response.data
    assert (folder / f"{GHANA}.es.yaml").read_bytes() == before
    fields["csrf_token"] = "forged"
    assert client.post(f"/o/{GHANA}/edit/es", data=fields).status_code == 400
    assert (folder / f"{GHANA}.es.yaml").read_bytes() == before


def test_the_qa_check_needs_the_csrf_header(client):
    body = {"unit": FIRST_UNIT, "target": "Texto"}
    assert client.post(f"/o/{GHANA}/edit/es/check", json=body).status_code == 400


def test_every_page_says_load_nothing_from_elsewhere_and_send_no_referrer(client):
    for path in ["/", "/o/mongolia-criminalization/preview?lang=ar", f"/o/{GHANA}/edit/es", "/static/serve.css"]:
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy and headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"


def test_a_rendered_document_may_not_run_script_or_load_anything(client):
    response = client.get("/o/mongolia-criminalization/ar/observations.html")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    sandbox = re.search(r"sandbox([^;]*)", policy).group(1).split()
    assert sandbox == ["allow-same-origin"]  # no allow-scripts, no forms, no popups, no top navigation
    assert "frame-ancestors 'self'" in policy


def test_script_in_a_review_outcome_shows_as_text_on_every_page(client, folder):
    def add_script(data):
        data["observations"]["successes_and_good_practices"][0] = f"Mongolia {SCRIPT} has adopted a framework."
        data["footnotes"][next(iter(data["footnotes"]))] = f"Footnote {SCRIPT}."

    write_changed_outcome(folder, "scripted.yaml", add_script)
    write_changed_outcome(folder, "broken.yaml",
                          lambda data: data["review"]["reviewing_states"].__setitem__(0, SCRIPT))
    assert not validate_file(folder / "scripted.yaml")[0]
    shown = set()
    for path in every_page("scripted"):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert "<script>alert" not in page, path
        if "&lt;script&gt;alert(" in page:
            shown.add(path)
    # the text itself is there, as text: in the documents (the drafts keep it untranslated) and the editors
    assert {"/o/scripted/en/observations.html", "/o/scripted/zh/observations.html", "/o/scripted/ar/observations.html",
            "/o/scripted/edit/zh", "/o/scripted/edit/ar"} <= shown
    index = client.get("/").get_data(as_text=True)
    assert "is not a UNTERM short name of a State" in index and "&lt;script&gt;alert(&#34;owned&#34;)" in index


def test_no_page_points_to_another_server(client, folder):
    external = re.compile(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//|url\(\s*["']?(?:[a-z]+:)?//""",
                          re.IGNORECASE)
    pages = every_page("mongolia-criminalization", ("en", "ar", "zh", "fr")) + every_page(GHANA, ("es", "ru"))
    pages += ["/static/serve.css", "/static/edit.js"]
    for path in pages:
        page = client.get(path).get_data(as_text=True)
        assert not external.search(page), f"{path}: {external.search(page).group(0)}"
        assert "@import" not in page and "@font-face" not in page, path


# -- binding ---------------------------------------------------------------------------------------

def parse_serve(*words: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="publisher")
    add_serve_parser(parser.add_subparsers())
    return parser.parse_args(["serve", *words])


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org"])
def test_the_server_refuses_a_non_loopback_address_unless_told(monkeypatch, folder, host):
    monkeypatch.setattr(serve_commands, "make_app_server", lambda *a: pytest.fail("must not bind"))
    arguments = parse_serve(str(folder), "--host", host)
    with pytest.raises(PublisherError) as refused:
        arguments.handler(arguments)
    assert refused.value.exit_code == 2
    finding = refused.value.findings[0]
    assert finding.code == "serve.remote-bind" and "--allow-remote" in finding.message


def test_allow_remote_lets_a_non_loopback_address_through(monkeypatch, folder, memory_path):
    bound = []

    class Server:
        server_port = 9999

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    monkeypatch.setattr(serve_commands, "make_app_server", lambda app, host, port: bound.append(host) or Server())
    arguments = parse_serve(str(folder), "--host", "0.0.0.0", "--allow-remote", "--memory", str(memory_path))
    assert arguments.handler(arguments) == 0
    assert bound == ["0.0.0.0"]


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                            ("[::1]", True), ("localhost", True), ("0.0.0.0", False),
                                            ("::", False), ("192.168.0.1", False), ("host.example", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_the_address_printed_at_start_holds_the_token(monkeypatch, folder, memory_path, capsys):
    class Server:
        server_port = 43210

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    monkeypatch.setattr(serve_commands, "make_app_server", lambda app, host, port: Server())
    arguments = parse_serve(str(folder), "--memory", str(memory_path))
    assert arguments.handler(arguments) == 0
    printed = capsys.readouterr().out.strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:43210/\?token=[A-Za-z0-9_-]{43}", printed)


def test_a_missing_folder_is_a_usage_error(tmp_path):
    arguments = parse_serve(str(tmp_path / "nowhere"))
    with pytest.raises(PublisherError) as refused:
        arguments.handler(arguments)
    assert refused.value.exit_code == 2 and refused.value.findings[0].code == "serve.no-folder"


def test_the_request_log_leaves_out_the_token():
    handler_class = serve_commands.quiet_handler()
    handler = handler_class.__new__(handler_class)
    handler.command, handler.path = "GET", f"/o/x/preview?lang=ar&token={TOKEN}"
    logged = []
    handler.log = lambda kind, message, *values: logged.append(message % values)
    handler.log_request(303)
    assert logged == ['"GET /o/x/preview?token=…" 303']


def test_no_request_line_puts_the_token_or_a_control_character_in_the_log():
    handler_class = serve_commands.quiet_handler()
    logged = []

    def handler_for(requestline: str, path: str | None):
        handler = handler_class.__new__(handler_class)
        handler.command, handler.requestline = "GET", requestline
        if path is not None:
            handler.path = path
        handler.log = lambda kind, message, *values: logged.append(message % values)
        return handler

    unreadable = handler_for(f"GET /?token={TOKEN} a b HTTP/1.1", None)  # too many words: no path is read
    unreadable.log_error("code %d, message %s", 400, f"Bad request syntax ('GET /?token={TOKEN} a b HTTP/1.1')")
    unreadable.log_request(400)
    handler_for("", f"/?%74oken={TOKEN}").log_request(303)  # the name percent-encoded, as the server reads it
    handler_for("", "/\x1b]0;owned\x07").log_request(404)
    assert logged and not any(TOKEN in line or "\x1b" in line for line in logged), logged
    assert logged[2] == '"GET /?token=…" 303'


# -- the list ---------------------------------------------------------------------------------------

def test_the_list_shows_each_outcome_its_findings_and_its_language_versions(client, folder):
    write_changed_outcome(folder, "broken.yaml", lambda data: data["review"].__setitem__("year", 1999))
    page = client.get("/").get_data(as_text=True)
    assert "Mongolia, criminalization, 2026" in page and "Ghana, international cooperation, 2026" in page
    sections = {re.search(r'<span class="file">([^<]+)</span>', part).group(1): part
                for part in page.split('<section class="outcome"')[1:]}
    assert list(sections) == ["broken.yaml", f"{GHANA}.yaml", "mongolia-criminalization.yaml"]
    mongolia = sections["mongolia-criminalization.yaml"]
    for language in ("ar", "zh", "fr", "ru", "es"):
        assert f"<td>mongolia-criminalization.{language}.yaml</td>" in mongolia
    assert mongolia.count('<span class="status person-made">person-made</span>') == 5
    assert '<span class="count ok">valid</span>' in mongolia
    ghana = sections[f"{GHANA}.yaml"]
    assert f"<td>{GHANA}.es.yaml</td>" in ghana and '<span class="status draft">draft</span>' in ghana
    assert re.search(r'<span class="state translated">\d+ translated</span>', ghana)
    assert ghana.count("no version yet") == 4
    broken = sections["broken.yaml"]
    assert '<span class="count error">' in broken
    findings, _ = validate_file(folder / "broken.yaml")
    assert findings and all(f.message.replace("'", "&#39;") in page for f in findings)


def test_a_session_manifest_is_not_listed_as_an_outcome(client):
    page = client.get("/").get_data(as_text=True)
    assert "session.yaml" not in page


def test_an_unreadable_file_is_listed_with_its_problem(client, folder):
    (folder / "notes.yaml").write_text("review: [unclosed\n", encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert "notes.yaml" in page and "not readable" in page


# -- the preview -------------------------------------------------------------------------------------

def test_the_preview_shows_a_language_beside_the_source_right_to_left_for_arabic(client):
    page = client.get("/o/mongolia-criminalization/preview?lang=ar").get_data(as_text=True)
    assert re.search(r'<section class="pane" id="pane-en" lang="en" dir="ltr">', page)
    assert re.search(r'<section class="pane" id="pane-ar" lang="ar" dir="rtl">', page)
    assert 'src="/o/mongolia-criminalization/en/observations.html"' in page
    assert 'src="/o/mongolia-criminalization/ar/observations.html"' in page
    assert 'sandbox="allow-same-origin"' in page  # the preview's script scrolls both; the documents run none
    document = client.get("/o/mongolia-criminalization/ar/observations.html").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in document
    assert "الأمم المتحدة" in document


def test_the_preview_is_the_html_renderer_of_the_documents(client):
    from publisher.blueprint import load_blueprints
    from publisher.compose import compose
    from publisher.render import writer

    _, outcome = validate_file(SAMPLES / "mongolia-criminalization.zh.yaml")
    expected = writer("html").render(compose(outcome, "summary", load_blueprints()))
    assert client.get("/o/mongolia-criminalization/zh/summary.html").data == expected


def test_a_language_with_no_version_is_previewed_as_a_draft_made_in_memory(client, folder):
    page = client.get(f"/o/{GHANA}/preview?lang=zh").get_data(as_text=True)
    assert "draft made now from the memory and glossary, not saved" in page
    document = client.get(f"/o/{GHANA}/zh/observations.html").get_data(as_text=True)
    assert '<html lang="zh"' in document and 'class="untranslated"' in document
    assert not (folder / f"{GHANA}.zh.yaml").exists()


def test_an_outcome_with_errors_shows_its_findings_instead_of_a_document(client, folder):
    write_changed_outcome(folder, "broken.yaml", lambda data: data["review"].__setitem__("year", 1999))
    page = client.get("/o/broken/preview").get_data(as_text=True)
    assert "cannot be shown" in page and "<iframe" not in page
    assert client.get("/o/broken/en/observations.pdf").status_code == 422


@pytest.mark.parametrize("output_format, magic, media_type", [
    ("pdf", b"%PDF-", "application/pdf"),
    ("docx", b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])
def test_documents_download_as_pdf_and_docx(client, output_format, magic, media_type):
    response = client.get(f"/o/mongolia-criminalization/ar/summary.{output_format}")
    assert response.status_code == 200
    assert response.data.startswith(magic)
    assert response.headers["Content-Type"] == media_type
    assert response.headers["Content-Disposition"] == \
        f"attachment; filename=mongolia-criminalization-summary-ar.{output_format}"


@pytest.mark.parametrize("path", ["/o/nothing/preview", "/o/mongolia-criminalization/preview?lang=de",
                                  "/o/mongolia-criminalization/preview?doc=letter",
                                  "/o/mongolia-criminalization/ar/observations.exe",
                                  "/o/mongolia-criminalization/edit/en", "/o/..%2F..%2Fetc%2Fpasswd/preview",
                                  "/o/session/preview"])
def test_unknown_outcomes_languages_documents_and_formats_are_not_found(client, path):
    assert client.get(path).status_code == 404


# -- post-editing ------------------------------------------------------------------------------------

def test_the_post_editing_view_shows_source_draft_provenance_and_terms(client, folder):
    page = client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True)
    workset = open_workset(folder / f"{GHANA}.yaml", "es")
    unit = workset.unit(FIRST_UNIT)
    row = page[page.index(f'id="unit-{FIRST_UNIT}"'):]
    row = row[:row.index("</article>")]
    assert f'<textarea name="target:{FIRST_UNIT}" lang="es" dir="ltr"' in row
    assert f">{unit.target}</textarea>" in row
    # "Ghana has established ..." is drafted from a UN frame, its free part by the engine
    assert '<span class="origin origin-frame">frame</span>' in row and "apertium en→es" in row
    assert '<option value="translated" selected>' in row
    assert '<mark class="term" title="extradición">extradition</mark>' in row
    assert '<mark class="term" title="asistencia judicial recíproca">mutual legal assistance</mark>' in row
    assert ('<button type="button" class="code chip" dir="ltr" data-code="[^icca]" '
            'title="footnote [^icca]: insert in the translation"') in row


def test_the_post_editing_view_shows_the_best_memory_matches(client, memory_path, folder):
    unit = open_workset(folder / f"{GHANA}.yaml", "es").unit(FIRST_UNIT)
    near = unit.source.replace("unified framework", "single framework")
    with TranslationMemory(memory_path) as memory:
        memory.add("en", "es", near, "Traducción aprobada de la frase parecida.", "approved")
    page = client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True)
    row = page[page.index(f'id="unit-{FIRST_UNIT}"'):]
    row = row[:row.index("</article>")]
    assert "Traducción aprobada de la frase parecida." in row
    assert re.search(r'<span class="score">9\d %</span>', row)
    assert 'data-text="Traducción aprobada de la frase parecida."' in row
    assert '<span class="match-origin">approved</span>' in row
    assert '<del title="in the match, not in this source">single</del>' in row
    assert '<ins title="in this source, not in the match">unified</ins>' in row


def test_saving_writes_the_translated_outcome_its_report_and_the_memory(client, folder, memory_path):
    _page, fields = edit_form(client, GHANA, "es")
    source = fields[f"source:{FIRST_UNIT}"]
    edited = ("Ghana ha establecido un marco unificado de cooperación internacional en asuntos penales mediante la "
              "Ley de 2019,[^icca] que permite conceder la extradición y la asistencia judicial recíproca.")
    fields[f"target:{FIRST_UNIT}"] = edited
    response = client.post(f"/o/{GHANA}/edit/es", data=fields)
    assert response.status_code == 303
    report_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Saved {GHANA}.es.yaml" in report_page and "1 unit(s) changed" in report_page

    assert edited in " ".join((folder / f"{GHANA}.es.yaml").read_text(encoding="utf-8").split())
    record = next(s for s in json.loads((folder / f"{GHANA}.es.qa.json").read_text(encoding="utf-8"))["segments"]
                  if s["unit"] == FIRST_UNIT)
    assert (record["state"], record["origin"], record["target"]) == ("reviewed", "post-edited", edited)
    assert not [f for f in validate_file(folder / f"{GHANA}.es.yaml")[0] if f.severity.value == "error"]
    with TranslationMemory(memory_path) as memory:
        assert memory.exact(source, "en", "es").target == edited
    reopened = client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True)
    assert f">{edited}</textarea>" in reopened
    preview = client.get(f"/o/{GHANA}/es/observations.html").get_data(as_text=True).replace("\u00ad", "")
    assert edited.split(",")[0] in preview  # the preview hyphenates with soft hyphens


def test_a_refused_edit_is_reported_with_its_unit_id_and_the_text_is_kept(client, folder, memory_path):
    before = (folder / f"{GHANA}.es.yaml").read_bytes()
    _page, fields = edit_form(client, GHANA, "es")
    broken = "Ghana ha establecido un marco en 2019 sin la nota."
    fields[f"target:{FIRST_UNIT}"] = broken
    response = client.post(f"/o/{GHANA}/edit/es", data=fields)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Refused (shown below with your text; correct and save again): {FIRST_UNIT}" in page
    assert f"unit {FIRST_UNIT}: error: inline code" in page and "[postedit.inline-code]" in page
    assert f">{broken}</textarea>" in page
    assert f'<article class="unit refused" id="unit-{FIRST_UNIT}"' in page
    assert (folder / f"{GHANA}.es.yaml").read_bytes() == before
    with TranslationMemory(memory_path) as memory:
        assert memory.exact(fields[f"source:{FIRST_UNIT}"], "en", "es") is None


def test_saving_a_language_that_has_no_version_yet_writes_it(client, folder):
    assert not (folder / f"{GHANA}.zh.yaml").exists()
    _page, fields = edit_form(client, GHANA, "zh")
    fields[f"target:{NO_CODE_UNIT}"] = "国家主管机关介绍了与两个邻国就偷运路线信息交流达成的三边安排。"
    response = client.post(f"/o/{GHANA}/edit/zh", data=fields)
    assert response.status_code == 303
    written = folder / f"{GHANA}.zh.yaml"
    assert written.exists() and (folder / f"{GHANA}.zh.qa.json").exists()
    assert not [f for f in validate_file(written)[0] if f.severity.value == "error"]
    assert "三边安排" in written.read_text(encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert f"{GHANA}.zh.yaml" in page


def unit_row(page: str, unit: str) -> str:
    row = page[page.index(f'id="unit-{unit}"'):]
    return row[:row.index("</article>")]


def saved_segments(folder: Path, name: str, language: str) -> dict[str, dict]:
    report = json.loads((folder / f"{name}.{language}.qa.json").read_text(encoding="utf-8"))
    return {segment["unit"]: segment for segment in report["segments"]}


def answer_form(page: str) -> dict:
    """The fields of the question "Save and confirm all" asks, as its button sends them."""
    form = page[page.index('<form id="confirm-all"'):]
    form = form[:form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    return {**fields, "action": "accept-machine"}


def unedited_machine_units(folder: Path, edited: set[str] = frozenset()) -> list:
    workset = open_workset(folder / f"{GHANA}.yaml", "es")
    return [u for u in workset.units if u.id not in edited and u.target and u.origin not in ("post-edited", "human")
            and not any(i.severity == "error" for i in u.issues)]


def test_save_and_confirm_all_saves_the_edits_and_asks_first_with_the_count_of_unedited_machine_units(
        client, folder, memory_path):
    _page, fields = edit_form(client, GHANA, "es")
    fields[f"target:{NO_CODE_UNIT}"] = "Las autoridades nacionales describieron un acuerdo trilateral."
    fields["action"] = "confirm-all"
    waiting = unedited_machine_units(folder, {NO_CODE_UNIT})
    response = client.post(f"/o/{GHANA}/edit/es", data=fields)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Confirm {len(waiting)} machine-translated unit(s) that nobody has edited or confirmed?" in page
    assert "1 unit(s) changed" in page
    segments = saved_segments(folder, GHANA, "es")
    assert (segments[NO_CODE_UNIT]["state"], segments[NO_CODE_UNIT]["origin"]) == ("reviewed", "post-edited")
    assert {segments[u.id]["state"] for u in waiting} == {"translated"}  # nothing confirmed before the answer
    assert not any(segments[u.id].get("accepted") for u in waiting)
    with TranslationMemory(memory_path) as memory:
        assert memory.stats()["origins"].get("confirmed-mt") is None


def test_the_answer_stores_them_as_confirmed_machine_translation_and_the_draft_notice_stays(
        client, folder, memory_path):
    _page, fields = edit_form(client, GHANA, "es")
    fields["action"] = "confirm-all"
    waiting = unedited_machine_units(folder)
    asked = client.get(client.post(f"/o/{GHANA}/edit/es", data=fields).headers["Location"]).get_data(as_text=True)
    answer = answer_form(asked)
    assert answer["machine_units"] == str(len(waiting))
    response = client.post(f"/o/{GHANA}/edit/es", data=answer)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"0 unit(s) changed, {len(waiting)} machine-translated unit(s) confirmed as they are," in page
    segments = saved_segments(folder, GHANA, "es")
    assert all(segments[u.id]["accepted"] and segments[u.id]["state"] == "translated" for u in waiting)
    with TranslationMemory(memory_path) as memory:
        assert {memory.exact(u.source, "en", "es").origin for u in waiting} == {"confirmed-mt"}
    assert yaml.safe_load((folder / f"{GHANA}.es.yaml").read_text(encoding="utf-8"))["translation"]["status"] \
        == "draft"
    assert DRAFT_NOTICE_ES in client.get(f"/o/{GHANA}/es/observations.html").get_data(as_text=True)
    assert 'class="origin origin-accepted"' in unit_row(page, waiting[0].id)


def test_a_unit_confirmed_in_its_row_after_confirm_all_counts_as_confirmed_by_a_person(client, folder):
    _page, fields = edit_form(client, GHANA, "es")
    fields["action"] = "confirm-all"
    asked = client.get(client.post(f"/o/{GHANA}/edit/es", data=fields).headers["Location"]).get_data(as_text=True)
    client.post(f"/o/{GHANA}/edit/es", data=answer_form(asked))
    _page, fields = edit_form(client, GHANA, "es")
    for key in [k for k in fields if k.startswith("state:")]:
        fields[key] = "reviewed"
    client.post(f"/o/{GHANA}/edit/es", data=fields)
    report = json.loads((folder / f"{GHANA}.es.qa.json").read_text(encoding="utf-8"))
    assert report["status"] == "post-edited" and not any(s.get("accepted") for s in report["segments"])
    assert DRAFT_NOTICE_ES not in client.get(f"/o/{GHANA}/es/observations.html").get_data(as_text=True)


def test_an_answer_to_a_count_that_no_longer_holds_confirms_nothing_and_asks_again(client, folder):
    _page, fields = edit_form(client, GHANA, "es")
    fields["action"] = "confirm-all"
    asked = client.get(client.post(f"/o/{GHANA}/edit/es", data=fields).headers["Location"]).get_data(as_text=True)
    answer = answer_form(asked)
    right = answer["machine_units"]
    before = (folder / f"{GHANA}.es.qa.json").read_bytes()
    page = client.get(client.post(f"/o/{GHANA}/edit/es", data={**answer, "machine_units": "1"})
                      .headers["Location"]).get_data(as_text=True)
    assert "has changed since the question was asked; nothing was confirmed" in page
    assert f"Confirm {right} machine-translated unit(s)" in page
    assert (folder / f"{GHANA}.es.qa.json").read_bytes() == before


def test_confirm_all_with_no_machine_text_left_to_confirm_raises_the_units_at_once(client, folder):
    """Every unit confirmed in its row already: nothing to ask about, confirm all raises them to final."""
    _page, fields = edit_form(client, GHANA, "es")
    for key in [k for k in fields if k.startswith("state:")]:
        fields[key] = "reviewed"
    client.post(f"/o/{GHANA}/edit/es", data=fields)
    _page, fields = edit_form(client, GHANA, "es")
    fields["action"] = "confirm-all"
    fields["confirm"] = "final"
    page = client.get(client.post(f"/o/{GHANA}/edit/es", data=fields).headers["Location"]).get_data(as_text=True)
    assert 'id="confirm-all"' not in page
    report = json.loads((folder / f"{GHANA}.es.qa.json").read_text(encoding="utf-8"))
    assert {s["state"] for s in report["segments"]} == {"final"} and report["status"] == "final"


def test_after_a_save_a_unit_is_not_its_own_memory_match_and_the_count_is_what_changed(client, folder):
    _page, fields = edit_form(client, GHANA, "es")
    for key in [k for k in fields if k.startswith("state:")]:
        fields[key] = "reviewed"  # every unit confirmed once: all in the memory
    client.post(f"/o/{GHANA}/edit/es", data=fields)
    _page, fields = edit_form(client, GHANA, "es")
    edited = "Las autoridades nacionales describieron un acuerdo trilateral con dos países vecinos."
    fields[f"target:{NO_CODE_UNIT}"] = edited
    page = client.get(client.post(f"/o/{GHANA}/edit/es", data=fields).headers["Location"]).get_data(as_text=True)
    assert "1 unit(s) changed, 1 unit(s) added to or changed in the translation memory." in " ".join(page.split())
    row = unit_row(page, NO_CODE_UNIT)
    assert f'data-text="{edited}"' not in row and "100 %" not in row


def test_the_readable_qa_summary_is_rewritten_on_every_save(client, folder):
    summary = folder / f"{GHANA}.es.qa.txt"
    report = json.loads((folder / f"{GHANA}.es.qa.json").read_text(encoding="utf-8"))
    machine = sum(1 for segment in report["segments"] if segment["origin"] == "mt")
    assert f"mt: {machine}" in summary.read_text(encoding="utf-8")
    _page, fields = edit_form(client, GHANA, "es")
    fields[f"target:{NO_CODE_UNIT}"] = "Las autoridades nacionales describieron un acuerdo trilateral."
    client.post(f"/o/{GHANA}/edit/es", data=fields)
    text = summary.read_text(encoding="utf-8")
    assert f"mt: {machine - 1}" in text and "post-edited: 1" in text and "reviewed: 1" in text


def test_a_changed_state_alone_is_saved(client, folder):
    _page, fields = edit_form(client, GHANA, "es")
    fields[f"state:{FIRST_UNIT}"] = "final"
    client.post(f"/o/{GHANA}/edit/es", data=fields)
    states = {s["unit"]: s["state"] for s in
              json.loads((folder / f"{GHANA}.es.qa.json").read_text(encoding="utf-8"))["segments"]}
    assert states[FIRST_UNIT] == "final"
    assert set(states.values()) == {"final", "translated"}


def test_a_page_opened_before_another_save_cannot_overwrite_it(client, folder):
    _page, stale = edit_form(client, GHANA, "es")
    _page, fresh = edit_form(client, GHANA, "es")
    fresh[f"state:{FIRST_UNIT}"] = "final"
    client.post(f"/o/{GHANA}/edit/es", data=fresh)
    saved = (folder / f"{GHANA}.es.yaml").read_bytes()
    stale[f"target:{FIRST_UNIT}"] = "Texto de 2019 de una pestaña vieja.[^icca]"
    response = client.post(f"/o/{GHANA}/edit/es", data=stale)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "saved elsewhere" in page and "Texto de 2019 de una pestaña vieja.[^icca]</textarea>" in page
    assert (folder / f"{GHANA}.es.yaml").read_bytes() == saved


def test_qa_as_you_type_reports_what_is_wrong_with_a_text(client):
    page = client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True)
    headers = {"X-CSRFToken": csrf_token(page)}
    answer = client.post(f"/o/{GHANA}/edit/es/check", json={"unit": FIRST_UNIT, "target": "Ghana sin nota."},
                         headers=headers).get_json()
    codes = {issue["code"] for issue in answer["issues"]}
    assert "postedit.inline-code" in codes
    assert any("2019" in issue["message"] for issue in answer["issues"])
    good = client.post(f"/o/{GHANA}/edit/es/check", headers=headers, json={
        "unit": FIRST_UNIT, "target": "Ghana estableció en 2019,[^icca] un marco de cooperación internacional "
                                      "para la extradición y la asistencia judicial recíproca."}).get_json()
    assert not [i for i in good["issues"] if i["severity"] == "error"]
    assert client.post(f"/o/{GHANA}/edit/es/check", json={"unit": "no.such.unit", "target": "x"},
                       headers=headers).status_code == 404
    assert client.post(f"/o/{GHANA}/edit/es/check", json=["not", "an", "object"], headers=headers).status_code == 400


def test_qa_as_you_type_reopens_the_translation_only_when_its_files_changed(client, folder, monkeypatch):
    from publisher.serve import app as app_module

    page = client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True)
    headers = {"X-CSRFToken": csrf_token(page)}
    opened = []
    real = app_module.open_workset
    monkeypatch.setattr(app_module, "open_workset", lambda *a, **k: opened.append(a) or real(*a, **k))

    def check():
        return client.post(f"/o/{GHANA}/edit/es/check", json={"unit": FIRST_UNIT, "target": "Ghana."},
                           headers=headers).status_code

    assert (check(), check(), len(opened)) == (200, 200, 0)
    translation = folder / f"{GHANA}.es.yaml"
    translation.write_text(translation.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    assert (check(), len(opened)) == (200, 1)


# -- what a save must never lose or overwrite --------------------------------------------------------

def test_a_save_after_the_source_changed_is_refused_and_every_text_is_kept(client, folder):
    """The page was made from the source as it was: a unit may no longer be the one the translator
    saw (here the first paragraph gains a sentence, and its sentence units become one)."""
    _page, fields = edit_form(client, GHANA, "es")
    mine = f"Mi versión de 2019,[^icca] {SCRIPT}"
    fields[f"target:{FIRST_UNIT}"] = mine
    source = folder / f"{GHANA}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Ghana has established a unified", "Ghana reported progress. Ghana has established a unified"),
        encoding="utf-8")
    before = (folder / f"{GHANA}.es.yaml").read_bytes(), (folder / f"{GHANA}.es.qa.json").read_bytes()
    response = client.post(f"/o/{GHANA}/edit/es", data=fields)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "its source was changed" in page
    assert f'<span class="unit-id">{FIRST_UNIT}</span>' in page  # the unit is gone: its text is listed apart
    assert "Mi versión de 2019,[^icca] &lt;script&gt;alert(" in page and SCRIPT not in page
    assert ((folder / f"{GHANA}.es.yaml").read_bytes(), (folder / f"{GHANA}.es.qa.json").read_bytes()) == before


def test_a_text_no_document_may_hold_is_refused_by_its_unit_and_kept_while_the_others_are_saved(client, folder):
    _page, fields = edit_form(client, GHANA, "es")
    unclosed = "Las autoridades \u202edescribieron un arreglo trilateral."  # a direction override never closed
    fields[f"target:{NO_CODE_UNIT}"] = unclosed
    other = ("Ghana estableció en 2019,[^icca] un marco de cooperación internacional para la extradición y la "
             "asistencia judicial recíproca.")
    fields[f"target:{FIRST_UNIT}"] = other
    response = client.post(f"/o/{GHANA}/edit/es", data=fields, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "[postedit.text]" in page and NO_CODE_UNIT in page
    assert f">{unclosed}</textarea>" in page
    saved = (folder / f"{GHANA}.es.yaml").read_text(encoding="utf-8")
    assert "\u202e" not in saved and "un marco de cooperación internacional" in saved


def test_a_save_the_outcome_would_refuse_writes_nothing_and_keeps_every_text(client, folder, monkeypatch):
    from publisher.errors import PublisherError
    from publisher.findings import Finding
    from publisher.postedit import workset as workset_module

    def refuse(text, path):
        raise PublisherError(Finding(str(path), 3, 1, "review.cluster", "not a cluster", "schema.invalid-value"))

    monkeypatch.setattr(workset_module, "check_valid_outcome", refuse)
    _page, fields = edit_form(client, GHANA, "es")
    mine = "Las autoridades nacionales describieron un arreglo trilateral con dos Estados vecinos."
    fields[f"target:{NO_CODE_UNIT}"] = mine
    before = (folder / f"{GHANA}.es.yaml").read_bytes()
    response = client.post(f"/o/{GHANA}/edit/es", data=fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and "[schema.invalid-value]" in page
    assert f">{mine}</textarea>" in page
    assert (folder / f"{GHANA}.es.yaml").read_bytes() == before


def test_a_save_cut_short_before_the_report_keeps_the_text_in_the_page_and_in_the_outcome(client, folder, monkeypatch):
    from publisher.postedit import workset as workset_module
    _page, fields = edit_form(client, GHANA, "es")
    mine = "Las autoridades nacionales describieron un arreglo trilateral con dos Estados vecinos."
    fields[f"target:{NO_CODE_UNIT}"] = mine
    write = workset_module.write_atomic

    def disk_full_at_the_report(path, data):
        if path.name.endswith(".qa.json"):
            raise PublisherError(Finding(str(path), 0, 0, "", "cannot be written: No space left on device",
                                         "output.write-failed"))
        write(path, data)
    monkeypatch.setattr(workset_module, "write_atomic", disk_full_at_the_report)
    response = client.post(f"/o/{GHANA}/edit/es", data=fields)
    monkeypatch.undo()
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The save did not complete" in page and f">{mine}</textarea>" in page
    reopened = client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True)  # the outcome was written: the text is there
    assert mine in reopened


def test_two_saves_at_the_same_moment_from_pages_opened_together_write_one_and_refuse_the_other(
        app, folder, monkeypatch):
    from publisher.serve import app as app_module
    browsers = [app.test_client(), app.test_client()]
    forms = []
    for number, browser in enumerate(browsers):
        browser.get(f"/?token={TOKEN}")
        _page, fields = edit_form(browser, GHANA, "es")
        fields[f"target:{NO_CODE_UNIT}"] = f"Texto de la pestaña {number}."
        forms.append(fields)
    both_inside = threading.Barrier(2)
    apply = app_module.apply_edits

    def meet_then_apply(*arguments, **keywords):  # without the lock both saves would pass the stamp check here
        try:
            both_inside.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return apply(*arguments, **keywords)
    monkeypatch.setattr(app_module, "apply_edits", meet_then_apply)
    statuses = []
    def save(browser, fields):
        statuses.append(browser.post(f"/o/{GHANA}/edit/es", data=fields).status_code)
    threads = [threading.Thread(target=save, args=pair) for pair in zip(browsers, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303, 409]
    saved = open_workset(folder / f"{GHANA}.yaml", "es").unit(NO_CODE_UNIT).target
    assert saved in ("Texto de la pestaña 0.", "Texto de la pestaña 1.")


def test_a_link_out_of_the_folder_is_neither_served_nor_written(client, folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(MONGOLIA, elsewhere / "private.yaml")
    (folder / "private.yaml").symlink_to(elsewhere / "private.yaml")
    (folder / f"{GHANA}.fr.yaml").symlink_to(elsewhere / f"{GHANA}.fr.yaml")  # where a French save would go
    page = client.get("/").get_data(as_text=True)
    assert "private.yaml" in page and "[serve.outside-folder]" in page
    assert client.get("/o/private/preview").status_code == 404
    assert client.get("/o/private/en/summary.html").status_code == 404
    response = client.get(f"/o/{GHANA}/edit/fr")
    assert response.status_code == 422 and "[serve.outside-folder]" in response.get_data(as_text=True)
    assert (folder / f"{GHANA}.fr.yaml").is_symlink() and not (elsewhere / f"{GHANA}.fr.yaml").exists()


def test_a_download_of_an_outcome_with_a_hostile_file_name_has_a_plain_name(client, folder):
    name = 'a"b;c\r\nSet-Cookie: x=1'
    shutil.copy(MONGOLIA, folder / f"{name}.yaml")
    response = client.get(f"/o/{quote(name, safe='')}/en/summary.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=a_b_c_Set-Cookie_x_1-summary-en.docx"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_the_pages_are_flask_blueprints_one_per_task(app):
    """Browsing, post-editing and the Word round trip are blueprints of their own (no page is a
    nested function of one long setup function)."""
    assert {"browse", "editor", "word"} <= set(app.blueprints)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"browse.index", "browse.preview", "browse.document", "editor.edit", "editor.save", "editor.check",
            "word.upload", "word.apply"} <= endpoints
