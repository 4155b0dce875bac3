"""The checks a reviser makes first, added to qa.py's: what a draft must not say.

- ``mistranslations``: the false friends machine engines write for the words of review outcomes
  (article -> "pièce", offence -> "outrage", every quarter -> "chaque quartier"), from
  ``publisher/reference/unlang/mistranslations.yaml``: an error where the source has the English
  word and the target the wrong rendering (unless the source also has a word that excuses it:
  "session" may be "séance" where the source speaks of a meeting);
- ``grammar``: the slips around a restored term in French and Spanish: an article that does not
  agree with a term whose number and gender the UN language data gives ("Le États examinateurs",
  "los Asamblea General"), an engine's pronoun after an article ("L'il État partie"), an article
  not contracted before a name ("de le Code", "a el Tribunal");
- ``untranslated_words``: English words left in the target outside [[...]] and italics: any word of
  the source in small Latin letters in a Russian, Chinese or Arabic target, and in French or
  Spanish the English function words and word endings no French or Spanish word has (-ing, -ized,
  -ness ...); capitalized words are names, which UN texts may keep in Latin letters;
- ``symbols``: every document symbol of the source (CTOC/COP/WG.3/2026/1) stands in the target
  exactly;
- ``number_format``: a thousands comma ("500,000") in French, Spanish or Russian, where it reads as
  a decimal comma.

Each check takes the segment pair (source, target, languages, whether it is untranslated) and
returns its Issues; qa.py runs them with its own on every segment.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from ..findings import Issue, Severity
from ..markup import SYMBOL_PATTERN
from .unlang import load_knowledge

ERROR, WARNING = Severity.ERROR, Severity.WARNING
_MARKED = re.compile(r"\[\[.+?\]\]|\*[^*\s](?:[^*]*[^*\s])?\*|\[[\^#@][^\]]*\]", re.S)
_LATIN_WORD = re.compile(r"(?<![\w-])[A-Za-z][a-z]+(?:-[a-z]+)*(?![\w-])")
_ENGLISH_WORDS = frozenset(
    "the of and which with under for by to from that this these those is are was were has have been be not its "
    "their such would should shall must any within between through upon whether where when who whom whose into "
    "against other also".split())
_ENGLISH_ENDINGS = re.compile(r"(?:ing|ings|ized|ised|izing|ness|ship|ful|ed|ly)$")
_SAME_IN_BOTH = frozenset({"series", "species", "red", "sed", "pared", "usted", "bled", "ted", "med"})
_EXCUSES = {"wrong.session": ("meeting", "meetings"), "wrong.investigation": ("research",),
            "wrong.trial": ("evidence", "proof", "test", "tested"), "wrong.authorities": ("power", "powers"),
            "wrong.prosecution": ("treatment", "processing")}


def _visible(text: str) -> str:
    """The target as the reader meets it as a translation: marked and italic spans blanked."""
    return _MARKED.sub(lambda m: " " * len(m.group(0)), text)


def _words_pattern(words: tuple[str, ...], language: str) -> re.Pattern:
    escaped = "|".join(re.escape(w).replace("\\ ", r"\s+").replace("'", "['’]").replace("’", "['’]")
                       for w in sorted(words, key=len, reverse=True))
    if language == "zh":
        return re.compile(escaped)
    return re.compile(rf"(?<![\w-])(?:{escaped})(?![\w-])", re.IGNORECASE)


@cache
def _mistranslation_patterns(language: str):
    found = []
    for entry in load_knowledge().mistranslations:
        if language in entry.wrong:
            found.append((entry, _words_pattern(entry.english, "en"), _words_pattern(entry.wrong[language], language),
                          _words_pattern(_EXCUSES[entry.id], "en") if entry.id in _EXCUSES else None))
    return found


@cache
def _any_mistranslated_word(language: str) -> re.Pattern:
    """The English words of every known mistranslation into ``language`` in one pattern: a source
    that holds none of them (four in five) is not searched once per entry. Where an entry's own
    pattern matches, this one matches too (the same words and boundaries, in one alternation)."""
    return _words_pattern(tuple(word for entry in load_knowledge().mistranslations if language in entry.wrong
                                for word in entry.english), "en")


def mistranslations(pair, glossary=None) -> list[Issue]:
    if pair.untranslated or pair.source_language != "en":
        return []
    if not _any_mistranslated_word(pair.target_language).search(pair.source):
        return []
    target = _visible(pair.target)
    issues = []
    for entry, english, wrong, excuse in _mistranslation_patterns(pair.target_language):
        if not english.search(pair.source) or (excuse is not None and excuse.search(pair.source)):
            continue
        bad = wrong.search(target)
        if bad:
            right = entry.right.get(pair.target_language, "")
            issues.append(Issue("qa.mistranslation", ERROR,
                                f"\"{bad.group(0)}\" is a known mistranslation of \"{english.search(pair.source).group(0)}\""
                                + (f"; UN usage: \"{right}\"" if right else "") + f" ({entry.id})"))
    return issues


_FRENCH_ARTICLE = r"(?P<det>(?<![\w’'])(?:[Ll]es|[Ll]e|[Ll]a|[Ll]['’]|[Dd]u|[Dd]es|[Aa]ux|[Aa]u))\s*"
_SPANISH_ARTICLE = r"(?P<det>(?<!\w)(?:[Ee]l|[Ll]os|[Ll]as|[Ll]a|[Dd]el|[Aa]l))\s+"
_PLURAL_ONLY = {"fr": {"les", "des", "aux"}, "es": {"los", "las"}}
_SINGULAR_ONLY = {"fr": {"le", "la", "l'", "l’", "du", "au"}, "es": {"el", "la", "del", "al"}}
_MASCULINE = {"fr": {"le", "du", "au"}, "es": {"el", "los", "del", "al"}}
_FEMININE = {"fr": {"la"}, "es": {"la", "las"}}


@cache
def _known_forms(language: str) -> tuple[tuple[str, str | None, str], ...]:
    """(form, gender, number) of the data's forms in a language, longest first."""
    table = load_knowledge().grammar
    forms = {(form, g.gender, g.number) for (lang, form), g in table.items() if lang == language and len(form) > 3}
    return tuple(sorted(forms, key=lambda f: -len(f[0])))


