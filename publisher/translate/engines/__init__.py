"""Machine translation engines, by a registry of names.

The core never imports a concrete engine: each is named here by module path and loaded on first
use, so an engine whose programs or libraries are missing fails only when asked for (as the render
writers and Sphinx's builders do).

Every engine keeps the same contract, checked by tests/test_engines.py for each of them:

* ``routes(source, target)`` is the chain of language pairs the engine would use, ``[(en, es)]``
  for a direct pair, ``[(en, es), (es, fr)]`` through a pivot, or None when it cannot translate;
* ``translate(segments, source, target)`` returns exactly one string per segment, in order, in one
  engine call per hop for the whole batch; it raises EngineError when there is no route or when
  the engine fails, never returns a partial answer;
* placeholders ``⟦0⟧``, ``⟦1⟧`` ... are carried through as well as the engine allows; the pipeline
  checks them afterwards.

An engine may also offer ``stream(source, target)``: None, or an object the pipeline feeds with
``send(segment)`` while it prepares the batch, then reads with ``results()`` (one translation per
segment sent, in order, under the same rules) and ends with ``close()`` (apertium.SegmentStream).
Read with ``results(keep_input=True)``, it takes more segments while the first translations are
read, as long as ``accepting`` is true, until ``end_input()``.

``argos`` and ``ct2`` run their models in a child process (isolation.py), under the same timeout
as Apertium's programs and a memory limit; ``auto`` picks, per language pair, the best installed
route among the others (auto.py).
"""
from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from ...errors import EXIT_UNREADABLE, PublisherError
from ...findings import Finding

Route = list[tuple[str, str]]

ENGINES: dict[str, str] = {
    "none": "publisher.translate.engines.none:NoEngine",
    "apertium": "publisher.translate.engines.apertium:ApertiumEngine",
    "argos": "publisher.translate.engines.isolation:IsolatedArgos",
    "ct2": "publisher.translate.engines.isolation:IsolatedCt2",
    "auto": "publisher.translate.engines.auto:AutoEngine",
}

DEFAULT_TIMEOUT = 120.0  # seconds per engine process and batch (Apertium: per hop)
TIMEOUT_VARIABLE = "PUBLISHER_ENGINE_TIMEOUT"

# A protected span, as protect.py writes it: U+27E6, digits, U+27E7.
PLACEHOLDER = re.compile(r"⟦\d+⟧")


class Engine(Protocol):
    name: str

    def routes(self, source: str, target: str) -> Route | None: ...

    def translate(self, segments: list[str], source: str, target: str) -> list[str]: ...

    def describe_route(self, source: str, target: str) -> str: ...

    def missing_help(self, source: str, target: str) -> str: ...


class EngineError(PublisherError):
    """An engine that cannot translate: no route, a crash, a hang, or an answer of the wrong shape.

    Its finding names the engine in place of a file, since the fault is in the engine's setup, not
    in the document; ``str(error)`` is the message alone, for reports that say which engine failed.
    """

    def __init__(self, message: str, code: str = "engine.failed", *, engine: str = "", field: str = ""):
        self.message = message
        self.code = code
        self.engine = engine
        super().__init__(Finding(f"engine {engine}".strip(), 0, 0, field, message, code), exit_code=EXIT_UNREADABLE)

    def __str__(self) -> str:
        return self.message


def names() -> list[str]:
    return list(ENGINES)


def engine(name: str, **options) -> Engine:
    """The engine registered under ``name``, configured with ``options`` (see each engine)."""
    if name not in ENGINES:
        raise EngineError(f"unknown engine; choose one of {', '.join(ENGINES)}", "engine.unknown", engine=name)
    try:
        return engine_class(name, ENGINES[name])(**options)
    except TypeError as error:
        raise EngineError(f"bad option: {error}", "engine.bad-option", engine=name) from None


def engine_class(name: str, target: str) -> type:
    """The class ``target`` ("module:Class") names, imported now; EngineError naming ``name`` if it cannot be."""
    module_name, _, class_name = target.partition(":")
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as error:
        raise EngineError(f"cannot be loaded: {error}", "engine.unavailable", engine=name) from None


def register(name: str, target: str) -> None:
    """Adds an engine ("module:Class") under a name, e.g. from a plugin."""
    ENGINES[name] = target


