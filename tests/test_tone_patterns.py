"""The tone check understands comparisons between States and wording that judges or blames, in
any phrasing (blueprints/tone-patterns.yaml, publisher/validate/tone_patterns.py), while sparing
comparisons over time, cooperation with neighbours and legal terms; and it keeps its goals on the
labelled sentences of tests/data/tone/ (recall >= 0.9, false alarms <= 2 % in every language)."""
from __future__ import annotations

import pytest

from bench import tone as tone_bench
from publisher.errors import PublisherError
from publisher.findings import Severity
from publisher.validate import validate_file
from publisher.blueprint import load_blueprints
from publisher.validate.tone import tone_matches
from publisher.validate.tone_names import name_forms
from publisher.validate.tone_patterns import find, patterns

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


def kinds(sentence: str, language: str = "en") -> list[str]:
    return [match.kind for match in find(sentence, language, "Mongolia")]


@pytest.mark.parametrize("sentence", [
    "Unlike its neighbours, Mongolia has criminalized participation in an organized criminal group.",
    "Mongolia has secured more convictions than other States in the region.",
    "Compared with Chile, Mongolia receives few requests for mutual legal assistance.",
    "Mongolia is one of the few States to have established a specialized court.",
    "Among the States of the region, Mongolia has the lowest number of prosecutions.",
    "The financial intelligence unit is well ahead of its counterparts in neighbouring States.",
])
def test_a_comparison_with_other_states_is_a_ranking(sentence):
    assert kinds(sentence) == ["ranking"]


@pytest.mark.parametrize("sentence", [
    "The authorities have done little to address the backlog of cases.",
    "The reviewing States noted a lack of political will to prosecute senior officials.",
    "Regrettably, the authorities refused to cooperate with the reviewing experts.",
])
def test_wording_that_judges_or_blames_is_adversarial(sentence):
    assert "adversarial" in kinds(sentence)


@pytest.mark.parametrize("sentence", [
    "More cases of trafficking were investigated in 2024 than in 2019.",
    "Mongolia cooperates closely with neighbouring States on firearms trafficking.",
    "Other States parties may wish to consider the practice of Mongolia.",
    "More than 20 cases of smuggling of migrants were brought to trial.",
    "Mongolia has concluded extradition treaties with more than 20 other States.",
    "The highest penalty for trafficking in persons is 15 years of imprisonment.",
    "The consent of the victim is irrelevant where any of the means set forth has been used.",
])
def test_neutral_wording_is_spared(sentence):
    assert kinds(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Only officers holding the rank of major or above may authorize the use of an undercover agent.", set()),
    ("The Code ranks offences in five categories of gravity.", set()),
    ("The Criminal Code ranks them by the level of control required.", set()),
    ("Mongolia ranks last among the States of the region.", {"ranking"}),
    ("Mongolia is ranked third of the States reviewed.", {"ranking"}),
])
def test_the_lexicons_rank_is_a_ranking_but_not_an_officers_rank_nor_a_code_ranking_offences(sentence, expected):
    assert tone_bench.kinds_found(sentence, "en") == expected


@pytest.mark.parametrize("language, sentence", [
    ("en", "Failure to comply with a freezing order is punishable under article 27."),
    ("fr", "Le non-respect d'une ordonnance de gel est puni en vertu de l'article 27."),
    ("es", "El incumplimiento de una orden de congelación se castiga con arreglo al artículo 27."),
    ("ru", "Несоблюдение постановления о замораживании наказывается согласно статье 27."),
    ("zh", "不遵守冻结令的，依照第27条处罚。"),
    ("ar", "يعاقب على عدم الامتثال لأمر التجميد بموجب المادة 27."),
])
def test_failure_to_comply_with_an_order_is_a_legal_term_in_every_language(language, sentence):
    lexicon = [p for p in load_blueprints().tone if p.language == language]
    assert tone_matches(sentence, language, lexicon, "Mongolia") == []


@pytest.mark.parametrize("language, sentence", [
    ("en", "The highest number of requests came from neighbouring countries."),
    ("fr", "Le plus grand nombre de demandes provenait des pays voisins."),
    ("ru", "Наибольшее число просьб поступило из соседних стран."),
    ("ar", "ورد أكبر عدد من الطلبات من البلدان المجاورة."),
])
def test_a_superlative_over_what_came_from_neighbours_is_a_fact(language, sentence):
    assert [m.kind for m in find(sentence, language, "Mongolia")] == []


