"""The engine's share of a draft: what each pending sentence sends to the engine, and the
translation made of what comes back.

A sentence goes to the engine as the text substitution makes of it (substitute.engine_text: terms,
UN phrases and names as words, only the spans that must stay exact as placeholders), whether it is
streamed while the pipeline prepares the next sentences or sent in one batch at the end. Each term
sent as words is translated alone too, once per batch, and its rendering replaced by the approved
term; a sentence where the rendering is not found goes again with its terms as placeholders (the
fallback). Then the engine's known wrong words are put right (repair.py), the articles made to
agree (grammar.py) and French words spelt with their ligatures (spelling.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from .engines import Engine, EngineError
from .grammar import agree
from .protect import Protected, Restored, restore
from .repair import repair
from .spelling import spelled
from .substitute import EngineText, engine_text, substitute
from .unlang import Knowledge


class Sent(Protocol):
    """A sentence (or a frame's slot) the engine is asked to translate."""

    source: str
    protected: Protected
    sent: EngineText


def text_to_send(protected: Protected, knowledge: Knowledge | None) -> EngineText:
    """What the engine gets for a sentence: with no UN language data, every protected span a
    placeholder, as the glossary alone always did."""
    if knowledge is None:
        return EngineText(protected.text, protected, ())
    return engine_text(protected)


def terms_of(pending: Sequence[Sent]) -> list[str]:
    """The terms sent as words in any pending sentence, each once, in a fixed order."""
    return sorted({p.source for item in pending for p in item.sent.substituted})


def translate_checked(engine: Engine, segments: list[str], source: str, target: str) -> list[str]:
    """``engine.translate`` that fails, naming the engine, when it answers a different number of segments."""
    if not segments:
        return []
    outputs = engine.translate(segments, source, target)
    if len(outputs) != len(segments):
        raise EngineError(f"returned {len(outputs)} segments for {len(segments)}", "engine.segment-mismatch",
                          engine=getattr(engine, "name", ""))
    return outputs


def finished(engine: Engine, pending: Sequence[Sent], outputs: Iterable[str], renderings: dict[str, str],
             source: str, target: str, knowledge: Knowledge | None,
             translate_again: Callable[[list[str]], list[str]] | None = None) -> list[tuple[str, Restored]]:
    """The translation of each pending sentence from the engine's ``outputs`` (one per sentence, in
    order) and the engine's ``renderings`` of the terms alone: (text, what restore() put back).
    ``translate_again`` translates the fallback's sentences (by default one more batch of the engine)."""
    results = [with_terms(item, output, renderings) for item, output in zip(pending, outputs, strict=True)]
    again = [n for n, result in enumerate(results) if result is None]
    retry = [pending[n].protected.text for n in again]
    if translate_again is None:
        translate_again = lambda segments: translate_checked(engine, segments, source, target)  # noqa: E731
    retried = translate_again(retry) if retry else []
    for n, output in zip(again, retried, strict=True):
        results[n] = with_placeholders(pending[n], output)
    return [polished(item, result, target, knowledge) for item, result in zip(pending, results)]  # type: ignore[arg-type]


def with_terms(item: Sent, output: str, renderings: dict[str, str]) -> tuple[str, Restored] | None:
    """The engine's output of a sentence sent as ``item.sent``: its placeholders restored and the
    renderings of its terms replaced by the approved terms; None when a rendering is not in it."""
    restored = restore(output, item.sent.kept)
    opening = item.protected.placeholders[0] if item.protected.text.startswith("⟦0⟧") else None
    replaced = substitute(restored.text, item.sent.substituted, renderings, opening) \
        if item.sent.substituted else restored.text
    return None if replaced is None else (replaced, restored)


def with_placeholders(item: Sent, output: str) -> tuple[str, Restored]:
    """The engine's output of a sentence sent again with every term a placeholder (the fallback)."""
    restored = restore(output, item.protected)
    return restored.text, restored


def polished(item: Sent, result: tuple[str, Restored], target: str,
             knowledge: Knowledge | None) -> tuple[str, Restored]:
    """The engine's known wrong words put right, the articles made to agree, French elided and,
    with the UN language data, spelt with its ligatures."""
    text, restored = result
    text = agree(repair(item.source, text, target, knowledge), item.protected, target, knowledge)
    return (spelled(text, target) if knowledge is not None else text), restored


@dataclass(frozen=True)
class _Again:
    """A pending sentence sent a second time, every term a placeholder (the fallback)."""

    number: int


class Feed:
    """An engine stream fed each pending sentence as it is prepared, with each term that goes as
    words sent alone just before the first sentence that holds it: every translation can then be
    finished as it comes (its terms' renderings came before it), while the engine works on the
    next ones. A sentence whose terms the engine rendered otherwise in context goes again into the
    same stream, whose input stays open until the engine has answered every sentence (no second
    process to start); only when the stream no longer takes segments (an engine that answers
    nothing before its input ends: apertium.SegmentStream) does it go to a second stream, opened
    then, or else to one more batch."""

    def __init__(self, stream, open_spare: Callable[[], object | None]):
        self.stream = stream
        self.items = 0  # pending sentences sent
        self._open_spare = open_spare
        self._order: list[int | str | _Again] = []  # what each segment sent is: a pending sentence's number, a term
        self._terms: set[str] = set()

    def send(self, item: Sent) -> None:
        for placeholder in item.sent.substituted:
            if placeholder.source not in self._terms:
                self._terms.add(placeholder.source)
                self._order.append(placeholder.source)
                self.stream.send(placeholder.source)
        self._order.append(self.items)
        self.items += 1
        self.stream.send(item.sent.text)

    def translations(self, engine: Engine, pending: Sequence[Sent], source: str, target: str,
                     knowledge: Knowledge | None) -> Iterator[tuple[int, tuple[str, Restored]]]:
        """(number of the pending sentence, its translation as ``finished`` makes it), as the
        engine answers: the fallback's sentences last. EngineError when either stream fails; the
        caller keeps nothing then."""
        renderings: dict[str, str] = {}
        again: list[int] = []  # the fallback's sentences sent to the spare
        spare = None
        first = len(self._order)  # segments sent before the first answer was read
        try:
            answers = zip(self.stream.results(keep_input=True), self._order)  # _order grows with the fallback
            for answered, (output, sent) in enumerate(answers, start=1):
                if isinstance(sent, str):
                    renderings[sent] = output
                elif isinstance(sent, _Again):
                    yield sent.number, polished(pending[sent.number], with_placeholders(pending[sent.number], output),
                                                target, knowledge)
                elif (result := with_terms(pending[sent], output, renderings)) is not None:
                    yield sent, polished(pending[sent], result, target, knowledge)
                elif self.stream.accepting:
                    self._order.append(_Again(sent))
                    self.stream.send(pending[sent].protected.text)
                else:
                    if spare is None:
                        spare = self._open_spare() or _Batch(engine, source, target)
                    spare.send(pending[sent].protected.text)
                    again.append(sent)
                if answered == first:
                    self.stream.end_input()  # every fallback is sent: only their answers are left
            if spare is not None:
                for n, output in zip(again, list(spare.results()), strict=True):
                    yield n, polished(pending[n], with_placeholders(pending[n], output), target, knowledge)
        finally:
            if spare is not None:
                spare.close()


class _Batch:
    """The fallback as one batch of the engine, when no second stream could be opened."""

    def __init__(self, engine: Engine, source: str, target: str):
        self._engine, self._source, self._target = engine, source, target
        self._segments: list[str] = []

    def send(self, segment: str) -> None:
        self._segments.append(segment)

    def results(self) -> list[str]:
        return translate_checked(self._engine, self._segments, self._source, self._target)

    def close(self) -> None:
        pass
