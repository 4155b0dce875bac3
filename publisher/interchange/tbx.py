"""TBX-Basic glossaries: TermBase eXchange v2 (ISO 30042:2008), the ``martif`` dialect.

One concept is one ``termEntry``; it holds one ``langSet`` per language, and each ``langSet`` one
``tig`` (term information group) per term. What this module writes, and reads back::

    <martif type="TBX-Basic" xml:lang="en">
      <martifHeader>
        <fileDesc><titleStmt><title>…</title></titleStmt><sourceDesc><p>…</p></sourceDesc></fileDesc>
        <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
      </martifHeader>
      <text><body>
        <termEntry id="term.organized-criminal-group">
          <descrip type="subjectField">term</descrip>
          <admin type="source">Convention, art. 2 (a)</admin>
          <note>why the deprecated terms are wrong</note>
          <langSet xml:lang="fr">
            <tig>
              <term>groupe criminel organisé</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            </tig>
            …
          </langSet>
        </termEntry>
      </body></text>
    </martif>

The administrative status of a term is ``preferredTerm-admn-sts``, ``admittedTerm-admn-sts`` or
``deprecatedTerm-admn-sts`` (``supersededTerm-admn-sts`` is read as deprecated); a term without
one is read as admitted. Reading goes through ``xmlsafe.parse`` only, so a file that declares
entities is refused. Only ``tig`` is read: ``ntig`` (TBX-Default) is reported, not skipped.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import EXIT_UNREADABLE, PublisherError
from ..files import write_atomic
from ..findings import Finding
from . import xmlsafe

PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
SUPERSEDED = "supersededTerm-admn-sts"
STATUSES = (PREFERRED, ADMITTED, DEPRECATED, SUPERSEDED)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
_XCS = "TBXBasicXCSV02.xcs"


@dataclass(frozen=True)
class Term:
    text: str
    status: str  # one of STATUSES


@dataclass(frozen=True)
class Concept:
    """One ``termEntry``: the terms of every language for one thing, in file order."""

    id: str
    subject: str  # descrip type="subjectField"
    source: str  # admin type="source"
    note: str  # note
    terms: dict[str, tuple[Term, ...]]  # language -> terms


@dataclass(frozen=True)
class Termbase:
    title: str
    description: str
    concepts: tuple[Concept, ...]


def write(path: Path, termbase: Termbase) -> None:
    """Writes ``termbase`` as TBX-Basic, atomically; the same termbase always gives the same bytes."""
    root = etree.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_description = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_description, "titleStmt"), "title").text = termbase.title
    etree.SubElement(etree.SubElement(file_description, "sourceDesc"), "p").text = termbase.description
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = _XCS
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in termbase.concepts:
        body.append(_concept_element(concept))
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=_DOCTYPE)
    write_atomic(Path(path), data)


def _concept_element(concept: Concept) -> etree._Element:
    entry = etree.Element("termEntry", id=concept.id)
    # TBX core structure: concept-level information comes before the language sections.
    etree.SubElement(entry, "descrip", type="subjectField").text = concept.subject
    if concept.source:
        etree.SubElement(entry, "admin", type="source").text = concept.source
    if concept.note:
        etree.SubElement(entry, "note").text = concept.note
    for language, terms in concept.terms.items():
        language_set = etree.SubElement(entry, "langSet", {_XML_LANG: language})
        for term in terms:
            group = etree.SubElement(language_set, "tig")
            etree.SubElement(group, "term").text = term.text
            etree.SubElement(group, "termNote", type="administrativeStatus").text = term.status
    return entry


def read(path: Path | str) -> Termbase:
    """Reads a TBX-Basic file, or raises PublisherError naming the file, line and problem."""
    name = str(path)
    root = xmlsafe.parse(path, rule="tbx").getroot()
    if _local(root.tag) != "martif":
        raise _error(name, root, f"not a TBX v2 file: the root element is <{_local(root.tag)}>, not <martif>",
                     "tbx.not-tbx")
    title = root.findtext("martifHeader/fileDesc/titleStmt/title") or ""
    description = root.findtext("martifHeader/fileDesc/sourceDesc/p") or ""
    concepts, seen = [], set()
    for element in root.iterfind("text/body/termEntry"):
        concept = _read_concept(name, element)
        if concept.id in seen:
            raise _error(name, element, f"termEntry id \"{concept.id}\" is used twice", "tbx.duplicate-id")
        seen.add(concept.id)
        concepts.append(concept)
    return Termbase(title.strip(), description.strip(), tuple(concepts))


def _read_concept(name: str, element: etree._Element) -> Concept:
    identifier = (element.get("id") or "").strip()
    if not identifier:
        raise _error(name, element, "termEntry has no id", "tbx.missing-id")
    terms: dict[str, list[Term]] = {}
    for language_set in element.iterfind("langSet"):
        language = _language(language_set.get(_XML_LANG) or "")
        if not language:
            raise _error(name, language_set, f"langSet of termEntry \"{identifier}\" has no xml:lang",
                         "tbx.missing-language")
        if language_set.find("ntig") is not None:
            raise _error(name, language_set.find("ntig"), "ntig is not TBX-Basic; write each term in a tig",
                         "tbx.unsupported")
        terms.setdefault(language, []).extend(_read_term(name, identifier, group)
                                              for group in language_set.iterfind("tig"))
    return Concept(
        id=identifier,
        subject=_text(element.find("descrip[@type='subjectField']")),
        source=_text(element.find("admin[@type='source']")),
        note=" ".join(_text(note) for note in element.iterfind("note")),
        terms={language: tuple(found) for language, found in terms.items() if found},
    )


def _read_term(name: str, identifier: str, group: etree._Element) -> Term:
    text = _text(group.find("term"))
    if not text:
        raise _error(name, group, f"a term of termEntry \"{identifier}\" is empty or missing", "tbx.empty-term")
    status_element = group.find("termNote[@type='administrativeStatus']")
    status = _text(status_element) or ADMITTED
    if status not in STATUSES:
        raise _error(name, status_element, f"administrativeStatus \"{status}\" is not one of {', '.join(STATUSES)}",
                     "tbx.unknown-status")
    return Term(text, status)


def _language(tag: str) -> str:
    """"fr-FR" -> "fr": the glossary keys languages by their primary subtag."""
    return tag.strip().split("-")[0].split("_")[0].lower()


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else str(tag)


def _error(name: str, element: etree._Element | None, message: str, code: str) -> PublisherError:
    line = element.sourceline if element is not None and element.sourceline else 0
    return PublisherError(Finding(name, line, 0, "", message, code), exit_code=EXIT_UNREADABLE)
