"""Where the law speaks, a word of blame is an element of an offence (blueprints/tone-legal.yaml,
publisher/validate/tone_legal.py): the tone check spares it, in every language, unless the
sentence blames the State or its authorities; other judging words in the sentence still warn."""
from __future__ import annotations

import pytest

from publisher.blueprint import load_blueprints
from publisher.errors import PublisherError
from publisher.validate.tone import tone_matches
from publisher.validate.tone_legal import legal

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


def warnings(sentence: str, language: str = "en") -> list[tuple[str, str]]:
    lexicon = [p for p in load_blueprints().tone if p.language == language]
    return [(m.kind, m.phrase) for m in tone_matches(sentence, language, lexicon, "Mongolia")]


@pytest.mark.parametrize("language, sentence", [
    ("en", "The negligent custody of seized weapons is an offence under section 40 of the Arms Act."),
    ("en", "A dealer who fails to mark an imported firearm commits an offence under article 12 of the Arms Act."),
    ("fr", "La conservation négligente des armes saisies constitue une infraction au sens de l'article 40."),
    ("es", "La custodia negligente de armas incautadas constituye un delito conforme al artículo 40."),
    ("ru", "Небрежное хранение изъятого оружия наказывается штрафом согласно статье 40."),
    ("zh", "因疏忽保管扣押的武器致使武器丢失的，处以罚款。"),
    ("ar", "يعاقب القانون على الإهمال في حفظ الأسلحة المضبوطة بموجب المادة 40."),
    # round 13 (tuning): a conviction or charge, what must be proved of the offender, tax evasion
    ("ar", "قضت المحكمة بإدانة المتهم بتهمة الإهمال في حفظ سلاحه الوظيفي مما أدى إلى فقدانه."),
    ("ar", "يكفي لإثبات العلم أن يكون الجاني قد تعمّد غض الطرف عن دلائل واضحة على المصدر غير المشروع للأموال."),
    ("ar", "يُعدّ التهرب الضريبي جريمة أصلية لغسل الأموال بموجب القانون المنغولي."),
])
def test_a_blame_word_that_is_an_element_of_an_offence_is_spared_where_the_law_speaks(language, sentence):
    assert warnings(sentence, language) == []


@pytest.mark.parametrize("language, sentence", [
    ("en", "The police were negligent in the custody of seized weapons, an offence under section 40."),
    ("en", "Mongolia has failed to make the negligent custody of weapons punishable."),
    ("fr", "La négligence des autorités dans la conservation des armes saisies est contraire à l'article 40."),
    ("es", "Las autoridades fueron negligentes en la custodia de las armas incautadas que exige el artículo 40."),
    ("ru", "Власти проявили небрежность при хранении изъятого оружия, нарушив статью 40."),
    ("zh", "警方的疏忽导致扣押的武器丢失，违反了第40条。"),
    ("ar", "أدى إهمال السلطات في حفظ الأسلحة المضبوطة إلى مخالفة المادة 40."),
    ("ar", "يبدو أن السلطات المنغولية تغض الطرف عن الجاني في قضايا الاتجار بموجب القانون."),
    ("ar", "تتهرب السلطات من التزاماتها بموجب المادة 18."),
])
def test_the_same_word_still_warns_when_the_sentence_blames_the_state_or_its_authorities(language, sentence):
    assert "adversarial" in [kind for kind, _ in warnings(sentence, language)]


def test_a_blame_word_in_a_sentence_that_does_not_state_the_law_still_warns():
    assert [kind for kind, _ in warnings("Negligent custody of seized weapons remains common in police depots.")] \
        == ["adversarial"]


def test_the_sparing_reaches_no_further_than_the_sentence_that_states_the_law():
    text = "Negligent custody of seized weapons remains common. Such custody is punishable under article 40."
    assert [phrase for _, phrase in warnings(text)] == ["Negligent"]


def test_other_judging_words_in_a_sentence_that_states_the_law_still_warn():
    sentence = "Regrettably, the negligent custody of seized weapons is punishable only by a fine under article 40."
    assert [phrase for _, phrase in warnings(sentence)] == ["Regrettably"]


def test_a_legal_rule_without_its_distance_names_the_file_and_the_rule(tmp_path):
    broken = tmp_path / "tone-legal.yaml"
    broken.write_text("en:\n  law: [punishable]\n  blame:\n    - cue: negligent\n      authority: beside 3\n",
                      encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        legal("en", broken)
    [finding] = raised.value.findings
    assert finding.code == "blueprint.invalid" and finding.field == "en.blame[0].authority"
    assert finding.file == str(broken) and finding.line == 5


def test_the_point_of_an_article_number_does_not_end_a_chinese_sentence_that_states_the_law():
    assert warnings("国家机关工作人员包庇、纵容有组织犯罪集团的，依照第22.4条定罪处罚。", "zh") == []
    assert "adversarial" in [kind for kind, _ in warnings("警方包庇犯罪集团，违反了第22.4条。", "zh")]
