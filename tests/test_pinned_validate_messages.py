"""What validation tells the person who wrote the outcome: for each rule, the finding in full (the
field it points at, its rule code, error or warning, and the message they read). The messages are
the interface: they name the article, the State, the cluster and the paragraph of resolution 8/2
that applies, and what to do."""
from __future__ import annotations

import pytest

from publisher.validate import validate_file

LONG_WORD = "abcdefghijklmnopqrstuvwxyz" * 5  # 130 characters; a word may have 100

# name: (what changes in the Mongolia sample, the findings it gives: field, code, severity, message)
CASES = {
    'coverage.missing-article': (
        lambda d: d["observations"]["articles"]["convention"].pop(2),
        [
            ('observations.articles.convention', 'coverage.missing-article', 'error',
             'no observations on article 6 of the Organized Crime Convention, which the cluster on criminalization and jurisdiction covers (resolution 8/2, table 1)'),
        ]),
    'coverage.missing-articles-of-an-instrument': (
        lambda d: d["observations"]["articles"].pop("trafficking-in-persons"),
        [
            ('observations.articles', 'coverage.missing-article', 'error',
             'no observations on articles 3 and 5 of the Trafficking in Persons Protocol, which the cluster on criminalization and jurisdiction covers (resolution 8/2, table 1)'),
        ]),
    'coverage.article-outside-cluster': (
        lambda d: d["observations"]["articles"]["convention"].append({"article": 18, "paragraphs": ["Text."]}),
        [
            ('observations.articles.convention[6].article', 'coverage.article-outside-cluster', 'error',
             'article 18 of the Organized Crime Convention is not in the cluster on criminalization and jurisdiction (articles 2, 5, 6, 8, 9, 10, 15 and 23)'),
        ]),
    'coverage.duplicate-article': (
        lambda d: d["observations"]["articles"]["convention"].append(dict(d["observations"]["articles"]["convention"][0])),
        [
            ('observations.articles.convention[6].article', 'coverage.duplicate-article', 'error',
             'article 2 of the Organized Crime Convention already has observations (line 66)'),
        ]),
    'coverage.uncac-exception': (
        lambda d: d["observations"]["articles"]["convention"].insert(3, {"article": 8, "paragraphs": ["Bribery is an offence."]}),
        [
            ('observations.articles.convention[3].article', 'coverage.uncac-exception', 'error',
             'article 8 of the Convention is reviewed only for States not party to the United Nations Convention against Corruption (resolution 8/2, table 1, footnote a); review.party_to_uncac is true'),
        ]),
    'coverage.instrument-not-under-review': (
        lambda d: d["observations"]["articles"].__setitem__("firearms", [{"article": 5, "paragraphs": ["Text."]}]),
        [
            ('observations.articles.firearms', 'coverage.instrument-not-under-review', 'error',
             'the Firearms Protocol is not under review (see review.instruments)'),
        ]),
    'coverage.instrument-without-articles': (
        lambda d: (d["review"]["instruments"].append("firearms"), d["review"].__setitem__("cluster", "law-enforcement")),
        [
            ('review.instruments[2]', 'coverage.instrument-without-articles', 'error',
             'the Firearms Protocol has no articles in the cluster on law enforcement and the judicial system (resolution 8/2, table 1)'),
        ]),
    'states.unknown-name': (
        lambda d: d["review"].__setitem__("state", "Mongolie"),
        [
            ('review.state', 'states.unknown-name', 'error',
             "'Mongolie' is not a UNTERM short name of a State; did you mean 'Mongolia'?"),
        ]),
    'states.unknown-name-without-suggestion': (
        lambda d: d["review"].__setitem__("reviewing_states", ["Chile", "Qwxyz"]),
        [
            ('review.reviewing_states[1]', 'states.unknown-name', 'error',
             "'Qwxyz' is not a UNTERM short name of a State"),
        ]),
    'states.one-reviewer': (
        lambda d: d["review"].__setitem__("reviewing_states", ["Chile"]),
        [
            ('review.reviewing_states', 'states.reviewing-count', 'error',
             'a review is conducted by two reviewing States (resolution 8/2, para. 7 (c)); 1 given'),
        ]),
    'states.three-reviewers': (
        lambda d: d["review"].__setitem__("reviewing_states", ["Chile", "Norway", "Peru"]),
        [
            ('review.reviewing_states', 'states.reviewing-count', 'error',
             'a review is conducted by two reviewing States (resolution 8/2, para. 7 (c)); 3 given'),
        ]),
    'states.self-review': (
        lambda d: d["review"].__setitem__("reviewing_states", ["Mongolia", "Chile"]),
        [
            ('review.reviewing_states[0]', 'states.self-review', 'error',
             'Mongolia is the State under review and cannot review itself'),
        ]),
    'states.self-review-by-full-name': (
        lambda d: d["review"].__setitem__("reviewing_states", ["Chile", "Netherlands (the)"]) or d["review"].__setitem__("state", "Netherlands"),
        [
            ('review.reviewing_states[1]', 'states.self-review', 'error',
             'Netherlands (the) is the State under review and cannot review itself'),
        ]),
    'states.duplicate': (
        lambda d: d["review"].__setitem__("reviewing_states", ["Chile", "Chile"]),
        [
            ('review.reviewing_states[1]', 'states.duplicate', 'error',
             'Chile is listed twice'),
        ]),
    'states.duplicate-under-two-names': (
        lambda d: d["review"].__setitem__("reviewing_states", ["Netherlands", "Netherlands (the)"]),
        [
            ('review.reviewing_states[1]', 'states.duplicate', 'error',
             'Netherlands (the) is listed twice'),
        ]),
    'workplan.cluster-not-scheduled': (
        lambda d: d["review"].__setitem__("mechanism_year", 8),
        [
            ('review.cluster', 'workplan.cluster-not-scheduled', 'warning',
             "the workplan schedules cluster on law enforcement and the judicial system and cluster on prevention, technical assistance, protection measures and other measures in year 8 of the Mechanism, not 'criminalization' (resolution 8/2, table 2)"),
        ]),
    'workplan.unknown-year': (
        lambda d: d["review"].__setitem__("mechanism_year", 12),
        [
            ('review.mechanism_year', 'workplan.unknown-year', 'warning',
             'year 12 of the Mechanism is not in the multi-year workplan (resolution 8/2, table 2)'),
        ]),
    'tone.ranking': (
        lambda d: d["observations"]["challenges"].append("Mongolia ranked third."),
        [
            ('observations.challenges[3]', 'tone.ranking', 'warning',
             '"ranked" reads as a ranking of States; the Mechanism produces no form of ranking'),
        ]),
    'tone.adversarial': (
        lambda d: d["observations"]["challenges"].append("The State fails to act."),
        [
            ('observations.challenges[3]', 'tone.adversarial', 'warning',
             '"fails to" reads as adversarial; e.g. "has not yet" or "may wish to consider"'),
        ]),
    'footnotes.unused': (
        lambda d: d["footnotes"].__setitem__("spare", "Unused."),
        [
            ('footnotes.spare', 'footnotes.unused', 'error',
             "the footnote 'spare' is never cited: no marker [^spare] stands in the text, so the note would be "
             "missing from the document (in a translation, put the marker back where the original has it)"),
        ]),
    'footnotes.undefined': (
        lambda d: d["observations"]["challenges"].append("See the Code.[^cod]"),
        [
            ('observations.challenges[3]', 'footnotes.undefined', 'error',
             'the footnote [^cod] has no text under footnotes.cod'),
        ]),
    'footnotes.broken-marker': (
        lambda d: d["observations"]["challenges"].append("See the Code [^cod."),
        [
            ('observations.challenges[3]', 'footnotes.broken-marker', 'error',
             '"[^cod" stands in the text as words: a footnote marker or reference is written [^key], [#key] or [@key] (in a draft, outside the [[...]] of untranslated text)'),
        ]),
    'footnotes.broken-marker-in-a-note': (
        lambda d: d["footnotes"].__setitem__("code", d["footnotes"]["code"] + " See [#x and more."),
        [
            ('footnotes.code', 'footnotes.broken-marker', 'error',
             '"[#x" stands in the text as words: a footnote marker or reference is written [^key], [#key] or [@key] (in a draft, outside the [[...]] of untranslated text)'),
        ]),
    'footnotes.in-footnote': (
        lambda d: d["footnotes"].__setitem__("code", d["footnotes"]["code"] + " See [^code]."),
        [
            ('footnotes.code', 'footnotes.in-footnote', 'error',
             "the footnote 'code' cites the footnote [^code]; a footnote may not cite a footnote: write the reference out in its text"),
        ]),
    'words.too-long': (
        lambda d: d["observations"]["challenges"].append(f"The text has {LONG_WORD} in it."),
        [
            ('observations.challenges[3]', 'words.too-long', 'error',
             'a word of 130 characters ("abcdefghijklmnopqrst..."); a word may have at most 100 (no line of a page holds more): put in the spaces'),
        ]),
    'words.too-long-in-a-note': (
        lambda d: d["footnotes"].__setitem__("code", f"A note with {LONG_WORD}"),
        [
            ('footnotes.code', 'words.too-long', 'error',
             'a word of 130 characters ("abcdefghijklmnopqrst..."); a word may have at most 100 (no line of a page holds more): put in the spaces'),
        ]),
    'sections.empty-article': (
        lambda d: d["observations"]["articles"]["convention"][0].__setitem__("paragraphs", []),
        [
            ('observations.articles.convention[0].paragraphs', 'sections.empty-article', 'error',
             'the observations on article 2 of the Organized Crime Convention are still to be written'),
        ]),
    'sections.missing': (
        lambda d: d["observations"].pop("challenges"),
        [
            ('observations.challenges', 'sections.missing', 'error',
             'the list of observations must have the section "Challenges in implementation" (blueprints/list-of-observations.yaml)'),
        ]),
    'sections.empty': (
        lambda d: d["summary"].__setitem__("technical_assistance_needs", []),
        [
            ('summary.technical_assistance_needs', 'sections.missing', 'error',
             'the summary must have the section "Technical assistance needs" (blueprints/summary.yaml)'),
        ]),
    'references.unknown-name': (
        lambda d: d["observations"]["challenges"].__setitem__(0, d["observations"]["challenges"][0] + " [@nowhere]"),
        [
            ('observations.challenges[0]', 'references.unknown-name', 'error',
             'the reference [@nowhere] names no paragraph of the observations: mark the paragraph it points to with [#nowhere]'),
        ]),
    'references.duplicate-name': (
        lambda d: (d["observations"]["challenges"].__setitem__(1, "[#twice]" + d["observations"]["challenges"][1]), d["observations"]["successes_and_good_practices"].__setitem__(0, "[#twice]" + d["observations"]["successes_and_good_practices"][0])),
        [
            ('observations.challenges[1]', 'references.duplicate-name', 'error',
             'the paragraph name [#twice] is already given at observations.successes_and_good_practices[0]'),
        ]),
    'references.named-in-the-other-document': (
        lambda d: (d["summary"]["challenges"].__setitem__(0, "[#there]" + d["summary"]["challenges"][0]), d["observations"]["challenges"].__setitem__(0, d["observations"]["challenges"][0] + " (see [@there])")),
        [
            ('observations.challenges[0]', 'references.unknown-name', 'error',
             'the reference [@there] names no paragraph of the observations: mark the paragraph it points to with [#there]'),
        ]),
    'references.valid': (
        lambda d: (d["observations"]["challenges"].__setitem__(1, "[#here]" + d["observations"]["challenges"][1]), d["observations"]["challenges"].__setitem__(0, d["observations"]["challenges"][0] + " (see [@here])")),
        [
        ]),
    'issuance.missing-meeting': (
        lambda d: (d["issue"].__setitem__("meetings", d["issue"]["meetings"][:1]), d["issue"].__setitem__("symbols", {k: v[:1] for k, v in d["issue"]["symbols"].items()})),
        [
            ('issue.meetings', 'issuance.missing-meeting', 'warning',
             'no meeting of a group that takes the trafficking-in-persons review is listed: the outcome is a joint document of the relevant groups (procedures and rules, para. 39); add the Working Group on Trafficking in Persons (WG.4)'),
        ]),
    'issuance.meeting-not-relevant': (
        lambda d: d["issue"]["meetings"][1].__setitem__("working_group", "Working Group on Firearms"),
        [
            ('issue.symbols.observations', 'issuance.symbols-meetings', 'warning',
             'the symbols CTOC/COP/WG.3/2026/CRP.7, CTOC/COP/WG.4/2026/CRP.7 do not match the meetings listed (CTOC/COP/WG.3, CTOC/COP/WG.6): a joint document has one symbol in the series of each working group, and one symbol is one document'),
            ('issue.symbols.summary', 'issuance.symbols-meetings', 'warning',
             'the symbols CTOC/COP/WG.3/2026/7, CTOC/COP/WG.4/2026/7 do not match the meetings listed (CTOC/COP/WG.3, CTOC/COP/WG.6): a joint document has one symbol in the series of each working group, and one symbol is one document'),
            ('issue.meetings', 'issuance.missing-meeting', 'warning',
             'no meeting of a group that takes the trafficking-in-persons review is listed: the outcome is a joint document of the relevant groups (procedures and rules, para. 39); add the Working Group on Trafficking in Persons (WG.4)'),
            ('issue.meetings[1].working_group', 'issuance.meeting-not-relevant', 'warning',
             'the Working Group on Firearms (WG.6) does not take reviews of convention, trafficking-in-persons (resolution 8/2, table 2; procedures and rules, paras. 15 and 39)'),
        ]),
    'issuance.symbols-meetings': (
        lambda d: d["issue"]["symbols"].__setitem__("summary", ["CTOC/COP/WG.3/2026/7"]),
        [
            ('issue.symbols.summary', 'issuance.symbols-meetings', 'warning',
             'the symbols CTOC/COP/WG.3/2026/7 do not match the meetings listed (CTOC/COP/WG.3, CTOC/COP/WG.4): a joint document has one symbol in the series of each working group, and one symbol is one document'),
        ]),
    'issuance.late': (
        lambda d: d["issue"].pop("late_reason"),
        [
            ('issue.date', 'issuance.late', 'warning',
             'issued on 2026-11-27, after 2026-11-02, six weeks before the session opens (2026-12-14): say why under issue.late_reason, which the document prints as its late-submission footnote'),
        ]),
    'issuance.late-by-one-day': (
        lambda d: (d["issue"].pop("late_reason"), d["issue"].__setitem__("date", "2026-11-03")),
        [
            ('issue.date', 'issuance.late', 'warning',
             'issued on 2026-11-03, after 2026-11-02, six weeks before the session opens (2026-12-14): say why under issue.late_reason, which the document prints as its late-submission footnote'),
        ]),
    'issuance.exactly-six-weeks-before': (
        lambda d: (d["issue"].pop("late_reason"), d["issue"].__setitem__("date", "2026-11-02")),
        [
        ]),
    'issuance.late-with-its-reason': (
        lambda d: d["issue"].__setitem__("date", "2026-12-01"),
        [
        ]),
}


