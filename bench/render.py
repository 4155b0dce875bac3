"""Rendering speed per language, as ratios to English measured in the same run.

    .venv/bin/python bench/render.py [--repeat N]

For each language version of the Mongolia sample it prints the median time of a PDF of the
summary (after one warm-up render) and its ratio to English; then the time of the full set of one
review, 2 documents x 6 languages x 3 formats (36 files), warm. Goals (issue: six-language layout):
Chinese at most 2x English; the 36 files within 5 s.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.blueprint import load_blueprints  # noqa: E402
from publisher.compose import compose  # noqa: E402
from publisher.pipeline import find_versions  # noqa: E402
from publisher.reference import LANGUAGES  # noqa: E402
from publisher.render import writer  # noqa: E402

SAMPLE = ROOT / "samples" / "mongolia-criminalization.yaml"


def median_seconds(action, repeat: int) -> float:
    action()  # warm-up: fonts loaded, caches filled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()

    blueprints = load_blueprints()
    versions = find_versions([str(SAMPLE)], LANGUAGES)
    missing = [v.language for v in versions if v.outcome is None]
    if missing:
        sys.exit(f"missing language versions of {SAMPLE.name}: {', '.join(missing)}")
    documents = {v.language: {kind: compose(v.outcome, kind, blueprints) for kind in ("observations", "summary")}
                 for v in versions}
    pdf = writer("pdf")

    results = {lang: median_seconds(lambda lang=lang: pdf.render(documents[lang]["summary"]), arguments.repeat)
               for lang in LANGUAGES}
    baseline = results["en"]
    print(f"{'language':<10}{'summary PDF (s)':>16}{'ratio to en':>13}")
    for lang in LANGUAGES:
        print(f"{lang:<10}{results[lang]:>16.3f}{results[lang] / baseline:>13.2f}")

    writers = [writer(name) for name in ("docx", "pdf", "html")]

    def full_set() -> None:
        for per_language in documents.values():
            for document in per_language.values():
                for output in writers:
                    output.render(document)

    total = median_seconds(full_set, max(1, arguments.repeat // 2))
    one_en = median_seconds(lambda: [w.render(d) for d in documents["en"].values() for w in writers],
                            arguments.repeat)
    print(f"\n36 files (2 documents x 6 languages x docx, pdf, html), warm: {total:.2f} s "
          f"({total / one_en:.1f}x the 6 English files, {one_en:.2f} s)")


if __name__ == "__main__":
    main()
