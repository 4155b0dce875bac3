"""Mine and check UN language knowledge on the UN Parallel Corpus dev set.

    .venv/bin/python bench/mine_unlang.py propose --to es [--min 6] [--top 80]
    .venv/bin/python bench/mine_unlang.py check            # every entry of publisher/reference/unlang/

The dev set (``../shared/data/unpc-devset/``, 4000 sentences aligned six ways) is cut in two:
lines 1–3000 are the MINING part, lines 3001–4000 the HELD-OUT part that no entry may be taken
from (bench/translate.py measures the drafts on it). Both commands read the mining part only.

``propose`` counts the English n-grams (2 to 5 words) that are frequent in the mining part and,
for each, the target n-gram that best follows it across the aligned lines (Dice coefficient of
the two sets of lines): a candidate, with the lines it was seen on, for a person to accept into
the data or not. ``check`` looks every entry of the data up: for each language, on how many of
the mining lines whose English has the entry's English form the aligned line has the entry's
form in that language (case-insensitive; for Russian and Arabic a word's first letters, so that
case endings and proclitics meet). An entry seen on no line is reported as "not in the dev set"
(its source must then be another one: the official texts, UNTERM); an entry whose translation
appears on fewer than half of its lines is reported for a person to look at.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVSET = ROOT.parent / "shared" / "data" / "unpc-devset"
MINING = range(0, 3000)  # 0-based line indexes: lines 1-3000
HELD_OUT = range(3000, 4000)  # lines 3001-4000, never mined
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
_STOP = {"the", "of", "and", "to", "in", "a", "an", "on", "for", "by", "with", "that", "as", "at", "be", "is",
         "are", "was", "were", "its", "their", "which", "or", "from", "this", "it", "has", "have", "had", "been"}
_WORD = re.compile(r"\w+(?:[-’']\w+)*", re.U)


def read_lines(language: str, part: range = MINING) -> list[str]:
    with open(DEVSET / f"UNv1.0.devset.{language}", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    return [lines[i] for i in part]


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text.replace("’", "'"))]


def ngrams(tokens: list[str], low: int, high: int):
    for size in range(low, high + 1):
        for start in range(len(tokens) - size + 1):
            yield tuple(tokens[start:start + size])


def target_units(text: str, language: str) -> set[tuple[str, ...]]:
    """The n-grams of a target line: words (1-5) or, in Chinese, characters (2-8)."""
    if language == "zh":
        chars = [c for c in text if not c.isspace()]
        return set(ngrams(chars, 2, 8))
    return set(ngrams(words(text), 1, 5))


def propose(target: str, minimum: int = 6, top: int = 80) -> list[tuple[str, str, float, list[int]]]:
    english, other = read_lines("en"), read_lines(target)
    lines_of: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, line in enumerate(english):
        for gram in set(ngrams(words(line), 2, 5)):
            if gram[0] not in _STOP and gram[-1] not in _STOP:
                lines_of[gram].append(index)
    frequent = {g: ls for g, ls in lines_of.items() if len(ls) >= minimum}
    units = [target_units(line, target) for line in other]
    unit_count: Counter = Counter(u for us in units for u in us)
    found = []
    for gram, indexes in sorted(frequent.items(), key=lambda item: -len(item[1]))[: top * 4]:
        together: Counter = Counter(u for i in indexes for u in units[i])
        best = max(together, key=lambda u: (2 * together[u] / (len(indexes) + unit_count[u]), len(u)), default=None)
        if best is None:
            continue
        dice = 2 * together[best] / (len(indexes) + unit_count[best])
        joiner = "" if target == "zh" else " "
        found.append((" ".join(gram), joiner.join(best), dice, [i + 1 for i in indexes[:5]]))
    return sorted(found, key=lambda f: -f[2])[:top]


def _loose(form: str, language: str) -> re.Pattern:
    """A pattern for ``form`` in a line: exact for en, fr, es, zh; for ru and ar each word by its
    first letters (case endings, proclitics and the article vary)."""
    if language == "zh":
        return re.compile(re.escape(form))
    parts = []
    for word in words(form):
        if language == "ru" and len(word) > 4:
            parts.append(re.escape(word[: max(4, len(word) - 2)]) + r"\w*")
        elif language == "ar" and len(word) > 3:
            core = word[2:] if word.startswith("ال") else word
            parts.append(r"\w*" + re.escape(core[: max(3, len(core) - 1)]) + r"\w*")
        else:
            parts.append(re.escape(word))
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)", re.I)


def support(english_form: str, forms: dict[str, list[str]], texts: dict[str, list[str]]) -> dict:
    """Lines (1-based) with the English form, and per language how many of them have a form."""
    pattern = _loose(english_form, "en")
    lines = [i for i, line in enumerate(texts["en"]) if pattern.search(line)]
    result = {"lines": [i + 1 for i in lines]}
    for language, variants in forms.items():
        patterns = [_loose(v, language) for v in variants]
        result[language] = sum(1 for i in lines if any(p.search(texts[language][i]) for p in patterns))
    return result


def check() -> int:
    from publisher.translate.unlang import load_knowledge

    texts = {language: read_lines(language) for language in LANGUAGES}
    doubtful = 0
    for entry in load_knowledge().phrases:
        english = entry.forms.get("en", ())
        if not english:
            continue
        forms = {lang: list(v) for lang, v in entry.forms.items() if lang != "en"}
        seen = support(english[0], forms, texts)
        if not seen["lines"]:
            print(f"{entry.id:<44} not in the dev set (source: {entry.source})")
            continue
        shares = " ".join(f"{lang} {seen[lang]}/{len(seen['lines'])}" for lang in forms)
        weak = [lang for lang in forms if seen[lang] * 2 < len(seen["lines"])]
        doubtful += bool(weak)
        flag = f"  LOOK AT: {', '.join(weak)}" if weak else ""
        print(f"{entry.id:<44} lines {', '.join(map(str, seen['lines'][:4]))}: {shares}{flag}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("propose")
    ask.add_argument("--to", default="es", choices=LANGUAGES[1:])
    ask.add_argument("--min", type=int, default=6)
    ask.add_argument("--top", type=int, default=80)
    commands.add_parser("check")
    options = parser.parse_args()
    if options.command == "check":
        return check()
    for english, target, dice, lines in propose(options.to, options.min, options.top):
        print(f"{dice:5.2f}  {english:<40} {target:<40} lines {', '.join(map(str, lines))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
