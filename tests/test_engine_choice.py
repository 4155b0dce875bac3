"""``--engine auto``: for each target language the best installed route, said on standard output
and in the QA report; a configuration (publisher.toml, a session's ``engines:``) fixes the engine
of a language. The installed set is a fake one (``auto.installed_engines`` replaced), so each
case says exactly what is installed."""
from __future__ import annotations

import json

import pytest
import yaml

from publisher.cli import main
from publisher.errors import PublisherError
from publisher.translate.engines import EngineError, auto, chosen_engine_name, engine, find_route
from publisher.translate.resources import engine_choices

from .conftest import MONGOLIA, SAMPLES


class InstalledEngine:
    """An engine with a fixed set of installed pairs, routing through pivots as the real ones do."""

    def __init__(self, name: str, pairs, pivots=("en",)):
        self.name, self.pairs, self.pivots, self.calls = name, set(pairs), pivots, []

    def routes(self, source, target):
        return find_route(self.pairs, source, target, self.pivots)

    def translate(self, segments, source, target):
        self.calls.append((source, target, len(segments)))
        return [f"<{self.name}:{target}>{segment}" for segment in segments]

    def describe_route(self, source, target):
        from publisher.translate.engines import describe

        return describe(self.name, source, target, self.routes(source, target))

    def missing_help(self, source, target):
        return f"install a {self.name} model for {source}→{target}"


def both_ways(*pairs):
    return {pair for a, b in pairs for pair in ((a, b), (b, a))}


@pytest.fixture
def installed(monkeypatch):
    """Sets the installed engines: ``installed(ct2=pairs, argos=pairs, apertium=pairs)``."""
    def install(**pairs_by_engine):
        engines = {name: InstalledEngine(name, pairs, ("es",) if name == "apertium" else ("en",))
                   for name, pairs in pairs_by_engine.items()}
        monkeypatch.setattr(auto, "installed_engines", lambda names=auto.PREFERENCE: dict(engines))
        return engines
    return install


def test_a_multilingual_model_comes_first_then_an_argos_pair_then_apertium(installed):
    installed(ct2=both_ways(("en", "ru")), argos=both_ways(("en", "ru"), ("en", "fr")),
              apertium=both_ways(("en", "es"), ("en", "fr")))
    subject = engine("auto")
    assert chosen_engine_name(subject, "en", "ru") == "ct2"
    assert chosen_engine_name(subject, "en", "fr") == "argos"
    assert chosen_engine_name(subject, "en", "es") == "apertium"
    assert subject.describe_route("en", "ru") == "ct2 en→ru (auto: direct, the first of ct2, argos, apertium)"


def test_a_direct_route_of_a_later_engine_beats_a_pivot_of_an_earlier_one(installed):
    installed(argos=both_ways(("fr", "en"), ("en", "es")), apertium=both_ways(("fr", "es")))
    subject = engine("auto")
    assert subject.routes("fr", "es") == [("fr", "es")] and chosen_engine_name(subject, "fr", "es") == "apertium"


def test_a_pivot_is_taken_only_when_no_engine_has_a_direct_route(installed):
    engines = installed(argos=both_ways(("fr", "en"), ("en", "ru")), apertium=both_ways(("en", "es"), ("es", "fr")))
    subject = engine("auto")
    assert subject.routes("fr", "ru") == [("fr", "en"), ("en", "ru")]
    assert "pivot through en" in subject.describe_route("fr", "ru")
    assert subject.translate(["Une phrase."], "fr", "ru") == ["<argos:ru>Une phrase."]
    assert engines["argos"].calls == [("fr", "ru", 1)] and engines["apertium"].calls == []


def test_with_no_route_anywhere_the_help_says_what_each_engine_needs(installed):
    installed(ct2=set(), argos=both_ways(("en", "fr")), apertium=both_ways(("en", "es")))
    subject = engine("auto")
    assert subject.routes("en", "zh") is None
    help_text = subject.missing_help("en", "zh")
    for name in ("ct2", "argos", "apertium"):
        assert f"{name}: install a {name} model for en→zh" in help_text
    with pytest.raises(EngineError) as raised:
        subject.translate(["A sentence."], "en", "zh")
    assert raised.value.code == "engine.no-route"


def test_an_engine_fixed_for_a_language_is_used_though_another_comes_first(installed):
    engines = installed(ct2=both_ways(("en", "fr"), ("en", "ru")), apertium=both_ways(("en", "es"), ("es", "fr")))
    subject = engine("auto", choices={"fr": "apertium"}, configured_in="publisher.toml")
    assert chosen_engine_name(subject, "en", "fr") == "apertium"
    assert subject.describe_route("en", "fr") == "apertium en→es→fr (pivot es) (auto: configured for fr in publisher.toml)"
    assert chosen_engine_name(subject, "en", "ru") == "ct2"
    subject.translate(["A sentence."], "en", "fr")
    assert engines["ct2"].calls == []


