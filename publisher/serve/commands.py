"""``publisher serve [DIR]``: its arguments, and running the server until Ctrl-C."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import parse_qsl

from ..blueprint import DEFAULT_DIR
from ..errors import EXIT_OK, EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from ..translate.resources import add_resource_options
from .security import TOKEN_PARAMETER, is_loopback, new_token

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765

SERVE_HELP = """\
A local web app for reviewers and translators, on the review outcomes (*.yaml) of DIR: the list
of outcomes with their validation findings; a preview of both documents in any of the six
languages beside the source; post-editing per language (source, draft, provenance, memory
matches, glossary terms, QA as you type); saving writes the translated outcome and the memory;
DOCX and PDF downloads.

The server listens on 127.0.0.1 only, and every request needs the random token printed at start
(open the printed address; it is kept in a cookie). Stop it with Ctrl-C.

examples:
  publisher serve samples/
  publisher serve --port 0 drafts/        (any free port)
"""


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    serve = subparsers.add_parser("serve", help="a local web app: preview, post-edit, download",
                                  description=SERVE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR",
                       help="folder of the review outcomes (default: the current folder)")
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help="address to listen on (default: 127.0.0.1; another than loopback needs --allow-remote)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0: any free port)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="allow a non-loopback --host: other machines can then reach the server (the token is "
                            "still needed, but travels unencrypted)")
    add_resource_options(serve, optional_memory=False)
    serve.set_defaults(handler=run_serve)
    return serve


def check_bind(host: str, allow_remote: bool) -> None:
    if not is_loopback(host) and not allow_remote:
        raise PublisherError(Finding("", 0, 0, "--host",
                                     f"{host} is not a loopback address: the server would be reachable from other "
                                     f"machines. Review material is confidential; use 127.0.0.1, or add "
                                     f"--allow-remote if you really mean it", "serve.remote-bind"),
                             exit_code=EXIT_UNREADABLE)


def quiet_handler():
    """Werkzeug's request handler, logging requests without the token (the address a browser
    opens first carries it; so may a request line too malformed to be read) and without the
    control characters a request line may hold (they would drive the terminal)."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, code="-", size="-") -> None:
            try:
                line = f"{self.command} {masked_address(self.path)}"
            except AttributeError:  # no path: the request line could not be read
                line = masked_text(self.requestline)
            self.log("info", '"%s" %s', line.translate(self._control_char_table), getattr(code, "value", code))

        def log_error(self, format: str, *args) -> None:  # "code 400, message Bad request syntax ('GET /?token=...')"
            self.log("error", "%s", masked_text(format % args).translate(self._control_char_table))

    return QuietHandler


def masked_address(address: str) -> str:
    """``/o/x/preview?lang=ar&token=...`` -> ``/o/x/preview?token=…`` (the token's name read as
    the server reads it, percent-encoded or not)."""
    path, _, query = address.partition("?")
    if any(key == TOKEN_PARAMETER for key, _value in parse_qsl(query, keep_blank_values=True)):
        return f"{path}?{TOKEN_PARAMETER}=…"
    return address


def masked_text(text: str) -> str:
    return " ".join(masked_address(word) for word in text.split(" "))


def make_app_server(app, host: str, port: int):
    """A threaded server for ``app`` (Werkzeug's, fine for one machine's users), bound now."""
    from werkzeug.serving import make_server

    try:
        return make_server(host, port, app, threaded=True, request_handler=quiet_handler())
    except OSError as error:
        raise PublisherError(Finding("", 0, 0, "--port", f"cannot listen on {host}:{port}: {error.strerror or error}"
                                     f" (another server there? --port 0 takes any free port)", "serve.bind"),
                             exit_code=EXIT_UNREADABLE) from None


def address(host: str, port: int, token: str) -> str:
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # all addresses: this machine's is one
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/?{TOKEN_PARAMETER}={token}"


def run_serve(arguments: argparse.Namespace) -> int:
    from .app import create_app

    check_bind(arguments.host, arguments.allow_remote)
    root = Path(arguments.directory)
    if not root.is_dir():
        raise PublisherError(Finding(str(root), 0, 0, "DIR", "is not a folder", "serve.no-folder"),
                             exit_code=EXIT_UNREADABLE)
    token = new_token()
    trusted = None if arguments.allow_remote else (arguments.host, "localhost", "127.0.0.1", "::1")
    app = create_app(root, token, arguments.memory, glossary_paths=arguments.glossary,
                     blueprint_dir=getattr(arguments, "blueprints", DEFAULT_DIR), trusted_hosts=trusted)
    server = make_app_server(app, arguments.host, arguments.port)
    print(f"publisher: serving the review outcomes of {root.resolve()}", file=sys.stderr)
    if arguments.allow_remote and not is_loopback(arguments.host):
        print("publisher: warning: reachable from other machines, over unencrypted HTTP", file=sys.stderr)
    print("publisher: open this address (it holds the access token; keep it to yourself); Ctrl-C stops:",
          file=sys.stderr)
    print(address(arguments.host, server.server_port, token), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("publisher: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return EXIT_OK
