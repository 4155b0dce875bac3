"""The one place XML is parsed: lxml with every dangerous feature off."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import EXIT_UNREADABLE, PublisherError
from ..files import read_regular_file
from ..findings import Finding

MAX_XML_BYTES = 256 * 1024 * 1024  # a memory's TMX of a million units; an outcome's XML is kilobytes


def parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=True)


def parse(path: Path | str, rule: str = "input.xml", limit: int = MAX_XML_BYTES) -> etree._ElementTree:
    """Parses a file or raises PublisherError naming the file, line and the XML problem.

    A document that declares entities is refused outright (entity expansion bombs, external
    entities), and so is one that refers to an entity it does not declare (a DTD outside the file
    may define it; it is never read, and the text would be lost): the formats we read never need them.
    Only a regular file is read, and at most ``limit`` bytes of it (``files.read_regular_file``).
    """
    return parse_bytes(read_regular_file(path, limit, what="an XML file"), str(path), rule)


def parse_bytes(data: bytes, name: str, rule: str = "input.xml") -> etree._ElementTree:
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser()))
    except etree.XMLSyntaxError as error:
        if _declares_entities(data):  # libxml2 stops an expansion bomb itself, as a syntax error
            raise _entities_refused(name, rule) from None
        line = error.lineno or 0
        raise PublisherError(Finding(name, line, error.offset or 0, "", f"not well-formed XML: {error.msg}",
                                     f"{rule}-syntax"), exit_code=EXIT_UNREADABLE) from None
    doctype = tree.docinfo.internalDTD
    if doctype is not None and list(doctype.iterentities()):
        raise _entities_refused(name, rule)
    reference = next(tree.iter(etree.Entity), None)
    if reference is not None:  # left unresolved (a DTD outside the file may name it): its text would be lost
        raise PublisherError(Finding(name, reference.sourceline or 0, 0, "", f"refers to the entity "
                                     f"{reference.text}, which is not declared in the file; entities are not accepted",
                                     f"{rule}-entities"), exit_code=EXIT_UNREADABLE)
    return tree


_ENTITY_DECLARATION = re.compile(r"<!DOCTYPE[^\[>]*\[.*?<!ENTITY", re.DOTALL)


def _declares_entities(data: bytes) -> bool:
    """Whether the document type of ``data`` declares an entity (UTF-8, or UTF-16 with its mark)."""
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    return bool(_ENTITY_DECLARATION.search(data.decode(encoding, errors="replace")))


def _entities_refused(name: str, rule: str) -> PublisherError:
    return PublisherError(Finding(name, 1, 1, "", "declares XML entities; entities are not accepted",
                                  f"{rule}-entities"), exit_code=EXIT_UNREADABLE)