def test_an_engine_fixed_for_a_language_is_not_replaced_when_it_has_no_route(installed):
    installed(ct2=both_ways(("en", "fr")), argos=both_ways(("en", "ru")))
    subject = engine("auto", choices={"ru": "ct2"}, configured_in="publisher.toml")
    assert subject.routes("en", "ru") is None
    assert subject.missing_help("en", "ru").startswith("ct2 (configured for ru in publisher.toml): install a ct2")


def test_an_engine_other_than_auto_as_default_serves_the_languages_not_fixed(installed):
    installed(ct2=both_ways(("en", "fr"), ("en", "es")), apertium=both_ways(("en", "es")))
    subject = engine("auto", choices={"fr": "ct2"}, default="apertium")
    assert chosen_engine_name(subject, "en", "es") == "apertium"
    assert chosen_engine_name(subject, "en", "fr") == "ct2"


def test_an_unknown_engine_for_a_language_is_refused_naming_the_field():
    with pytest.raises(EngineError) as raised:
        engine("auto", choices={"ru": "babelfish"})
    assert raised.value.code == "engine.unknown" and raised.value.findings[0].field == "engines.ru"


# -- the commands ---------------------------------------------------------------------------------
def test_translate_says_on_standard_output_and_in_the_report_which_engine_it_took(installed, tmp_path, monkeypatch,
                                                                                 capsys):
    installed(ct2=both_ways(("en", "ru")), apertium=both_ways(("en", "es")))
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "drafts"
    assert main(["translate", str(MONGOLIA), "--to", "ru,es", "--no-memory", "-o", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "ru: ct2 en→ru (auto: direct, the first of ct2, argos, apertium)" in lines
    assert "es: apertium en→es (auto: direct, the first of ct2, argos, apertium)" in lines
    report = json.loads((out / "mongolia-criminalization.ru.qa.json").read_text(encoding="utf-8"))
    assert report["engine"] == "ct2" and report["route"].startswith("ct2 en→ru (auto:")
    draft = yaml.safe_load((out / "mongolia-criminalization.ru.yaml").read_text(encoding="utf-8"))
    assert draft["translation"]["engine"] == "ct2"


def test_publisher_toml_fixes_the_engine_of_a_language(installed, tmp_path, monkeypatch, capsys):
    installed(ct2=both_ways(("en", "fr")), apertium=both_ways(("en", "es"), ("es", "fr")))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "publisher.toml").write_text('[engines]\nfr = "apertium"\n', encoding="utf-8")
    assert main(["translate", str(MONGOLIA), "--to", "fr", "--no-memory", "-o", str(tmp_path / "out")]) == 0
    assert "fr: apertium en→es→fr (pivot es) (auto: configured for fr in publisher.toml)" in capsys.readouterr().out


@pytest.mark.parametrize("text,field,code", [
    ('[engines]\nxx = "ct2"\n', "engines.xx", "config.unknown-language"),
    ("[engines]\nru = 3\n", "engines.ru", "config.invalid"),
    ("[engines\n", "", "config.invalid"),
])
def test_a_bad_publisher_toml_is_a_finding_naming_file_and_field(tmp_path, monkeypatch, text, field, code):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PUBLISHER_CONFIG", str(path))
    with pytest.raises(PublisherError) as raised:
        engine_choices()
    finding = raised.value.findings[0]
    assert (finding.file, finding.field, finding.code) == (str(path), field, code)


def test_without_publisher_toml_nothing_is_fixed(tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLISHER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert engine_choices() == {}


def test_a_session_fixes_engines_per_language_and_refuses_unknown_ones(tmp_path):
    from publisher.package.session import load_session

    for sample in SAMPLES.glob("*.yaml"):
        (tmp_path / sample.name).write_bytes(sample.read_bytes())
    manifest = tmp_path / "session.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("session:\n", "session:\n  engines: {ru: ct2, zh: argos}\n", 1), encoding="utf-8")
    assert load_session(manifest).engines == {"ru": "ct2", "zh": "argos"}
    manifest.write_text(text.replace("session:\n", "session:\n  engines: {ru: babelfish}\n", 1), encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        load_session(manifest)
    assert [(f.field, f.code) for f in raised.value.findings] == [("session.engines.ru", "session.unknown-engine")]
