"""Bad input at every entry point: each answers with one clear line naming the file, the field and
the rule, a defined exit code, and leaves every file that was there as it was.

The matrix: broken review outcomes through validate, render, translate and build; broken session
manifests; very large inputs; text files for segment and translate-text; glossaries (CSV, TBX) and
memories (TMX, the SQLite file); a full disk and an interrupted write for every command that
writes; an engine that crashes or hangs; a PDF whose language has no font installed.
"""
from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from publisher.load import MAX_INPUT_BYTES, MAX_TEXT_CHARACTERS
from publisher.translate.memory import TranslationMemory
from publisher.translate.segment import MAX_PARAGRAPH_CHARACTERS

from .conftest import MONGOLIA, SAMPLES, line_of

EXIT_INTERRUPTED = 130
SAMPLE = MONGOLIA.read_text(encoding="utf-8")
PREVIOUS = b"the previous edition, which must survive"
PREVIOUS_DRAFT = b"# the previous draft, which must survive\ntranslation: {status: draft}\n"  # may be replaced


# -- helpers ---------------------------------------------------------------------------------------
@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def finding(self, file: Path | str, code: str, *, inside: bool = False) -> str:
        """The line that reports ``code`` about ``file`` (or, ``inside``, about a file in that folder)."""
        start = f"{file}{os.sep if inside else ':'}"
        lines = [line for line in self.text.splitlines() if line.startswith(start) and line.endswith(f"[{code}]")]
        assert lines, f"no [{code}] finding about {file} in:\n{self.text}"
        return lines[0]


@pytest.fixture
def cli(capsys):
    def run(*arguments) -> Run:
        code = main([str(a) for a in arguments])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Run(code, captured.out, captured.err)

    return run


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to prove a failed command changed nothing)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


SESSION = """\
session:
  name: test-session
  date: 2026-11-27
  languages: [en]
  formats: [html]
  engine: none
working_groups:
  WG.3: {year: 2026, session: 16, place: Vienna, dates: [2026-12-14], agenda_item: 4,
         agenda_symbol: CTOC/COP/WG.3/2026/1}
outcomes:
  - file: outcome.yaml
    numbers: {observations: CRP.7, summary: 7}
"""


# -- broken review outcomes through every command that reads one -----------------------------------
@dataclass(frozen=True)
class BadOutcome:
    content: bytes
    code: str
    exit: int
    field: str = ""  # the field the finding names, when the problem has one


def _with_paragraph_text(text: str) -> str:
    start = "      Mongolia has adopted a comprehensive"
    return replace_once(SAMPLE, start, f"      {text} {start.lstrip()}")


FIRST_PARAGRAPH = "observations.successes_and_good_practices[0]"
EMPTY_DOCUMENTS = SAMPLE[:SAMPLE.index("\nobservations:")] + "\nobservations: {}\nsummary: {}\n"

BAD_OUTCOMES = {
    "truncated-inside-a-list": BadOutcome(SAMPLE[:SAMPLE.index("[Chile, Nor") + 11].encode(), "input.yaml-syntax",
                                          EXIT_UNREADABLE),
    "truncated-at-a-line-end": BadOutcome(SAMPLE[:SAMPLE.index("\n  technical_assistance_needs:") + 1].encode(),
                                          "schema.missing-field", EXIT_FINDINGS, "summary"),
    "wrong-type": BadOutcome(replace_once(SAMPLE, "  year: 2026\n", "  year: twenty-six\n").encode(),
                             "schema.wrong-type", EXIT_FINDINGS, "review.year"),
    "unknown-field": BadOutcome(replace_once(SAMPLE, "  cluster: criminalization\n",
                                             "  cluster: criminalization\n  colour: blue\n").encode(),
                                "schema.unknown-field", EXIT_FINDINGS, "review.colour"),
    "empty-file": BadOutcome(b"", "input.empty", EXIT_UNREADABLE),
    "empty-documents": BadOutcome(EMPTY_DOCUMENTS.encode(), "sections.missing", EXIT_FINDINGS,
                                  "observations.articles"),
    "utf-16-with-byte-order-mark": BadOutcome(SAMPLE.encode("utf-16"), "input.encoding", EXIT_UNREADABLE),
    "latin-1": BadOutcome(_with_paragraph_text("Déjà,").encode("latin-1", errors="replace"), "input.encoding",
                          EXIT_UNREADABLE),
    "control-character": BadOutcome(_with_paragraph_text("Bell\x07.").encode(), "input.control-character",
                                    EXIT_UNREADABLE),
    "noncharacter-u+fffe": BadOutcome(_with_paragraph_text("\ufffe").encode(), "input.control-character",
                                      EXIT_UNREADABLE),
    "unclosed-right-to-left-override": BadOutcome(_with_paragraph_text("\u202e2021").encode(), "input.bidi-control",
                                                  EXIT_FINDINGS, FIRST_PARAGRAPH),
    "ten-megabytes": BadOutcome(SAMPLE.encode() + (b"#" * 1023 + b"\n") * 10 * 1024, "input.too-large",
                                EXIT_UNREADABLE),
    "a-word-of-100000-characters": BadOutcome(_with_paragraph_text("x" * 100_000).encode(), "input.text-too-long",
                                              EXIT_FINDINGS, FIRST_PARAGRAPH),
}


