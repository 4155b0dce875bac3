"""The translation pipeline: memory first, then the engine, glossary terms enforced, provenance of
every sentence, nothing untranslated passing silently. Engines here are small fakes registered for
the test, so the pipeline's own behaviour is what is checked (real engines: test_engines.py)."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from publisher.cli import main
from publisher.load import load_file
from publisher.markup import is_untranslated
from publisher.translate.engines import EngineError
from publisher.translate.glossary import Glossary
from publisher.translate.memory import TranslationMemory
from publisher.translate.pipeline import Translator, text_fields
from publisher.translate.protect import protect, restore
from publisher.translate.resources import PROJECT_GLOSSARY
from publisher.validate import validate_file

from .conftest import MONGOLIA


class FakeEngine:
    """Marks each segment as translated ("<fr>...") and keeps placeholders, like a polite engine."""

    name = "fake"

    def __init__(self, pairs=(("en", "fr"), ("en", "es")), drop_tokens=False, fail=False):
        self.pairs = set(pairs)
        self.drop_tokens = drop_tokens
        self.fail = fail
        self.calls: list[list[str]] = []

    def routes(self, source, target):
        return [(source, target)] if (source, target) in self.pairs else None

    def describe_route(self, source, target):
        return f"fake {source}→{target}"

    def missing_help(self, source, target):
        return f"no fake model for {source}→{target}"

    def translate(self, segments, source, target):
        self.calls.append(list(segments))
        if self.fail:
            raise EngineError("the fake engine crashed")
        out = [f"<{target}>{s}" for s in segments]
        if self.drop_tokens:
            out = [re.sub(r"⟦\d+⟧", "", s) for s in out]
        return out


@pytest.fixture(scope="module")
def glossary():
    return Glossary.load(PROJECT_GLOSSARY)


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        yield tm


def translate(engine, memory, glossary, target="fr", path=MONGOLIA):
    """The engine, memory and glossary path alone, without the UN language data (its frames draft
    some sentences with no engine; test_unlang.py specifies them)."""
    return Translator(engine, memory, glossary, knowledge=None).translate_outcome(load_file(path), target)


# -- protection --------------------------------------------------------------------------------
def test_footnote_markers_symbols_and_numbers_are_protected_and_restored_exactly(glossary):
    sentence = "See CTOC/COP/WG.3/2026/1, article 18.1 and fines of 500,000 units.[^code]"
    protected = protect(sentence, "en", "fr", glossary)
    assert "CTOC" not in protected.text and "18.1" not in protected.text and "[^code]" not in protected.text
    kinds = {p.source: p.kind for p in protected.placeholders}
    assert kinds["CTOC/COP/WG.3/2026/1"] == "symbol" and kinds["[^code]"] == "markup" and kinds["18.1"] == "number"
    assert restore(protected.text, protected).text == sentence


def test_glossary_terms_are_restored_as_the_approved_target_term(glossary):
    protected = protect("An organized criminal group was identified.", "en", "fr", glossary)
    [term] = [p for p in protected.placeholders if p.kind == "term"]
    assert term.replacement.lower() == term.entry.preferred("fr").lower()
    assert term.entry.preferred("fr").lower() in restore(protected.text, protected).text.lower()


def test_a_dropped_placeholder_is_put_back_and_reported(glossary):
    protected = protect("The fine is 500 units.", "en", "fr", glossary)
    restored = restore(protected.text.replace("⟦0⟧", ""), protected)
    assert "500" in restored.text and [p.source for p in restored.repaired] == ["500"]


def test_a_repeated_placeholder_is_kept_once_and_reported(glossary):
    protected = protect("The fine is 500 units.", "en", "fr", glossary)
    restored = restore(protected.text + " ⟦0⟧", protected)
    assert restored.text.count("500") == 1 and restored.duplicated


# -- the pipeline ------------------------------------------------------------------------------
def test_every_text_of_the_outcome_is_translated_and_identifiers_are_kept(memory, glossary):
    translation = translate(FakeEngine(), memory, glossary)
    data = translation.data
    assert data["review"]["state"] == "Mongolia" and data["issue"]["symbols"]["summary"] == [
        "CTOC/COP/WG.3/2026/7", "CTOC/COP/WG.4/2026/7"]
    assert data["review"]["language"] == "fr" and data["review"]["original_language"] == "en"
    assert data["translation"]["status"] == "draft"
    for _path, _keys, text in text_fields(data):
        assert "<fr>" in text or not re.search(r"[a-z]{4}", text), text


def test_the_engine_is_called_once_per_outcome_with_all_sentences(memory, glossary):
    engine = FakeEngine()
    translation = translate(engine, memory, glossary)
    assert len(engine.calls) == 1
    assert len(engine.calls[0]) == sum(1 for r in translation.records if r.origin == "mt")


def test_sentences_are_translated_one_by_one_and_joined_back(memory, glossary):
    translation = translate(FakeEngine(), memory, glossary)
    paragraph = translation.data["observations"]["successes_and_good_practices"][0]
    assert paragraph.count("<fr>") == len([r for r in translation.records
                                           if r.field == "observations.successes_and_good_practices[0]"])


def test_an_exact_memory_match_comes_before_the_engine(memory, glossary):
    source = "The reviewing States noted as a good practice the inter-agency working group."
    memory.add("en", "fr", source, "Approved French text.", origin="approved")
    loaded = load_file(MONGOLIA)
    loaded.data["observations"]["challenges"][0] = source
    translation = Translator(FakeEngine(), memory, glossary).translate_outcome(loaded, "fr")
    assert translation.data["observations"]["challenges"][0] == "Approved French text."
    [record] = [r for r in translation.records if r.field == "observations.challenges[0]"]
    assert (record.origin, record.score) == ("tm-exact", 100.0)


def test_a_close_memory_match_is_used_and_flagged(memory, glossary):
    memory.add("en", "fr", "Practitioners reported difficulties in proving the element of a financial benefit.",
               "Les praticiens ont signalé des difficultés.", origin="approved")
    loaded = load_file(MONGOLIA)
    loaded.data["observations"]["challenges"][1] = \
        "Practitioners reported difficulties in proving the element of a financial benefits."
    translation = Translator(FakeEngine(), memory, glossary, fuzzy_accept=90).translate_outcome(loaded, "fr")
    [record] = [r for r in translation.records if r.field == "observations.challenges[1]"]
    assert record.origin == "tm-fuzzy" and 90 <= record.score < 100
    assert any(i.code == "qa.tm-fuzzy" for i in record.issues)


def test_without_a_route_the_rest_is_marked_untranslated_and_the_report_says_what_to_install(memory, glossary):
    translation = translate(FakeEngine(), memory, glossary, target="ru")
    untranslated = [r for r in translation.records if r.origin == "untranslated"]
    assert untranslated and all(is_untranslated(r.target) for r in untranslated)
    assert translation.summary()["untranslated"] == len(untranslated)
    assert "no fake model for en→ru" in translation.help


def test_sentences_made_only_of_glossary_terms_need_no_engine(memory, glossary):
    loaded = load_file(MONGOLIA)
    loaded.data["summary"]["observations"] = ["Organized Crime Convention"]
    translation = Translator(FakeEngine(pairs=()), memory, glossary, knowledge=None).translate_outcome(loaded, "fr")
    [record] = [r for r in translation.records if r.field == "summary.observations[0]"]
    assert record.origin == "glossary" and "[[" not in record.target


def test_a_crashing_engine_leaves_the_text_marked_untranslated_with_an_error(memory, glossary):
    translation = translate(FakeEngine(fail=True), memory, glossary)
    mt = [r for r in translation.records if r.origin == "untranslated"]
    assert mt and all(any(i.code == "qa.engine" and i.severity == "error" for i in r.issues) for r in mt)


def test_placeholders_an_engine_drops_are_repaired_and_reported(memory, glossary):
    translation = translate(FakeEngine(drop_tokens=True), memory, glossary)
    repaired = [r for r in translation.records if any(i.code == "qa.placeholders" for i in r.issues)]
    assert repaired
    record = next(r for r in repaired if "[^code]" in r.source)
    assert "[^code]" in record.target  # never dropped silently


def test_glossary_compliance_is_full_when_terms_are_enforced(memory, glossary):
    summary = translate(FakeEngine(), memory, glossary).summary()
    assert summary["terms_checked"] > 0
    assert summary["term_compliance_percent"] == 100.0 and summary["forbidden_variants"] == 0


# -- the command -------------------------------------------------------------------------------
def test_translate_writes_outcome_report_and_summary_that_validate_and_render(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    out = tmp_path / "drafts"
    assert main(["translate", str(MONGOLIA), "--to", "ru", "--engine", "none", "-o", str(out)]) == 0
    outcome = out / "mongolia-criminalization.ru.yaml"
    report = json.loads((out / "mongolia-criminalization.ru.qa.json").read_text(encoding="utf-8"))
    assert (out / "mongolia-criminalization.ru.qa.txt").read_text(encoding="utf-8").startswith(
        "mongolia-criminalization.yaml -> ru")
    assert report["summary"]["untranslated"] > 0 and report["help"]
    assert {s["origin"] for s in report["segments"]} >= {"untranslated"}
    findings, translated = validate_file(outcome)
    assert [f for f in findings if f.severity.value == "error"] == []
    assert translated.is_draft and translated.review.language == "ru"
    assert main(["render", str(outcome), "--doc", "summary", "--format", "txt", "-o", str(out)]) == 0
    text = (out / "mongolia-criminalization-summary-ru.txt").read_text(encoding="utf-8")
    assert "[[" in text  # untranslated text is visible in the document
    assert yaml.safe_load(outcome.read_text(encoding="utf-8"))["translation"]["engine"] == "none"


def test_translate_never_overwrites_a_version_made_by_a_person(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    folder = tmp_path / "samples"
    folder.mkdir()
    for suffix in ("", ".fr"):
        source = MONGOLIA.with_name(f"mongolia-criminalization{suffix}.yaml")
        shutil.copy(source, folder / source.name)
    human = (folder / "mongolia-criminalization.fr.yaml").read_bytes()
    assert main(["translate", str(folder / "mongolia-criminalization.yaml"), "--to", "fr", "--engine", "none"]) == 1
    assert (folder / "mongolia-criminalization.fr.yaml").read_bytes() == human


def test_translate_text_prints_one_line_per_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    source = tmp_path / "lines.txt"
    source.write_text("Organized Crime Convention\nThe State has adopted measures.\n\nTrafficking in persons.\n",
                      encoding="utf-8")
    assert main(["translate-text", "--from", "en", "--to", "ru", "--engine", "none", str(source)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 4
    assert lines[0] != "Organized Crime Convention"  # the glossary translated it
    assert lines[1] == "The State has adopted measures."  # untranslated lines come back unchanged
    assert "not translated" in captured.err


def test_a_generated_argos_model_is_installed_by_the_command_and_translates(tmp_path, monkeypatch, capsys):
    from .tiny_model import build_argosmodel

    monkeypatch.setenv("PUBLISHER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("PUBLISHER_MEMORY", str(tmp_path / "memory.sqlite"))
    archive = build_argosmodel(tmp_path / "build", "en", "ru")
    assert main(["models", "install", str(archive)]) == 0
    assert main(["models", "list"]) == 0
    assert "en->ru" in capsys.readouterr().out
    out = tmp_path / "drafts"
    assert main(["translate", str(MONGOLIA), "--to", "ru", "--engine", "argos", "-o", str(out)]) == 0
    report = json.loads((out / "mongolia-criminalization.ru.qa.json").read_text(encoding="utf-8"))
    assert report["summary"]["origins"].get("mt", 0) > 0
    assert report["route"].startswith("argos")
    # the tiny model's words are gibberish glued to what surrounds them: an output with a word too
    # long for any line (over 100 characters) is not used, the sentence stays untranslated and
    # says why; every output that is used carries each protected span exactly: the approved
    # Russian term, footnote markers, numbers
    refused = [s for s in report["segments"] if s["origin"] == "untranslated"]
    assert all(any(i["code"] == "qa.engine-output" and "a word of" in i["message"] for i in s["issues"])
               for s in refused)
    used = [s for s in report["segments"] if s["origin"] == "mt"]
    serious = [s for s in used if '"serious crime"' in s["source"]]
    assert all("серьезное преступление" in s["target"] for s in serious)
    noted = [s for s in used if "[^code]" in s["source"]]
    assert all("[^code]" in s["target"] for s in noted)


def test_every_segment_and_unit_issue_is_one_type_with_a_severity_and_a_full_rule_code(glossary):
    """QA of drafts, post-editing checks and XLIFF imports report findings.Issue: a Severity, a
    rule code with its family (qa., postedit., xliff.), the unit when there is one."""
    import publisher.postedit.workset as workset_module
    import publisher.translate.qa as qa_module
    from publisher.findings import Issue, Severity
    from publisher.translate.qa import SegmentPair, check_pair

    issues = check_pair(SegmentPair("In 2019, 12 cases.", "En 2018, cas.", "en", "fr"), glossary)
    assert issues and all(isinstance(i, Issue) and isinstance(i.severity, Severity) for i in issues)
    assert {i.code for i in issues} >= {"qa.numbers"}
    assert not hasattr(qa_module, "QaIssue") and not hasattr(workset_module, "EditIssue")
    assert f"{Severity.ERROR}" == "error"


def test_a_draft_is_checked_for_errors_without_the_families_that_only_warn(tmp_path, monkeypatch):
    from publisher import validate
    from publisher.errors import PublisherError
    from publisher.translate.output import check_valid_outcome

    ran = []
    for name in validate.WARNINGS_ONLY:
        monkeypatch.setitem(validate.RULES, name, lambda context, name=name: ran.append(name) or [])
    text = MONGOLIA.read_text(encoding="utf-8")
    check_valid_outcome(text + "\n", tmp_path / "draft.fr.yaml")
    assert ran == []  # their warnings would be dropped: only errors stop a draft
    with pytest.raises(PublisherError) as raised:
        check_valid_outcome(text.replace("  state: Mongolia\n", "  state: Atlantis\n"), tmp_path / "draft.fr.yaml")
    assert "states.unknown-name" in {f.code for f in raised.value.findings}
