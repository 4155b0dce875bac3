"""What keeps the web app to the person who started it: a loopback address, a secret token, the
Host header, and response headers that keep pages from loading or leaking anything.

- The server binds to 127.0.0.1 unless told otherwise with ``--allow-remote``.
- A random token (printed at start, as Jupyter does) must come with the first request as
  ``?token=``; it is then kept in an HttpOnly, SameSite=Strict cookie and the address is cleaned
  of it. Any request without a valid token or cookie is refused with 403.
- The Host header must name a loopback host (a page elsewhere whose name resolves to 127.0.0.1,
  "DNS rebinding", gets 400).
- Every response says: no external resource (Content-Security-Policy), no MIME sniffing, no
  Referer, not framed by another site, not cached.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from urllib.parse import urlencode

TOKEN_PARAMETER = "token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

# The app's own pages: scripts and styles from its static folder only, frames of its own origin.
APP_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")
# A rendered document (shown in a frame): its own inline stylesheet, nothing else, no script at all.
# It keeps its origin (allow-same-origin) so that the preview's own script can scroll the two
# documents together; with no script allowed in it, the document itself can do nothing with it.
DOCUMENT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                   "form-action 'none'; frame-ancestors 'self'; sandbox allow-same-origin")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server to this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def cookie_name(token: str) -> str:
    """Cookies are not kept apart by port, so each server's cookie has a name of its own (from a
    digest of its token, which says nothing of the token)."""
    return "publisher-" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


def token_matches(expected: str, supplied: str | None) -> bool:
    if not supplied:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), supplied.encode("utf-8"))


def install(app: "Flask", token: str, trusted_hosts: tuple[str, ...] | None = LOOPBACK_NAMES) -> None:
    """Adds the token and Host checks before every request (static files included) and the
    security headers to every response. Call before anything else registers a before_request."""
    from flask import abort, redirect, request

    name = cookie_name(token)
    allowed = None if trusted_hosts is None else {h.lower() for h in trusted_hosts}

    @app.before_request
    def check_host():
        if allowed is not None and _hostname(request.host) not in allowed:
            abort(400, description="unexpected Host header: open the address printed when the server started")

    @app.before_request
    def check_token():
        supplied = request.args.get(TOKEN_PARAMETER)
        if supplied is not None:
            if not token_matches(token, supplied):
                abort(403)
            response = redirect(_without_token(), code=303)
            response.set_cookie(name, token, httponly=True, samesite="Strict", path="/")
            return response
        if not token_matches(token, request.cookies.get(name)):
            abort(403)
        return None

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", APP_POLICY)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers.setdefault("X-Frame-Options", "DENY")
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        headers["Cache-Control"] = "no-store"  # review material is confidential: keep it out of caches
        return response


_BRACKETED_HOST = re.compile(r"\[([^\[\]]*)\](?::\d*)?")


def _hostname(host: str) -> str:
    """``127.0.0.1:8765`` -> ``127.0.0.1``; ``[::1]:8765`` -> ``::1``. Anything after the bracket
    other than a port (``[::1]evil``) keeps the whole header, which no trusted name matches."""
    host = host.strip().lower()
    if host.startswith("["):
        bracketed = _BRACKETED_HOST.fullmatch(host)
        return bracketed.group(1) if bracketed else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _without_token() -> str:
    """The requested address without ``?token=``: a path of this server only (never ``//host``)."""
    from flask import request

    path = "/" + request.path.lstrip("/")
    rest = [(key, value) for key, values in request.args.lists() if key != TOKEN_PARAMETER for value in values]
    return path + ("?" + urlencode(rest) if rest else "")
