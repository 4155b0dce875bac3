"""What a composed document holds, as the renderers and the web app read it: the masthead and the
first-page foot, the title and its notes, headings and the fields they stand for, articles in order,
footnotes, cross references, text a draft left untranslated, the State's name in each language, and
where the document comes from. Each test starts from a sample and changes one thing.

Some inputs here have validation errors (an unknown State, a note cited but not written, an article
outside the cluster): the web app still composes such a file, to mark its findings in place."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

import publisher.compose
from publisher.blueprint import DEFAULT_DIR, load_blueprints
from publisher.compose import compose, review_identity
from publisher.document import Heading, NumberedParagraph, Run, plain
from publisher.markup import fingerprint
from publisher.reference import InstrumentTitles, Titles, titles
from publisher.validate import validate_file

from .conftest import MONGOLIA, ROOT, SAMPLES

LRI, PDI = "\u2066", "\u2069"


def mongolia(language: str = "en") -> Path:
    return MONGOLIA if language == "en" else SAMPLES / f"mongolia-criminalization.{language}.yaml"


@pytest.fixture
def document(write_outcome):
    """The document of a sample changed by a function: ``document(change, language=, kind=, draft=)``."""

    def make(change=None, *, language: str = "en", kind: str = "observations", draft: bool = False,
             blueprints: Path = DEFAULT_DIR):
        path = write_outcome(change=change, base=mongolia(language)) if change else mongolia(language)
        _findings, outcome = validate_file(path, blueprints)
        assert outcome is not None, _findings
        return compose(outcome, kind, load_blueprints(blueprints), draft=draft)

    return make


def headings(document, level: int) -> list[Heading]:
    return [b for b in document.blocks if isinstance(b, Heading) and b.level == level]


def paragraph_starting(document, start: str) -> NumberedParagraph:
    return next(p for p in document.paragraphs() if plain(p.runs).startswith(start))


def note_calls(document) -> list[Run]:
    return [r for p in document.paragraphs() for r in p.runs if r.note is not None]


# -- the masthead and the foot of the first page ----------------------------------------------------

def test_each_document_has_its_own_job_number_on_the_job_line_and_in_the_barcode(document):
    observations, summary = document(), document(kind="summary")
    assert (observations.masthead.job_number, observations.masthead.barcode) == ("V.26-08123", "2608123")
    assert (summary.masthead.job_number, summary.masthead.barcode) == ("V.26-08124", "2608124")
    # the job number with the language's letter, the date submitted and the date released (ddmmyy)
    assert observations.masthead.job_line == "V.26-08123 (E)    271126    271126"
    assert document(language="fr").masthead.job_line == "V.26-08123 (F)    271126    271126"


def test_the_job_line_gives_the_release_date_when_there_is_one(document):
    masthead = document(lambda d: d["issue"].__setitem__("released", "2026-11-30")).masthead
    assert masthead.job_line == "V.26-08123 (E)    271126    301126"


def test_without_a_job_number_the_job_line_number_and_barcode_are_empty(document):
    masthead = document(lambda d: d["issue"].pop("job_number")).masthead
    assert (masthead.job_line, masthead.job_number, masthead.barcode) == ("", "", "")


@pytest.mark.parametrize("language, kind, address", [
    ("en", "observations", "https://undocs.org/en/CTOC/COP/WG.3/2026/CRP.7"),
    ("en", "summary", "https://undocs.org/en/CTOC/COP/WG.3/2026/7"),
    ("fr", "observations", "https://undocs.org/fr/CTOC/COP/WG.3/2026/CRP.7"),
])
def test_the_qr_code_gives_the_documents_first_symbol_in_its_language_in_the_official_document_system(
        document, language, kind, address):
    assert document(language=language, kind=kind).masthead.address == address


@pytest.mark.parametrize("language, recycle", [("en", "Please recycle"), ("fr", "Merci de recycler")])
def test_the_foot_of_the_first_page_asks_to_recycle_in_the_documents_language(document, language, recycle):
    assert document(language=language).masthead.recycle == recycle


def test_a_translation_names_its_language_on_the_masthead_and_the_original_does_not(document):
    assert document().masthead.language_line == ""
    assert document(language="fr").masthead.language_line == "Français"


def test_the_distribution_block_of_an_arabic_document_stays_in_english_left_to_right(document):
    arabic = document(language="ar")
    assert arabic.direction == "rtl"
    masthead = arabic.masthead
    assert (masthead.distribution, masthead.date, masthead.original) == (
        "Distr.: General", "27 November 2026", "Original: English")
    assert masthead.distribution_direction == "ltr"
    assert document().masthead.distribution_direction == "ltr"


def test_the_emblem_is_the_file_publisher_emblem_names(document, monkeypatch, tmp_path):
    emblem = tmp_path / "un-emblem.svg"
    emblem.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    monkeypatch.setenv("PUBLISHER_EMBLEM", str(emblem))
    assert document().masthead.emblem == str(emblem)


def test_without_the_emblem_file_its_place_stays_empty(document, monkeypatch, tmp_path):
    monkeypatch.delenv("PUBLISHER_EMBLEM", raising=False)
    assert document().masthead.emblem == ""
    monkeypatch.setenv("PUBLISHER_EMBLEM", str(tmp_path / "missing.svg"))
    assert document().masthead.emblem == ""
    monkeypatch.setenv("PUBLISHER_EMBLEM", str(tmp_path))  # a folder is no emblem either
    assert document().masthead.emblem == ""


# -- the title, its notes and the draft notice ------------------------------------------------------

def test_a_document_says_which_kind_it_is(document):
    assert (document().kind, document(kind="summary").kind) == ("observations", "summary")


def test_a_late_document_explains_why_in_a_note_called_by_the_next_star_after_the_agendas(document):
    late = document()  # two meetings: their agenda notes are * and **
    assert late.title_note == ("The present document was submitted late owing to the time needed to consult "
                               "the reviewing States on the final text.")
    assert late.title_mark == "***"
    one_meeting = document(lambda d: d["issue"]["meetings"].pop())
    assert one_meeting.title_mark == "**"


@pytest.mark.parametrize("reason", ["the revision of annex X.", "the revision of annex X"])
def test_the_late_note_ends_with_one_full_stop_whether_or_not_the_reason_has_one(document, reason):
    note = document(lambda d: d["issue"].__setitem__("late_reason", reason)).title_note
    assert note == "The present document was submitted late owing to the revision of annex X."


def test_a_document_issued_on_time_has_no_title_note_and_no_mark(document):
    on_time = document(lambda d: d["issue"].pop("late_reason"))
    assert (on_time.title_note, on_time.title_mark) == ("", "")


def test_a_draft_translation_carries_the_draft_notice_in_its_own_language(document):
    def draft(d):
        d["translation"] = {"status": "draft", "engine": "apertium"}
    assert document(draft, language="fr").notice == ("Projet de traduction automatique, non révisé par un "
                                                     "traducteur. Ne pas distribuer.")


def test_any_document_asked_for_as_a_draft_carries_the_notice_and_others_do_not(document):
    assert document(draft=True).notice == "Draft machine translation, not reviewed by a translator. Not for issue."
    assert document().notice == ""
    assert document(lambda d: d.__setitem__("translation", {"status": "final"}), language="fr").notice == ""


# -- sections, headings, paragraphs and the fields they stand for ------------------------------------

def test_a_section_left_out_is_skipped_and_the_sections_after_it_are_numbered_on(document):
    summary = document(lambda d: d["summary"].pop("observations"), kind="summary")
    assert [(h.label, h.text) for h in headings(summary, 1)] == [
        ("I.", "Introduction"),
        ("II.", "Successes and good practices"),
        ("III.", "Challenges in implementation"),
        ("IV.", "Technical assistance needs"),
    ]


def test_each_heading_points_at_the_field_it_stands_for_and_generated_ones_at_none(document):
    composed = document()
    assert [h.source for h in headings(composed, 1)] == [
        "",  # the standard introduction, written by compose
        "observations.successes_and_good_practices",
        "observations.challenges",
        "observations.articles",
        "observations.technical_assistance_needs",
    ]
    assert [h.source for h in headings(composed, 2)] == ["", ""]  # the instruments: no field of their own
    assert [h.source for h in headings(composed, 3)][:2] == [
        "observations.articles.convention[0]", "observations.articles.convention[1]"]
    assert headings(composed, 3)[-1].source == "observations.articles.trafficking-in-persons[1]"


def test_each_paragraph_points_at_the_field_it_comes_from_and_the_standard_introduction_at_none(document):
    composed = document()
    introduction, first = composed.paragraphs()[:2]
    assert (introduction.source, first.source) == ("", "observations.successes_and_good_practices[0]")
    listed = paragraph_starting(composed, "The following challenges were identified")
    assert listed.source == "observations.challenges[2].text"
    assert [s.source for s in listed.subparagraphs] == [
        "observations.challenges[2].subparagraphs[0]", "observations.challenges[2].subparagraphs[1]"]


def test_a_heading_the_blueprint_gives_only_in_english_stands_in_english_in_every_language(document, tmp_path):
    blueprints = tmp_path / "blueprints"
    shutil.copytree(DEFAULT_DIR, blueprints)
    path = blueprints / "list-of-observations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    challenges = next(s for s in data["sections"] if s["key"] == "challenges")
    challenges["heading"] = {"en": "Challenges in implementation"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    french = [h.text for h in headings(document(language="fr", blueprints=blueprints), 1)]
    assert french[1:3] == ["Succès et bonnes pratiques", "Challenges in implementation"]


def test_an_articles_section_a_blueprint_generates_stands_with_its_instruments_when_no_article_is_given(
        document, tmp_path):
    blueprints = tmp_path / "blueprints"
    shutil.copytree(DEFAULT_DIR, blueprints)
    path = blueprints / "list-of-observations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    articles = next(s for s in data["sections"] if s["key"] == "articles")
    articles.update(required=False, generated=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    composed = document(lambda d: d["observations"].pop("articles"), blueprints=blueprints)
    assert headings(composed, 1)[3].text == "Observations on the implementation of the articles under review"
    assert headings(composed, 1)[3].source == ""
    assert [(h.label, h.text[:25]) for h in headings(composed, 2)] == [
        ("A.", "United Nations Convention"), ("B.", "Protocol to Prevent, Supp")]
    assert headings(composed, 3) == []


# -- articles ----------------------------------------------------------------------------------------

def test_articles_outside_the_clusters_table_come_after_those_in_it_by_number(document):
    def outside(d):
        convention = d["observations"]["articles"]["convention"]
        convention.insert(0, {"article": 99, "paragraphs": ["An article the Convention does not have."]})
        convention.insert(0, {"article": 4, "paragraphs": ["Article 4 is not in the criminalization cluster."]})
    numbers = [h.text.split(".")[0] for h in headings(document(outside), 3)][:8]
    assert numbers == ["Article\u00a02", "Article\u00a05", "Article\u00a06", "Article\u00a010", "Article\u00a015",
                       "Article\u00a023", "Article\u00a04", "Article\u00a099"]


@pytest.mark.parametrize("language, heading", [
    ("en", "Article\u00a099"),
    ("fr", "Article\u00a099"),
    ("es", "Artículo\u00a099"),
    ("ru", "Статья\u00a099"),
    ("zh", "第99条"),
    ("ar", "المادة\u00a099"),
])
def test_an_article_without_a_title_is_headed_by_its_number_alone(document, language, heading):
    def untitled(d):
        d["observations"]["articles"]["convention"].append({"article": 99, "paragraphs": ["Text."]})
    article = next(h for h in headings(document(untitled, language=language), 3) if "99" in h.text)
    assert (article.text, article.source) == (heading, "observations.articles.convention[6]")


# -- inline text: italics, footnotes, cross references -----------------------------------------------

def test_italics_in_a_paragraph_stay_italic_and_the_rest_plain(document):
    composed = document(lambda d: d["observations"]["challenges"].__setitem__(
        0, "The reviewing States noted, *inter alia*, a gap."))
    runs = paragraph_starting(composed, "The reviewing States noted, inter alia").runs
    assert runs == (Run("The reviewing States noted, "), Run("inter alia", italic=True), Run(", a gap."))


def test_a_footnote_call_carries_only_the_notes_number(document):
    def cited_twice(d):
        d["observations"]["challenges"][0] += "[^code]"
    assert note_calls(document(cited_twice)) == [Run("", note=1), Run("", note=1, first_citation=False)]


def test_a_footnote_keeps_its_key_and_its_italics(document):
    composed = document(lambda d: d["footnotes"].__setitem__("code", "See the *Official Gazette*, No. 5."))
    (note,) = composed.footnotes
    assert (note.number, note.key) == (1, "code")
    assert note.runs == (Run("See the "), Run("Official Gazette", italic=True), Run(", No.\u00a05."))


def test_a_footnote_cited_but_not_written_is_an_empty_note(document):
    def unwritten(d):
        d["observations"]["challenges"][0] += "[^unwritten]"
    notes = document(unwritten).footnotes
    assert [(n.number, n.key, n.runs) for n in notes][1] == (2, "unwritten", ())


def cross_references(d):
    """Names the second success [#stats] and refers to it from before and after, and from a sub-paragraph."""
    successes = d["observations"]["successes_and_good_practices"]
    successes[0] = "The framework is described below ([@stats])."
    successes[2] = "[#stats]" + successes[2]
    d["observations"]["challenges"][1] = "Statistics were provided ([@stats])."
    d["observations"]["challenges"][2]["subparagraphs"][0] = "gaps in the statistics ([@stats]);"


def test_a_reference_to_another_paragraph_gives_its_number_above_or_below(document):
    composed = document(cross_references)
    assert plain(composed.paragraphs()[1].runs) == "The framework is described below (see para.\u00a04 below)."
    named = composed.paragraphs()[3]
    assert plain(named.runs).startswith("The national authorities provided")  # the name is not shown
    assert plain(paragraph_starting(composed, "Statistics").runs) == "Statistics were provided (see para.\u00a04 above)."
    listed = paragraph_starting(composed, "The following challenges")
    assert plain(listed.subparagraphs[0].runs) == "gaps in the statistics (see para.\u00a04 above);"


def test_a_reference_is_worded_in_the_documents_language(document):
    def french(d):
        d["observations"]["successes_and_good_practices"][2] = "[#stats]" + d["observations"][
            "successes_and_good_practices"][2]
        d["observations"]["challenges"][0] += " ([@stats])"
        d["observations"]["successes_and_good_practices"][0] += " ([@stats])"
    composed = document(french, language="fr")
    texts = [plain(p.runs) for p in composed.paragraphs()]
    assert any(t.endswith("(voir par.\u00a04 ci-dessous)") for t in texts)
    assert any(t.endswith("(voir par.\u00a04 ci-dessus)") for t in texts)


def test_a_reference_to_no_paragraph_stays_visible_and_highlighted(document):
    composed = document(lambda d: d["observations"]["challenges"].__setitem__(0, "As noted ([@nowhere])."))
    runs = paragraph_starting(composed, "As noted").runs
    assert runs == (Run("As noted ("), Run("[@nowhere]", untranslated=True), Run(")."))


# -- text a draft left untranslated ------------------------------------------------------------------

def untranslated_in_draft(d):
    d["translation"] = {"status": "draft", "engine": "apertium"}
    d["observations"]["challenges"][0] = "Texte traduit. [[The *Criminal Code* of 2015.]]"


def test_text_a_draft_left_untranslated_is_marked_with_its_language(document):
    composed = document(untranslated_in_draft, language="fr")
    runs = paragraph_starting(composed, "Texte traduit").runs
    assert runs == (Run("Texte traduit. "),
                    Run("The ", untranslated=True, language="en"),
                    Run("Criminal Code", italic=True, untranslated=True, language="en"),
                    Run(" of 2015.", untranslated=True, language="en"))


def test_untranslated_english_in_an_arabic_draft_is_isolated_left_to_right(document):
    def arabic(d):
        d["translation"] = {"status": "draft", "engine": "apertium"}
        d["observations"]["challenges"][0] = "نص مترجم. [[The Criminal Code of 2015.]][^code]"
    runs = paragraph_starting(document(arabic, language="ar"), "نص مترجم").runs
    assert runs[1:] == (Run(LRI + "The Criminal Code of 2015." + PDI, untranslated=True, language="en"),
                        Run("", note=1, first_citation=False))


# -- the State's name and the instruments' titles ----------------------------------------------------

@pytest.mark.parametrize("language, in_title", [
    ("en", "by the Netherlands of"),
    ("fr", "par les Pays-Bas"),
    ("es", "por los Países Bajos"),
    ("ru", "осуществлении Нидерландами"),  # the instrumental case, from the data
    ("zh", "关于荷兰执行"),
    ("ar", "تنفيذ هولندا"),
])
def test_the_state_is_named_in_the_title_as_each_language_writes_it(document, language, in_title):
    # "Netherlands" is UNTERM's "Netherlands (the)" without its article marker
    composed = document(lambda d: d["review"].__setitem__("state", "Netherlands"), language=language)
    assert in_title in composed.title


def test_a_state_unterm_does_not_know_is_named_as_written(document):
    def unknown(d):
        d["review"]["state"] = "Atlantis"
    assert "implementation by Atlantis of" in document(unknown).title
    # Russian has no instrumental form of it: the generic noun, the name in the nominative
    assert "осуществлении государством Atlantis" in document(unknown, language="ru").title


def test_a_form_of_an_instruments_title_a_language_does_not_define_falls_back_to_its_base_form(
        document, monkeypatch):
    french = titles("fr")
    bare = {key: InstrumentTitles(names.title, names.short_title, {}) for key, names in french.instruments.items()}
    monkeypatch.setattr(publisher.compose, "titles",
                        lambda language: Titles(language, bare, french.clusters, french.articles))
    composed = document(language="fr", kind="summary")
    convention = french.instruments["convention"]
    # the title asks for short_title_genitive, the introduction for title_genitive and short_title_definite
    assert convention.short_title in composed.title
    assert f"{convention.title} ({convention.short_title})" in plain(composed.paragraphs()[0].runs)


# -- where the document comes from (kept in a DOCX, to take an edited copy back) -----------------------

def test_the_document_records_a_relative_outcome_file_as_given_and_an_absolute_one_by_its_name(
        monkeypatch):
    monkeypatch.chdir(ROOT)
    _, relative = validate_file("samples/mongolia-criminalization.yaml")
    assert compose(relative, "observations", load_blueprints()).origin.file == "samples/mongolia-criminalization.yaml"
    _, absolute = validate_file(MONGOLIA)
    assert compose(absolute, "observations", load_blueprints()).origin.file == "mongolia-criminalization.yaml"


def test_the_review_identity_is_the_same_in_every_release(document):
    """A Word file exported by an earlier release carries this identity and must still come back."""
    origin = document().origin
    assert origin.identity == fingerprint("Mongolia|criminalization|convention,trafficking-in-persons|en")
    _, outcome = validate_file(MONGOLIA)
    assert review_identity(outcome) == origin.identity


def test_the_origin_fingerprints_every_text_field_in_the_files_order(document):
    fields = document().origin.fields
    _, outcome = validate_file(MONGOLIA)
    first_text = outcome.documents["observations"].sections[0].paragraphs[0].text
    assert fields[0] == ("observations.successes_and_good_practices[0]", fingerprint(first_text))
    assert fields[-1][0] == "footnotes.code"
    assert len(fields) == len(outcome.text_fields())
