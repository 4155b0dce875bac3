"""What the web app's security layer promises, on an app of its own: which Host headers reach the
app, where the token's redirect goes, and what the cookie is called. (tests/test_serve.py checks the
same layer inside the real app.)"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from publisher.serve.security import _hostname, cookie_name, install, is_loopback, new_token

TOKEN = new_token()


@pytest.fixture
def client():
    app = Flask(__name__)
    install(app, TOKEN)

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def page(path):
        return "page " + path

    return app.test_client()


def _with_token(client, path, host):
    return client.get(path, query_string={"token": TOKEN}, headers={"Host": host})


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "127.0.0.1", "LOCALHOST:8765", "[::1]:8765", "[::1]"])
def test_a_loopback_host_with_or_without_its_port_reaches_the_app(client, host):
    assert _with_token(client, "/", host).status_code == 303


@pytest.mark.parametrize("host", ["attacker.example:8765", "127.0.0.1.attacker.example", "[::2]:8765",
                                  "localhost:8765:1", "::1", "[::1]evil"])
def test_a_host_that_only_looks_like_this_machine_is_refused(client, host):
    assert _with_token(client, "/", host).status_code == 400


@pytest.mark.parametrize("header, name", [
    ("127.0.0.1:8765", "127.0.0.1"), ("LocalHost", "localhost"), (" localhost:80 ", "localhost"),
    ("[::1]:8765", "::1"), ("[::1]", "::1"), ("[::1]:", "::1"), ("::1", "::1"), ("fe80::1", "fe80::1"),
    ("[::1]evil", "[::1]evil"), ("[::1]:8765]", "[::1]:8765]"), ("[::1]]", "[::1]]"), ("[::1]:80x", "[::1]:80x")])
def test_the_host_name_is_the_header_without_its_port_and_a_malformed_header_stays_whole(header, name):
    """Werkzeug already turns most malformed headers away; this parser does not rely on it."""
    assert _hostname(header) == name


def test_the_token_redirect_keeps_the_path_and_the_other_parameters_but_adds_nothing(client):
    bare = _with_token(client, "/Xylophone/page", "localhost")
    assert bare.headers["Location"] == "/Xylophone/page"
    with_query = client.get("/Xylophone", query_string=[("a", "1"), ("token", TOKEN), ("a", "2"), ("b", "x y")],
                            headers={"Host": "localhost"})
    assert with_query.headers["Location"] == "/Xylophone?a=1&a=2&b=x+y"


def test_each_server_cookie_is_named_after_a_short_digest_of_its_token():
    name = cookie_name(TOKEN)
    assert re.fullmatch(r"publisher-[0-9a-f]{12}", name)
    assert cookie_name(TOKEN) == name and cookie_name(TOKEN + "x") != name


def test_a_token_is_long_and_made_of_address_safe_characters():
    tokens = {new_token() for _ in range(20)}
    assert len(tokens) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)


@pytest.mark.parametrize("host", ["localhostX", "Xlocalhost", "localhost.example", "127.0.0.1x"])
def test_a_name_that_only_contains_a_loopback_name_is_not_loopback(host):
    assert is_loopback(host) is False