def _outcome_folder(tmp_path: Path, content: bytes) -> tuple[Path, Path]:
    """outcome.yaml with ``content``, a session manifest naming it, and an output folder holding
    the previous edition of what each command would write."""
    (tmp_path / "outcome.yaml").write_bytes(content)
    (tmp_path / "session.yaml").write_text(SESSION, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name in ("outcome-summary-en.html", "manifest.json"):
        (out / name).write_bytes(PREVIOUS)
    (out / "outcome.fr.yaml").write_bytes(PREVIOUS_DRAFT)
    return tmp_path / "outcome.yaml", out


COMMANDS = {
    "validate": lambda outcome, out: ["validate", outcome],
    "render": lambda outcome, out: ["render", outcome, "--doc", "summary", "--format", "html", "-o", out],
    "translate": lambda outcome, out: ["translate", outcome, "--to", "fr", "--engine", "none", "--no-memory",
                                       "-o", out],
    "build": lambda outcome, out: ["build", outcome.parent / "session.yaml", "-o", out, "--engine", "none",
                                   "--no-memory", "--jobs", "1"],
}


@pytest.mark.parametrize("case", BAD_OUTCOMES.values(), ids=BAD_OUTCOMES.keys())
@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS.keys())
def test_a_bad_outcome_is_refused_naming_file_field_and_rule_and_nothing_changes(cli, tmp_path, command, case):
    outcome, out = _outcome_folder(tmp_path, case.content)
    before = snapshot(tmp_path)

    result = cli(*COMMANDS[command](outcome, out))

    assert result.code == case.exit
    line = result.finding(outcome, case.code)
    assert not case.field or f" {case.field}:" in line
    assert snapshot(tmp_path) == before


def test_an_encoding_problem_points_at_its_line_and_column(cli, tmp_path):
    outcome, _ = _outcome_folder(tmp_path, BAD_OUTCOMES["latin-1"].content)
    line = cli("validate", outcome).finding(outcome, "input.encoding")
    assert line.startswith(f"{outcome}:{line_of(MONGOLIA, 'Mongolia has adopted a comprehensive')}:8:")  # the é
    assert "UTF-8" in line


def test_utf_16_is_named_as_such(cli, tmp_path):
    outcome, _ = _outcome_folder(tmp_path, BAD_OUTCOMES["utf-16-with-byte-order-mark"].content)
    assert "is UTF-16 text" in cli("validate", outcome).finding(outcome, "input.encoding")


def test_every_finding_is_one_line(cli, tmp_path):
    outcome, _ = _outcome_folder(tmp_path, BAD_OUTCOMES["noncharacter-u+fffe"].content)
    result = cli("validate", outcome)
    assert len(result.out.splitlines()) == 1 and "U+FFFE" in result.finding(outcome, "input.control-character")


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [value] if isinstance(value, str) else []


def test_the_size_limits_are_far_above_any_real_outcome():
    from publisher.load import load_file

    samples = list(SAMPLES.glob("*.yaml"))
    assert MAX_INPUT_BYTES > 50 * max(path.stat().st_size for path in samples)
    assert MAX_TEXT_CHARACTERS > 10 * max(len(text) for path in samples for text in _texts(load_file(path).data))


# -- mixed right-to-left text: handled, and direction controls only when closed -----------------
def test_balanced_direction_controls_and_arabic_inside_english_render(cli, tmp_path):
    quoted = "the Penal Code (\u2067قانون العقوبات\u2069, \u202bالمادة 5\u202c) applies."
    outcome, out = _outcome_folder(tmp_path, _with_paragraph_text(quoted).encode())
    result = cli("render", outcome, "--doc", "observations", "--format", "html", "-o", out)
    assert result.code == EXIT_OK, result.text
    html = (out / "outcome-observations-en.html").read_text(encoding="utf-8").replace("\u00ad", "")  # soft hyphens
    assert quoted in html


