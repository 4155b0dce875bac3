"""Glossaries: the model, TBX and CSV files, matching tolerant of case and inflection, the check
of a translation, and the project glossary glossaries/untoc.tbx (generated, complete, readable by
other tools, confirmed against the UN Parallel Corpus)."""
from __future__ import annotations

import importlib.util

import pytest
from translate.storage.tbx import tbxfile

from publisher.errors import PublisherError
from publisher.reference import LANGUAGES
from publisher.translate.glossary import FORBIDDEN_VARIANT, MISSING_TERM, SUBJECTS, Entry, Glossary

from .conftest import ROOT, SHARED

PROJECT = ROOT / "glossaries" / "untoc.tbx"
DEVSET = SHARED / "data" / "unpc-devset"


def entry(identifier: str, subject: str = "term", forbidden=None, **terms) -> Entry:
    return Entry(identifier, {language: tuple(t) if isinstance(t, list) else (t,) for language, t in terms.items()},
                 {language: tuple(t) for language, t in (forbidden or {}).items()}, "test", subject)


GLOSSARY = Glossary([
    entry("ogc", en="organized criminal group", fr=["groupe criminel organisé", "groupes criminels organisés"],
          es="grupo delictivo organizado", ru="организованная преступная группа", zh="有组织犯罪集团",
          ar="جماعة إجرامية منظمة", forbidden={"es": ["grupo criminal organizado"], "ar": ["مجموعة إجرامية منظمة"]}),
    entry("proceeds", en="proceeds of crime", fr="produit du crime"),
    entry("laundering", en="laundering of proceeds of crime", fr="blanchiment du produit du crime"),
    entry("state-party", en=["State party", "States parties"], fr=["État partie", "États parties"],
          ru="государство-участник", forbidden={"fr": ["État membre"], "ru": ["государство-член"]}),
    entry("member-state", en="Member State", fr="État Membre", ru="государство-член"),
    entry("legal-person", en="legal person", zh="法人"),
    entry("togo", "country", en="Togo", ru="Того"),
    entry("niger", "country", en="Niger", ru="Нигер"),
    entry("nigeria", "country", en="Nigeria", ru="Нигерия"),
    entry("mali", "country", en="Mali", ar="مالي"),
    entry("canada", "country", en="Canada", ar="كندا"),
    entry("poland", "country", en="Poland", ar="بولندا"),
    entry("kuwait", "country", en="Kuwait", ar="الكويت"),
    entry("china", "country", en="China", zh="中国"),
    entry("france", "country", en="France", zh="法国"),
    entry("art-sm-10", "article", en="Information", zh="资料"),
    entry("art-tip-11", "article", en="Border measures"),
    entry("art-sm-11", "article", en="Border measures"),
])


def found(text: str, language: str, glossary: Glossary = GLOSSARY) -> list[tuple[str, str]]:
    return [(m.text, m.entry.id) for m in glossary.find(text, language)]


def issues(source: str, source_language: str, target: str, target_language: str) -> list[tuple[str, str, str]]:
    return [(i.kind, i.entry.id, i.found) for i in GLOSSARY.check(source, source_language, target, target_language)]


# -- the model and the files ------------------------------------------------------------------------
def test_the_preferred_term_is_the_first_of_its_language():
    ogc = GLOSSARY.entries[0]
    assert ogc.preferred("fr") == "groupe criminel organisé"
    assert ogc.preferred("de") is None


def test_a_glossary_reads_back_from_tbx_with_every_field(tmp_path):
    noted = Entry("x", {"en": ("State party", "States parties"), "ar": ("الدولة الطرف",)},
                  {"fr": ("État membre",)}, "Convention, passim", "term", "not a Member State")
    glossary = Glossary([noted, *GLOSSARY.entries[1:]])
    glossary.save_tbx(tmp_path / "g.tbx")
    assert Glossary.load(tmp_path / "g.tbx").entries == glossary.entries


