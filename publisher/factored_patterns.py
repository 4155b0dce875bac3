"""spaCy's French tokenizer without its 2.3 s of regular-expression compiling.

Importing ``spacy.lang.fr`` compiles the French ``token_match``: one expression of some 170
alternatives, ``(?iu)(?:^PREFIX[-][a-z…][-a-z…']*$)|(?:^…$)|…``, where every alternative repeats
the same very large character classes (every lower-case letter of every script). Python compiles
each class again, 805 of them: 2.3 s of CPU in every process that first needs French, the longest
single step of a one-outcome rebuild.

The alternatives differ only before their first large class; after it most share one of a few
tails. ``(?:^A T$)|(?:^B T$)`` and ``(?:^(?:A|B) T$)`` match the same strings (a union of
languages distributes over concatenation, and Python's alternation backtracks into the group), so
the expression is compiled grouped by tail: the same strings match, with a few dozen classes
instead of 805. spaCy's tokenizer asks only whether a string matches (``if token_match(string)``),
and with every alternative anchored at both ends each match spans the whole string as before.

This is done while ``spacy.blank`` imports the language (``factored_large_patterns``): an
expression longer than ``LARGE`` characters is factored when it has exactly that shape (global
flags, then alternatives ``(?:^…$)`` with no ``|`` of their own at their top level) and compiled
as given otherwise. Nothing of spaCy's is copied: the pattern text is spaCy's own, at run time.
tests/test_tokenizers.py holds the tokens of the samples and of 4,000 French UN sentences equal to
those of the expression compiled as spaCy writes it.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager

LARGE = 100_000  # characters: only an expression this long is worth looking at (spaCy's French: 1.3 M)
LARGE_CLASS = 200  # characters: a character class this long is what the factoring saves compiling again
_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_TOKENS = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]|[^\\\[()|]+", re.S)


_PATCHING = threading.Lock()  # one thread at a time replaces re.compile (the web app's threads build pipelines)


@contextmanager
def factored_large_patterns():
    """While it lasts, ``re.compile`` of a large expression of the shape above compiles it factored."""
    with _PATCHING:
        original = re.compile

        def compile(pattern, flags=0):
            if isinstance(pattern, str) and len(pattern) > LARGE:
                pattern = factored(pattern) or pattern
            return original(pattern, flags)

        re.compile = compile
        try:
            yield
        finally:
            re.compile = original


def factored(pattern: str) -> str | None:
    """``pattern`` with its alternatives grouped by what follows their first large character
    class; None when it is not of the shape that makes this safe."""
    flags = _FLAGS.match(pattern)
    lead = flags.group(0) if flags else ""
    tokens = _TOKENS.findall(pattern, len(lead))
    if "".join(tokens) != pattern[len(lead):]:
        return None
    alternatives = _top_level_alternatives(tokens)
    if alternatives is None:
        return None
    heads: dict[str, list[str]] = {}
    for alternative in alternatives:
        inner = _anchored_group(alternative)
        if inner is None:
            return None
        split = _first_large_class(inner)
        heads.setdefault("".join(inner[split:]), []).append("".join(inner[:split]))
    return lead + "|".join(f"(?:(?:{'|'.join(dict.fromkeys(group))}){tail})" for tail, group in heads.items())


def _top_level_alternatives(tokens: list[str]) -> list[list[str]] | None:
    alternatives, current, depth = [], [], 0
    for token in tokens:
        if token == "|" and depth == 0:
            alternatives.append(current)
            current = []
            continue
        depth += (token == "(") - (token == ")")
        if depth < 0:
            return None
        current.append(token)
    alternatives.append(current)
    return alternatives if depth == 0 else None


def _anchored_group(tokens: list[str]) -> list[str] | None:
    """The tokens inside ``(?:^…$)``, when the alternative is that group alone and has no ``|``
    of its own at its top level; else None."""
    if len(tokens) < 3 or tokens[0] != "(" or tokens[-1] != ")" or not tokens[1].startswith("?:^"):
        return None
    inner = [tokens[1][2:], *tokens[2:-1]]
    if not inner[-1].endswith("$") or inner[-1].endswith("\\$"):
        return None
    depth = 0
    for token in inner:
        depth += (token == "(") - (token == ")")
        if depth < 0 or (depth == 0 and token == "|"):
            return None
    return inner if depth == 0 else None


def _first_large_class(tokens: list[str]) -> int:
    """Where the shared tail may start: the first large class at the top level (the whole
    alternative when it has none)."""
    depth = 0
    for index, token in enumerate(tokens):
        if depth == 0 and token.startswith("[") and len(token) > LARGE_CLASS:
            return index
        depth += (token == "(") - (token == ")")
    return 0
