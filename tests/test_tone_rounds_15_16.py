"""What blind rounds 15 and 16 showed missing, generalized once each was scored (blueprints/tone-patterns.yaml,
"Round 15 (check)", "Round 16 (check)"; blueprints/tone.yaml and tone-legal.yaml for their false alarms): each
family warns on a wording the rounds did not contain and spares the neutral look-alike beside it; the rounds'
false alarms (a literal rank, the first of a State's priorities or of the offences, a shell company, what the
law requires or a court may order) are spared."""
from __future__ import annotations

import pytest

from bench.tone import kinds_found as kinds  # the lexicon, the patterns and the legal sparing, Mongolia under review

pytestmark = pytest.mark.usefixtures("fresh_tone_patterns")  # conftest.py says why


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
    # round 16
    ("en", "As in very few other jurisdictions, assets can be frozen by the prosecutor alone.",
     "As in the previous cycle, assets can be frozen by the prosecutor alone."),
    ("en", "Mongolia should aim for the standard of protection already achieved by its neighbours.",
     "Mongolia should aim for the standard of protection set out in the Protocol."),
    ("es", "Ningún otro país de la región ha tipificado el delito con tanta precisión.",
     "El país no limita con ningún otro Estado parte del Protocolo."),
    ("ru", "Страна входит в число государств-лидеров по конфискации доходов от преступлений.",
     "Страна входит в число участников Конвенции с 2008 года."),
    ("zh", "蒙古的没收制度有别于多数普通法系国家。", "蒙古的没收制度有别于2010年以前的做法。"),
    ("ar", "وتسير منغوليا على خطى دول الجوار في تجريم غسل الأموال.",
     "وتسير منغوليا على خطة وطنية لمكافحة غسل الأموال."),
    ("ar", "وقد فاق عدد المضبوطات في منغوليا المتوسط الإقليمي.",
     "وقد فاق عدد المضبوطات في منغوليا 300 قطعة سلاح."),
    ("ar", "وقد تخلفت منغوليا عن الركب في مجال الأدلة الإلكترونية.",
     "وتعمل منغوليا على ألا يتخلف أحد عن الركب في مجال حماية الضحايا."),
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
    # round 16
    ("en", "The registry, such as it is, holds no data on seized firearms.",
     "The registry, such as the one kept by the police, holds data on seized firearms."),
    ("en", "The efficiency of the new unit has yet to be demonstrated.",
     "The efficiency of the new unit will be assessed in 2025."),
    ("fr", "La Mongolie a manqué l'occasion de réviser son code pénal.",
     "La Mongolie a saisi l'occasion de réviser son code pénal."),
    ("es", "Las autoridades se empeñan en negar el problema de la trata laboral.",
     "Las autoridades se comprometieron a estudiar el problema de la trata laboral."),
    ("es", "La policía ha mirado hacia otro lado ante las denuncias de las víctimas.",
     "La policía ha remitido las denuncias de las víctimas a la fiscalía."),
    ("ru", "Власти, похоже, не считают защиту свидетелей своим приоритетом.",
     "Власти считают защиту свидетелей одной из задач на 2025 год."),
    ("ru", "Ведомство проводит бесконечные совещания без результатов.",
     "Ведомство проводит ежегодные совещания с участием прокуроров."),
    ("zh", "蒙古终于意识到证人保护的重要性。", "蒙古于2019年设立了证人保护机构。"),
    ("zh", "该部声称已培训所有边防人员，但未提供任何记录。", "该部表示已培训所有边防人员，并提供了培训记录。"),
    ("ar", "وتفتقر الوحدة إلى أبسط مقومات العمل المهني.", "وتحتاج الوحدة إلى موظفين إضافيين."),
    ("ar", "ويعد قانون الأسلحة قانونا عفا عليه الزمن.", "ويعود قانون الأسلحة إلى عام 1995."),
    ("ar", "ومن غير المقبول أن يظل السجل دون تحديث.", "ومن المقرر أن يحدث السجل في عام 2025."),
    ("ar", "ولا تأخذ السلطات على محمل الجد خطر التجنيد عبر الإنترنت.",
     "وتأخذ السلطات في الاعتبار خطر التجنيد عبر الإنترنت."),
    ("ar", "وقد تغاضت الشرطة عن الشكاوى المتكررة.", "ولا يمكن التغاضي عن أهمية الشكاوى في كشف الجرائم."),
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
    # round 16
    ("en", "Prosecutors ranked fraud, bribery and smuggling as the offences most often committed by such groups."),
    ("en", "The failure of a carrier to verify travel documents gives rise to an administrative fine."),
    ("en", "The court may order the confiscation of property held by third parties who knew or should have known of its origin."),
    ("fr", "La lutte contre la traite figure au premier rang des priorités du plan national."),
    ("ar", "وتحتل جرائم الاحتيال المرتبة الأولى بين الجرائم المبلغ عنها إلى الشرطة."),
])
def test_the_rounds_false_alarms_are_spared(language, neutral):
    assert kinds(neutral, language) == set()


@pytest.mark.parametrize("language, judging", [
    ("en", "The authorities failed to produce any statistics, and their ranking of priorities is a mystery."),
    ("zh", "当局设立的机构不过是一个空壳。"),
])
def test_the_spared_words_still_warn_where_they_judge(language, judging):
    assert kinds(judging, language)
