"""Translation memory: exact and fuzzy lookups, directions, replacing, damaged files, official seed."""
from __future__ import annotations

import sqlite3
from itertools import permutations
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from publisher.blueprint import load_blueprints
from publisher.boilerplate import boilerplate
from publisher.errors import PublisherError
from publisher.reference import LANGUAGES, titles
from publisher.translate.memory import Match, TranslationMemory
from publisher.translate.memory_text import normalize
from publisher.translate.seed import official_pairs, seed_memory

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unpc-devset"

SOURCE = "The Working Group took note of the report of the Secretariat."
TARGET = "Le Groupe de travail a pris note du rapport du Secrétariat."
NEAR = "The Working Group took note of the oral report of the Secretariat."
UNRELATED = "Fishing quotas in the North Atlantic were discussed at length."


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.tm") as opened:
        yield opened


def codes(error: PublisherError) -> list[str]:
    return [finding.code for finding in error.findings]


# -- exact ---------------------------------------------------------------------------------------

def test_exact_match_ignores_whitespace_quotes_and_no_break_spaces(memory):
    stored = "The State\u00a0party\u2019s \u201cnational plan\u201d  was adopted\u202f: in 2021. "
    memory.add("en", "fr", stored, "Le plan national de l\u2019\u00c9tat partie a été adopté en 2021.", "approved")

    found = memory.exact("The State party's \"national plan\" was\tadopted : in 2021.", "en", "fr")

    assert found == Match(stored, "Le plan national de l\u2019\u00c9tat partie a été adopté en 2021.", 100.0, "exact",
                          "approved", "en", "fr")


def test_exact_match_is_unicode_normalised_but_keeps_case(memory):
    memory.add("en", "fr", "Cafe\u0301 policy", "Politique du café")  # e + combining acute

    assert memory.exact("Caf\u00e9 policy", "en", "fr").target == "Politique du café"
    assert memory.exact("CAFÉ POLICY", "en", "fr") is None


def test_many_exact_lookups_at_once_answer_as_one_at_a_time(memory, monkeypatch):
    import publisher.translate.memory as module

    monkeypatch.setattr(module, "_PER_QUERY", 2)  # several queries' worth of texts, and one split
    memory.add("en", "fr", SOURCE, TARGET, "approved")
    memory.add("fr", "en", "Le rapport a été adopté.", "The report was adopted.", "official")  # the other way
    memory.add("en", "fr", "Training was provided.", "Une formation a été dispensée.")
    asked = [NEAR, "The report was adopted.", SOURCE, UNRELATED, " Training  was provided. ", SOURCE, ""]

    found = memory.exact_many(asked, "en", "fr")

    assert found == [memory.exact(text, "en", "fr") for text in asked]
    assert [match.target if match else None for match in found] == [
        None, "Le rapport a été adopté.", TARGET, None, "Une formation a été dispensée.", TARGET, None]


def test_exact_match_is_per_language_pair(memory):
    memory.add("en", "fr", SOURCE, TARGET)

    assert memory.exact(SOURCE, "en", "es") is None
    assert memory.exact(SOURCE, "fr", "en") is None  # an English text is not a French one


# -- fuzzy ---------------------------------------------------------------------------------------

def test_fuzzy_finds_a_near_duplicate_with_its_ratio(memory):
    memory.add("en", "fr", SOURCE, TARGET, "approved")
    memory.add("en", "fr", UNRELATED, "Les quotas de pêche ont été débattus.")

    matches = memory.fuzzy(NEAR, "en", "fr")

    assert [m.target for m in matches] == [TARGET]
    assert matches[0].kind == "fuzzy" and matches[0].origin == "approved"
    assert matches[0].score == pytest.approx(fuzz.ratio(normalize(NEAR), normalize(SOURCE)))
    assert 75 <= matches[0].score < 100


