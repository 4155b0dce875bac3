"""Translation quality and speed on the UN dev set, en→es: bare Apertium against our pipeline
(Apertium + translation memory + glossary enforcement), measured in the same run.

    .venv/bin/python bench/translate.py [--lines N] [--pair en-es]

Prints chrF (sacrebleu) of both against the reference translations, the glossary compliance of
each (terms of the project glossary found in the source whose approved translation appears in the
output), and the time of the pipeline as a ratio to the bare engine on the same lines (goal 1.1×,
bar 1.5×: issue 19). Bare engine and pipeline alternate for ``--rounds`` rounds (default 3), each
pipeline round with a fresh memory, glossary and word cache; the round with the median ratio is
reported, so that a burst of load from other work on the machine does not decide the figure.
The memory is a fresh one seeded with the official strings only: it holds no dev-set sentence
(that would be cheating).
"""
from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVSET = ROOT.parent / "shared" / "data" / "unpc-devset"
NAME = "translate"

from bench.figures import Figure, Unavailable, bench_main  # noqa: E402
from publisher.translate.engines import EngineError, engine  # noqa: E402
from publisher.translate.glossary_words import normalized  # noqa: E402
from publisher.translate.pipeline import Translator  # noqa: E402
from publisher.translate.qa import SegmentPair, term_counts  # noqa: E402
from publisher.translate.resources import load_glossaries, open_memory  # noqa: E402


def read(language: str, count: int) -> list[str]:
    with open(DEVSET / f"UNv1.0.devset.{language}", encoding="utf-8") as handle:
        return [next(handle).rstrip("\n") for _ in range(count)]


def compliance(glossary, sources, outputs, source, target) -> tuple[int, int]:
    checked = ok = 0
    for s, o in zip(sources, outputs):
        c, k = term_counts(SegmentPair(s, o, source, target), glossary)
        checked, ok = checked + c, ok + k
    return checked, ok


def sizes(quick: bool) -> dict:
    return {"lines": 50 if quick else 1000, "pair": "en-es", "rounds": 1 if quick else 3}


GOAL_RATIO = 1.1  # the pipeline's time over the bare engine's (issue 19)
BAR_RATIO = 1.5
GOAL_LINES = 1000  # the goal is judged at this size and above (a quick run is not judged)


@dataclass(frozen=True)
class Measurement:
    source: str
    target: str
    lines: int
    bare_chrf: float
    ours_chrf: float
    bare_terms: tuple[int, int]  # glossary terms checked, found with their approved translation
    ours_terms: tuple[int, int]
    bare_seconds: float
    ours_seconds: float
    round_ratios: tuple[float, ...] = ()  # pipeline/engine of every round, in the order run

    @property
    def bare_speed(self) -> float:
        return self.lines / self.bare_seconds

    @property
    def ours_speed(self) -> float:
        return self.lines / self.ours_seconds

    @property
    def ratio(self) -> float:
        """The pipeline's time over the bare engine's."""
        return self.ours_seconds / self.bare_seconds


def percent(pair: tuple[int, int]) -> float:
    return 100.0 * pair[1] / pair[0] if pair[0] else 100.0


def bare_engine(source: str, target: str):
    if not DEVSET.is_dir():
        raise Unavailable(f"the UN dev set is not at {DEVSET}")
    try:
        apertium = engine("apertium")
    except EngineError as error:
        raise Unavailable(f"apertium: {error}") from None
    if apertium.routes(source, target) is None:
        raise Unavailable(f"apertium has no route {source}→{target} here")
    return apertium


def _pipeline(apertium, sources: list[str], source: str, target: str) -> tuple[list[str], float]:
    """The pipeline's lines and seconds, with a fresh memory, glossary and word cache."""
    normalized.cache_clear()
    glossary = load_glossaries()
    with tempfile.TemporaryDirectory() as folder:
        memory = open_memory(Path(folder) / "memory.sqlite")
        translator = Translator(apertium, memory, glossary)
        translator.translate_lines(["The State party."], source, target)  # spaCy and the glossary indexes, loaded
        start = time.perf_counter()
        ours = translator.translate_lines(sources, source, target).data["lines"]
        seconds = time.perf_counter() - start
        memory.close()
    return ours, seconds


