"""publisher: UNTOC review outcomes to official UN documents in the six UN languages.

The pipeline, one module (or package) per stage:

    load      YAML file -> raw tree with a source map (file:line:col for every field)
    validate  raw tree + blueprint + reference data -> findings
    model     the validated ReviewOutcome (frozen dataclasses)
    compose   ReviewOutcome + Blueprint + language -> document.Document
    render    Document -> DOCX / PDF bytes (writer registry)
"""

__version__ = "0.1.0"
