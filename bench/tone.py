"""The tone check scored on labelled sentences, and its false alarms on the UN dev set.

    .venv/bin/python bench/tone.py [--errors] [--devset-errors] [--devset-languages] [--fresh] [--speed-against FOLDER]

tests/data/tone/<language>.tsv holds sentences written in the style of review outcomes, each
labelled ``comparison`` (the State set beside other States: a ranking), ``judging`` (wording that
judges or blames) or ``neutral``, and the patterns were tuned on them (the notes say which round
each sentence came from; rounds 1 to 4, 6 and 8 to 16 were each held out before they became tuning data).
tests/data/tone/held-out/<language>.tsv, when present, holds the latest held-out round, written
blind and never used to tune the patterns; held-out/floors.tsv (language, recall, false_alarms)
records its first score, which a later change may improve but never make worse. Without the
folder the held-out rows are reported as not present; held-out sentences that are tuning data too
(a round just folded in, until the next blind round replaces it) are reported as such. tests/data/tone/fresh/<language>.tsv holds
20 sentences a language written before the patterns were generalized, scored apart with --fresh.
The State under review is Mongolia throughout.

For each language it prints recall (a comparison found as tone.ranking, a judgement as
tone.adversarial) and the false-alarm rate (neutral sentences with any tone warning), on the
tuning set and on the held-out set, each beside the fixed lexicon alone (blueprints/tone.yaml,
the check before the token patterns) measured in the same run. Then the share of the 4,000
English dev-set sentences (shared/data/unpc-devset) with any tone warning: a false alarm for an
outcome, although some of those UN sentences do judge or blame; and the speed of the whole
check against the lexicon alone (--devset-languages: the dev set's share warned in each of the six
languages; devset-judged.tsv says which of them two judges read as judging or comparing, so no false
alarm). Goals: recall >= 0.9 and false alarms <= 2 % in every language on the held-out round; on the
tuning sets, which have grown past what the patterns were tuned to, recall at least the floors of
tuning-floors.tsv (the issue's goal on the labelled sets is the whole check's, the patterns with the
model read round by round: bench/tone_model.py loro); <= 1 % on the dev set; the exit status is 1
when one is missed (2 when a data set is missing).
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, Unavailable, table  # noqa: E402
from publisher.blueprint import load_blueprints  # noqa: E402
from publisher.reference import LANGUAGES  # noqa: E402
from publisher.tokenizers import typewriter_apostrophes  # noqa: E402
from publisher.validate.tone import tone_matches  # noqa: E402

NAME = "tone"
LABELLED = ROOT / "tests" / "data" / "tone"
FRESH = LABELLED / "fresh"  # 20 sentences a language written before the patterns were generalized, scored apart
HELD_OUT = LABELLED / "held-out"  # the latest blind round, <language>.tsv, and floors.tsv: its first scores
FLOORS = HELD_OUT / "floors.tsv"
# the patterns' score on the tuning sets when a round was last folded in (language, recall, false_alarms): a change of
# the patterns may raise it, never lower it (the goals below are the whole check's, the model read round by round)
TUNING_FLOORS = LABELLED / "tuning-floors.tsv"
DEVSET = ROOT.parent / "shared" / "data" / "unpc-devset"
JUDGED = LABELLED / "devset-judged.tsv"  # English dev-set lines judged by two people who did not know why each was picked
STATE = "Mongolia"
RECALL_GOAL, FALSE_ALARM_GOAL, DEVSET_GOAL = 0.9, 0.02, 0.01
EXPECTED = {"comparison": "ranking", "judging": "adversarial"}


@dataclass(frozen=True)
class Example:
    label: str  # comparison, judging or neutral
    sentence: str
    note: str


@dataclass(frozen=True)
class Score:
    found: int  # positives found with the right kind
    positives: int
    alarms: int  # neutral sentences with any warning
    neutrals: int

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0

    @property
    def false_alarms(self) -> float:
        return self.alarms / self.neutrals if self.neutrals else 0.0


def labelled_languages() -> list[str]:
    """The languages with a tuning set, in the order of the six languages."""
    return [language for language in LANGUAGES if (LABELLED / f"{language}.tsv").is_file()]


def read_examples(path: Path) -> list[Example]:
    """The labelled sentences of one file; a bad label is an error naming the file and line."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    examples = []
    for line, row in enumerate(rows, start=2):
        if row.get("label") not in (*EXPECTED, "neutral") or not row.get("sentence"):
            raise ValueError(f"{path}:{line}: label must be comparison, judging or neutral, with a sentence")
        examples.append(Example(row["label"], row["sentence"], row.get("note") or ""))
    return examples


def examples_of(language: str, held_out: bool = False) -> list[Example]:
    """The tuning sentences of a language, or its held-out ones (none when they are not present)."""
    path = HELD_OUT / f"{language}.tsv" if held_out else LABELLED / f"{language}.tsv"
    return read_examples(path) if path.is_file() else []