def measure(lines: int = 1000, pair: str = "en-es", rounds: int = 3) -> Measurement:
    import sacrebleu

    source, target = pair.split("-")
    apertium = bare_engine(source, target)
    sources, references = read(source, lines), read(target, lines)

    rounds_measured = []
    for _ in range(rounds):
        start = time.perf_counter()
        bare = apertium.translate(sources, source, target)
        bare_seconds = time.perf_counter() - start
        ours, ours_seconds = _pipeline(apertium, sources, source, target)
        rounds_measured.append((ours_seconds / bare_seconds, bare_seconds, ours_seconds))
    _, bare_seconds, ours_seconds = sorted(rounds_measured)[len(rounds_measured) // 2]
    glossary = load_glossaries()

    ours_plain = [line[2:-2] if line.startswith("[[") and line.endswith("]]") else line for line in ours]
    return Measurement(source, target, lines,
                       sacrebleu.corpus_chrf(bare, [references]).score,
                       sacrebleu.corpus_chrf(ours_plain, [references]).score,
                       compliance(glossary, sources, bare, source, target),
                       compliance(glossary, sources, ours_plain, source, target),
                       bare_seconds, ours_seconds, tuple(ratio for ratio, _, _ in rounds_measured))


def report(result: Measurement) -> None:
    print(f"UN dev set {result.source}→{result.target}, first {result.lines} sentences (times: the round of median ratio)")
    print(f"{'system':<36}{'chrF':>8}{'terms ok':>14}{'sentences/s':>14}")
    print(f"{'apertium (bare)':<36}{result.bare_chrf:>8.1f}{percent(result.bare_terms):>13.1f}%"
          f"{result.bare_speed:>14.1f}")
    print(f"{'publisher: memory+glossary+apertium':<36}{result.ours_chrf:>8.1f}{percent(result.ours_terms):>13.1f}%"
          f"{result.ours_speed:>14.1f}")
    print(f"\nchrF difference: {result.ours_chrf - result.bare_chrf:+.1f}; glossary terms checked: "
          f"{result.ours_terms[0]}; pipeline time: {result.ours_seconds:.2f} s, {result.ratio:.2f}x the bare "
          f"engine's {result.bare_seconds:.2f} s (goal {GOAL_RATIO}x, bar {BAR_RATIO}x); ratio of each round: "
          + ", ".join(f"{ratio:.2f}x" for ratio in result.round_ratios))


def figures_of(result: Measurement) -> list[Figure]:
    pair = f"{result.source}→{result.target}"
    compliance_ours = percent(result.ours_terms)
    return [
        Figure(NAME, f"chrF, UN dev set {pair}", result.ours_chrf, "chrF", "bare Apertium chrF", result.bare_chrf,
               better="higher"),
        Figure(NAME, f"glossary compliance ({result.ours_terms[0]} terms)", compliance_ours, "%",
               "bare Apertium compliance", percent(result.bare_terms), "100 %", compliance_ours >= 100.0,
               better="higher"),
        Figure(NAME, "pipeline time (memory + glossary + Apertium)", result.ours_seconds,
               "s", "bare Apertium, same sentences", result.bare_seconds,
               f"≤ {GOAL_RATIO}× (bar {BAR_RATIO}×) at {GOAL_LINES} sentences",
               result.ratio <= GOAL_RATIO if result.lines >= GOAL_LINES else None),
    ]


def run(lines: int = 1000, pair: str = "en-es", rounds: int = 3, show: bool = True) -> list[Figure]:
    result = measure(lines, pair, rounds)
    if show:
        report(result)
    return figures_of(result)


def main() -> int:
    return bench_main(__doc__, run, [("--lines", {"type": int, "default": 1000}), ("--pair", {"default": "en-es"}),
                                    ("--rounds", {"type": int, "default": 3})])


if __name__ == "__main__":
    sys.exit(main())
