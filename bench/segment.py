"""Sentence segmentation scored against the UN Parallel Corpus dev set, and its speed.

    .venv/bin/python bench/segment.py [--repeat N] [--errors N] [--across-documents]

The dev set (shared/data/unpc-devset/) has one sentence a line in six line-aligned files, and
UNv1.0.devset.ids names the source document of each line. Consecutive lines of one document are
joined into a paragraph (at most 6 lines; with a space, in Chinese without), so the known
boundaries are the starts of its lines after the first. A line that does not end with an end
mark (a heading, a list item ending with ";" or ",", a lead-in ending with ":") closes its
paragraph: in a UN document it is a paragraph of its own, and the pipeline segments paragraphs.
For comparison, "F1 bare" scores spaCy's sentencizer alone, and "F1 runs whole" scores the same
runs joined whole, headings and list items included, where no segmenter can find the boundary
after "Other matters" or "... as follows:".

--across-documents is a harder, informational reading: consecutive lines joined whatever their
document, in groups of 2 to 6 (still closed by a line without an end mark). It sets side by side
sentences that never stood together, so a line that opens in lower case (a Russian resolution
paragraph: "постановляет ...", a fragment) counts as a missed boundary; its figures do not set
the exit status.

For each language it prints paragraphs, known boundaries, boundary precision, recall and F1, and
throughput in sentences per second as a ratio to spaCy's bare sentencizer (spacy.blank + the
sentencizer pipe) measured in the same run. Goal: F1 >= 0.98 in every language; the exit status
is 1 when a language falls short (2 when the dev set is missing).
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from bench.figures import Figure, Unavailable  # noqa: E402
from publisher.reference import LANGUAGES  # noqa: E402
from publisher.translate.segment import CJK_END_MARKS, CLOSERS, END_MARKS, segment_spans  # noqa: E402

NAME = "segment"
DEVSET = ROOT.parent / "shared" / "data" / "unpc-devset"
GOAL = 0.98
MAX_LINES = 6


@dataclass(frozen=True)
class Paragraph:
    text: str
    boundaries: frozenset[int]  # offsets where the second and later sentences start


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        known = self.true_positives + self.false_negatives
        return self.true_positives / known if known else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def devset_available(directory: Path | None = None) -> bool:
    directory = directory or DEVSET
    return all((directory / f"UNv1.0.devset.{name}").is_file() for name in (*LANGUAGES, "ids"))


def _lines(directory: Path | None, suffix: str) -> list[str]:
    return ((directory or DEVSET) / f"UNv1.0.devset.{suffix}").read_text(encoding="utf-8").splitlines()


def ends_with_end_mark(line: str) -> bool:
    return line.rstrip().rstrip(CLOSERS)[-1:] in END_MARKS + CJK_END_MARKS


def devset_paragraphs(language: str, directory: Path | None = None, *, whole_runs: bool = False) -> list[Paragraph]:
    """Paragraphs of consecutive dev-set lines of one document. Unless ``whole_runs``, a line
    without an end mark closes its paragraph (see the module docstring)."""
    documents = [line.split()[0] for line in _lines(directory, "ids")]
    sentences = [line.strip() for line in _lines(directory, language)]
    groups: list[list[str]] = []
    for _, run in itertools.groupby(zip(documents, sentences), key=lambda pair: pair[0]):
        groups += _groups([sentence for _, sentence in run], itertools.repeat(MAX_LINES), whole_runs)
    return [_join(group, "" if language == "zh" else " ") for group in groups]


def across_documents_paragraphs(language: str, directory: Path | None = None) -> list[Paragraph]:
    """Groups of 2, 3, 4, 5, 6, 2, ... consecutive lines, whatever their document."""
    sentences = [line.strip() for line in _lines(directory, language)]
    groups = _groups(sentences, itertools.cycle(range(2, MAX_LINES + 1)), whole_runs=False)
    return [_join(group, "" if language == "zh" else " ") for group in groups]


def _groups(sentences: list[str], sizes: Iterator[int], whole_runs: bool) -> list[list[str]]:
    groups, group, size = [], [], next(sizes)
    for sentence in sentences:
        group.append(sentence)
        if len(group) == size or not (whole_runs or ends_with_end_mark(sentence)):
            groups.append(group)
            group, size = [], next(sizes)
    return groups + [group] if group else groups


def _join(sentences: list[str], separator: str) -> Paragraph:
    boundaries, offset = [], 0
    for sentence in sentences[:-1]:
        offset += len(sentence) + len(separator)
        boundaries.append(offset)
    return Paragraph(separator.join(sentences), frozenset(boundaries))


def predicted_boundaries(paragraph: Paragraph, language: str) -> frozenset[int]:
    return frozenset(span.start for span in segment_spans(paragraph.text, language)[1:])


def score(paragraphs: Iterable[Paragraph], language: str,
          predict: Callable[[Paragraph, str], frozenset[int]] = predicted_boundaries) -> Score:
    true_positives = false_positives = false_negatives = 0
    for paragraph in paragraphs:
        found = predict(paragraph, language)
        true_positives += len(found & paragraph.boundaries)
        false_positives += len(found - paragraph.boundaries)
        false_negatives += len(paragraph.boundaries - found)
    return Score(true_positives, false_positives, false_negatives)


def bare_sentencizer(language: str):
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    return nlp


def sentences_per_second(segmenters: dict[str, Callable[[str], object]], texts: list[str], sentences: int,
                         repeat: int) -> dict[str, float]:
    """Sentences per second of each segmenter over ``texts``: the best of ``repeat`` rounds, the
    segmenters taking turns within a round, so that load on the machine hits them alike."""
    best = {name: float("inf") for name in segmenters}
    for segment in segmenters.values():
        for text in texts[:50]:
            segment(text)  # warm-up: pipelines built, vocabularies filled
    for _ in range(repeat):
        for name, segment in segmenters.items():
            start = time.perf_counter()
            for text in texts:
                segment(text)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: sentences / seconds for name, seconds in best.items()}


def show_errors(paragraphs: list[Paragraph], language: str, limit: int) -> None:
    shown = 0
    for paragraph in paragraphs:
        found = predicted_boundaries(paragraph, language)
        for offset in sorted(found ^ paragraph.boundaries):
            if shown == limit:
                return
            kind = "split" if offset in found else "missed"
            print(f"  [{language} {kind}] ...{paragraph.text[max(0, offset - 60):offset]} | "
                  f"{paragraph.text[offset:offset + 40]}...")
            shown += 1


def sizes(quick: bool) -> dict:
    """Quick: every tenth paragraph, one timing round."""
    return {"repeat": 1, "step": 10} if quick else {"repeat": 3, "step": 1}


@dataclass(frozen=True)
class LanguageResult:
    language: str
    paragraphs: int
    sentences: int
    ours: Score
    whole_runs: Score  # the same runs joined whole, headings and list items included
    bare: Score  # spaCy's sentencizer alone
    speed: float  # sentences per second
    bare_speed: float

    @property
    def boundaries(self) -> int:
        return self.sentences - self.paragraphs


def measure_language(language: str, repeat: int = 3, step: int = 1) -> LanguageResult:
    paragraphs = devset_paragraphs(language)[::step]
    result = score(paragraphs, language)
    whole = score(devset_paragraphs(language, whole_runs=True)[::step], language)
    bare = bare_sentencizer(language)
    bare_result = score(paragraphs, language,
                        lambda paragraph, _: frozenset(s.start_char for s in list(bare(paragraph.text).sents)[1:]))
    texts = [paragraph.text for paragraph in paragraphs]
    sentences = sum(len(paragraph.boundaries) + 1 for paragraph in paragraphs)
    speed = sentences_per_second({"ours": lambda text: segment_spans(text, language),
                                  "bare": lambda text: [s.start_char for s in bare(text).sents]},
                                 texts, sentences, repeat)
    return LanguageResult(language, len(paragraphs), sentences, result, whole, bare_result,
                          speed["ours"], speed["bare"])


def measure(repeat: int = 3, step: int = 1, languages: Sequence[str] = LANGUAGES) -> list[LanguageResult]:
    if not devset_available():
        raise Unavailable(f"the UN Parallel Corpus dev set is not in {DEVSET}")
    return [measure_language(language, repeat, step) for language in languages]


HEADER = (f"{'language':<9}{'paragraphs':>11}{'boundaries':>11}{'P':>8}{'R':>8}{'F1':>8}"
          f"{'sent/s':>10}{'bare sent/s':>12}{'ratio':>7}{'F1 runs whole':>15}{'F1 bare':>9}")


def row(result: LanguageResult) -> str:
    ours = result.ours
    return (f"{result.language:<9}{result.paragraphs:>11}{result.boundaries:>11}"
            f"{ours.precision:>8.4f}{ours.recall:>8.4f}{ours.f1:>8.4f}"
            f"{result.speed:>10.0f}{result.bare_speed:>12.0f}{result.speed / result.bare_speed:>7.2f}"
            f"{result.whole_runs.f1:>15.4f}{result.bare.f1:>9.4f}")


def report(results: list[LanguageResult]) -> None:
    print(HEADER)
    for result in results:
        print(row(result))
    short = [result.language for result in results if result.ours.f1 < GOAL]
    if short:
        print(f"\nbelow the goal of F1 >= {GOAL}: {', '.join(short)}")
    else:
        print(f"\nevery language at F1 >= {GOAL}")


def figures_of(results: list[LanguageResult]) -> list[Figure]:
    found = []
    for result in results:
        found.append(Figure(NAME, f"boundary F1, {result.language}", result.ours.f1, "F1",
                            "bare spaCy sentencizer F1", result.bare.f1, f"≥ {GOAL}", result.ours.f1 >= GOAL,
                            better="higher"))
    for result in results:
        found.append(Figure(NAME, f"throughput, {result.language}", result.speed, "sentences/s",
                            "bare spaCy sentencizer", result.bare_speed, better="higher"))
    return found


def run(repeat: int = 3, step: int = 1, languages: Sequence[str] = LANGUAGES, show: bool = True) -> list[Figure]:
    results = measure(repeat, step, languages)
    if show:
        report(results)
    return figures_of(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--errors", type=int, default=0, help="print up to N wrong boundaries per language")
    parser.add_argument("--across-documents", action="store_true", help="also score lines joined across documents")
    arguments = parser.parse_args()
    if not devset_available():
        print(f"the UN Parallel Corpus dev set is not in {DEVSET}", file=sys.stderr)
        return 2

    print(HEADER)
    results = []
    for language in LANGUAGES:
        results.append(measure_language(language, arguments.repeat))
        print(row(results[-1]))
        if arguments.errors:
            show_errors(devset_paragraphs(language), language, arguments.errors)
    if arguments.across_documents:
        print("\nacross documents (informational):")
        print(f"{'language':<9}{'paragraphs':>11}{'boundaries':>11}{'P':>8}{'R':>8}{'F1':>8}")
        for language in LANGUAGES:
            paragraphs = across_documents_paragraphs(language)
            result = score(paragraphs, language)
            boundaries = sum(len(paragraph.boundaries) for paragraph in paragraphs)
            print(f"{language:<9}{len(paragraphs):>11}{boundaries:>11}"
                  f"{result.precision:>8.4f}{result.recall:>8.4f}{result.f1:>8.4f}")
            if arguments.errors:
                show_errors(paragraphs, language, arguments.errors)
    short = [result.language for result in results if result.ours.f1 < GOAL]
    if short:
        print(f"\nbelow the goal of F1 >= {GOAL}: {', '.join(short)}")
        return 1
    print(f"\nevery language at F1 >= {GOAL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