def grammar(pair, glossary=None) -> list[Issue]:
    language = pair.target_language
    if pair.untranslated or language not in ("fr", "es"):
        return []
    target = _visible(pair.target)
    slips = []
    if language == "fr":
        slips += [m.group(0).strip() for m in re.finditer(r"(?<!\w)[Ll]['’](?:il|elle)s?\s", target)]
        slips += [m.group(0) for m in re.finditer(r"(?<!\w)(?:[Dd]e|[Àà]) (?:le|les) (?=[A-ZÉ])", target)]
        slips += [m.group(0) for m in re.finditer(r"(?<![\w’'])[Ll][ea] (?!ou\b|où\b|un\b|une\b|onz|uns\b|oui\b)"
                                                  r"(?=[aeiouéèêàâîôû])\w+", target)]
    else:
        slips += [m.group(0) for m in re.finditer(r"(?<!\w)(?:[Dd]e|[Aa]) el (?=\w)", target)]
    lowered = target.casefold().replace("'", "’")
    for form, gender, number in _known_forms(language):
        if form not in lowered:
            continue
        for found in _article_before(form, language).finditer(target.replace("'", "’")):
            det = found.group("det").lower()
            wrong_number = det in (_PLURAL_ONLY[language] if number == "sg" else _SINGULAR_ONLY[language])
            wrong_gender = gender is not None and number == "sg" and (
                (gender == "f" and det in _MASCULINE[language]) or (gender == "m" and det in _FEMININE[language]))
            if wrong_number or wrong_gender:
                slips.append(found.group(0))
    return [Issue("qa.grammar", ERROR, f"the article does not agree: \"{slip}\"") for slip in dict.fromkeys(slips)]


@lru_cache(maxsize=4096)
def _article_before(form: str, language: str) -> re.Pattern:
    """An article of ``language`` before ``form``, compiled once per form (re's own cache of 512
    patterns overflowed: the check compiled a pattern for every form found in every target)."""
    return re.compile((_FRENCH_ARTICLE if language == "fr" else _SPANISH_ARTICLE) + re.escape(form) + r"(?!\w)",
                      re.IGNORECASE)


def untranslated_words(pair, glossary=None) -> list[Issue]:
    if pair.untranslated or pair.source_language != "en" or pair.target_language == "en":
        return []
    source_words = {w.casefold() for w in _LATIN_WORD.findall(pair.source)}
    found = []
    for word in _LATIN_WORD.findall(_visible(pair.target)):
        folded = word.casefold()
        if folded not in source_words or len(folded) < 3 or word[:1].isupper():
            continue  # a capitalized word is a name (kept in Latin letters in UN texts) or a sentence's first
        if pair.target_language in ("ru", "zh", "ar"):
            found.append(word)
        elif folded in _ENGLISH_WORDS and not (pair.target_language == "fr" and folded in {"on", "are"}):
            found.append(word)
        elif len(folded) >= 5 and _ENGLISH_ENDINGS.search(folded) and folded not in _SAME_IN_BOTH:
            found.append(word)
    if not found:
        return []
    words = ", ".join(dict.fromkeys(found))
    return [Issue("qa.untranslated-words", WARNING, f"English left in the target: {words}")]


def symbols(pair, glossary=None) -> list[Issue]:
    if pair.untranslated:
        return []
    missing = [s for s in dict.fromkeys(SYMBOL_PATTERN.findall(pair.source)) if s not in pair.target]
    if missing:
        return [Issue("qa.symbols", ERROR, f"document symbol(s) not in the target as written: {', '.join(missing)}")]
    return []


def number_format(pair, glossary=None) -> list[Issue]:
    if pair.untranslated or pair.target_language not in ("fr", "es", "ru"):
        return []
    commas = re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])", _visible(pair.target))
    if commas:
        return [Issue("qa.number-format", WARNING, f"{', '.join(commas)}: a comma between thousands reads as a decimal "
                                                  f"comma in {pair.target_language}; write a space (500 000)")]
    return []


CHECKS = {
    "mistranslations": mistranslations,
    "grammar": grammar,
    "untranslated-words": untranslated_words,
    "symbols": symbols,
    "number-format": number_format,
}
