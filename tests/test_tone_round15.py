"""What blind round 15 showed missing, generalized (blueprints/tone-patterns.yaml, "Round 15 (check)";
blueprints/tone.yaml and tone-legal.yaml for its false alarms): each family warns on a wording the round
did not contain and spares the neutral look-alike beside it; the round's false alarms (a literal rank, the
first of a State's priorities, a shell company, a requirement of the law) are spared."""
from __future__ import annotations

import pytest

from publisher.blueprint import load_blueprints
from publisher.validate.tone import tone_matches

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


def kinds(sentence: str, language: str) -> set[str]:
    lexicon = [p for p in load_blueprints().tone if p.language == language]
    return {match.kind for match in tone_matches(sentence, language, lexicon, "Mongolia")}


@pytest.mark.parametrize("language, comparison, look_alike", [
    ("en", "Which other country of the region can show a register as complete as this one?",
     "Which authority keeps the register of seized firearms?"),
    ("en", "Mongolia holds a middle position in global rankings of financial transparency.",
     "The prosecutor holds a senior position in the anti-corruption unit."),
    ("es", "El país ocupa un lugar intermedio entre los Estados de la región en materia de decomiso.",
     "La fiscalía ocupa un lugar central en la coordinación interinstitucional del decomiso."),
    ("es", "Mongolia marcha a la cabeza de los países de la región en la protección de testigos.",
     "La Fiscalía está a la cabeza de la redacción del nuevo protocolo de protección de testigos."),
    ("ru", "Монголия первой в регионе ввела уголовную ответственность юридических лиц.",
     "Монголия впервые ввела уголовную ответственность юридических лиц в 2017 году."),
    ("ru", "По обмену финансовой информацией страна остается в арьергарде региона.",
     "Обмен финансовой информацией ведется в соответствии с законом 2013 года."),
    ("zh", "与发展水平相近的国家相比，蒙古的没收案件数量偏少。",
     "与2019年相比，蒙古的没收案件数量有所增加。"),
    ("ar", "ولا يزال نظام حماية الشهود في منغوليا بعيدا عن المستوى الذي بلغته دول المنطقة.",
     "ولا يزال نظام حماية الشهود في منغوليا بحاجة إلى موارد إضافية."),
    ("ar", "وتحتل منغوليا المرتبة الخامسة بين دول آسيا الوسطى في مؤشر الشفافية.",
     "وتشارك منغوليا في مؤشر الشفافية منذ عام 2015."),
    ("ar", "وقد صادرت منغوليا أصولا تفوق ما صادرته جارتاها مجتمعتين.",
     "وقد صادرت منغوليا أصولا تفوق قيمتها مليون دولار."),
    ("ar", "ويتعين على منغوليا اللحاق بالدول الأخرى في مجال التحقيقات المالية.",
     "ويتعين على منغوليا تعزيز التحقيقات المالية الموازية."),
    ("ar", "وقد أدخلت هذه الإصلاحات منغوليا في مصاف الدول المتقدمة في مجال استرداد الموجودات.",
     "وقد أدخلت هذه الإصلاحات تعديلات على قانون استرداد الموجودات."),
    ("ar", "وتسجل منغوليا إحدى أعلى نسب الإدانة بين البلدان التي شملها الاستعراض.",
     "وتسجل منغوليا نسبة إدانة بلغت 60 في المائة في عام 2022."),
    ("ar", "وعلى العكس من جارتيها، تجيز منغوليا تسليم مواطنيها.",
     "وتجيز منغوليا تسليم مواطنيها بموجب المادة 12 من القانون."),
])
def test_a_comparison_warns_and_its_look_alike_does_not(language, comparison, look_alike):
    assert "ranking" in kinds(comparison, language)
    assert kinds(look_alike, language) == set()


