"""What users rely on in the glossary, each test building its own glossary from a file it writes:
how each language's words are cut so that inflected forms meet, Arabic names with their
proclitics, which term wins where several overlap, capitals, the CSV format and its refusals, the
TBX round trip, and what ``check`` reports.

The word cache (``normalized`` is an lru_cache) is emptied before each test, so that each test sees
the stemmers as they are: a word normalized once earlier in the process would otherwise never
reach them again.
"""
from __future__ import annotations

import re

import pytest

from publisher.interchange import tbx
from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.translate import glossary_csv
from publisher.translate import glossary as glossary_module
from publisher.translate.glossary import FORBIDDEN_VARIANT, MISSING_TERM, Glossary
from publisher.translate.glossary_entries import Entry
from publisher.translate.glossary_words import arabic_name, normalized

HEADER = "id,subject,source,note,en,en_forbidden,fr,fr_forbidden,es,es_forbidden,ru,ar,zh\n"


@pytest.fixture(autouse=True)
def fresh_word_cache():
    normalized.cache_clear()
    glossary_module._TOKENIZED.__dict__.clear()  # the texts tokenized by earlier tests
    yield
    normalized.cache_clear()


def glossary(tmp_path, *rows: str) -> Glossary:
    """A glossary read from a CSV file of HEADER and ``rows``."""
    path = tmp_path / "g.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return Glossary.from_csv(path)


def refusal(tmp_path, text: str):
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        Glossary.from_csv(path)
    assert raised.value.exit_code == EXIT_UNREADABLE
    [finding] = raised.value.findings
    return (finding.file, finding.line, finding.column, finding.field, finding.message, finding.code)


def stem(word: str, language: str) -> str:
    return normalized(word, language, "stem")


# -- how words are cut ------------------------------------------------------------------------------
@pytest.mark.parametrize("words, common", [
    (("party", "parties"), "party"),
    (("witness", "witnesses"), "witness"),
    (("box", "boxes"), "box"),
    (("fez", "fezes"), "fez"),
    (("match", "matches"), "match"),
    (("wish", "wishes"), "wish"),
    (("State", "States", "states"), "state"),
    (("offence", "offences"), "offence"),
    (("god", "gods"), "god"),
    (("organize", "organise"), "organize"),
    (("organized", "organised"), "organized"),
    (("organizing", "organising"), "organizing"),
    (("organization", "organisation", "organizations", "organisations"), "organization"),
])
def test_english_singular_plural_and_british_spellings_meet(words, common):
    assert {stem(w, "en") for w in words} == {common}


@pytest.mark.parametrize("word", ["process", "status", "analysis", "its", "gas", "bus", "café"])
def test_english_words_ending_in_ss_us_is_short_words_and_accents_are_kept(word):
    assert stem(word, "en") == word


@pytest.mark.parametrize("words, common", [
    (("État", "États", "Etat", "etats"), "etat"),
    (("partie", "parties"), "partie"),
    (("international", "internationaux"), "international"),
    (("canal", "canaux"), "canal"),
    (("prix",), "pri"),
    (("loi", "lois"), "loi"),
    (("Ministère", "ministere"), "ministere"),
    (("taux",), "tau"),
])
def test_french_plurals_in_s_x_and_aux_meet_and_accents_are_ignored(words, common):
    assert {stem(w, "fr") for w in words} == {common}


@pytest.mark.parametrize("word", ["les", "des", "stress", "ete"])
def test_french_short_words_and_ss_are_not_cut(word):
    assert stem(word, "fr") == word


@pytest.mark.parametrize("words, common", [
    (("vez", "veces"), "vez"),
    (("luz", "luces"), "luz"),
    (("nación", "naciones", "nacion"), "nacion"),
    (("ciudad", "ciudades"), "ciudad"),
    (("principal", "principales"), "principal"),
    (("mujer", "mujeres"), "mujer"),
    (("reloj", "relojes"), "reloj"),
    (("ley", "leyes"), "ley"),
    (("parte", "partes"), "parte"),
    (("Estado", "Estados"), "estado"),
    (("delito", "delitos", "délito"), "delito"),
])
def test_spanish_plurals_and_feminine_forms_meet_and_accents_are_ignored(words, common):
    assert {stem(w, "es") for w in words} == {common}


