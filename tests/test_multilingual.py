"""The ct2 engine: one multilingual model (NLLB-200 or M2M-100 as CTranslate2 converts them) for
every direction between the six languages, its layout read from its vocabulary.

The models are tiny ones with random weights (tests/tiny_model.py): what is checked is what goes
into the model (language tokens, batches) and what is made of the files, not the translations.
The contract every engine keeps is in test_engines.py; the child process in test_engine_isolation.py.
"""
from __future__ import annotations

import itertools
import json

import pytest

from publisher.reference import LANGUAGES
from publisher.translate.engines import EngineError, engine

pytest.importorskip("ctranslate2", reason="the ct2 engine needs the ctranslate2 package")
pytest.importorskip("sentencepiece", reason="the ct2 engine needs the sentencepiece package")

from publisher.translate.engines import ct2  # noqa: E402

from .tiny_model import LANGUAGE_TOKENS, build_multilingual_model  # noqa: E402

SENTENCES = ["The State party shall adopt measures ⟦0⟧.", "", "Training was provided to judges."]


@pytest.fixture(scope="module", params=["nllb", "m2m"])
def model(request, tmp_path_factory):
    """(layout, folder) of a tiny model with all six languages, in each layout."""
    return request.param, build_multilingual_model(tmp_path_factory.mktemp(request.param) / "model", request.param,
                                                   seed=5)


def in_process(folder):
    return ct2.Ct2Engine(model_dir=folder, max_decoding_length=12)


def test_the_layout_and_the_language_tokens_are_read_from_the_vocabulary(model):
    layout, folder = model
    read = ct2.read_model(folder)
    assert read.layout == layout
    assert read.tokens == dict(zip(("en", "fr", "es", "ru", "zh", "ar"), LANGUAGE_TOKENS[layout]))
    assert read.sentencepiece == folder / "sentencepiece.bpe.model"


def test_every_direction_between_the_six_languages_is_one_direct_hop(model):
    _, folder = model
    subject = in_process(folder)
    for source, target in itertools.permutations(LANGUAGES, 2):
        assert subject.routes(source, target) == [(source, target)]
    assert subject.routes("en", "en") is None
    assert subject.describe_route("ar", "zh") == "ct2 ar→zh"


def test_a_batch_is_one_model_call_with_the_source_token_in_front_and_the_target_token_as_prefix(model, monkeypatch):
    layout, folder = model
    calls = []
    real_load = ct2._load

    class Recording:
        def __init__(self, translator):
            self.translator = translator

        def translate_batch(self, sources, **options):
            calls.append((sources, options["target_prefix"]))
            return self.translator.translate_batch(sources, **options)

    def recording_load(*arguments):
        translator, tokenizer = real_load(*arguments)
        return Recording(translator), tokenizer

    monkeypatch.setattr(ct2, "_load", recording_load)
    outputs = in_process(folder).translate(SENTENCES * 4, "en", "ru")
    assert len(outputs) == len(SENTENCES) * 4 and outputs[1] == ""
    [(sources, prefixes)] = calls
    english, russian = LANGUAGE_TOKENS[layout][0], LANGUAGE_TOKENS[layout][3]
    assert len(sources) == 2  # the distinct texts with letters between placeholders, each once
    assert all(source[0] == english and source[-1] == "</s>" and len(source) > 2 for source in sources)
    assert prefixes == [[russian]] * len(sources)


def test_no_language_token_or_end_mark_is_left_in_the_output(model):
    _, folder = model
    tokens = set(LANGUAGE_TOKENS[model[0]]) | {"</s>", "<s>", "⁇"}
    for target in ("fr", "zh", "ar"):
        outputs = in_process(folder).translate(SENTENCES, "en", target)
        assert not any(token in output for output in outputs for token in tokens)
        assert "⟦0⟧" in outputs[0]


