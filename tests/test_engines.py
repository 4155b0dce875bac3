"""Machine translation engines: the contract every engine keeps, then what each one adds.

The contract tests run once per registered engine; the tests of what a translation gives run for
the engines that translate (not "none", which never does: its own test says so), and an engine
that cannot translate here (no Apertium installed) skips them, saying why. The Argos and ct2
engines run on tiny real models built by tests/tiny_model.py, in their child processes; "auto"
runs on the engines installed here plus those tiny models (its choices: test_engine_choice.py).
"""
from __future__ import annotations

import collections
import re
import stat
import subprocess
import sys
import zipfile
import tempfile
from pathlib import Path

import pytest

from publisher.errors import PublisherError
from publisher.reference import LANGUAGES
from publisher.translate import engines
from publisher.translate.engines import PLACEHOLDER, EngineError, engine, find_route

from .conftest import ROOT, SHARED
from .process_state import ended

DEVSET = SHARED / "data" / "unpc-devset"
OUR_SENTENCES = [
    "The State party shall adopt measures against the laundering of proceeds of crime.",
    "The reviewing experts noted that the central authority had been established in ⟦0⟧.",
    "Training was provided to judges and prosecutors.",
    "The State party should consider amending article ⟦1⟧ of its criminal code.",
    "Firearms are marked at the time of manufacture.",
    "⟦0⟧ and ⟦1⟧ were adopted without a vote.",
]
# Numbers and symbols, as protect.py would replace them (a simplified stand-in for these tests).
_PROTECTABLE = re.compile(r"[A-Z]+(?:\.\d+)?/[\w./-]+|\b[A-Z]{2,}\b|\d[\d,.]*\d|\d")


def devset(language: str, count: int, *, with_placeholders: bool = False) -> list[str]:
    """The first ``count`` dev-set sentences in ``language`` (read at run time, never copied)."""
    path = DEVSET / f"UNv1.0.devset.{language}"
    if not path.exists():
        pytest.skip(f"UN Parallel Corpus dev set not found at {path}")
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if with_placeholders:
            numbers = iter(range(100))
            line = _PROTECTABLE.sub(lambda _: f"⟦{next(numbers)}⟧", line)
            if not PLACEHOLDER.search(line):
                continue
        sentences.append(line.strip())
        if len(sentences) == count:
            return sentences
    return sentences


def placeholders(text: str) -> collections.Counter:
    return collections.Counter(PLACEHOLDER.findall(text))


# --- a tiny Argos model, built once per session ------------------------------------------------

@pytest.fixture(scope="session")
def tiny_archives(tmp_path_factory):
    pytest.importorskip("ctranslate2", reason="the argos engine needs the ctranslate2 package")
    pytest.importorskip("sentencepiece", reason="the argos engine needs the sentencepiece package")
    from .tiny_model import build_argosmodel

    folder = tmp_path_factory.mktemp("argosmodels")
    return {("en", "es"): build_argosmodel(folder / "en-es", "en", "es", seed=1),
            ("fr", "en"): build_argosmodel(folder / "fr-en", "fr", "en", seed=2)}


@pytest.fixture
def models_dir(tmp_path, tiny_archives):
    """A models directory holding the tiny en→es and fr→en models."""
    from publisher.translate.models import install_model

    directory = tmp_path / "models"
    for archive in tiny_archives.values():
        install_model(archive, directory)
    return directory


def argos(models_dir: Path):
    # short outputs: the tiny model's random weights rarely choose to stop
    return engine("argos", models_dir=models_dir, max_decoding_length=12)


def argos_in_process(models_dir: Path):
    """The Argos engine without its child process, for tests that look inside it."""
    from publisher.translate.engines.argos import ArgosEngine

    return ArgosEngine(models_dir=models_dir, max_decoding_length=12)


# The languages of the multilingual model of the contract tests: zh and ar are left out, so that
# some pairs have no route (the contract says what an engine does then).
CONTRACT_LANGUAGES = ("en", "fr", "es", "ru")


@pytest.fixture(scope="session")
def multilingual_dir(tmp_path_factory):
    """A tiny NLLB-layout model for en, fr, es and ru."""
    pytest.importorskip("ctranslate2", reason="the ct2 engine needs the ctranslate2 package")
    from .tiny_model import build_multilingual_model

    return build_multilingual_model(tmp_path_factory.mktemp("multilingual") / "nllb", "nllb", seed=4,
                                    languages=CONTRACT_LANGUAGES)


