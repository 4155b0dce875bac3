"""Translation quality and speed on the UN dev set, en→es: bare Apertium against our pipeline
(Apertium + translation memory + glossary enforcement), measured in the same run.

    .venv/bin/python bench/translate.py [--lines N] [--pair en-es]

Prints chrF (sacrebleu) of both against the reference translations, the glossary compliance of
each (terms of the project glossary found in the source whose approved translation appears in the
output), and the throughput of the pipeline as a ratio to the bare engine. The memory is a fresh
one seeded with the official strings only: it holds no dev-set sentence (that would be cheating).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVSET = ROOT.parent / "shared" / "data" / "unpc-devset"

from publisher.translate.engines import engine  # noqa: E402
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


def main() -> None:
    import sacrebleu

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=400)
    parser.add_argument("--pair", default="en-es")
    arguments = parser.parse_args()
    source, target = arguments.pair.split("-")
    if not DEVSET.is_dir():
        sys.exit(f"the UN dev set is not at {DEVSET}")
    sources, references = read(source, arguments.lines), read(target, arguments.lines)
    apertium = engine("apertium")
    if apertium.routes(source, target) is None:
        sys.exit(f"apertium has no route {source}→{target} here")
    glossary = load_glossaries()

    start = time.perf_counter()
    bare = apertium.translate(sources, source, target)
    bare_seconds = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        memory = open_memory(Path(folder) / "memory.sqlite")
        translator = Translator(apertium, memory, glossary)
        start = time.perf_counter()
        ours = translator.translate_lines(sources, source, target).data["lines"]
        ours_seconds = time.perf_counter() - start
        memory.close()

    ours_plain = [line[2:-2] if line.startswith("[[") and line.endswith("]]") else line for line in ours]
    bare_chrf = sacrebleu.corpus_chrf(bare, [references]).score
    ours_chrf = sacrebleu.corpus_chrf(ours_plain, [references]).score
    bare_terms = compliance(glossary, sources, bare, source, target)
    ours_terms = compliance(glossary, sources, ours_plain, source, target)

    def percent(pair):
        return 100.0 * pair[1] / pair[0] if pair[0] else 100.0

    print(f"UN dev set {source}→{target}, first {arguments.lines} sentences")
    print(f"{'system':<36}{'chrF':>8}{'terms ok':>14}{'sentences/s':>14}")
    print(f"{'apertium (bare)':<36}{bare_chrf:>8.1f}{percent(bare_terms):>13.1f}%{len(sources) / bare_seconds:>14.1f}")
    print(f"{'publisher: memory+glossary+apertium':<36}{ours_chrf:>8.1f}{percent(ours_terms):>13.1f}%"
          f"{len(sources) / ours_seconds:>14.1f}")
    print(f"\nchrF difference: {ours_chrf - bare_chrf:+.1f}; glossary terms checked: {ours_terms[0]}; "
          f"pipeline throughput: {bare_seconds / ours_seconds:.2f}x the bare engine")


if __name__ == "__main__":
    main()