def table_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row by the header's field names) of a tab-separated file; none when it is not present."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return list(enumerate(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE), start=2))


def read_floors(path: Path = FLOORS) -> dict[str, tuple[float, float]]:
    """Floors a language, (recall, false alarms), that a change of the patterns must keep: the first score of the
    held-out round (FLOORS), or the score on the tuning sets when they last grew (TUNING_FLOORS). Empty when the file is not present; a bad row is an error
    naming the file, line and field."""
    floors = {}
    for line, row in table_rows(path):
        values = []
        for field in ("recall", "false_alarms"):
            try:
                value = float(row.get(field) or "")
            except ValueError:
                value = -1.0
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{path}:{line}: {field} must be a ratio between 0 and 1")
            values.append(value)
        if row.get("language") not in LANGUAGES:
            raise ValueError(f"{path}:{line}: language must be one of {', '.join(LANGUAGES)}")
        floors[row["language"]] = (values[0], values[1])
    return floors


def kinds_found(sentence: str, language: str, lexicon_only: bool = False) -> set[str]:
    lexicon = [p for p in load_blueprints().tone if p.language == language]
    if lexicon_only:
        read = typewriter_apostrophes(sentence)  # as tone_matches reads it
        return {p.kind for p in lexicon if p.regex.search(read)}
    return {match.kind for match in tone_matches(sentence, language, lexicon, STATE)}


def score(examples: list[Example], language: str, lexicon_only: bool = False) -> Score:
    found = positives = alarms = neutrals = 0
    for example in examples:
        kinds = kinds_found(example.sentence, language, lexicon_only)
        if example.label == "neutral":
            neutrals += 1
            alarms += bool(kinds)
        else:
            positives += 1
            found += EXPECTED[example.label] in kinds
    return Score(found, positives, alarms, neutrals)


def errors(examples: list[Example], language: str) -> list[str]:
    """The sentences the check gets wrong, for tuning: missed positives and false alarms."""
    wrong = []
    for example in examples:
        kinds = kinds_found(example.sentence, language)
        if example.label == "neutral" and kinds:
            wrong.append(f"  [{language} false alarm {'/'.join(sorted(kinds))}] {example.sentence}")
        elif example.label != "neutral" and EXPECTED[example.label] not in kinds:
            wrong.append(f"  [{language} missed {example.label}] {example.sentence}")
    return wrong


def devset_sentences(language: str = "en") -> list[str]:
    path = DEVSET / f"UNv1.0.devset.{language}"
    if not path.is_file():
        raise Unavailable(f"the UN Parallel Corpus dev set is not in {DEVSET}")
    return path.read_text(encoding="utf-8").splitlines()


def judged_lines(path: Path = JUDGED) -> dict[int, tuple[str, str]]:
    """Each judged dev-set line (0-based) with the two judges' labels (devset-judged.tsv); empty without the
    file. A bad row is an error naming the file, line and field."""
    judged = {}
    for line, row in table_rows(path):
        for field in ("first", "second"):
            if row.get(field) not in (*EXPECTED, "neutral"):
                raise ValueError(f"{path}:{line}: {field} must be comparison, judging or neutral")
        if not (row.get("line") or "").isdigit():
            raise ValueError(f"{path}:{line}: line must be the dev-set line number")
        judged[int(row["line"]) - 1] = (row["first"], row["second"])
    return judged


def judged_tone_lines(path: Path = JUDGED) -> frozenset[int]:
    """The dev-set lines (0-based) both judges read as judging or comparing: UN prose that does judge or
    blame, so that a warning on it is no false alarm. The dev set is aligned, so a line judged in English is
    judged in every language."""
    return frozenset(line for line, labels in judged_lines(path).items() if "neutral" not in labels)


def devset_alarms(sentences: list[str], lexicon_only: bool = False, language: str = "en") -> list[str]:
    return [sentence for sentence in sentences if kinds_found(sentence, language, lexicon_only)]


def report_devset_languages() -> None:
    """The share of each language's 4,000 dev-set sentences warned (the six are aligned): the whole
    check, the lexicon alone, and the patterns beyond it. Only English has a goal; a rule that
    warns on many UN sentences of its language is too broad."""
    rows = []
    for language in LANGUAGES:
        sentences = devset_sentences(language)
        ours, lexicon = devset_alarms(sentences, language=language), devset_alarms(sentences, True, language)
        beyond = len(set(ours) - set(lexicon))
        rows.append([language, f"{len(ours) / len(sentences):.2%}", f"{len(lexicon) / len(sentences):.2%}",
                     f"{beyond / len(sentences):.2%}"])
    print(table(["language", "warned", "lexicon alone", "patterns beyond the lexicon"], rows, right={1, 2, 3}))


