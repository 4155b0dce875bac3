"""Translation memory lookups on 100,000 segments, against a linear rapidfuzz scan in the same run.

    .venv/bin/python bench/tm.py [--segments N] [--queries N]

Builds, in a temporary folder, a memory of N units (default 100,000): the UN Parallel Corpus
development set, English -> French and English -> Spanish, made up to N by deterministic variations
of its sentences (numbers changed, a word replaced, a connector or a document reference added),
generated here and never stored in the project. One sentence in twenty is held back, unseen.

Queries: near-duplicates of stored sources (a word dropped or replaced, a typo) and held-back
sentences (most have no match). For each it times ``exact`` and ``fuzzy`` (threshold 75, 3
results) and, as the baseline, ``rapidfuzz.process.extract`` over every source of the asked
language pair (and over all sources), both scoring ``fuzz.ratio`` on normalised text; it prints
median and 95th percentile in ms, the ratios, and how often the memory's best score equals the
scan's. ``exact`` is set against a Python dict of the same normalised sources, built in the same
run. Goal (translation-memory brief): fuzzy lookup within 20 ms on 100,000 segments.
"""
from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from bench.figures import Figure, Unavailable, bench_main  # noqa: E402
from publisher.translate.memory import TranslationMemory  # noqa: E402
from publisher.translate.memory_text import normalize  # noqa: E402

NAME = "tm"
CORPUS = ROOT.parent / "shared" / "data" / "unpc-devset"
TARGETS = ("fr", "es")
HELD_BACK = 20  # one sentence in this many is never stored
THRESHOLD = 75.0
GOAL_MS = 20.0
GOAL_SEGMENTS = 100_000
CONNECTORS = {"en": "Furthermore, ", "fr": "En outre, ", "es": "Además, "}
_NUMBER = re.compile(r"\d+")