# --- the contract, for every registered engine --------------------------------------------------

PAIRS = [(source, target) for source in LANGUAGES for target in LANGUAGES if source != target]


@pytest.fixture(params=engines.names())
def subject(request, tmp_path):
    """(engine, a pair it routes or None, why it routes none) for each registered engine."""
    return _subject(request, request.param)


# The "none" engine routes nothing by design: the tests of what a translation gives run for the
# engines that translate, and test_the_none_engine_refuses_every_non_empty_batch says what none does.
@pytest.fixture(params=[name for name in engines.names() if name != "none"])
def translating(request, tmp_path):
    """As ``subject``, for each registered engine that translates."""
    return _subject(request, request.param)


def _subject(request, name):
    if name == "argos":
        subject_engine = argos(request.getfixturevalue("models_dir"))
    elif name == "ct2":
        subject_engine = engine("ct2", model_dir=request.getfixturevalue("multilingual_dir"), max_decoding_length=12)
    elif name == "auto":
        environment = request.getfixturevalue("monkeypatch")
        environment.setenv("PUBLISHER_MODELS_DIR", str(request.getfixturevalue("models_dir")))
        environment.setenv("PUBLISHER_CT2_MODEL", str(request.getfixturevalue("multilingual_dir")))
        subject_engine = engine("auto")
    else:
        subject_engine = engine(name)
    pair = next((pair for pair in [("en", "es"), *PAIRS] if subject_engine.routes(*pair) is not None), None)
    reason = f"{name} routes no pair here: {subject_engine.missing_help('en', 'es')}"
    return subject_engine, pair, reason


def routed(subject):
    subject_engine, pair, reason = subject
    if pair is None:
        pytest.skip(reason)
    return subject_engine, pair


class TestEngineContract:
    def test_an_empty_batch_gives_an_empty_list(self, subject):
        subject_engine, _, _ = subject
        assert subject_engine.translate([], "en", "es") == []

    def test_a_pair_without_a_route_raises_engine_error(self, subject):
        subject_engine, _, _ = subject
        source, target = next(pair for pair in PAIRS if subject_engine.routes(*pair) is None)
        with pytest.raises(EngineError) as raised:
            subject_engine.translate(["Some text."], source, target)
        assert raised.value.code == "engine.no-route"
        assert subject_engine.missing_help(source, target) in raised.value.message

    def test_routes_agree_with_translate_for_every_pair(self, subject):
        subject_engine, _, _ = subject
        for source, target in PAIRS:
            route = subject_engine.routes(source, target)
            if route is None:
                with pytest.raises(EngineError):
                    subject_engine.translate(["Training was provided."], source, target)
                continue
            assert route[0][0] == source and route[-1][1] == target
            assert all(hop[1] == next_hop[0] for hop, next_hop in zip(route, route[1:]))
            assert "→".join([source, *(hop[1] for hop in route)]) in subject_engine.describe_route(source, target)
            assert len(subject_engine.translate(["Training was provided."], source, target)) == 1


class TestTranslatingEngineContract:
    """What a translation gives; skipped, saying why, only for an engine that cannot run here."""

    def test_one_output_per_input_in_order(self, translating):
        subject_engine, (source, target) = routed(translating)
        batch = subject_engine.translate(OUR_SENTENCES, source, target)
        one_by_one = [subject_engine.translate([sentence], source, target)[0] for sentence in OUR_SENTENCES]
        assert batch == one_by_one
        assert len(set(batch)) == len(set(OUR_SENTENCES))

    def test_empty_segments_keep_their_place(self, translating):
        subject_engine, (source, target) = routed(translating)
        outputs = subject_engine.translate(["", OUR_SENTENCES[0], ""], source, target)
        assert len(outputs) == 3 and outputs[0].strip() == outputs[2].strip() == "" and outputs[1].strip()

    def test_placeholders_are_carried_through(self, translating):
        subject_engine, (source, target) = routed(translating)
        outputs = subject_engine.translate(OUR_SENTENCES, source, target)
        assert [placeholders(text) for text in outputs] == [placeholders(text) for text in OUR_SENTENCES]

    def test_the_same_input_gives_the_same_output(self, translating):
        subject_engine, (source, target) = routed(translating)
        assert subject_engine.translate(OUR_SENTENCES, source, target) == subject_engine.translate(
            OUR_SENTENCES, source, target)


