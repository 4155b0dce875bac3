"""The tone check's rule families of round 10 (blueprints/tone-patterns.yaml, blueprints/tone-legal.yaml):
comparisons without a comparative word (a contrast with a negation of what a comparand has),
membership in a minority or a small group of States and uniqueness among them, leadership and scale
metaphors, judgements in metaphor, sarcasm and condescension, in all six languages; and the general
reasons of round 9's false alarms: what a penal provision punishes is an element of the offence, an
attempt that failed is the offender's, "more than N" is a quantity. The sentences here are written
for these tests, after the rules, not taken from the labelled sets of tests/data/tone/."""
from __future__ import annotations

import pytest

from bench.tone import STATE
from publisher.blueprint import load_blueprints
from publisher.validate.tone import tone_matches

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


def kinds(sentence: str, language: str) -> set[str]:
    lexicon = [p for p in load_blueprints().tone if p.language == language]
    return {match.kind for match in tone_matches(sentence, language, lexicon, STATE)}


@pytest.mark.parametrize("language, sentence", [
    ("en", "Thailand and Viet Nam keep a register of brokers, which is not the case in Mongolia."),
    ("en", "Chile allows the confiscation of assets without a conviction; Mongolia, however, does not."),
    ("fr", "Le Chili et le Pérou tiennent un registre des courtiers, ce qui n'est pas le cas de la Mongolie."),
    ("es", "Chile y el Perú llevan un registro de intermediarios, cosa que no ocurre en Mongolia."),
    ("ru", "Чили и Перу ведут реестр брокеров, чего нельзя сказать о Монголии."),
    ("zh", "智利和秘鲁都建立了经纪人登记册，而蒙古国却没有。"),
    ("ar", "تمسك شيلي وبيرو سجلا للسماسرة، وهو ما لا ينطبق على منغوليا."),
])
def test_a_contrast_with_what_named_states_have_is_a_ranking(language, sentence):
    assert "ranking" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "Mongolia concluded an agreement on extradition with Kazakhstan, which is not the case for the transfer of prisoners."),
    ("en", "Mongolia received 30 requests from China, while it sent 12 requests to Kazakhstan."),
    ("fr", "La Mongolie a conclu un accord d'extradition avec le Kazakhstan, ce qui n'est pas le cas du transfèrement des détenus."),
    ("ru", "Монголия заключила с Казахстаном договор о выдаче, чего нельзя сказать о передаче осуждённых."),
    ("ar", "أبرمت منغوليا مع كازاخستان اتفاقا لتسليم المجرمين، وهو ما لا ينطبق على نقل المحكوم عليهم."),
])
def test_a_contrast_about_a_treaty_or_requests_compares_no_states(language, sentence):
    assert "ranking" not in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "Mongolia remains part of a dwindling minority of States parties that allow no plea bargaining."),
    ("en", "Mongolia stands alone in Central Asia in publishing every judgment online."),
    ("fr", "La Mongolie appartient à la petite minorité d'États qui ne publient pas leurs jugements."),
    ("es", "Mongolia pertenece a la minoría de Estados partes que no publican sus sentencias."),
    ("ru", "Монголия относится к меньшинству государств-участников, не публикующих судебные решения."),
    ("zh", "蒙古国属于少数尚未公布判决的缔约国。"),
    ("ar", "تنتمي منغوليا إلى أقلية من الدول الأطراف التي لا تنشر أحكامها."),
])
def test_belonging_to_a_minority_of_states_or_standing_alone_among_them_is_a_ranking(language, sentence):
    assert "ranking" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "The Financial Intelligence Unit is the only body that can freeze a transaction."),
    ("fr", "La cellule de renseignement financier est la seule habilitée à geler une opération."),
    ("ru", "Подразделение финансовой разведки — единственный орган, вправе приостановить операцию."),
    ("zh", "金融情报机构是唯一有权冻结交易的机关。"),
    ("ar", "وحدة الاستخبارات المالية هي الجهة الوحيدة المختصة بتجميد المعاملات."),
])
def test_the_only_authority_competent_is_no_ranking(language, sentence):
    assert "ranking" not in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "In the recovery of stolen assets, Mongolia is at the bottom of the regional rankings."),
    ("en", "Mongolia's training of prosecutors is head and shoulders above that of its neighbours."),
    ("fr", "Pour le recouvrement des avoirs, la Mongolie est en queue de peloton."),
    ("es", "En recuperación de activos, Mongolia es el farolillo rojo de Asia."),
    ("ru", "По возвращению активов Монголия плетётся в хвосте."),
    ("zh", "在追回资产方面，蒙古国在本区域排名垫底。"),
    ("ar", "تقبع منغوليا في ذيل القائمة في استرداد الموجودات."),
])
def test_metaphors_of_the_head_and_the_tail_are_rankings(language, sentence):
    assert "ranking" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "The new asset recovery office was, in the end, a farce."),
    ("en", "The ministry did not even deign to send the statistics."),
    ("fr", "Le ministère n'a même pas daigné transmettre les statistiques."),
    ("es", "El ministerio ni siquiera se dignó enviar las estadísticas."),
    ("ru", "Министерство не соизволило прислать статистику."),
    ("zh", "该部甚至懒得提供统计数据。"),
    ("ar", "لم تكلف الوزارة نفسها عناء إرسال الإحصاءات."),
])
def test_disdain_and_farce_are_judgements(language, sentence):
    assert "adversarial" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "The Criminal Code punishes the improper disposal of hazardous waste."),
    ("fr", "Le Code pénal punit la mauvaise gestion des déchets dangereux."),
    ("es", "El Código Penal sanciona la deficiente gestión de residuos peligrosos."),
    ("ru", "Уголовный кодекс наказывает ненадлежащее обращение с опасными отходами."),
    ("en", "The attempt to bribe the customs officer failed because he reported it."),
    ("fr", "La tentative de corruption du douanier a échoué, celui-ci l'ayant signalée."),
])
def test_what_the_law_punishes_and_a_failed_attempt_are_facts_not_judgements(language, sentence):
    assert "adversarial" not in kinds(sentence, language)


def test_a_judging_word_before_the_law_sentence_s_comma_still_warns():
    assert kinds("Sadly, the improper disposal of waste is punishable by a fine.", "en") == {"adversarial"}


@pytest.mark.parametrize("language, sentence", [
    ("en", "Mongolia shares more than 3,000 kilometres of border with the Russian Federation."),
    ("en", "More than 400 requests were sent to other States parties during the period."),
    ("ar", "يتجاوز طول الحدود بين منغوليا والاتحاد الروسي 3000 كيلومتر."),
])
def test_more_than_a_figure_is_a_quantity_not_a_comparison(language, sentence):
    assert "ranking" not in kinds(sentence, language)