def read_corpus() -> dict[str, list[str]]:
    if not CORPUS.is_dir():
        raise Unavailable(f"the UN Parallel Corpus development set is not at {CORPUS}")
    return {lang: (CORPUS / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()
            for lang in ("en", *TARGETS)}


def vary(source: str, target: str, seed: int, words: list[str]) -> tuple[str, str]:
    """A deterministic variant of a unit: the kind of near-duplicate a real memory fills up with."""
    chance = random.Random(seed)
    operation = chance.randrange(4)
    if operation == 0 and _NUMBER.search(source):
        number = str(chance.randrange(2, 2000))
        return _NUMBER.sub(number, source, count=1), _NUMBER.sub(number, target, count=1)
    if operation == 1:
        tokens = source.split()
        tokens[chance.randrange(len(tokens))] = chance.choice(words)
        return " ".join(tokens), target + " " + chance.choice(words)
    if operation == 2:
        return CONNECTORS["en"] + source[:1].lower() + source[1:], target
    reference = f" (A/{chance.randrange(50, 80)}/{chance.randrange(1, 999)})"
    return source + reference, target + reference


def build_units(corpus: dict[str, list[str]], total: int) -> dict[str, list[tuple[str, str]]]:
    """``total`` units with distinct sources, half English -> French, half English -> Spanish."""
    english = corpus["en"]
    words = sorted({w for line in english for w in line.split() if w.isalpha() and len(w) > 3})
    stored_lines = [i for i in range(len(english)) if i % HELD_BACK != HELD_BACK // 2 and english[i].strip()]
    units: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for pair_number, target in enumerate(TARGETS):
        wanted = total // len(TARGETS) + (pair_number < total % len(TARGETS))
        pair: list[tuple[str, str]] = []
        variant = 0
        while len(pair) < wanted:
            for line in stored_lines:
                source, translation = english[line], corpus[target][line]
                if variant or pair_number:
                    seed = (pair_number * 1000 + variant) * 100_000 + line
                    source, translation = vary(source, translation, seed, words)
                key = normalize(source)
                if key in seen or not translation.strip():
                    continue
                seen.add(key)
                pair.append((source, translation))
                if len(pair) == wanted:
                    break
            variant += 1
        units[target] = pair
    return units


def near_duplicate(text: str, chance: random.Random, words: list[str]) -> str:
    """A query a translator might bring: a stored sentence with a word dropped, replaced or mistyped."""
    tokens = text.split()
    place = chance.randrange(len(tokens))
    operation = chance.randrange(3)
    if operation == 0 and len(tokens) > 4:
        del tokens[place]
    elif operation == 1:
        tokens[place] = chance.choice(words)
    else:
        word = tokens[place]
        cut = chance.randrange(len(word) + 1)
        tokens[place] = word[:cut] + "x" + word[cut + 1:]
    return " ".join(tokens)


def timed(action, queries) -> tuple[list[float], list]:
    times, results = [], []
    for query in queries:
        start = time.perf_counter()
        results.append(action(query))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def sizes(quick: bool) -> dict:
    return {"segments": 5_000, "queries": 30} if quick else {"segments": GOAL_SEGMENTS, "queries": 300}


@dataclass(frozen=True)
class Measurement:
    pair_sizes: dict[str, int]  # units stored, by target language
    segments: int
    built: float  # seconds to fill the memory
    megabytes: float
    first: float  # ms, first fuzzy lookup
    exact: list[float]  # ms per query, memory
    exact_dict: list[float]  # ms per query, the dict baseline
    exact_found: int
    near: list[float]  # ms per query: memory, then the scans
    unseen: list[float]
    scan_near: list[float]
    scan_unseen: list[float]
    all_near: list[float]
    all_unseen: list[float]
    agreement: dict[str, tuple[int, int, int, int]]  # label: same best score, hit, expected, queries


def queries_for(units, english: list[str], words: list[str], count: int):
    """Near-duplicates of stored sources, and held-back sentences (a third as many)."""
    chance = random.Random(2026)
    near = []
    sentences = {target: [source for source, _ in pair if len(source.split()) > 3] for target, pair in units.items()}
    for number in range(count):
        target = TARGETS[number % len(TARGETS)]
        source = chance.choice(sentences[target])
        query = near_duplicate(source, chance, words)
        if normalize(query) != normalize(source):
            near.append((query, target))
    held_back = [english[i] for i in range(HELD_BACK // 2, len(english), HELD_BACK) if english[i].strip()]
    unseen = [(text, TARGETS[n % len(TARGETS)]) for n, text in enumerate(held_back[:max(1, count // 3)])]
    return near, unseen


def agreement(found, scanned) -> tuple[int, int, int, int]:
    same = sum(abs((f[0].score if f else 0) - (s[0][1] if s else 0)) < 1e-6 for f, s in zip(found, scanned))
    expected = sum(bool(s) for s in scanned)
    hit = sum(bool(f) and bool(s) for f, s in zip(found, scanned))
    return same, hit, expected, len(found)


def measure(segments: int = GOAL_SEGMENTS, queries: int = 300) -> Measurement:
    corpus = read_corpus()
    units = build_units(corpus, segments)
    english = corpus["en"]
    words = sorted({w for line in english for w in line.split() if w.isalpha() and len(w) > 3})
    near, unseen = queries_for(units, english, words, queries)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.tm"
        start = time.perf_counter()
        with TranslationMemory(path) as memory:
            memory.add_many(("en", target, source, translation, "unpc-devset")
                            for target, pair in units.items() for source, translation in pair)
            built = time.perf_counter() - start
            stored_segments = memory.stats()["segments"]

            start = time.perf_counter()
            memory.fuzzy(near[0][0], "en", near[0][1])
            first = (time.perf_counter() - start) * 1000

            step = max(1, len(units[TARGETS[0]]) // 150)
            stored = [(source, target) for target in TARGETS for source, _ in units[target][::step]]
            exact_times, exact_found = timed(lambda q: memory.exact(q[0], "en", q[1]), stored)
            near_times, near_found = timed(lambda q: memory.fuzzy(q[0], "en", q[1], THRESHOLD, 3), near)
            unseen_times, unseen_found = timed(lambda q: memory.fuzzy(q[0], "en", q[1], THRESHOLD, 3), unseen)
        size = path.stat().st_size / 1e6

    by_key = {(target, normalize(source)): translation
              for target, pair in units.items() for source, translation in pair}
    dict_times, _ = timed(lambda q: by_key.get((q[1], normalize(q[0]))), stored)

    pair_keys = {target: [normalize(source) for source, _ in pair] for target, pair in units.items()}
    all_keys = [key for keys in pair_keys.values() for key in keys]

    def scan(query, keys):
        return process.extract(normalize(query[0]), keys, scorer=fuzz.ratio, limit=3, score_cutoff=THRESHOLD)

    scan_near_times, scan_near = timed(lambda q: scan(q, pair_keys[q[1]]), near)
    scan_unseen_times, scan_unseen = timed(lambda q: scan(q, pair_keys[q[1]]), unseen)
    all_near_times, _ = timed(lambda q: scan(q, all_keys), near)
    all_unseen_times, _ = timed(lambda q: scan(q, all_keys), unseen)
    return Measurement({target: len(pair) for target, pair in units.items()}, stored_segments, built, size, first,
                       exact_times, dict_times, sum(m is not None for m in exact_found),
                       near_times, unseen_times, scan_near_times, scan_unseen_times, all_near_times, all_unseen_times,
                       {"near-duplicates": agreement(near_found, scan_near),
                        "unseen": agreement(unseen_found, scan_unseen)})


def report(result: Measurement) -> None:
    print(f"memory: {result.segments} segments ({', '.join(f'en-{t} {n}' for t, n in result.pair_sizes.items())}), "
          f"built in {result.built:.1f} s, {result.megabytes:.0f} MB")
    print(f"first fuzzy lookup (reads the trigram statistics once): {result.first:.0f} ms")
    exact, exact_dict = summary(result.exact), summary(result.exact_dict)
    print(f"exact lookup ({len(result.exact)} stored sources): median {exact[0]:.3f} ms, "
          f"p95 {exact[1]:.3f} ms, {result.exact_found} found; a dict of the same sources: median "
          f"{exact_dict[0]:.4f} ms")

    pair = sum(result.pair_sizes.values()) // len(TARGETS)
    every = sum(result.pair_sizes.values())
    print(f"\n{'fuzzy lookup, threshold 75, 3 results (ms)':<44}{'memory':>16}"
          f"{f'scan of the pair ({pair})':>26}{f'scan of all ({every})':>26}")
    print(f"{'':<44}{'median':>8}{'p95':>8}{'median':>10}{'p95':>8}{'ratio':>8}{'median':>10}{'p95':>8}{'ratio':>8}")
    rows = [("near-duplicates", result.near, result.scan_near, result.all_near),
            ("unseen sentences", result.unseen, result.scan_unseen, result.all_unseen),
            ("all queries", result.near + result.unseen, result.scan_near + result.scan_unseen,
             result.all_near + result.all_unseen)]
    for label, ours, pair_scan, all_scan in rows:
        (median, p95), (pair_median, pair_p95), (all_median, all_p95) = map(summary, (ours, pair_scan, all_scan))
        print(f"{f'{label} ({len(ours)})':<44}{median:>8.2f}{p95:>8.2f}{pair_median:>10.2f}{pair_p95:>8.2f}"
              f"{pair_median / median:>7.1f}x{all_median:>10.2f}{all_p95:>8.2f}{all_median / median:>7.1f}x")

    for label, (same, hit, expected, count) in result.agreement.items():
        print(f"{label}: best score equal to the pair scan's in {same}/{count} queries; "
              f"a match found in {hit}/{expected} queries where the scan has one")
    goal = summary(result.near + result.unseen)
    print(f"\ngoal: fuzzy lookup within 20 ms on 100,000 segments; here, on {result.segments}: "
          f"median {goal[0]:.2f} ms, p95 {goal[1]:.2f} ms")


def figures_of(result: Measurement) -> list[Figure]:
    at_goal_size = result.segments >= GOAL_SEGMENTS
    goal = f"≤ {GOAL_MS:g} ms at {GOAL_SEGMENTS:,} segments"
    every_query = result.near + result.unseen
    every_scan = result.scan_near + result.scan_unseen
    found = []
    for label, ours, scanned in (("near-duplicates", result.near, result.scan_near),
                                 ("unseen sentences", result.unseen, result.scan_unseen),
                                 ("all queries", every_query, every_scan)):
        median, scan_median = summary(ours)[0], summary(scanned)[0]
        found.append(Figure(NAME, f"fuzzy lookup median, {label}", median, "ms",
                            "rapidfuzz scan of the pair, median", scan_median,
                            goal, median <= GOAL_MS if at_goal_size else None))
    p95, scan_p95 = summary(every_query)[1], summary(every_scan)[1]
    found.append(Figure(NAME, "fuzzy lookup p95, all queries", p95, "ms", "rapidfuzz scan of the pair, p95", scan_p95,
                        goal, p95 <= GOAL_MS if at_goal_size else None))
    found.append(Figure(NAME, "exact lookup median", summary(result.exact)[0], "ms",
                        "Python dict of the same sources, median", summary(result.exact_dict)[0]))
    return found


def run(segments: int = GOAL_SEGMENTS, queries: int = 300, show: bool = True) -> list[Figure]:
    result = measure(segments, queries)
    if show:
        report(result)
    return figures_of(result)


def main() -> int:
    return bench_main(__doc__, run, [
        ("--segments", {"type": int, "default": GOAL_SEGMENTS}),
        ("--queries", {"type": int, "default": 300, "help": "near-duplicate queries (and a third as many unseen)"})])


if __name__ == "__main__":
    sys.exit(main())
