"""What blind round 17 showed missing, generalized once it was scored (blueprints/tone-patterns.yaml,
"Round 17 (check)"): each family warns on a wording the round did not contain and spares the neutral
look-alike beside it. The round's false alarms are spared: a unit that ranks reports by risk, the largest
case among a State's own cases, the law's "whenever that is in the interest of justice"."""
from __future__ import annotations

import pytest

from bench.tone import kinds_found as kinds  # the lexicon, the patterns and the legal sparing, Mongolia under review

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


@pytest.mark.parametrize("language, comparison, look_alike", [
    ("en", "Mongolia has emerged as a front-runner among the States of the region in witness protection.",
     "The deputy prosecutor was a front-runner for the post of director."),
    ("fr", "La Mongolie se hisse sur le podium des pays de la région pour les saisies d'armes.",
     "La Mongolie a présenté ses saisies d'armes lors d'une réunion tenue en 2022."),
    ("es", "Si los países vecinos ya cuentan con un registro de armas, ¿por qué no Mongolia?",
     "Los examinadores preguntaron por qué no se había creado el registro de armas."),
    ("es", "Mongolia sigue una línea distinta de la tendencia dominante entre los países vecinos.",
     "La tendencia general de los delitos de blanqueo en Mongolia es descendente."),
    ("ru", "Подобно большинству соседних стран, Монголия не ведет единого реестра оружия.",
     "Монголия сотрудничает с соседними странами в ведении реестра оружия."),
    ("zh", "与类似的内陆国家相比，蒙古的缉获量较少。", "与2019年的同类案件相比，蒙古的缉获量较少。"),
    ("ar", "وتعتمد منغوليا إجراءات أسرع مما تعتمده دولتاهما في تسليم المطلوبين.",
     "وتعتمد منغوليا إجراءات أسرع مما كانت عليه في عام 2015."),
    ("ar", "ولم يصل نظام حماية الشهود في منغوليا إلى المرحلة التي وصلتها دول الجوار.",
     "ولم يصل نظام حماية الشهود في منغوليا إلى المرحلة التي حددتها الخطة الوطنية."),
])
def test_a_comparison_round_17_did_not_word_so_is_a_ranking(language, comparison, look_alike):
    assert "ranking" in kinds(comparison, language)
    assert not kinds(look_alike, language)


@pytest.mark.parametrize("language, judgement, look_alike", [
    ("en", "It is revealing that no confiscation order has been executed since 2018.",
     "It is reported that no confiscation order has been executed since 2018."),
    ("en", "The authorities purport to have dismantled every smuggling network in the country.",
     "The document purports to be a passport issued by the authorities of the country."),
    ("en", "The national plan treats victim assistance as an afterthought.",
     "The national plan treats victim assistance as a priority."),
    ("en", "The new provision on electronic evidence has proved unworkable in practice.",
     "The new provision on electronic evidence has been applied in practice since 2020."),
    ("fr", "Faute de véritable volonté politique, le registre n'a pas été tenu à jour.",
     "La volonté politique exprimée par la Mongolie a permis l'adoption de la loi."),
    ("fr", "Les autorités se sont enfin résolues à ratifier le Protocole.",
     "Les autorités se sont résolues à ratifier le Protocole en 2008."),
    ("fr", "Le Gouvernement semble plus préoccupé par son image que par le sort des victimes.",
     "Le Gouvernement est préoccupé par le sort des victimes de la traite."),
    ("fr", "Il aura fallu deux cycles d'examen pour que la loi soit modifiée.",
     "Deux cycles d'examen ont précédé la modification de la loi."),
    ("es", "Las autoridades se limitaron a transcribir el artículo 5 de la Convención.",
     "Las autoridades transcribieron el artículo 5 de la Convención en el Código Penal."),
    ("es", "Nadie se tomó la molestia de traducir el manual de procedimientos.",
     "Nadie puede ser extraditado sin una orden judicial firme."),
    ("es", "¿De qué sirve una ley de protección de testigos que no se aplica?",
     "La ley de protección de testigos sirve de base a los programas de la fiscalía."),
    ("es", "La realidad desmiente las cifras oficiales sobre decomisos.",
     "Las cifras oficiales muestran un aumento de los decomisos."),
    ("ru", "Реформа уголовного преследования юридических лиц оказалась половинчатой.",
     "Реформа уголовного преследования юридических лиц завершилась в 2017 году."),
    ("ru", "Закон представляет собой сборник благих намерений.",
     "Закон представляет собой сборник норм о конфискации."),
    ("ru", "Власти произвольно трактуют понятие организованной преступной группы.",
     "Суд трактует понятие организованной преступной группы в соответствии со статьей 2 Конвенции."),
    ("ru", "Ведомство лишь имитирует борьбу с коррупцией.",
     "Учения имитируют контролируемую поставку оружия."),
    ("ru", "Министерство, по обыкновению, ответило на запрос с опозданием.",
     "Министерство ответило на запрос в установленный срок."),
    ("zh", "该协调机制只存在于纸面，从未运作。", "该协调机制以书面协议为基础，每年召开会议。"),
    ("ar", "إن ما تسميه الحكومة إصلاحا قضائيا لم يغير شيئا.",
     "ويشمل ما يسمى «المصادرة المدنية» في القانون المنغولي الأصول غير المبررة."),
    ("ar", "فالسجل المركزي للأسلحة لا وجود له إلا على الورق.",
     "فالسجل المركزي للأسلحة موجود منذ عام 2010."),
    ("ar", "وأساليب التحقيق المالي المتبعة في منغوليا بدائية.",
     "وأساليب التحقيق المالي المتبعة في منغوليا حديثة نسبيا."),
    ("ar", "وهذا التأخير لا يليق بدولة طرف في الاتفاقية.",
     "وتتخذ منغوليا تدابير تليق بخطورة الجريمة."),
    ("ar", "وتضع الوزارة العصا في عجلة الإصلاح.", "وتضع الوزارة خطة لإصلاح نظام السجلات."),
    ("ar", "أما الإحصاءات الخاصة بتسليم المجرمين فحدث ولا حرج.",
     "أما الإحصاءات الخاصة بتسليم المجرمين فهي متاحة على الموقع الشبكي للوزارة."),
])
def test_a_judgement_round_17_did_not_word_so_is_adversarial(language, judgement, look_alike):
    assert "adversarial" in kinds(judgement, language)
    assert not kinds(look_alike, language)


@pytest.mark.parametrize("language, neutral", [
    ("en", "The unit ranks incoming requests by urgency before assigning them to investigators."),
    ("zh", "该案是蒙古迄今侦办的同类案件中规模最大的。"),
    ("ar", "ويجوز تسليم الشخص إلى دولة أخرى متى كان ذلك في صالح العدالة."),
])
def test_round_17s_false_alarms_are_spared(language, neutral):
    assert not kinds(neutral, language)


def test_a_verb_alone_is_no_arabic_superlative():
    """"كان" (was) beside another State compared nothing; the rule wants "was the fastest"."""
    assert not kinds("ونقلت الإجراءات إلى دولة أخرى لأن ذلك كان ممكنا بموجب الاتفاق.", "ar")
    assert "ranking" in kinds("وكانت منغوليا الأسرع بين دول المنطقة في تجريم غسل الأموال.", "ar")