# --- the registry -------------------------------------------------------------------------------

class EchoEngine:
    """A stand-in plugin engine: 'translates' by copying."""

    name = "echo"

    def routes(self, source, target):
        return [(source, target)]

    def translate(self, segments, source, target):
        return list(segments)

    def describe_route(self, source, target):
        return engines.describe(self.name, source, target, self.routes(source, target))

    def missing_help(self, source, target):
        return "nothing to install"


def test_the_registry_names_the_engines():
    assert engines.names()[:5] == ["none", "apertium", "argos", "ct2", "auto"]


def test_an_unknown_engine_is_a_finding_not_a_traceback():
    with pytest.raises(PublisherError) as raised:
        engine("babelfish")
    assert raised.value.findings[0].code == "engine.unknown"
    assert "apertium" in raised.value.findings[0].message


def test_a_bad_option_is_a_finding():
    with pytest.raises(EngineError) as raised:
        engine("apertium", colour="blue")
    assert raised.value.code == "engine.bad-option"


def test_a_registered_engine_is_loaded_by_name(monkeypatch):
    monkeypatch.setitem(engines.ENGINES, "echo", f"{__name__}:EchoEngine")
    assert engine("echo").translate(["a ⟦0⟧ b"], "en", "fr") == ["a ⟦0⟧ b"]


def test_the_registry_imports_no_engine_until_asked():
    code = "import sys, publisher.translate.engines as e; print(sorted(m for m in sys.modules if m.startswith(e.__name__ + '.')))"
    printed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[]"


def test_routes_prefer_the_direct_pair_then_one_pivot():
    pairs = {("en", "es"), ("es", "fr"), ("en", "fr"), ("fr", "ru"), ("en", "ar"), ("ar", "ru"), ("ru", "zh")}
    assert find_route(pairs, "en", "fr") == [("en", "fr")]
    assert find_route(pairs, "en", "ru") == [("en", "ar"), ("ar", "ru")]  # alphabetical: ar before fr
    assert find_route(pairs, "en", "ru", pivots=["fr"]) == [("en", "fr"), ("fr", "ru")]
    assert find_route(pairs, "en", "zh") is None  # two pivots would be needed
    assert find_route(pairs, "fr", "en") is None  # pairs have a direction
    assert find_route(pairs, "en", "en") is None


def test_describe_names_the_pivot():
    assert engines.describe("apertium", "en", "fr", [("en", "es"), ("es", "fr")]) == "apertium en→es→fr (pivot es)"
    assert engines.describe("apertium", "en", "es", [("en", "es")]) == "apertium en→es"


# --- none ---------------------------------------------------------------------------------------

def test_none_routes_no_pair_and_says_so():
    none = engine("none")
    assert all(none.routes(*pair) is None for pair in PAIRS)
    assert "memory and glossary only" in none.describe_route("en", "fr")


def test_the_none_engine_refuses_every_non_empty_batch():
    none = engine("none")
    for source, target in PAIRS:
        assert none.translate([], source, target) == []
        with pytest.raises(EngineError) as raised:
            none.translate(["", "Training was provided."], source, target)
        assert raised.value.code == "engine.no-route"
        assert "--engine apertium" in none.missing_help(source, target)


# --- apertium -----------------------------------------------------------------------------------

@pytest.fixture
def apertium():
    subject_engine = engine("apertium")
    for pair in [("en", "es"), ("es", "fr")]:
        if subject_engine.routes(*pair) is None:
            pytest.skip(f"Apertium cannot translate {pair[0]}→{pair[1]} here: {subject_engine.missing_help(*pair)}")
    return subject_engine


def test_apertium_translates_english_into_spanish(apertium):
    [spanish] = apertium.translate(["The State party shall adopt measures."], "en", "es")
    assert "medidas" in re.findall(r"\w+", spanish)


