"""What the sentence segmenter promises (publisher/translate/segment.py), pinned where mutation
testing found it unpinned: the paragraph limit and its finding, abbreviations and labels after an
opening quote or bracket or written with a capital, initials, the Chinese characters a half-width
question mark may be glued to, straight quotes in Chinese, and brackets around an end mark.

The example sentences are written for these tests, in the style of UN review outcomes.
"""
from __future__ import annotations

import pytest

from publisher.errors import PublisherError
from publisher.findings import Finding
from publisher.translate.segment import MAX_PARAGRAPH_CHARACTERS, segment_spans, segments


# --- the paragraph limit ----------------------------------------------------------------------

def _paragraph_of(length: int) -> str:
    sentences = "The State party adopted measures. " * (length // 34 + 1)
    return sentences[:length - 1].rstrip() + "." * (length - len(sentences[:length - 1].rstrip()))


def test_a_paragraph_of_exactly_the_limit_is_split_into_sentences():
    text = _paragraph_of(MAX_PARAGRAPH_CHARACTERS)
    assert len(text) == MAX_PARAGRAPH_CHARACTERS == 100_000
    spans = segment_spans(text, "en")
    assert len(spans) == text.count(". ") + 1
    assert "".join(text[span.start:span.end] for span in spans) == text


def test_one_character_over_the_limit_is_refused_with_a_finding_that_says_the_limit():
    with pytest.raises(PublisherError) as raised:
        segment_spans(_paragraph_of(MAX_PARAGRAPH_CHARACTERS + 1), "en")
    assert raised.value.findings == [Finding(
        "", 0, 0, "paragraph", "a paragraph of 100,001 characters is too long to split into sentences (at most "
        "100,000; paragraphs are separated by blank lines)", "segment.too-long")]


# --- abbreviations, labels and initials -------------------------------------------------------

@pytest.mark.parametrize("language, first, second", [
    ("en", "The Committee noted it.", "Para. 5 of the report sets out the measures."),
    ("en", "The Committee noted it.", "Art. 5 of the Convention requires them."),
    ("fr", "Le Comité en a pris note.", "Par. 5 du rapport."),
    ("es", "El Comité tomó nota.", "Párr. 5 del informe."),
    ("ru", "Комитет принял доклад к сведению.", "Ст. 5 Конвенции требует этого."),
])
def test_a_lower_case_abbreviation_written_with_a_capital_does_not_end_a_sentence(language, first, second):
    assert segments(f"{first} {second}", language) == [first, second]


@pytest.mark.parametrize("language, text", [
    ("en", "The Committee recalled “para. 5 of resolution 55/25” and agreed."),
    ("en", "The Committee recalled 'art. 5 of the Convention' and agreed."),
    ("fr", "Le Comité a rappelé « par. 5 de la résolution 55/25 » et l’a approuvé."),
    ("es", "¿Sra. López, aprobó usted el informe?"),
    ("ru", "Комитет сослался на «ст. 5 Конвенции» и согласился."),
])
def test_an_abbreviation_after_an_opening_quote_does_not_end_a_sentence(language, text):
    assert segments(text, language) == [text]


@pytest.mark.parametrize("language, text", [
    ("en", "“1. Each State Party shall adopt such measures as may be necessary.”"),
    ("fr", "« 1. Chaque État Partie adopte les mesures nécessaires. »"),
    ("es", "«1. Cada Estado Parte adoptará las medidas necesarias.»"),
])
def test_a_quoted_paragraph_keeps_its_number_label(language, text):
    assert segments(text, language) == [text]


@pytest.mark.parametrize("language, text, expected", [
    ("fr", "É. Dupont a présenté le rapport.", ["É. Dupont a présenté le rapport."]),
    ("fr", "Le Comité s’est réuni. É. Dupont a présenté le rapport.",
     ["Le Comité s’est réuni.", "É. Dupont a présenté le rapport."]),
    ("es", "Á. Pérez presentó el informe.", ["Á. Pérez presentó el informe."]),
])
def test_a_sentence_that_opens_with_an_initial_is_not_split_after_it(language, text, expected):
    assert segments(text, language) == expected


@pytest.mark.parametrize("title", ["г-н", "г-жа", "д-р"])
def test_one_initial_after_a_lower_case_russian_title_is_an_initial(title):
    text = f"Доклад представил {title} А. Петров, и Комитет его одобрил."
    assert segments(text, "ru") == [text]


def test_a_french_elision_before_an_abbreviation_may_use_a_straight_apostrophe():
    text = "Le Comité a cité l'art. 12 et l'al. 3 du Code pénal."
    assert segments(text, "fr") == [text]


# --- the case of the next word ----------------------------------------------------------------

@pytest.mark.parametrize("language, text, expected", [
    ("en", "It covers fraud, theft etc. (see para. 5) and corruption.", 1),
    ("en", "It covers fraud, theft etc. “and” other offences.", 1),
    ("es", "Abarca el fraude, el robo, etc. (véase el párr. 5) y la corrupción.", 1),
    ("en", "It covers fraud, theft etc. (The list is not closed.)", 2),
])
def test_the_case_of_the_next_word_is_read_after_its_opening_bracket_or_quote(language, text, expected):
    assert len(segments(text, language)) == expected


@pytest.mark.parametrize("language, first, second", [
    ("en", "The report was presented by the Chair.", "Xavier Dupont replied for the Secretariat."),
    ("es", "El informe fue presentado por la Presidencia.", "Xunta de Galicia respondió."),
    ("fr", "Le rapport a été présenté par la présidence.", "Xavier Dupont a répondu."),
])
def test_the_next_sentence_may_open_with_any_capital(language, first, second):
    assert segments(f"{first} {second}", language) == [first, second]


@pytest.mark.parametrize("dash", ["-", "–"])
def test_a_spanish_article_heading_with_a_full_stop_and_a_dash_does_not_end_the_sentence(dash):
    # Latin American codes number their articles "Artículo 5.- Se castigará ..." or "5.– Se ..."
    text = f"El Código dispone en su artículo 5.{dash} Se castigará con prisión a quien lo cometa."
    assert segments(text, "es") == [text]


def test_a_sentence_may_open_with_a_number_followed_by_letters():
    # the lower-case rule reads the first character: "3rd" does not open in lower case
    assert segments("Sales fell in the first quarter. 3rd-quarter figures were better.", "en") == [
        "Sales fell in the first quarter.", "3rd-quarter figures were better."]


# --- brackets around an end mark --------------------------------------------------------------

def test_a_chinese_sub_paragraph_label_in_brackets_after_an_end_mark_opens_a_sentence():
    text = "审议结论如下。（a）加强立法；（b）收集数据。"
    assert segments(text, "zh") == ["审议结论如下。", "（a）加强立法；（b）收集数据。"]


def test_an_end_mark_right_after_an_opening_bracket_ends_no_sentence_while_it_is_open():
    text = "وتشمل الجرائم المذكورة (… وغيرها) الاحتيال والسرقة."
    assert segments(text, "ar") == [text]


# --- Chinese: what a half-width question mark may be glued to ---------------------------------

@pytest.mark.parametrize("character", [
    "委",  # a unified ideograph
    "２",  # a full-width digit ("２０２０年")
    "\uf900",  # the first compatibility ideograph (written escaped: it normalizes to U+8C48)
    "\u2e80", "\u9fff",  # the first and last of the radicals, punctuation and unified ideographs
    "\ufaff",  # the last of the compatibility ideographs
    "\uff00", "\uffef",  # the first and last of the half-width and full-width forms
])
def test_a_half_width_question_mark_glued_to_a_chinese_character_ends_the_sentence(character):
    text = f"需要做些什么?{character}委员会作出了答复。"
    assert segments(text, "zh") == ["需要做些什么?", f"{character}委员会作出了答复。"]


@pytest.mark.parametrize("character", ["\u2e7f", "\ua000", "\uf8ff", "\ufb00", "\ufeff", "\ufff0"])
def test_a_half_width_question_mark_glued_to_a_character_outside_the_chinese_blocks_does_not(character):
    text = f"需要做些什么?{character}委员会作出了答复。"
    assert segments(text, "zh") == [text]


def test_a_question_mark_inside_a_web_address_does_not_end_a_chinese_sentence():
    text = "详见https://www.unodc.org/unodc/en/treaties/CTOC/index.html?lng=zh。委员会表示欢迎。"
    assert segments(text, "zh") == [text[:text.index("。") + 1], "委员会表示欢迎。"]


def test_a_half_width_question_mark_after_a_spaced_latin_word_ends_a_chinese_sentence():
    # Chinese UN text puts spaces around Latin words; the "?" typed after one is half-width
    text = "是否应通知 INTERPOL ?委员会作出了肯定答复。"
    assert segments(text, "zh") == ["是否应通知 INTERPOL ?", "委员会作出了肯定答复。"]


def test_a_latin_capital_before_a_space_does_not_end_a_chinese_sentence():
    text = "委员会审议了附件 X 所列的报告。委员会表示欢迎。"
    assert segments(text, "zh") == ["委员会审议了附件 X 所列的报告。", "委员会表示欢迎。"]


# --- markup after an end mark ---------------------------------------------------------------

@pytest.mark.parametrize("language, first, second", [
    ("en", "The Committee quoted article 4: *No one shall be held in slavery.*", "It welcomed the law."),
    ("fr", "Le Comité a cité l’article 4 : *Nul ne sera tenu en esclavage.*", "Il a salué la loi."),
    ("es", "El Comité citó el artículo 4: *Nadie estará sometido a esclavitud.*", "Acogió la ley."),
])
def test_the_asterisk_closing_italics_after_an_end_mark_stays_with_the_sentence_that_ends(language, first, second):
    assert segments(f"{first} {second}", language) == [first, second]


def test_an_asterisk_glued_after_a_chinese_end_mark_opens_the_italics_of_the_next_sentence():
    assert segments("委员会表示欢迎。*法律*已经修订。", "zh") == ["委员会表示欢迎。", "*法律*已经修订。"]


@pytest.mark.parametrize("first", [
    "واعتمدت الجمعية العامة القرار A/RES/55/25.",
    'وقال الممثل: "اعتمدت الجمعية العامة القرار A/RES/55/25."',
])
def test_a_straight_quote_later_in_the_paragraph_does_not_hide_a_boundary_the_tokenizer_hid(first):
    # spaCy keeps "A/RES/55/25." whole in Arabic: only the rules see that boundary
    second = 'وسمت اللجنة المبادرة "العدالة للجميع".'
    assert segments(f"{first} {second}", "ar") == [first, second]


# --- Chinese: straight quotes glued to an end mark --------------------------------------------

def test_each_straight_quote_after_a_chinese_end_mark_opens_or_closes_by_the_quotes_before_it():
    text = '"法律已经修订。"委员会表示欢迎。"我们将提交报告。"他说。"是的。"'
    assert segments(text, "zh") == ['"法律已经修订。"', "委员会表示欢迎。", '"我们将提交报告。"', "他说。", '"是的。"']


def test_a_quotation_that_runs_on_into_the_next_paragraph_opens_where_it_starts():
    text = '委员会表示欢迎。"法律已经修订。政府将提交报告。'
    assert segments(text, "zh") == ["委员会表示欢迎。", '"法律已经修订。', "政府将提交报告。"]


def test_a_straight_quote_earlier_in_the_paragraph_does_not_move_a_later_boundary():
    text = '他说"是"。委员会表示欢迎。他又说："法律已经修订。"'
    assert segments(text, "zh") == ['他说"是"。', "委员会表示欢迎。", '他又说："法律已经修订。"']


def test_two_straight_quoted_sentences_glued_together_are_two_sentences():
    text = '他说："法律已经修订。""我们将提交报告。"他补充道。'
    assert segments(text, "zh") == ['他说："法律已经修订。"', '"我们将提交报告。"', "他补充道。"]
