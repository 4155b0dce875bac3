"""Properties over generated hostile files, run by tests/test_untrusted_properties.py in a child
process under a memory limit (RLIMIT_AS) and a time limit per example.

Whatever a file holds, the only outcomes of a command are success (0) or findings naming the file,
with exit 1 or 2: never an internal error (3), a traceback, a hang or gigabytes of memory.
Not collected by the suite itself (no ``test_`` prefix): the wrapper runs it with the limits.
"""
from __future__ import annotations

import contextlib
import copy
import io
import re
import shutil
import signal
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from publisher.cli import main

from .conftest import MONGOLIA, _dates_to_text

SECONDS_PER_COMMAND = 60
FINDING = re.compile(r"^((publisher|.+:\d+:\d+):( [^ ].*:)? .+|.+: unit .+: (error|warning): .+) \[[\w.-]+\]$")


def budget(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


class TookTooLong(Exception):
    pass


def _alarm(_signum, _frame):
    raise TookTooLong(f"a command ran over {SECONDS_PER_COMMAND} s")


def run(*arguments) -> tuple[int, str]:
    """``publisher ARGUMENTS`` in this process: its exit status and output, checked to be a success
    or findings (exit 1 or 2, each problem on a line of the finding format)."""
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_COMMAND)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in arguments])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    text = out.getvalue() + err.getvalue()
    assert code in (0, 1, 2), f"exit {code} for {arguments}:\n{text[-3000:]}"
    assert "Traceback" not in text and "internal error" not in text, text[-3000:]
    if code:
        assert any(FINDING.match(line) for line in text.splitlines()), f"exit {code} without a finding:\n{text}"
    return code, text


# -- YAML: any keys, scalars, tags, anchors, aliases, nesting, dates, escapes ---------------------
ESCAPES = ["\\0", "\\e", "\\x01", "\\x1b", "\\x85", "\\x9b", "\\u202e", "\\u2066", "\\u2069", "\\u202c", "\\uFFFE",
           "\\uFFFF", "\\U0010FFFF", "\\N", "\\_", "\\L", "\\P", "\\t", "\\n", "\\\\", '\\"', "\\ud800", "\\a", "\\b"]
TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!set", "!!omap", "!!timestamp", "!custom",
        "!!python/object:os.system", "!<tag:yaml.org,2002:str>", "!!map", "!!seq"]
DATES = ["2026-11-27", "2026-02-30", "2026-02-29", "2024-02-29", "0000-01-01", "2026-13-01", "9999-12-31",
         "2026-11-27T10:00:00Z", "2026-4-1"]
ANCHORS = ["a0", "a1", "a2"]
WORDS = st.sampled_from(["Mongolia", "Vienna", "convention", "General", "en", "fr", "ar", "1", "true", "null", "~",
                         "2026", "CRP.7", "[^code]", "*inter alia*", "x" * 150, "https://example.org/" + "a/" * 80,
                         "مرحبا", "中文", "\u202e", "\x85", "-", ":", "#", "?"])


def double_quoted(pieces: list[str]) -> str:
    return '"' + "".join(pieces) + '"'