def test_latin_text_inside_an_arabic_version_renders_in_reading_order(cli, tmp_path):
    latin = "(Criminal Code, art. 13.1; CTOC/COP/WG.3/2026/1)"
    arabic = replace_once((SAMPLES / "mongolia-criminalization.ar.yaml").read_text(encoding="utf-8"),
                          "في القانون الجنائي لعام 2015،", f"في القانون الجنائي {latin} لعام 2015،")
    (tmp_path / "x.ar.yaml").write_text(arabic, encoding="utf-8")
    for fmt in ("html", "docx", "txt"):
        assert cli("render", tmp_path / "x.ar.yaml", "--doc", "observations", "--format", fmt, "-o", tmp_path).code == 0
    expected = f"في القانون الجنائي {latin} لعام 2015، بصيغته"
    html = (tmp_path / "x-observations-ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html and expected in html
    with zipfile.ZipFile(tmp_path / "x-observations-ar.docx") as word:
        assert expected in word.read("word/document.xml").decode("utf-8")
    assert expected in (tmp_path / "x-observations-ar.txt").read_text(encoding="utf-8")


# -- broken session manifests ------------------------------------------------------------------
BAD_SESSIONS = {
    "truncated": (SESSION[:SESSION.index("{year") + 20], "input.yaml-syntax", EXIT_UNREADABLE, ""),
    "wrong-type": (SESSION.replace("year: 2026", "year: soon"), "schema.wrong-type", EXIT_FINDINGS,
                   "working_groups.WG.3.year"),
    "unknown-field": (SESSION.replace("  engine: none\n", "  engine: none\n  colour: red\n"), "schema.unknown-field",
                      EXIT_FINDINGS, "session.colour"),
    "no-outcomes": (SESSION[:SESSION.index("outcomes:")] + "outcomes: []\n", "schema.empty-text", EXIT_FINDINGS,
                    "outcomes"),
    "empty": ("", "input.empty", EXIT_UNREADABLE, ""),
}


@pytest.mark.parametrize("text, code, exit_code, field", BAD_SESSIONS.values(), ids=BAD_SESSIONS.keys())
def test_a_bad_session_manifest_is_refused_and_nothing_is_built(cli, tmp_path, text, code, exit_code, field):
    _, out = _outcome_folder(tmp_path, SAMPLE.encode())
    manifest = tmp_path / "session.yaml"
    manifest.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)

    result = cli("build", manifest, "-o", out, "--engine", "none", "--no-memory", "--jobs", "1")

    assert result.code == exit_code
    line = result.finding(manifest, code)
    assert not field or f" {field}:" in line
    assert snapshot(tmp_path) == before


def test_a_session_manifest_in_utf_16_is_refused(cli, tmp_path):
    _, out = _outcome_folder(tmp_path, SAMPLE.encode())
    manifest = tmp_path / "session.yaml"
    manifest.write_bytes(SESSION.encode("utf-16"))
    result = cli("build", manifest, "-o", out, "--engine", "none", "--no-memory")
    assert result.code == EXIT_UNREADABLE and "UTF-16" in result.finding(manifest, "input.encoding")


# -- very large inputs -------------------------------------------------------------------------
def test_ten_thousand_articles_give_findings_not_a_hang(cli, tmp_path):
    entries = "".join(f"      - article: {n}\n        paragraphs: [Text about this article.]\n"
                      for n in range(1, 10_001))
    start = SAMPLE.index("    convention:\n") + len("    convention:\n")
    end = SAMPLE.index("    trafficking-in-persons:\n")
    outcome, out = _outcome_folder(tmp_path, (SAMPLE[:start] + entries + SAMPLE[end:]).encode())
    assert outcome.stat().st_size < MAX_INPUT_BYTES

    result = cli("validate", outcome)

    assert result.code == EXIT_FINDINGS
    outside = [line for line in result.out.splitlines() if line.endswith("[coverage.article-outside-cluster]")]
    assert len(outside) == 10_000 - 8  # all but the eight articles of the cluster
    assert len({line.split(":")[1] for line in outside}) == len(outside)  # each on its own line of the file
    assert cli("render", outcome, "--doc", "all", "--format", "html", "-o", out).code == EXIT_FINDINGS
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "outcome-summary-en.html", "outcome.fr.yaml"]


