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
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from ...errors import EXIT_UNREADABLE, PublisherError
from ...findings import Finding

Route = list[tuple[str, str]]

ENGINES: dict[str, str] = {
    "none": "publisher.translate.engines.none:NoEngine",
    "apertium": "publisher.translate.engines.apertium:ApertiumEngine",
    "argos": "publisher.translate.engines.argos:ArgosEngine",
}

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
    module_name, _, class_name = ENGINES[name].partition(":")
    try:
        engine_class = getattr(importlib.import_module(module_name), class_name)
    except ImportError as error:
        raise EngineError(f"cannot be loaded: {error}", "engine.unavailable", engine=name) from None
    try:
        return engine_class(**options)
    except TypeError as error:
        raise EngineError(f"bad option: {error}", "engine.bad-option", engine=name) from None


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
