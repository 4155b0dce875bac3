"""Validation: every rule family reports what the procedures and resolution 8/2 require.

Each test starts from a sample that validates clean and changes one thing.
"""
from __future__ import annotations

import glob

import pytest

from publisher.findings import Severity
from publisher.validate import RULES, WARNINGS_ONLY, validate_file
from publisher.validate.words import count_words

from .conftest import JORDAN, MONGOLIA, SAMPLE_OUTCOMES, codes, line_of


def errors(findings):
    return [f for f in findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize("sample", SAMPLE_OUTCOMES)
def test_every_sample_validates_clean(sample):
    findings, outcome = validate_file(sample)
    assert findings == []
    assert outcome is not None


def test_there_are_at_least_four_samples_covering_instruments_clusters_and_uncac():
    outcomes = [validate_file(s)[1] for s in SAMPLE_OUTCOMES]
    assert len(outcomes) >= 4
    assert {o.review.party_to_uncac for o in outcomes} == {True, False}
    assert len({o.review.cluster for o in outcomes}) >= 3
    assert {i for o in outcomes for i in o.review.instruments} == {
        "convention", "trafficking-in-persons", "smuggling-of-migrants", "firearms"}


# -- schema ----------------------------------------------------------------------------------
def test_an_unknown_field_names_file_line_and_field(write_outcome):
    text = MONGOLIA.read_text(encoding="utf-8").replace("  cluster: criminalization\n",
                                                         "  cluster: criminalization\n  clustre: oops\n")
    path = write_outcome(text)
    findings, _ = validate_file(path)
    [finding] = findings
    assert (finding.code, finding.field, finding.line) == ("schema.unknown-field", "review.clustre",
                                                           line_of(path, "clustre"))
    assert finding.file == str(path)
    assert "clustre" in finding.message


def test_a_missing_required_field_is_reported_and_stops_further_rules(write_outcome):
    path = write_outcome(change=lambda d: d["review"].pop("cluster"))
    findings, outcome = validate_file(path)
    assert codes(findings) == ["schema.missing-field"]
    assert findings[0].field == "review.cluster"
    assert outcome is None


@pytest.mark.parametrize("change, code, field", [
    (lambda d: d["review"].__setitem__("year", "twenty"), "schema.wrong-type", "review.year"),
    (lambda d: d["review"].__setitem__("party_to_uncac", "yes please"), "schema.wrong-type", "review.party_to_uncac"),
    (lambda d: d["review"].__setitem__("cluster", "corruption"), "schema.invalid-value", "review.cluster"),
    (lambda d: d["review"].__setitem__("language", "de"), "schema.invalid-value", "review.language"),
    (lambda d: d["observations"]["challenges"].__setitem__(0, "   "), "schema.empty-text", "observations.challenges[0]"),
    (lambda d: d["observations"]["challenges"][2].__setitem__("colour", "red"), "schema.unknown-field",
     "observations.challenges[2].colour"),
    (lambda d: d["observations"]["challenges"].__setitem__(0, 42), "schema.wrong-type", "observations.challenges[0]"),
    (lambda d: d["issue"].__setitem__("date", "27 November"), "schema.invalid-value", "issue.date"),
])
def test_schema_rules(write_outcome, change, code, field):
    findings, _ = validate_file(write_outcome(change=change))
    assert (code, field) in [(f.code, f.field) for f in findings]


def test_an_empty_text_field_is_reported_as_empty(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["review"].__setitem__("state", "")))
    assert [(f.code, f.field) for f in findings] == [("schema.empty-text", "review.state")]


# -- words -----------------------------------------------------------------------------------
def test_an_outcome_of_1200_words_is_over_the_limit(write_outcome):
    padding = " ".join(["implementation"] * 1200)
    path = write_outcome(change=lambda d: d["summary"]["challenges"].append(padding))
    findings, _ = validate_file(path)
    [finding] = [f for f in findings if f.code == "words.over-limit"]
    assert finding.field == "summary" and finding.line == line_of(path, "\nsummary:")
    assert "the limit is 1,000" in finding.message and "para. 36" in finding.message
    assert finding.severity is Severity.ERROR


def test_footnotes_cited_count_towards_the_limit(write_outcome):
    long_note = " ".join(["source"] * 995)
    findings, _ = validate_file(write_outcome(change=lambda d: d["footnotes"].__setitem__("code", long_note)))
    assert "words.over-limit" in codes(findings)


@pytest.mark.parametrize("text, words", [
    ("The reviewing States noted", 4),
    ("inter-agency cooperation in 2021–2025", 4),
    ("a — b", 2),
    ("*inter alia*, the Code[^code] applies", 5),
    ("审议 of 公约", 5),  # four Han characters and one Latin word
    ("根据《公约》第5条", 7),  # six Han characters and the number 5
    ("Государства-участники отметили", 2),
    ("لاحظت الدول المستعرضة", 3),
])
def test_words_are_counted_as_un_documents_count_them(text, words):
    assert count_words(text) == words


