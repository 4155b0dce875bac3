"""Rule families the tone check learnt from round 6's misses (blueprints/tone-patterns.yaml, marked
"round 6's misses, generalized"): what named States did long ago while the State under review
still has not, in every language; judging idioms in Russian, Chinese and Arabic; Arabic written
without its hamzas. Each family warns on new wordings and spares its neutral look-alike. And the
matcher that runs the patterns (tone_matcher.py) finds what one spaCy Matcher finds."""
from __future__ import annotations

import pytest

from publisher.tokenizers import blank
from publisher.validate.tone_matcher import GroupedMatcher
from publisher.validate.tone_patterns import find

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


def kinds(sentence: str, language: str) -> list[str]:
    return [match.kind for match in find(sentence, language, "Mongolia")]


@pytest.mark.parametrize("language, sentence", [
    ("en", "Chile and Peru set up asset recovery offices years ago, while Mongolia is still considering one."),
    ("fr", "Le Chili et le Pérou ont créé des bureaux de recouvrement depuis longtemps ; la Mongolie n'en a toujours pas."),
    ("es", "Chile y el Perú crearon oficinas de recuperación de activos hace años, mientras que Mongolia aún no lo ha hecho."),
    ("ru", "Чили и Перу давно создали бюро по возвращению активов, а Монголия до сих пор этого не сделала."),
    ("zh", "智利和秘鲁早就设立了资产追回办公室，蒙古至今仍未设立。"),
    ("ar", "أنشأت شيلي وبيرو منذ سنوات مكاتب لاسترداد الموجودات، في حين لا تزال منغوليا تدرس الأمر."),
])
def test_what_named_states_did_long_ago_while_the_state_still_has_not_is_a_comparison(language, sentence):
    assert "ranking" in kinds(sentence, language)


@pytest.mark.parametrize("language, sentence", [
    ("en", "Mongolia concluded an extradition treaty with Chile years ago and still applies it."),
    ("fr", "La Mongolie a conclu un traité d'extradition avec le Chili depuis longtemps et l'applique toujours."),
    ("es", "Mongolia concertó un tratado de extradición con Chile hace años y aún lo aplica."),
    ("ru", "Монголия давно заключила договор о выдаче с Чили и до сих пор его применяет."),
    ("zh", "蒙古早就与智利缔结了引渡条约，至今仍在适用。"),
    ("ar", "أبرمت منغوليا مع شيلي معاهدة لتسليم المجرمين منذ سنوات ولا تزال تطبقها."),
])
def test_a_treaty_with_a_named_state_long_ago_compares_nothing(language, sentence):
    assert kinds(sentence, language) == []


@pytest.mark.parametrize("language, judging, look_alike", [
    ("ru", "Прокуратура отделывается формальными отписками.", "Прокуратура направила письменный ответ."),
    ("ru", "Министерство годами тянет с созданием реестра.", "Министерство создало реестр в 2019 году."),
    ("ru", "Трудно поверить в искренность намерений властей.",
     "Готовность властей к сотрудничеству не вызывает сомнений."),
    ("zh", "当局对贩运受害者的处境置身事外。", "当局为贩运受害者设立了庇护所。"),
    ("zh", "政府迟迟不通过证人保护法。", "政府于2021年通过了证人保护法。"),
    ("ar", "وقفت الشرطة مكتوفة الأيدي أمام تهريب المهاجرين.", "اعتقلت الشرطة عددا من مهربي المهاجرين."),
    ("ar", "ضربت السلطات بتوصيات الخبراء عرض الحائط.", "أخذت السلطات بتوصيات الخبراء."),
    # round 14's misses, generalized: verdicts in passing
    ("en", "The ministry conveniently ignored the reviewers' questions on confiscation.",
     "The ministry is conveniently located near the main border crossing."),
    ("en", "The new register is, to put it mildly, incomplete.", "The new register is, in its first year, incomplete."),
    ("en", "The explanation given for the absence of convictions was hardly convincing.",
     "The explanation given for the absence of convictions was the small number of complaints."),
    ("en", "One may well wonder what the new unit has achieved.", "The new unit has opened 14 investigations."),
    ("ru", "Министерство не сочло нужным ответить на вопросы экспертов.",
     "Министерство сочло возможным ответить на вопросы экспертов в письменной форме."),
    ("ru", "Эксперты с удивлением обнаружили, что реестр не ведется.", "Эксперты обнаружили, что реестр ведется с 2019 года."),
    ("ru", "Власти ограничились формальными поправками к закону.", "Власти ограничили срок хранения данных пятью годами."),
    ("ar", "ولا يسع المرء إلا أن يتساءل عن جدوى الوحدة الجديدة.", "وقد سألت الأمانة عن عدد القضايا التي نظرت فيها الوحدة الجديدة."),
    ("ar", "ومن المحبط أن السجل لم يُنشأ بعد.", "ومن المقرر أن يُنشأ السجل في عام 2027."),
])
def test_a_judging_idiom_warns_and_its_look_alike_does_not(language, judging, look_alike):
    assert "adversarial" in kinds(judging, language)
    assert kinds(look_alike, language) == []


def test_arabic_written_without_its_hamzas_is_matched_as_with_them():
    assert kinds("العقوبات في منغوليا أخف من العقوبات في الدول الأخرى.", "ar") == ["ranking"]
    assert kinds("العقوبات في منغوليا اخف من العقوبات في الدول الاخرى.", "ar") == ["ranking"]
    assert kinds("العقوبات في منغوليا اخف من العقوبات التي كانت مقررة في القانون السابق.", "ar") == []


PATTERNS = {
    "comparand": [[{"LOWER": {"IN": ["neighbours", "peers"]}}],
                  [{"LOWER": "other", "OP": "?"}, {"LOWER": {"REGEX": r"^(?:states?|countries)$"}}]],
    "cue": [[{"LOWER": {"REGEX": r"^(?:\w+er)$"}}, {"LOWER": "than"}]],
    "gap": [[{"LOWER": "ahead"}, {"TEXT": {"NOT_IN": ["."]}, "OP": "{0,3}"}, {"LOWER": "of"}]],
    "optional": [[{"LOWER": "the", "OP": "?"}, {"LOWER": "region", "OP": "?"}]],
}


@pytest.mark.parametrize("text", [
    "Mongolia is faster than its neighbours and well ahead of other States.",
    "Requests from peers. Ahead of time, states of the region were larger than before.",
    "Nothing here matches a cue.",
])
def test_the_grouped_matcher_finds_what_one_spacy_matcher_finds(text):
    from spacy.matcher import Matcher

    nlp = blank("en")
    grouped, single = GroupedMatcher(nlp.vocab), Matcher(nlp.vocab)
    for label, patterns in PATTERNS.items():
        grouped.add(label, patterns)
        single.add(label, patterns)
    doc = nlp.make_doc(text)
    expected: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in single(doc):
        expected.setdefault(nlp.vocab.strings[match_id], []).append((start, end))
    found = grouped(doc)
    assert {label: sorted(spans) for label, spans in found.items()} == \
        {label: sorted(spans) for label, spans in expected.items()}
    assert grouped(nlp.make_doc(text)) == found  # the second time from the words' kept answers
