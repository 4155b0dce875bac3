"""XLIFF 2.1 and 1.2: the units of a translated outcome out to a translator's CAT tool, and back.

Writing (``write_xliff``) gives one unit per post-editing unit (a sentence, or a paragraph edited
by hand), with its source, its draft target (none while the unit is untranslated) and its state;
the unit's provenance (origin, score, route, field, sentence) and a fingerprint of its state and
target as exported (``fingerprint``; XLIFF 1.2: ``pub:fingerprint``) as metadata, and the glossary terms
of its source and its QA issues as notes. The file says which outcome it belongs to: the source
and translated outcome files, relative to the .xlf file.

Inline codes: footnote markers, document symbols and numbers are standalone codes that the
translator keeps, moves but does not delete or duplicate; italics are a paired code around
translatable text.

============  =====================================================  ===============================
our markup    XLIFF 2.1                                              XLIFF 1.2
============  =====================================================  ===============================
``[^a]``      ``<ph id="1" canCopy="no" canDelete="no" type="other"  ``<x id="1" ctype="x-footnote"
              subType="publisher:footnote" disp=.. equiv="[^a]"/>``  clone="no" equiv-text="[^a]"/>``
``2019``      the same, ``subType="publisher:number"``               ``ctype="x-number"``
symbol        the same, ``subType="publisher:symbol"``               ``ctype="x-symbol"``
``*text*``    ``<pc id="2" canCopy="no" canDelete="no" type="fmt"    ``<g id="2" ctype="italic"
              subType="xlf:i">text</pc>``                            clone="no">text</g>``
============  =====================================================  ===============================

A code in a target carries the id of the source code it stands for (XLIFF 2: "the inline elements
of a target use the ids of their corresponding source elements").

States (ours are XLIFF 2's):

===========  ==================  =========================================================
ours, 2.1    XLIFF 1.2 written   XLIFF 1.2 read
===========  ==================  =========================================================
initial      no ``<target>``     ``new``, ``needs-translation``, ``needs-l10n``,
                                 ``needs-adaptation``, or no ``<target>``
translated   ``translated``      ``translated``, ``needs-review-*``
reviewed     ``signed-off``      ``signed-off``; also any lower state with ``approved="yes"``
final        ``final``           ``final``
===========  ==================  =========================================================

XLIFF 1.2 writes ``approved="yes"`` on reviewed and final units, and the provenance as the
target's ``state-qualifier`` (``leveraged-mt``, ``exact-match``, ``fuzzy-match``,
``leveraged-glossary``) and a note.

Reading (``read_xliff``, in ``xliff_read.py``) takes either version back: per unit its id, the source and target as our
markup text, and its state. A standalone code becomes the text of the source code it stands for
(by id: the current source unit's when ``XliffDocument.resolved`` is given the codes, else the
code's text in the file's own source); a paired code becomes ``*...*``. What cannot be read back
in a unit (a code that stands for nothing in the source, half of a pair) is a problem of that
unit, not an error of the file; a file that is not XLIFF, of another version or without a
``<file>`` is refused with a PublisherError (rule ``xliff.structure`` or ``xliff.version``).
Every file is parsed through ``xmlsafe`` (no DTD, no entities, no network, at most 256 levels of
elements), and a file over ``MAX_XLIFF_BYTES`` is not read at all (``xliff.too-large``).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from .. import __version__
from ..errors import EXIT_UNREADABLE, PublisherError
from ..files import write_atomic
from ..findings import Finding
from .inline import Code, parts, target_parts

XLIFF2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF1_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
METADATA_NAMESPACE = "urn:oasis:names:tc:xliff:metadata:2.0"
PUBLISHER_NAMESPACE = "urn:x-publisher:xliff"  # our XLIFF 1.2 header extension
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSIONS = ("2.1", "1.2")

STATE_TO_XLIFF12 = {"initial": "needs-translation", "translated": "translated", "reviewed": "signed-off",
                    "final": "final"}
STATE_FROM_XLIFF12 = {"new": "initial", "needs-translation": "initial", "needs-l10n": "initial",
                      "needs-adaptation": "initial", "translated": "translated",
                      "needs-review-translation": "translated", "needs-review-l10n": "translated",
                      "needs-review-adaptation": "translated", "signed-off": "reviewed", "final": "final"}
QUALIFIER_OF_ORIGIN = {"mt": "leveraged-mt", "tm-exact": "exact-match", "tm-fuzzy": "fuzzy-match",
                       "glossary": "leveraged-glossary", "frame": "leveraged-mt"}
ORIGIN_WORDS = {"mt": "machine translation", "tm-exact": "translation memory, exact match",
                "tm-fuzzy": "translation memory, fuzzy match", "glossary": "glossary term",
                "frame": "machine translation from a UN formula of review outcomes (its free parts by the engine or left "
                         "for the translator)",
                "copy": "copied from the source", "untranslated": "not translated yet",
                "post-edited": "post-edited by a person", "human": "translated by a person"}
ITALIC_SUBTYPE = "xlf:i"
FINGERPRINT = "fingerprint"  # of a unit's state and target as exported (postedit.units.unit_fingerprint)
CODE_SUBTYPE_PREFIX = "publisher:"


def _x2(name: str) -> str:
    return f"{{{XLIFF2_NAMESPACE}}}{name}"


def _x1(name: str) -> str:
    return f"{{{XLIFF1_NAMESPACE}}}{name}"


def _mda(name: str) -> str:
    return f"{{{METADATA_NAMESPACE}}}{name}"


# -- writing ------------------------------------------------------------------------------------

def write_xliff(workset, path: Path | str, version: str = "2.1") -> Path:
    """Writes the units of ``workset`` (a ``publisher.postedit.Workset``) as XLIFF ``version``,
    atomically. The same workset gives the same bytes."""
    path = Path(path)
    if version not in VERSIONS:
        raise PublisherError(Finding(str(path), 0, 0, "--version", f"XLIFF {version} is not written; choose "
                                     f"{' or '.join(VERSIONS)}", "usage.xliff-version"), exit_code=EXIT_UNREADABLE)
    files = _OutcomeFiles.relative_to(path.parent, workset.source_path, workset.target_path)
    try:
        root = _document2(workset, files) if version == "2.1" else _document12(workset, files)
    except PublisherError as error:
        raise PublisherError(*(replace(f, file=str(path)) for f in error.findings), exit_code=error.exit_code) from None
    _indent(root)
    write_atomic(path, etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n")
    return path


@dataclass(frozen=True)
class _OutcomeFiles:
    source: str  # paths relative to the .xlf file's folder, with forward slashes
    translation: str

    @classmethod
    def relative_to(cls, folder: Path, source: Path, translation: Path) -> "_OutcomeFiles":
        return cls(_relative(source, folder), _relative(translation, folder))

    @property
    def original(self) -> str:
        """The source as an IRI reference (XLIFF's ``original``)."""
        return quote(self.source, safe="/")


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()


def _document2(workset, files: _OutcomeFiles) -> etree._Element:
    root = etree.Element(_x2("xliff"), nsmap={None: XLIFF2_NAMESPACE, "mda": METADATA_NAMESPACE})
    root.set("version", "2.1")
    root.set("srcLang", workset.source_language)
    root.set("trgLang", workset.target_language)  # required once there are targets; allowed before
    file = etree.SubElement(root, _x2("file"), id="f1", original=files.original, canResegment="no")
    _metadata(file, "publisher", [("source-file", files.source), ("translation-file", files.translation),
                                  ("tool", f"publisher {__version__}")])
    for unit in workset.units:
        _unit2(file, unit)
    return root


def _metadata(parent: etree._Element, category: str, items: list[tuple[str, str]]) -> None:
    group = etree.SubElement(etree.SubElement(parent, _mda("metadata")), _mda("metaGroup"), category=category)
    for kind, value in items:
        etree.SubElement(group, _mda("meta"), type=kind).text = value


def _provenance(unit) -> list[tuple[str, str]]:
    items = [("origin", unit.origin)]
    if unit.score is not None:
        items.append(("score", f"{unit.score:g}"))
    if unit.route:
        items.append(("route", unit.route))
    return items + [("field", unit.field), ("sentence", str(unit.index + 1)), (FINGERPRINT, unit.fingerprint)]


def _notes(unit) -> list[tuple[str, str, str]]:
    """(category, text, priority) of the unit's notes: provenance, glossary terms, QA issues."""
    words = ORIGIN_WORDS.get(unit.origin, unit.origin)
    if unit.score is not None:
        words += f" ({unit.score:g} %)"
    if unit.route:
        words += f", {unit.route}"
    notes = [("provenance", words, "")]
    seen = set()
    for term in unit.terms:  # "international cooperation" and "International Cooperation": one note
        if (term.source.lower(), term.target, term.entry) not in seen:
            seen.add((term.source.lower(), term.target, term.entry))
            notes.append(("glossary", f"{term.source} → {term.target} (glossary entry {term.entry})", ""))
    notes += [("qa", f"{issue.severity}: {issue.message} [{issue.code}]", "1" if issue.severity == "error" else "")
              for issue in unit.issues]
    return notes


def _unit2(file: etree._Element, unit) -> None:
    element = etree.SubElement(file, _x2("unit"), id=unit.id, name=unit.field)
    _metadata(element, "provenance", _provenance(unit))
    notes = etree.SubElement(element, _x2("notes"))
    for number, (category, text, priority) in enumerate(_notes(unit), start=1):
        note = etree.SubElement(notes, _x2("note"), id=f"n{number}", category=category)
        if priority:
            note.set("priority", priority)
        note.text = text
    segment = etree.SubElement(element, _x2("segment"))
    _fill(etree.SubElement(segment, _x2("source")), parts(unit.source), _code2)
    if unit.target:
        _fill(etree.SubElement(segment, _x2("target")), target_parts(unit.target, unit.codes), _code2)
        segment.set("state", unit.state)
    else:
        segment.set("state", "initial")


def _code2(parent: etree._Element, code: Code) -> etree._Element:
    if code.role == "ph":
        return etree.SubElement(parent, _x2("ph"), id=code.id, canCopy="no", canDelete="no", type="other",
                                subType=CODE_SUBTYPE_PREFIX + code.kind, disp=code.text, equiv=code.text)
    return etree.SubElement(parent, _x2("pc"), id=code.id, canCopy="no", canDelete="no", type="fmt",
                            subType=ITALIC_SUBTYPE)


def _document12(workset, files: _OutcomeFiles) -> etree._Element:
    root = etree.Element(_x1("xliff"), nsmap={None: XLIFF1_NAMESPACE, "pub": PUBLISHER_NAMESPACE})
    root.set("version", "1.2")
    file = etree.SubElement(root, _x1("file"), original=files.original, datatype="plaintext")
    file.set("source-language", workset.source_language)
    file.set("target-language", workset.target_language)
    file.set("tool-id", "publisher")
    header = etree.SubElement(file, _x1("header"))
    tool = etree.SubElement(header, _x1("tool"))
    tool.set("tool-id", "publisher")
    tool.set("tool-name", "publisher")
    tool.set("tool-version", __version__)
    etree.SubElement(header, f"{{{PUBLISHER_NAMESPACE}}}outcome", source=files.source,
                     translation=files.translation)
    body = etree.SubElement(file, _x1("body"))
    for unit in workset.units:
        _unit12(body, unit)
    return root


def _unit12(body: etree._Element, unit) -> None:
    element = etree.SubElement(body, _x1("trans-unit"), id=unit.id, resname=unit.field,
                               approved="yes" if unit.target and unit.state in ("reviewed", "final") else "no")
    element.set(f"{{{PUBLISHER_NAMESPACE}}}{FINGERPRINT}", unit.fingerprint)
    _fill(etree.SubElement(element, _x1("source")), parts(unit.source), _code12)
    if unit.target:
        target = etree.SubElement(element, _x1("target"), state=STATE_TO_XLIFF12[unit.state])
        if unit.origin in QUALIFIER_OF_ORIGIN:
            target.set("state-qualifier", QUALIFIER_OF_ORIGIN[unit.origin])
        _fill(target, target_parts(unit.target, unit.codes), _code12)
    for category, text, priority in _notes(unit):
        note = etree.SubElement(element, _x1("note"))
        note.set("from", category)
        if priority:
            note.set("priority", priority)
        note.text = text


def _code12(parent: etree._Element, code: Code) -> etree._Element:
    if code.role == "ph":
        element = etree.SubElement(parent, _x1("x"), id=code.id, ctype=f"x-{code.kind}", clone="no")
        element.set("equiv-text", code.text)
        return element
    return etree.SubElement(parent, _x1("g"), id=code.id, ctype="italic", clone="no")


def _fill(content: etree._Element, items, make_code) -> None:
    """Puts text and inline codes into a <source> or <target>; a paired code wraps what stands
    between its start and its end."""
    open_elements = [content]
    for item in items:
        if isinstance(item, str):
            _append_characters(open_elements[-1], item)
        elif item.role == "ph":
            make_code(open_elements[-1], item)
        elif item.role == "start":
            open_elements.append(make_code(open_elements[-1], item))
        else:  # an end: parts() and target_parts() give an end only after its start
            open_elements.pop()


_NOT_IN_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _append_characters(element: etree._Element, text: str) -> None:
    """Text, with the characters XML cannot hold (control characters) as XLIFF 2 <cp hex>;
    XLIFF 1.2 has no way to carry them."""
    position = 0
    for match in _NOT_IN_XML.finditer(text):
        _append_text(element, text[position:match.start()])
        if etree.QName(element).namespace != XLIFF2_NAMESPACE:
            raise PublisherError(Finding("", 0, 0, "", f"the text holds the control character "
                                         f"U+{ord(match.group()):04X}, which XLIFF 1.2 cannot carry; export "
                                         f"XLIFF 2.1", "xliff.character"), exit_code=EXIT_UNREADABLE)
        etree.SubElement(element, _x2("cp"), hex=f"{ord(match.group()):04X}")
        position = match.end()
    _append_text(element, text[position:])


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


_TEXT_ELEMENTS = {_x2("source"), _x2("target"), _x2("note"), _mda("meta"), _x1("source"), _x1("target"),
                  _x1("note")}


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indents the structure, never the text of a source, target, note or meta."""
    children = [child for child in element if isinstance(child.tag, str)]
    if not children or element.tag in _TEXT_ELEMENTS:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level
