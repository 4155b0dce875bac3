"""Mine and check UN language knowledge on the UN Parallel Corpus dev set.

    .venv/bin/python bench/mine_unlang.py propose --to es [--min 6] [--top 80]
    .venv/bin/python bench/mine_unlang.py check            # every entry of publisher/reference/unlang/
    .venv/bin/python bench/mine_unlang.py mine [--upto 2000]  # writes mined.yaml and mined-words.yaml

The dev set (``../shared/data/unpc-devset/``, 4000 sentences aligned six ways) is cut in two:
lines 1–3000 are the MINING part, lines 3001–4000 the HELD-OUT part that no entry may be taken
from (bench/translate.py measures the drafts on it). Both commands read the mining part only.

``mine`` writes ``publisher/reference/unlang/mined.yaml``: the candidates of ``propose`` for the
languages an engine translates here (es, fr) that pass two checks on the mining lines: the
engine's rendering of the English n-gram alone differs from the target form, and on at least
half of the lines where the English n-gram stands the reference has the target form (so the
entry corrects what the engine writes, as UN translators wrote it). Each entry records the lines
it was seen on and its Dice coefficients. It also writes ``mined-words.yaml`` (``mine_words``): an
English word, what the engine writes for it (its rendering of the word alone; the words its
translations of the word's lines have in excess of the references, when the word is the English
that best goes with them; or the word itself, left in English) and the word UN translators wrote,
kept where it raises the sentence chrF of those lines and stands in at least two documents.
``--upto N`` mines lines 1-N only, so that the rules can be tuned on lines N+1-3000 with data not
mined from them (the data in the repository is mined from lines 1-3000).

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
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from functools import cache
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


def read_lines(language: str, part: range | None = None) -> list[str]:
    """The lines of ``part`` (by default the mining part, ``MINING``) in one language."""
    with open(DEVSET / f"UNv1.0.devset.{language}", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    return [lines[i] for i in (MINING if part is None else part)]


def read_documents() -> list[str]:
    """The symbol of the UN document each line of the mining part comes from (the dev set's ids file)."""
    with open(DEVSET / "UNv1.0.devset.ids", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    return [lines[i].split(" ")[0] for i in MINING]


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
    for gram, indexes in sorted(frequent.items(), key=lambda item: (-len(item[1]), item[0]))[: top * 4]:
        together: Counter = Counter(u for i in indexes for u in units[i])
        best = max(together, key=lambda u: (2 * together[u] / (len(indexes) + unit_count[u]), len(u), u), default=None)
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


_EDGE_WORDS = {"es": {"el", "la", "los", "las", "de", "del", "y", "en", "a", "que", "por", "para", "con", "al", "un", "una",
                       "se", "su", "sus", "o"},
               "fr": {"le", "la", "les", "de", "des", "du", "et", "en", "à", "au", "aux", "que", "l", "d", "un", "une", "par",
                      "pour", "sur", "son", "sa", "ses", "ou", "dans", "qui"}}


def _cased(form: str, lines: list[str], language: str) -> str | None:
    """The commonest way the lines write ``form`` (found case-insensitively)."""
    pattern = _loose(form, "en" if language in ("es", "fr") else language)
    seen: Counter = Counter(m.group(0) for line in lines for m in pattern.finditer(line.replace("’", "'")))
    return seen.most_common(1)[0][0] if seen else None


def _stems(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return {w[:4] for w in re.findall(r"\w+", plain) if len(w) >= 4}


def _related(rendering: str, form: str) -> bool:
    """The engine's rendering and the UN form share a word (by its first four letters): the form
    corrects the engine's wording of the same thing ("goles de desarrollo" / "objetivos de
    desarrollo"), rather than naming something else that stands on the same lines."""
    return bool(_stems(rendering) & _stems(form))


def mine(languages: tuple[str, ...] = ("es", "fr"), minimum: int = 3, threshold: float = 0.7) -> list[dict]:
    from publisher.translate.engines import engine

    apertium = engine("apertium")
    english = read_lines("en")
    entries: dict[str, dict] = {}
    for language in languages:
        target_lines = read_lines(language)
        candidates = [c for c in propose(language, minimum, 5000) if c[2] >= threshold]
        candidates = [c for c in candidates if c[1].split()[0] not in _EDGE_WORDS[language]
                      and c[1].split()[-1] not in _EDGE_WORDS[language] and not any(ch.isdigit() for ch in c[0])]
        renderings = apertium.translate([c[0] for c in candidates], "en", language)
        for (gram, form, dice, _lines), rendering in zip(candidates, renderings):
            if rendering.strip().casefold() == form.casefold() or not _related(rendering, form):
                continue
            pattern, wanted = _loose(gram, "en"), _loose(form, "en")
            lines = [i for i, line in enumerate(english) if pattern.search(line)]
            confirmed = [i for i in lines if wanted.search(target_lines[i].replace("’", "'"))]
            if len(confirmed) * 2 < len(lines) or len(confirmed) < minimum:
                continue
            cased_en = _cased(gram, [english[i] for i in lines], "en")
            cased = _cased(form, [target_lines[i] for i in confirmed], language)
            if not cased_en or not cased:
                continue
            entry = entries.setdefault(gram, {"en": cased_en, "lines": sorted(set(confirmed))[:5], "dice": {}})
            entry[language] = cased
            entry["dice"][language] = round(dice, 2)
    return [entries[g] for g in sorted(entries)]


def mine_words(language: str, minimum: int = 3, longest: int = 3, spread: int = 2, unknown_minimum: int = 2) -> list[dict]:
    """Words the engine renders otherwise than UN translators (or leaves in English, not knowing
    them), where putting the UN word or phrase (up to ``longest`` words: "stakeholders" ->
    "partes interesadas") in the engine's output brings the mining lines closer to their
    references (sentence chrF), in at least ``spread`` documents of the dev set; seen on ``minimum``
    lines at least (``unknown_minimum`` for a word the engine leaves in English: always wrong)."""
    import sacrebleu
    from publisher.translate.engines import engine

    apertium = engine("apertium")
    english, references = read_lines("en"), read_lines(language)
    outputs = apertium.translate(english, "en", language)
    lines_of: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(english):
        for word in set(words(line)):
            if word.isalpha() and len(word) >= 2:
                lines_of[word].append(index)
    frequent = sorted(w for w, ls in lines_of.items() if len(ls) >= min(minimum, unknown_minimum))
    renderings = apertium.translate(frequent, "en", language)
    reference_words = [target_phrases(r, language, longest) for r in references]
    documents = read_documents()
    counts: Counter = Counter(w for ws in reference_words for w in ws)
    extra = [{w for w in words(o) if w not in ws} for o, ws in zip(outputs, reference_words)]
    extra_count: Counter = Counter(w for ws in extra for w in ws)
    english_words = [{w for w in words(line) if w in lines_of} for line in english]

    @cache
    def english_for(wrong: str) -> str | None:
        """The English word that best goes with the lines where the engine writes ``wrong`` in excess."""
        seen = [i for i, ws in enumerate(extra) if wrong in ws]
        together: Counter = Counter(w for i in seen for w in english_words[i])
        return max(together, default=None, key=lambda w: (2 * together[w] / (len(seen) + len(lines_of[w])), w))

    found = []
    for word, rendering in zip(frequent, renderings):
        rendering = rendering.strip().casefold()
        # the engine's word for it alone, and the word its translations of the lines have too many
        # of, where that differs (context: "on" alone is "sur", in sentences "dessus")
        in_context: Counter = Counter(w for i in lines_of[word] for w in extra[i])
        in_excess = sorted(in_context, key=lambda w: (-2 * in_context[w] / (len(lines_of[word]) + extra_count[w]), w))
        # not the translation of another English word of those lines
        in_excess = [w for w in in_excess[:CONTEXT_WORDS] if english_for(w) == word]
        for wrong in dict.fromkeys((rendering, *in_excess)):
            if wrong is None or not wrong.isalpha():
                continue  # a word the engine does not know stays as it is: its UN translation is mined too
            entry = _word_repair(word, wrong, lines_of[word], outputs, references, reference_words, counts, documents,
                                 language, unknown_minimum if wrong == word else minimum, spread)
            if entry:
                found.append(entry)
    return found


def _word_repair(word, wrong, lines, outputs, references, reference_words, counts, documents, language, minimum,
                 spread) -> dict | None:
    """The repair of ``wrong`` for the English ``word`` with the lines' evidence, or None."""
    import sacrebleu

    pattern = re.compile(rf"(?<![\w-]){re.escape(wrong)}(?![\w-])", re.IGNORECASE)
    hit = [i for i in lines if pattern.search(outputs[i])]
    if len(hit) < minimum or sum(wrong in reference_words[i] for i in hit) * 5 > len(hit):
        return None
    together: Counter = Counter(w for i in hit for w in reference_words[i])
    dice = {w: round(2 * n / (len(hit) + counts[w]), 2) for w, n in together.items()}
    best = max(together, key=lambda w: (dice[w], w.count(" "), w))
    word_best = max((w for w in together if " " not in w), key=lambda w: (dice[w], w))
    if " " in best and (wrong != word or word_best not in best.split()):
        best = word_best  # a phrase only for a word the engine leaves in English, around the word UN
        # text uses for it ("partes interesadas"), never one that merely stands on the same lines
    if best == wrong or together[best] * 2 < len(hit) or _inflection(best, wrong):
        return None
    if len({documents[i] for i in hit if best in reference_words[i]}) < spread:
        return None  # seen in one document only: its wording, not UN usage
    cased = _cased(best, [references[i] for i in hit], "en") or best
    gain = sum(sacrebleu.sentence_chrf(pattern.sub(cased, outputs[i]), [references[i]]).score
               - sacrebleu.sentence_chrf(outputs[i], [references[i]]).score for i in hit)
    if gain <= MIN_GAIN * len(hit):
        return None
    return {"en": word, "wrong": wrong, "right": cased, "lines": [i + 1 for i in hit[:5]],
            "gain": round(gain / len(hit), 1), "gender": _gender(cased, [references[i] for i in hit], language)}


def target_phrases(text: str, language: str, longest: int) -> set[str]:
    """The words of a target line, and its phrases of up to ``longest`` words that neither open
    nor end with a word such as an article or preposition ("partes interesadas", not "de la")."""
    tokens = unelided(words(text), language)
    edges = _EDGE_WORDS[language]
    return {" ".join(gram) for gram in ngrams(tokens, 1, longest)
            if len(gram) == 1 or (gram[0] not in edges and gram[-1] not in edges)}


CONTEXT_WORDS = 2  # the words in excess in a word's lines tried as what the engine writes for it
MIN_GAIN = 0.0  # the mean sentence chrF a repair must bring to the lines it changes (0.5 kept 593 of 638
# entries mined from lines 1-2000 and lost 0.03-0.05 chrF on lines 2001-3000)


_ELIDED = re.compile(r"^(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")


def unelided(tokens: list[str], language: str) -> list[str]:
    """French words without the elided word before them ("l'aiea" -> "aiea"): the engine writes
    the article itself, and a repair that brought one in would double it ("l'l'AIEA")."""
    return [_ELIDED.sub("", token) for token in tokens] if language == "fr" else tokens


def _inflection(one: str, other: str) -> bool:
    """Two forms of one word ("agrícola", "agrícolas"): which one a sentence needs is grammar, not
    vocabulary, and a word-for-word repair would get it wrong as often as right."""
    common = len(os.path.commonprefix([one.casefold(), other.casefold()]))
    return common >= min(len(one), len(other)) - 2


def _gender(word: str, lines: list[str], language: str) -> str | None:
    """The gender of a noun from the articles UN translators put before it (None: not a noun seen
    with an article)."""
    articles = {"es": {"el": "m", "los": "m", "del": "m", "al": "m", "la": "f", "las": "f"},
                "fr": {"le": "m", "du": "m", "au": "m", "la": "f"}}[language]
    seen: Counter = Counter()
    for line in lines:
        for found in re.finditer(rf"(?<!\w)(\w+)\s+{re.escape(word)}(?!\w)", line, re.IGNORECASE):
            if found.group(1).lower() in articles:
                seen[articles[found.group(1).lower()]] += 1
    return seen.most_common(1)[0][0] if seen else None


def write_mined_words(found: dict[str, list[dict]], path: Path) -> None:
    import yaml

    header = (f"# Mined by bench/mine_unlang.py mine from lines 1-{MINING.stop} of the UN Parallel Corpus dev set (lines\n"
              "# 3001-4000 held out). Do not edit by hand: run the script again. Each entry: an English word,\n"
              "# the word the engine (Apertium; fr through es) writes for it, and the word UN translators\n"
              "# wrote on the same lines; kept only where putting the UN word in the engine's output raised\n"
              "# the sentence chrF of those lines (gain: the mean per line). gender: from the articles\n"
              "# before the UN word in the references. The draft puts the UN word in place of the engine's\n"
              "# where the source has the English word (publisher/translate/repair.py).\n")
    entries = [{"id": f"word.{language}.{e['en']}" + (f".{e['wrong']}" if e["wrong"] != e["en"] and len(
                    [o for o in found[language] if o["en"] == e["en"]]) > 1 else ""), "source": "devset lines " + ", ".join(map(str, e["lines"]))
                + f" (mined; chrF gain {e['gain']})", "language": language, "en": e["en"], "wrong": e["wrong"],
                "right": e["right"], **({"gender": e["gender"]} if e["gender"] else {})}
               for language in sorted(found) for e in found[language]]
    data = {"kind": "repair", "entries": entries}
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def write_mined(entries: list[dict], path: Path) -> None:
    import yaml

    header = (f"# Mined by bench/mine_unlang.py mine from lines 1-{MINING.stop} of the UN Parallel Corpus dev set (lines\n"
              "# 3001-4000 held out). Do not edit by hand: run the script again. Each entry: an English n-gram\n"
              "# frequent in UN text, the form UN translators gave it in the aligned lines (Dice coefficient of\n"
              "# the two sets of lines), kept only where the engine renders it otherwise and the reference has\n"
              "# the form on at least half of the lines; source: the first lines where both stand.\n")
    data = {"kind": "phrase", "subject": "mined", "entries": [
        {"id": "mined." + re.sub(r"\W+", "-", e["en"].casefold()).strip("-"),
         "source": "devset lines " + ", ".join(str(i + 1) for i in e["lines"]) + " (mined; Dice "
                   + ", ".join(f"{lang} {d}" for lang, d in sorted(e["dice"].items())) + ")",
         "en": e["en"], **{lang: e[lang] for lang in ("fr", "es") if lang in e}} for e in entries]}
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def main() -> int:
    global MINING
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("propose")
    ask.add_argument("--to", default="es", choices=LANGUAGES[1:])
    ask.add_argument("--min", type=int, default=6)
    ask.add_argument("--top", type=int, default=80)
    commands.add_parser("check")
    mining = commands.add_parser("mine")
    mining.add_argument("--upto", type=int, default=MINING.stop,
                        help="mine lines 1 to UPTO only (e.g. 2000, to tune on lines UPTO+1 to 3000 with data "
                             "that was not mined from them); the data is written where the draft reads it")
    options = parser.parse_args()
    if options.command == "check":
        return check()
    if options.command == "mine":
        if not 0 < options.upto <= MINING.stop:
            parser.error(f"--upto is a line of the mining part, 1 to {MINING.stop}")
        MINING = range(0, options.upto)
        entries = mine()
        write_mined(entries, ROOT / "publisher" / "reference" / "unlang" / "mined.yaml")
        print(f"{len(entries)} entries written to publisher/reference/unlang/mined.yaml")
        found = {language: mine_words(language) for language in ("es", "fr")}
        write_mined_words(found, ROOT / "publisher" / "reference" / "unlang" / "mined-words.yaml")
        print(f"{sum(map(len, found.values()))} entries written to publisher/reference/unlang/mined-words.yaml")
        return 0
    for english, target, dice, lines in propose(options.to, options.min, options.top):
        print(f"{dice:5.2f}  {english:<40} {target:<40} lines {', '.join(map(str, lines))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