@pytest.mark.parametrize("name", CASES)
def test_each_rule_says_what_is_wrong_where_and_how_serious(write_outcome, name):
    change, expected = CASES[name]
    findings, _ = validate_file(write_outcome(change=change))
    if name == "coverage.instrument-without-articles":  # the cluster change brings other findings
        findings = [f for f in findings if f.code == name]
    assert [(f.field, f.code, f.severity.value, f.message) for f in findings] == expected


def test_a_finding_points_at_the_line_and_column_of_the_words_it_is_about(write_outcome):
    path = write_outcome(change=lambda d: d["observations"]["challenges"].append("Mongolia ranked third."))
    [finding] = validate_file(path)[0]
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "ranked third" in text)
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("ranked") + 1
    assert (finding.file, finding.line, finding.column) == (str(path), line, column)


# -- word limits come from the blueprints -----------------------------------------------------------
@pytest.mark.parametrize("words, code", [
    ("See the Code [^cod.", "footnotes.broken-marker"),
    (f"The text has {LONG_WORD} in it.", "words.too-long"),
])
def test_a_marker_or_word_finding_points_at_the_words_in_a_folded_paragraph(write_outcome, words, code):
    # the paragraph is long enough to be folded over several lines; the finding is on the line of the words
    paragraph = "The reviewers noted the following points about the legislation in force. " * 3 + words
    path = write_outcome(change=lambda d: d["observations"]["challenges"].append(paragraph))
    [finding] = [f for f in validate_file(path)[0] if f.code == code]
    lines = path.read_text(encoding="utf-8").splitlines()
    needle = "[^cod." if code == "footnotes.broken-marker" else LONG_WORD[:40]  # not the [^code] of other paragraphs
    line = next(n for n, text in enumerate(lines, 1) if needle in text)
    assert (finding.line, finding.column) == (line, lines[line - 1].index(needle) + 1)