@pytest.mark.parametrize("word, kept", [("mes", "mes"), ("dos", "dos"), ("tres", "tre"), ("stress", "stress"),
                                        ("ases", "ase"), ("ayes", "aye"), ("eces", "ece")])
def test_spanish_short_words_are_cut_only_past_their_length(word, kept):
    assert stem(word, "es") == kept


@pytest.mark.parametrize("words, common", [
    (("группа", "группы", "группой", "групп", "группами", "группах"), "групп"),
    (("организация", "организации", "организациями", "организацию", "организациях"), "организац"),
    (("преступный", "преступная", "преступного", "преступными", "преступном"), "преступн"),
    (("дом", "дома", "домом"), "дом"),
])
def test_russian_case_endings_are_cut_to_a_common_stem(words, common):
    assert {stem(w, "ru") for w in words} == {common}


@pytest.mark.parametrize("word", ["она", "дом", "мир"])
def test_a_russian_ending_is_cut_only_when_three_letters_remain(word):
    assert stem(word, "ru") == word


def test_russian_yo_is_read_as_ye():
    assert normalized("объём", "ru", "exact") == "объем"


@pytest.mark.parametrize("words, common", [
    (("جماعة", "الجماعة", "والجماعة", "بالجماعة", "للجماعة", "فالجماعة", "كالجماعة", "جماعات", "الجَمَاعَة"), "جماع"),
    (("اتفاقية", "اتفاقيات", "الاتفاقية", "والاتفاقيات"), "اتفاقي"),
    (("دولة", "دولتان", "دولتين", "الدولتين"), "دول"),
    (("مدرب", "مدربين", "مدربون"), "مدرب"),
    (("أمن", "إمن", "آمن"), "امن"),
])
def test_arabic_proclitics_article_suffixes_and_letter_forms_meet(words, common):
    assert {stem(w, "ar") for w in words} == {common}


@pytest.mark.parametrize("word, kept", [("الحق", "الحق"), ("وطن", "وطن"), ("سنة", "سن"), ("ملف", "ملف")])
def test_arabic_cuts_leave_at_least_three_letters_in_front_and_two_behind(word, kept):
    assert stem(word, "ar") == kept


def test_chinese_and_unknown_languages_are_not_stemmed():
    assert stem("缔约国", "zh") == "缔约国" and stem("Staaten", "de") == "staaten"


@pytest.mark.parametrize("dash", ["-", "--", "—", "–", "‑"])
def test_every_dash_is_one_word(dash):
    assert normalized(dash, "en", "stem") == "-"


# -- Arabic names ---------------------------------------------------------------------------------
NAMES = {"كندا", "الكويت", "مالي", "بولندا"}


@pytest.mark.parametrize("word, name", [
    ("كندا", "كندا"), ("وكندا", "كندا"), ("بكندا", "كندا"), ("لكندا", "كندا"), ("فبكندا", "كندا"), ("وككندا", "كندا"),
    ("الكويت", "الكويت"), ("والكويت", "الكويت"), ("بالكويت", "الكويت"), ("للكويت", "الكويت"),
    ("وللكويت", "الكويت"), ("فللكويت", "الكويت"),
    ("المالية", "المالية"), ("مالية", "مالية"), ("بولندا", "بولندا"), ("وبولندا", "بولندا"), ("لندا", "لندا"),
])
def test_an_arabic_word_is_a_name_only_once_its_proclitics_are_taken_off(word, name):
    assert arabic_name(word, NAMES) == name


def test_arabic_country_names_are_found_with_proclitics_but_not_inside_other_words(tmp_path):
    g = glossary(tmp_path, "country.canada,country,UNTERM,,Canada,,,,,,,كندا,",
                 "country.kuwait,country,UNTERM,,Kuwait,,,,,,,الكويت,",
                 "country.mali,country,UNTERM,,Mali,,,,,,,مالي,")
    found = g.find("وكندا وللكويت والمالية ومالي", "ar")
    assert [(m.entry.id, m.text) for m in found] == [("country.canada", "وكندا"), ("country.kuwait", "وللكويت"),
                                                     ("country.mali", "ومالي")]


