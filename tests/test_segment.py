"""Sentence segmentation (publisher/translate/segment.py): what ends a sentence in UN text, and
what never does, in the six languages.

The example sentences are written for these tests. The dev-set test reads the UN Parallel Corpus
from shared/data/unpc-devset/ at run time and scores it the way bench/segment.py does.
"""
from __future__ import annotations

import importlib.util
import random
import socket
import sys

import pytest

from publisher.errors import PublisherError
from publisher.reference import LANGUAGES
from publisher.translate.segment import Span, pipeline, segment_spans, segments, split_paragraphs

from .conftest import ROOT


def pieces(text: str, language: str) -> list[str]:
    return [text[span.start:span.end] for span in segment_spans(text, language)]


# --- what ends a sentence ---------------------------------------------------------------------

NORMAL_SENTENCES = {
    "en": ["The Working Group met in Vienna.", "Did it adopt the report?", "It did!", "The session closed."],
    "fr": ["Le Groupe de travail s’est réuni à Vienne.", "A-t-il adopté le rapport ?", "Oui !",
           "La session est close."],
    "es": ["El Grupo de Trabajo se reunió en Viena.", "¿Aprobó el informe?", "¡Sí!",
           "Se clausuró el período de sesiones."],
    "ru": ["Рабочая группа провела совещание в Вене.", "Принят ли доклад?", "Да!", "Сессия закрылась."],
    "ar": ["اجتمع الفريق العامل في فيينا.", "هل اعتمد التقرير؟", "نعم!", "واختتمت الدورة."],
    "zh": ["工作组在维也纳举行了会议。", "报告是否获得通过？", "是的！", "会议闭幕。"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentences_split_at_their_end_marks_in_every_language(language):
    sentences = NORMAL_SENTENCES[language]
    separator = "" if language == "zh" else " "
    assert segments(separator.join(sentences), language) == sentences


@pytest.mark.parametrize("language", LANGUAGES)
def test_white_space_between_sentences_ends_the_preceding_span(language):
    first, second = NORMAL_SENTENCES[language][:2]
    text = f"  {first}  \n{second}\n"
    assert pieces(text, language) == [f"  {first}  \n", f"{second}\n"]
    assert segment_spans(text, language)[0] == Span(0, len(f"  {first}  \n"))


@pytest.mark.parametrize("language, text, expected", [
    ("en", "The delegate said: “The law was amended.” The Committee welcomed this.",
     ["The delegate said: “The law was amended.”", "The Committee welcomed this."]),
    ("en", 'The delegate said: "The law was amended." The Committee welcomed this.',
     ['The delegate said: "The law was amended."', "The Committee welcomed this."]),
    ("en", "The reviewers agreed (see the summary.) The State party did too.",
     ["The reviewers agreed (see the summary.)", "The State party did too."]),
    ("fr", "Il a déclaré : « La loi a été modifiée. » Le Comité s’en est félicité.",
     ["Il a déclaré : « La loi a été modifiée. »", "Le Comité s’en est félicité."]),
    ("fr", "Il a déclaré\u00a0: «\u00a0La loi a été modifiée.\u00a0» Le Comité s’en est félicité.",
     ["Il a déclaré\u00a0: «\u00a0La loi a été modifiée.\u00a0»", "Le Comité s’en est félicité."]),
    ("ru", "Делегат заявил: «Закон изменен.» Комитет приветствовал это.",
     ["Делегат заявил: «Закон изменен.»", "Комитет приветствовал это."]),
    ("zh", "他说：“法律已经修订。”委员会对此表示欢迎。", ["他说：“法律已经修订。”", "委员会对此表示欢迎。"]),
])
def test_closing_quotes_and_brackets_after_the_end_mark_stay_with_the_sentence_that_ends(language, text, expected):
    assert segments(text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("en", "It relies on the Act of 2022.[^oci] The Act was amended.[^a-1][^b2] It is in force.",
     ["It relies on the Act of 2022.[^oci]", "The Act was amended.[^a-1][^b2]", "It is in force."]),
    ("en", "It relies on the Act of 2022.⟦0⟧ The Act was amended.",
     ["It relies on the Act of 2022.⟦0⟧", "The Act was amended."]),
    ("zh", "该法于2022年通过。[^oci]委员会表示欢迎。", ["该法于2022年通过。[^oci]", "委员会表示欢迎。"]),
])
def test_a_footnote_reference_after_the_end_mark_stays_with_the_sentence_that_ends(language, text, expected):
    assert segments(text, language) == expected


def test_a_quotation_of_several_sentences_is_split_like_running_text():
    text = "The report reads: “The State shall act. It shall report.” The Committee agreed."
    assert segments(text, "en") == ["The report reads: “The State shall act.", "It shall report.”",
                                    "The Committee agreed."]


def test_a_full_stop_without_white_space_after_it_ends_no_sentence():
    # spaCy splits "Convention.The"; outside Chinese the rules want white space after the mark
    # (full stops inside symbols and numbers have none)
    text = "The report cites the Convention.The Committee agreed."
    assert segments(text, "en") == [text]


def test_a_full_stop_inside_brackets_that_close_later_ends_no_sentence():
    text = "The State party gave figures (They cover 2010-2015. They exclude minors.) and described its policy."
    assert segments(text, "en") == [text]


@pytest.mark.parametrize("language, first, second", [
    ("en", "It covers fraud, theft etc.", "The Committee agreed."),
    ("fr", "Il couvre la fraude, le vol, etc.", "Le Comité est d’accord."),
    ("ru", "Он охватывает мошенничество, кражу и т.д.", "Комитет согласился."),
    ("ru", "Он охватывает мошенничество, кражу и т. п.", "Комитет согласился."),
])
def test_an_abbreviation_that_may_end_a_sentence_ends_it_before_a_capital(language, first, second):
    assert segments(f"{first} {second}", language) == [first, second]


def test_the_tokenizer_hiding_an_end_mark_in_a_token_does_not_hide_the_boundary():
    # spaCy's Arabic tokenizer keeps "A/RES/55/25." whole, so the sentencizer alone misses it
    text = "واعتمدت الجمعية العامة القرار A/RES/55/25. وقررت اللجنة أن تجتمع مرة أخرى."
    assert segments(text, "ar") == ["واعتمدت الجمعية العامة القرار A/RES/55/25.", "وقررت اللجنة أن تجتمع مرة أخرى."]


# --- what never ends a sentence ---------------------------------------------------------------

ABBREVIATIONS = [
    ("en", "As noted in para. 5 and paras. 7-9, the State referred to art. 3 and arts. 5 and 6."),
    ("en", "The Group, e.g. Mr. Smith, Mrs. Jones, Ms. Lee and Dr. Brown, met Prof. Green."),
    ("en", "Resolution No. 4 and Nos. 5 and 6 are cited on p. 12 and pp. 14-15 of vol. 2."),
    ("en", "The bodies, i.e. the Conference and its groups, approx. 20 in all, cf. Table 2."),
    ("en", "The company, Acme Inc. Kenya and Acme Ltd. Uganda, sit on St. Helena Road."),
    ("en", "The laws on fraud, theft etc. and on corruption were reviewed."),
    ("en", "The case Prosecutor v. Smith is cited."),
    ("fr", "M. Dupont a présenté le par. 5 et l’art. 12 du document no. 3."),
    ("fr", "Mme Durand, p. ex. Mme Martin, a cité les p. 4-5, vol. 2, cf. MM. Leroy et Petit."),
    ("es", "El Sr. Pérez y la Sra. López presentaron el párr. 5 y el art. 12 del documento núm. 3."),
    ("es", "Véanse los párrs. 4 y 5 y las págs. 10 a 12 (aprox. 20 páginas)."),
    ("ru", "Г-н Иванов представил п. 5 и ст. 12 доклада, т.е. Конвенции."),
    ("ru", "В 2000 г. Генеральная Ассамблея приняла Конвенцию, см. п. 5 выше."),
    ("ru", "В 2010–2015 гг. Комитет рассмотрел доклады, т. е. Конвенцию и т.д. и т.п."),
    ("ar", "وأشار الممثل إلى قضية Prosecutor v. Smith في تقريره."),
]


@pytest.mark.parametrize("language, text", ABBREVIATIONS)
def test_un_abbreviations_do_not_end_a_sentence(language, text):
    assert segments(text, language) == [text]


@pytest.mark.parametrize("language, text", [
    ("en", "The Working Group on International Cooperation issued CTOC/COP/WG.3/2026/1 and E/CN.15/2015/11."),
    ("en", "Growth was 3.5 per cent in 2015 and 1.4 per cent in 2016."),
    ("fr", "La croissance a été de 3.5 % et le document E/CN.15/2015/11 le confirme."),
    ("ru", "Документ CTOC/COP/WG.3/2026/1 приводит рост на 1.4 процента."),
    ("ar", "وصدرت الوثيقة CTOC/COP/WG.3/2026/1 وبلغ النمو 3.5 في المائة."),
    ("zh", "工作组印发了CTOC/COP/WG.3/2026/1号文件，增长率为3.5%和1.4%。"),
])
def test_document_symbols_and_numbers_do_not_end_a_sentence(language, text):
    assert segments(text, language) == [text]


@pytest.mark.parametrize("language, text, expected", [
    ("en", "51. The Working Group met in Vienna.", 1),
    ("en", "The Working Group met. 2. It adopted its report. 3. It closed.", 3),
    ("en", "IV. The Committee agreed.", 1),
    ("en", "A. The Committee agreed.", 1),
    ("en", "The Committee agreed as follows. (a) The State should act. (b) It should report.", 3),
    ("es", "Se acordó lo siguiente. a) El Estado debe actuar. b) Debe informar.", 3),
    ("en", "The Committee agreed. (i) The State should act.", 2),
    ("en", "The Committee agreed. b. The State should act.", 2),
    ("ar", "51. اجتمع الفريق العامل في فيينا.", 1),
    ("ar", "وقررت اللجنة ما يلي. (أ) أن تجتمع مرة أخرى.", 2),
    ("ru", "А. Общие выводы Комитета.", 1),
])
def test_numbered_labels_belong_to_the_sentence_they_open(language, text, expected):
    assert len(segments(text, language)) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("en", "The report by Mr. J. Smith was adopted.", 1),
    ("en", "The report by Andrzej T. Abraszewski was adopted.", 1),
    ("en", "The report by A. B. Smith was adopted.", 1),
    ("ru", "Доклад представил г-н И.И. Иванов.", 1),
    ("fr", "Le rapport de S. E. M. Dupont a été adopté.", 1),
    ("en", "The list is in annex I. The Committee agreed.", 2),
    ("en", "The list is in Part B. The Committee agreed.", 2),
    ("fr", "La liste figure à l’Annexe I. Le Comité l’a adoptée.", 2),
    ("fr", "La liste figure à l’annexe II. Le Comité l’a adoptée.", 2),
])
def test_initials_do_not_end_a_sentence_but_a_numbered_part_does(language, text, expected):
    assert len(segments(text, language)) == expected


