"""TMX 1.4 (Translation Memory eXchange): units in and out of the translation memory.

Reading yields (source_language, target_language, source, target, origin), the row shape
``TranslationMemory.add_many`` takes and ``TranslationMemory.export_rows`` gives:

- A ``<tu>`` with several ``<tuv>`` gives one row from its source language to each other language.
  The source language is the unit's ``srclang``, else the header's, else (header ``*all*``) the
  language of the unit's first ``<tuv>``. A unit without a variant in its source language gives none.
- Languages are reduced to their primary subtag: ``en-US`` -> ``en``, ``zh-Hans-CN`` -> ``zh``.
- Inline markup: ``<bpt>``, ``<ept>``, ``<it>``, ``<ph>`` and ``<ut>`` hold native codes of the
  original format (``<b>``, ``{\\i}``...), not text, so their content is dropped (their tail is
  kept); ``<sub>`` (text of another flow, e.g. a footnote inside a code) is dropped with them;
  ``<hi>`` is text with emphasis, so its text is kept.
- The origin is the unit's ``<prop type="x-origin">``, written by ``write_tmx``; "" when absent.
- Empty segments give no row.

Writing makes one ``<tu>`` per row, in the row's direction: a row that does not start from the
header's source language says its own with the unit's ``srclang``. So a file written and read again
gives the same rows, in the same order. The file carries no date: the same rows give the same bytes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import EXIT_UNREADABLE, PublisherError
from ..files import write_atomic
from ..findings import Finding
from .xmlsafe import parse

TMX_VERSION = "1.4"
ORIGIN_PROPERTY = "x-origin"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut", "sub"})
_PRIMARY_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*")

Row = tuple[str, str, str, str, str]


def read_tmx(path: Path | str) -> Iterator[Row]:
    """Rows of a TMX file; PublisherError (file and line) for a file that is not well-formed TMX.

    The file is parsed and its header checked at once; units are turned into rows as they are read."""
    name = str(path)
    root = parse(path, rule="tmx.xml").getroot()
    if root.tag != "tmx":
        raise _error(name, root, "", f"the root element is <{root.tag}>, not <tmx>", "tmx.structure")
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise _error(name, root, "", "a TMX file needs a <header> and a <body>", "tmx.structure")
    header_language = header.get("srclang")
    if not header_language:
        raise _error(name, header, "header", "the header has no srclang", "tmx.structure")
    if header_language.lower() != "*all*":
        header_language = primary_language(header_language, name, header, "header.srclang")
    else:
        header_language = None
    return _rows(body, header_language, name)


def _rows(body: etree._Element, header_language: str | None, name: str) -> Iterator[Row]:
    for number, unit in enumerate(body.iterchildren("tu"), start=1):
        yield from _unit_rows(unit, f"tu[{number}]", header_language, name)


def _unit_rows(unit: etree._Element, field: str, header_language: str | None, name: str) -> Iterator[Row]:
    variants = []
    for variant in unit.iterchildren("tuv"):
        language = variant.get(XML_LANG) or variant.get("lang")  # "lang" is TMX 1.1's spelling
        if not language:
            raise _error(name, variant, f"{field}.tuv", "a <tuv> without xml:lang", "tmx.structure")
        segment = variant.find("seg")
        if segment is None:
            raise _error(name, variant, f"{field}.tuv", "a <tuv> without <seg>", "tmx.structure")
        variants.append((primary_language(language, name, variant, f"{field}.tuv"), segment_text(segment)))
    if not variants:
        return
    source_language = unit.get("srclang")
    if source_language and source_language.lower() != "*all*":
        source_language = primary_language(source_language, name, unit, f"{field}.srclang")
    else:
        source_language = header_language or variants[0][0]
    source = next((text for language, text in variants if language == source_language), "")
    if not source.strip():
        return
    origin = next((p.text or "" for p in unit.iterchildren("prop") if p.get("type") == ORIGIN_PROPERTY), "")
    for language, text in variants:
        if language != source_language and text.strip():
            yield source_language, language, source, text, origin


def segment_text(segment: etree._Element) -> str:
    """The text of a <seg>: its own text and that of <hi>, without native codes (see the module)."""
    parts = [segment.text or ""]
    for child in segment:
        if isinstance(child.tag, str) and child.tag not in CODE_ELEMENTS:
            parts.append(segment_text(child))
        parts.append(child.tail or "")  # comments and codes: their content goes, the text after stays
    return "".join(parts)


def primary_language(code: str, name: str = "", element: etree._Element | None = None, field: str = "") -> str:
    """The primary language subtag in lower case: "en-US" -> "en"."""
    match = _PRIMARY_LANGUAGE.fullmatch(code.strip())
    if not match:
        raise _error(name, element, field, f"'{code}' is not a language code", "tmx.language")
    return match.group(1).lower()


def write_tmx(path: Path | str, rows: Iterable[Row], source_language: str) -> int:
    """Writes rows as a TMX 1.4 file, atomically; returns the number of units written."""
    path = Path(path)
    root = etree.Element("tmx", version=TMX_VERSION)
    etree.SubElement(root, "header", {
        "creationtool": "publisher", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "publisher translation memory", "adminlang": "en", "srclang": source_language,
        "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    count = 0
    for count, (row_source_language, target_language, source, target, origin) in enumerate(rows, start=1):
        unit = etree.SubElement(body, "tu")
        if row_source_language != source_language:
            unit.set("srclang", row_source_language)
        if origin:
            _set_text(etree.SubElement(unit, "prop", type=ORIGIN_PROPERTY), origin, path, count)
        for language, text in ((row_source_language, source), (target_language, target)):
            variant = etree.SubElement(unit, "tuv", {XML_LANG: language})
            _set_text(etree.SubElement(variant, "seg"), text, path, count)
    write_atomic(path, etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return count


def _set_text(element: etree._Element, text: str, path: Path, number: int) -> None:
    try:
        element.text = text
    except ValueError:  # control characters XML 1.0 cannot carry
        raise PublisherError(Finding(str(path), 0, 0, f"tu[{number}]", f"{text!r} has characters XML cannot hold",
                                     "tmx.invalid-character"), exit_code=EXIT_UNREADABLE) from None


def _error(name: str, element: etree._Element | None, field: str, message: str, code: str) -> PublisherError:
    line = element.sourceline if element is not None and element.sourceline else 0
    return PublisherError(Finding(name, line, 0, field, message, code), exit_code=EXIT_UNREADABLE)