def find_route(pairs: Iterable[tuple[str, str]], source: str, target: str,
               pivots: Sequence[str] | None = None) -> Route | None:
    """The direct pair if there is one, else one hop through a pivot language that links both ends.

    ``pivots`` limits and orders the pivot languages tried; None tries every language the pairs
    know, alphabetically, so the same installation always gives the same route.
    """
    available = set(pairs)
    if source == target:
        return None
    if (source, target) in available:
        return [(source, target)]
    if pivots is None:
        pivots = sorted({language for pair in available for language in pair})
    for pivot in pivots:
        if pivot not in (source, target) and (source, pivot) in available and (pivot, target) in available:
            return [(source, pivot), (pivot, target)]
    return None


def describe(engine_name: str, source: str, target: str, route: Route | None) -> str:
    """``apertium en→es``, ``apertium en→es→fr (pivot es)``, or ``apertium: no route en→ru``."""
    if route is None:
        return f"{engine_name}: no route {source}→{target}"
    chain = "→".join([route[0][0], *(hop[1] for hop in route)])
    pivots = [hop[1] for hop in route[:-1]]
    return f"{engine_name} {chain}" + (f" (pivot {', '.join(pivots)})" if pivots else "")


def argos_hint(source: str, target: str) -> str:
    """What to install for a pair no other engine has: an Argos model."""
    return (f"install an Argos model for {source}→{target} (publisher models install "
            f"translate-{source}_{target}-*.argosmodel) and use --engine argos")


def required_route(engine: Engine, source: str, target: str) -> Route:
    """The engine's route for the pair, or the EngineError that says what to install."""
    route = engine.routes(source, target)
    if route is None:
        raise no_route(engine, source, target)
    return route


def no_route(engine: Engine, source: str, target: str) -> EngineError:
    return EngineError(f"cannot translate {source}→{target}: {engine.missing_help(source, target)}",
                       "engine.no-route", engine=engine.name, field=f"{source}→{target}")


def configured_timeout(engine_name: str = "apertium") -> float:
    """Seconds an engine process may work on a batch: ``$PUBLISHER_ENGINE_TIMEOUT``, else DEFAULT_TIMEOUT."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise EngineError(f"{TIMEOUT_VARIABLE}={value!r} is not a number of seconds above 0", "engine.bad-option",
                          engine=engine_name, field=TIMEOUT_VARIABLE)
    return seconds


def split_at_placeholders(segment: str) -> list[tuple[str, bool]]:
    """The segment as (piece, translatable) pairs: placeholders and letterless text are kept as they are."""
    pieces = []
    last = 0
    for placeholder in [*PLACEHOLDER.finditer(segment), None]:
        end = placeholder.start() if placeholder else len(segment)
        text = segment[last:end]
        if text:
            pieces.append((text, any(character.isalpha() for character in text)))
        if placeholder:
            pieces.append((placeholder.group(), False))
            last = placeholder.end()
    return pieces


def translate_between_placeholders(segments: list[str], hops: Sequence[Callable[[list[str]], list[str]]]) -> list[str]:
    """Translates the text between the placeholders of every segment, each distinct piece once, with
    one call of each hop for the whole batch; placeholders and letterless pieces are put back as they were.

    For models that have never seen ``⟦0⟧``: SentencePiece would cut it into pieces the model drops
    or moves. It costs some context (words cannot move across a placeholder) but holds for any model.
    """
    split = [split_at_placeholders(segment) for segment in segments]
    translations = {piece: piece for pieces in split for piece, translatable in pieces if translatable}
    for hop in hops:
        texts = list(dict.fromkeys(translations.values()))
        translated = dict(zip(texts, hop(texts))) if texts else {}
        translations = {piece: translated[text] for piece, text in translations.items()}
    return ["".join(translations[piece] if translatable else piece for piece, translatable in pieces)
            for pieces in split]


def with_outer_spaces(text: str, translated: str) -> str:
    """``translated`` with the spaces ``text`` had before and after it (a model drops them)."""
    return text[:len(text) - len(text.lstrip())] + translated.strip() + text[len(text.rstrip()):]


def chosen_engine_name(subject: Engine, source: str, target: str) -> str:
    """The name of the engine that translates the pair: the one ``auto`` took, else the engine's own."""
    chosen = getattr(subject, "chosen", None)
    taken = chosen(source, target).engine if chosen else None
    return taken.name if taken is not None else subject.name


def memory_usage(subject: Engine) -> dict:
    """Peak memory of the engine's child processes, by engine name ({} for an engine without one)."""
    usage = getattr(subject, "usage", None) or {}
    return {subject.name: usage} if "peak_memory_mb" in usage else dict(usage)