def test_a_model_without_a_language_routes_none_to_it_and_names_the_missing_token(tmp_path):
    folder = build_multilingual_model(tmp_path / "model", "m2m", languages=("en", "fr", "es"))
    subject = in_process(folder)
    assert subject.routes("en", "fr") == [("en", "fr")]
    assert subject.routes("en", "ru") is None
    assert "no language token for ru (__ru__)" in subject.missing_help("en", "ru")
    with pytest.raises(EngineError) as raised:
        subject.translate(["Training was provided."], "en", "ru")
    assert raised.value.code == "engine.no-route"


def test_older_converters_vocabulary_of_one_token_a_line_is_read(tmp_path):
    folder = build_multilingual_model(tmp_path / "model", "nllb")
    tokens = json.loads((folder / "shared_vocabulary.json").read_text(encoding="utf-8"))
    (folder / "shared_vocabulary.json").unlink()
    (folder / "shared_vocabulary.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    assert ct2.read_model(folder).layout == "nllb"
    assert in_process(folder).routes("es", "ar") == [("es", "ar")]


@pytest.mark.parametrize("damage,words", [
    (lambda folder: (folder / "shared_vocabulary.json").unlink(), "has no vocabulary"),
    (lambda folder: (folder / "shared_vocabulary.json").write_text('["<unk>", "hello"]'), "no language token"),
    (lambda folder: (folder / "shared_vocabulary.json").write_text("{not json"), "is not valid JSON"),
    (lambda folder: (folder / "sentencepiece.bpe.model").unlink(), "has no SentencePiece model"),
    (lambda folder: (folder / "model.bin").unlink(), "has no model.bin"),
], ids=["no-vocabulary", "no-language-tokens", "bad-json", "no-sentencepiece", "no-weights"])
def test_a_folder_that_is_not_a_usable_model_routes_nothing_and_says_why(tmp_path, damage, words):
    folder = build_multilingual_model(tmp_path / "model", "nllb")
    damage(folder)
    subject = in_process(folder)
    assert subject.routes("en", "fr") is None
    assert words in subject.missing_help("en", "fr") and "ct2-transformers-converter" in subject.missing_help("en", "fr")


def test_the_model_is_found_in_the_models_directory_or_where_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLISHER_CT2_MODEL", raising=False)
    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(tmp_path / "models"))
    assert engine("ct2").routes("en", "ru") is None
    build_multilingual_model(tmp_path / "models" / "multilingual", "nllb")
    assert engine("ct2").routes("en", "ru") == [("en", "ru")]
    monkeypatch.setenv("PUBLISHER_CT2_MODEL", str(tmp_path / "elsewhere"))
    assert engine("ct2").routes("en", "ru") is None
    assert str(tmp_path / "elsewhere") in engine("ct2").missing_help("en", "ru")


def test_a_model_beside_argos_models_leaves_the_argos_list_alone(tmp_path):
    from publisher.translate.models import list_models

    build_multilingual_model(tmp_path / "models" / "multilingual", "nllb")
    assert list_models(tmp_path / "models") == []


def test_a_broken_model_bin_is_an_engine_failure_naming_the_model(tmp_path):
    folder = build_multilingual_model(tmp_path / "model", "nllb")
    (folder / "model.bin").write_bytes(b"not a model")
    with pytest.raises(EngineError) as raised:
        in_process(folder).translate(["Training was provided."], "en", "fr")
    assert raised.value.code == "engine.failed" and str(folder) in raised.value.message


def test_models_list_shows_the_multilingual_model_with_its_languages(tmp_path, monkeypatch, capsys):
    from publisher.cli import main

    monkeypatch.delenv("PUBLISHER_CT2_MODEL", raising=False)
    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(tmp_path / "models"))
    build_multilingual_model(tmp_path / "models" / "multilingual", "m2m", languages=("en", "ru", "ar"))
    assert main(["models", "list"]) == 0
    assert capsys.readouterr().out == f"en|ru|ar\tm2m\t{tmp_path / 'models' / 'multilingual'}\n"