def test_a_tbx_with_an_unknown_subject_is_refused(tmp_path):
    (tmp_path / "g.tbx").write_text(
        '<martif type="TBX-Basic"><text><body><termEntry id="x"><descrip type="subjectField">law</descrip>'
        '<langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>',
        encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        Glossary.load(tmp_path / "g.tbx")
    assert raised.value.findings[0].code == "glossary.subject" and "x" in raised.value.findings[0].field


def test_a_tbx_declaring_entities_is_refused(tmp_path):
    (tmp_path / "g.tbx").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
        '<martif type="TBX-Basic"><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&b;</term>'
        '</tig></langSet></termEntry></body></text></martif>\n', encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        Glossary.load(tmp_path / "g.tbx")
    assert raised.value.findings[0].code == "tbx-entities"


CSV_HEADER = "id,subject,source,note,en,en_forbidden,fr,fr_forbidden,zh\n"


def test_a_csv_glossary_is_imported(tmp_path):
    (tmp_path / "g.csv").write_text(
        "\ufeff" + CSV_HEADER
        + 'term.state-party,term,"Convention, passim",not a Member State,State party | States parties,,'
          "État partie|États parties,État membre,缔约国\n"
        + ",,,,,,,,\n"
        + "country.mongolia,country,UNTERM,,Mongolia,,Mongolie | la Mongolie,,蒙古\n", encoding="utf-8")
    glossary = Glossary.from_csv(tmp_path / "g.csv")
    assert glossary.entries == (
        Entry("term.state-party", {"en": ("State party", "States parties"), "fr": ("État partie", "États parties"),
                                   "zh": ("缔约国",)},
              {"fr": ("État membre",)}, "Convention, passim", "term", "not a Member State"),
        Entry("country.mongolia", {"en": ("Mongolia",), "fr": ("Mongolie", "la Mongolie"), "zh": ("蒙古",)}, {},
              "UNTERM", "country"),
    )


@pytest.mark.parametrize("rows, code, row, line", [
    ("a,term,s,,x,,,,\nb,law,s,,y,,,,\n", "glossary.csv-subject", 3, 3),
    ("a,term,s,,x,,,,\nb,term,s,,y,,\n", "glossary.csv-row", 3, 3),
    ('a,term,s,,x,,,,\n"b\nc",term,s,,y,,,,,\n', "glossary.csv-row", 3, 4),
    ("a,term,s,,x,,,,\n,term,s,,y,,,,\n", "glossary.csv-id", 3, 3),
    ("a,term,s,,x,,,,\na,term,s,,y,,,,\n", "glossary.csv-duplicate-id", 3, 3),
    ("a,term,s,,x |  | z,,,,\n", "glossary.csv-variant", 2, 2),
    ("a,term,s,,,,,,\n", "glossary.csv-no-term", 2, 2),
])
def test_a_malformed_csv_row_is_refused_with_its_row_and_line(tmp_path, rows, code, row, line):
    (tmp_path / "g.csv").write_text(CSV_HEADER + rows, encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        Glossary.from_csv(tmp_path / "g.csv")
    [finding] = raised.value.findings
    assert (finding.code, finding.line, finding.file) == (code, line, str(tmp_path / "g.csv"))
    assert finding.message.startswith(f"row {row}")


@pytest.mark.parametrize("header, code", [
    ("id,subject,source,en,de\n", "glossary.csv-column"),
    ("id,subject,en\n", "glossary.csv-column"),
    ("", "glossary.csv-empty"),
])
def test_a_csv_with_a_bad_header_is_refused(tmp_path, header, code):
    (tmp_path / "g.csv").write_text(header + "a,term,s,x,y\n" * bool(header), encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        Glossary.from_csv(tmp_path / "g.csv")
    assert raised.value.findings[0].code == code and raised.value.findings[0].line == 1


def test_a_csv_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "g.csv").write_bytes(CSV_HEADER.encode() + "a,term,s,,État,,,,\n".encode("latin-1"))
    with pytest.raises(PublisherError) as raised:
        Glossary.from_csv(tmp_path / "g.csv")
    assert raised.value.findings[0].code == "glossary.csv-encoding"


def test_merging_keeps_order_and_a_later_entry_replaces_one_with_its_id():
    override = Glossary([entry("proceeds", en="proceeds of crime", fr="produits du crime"), entry("new", en="new")])
    merged = Glossary.merge([GLOSSARY, override])
    ids = [e.id for e in merged.entries]
    assert ids == [e.id for e in GLOSSARY.entries] + ["new"]
    assert merged.entries[ids.index("proceeds")].preferred("fr") == "produits du crime"


def test_a_glossary_can_be_narrowed_to_subjects():
    countries = GLOSSARY.with_subjects("country")
    assert {e.subject for e in countries.entries} == {"country"}
    assert found("Togo and the organized criminal group", "en", countries) == [("Togo", "togo")]


# -- finding terms ----------------------------------------------------------------------------------
def test_matching_ignores_case():
    assert found("Activities of an Organized Criminal Group.", "en") == [("Organized Criminal Group", "ogc")]


def test_english_french_and_spanish_plurals_and_british_spelling_match():
    assert found("organised criminal groups", "en") == [("organised criminal groups", "ogc")]
    assert found("des groupes criminels organisés", "fr") == [("groupes criminels organisés", "ogc")]
    assert found("los grupos delictivos organizados", "es") == [("grupos delictivos organizados", "ogc")]
    assert found("the States parties", "en") == [("States parties", "state-party")]


@pytest.mark.parametrize("text", [
    "участие организованной преступной группы",
    "с организованной преступной группой",
    "деятельность организованных преступных групп",
    "об Организованных преступных группах",
])
def test_russian_case_endings_match(text):
    [(words, identifier)] = found(text, "ru")
    assert identifier == "ogc" and text.endswith(words)


@pytest.mark.parametrize("text", [
    "الجماعة الإجرامية المنظمة",
    "والجماعة الإجرامية المنظمة",
    "بالجماعات الإجرامية المنظمة",
    "للجماعة الإجرامية المنظَّمة",
])
def test_arabic_proclitics_article_and_suffixes_match(text):
    assert found(text, "ar") == [(text, "ogc")]


def test_quotation_marks_glued_to_words_do_not_hide_a_term():
    assert found('تعريف و"جماعة إجرامية منظمة".', "ar") == [("جماعة إجرامية منظمة", "ogc")]
    assert found('the term "organized criminal group".', "en") == [("organized criminal group", "ogc")]


def test_chinese_terms_match_inside_a_run_of_characters():
    assert found("各国打击有组织犯罪集团的措施", "zh") == [("有组织犯罪集团", "ogc")]


def test_the_longest_match_wins_and_matches_do_not_overlap():
    assert found("the laundering of proceeds of crime and proceeds of crime", "en") == [
        ("laundering of proceeds of crime", "laundering"), ("proceeds of crime", "proceeds")]


def test_matches_come_in_text_order_with_their_offsets():
    text = "Togo, Niger and Mali"
    matches = GLOSSARY.find(text, "en")
    assert [m.entry.id for m in matches] == ["togo", "niger", "mali"]
    assert all(text[m.start:m.end] == m.text for m in matches)


def test_proper_names_keep_their_capitals():
    assert found("Кроме того, Того и Мали; малых", "ru") == [("Того", "togo")]


def test_between_two_inflected_names_the_closer_spelling_wins():
    assert found("в Нигерии и в Нигере", "ru") == [("Нигерии", "nigeria"), ("Нигере", "niger")]


def test_arabic_country_names_take_proclitics_but_are_not_stemmed():
    assert found("وكندا وبولندا وللكويت", "ar") == [("وكندا", "canada"), ("وبولندا", "poland"), ("وللكويت", "kuwait")]
    assert found("المؤسسات المالية", "ar") == []  # "financial", not Mali


def test_chinese_words_that_hold_a_name_by_accident_do_not_match():
    assert found("发展中国家的执法人员与非法国际贩运", "zh") == []
    assert found("中国和法国的法人", "zh") == [("中国", "china"), ("法国", "france"), ("法人", "legal-person")]


def test_a_one_word_article_title_counts_only_as_a_heading():
    assert found("10. Information", "en") == [("Information", "art-sm-10")]
    assert found("Information was provided.", "en") == []
    assert found("资料", "zh") == [("资料", "art-sm-10")] and found("提供了资料。", "zh") == []


def test_entries_sharing_a_term_all_count_and_the_first_is_reported():
    shared = Glossary([entry("a", "article", en="Border measures", fr="Mesures aux frontières"),
                       entry("b", "article", en="Border measures", fr="Mesures frontalières")])
    [match] = shared.find("Border measures were strengthened.", "en")
    assert match.entry.id == "a"
    assert shared.check("Border measures", "en", "Mesures frontalières", "fr") == []


def test_hyphens_and_dashes_are_one():
    assert found("государств — участников и государства -- участники", "ru") == [
        ("государств — участников", "state-party"), ("государства -- участники", "state-party")]


# -- checking a translation -------------------------------------------------------------------------
def test_a_correct_translation_passes():
    assert issues("The organized criminal group and the States parties.", "en",
                  "Le groupe criminel organisé et les États parties.", "fr") == []


def test_an_inflected_target_term_counts():
    assert issues("States parties", "en", "Государствам-участникам", "ru") == []


def test_a_missing_term_is_reported_with_the_expected_and_the_source_term():
    [issue] = GLOSSARY.check("An organized criminal group.", "en", "Una banda.", "es")
    assert (issue.kind, issue.entry.id, issue.expected, issue.found) == (
        MISSING_TERM, "ogc", "grupo delictivo organizado", "organized criminal group")


def test_a_forbidden_variant_is_reported():
    assert issues("An organized criminal group.", "en", "Un grupo criminal organizado.", "es") == [
        (MISSING_TERM, "ogc", "organized criminal group"), (FORBIDDEN_VARIANT, "ogc", "grupo criminal organizado")]
    assert issues("States parties", "en", "Les États membres et les États parties", "fr") == [
        (FORBIDDEN_VARIANT, "state-party", "États membres")]


def test_a_forbidden_variant_counts_only_for_a_term_of_the_source():
    assert issues("The organized criminal group.", "en",
                  "Le groupe criminel organisé et les États membres.", "fr") == []


def test_a_forbidden_variant_that_is_another_term_of_the_source_is_accepted():
    assert issues("States parties and Member States", "en", "Государства-участники и государства-члены", "ru") == []


# -- the project glossary ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def project() -> Glossary:
    return Glossary.load(PROJECT)


def test_the_committed_glossary_is_what_build_py_produces(tmp_path):
    spec = importlib.util.spec_from_file_location("glossary_build", ROOT / "glossaries" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.main([str(tmp_path / "untoc.tbx")]) == 0
    assert (tmp_path / "untoc.tbx").read_bytes() == PROJECT.read_bytes(), \
        "glossaries/untoc.tbx is stale: run .venv/bin/python glossaries/build.py"


def test_every_entry_is_complete(project):
    assert {e.subject for e in project.entries} == set(SUBJECTS)
    for item in project.entries:
        assert item.source, item.id
        if item.subject in ("instrument", "cluster", "article", "term"):
            assert set(item.terms) == set(LANGUAGES), item.id
        if item.forbidden:
            assert item.note, f"{item.id}: a forbidden variant needs a note saying why"


def test_translate_toolkit_reads_the_project_glossary(project):
    with open(PROJECT, "rb") as handle:
        store = tbxfile(handle, sourcelanguage="en", targetlanguage="ru")
    units = {unit.getid(): unit for unit in store.units}
    assert len(units) == len(project.entries)
    state_party = units["term.state-party"]
    assert state_party.source == "State party" and state_party.target == "государство-участник"
    assert [t.text for t in state_party.get_target_terms("ru") if t.deprecated] == ["государство-член"]


# Lines of the UN Parallel Corpus dev set (the same sentence in six languages) and the entries the
# glossary must find in every language version of them: the terms are the ones the UN uses.
CONFIRMED = {
    2450: ("term.extradition", "term.mutual-legal-assistance"),
    2896: ("term.dual-criminality", "country.nauru"),
    1419: ("instrument.trafficking-in-persons.short", "instrument.smuggling-of-migrants"),
    1026: ("term.transnational-organized-crime",),
    852: ("term.central-authority",),
    949: ("term.confiscation",),
}


@pytest.fixture(scope="module")
def devset() -> dict[str, list[str]]:
    if not DEVSET.is_dir():
        pytest.skip(f"the UN Parallel Corpus dev set is not at {DEVSET}")
    return {language: (DEVSET / f"UNv1.0.devset.{language}").read_text(encoding="utf-8").split("\n")
            for language in LANGUAGES}


@pytest.mark.parametrize("line", sorted(CONFIRMED))
def test_the_terms_are_found_in_every_language_version_of_un_text(project, devset, line):
    for language in LANGUAGES:
        ids = {m.entry.id for m in project.find(devset[language][line - 1], language)}
        assert set(CONFIRMED[line]) <= ids, (line, language)
    for language in LANGUAGES:
        if language != "en":
            reported = {i.entry.id for i in project.check(devset["en"][line - 1], "en", devset[language][line - 1],
                                                           language)}
            assert not reported & set(CONFIRMED[line]), (line, language)
