"""The translation pipeline: segment -> memory -> protect -> engine -> restore -> verify.

Input is a validated review outcome (its loaded data); output is the same data in the target
language (so every later stage, render included, works on it unchanged), the provenance of every
sentence and a QA report. The order of preference for each sentence:

1. an exact match in the translation memory ("tm-exact");
2. a fuzzy match of at least ``fuzzy_accept`` % ("tm-fuzzy", flagged for checking);
3. a formulaic sentence of review outcomes (frames.py, from the UN language data) is drafted
   from its frame in the target language, its slots translated by the engine or, with no engine
   for the pair, kept in the source language and marked ("frame");
4. a sentence made only of protected spans (glossary terms, UN phrases, names, symbols, numbers)
   is restored directly ("glossary" or "copy");
5. the engine, through its route, direct or pivot ("mt");
6. otherwise the sentence stays in the source language, marked [[...]] ("untranslated").

All engine work for one outcome goes in one batch per hop, the terms alone included (and one more
for the sentences whose terms the engine rendered differently in context). Glossary terms and the
UN language data's phrases go to the engine as words and their renderings are replaced by the
approved terms (substitute.py, engine_run.py); the articles before them are made to agree
(grammar.py); then every segment is checked (qa.py).
An engine that can be fed as the sentences are prepared (``stream``: Apertium on a one-hop route)
translates while the memory is still being searched, so segmentation, memory, protection and
frames overlap the engine's work; each term goes alone just before the first sentence that holds
it (engine_run.Feed), so that each translation is finished and checked as it comes, while the
engine works on the next; a sentence for the fallback goes into the same stream, still open. Its
translations are kept only once the engine has answered for the whole batch.
"""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..load import LoadedFile, target_problem
from ..validate.words import MAX_WORD_CHARACTERS, long_words
from ..markup import is_untranslated, mark_untranslated
from .engine_run import Feed, finished, terms_of, text_to_send, translate_checked
from .engines import Engine, EngineError, chosen_engine_name, memory_usage
from .frames import FrameMatch, match_frame
from .glossary import Glossary
from .grammar import agree
from .memory import CONFIRMED_MT, TranslationMemory
from .memory_text import may_match
from .protect import Protected, Restored, protect, restore
from ..findings import Issue
from .qa import ERROR, WARNING, SegmentPair, check_pair, term_counts
from .segment import segment_spans
from .substitute import EngineText
from .unlang import Knowledge, load_knowledge

DOCUMENT_KEYS = ("observations", "summary")


@dataclass(frozen=True)
class SegmentRecord:
    field: str  # field path of the paragraph, e.g. observations.challenges[2].subparagraphs[0]
    index: int  # the sentence's place in that paragraph
    source: str
    target: str
    origin: str  # tm-exact, tm-fuzzy, frame, glossary, copy, mt, untranslated
    score: float | None
    route: str
    issues: tuple[Issue, ...] = ()
    terms_checked: int = 0  # glossary terms of the source that have a target term
    terms_compliant: int = 0


@dataclass(frozen=True)
class Translation:
    data: dict  # the outcome's data in the target language
    source_language: str
    target_language: str
    engine: str
    route: str
    records: tuple[SegmentRecord, ...]
    help: str = ""  # what to install when the engine has no route
    engine_memory: dict = field(default_factory=dict)  # engine -> peak and limit of its child process, in MB

    @property
    def engine_failure(self) -> str:
        """What the engine said when it failed on this outcome; "" when it did not fail."""
        return next((i.message for r in self.records for i in r.issues if i.code == "qa.engine"), "")

    def summary(self) -> dict:
        origins = Counter(r.origin for r in self.records)
        checked = sum(r.terms_checked for r in self.records)
        ok = sum(r.terms_compliant for r in self.records)
        issues = [i for r in self.records for i in r.issues]
        return {
            "segments": len(self.records),
            "origins": dict(sorted(origins.items())),
            "terms_checked": checked,
            "terms_compliant": ok,
            "term_compliance_percent": round(100.0 * ok / checked, 1) if checked else 100.0,
            "forbidden_variants": sum(1 for i in issues if i.code == "qa.terms.forbidden"),
            "untranslated": origins.get("untranslated", 0),
            "errors": sum(1 for i in issues if i.severity == "error"),
            "warnings": sum(1 for i in issues if i.severity == WARNING),
        }

    def report(self) -> dict:
        return {
            "source_language": self.source_language,
            "target_language": self.target_language,
            "engine": self.engine,
            "route": self.route,
            "help": self.help,
            **({"engine_memory": self.engine_memory} if self.engine_memory else {}),
            "summary": self.summary(),
            "segments": [
                {**{k: v for k, v in asdict(r).items() if k != "issues"},
                 "issues": [asdict(i) for i in r.issues]}
                for r in self.records
            ],
        }