def overlap_with_tuning(language: str) -> int:
    """How many held-out sentences of ``language`` are tuning sentences too (then no blind measure)."""
    tuning = {example.sentence for example in examples_of(language)}
    return sum(example.sentence in tuning for example in examples_of(language, held_out=True))


def sentences_per_second(sentences: list[str], lexicon_only: bool) -> float:
    start = time.perf_counter()
    for sentence in sentences:
        kinds_found(sentence, "en", lexicon_only)
    return len(sentences) / (time.perf_counter() - start)


def speed_against(baseline: Path, sentences: list[str], rounds: int = 5) -> tuple[float, float]:
    """Sentences a second of the English check with the lexicon and patterns of ``baseline`` (a
    folder holding an earlier tone.yaml and tone-patterns.yaml, e.g. from ``git show``; no legal
    sparing) and with the current ones and the legal sparing, in this process, alternating, the best
    of ``rounds`` CPU times each."""
    from publisher.blueprint import load_tone
    from publisher.validate.tone_legal import without_offence_elements
    from publisher.validate.tone_patterns import names_of, patterns

    excluded = names_of(STATE, "en")

    def check(lexicon, compiled, spare: bool):
        def run() -> int:
            warned = 0
            for sentence in sentences:
                matches = compiled.find(sentence, excluded)
                if spare:
                    matches = without_offence_elements(sentence, "en", matches)
                warned += bool(matches or any(p.regex.search(sentence) for p in lexicon))
            return warned
        return run

    before = check([p for p in load_tone(baseline / "tone.yaml") if p.language == "en"],
                   patterns("en", baseline / "tone-patterns.yaml"), spare=False)
    now = check([p for p in load_blueprints().tone if p.language == "en"], patterns("en"), spare=True)
    times: dict = {before: [], now: []}
    for run in (before, now) * (rounds + 1):  # the first round warms up
        start = time.process_time()
        run()
        times[run].append(time.process_time() - start)
    return len(sentences) / min(times[before][1:]), len(sentences) / min(times[now][1:])


def sizes(quick: bool) -> dict:
    """Quick: every fourth dev-set sentence."""
    return {"step": 4 if quick else 1}


def measure(step: int = 1) -> tuple[list[tuple[str, str, Score, Score]], list[str], list[str], float, float]:
    languages = labelled_languages()
    if not languages:
        raise Unavailable(f"no labelled sentences in {LABELLED}")
    scores = []
    for language in languages:
        for part, held_out in (("tuning", False), ("held-out", True)):
            examples = examples_of(language, held_out)
            if examples:
                scores.append((language, part, score(examples, language), score(examples, language, lexicon_only=True)))
    sentences = devset_sentences()[::step]
    kinds_found(sentences[0], "en")  # warm-up: the pipeline and the patterns are built once
    ours, lexicon = devset_alarms(sentences), devset_alarms(sentences, lexicon_only=True)
    speed = sentences_per_second(sentences[:1000], False), sentences_per_second(sentences[:1000], True)
    return scores, ours, lexicon, *speed


def report(scores, ours: list[str], lexicon: list[str], total: int, speed: float, lexicon_speed: float) -> None:
    rows = [[language, part, f"{s.positives}", f"{s.neutrals}", f"{s.recall:.3f}", f"{s.false_alarms:.3f}",
             f"{base.recall:.3f}", f"{base.false_alarms:.3f}"] for language, part, s, base in scores]
    print(table(["language", "set", "positives", "neutral", "recall", "false alarms", "lexicon recall",
                 "lexicon false alarms"], rows, right={2, 3, 4, 5, 6, 7}))
    if not any(part == "held-out" for _, part, _, _ in scores):
        print(f"\nheld-out set: not present ({HELD_OUT.relative_to(ROOT)}/<language>.tsv)")
    for language in sorted({language for language, part, _, _ in scores if part == "held-out"}):
        if shared := overlap_with_tuning(language):
            print(f"held-out {language}: {shared} of its sentences are tuning data too, so its score is no blind measure")
    beyond = len(set(ours) - set(lexicon))
    print(f"\nEnglish dev set: {len(ours)} of {total} sentences warned ({len(ours) / total:.2%}); "
          f"the lexicon alone {len(lexicon)} ({len(lexicon) / total:.2%}); "
          f"the patterns beyond the lexicon {beyond} ({beyond / total:.2%}, goal ≤ {DEVSET_GOAL:.0%})")
    if total == len(english := devset_sentences()):
        judged = {english[i] for i in judged_tone_lines()}
        true = len((set(ours) - set(lexicon)) & judged)
        print(f"  of those {beyond}, {true} judge or compare in the eyes of two judges ({JUDGED.name}): "
              f"false alarms beyond the lexicon {beyond - true} ({(beyond - true) / total:.2%}); "
              f"of all {len(ours)} warned, {len(set(ours) & judged)} judge or compare")
    print(f"speed on the dev set: {speed:,.0f} sentences/s, the lexicon alone {lexicon_speed:,.0f} "
          f"({speed / lexicon_speed:.2f}×)")