def test_a_marker_in_a_note_points_at_the_marker_in_the_note(write_outcome):
    path = write_outcome(change=lambda d: d["footnotes"].__setitem__("code", "Text of the note. See [^code]."))
    [finding] = [f for f in validate_file(path)[0] if f.code == "footnotes.in-footnote"]
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "See [^code]" in text)
    assert (finding.line, finding.column) == (line, lines[line - 1].index("[^code]") + 1)


def test_the_words_of_a_document_are_its_paragraphs_and_the_notes_it_cites_once(write_outcome):
    from publisher.validate.words import document_words

    def known_summary(d):
        for name in list(d["summary"]):
            d["summary"][name] = ["Alpha beta gamma."]
        d["summary"]["challenges"] = ["Alpha beta[^code] gamma[^code].", "Delta[^nowhere]."]
    _, outcome = validate_file(write_outcome(change=known_summary))
    sections = len(outcome.documents["summary"].sections)
    from publisher.validate.words import count_words
    note = count_words(outcome.footnotes["code"])
    # each section three words, the challenges 3 + 1; the note once; an undefined note counts nothing
    assert document_words(outcome, outcome.documents["summary"]) == 3 * (sections - 1) + 4 + note


@pytest.fixture
def blueprints(tmp_path):
    import shutil
    from .conftest import ROOT
    folder = tmp_path / "blueprints"
    shutil.copytree(ROOT / "blueprints", folder)
    return folder