def unusable_text(text: str) -> str | None:
    """Why a translation from elsewhere (the memory, the engine) cannot stand in a document: what
    load.py refuses in any text, or a word too long for any line (validate.words)."""
    problem = target_problem(text)
    if problem is None and long_words(text):
        word = long_words(text)[0]
        problem = f"a word of {len(word):,} characters; a word may have at most {MAX_WORD_CHARACTERS}"
    return problem


def _refused_memory_target(match) -> tuple[Issue, ...]:
    """Why a memory match may not be used: its target holds what no document may (a control
    character, an open direction control, more than MAX_TEXT_CHARACTERS, a word too long for a line). A memory is imported from
    files of other hands; such a match is passed over (the engine translates the sentence) and
    said in the QA report, rather than failing the draft on a file that was never written."""
    if match is None:
        return ()
    problem = unusable_text(match.target)
    if problem is None:
        return ()
    return (Issue("qa.tm-refused", WARNING, f"the memory's translation of \"{match.source[:80]}\" was not used: "
                                           f"{problem}"),)


def _machine_made(match) -> tuple[Issue, ...]:
    """A memory match whose translation is machine text a person confirmed without changing it
    (memory.CONFIRMED_MT) is used, and said to be machine-made, so that nobody takes it for a
    human translation."""
    if match.origin != CONFIRMED_MT:
        return ()
    return (Issue("qa.tm-confirmed-mt", WARNING, "the memory's translation is machine translation confirmed "
                                                "without change, not a human translation: check it"),)


@dataclass
class _FramePlan:
    """A sentence drafted from a frame, waiting for the translations of its text slots."""

    field: str
    index: int
    source: str
    match: FrameMatch
    notes: tuple[Issue, ...] = ()
    filled: dict[str, str] = field(default_factory=dict)
    marked: list[str] = field(default_factory=list)  # slots kept in the source language


@dataclass
class _Pending:
    """A sentence (or a frame's text slot) waiting for the engine."""

    field: str
    index: int
    source: str
    protected: Protected
    notes: tuple[Issue, ...] = ()  # why a memory match was not used
    plan: _FramePlan | None = None  # set for a frame's slot
    slot: str = ""
    sent: EngineText = field(init=False)  # what the engine gets (engine_run.text_to_send)


@dataclass
class _Work:
    source: str
    target: str
    records: dict[tuple[str, int], SegmentRecord] = field(default_factory=dict)
    pending: list[_Pending] = field(default_factory=list)
    engine_memory: dict = field(default_factory=dict)
    feed: Feed | None = None  # the engine's stream, fed each pending sentence as it is prepared


_DEFAULT = object()