@pytest.mark.parametrize("language, text", [
    ("en", "The bodies, i.e. the Conference and its groups, met."),
    ("fr", "Les organes, c.-à-d. la Conférence et ses groupes, se sont réunis."),
    ("es", "Los órganos, p. ej. la Conferencia, se reunieron."),
    ("ru", "Органы, т. е. Конференция, провели совещание."),
])
def test_in_cased_languages_a_sentence_never_opens_in_lower_case(language, text):
    assert segments(text, language) == [text]


# --- Chinese and Arabic -----------------------------------------------------------------------

def test_chinese_semicolons_join_clauses_of_one_sentence():
    text = "建立专门机构；收集更多统计数据；开展更多调查。"
    assert segments(text, "zh") == [text]


def test_chinese_ends_sentences_without_spaces_and_keeps_latin_full_stops_inside():
    text = "独立专家A. de Zayas先生发言。委员会注意到第1.2段。"
    assert segments(text, "zh") == ["独立专家A. de Zayas先生发言。", "委员会注意到第1.2段。"]


def test_a_half_width_question_mark_ends_a_chinese_sentence():
    assert segments("需要做些什么?委员会作出了答复。", "zh") == ["需要做些什么?", "委员会作出了答复。"]


def test_a_straight_quote_after_a_chinese_end_mark_closes_or_opens_by_balance():
    closing = '他说："法律已经修订。"委员会表示欢迎。'
    opening = '委员会表示欢迎。"法律已经修订。"他说。'
    assert segments(closing, "zh") == ['他说："法律已经修订。"', "委员会表示欢迎。"]
    assert segments(opening, "zh") == ["委员会表示欢迎。", '"法律已经修订。"', "他说。"]