def test_segment_refuses_a_ten_megabyte_paragraph_with_its_limit(cli, tmp_path):
    text = tmp_path / "one-paragraph.txt"
    text.write_text("The State party adopted measures. " * (10_000_000 // 34), encoding="utf-8")
    result = cli("segment", "--lang", "en", text)
    assert result.code == EXIT_UNREADABLE and result.out == ""
    line = result.finding(f"{text}:1:1", "input.segment-too-long")
    assert f"at most {MAX_PARAGRAPH_CHARACTERS:,}" in line


def test_segment_still_splits_a_large_text_of_ordinary_paragraphs(cli, tmp_path):
    paragraph = "The State party adopted measures. The reviewing experts noted them.\n\n"
    text = tmp_path / "many-paragraphs.txt"
    text.write_text(paragraph * 5_000, encoding="utf-8")
    result = cli("segment", "--lang", "en", text)
    assert result.code == EXIT_OK and len(result.out.splitlines()) == 10_000


# -- text files for segment and translate-text -------------------------------------------------
@pytest.mark.parametrize("command", [["segment", "--lang", "fr"],
                                     ["translate-text", "--from", "fr", "--to", "es", "--engine", "none",
                                      "--no-memory"]], ids=["segment", "translate-text"])
@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_text_file_that_is_not_utf8_is_refused(cli, tmp_path, command, encoding):
    text = tmp_path / "in.txt"
    text.write_bytes("Le Groupe de travail a pris note du rapport du Secrétariat.\n".encode(encoding))
    result = cli(*command, text)
    assert result.code == EXIT_UNREADABLE and result.out == ""
    result.finding(text, "input.encoding")


# -- glossaries --------------------------------------------------------------------------------
CSV_HEADER = "id,subject,source,en,fr\n"


@pytest.mark.parametrize("content, code, line", [
    ((CSV_HEADER + "term.x,term,,State\x07party,État partie\n").encode(), "glossary.csv-control-character", 2),
    ((CSV_HEADER + "term.x,term,,State party,État partie\n").encode("latin-1"), "glossary.csv-encoding", 0),
    ((CSV_HEADER + "term.x,term,,State party,État partie\n").encode("utf-16"), "glossary.csv-encoding", 0),
], ids=["control-character", "latin-1", "utf-16"])
def test_a_bad_csv_glossary_is_refused_and_the_old_export_kept(cli, tmp_path, content, code, line):
    glossary = tmp_path / "terms.csv"
    glossary.write_bytes(content)
    (tmp_path / "glossary.tbx").write_bytes(PREVIOUS)
    before = snapshot(tmp_path)

    result = cli("glossary", "export", "--glossary", glossary, "-o", tmp_path / "glossary.tbx")

    assert result.code == EXIT_UNREADABLE
    assert result.finding(glossary, code).startswith(f"{glossary}:{line}:")
    assert snapshot(tmp_path) == before


TBX_BODY = ('<martif type="TBX-Basic"><text><body><termEntry id="term.x"><langSet xml:lang="en"><tig>'
            '<term>State party</term></tig></langSet><langSet xml:lang="fr"><tig><term>État partie</term></tig>'
            '</langSet></termEntry></body></text></martif>\n')


@pytest.mark.parametrize("content", [
    ('<?xml version="1.0" encoding="UTF-16"?>\n' + TBX_BODY).encode("utf-16"),
    ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + TBX_BODY).encode("latin-1"),
], ids=["utf-16", "declared-latin-1"])
def test_a_tbx_in_another_declared_encoding_is_read(cli, tmp_path, content):
    (tmp_path / "in.tbx").write_bytes(content)
    assert cli("glossary", "export", "--glossary", tmp_path / "in.tbx", "-o", tmp_path / "out.tbx").code == EXIT_OK
    assert "État partie" in (tmp_path / "out.tbx").read_text(encoding="utf-8")


def test_a_truncated_tbx_is_refused_with_its_line(cli, tmp_path):
    glossary = tmp_path / "in.tbx"
    glossary.write_text('<?xml version="1.0"?>\n' + TBX_BODY[:TBX_BODY.index("<langSet xml:lang=\"fr\">")],
                        encoding="utf-8")
    result = cli("glossary", "export", "--glossary", glossary, "-o", tmp_path / "out.tbx")
    assert result.code == EXIT_UNREADABLE and result.finding(glossary, "tbx-syntax").startswith(f"{glossary}:2:")
    assert not (tmp_path / "out.tbx").exists()


# -- translation memories: TMX files and the SQLite file ---------------------------------------
TMX = ('<tmx version="1.4"><header srclang="en" datatype="plaintext"/><body>\n<tu><tuv xml:lang="en"><seg>Report '
       'of the Secretariat</seg></tuv><tuv xml:lang="fr"><seg>Rapport du Secrétariat</seg></tuv></tu>\n</body></tmx>\n')


@pytest.fixture
def memory_file(tmp_path) -> Path:
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as memory:
        memory.add("en", "es", "Technical assistance needs", "Necesidades de asistencia técnica", "official")
    return path


def _memory_rows(path: Path) -> list:
    with TranslationMemory(path) as memory:
        return list(memory.export_rows())


@pytest.mark.parametrize("content", [
    ('<?xml version="1.0" encoding="UTF-16"?>\n' + TMX).encode("utf-16"),
    ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + TMX).encode("latin-1"),
], ids=["utf-16", "declared-latin-1"])
def test_a_tmx_in_another_declared_encoding_is_imported(cli, tmp_path, memory_file, content):
    (tmp_path / "in.tmx").write_bytes(content)
    assert cli("tm", "import", tmp_path / "in.tmx", "--memory", memory_file).code == EXIT_OK
    assert ("en", "fr", "Report of the Secretariat", "Rapport du Secrétariat", "") in _memory_rows(memory_file)