class Translator:
    def __init__(self, engine: Engine, memory: TranslationMemory | None, glossary: Glossary | None,
                 fuzzy_accept: float = 90.0, knowledge: Knowledge | None | object = _DEFAULT):
        self.engine = engine
        self.memory = memory
        self.glossary = glossary
        self.fuzzy_accept = fuzzy_accept
        # the UN language data (frames, phrases, names); None drafts with the glossary alone
        self.knowledge: Knowledge | None = load_knowledge() if knowledge is _DEFAULT else knowledge  # type: ignore

    # -- whole outcomes -------------------------------------------------------------------------
    def translate_outcome(self, loaded: LoadedFile, target: str, source_file: str = "") -> Translation:
        data = loaded.data
        source = data["review"]["language"]
        fields = list(text_fields(data))
        texts = [text for _path, _keys, text in fields]
        translated, records, route, help_text, usage = self._translate_texts(
            [path for path, _keys, _text in fields], texts, source, target)
        result = copy.deepcopy(data)
        for (_path, keys, _text), new_text in zip(fields, translated):
            _set(result, keys, new_text)
        result["review"]["language"] = target
        result["review"]["original_language"] = data["review"].get("original_language", source)
        engine_name = chosen_engine_name(self.engine, source, target)
        result["translation"] = {"status": "draft", "engine": engine_name}
        if source_file:
            result["translation"]["source"] = source_file
        return Translation(result, source, target, engine_name, route, tuple(records), help_text, usage)

    def translate_lines(self, lines: list[str], source: str, target: str) -> Translation:
        """Plain-text mode: one segment per line in, one line out, through the same path."""
        translated, records, route, help_text, usage = self._translate_texts(
            [f"line[{n}]" for n in range(len(lines))], lines, source, target, split=False)
        return Translation({"lines": translated}, source, target, chosen_engine_name(self.engine, source, target),
                           route, tuple(records), help_text, usage)

    # -- the sentence path ----------------------------------------------------------------------
    def _translate_texts(self, paths: list[str], texts: list[str], source: str, target: str, split: bool = True):
        stream = self._stream(source, target)
        work = _Work(source, target, feed=None if stream is None else Feed(stream, lambda: self._stream(source, target)))
        try:
            layouts = [_sentences(text, source) if split else [("", text, "")] for text in texts]
            found = self._memory_matches([s for pieces in layouts for _b, s, _a in pieces if s.strip()], source, target)
            for path, pieces in zip(paths, layouts):
                for index, (_before, sentence, _after) in enumerate(pieces):
                    if sentence.strip():
                        self._prepare(work, path, index, sentence, *found.get(sentence, (None, [])))
            route, help_text = self._run_engine(work)
        finally:
            if work.feed is not None:
                work.feed.stream.close()
        translated = []
        for path, pieces in zip(paths, layouts):
            out = []
            for index, (before, sentence, after) in enumerate(pieces):
                record = work.records.get((path, index))
                out.append(before + (record.target if record else sentence) + after)
            translated.append("".join(out))
        place = {path: n for n, path in enumerate(paths)}
        ordered = [work.records[key] for key in sorted(work.records, key=lambda k: (place[k[0]], k[1]))]
        return translated, ordered, route, help_text, work.engine_memory

    def _memory_matches(self, sentences: list[str], source: str, target: str) -> dict[str, tuple]:
        """(exact match or None, best fuzzy match if the exact one is missing or refused) of each
        sentence, all looked up before the first is prepared: while the engine starts, and not
        one query at a time against the threads that feed it."""
        if self.memory is None:
            return {}
        sentences = list(dict.fromkeys(sentences))
        exact = dict(zip(sentences, self.memory.exact_many(sentences, source, target)))
        lengths = self.memory.lengths(source)  # a lookup no stored text is long or short enough for is not made
        return {sentence: (match, [] if match is not None and not _refused_memory_target(match) or
                           not may_match(lengths, sentence, self.fuzzy_accept) else
                           self._best_other_fuzzy(sentence, source, target, match))
                for sentence, match in exact.items()}

    def _best_other_fuzzy(self, sentence: str, source: str, target: str, refused) -> list:
        """The best fuzzy match of ``sentence`` (as a list of at most one) other than its refused
        exact match, which the fuzzy search finds first (it scores 100): said once, not twice, and
        the next best match is tried."""
        if refused is None:
            return self.memory.fuzzy(sentence, source, target, threshold=self.fuzzy_accept, limit=1)
        found = self.memory.fuzzy(sentence, source, target, threshold=self.fuzzy_accept, limit=2)
        return [m for m in found if (m.source, m.target) != (refused.source, refused.target)][:1]

    def _prepare(self, work: _Work, path: str, index: int, sentence: str, match, fuzzy: list) -> None:
        """One sentence on its way: from the memory (``match``: its exact match, ``fuzzy``: its best
        fuzzy one), a frame, the glossary alone, or to the engine."""
        source, target = work.source, work.target
        notes = _refused_memory_target(match)
        if match is not None and not notes:
            self._record(work, path, index, sentence, match.target, "tm-exact", 100.0, "", _machine_made(match))
            return
        refused = _refused_memory_target(fuzzy[0] if fuzzy else None)
        notes += refused
        if fuzzy and not refused:
            note = Issue("qa.tm-fuzzy", WARNING, f"fuzzy memory match ({fuzzy[0].score:.0f} %) for "
                                                f"\"{fuzzy[0].source}\": check the differences")
            self._record(work, path, index, sentence, fuzzy[0].target, "tm-fuzzy", fuzzy[0].score, "",
                         (note, *_machine_made(fuzzy[0]), *notes))
            return
        framed = match_frame(sentence, source, target, self.knowledge, self.glossary)
        if framed is not None:
            self._prepare_frame(work, _FramePlan(path, index, sentence, framed, notes))
            return
        protected = protect(sentence, source, target, self.glossary, self.knowledge)
        if protected.only_placeholders:
            restored = restore(protected.text, protected)
            origin = "glossary" if any(p.kind in ("term", "phrase", "name") for p in protected.placeholders) else "copy"
            self._record(work, path, index, sentence, agree(restored.text, protected, target, self.knowledge), origin,
                         None, "", notes)
            return
        self._queue(work, _Pending(path, index, sentence, protected, notes))

    def _queue(self, work: _Work, item: _Pending) -> None:
        """A sentence (or a frame's slot) for the engine: fed to the stream at once when there is one."""
        item.sent = text_to_send(item.protected, self.knowledge)
        work.pending.append(item)
        if work.feed is not None:
            work.feed.send(item)

    def _stream(self, source: str, target: str):
        """The engine ready to be fed sentence by sentence, when it can be (else None: one batch at the end)."""
        opener = getattr(self.engine, "stream", None)
        if opener is None:
            return None
        try:
            return opener(source, target)
        except EngineError:
            return None  # the batch call says what is wrong

    def _prepare_frame(self, work: _Work, plan: _FramePlan) -> None:
        for slot in plan.match.texts:
            text = plan.match.for_engine(slot)
            if work.target in ("ru", "zh", "ar") and text.startswith("the "):
                text = text[4:]  # no article in these languages: "the Convention" is the term alone
            protected = protect(text, work.source, work.target, self.glossary, self.knowledge)
            if protected.only_placeholders:
                plan.filled[slot] = agree(restore(protected.text, protected).text, protected, work.target,
                                          self.knowledge)
            else:
                self._queue(work, _Pending(plan.field, plan.index, text, protected, (), plan, slot))
        if len(plan.filled) == len(plan.match.texts):
            self._record_frame(work, plan, "")

    def _run_engine(self, work: _Work) -> tuple[str, str]:
        if not work.pending:
            return "", ""
        source, target = work.source, work.target
        route = self.engine.routes(source, target)
        if route is None:
            help_text = self.engine.missing_help(source, target)
            self._leave_untranslated(work, "", ())
            return "none", help_text
        description = self.engine.describe_route(source, target)
        staged: dict[tuple[str, int], SegmentRecord] = {}
        slots: list[tuple[int, str, Restored]] = []  # frames' slots, filled once every translation is in
        try:
            for n, (text, restored) in self._engine_outputs(work, source, target):
                item = work.pending[n]
                if item.plan is not None:
                    slots.append((n, text, restored))
                else:
                    staged[(item.field, item.index)] = self._settle(work, item, text, restored, description)
        except EngineError as error:
            work.engine_memory = memory_usage(self.engine)
            self._leave_untranslated(work, description, (Issue("qa.engine", ERROR, f"{self.engine.name} failed: {error}"),))
            return description, str(error)
        work.engine_memory = memory_usage(self.engine)
        work.records.update(staged)  # kept only now that the engine has answered for every sentence
        for n, text, restored in sorted(slots, key=lambda slot: slot[0]):
            self._settle(work, work.pending[n], text, restored, description)
        return description, ""

    def _settle(self, work: _Work, item: _Pending, text: str, restored: Restored,
                description: str) -> SegmentRecord | None:
        """The record of a sentence the engine translated; a frame's slot is filled instead (None)."""
        extra = tuple(Issue("qa.placeholders", WARNING, f"the engine dropped \"{p.source}\"; it was put back "
                              f"at the end of the sentence") for p in restored.repaired)
        extra += tuple(Issue("qa.placeholders", WARNING, f"the engine repeated \"{p.source}\"; kept once")
                       for p in restored.duplicated) + item.notes
        problem = unusable_text(text)
        if problem is not None:  # kept in the source language, marked, rather than failing the whole draft
            refused = Issue("qa.engine-output", WARNING, f"the engine's translation was not used: {problem}")
            if item.plan is not None:
                self._fill_slot(work, item, mark_untranslated(item.source), description, (refused,))
                return None
            return self._make_record(work, item.field, item.index, item.source, mark_untranslated(item.source),
                                     "untranslated", None, description, (refused, *item.notes))
        if item.plan is not None:
            self._fill_slot(work, item, text, description, extra)
            return None
        return self._make_record(work, item.field, item.index, item.source, text, "mt", None, description, extra)

    def _engine_outputs(self, work: _Work, source: str, target: str):
        """(number of the pending sentence, its translation: engine_run.finished) of every pending
        sentence: from the stream as they come when it was fed them all, else from one batch in
        which the terms alone go last (a segment translates the same alone or among others)."""
        if work.feed is not None and work.feed.items == len(work.pending):
            return work.feed.translations(self.engine, work.pending, source, target, self.knowledge)
        terms = terms_of(work.pending)
        everything = translate_checked(self.engine, [p.sent.text for p in work.pending] + terms, source, target)
        outputs, renderings = everything[:len(work.pending)], everything[len(work.pending):]
        return enumerate(finished(self.engine, work.pending, outputs, dict(zip(terms, renderings)), source, target,
                                  self.knowledge))

    def _leave_untranslated(self, work: _Work, route: str, failure: tuple[Issue, ...]) -> None:
        for item in work.pending:
            if item.plan is not None:
                self._fill_slot(work, item, mark_untranslated(item.source), route, failure)
            else:
                self._record(work, item.field, item.index, item.source, mark_untranslated(item.source),
                             "untranslated", None, route, (*failure, *item.notes))

    def _fill_slot(self, work: _Work, item: _Pending, text: str, route: str, issues: tuple[Issue, ...]) -> None:
        plan = item.plan
        assert plan is not None
        if is_untranslated(text):
            text = mark_untranslated(plan.match.texts[item.slot])  # the slot as the source writes it
        else:
            text = plan.match.from_engine(item.slot, text)
        plan.filled[item.slot] = text
        plan.notes += tuple(i for i in issues if i not in plan.notes)
        if is_untranslated(text):  # a footnote marker may follow the brackets: "[[the law was amended]][^a]"
            plan.marked.append(item.slot)
        if len(plan.filled) == len(plan.match.texts):
            self._record_frame(work, plan, route)

    def _record_frame(self, work: _Work, plan: _FramePlan, route: str) -> None:
        target = plan.match.fill(work.target, plan.filled)
        if plan.marked:
            note = Issue("qa.untranslated", WARNING, f"drafted from the frame {plan.match.frame.id}; "
                                                     f"{len(plan.marked)} part(s) kept in {work.source} and marked")
            pair = SegmentPair(plan.source, target, work.source, work.target, untranslated=True)
            issues = tuple(i for i in check_pair(pair, self.glossary) if i.code != "qa.untranslated")
            work.records[(plan.field, plan.index)] = SegmentRecord(plan.field, plan.index, plan.source, target, "frame",
                                                                   None, route, (*issues, note, *plan.notes))
            return
        self._record(work, plan.field, plan.index, plan.source, target, "frame", None, route, plan.notes)

    def _record(self, work: _Work, path: str, index: int, source: str, target: str, origin: str,
                score: float | None, route: str, extra: tuple[Issue, ...] = ()) -> None:
        work.records[(path, index)] = self._make_record(work, path, index, source, target, origin, score, route, extra)

    def _make_record(self, work: _Work, path: str, index: int, source: str, target: str, origin: str,
                     score: float | None, route: str, extra: tuple[Issue, ...] = ()) -> SegmentRecord:
        pair = SegmentPair(source, target, work.source, work.target, untranslated=origin == "untranslated")
        issues = tuple(check_pair(pair, self.glossary)) + extra
        checked, compliant = term_counts(pair, self.glossary)
        return SegmentRecord(path, index, source, target, origin, score, route, issues, checked, compliant)


