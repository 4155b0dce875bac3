"""What users rely on in the translation pipeline (translate/pipeline.py), each test building the
engine, memory and outcome it needs: where each translatable text is and what it is called, how
sentences are cut and joined back, the order of preference (memory, frame, glossary alone, engine,
untranslated) with what each origin records, every note of the QA report word for word, an engine
without a route, one that fails (nothing partial kept) or answers what no document may hold, an
engine fed as the sentences are prepared, and the summary and report of a draft.

Engines here are small stand-ins: ``Words`` turns every English word into one word of the target
language and keeps everything else (placeholders, numbers, punctuation), so that what the pipeline
writes around the engine is what is checked.
"""
from __future__ import annotations

import re

import pytest

from publisher.load import LoadedFile
from publisher.translate.engines import EngineError
from publisher.translate.glossary import Glossary
from publisher.translate.memory import CONFIRMED_MT, TranslationMemory
from publisher.translate.pipeline import SegmentRecord, Translation, Translator, text_fields, unusable_text
from publisher.translate.qa import ERROR, WARNING
from publisher.findings import Issue
from publisher.translate.unlang import load_knowledge

WORD = {"fr": "mot", "es": "palabra", "ru": "слово", "zh": "词", "ar": "كلمة"}
GLOSSARY_HEADER = "id,subject,source,note,en,en_forbidden,fr,fr_forbidden,es,es_forbidden,ru,ar,zh\n"
FRAME = "The reviewing States noted as a good practice that the central authority answers within a week."
FRAME_FR = "Les États examinateurs ont relevé comme bonne pratique le fait que "


ENGLISH_TO = {("en", target) for target in WORD}


class Words:
    """Every run of Latin letters becomes one word of the target language; the rest is kept. It
    translates from English only, into the five other languages."""

    name = "words"

    def __init__(self, pairs=ENGLISH_TO, fail: str = "", answer=None, usage=None):
        self.pairs = pairs
        self.fail = fail
        self.answer = answer  # segment -> output, instead of the word rule
        self.calls: list[list[str]] = []
        self.asked_routes = 0
        if usage is not None:
            self.usage = usage

    def routes(self, source, target):
        self.asked_routes += 1
        return [(source, target)] if (source, target) in self.pairs else None

    def describe_route(self, source, target):
        return f"words {source}→{target}"

    def missing_help(self, source, target):
        return f"install words for {source}→{target}"

    def output(self, segment, source, target):
        if (source, target) not in self.pairs:
            raise EngineError(f"no route {source}→{target}")
        return self.answer(segment) if self.answer else re.sub(r"[A-Za-z]+", WORD[target], segment)

    def translate(self, segments, source, target):
        self.calls.append(list(segments))
        if self.fail:
            raise EngineError(self.fail)
        return [self.output(s, source, target) for s in segments]


class Stream:
    """A stream as apertium.SegmentStream's contract has it; ``takes_more=False`` is an engine that
    answers nothing before its input ends, whose input is closed as soon as it is read."""

    def __init__(self, engine, source, target, fail_after=None, takes_more=True):
        self.engine, self.source, self.target, self.fail_after = engine, source, target, fail_after
        self.takes_more = takes_more
        self.sent: list[str] = []
        self.accepting = True
        self.closed = False

    def send(self, segment):
        assert self.accepting, "a segment sent after the input was closed"
        self.sent.append(segment)

    def end_input(self):
        self.accepting = False

    def results(self, keep_input=False):
        if not (keep_input and self.takes_more):
            self.end_input()
        n = 0
        while n < len(self.sent):
            if self.fail_after is not None and n >= self.fail_after:
                raise EngineError("the stream broke")
            yield self.engine.output(self.sent[n], self.source, self.target)
            n += 1
        assert not self.accepting, "an answer awaited with nothing sent: a real engine would wait for ever"

    def close(self):
        self.closed = True


class Streaming(Words):
    """``Words`` that can also be fed sentence by sentence (engines.Engine's optional ``stream``),
    opening at most ``streams`` streams."""

    def __init__(self, fail_after=None, refuse=False, streams=2, takes_more=True, **options):
        super().__init__(**options)
        self.fail_after, self.refuse, self.most, self.takes_more = fail_after, refuse, streams, takes_more
        self.streams: list[Stream] = []

    def stream(self, source, target):
        if self.refuse or len(self.streams) == self.most:
            raise EngineError("no stream today")
        self.streams.append(Stream(self, source, target, self.fail_after, self.takes_more))
        return self.streams[-1]


def draft(engine, lines, target="fr", memory=None, glossary=None, knowledge=None, **options) -> Translation:
    return Translator(engine, memory, glossary, knowledge=knowledge, **options).translate_lines(lines, "en", target)


def outcome(**documents) -> LoadedFile:
    data = {"review": {"state": "Mongolia", "language": "en"}, "issue": {"symbols": ["CTOC/COP/WG.3/2026/7"]},
            **documents}
    return LoadedFile("outcome.yaml", data, None, ())


