"""``--engine auto``: for each language pair, the best route the installed engines offer.

Preference, for a pair no configuration fixes:

1. a direct route, from the first engine of PREFERENCE that has one: a multilingual model
   (``ct2``), then an Argos model for the pair (``argos``), then an Apertium pair (``apertium``);
2. else a route through a pivot, in the same order of engines (Argos through English, Apertium
   through Spanish);
3. else none: the memory and the glossary only, and the help says what each engine would need.

A configuration may fix the engine for a target language (``engines: {ru: ct2}`` in a session
manifest, or ``[engines]`` in publisher.toml for the translate commands); that engine is then used
for the language whether or not another would have a route. Which engine was taken, and why, is
said by ``describe_route`` (the pipeline writes it in the QA report) and by ``chosen``.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import ENGINES, EngineError, Route, describe, engine, required_route

PREFERENCE = ("ct2", "argos", "apertium")


@dataclass(frozen=True)
class Choice:
    engine: object | None  # the engine taken, None when no engine has a route
    route: Route | None
    reason: str  # "configured for ru", "direct", "pivot" or ""


def installed_engines(names: tuple[str, ...] = PREFERENCE) -> dict[str, object]:
    """The engines of ``names`` that can be loaded here, by name (tests replace this with a fake set)."""
    found = {}
    for name in names:
        try:
            found[name] = engine(name)
        except EngineError:
            continue  # its libraries are missing: it routes nothing, and its help says so below
    return found


class AutoEngine:
    name = "auto"

    def __init__(self, choices: dict[str, str] | None = None, default: str = "auto",
                 configured_in: str = "the configuration"):
        """``choices``: target language -> engine name; ``default``: the engine for the other
        languages ("auto": the best installed route)."""
        self.choices = dict(choices or {})
        for language, name in sorted(self.choices.items()):
            if name not in ENGINES or name == self.name:
                raise EngineError(f"{language}: {name!r} is not an engine to fix for a language; choose one of "
                                  f"{', '.join(n for n in ENGINES if n != self.name)}", "engine.unknown",
                                  engine=self.name, field=f"engines.{language}")
        self.default = default
        self.configured_in = configured_in
        self._engines: dict[str, object] = {}
        self._chosen: dict[tuple[str, str], Choice] = {}
        self._last = None  # the engine of the last batch

    def chosen(self, source: str, target: str) -> Choice:
        """The engine taken for the pair and why (worked out once per pair)."""
        if (source, target) not in self._chosen:
            self._chosen[source, target] = self._choose(source, target)
        return self._chosen[source, target]

    def routes(self, source: str, target: str) -> Route | None:
        return self.chosen(source, target).route

    def translate(self, segments: list[str], source: str, target: str) -> list[str]:
        if not segments:
            return []
        required_route(self, source, target)
        self._last = self.chosen(source, target).engine
        return self._last.translate(segments, source, target)

    def stream(self, source: str, target: str):
        """The chosen engine's segment stream for the pair, when it has one (see apertium.SegmentStream)."""
        choice = self.chosen(source, target)
        opener = getattr(choice.engine, "stream", None)
        if opener is None:
            return None
        self._last = choice.engine
        return opener(source, target)

    def describe_route(self, source: str, target: str) -> str:
        choice = self.chosen(source, target)
        if choice.engine is None:
            return describe(self.name, source, target, None) + " (memory and glossary only)"
        return f"{choice.engine.describe_route(source, target)} ({self.name}: {choice.reason})"

    def missing_help(self, source: str, target: str) -> str:
        choice = self.chosen(source, target)
        fixed = self._fixed(target)
        if fixed is not None:
            where = f"configured for {target} in {self.configured_in}" if target in self.choices else "chosen"
            return f"{fixed.name} ({where}): {fixed.missing_help(source, target)}"
        if choice.engine is not None:
            return f"nothing to install: {self.describe_route(source, target)}"
        helps = [f"{name}: {candidate.missing_help(source, target)}" for name, candidate in self._candidates().items()]
        return f"no installed engine translates {source}→{target}; " + "; ".join(helps or ["no engine can be loaded"])

    @property
    def usage(self) -> dict:
        """The memory use of the last batch's engine, when it ran in a child process, by engine name."""
        usage = getattr(self._last, "usage", None)
        return {self._last.name: usage} if usage else {}

    def close(self) -> None:
        for candidate in self._engines.values():
            if hasattr(candidate, "close"):
                candidate.close()

    def _choose(self, source: str, target: str) -> Choice:
        fixed = self._fixed(target)
        if fixed is not None:
            reason = f"configured for {target} in {self.configured_in}" if target in self.choices else "chosen"
            route = fixed.routes(source, target)
            return Choice(fixed if route else None, route, reason)
        candidates = self._candidates()
        routes = {name: candidate.routes(source, target) for name, candidate in candidates.items()}
        for name, route in routes.items():
            if route is not None and len(route) == 1:
                return Choice(candidates[name], route, "direct, the first of " + ", ".join(PREFERENCE))
        for name, route in routes.items():
            if route is not None:
                return Choice(candidates[name], route, f"no direct route installed; pivot through {route[0][1]}")
        return Choice(None, None, "")

    def _fixed(self, target: str):
        name = self.choices.get(target, self.default)
        if name == self.name:
            return None
        if name not in self._engines:
            self._engines[name] = self._candidates().get(name) or engine(name)
        return self._engines[name]

    def _candidates(self) -> dict[str, object]:
        found = {name: self._engines[name] for name in PREFERENCE if name in self._engines}
        if len(found) < len(PREFERENCE):
            for name, candidate in installed_engines().items():
                found.setdefault(name, candidate)
                self._engines.setdefault(name, candidate)
        return {name: found[name] for name in [*PREFERENCE, *found] if name in found}

