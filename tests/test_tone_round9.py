"""The tone check's rule families of round 9 (blueprints/tone-patterns.yaml): questions that blame
or compare, majorities and superlatives over States, and idioms of slowness, evasion and pretence,
in all six languages, each beside the neutral look-alike it must spare. The sentences here are
written for these tests, not taken from the labelled sets of tests/data/tone/."""
from __future__ import annotations

import pytest

from publisher.errors import PublisherError
from publisher.validate.tone_patterns import find, patterns

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


def kinds(sentence: str, language: str) -> set[str]:
    return {match.kind for match in find(sentence, language, "Mongolia")}


@pytest.mark.parametrize("language, sentence", [
    ("en", "Why have the courts still not heard a single case under the new law?"),
    ("en", "How can the Government expect victims to come forward when none has ever been protected?"),
    ("fr", "Pourquoi les tribunaux n'ont-ils toujours jugé aucune affaire au titre de la nouvelle loi ?"),
    ("es", "¿Por qué los tribunales todavía no han juzgado ningún caso con arreglo a la nueva ley?"),
    ("ru", "Почему суды до сих пор не рассмотрели ни одного дела по новому закону?"),
    ("zh", "为什么法院至今仍未根据新法审理过一起案件？"),
    ("ar", "لماذا لم تنظر المحاكم حتى الآن في أي قضية بموجب القانون الجديد؟"),
])
def test_a_question_that_blames_is_adversarial(language, sentence):
    assert "adversarial" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "The reviewers asked: why had the register not been published online?"),
    ("en", "The experts asked how the central authority tracks incoming requests?"),
    ("fr", "Les examinateurs ont demandé : pourquoi le registre n'a-t-il pas été publié en ligne ?"),
    ("es", "Los examinadores preguntaron: ¿por qué no se publicó el registro en línea?"),
    ("ru", "Эксперты спросили: почему реестр не был опубликован в Интернете?"),
    ("zh", "审议专家问：为什么登记册没有在网上公布？"),
    ("ar", "سأل الخبراء: لماذا لم ينشر السجل على الإنترنت؟"),
])
def test_a_question_the_reviewers_asked_is_reported_not_judged(language, sentence):
    assert kinds(sentence, language) == set()


def test_a_comparison_inside_a_question_that_blames_is_a_finding_of_its_own():
    sentence = "Is Mongolia really the only country in Asia without a confiscation register?"
    assert kinds(sentence, "en") == {"adversarial", "ranking"}


@pytest.mark.parametrize("language, sentence", [
    ("en", "Nearly all States parties publish their confiscation statistics; Mongolia does not."),
    ("en", "Mongolia's sentencing for bribery is among the most lenient in the Asia-Pacific region."),
    ("en", "In most jurisdictions the prosecutor may appeal an acquittal, whereas in Mongolia only the accused may."),
    ("fr", "Dans la plupart des pays, le procureur peut faire appel d'un acquittement, alors qu'en Mongolie seul l'accusé le peut."),
    ("es", "En la mayoría de los países el fiscal puede recurrir una absolución, mientras que en Mongolia solo puede hacerlo el acusado."),
    ("ru", "В большинстве стран прокурор может обжаловать оправдательный приговор, тогда как в Монголии это может сделать только обвиняемый."),
    ("zh", "在大多数国家，检察官可以对无罪判决提出上诉，而在蒙古只有被告可以上诉。"),
    ("ar", "في معظم البلدان يجوز للمدعي العام الطعن في حكم البراءة، في حين لا يجوز ذلك في منغوليا إلا للمتهم."),
])
def test_a_majority_or_superlative_over_states_set_beside_the_state_is_a_ranking(language, sentence):
    assert "ranking" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "Most of the confiscated assets were vehicles and real estate."),
    ("en", "In the majority of cases, the accused was released on bail."),
    ("fr", "La plupart des avoirs confisqués étaient des véhicules et des biens immobiliers."),
    ("es", "En la mayoría de los casos, el acusado quedó en libertad bajo fianza."),
    ("ru", "В большинстве случаев обвиняемый был освобожден под залог."),
    ("zh", "在大多数案件中，被告获准保释。"),
    ("ar", "وفي معظم القضايا، أفرج عن المتهم بكفالة."),
])
def test_most_of_the_cases_or_assets_compare_no_states(language, sentence):
    assert kinds(sentence, language) == set()


@pytest.mark.parametrize("language, sentence", [
    ("en", "For years the ministry has been dragging its feet on the firearms register."),
    ("en", "Customs and police keep passing the buck whenever a shipment goes missing."),
    ("en", "The new oversight board is pure window dressing."),
    ("fr", "Le ministère traîne les pieds depuis des années sur le registre des armes."),
    ("fr", "La douane et la police se renvoient la balle à chaque saisie manquée."),
    ("es", "El ministerio lleva años arrastrando los pies con el registro de armas."),
    ("es", "La aduana y la policía se pasan la pelota cada vez que se pierde un envío."),
    ("ru", "Министерство годами тянет резину с реестром оружия."),
    ("ru", "Таможня и полиция перекладывают ответственность друг на друга."),
    ("zh", "海关和警方每次都互相踢皮球。"),
    ("zh", "新的监督委员会不过是个摆设。"),
    ("ar", "تتقاذف الجمارك والشرطة المسؤولية كلما فقدت شحنة."),
    ("ar", "يسير إنشاء سجل الأسلحة بخطى السلحفاة."),
])
def test_idioms_of_slowness_evasion_and_pretence_judge(language, sentence):
    assert "adversarial" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "The group used a dead letter box in a park to pass documents."),
    ("en", "The Prosecutor General's Office is the only State body that may request extradition."),
    ("zh", "蒙古判例承认故意视而不见可构成明知。"),
    ("ru", "Монголия заключила соглашения о выдаче более чем с десятью государствами."),
])
def test_look_alikes_of_the_families_are_spared(language, sentence):
    assert kinds(sentence, language) == set()


def test_a_gap_longer_than_the_matcher_can_expand_names_the_pattern(tmp_path):
    broken = tmp_path / "tone-patterns.yaml"
    broken.write_text("en:\n  judgements:\n    - why ~40 not\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        patterns("en", broken)
    [finding] = raised.value.findings
    assert finding.code == "blueprint.invalid" and finding.field == "en.judgements[0].cue"
    assert "~*" in finding.message


def test_a_run_within_the_sentence_does_not_cross_its_end(tmp_path):
    rules = tmp_path / "tone-patterns.yaml"
    rules.write_text("en:\n  judgements:\n    - why ~* not ~* \\?\n", encoding="utf-8")
    compiled = patterns("en", rules)
    assert [m.phrase for m in compiled.find("Why was it not done?")] == ["Why was it not done?"]
    assert compiled.find("Why the law changed is explained. Was it not done?") == []


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "zh", "ar"])
def test_matching_a_label_only_when_asked_finds_what_matching_every_label_finds(language):
    from bench import tone as tone_bench
    from publisher.validate.tone_matcher import LazyMatches

    compiled = patterns(language)
    for example in tone_bench.examples_of(language)[::7]:
        doc = compiled.make_doc(example.sentence)
        every = compiled.matcher(doc)
        lazy = LazyMatches(compiled.matcher, doc, lambda start, end: (start, end))
        labels = set(compiled.matcher._matchers)
        assert {label: lazy.get(label) for label in labels if lazy.get(label)} == every