@pytest.mark.parametrize("language, judging, look_alike", [
    ("en", "The ministry merely asserted that the register is kept up to date.",
     "The ministry explained that the register is kept up to date."),
    ("en", "The asset management office exists mostly on paper.",
     "The asset management office exists since 2019 and employs six staff."),
    ("en", "The police persist in detaining victims of trafficking for immigration offences.",
     "The police continue to refer victims of trafficking to shelters."),
    ("fr", "Les autorités ont cru bon de supprimer l'unité spécialisée.",
     "Les autorités ont jugé nécessaire de renforcer l'unité spécialisée."),
    ("es", "El régimen de decomiso es un verdadero laberinto de normas dispersas.",
     "El régimen de decomiso se rige por el Código Penal y la Ley de 2016."),
    ("es", "Por lo visto, la fiscalía no considera urgente la protección de testigos.",
     "Según lo previsto, la fiscalía aprobará el reglamento de protección de testigos en 2025."),
    ("es", "Las autoridades no han sido capaces ni siquiera de publicar las estadísticas.",
     "Las autoridades publicaron las estadísticas de 2022 en marzo."),
    ("es", "Con demasiada ligereza se excluyó a los funcionarios de aduanas de la formación.",
     "Los funcionarios de aduanas participaron en la formación de 2023."),
    ("ar", "إن قانون حماية المبلغين قانون قاصر ومليء بالثغرات.",
     "ويحمي القانون الطفل القاصر الذي يقع ضحية للاتجار."),
    ("ar", "وتزعم السلطات أن السجل يغطي جميع الأسلحة النارية.",
     "ويُزعم أن الجاني نقل الأسلحة عبر الحدود."),
    ("ar", "وقد أدركت الحكومة أخيرا أن وحدة الاستخبارات المالية بحاجة إلى موظفين.",
     "وقد أنشأت الحكومة أخيرا وحدة للاستخبارات المالية."),
    ("ar", "ويبدو أن حماية الضحايا آخر ما يشغل السلطات.",
     "ويتناول الفصل الأخير من القانون حماية الضحايا."),
    ("ar", "ولم تول الشرطة اهتماما يذكر لتدريب المحققين.",
     "وتولي الشرطة اهتماما خاصا لتدريب المحققين."),
    ("ar", "ولا يعدو السجل الوطني أن يكون واجهة تجميلية.",
     "ويتضمن السجل الوطني بيانات عن الأسلحة المضبوطة."),
    ("ar", "ولا يكاد يذكر أي تقدم في مجال إدارة الموجودات.",
     "وقد أحرز تقدم في مجال إدارة الموجودات."),
])
def test_a_judging_wording_warns_and_its_look_alike_does_not(language, judging, look_alike):
    assert "adversarial" in kinds(judging, language)
    assert kinds(look_alike, language) == set()


@pytest.mark.parametrize("language, neutral", [
    ("en", "Such cases are handled by prosecutors of senior rank."),
    ("fr", "Le Gouvernement a placé la protection des victimes au premier rang de ses priorités."),
    ("es", "La Fiscalía va a la cabeza de la elaboración del manual de decomiso."),
    ("ru", "Прокуратура ранжирует поступающие запросы по степени срочности."),
    ("ru", "Среди зарегистрированных преступлений отмывание денег уступает лишь мошенничеству."),
    ("zh", "公职人员未能按期申报财产的，给予纪律处分。"),
    ("zh", "犯罪集团通过多家空壳公司转移资金。"),
    ("ar", "وتُدعى منغوليا إلى مواصلة جمع البيانات عن ضحايا الاتجار."),
])
def test_the_rounds_false_alarms_are_spared(language, neutral):
    assert kinds(neutral, language) == set()


@pytest.mark.parametrize("language, judging", [
    ("en", "The authorities failed to produce any statistics, and their ranking of priorities is a mystery."),
    ("zh", "当局设立的机构不过是一个空壳。"),
])
def test_the_spared_words_still_warn_where_they_judge(language, judging):
    assert kinds(judging, language)