@pytest.mark.parametrize("content, line", [
    (('<?xml version="1.0"?>\n' + TMX).encode("latin-1"), 3),
    (('<?xml version="1.0"?>\n' + TMX)[:-30].encode(), 3),
    (b"", 1),
], ids=["undeclared-latin-1", "truncated", "empty"])
def test_a_broken_tmx_is_refused_with_its_line_and_the_memory_unchanged(cli, tmp_path, memory_file, content, line):
    tmx = tmp_path / "in.tmx"
    tmx.write_bytes(content)
    before = snapshot(tmp_path)
    result = cli("tm", "import", tmx, "--memory", memory_file)
    assert result.code == EXIT_UNREADABLE
    assert result.finding(tmx, "tmx.xml-syntax").startswith(f"{tmx}:{line}:")
    assert snapshot(tmp_path) == before


def _damage_pages(path: Path) -> None:
    """Overwrites the start of every page after the first two: the header still says SQLite and
    the schema reads, but the tables are garbage (found only when a query reaches them)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(2 * page, len(data), page):
        data[offset:offset + 64] = b"\xde\xad" * 32
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged_memory(tmp_path) -> Path:
    path = tmp_path / "damaged.sqlite"
    rows = [("en", "fr", f"The Working Group met on day {n}.", f"Le Groupe de travail s'est réuni le jour {n}.", "")
            for n in range(400)]
    with TranslationMemory(path) as memory:
        memory.add_many(rows)
    with sqlite3.connect(path) as raw:  # everything in the main file, nothing left in the log
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    _damage_pages(path)
    return path


DAMAGED_MEMORY_COMMANDS = {
    "tm-stats": lambda memory, tmp: ["tm", "stats", "--memory", memory],
    "tm-export": lambda memory, tmp: ["tm", "export", "-o", tmp / "out" / "memory.tmx", "--memory", memory],
    "tm-import": lambda memory, tmp: ["tm", "import", tmp / "in.tmx", "--memory", memory],
    "translate": lambda memory, tmp: ["translate", MONGOLIA, "--to", "fr", "--engine", "none", "--memory", memory,
                                      "-o", tmp / "out"],
    "translate-text": lambda memory, tmp: ["translate-text", "--from", "en", "--to", "fr", "--engine", "none",
                                           "--memory", memory, tmp / "in.txt"],
}


@pytest.mark.parametrize("command", DAMAGED_MEMORY_COMMANDS.values(), ids=DAMAGED_MEMORY_COMMANDS.keys())
def test_a_corrupt_memory_is_refused_and_left_as_it_was(cli, tmp_path, damaged_memory, command):
    (tmp_path / "in.tmx").write_text(TMX, encoding="utf-8")
    (tmp_path / "in.txt").write_text("The Working Group met on day 7.\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "memory.tmx").write_bytes(PREVIOUS)
    (tmp_path / "out" / "mongolia-criminalization.fr.yaml").write_bytes(PREVIOUS_DRAFT)
    before = snapshot(tmp_path)

    result = cli(*command(damaged_memory, tmp_path))

    assert result.code == EXIT_UNREADABLE
    assert "is corrupt" in result.finding(damaged_memory, "memory.corrupt")
    assert snapshot(tmp_path) == before


def test_a_full_disk_under_the_memory_stores_nothing_of_the_import(cli, tmp_path, memory_file, monkeypatch):
    """SQLite's own "database or disk is full", simulated by capping the file at its present size."""
    prepare = TranslationMemory._prepare

    def capped(self):
        prepare(self)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(TranslationMemory, "_prepare", capped)
    units = "".join(f'<tu><tuv xml:lang="en"><seg>Unit number {n} of a long import.</seg></tuv><tuv xml:lang="fr">'
                    f"<seg>Unité numéro {n} d'un long import.</seg></tuv></tu>\n" for n in range(2_000))
    (tmp_path / "big.tmx").write_text(TMX.replace("<body>\n", "<body>\n" + units), encoding="utf-8")
    before = _memory_rows(memory_file)

    result = cli("tm", "import", tmp_path / "big.tmx", "--memory", memory_file)

    assert result.code == EXIT_UNREADABLE
    assert "full" in result.finding(memory_file, "memory.unavailable")
    monkeypatch.undo()
    assert _memory_rows(memory_file) == before