plain_scalars = st.one_of(
    WORDS,
    st.sampled_from(DATES),
    st.integers(min_value=-(10 ** 40), max_value=10 ** 40).map(str),
    st.integers(min_value=0, max_value=6000).map(lambda n: "1" + "0" * n),
    st.sampled_from([".nan", ".inf", "-.inf", "1e999", "0x1F", "0o17", "1_000", "+1", "0.5", "yes", "no", "on"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12).map(lambda t: "'" + t.replace("'", "''") + "'"),
)
quoted_scalars = st.lists(st.one_of(st.sampled_from(ESCAPES), WORDS.map(lambda w: w.replace('"', ""))),
                          min_size=1, max_size=6).map(double_quoted)
long_scalars = st.integers(min_value=100, max_value=25_000).map(lambda n: "w" * n)
scalars = st.one_of(plain_scalars, quoted_scalars, long_scalars)


def tagged(values):
    return st.tuples(st.sampled_from(TAGS), values).map(lambda pair: f"{pair[0]} {pair[1]}")


def anchored(values):
    return st.tuples(st.sampled_from(ANCHORS), values).map(lambda pair: f"&{pair[0]} {pair[1]}")


aliases = st.sampled_from(ANCHORS).map(lambda name: f"*{name}")
keys = st.one_of(WORDS, st.sampled_from(["1", "'1'", "true", "null", "~", "2026-01-01", "[a, b]", "{a: 1}",
                                         "review", "state", "language", "dates"]), quoted_scalars)


def flow(children):
    sequences = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    mappings = st.lists(st.tuples(keys, children), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
    collections = st.one_of(sequences, mappings)
    return st.one_of(collections, anchored(collections), tagged(collections))


def deep_nesting(depth: int) -> str:
    return "[" * depth + "]" * depth


def alias_chain(levels: int, width: int) -> str:
    parts = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    parts += [f"&a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]" for n in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


fragments = st.one_of(
    st.recursive(st.one_of(scalars, tagged(scalars), anchored(scalars), aliases), flow, max_leaves=12),
    st.integers(min_value=40, max_value=1200).map(deep_nesting),
    st.tuples(st.integers(2, 9), st.integers(2, 9)).map(lambda p: alias_chain(*p)),
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


SAMPLE = yaml.safe_load(MONGOLIA.read_text(encoding="utf-8"))
_dates_to_text(SAMPLE)
PATHS = [p for p in _paths(SAMPLE) if p]
HOLE, HOLE_KEY = "HOLEVALUE13", "HOLEKEY13"


def with_fragment(data: dict, path: tuple, fragment: str, key: str | None) -> str:
    """The YAML text of ``data`` with the value at ``path`` replaced by ``fragment`` (or, given a
    ``key``, with a field ``key: fragment`` added beside it)."""
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if key is not None and isinstance(parent, dict):
        parent[HOLE_KEY] = HOLE
    else:
        parent[path[-1]] = HOLE
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return text.replace(HOLE_KEY, key or "").replace(HOLE, fragment)




def _at(data, path):
    for part in path:
        data = data[part]
    return data


TEXT_PATHS = [p for p in PATHS if isinstance(_at(SAMPLE, p), str) and len(_at(SAMPLE, p)) > 40]


def _text_with(path: tuple, pieces: list[str]) -> str:
    """The sample with the text at ``path`` rewritten as a double-quoted string of ``pieces``."""
    return with_fragment(SAMPLE, path, double_quoted(pieces), None)


texts = st.lists(st.one_of(st.sampled_from(ESCAPES), WORDS.map(lambda w: w.replace('"', "") + " ")),
                 min_size=1, max_size=8)
mutated_outcomes = st.one_of(
    st.tuples(st.sampled_from(PATHS), fragments, st.none() | keys).map(lambda t: with_fragment(SAMPLE, *t)),
    st.tuples(st.sampled_from(TEXT_PATHS), texts).map(lambda t: _text_with(*t)),
)


@budget(30)
@given(mutated_outcomes)
def test_any_outcome_is_validated_rendered_and_built_or_refused_with_findings(text):
    with tempfile.TemporaryDirectory() as folder:
        outcome = Path(folder, "outcome.yaml")
        outcome.write_text(text, encoding="utf-8", errors="surrogatepass")
        code, output = run("validate", outcome)
        event(f"validate exit {code}" + "".join(f" {m}" for m in sorted(set(re.findall(r"\[([\w.-]+)\]", output)))[:2]))
        render_code, _ = run("render", outcome, "--doc", "all", "--format", "html", "-o", Path(folder, "out"))
        assert (render_code == 0) == (code == 0)
        if code == 0:
            run("render", outcome, "--doc", "summary", "--format", "docx", "-o", Path(folder, "out"))
            run("render", outcome, "--doc", "observations", "--format", "txt", "-o", Path(folder, "out"))
        Path(folder, "session.yaml").write_text(SESSION, encoding="utf-8")
        build_code, _ = run("build", Path(folder, "session.yaml"), "-o", Path(folder, "built"), "--no-memory",
                            "--jobs", "1")
        assert (build_code == 0) == (code == 0)


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
SESSION_DATA = yaml.safe_load(SESSION)
_dates_to_text(SESSION_DATA)
SESSION_PATHS = [p for p in _paths(SESSION_DATA) if p]


@budget(15)
@given(st.tuples(st.sampled_from(SESSION_PATHS), fragments, st.none() | keys).map(
    lambda t: with_fragment(SESSION_DATA, *t)))
def test_any_session_manifest_is_built_or_refused_with_findings(text):
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(MONGOLIA, Path(folder, "outcome.yaml"))
        Path(folder, "session.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        run("build", Path(folder, "session.yaml"), "-o", Path(folder, "built"), "--no-memory", "--jobs", "1")


# -- XML and CSV: XLIFF, TMX, TBX, CSV glossaries --------------------------------------------------
xml_texts = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="<&"), max_size=30),
    st.sampled_from(["&amp;", "&lt;", "&#10;", "&#x1;", "&#xD800;", "&#xFFFE;", "&#x202E;", "&lol;", "]]>",
                     "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>"]),
    st.integers(min_value=1000, max_value=300_000).map(lambda n: "palabra " * (n // 8)),
)
attribute_values = st.one_of(st.sampled_from(["1", "2", "", "en", "es", "fr", "final", "reviewed", "initial",
                                              "translated", "done&#10;really", "D800", "110000", "zz", "-1",
                                              "2.1", "2.0", "1.2", "3.0", "../x.yaml", "/etc/passwd", "./"]),
                             st.text(alphabet=st.characters(codec="ascii", exclude_characters='<&"'), max_size=10))


def xml_elements(names: list[str], depth: int = 3):
    leaf = xml_texts
    element = st.deferred(lambda: st.tuples(
        st.sampled_from(names), st.lists(st.tuples(st.sampled_from(["id", "hex", "state", "equiv", "dataRef",
                                                                     "startRef", "xml:lang", "type", "subType"]),
                                                   attribute_values), max_size=3, unique_by=lambda a: a[0]),
        st.lists(st.one_of(leaf, element), max_size=3)).map(_element))
    return st.one_of(leaf, element)


def _element(parts) -> str:
    name, attributes, children = parts
    said = "".join(f' {key}="{value}"' for key, value in attributes)
    return f"<{name}{said}>{''.join(children)}</{name}>"


def mutated(document: str, replacement: str, at: float, cut: bool) -> str:
    """``document`` with ``replacement`` put at a point (fraction ``at``), or cut off there."""
    point = int(len(document) * at)
    return document[:point] if cut else document[:point] + replacement + document[point:]


XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"


def _first_unit() -> tuple[str, str]:
    """The id and source of the first unit of the French version of the sample, as exported."""
    with tempfile.TemporaryDirectory() as folder:
        for path in MONGOLIA.parent.glob("mongolia-criminalization*.yaml"):
            shutil.copy(path, Path(folder, path.name))
        run("xliff", "export", Path(folder, MONGOLIA.name), "--to", "fr", "-o", Path(folder, "x.xlf"))
        text = Path(folder, "x.xlf").read_text(encoding="utf-8")
    unit = re.search(r'<unit id="([^"]+)"[^>]*>.*?<source>(.*?)</source>', text, re.DOTALL)
    return unit.group(1), unit.group(2)


UNIT_ID, UNIT_SOURCE = _first_unit()


@budget(15)
@given(st.lists(xml_elements(["ph", "pc", "sc", "ec", "cp", "mrk", "sm", "em", "foo"]), max_size=4),
       st.sampled_from(["2.1", "2.0", "1.2", "3"]), st.sampled_from([XLIFF2, "urn:x", ""]),
       st.sampled_from(["reviewed", "final", "bogus&#10;state", "initial"]),
       st.sampled_from(["mongolia-criminalization.yaml", "", "./", "../x.yaml", "/etc/passwd"]))
def test_any_xliff_is_imported_or_refused_with_findings(target, version, namespace, state, source_file):
    with tempfile.TemporaryDirectory() as folder:
        for path in MONGOLIA.parent.glob("mongolia-criminalization*.yaml"):
            shutil.copy(path, Path(folder, path.name))
        xmlns = f' xmlns="{namespace}"' if namespace else ""
        xliff = Path(folder, "x.xlf")
        xliff.write_text(
            f'<?xml version="1.0"?>\n<xliff{xmlns} xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" '
            f'version="{version}" srcLang="en" trgLang="fr"><file id="f1"><mda:metadata>'
            f'<mda:metaGroup category="publisher"><mda:meta type="source-file">{source_file}</mda:meta>'
            f'</mda:metaGroup></mda:metadata><unit id="{UNIT_ID}"><segment state="{state}">'
            f'<source>{UNIT_SOURCE}</source><target>{"".join(target)}</target></segment></unit></file></xliff>\n',
            encoding="utf-8")
        run("xliff", "import", xliff, "--no-memory")


@budget(15)
@given(st.lists(st.tuples(st.sampled_from(["en", "fr", "es", "", "zz", "en-GB"]), xml_elements(["seg", "bpt", "ept",
                                                                                             "ph", "hi", "x"])),
                max_size=4), st.floats(0, 1), st.booleans())
def test_any_tmx_is_imported_or_refused_with_findings(variants, at, cut):
    units = "".join(f'<tu><tuv xml:lang="{lang}"><seg>{text}</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>'
                    for lang, text in variants)
    document = f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body>{units}</body></tmx>\n'
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "m.tmx").write_text(mutated(document, "<!DOCTYPE tmx>", at, cut and at > 0.5),
                                         encoding="utf-8")
        run("tm", "import", Path(folder, "m.tmx"), "--memory", Path(folder, "memory.sqlite"))


@budget(15)
@given(st.lists(st.tuples(st.sampled_from(["en", "fr", "zz", ""]), xml_elements(["term", "note", "descrip"]),
                          st.sampled_from(["preferredTerm-admn-sts", "deprecatedTerm-admn-sts", "bogus", ""])),
                max_size=4), st.floats(0, 1), st.booleans())
def test_any_tbx_is_read_or_refused_with_findings(terms, at, cut):
    entries = "".join(f'<termEntry id="e{n}"><langSet xml:lang="{lang}"><tig><term>{text}</term>'
                      f'<termNote type="administrativeStatus">{status}</termNote></tig></langSet></termEntry>'
                      for n, (lang, text, status) in enumerate(terms))
    document = f'<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body>{entries}</body></text></martif>\n'
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "g.tbx").write_text(mutated(document, "<x>", at, cut), encoding="utf-8")
        run("glossary", "export", "--glossary", Path(folder, "g.tbx"), "-o", Path(folder, "out.tbx"))


csv_cells = st.one_of(st.text(max_size=20), st.sampled_from(['"', '""', "a\nb", "\x00", "\x1b", "|", "a||b", "term",
                                                             "instrument", "\u202e"]),
                      st.integers(min_value=100_000, max_value=300_000).map(lambda n: '"' + "w" * n + '"'))


@budget(15)
@given(st.lists(st.sampled_from(["id", "subject", "source", "note", "en", "fr", "es_forbidden", "colour", ""]),
                max_size=6), st.lists(st.lists(csv_cells, max_size=6), max_size=4))
def test_any_csv_glossary_is_read_or_refused_with_findings(header, rows):
    with tempfile.TemporaryDirectory() as folder:
        text = ",".join(header) + "\n" + "".join(",".join(row) + "\n" for row in rows)
        Path(folder, "g.csv").write_text(text, encoding="utf-8", errors="surrogatepass")
        run("glossary", "export", "--glossary", Path(folder, "g.csv"), "-o", Path(folder, "out.tbx"))
