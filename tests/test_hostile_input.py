"""Hostile input: files made to hurt. XML readers refuse entities (expansion bombs, local files,
the network); archives cannot write outside their folder; names taken from input cannot put a
file outside the output folder; editor text is only ever text in HTML, DOCX, PDF and Akoma Ntoso.

XLIFF has its own tests (publisher/interchange/xliff*). That the PDF writer fetches no URL is
tests/test_render.py::test_the_pdf_writer_fetches_no_url; zip slip, absolute names, symbolic links
and zip bombs of .argosmodel files are tests/test_engines.py; here are the cases those leave out.
"""
from __future__ import annotations

import http.server
import io
import re
import shutil
import stat
import subprocess
import threading
import warnings
import zipfile
from pathlib import Path

import pytest
import yaml

from publisher.cli import main
from publisher.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, PublisherError
from publisher.interchange import tbx, xmlsafe
from publisher.interchange.akn import NS as AKN_NS
from publisher.interchange.akn import document_text
from publisher.interchange.tmx import read_tmx
from publisher.translate.memory import TranslationMemory

from .conftest import MONGOLIA, _dates_to_text


@pytest.fixture
def cli(capsys):
    def run(*arguments):
        code = main([str(a) for a in arguments])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return code, captured.out + captured.err

    return run