# -- which term wins ------------------------------------------------------------------------------
def test_the_longest_term_wins_and_matches_never_overlap(tmp_path):
    g = glossary(tmp_path, "t.party,term,,,party,,,,,,,,",
                 "t.state-party,term,,,State party,,,,,,,,",
                 "t.states-parties-convention,term,,,States parties to the Convention,,,,,,,,",
                 "t.convention,term,,,Convention,,,,,,,,")
    found = g.find("The States parties to the Convention and each State party and a party.", "en")
    assert [(m.start, m.end, m.entry.id, m.text) for m in found] == [
        (4, 36, "t.states-parties-convention", "States parties to the Convention"),
        (46, 57, "t.state-party", "State party"),
        (64, 69, "t.party", "party"),
    ]


def test_an_exact_match_wins_over_an_equally_long_inflected_one(tmp_path):
    g = glossary(tmp_path, "t.stem,term,,,parties,,,,,,,,", "t.exact,term,,,party,,,,,,,,")
    assert [m.entry.id for m in g.find("a party", "en")] == ["t.exact"]
    assert [m.entry.id for m in g.find("the parties", "en")] == ["t.stem"]


def test_between_equal_matches_the_closer_spelling_then_the_earlier_entry_wins(tmp_path):
    g = glossary(tmp_path, "country.niger,country,,,,,,,,,Нигер,,", "country.nigeria,country,,,,,,,,,Нигерия,,")
    assert [m.entry.id for m in g.find("в Нигерии", "ru")] == ["country.nigeria"]
    twins = glossary(tmp_path, "t.first,term,,,border,,,,,,,,", "t.second,term,,,border,,,,,,,,")
    assert [m.entry.id for m in twins.find("the border", "en")] == ["t.first"]


def test_a_match_says_which_of_the_entrys_terms_it_is(tmp_path):
    g = glossary(tmp_path, "t.sp,term,,,State party|States parties,,État partie|États parties,,,,,,")
    [singular, plural] = g.find("a State party; two States parties", "en")
    assert (singular.variant, plural.variant) == (0, 1)
    assert (singular.target("fr"), plural.target("fr")) == ("État partie", "États parties")
    assert plural.target("zh") is None


def test_chinese_terms_match_inside_characters_but_not_inside_guard_words(tmp_path):
    g = glossary(tmp_path, "country.china,country,,,China,,,,,,,,中国", "term.legal-person,term,,,legal person,,,,,,,,法人",
                 "country.france,country,,,France,,,,,,,,法国")
    assert [(m.entry.id, m.text) for m in g.find("中国和法国的法人", "zh")] == [
        ("country.china", "中国"), ("country.france", "法国"), ("term.legal-person", "法人")]
    assert g.find("发展中国家的执法人员打击非法国际贩运", "zh") == []


# -- capitals ---------------------------------------------------------------------------------------
def test_terms_match_in_any_case_but_proper_names_keep_their_capitals(tmp_path):
    g = glossary(tmp_path, "t.sp,term,,,State party,,,,,,,,",
                 "country.togo,country,,,Togo,,,,,,Того,,",
                 "article.ext,article,,,Extradition of persons,,,,,,,,")
    assert [m.text for m in g.find("STATE PARTY and state party", "en")] == ["STATE PARTY", "state party"]
    assert [m.entry.id for m in g.find("Того и того", "ru")] == ["country.togo"]
    assert g.find("the extradition of persons", "en") == []
    assert [m.entry.id for m in g.find("on Extradition of persons", "en")] == ["article.ext"]


def test_a_one_word_article_title_counts_only_as_a_heading(tmp_path):
    g = glossary(tmp_path, "article.prev,article,,,Prevention,,,,,,,,")
    assert [m.entry.id for m in g.find("5. Prevention", "en")] == ["article.prev"]
    assert g.find("Prevention works", "en") == []


