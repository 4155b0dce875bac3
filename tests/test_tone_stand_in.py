"""The tone model reads every State under review as the State its labelled sentences review (Mongolia):
an outcome on Mexico, Kazakhstan or the Philippines is read as the outcomes it learned from and was measured
on, the other State's name in Mongolia's place, form for form (tone_names.swap_names, tone_model.model_text)."""
from __future__ import annotations

import pytest

from publisher.validate import tone_model
from publisher.validate.tone_names import forms_by_place, swap_names

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


# --- the forms of two names, place for place ---------------------------------------------------------
@pytest.mark.parametrize("language, text, swapped", [
    ("fr", "Le Mexique, comme les autorités du Mexique, a écrit au Mexique.",
     "La Mongolie, comme les autorités de la Mongolie, a écrit à la Mongolie."),
    ("fr", "L'Argentine et la législation de l'Argentine.", "La Mongolie et la législation de la Mongolie."),
    ("es", "El Ecuador y las leyes del Ecuador, que se enviaron al Ecuador.",
     "Mongolia y las leyes de Mongolia, que se enviaron a Mongolia."),
    ("en", "The Philippines reported that the Philippines had acceded.", "Mongolia reported that Mongolia had acceded."),
    ("ru", "Казахстан сообщил, что в Казахстане с Казахстаном", "Монголия сообщил, что в Монголии с Монголией"),
    ("ar", "أفادت المكسيك بأن للمكسيك وبالمكسيك", "أفادت منغوليا بأن لمنغوليا وبمنغوليا"),
    ("zh", "墨西哥报告说，墨西哥已经加入。", "蒙古报告说，蒙古已经加入。"),
])
def test_each_form_of_the_state_takes_the_stand_ins_form_of_the_same_place(language, text, swapped):
    names = {"fr": ("Mexique (le)", "Mongolie (la)"), "es": ("Ecuador (el)", "Mongolia"),
             "en": ("Philippines (the)", "Mongolia"), "ru": ("Казахстан", "Монголия"), "ar": ("المكسيك", "منغوليا"),
             "zh": ("墨西哥", "蒙古")}[language]
    if language == "fr" and "Argentine" in text:
        names = ("Argentine (l')", "Mongolie (la)")
    assert swap_names(text, language, *names) == swapped


def test_the_stand_in_named_in_the_text_takes_the_states_place_so_a_comparison_stays_one():
    assert swap_names("В отличие от Монголии, Казахстан не ввел ответственность.", "ru", "Казахстан", "Монголия") \
        == "В отличие от Казахстана, Монголия не ввел ответственность."


def test_only_whole_words_are_names_except_in_chinese():
    assert swap_names("Mexicans and New Mexico's laws; Mexico.", "en", "Mexico", "Mongolia") \
        == "Mexicans and New Mongolia's laws; Mongolia."  # "New Mexico" is two words: a name cannot know it
    assert swap_names("Mexicans", "en", "Mexico", "Mongolia") == "Mexicans"


def test_a_french_or_spanish_name_without_an_article_keeps_its_prepositions():
    assert forms_by_place("Cuba", "fr") == {"": "Cuba", "article 1": "de Cuba", "article 2": "à Cuba",
                                             "article 4": "De Cuba", "article 5": "À Cuba"}


def test_a_bracketed_formal_part_is_no_article():
    assert forms_by_place("Bolivia (Estado Plurinacional de)", "es")[""] == "Bolivia"
    assert forms_by_place("Bolivie (État plurinational de)", "fr")["article 1"] == "de Bolivie"


# --- what the model reads ----------------------------------------------------------------------------
def test_the_model_reads_the_state_under_review_as_the_stand_in():
    assert tone_model.model_text("Mexico lags far behind its neighbours.", "en", "Mexico") \
        == "Mongolia lags far behind its neighbours."
    assert tone_model.model_text("La législation du Mexique est lacunaire.", "fr", "Mexico") \
        == "La législation de la Mongolie est lacunaire."


def test_the_names_to_swap_are_the_states_and_the_stand_ins_unterm_short_names_in_the_language():
    assert tone_model.local_names("fr", "Mexico") == ("Mexique (le)", "Mongolie (la)")
    assert tone_model.local_names("ru", "Kazakhstan") == ("Казахстан", "Монголия")
    assert tone_model.local_names("fr", "Mongolia") is None  # the stand-in itself: nothing to swap
    assert tone_model.local_names("fr", "Atlantis") is None
    assert tone_model.local_names("xx", "Mexico") is None  # a language UNTERM does not name it in


@pytest.mark.parametrize("state", ["Mongolia", "Atlantis", None])
def test_the_stand_in_itself_an_unknown_state_or_none_is_read_as_written(state):
    sentence = "Mongolia’s authorities and Atlantis met."
    assert tone_model.model_text(sentence, "en", state) == "Mongolia's authorities and Atlantis met."


def test_a_sentence_on_another_state_gets_the_reading_of_the_same_sentence_on_the_stand_in():
    on_mongolia = "La Mongolie ne brille guère par la transparence de ses procédures de confiscation."
    on_mexico = "Le Mexique ne brille guère par la transparence de ses procédures de confiscation."
    read = tone_model.second_opinion(on_mongolia, "fr", [], state="Mongolia")
    assert [(r.label, r.confidence) for r in read] \
        == [(r.label, r.confidence) for r in tone_model.second_opinion(on_mexico, "fr", [], state="Mexico")]
    assert [r.sentence for r in tone_model.second_opinion(on_mexico, "fr", [], state="Mexico")] == [on_mexico] * len(read)


def test_an_arabic_name_with_its_article_merges_with_the_lam_clitic_and_keeps_it_with_the_others():
    china, mongolia = forms_by_place("الصين", "ar"), forms_by_place("منغوليا", "ar")
    assert (china["ل"], china["ول"], china["ب"], china["و"]) == ("للصين", "وللصين", "بالصين", "والصين")
    assert (mongolia["ل"], mongolia["ول"], mongolia["ب"]) == ("لمنغوليا", "ولمنغوليا", "بمنغوليا")
