"""Rendering speed per language, as ratios to English measured in the same run.

    .venv/bin/python bench/render.py [--repeat N]

For each language version of the Mongolia sample it prints the median time of a PDF of the
summary (after one warm-up render) and its ratio to English; then the time of the full set of one
review, 2 documents x 6 languages x 3 formats (36 files), warm. Goals (issue: six-language layout):
Chinese at most 2x English; the 36 files within 5 s.
"""
from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, Unavailable, bench_main  # noqa: E402
from publisher.blueprint import load_blueprints  # noqa: E402
from publisher.compose import compose  # noqa: E402
from publisher.stages import find_versions  # noqa: E402
from publisher.reference import LANGUAGES  # noqa: E402
from publisher.render import writer  # noqa: E402

NAME = "render"
SAMPLE = ROOT / "samples" / "mongolia-criminalization.yaml"
CHINESE_GOAL = 2.0  # times English
FULL_SET_GOAL = 5.0  # seconds


def sizes(quick: bool) -> dict:
    return {"repeat": 1 if quick else 5}


@dataclass(frozen=True)
class Measurement:
    summary_pdf: dict[str, float]  # seconds, by language
    full_set: float  # seconds for the 36 files
    english_set: float  # seconds for the 6 English files
    repeat: int


def median_seconds(action, repeat: int) -> float:
    action()  # warm-up: fonts loaded, caches filled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(repeat: int = 5) -> Measurement:
    blueprints = load_blueprints()
    versions = find_versions([str(SAMPLE)], LANGUAGES)
    missing = [v.language for v in versions if v.outcome is None]
    if missing:
        raise Unavailable(f"missing language versions of {SAMPLE.name}: {', '.join(missing)}")
    documents = {v.language: {kind: compose(v.outcome, kind, blueprints) for kind in ("observations", "summary")}
                 for v in versions}
    pdf = writer("pdf")
    summary_pdf = {lang: median_seconds(lambda lang=lang: pdf.render(documents[lang]["summary"]), repeat)
                   for lang in LANGUAGES}

    writers = [writer(name) for name in ("docx", "pdf", "html")]

    def full_set() -> None:
        for per_language in documents.values():
            for document in per_language.values():
                for output in writers:
                    output.render(document)

    total = median_seconds(full_set, max(1, repeat // 2))
    one_en = median_seconds(lambda: [w.render(d) for d in documents["en"].values() for w in writers], repeat)
    return Measurement(summary_pdf, total, one_en, repeat)


def report(result: Measurement) -> None:
    baseline = result.summary_pdf["en"]
    print(f"{'language':<10}{'summary PDF (s)':>16}{'ratio to en':>13}")
    for lang in LANGUAGES:
        print(f"{lang:<10}{result.summary_pdf[lang]:>16.3f}{result.summary_pdf[lang] / baseline:>13.2f}")
    print(f"\n36 files (2 documents x 6 languages x docx, pdf, html), warm: {result.full_set:.2f} s "
          f"({result.full_set / result.english_set:.1f}x the 6 English files, {result.english_set:.2f} s)")


def figures_of(result: Measurement) -> list[Figure]:
    english = result.summary_pdf["en"]
    found = []
    for lang in LANGUAGES:
        ratio = result.summary_pdf[lang] / english
        goal = f"≤ {CHINESE_GOAL:g}× en" if lang == "zh" else None
        found.append(Figure(NAME, f"summary PDF, {lang}", result.summary_pdf[lang], "s", "summary PDF, en", english,
                            goal, ratio <= CHINESE_GOAL if goal else None))
    found.append(Figure(NAME, "36 files (2 documents × 6 languages × 3 formats), warm", result.full_set, "s",
                        "the 6 English files", result.english_set,
                        f"≤ {FULL_SET_GOAL:g} s", result.full_set <= FULL_SET_GOAL))
    return found


def run(repeat: int = 5, show: bool = True) -> list[Figure]:
    result = measure(repeat)
    if show:
        report(result)
    return figures_of(result)


def main() -> int:
    return bench_main(__doc__, run, [("--repeat", {"type": int, "default": 5})])


if __name__ == "__main__":
    sys.exit(main())