def test_apertium_goes_from_english_to_french_through_spanish(apertium):
    assert apertium.routes("en", "fr") == [("en", "es"), ("es", "fr")]
    assert apertium.describe_route("en", "fr") == "apertium en→es→fr (pivot es)"
    [french] = apertium.translate(["The State party shall adopt measures."], "en", "fr")
    assert "mesures" in re.findall(r"\w+", french)


def test_apertium_runs_one_process_per_hop_for_a_batch_of_200(apertium, monkeypatch):
    sentences = devset("en", 200)
    started = []
    real_popen = subprocess.Popen

    def counting_popen(command, *arguments, **options):
        started.append(command[-1])
        return real_popen(command, *arguments, **options)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    french = apertium.translate(sentences, "en", "fr")
    assert started == ["eng-spa", "es-fr"]
    assert len(french) == len(sentences) and all(text.strip() for text in french)


@pytest.mark.parametrize("source,target", [("en", "es"), ("fr", "es")])
def test_apertium_translates_a_dev_set_sentence_alike_alone_and_in_a_batch(apertium, source, target):
    sentences = devset(source, 200)
    if apertium.routes(source, target) is None:
        pytest.skip(apertium.missing_help(source, target))
    batch = apertium.translate(sentences, source, target)
    sample = range(0, len(sentences), 12)
    assert [apertium.translate([sentences[i]], source, target)[0] for i in sample] == [batch[i] for i in sample]


def test_apertium_carries_no_agreement_from_one_segment_into_the_next(apertium):
    # In one stream, the transfer rules would remember the feminine of "réunion" and make the
    # authors "autoras"; null-flush mode starts every segment afresh.
    if apertium.routes("fr", "es") is None:
        pytest.skip(apertium.missing_help("fr", "es"))
    second = "Les auteurs de la proposition ont présenté leur point de vue."
    assert apertium.translate(["La réunion est terminée.", second], "fr", "es")[1] == apertium.translate(
        [second], "fr", "es")[0]


def test_apertium_keeps_the_characters_its_stream_format_reserves(apertium):
    reserved = ["[x]", "<b>", "^", "$", "@", "{y}", "x/y", "\\", "~"]
    [spanish] = apertium.translate([f"The house {' '.join(reserved)} ⟦3⟧."], "en", "es")
    assert all(text in spanish for text in reserved) and "⟦3⟧" in spanish and "\\[" not in spanish


@pytest.mark.parametrize("source,target", [("en", "es"), ("es", "en"), ("fr", "es"), ("es", "fr"), ("en", "fr")])
def test_apertium_keeps_the_placeholders_of_100_dev_set_sentences(apertium, source, target):
    sentences = devset(source, 100, with_placeholders=True)
    if apertium.routes(source, target) is None:
        pytest.skip(apertium.missing_help(source, target))
    translations = apertium.translate(sentences, source, target)
    kept = sum(placeholders(a) == placeholders(b) for a, b in zip(sentences, translations))
    assert kept == len(sentences)


def test_apertium_modes_map_to_our_language_codes_and_skip_variants(fake_apertium):
    subject_engine = fake_apertium("cat")
    assert subject_engine.modes() == {("en", "es"): "eng-spa", ("es", "en"): "spa-eng", ("es", "fr"): "es-fr"}
    assert subject_engine.routes("fr", "es") is None
    assert "apertium-fr-es" in subject_engine.missing_help("fr", "es")


def test_apertium_that_crashes_raises_engine_error(fake_apertium):
    subject_engine = fake_apertium('echo "mode file damaged" >&2; exit 3')
    with pytest.raises(EngineError) as raised:
        subject_engine.translate(["Training was provided."], "en", "es")
    assert raised.value.code == "engine.failed"
    assert "exit status 3" in str(raised.value) and "mode file damaged" in str(raised.value)
    assert raised.value.findings[0].format().startswith("engine apertium:0:0: eng-spa: eng-spa failed")