@pytest.mark.parametrize("language, sentence", [
    ("en", "Other Central Asian States have gone much further in protecting victims."),
    ("en", "Mongolia remains an exception among the States of the region."),
    ("fr", "Aucun État de la région n'en a fait autant pour recouvrer les avoirs volés."),
    ("es", "Mongolia es precursora en la región en el uso de técnicas especiales de investigación."),
    ("zh", "蒙古的记录与其邻国形成鲜明对比。"),
])
def test_a_comparing_word_near_other_states_is_a_ranking_in_either_order(language, sentence):
    assert "ranking" in [m.kind for m in find(sentence, language, "Mongolia")]


def test_a_comparing_word_near_other_states_is_spared_when_the_sentence_speaks_of_requests_sent():
    assert kinds("The number of requests sent to other States rose faster than the number received.") == []
    assert kinds("The number of cases in other States rose faster than in Mongolia.") == ["ranking"]


def test_a_country_named_in_another_case_is_a_comparand_and_the_state_under_review_never():
    assert [m.kind for m in find("В отличие от Казахстана, Монголия не разрешает выдачу своих граждан.",
                                 "ru", "Mongolia")] == ["ranking"]
    assert find("В отличие от Монголии, законы изменились.", "ru", "Mongolia") == []
    assert "ranking" in [m.kind for m in find("على عكس كازاخستان وبكازاخستان، لا تسمح منغوليا بذلك.", "ar", "Mongolia")]


def test_the_forms_of_a_name_follow_the_language():
    assert {"Казахстана", "Казахстану", "Казахстаном", "Казахстане"} <= name_forms("Казахстан", "ru")
    assert {"Российской Федерации", "Российскую Федерацию"} <= name_forms("Российская Федерация", "ru")
    assert {"للصين", "بالصين", "والصين"} <= name_forms("الصين", "ar")
    assert name_forms("Kazakhstan", "en") == {"Kazakhstan"}


def test_the_state_under_review_is_never_its_own_comparand():
    assert kinds("Compared with Mongolia, the figures are low.") == []
    assert find("Compared with Mongolia, the figures are low.", "en", "Chile")[0].kind == "ranking"


def test_a_comparison_is_found_in_every_language_with_patterns():
    sentences = {"fr": "Contrairement à ses voisins, la Mongolie a incriminé cet acte.",
                 "es": "A diferencia de sus vecinos, Mongolia ha tipificado ese acto."}
    for language, sentence in sentences.items():
        assert [m.kind for m in find(sentence, language, "Mongolia")] == ["ranking"], language


def test_a_comparison_in_an_outcome_is_a_ranking_warning_at_its_paragraph(write_outcome):
    sentence = "Unlike most States in the region, Mongolia has not adopted a firearms register."
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence)))
    [finding] = findings
    assert (finding.code, finding.severity, finding.field) == ("tone.ranking", Severity.WARNING,
                                                               "observations.challenges[3]")
    assert "Unlike most States" in finding.message and "compar" in finding.message


def test_a_phrase_the_lexicon_finds_is_reported_once(write_outcome):
    sentence = "The State lags behind its neighbours."
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence)))
    assert [f.code for f in findings] == ["tone.ranking"]