def test_a_document_whose_blueprint_sets_no_limit_has_none_and_the_next_is_still_checked(write_outcome, blueprints):
    observations = blueprints / "list-of-observations.yaml"
    observations.write_text("".join(line for line in observations.read_text(encoding="utf-8").splitlines(True)
                                    if not line.startswith("word_limit")), encoding="utf-8")
    summary = blueprints / "summary.yaml"
    summary.write_text("".join(line for line in summary.read_text(encoding="utf-8").splitlines(True)
                               if not line.startswith("word_limit_source")), encoding="utf-8")
    padding = " ".join(["implementation"] * 1200)

    def pad_both(d):
        d["summary"]["challenges"].append(padding)
        d["observations"]["challenges"].append(padding)
    findings, _ = validate_file(write_outcome(change=pad_both), blueprint_dir=blueprints)
    [finding] = [f for f in findings if f.code == "words.over-limit"]
    assert finding.field == "summary"
    assert finding.message.endswith("words; the limit is 1,000")  # no source named: none in parentheses


def test_a_section_its_blueprint_does_not_have_is_an_error(write_outcome, blueprints):
    summary = blueprints / "summary.yaml"
    text = summary.read_text(encoding="utf-8")
    start = text.index("  - key: observations")
    end = text.index("  - key: technical_assistance_needs")
    summary.write_text(text[:start] + text[end:], encoding="utf-8")
    findings, _ = validate_file(write_outcome(), blueprint_dir=blueprints)
    assert [(f.field, f.code, f.severity.value, f.message) for f in findings] == [
        ("summary.observations", "sections.not-in-blueprint", "error",
         "the blueprint of the summary has no section 'observations'")]


