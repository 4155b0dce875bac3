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

from collections.abc import Callable, Iterable, Sequence
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
    results: list[tuple[str, Restored] | None] = []
    for item, output in zip(pending, outputs, strict=True):
        restored = restore(output, item.sent.kept)
        opening = item.protected.placeholders[0] if item.protected.text.startswith("⟦0⟧") else None
        replaced = substitute(restored.text, item.sent.substituted, renderings, opening) \
            if item.sent.substituted else restored.text
        results.append(None if replaced is None else (replaced, restored))
    again = [n for n, result in enumerate(results) if result is None]
    retry = [pending[n].protected.text for n in again]
    if translate_again is None:
        translate_again = lambda segments: translate_checked(engine, segments, source, target)  # noqa: E731
    retried = translate_again(retry) if retry else []
    for n, output in zip(again, retried, strict=True):
        restored = restore(output, pending[n].protected)
        results[n] = (restored.text, restored)
    return [(_put_right(item, text, target, knowledge), restored)
            for item, (text, restored) in zip(pending, results)]  # type: ignore[misc]


def _put_right(item: Sent, text: str, target: str, knowledge: Knowledge | None) -> str:
    """The engine's known wrong words repaired, the articles made to agree, French elided and, with
    the UN language data, spelt with its ligatures."""
    text = agree(repair(item.source, text, target, knowledge), item.protected, target, knowledge)
    return spelled(text, target) if knowledge is not None else text
