"""Engines that stand in for a real one in tests of the pipeline around the engine."""


class CopyEngine:
    """Gives back what it gets: a draft then shows what the pipeline itself wrote around the engine."""

    name = "copy"

    def routes(self, source, target):
        return [(source, target)]

    def describe_route(self, source, target):
        return "copy"

    def missing_help(self, source, target):
        return ""

    def translate(self, segments, source, target):
        return list(segments)