def figures_of(scores, ours: list[str], lexicon: list[str], total: int, speed: float, lexicon_speed: float,
               whole_devset: bool = True) -> list[Figure]:
    """The figures for the suite; the dev-set goal is judged on all 4,000 sentences only."""
    found = []
    for language, part, s, base in scores:
        floor = read_floors(TUNING_FLOORS).get(language, (RECALL_GOAL, 0))[0] if part == "tuning" else RECALL_GOAL
        found.append(Figure(NAME, f"recall, {language} {part}", s.recall, "ratio", "lexicon alone", base.recall,
                            f"≥ {floor}", s.recall >= floor, better="higher"))
        found.append(Figure(NAME, f"false alarms, {language} {part}", s.false_alarms, "ratio", "lexicon alone",
                            base.false_alarms, f"≤ {FALSE_ALARM_GOAL}", s.false_alarms <= FALSE_ALARM_GOAL))
    found.append(Figure(NAME, "warned, en dev set", len(ours) / total, "ratio", "lexicon alone", len(lexicon) / total))
    found.append(Figure(NAME, "warned by the patterns alone, en dev set", len(set(ours) - set(lexicon)) / total,
                        "ratio", "lexicon alone", len(lexicon) / total, f"≤ {DEVSET_GOAL}",
                        len(set(ours) - set(lexicon)) / total <= DEVSET_GOAL if whole_devset else None))
    found.append(Figure(NAME, "throughput, en dev set", speed, "sentences/s", "lexicon alone", lexicon_speed,
                        better="higher"))
    return found


def run(step: int = 1, show: bool = True) -> list[Figure]:
    scores, ours, lexicon, speed, lexicon_speed = measure(step)
    total = len(devset_sentences()[::step])
    if show:
        report(scores, ours, lexicon, total, speed, lexicon_speed)
    return figures_of(scores, ours, lexicon, total, speed, lexicon_speed, whole_devset=step == 1)


def report_fresh() -> int:
    """The fresh sets alone: recall and false alarms a language, and what the check gets wrong."""
    rows, wrong = [], []
    for language in LANGUAGES:
        path = FRESH / f"{language}.tsv"
        if path.is_file():
            examples = read_examples(path)
            s = score(examples, language)
            rows.append([language, f"{s.positives}", f"{s.neutrals}", f"{s.recall:.3f}", f"{s.false_alarms:.3f}"])
            wrong += errors(examples, language)
    if not rows:
        print(f"no fresh sets in {FRESH}", file=sys.stderr)
        return 2
    print(table(["language", "positives", "neutral", "recall", "false alarms"], rows, right={1, 2, 3, 4}))
    print("\n".join(wrong))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="print the labelled sentences the check gets wrong")
    parser.add_argument("--devset-errors", action="store_true", help="print the dev-set sentences warned")
    parser.add_argument("--devset-languages", action="store_true",
                        help="only the share of each language's dev-set sentences warned")
    parser.add_argument("--fresh", action="store_true",
                        help="score only the small fresh sets of tests/data/tone/fresh/ (and list their errors)")
    parser.add_argument("--speed-against", type=Path, metavar="FOLDER",
                        help="only the speed on 1,000 English dev-set sentences against the tone.yaml and "
                             "tone-patterns.yaml of FOLDER (e.g. an earlier commit's, from git show)")
    arguments = parser.parse_args()
    if arguments.fresh:
        return report_fresh()
    if arguments.devset_languages:
        try:
            report_devset_languages()
        except Unavailable as error:
            print(error, file=sys.stderr)
            return 2
        return 0
    if arguments.speed_against:
        before, now = speed_against(arguments.speed_against, devset_sentences()[:1000])
        print(f"CPU, 1,000 English dev-set sentences: {before:,.0f} sentences/s with {arguments.speed_against}, "
              f"{now:,.0f} now ({now / before:.2f}×)")
        return 0
    try:
        figures = run()
    except Unavailable as error:
        print(error, file=sys.stderr)
        return 2
    if arguments.errors:
        for language in labelled_languages():  # a sentence in both sets (a round just folded in) once
            print("\n".join(dict.fromkeys(errors(examples_of(language) + examples_of(language, True), language))))
    if arguments.devset_errors:
        print("\n".join(f"  [en dev set] {sentence}" for sentence in devset_alarms(devset_sentences())))
    missed = [f.name for f in figures if f.passed_goal is False]
    print("\n" + ("goals missed: " + "; ".join(missed) if missed else "every goal met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
