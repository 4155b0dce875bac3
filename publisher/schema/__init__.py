"""Rule family ``schema``: the shape of a file (review outcomes and blueprints), checked with JSON Schema (jsonschema).

The schema files under ``publisher/schema/`` are the reference for the input format; this module
only turns jsonschema's errors into findings an editor can act on.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from ..findings import Finding
from ..load import LoadedFile, child_path

# Schema errors after which the data cannot be trusted to build the model.
STRUCTURAL = {"schema.missing-field", "schema.wrong-type", "schema.invalid-value", "schema.duplicate-field",
              "schema.unknown-field"}  # the model reads every field of a document: an unknown one may hold anything

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


@cache
def load_schema(name: str) -> dict:
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def check_schema(loaded: LoadedFile, schema_name: str) -> list[Finding]:
    schema = load_schema(schema_name)
    # formats checked: "date" (an ISO date of the calendar: no February 30, which the model could not build)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker(["date"]))
    findings = [_finding(loaded, _most_relevant(error)) for error in validator.iter_errors(loaded.data)]
    return _deduplicate(findings)


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    seen, unique = set(), []
    for finding in findings:
        key = (finding.field, finding.code, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _most_relevant(error: ValidationError) -> ValidationError:
    """For "one of" alternatives, report the branch the editor evidently meant: the one whose
    type matched (a mapping with a stray field, not "expected text")."""
    while error.validator in ("oneOf", "anyOf") and error.context:
        typed = [e for e in error.context if e.validator != "type"]
        if not typed:
            return error
        error = best_match(typed)
    return error


def _path_of(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path = child_path(path, part)
    return path


def _finding(loaded: LoadedFile, error: ValidationError) -> Finding:
    path = _path_of(error)
    code, message, field = _describe(error, path)
    line, column = loaded.source.position(field)
    return Finding(loaded.file, line, column, field, message, code)


def _describe(error: ValidationError, path: str) -> tuple[str, str, str]:
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return "schema.missing-field", f"the required field '{missing}' is missing", child_path(path, missing)
    if kind == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        known = ", ".join(error.schema.get("properties", {}))
        field = child_path(path, extras[0]) if extras else path
        return "schema.unknown-field", f"unknown field '{', '.join(map(str, extras))}' (known here: {known})", field
    if kind in ("oneOf", "anyOf"):
        expected = [e.validator_value for e in error.context if e.validator == "type"]
        return "schema.wrong-type", f"expected {' or '.join(_article(t) for t in expected)}", path
    if kind == "type":
        expected = error.validator_value
        got = _JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
        if error.instance is None:
            got = "nothing"
        return "schema.wrong-type", f"expected {_article(expected)}, found {got}", path
    if kind == "pattern" and error.validator_value == "\\S":
        return "schema.empty-text", "the text is empty", path
    if kind in ("minItems",) and not error.instance:
        return "schema.empty-text", "the list is empty", path
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return "schema.invalid-value", f"'{error.instance}' is not one of: {allowed}", path
    if kind == "pattern":
        return "schema.invalid-value", f"'{error.instance}' is not in the expected form", path
    if kind == "format" and error.validator_value == "date":
        return "schema.invalid-value", f"'{error.instance}' is not a date of the calendar (YYYY-MM-DD)", path
    if kind == "uniqueItems":
        return "schema.invalid-value", "an item is given twice", path
    return "schema.invalid-value", error.message, path


def _article(expected: object) -> str:
    names = {"object": "a mapping of fields", "array": "a list", "string": "text",
             "integer": "a whole number", "boolean": "true or false", "number": "a number"}
    if isinstance(expected, list):
        return " or ".join(names.get(e, e) for e in expected)
    return names.get(expected, str(expected))
