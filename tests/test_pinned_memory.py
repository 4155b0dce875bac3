"""What the translation memory promises, pinned: what a unit is stored with (strings as written,
origin, time in UTC), which unit wins when a source is stored twice, what each refusal says, the
fuzzy defaults and thresholds at their edges, what a match carries, what the report counts, and
the trigram arithmetic of the candidate filter."""
from __future__ import annotations

import hashlib
import sqlite3
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.findings import Finding
from publisher.translate.memory import CONFIRMED_MT, SCHEMA_VERSION, Match, TranslationMemory
from publisher.translate.memory_text import GRAM, grams, length_range, may_match, minimum_hits, phrase

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unpc-devset"

SOURCE = "The Working Group took note of the report of the Secretariat."
TARGET = "Le Groupe de travail a pris note du rapport du Secrétariat."
NEWER_TARGET = "Le Groupe de travail a pris acte du rapport du Secrétariat."
NOON = "2026-01-27T12:00:00Z"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "memory.tm"


@pytest.fixture
def memory(path):
    with TranslationMemory(path) as opened:
        yield opened


def stored_segments(path: Path) -> list[tuple]:
    """The units as the file holds them (the storage the module's docstring describes)."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT source_language, target_language, source, target, origin, created "
                          "FROM segment ORDER BY id").fetchall()


def the_finding(error: pytest.ExceptionInfo) -> Finding:
    assert error.value.exit_code == EXIT_UNREADABLE
    [finding] = error.value.findings
    return finding


def memory_finding(path: Path, message: str, code: str) -> Finding:
    return Finding(str(path), 0, 0, "", message, code)


# -- refusing what is not a translation memory -----------------------------------------------------

def test_a_directory_is_refused_as_not_a_memory(tmp_path):
    with pytest.raises(PublisherError) as error:
        TranslationMemory(tmp_path)
    assert the_finding(error) == memory_finding(tmp_path, "is a directory, not a translation memory",
                                                "memory.unavailable")


def test_a_file_that_is_not_sqlite_is_refused_as_corrupt_and_left_as_it_was(path):
    path.write_bytes(b"Segment\tSegmento\n" * 4)
    with pytest.raises(PublisherError) as error:
        TranslationMemory(path)
    assert the_finding(error) == memory_finding(
        path, "is not an SQLite database (corrupt, or another kind of file)", "memory.corrupt")
    assert path.read_bytes() == b"Segment\tSegmento\n" * 4


def test_an_empty_file_becomes_a_memory(path):
    path.write_bytes(b"")
    with TranslationMemory(path) as memory:
        memory.add("en", "fr", SOURCE, TARGET)
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")
    path = tmp_path / "notes.txt" / "memory.tm"
    with pytest.raises(PublisherError) as error:
        TranslationMemory(path)
    assert the_finding(error) == memory_finding(path, "cannot be read: Not a directory", "memory.unavailable")


def test_a_memory_in_a_missing_folder_cannot_be_opened(tmp_path):
    path = tmp_path / "missing" / "memory.tm"
    with pytest.raises(PublisherError) as error:
        TranslationMemory(path)
    assert the_finding(error) == memory_finding(path, "cannot be opened: unable to open database file",
                                                "memory.unavailable")


def test_another_sqlite_database_is_refused_with_the_whole_finding(path):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(PublisherError) as error:
        TranslationMemory(path)
    assert the_finding(error) == memory_finding(path, "is an SQLite database, but not a translation memory",
                                                "memory.not-a-memory")


def test_a_memory_written_by_a_newer_version_is_refused_and_this_versions_is_reopened(path):
    with TranslationMemory(path) as memory:
        memory.add("en", "fr", SOURCE, TARGET)
    with TranslationMemory(path) as memory:  # its own schema version is read back
        assert memory.exact(SOURCE, "en", "fr").target == TARGET
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(PublisherError) as error:
        TranslationMemory(path)
    assert the_finding(error) == memory_finding(
        path, f"was written by a newer version (schema {SCHEMA_VERSION + 1}, this one reads {SCHEMA_VERSION})",
        "memory.version")


def test_a_busy_memory_is_waited_for_ten_seconds(memory):
    # another process writing holds the lock: a writer waits up to ten seconds before giving up
    assert memory._db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000


# -- refusing a bad unit -------------------------------------------------------------------------

@pytest.mark.parametrize("row, message, code", [
    (("EN", "fr", SOURCE, TARGET), "'EN' is not a language code (two or three lower-case letters)",
     "memory.language"),
    (("en", "fra1", SOURCE, TARGET), "'fra1' is not a language code (two or three lower-case letters)",
     "memory.language"),
    (("en", "en", SOURCE, TARGET), "a unit needs two languages, not en twice", "memory.language"),
    (("en", "fr", " \u00ad ", TARGET), f"a unit needs a source and a target ({' ' + chr(0xad) + ' '!r} -> {TARGET!r})",
     "memory.empty"),
    (("en", "fr", SOURCE, "\u200b"), f"a unit needs a source and a target ({SOURCE!r} -> '\\u200b')",
     "memory.empty"),
    (("en", "fr", SOURCE, 42), f"source, target and origin must be text: {SOURCE!r}, 42, ''", "memory.row"),
    (("en", "fr", SOURCE, TARGET, 7), f"source, target and origin must be text: {SOURCE!r}, {TARGET!r}, 7",
     "memory.row"),
    (("en", "fr", SOURCE, TARGET, "official", "27 January 2026"),
     "'27 January 2026' is not a date and time (ISO 8601)", "memory.created"),
])
def test_a_bad_unit_is_refused_with_what_is_wrong(memory, path, row, message, code):
    with pytest.raises(PublisherError) as error:
        memory.add(*row)
    assert the_finding(error) == memory_finding(path, message, code)
    assert stored_segments(path) == []


def test_a_unit_with_only_its_source_empty_or_only_its_target_empty_is_refused(memory):
    for source, target in ((" ", TARGET), (SOURCE, " ")):
        with pytest.raises(PublisherError) as error:
            memory.add("en", "fr", source, target)
        assert the_finding(error).code == "memory.empty"


@pytest.mark.parametrize("rows, number", [
    ([("en", "fr", SOURCE, TARGET), ("en", "fr", SOURCE)], 2),
    ([("en", "fr", SOURCE, TARGET, "", NOON, "extra")], 1),
    ([("en", "fr", SOURCE, TARGET), ("en", "fr", "A", "B"), "en fr a b"], 3),
])
def test_a_row_of_the_wrong_shape_is_refused_naming_its_number(memory, path, rows, number):
    with pytest.raises(PublisherError) as error:
        memory.add_many(rows)
    assert the_finding(error) == memory_finding(
        path, f"row {number} is not (source_language, target_language, source, target[, origin[, created]]): "
              f"{rows[number - 1]!r}", "memory.row")
    assert stored_segments(path) == []


def test_rows_of_four_five_and_six_fields_are_read(memory, path):
    rows = [("en", "fr", "First sentence.", "Première phrase."),
            ("en", "fr", "Second sentence.", "Deuxième phrase.", "official"),
            ["en", "fr", "Third sentence.", "Troisième phrase.", "approved", NOON]]
    assert memory.add_many(rows) == 3
    assert [segment[4] for segment in stored_segments(path)] == ["", "official", "approved"]


# -- what is stored ------------------------------------------------------------------------------

def test_a_unit_is_stored_as_written_with_its_origin_and_time(memory, path):
    source = "The State\u00a0party\u2019s plan  was adopted. "
    memory.add("en", "fr", source, " Le plan de l\u2019État partie a été adopté.", "official", NOON)
    assert stored_segments(path) == [("en", "fr", source, " Le plan de l\u2019État partie a été adopté.",
                                      "official", NOON)]
    assert list(memory.export_rows()) == [("en", "fr", source, " Le plan de l\u2019État partie a été adopté.",
                                           "official")]


def test_a_unit_without_an_origin_is_stored_with_an_empty_one(memory, path):
    memory.add("en", "fr", SOURCE, TARGET)
    memory.add_many([("en", "es", SOURCE, "El Grupo de Trabajo tomó nota del informe.", None)])
    assert [segment[4] for segment in stored_segments(path)] == ["", ""]
    assert memory.stats()["origins"] == {"": 2}
    assert memory.exact(SOURCE, "en", "fr").origin == ""


def test_a_unit_without_a_time_is_stored_with_the_current_time_in_utc(memory, path):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    memory.add("en", "fr", SOURCE, TARGET)
    after = datetime.now(timezone.utc)
    created = stored_segments(path)[0][5]
    assert created.endswith("Z") and len(created) == len("2026-01-27T12:00:00Z")
    moment = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert before <= moment <= after


@pytest.mark.parametrize("given", ["2026-01-27T12:00:00Z", "20260127T120000Z", "2026-01-27T12:00:00",
                                   "2026-01-27T13:00:00+01:00", "2026-01-27T07:00:00-05:00",
                                   "2026-01-27T12:00:00.900Z"])
def test_a_time_is_stored_in_utc_to_the_second_whatever_form_it_came_in(memory, path, given):
    memory.add("en", "fr", SOURCE, TARGET, "official", given)
    assert stored_segments(path)[0][5] == NOON


def test_a_time_without_a_zone_is_utc_whatever_the_machines_zone(memory, path, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        memory.add("en", "fr", SOURCE, TARGET, "official", "2026-01-27T12:00:00")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert stored_segments(path)[0][5] == NOON


def test_a_unit_added_without_a_time_is_stamped_in_utc_whatever_the_machines_zone(memory, path, monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: a local time would be half a day off
    time.tzset()
    try:
        before = datetime.now(timezone.utc).replace(microsecond=0)
        memory.add("en", "fr", SOURCE, TARGET)
        after = datetime.now(timezone.utc)
    finally:
        monkeypatch.undo()
        time.tzset()
    moment = datetime.strptime(stored_segments(path)[0][5], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert before <= moment <= after


def test_a_unit_stored_in_one_language_pair_leaves_the_others_alone(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.add("en", "es", SOURCE, "El Grupo de Trabajo tomó nota del informe.", "official", NOON)
    memory.add("fr", "en", TARGET, "The Group noted the report.", "official", NOON)
    assert len(stored_segments(path)) == 3
    assert memory.exact(SOURCE, "en", "fr").target == TARGET


# -- which unit wins -----------------------------------------------------------------------------

def test_the_same_source_stored_again_replaces_its_target_when_at_least_as_new(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.add("en", "fr", SOURCE, NEWER_TARGET, "approved", NOON)  # as new: replaces
    assert stored_segments(path) == [("en", "fr", SOURCE, NEWER_TARGET, "approved", NOON)]
    memory.add("en", "fr", SOURCE, TARGET, "official", "2026-01-27T11:59:59Z")  # older: kept out
    assert stored_segments(path) == [("en", "fr", SOURCE, NEWER_TARGET, "approved", NOON)]


def test_a_source_written_differently_keeps_the_newest_writing(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    respaced = SOURCE.replace(" ", "  ")
    memory.add("en", "fr", respaced, TARGET, "official", "2026-01-28T12:00:00Z")
    assert stored_segments(path) == [("en", "fr", respaced, TARGET, "official", "2026-01-28T12:00:00Z")]


def test_the_same_strings_with_another_origin_take_the_new_origin(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "post-edited", NOON)
    memory.add("en", "fr", SOURCE, TARGET, "official", "2026-01-28T12:00:00Z")
    assert stored_segments(path) == [("en", "fr", SOURCE, TARGET, "official", "2026-01-28T12:00:00Z")]


def test_the_same_unit_again_changes_nothing_not_even_its_time(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    assert memory.add_changed([("en", "fr", SOURCE, TARGET, "official", "2026-02-01T00:00:00Z")]) == 0
    assert stored_segments(path) == [("en", "fr", SOURCE, TARGET, "official", NOON)]


def test_confirmed_machine_translation_never_replaces_a_translation_of_another_origin(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.add("en", "fr", SOURCE, NEWER_TARGET, CONFIRMED_MT, "2026-02-01T00:00:00Z")
    assert stored_segments(path) == [("en", "fr", SOURCE, TARGET, "official", NOON)]


def test_confirmed_machine_translation_replaces_an_older_confirmed_one(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, CONFIRMED_MT, NOON)
    memory.add("en", "fr", SOURCE, NEWER_TARGET, CONFIRMED_MT, "2026-02-01T00:00:00Z")
    assert stored_segments(path) == [("en", "fr", SOURCE, NEWER_TARGET, CONFIRMED_MT, "2026-02-01T00:00:00Z")]


def test_a_translation_replaces_confirmed_machine_translation(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, CONFIRMED_MT, NOON)
    memory.add("en", "fr", SOURCE, NEWER_TARGET, "post-edited", "2026-02-01T00:00:00Z")
    assert stored_segments(path) == [("en", "fr", SOURCE, NEWER_TARGET, "post-edited", "2026-02-01T00:00:00Z")]


def test_a_unit_added_now_is_newer_than_yesterday_and_older_than_tomorrow(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official")
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    memory.add("en", "fr", SOURCE, "hier", "official", yesterday)
    assert stored_segments(path)[0][3] == TARGET
    memory.add("en", "fr", SOURCE, "demain", "official", tomorrow)
    assert stored_segments(path)[0][3] == "demain"


def test_add_changed_counts_the_units_added_or_replaced(memory):
    assert memory.add_changed([]) == 0
    assert memory.add_changed([("en", "fr", SOURCE, TARGET, "official", NOON),
                               ("en", "fr", "Second sentence.", "Deuxième phrase.", "official", NOON)]) == 2
    assert memory.add_changed([("en", "fr", SOURCE, TARGET, "official", NOON),  # the same: unchanged
                               ("en", "fr", SOURCE, NEWER_TARGET, "official", "2026-01-26T00:00:00Z"),  # older
                               ("en", "fr", "Second sentence.", "Phrase deux.", "official", NOON)]) == 1


def test_add_many_counts_the_rows_read(memory):
    assert memory.add_many([]) == 0
    assert memory.add_many([("en", "fr", SOURCE, TARGET, "official", NOON)] * 3) == 3


def test_a_replaced_target_leaves_no_text_behind_in_the_index(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.add("en", "fr", SOURCE, NEWER_TARGET, "official", "2026-02-01T00:00:00Z")
    memory.add("en", "fr", SOURCE, NEWER_TARGET, "approved", "2026-02-02T00:00:00Z")  # same target text
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT language, length FROM text ORDER BY id").fetchall() == [
            ("en", len(SOURCE)), ("fr", len(NEWER_TARGET))]
        trigrams = dict(db.execute("SELECT term, doc FROM fts_fr_vocabulary"))
    assert trigrams == dict.fromkeys(grams(NEWER_TARGET.lower()), 1)  # the index ignores case
    assert memory.fuzzy(TARGET, "fr", "en", threshold=50) == [
        Match(NEWER_TARGET, SOURCE, fuzz.ratio(TARGET, NEWER_TARGET), "fuzzy", "approved", "fr", "en")]


def test_a_replaced_target_still_used_by_another_unit_is_kept(memory):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.add("es", "fr", "El Grupo de Trabajo tomó nota del informe de la Secretaría.", TARGET, "official", NOON)
    memory.add("en", "fr", SOURCE, NEWER_TARGET, "official", "2026-02-01T00:00:00Z")
    assert memory.exact(TARGET, "fr", "es").target == "El Grupo de Trabajo tomó nota del informe de la Secretaría."
    memory.add("fr", "ru", TARGET, "Рабочая группа приняла к сведению доклад.", "official", NOON)
    memory.add("es", "fr", "El Grupo de Trabajo tomó nota del informe de la Secretaría.", NEWER_TARGET, "official",
               "2026-02-01T00:00:00Z")
    assert memory.exact(TARGET, "fr", "ru").target == "Рабочая группа приняла к сведению доклад."


def test_the_trigram_counts_a_connection_keeps_match_the_index(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.fuzzy(TARGET, "fr", "en")  # the counts are read here, then kept up to date
    memory.add("en", "fr", SOURCE, NEWER_TARGET, "official", "2026-02-01T00:00:00Z")
    memory.add("de", "fr", "Die Arbeitsgruppe nahm den Bericht zur Kenntnis.", "Le Groupe a pris note du rapport.",
               "official", NOON)
    with sqlite3.connect(path) as db:
        in_the_index = Counter(dict(db.execute("SELECT term, doc FROM fts_fr_vocabulary")))
    assert +memory._document_frequency["fr"] == in_the_index


# -- exact lookups -------------------------------------------------------------------------------

def test_a_text_is_found_by_the_128_bit_blake2b_hash_of_its_normalised_form(memory, path):
    # the file format: a memory written by one version is read by the others
    memory.add("en", "fr", " The  State\u2019s plan. ", TARGET, "official", NOON)
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT hash FROM text WHERE language = 'en'").fetchone()[0]
    assert stored == hashlib.blake2b("The State's plan.".encode("utf-8"), digest_size=16).digest()


def test_an_exact_match_carries_the_unit_as_stored(memory):
    memory.add("en", "fr", SOURCE + " ", TARGET, "official", NOON)
    assert memory.exact("  " + SOURCE, "en", "fr") == Match(SOURCE + " ", TARGET, 100.0, "exact", "official",
                                                            "en", "fr")
    assert memory.exact(TARGET, "fr", "en") == Match(TARGET, SOURCE + " ", 100.0, "exact", "official", "fr", "en")


def test_an_exact_lookup_writes_nothing(memory, path):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    before = stored_segments(path)
    assert memory.exact("Another sentence entirely.", "en", "fr") is None
    assert memory.fuzzy("Une autre phrase.", "es", "en") == []
    assert memory.lookup("Une autre phrase.", "es", "en") is None
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM text").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'fts_es%'").fetchone()[0] == 0
    assert stored_segments(path) == before


def test_an_exact_lookup_of_a_text_stored_only_in_another_pair_finds_nothing(memory):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    assert memory.exact(SOURCE, "en", "es") is None
    assert memory.exact(SOURCE, "fr", "en") is None
    assert memory.lookup(SOURCE, "en", "es") is None


# -- fuzzy lookups at their edges ----------------------------------------------------------------

# a query whose ratio to STORED_75 is exactly 75: 2 * 12 common characters / (12 + 20) characters
QUERY_12 = "Reviewed art"
STORED_75 = "Reviewed articles 15"
STORED_BELOW_75 = "Reviewed articles 15."


def test_fuzzy_and_lookup_find_a_text_scoring_exactly_75_by_default(memory):
    assert fuzz.ratio(QUERY_12, STORED_75) == 75.0 and fuzz.ratio(QUERY_12, STORED_BELOW_75) < 75.0
    memory.add("en", "fr", STORED_75, "Articles examinés 15", "official", NOON)
    memory.add("en", "es", STORED_BELOW_75, "Artículos examinados 15.", "official", NOON)
    assert memory.fuzzy(QUERY_12, "en", "fr") == [
        Match(STORED_75, "Articles examinés 15", 75.0, "fuzzy", "official", "en", "fr")]
    assert memory.lookup(QUERY_12, "en", "fr") == Match(STORED_75, "Articles examinés 15", 75.0, "fuzzy",
                                                        "official", "en", "fr")
    assert memory.fuzzy(QUERY_12, "en", "es") == []
    assert memory.lookup(QUERY_12, "en", "es") is None


def test_lookup_passes_its_threshold_on_to_the_fuzzy_search(memory):
    memory.add("en", "fr", STORED_75, "Articles examinés 15", "official", NOON)
    assert memory.lookup(QUERY_12, "en", "fr", threshold=76) is None
    assert memory.lookup(QUERY_12, "en", "fr", threshold=75).score == 75.0


def variants(count: int) -> list[str]:
    return [f"The review of article {n:03d} of the Convention was completed." for n in range(count)]


def test_fuzzy_returns_three_matches_unless_asked_for_another_number(memory):
    memory.add_many([("en", "fr", text, f"Traduction {n}", "official", NOON) for n, text in enumerate(variants(6))])
    query = "The review of article 999 of the Convention was completed."
    assert len(memory.fuzzy(query, "en", "fr")) == 3
    assert len(memory.fuzzy(query, "en", "fr", limit=5)) == 5
    best = memory.lookup(query, "en", "fr")
    assert best == memory.fuzzy(query, "en", "fr", limit=1)[0]


def test_fuzzy_returns_as_many_matches_as_asked_when_that_many_qualify(memory):
    texts = variants(60)
    memory.add_many([("en", "fr", text, f"Traduction {n}", "official", NOON) for n, text in enumerate(texts)])
    found = memory.fuzzy("The review of article 999 of the Convention was completed.", "en", "fr", limit=60)
    assert sorted(match.source for match in found) == sorted(texts)


def test_equal_scores_put_the_newest_unit_first(memory):
    older, newer = "The review of article 101 was completed.", "The review of article 201 was completed."
    memory.add("en", "fr", older, "ancien", "official", "2026-01-01T00:00:00Z")
    memory.add("en", "fr", newer, "nouveau", "official", "2026-02-01T00:00:00Z")
    query = "The review of article 301 was completed."
    assert fuzz.ratio(query, older) == fuzz.ratio(query, newer)
    assert [match.target for match in memory.fuzzy(query, "en", "fr")] == ["nouveau", "ancien"]
    assert memory.lookup(query, "en", "fr").target == "nouveau"


def test_equally_good_matches_of_the_same_time_are_all_returned(memory):
    texts = ["The review of article 101 was completed.", "The review of article 201 was completed."]
    memory.add_many([("en", "fr", text, f"Traduction {n}", "official", NOON) for n, text in enumerate(texts)])
    found = memory.fuzzy("The review of article 301 was completed.", "en", "fr")
    assert sorted(match.source for match in found) == texts


def test_a_fuzzy_search_finds_the_exact_text_as_an_exact_match_scoring_100(memory):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.add("en", "fr", SOURCE.replace("report", "reports"), "Autre", "official", NOON)
    found = memory.fuzzy(SOURCE.replace(" ", "\u00a0"), "en", "fr")
    assert found[0] == Match(SOURCE, TARGET, 100.0, "exact", "official", "en", "fr")
    assert [match.kind for match in found] == ["exact", "fuzzy"] and found[1].score < 100.0


def test_a_fuzzy_match_in_the_other_direction_names_the_asked_languages(memory):
    memory.add("fr", "en", TARGET, SOURCE, "official", NOON)
    query = SOURCE.replace("report", "oral report")
    assert memory.fuzzy(query, "en", "fr") == [
        Match(SOURCE, TARGET, fuzz.ratio(query, SOURCE), "fuzzy", "official", "en", "fr")]


def test_a_text_stored_in_two_pairs_is_scored_once_per_asked_pair(memory):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    memory.add("en", "es", SOURCE, "El Grupo de Trabajo tomó nota del informe.", "official", NOON)
    query = SOURCE.replace("report", "oral report")
    assert [match.target for match in memory.fuzzy(query, "en", "es")] == ["El Grupo de Trabajo tomó nota del informe."]


def test_a_quoted_text_is_found_by_its_quotes(memory):
    stored = 'The "national plan" was "adopted" in "2021" by the "Government".'
    memory.add("en", "fr", stored, "Le plan.", "official", NOON)
    query = stored.replace("2021", "2022")
    assert memory.fuzzy(query, "en", "fr") == [
        Match(stored, "Le plan.", fuzz.ratio(query, stored), "fuzzy", "official", "en", "fr")]


def test_the_filter_finds_the_best_match_a_full_scan_finds_in_the_un_corpus(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"UN Parallel Corpus development set not found at {CORPUS}")
    english = (CORPUS / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:3000]
    french = (CORPUS / "UNv1.0.devset.fr").read_text(encoding="utf-8").splitlines()[:3000]
    rows = [("en", "fr", en, fr, "official", NOON) for en, fr in zip(english, french) if 40 < len(en) < 200 and fr]
    queries = [en[:20] + en[21:30] + "x" + en[30:] for _, _, en, _, _, _ in rows[::97]]
    with TranslationMemory(tmp_path / "un.tm") as memory:
        memory.add_many(rows)
        for query in queries:
            best = max(fuzz.ratio(query, en) for _, _, en, _, _, _ in rows)
            found = memory.fuzzy(query, "en", "fr", threshold=80, limit=1)
            assert found and found[0].score == best, query


# -- the report ----------------------------------------------------------------------------------

def test_the_report_counts_units_by_pair_and_by_origin_in_order(memory):
    memory.add("fr", "en", TARGET, SOURCE, "official", NOON)
    memory.add("en", "fr", "Second sentence.", "Deuxième phrase.", "approved", NOON)
    memory.add("en", "fr", "Third sentence.", "Troisième phrase.", "official", NOON)
    memory.add("en", "es", "Third sentence.", "Tercera frase.", CONFIRMED_MT, NOON)
    stats = memory.stats()
    assert stats == {"segments": 4, "pairs": {"en-es": 1, "en-fr": 2, "fr-en": 1},
                     "origins": {"approved": 1, CONFIRMED_MT: 1, "official": 2}}
    assert list(stats["pairs"]) == ["en-es", "en-fr", "fr-en"]
    assert list(stats["origins"]) == ["approved", CONFIRMED_MT, "official"]
    assert memory.pairs() == [("en", "es"), ("en", "fr"), ("fr", "en")]


def test_export_gives_the_units_in_the_order_stored(memory):
    memory.add("fr", "en", TARGET, SOURCE, "official", NOON)
    memory.add("en", "es", "Second sentence.", "Segunda frase.", "approved", NOON)
    memory.add("en", "fr", "Second sentence.", "Deuxième phrase.", "", NOON)
    assert list(memory.export_rows()) == [("fr", "en", TARGET, SOURCE, "official"),
                                          ("en", "es", "Second sentence.", "Segunda frase.", "approved"),
                                          ("en", "fr", "Second sentence.", "Deuxième phrase.", "")]


# -- the trigram arithmetic ----------------------------------------------------------------------

def test_the_trigrams_of_a_text_are_every_three_characters_in_a_row():
    assert grams("abcdef") == {"abc", "bcd", "cde", "def"}
    assert grams("abc") == {"abc"}
    assert grams("ab") == set()
    assert GRAM == 3


def test_a_trigram_is_looked_up_literally_quotes_included(tmp_path):
    with sqlite3.connect(tmp_path / "index.db") as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(key, tokenize='trigram')")
        db.execute("""INSERT INTO t (rowid, key) VALUES (1, 'the "plan" was'), (2, 'the plan was')""")
        for gram, rows in (('"pl', [1]), ('n" ', [1]), (" pl", [2]), ("a\"a", [])):
            assert [row for row, in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (phrase(gram),))] == rows


@pytest.mark.parametrize("threshold", [0.5, 50, 75, 80, 90, 99])
def test_the_length_range_holds_every_length_that_can_reach_the_threshold_and_at_most_one_more(threshold):
    for length in (3, 10, 12, 37, 100, 400):
        shortest, longest = length_range(length, threshold)
        reachable = [other for other in range(0, 400 * length) if 200 * min(length, other) / (length + other) >= threshold]
        assert reachable[0] - 1 <= shortest <= reachable[0], (length, threshold)
        assert reachable[-1] <= longest <= reachable[-1] + 1, (length, threshold)


def test_at_threshold_zero_every_length_is_in_range():
    shortest, longest = length_range(12, 0)
    assert shortest == 0 and longest >= 2**31


def test_a_candidate_needs_a_quarter_of_the_looked_up_trigrams_and_at_least_one():
    assert [minimum_hits(count) for count in (1, 3, 4, 7, 8, 11, 12, 23, 24)] == [1, 1, 1, 1, 2, 2, 3, 5, 6]


def test_the_lengths_of_a_languages_stored_texts_are_given_once_each_shortest_first(memory):
    memory.add("en", "fr", "Records are kept for ten years.", "Les registres sont conservés dix ans.", "approved", NOON)
    memory.add("en", "es", " Records  are kept for ten years. ", "Los registros se conservan diez años.", "approved",
               NOON)
    memory.add("en", "fr", "Files are kept.", "Les dossiers sont conservés.", "approved", NOON)
    assert memory.lengths("en") == [len("Files are kept."), len("Records are kept for ten years.")]
    assert memory.lengths("es") == [len("Los registros se conservan diez años.")]
    assert memory.lengths("de") == []


@pytest.mark.parametrize("threshold", [50, 75, 90, 99])
def test_a_lookup_no_stored_text_is_long_or_short_enough_for_finds_nothing(memory, threshold):
    stored = ["Records are kept.", "Records are kept for ten years.", "The State party has adopted a law on records."]
    for text in stored:
        memory.add("en", "fr", text, "Un texte.", "approved", NOON)
    lengths = memory.lengths("en")
    queries = [stored[1][:n] for n in range(3, len(stored[1]) + 1)] + [stored[2] + " More words." * k for k in range(9)]
    skipped = [query for query in queries if not may_match(lengths, query, threshold)]
    assert skipped and all(memory.fuzzy(query, "en", "fr", threshold) == [] for query in skipped)
    assert any(memory.fuzzy(query, "en", "fr", threshold) for query in queries if query not in skipped)


# -- which trigrams a fuzzy lookup asks the index for ----------------------------------------------

def rare_trigrams(memory, monkeypatch, text: str, frequencies: dict[str, int]) -> list[str]:
    """The trigrams chosen for a query, given how many stored texts hold each trigram."""
    monkeypatch.setattr(memory, "_frequencies", lambda language, index: Counter(frequencies))
    return memory._raregrams(text, "en", "fts_en")


def test_the_rarest_trigrams_that_do_not_overlap_come_first_then_the_overlapping_ones(memory, monkeypatch):
    every = {gram: 5 for gram in grams("abcdefghi")}
    assert rare_trigrams(memory, monkeypatch, "abcdefghi", {**every, "ghi": 1, "def": 2, "abc": 3}) == [
        "ghi", "def", "abc", "bcd", "cde", "efg", "fgh"]
    assert rare_trigrams(memory, monkeypatch, "abcdefghi", dict.fromkeys(every, 1)) == [
        "abc", "def", "ghi", "bcd", "cde", "efg", "fgh"]


def test_a_trigram_no_stored_text_holds_is_not_asked_for(memory, monkeypatch):
    held = {gram: 1 for gram in grams("abcdefghi") if gram != "def"}
    assert rare_trigrams(memory, monkeypatch, "abcdefghi", held) == ["abc", "efg", "bcd", "cde", "fgh", "ghi"]


def test_a_repeated_trigram_is_asked_for_once(memory, monkeypatch):
    assert rare_trigrams(memory, monkeypatch, "abcabcabc", {"abc": 1, "bca": 2, "cab": 2}) == ["abc", "bca", "cab"]


def test_at_most_24_trigrams_are_asked_for(memory, monkeypatch):
    text = "".join(chr(ord("a") + n) for n in range(26)) + "0123456789"
    chosen = rare_trigrams(memory, monkeypatch, text, dict.fromkeys(grams(text), 1))
    assert len(chosen) == 24 and chosen[:12] == [text[i:i + 3] for i in range(0, 36, 3)]


def test_trigrams_are_added_while_the_texts_holding_them_stay_within_15000(memory, monkeypatch):
    common = dict.fromkeys(grams("abcdefghijkl"), 20_000)
    # exactly 15,000 texts: the fourth trigram is still asked for
    assert rare_trigrams(memory, monkeypatch, "abcdefghijkl",
                         {**common, "abc": 1000, "def": 1000, "ghi": 1000, "jkl": 12_000}) == ["abc", "def", "ghi", "jkl"]
    # one more would pass the budget: the first three are asked for all the same, then no more
    assert rare_trigrams(memory, monkeypatch, "abcdefghijkl",
                         {**common, "abc": 1, "def": 7000, "ghi": 7000, "jkl": 7000}) == ["abc", "def", "ghi"]
    assert rare_trigrams(memory, monkeypatch, "abcdefghijkl",
                         {**common, "abc": 1000, "def": 1000, "ghi": 1000, "jkl": 12_001}) == ["abc", "def", "ghi"]


def test_a_query_padded_with_text_no_unit_holds_still_finds_the_unit(memory):
    memory.add("en", "fr", SOURCE, TARGET, "official", NOON)
    padding = " ".join(f"Q{n:02d}Z" for n in range(20))
    query = padding + " " + SOURCE
    assert memory.fuzzy(query, "en", "fr", threshold=50) == [
        Match(SOURCE, TARGET, fuzz.ratio(query, SOURCE), "fuzzy", "official", "en", "fr")]


def test_texts_without_a_translation_into_the_asked_language_do_not_crowd_out_one_with(memory):
    query = "The review of article 999 of the Convention was completed."
    memory.add_many([("en", "es", text, f"Traducción {n}", "official", NOON) for n, text in enumerate(variants(30))])
    french = "The review of article 999 of the Protocol was completed."
    memory.add("en", "fr", french, "L'examen de l'article 999 du Protocole est achevé.", "official", NOON)
    assert fuzz.ratio(query, french) < min(fuzz.ratio(query, text) for text in variants(30))
    assert [match.source for match in memory.fuzzy(query, "en", "fr")] == [french]


def test_a_text_shorter_than_three_characters_is_found_by_lookup_exactly(memory):
    memory.add("zh", "en", "是的", "Yes", "official", NOON)
    assert memory.fuzzy("是的", "zh", "en") == []  # no trigram: the fuzzy filter cannot see it
    assert memory.lookup("是的", "zh", "en") == Match("是的", "Yes", 100.0, "exact", "official", "zh", "en")