def test_fuzzy_misses_unrelated_text(memory):
    memory.add("en", "fr", SOURCE, TARGET)

    assert memory.fuzzy(UNRELATED, "en", "fr") == []
    assert memory.lookup(UNRELATED, "en", "fr") is None


def test_fuzzy_ranks_best_first_and_honours_threshold_and_limit(memory):
    closer = "The Working Group took note of the report of the Secretariat, as orally revised."
    memory.add("en", "fr", SOURCE, TARGET)
    memory.add("en", "fr", closer, "Le Groupe de travail a pris note du rapport révisé oralement.")
    query = "The Working Group took note of the report of the Secretariat, as revised."

    both = memory.fuzzy(query, "en", "fr", threshold=60, limit=5)
    scores = [fuzz.ratio(normalize(query), normalize(text)) for text in (closer, SOURCE)]

    assert [m.source for m in both] == [text for _, text in sorted(zip(scores, (closer, SOURCE)), reverse=True)]
    assert [m.source for m in memory.fuzzy(query, "en", "fr", threshold=60, limit=1)] == [both[0].source]
    assert memory.fuzzy(query, "en", "fr", threshold=min(scores) + 0.01, limit=5) == both[:1]


def test_fuzzy_works_for_chinese_without_spaces(memory):
    memory.add("zh", "en", "工作组注意到秘书处关于技术援助的报告。", "The Working Group took note of the report.")
    memory.add("zh", "en", "会议讨论了北大西洋的渔业配额问题。", "The meeting discussed fishing quotas.")

    matches = memory.fuzzy("工作组注意到秘书处关于技术援助的口头报告。", "zh", "en")

    assert [m.target for m in matches] == ["The Working Group took note of the report."]
    assert 75 <= matches[0].score < 100


