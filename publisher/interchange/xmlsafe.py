"""The one place XML is parsed: lxml with every dangerous feature off."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding


def parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=True)


def parse(path: Path | str, rule: str = "input.xml") -> etree._ElementTree:
    """Parses a file or raises PublisherError naming the file, line and the XML problem.

    A document that declares entities is refused outright (entity expansion bombs, external
    entities): the formats we read never need them.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PublisherError(Finding(str(path), 0, 0, "", f"cannot be read: {error.strerror}", "input.unreadable"),
                             exit_code=EXIT_UNREADABLE) from None
    return parse_bytes(data, str(path), rule)


def parse_bytes(data: bytes, name: str, rule: str = "input.xml") -> etree._ElementTree:
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser()))
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        raise PublisherError(Finding(name, line, error.offset or 0, "", f"not well-formed XML: {error.msg}",
                                     f"{rule}-syntax"), exit_code=EXIT_UNREADABLE) from None
    doctype = tree.docinfo.internalDTD
    if doctype is not None and list(doctype.iterentities()):
        raise PublisherError(Finding(name, 1, 1, "", "declares XML entities; entities are not accepted",
                                     f"{rule}-entities"), exit_code=EXIT_UNREADABLE)
    return tree