def test_an_interrupted_import_stores_nothing_of_it(cli, tmp_path, memory_file, monkeypatch):
    store = TranslationMemory._store
    calls = []

    def interrupted(self, unit):
        calls.append(unit)
        if len(calls) == 3:
            raise KeyboardInterrupt
        store(self, unit)

    monkeypatch.setattr(TranslationMemory, "_store", interrupted)
    units = "".join(f'<tu><tuv xml:lang="en"><seg>Unit {n}</seg></tuv><tuv xml:lang="fr"><seg>Unité {n}</seg></tuv>'
                    "</tu>\n" for n in range(10))
    (tmp_path / "in.tmx").write_text(TMX.replace("<body>\n", "<body>\n" + units), encoding="utf-8")
    before = _memory_rows(memory_file)

    assert cli("tm", "import", tmp_path / "in.tmx", "--memory", memory_file).code == EXIT_INTERRUPTED
    monkeypatch.undo()
    assert _memory_rows(memory_file) == before


# -- a full disk, an interrupted write: every command that writes a file -------------------------
def _glossary_csv(tmp: Path) -> Path:
    path = tmp / "terms.csv"
    path.write_text(CSV_HEADER + "term.x,term,,State party,État partie\n", encoding="utf-8")
    return path


WRITING_COMMANDS = {
    "render": (lambda tmp, memory: ["render", MONGOLIA, "--doc", "summary", "--format", "docx", "-o", tmp / "out"],
               "mongolia-criminalization-summary-en.docx"),
    "translate": (lambda tmp, memory: ["translate", MONGOLIA, "--to", "es", "--engine", "none", "--no-memory",
                                       "-o", tmp / "out"], "mongolia-criminalization.es.yaml"),
    "tm-export": (lambda tmp, memory: ["tm", "export", "--memory", memory, "-o", tmp / "out" / "memory.tmx"],
                  "memory.tmx"),
    "glossary-export": (lambda tmp, memory: ["glossary", "export", "--glossary", _glossary_csv(tmp),
                                             "-o", tmp / "out" / "glossary.tbx"], "glossary.tbx"),
    "build": (lambda tmp, memory: ["build", tmp / "session.yaml", "-o", tmp / "out", "--engine", "none",
                                   "--no-memory", "--jobs", "1"], "manifest.json"),
}


def _failing_fsync(failure: BaseException):
    def fsync(_descriptor):
        raise failure

    return fsync


@pytest.mark.parametrize("failure, exit_code", [
    (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), EXIT_UNREADABLE),
    (KeyboardInterrupt(), EXIT_INTERRUPTED),
], ids=["full-disk", "interrupted"])
@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=WRITING_COMMANDS.keys())
def test_a_failed_write_leaves_the_previous_file_and_no_debris(cli, tmp_path, memory_file, monkeypatch, command,
                                                               failure, exit_code):
    arguments, written = WRITING_COMMANDS[command]
    (tmp_path / "outcome.yaml").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "session.yaml").write_text(SESSION, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / written).write_bytes(PREVIOUS_DRAFT if written.endswith(".yaml") else PREVIOUS)
    argv = arguments(tmp_path, memory_file)
    before = snapshot(tmp_path)
    monkeypatch.setattr(os, "fsync", _failing_fsync(failure))

    result = cli(*argv)

    assert result.code == exit_code
    if exit_code == EXIT_UNREADABLE:
        assert "No space left on device" in result.finding(tmp_path / "out", "output.write-failed", inside=True)
    assert snapshot(tmp_path) == before  # the previous file whole, no temporary file left


# -- an engine that crashes or hangs -------------------------------------------------------------
@pytest.fixture
def fake_apertium(tmp_path, monkeypatch):
    """An ``apertium`` program first on PATH with the given shell body, and its language data."""
    data = tmp_path / "apertium-data"
    (data / "modes").mkdir(parents=True)
    (data / "modes" / "eng-spa.mode").write_text("cat\n", encoding="utf-8")
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("APERTIUM_DATADIR", str(data))

    def install(body: str) -> None:
        program = folder / "apertium"
        program.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)

    return install