def test_fuzzy_finds_chinese_near_duplicates_among_many_segments(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"UN Parallel Corpus development set not found at {CORPUS}")
    chinese = (CORPUS / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    english = (CORPUS / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    rows = [("zh", "en", zh, en) for zh, en in zip(chinese[:1500], english[:1500]) if zh.strip() and en.strip()]
    sentence, translation = next((zh, en) for _, _, zh, en in rows[700:] if len(zh) > 30)
    query = sentence[:10] + sentence[11:]  # one character dropped
    with TranslationMemory(tmp_path / "zh.tm") as memory:
        memory.add_many(rows)

        best = memory.lookup(query, "zh", "en")

    assert best is not None and best.kind == "fuzzy" and best.target == translation


def test_lookup_prefers_the_exact_match(memory):
    memory.add("en", "fr", SOURCE, TARGET)
    memory.add("en", "fr", NEAR, "Le Groupe de travail a pris note du rapport oral du Secrétariat.")

    assert memory.lookup(SOURCE, "en", "fr").kind == "exact"
    assert memory.lookup(SOURCE, "en", "fr").target == TARGET


# -- directions ----------------------------------------------------------------------------------

def test_a_unit_answers_lookups_in_the_other_direction(memory):
    memory.add("en", "fr", SOURCE, TARGET, "approved")

    exact = memory.exact(TARGET, "fr", "en")
    fuzzy = memory.fuzzy("Le Groupe de travail a pris note du rapport oral du Secrétariat.", "fr", "en")

    assert exact == Match(TARGET, SOURCE, 100.0, "exact", "approved", "fr", "en")
    assert [m.target for m in fuzzy] == [SOURCE]


def test_a_unit_stored_in_the_asked_direction_is_preferred(memory):
    memory.add("en", "fr", "The report was adopted.", "Le rapport a été adopté.", created="2025-01-01T00:00:00Z")
    memory.add("fr", "en", "Le rapport a été adopté.", "The report has been adopted.", created="2020-01-01T00:00:00Z")

    assert memory.exact("Le rapport a été adopté.", "fr", "en").target == "The report has been adopted."


# -- adding --------------------------------------------------------------------------------------

def test_adding_the_same_unit_twice_stores_it_once(memory):
    memory.add("en", "fr", SOURCE, TARGET, "approved", created="2025-01-01T00:00:00Z")
    memory.add("en", "fr", SOURCE, TARGET, "approved")

    assert list(memory.export_rows()) == [("en", "fr", SOURCE, TARGET, "approved")]


def test_a_source_written_differently_but_equal_once_normalised_is_the_same_unit(memory):
    memory.add("en", "fr", SOURCE, TARGET, "approved")
    memory.add("en", "fr", SOURCE.replace(" ", "  ") + "\n", TARGET, "approved")

    assert list(memory.export_rows()) == [("en", "fr", SOURCE.replace(" ", "  ") + "\n", TARGET, "approved")]


def test_the_newest_target_wins_and_keeps_its_origin(memory):
    memory.add("en", "fr", SOURCE, "Première version.", "mt", created="2025-03-01T10:00:00Z")
    memory.add("en", "fr", SOURCE, TARGET, "approved", created="2025-04-01T10:00:00Z")
    memory.add("en", "fr", SOURCE, "Version plus ancienne.", "mt", created="2024-01-01T10:00:00Z")

    found = memory.exact(SOURCE, "en", "fr")

    assert (found.target, found.origin) == (TARGET, "approved")
    assert memory.stats()["segments"] == 1
    assert memory.exact("Première version.", "fr", "en") is None  # the replaced target is gone both ways


def test_add_many_stores_all_rows_or_none(memory):
    rows = [("en", "fr", SOURCE, TARGET, "approved"), ("en", "xx-bad", "Report", "Rapport", "approved")]

    with pytest.raises(PublisherError) as raised:
        memory.add_many(rows)

    assert codes(raised.value) == ["memory.language"]
    assert memory.stats()["segments"] == 0
    assert memory.add_many(rows[:1]) == 1
    assert memory.exact(SOURCE, "en", "fr").target == TARGET


@pytest.mark.parametrize("row, code", [
    (("en", "en", "Report", "Report"), "memory.language"),
    (("EN", "fr", "Report", "Rapport"), "memory.language"),
    (("en", "fr", " \u00a0 ", "Rapport"), "memory.empty"),
    (("en", "fr", "Report", "Rapport", "", "yesterday"), "memory.created"),
    (("en", "fr", "Report", None), "memory.row"),
])
def test_a_bad_unit_is_refused_with_a_finding(memory, row, code):
    with pytest.raises(PublisherError) as raised:
        memory.add(*row)

    assert codes(raised.value) == [code]
    assert raised.value.findings[0].file == str(memory.path)


def test_a_row_of_the_wrong_shape_is_refused_with_a_finding(memory):
    with pytest.raises(PublisherError) as raised:
        memory.add_many([("en", "fr", "Report")])

    assert codes(raised.value) == ["memory.row"]


def test_stats_pairs_and_export(memory):
    memory.add("en", "fr", SOURCE, TARGET, "approved")
    memory.add("en", "es", SOURCE, "El Grupo de Trabajo tomó nota del informe de la Secretaría.", "official")
    memory.add("ru", "en", "Доклад", "Report", "official")

    assert memory.stats() == {"segments": 3, "pairs": {"en-es": 1, "en-fr": 1, "ru-en": 1},
                              "origins": {"approved": 1, "official": 2}}
    assert memory.pairs() == [("en", "es"), ("en", "fr"), ("ru", "en")]
    assert [row[:2] for row in memory.export_rows()] == [("en", "fr"), ("en", "es"), ("ru", "en")]


# -- the file ------------------------------------------------------------------------------------

def test_the_memory_persists_and_uses_a_write_ahead_log(tmp_path):
    path = tmp_path / "memory.tm"
    with TranslationMemory(path) as memory:
        memory.add("en", "fr", SOURCE, TARGET)

    with TranslationMemory(path) as reopened:
        assert reopened.exact(SOURCE, "en", "fr").target == TARGET
        assert [m.target for m in reopened.fuzzy(NEAR, "en", "fr")] == [TARGET]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_reader_sees_what_another_connection_added(tmp_path):
    path = tmp_path / "memory.tm"
    with TranslationMemory(path) as reader, TranslationMemory(path) as writer:
        writer.add("en", "fr", "2024/25", "2024/25")  # no trigram in common with NEAR
        assert reader.fuzzy(NEAR, "en", "fr") == []  # the reader has read the trigram statistics

        writer.add("en", "fr", SOURCE, TARGET)

        assert [m.target for m in reader.fuzzy(NEAR, "en", "fr")] == [TARGET]


def test_fuzzy_sees_units_added_after_an_earlier_lookup(memory):
    memory.add("en", "fr", "2024/25", "2024/25")  # no trigram in common with NEAR
    assert memory.fuzzy(NEAR, "en", "fr") == []

    memory.add("en", "fr", SOURCE, TARGET)

    assert [m.target for m in memory.fuzzy(NEAR, "en", "fr")] == [TARGET]


@pytest.mark.parametrize("content", [
    b"this is a YAML file, not a memory\n" * 20,
    b"SQLite format 3\x00" + bytes(range(256)) * 64,
], ids=["not-sqlite", "damaged-sqlite"])
def test_a_corrupt_file_is_refused_and_left_as_it_was(tmp_path, content):
    path = tmp_path / "memory.tm"
    path.write_bytes(content)

    with pytest.raises(PublisherError) as raised:
        TranslationMemory(path)

    assert codes(raised.value) == ["memory.corrupt"]
    assert raised.value.findings[0].file == str(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.tm"]


def test_another_sqlite_database_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    other.close()
    before = path.read_bytes()

    with pytest.raises(PublisherError) as raised:
        TranslationMemory(path)

    assert codes(raised.value) == ["memory.not-a-memory"]
    assert path.read_bytes() == before


# -- official seed -------------------------------------------------------------------------------

def test_official_pairs_hold_the_instrument_short_titles():
    pairs = set(official_pairs())
    english, french = titles("en").instruments["convention"], titles("fr").instruments["convention"]

    assert ("en", "fr", english.short_title, french.short_title) in pairs
    assert ("en", "fr", "Organized Crime Convention", french.short_title) in pairs
    assert ("fr", "en", french.title, english.title) in pairs


def test_official_pairs_cover_every_pair_of_the_six_languages():
    directions = {(source, target) for source, target, _, _ in official_pairs()}

    assert directions == set(permutations(LANGUAGES, 2))


def test_official_pairs_include_articles_blueprints_and_boilerplate():
    pairs = set(official_pairs())
    summary = load_blueprints().documents["summary"]
    challenges = summary.section("challenges").heading
    group = "Working Group on Trafficking in Persons"

    assert ("zh", "ru", titles("zh").articles["convention"][16], titles("ru").articles["convention"][16]) in pairs
    assert ("en", "ar", summary.title["en"], summary.title["ar"]) in pairs
    assert ("es", "fr", challenges["es"], challenges["fr"]) in pairs
    assert ("en", "es", boilerplate("en")["body"], boilerplate("es")["body"]) in pairs
    assert ("en", "zh", boilerplate("en")["working_groups"][group], boilerplate("zh")["working_groups"][group]) in pairs


def test_seed_memory_adds_the_official_pairs(memory):
    given = seed_memory(memory)

    english, french = titles("en").instruments["convention"], titles("fr").instruments["convention"]
    found = memory.exact(english.short_title, "en", "fr")
    assert given == len(list(official_pairs())) == memory.stats()["segments"]
    assert (found.target, found.origin) == (french.short_title, "official")
    assert seed_memory(memory) == given and memory.stats()["segments"] == given  # seeding again adds nothing
