"""`publisher new`: the skeleton of a new review outcome, from the blueprints and resolution 8/2."""
from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from publisher.blueprint import load_blueprints
from publisher.errors import PublisherError
from publisher.load import load_file
from publisher.reference import reference
from publisher.skeleton import NewOutcome, skeleton
from publisher.validate import validate_loaded
from publisher.load import load_bytes

REF = reference()
COMBINATIONS = [(cluster, instruments) for cluster in REF.clusters
                for size in (1, 2, 3, 4) for instruments in itertools.combinations(REF.instruments, size)
                if all(REF.articles_under_review(cluster, i, True) for i in instruments)]


def findings_of(text: str):
    return validate_loaded(load_bytes(text.encode("utf-8"), "new.yaml"))[0]


@pytest.mark.parametrize("cluster, instruments", COMBINATIONS, ids=lambda v: "+".join(v) if isinstance(v, tuple) else v)
def test_every_cluster_and_instrument_combination_gives_a_skeleton_with_only_empty_sections_reported(cluster,
                                                                                                    instruments):
    request = NewOutcome("Mongolia", ("Chile", "Norway"), cluster, instruments)
    text = skeleton(request, load_blueprints(), REF)
    codes = {f.code for f in findings_of(text)}
    assert codes <= {"sections.missing", "sections.empty-article"}, codes
    data = load_bytes(text.encode("utf-8"), "new.yaml").data
    for instrument in instruments:
        listed = [entry["article"] for entry in data["observations"]["articles"][instrument]]
        assert listed == list(REF.articles_under_review(cluster, instrument, True))


def test_a_state_not_party_to_uncac_gets_articles_8_and_9_of_the_convention():
    party = skeleton(NewOutcome("Mongolia", ("Chile", "Norway"), "criminalization", ("convention",)),
                     load_blueprints(), REF)
    not_party = skeleton(NewOutcome("Mongolia", ("Chile", "Norway"), "criminalization", ("convention",),
                                    party_to_uncac=False), load_blueprints(), REF)
    assert "article: 8 " not in party and "article: 8 " in not_party and "article: 9 " in not_party


def test_each_section_and_article_carries_a_comment_saying_what_belongs_there():
    text = skeleton(NewOutcome("Mongolia", ("Chile", "Norway"), "criminalization", ("convention",)),
                    load_blueprints(), REF)
    assert "# Successes and good practices: What the State under review has achieved" in text
    assert "- article: 5   # Criminalization of participation in an organized criminal group" in text
    french = skeleton(NewOutcome("Mongolie" if False else "Mongolia", ("Chile", "Norway"), "criminalization",
                                 ("convention",), language="fr"), load_blueprints(), REF)
    assert "language: fr" in french and "# Succès et bonnes pratiques" in french


def test_unknown_names_are_refused_by_their_option_before_anything_is_written(tmp_path):
    with pytest.raises(PublisherError) as refused:
        skeleton(NewOutcome("Atlantis", ("Chile",), "criminalization", ("convention", "unicorns")),
                 load_blueprints(), REF)
    assert {(f.field, f.code) for f in refused.value.findings} == {
        ("--state", "new.unknown-state"), ("--reviewing", "new.reviewing-count"),
        ("--instruments", "new.unknown-instrument")}


def test_the_command_writes_the_skeleton_once_and_never_overwrites(tmp_path):
    target = tmp_path / "mongolia.yaml"
    command = [sys.executable, "-m", "publisher.cli", "new", "--state", "Mongolia", "--reviewing", "Chile,Norway",
               "--cluster", "criminalization", "--instruments", "convention,trafficking-in-persons",
               "--job-number", "V.26-09001", "-o", str(target)]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0 and first.stdout.strip() == str(target)
    assert load_file(target).data["issue"]["job_number"] == "V.26-09001"
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 2 and "new.exists" in again.stderr