def tree(folder: Path, *, leave_out: Path | None = None) -> dict[str, bytes]:
    """Every file under ``folder`` (but under ``leave_out``) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not (leave_out and p.is_relative_to(leave_out))}


# -- XML: no entities, no DTD from anywhere, no bombs --------------------------------------------
class RecordingServer(http.server.ThreadingHTTPServer):
    """A web server on the loopback interface that serves a DTD and remembers every request."""

    def __init__(self):
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                server.requests.append(self.path)
                body = b'<!ENTITY leak "fetched-from-the-network">'
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_port}/{path}"


@pytest.fixture
def web_server():
    server = RecordingServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


READERS = {
    "tmx": (lambda path: list(read_tmx(path)), "tmx.xml-entities", "tmx",
            '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>{text}</seg></tuv>'
            '<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>'),
    "tbx": (tbx.read, "tbx-entities", "martif",
            '<martif type="TBX-Basic"><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>{text}</term>'
            '</tig></langSet></termEntry></body></text></martif>'),
    "akn": (lambda path: document_text(xmlsafe.parse(path, rule="akn")), "akn-entities", "akomaNtoso",
            f'<akomaNtoso xmlns="{AKN_NS}"><doc name="listOfObservations"><mainBody><paragraph eId="para_1">'
            '<num>1.</num><content><p>{text}</p></content></paragraph></mainBody></doc></akomaNtoso>'),
}

BILLION_LAUGHS = "".join(['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">'
                                                      for n in range(1, 10)])  # 10^9 "lol" once expanded


def _hostile_documents(tmp_path: Path, server: RecordingServer, root: str) -> dict[str, str]:
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "do-not-leak">', encoding="utf-8")
    return {
        "billion-laughs": (f"<!DOCTYPE {root} [{BILLION_LAUGHS}]>", "&lol9;"),
        "a-local-file-through-a-parameter-entity": (
            f'<!DOCTYPE {root} [<!ENTITY % secret SYSTEM "{secret.as_uri()}"> %secret;]>', "&leak;"),
        "an-external-entity-over-the-network": (
            f'<!DOCTYPE {root} [<!ENTITY leak SYSTEM "{server.url("entity")}">]>', "&leak;"),
        "a-dtd-over-the-network-defining-the-entity": (f'<!DOCTYPE {root} SYSTEM "{server.url("doctype.dtd")}">',
                                                       "&leak;"),
    }


HOSTILE = ["billion-laughs", "a-local-file-through-a-parameter-entity", "an-external-entity-over-the-network",
           "a-dtd-over-the-network-defining-the-entity"]


@pytest.mark.enable_socket  # the loopback server; the parsers must not call it
@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("reader", READERS, ids=READERS.keys())
def test_xml_readers_refuse_entities_and_fetch_nothing(tmp_path, web_server, reader, case):
    read, code, root, template = READERS[reader]
    doctype, reference = _hostile_documents(tmp_path, web_server, root)[case]
    path = tmp_path / f"hostile.{reader}"
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{template.format(text=reference)}\n', encoding="utf-8")

    with pytest.raises(PublisherError) as raised:
        read(path)

    [finding] = raised.value.findings
    assert (finding.file, finding.code) == (str(path), code)
    assert "do-not-leak" not in finding.message and "fetched-from-the-network" not in finding.message
    assert web_server.requests == []


@pytest.mark.enable_socket
def test_a_tmx_naming_its_dtd_on_the_network_is_read_without_fetching_it(tmp_path, web_server):
    path = tmp_path / "toolkit.tmx"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "{web_server.url("tmx14.dtd")}">\n'
                    + READERS["tmx"][3].format(text="Report"), encoding="utf-8")
    assert list(read_tmx(path)) == [("en", "fr", "Report", "x", "")]
    assert web_server.requests == []


@pytest.mark.parametrize("reader", READERS, ids=READERS.keys())
def test_a_reference_to_an_undeclared_entity_is_refused_not_dropped(tmp_path, reader):
    """With a DTD named but not read, "&leak;" would stay an entity node and its text vanish."""
    read, code, root, template = READERS[reader]
    path = tmp_path / f"dropped.{reader}"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} SYSTEM "local.dtd">\n'
                    f'{template.format(text="Report &amp; &leak; annex")}\n', encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        read(path)
    assert raised.value.findings[0].code == code and "&leak;" in raised.value.findings[0].message


def test_tm_import_and_glossary_export_refuse_a_bomb_and_change_nothing(cli, tmp_path):
    memory = tmp_path / "memory.sqlite"
    with TranslationMemory(memory) as opened:
        opened.add("en", "fr", "Report", "Rapport")
    for reader in ("tmx", "tbx"):
        _, _, root, template = READERS[reader]
        (tmp_path / f"bomb.{reader}").write_text(f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{BILLION_LAUGHS}]>\n'
                                                 + template.format(text="&lol9;"), encoding="utf-8")
    before = tree(tmp_path)

    assert cli("tm", "import", tmp_path / "bomb.tmx", "--memory", memory) == (
        EXIT_UNREADABLE, f"{tmp_path / 'bomb.tmx'}:1:1: declares XML entities; entities are not accepted "
                         "[tmx.xml-entities]\n")
    code, output = cli("glossary", "export", "--glossary", tmp_path / "bomb.tbx", "-o", tmp_path / "out.tbx")
    assert code == EXIT_UNREADABLE and output.endswith("[tbx-entities]\n")
    assert tree(tmp_path) == before


# -- archives: nothing written outside the models folder -----------------------------------------
def _model_entries(extra: dict[str, tuple[bytes, int]]) -> bytes:
    """A .argosmodel zip: a valid model package plus ``extra`` entries (name -> (data, file type))."""
    import json

    top = "translate-en_es-1_0"
    entries = {f"{top}/metadata.json": (json.dumps({"from_code": "en", "to_code": "es"}).encode(), stat.S_IFREG),
               f"{top}/sentencepiece.model": (b"spm", stat.S_IFREG),
               f"{top}/model/model.bin": (b"weights", stat.S_IFREG), **extra}
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as bundle:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we mean to write
        for name, (data, kind) in entries.items():
            info = zipfile.ZipInfo(name.removesuffix("#again"))
            info.external_attr = (kind | 0o644) << 16
            bundle.writestr(info, data)
    return buffer.getvalue()


UNSAFE_ENTRIES = {
    "backslashes-climbing-out": {"translate-en_es-1_0\\..\\..\\evil": (b"owned", stat.S_IFREG)},
    "a-windows-drive": {"C:/evil": (b"owned", stat.S_IFREG)},
    "a-named-pipe": {"translate-en_es-1_0/model/evil": (b"", stat.S_IFIFO)},
    "a-device": {"translate-en_es-1_0/model/evil": (b"", stat.S_IFCHR)},
    "the-same-name-twice": {"translate-en_es-1_0/model/model.bin#again": (b"evil weights", stat.S_IFREG)},
}


@pytest.mark.parametrize("extra", UNSAFE_ENTRIES.values(), ids=UNSAFE_ENTRIES.keys())
def test_models_install_refuses_an_archive_that_would_write_elsewhere(cli, tmp_path, monkeypatch, extra):
    models = tmp_path / "home" / "models"
    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(models))
    archive = tmp_path / "incoming" / "hostile.argosmodel"
    archive.parent.mkdir()
    archive.write_bytes(_model_entries(extra))

    code, output = cli("models", "install", archive)

    assert code == EXIT_UNREADABLE
    assert output.startswith(f"{archive}:0:0: ") and output.rstrip().endswith("[models.unsafe-archive]")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["hostile.argosmodel"]
    assert not models.exists() or list(models.iterdir()) == []


# -- names from input stay inside the output folder ------------------------------------------------
SESSION = """\
session:
  name: {name}
  date: 2026-11-27
  languages: [en]
  formats: [html]
  engine: none