HANGS = "sleep 600 > /dev/null 2>&1 &\nwait"
CRASHES = 'echo "apertium-eng-spa: mode file damaged" >&2; exit 3'


@pytest.mark.parametrize("body, words", [(HANGS, "did not finish within 0.5 s"), (CRASHES, "mode file damaged")],
                         ids=["hangs", "crashes"])
def test_translate_text_with_a_failing_engine_says_which_engine_and_why(cli, tmp_path, fake_apertium, monkeypatch,
                                                                         body, words):
    fake_apertium(body)
    monkeypatch.setenv("PUBLISHER_ENGINE_TIMEOUT", "0.5")
    (tmp_path / "in.txt").write_text("Training was provided to judges.\n", encoding="utf-8")

    result = cli("translate-text", "--from", "en", "--to", "es", "--engine", "apertium", "--no-memory",
                 tmp_path / "in.txt")

    assert result.code == EXIT_OK  # defined: untranslated lines are printed unchanged and counted
    assert result.out == "Training was provided to judges.\n"
    assert "1 line(s) not translated" in result.err and "apertium" in result.err and words in result.err


def test_translate_with_a_hanging_engine_ends_and_reports_it_in_the_draft(cli, tmp_path, fake_apertium, monkeypatch):
    fake_apertium(HANGS)
    monkeypatch.setenv("PUBLISHER_ENGINE_TIMEOUT", "0.5")

    result = cli("translate", MONGOLIA, "--to", "es", "--engine", "apertium", "--no-memory", "-o", tmp_path)

    assert result.code == EXIT_OK
    assert "[qa.engine]" in result.err and "apertium eng-spa did not finish within 0.5 s" in result.err
    report = json.loads((tmp_path / "mongolia-criminalization.es.qa.json").read_text(encoding="utf-8"))
    assert report["summary"]["untranslated"] > 0 and "mt" not in report["summary"]["origins"]
    assert "apertium eng-spa did not finish within 0.5 s" in report["help"]


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_a_bad_engine_timeout_is_refused_naming_the_variable(cli, tmp_path, fake_apertium, monkeypatch, value):
    fake_apertium("cat")
    monkeypatch.setenv("PUBLISHER_ENGINE_TIMEOUT", value)
    (tmp_path / "in.txt").write_text("Training.\n", encoding="utf-8")
    result = cli("translate-text", "--from", "en", "--to", "es", "--engine", "apertium", "--no-memory",
                 tmp_path / "in.txt")
    assert result.code == EXIT_UNREADABLE
    assert "PUBLISHER_ENGINE_TIMEOUT" in result.finding("engine apertium", "engine.bad-option")


# -- a language whose font is not installed ------------------------------------------------------
def test_a_pdf_whose_language_has_no_font_is_refused_naming_the_package(cli, tmp_path, monkeypatch):
    from publisher.render import fonts

    monkeypatch.setattr(fonts, "family_installed", lambda family, language: language != "ar")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mongolia-criminalization-summary-ar.pdf").write_bytes(PREVIOUS)
    before = snapshot(tmp_path)

    result = cli("render", MONGOLIA, "--lang", "ar", "--doc", "summary", "--format", "pdf", "-o", tmp_path / "out")

    assert result.code == EXIT_UNREADABLE
    line = result.finding("fonts", "render.missing-font")
    assert " language ar:" in line and "Amiri" in line and "fonts-hosny-amiri" in line
    assert snapshot(tmp_path) == before
    assert cli("render", MONGOLIA, "--lang", "ar", "--doc", "summary", "--format", "html",
               "-o", tmp_path / "out").code == EXIT_OK  # HTML only names its fonts


@pytest.mark.skipif(not any(Path(folder, "fc-list").exists() for folder in os.environ["PATH"].split(os.pathsep)),
                    reason="fontconfig's fc-list is not installed")
@pytest.mark.parametrize("language", ["ar", "zh", "en", "fr", "ru", "es"])
def test_the_fonts_of_every_language_are_found_on_this_machine(language):
    from publisher.render import fonts

    fonts.require_font(language)
    assert any(fonts.family_installed(family, language) for family in fonts.font_for(language).css_families)


@pytest.mark.skipif(not any(Path(folder, "fc-list").exists() for folder in os.environ["PATH"].split(os.pathsep)),
                    reason="fontconfig's fc-list is not installed")
def test_a_font_without_the_letters_of_the_language_does_not_count():
    from publisher.render import fonts

    assert fonts.family_installed("Liberation Serif", "en")
    assert not fonts.family_installed("Liberation Serif", "ar")  # on Arabic's list, but with no Arabic letters
    assert not fonts.family_installed("No Such Family", "en")