def glossary_of(tmp_path, *rows: str) -> Glossary:
    path = tmp_path / "g.csv"
    path.write_text(GLOSSARY_HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return Glossary.from_csv(path)


def codes(record: SegmentRecord) -> list[tuple[str, str, str]]:
    return [(i.code, i.severity, i.message) for i in record.issues]


# -- where the text is --------------------------------------------------------------------------
def test_every_paragraph_subparagraph_article_paragraph_and_footnote_is_a_text_with_its_path():
    data = {"review": {"state": "Mongolia"},
            "observations": {"challenges": ["A.", {"text": "B.", "subparagraphs": ["B1.", "B2."]}],
                             "articles": {"convention": [{"article": 2, "paragraphs": ["C.", "D."]},
                                                         {"article": 5}],
                                          "firearms": None},
                             "empty": None},
            "summary": {"observations": [{"text": "E."}]},
            "footnotes": {"code": "F.", "law": "G."}}
    assert [(path, keys, text) for path, keys, text in text_fields(data)] == [
        ("observations.challenges[0]", ("observations", "challenges", 0), "A."),
        ("observations.challenges[1].text", ("observations", "challenges", 1, "text"), "B."),
        ("observations.challenges[1].subparagraphs[0]", ("observations", "challenges", 1, "subparagraphs", 0), "B1."),
        ("observations.challenges[1].subparagraphs[1]", ("observations", "challenges", 1, "subparagraphs", 1), "B2."),
        ("observations.articles.convention[0].paragraphs[0]",
         ("observations", "articles", "convention", 0, "paragraphs", 0), "C."),
        ("observations.articles.convention[0].paragraphs[1]",
         ("observations", "articles", "convention", 0, "paragraphs", 1), "D."),
        ("summary.observations[0].text", ("summary", "observations", 0, "text"), "E."),
        ("footnotes.code", ("footnotes", "code"), "F."),
        ("footnotes.law", ("footnotes", "law"), "G."),
    ]


def test_an_outcome_without_documents_or_footnotes_has_no_text():
    assert list(text_fields({"review": {}, "observations": None, "footnotes": None})) == []
    assert list(text_fields({"review": {}, "observations": {"articles": None}})) == []


def test_each_text_of_an_outcome_is_written_back_in_its_place_and_identifiers_are_kept():
    loaded = outcome(observations={"challenges": [{"text": "Training.", "subparagraphs": ["Records."]}],
                                   "articles": {"convention": [{"article": 5, "paragraphs": ["Fines."]}]}},
                     footnotes={"code": "Code."})
    data = Translator(Words(), None, None, knowledge=None).translate_outcome(loaded, "fr").data
    assert data["observations"] == {"challenges": [{"text": "mot.", "subparagraphs": ["mot."]}],
                                    "articles": {"convention": [{"article": 5, "paragraphs": ["mot."]}]}}
    assert data["footnotes"] == {"code": "mot."}
    assert data["review"]["state"] == "Mongolia" and data["issue"] == {"symbols": ["CTOC/COP/WG.3/2026/7"]}
    assert loaded.data["observations"]["challenges"][0]["text"] == "Training."  # the source is left as it was


def test_a_draft_says_its_language_the_original_language_and_its_engine():
    translation = Translator(Words(), None, None, knowledge=None).translate_outcome(
        outcome(footnotes={"code": "Code."}), "fr")
    assert translation.data["review"]["language"] == "fr"
    assert translation.data["review"]["original_language"] == "en"
    assert translation.data["translation"] == {"status": "draft", "engine": "words"}
    assert (translation.source_language, translation.target_language, translation.engine) == ("en", "fr", "words")
    assert translation.route == "words en→fr" and translation.help == ""


def test_a_draft_names_its_source_file_when_given_one():
    translation = Translator(Words(), None, None, knowledge=None).translate_outcome(
        outcome(footnotes={"code": "Code."}), "es", source_file="x.yaml")
    assert translation.data["translation"] == {"status": "draft", "engine": "words", "source": "x.yaml"}


def test_a_draft_of_a_translation_keeps_the_language_it_was_first_written_in():
    loaded = outcome(footnotes={"code": "Code."})
    loaded.data["review"]["original_language"] = "es"
    data = Translator(Words(), None, None, knowledge=None).translate_outcome(loaded, "fr").data
    assert data["review"]["original_language"] == "es"


# -- sentences ----------------------------------------------------------------------------------
def test_sentences_are_translated_one_by_one_and_joined_back_with_their_spaces_and_line_breaks():
    engine = Words()
    loaded = outcome(observations={"challenges": [" Training.  Records 12.\nFines. ", " \n"]})
    translation = Translator(engine, None, None, knowledge=None).translate_outcome(loaded, "fr")
    assert translation.data["observations"]["challenges"] == [" mot.  mot 12.\nmot. ", " \n"]
    assert engine.calls == [["Training.", "Records ⟦0⟧.", "Fines."]]
    assert [(r.field, r.index, r.source, r.target) for r in translation.records] == [
        ("observations.challenges[0]", 0, "Training.", "mot."),
        ("observations.challenges[0]", 1, "Records 12.", "mot 12."),
        ("observations.challenges[0]", 2, "Fines.", "mot."),
    ]


def test_in_plain_text_mode_each_line_is_one_segment_and_blank_lines_stay_as_they_are():
    engine = Words()
    translation = draft(engine, ["Training. Records.", "  ", "Fines."])
    assert translation.data == {"lines": ["mot. mot.", "  ", "mot."]}
    assert engine.calls == [["Training. Records.", "Fines."]]
    assert [(r.field, r.index) for r in translation.records] == [("line[0]", 0), ("line[2]", 0)]
    assert (translation.engine, translation.route, translation.help) == ("words", "words en→fr", "")
    assert (translation.source_language, translation.target_language) == ("en", "fr")


def test_records_follow_the_order_of_the_texts_whatever_order_they_were_made_in(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Records.", "Registres.", origin="approved")
        translation = draft(Words(), ["Training. Records.", "Records.", "Fines."], memory=memory)
    # the memory's records are made before the engine's
    assert [(r.field, r.index, r.origin) for r in translation.records] == [
        ("line[0]", 0, "mt"), ("line[1]", 0, "tm-exact"), ("line[2]", 0, "mt")]


# -- the memory ---------------------------------------------------------------------------------
def test_an_exact_memory_match_is_used_as_it_is_with_no_route_and_no_note(tmp_path):
    engine = Words()
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Training was provided.", "Une formation a été dispensée.", origin="approved")
        translation = draft(engine, ["Training was provided."], memory=memory)
    [record] = translation.records
    assert (record.target, record.origin, record.score, record.route, record.issues) == (
        "Une formation a été dispensée.", "tm-exact", 100.0, "", ())
    assert engine.calls == [] and engine.asked_routes == 0
    assert (translation.route, translation.help) == ("", "")


def test_a_memory_match_that_is_confirmed_machine_translation_says_so(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Training was provided.", "Une formation a été dispensée.", origin=CONFIRMED_MT)
        memory.add("en", "fr", "Records are kept for ten years.", "Les registres sont conservés dix ans.",
                   origin=CONFIRMED_MT)
        translation = draft(Words(), ["Training was provided.", "Records are kept for ten year."], memory=memory)
    note = ("qa.tm-confirmed-mt", WARNING, "the memory's translation is machine translation confirmed without "
                                           "change, not a human translation: check it")
    exact, fuzzy = translation.records
    assert exact.origin == "tm-exact" and codes(exact) == [note]
    assert fuzzy.origin == "tm-fuzzy" and codes(fuzzy)[1:] == [note]


def test_a_close_memory_match_is_used_with_its_score_and_a_note_naming_the_stored_source(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Records are kept for ten years.", "Les registres sont conservés dix ans.",
                   origin="approved")
        translation = draft(Words(), ["Records are kept for ten year."], memory=memory)
    [record] = translation.records
    assert (record.target, record.origin, record.route) == ("Les registres sont conservés dix ans.", "tm-fuzzy", "")
    assert 95 <= record.score < 100
    assert codes(record) == [("qa.tm-fuzzy", WARNING, f"fuzzy memory match ({record.score:.0f} %) for "
                                                      f"\"Records are kept for ten years.\": check the differences")]
    assert record.score != round(record.score) and f"({round(record.score)} %)" in codes(record)[0][2]


def test_a_close_memory_match_below_the_threshold_goes_to_the_engine(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Records are kept for ten years.", "Les registres sont conservés dix ans.",
                   origin="approved")
        strict = draft(Words(), ["Records are kept for ten year."], memory=memory, fuzzy_accept=99)
        loose = draft(Words(), ["Records are kept for ten year."], memory=memory, fuzzy_accept=98)
    assert strict.records[0].origin == "mt" and loose.records[0].origin == "tm-fuzzy"


def test_a_sentence_no_stored_text_is_long_or_short_enough_for_is_not_looked_up(tmp_path, monkeypatch):
    long = "Records are kept for ten years in the archives of the court and of the ministry of justice."
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Records are kept for ten years.", "Les registres sont conservés dix ans.",
                   origin="approved")
        asked, lookup = [], memory.fuzzy
        monkeypatch.setattr(memory, "fuzzy", lambda sentence, *args, **options: asked.append(sentence) or
                            lookup(sentence, *args, **options))
        translation = draft(Words(), ["Records are kept for ten year.", long], memory=memory)
    assert asked == ["Records are kept for ten year."]
    assert [record.origin for record in translation.records] == ["tm-fuzzy", "mt"]


def test_the_best_close_match_is_the_one_used(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Records are kept for ten yeas.", "Moins proche.", origin="approved")
        memory.add("en", "fr", "Records are kept for ten years.", "Meilleur.", origin="approved")
        translation = draft(Words(), ["Records are kept for ten year."], memory=memory, fuzzy_accept=80)
    assert translation.records[0].target == "Meilleur."


def test_a_memory_match_no_document_may_hold_is_passed_over_and_said(tmp_path):
    long_word = "x" * 101
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Training was provided.", "Formation\x07 dispensée.", origin="approved")
        memory.add("en", "fr", "Records are kept for ten years.", f"Registres {long_word}.", origin="approved")
        memory.add("en", "fr", "Records are kept for ten year.", "Registres conservés.", origin="approved")
        memory.add("en", "fr", "Fines are high.", f"Amendes {long_word} !", origin="approved")
        translation = draft(Words(), ["Training was provided.", "Records are kept for ten year.",
                                      "Fines are high!"], memory=memory)
    refused, exact, twice = translation.records
    assert (refused.origin, refused.target) == ("mt", "mot mot mot.")
    assert codes(refused) == [("qa.tm-refused", WARNING, "the memory's translation of \"Training was provided.\" "
                               f"was not used: {unusable_text('Formation' + chr(7) + ' dispensée.')}")]
    assert exact.origin == "tm-exact"  # a refused close match does not hide a good exact one
    assert (twice.origin, twice.target) == ("mt", "mot mot mot!")
    assert codes(twice) == [("qa.tm-refused", WARNING, "the memory's translation of \"Fines are high.\" was not "
                             "used: a word of 101 characters; a word may have at most 100")]


def test_a_refused_exact_match_and_a_refused_close_match_are_both_said(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Fines are high.", "Amendes\x07.", origin="approved")
        memory.add("en", "fr", "Fines are high!", "Amendes\x01!", origin="approved")
        translation = draft(Words(), ["Fines are high."], memory=memory, fuzzy_accept=80)
    [record] = translation.records
    assert record.origin == "mt"
    assert [(code, message.split(" was not used")[0]) for code, _s, message in codes(record)] == [
        ("qa.tm-refused", "the memory's translation of \"Fines are high.\""),
        ("qa.tm-refused", "the memory's translation of \"Fines are high!\"")]


def test_a_close_match_behind_a_refused_exact_match_is_used(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Fines are high.", "Amendes\x07.", origin="approved")
        memory.add("en", "fr", "Fines are high!", "Amendes élevées !", origin="approved")
        [record] = draft(Words(), ["Fines are high."], memory=memory, fuzzy_accept=80).records
    assert (record.origin, record.target) == ("tm-fuzzy", "Amendes élevées !")
    assert [code for code, _s, _m in codes(record)] == ["qa.tm-fuzzy", "qa.tm-refused"]


def test_the_refusal_quotes_the_first_80_characters_of_the_stored_source(tmp_path):
    source = "Training " + "and training " * 10 + "was provided."
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", source, "Formation\x07.", origin="approved")
        [record] = draft(Words(), [source], memory=memory).records
    assert codes(record)[0][2] == f"the memory's translation of \"{source[:80]}\" was not used: " \
                                  f"{unusable_text('Formation' + chr(7) + '.')}"


def test_a_sentence_given_twice_is_looked_up_once_and_translated_the_same(tmp_path):
    class Counting(TranslationMemory):
        asked: list = []

        def exact_many(self, sentences, source, target):
            self.asked.append(list(sentences))
            return super().exact_many(sentences, source, target)

    with Counting(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Training was provided.", "Formation.", origin="approved")
        translation = draft(Words(), ["Training was provided.", "Training was provided."], memory=memory)
    assert Counting.asked == [["Training was provided."]]
    assert [r.target for r in translation.records] == ["Formation.", "Formation."]


# -- the glossary alone ---------------------------------------------------------------------------
def test_a_sentence_of_protected_spans_alone_is_copied_or_drafted_from_the_glossary(tmp_path):
    glossary = glossary_of(tmp_path, "t.convention,term,,,Organized Crime Convention,,Convention contre la "
                                     "criminalité organisée,,,,,,")
    engine = Words()
    translation = draft(engine, ["CTOC/COP/WG.3/2026/1", "Organized Crime Convention"], glossary=glossary)
    symbol, term = translation.records
    assert (symbol.target, symbol.origin, symbol.score, symbol.route) == ("CTOC/COP/WG.3/2026/1", "copy", None, "")
    assert (term.target, term.origin, term.route) == ("Convention contre la criminalité organisée", "glossary", "")
    assert term.terms_checked == term.terms_compliant == 1
    assert engine.calls == []


@pytest.mark.parametrize("sentence, drafted", [
    ("Fines 12.", "Amendes 12."),  # a phrase of the UN language data and a number
    ("Supreme Court", "Cour suprême"),  # a name
])
def test_a_sentence_of_un_phrases_or_names_alone_is_drafted_from_the_glossary(sentence, drafted):
    engine = Words()
    [record] = draft(engine, [sentence], knowledge=load_knowledge()).records
    assert (record.target, record.origin, record.route) == (drafted, "glossary", "")
    assert engine.calls == []


def test_terms_a_draft_checks_and_those_it_gets_right_are_counted(tmp_path):
    glossary = glossary_of(tmp_path, "t.court,term,,,court,,tribunal,,,,,,")
    translation = draft(Words(), ["The court ruled.", "Fines."], glossary=glossary)
    court, fines = translation.records
    assert (court.terms_checked, court.terms_compliant) == (1, 1) and "tribunal" in court.target
    assert (fines.terms_checked, fines.terms_compliant) == (0, 0)


# -- an engine that cannot translate or fails -------------------------------------------------------
def test_without_a_route_every_sentence_for_the_engine_is_marked_untranslated_and_the_help_said():
    engine = Words(pairs={("en", "es")})
    translation = draft(engine, ["Training.[^a]", "Fines."])
    assert (translation.route, translation.help) == ("none", "install words for en→fr")
    assert translation.data == {"lines": ["[[Training.]][^a]", "[[Fines.]]"]}
    first, _ = translation.records
    assert (first.origin, first.route, first.score) == ("untranslated", "", None)
    assert codes(first) == [("qa.untranslated", WARNING, "not translated into fr; kept in en and marked in the "
                                                         "document")]
    assert engine.calls == [] and translation.engine_failure == ""


def test_an_engine_that_fails_leaves_every_sentence_untranslated_with_its_message_as_an_error(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Fines are high.", "Amendes\x07.", origin="approved")
        memory.add("en", "fr", "Training.", "Formation.", origin="approved")
        translation = draft(Words(fail="out of memory", usage={"peak_memory_mb": 12, "limit_mb": 100}),
                            ["Fines are high.", "Training.", "Records."], memory=memory)
    refused, kept, records = translation.records
    assert (translation.route, translation.help) == ("words en→fr", "out of memory")
    assert translation.engine_failure == "words failed: out of memory"
    assert translation.engine_memory == {"words": {"peak_memory_mb": 12, "limit_mb": 100}}
    assert (records.origin, records.target, records.route) == ("untranslated", "[[Records.]]", "words en→fr")
    assert codes(records) == [("qa.untranslated", WARNING, "not translated into fr; kept in en and marked in the "
                                                           "document"),
                              ("qa.engine", ERROR, "words failed: out of memory")]
    assert [c for c, _s, _m in codes(refused)] == ["qa.untranslated", "qa.engine", "qa.tm-refused"]
    assert kept.origin == "tm-exact"


def test_the_memory_an_engine_used_is_reported_with_the_draft():
    usage = {"peak_memory_mb": 12, "limit_mb": 100}
    assert draft(Words(usage=usage), ["Training."]).engine_memory == {"words": usage}
    assert draft(Words(), ["Training."]).engine_memory == {}


def test_the_engine_is_asked_once_with_every_sentence_and_each_term_alone_last(tmp_path):
    glossary = glossary_of(tmp_path, "t.court,term,,,court,,tribunal,,,,,,")
    engine = Words()
    draft(engine, ["The court ruled.", "Training 12."], glossary=glossary, knowledge=load_knowledge())
    assert engine.calls == [["The court ruled.", "Training ⟦0⟧.", "court"]]


def test_an_engine_that_answers_a_wrong_count_is_a_failure():
    translation = draft(Words(answer=lambda s: s, fail=""), ["Training."])
    assert translation.records[0].origin == "mt"
    short = Words()
    short.translate = lambda segments, source, target: []
    translation = draft(short, ["Training.", "Fines."])
    assert {r.origin for r in translation.records} == {"untranslated"}
    assert translation.engine_failure == "words failed: returned 0 segments for 2"


# -- what the engine answers ------------------------------------------------------------------------
def test_a_placeholder_the_engine_drops_or_repeats_is_put_right_and_said():
    answers = {"Fines of ⟦0⟧ units.": "mot mot mot.", "Fines of ⟦0⟧ euros.": "mot ⟦0⟧ mot ⟦0⟧ mot."}
    translation = draft(Words(answer=answers.get), ["Fines of 500 units.", "Fines of 700 euros."])
    dropped, repeated = translation.records
    assert dropped.origin == "mt" and "500" in dropped.target
    assert codes(dropped) == [("qa.placeholders", WARNING, "the engine dropped \"500\"; it was put back at the end "
                                                           "of the sentence")]
    assert repeated.target.count("700") == 1
    assert codes(repeated) == [("qa.placeholders", WARNING, "the engine repeated \"700\"; kept once")]


@pytest.mark.parametrize("answer, problem", [
    ("mot\x07 mot.", None),
    ("mot " + "x" * 101 + " !", "a word of 101 characters; a word may have at most 100"),
])
def test_an_engine_answer_no_document_may_hold_is_kept_in_english_and_said(tmp_path, answer, problem):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Training was provided.", "Formation\x07.", origin="approved")
        translation = draft(Words(answer=lambda s: answer), ["Training was provided."], memory=memory)
    [record] = translation.records
    problem = problem or unusable_text(answer)
    assert (record.origin, record.target, record.route) == ("untranslated", "[[Training was provided.]]",
                                                            "words en→fr")
    assert codes(record) == [
        ("qa.untranslated", WARNING, "not translated into fr; kept in en and marked in the document"),
        ("qa.engine-output", WARNING, f"the engine's translation was not used: {problem}"),
        ("qa.tm-refused", WARNING, "the memory's translation of \"Training was provided.\" was not used: "
                                   f"{unusable_text('Formation' + chr(7) + '.')}")]


def test_a_word_of_exactly_100_characters_may_stand_in_a_translation():
    assert unusable_text("mot " + "x" * 100 + " !") is None
    assert unusable_text("mot " + "x" * 1234 + " !") == "a word of 1,234 characters; a word may have at most 100"
    assert unusable_text("mot\x07") is not None and "x" * 101 not in unusable_text("mot\x07 " + "x" * 101)


def test_the_notes_of_a_passed_over_memory_match_stay_with_the_engines_translation(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Fines of 500 units.", "Amendes\x07.", origin="approved")
        translation = draft(Words(answer=lambda s: "mot mot."), ["Fines of 500 units."], memory=memory)
    assert [c for c, _s, _m in codes(translation.records[0])] == ["qa.placeholders", "qa.tm-refused"]


# -- an engine fed as the sentences are prepared ------------------------------------------------------
def test_a_streaming_engine_is_fed_each_sentence_as_it_is_prepared_and_closed_after():
    engine = Streaming()
    translation = draft(engine, ["Training.", "Fines 12."])
    [stream] = engine.streams
    assert stream.sent == ["Training.", "Fines ⟦0⟧."] and stream.closed
    assert engine.calls == []
    assert [r.target for r in translation.records] == ["mot.", "mot 12."]


def test_a_stream_that_breaks_keeps_no_translation_and_is_closed():
    engine = Streaming(fail_after=1)
    translation = draft(engine, ["Training.", "Fines."])
    assert {r.origin for r in translation.records} == {"untranslated"}
    assert translation.engine_failure == "words failed: the stream broke" and engine.streams[0].closed


def test_an_engine_that_cannot_open_a_stream_translates_in_one_batch():
    engine = Streaming(refuse=True)
    translation = draft(engine, ["Training."])
    assert engine.calls == [["Training."]] and translation.records[0].target == "mot."


def test_a_stream_opened_for_nothing_is_closed_and_the_engine_never_asked(tmp_path):
    engine = Streaming()
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Training.", "Formation.", origin="approved")
        translation = draft(engine, ["Training."], memory=memory)
    assert engine.streams[0].closed and engine.streams[0].sent == [] and engine.asked_routes == 0
    assert translation.route == ""


def test_a_stream_is_closed_when_preparing_the_sentences_fails(tmp_path):
    engine = Streaming()

    class Broken(TranslationMemory):
        def exact_many(self, sentences, source, target):
            raise RuntimeError("disk gone")

    with Broken(tmp_path / "tm.sqlite") as memory, pytest.raises(RuntimeError):
        draft(engine, ["Training."], memory=memory)
    assert engine.streams[0].closed


# -- frames -------------------------------------------------------------------------------------
def test_a_frame_is_drafted_in_the_targets_wording_with_its_slot_from_the_engine():
    engine = Words()
    [record] = draft(engine, [FRAME], knowledge=load_knowledge()).records
    assert engine.calls == [["the central authority answers within a week"]]
    assert (record.origin, record.route, record.score, record.issues) == ("frame", "words en→fr", None, ())
    assert record.target == FRAME_FR + "mot mot mot mot mot mot mot."


@pytest.mark.parametrize("target", ["ru", "zh", "ar"])
def test_a_frames_slot_goes_to_the_engine_without_the_english_article_in_languages_without_one(target):
    engine = Words()
    draft(engine, [FRAME], target=target, knowledge=load_knowledge())
    assert engine.calls == [["central authority answers within a week"]]


def test_a_frame_whose_slot_is_protected_spans_alone_needs_no_engine():
    engine = Words()
    [record] = draft(engine, ["The reviewing States noted as a good practice that CTOC/COP/WG.3/2026/1."],
                     knowledge=load_knowledge()).records
    assert (record.origin, record.route, record.target) == ("frame", "", FRAME_FR + "CTOC/COP/WG.3/2026/1.")
    assert engine.calls == [] and engine.asked_routes == 0


def test_a_frames_slot_the_engine_cannot_translate_is_kept_in_english_marked_and_said():
    [record] = draft(Words(pairs=set()), [FRAME], knowledge=load_knowledge()).records
    assert (record.origin, record.route) == ("frame", "")
    assert record.target == FRAME_FR + "[[the central authority answers within a week]]."
    assert codes(record) == [("qa.untranslated", WARNING, "drafted from the frame frame.noted-good-practice-that; "
                                                          "1 part(s) kept in en and marked")]


def test_a_frames_slot_kept_in_english_is_said_even_when_a_footnote_marker_ends_it():
    sentence = "The reviewing States noted as a good practice that the law was amended[^a]."
    [record] = draft(Words(pairs=set()), [sentence], knowledge=load_knowledge()).records
    assert record.target == FRAME_FR + "[[the law was amended]][^a]."
    assert codes(record) == [("qa.untranslated", WARNING, "drafted from the frame frame.noted-good-practice-that; "
                                                          "1 part(s) kept in en and marked")]


def test_a_frames_slot_the_engine_failed_on_carries_the_failure():
    [record] = draft(Words(fail="crashed"), [FRAME], knowledge=load_knowledge()).records
    assert record.target == FRAME_FR + "[[the central authority answers within a week]]."
    assert codes(record) == [
        ("qa.untranslated", WARNING, "drafted from the frame frame.noted-good-practice-that; 1 part(s) kept in en "
                                     "and marked"),
        ("qa.engine", ERROR, "words failed: crashed")]


def test_a_frames_slot_translated_into_what_no_document_may_hold_is_kept_in_english_and_said():
    [record] = draft(Words(answer=lambda s: "mot\x07"), [FRAME], knowledge=load_knowledge()).records
    assert record.target == FRAME_FR + "[[the central authority answers within a week]]."
    assert [c for c, _s, _m in codes(record)] == ["qa.untranslated", "qa.engine-output"]
    assert codes(record)[1][2] == f"the engine's translation was not used: {unusable_text('mot' + chr(7))}"


def test_a_frames_slot_with_a_placeholder_the_engine_dropped_says_so_once():
    sentence = "The reviewing States noted as a good practice that fines of 500 units were paid."
    [record] = draft(Words(answer=lambda s: "mot mot mot mot."), [sentence], knowledge=load_knowledge()).records
    assert record.origin == "frame" and "500" in record.target
    assert codes(record) == [("qa.placeholders", WARNING, "the engine dropped \"500\"; it was put back at the end "
                                                          "of the sentence")]


def test_frames_and_sentences_of_one_draft_keep_their_places():
    engine = Words()
    translation = draft(engine, [FRAME, "Training.", FRAME.replace("a week", "a month")], knowledge=load_knowledge())
    assert [r.origin for r in translation.records] == ["frame", "mt", "frame"]
    assert translation.data["lines"][1] == "mot."
    assert engine.calls == [["the central authority answers within a week", "Training.",
                             "the central authority answers within a month"]]


def test_a_translator_uses_the_un_language_data_unless_told_not_to():
    assert Translator(Words(), None, None).knowledge is load_knowledge()
    assert Translator(Words(), None, None, knowledge=None).knowledge is None
    assert Translator(Words(), None, None).fuzzy_accept == 90.0


# -- summary and report -----------------------------------------------------------------------------
def record(origin="mt", issues=(), checked=0, compliant=0) -> SegmentRecord:
    return SegmentRecord("line[0]", 0, "a", "b", origin, None, "r", tuple(issues), checked, compliant)


def test_the_summary_counts_segments_origins_terms_and_issues_by_severity():
    records = (record("mt", [Issue("qa.terms.forbidden", ERROR, "x"), Issue("qa.numbers", ERROR, "y")], 3, 1),
               record("untranslated", [Issue("qa.untranslated", WARNING, "z")], 0, 0),
               record("tm-exact", [Issue("qa.tm-fuzzy", "info", "i")], 3, 3),
               record("mt", [Issue("qa.terms.forbidden", WARNING, "w")]))
    summary = Translation({}, "en", "fr", "words", "r", records).summary()
    assert summary == {"segments": 4, "origins": {"mt": 2, "tm-exact": 1, "untranslated": 1},
                       "terms_checked": 6, "terms_compliant": 4, "term_compliance_percent": 66.7,
                       "forbidden_variants": 2, "untranslated": 1, "errors": 2, "warnings": 2}
    assert list(summary["origins"]) == ["mt", "tm-exact", "untranslated"]


def test_a_draft_with_no_term_to_check_is_fully_compliant():
    summary = Translation({}, "en", "fr", "words", "r", (record(),)).summary()
    assert summary["term_compliance_percent"] == 100.0 and summary["untranslated"] == 0


def test_the_report_holds_the_languages_engine_route_help_summary_and_every_segment():
    records = (record("mt", [Issue("qa.numbers", ERROR, "y")], 1, 1),)
    translation = Translation({}, "en", "fr", "words", "words en→fr", records, "install this")
    report = translation.report()
    assert report == {"source_language": "en", "target_language": "fr", "engine": "words", "route": "words en→fr",
                      "help": "install this", "summary": translation.summary(),
                      "segments": [{"field": "line[0]", "index": 0, "source": "a", "target": "b", "origin": "mt",
                                    "score": None, "route": "r", "terms_checked": 1, "terms_compliant": 1,
                                    "issues": [{"code": "qa.numbers", "severity": ERROR, "message": "y",
                                                "unit": ""}]}]}
    used = Translation({}, "en", "fr", "words", "r", records, "", {"words": {"peak_memory_mb": 5}}).report()
    assert used["engine_memory"] == {"words": {"peak_memory_mb": 5}}
    assert list(used)[:6] == ["source_language", "target_language", "engine", "route", "help", "engine_memory"]
    assert list(report["segments"][0]) == ["field", "index", "source", "target", "origin", "score", "route",
                                           "terms_checked", "terms_compliant", "issues"]  # as the JSON report is written


def test_the_engine_failure_is_the_message_of_the_first_engine_issue():
    records = (record("mt", [Issue("qa.numbers", ERROR, "y")]),
               record("untranslated", [Issue("qa.untranslated", WARNING, "z"), Issue("qa.engine", ERROR, "first")]),
               record("untranslated", [Issue("qa.engine", ERROR, "second")]))
    assert Translation({}, "en", "fr", "words", "r", records).engine_failure == "first"
    assert Translation({}, "en", "fr", "words", "r", records[:1]).engine_failure == ""


# -- what the engine's answer becomes ------------------------------------------------------------------
COURT = "t.court,term,,,court,,tribunal,,,,,,"


def test_french_drafted_with_the_un_language_data_is_spelt_with_its_ligatures_in_a_batch_or_a_stream():
    for engine in (Words(answer=lambda s: "mise en oeuvre."), Streaming(answer=lambda s: "mise en oeuvre.")):
        [record] = draft(engine, ["Training was given."], knowledge=load_knowledge()).records
        assert record.target == "mise en œuvre."
    [record] = draft(Words(answer=lambda s: "mise en oeuvre."), ["Training was given."]).records
    assert record.target == "mise en oeuvre."  # without the data, the engine's spelling stays


def test_a_streamed_sentence_whose_term_the_engine_renders_otherwise_goes_again_into_the_same_stream(tmp_path):
    answers = {"court": "juridiction"}
    engine = Streaming(answer=lambda s: answers.get(s, re.sub(r"[A-Za-z]+", "mot", s)))
    [record, other] = draft(engine, ["The court ruled.", "It was heard."], glossary=glossary_of(tmp_path, COURT),
                            knowledge=load_knowledge()).records
    [stream] = engine.streams
    assert stream.sent == ["court", "The court ruled.", "It was heard.", "The ⟦0⟧ ruled."]
    assert stream.closed and not stream.accepting and engine.calls == []
    assert record.target == "mot tribunal mot." and record.origin == "mt"
    assert other.target == "mot mot mot."


def test_when_the_stream_takes_no_more_segments_the_sentence_goes_again_to_a_second_stream(tmp_path):
    answers = {"court": "juridiction"}
    engine = Streaming(answer=lambda s: answers.get(s, re.sub(r"[A-Za-z]+", "mot", s)), takes_more=False)
    [record] = draft(engine, ["The court ruled."], glossary=glossary_of(tmp_path, COURT),
                     knowledge=load_knowledge()).records
    first, second = engine.streams
    assert first.sent == ["court", "The court ruled."] and second.sent == ["The ⟦0⟧ ruled."]
    assert (first.source, first.target, second.source, second.target) == ("en", "fr", "en", "fr")
    assert first.closed and second.closed and engine.calls == []
    assert record.target == "mot tribunal mot." and record.origin == "mt"


def test_when_no_second_stream_can_be_opened_the_sentence_goes_again_in_a_batch(tmp_path):
    answers = {"court": "juridiction"}
    engine = Streaming(answer=lambda s: answers.get(s, re.sub(r"[A-Za-z]+", "mot", s)), streams=1, takes_more=False)
    [record] = draft(engine, ["The court ruled."], glossary=glossary_of(tmp_path, COURT),
                     knowledge=load_knowledge()).records
    assert engine.calls == [["The ⟦0⟧ ruled."]] and record.target == "mot tribunal mot."


def test_a_frames_state_comes_from_the_glossary(tmp_path):
    glossary = glossary_of(tmp_path, "country.mongolia,country,UNTERM,,Mongolia,,Mongolie,,Mongolia,,Монголия,منغوليا,蒙古")
    engine = Words()
    [record] = draft(engine, ["Mongolia may wish to consider establishing a register."], glossary=glossary,
                     knowledge=load_knowledge()).records
    assert (record.origin, record.target) == ("frame", "Mongolie pourrait envisager de mot mot mot mot.")
    assert engine.calls == [["to establish a register"]]


def test_a_term_in_a_frames_slot_is_the_approved_term(tmp_path):
    engine = Words()
    [record] = draft(engine, [FRAME.replace("central authority", "court")], glossary=glossary_of(tmp_path, COURT),
                     knowledge=load_knowledge()).records
    assert engine.calls == [["the court answers within a week", "court"]]
    assert record.target.startswith(FRAME_FR) and "tribunal" in record.target and record.origin == "frame"


def test_a_close_match_behind_a_refused_exact_match_must_reach_the_threshold_too(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Fines are high.", "Amendes\x07.", origin="approved")
        memory.add("en", "fr", "Fines are high!", "Amendes élevées !", origin="approved")
        [record] = draft(Words(), ["Fines are high."], memory=memory, fuzzy_accept=95).records
    assert record.origin == "mt" and [c for c, _s, _m in codes(record)] == ["qa.tm-refused"]


class Choosing(Words):
    """An engine that hands each pair to another one, as ``auto`` does (engines.chosen_engine_name)."""

    name = "choosing"

    def chosen(self, source, target):
        class Taken:
            name = f"words for {source}→{target}"

        class Choice:
            engine = Taken() if (source, target) in self.pairs else None

        return Choice()


def test_a_draft_names_the_engine_chosen_for_its_pair():
    translation = Translator(Choosing(), None, None, knowledge=None).translate_outcome(
        outcome(footnotes={"code": "Code."}), "fr")
    assert translation.engine == translation.data["translation"]["engine"] == "words for en→fr"
    assert draft(Choosing(), ["Training."], target="es").engine == "words for en→es"
    assert draft(Choosing(pairs=set()), ["Training."]).engine == "choosing"


def test_a_placeholder_dropped_and_another_repeated_in_one_sentence_are_both_said():
    [record] = draft(Words(answer=lambda s: "mot ⟦1⟧ mot ⟦1⟧."), ["Fines of 500 units and 700 euros."]).records
    assert [message for _c, _s, message in codes(record)] == [
        "the engine dropped \"500\"; it was put back at the end of the sentence",
        "the engine repeated \"700\"; kept once"]


def test_a_memory_match_is_checked_against_the_glossary_like_any_translation(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "The court ruled.", "Le juge a statué.", origin="approved")
        [record] = draft(Words(), ["The court ruled."], memory=memory, glossary=glossary_of(tmp_path, COURT)).records
    assert record.origin == "tm-exact" and (record.terms_checked, record.terms_compliant) == (1, 0)
    assert [(c, s) for c, s, _m in codes(record)] == [("qa.terms.missing", ERROR)]


def test_each_sentence_of_a_paragraph_keeps_its_place_whatever_its_origin(tmp_path):
    paragraph = ("Training was provided. Records are kept for ten year. " + FRAME +
                 " See CTOC/COP/WG.3/2026/1. Supreme Court. Fines were paid.")
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Training was provided.", "Formation dispensée.", origin="approved")
        memory.add("en", "fr", "Records are kept for ten years.", "Registres conservés.", origin="approved")
        translation = Translator(Words(pairs={("en", "es")}), memory, None).translate_outcome(
            outcome(observations={"challenges": ["Training.", paragraph]}), "fr")
    assert [(r.field, r.index, r.origin) for r in translation.records] == [
        ("observations.challenges[0]", 0, "untranslated"),
        ("observations.challenges[1]", 0, "tm-exact"),
        ("observations.challenges[1]", 1, "tm-fuzzy"),
        ("observations.challenges[1]", 2, "frame"),
        ("observations.challenges[1]", 3, "untranslated"),
        ("observations.challenges[1]", 4, "glossary"),
        ("observations.challenges[1]", 5, "untranslated")]


def test_the_preposition_an_engine_puts_before_a_frames_infinitive_is_taken_off(tmp_path):
    glossary = glossary_of(tmp_path, "country.mongolia,country,UNTERM,,Mongolia,,Mongolie,,Mongolia,,Монголия,منغوليا,蒙古")
    [record] = draft(Words(answer=lambda s: "pour établir un registre"),
                     ["Mongolia may wish to consider establishing a register."], glossary=glossary,
                     knowledge=load_knowledge()).records
    assert record.target == "Mongolie pourrait envisager d’établir un registre."


def test_a_frame_drafted_by_the_engine_keeps_the_note_of_a_memory_match_passed_over(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", FRAME, "Les États\x07.", origin="approved")
        [record] = draft(Words(), [FRAME], memory=memory, knowledge=load_knowledge()).records
    assert record.origin == "frame"
    assert [code for code, _s, _m in codes(record)] == ["qa.tm-refused"]


def test_a_batch_sentence_whose_term_the_engine_renders_otherwise_goes_again_in_a_second_batch(tmp_path):
    answers = {"court": "juridiction"}
    engine = Words(answer=lambda s: answers.get(s, re.sub(r"[A-Za-z]+", "mot", s)))
    [record] = draft(engine, ["The court ruled."], glossary=glossary_of(tmp_path, COURT),
                     knowledge=load_knowledge()).records
    assert engine.calls == [["The court ruled.", "court"], ["The ⟦0⟧ ruled."]]
    assert (record.target, record.origin, record.route) == ("mot tribunal mot.", "mt", "words en→fr")


def test_a_sentence_of_protected_spans_alone_keeps_the_note_of_a_memory_match_passed_over(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "fr", "Supreme Court", "Cour\x07", origin="approved")
        [record] = draft(Words(), ["Supreme Court"], memory=memory, knowledge=load_knowledge()).records
    assert (record.origin, record.target) == ("glossary", "Cour suprême")
    assert [code for code, _s, _m in codes(record)] == ["qa.tm-refused"]


def test_a_name_in_a_frames_slot_is_drafted_from_the_un_language_data():
    engine = Words()
    [record] = draft(engine, [FRAME.replace("the central authority", "the Supreme Court")],
                     knowledge=load_knowledge()).records
    assert "cour suprême" in record.target and record.origin == "frame"


def test_every_record_says_its_field_place_source_and_route_whatever_became_of_it():
    answers = {"Fines were paid.": "mot\x07"}
    engine = Words(answer=lambda s: answers.get(s, re.sub(r"[A-Za-z]+", "mot", s)))
    loaded = outcome(observations={"challenges": ["Training. " + FRAME + " Fines were paid. Records were kept."]})
    [_, frame, refused, translated] = Translator(engine, None, None).translate_outcome(loaded, "fr").records
    field = "observations.challenges[0]"
    assert [(r.field, r.index, r.origin, r.route) for r in (frame, refused, translated)] == [
        (field, 1, "frame", "words en→fr"), (field, 2, "untranslated", "words en→fr"), (field, 3, "mt", "words en→fr")]
    assert (frame.source, refused.source, translated.source) == (FRAME, "Fines were paid.", "Records were kept.")


def test_a_frame_kept_in_part_in_english_says_its_place_and_source():
    loaded = outcome(observations={"challenges": ["Training. " + FRAME]})
    [_, record] = Translator(Words(pairs=set()), None, None).translate_outcome(loaded, "fr").records
    assert (record.field, record.index, record.source, record.origin) == ("observations.challenges[0]", 1, FRAME,
                                                                          "frame")


def test_a_frames_slot_translated_into_what_no_document_may_hold_says_the_engines_route():
    [record] = draft(Words(answer=lambda s: "mot\x07"), [FRAME], knowledge=load_knowledge()).records
    assert record.route == "words en→fr"


def test_the_records_of_many_texts_come_in_the_order_of_the_texts_not_of_their_names():
    lines = [f"Training {n}." for n in range(12)]
    assert [r.field for r in draft(Words(), lines).records] == [f"line[{n}]" for n in range(12)]
    loaded = outcome(observations={"challenges": ["Training."]}, footnotes={"a": "Fines."})
    translation = Translator(Words(), None, None, knowledge=None).translate_outcome(loaded, "fr")
    assert [r.field for r in translation.records] == ["observations.challenges[0]", "footnotes.a"]


def test_the_memory_an_engine_used_is_reported_with_the_draft_of_an_outcome():
    usage = {"peak_memory_mb": 12, "limit_mb": 100}
    translation = Translator(Words(usage=usage), None, None, knowledge=None).translate_outcome(
        outcome(footnotes={"code": "Code."}), "fr")
    assert translation.engine_memory == {"words": usage}
