"""The tone check's matcher: spaCy's Matcher, one per label, run only on the texts that can match it.

spaCy's Matcher tries every pattern at every token, and each regular-expression or word-list
token of a pattern is a Python predicate called once per token of every text: with a few hundred
patterns a language, that was most of the tone check's time. Here each label (a rule's cue, its
``then`` or ``unless`` pattern, the comparands) has its own Matcher, and a pattern can only match
a text that has a word for each token the pattern requires (a token that is not optional and not
a gap). Which of those tokens a word satisfies is worked out once per word of the vocabulary and
kept by the word's text (its lower case and norm follow from it): a text's words say at once
which labels can match it, and only their Matchers run. The matches are the same as one Matcher's.
"""
from __future__ import annotations

import re
from collections.abc import Callable

_OPTIONAL = re.compile(r"^(\?|\*|!|\{0?,\d*\}|\{0\})$")  # OP values that let a pattern match where no word is this token
_CACHE_LIMIT = 200_000  # words kept per language before the cache starts afresh
_READ = {"TEXT": "text", "ORTH": "text", "LOWER": "lower_", "NORM": "norm_"}


class GroupedMatcher:
    """Matcher patterns by label, matched label by label on the texts whose words allow them."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self._matchers: dict[str, object] = {}
        # a required token -> (label, every token the pattern requires) of the patterns whose
        # narrowest required token it is: only those are looked at when a text has that token
        self._needs: dict[int, set[tuple[str, frozenset[int]]]] = {}
        self._always: set[str] = set()  # labels with a pattern that requires no token
        self._breadth: dict[int, int] = {}  # a required token -> how many words it stands for (a test: many)
        self._ids: dict[str, int] = {}  # a required token (as written) -> its number
        self._words: dict[tuple[str, str], set[int]] = {}  # (attribute, word) -> the tokens that word is
        self._tests: list[tuple[int, Callable]] = []  # the other required tokens, as tests
        self._tokens_of_word: dict[str, frozenset[int]] = {}

    def add(self, label: str, patterns: list[list[dict]]) -> None:
        from spacy.matcher import Matcher

        matcher = self._matchers.get(label)
        if matcher is None:
            matcher = self._matchers[label] = Matcher(self.vocab)
        matcher.add(label, patterns)
        for tokens in patterns:
            need = frozenset(self._id(token) for token in tokens if not _OPTIONAL.match(str(token.get("OP", ""))))
            if not need:
                self._always.add(label)
                continue
            narrowest = min(need, key=lambda number: (self._breadth[number], number))
            self._needs.setdefault(narrowest, set()).add((label, need))
        self._tokens_of_word.clear()

    def _id(self, token: dict) -> int:
        condition = {key: value for key, value in token.items() if key != "OP"}
        key = repr(sorted((name, repr(value)) for name, value in condition.items()))
        if key in self._ids:
            return self._ids[key]
        number = self._ids[key] = len(self._ids)
        [(attribute, value)] = condition.items() if len(condition) == 1 else [(None, None)]
        if isinstance(value, str):
            self._words.setdefault((_READ[attribute], value), set()).add(number)
            self._breadth[number] = 1
        elif isinstance(value, dict) and list(value) == ["IN"]:
            for word in value["IN"]:
                self._words.setdefault((_READ[attribute], word), set()).add(number)
            self._breadth[number] = len(value["IN"])
        else:
            self._tests.append((number, _test(condition)))
            self._breadth[number] = 1_000_000
        return number

    def __call__(self, doc) -> dict[str, list[tuple[int, int]]]:
        """The (start, end) token spans of each label's matches in ``doc``."""
        found: dict[str, list[tuple[int, int]]] = {}
        for label in self.candidates(doc):
            spans = self.run(doc, label)
            if spans:
                found[label] = spans
        return found

    def candidates(self, doc) -> set[str]:
        """The labels that can match ``doc``: those with a pattern whose required tokens it has."""
        present: set[int] = set()
        for token in doc:
            present |= self._tokens(token)
        labels = set(self._always)
        for number in present:
            labels.update(label for label, need in self._needs.get(number, ()) if label not in labels and need <= present)
        return labels

    def run(self, doc, label: str) -> list[tuple[int, int]]:
        """The (start, end) token spans of one label's matches in ``doc``."""
        return [(start, end) for _, start, end in self._matchers[label](doc)]

    def _tokens(self, token) -> frozenset[int]:
        """The numbers of the required pattern tokens that ``token`` satisfies."""
        numbers = self._tokens_of_word.get(token.text)
        if numbers is None:
            if len(self._tokens_of_word) >= _CACHE_LIMIT:
                self._tokens_of_word.clear()
            found = {number for attribute in ("text", "lower_", "norm_")
                     for number in self._words.get((attribute, getattr(token, attribute)), ())}
            found.update(number for number, test in self._tests if test(token))
            numbers = self._tokens_of_word[token.text] = frozenset(found)
        return numbers


def _test(condition: dict) -> Callable:
    """A pattern token's condition as a test of a spaCy token."""
    tests = [_attribute_test(_READ[attribute], value) for attribute, value in condition.items()]
    return lambda token: all(test(token) for test in tests)


def _attribute_test(attribute: str, value) -> Callable:
    if isinstance(value, str):
        return lambda token: getattr(token, attribute) == value
    [(operator, operand)] = value.items()
    if operator in ("IN", "NOT_IN"):
        words = frozenset(operand)
        return lambda token: (getattr(token, attribute) in words) == (operator == "IN")
    if operator == "REGEX":
        expression = re.compile(operand)
        return lambda token: expression.search(getattr(token, attribute)) is not None
    raise ValueError(f"a pattern token the tone matcher cannot test: {value!r}")


class LazyMatches:
    """The matches of each label in one text, each label matched only when first asked for: a
    rule's exceptions, further patterns and the comparands run only where one of its cues matched."""

    def __init__(self, matcher: GroupedMatcher, doc, wrap: Callable) -> None:
        self._matcher, self._doc, self._wrap = matcher, doc, wrap
        self._candidates = matcher.candidates(doc)
        self._found: dict[str, list] = {}

    def get(self, label: str | None, default=()) -> list:
        if label is None or label not in self._candidates:
            return list(default)
        if label not in self._found:
            self._found[label] = [self._wrap(start, end) for start, end in self._matcher.run(self._doc, label)]
        return self._found[label]