# -- where the text is ---------------------------------------------------------------------------
def text_fields(data: dict):
    """(field path, keys into the data, text) of every translatable text of an outcome: the
    paragraphs and sub-paragraphs of both documents, and the footnotes. Review and issue data
    (State names, symbols, dates) are identifiers and stay as they are."""
    for document in DOCUMENT_KEYS:
        for section, value in (data.get(document) or {}).items():
            base = (document, section)
            if section == "articles":
                for instrument, entries in (value or {}).items():
                    for n, entry in enumerate(entries or []):
                        keys = (*base, instrument, n, "paragraphs")
                        yield from _paragraphs(".".join(map(str, (document, section, instrument))) + f"[{n}].paragraphs",
                                               keys, entry.get("paragraphs") or [])
            else:
                yield from _paragraphs(f"{document}.{section}", base, value or [])
    for key, text in (data.get("footnotes") or {}).items():
        yield f"footnotes.{key}", ("footnotes", key), text


def _paragraphs(path: str, keys: tuple, items: list):
    for n, item in enumerate(items):
        if isinstance(item, str):
            yield f"{path}[{n}]", (*keys, n), item
        else:
            yield f"{path}[{n}].text", (*keys, n, "text"), item["text"]
            for m, sub in enumerate(item.get("subparagraphs") or []):
                yield f"{path}[{n}].subparagraphs[{m}]", (*keys, n, "subparagraphs", m), sub


def _set(data, keys: tuple, value: str) -> None:
    for key in keys[:-1]:
        data = data[key]
    data[keys[-1]] = value


def _sentences(text: str, language: str) -> list[tuple[str, str, str]]:
    """(leading space, sentence, trailing space) of each sentence, so that joining them back gives
    the text as it was, spaces and line breaks included."""
    pieces = []
    for span in segment_spans(text, language):
        piece = text[span.start:span.end]
        stripped = piece.strip()
        if not stripped:
            pieces.append((piece, "", ""))
            continue
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()):]
        pieces.append((lead, stripped, trail))
    return pieces
