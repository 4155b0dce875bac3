"""Defaults and limits users rely on, pinned at their edges: the fuzzy memory threshold when none is
given (README: "fuzzy ≥ 90 %"), the 2 MB input limit, C1 control characters, a word limit of
exactly 1,000 words, a footnote cited twice."""
from __future__ import annotations

import pytest
import yaml
from rapidfuzz import fuzz

from publisher.errors import PublisherError
from publisher.findings import Severity
from publisher.load import MAX_INPUT_BYTES, load_bytes, load_file
from publisher.translate.engines import engine
from publisher.translate.memory import TranslationMemory
from publisher.translate.pipeline import Translator
from publisher.validate import validate_file
from publisher.validate.words import count_words, document_words

from .conftest import MONGOLIA, codes


# -- the fuzzy threshold --------------------------------------------------------------------------
STORED = "The reviewing States noted that the national authorities had adopted a comprehensive plan."
CLOSE = "The reviewing States noted that the national authorities had adopted a comprehensive plans."
FAR = "The reviewing States noted that the local authorities had adopted a detailed plan."


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as opened:
        opened.add("en", "es", STORED, "Los Estados examinadores señalaron que se había adoptado un plan.")
        yield opened


def origin(translator: Translator, sentence: str) -> str:
    [record] = translator.translate_lines([sentence], "en", "es").records
    return record.origin


def test_the_default_fuzzy_threshold_is_90_percent(memory):
    assert 90 <= fuzz.ratio(CLOSE, STORED) < 100 and 75 <= fuzz.ratio(FAR, STORED) < 90  # the premises
    translator = Translator(engine("none"), memory, None)  # no threshold given
    assert translator.fuzzy_accept == 90.0
    assert origin(translator, CLOSE) == "tm-fuzzy"
    assert origin(translator, FAR) not in ("tm-exact", "tm-fuzzy")  # below 90 % the memory is not used
    assert origin(translator, STORED) == "tm-exact"


def test_the_translate_command_defaults_to_the_same_threshold():
    from publisher.cli import build_parser
    arguments = build_parser().parse_args(["translate", str(MONGOLIA), "--to", "fr"])
    assert arguments.fuzzy == 90.0


def test_a_session_build_translates_with_the_default_threshold(monkeypatch, tmp_path):
    from publisher.package import build
    from publisher.package.session import load_session
    from .conftest import SESSION

    translator = build._translator(load_session(SESSION), build.BuildOptions(tmp_path, engine="none", no_memory=True))
    assert translator.fuzzy_accept == 90.0


# -- the size limit ---------------------------------------------------------------------------------
def padded_to(size: int) -> bytes:
    raw = MONGOLIA.read_bytes()
    padding = size - len(raw)
    lines, rest = divmod(padding, 1024)
    raw += (b"#" * 1023 + b"\n") * lines
    return raw + (b"#" * (rest - 1) + b"\n" if rest else b"")


def test_an_input_of_exactly_2_mb_is_read():
    raw = padded_to(MAX_INPUT_BYTES)
    assert len(raw) == MAX_INPUT_BYTES == 2 * 1024 * 1024
    assert load_bytes(raw, "outcome.yaml").data["review"]["state"]


@pytest.mark.parametrize("read", ["bytes", "file"])
def test_one_byte_over_2_mb_is_refused_before_it_is_read(tmp_path, read):
    raw = padded_to(MAX_INPUT_BYTES + 1)
    path = tmp_path / "outcome.yaml"
    path.write_bytes(raw)
    with pytest.raises(PublisherError) as refused:
        load_bytes(raw, "outcome.yaml") if read == "bytes" else load_file(path)
    [finding] = refused.value.findings
    assert finding.code == "input.too-large" and "at most 2 MB" in finding.message and refused.value.exit_code == 2


# -- control characters -----------------------------------------------------------------------------
@pytest.mark.parametrize("character", ["\x80", "\x85", "\x9b", "\x9f", "\x7f", "\x01", "\x1b", "\ufffe"])
def test_a_c0_or_c1_control_character_is_refused_at_its_line_and_column(character):
    text = MONGOLIA.read_text(encoding="utf-8")
    line_number = next(n for n, line in enumerate(text.splitlines(), 1) if "  state: " in line)
    text = text.replace("  state: ", f"  state: {character}", 1)
    with pytest.raises(PublisherError) as refused:
        load_bytes(text.encode(), "outcome.yaml")
    [finding] = refused.value.findings
    assert finding.code == "input.control-character"
    assert (finding.line, finding.column) == (line_number, len("  state: ") + 1)
    assert f"U+{ord(character):04X}" in finding.message


@pytest.mark.parametrize("character", ["\t", "\u00a0", "\u00ad", "\u200b", "\u202f"])
def test_tabs_and_ordinary_spaces_are_not_control_characters(character):
    text = MONGOLIA.read_text(encoding="utf-8").replace("the handling of complex cases.",
                                                        f"the handling of{character}complex cases.")
    assert load_bytes(text.encode(), "outcome.yaml").data


# -- words ------------------------------------------------------------------------------------------
def summary_words(path) -> int:
    _, outcome = validate_file(path)
    return document_words(outcome, outcome.documents["summary"])


@pytest.mark.parametrize("extra, over", [(0, False), (1, True)])
def test_exactly_1000_words_is_within_the_limit_and_1001_is_over(write_outcome, extra, over):
    start = summary_words(MONGOLIA)
    padding = " ".join(["implementation"] * (1000 - start + extra))
    path = write_outcome(change=lambda d: d["summary"]["challenges"].append(padding))
    findings, outcome = validate_file(path)
    assert document_words(outcome, outcome.documents["summary"]) == 1000 + extra
    assert ("words.over-limit" in codes(findings)) is over
    if over:
        [finding] = [f for f in findings if f.code == "words.over-limit"]
        assert "has 1,001 words" in finding.message and finding.severity is Severity.ERROR


def test_a_footnote_cited_twice_counts_once(write_outcome):
    data = yaml.safe_load(MONGOLIA.read_text(encoding="utf-8"))
    key, note = next(iter(data["footnotes"].items()))
    assert count_words(note) > 1
    once = write_outcome(change=lambda d: d["summary"]["challenges"].append(f"Cited here[^{key}]."), name="once.yaml")
    twice = write_outcome(change=lambda d: d["summary"]["challenges"].append(f"Cited here[^{key}] and here[^{key}]."),
                          name="twice.yaml")
    base = summary_words(MONGOLIA)
    cited_before = f"[^{key}]" in MONGOLIA.read_text(encoding="utf-8").split("\nsummary:")[1].split("\nfootnotes:")[0]
    note_words = 0 if cited_before else count_words(note)
    assert summary_words(once) == base + 2 + note_words
    assert summary_words(twice) == base + 4 + note_words


def test_a_translation_is_not_held_to_the_word_limit(write_outcome):
    from .conftest import SAMPLES
    padding = " ".join(["implementación"] * 1200)
    path = write_outcome(change=lambda d: d["summary"]["challenges"].append(padding),
                         base=SAMPLES / "mongolia-criminalization.es.yaml", name="mongolia-criminalization.es.yaml")
    findings, _ = validate_file(path)
    assert "words.over-limit" not in codes(findings)