# -- the CSV format ---------------------------------------------------------------------------------
def test_csv_columns_come_in_any_order_in_any_case_and_note_is_optional(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(" EN , Source ,ID,Subject,fr_forbidden\n"
                    "State party |  States   parties , Convention ,t.sp, term ,État  membre\n", encoding="utf-8")
    assert Glossary.from_csv(path).entries == (
        Entry("t.sp", {"en": ("State party", "States parties")}, {"fr": ("État membre",)}, "Convention", "term", ""),)


def test_a_variant_given_twice_is_kept_once(tmp_path):
    g = glossary(tmp_path, "t.a,term,,,a b|a b|c,,,,,,,,")
    assert g.entries[0].terms == {"en": ("a b", "c")}


@pytest.mark.parametrize("character, line, column", [("\x07", 2, 9), ("\x85", 2, 9), ("\ufffe", 2, 9)])
def test_a_control_character_is_refused_with_file_line_column_and_rule(tmp_path, character, line, column):
    found = refusal(tmp_path, HEADER + f"t.a,term{character},,,a,,,,,,,,\n")
    assert found == (str(tmp_path / "g.csv"), line, column, "",
                     f"contains the control character U+{ord(character):04X}", "glossary.csv-control-character")


def test_a_tab_is_not_a_control_character_refused(tmp_path):
    assert glossary(tmp_path, "t.a,term,\tConvention,,a,,,,,,,,").entries[0].source == "Convention"


@pytest.mark.parametrize("text, line, field, message, code", [
    ("", 1, "", "has no header row", "glossary.csv-empty"),
    ("\n\n", 1, "", "has no header row", "glossary.csv-empty"),
    ("id,subject,source,en,de\n", 1, "de", 'row 1: unknown column "de"; columns are id, subject, source, note, '
     "and per language <lang> and <lang>_forbidden", "glossary.csv-column"),
    ("id,subject,en\n", 1, "source", 'row 1: the column "source" is missing', "glossary.csv-column"),
    ("id,source,en\n", 1, "subject", 'row 1: the column "subject" is missing', "glossary.csv-column"),
    ("subject,source,en\n", 1, "id", 'row 1: the column "id" is missing', "glossary.csv-column"),
    (HEADER + "t.a,term,,,a,,,,,,,,\nt.b,term,,,b\n", 3, "", "row 3 has 5 fields; the header has 13",
     "glossary.csv-row"),
    (HEADER + "  ,term,,,a,,,,,,,,\n", 2, "id", "row 2: the id is empty", "glossary.csv-id"),
    (HEADER + "t.a,law,,,a,,,,,,,,\n", 2, "subject",
     'row 2: subject "law" is not one of instrument, cluster, article, term, country', "glossary.csv-subject"),
    (HEADER + "t.a,term,,,a,,,,,,,,\n\n,,,,,,,,,,,,\nt.a,term,,,b,,,,,,,,\n", 5, "id",
     'row 5: the id "t.a" is used twice', "glossary.csv-duplicate-id"),
    (HEADER + "t.a,term,,,a,,b||c,,,,,,\n", 2, "fr",
     'row 2: an empty variant in "b||c" (variants are separated by "|")', "glossary.csv-variant"),
    (HEADER + "t.a,term,,,,a,,,,,,,\n", 2, "", 'row 2: entry "t.a" has no term in any language',
     "glossary.csv-no-term"),
])
def test_a_bad_csv_is_refused_with_file_line_field_and_rule(tmp_path, text, line, field, message, code):
    assert refusal(tmp_path, text) == (str(tmp_path / "g.csv"), line, 0, field, message, code)


def test_a_csv_row_that_cannot_be_read_is_refused_at_its_line(tmp_path):
    found = refusal(tmp_path, HEADER + "t.a,term,,,a,,,,,,,,\n" + "t.b,term,,," + "x" * 200_000 + ",,,,,,,,\n")
    assert found[:4] == (str(tmp_path / "g.csv"), 3, 0, "") and found[5] == "glossary.csv-syntax"
    assert found[4].startswith("row 3 cannot be read: field larger than field limit")


def test_a_csv_that_is_not_utf8_is_refused_naming_the_byte(tmp_path):
    path = tmp_path / "g.csv"
    path.write_bytes(HEADER.encode() + "t.a,term,,,État,,,,,,,,\n".encode("latin-1"))
    with pytest.raises(PublisherError) as raised:
        Glossary.from_csv(path)
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.field, finding.message, finding.code) == (
        str(path), 0, "", f"is not UTF-8 (byte {len(HEADER) + len('t.a,term,,,')})", "glossary.csv-encoding")


