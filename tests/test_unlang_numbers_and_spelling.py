"""Drafts that write numbers, dates and words as UN French and Spanish do: numbers and dates in the
target's format, French elision and ligatures after the engine, repairs that do not repeat a word,
and the mining of the words the engine leaves in English (issue 15, +3 chrF)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from publisher.translate.grammar import elide
from publisher.translate.pipeline import Translator
from publisher.translate.protect import protect
from publisher.translate.repair import repair
from publisher.translate.spelling import spelled
from publisher.translate.unlang import Repair, load_knowledge
from .stand_in_engines import CopyEngine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


def written(sentence: str, target: str, knowledge) -> list[str]:
    """How the draft writes the numbers and dates of ``sentence``, in order."""
    protected = protect(sentence, "en", target, None, knowledge)
    return [p.replacement for p in protected.placeholders if p.kind == "number"]


# -- numbers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("target, numbers", [("es", ["500.000", "1.234,5"]), ("fr", ["500 000", "1 234,5"])])
def test_grouped_thousands_are_written_as_spanish_and_french_write_them(knowledge, target, numbers):
    assert written("Fines of 500,000 units and 1,234.5 tons.", target, knowledge) == numbers


@pytest.mark.parametrize("target, numbers", [("es", ["4,5%", "12,5"]), ("fr", ["4,5 %", "12,5"])])
def test_per_cent_becomes_a_percent_sign_and_a_quantity_a_decimal_comma(knowledge, target, numbers):
    assert written("rose 4.5 per cent to 12.5 million", target, knowledge) == numbers
    assert written("rose 4.5% to 12.5 billion", target, knowledge) == numbers


@pytest.mark.parametrize("sentence, number", [("The meeting resumed at 10.30.", "10.30"),
                                              ("See section 2.1 of the report.", "2.1")])
def test_a_number_that_may_be_a_time_or_a_section_keeps_its_point(knowledge, sentence, number):
    assert written(sentence, "fr", knowledge) == [number]


def test_numbers_stay_exactly_as_written_without_the_un_language_data():
    protected = protect("Fines of 500,000 units rose 4.5 per cent on 29 June 1999.", "en", "fr", None)
    assert [p.replacement for p in protected.placeholders] == ["500,000", "4.5", "29", "1999"]


def test_numbers_into_languages_without_rules_here_stay_as_written(knowledge):
    assert written("Fines of 500,000 units rose 4.5 per cent on 29 June 1999.", "ru", knowledge) == \
        ["500,000", "4.5", "29", "1999"]


# -- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("target, dates", [
    ("es", ["29 de junio de 1999", "1 de julio", "noviembre de 2013"]),
    ("fr", ["29 juin 1999", "1er juillet", "novembre 2013"]),
])
def test_dates_are_written_with_the_months_and_patterns_of_the_target_language(knowledge, target, dates):
    assert written("adopted on 29 June 1999, the 1 July and in November 2013", target, knowledge) == dates


def test_a_date_that_opens_the_sentence_opens_it_with_a_capital(knowledge):
    assert written("December 2008, May 2013", "es", knowledge) == ["Diciembre de 2008", "mayo de 2013"]


def test_a_draft_carries_the_dates_and_numbers_as_the_target_writes_them(knowledge):
    translator = Translator(CopyEngine(), None, None, knowledge=knowledge)
    [line] = translator.translate_lines(["The fund grew by 2.5 per cent in May 2015."], "en", "es").data["lines"]
    assert "2,5%" in line and "mayo de 2015" in line


# -- French after the engine -------------------------------------------------------------------------
def test_french_elides_before_a_vowel_the_words_that_substitution_and_repairs_put_after_an_article():
    assert elide("La Autorité de États que il a vu le avenir. Le Office se est réuni.") == \
        "L'Autorité d'États qu'il a vu l'avenir. L'Office s'est réuni."


@pytest.mark.parametrize("text", ["le Yémen", "le onze", "la haute cour", "de hommes", "Code de Conduite"])
def test_french_does_not_elide_before_y_onze_h_or_a_consonant(text):
    assert elide(text) == text


def test_french_words_are_spelt_with_their_ligature_and_other_oe_words_are_not():
    assert spelled("La mise en oeuvre, les manoeuvres, le coeur, les soeurs, les voeux.", "fr") == \
        "La mise en œuvre, les manœuvres, le cœur, les sœurs, les vœux."
    assert spelled("Le coefficient, le Groenland, la coexistence, Oeuvrer.", "fr") == \
        "Le coefficient, le Groenland, la coexistence, Œuvrer."
    assert spelled("la oeuvre", "es") == "la oeuvre"


def test_a_french_draft_elides_and_spells_what_the_engine_wrote(knowledge):
    translator = Translator(CopyEngine(), None, None, knowledge=knowledge)
    [line] = translator.translate_lines(["la mise en oeuvre de le avenir"], "en", "fr").data["lines"]
    assert line == "la mise en œuvre de l'avenir"


# -- repairs ----------------------------------------------------------------------------------------
def test_a_repair_does_not_repeat_the_word_the_engine_already_wrote_beside_the_wrong_one():
    from dataclasses import replace

    knowledge = replace(load_knowledge(), repairs=(
        Repair("test.karabakh", "fr", ("Karabakh",), ("Karabakh",), "Haut-Karabakh", "m", "a test"),
        Repair("test.nagorno", "fr", ("Nagorno",), ("Nagorno",), "Haut-Karabakh", "m", "a test")))
    assert repair("Nagorno Karabakh has", "Nagorno Karabakh a", "fr", knowledge) == "Haut-Karabakh a"


def test_a_word_the_engine_leaves_in_english_is_put_right_from_the_mined_data(knowledge):
    left_in_english = [r for r in knowledge.repairs if r.id.startswith("word.") and r.wrong == r.english]
    assert len(left_in_english) > 50
    entry = next(r for r in left_in_english if r.language == "es" and r.english == ("stakeholders",))
    assert repair("All stakeholders agreed.", "Todo stakeholders acordó.", "es", knowledge) == \
        f"Todo {entry.right} acordó."


# -- mining -------------------------------------------------------------------------------------------
@pytest.fixture()
def mine_unlang():
    sys.path.insert(0, str(ROOT))
    from bench import mine_unlang as module
    return module


def test_the_mining_takes_french_words_without_their_elided_article(mine_unlang):
    assert mine_unlang.unelided(mine_unlang.words("l'AIEA d'experts qu'il aujourd'hui"), "fr") == \
        ["aiea", "experts", "il", "aujourd'hui"]
    assert mine_unlang.unelided(["l'aiea"], "es") == ["l'aiea"]


def test_the_mining_offers_phrases_that_neither_open_nor_end_with_an_article_or_preposition(mine_unlang):
    phrases = mine_unlang.target_phrases("las partes interesadas de la región", "es", 3)
    assert {"partes interesadas", "partes", "región"} <= phrases
    assert not {"de la", "interesadas de", "la región"} & phrases


def test_mining_up_to_a_line_beyond_the_mining_part_is_refused(mine_unlang, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["mine_unlang.py", "mine", "--upto", "3500"])
    with pytest.raises(SystemExit):
        mine_unlang.main()
    assert "--upto is a line of the mining part" in capsys.readouterr().err
    assert mine_unlang.MINING == range(0, 3000)


def test_a_repair_leaves_the_text_kept_in_english_and_marked_as_it_is():
    from dataclasses import replace

    knowledge = replace(load_knowledge(), repairs=(
        Repair("test.criminal", "es", ("criminal",), ("criminal",), "penal", None, "a test"),))
    assert repair("the Criminal Matters Act and criminal proceedings", "la [[Criminal Matters Act]] y criminal procesos",
                  "es", knowledge) == "la [[Criminal Matters Act]] y penal procesos"


def test_a_repair_makes_its_word_plural_only_where_the_english_is_plural():
    from dataclasses import replace

    knowledge = replace(load_knowledge(), repairs=(
        Repair("test.since", "es", ("since",), ("entonces",), "desde", None, "a test"),
        Repair("test.offence", "es", ("offence", "offences"), ("ofensa", "ofensas"), "delito", "m", "a test")))
    assert repair("held since 2022", "celebrado entonces 2022", "es", knowledge) == "celebrado desde 2022"
    assert repair("The offences", "Las ofensas", "es", knowledge) == "Los delitos"
