"""What an editor of blueprints/tone-patterns.yaml and tone-legal.yaml is told and what each
field of a rule does, pinned on small pattern files compiled in-process (each test compiles its
own file, so that the compiling code runs inside the test that checks it)."""
from __future__ import annotations

import pytest

from publisher.errors import EXIT_UNREADABLE, PublisherError
from publisher.tokenizers import blank
from publisher.validate.tone_legal import legal
from publisher.validate.tone_names import name_forms
from publisher.validate.tone_patterns import country_names, patterns, sentence_ends


def compiled(tmp_path, text: str):
    path = tmp_path / "tone-patterns.yaml"
    path.write_text(text, encoding="utf-8")
    return patterns("en", path)


def refused(compile_file, path, text: str):
    """The one finding that compiling ``text`` written to ``path`` is refused with (exit code 2)."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        compile_file("en", path)
    assert raised.value.exit_code == EXIT_UNREADABLE
    [finding] = raised.value.findings
    return (finding.file == str(path), finding.line, finding.column, finding.field, finding.message, finding.code)


def refusal(tmp_path, text: str):
    return refused(patterns, tmp_path / "tone-patterns.yaml", text)


def phrases(rules, text: str) -> list[str]:
    return [match.phrase for match in rules.find(text)]


# --- refusals of a rule, in full --------------------------------------------------------------
@pytest.mark.parametrize("entry", ["{comparand: after 2}", "[ahead, behind]", "3"])
def test_a_rule_that_is_neither_a_pattern_nor_a_mapping_with_a_cue_is_refused_in_full(tmp_path, entry):
    assert refusal(tmp_path, f"en:\n  comparisons:\n    - {entry}\n") == (
        True, 3, 7, "en.comparisons[0]", "write a pattern, or a mapping with a cue", "blueprint.invalid")


def test_a_comparand_place_that_is_not_after_before_or_around_n_is_refused_in_full(tmp_path):
    assert refusal(tmp_path, "en:\n  comparisons:\n    - cue: ahead\n      comparand: beside 2\n") == (
        True, 4, 7, "en.comparisons[0].comparand", "write after N, before N or around N", "blueprint.invalid")


@pytest.mark.parametrize("then", ["{pattern: highest}", "{within: 2}", "highest"])
def test_a_further_pattern_without_its_pattern_or_distance_is_refused_in_full(tmp_path, then):
    assert refusal(tmp_path, f"en:\n  comparisons:\n    - cue: among\n      then: {then}\n") == (
        True, 4, 7, "en.comparisons[0].then", "write {pattern: ..., within: N}", "blueprint.invalid")


def test_a_broken_further_pattern_names_the_further_pattern(tmp_path):
    found = refusal(tmp_path, "en:\n  comparisons:\n    - cue: among\n      then: {pattern: (unclosed, within: 2}\n")
    assert found[:4] == (True, 4, 7, "en.comparisons[0].then") and found[4].startswith("not a valid tone pattern")


def test_a_broken_exception_names_the_exception(tmp_path):
    found = refusal(tmp_path, "en:\n  comparisons:\n    - cue: faster\n      unless: (unclosed\n")
    assert found[:4] == (True, 4, 7, "en.comparisons[0].unless") and found[4].startswith("not a valid tone pattern")


@pytest.mark.parametrize("reach", ["far", "-1"])
def test_an_exception_reach_that_is_not_a_number_of_tokens_is_refused_in_full(tmp_path, reach):
    assert refusal(tmp_path, f"en:\n  comparisons:\n    - cue: faster\n      unless: sent\n      unless_within: {reach}\n") \
        == (True, 5, 7, "en.comparisons[0].unless_within", "write a number of tokens (0 or more)", "blueprint.invalid")


# --- what each field of a rule does -----------------------------------------------------------
def test_a_comparand_after_n_stands_at_most_n_tokens_after_the_cue(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: ahead, comparand: after 2}\n")
    assert phrases(rules, "Mongolia is ahead of its rivals.") == ["ahead of its rivals"]
    assert phrases(rules, "Mongolia is ahead of all its rivals.") == []
    assert phrases(rules, "Its rivals are ahead.") == []
    assert phrases(rules, "Mongolia is ahead.") == []


def test_a_comparand_before_n_stands_at_most_n_tokens_before_the_cue(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: behind, comparand: before 1}\n")
    assert phrases(rules, "Its rivals fell behind.") == ["rivals fell behind"]
    assert phrases(rules, "Its rivals then fell behind.") == []
    assert phrases(rules, "The State fell behind its rivals.") == []


def test_a_comparand_right_beside_the_cue_is_within_its_reach_on_either_side(tmp_path):
    after = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: unlike, comparand: after 2}\n")
    assert phrases(after, "Unlike rivals, it acts.") == ["Unlike rivals"]
    (tmp_path / "before").mkdir()
    before = compiled(tmp_path / "before", "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: lag, comparand: before 1}\n")
    assert phrases(before, "Its rivals lag.") == ["rivals lag"]


def test_a_comparand_around_n_stands_at_most_n_tokens_before_or_after_the_cue(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: level, comparand: around 2}\n")
    assert phrases(rules, "Rivals set the level.") == ["Rivals set the level"]
    assert phrases(rules, "The level of rivals.") == ["level of rivals"]
    assert phrases(rules, "Rivals set a new level.") == []


def test_a_comparand_is_never_near_across_a_sentence_end(tmp_path):
    after = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: ahead, comparand: after 3}\n")
    assert phrases(after, "Mongolia is ahead. Rivals agree.") == []
    (tmp_path / "before").mkdir()
    before = compiled(tmp_path / "before", "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: lags, comparand: before 3}\n")
    assert phrases(before, "Its rivals. It lags.") == []


def test_a_comparand_inside_the_cue_counts_wherever_the_cue_begins_or_ends_with_it(tmp_path):
    ending = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: level of rivals, comparand: after 0}\n")
    assert phrases(ending, "It reached the level of rivals.") == ["level of rivals"]
    (tmp_path / "beginning").mkdir()
    beginning = compiled(tmp_path / "beginning",
                         "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: rivals ~2 level, comparand: before 0}\n")
    assert phrases(beginning, "Rivals set the level.") == ["Rivals set the level"]


def test_a_rule_without_a_comparand_is_its_cue_alone(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - one of the few\n")
    assert phrases(rules, "Mongolia is one of the few.") == ["one of the few"]


def test_a_further_pattern_stands_at_most_its_distance_after_the_cue(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparisons:\n    - {cue: among, then: {pattern: highest, within: 2}}\n")
    assert phrases(rules, "Among them the highest rate.") == ["Among them the highest"]
    assert phrases(rules, "Among them all the highest rate.") == []
    assert phrases(rules, "Among them.") == []


def test_an_exception_that_overlaps_the_match_makes_it_neutral(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparisons:\n    - {cue: faster, unless: faster than before}\n")
    assert phrases(rules, "Requests grew faster than before.") == []
    assert phrases(rules, "Requests grew faster.") == ["faster"]


def test_an_exception_beside_the_match_counts_only_within_its_reach(tmp_path):
    beside = compiled(tmp_path, "en:\n  comparisons:\n    - {cue: faster, unless: sent}\n")
    assert phrases(beside, "Requests sent faster.") == ["faster"]
    (tmp_path / "reach").mkdir()
    within = compiled(tmp_path / "reach", "en:\n  comparisons:\n    - {cue: faster, unless: sent, unless_within: 1}\n")
    assert phrases(within, "Requests sent faster.") == []
    assert phrases(within, "Requests sent much faster.") == ["faster"]


def test_an_exception_counts_within_its_reach_after_the_match_too_and_not_one_token_beyond(tmp_path):
    within = compiled(tmp_path, "en:\n  comparisons:\n    - {cue: faster, unless: sent, unless_within: 1}\n")
    assert phrases(within, "Faster sent requests.") == []
    assert phrases(within, "Faster requests sent.") == ["Faster"]


# --- tone-legal.yaml --------------------------------------------------------------------------
LEGAL = "en:\n  law: [punishable]\n  elements: [negligent]\n  authorities: [police]\n  blame:\n    - {cue: negligent, authority: AUTHORITY}\n"


def legal_rules(tmp_path, text: str = LEGAL, authority: str = "before 2"):
    path = tmp_path / "tone-legal.yaml"
    path.write_text(text.replace("AUTHORITY", authority), encoding="utf-8")
    return legal("en", path)


def legal_refusal(tmp_path, text: str):
    return refused(legal, tmp_path / "tone-legal.yaml", text)


def spared(rules, text: str) -> list[str]:
    return [text[start:end] for start, end in rules.offence_elements(text)]


def test_a_blame_word_is_spared_only_in_a_sentence_with_both_the_law_and_the_element(tmp_path):
    rules = legal_rules(tmp_path)
    assert spared(rules, "Negligent custody is punishable.") == ["Negligent"]
    assert spared(rules, "Negligent custody is common.") == []


def test_an_authority_within_the_reach_before_the_cue_is_blamed(tmp_path):
    rules = legal_rules(tmp_path)
    assert spared(rules, "The police were negligent, which is punishable.") == []
    assert spared(rules, "The police then were negligent, which is punishable.") == []
    assert spared(rules, "The police then surely were negligent, which is punishable.") == ["negligent"]
    assert spared(rules, "Negligent police custody is punishable.") == ["Negligent"]


def test_an_authority_within_the_reach_after_the_cue_is_blamed(tmp_path):
    rules = legal_rules(tmp_path, authority="after 1")
    assert spared(rules, "Negligent police custody is punishable.") == []
    assert spared(rules, "Negligent state police custody is punishable.") == []
    assert spared(rules, "Negligent state and police custody is punishable.") == ["Negligent"]
    assert spared(rules, "The police were negligent, which is punishable.") == ["negligent"]


def test_a_clause_break_right_after_the_authority_parts_it_from_the_blame_word(tmp_path):
    assert spared(legal_rules(tmp_path), "For the police, negligent custody is punishable.") == ["negligent"]
    (tmp_path / "after").mkdir()
    assert spared(legal_rules(tmp_path / "after", authority="after 1"), "Negligent, police custody is punishable.") \
        == ["Negligent"]


def test_a_clause_break_inside_a_blame_cue_does_not_part_it_from_its_authority(tmp_path):
    rules = legal_rules(tmp_path, LEGAL.replace("cue: negligent", 'cue: ", negligent"'), authority="before 1")
    assert spared(rules, "Custody by the police, negligent and slow, is punishable.") == []


def test_the_law_and_the_element_must_stand_in_the_same_sentence_wherever_it_begins_and_ends(tmp_path):
    rules = legal_rules(tmp_path)
    assert spared(rules, "Negligent custody is common. Punishable acts abound.") == []
    assert spared(rules, "It is punishable. Negligent custody is common.") == []
    assert spared(rules, "It is common. Negligent custody is punishable.") == ["Negligent"]


def test_every_sentence_stating_the_law_spares_its_elements_after_one_that_blames(tmp_path):
    rules = legal_rules(tmp_path)
    assert spared(rules, "Negligent custody is punishable. Negligent storage is punishable.") == ["Negligent", "Negligent"]
    assert spared(rules, "The police were negligent, which is punishable. Negligent storage is punishable.") \
        == ["Negligent"]


def test_a_sentence_without_its_full_stop_at_the_end_of_the_text_is_read_to_its_last_word(tmp_path):
    assert spared(legal_rules(tmp_path), "Negligent custody is punishable") == ["Negligent"]


def test_a_law_match_that_takes_in_its_full_stop_counts_only_in_its_own_sentence(tmp_path):
    rules = legal_rules(tmp_path, LEGAL.replace("law: [punishable]", r'law: ["punishable \\."]'))
    assert spared(rules, "Negligent custody is punishable.") == ["Negligent"]
    assert spared(rules, "It is punishable. Negligent custody is common.") == []


def test_a_country_named_beside_the_blame_word_is_blamed_like_an_authority(tmp_path):
    assert spared(legal_rules(tmp_path), "Chile was negligent, which is punishable.") == []


@pytest.mark.parametrize("entry", ["{cue: negligent}", "{authority: before 2}", "[cue, authority]"])
def test_a_blame_rule_without_its_cue_or_authority_is_refused_in_full(tmp_path, entry):
    assert legal_refusal(tmp_path, f"en:\n  law: [punishable]\n  blame:\n    - {entry}\n") == (
        True, 4, 7, "en.blame[0]", "write {cue: pattern, authority: before N | after N}", "blueprint.invalid")


@pytest.mark.parametrize("authority", ["beside 3", "before three", "before", "after -1"])
def test_a_blame_rule_whose_authority_is_not_before_or_after_n_is_refused_in_full(tmp_path, authority):
    assert legal_refusal(tmp_path, f"en:\n  law: [punishable]\n  blame:\n    - cue: negligent\n      authority: {authority}\n") \
        == (True, 5, 7, "en.blame[0].authority", "write before N or after N", "blueprint.invalid")


@pytest.mark.parametrize("section", ["law", "elements", "authorities"])
def test_a_legal_pattern_that_is_not_text_is_refused_in_full(tmp_path, section):
    assert legal_refusal(tmp_path, f"en:\n  {section}:\n    - punishable\n    - {{a: 1}}\n") == (
        True, 4, 7, f"en.{section}[1]", "write a token pattern", "blueprint.invalid")


def test_a_broken_legal_pattern_names_its_section_and_place(tmp_path):
    found = legal_refusal(tmp_path, "en:\n  law:\n    - (unclosed\n")
    assert found[:4] == (True, 3, 7, "en.law[0]") and found[4].startswith("not a valid tone pattern (")


def test_a_broken_blame_cue_names_the_cue(tmp_path):
    found = legal_refusal(tmp_path, "en:\n  law: [punishable]\n  blame:\n    - cue: (unclosed\n      authority: before 2\n")
    assert found[:4] == (True, 4, 7, "en.blame[0].cue") and found[4].startswith("not a valid tone pattern (")


# --- what a rule is, and the other fields of a pattern file -----------------------------------
def test_each_comparand_of_the_list_counts(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals, peers]\n  comparisons:\n    - {cue: ahead, comparand: after 2}\n")
    assert phrases(rules, "It is ahead of its rivals.") == ["ahead of its rivals"]
    assert phrases(rules, "It is ahead of its peers.") == ["ahead of its peers"]


def test_a_country_name_is_a_comparand_without_its_bracketed_part(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparisons:\n    - {cue: ahead, comparand: after 2}\n")
    assert phrases(rules, "It is ahead of Bolivia.") == ["ahead of Bolivia"]
    assert phrases(rules, "It is ahead of Chile.") == ["ahead of Chile"]
    assert phrases(rules, "IT IS AHEAD OF CHILE.") == ["AHEAD OF CHILE"]  # names, like patterns, in any case


def test_a_comparison_is_a_ranking_and_a_judgement_adversarial_with_their_readings_and_advice(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: ahead, comparand: after 2}\n"
                               "    - one of the few\n  judgements:\n    - {cue: regrettably, advice: say what is missing}\n")
    found = [(m.kind, m.reading, m.phrase, m.advice) for m in rules.find("Regrettably, it is one of the few. "
                                                                         "It is ahead of its rivals.")]
    assert found == [
        ("adversarial", "judging or blaming", "Regrettably", "say what is missing"),
        ("ranking", "a ranking of States", "one of the few",
         "the review compares no States; describe the measure itself"),
        ("ranking", "a comparison with other States", "ahead of its rivals",
         "the review compares no States; describe the measure itself")]


def test_a_comparand_that_ends_in_optional_tokens_is_refused_in_full(tmp_path):
    assert refusal(tmp_path, "en:\n  comparands:\n    - other States\n    - States ~?parties\n") == (
        True, 4, 7, "en.comparands[1]",
        "a comparand that ends in optional tokens also matches without them (\"States ~?parties\" is \"States\" "
        "alone); make its last token required", "blueprint.invalid")


def test_arabic_patterns_match_without_vowel_marks_and_with_either_alif(tmp_path):
    path = tmp_path / "tone-patterns.yaml"
    path.write_text("ar:\n  judgements:\n    - أسوأ\n    - مقارنة\n", encoding="utf-8")
    rules = patterns("ar", path)
    assert [m.phrase for m in rules.find("هذا هو الوضع اسوأ.")] == ["اسوأ"]
    assert [m.phrase for m in rules.find("مقارنةً بغيرها.")] == ["مقارنةً"]


# --- the forms of country names (tone_names.py) -----------------------------------------------
def test_a_russian_name_ending_in_a_takes_the_five_oblique_cases():
    assert name_forms("Куба", "ru") == {"Куба", "Кубы", "Кубе", "Кубу", "Кубой"}


@pytest.mark.parametrize("name", ["Того", "Перу", "Чили", "Самоа", "Никарагуа", "Chile"])
def test_a_name_no_russian_rule_declines_keeps_its_one_form(name):
    assert name_forms(name, "ru") == {name}


def test_every_word_of_a_russian_name_takes_the_case_and_an_indeclinable_word_or_a_dash_stays():
    assert {"Папуа — Новой Гвинеи", "Папуа — Новой Гвинее", "Папуа — Новую Гвинею", "Папуа — Новой Гвинеей"} \
        <= name_forms("Папуа — Новая Гвинея", "ru")
    assert {"Антигуа и Барбуды", "Антигуа и Барбуде", "Антигуа и Барбудой"} <= name_forms("Антигуа и Барбуда", "ru")


def test_the_comparands_are_the_countries_names_in_the_language_without_their_bracketed_part_in_every_form():
    russian, english = set(country_names("ru")), set(country_names("en"))
    assert {"Казахстан", "Казахстана", "Казахстаном", "Боливия", "Боливии"} <= russian
    assert "Kazakhstan" not in russian and "Bolivia" in english
    assert not any("(" in name for name in russian | english)


# --- the pattern syntax -----------------------------------------------------------------------
SYNTAX = """en:
  judgements:
    - more ~2 than
    - regrettably ~* failed
    - lags ~?far behind
    - is (in front|ahead) of
    - neighbou?rs fared
    - (lax|weak) controls
    - were (in front|ahead)? of peers
    - lies (far (ahead of|above)|in front of) others