def test_apertium_that_hangs_is_stopped_with_its_children(fake_apertium, tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv("FAKE_APERTIUM_PID_FILE", str(pid_file))
    # the child lets go of the output, so only killing the whole group can stop it
    body = 'sleep 600 > /dev/null 2>&1 & echo $! > "$FAKE_APERTIUM_PID_FILE"; wait'
    subject_engine = fake_apertium(body, timeout=0.5)
    with pytest.raises(EngineError) as raised:
        subject_engine.translate(["Training was provided."], "en", "es")
    assert raised.value.code == "engine.timeout"
    assert ended(int(pid_file.read_text()))


# The real script keeps its input in mktemp files under $TMPDIR and removes them on exit, which a
# stopped script never reaches: each process gets its own folder, removed when it ends.
LEAVES_A_TEMPORARY_FILE = ('echo "$TMPDIR" > "$FAKE_APERTIUM_TMPDIR_FILE"; '
                           'mktemp "$TMPDIR/apertium.XXXXXXXX" > /dev/null; ')


@pytest.mark.parametrize("rest,stream", [("cat", False), ("cat", True), ("sleep 600", False), ("sleep 600", True)],
                         ids=["batch", "stream", "batch-stopped", "stream-stopped"])
def test_apertium_runs_in_a_temporary_folder_of_its_own_that_is_removed_after(fake_apertium, tmp_path, monkeypatch,
                                                                              rest, stream):
    record = tmp_path / "tmpdir.txt"
    monkeypatch.setenv("FAKE_APERTIUM_TMPDIR_FILE", str(record))
    subject_engine = fake_apertium(LEAVES_A_TEMPORARY_FILE + rest, timeout=0.5)
    try:
        if stream:
            feed = subject_engine.stream("en", "es")
            feed.send("Training was provided.")
            list(feed.results())
        else:
            subject_engine.translate(["Training was provided."], "en", "es")
    except EngineError as error:
        assert rest == "sleep 600" and error.code == "engine.timeout"
    folder = Path(record.read_text().strip())
    assert folder.name.startswith("publisher-apertium-") and folder.parent == Path(tempfile.gettempdir())
    assert not folder.exists()


@pytest.mark.parametrize("body", ["tr -d '\\000'", "cat; printf 'one more\\000'"],
                         ids=["segments-run-together", "one-segment-too-many"])
def test_apertium_whose_segments_do_not_match_raises_engine_error(fake_apertium, body):
    subject_engine = fake_apertium(body)
    with pytest.raises(EngineError) as raised:
        subject_engine.translate(["One.", "Two."], "en", "es")
    assert raised.value.code == "engine.segment-mismatch"


def test_apertium_missing_from_path_routes_nothing_and_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    subject_engine = engine("apertium")
    assert subject_engine.routes("en", "es") is None
    assert "apt-get install apertium" in subject_engine.missing_help("en", "es")


# --- argos and its models -----------------------------------------------------------------------

def test_an_installed_model_is_listed(tmp_path, tiny_archives):
    from publisher.translate.models import install_model, list_models

    directory = tmp_path / "models"
    model = install_model(tiny_archives[("en", "es")], directory)
    assert (model.from_code, model.to_code, model.version) == ("en", "es", "1.0")
    assert list_models(directory) == [model]
    assert model.path.parent == directory
    assert (model.path / "model" / "model.bin").is_file() and (model.path / "sentencepiece.model").is_file()
    assert not (model.path / "stanza").exists()
    assert [entry.name for entry in directory.iterdir()] == [model.path.name]  # no staging left behind


def test_the_models_directory_comes_from_the_environment(tmp_path, tiny_archives, monkeypatch):
    from publisher.translate.models import install_model, list_models

    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(tmp_path / "elsewhere"))
    model = install_model(tiny_archives[("fr", "en")])
    assert model.path.parent == tmp_path / "elsewhere"
    assert list_models() == [model]


def test_a_new_model_for_a_pair_replaces_the_old(tmp_path):
    pytest.importorskip("ctranslate2")
    from publisher.translate.models import install_model, list_models

    from .tiny_model import build_argosmodel

    directory = tmp_path / "models"
    install_model(build_argosmodel(tmp_path / "v1", package_version="1.0"), directory)
    install_model(build_argosmodel(tmp_path / "v2", package_version="2.0"), directory)
    assert [(m.pair, m.version) for m in list_models(directory)] == [(("en", "es"), "2.0")]
    assert [entry.name for entry in directory.iterdir()] == ["translate-en_es"]