# -- sections ----------------------------------------------------------------------------------
@pytest.mark.parametrize("document, section", [
    ("observations", "successes_and_good_practices"),
    ("observations", "challenges"),
    ("observations", "articles"),
    ("observations", "technical_assistance_needs"),
    ("summary", "successes_and_good_practices"),
    ("summary", "challenges"),
    ("summary", "technical_assistance_needs"),
])
def test_a_missing_required_section_is_an_error(write_outcome, document, section):
    findings, _ = validate_file(write_outcome(change=lambda d: d[document].pop(section)))
    assert (f"{document}.{section}", "sections.missing") in [(f.field, f.code) for f in errors(findings)]


def test_an_empty_required_section_is_an_error(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["summary"].__setitem__("challenges", [])))
    assert ("summary.challenges", "sections.missing") in [(f.field, f.code) for f in findings]


def test_optional_sections_may_be_left_out(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["summary"].pop("observations")))
    assert findings == []


# -- coverage ----------------------------------------------------------------------------------
def test_a_missing_cluster_article_is_an_error_naming_the_article(write_outcome):
    path = write_outcome(change=lambda d: d["observations"]["articles"]["convention"].pop(2))  # article 6
    findings, _ = validate_file(path)
    [finding] = findings
    assert finding.code == "coverage.missing-article"
    assert finding.field == "observations.articles.convention"
    assert "article 6 of the Organized Crime Convention" in finding.message
    assert finding.line == line_of(path, "convention:") or finding.line > 0


def test_a_whole_instrument_without_observations_lists_all_its_articles(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["articles"].pop("trafficking-in-persons")))
    [finding] = findings
    assert finding.code == "coverage.missing-article" and "articles 3 and 5" in finding.message
    assert finding.field == "observations.articles"


def test_an_article_outside_the_cluster_is_an_error(write_outcome):
    extra = {"article": 18, "paragraphs": ["Mutual legal assistance is provided on the basis of reciprocity."]}
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["articles"]["convention"].append(extra)))
    [finding] = findings
    assert finding.code == "coverage.article-outside-cluster"
    assert finding.field == "observations.articles.convention[6].article"


def test_a_duplicate_article_is_an_error(write_outcome):
    def duplicate(d):
        d["observations"]["articles"]["convention"].append(dict(d["observations"]["articles"]["convention"][0]))
    findings, _ = validate_file(write_outcome(change=duplicate))
    assert codes(findings) == ["coverage.duplicate-article"]


def test_articles_8_and_9_are_not_reviewed_for_a_state_party_to_uncac(write_outcome):
    def add_article_8(d):
        d["observations"]["articles"]["convention"].insert(3, {"article": 8, "paragraphs": ["Bribery is an offence."]})
    findings, _ = validate_file(write_outcome(change=add_article_8))
    assert codes(findings) == ["coverage.uncac-exception"]
    assert "footnote a" in findings[0].message


def test_articles_8_and_9_are_required_for_a_state_not_party_to_uncac(write_outcome):
    def drop_8_and_9(d):
        d["observations"]["articles"]["convention"] = [
            a for a in d["observations"]["articles"]["convention"] if a["article"] not in (8, 9)]
    findings, _ = validate_file(write_outcome(change=drop_8_and_9, base=JORDAN))
    [finding] = findings
    assert finding.code == "coverage.missing-article" and "articles 8 and 9" in finding.message


def test_footnote_a_follows_the_party_to_uncac_flag(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["review"].__setitem__("party_to_uncac", False)))
    [finding] = findings
    assert finding.code == "coverage.missing-article" and "articles 8 and 9" in finding.message


def test_observations_on_an_instrument_not_under_review_are_an_error(write_outcome):
    def add_firearms(d):
        d["observations"]["articles"]["firearms"] = [{"article": 5, "paragraphs": ["Text."]}]
    findings, _ = validate_file(write_outcome(change=add_firearms))
    assert codes(findings) == ["coverage.instrument-not-under-review"]


def test_an_instrument_with_no_articles_in_the_cluster_is_an_error(write_outcome):
    def firearms_in_law_enforcement(d):
        d["review"]["instruments"].append("firearms")
        d["review"]["cluster"] = "law-enforcement"
    findings, _ = validate_file(write_outcome(change=firearms_in_law_enforcement))
    assert ("review.instruments[2]", "coverage.instrument-without-articles") in [(f.field, f.code) for f in findings]


# -- states ------------------------------------------------------------------------------------
def test_a_state_name_that_is_not_unterm_is_an_error_with_a_suggestion(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["review"].__setitem__("state", "Mongolie")))
    [finding] = findings
    assert finding.code == "states.unknown-name" and "did you mean 'Mongolia'" in finding.message


def test_unterm_names_may_drop_the_article(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["review"].__setitem__(
        "reviewing_states", ["Netherlands (the)", "Chile"])))
    assert findings == []