# -- coverage at its edges ---------------------------------------------------------------------------
def coverage(findings):
    return [(f.field, f.code) for f in findings if f.code.startswith("coverage.")]


def test_without_the_articles_section_every_article_is_missing_under_the_section(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["observations"].pop("articles")))
    assert coverage(findings) == [("observations.articles", "coverage.missing-article")] * 2


def test_an_instrument_not_under_review_does_not_hide_the_ones_after_it(write_outcome):
    def firearms_first(d):
        d["observations"]["articles"] = {"firearms": [{"article": 5, "paragraphs": ["Text."]}],
                                         **d["observations"]["articles"]}
    findings, _ = validate_file(write_outcome(change=firearms_first))
    assert coverage(findings) == [("observations.articles.firearms", "coverage.instrument-not-under-review")]


def test_an_article_of_an_instrument_the_cluster_does_not_cover_is_outside_it(write_outcome):
    def firearms_in_law_enforcement(d):
        d["review"]["instruments"].append("firearms")
        d["review"]["cluster"] = "law-enforcement"
        d["observations"]["articles"]["firearms"] = [{"article": 5, "paragraphs": ["Text."]}]
    findings, _ = validate_file(write_outcome(change=firearms_in_law_enforcement))
    assert ("observations.articles.firearms[0].article", "coverage.article-outside-cluster") in coverage(findings)


