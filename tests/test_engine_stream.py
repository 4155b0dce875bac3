"""The pipeline feeds Apertium sentence by sentence while it prepares them (memory, protection)
and checks the translations as they come: the same drafts as one batch at the end, one process (the fallback's
sentences go into it after the first answers), and the same rules for a hang, a crash or a count that does not
match (nothing partial is kept)."""
from __future__ import annotations

import subprocess

import pytest

from publisher.load import load_file
from publisher.translate.engines import engine
from publisher.translate.pipeline import Translator

from .conftest import MONGOLIA
from .process_state import ended
from .test_engines import devset


class BatchOnly:
    """The same engine without ``stream``: the pipeline then sends one batch at the end."""

    def __init__(self, inner):
        self.inner, self.name = inner, inner.name

    def __getattr__(self, attribute):
        if attribute == "stream":
            raise AttributeError(attribute)
        return getattr(self.inner, attribute)


@pytest.fixture
def apertium():
    subject = engine("apertium")
    if subject.routes("en", "es") is None:
        pytest.skip(subject.missing_help("en", "es"))
    return subject


def test_a_streamed_draft_is_the_draft_of_one_batch(apertium, glossary, monkeypatch):
    started = []
    real_popen = subprocess.Popen

    def counting_popen(command, *arguments, **options):
        started.append(command[-1])
        return real_popen(command, *arguments, **options)

    lines = devset("en", 120)
    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    batch = Translator(BatchOnly(apertium), None, glossary).translate_lines(lines, "en", "es")
    assert started == ["eng-spa", "eng-spa"]  # these lines have sentences for the fallback: one more batch
    started.clear()
    streamed = Translator(apertium, None, glossary).translate_lines(lines, "en", "es")
    # one process for the sentences, their terms alone and the fallback, the sentences whose terms the
    # engine rendered otherwise in context, sent after the first answers (engine_run.Feed)
    assert started == ["eng-spa"]
    assert streamed.records == batch.records and streamed.data == batch.data
    outcome = load_file(MONGOLIA)
    assert (Translator(apertium, None, glossary).translate_outcome(outcome, "es").data
            == Translator(BatchOnly(apertium), None, glossary).translate_outcome(outcome, "es").data)


def test_a_route_through_a_pivot_is_one_batch_per_hop(apertium):
    assert apertium.stream("en", "fr") is None
    assert apertium.stream("en", "ru") is None


def _translate_through(subject, sentences):
    return Translator(subject, None, None).translate_lines(sentences, "en", "es")


def test_a_stream_that_hangs_is_stopped_with_its_children_and_nothing_is_kept(fake_apertium, tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv("FAKE_APERTIUM_PID_FILE", str(pid_file))
    subject = fake_apertium('sleep 600 > /dev/null 2>&1 & echo $! > "$FAKE_APERTIUM_PID_FILE"; wait', timeout=0.5)
    translation = _translate_through(subject, ["Training was provided.", "Firearms are marked."])
    assert "did not finish within 0.5 s" in translation.engine_failure
    assert {record.origin for record in translation.records} == {"untranslated"}
    assert ended(int(pid_file.read_text()))


@pytest.mark.parametrize("body,code", [
    ("cat > /dev/null; echo 'mode file damaged' >&2; exit 3", "exit status 3"),
    ("tr -d '\\000'", "cannot be matched"),
    ("cat; printf 'one more\\000'", "cannot be matched"),
], ids=["crash", "segments-run-together", "one-segment-too-many"])
def test_a_stream_that_fails_keeps_no_translation(fake_apertium, body, code):
    translation = _translate_through(fake_apertium(body), ["Training was provided.", "Firearms are marked."])
    assert code in translation.engine_failure
    assert {record.origin for record in translation.records} == {"untranslated"}


def test_a_stream_of_a_working_engine_gives_every_segment_in_order(fake_apertium):
    sentences = [f"Sentence number {n} ⟦0⟧." for n in range(100)]
    translation = _translate_through(fake_apertium("cat"), sentences)
    assert translation.data["lines"] == sentences and not translation.engine_failure


def test_segments_sent_after_the_first_answers_are_translated_by_the_same_process(apertium):
    stream = apertium.stream("en", "es")
    stream.send("Training was provided.")
    answers = stream.results(keep_input=True)
    first = next(answers)
    stream.send("Firearms are marked.")
    stream.end_input()
    assert [first, *answers] == apertium.translate(["Training was provided.", "Firearms are marked."], "en", "es")
    assert not stream.accepting


def test_an_engine_that_answers_only_once_its_input_ends_has_its_input_closed_after_a_silence(fake_apertium):
    subject = fake_apertium('kept=$(mktemp); cat > "$kept"; cat "$kept"; rm -f "$kept"', timeout=1.0)
    stream = subject.stream("en", "es")
    for segment in ("Training was provided.", "Firearms are marked."):
        stream.send(segment)
    assert list(stream.results(keep_input=True)) == ["Training was provided.", "Firearms are marked."]
    assert not stream.accepting
    with pytest.raises(ValueError, match="after the input was closed"):
        stream.send("One more.")


def test_a_stream_not_read_is_stopped(apertium):
    stream = apertium.stream("en", "es")
    stream.send("Training was provided.")
    stream.close()
    assert stream.process.poll() is not None


def test_a_batch_with_the_wrong_count_from_any_engine_is_an_engine_failure():
    class Short:
        name = "short"

        def routes(self, source, target):
            return [(source, target)]

        def describe_route(self, source, target):
            return "short en→es"

        def missing_help(self, source, target):
            return ""

        def translate(self, segments, source, target):
            return segments[:-1]

    translation = _translate_through(Short(), ["One sentence.", "Another sentence."])
    assert "returned 1 segments for 2" in translation.engine_failure