def test_a_failed_install_leaves_the_installed_model_alone(tmp_path, tiny_archives, monkeypatch):
    from publisher.translate import models

    directory = tmp_path / "models"
    before = models.install_model(tiny_archives[("en", "es")], directory)

    def full_disk(*arguments):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(models, "_extract", full_disk)
    with pytest.raises(PublisherError) as raised:
        models.install_model(tiny_archives[("en", "es")], directory)
    assert raised.value.findings[0].code == "models.install-failed"
    assert models.list_models(directory) == [before]
    assert [entry.name for entry in directory.iterdir()] == [before.path.name]


def test_argos_translates_a_batch_with_one_model_call(models_dir, monkeypatch):
    from publisher.translate.engines import argos as argos_module

    calls = []
    real_load = argos_module._load

    class CountingTranslator:
        def __init__(self, translator):
            self.translator = translator

        def translate_batch(self, tokens, **options):
            calls.append(len(tokens))
            return self.translator.translate_batch(tokens, **options)

    def counting_load(*arguments):
        translator, tokenizer = real_load(*arguments)
        return CountingTranslator(translator), tokenizer

    monkeypatch.setattr(argos_module, "_load", counting_load)
    subject_engine = argos_in_process(models_dir)
    outputs = subject_engine.translate(OUR_SENTENCES * 5, "en", "es")
    assert len(outputs) == len(OUR_SENTENCES) * 5
    assert len(calls) == 1
    calls.clear()
    assert subject_engine.routes("fr", "es") == [("fr", "en"), ("en", "es")]
    assert subject_engine.describe_route("fr", "es") == "argos fr→en→es (pivot en)"
    assert len(subject_engine.translate(OUR_SENTENCES, "fr", "es")) == len(OUR_SENTENCES)
    assert len(calls) == 2


def test_argos_loads_each_model_once(models_dir):
    from publisher.translate.engines import argos as argos_module

    argos_module._load.cache_clear()
    subject_engine = argos_in_process(models_dir)
    subject_engine.translate(OUR_SENTENCES[:2], "en", "es")
    subject_engine.translate(OUR_SENTENCES[2:], "en", "es")
    argos_in_process(models_dir).translate(OUR_SENTENCES, "en", "es")
    assert argos_module._load.cache_info().misses == 1


def test_argos_translates_the_text_between_placeholders_and_copies_the_rest(models_dir):
    subject_engine = argos(models_dir)
    [output] = subject_engine.translate(["The State party ⟦0⟧ adopted ⟦1⟧, 2026."], "en", "es")
    before, first, middle, second, after = re.split(r"(⟦\d+⟧)", output)
    assert (first, second, after) == ("⟦0⟧", "⟦1⟧", ", 2026.")
    [alone] = subject_engine.translate(["The State party"], "en", "es")
    assert before == alone + " "
    assert subject_engine.translate(["⟦0⟧ (⟦1⟧)", "  "], "en", "es") == ["⟦0⟧ (⟦1⟧)", "  "]


def test_argos_with_no_model_for_the_pair_says_what_to_install(models_dir):
    subject_engine = argos(models_dir)
    assert subject_engine.routes("en", "ru") is None
    help_text = subject_engine.missing_help("en", "ru")
    assert "translate-en_ru-*.argosmodel" in help_text and str(models_dir) in help_text
    assert "both ar→en and en→ru" in subject_engine.missing_help("ar", "ru")