working_groups:
  WG.3: {{year: 2026, session: 16, place: Vienna, dates: [2026-12-14], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.3/2026/1}}
outcomes:
{outcomes}"""


def _session(folder: Path, *files: str, name: str = "test-session") -> Path:
    outcomes = "".join(f"  - file: {file}\n    numbers: {{observations: CRP.{n}, summary: {n}}}\n"
                       for n, file in enumerate(files, start=7))
    manifest = folder / "session.yaml"
    manifest.write_text(SESSION.format(name=name, outcomes=outcomes), encoding="utf-8")
    return manifest


def _build(cli, manifest: Path, out: Path):
    return cli("build", manifest, "-o", out, "--engine", "none", "--no-memory", "--jobs", "1")


@pytest.mark.parametrize("name", ["../escaped", "/tmp/escaped", "nested/name", "..", "."])
def test_a_session_name_cannot_name_a_file_outside_the_output(cli, tmp_path, name):
    folder = tmp_path / "session"
    folder.mkdir()
    shutil.copy(MONGOLIA, folder / "outcome.yaml")
    manifest = _session(folder, "outcome.yaml", name=f'"{name}"')
    before = tree(tmp_path)

    code, output = _build(cli, manifest, folder / "out")

    assert code == EXIT_FINDINGS
    assert f"{manifest}:2:" in output and " session.name: " in output and "[schema.invalid-value]" in output
    assert tree(tmp_path) == before and not (folder / "out").exists()


def test_an_outcome_from_another_folder_writes_only_inside_the_output(cli, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(MONGOLIA, tmp_path / "elsewhere" / "outcome.yaml")
    folder = tmp_path / "session"
    folder.mkdir()
    manifest = _session(folder, "../elsewhere/outcome.yaml")
    out = folder / "out"
    before = tree(tmp_path)

    code, output = _build(cli, manifest, out)

    assert code == EXIT_OK, output
    assert tree(tmp_path, leave_out=out) == before
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        ".publisher-build.json", ".publisher-zips.json", "en/outcome-observations-en.html", "en/outcome-summary-en.html",
        "manifest.json", "test-session-en.zip"]


def test_two_outcomes_of_one_name_are_refused_before_one_overwrites_the_other(cli, tmp_path):
    folder = tmp_path / "session"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        shutil.copy(MONGOLIA, folder / sub / "outcome.yaml")
    manifest = _session(folder, "a/outcome.yaml", "b/outcome.yaml")
    before = tree(tmp_path)

    code, output = _build(cli, manifest, folder / "out")

    assert code == EXIT_FINDINGS
    [line] = output.splitlines()
    assert line.startswith(f"{manifest}:13:5: outcomes[1].file: ") and line.endswith("[session.duplicate-name]")
    assert "outcomes[0].file" in line
    assert tree(tmp_path) == before


def test_symbols_with_climbing_parts_name_no_file(cli, tmp_path):
    text = MONGOLIA.read_text(encoding="utf-8")
    text = text.replace("observations: [CTOC/COP/WG.3/2026/CRP.7, CTOC/COP/WG.4/2026/CRP.7]",
                        "observations: CTOC/../../../../escaped/x")
    text = text.replace("summary: [CTOC/COP/WG.3/2026/7, CTOC/COP/WG.4/2026/7]", "summary: /CTOC/../../escaped")
    (tmp_path / "outcome.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("render", tmp_path / "outcome.yaml", "--doc", "summary", "--format", "html", "-o", out)[0] == 1

    (tmp_path / "outcome.yaml").write_text(text.replace("summary: /CTOC/../../escaped", "summary: CTOC/../../x"),
                                           encoding="utf-8")
    before = tree(tmp_path)
    for fmt in ("all", "akn", "txt"):
        code, output = cli("render", tmp_path / "outcome.yaml", "--doc", "all", "--format", fmt, "-o", out)
        assert code == EXIT_OK, output
    assert tree(tmp_path, leave_out=out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"outcome-{kind}-en.{ext}" for kind in ("observations", "summary") for ext in ("docx", "pdf", "html", "xml",
                                                                                        "txt"))


# -- editor text is text in every output ---------------------------------------------------------
FREE_TEXT = ("observations.", "summary.", "footnotes.", "issue.meetings[0].working_group", "issue.meetings[0].place")


def _with_scripts(data, path: str = "", fields: list | None = None):
    """The outcome with ``<script>alert(n)</script>`` added to its n-th free text field."""
    if isinstance(data, dict):
        return {k: _with_scripts(v, f"{path}.{k}" if path else k, fields) for k, v in data.items()}
    if isinstance(data, list):
        return [_with_scripts(v, f"{path}[{i}]", fields) for i, v in enumerate(data)]
    if isinstance(data, str) and path.startswith(FREE_TEXT):
        fields.append(path)
        return f"{data} <script>alert({len(fields)})</script>"
    return data


def _shown(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"<script>alert\((\d+)\)</script>", text)}


def _shown_escaped(markup: str) -> set[int]:
    return {int(n) for n in re.findall(r"&lt;script&gt;alert\((\d+)\)&lt;/script&gt;", markup)}


@pytest.fixture(scope="module")
def scripted(tmp_path_factory):
    """Every document of an outcome whose every free text carries a script, in every format."""
    folder = tmp_path_factory.mktemp("scripted")
    data = yaml.safe_load(MONGOLIA.read_text(encoding="utf-8"))
    _dates_to_text(data)
    fields: list[str] = []
    text = yaml.safe_dump(_with_scripts(data, "", fields), allow_unicode=True, sort_keys=False, width=100)
    (folder / "outcome.yaml").write_text(text, encoding="utf-8")
    for fmt in ("all", "akn", "txt"):
        assert main(["render", str(folder / "outcome.yaml"), "--doc", "all", "--format", fmt, "-o",
                     str(folder / "out")]) == 0
    return folder / "out", fields


def test_a_script_in_every_text_field_reaches_the_documents(scripted):
    out, fields = scripted
    shown = set()
    for kind in ("observations", "summary"):
        shown |= _shown((out / f"outcome-{kind}-en.txt").read_text(encoding="utf-8"))
    assert shown == set(range(1, len(fields) + 1)), "every field is in one of the documents"
    assert any("subparagraphs" in f for f in fields) and any(f.startswith("footnotes.") for f in fields)


@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_html_shows_every_script_as_text_and_loads_nothing(scripted, kind):
    out, _ = scripted
    expected = _shown((out / f"outcome-{kind}-en.txt").read_text(encoding="utf-8"))
    html = (out / f"outcome-{kind}-en.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert _shown_escaped(html) >= expected
    assert not re.search(r"\b(src|action)=|href=\"(?!#)|@import|url\(", html)


@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_docx_and_akn_carry_every_script_as_text(scripted, kind):
    out, _ = scripted
    expected = _shown((out / f"outcome-{kind}-en.txt").read_text(encoding="utf-8"))
    with zipfile.ZipFile(out / f"outcome-{kind}-en.docx") as word:
        parts = "".join(word.read(name).decode("utf-8") for name in word.namelist() if name.endswith(".xml"))
    assert "<script" not in parts and _shown_escaped(parts) >= expected
    akn = (out / f"outcome-{kind}-en.xml").read_text(encoding="utf-8")
    assert "<script" not in akn and _shown_escaped(akn) >= expected


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_pdf_shows_every_script_as_text(scripted, kind):
    out, _ = scripted
    expected = _shown((out / f"outcome-{kind}-en.txt").read_text(encoding="utf-8"))
    text = subprocess.run(["pdftotext", str(out / f"outcome-{kind}-en.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert _shown("".join(text.split())) >= expected  # lines may break inside "</script>"