def test_a_missing_or_too_large_csv_is_refused_as_a_glossary(tmp_path, monkeypatch):
    with pytest.raises(PublisherError) as raised:
        Glossary.from_csv(tmp_path / "none.csv")
    assert [(f.file, f.message, f.code) for f in raised.value.findings] == [
        (str(tmp_path / "none.csv"), "no such file", "input.missing-file")]
    monkeypatch.setattr(glossary_csv, "MAX_CSV_BYTES", 1024 * 1024)
    (tmp_path / "big.csv").write_text(HEADER + "t.a,term,,,a,,,,,,,,\n" * 60_000, encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        Glossary.from_csv(tmp_path / "big.csv")
    assert [(f.message, f.code) for f in raised.value.findings] == [
        ("is larger than 1 MB, the most a glossary may have", "input.too-large")]


# -- TBX --------------------------------------------------------------------------------------------
def test_a_glossary_comes_back_from_tbx_as_it_went_out(tmp_path):
    entries = (
        Entry("t.sp", {"en": ("State party", "States parties"), "fr": ("État partie",)},
              {"fr": ("État membre", "Etat membre")}, "Convention, art. 2", "term", "not a Member State"),
        Entry("country.togo", {"ru": ("Того",), "ar": ("توغو",)}, {}, "UNTERM", "country"),
        Entry("t.forbidden-only", {"en": ("x",)}, {"es": ("y",)}, "", "term"),
    )
    Glossary(entries).save_tbx(tmp_path / "g.tbx", "Title", "About")
    assert Glossary.load(tmp_path / "g.tbx").entries == entries


def test_a_tbx_says_its_title_and_description_and_is_titled_glossary_by_default(tmp_path):
    g = Glossary([Entry("t.x", {"en": ("x",)}, {}, "", "term")])
    g.save_tbx(tmp_path / "titled.tbx", "UNTOC terms", "Enforced terms")
    g.save_tbx(tmp_path / "plain.tbx")
    assert (tbx.read(tmp_path / "titled.tbx").title, tbx.read(tmp_path / "titled.tbx").description) == (
        "UNTOC terms", "Enforced terms")
    assert (tbx.read(tmp_path / "plain.tbx").title, tbx.read(tmp_path / "plain.tbx").description) == ("Glossary", "")


def test_a_tbx_concept_without_a_subject_is_a_term(tmp_path):
    Glossary([Entry("t.x", {"en": ("proceeds of crime",)}, {}, "", "")]).save_tbx(tmp_path / "g.tbx")
    text = (tmp_path / "g.tbx").read_text(encoding="utf-8")
    without_subject = re.sub(r"\s*<descrip type=\"subjectField\"\s*(/>|></descrip>)", "", text)
    assert "subjectField" not in without_subject
    (tmp_path / "g.tbx").write_text(without_subject, encoding="utf-8")
    assert Glossary.load(tmp_path / "g.tbx").entries[0].subject == "term"


def test_a_tbx_concept_of_an_unknown_subject_is_refused_naming_the_file_the_concept_and_the_subjects(tmp_path):
    Glossary([Entry("t.x", {"en": ("proceeds of crime",)}, {}, "", "term")]).save_tbx(tmp_path / "g.tbx")
    text = (tmp_path / "g.tbx").read_text(encoding="utf-8")
    (tmp_path / "g.tbx").write_text(text.replace(">term<", ">weapon<"), encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        Glossary.load(tmp_path / "g.tbx")
    assert raised.value.exit_code == EXIT_UNREADABLE
    [finding] = raised.value.findings
    assert (finding.file, finding.line, finding.column, finding.field, finding.message, finding.code) == (
        str(tmp_path / "g.tbx"), 0, 0, "termEntry t.x",
        "subjectField \"weapon\" is not one of instrument, cluster, article, term, country", "glossary.subject")


def test_terms_in_languages_other_than_the_six_come_back_from_tbx(tmp_path):
    entries = (Entry("t.x", {"en": ("proceeds",), "de": ("Erträge",)}, {"it": ("proventi",)}, "", "term"),)
    Glossary(entries).save_tbx(tmp_path / "g.tbx")
    assert Glossary.load(tmp_path / "g.tbx").entries == entries


def test_the_same_text_is_cut_by_each_languages_own_tokenizer():
    g = Glossary([Entry("t.c", {"en": ("convention",), "zh": ("公约",)}, {}, "", "term")])
    text = "这是公约的文本"
    assert g.find(text, "en") == []
    assert [m.text for m in g.find(text, "zh")] == ["公约"]


def test_a_term_found_in_its_plural_gives_the_plural_target_or_the_preferred_one_when_there_is_none():
    g = Glossary([Entry("t.sp", {"en": ("State party", "States parties"), "fr": ("État partie", "États parties"),
                                 "es": ("Estado parte",)}, {}, "", "term")])
    [match] = g.find("The States parties met.", "en")
    assert match.variant == 1
    assert (match.target("fr"), match.target("es"), match.target("ru")) == ("États parties", "Estado parte", None)


def test_the_same_id_twice_is_refused():
    with pytest.raises(ValueError, match="entry ids used twice: a, b"):
        Glossary([Entry(i, {"en": ("x",)}, {}, "", "term") for i in ("b", "a", "b", "a", "c")])


# -- check ----------------------------------------------------------------------------------------
def test_check_reports_a_missing_approved_term_and_a_forbidden_variant(tmp_path):
    g = glossary(tmp_path,
                 "t.sp,term,,,State party|States parties,,État partie|États parties,État membre|Etat membre,,,,,",
                 "t.poc,term,,,proceeds of crime,,produit du crime,,,,,,")
    issues = g.check("Each State party shall confiscate proceeds of crime.", "en",
                     "Chaque État membre confisque les biens.", "fr")
    assert [(i.kind, i.entry.id, i.expected, i.found) for i in issues] == [
        (MISSING_TERM, "t.sp", "État partie", "State party"),
        (MISSING_TERM, "t.poc", "produit du crime", "proceeds of crime"),
        (FORBIDDEN_VARIANT, "t.sp", "État partie", "État membre"),
    ]
    assert g.check("Each State party shall confiscate proceeds of crime.", "en",
                   "Chaque État partie confisque les produits du crime.", "fr") == []


def test_check_reports_each_missing_term_and_each_forbidden_variant_once(tmp_path):
    g = glossary(tmp_path, "t.sp,term,,,State party|States parties,,État partie,État membre,,,,,")
    issues = g.check("A State party and States parties.", "en",
                     "Un État membre et des États membres, état membre.", "fr")
    assert [(i.kind, i.found) for i in issues] == [(MISSING_TERM, "State party"), (FORBIDDEN_VARIANT, "État membre"),
                                                   (FORBIDDEN_VARIANT, "États membres")]


def test_a_forbidden_variant_of_a_proper_name_keeps_its_capitals(tmp_path):
    g = glossary(tmp_path, "country.turkiye,country,UNTERM,,Türkiye,Turkey,Türkiye,,,,,,")
    assert g.check("La Türkiye", "fr", "Türkiye served turkey.", "en") == []
    assert [(i.kind, i.found) for i in g.check("La Türkiye", "fr", "Turkey served turkey.", "en")] == [
        (MISSING_TERM, "Türkiye"), (FORBIDDEN_VARIANT, "Turkey")]


def test_a_forbidden_variant_in_a_language_without_a_term_expects_nothing(tmp_path):
    g = glossary(tmp_path, "t.sp,term,,,State party,,,État membre,,,,,")
    assert [(i.kind, i.expected, i.found) for i in g.check("A State party.", "en", "Un État membre.", "fr")] == [
        (FORBIDDEN_VARIANT, "", "État membre")]


def test_check_expects_nothing_of_a_language_the_entry_does_not_have(tmp_path):
    g = glossary(tmp_path, "t.sp,term,,,State party,,État partie,,,,,,")
    assert g.check("A State party.", "en", "Государство-участник.", "ru") == []
    assert g.check("Nothing here.", "en", "État membre.", "fr") == []