def test_argos_with_a_broken_model_raises_engine_error(models_dir):
    (models_dir / "translate-en_es" / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(EngineError) as raised:
        argos(models_dir).translate(["Training was provided."], "en", "es")
    assert raised.value.code == "engine.failed"


# --- archives that must be refused --------------------------------------------------------------

def _archive(path: Path, entries: dict[str, bytes], *, symlinks: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries.items():
            entry = zipfile.ZipInfo(name)
            entry.external_attr = ((stat.S_IFLNK | 0o777) if name in symlinks else (stat.S_IFREG | 0o644)) << 16
            bundle.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return path


def _package(top: str = "translate-en_es-1_0", **metadata) -> dict[str, bytes]:
    import json

    fields = {"from_code": "en", "to_code": "es", "package_version": "1.0", **metadata}
    return {f"{top}/metadata.json": json.dumps(fields).encode(), f"{top}/sentencepiece.model": b"spm",
            f"{top}/model/model.bin": b"weights"}


def _refused(tmp_path: Path, archive: Path, code: str, **limits) -> str:
    from publisher.translate.models import install_model, list_models

    directory = tmp_path / "deep" / "models"
    with pytest.raises(PublisherError) as raised:
        install_model(archive, directory, **limits)
    finding = raised.value.findings[0]
    assert finding.code == code and finding.file == str(archive)
    assert list_models(directory) == []
    assert not directory.exists() or list(directory.iterdir()) == []
    return finding.message


def test_an_entry_climbing_out_of_the_folder_is_refused(tmp_path):
    archive = _archive(tmp_path / "slip.argosmodel", {**_package(), "../../evil": b"owned"})
    _refused(tmp_path, archive, "models.unsafe-archive")
    assert not [path for path in tmp_path.rglob("evil")]


def test_an_entry_with_an_absolute_path_is_refused(tmp_path):
    target = tmp_path / "absolute-evil"
    archive = _archive(tmp_path / "absolute.argosmodel", {**_package(), str(target): b"owned"})
    _refused(tmp_path, archive, "models.unsafe-archive")
    assert not target.exists()


def test_a_symbolic_link_is_refused(tmp_path):
    entries = {**_package(), "translate-en_es-1_0/model/link": b"/etc/passwd"}
    archive = _archive(tmp_path / "link.argosmodel", entries, symlinks=("translate-en_es-1_0/model/link",))
    assert "symbolic link" in _refused(tmp_path, archive, "models.unsafe-archive")


def test_an_archive_unpacking_too_large_is_refused(tmp_path):
    entries = {**_package(), "translate-en_es-1_0/model/padding.bin": bytes(4 * 1024 * 1024)}
    archive = _archive(tmp_path / "bomb.argosmodel", entries)
    assert archive.stat().st_size < 64 * 1024  # it is the unpacked size that is too large
    _refused(tmp_path, archive, "models.too-large", max_bytes=1024 * 1024)


def test_an_archive_with_too_many_files_is_refused(tmp_path):
    entries = {**_package(), **{f"translate-en_es-1_0/model/part{i}": b"x" for i in range(20)}}
    _refused(tmp_path, _archive(tmp_path / "many.argosmodel", entries), "models.too-large", max_files=10)


@pytest.mark.parametrize("entries,words", [
    ({"translate-en_es-1_0/model/model.bin": b"weights"}, "metadata.json"),
    (_package(from_code="../etc"), "from_code"),
    ({**_package(), "translate-en_es-1_0/metadata.json": b"{not json"}, "not valid JSON"),
    ({k: v for k, v in _package().items() if not k.endswith("model.bin")}, "model/model.bin"),
    ({**_package(), "second-folder/readme.txt": b"x"}, "exactly one folder"),
    (_package(type="sbd"), "not a translation model"),
])
def test_an_archive_that_is_not_a_model_is_invalid(tmp_path, entries, words):
    assert words in _refused(tmp_path, _archive(tmp_path / "bad.argosmodel", entries), "models.invalid")


def test_a_file_that_is_not_a_zip_is_invalid(tmp_path):
    archive = tmp_path / "model.argosmodel"
    archive.write_text("hello")
    _refused(tmp_path, archive, "models.invalid")


def test_a_missing_archive_is_unreadable(tmp_path):
    _refused(tmp_path, tmp_path / "absent.argosmodel", "models.unreadable")


def test_a_ctranslate2_engine_says_nothing_to_install_when_it_has_a_route_and_names_missing_libraries_first(
        monkeypatch):
    from publisher.translate.engines import ctranslate

    class Routed:
        name = "ct2"

        def routes(self, source, target):
            return [(source, target)] if target == "fr" else None

    monkeypatch.setattr(ctranslate, "missing_libraries", lambda: ())
    assert ctranslate.help_before_models(Routed(), "en", "fr") == \
        f"nothing to install: {engines.describe('ct2', 'en', 'fr', [('en', 'fr')])}"
    assert ctranslate.help_before_models(Routed(), "en", "ru") is None  # the engine's models must say
    monkeypatch.setattr(ctranslate, "missing_libraries", lambda: ("ctranslate2", "sentencepiece"))
    assert ctranslate.help_before_models(Routed(), "en", "fr") == (
        "install the Python packages ctranslate2 and sentencepiece (they are in publisher's dependencies)")