def test_a_missing_group_names_every_group_that_takes_the_instrument(write_outcome):
    def only_trafficking(d):
        d["issue"]["meetings"] = d["issue"]["meetings"][1:]
        d["issue"]["symbols"] = {k: v[1:] for k, v in d["issue"]["symbols"].items()}
    findings, _ = validate_file(write_outcome(change=only_trafficking))
    [finding] = [f for f in findings if f.code == "issuance.missing-meeting"]
    assert finding.message.endswith("add the Working Group of Government Experts on Technical Assistance (WG.2) "
                                    "or Working Group on International Cooperation (WG.3)")


def test_a_symbol_outside_every_series_does_not_match_the_meetings(write_outcome):
    findings, _ = validate_file(write_outcome(change=lambda d: d["issue"]["symbols"]["summary"].append("CTOC/COP/7")))
    assert [f.field for f in findings if f.code == "issuance.symbols-meetings"] == ["issue.symbols.summary"]


# -- where a finding points -------------------------------------------------------------------------
LONG = ("The reviewing States noted that the authorities had adopted a plan, and that the plan had been "
        "discussed with the civil society organizations concerned over several months of consultations "
        "in the capital and in the regions, where {mark} was raised.")


@pytest.mark.parametrize("mark, code", [("[@nowhere]", "references.unknown-name"), ("[^cod]", "footnotes.undefined"),
                                        ("the worst", "tone.ranking")])
def test_each_finding_points_at_the_line_of_its_own_paragraph_that_holds_the_words(write_outcome, mark, code):
    def twice(d):
        d["observations"]["challenges"].append(LONG.format(mark=mark))
        d["summary"]["challenges"].append(LONG.format(mark=mark))
    path = write_outcome(change=twice)
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if mark.split()[-1] in text]
    assert len(lines) == 2
    findings = [f for f in validate_file(path)[0] if f.code == code]
    assert [f.line for f in findings] == lines


def test_a_name_given_twice_points_at_the_second(write_outcome):
    def twice(d):
        d["observations"]["challenges"].append(LONG.format(mark="[#twice]"))
        d["observations"]["technical_assistance_needs"].append(LONG.format(mark="[#twice]"))
    path = write_outcome(change=twice)
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "[#twice]" in text]
    [finding] = validate_file(path)[0]
    assert finding.code == "references.duplicate-name" and finding.line == lines[1]


# -- a session manifest is validated as one ----------------------------------------------------------
def test_a_session_manifest_is_validated_against_the_session_schema(tmp_path):
    from .conftest import SESSION
    assert validate_file(SESSION) == ([], None)
    broken = tmp_path / "session.yaml"
    broken.write_text(SESSION.read_text(encoding="utf-8").replace("  distribution: General\n",
                                                                  "  distribution: General\n  colour: red\n"))
    findings, outcome = validate_file(broken)
    assert outcome is None and [(f.code, f.field) for f in findings] == [("schema.unknown-field", "session.colour")]


def test_a_file_with_a_session_but_no_outcomes_is_read_as_an_outcome(write_outcome):
    findings, _outcome = validate_file(write_outcome(change=lambda d: d.__setitem__("session", "x")))
    # checked against the outcome's schema (where "session" is a field it does not know), not a manifest's
    assert [(f.field, f.code) for f in findings] == [("session", "schema.unknown-field")]