def test_without_fc_list_the_font_check_steps_aside(monkeypatch):
    from publisher.render import fonts

    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert fonts._ask_fontconfig("Amiri", "ar") is None
    monkeypatch.setattr(fonts, "family_installed", lambda family, language: None)
    fonts.require_font("ar")  # cannot tell: WeasyPrint is left to find a face


# -- models ----------------------------------------------------------------------------------------
def test_models_list_skips_damaged_installs_and_leaves_them(cli, tmp_path, monkeypatch):
    models = tmp_path / "models"
    for package, metadata in (("translate-en_es", b"{not json"), ("translate-fr_en", b"\xff\xfe"),
                              ("translate-en_ru", b'{"from_code": "../../etc", "to_code": "ru"}')):
        (models / package / "model").mkdir(parents=True)
        (models / package / "metadata.json").write_bytes(metadata)
        (models / package / "sentencepiece.model").write_bytes(b"spm")
        (models / package / "model" / "model.bin").write_bytes(b"weights")
    (models / "stray-file").write_bytes(b"x")
    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(models))
    before = snapshot(tmp_path)

    result = cli("models", "list")

    assert (result.code, result.out) == (EXIT_OK, "")
    assert "no models installed" in result.err
    assert snapshot(tmp_path) == before


def test_models_install_into_a_folder_that_is_a_file_is_refused(cli, tmp_path, monkeypatch):
    (tmp_path / "models").write_bytes(PREVIOUS)
    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(tmp_path / "models"))
    archive = tmp_path / "model.argosmodel"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("translate-en_es-1_0/metadata.json", json.dumps({"from_code": "en", "to_code": "es"}))
        bundle.writestr("translate-en_es-1_0/sentencepiece.model", b"spm")
        bundle.writestr("translate-en_es-1_0/model/model.bin", b"weights")
    before = snapshot(tmp_path)

    result = cli("models", "install", archive)

    assert result.code == EXIT_UNREADABLE and "cannot be written" in result.finding(tmp_path / "models",
                                                                                     "models.install-failed")
    assert snapshot(tmp_path) == before


def test_models_install_of_a_truncated_archive_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(tmp_path / "models"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("translate-en_es-1_0/metadata.json", json.dumps({"from_code": "en", "to_code": "es"}))
        archive.writestr("translate-en_es-1_0/model/model.bin", b"weights" * 1000)
    (tmp_path / "cut.argosmodel").write_bytes(buffer.getvalue()[:300])
    result = cli("models", "install", tmp_path / "cut.argosmodel")
    assert result.code == EXIT_UNREADABLE
    result.finding(tmp_path / "cut.argosmodel", "models.invalid")
    assert not (tmp_path / "models").exists() or not list((tmp_path / "models").iterdir())


def test_a_failing_engine_never_replaces_an_earlier_draft(cli, tmp_path, fake_apertium, monkeypatch):
    fake_apertium("cat")  # a working (if odd) engine: the first draft is made
    assert cli("translate", MONGOLIA, "--to", "es", "--engine", "apertium", "--no-memory", "-o", tmp_path).code == EXIT_OK
    fake_apertium(CRASHES)
    before = snapshot(tmp_path)

    result = cli("translate", MONGOLIA, "--to", "es", "--engine", "apertium", "--no-memory", "-o", tmp_path)

    assert result.code == EXIT_UNREADABLE
    assert "the existing draft is kept" in result.finding(str(tmp_path / "mongolia-criminalization.es.yaml"),
                                                          "translate.engine-failed")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", [("segment", "--lang", "en"), ("translate-text", "--from", "en", "--to", "es",
                                                                  "--engine", "none", "--no-memory")],
                         ids=["segment", "translate-text"])
def test_a_paragraph_too_long_to_segment_is_refused_at_its_line_before_any_output(cli, tmp_path, command):
    (tmp_path / "in.txt").write_text("A short first line.\n\n" + "word " * 250_000 + "\n", encoding="utf-8")
    result = cli(*command, tmp_path / "in.txt")
    assert result.code == EXIT_UNREADABLE and result.out == ""
    assert result.finding(f"{tmp_path / 'in.txt'}:3:1", "input.segment-too-long")


def test_text_that_is_not_utf8_is_reported_at_its_line_and_column(cli, tmp_path):
    (tmp_path / "in.txt").write_bytes("First line.\nSecond, caf".encode() + b"\xe9 latin-1.\n")
    result = cli("segment", "--lang", "fr", tmp_path / "in.txt")
    assert result.code == EXIT_UNREADABLE
    assert result.finding(f"{tmp_path / 'in.txt'}:2:12", "input.encoding")