def test_a_broken_pattern_file_names_the_file_and_the_pattern(tmp_path):
    broken = tmp_path / "tone-patterns.yaml"
    broken.write_text("en:\n  judgements:\n    - (unclosed\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        patterns("en", broken)
    [finding] = raised.value.findings
    assert finding.code == "blueprint.invalid" and finding.field == "en.judgements[0].cue"
    assert finding.file == str(broken) and finding.line == 3


# The patterns were tuned to recall 0.9 of the tuning sets; since then blind rounds 11 to 16 and the sentences
# written to cover what the sets lacked (subtle judgements written for what the check missed: round 13's French
# and Arabic, round 14's Spanish, Russian and Arabic) have grown them, and the goal is the whole check's (the patterns and the
# model, read round by round: bench/tone_model.py loro). The patterns keep what they had when the sets last grew
# (tuning-floors.tsv) and their false alarms stay within the goal.
@pytest.mark.parametrize("language", tone_bench.labelled_languages())
def test_the_patterns_keep_their_score_on_the_sentences_they_were_tuned_on(language):
    examples = tone_bench.examples_of(language)
    score = tone_bench.score(examples, language)
    recall, false_alarms = tone_bench.read_floors(tone_bench.TUNING_FLOORS)[language]
    wrong = "\n".join(tone_bench.errors(examples, language))
    assert score.recall >= recall, wrong
    assert score.false_alarms <= min(false_alarms, tone_bench.FALSE_ALARM_GOAL), wrong


# The held-out round (tests/data/tone/held-out/<lang>.tsv, written blind, never tuned on) is put
# there at a merge with its first score in held-out/floors.tsv; a change of the patterns may improve
# that score, never make it worse. Rounds 1 to 4, 6 and 8 to 16 were held out in turn and are tuning data now.
@pytest.mark.parametrize("language", tone_bench.labelled_languages())
def test_the_held_out_sentences_never_score_worse_than_when_they_were_written(language):
    examples = tone_bench.examples_of(language, held_out=True)
    if not examples:
        pytest.skip(f"no held-out set for {language} in {tone_bench.HELD_OUT}")
    floors = tone_bench.read_floors()
    if language not in floors:
        pytest.skip(f"no first score for {language} in {tone_bench.FLOORS}")
    recall, false_alarms = floors[language]
    score = tone_bench.score(examples, language)
    assert score.recall >= recall and score.false_alarms <= false_alarms


def test_the_floors_of_the_held_out_set_are_read_by_language(tmp_path):
    floors = tmp_path / "floors.tsv"
    floors.write_text("language\trecall\tfalse_alarms\nen\t0.775\t0.1\nzh\t0.8\t0\n", encoding="utf-8")
    assert tone_bench.read_floors(floors) == {"en": (0.775, 0.1), "zh": (0.8, 0.0)}
    assert tone_bench.read_floors(tmp_path / "absent.tsv") == {}


def test_a_floor_that_is_not_a_ratio_names_the_file_line_and_field(tmp_path):
    floors = tmp_path / "floors.tsv"
    floors.write_text("language\trecall\tfalse_alarms\nen\t0.775\t0.1\nfr\t77.5\t0.1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{floors}:3: recall must be a ratio"):
        tone_bench.read_floors(floors)


@pytest.mark.parametrize("language", tone_bench.labelled_languages())
def test_each_labelled_set_has_both_kinds_in_balance(language):
    examples = tone_bench.examples_of(language) + tone_bench.examples_of(language, held_out=True)
    positives = sum(example.label != "neutral" for example in examples)
    assert 0.4 <= positives / len(examples) <= 0.6
    assert {example.label for example in examples} == {"comparison", "judging", "neutral"}


def test_an_exception_reach_that_is_not_a_number_names_the_rule(tmp_path):
    broken = tmp_path / "tone-patterns.yaml"
    broken.write_text("en:\n  comparisons:\n    - cue: faster\n      unless: sent\n      unless_within: far\n",
                      encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        patterns("en", broken)
    [finding] = raised.value.findings
    assert finding.code == "blueprint.invalid" and finding.field == "en.comparisons[0].unless_within"


def test_a_comparand_that_ends_in_optional_tokens_names_the_pattern(tmp_path):
    broken = tmp_path / "tone-patterns.yaml"
    broken.write_text("en:\n  comparands:\n    - other States\n    - States ~?, ~?reviewing\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        patterns("en", broken)
    [finding] = raised.value.findings
    assert finding.code == "blueprint.invalid" and finding.field == "en.comparands[1]"
    assert "optional" in finding.message


@pytest.mark.parametrize("language, sentence", [
    ("ru", "Монголия заключила договоры о правовой помощи более чем с двадцатью государствами."),
    ("ru", "Число просьб, полученных от государств, выросло более чем вдвое."),
    ("en", "Mongolia has concluded extradition treaties with more than twenty States."),
])
def test_a_count_of_states_alone_is_no_comparand(language, sentence):
    assert kinds(sentence, language) == []


def test_a_further_pattern_without_its_distance_names_the_rule(tmp_path):
    broken = tmp_path / "tone-patterns.yaml"
    broken.write_text("en:\n  comparisons:\n    - cue: among\n      then: {pattern: most}\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        patterns("en", broken)
    [finding] = raised.value.findings
    assert finding.code == "blueprint.invalid" and finding.field == "en.comparisons[0].then"


@pytest.mark.parametrize("language, sentence", [
    ("en", "Neighbouring States introduced asset-declaration systems decades ago; Mongolia is still drafting one."),
    ("fr", "Les États voisins ont adopté des déclarations de patrimoine il y a vingt ans ; la Mongolie les prépare encore."),
    ("es", "Los Estados vecinos adoptaron declaraciones patrimoniales hace veinte años; Mongolia aún las prepara."),
    ("ru", "Соседние государства ввели декларирование имущества двадцать лет назад, а Монголия только готовит его."),
    ("zh", "邻国二十年前就实行了财产申报制度，蒙古仍在起草。"),
    ("ar", "اعتمدت الدول المجاورة نظم إقرار الذمة المالية منذ عشرين عاما، ولا تزال منغوليا تعدها."),
])
def test_what_other_states_did_long_ago_is_a_comparison(language, sentence):
    assert "ranking" in [m.kind for m in find(sentence, language, "Mongolia")]


@pytest.mark.parametrize("language, sentence", [
    ("en", "The asset-declaration system was introduced decades ago and revised in 2020."),
    ("fr", "Le système de déclaration de patrimoine a été créé il y a vingt ans et révisé en 2020."),
    ("ru", "Система декларирования имущества была введена двадцать лет назад и пересмотрена в 2020 году."),
    ("zh", "财产申报制度二十年前就已实行，并于2020年修订。"),
    ("ar", "اعتمد نظام إقرار الذمة المالية منذ عشرين عاما وعدل في عام 2020."),
])
def test_long_ago_without_other_states_is_a_fact(language, sentence):
    assert find(sentence, language, "Mongolia") == []


@pytest.mark.parametrize("language, sentence", [
    ("en", "Mongolia receives more extradition requests from European States than from Asian States."),
    ("es", "Mongolia recibe más solicitudes de extradición de Estados europeos que de Estados asiáticos."),
    ("ru", "Монголия получает больше просьб о выдаче от европейских государств, чем от азиатских государств."),
    ("zh", "蒙古收到的来自欧洲国家的引渡请求多于来自亚洲国家的请求。"),
])
def test_requests_counted_by_where_they_came_from_compare_no_states(language, sentence):
    assert find(sentence, language, "Mongolia") == []


@pytest.mark.parametrize("language, sentence", [
    ("en", "Mongolia's courts are slower than those of Central Asian States."),
    ("fr", "Les tribunaux mongols sont plus lents que ceux des États d'Asie centrale."),
    ("es", "Los tribunales de Mongolia son más lentos que los de los Estados centroasiáticos."),
    ("ru", "Суды Монголии работают медленнее, чем суды центральноазиатских государств."),
])
def test_states_named_by_an_adjective_of_their_region_are_compared_with(language, sentence):
    assert "ranking" in [m.kind for m in find(sentence, language, "Mongolia")]


@pytest.mark.parametrize("language, sentence", [
    ("en", "The ministry keeps shifting its responsibility onto the municipalities."),
    ("fr", "Le ministère se défausse de ses responsabilités sur les communes."),
    ("es", "El ministerio se desentiende de su responsabilidad y la traslada a los municipios."),
    ("ru", "Министерство перекладывает ответственность на муниципалитеты."),
    ("zh", "该部把责任推给各市政当局。"),
    ("ar", "تلقي الوزارة بمسؤولياتها على البلديات."),
])
def test_shifting_responsibility_onto_others_judges(language, sentence):
    assert "adversarial" in [m.kind for m in find(sentence, language, "Mongolia")]


def test_arabic_is_matched_without_its_vowel_marks():
    assert "ranking" in [m.kind for m in find("مقارنةً بالدول المجاورة، تبقى العقوبات خفيفة.", "ar", "Mongolia")]
    assert "ranking" in [m.kind for m in find("مقارنة بالدول المجاورة، تبقى العقوبات خفيفة.", "ar", "Mongolia")]