"""


@pytest.mark.parametrize("text, found", [
    ("It is more open than before.", ["more open than"]),
    ("It is more widely open than before.", ["more widely open than"]),
    ("It is more very widely open than before.", []),
    ("Regrettably, it has failed.", ["Regrettably, it has failed"]),
    ("Regrettably so. It failed.", []),
    ("It lags behind.", ["lags behind"]),
    ("It lags far behind.", ["lags far behind"]),
    ("It lags well behind.", []),
    ("It is in front of others.", ["is in front of"]),
    ("It is ahead of others.", ["is ahead of"]),
    ("It is in ahead of others.", []),
    ("Its neighbors fared well.", ["neighbors fared"]),
    ("Its neighbours fared well.", ["neighbours fared"]),
    ("Its neighbourss fared well.", []),
    ("Weak controls remain.", ["Weak controls"]),
    ("Lax controls remain.", ["Lax controls"]),
    ("Strict controls remain.", []),
    ("They were in front of peers.", ["were in front of peers"]),
    ("They were ahead of peers.", ["were ahead of peers"]),
    ("They were of peers.", ["were of peers"]),
    ("It lies far ahead of others.", ["lies far ahead of others"]),
    ("It lies far above others.", ["lies far above others"]),
    ("It lies in front of others.", ["lies in front of others"]),
    ("It lies far of others.", []),
])
def test_each_element_of_the_pattern_syntax_matches_what_it_says(tmp_path, text, found):
    assert phrases(compiled(tmp_path, SYNTAX), text) == found


def test_a_gap_longer_than_sixteen_tokens_is_refused_in_full(tmp_path):
    assert refusal(tmp_path, "en:\n  judgements:\n    - more ~17 than\n")[2:] == (
        7, "en.judgements[0].cue", "not a valid tone pattern (~17: a gap of more than 16 tokens makes the matcher's "
        "states explode; write ~*)", "blueprint.invalid")
    assert compiled(tmp_path, "en:\n  judgements:\n    - more ~16 than\n") is not None


@pytest.mark.parametrize("comparand", ["States of ~?parties", "all the (regional peers|region)?", "all other ~2"])
def test_a_comparand_whose_last_word_may_match_nothing_is_refused(tmp_path, comparand):
    assert refusal(tmp_path, f"en:\n  comparands:\n    - {comparand}\n")[3] == "en.comparands[0]"


@pytest.mark.parametrize("comparand", ["States of ~?all parties", "the (regional peers|region)", "(all|most) others"])
def test_a_comparand_whose_last_word_is_required_is_compiled(tmp_path, comparand):
    assert compiled(tmp_path, f"en:\n  comparands:\n    - {comparand}\n") is not None


def test_overlapping_matches_of_one_kind_are_one_with_the_reading_and_advice_of_the_longest(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n    - {cue: ahead, advice: alone}\n"
                               "    - {cue: ahead, comparand: after 2, advice: compared}\n")
    [match] = rules.find("Mongolia is ahead of its rivals.")
    assert (match.phrase, match.reading, match.advice) == ("ahead of its rivals", "a comparison with other States",
                                                          "compared")


def test_matches_of_one_kind_that_touch_without_overlapping_stay_two(tmp_path):
    path = tmp_path / "tone-patterns.yaml"
    path.write_text("zh:\n  judgements: [未能, 履行]\n", encoding="utf-8")
    assert [m.phrase for m in patterns("zh", path).find("该国未能履行义务。")] == ["未能", "履行"]


OVERLAPS = "en:\n  comparisons: [ahead of]\n  judgements: [of fools, of all its failures]\n"


def found(rules, text: str) -> list[tuple[str, str]]:
    return [(match.kind, match.phrase) for match in rules.find(text)]


def test_of_two_kinds_overlapping_the_longer_wins_and_of_two_as_long_the_earlier(tmp_path):
    rules = compiled(tmp_path, OVERLAPS)
    assert found(rules, "Mongolia is ahead of all its failures.") == [("adversarial", "of all its failures")]
    assert found(rules, "Mongolia lags ahead of fools.") == [("ranking", "ahead of")]  # 8 characters each


def test_a_match_wholly_inside_one_of_the_other_kind_is_kept_after_it(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparisons: [ahead of]\n  judgements: [is ahead of fools]\n")
    assert found(rules, "It is ahead of fools.") == [("adversarial", "is ahead of fools"), ("ranking", "ahead of")]
    (tmp_path / "same-start").mkdir()
    same_start = compiled(tmp_path / "same-start", "en:\n  comparisons: [ahead of]\n  judgements: [ahead of fools]\n")
    assert found(same_start, "It is ahead of fools.") == [("adversarial", "ahead of fools"), ("ranking", "ahead of")]
    (tmp_path / "same-end").mkdir()
    same_end = compiled(tmp_path / "same-end", "en:\n  comparisons: [of fools]\n  judgements: [ahead of fools]\n")
    assert found(same_end, "It is ahead of fools.") == [("adversarial", "ahead of fools"), ("ranking", "of fools")]


def test_matches_of_two_kinds_that_touch_without_overlapping_are_both_kept(tmp_path):
    path = tmp_path / "tone-patterns.yaml"
    path.write_text("zh:\n  comparisons: [领先]\n  judgements: [未能履行]\n", encoding="utf-8")
    assert [m.phrase for m in patterns("zh", path).find("该国领先未能履行。")] == ["领先", "未能履行"]
    assert [m.phrase for m in patterns("zh", path).find("该国未能履行领先。")] == ["未能履行", "领先"]


def test_a_point_between_two_digits_ends_no_sentence_and_any_other_point_does():
    doc = blank("zh").make_doc("3.5倍.5于第4.于第21.3条。第4.")  # Chinese splits a number into characters
    assert [(doc[i - 1].text, doc[i].text) for i in sentence_ends(doc)] == [("倍", "."), ("4", "."), ("条", "。"),
                                                                         ("4", ".")]
    assert sentence_ends(blank("zh").make_doc("见第21.3")) == []  # the point of a number that ends the text
    assert sentence_ends(blank("zh").make_doc(".5倍于3")) == [0]  # no digit before it, though the text ends in one


def test_a_chinese_token_is_an_alternation_of_literal_words(tmp_path):
    path = tmp_path / "tone-patterns.yaml"
    path.write_text("zh:\n  judgements:\n    - 其他|别的 国家\n", encoding="utf-8")
    rules = patterns("zh", path)
    assert [m.phrase for m in rules.find("与其他国家相比。")] == ["其他国家"]
    assert [m.phrase for m in rules.find("与别的国家相比。")] == ["别的国家"]
    assert [m.phrase for m in rules.find("与其他地区相比。")] == []
    broken = tmp_path / "broken" / "tone-patterns.yaml"
    broken.parent.mkdir()
    broken.write_text("zh:\n  judgements:\n    - 国家+\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        patterns("zh", broken)
    assert raised.value.findings[0].message == \
        "not a valid tone pattern ('国家+': in Chinese a token is an alternation of literal words)"


def test_a_rule_with_names_false_takes_no_country_name_as_its_comparand(tmp_path):
    rules = compiled(tmp_path, "en:\n  comparands: [rivals]\n  comparisons:\n"
                               "    - {cue: largest, comparand: after 3, names: false}\n")
    assert phrases(rules, "It is the largest city in Chile.") == []
    assert phrases(rules, "It is the largest of its rivals.") == ["largest of its rivals"]
    (tmp_path / "names").mkdir()
    with_names = compiled(tmp_path / "names", "en:\n  comparisons:\n    - {cue: largest, comparand: after 3, names: true}\n")
    assert phrases(with_names, "It is the largest city in Chile.") == ["largest city in Chile"]


def test_patterns_other_than_arabic_match_the_words_as_written_in_lower_case_not_their_norms(tmp_path):
    rules = compiled(tmp_path, "en:\n  judgements:\n    - did n’t act\n")
    assert phrases(rules, "It didn’t act.") == ["didn’t act"]  # spaCy's norm of "did" is "do", of "n’t" "not"


def test_only_arabic_is_matched_without_its_marks_a_quoted_arabic_word_elsewhere_is_matched_as_written(tmp_path):
    rules = compiled(tmp_path, "en:\n  judgements:\n    - أسوأ\n")
    assert phrases(rules, "The report calls it أسوأ in Arabic.") == ["أسوأ"]


@pytest.mark.parametrize("empty", ['""', "'  '"])
def test_an_empty_pattern_is_refused_in_full(tmp_path, empty):
    assert refusal(tmp_path, f"en:\n  judgements:\n    - {empty}\n") == (
        True, 3, 7, "en.judgements[0].cue", "not a valid tone pattern (an empty pattern matches nothing)",
        "blueprint.invalid")