def test_blank_chinese_uses_the_character_segmenter():
    nlp = pipeline("zh")
    assert nlp.tokenizer.segmenter == "char"
    assert [token.text for token in nlp.make_doc("会议闭幕")] == ["会", "议", "闭", "幕"]


def test_an_arabic_comma_and_semicolon_do_not_end_a_sentence():
    text = "اعتمدت اللجنة التقرير، ووافقت عليه؛ وقررت أن تجتمع مرة أخرى."
    assert segments(text, "ar") == [text]


def test_an_arabic_question_mark_ends_a_sentence():
    assert segments("هل اعتمد التقرير؟ نعم، اعتمد.", "ar") == ["هل اعتمد التقرير؟", "نعم، اعتمد."]


# --- spans cover the input --------------------------------------------------------------------

FRAGMENTS = {
    "en": ["The Group met.", "See para. 5.", "It cited A/RES/55/25.", "Why?", "(a) It acted;", "51.", "etc.",
           "“Yes.”", "3.5", "Mr. J. Smith", "(see p. 4.)", "no", "E/CN.15/2015/11."],
    "fr": ["Le Groupe s’est réuni.", "Voir le par. 5.", "« Oui. »", "M. Dupont", "Pourquoi ?", "a)"],
    "es": ["El Grupo se reunió.", "¿Por qué?", "Véase el párr. 5.", "Sr. Pérez", "núm. 3"],
    "ru": ["Группа провела совещание.", "См. п. 5.", "В 2000 г.", "«Да.»", "т.е.", "А."],
    "ar": ["اجتمع الفريق.", "هل اعتمد التقرير؟", "(أ)", "،", "A/RES/55/25."],
    "zh": ["会议闭幕。", "是否同意？", "增长3.5%；", '"法律已经修订。"', "A. de Zayas", "！"],
}
SPACES = ["", " ", "  ", "\n", " \n ", "\u00a0", "\t"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_spans_cover_the_paragraph_exactly_in_order(language):
    # A deterministic randomized test: hypothesis is not installed in .venv.
    generator = random.Random(f"segment-{language}")
    for _ in range(300):
        text = "".join(generator.choice(FRAGMENTS[language]) + generator.choice(SPACES)
                       for _ in range(generator.randint(0, 8)))
        text = generator.choice(SPACES) + text
        spans = segment_spans(text, language)
        assert "".join(text[span.start:span.end] for span in spans) == text
        assert all(span.start < span.end for span in spans)
        assert [span.start for span in spans[1:]] == [span.end for span in spans[:-1]]
        assert segments(text, language) == [piece.strip() for piece in pieces(text, language) if piece.strip()]


def test_an_empty_paragraph_has_no_spans():
    assert segment_spans("", "en") == []
    assert segments(" \n ", "en") == []


# --- paragraphs, languages, the pipeline ------------------------------------------------------

def test_paragraphs_are_separated_by_blank_lines():
    text = "\nFirst paragraph.\nStill the first.\n\nSecond.\n \t\nThird.\n\n\n"
    assert split_paragraphs(text) == ["First paragraph.\nStill the first.", "Second.", "Third."]


@pytest.mark.parametrize("call", [segment_spans, segments])
def test_an_unknown_language_is_a_finding(call):
    with pytest.raises(PublisherError) as raised:
        call("Hallo Welt.", "de")
    assert [finding.code for finding in raised.value.findings] == ["segment.unsupported-language"]
    assert "de" in raised.value.findings[0].message


def test_each_pipeline_is_built_once_from_a_blank_language_with_the_sentencizer():
    assert pipeline("en") is pipeline("en")
    assert pipeline("en").pipe_names == ["sentencizer", "un_sentence_rules"]
    assert pipeline("ru").lang == "ru"


def test_building_the_pipelines_does_not_touch_the_network(monkeypatch):
    def refuse(*_):
        raise AssertionError("segmentation tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    pipeline.cache_clear()
    try:
        for language in LANGUAGES:
            assert segments(" ".join(NORMAL_SENTENCES[language]), language)
    finally:
        pipeline.cache_clear()


# --- the UN Parallel Corpus dev set -----------------------------------------------------------

def _bench():
    spec = importlib.util.spec_from_file_location("bench_segment", ROOT / "bench" / "segment.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    module = _bench()
    if not module.devset_available():
        pytest.skip(f"the UN Parallel Corpus dev set is not in {module.DEVSET}")
    return module


@pytest.mark.parametrize("language", LANGUAGES)
def test_dev_set_boundary_f1_is_at_least_98_per_cent(bench, language):
    paragraphs = bench.devset_paragraphs(language)[::2]  # every other paragraph: a fixed sample
    result = bench.score(paragraphs, language)
    assert result.true_positives + result.false_negatives >= 400, "too few known boundaries to score"
    assert result.f1 >= 0.98, f"{language}: P {result.precision:.4f} R {result.recall:.4f} F1 {result.f1:.4f}"
