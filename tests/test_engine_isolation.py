"""Argos and ct2 run their models in a child process, under Apertium's rules: a hung or crashing
engine is stopped and named, the caller goes on, and the earlier draft survives; memory is bounded
(RLIMIT_AS in the child) and its peak reported.

A hung engine is a real one made to hang (its process stopped with SIGSTOP, as a deadlock would
leave it); a crash is a real one killed. The tiny models come from tests/tiny_model.py.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from publisher.errors import PublisherError
from publisher.load import load_file
from publisher.translate.engines import EngineError, engine
from publisher.translate.pipeline import Translator

from .conftest import ROOT

pytest.importorskip("ctranslate2", reason="the isolated engines need the ctranslate2 package")
pytest.importorskip("sentencepiece", reason="the isolated engines need the sentencepiece package")

from .tiny_model import build_argosmodel, build_multilingual_model  # noqa: E402
from .process_state import ended  # noqa: E402

SENTENCES = ["The State party shall adopt measures.", "Training was provided to judges ⟦0⟧."]
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def model_folders(tmp_path_factory):
    from publisher.translate.models import install_model

    folder = tmp_path_factory.mktemp("isolation")
    install_model(build_argosmodel(folder / "archives", "en", "es", seed=1), folder / "argos")
    return {"argos": folder / "argos", "ct2": build_multilingual_model(folder / "ct2", "nllb", seed=2)}


def isolated(kind: str, folders: dict[str, Path], **options):
    where = {"argos": {"models_dir": folders["argos"]}, "ct2": {"model_dir": folders["ct2"]}}[kind]
    return engine(kind, max_decoding_length=12, **where, **options)


KINDS = ["argos", "ct2"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_model_runs_in_a_child_process_that_serves_every_batch(kind, model_folders):
    subject = isolated(kind, model_folders)
    first = subject.translate(SENTENCES, "en", "es")
    child = subject.pid()
    assert child is not None and child != os.getpid()
    assert subject.translate(SENTENCES, "en", "es") == first
    assert subject.pid() == child  # the model stays loaded between batches
    subject.close()
    assert subject.pid() is None and ended(child)


@pytest.mark.parametrize("kind", KINDS)
def test_a_hung_engine_is_stopped_within_its_timeout_and_named(kind, model_folders):
    subject = isolated(kind, model_folders, timeout=TIMEOUT)
    subject.translate(SENTENCES, "en", "es")
    child = subject.pid()
    os.kill(child, signal.SIGSTOP)  # it will never answer
    started = time.monotonic()
    with pytest.raises(EngineError) as raised:
        subject.translate(SENTENCES, "en", "es")
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 3
    assert raised.value.code == "engine.timeout"
    assert raised.value.findings[0].format().startswith(f"engine {kind}:0:0")
    assert "PUBLISHER_ENGINE_TIMEOUT" in raised.value.message
    assert ended(child)
    assert len(subject.translate(SENTENCES, "en", "es")) == 2  # the next batch has a new process
    assert subject.pid() != child


@pytest.mark.parametrize("kind", KINDS)
def test_a_crashed_engine_is_named_with_its_signal(kind, model_folders):
    subject = isolated(kind, model_folders)
    subject.translate(SENTENCES, "en", "es")
    child = subject.pid()
    os.kill(child, signal.SIGKILL)
    ended(child)
    with pytest.raises(EngineError) as raised:
        subject.translate(SENTENCES, "en", "es")
    assert raised.value.code == "engine.failed"
    assert raised.value.engine == kind and "killed by signal SIGKILL" in raised.value.message
    assert len(subject.translate(SENTENCES, "en", "es")) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_peak_memory_is_reported_with_its_limit(kind, model_folders):
    subject = isolated(kind, model_folders, memory_limit_mb=4096)
    assert subject.usage == {}
    subject.translate(SENTENCES, "en", "es")
    assert 10 < subject.usage["peak_memory_mb"] < 4096 and subject.usage["memory_limit_mb"] == 4096


@pytest.mark.parametrize("kind", KINDS)
def test_an_engine_over_its_memory_limit_fails_naming_the_limit(kind, model_folders):
    subject = isolated(kind, model_folders, memory_limit_mb=64)  # less than Python and the libraries need
    with pytest.raises(EngineError) as raised:
        subject.translate(SENTENCES, "en", "es")
    assert raised.value.code in ("engine.memory", "engine.failed") and raised.value.engine == kind
    assert "64 MB" in raised.value.message and "PUBLISHER_ENGINE_MEMORY" in raised.value.message


def test_the_memory_limit_comes_from_the_environment_and_must_be_a_number(model_folders, monkeypatch):
    monkeypatch.setenv("PUBLISHER_ENGINE_MEMORY", "3000")
    assert isolated("ct2", model_folders).memory_limit_mb == 3000
    monkeypatch.setenv("PUBLISHER_ENGINE_MEMORY", "lots")
    with pytest.raises(EngineError) as raised:
        isolated("ct2", model_folders)
    assert raised.value.code == "engine.bad-option" and raised.value.findings[0].field == "PUBLISHER_ENGINE_MEMORY"


def test_the_qa_report_gives_the_engine_memory(model_folders):
    translator = Translator(isolated("ct2", model_folders), None, None)
    translation = translator.translate_lines(SENTENCES, "en", "ru")
    usage = translation.report()["engine_memory"]["ct2"]
    assert usage["peak_memory_mb"] > 0 and usage["memory_limit_mb"] > usage["peak_memory_mb"]


def test_after_a_hung_engine_the_earlier_draft_survives(model_folders, tmp_path):
    from publisher.translate.output import write_translation

    outcome = ROOT / "samples" / "mongolia-criminalization.yaml"
    subject = isolated("ct2", model_folders, timeout=TIMEOUT)
    translator = Translator(subject, None, None)
    [draft, *_] = write_translation(outcome, translator.translate_outcome(load_file(outcome), "ru"), tmp_path)
    before = draft.read_bytes()
    os.kill(subject.pid(), signal.SIGSTOP)
    failed = translator.translate_outcome(load_file(outcome), "ru")
    assert "did not finish" in failed.engine_failure
    with pytest.raises(PublisherError) as raised:
        write_translation(outcome, failed, tmp_path)
    assert raised.value.findings[0].code == "translate.engine-failed"
    assert draft.read_bytes() == before