@pytest.mark.parametrize("reviewers, code", [
    (["Chile"], "states.reviewing-count"),
    (["Chile", "Norway", "Peru"], "states.reviewing-count"),
    (["Mongolia", "Chile"], "states.self-review"),
    (["Chile", "Chile"], "states.duplicate"),
])
def test_two_other_states_review(write_outcome, reviewers, code):
    findings, _ = validate_file(write_outcome(change=lambda d: d["review"].__setitem__("reviewing_states", reviewers)))
    assert code in codes(findings)


# -- footnotes ---------------------------------------------------------------------------------
def test_a_footnote_marker_without_a_note_is_an_error_on_its_line(write_outcome):
    text = MONGOLIA.read_text(encoding="utf-8").replace("as amended in 2024.[^code]", "as amended in 2024.[^cod]")
    path = write_outcome(text)
    findings, _ = validate_file(path)
    [finding] = findings
    assert finding.code == "footnotes.undefined"
    assert finding.line == line_of(path, "[^cod]")


def test_a_note_never_cited_is_an_error_since_the_document_would_lose_it(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["footnotes"].__setitem__("spare", "Unused.")))
    assert [(f.code, f.severity) for f in findings] == [("footnotes.unused", Severity.ERROR)]


# -- workplan ----------------------------------------------------------------------------------
def test_a_cluster_not_scheduled_for_the_year_is_a_warning(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["review"].__setitem__("mechanism_year", 8)))
    assert [(f.code, f.severity) for f in findings] == [("workplan.cluster-not-scheduled", Severity.WARNING)]


def test_a_year_beyond_the_workplan_is_a_warning(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["review"].__setitem__("mechanism_year", 12)))
    assert codes(findings) == ["workplan.unknown-year"]


# -- tone --------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, code", [
    ("Mongolia has the best in the region legislation on confiscation.", "tone.ranking"),
    ("Its courts are the worst at handling such cases.", "tone.ranking"),
    ("Mongolia ranked third among the States reviewed.", "tone.ranking"),
    ("The State lags behind its neighbours.", "tone.ranking"),
    ("The State fails to criminalize obstruction of justice.", "tone.adversarial"),
    ("This is a failure of the authorities.", "tone.adversarial"),
    ("The legislation is non-compliant with the Convention.", "tone.adversarial"),
])
def test_ranking_or_adversarial_wording_is_a_warning(write_outcome, sentence, code):
    path = write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence))
    findings, _ = validate_file(path)
    [finding] = findings
    assert finding.code == code and finding.severity is Severity.WARNING
    assert finding.field == "observations.challenges[3]"


def test_tone_warnings_point_at_the_line_inside_a_long_paragraph(write_outcome):
    text = MONGOLIA.read_text(encoding="utf-8").replace("the handling of complex cases.",
                                                        "the handling of complex cases, the best in the region.")
    path = write_outcome(text)
    findings, _ = validate_file(path)
    [finding] = findings
    assert finding.line == line_of(path, "the best in the region")


def test_neutral_wording_passes_the_tone_check(write_outcome):
    sentence = "The reviewing States noted that the failure to report suspicious transactions is an offence."
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"]["challenges"].append(sentence)))
    assert findings == []


def test_the_families_that_only_warn_give_warnings_on_wording_they_flag(write_outcome):
    sentences = ["Mongolia has the best in the region legislation on confiscation.",
                 "The State fails to criminalize obstruction of justice.", "This is a failure of the authorities."]
    path = write_outcome(change=lambda d: d["observations"]["challenges"].extend(sentences))
    findings, _ = validate_file(path)
    flagged = [f for f in findings if f.code.split(".")[0] in WARNINGS_ONLY]
    assert len(flagged) == len(sentences)
    assert {f.severity for f in flagged} == {Severity.WARNING}
    assert WARNINGS_ONLY <= set(RULES)


def test_a_validation_for_errors_only_gives_every_error_and_skips_the_families_that_only_warn(write_outcome):
    def many_problems(d):
        d["review"]["state"] = "Atlantis"
        d["observations"]["articles"]["convention"].pop(0)
        d["summary"]["challenges"].append("The State fails to act.")
        d["review"]["mechanism_year"] = 12
    path = write_outcome(change=many_problems)
    every, _ = validate_file(path)
    only, outcome = validate_file(path, errors_only=True)
    assert {"tone.adversarial", "workplan.unknown-year"} <= set(codes(every))
    assert errors(only) == errors(every) != []
    assert "workplan.unknown-year" in codes(only)  # the warnings of the other families remain
    assert [f for f in every if f.code.split(".")[0] not in WARNINGS_ONLY] == only
    assert outcome is not None


def test_all_findings_are_reported_at_once(write_outcome):
    def many_problems(d):
        d["review"]["state"] = "Atlantis"
        d["observations"].pop("challenges")
        d["observations"]["articles"]["convention"].pop(0)
        d["summary"]["challenges"].append("The State fails to act.")
    findings, _ = validate_file(write_outcome(change=many_problems))
    assert {"states.unknown-name", "sections.missing", "coverage.missing-article", "tone.adversarial"} <= set(codes(findings))
