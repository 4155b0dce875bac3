"""The reference data says what resolution 8/2 says: table 1 (with footnote a) and table 2."""
from __future__ import annotations

import re

import pytest

from publisher.reference import CLUSTERS, INSTRUMENTS, countries, reference, titles

from .conftest import SHARED

SEED = SHARED / "seeds" / "002_772b139a010b775c.txt"
ROW_NAMES = {
    "Organized Crime Convention": "convention",
    "Trafficking in Persons Protocol": "trafficking-in-persons",
    "Smuggling of Migrants Protocol": "smuggling-of-migrants",
    "Firearms Protocol": "firearms",
}


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed text of resolution 8/2 is not at {SEED}")
    return SEED.read_text(encoding="utf-8")


def _numbers(cell: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", cell.replace("^a", ""))]


def test_table_1_matches_the_resolution(seed_text):
    table = seed_text[seed_text.index("Table 1"): seed_text.index("Table 2")]
    rows = {}
    for line in table.splitlines():
        cells = line.split("\t")
        if cells[0] in ROW_NAMES:
            padded = cells[1:] + [""] * (4 - len(cells[1:]))
            rows[ROW_NAMES[cells[0]]] = [_numbers(c) for c in padded]
    assert set(rows) == set(INSTRUMENTS)
    ref = reference()
    for instrument, cells in rows.items():
        for cluster, expected in zip(CLUSTERS, cells):
            assert list(ref.clusters[cluster].articles[instrument]) == expected, (instrument, cluster)


def test_cluster_titles_match_the_column_heads(seed_text):
    for cluster in titles("en").clusters.values():
        assert cluster.title in seed_text


def test_footnote_a_applies_to_articles_8_and_9_of_the_convention(seed_text):
    assert "The review of articles 8 and 9 of the Convention is only for those States parties" in seed_text
    ref = reference()
    assert ref.uncac_exception == ("convention", (8, 9))
    party = ref.articles_under_review("criminalization", "convention", party_to_uncac=True)
    not_party = ref.articles_under_review("criminalization", "convention", party_to_uncac=False)
    assert 8 not in party and 9 not in party
    assert set(not_party) - set(party) == {8, 9}
    assert ref.uncac_exception[1] == (8, 9) and "Articles 2, 5, 6, 8, 9, 10, 15 and 23 ^a" in seed_text


def test_table_2_workplan_matches_the_resolution(seed_text):
    table = seed_text[seed_text.index("Table 2"):]
    assert "III-VI\tCriminalization" in table
    assert "VII-X\tLaw enforcement and judicial system" in table
    ref = reference()
    assert ref.clusters_scheduled_in_year(1) == ()
    for year in (3, 4, 5, 6):
        assert set(ref.clusters_scheduled_in_year(year)) == {"criminalization", "international-cooperation"}
    for year in (7, 8, 9, 10):
        assert set(ref.clusters_scheduled_in_year(year)) == {"law-enforcement", "prevention"}
    assert ref.clusters_scheduled_in_year(11) is None


def test_table_2_working_groups_match_the_column_heads(seed_text):
    table = seed_text[seed_text.index("Table 2"):]
    for groups in reference().working_groups.values():
        for group in groups:
            assert group in table


def test_every_article_under_review_has_a_title():
    ref = reference()
    for cluster in ref.clusters.values():
        for instrument, articles in cluster.articles.items():
            for article in articles:
                assert titles("en").articles[instrument].get(article), (instrument, article)


def test_unterm_names_are_known_with_and_without_the_article():
    known = countries()
    assert known["Netherlands (the)"] is known["Netherlands"]
    assert known["Netherlands"].running_text_name == "the Netherlands"
    assert known["Mongolia"].running_text_name == "Mongolia"
    assert known["Mongolia"].names["zh"] == "蒙古"
    assert len({c.short_name for c in known.values()}) >= 190
