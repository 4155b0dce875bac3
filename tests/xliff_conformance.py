"""Our own checks of XLIFF 2.x Core constraints (and of the Metadata module we use), written from
the prose of the OASIS XLIFF Version 2.1 specification (13 February 2018): the "Contains",
"Attributes", "Constraints" and "Processing Requirements" of each element and attribute.

``check_xliff2(tree_or_path)`` returns findings (file, line, where, message, rule ``xliff2.*``);
an empty list for a conforming document. Each check is a small function over the parsed
document. What the specification states as a Processing Requirement on the editing hints (a
target must keep the codes that cannot be deleted, must not replicate codes that cannot be
copied) is a warning, and an error for a segment whose state is ``final``, as the specification
says its own Schematron reports it.

Not checked: Modules other than Metadata, the ids of Extension elements, comment annotations
(``<mrk type="comment">`` with ``value``/``ref``), fragment identifiers, sub-flows, ``xml:space``
between source and target, and anything that needs the original format (skeleton content,
merging). Measured against the specification's own test suite (not shipped here): 94 of its 119
invalid core documents are flagged, none of its 63 valid documents has an error.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from publisher.findings import Finding, Severity
from publisher.interchange.xmlsafe import parse

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
METADATA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("2.0", "2.1")
STATES = ("initial", "translated", "reviewed", "final")
CODE_TYPES = ("fmt", "ui", "quote", "link", "image", "other")
INLINE = ("cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em")
INLINE_PARENTS = ("source", "target", "pc", "mrk")
CODE_POINT_PARENTS = (*INLINE_PARENTS, "data")
# The only other namespaces whose attributes an inline code may carry: Format Style and Size and
# Length Restriction modules.
CODE_ATTRIBUTE_NAMESPACES = ("urn:oasis:names:tc:xliff:fs:2.0", "urn:oasis:names:tc:xliff:sizerestriction:2.0")
# XLIFF attributes (no namespace) each inline element may carry ("No other attributes must be used").
INLINE_ATTRIBUTES = {
    "ph": {"canCopy", "canDelete", "canReorder", "copyOf", "disp", "equiv", "id", "dataRef", "subFlows",
           "subType", "type"},
    "pc": {"canCopy", "canDelete", "canOverlap", "canReorder", "copyOf", "dispEnd", "dispStart", "equivEnd",
           "equivStart", "id", "dataRefEnd", "dataRefStart", "subFlowsEnd", "subFlowsStart", "subType", "type",
           "dir"},
    "sc": {"canCopy", "canDelete", "canOverlap", "canReorder", "copyOf", "dataRef", "dir", "disp", "equiv", "id",
           "isolated", "subFlows", "subType", "type"},
    "ec": {"canCopy", "canDelete", "canOverlap", "canReorder", "copyOf", "dataRef", "dir", "disp", "equiv", "id",
           "isolated", "startRef", "subFlows", "subType", "type"},
    "cp": {"hex"},
}
EMPTY_ELEMENTS = ("ph", "sc", "ec", "cp")
SUBTYPE_TYPES = {"xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt", "xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:var": "ui"}
VALUES = {"canCopy": ("yes", "no"), "canDelete": ("yes", "no"), "canOverlap": ("yes", "no"),
          "canReorder": ("yes", "firstNo", "no"), "isolated": ("yes", "no"), "canResegment": ("yes", "no"),
          "translate": ("yes", "no"), "srcDir": ("ltr", "rtl", "auto"), "trgDir": ("ltr", "rtl", "auto"),
          "dir": ("ltr", "rtl", "auto"), "appliesTo": ("source", "target")}
OTHER = "##other"
# What each structural element contains, in order: (allowed children, fewest, most).
CONTENT = {
    "xliff": [({"file"}, 1, None)],
    "file": [({"skeleton"}, 0, 1), ({OTHER}, 0, None), ({"notes"}, 0, 1), ({"unit", "group"}, 1, None)],
    "group": [({OTHER}, 0, None), ({"notes"}, 0, 1), ({"unit", "group"}, 0, None)],
    "unit": [({OTHER}, 0, None), ({"notes"}, 0, 1), ({"originalData"}, 0, 1), ({"segment", "ignorable"}, 1, None)],
    "segment": [({"source"}, 1, 1), ({"target"}, 0, 1)],
    "ignorable": [({"source"}, 1, 1), ({"target"}, 0, 1)],
    "notes": [({"note"}, 1, None)],
    "originalData": [({"data"}, 1, None)],
}
ANY = "##any"  # attributes of other namespaces allowed
# XLIFF attributes of each structural element (xml: attributes spelled xml:lang, xml:space).
STRUCTURAL_ATTRIBUTES = {
    "xliff": {"version", "srcLang", "trgLang", "xml:space", ANY},
    "file": {"id", "canResegment", "original", "translate", "srcDir", "trgDir", "xml:space", ANY},
    "group": {"id", "name", "canResegment", "translate", "srcDir", "trgDir", "type", "xml:space", ANY},
    "unit": {"id", "name", "canResegment", "translate", "srcDir", "trgDir", "xml:space", "type", ANY},
    "segment": {"id", "canResegment", "state", "subState"},
    "ignorable": {"id"},
    "source": {"xml:lang", "xml:space"},
    "target": {"xml:lang", "xml:space", "order"},
    "notes": set(),
    "note": {"id", "appliesTo", "category", "priority", ANY},
    "originalData": set(),
    "data": {"id", "dir", "xml:space"},
    "skeleton": {"href"},
}
REQUIRED_ATTRIBUTES = {"file": ("id",), "group": ("id",), "unit": ("id",), "data": ("id",), "ph": ("id",),
                       "pc": ("id",), "sc": ("id",), "mrk": ("id",), "sm": ("id",), "cp": ("hex",)}
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3}|[A-Za-z]{5,8})(-[A-Za-z0-9]{1,8})*|[xXiI](-[A-Za-z0-9]{1,8})+")
_NMTOKEN = re.compile(r"[\w.:\-\u00B7\u0300-\u036F\u203F-\u2040]+")
_PREFIXED = re.compile(r"[^:\s]+:\S+")


def _x(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


class Document:
    """A parsed XLIFF 2 document and how to report about it."""

    def __init__(self, name: str, root: etree._Element):
        self.name = name
        self.root = root

    def all(self, *names: str) -> Iterator[etree._Element]:
        return self.root.iter(*(_x(n) for n in names))

    def units(self) -> Iterator[etree._Element]:
        return self.all("unit")

    def finding(self, element: etree._Element, message: str, rule: str,
                severity: Severity = Severity.ERROR) -> Finding:
        return Finding(self.name, element.sourceline or 0, 0, where(element), message, f"xliff2.{rule}", severity)


def where(element: etree._Element) -> str:
    """``unit u1`` for anything inside a unit, else the element's path of names and ids."""
    for ancestor in (element, *element.iterancestors()):
        if ancestor.tag == _x("unit"):
            return f"unit {ancestor.get('id', '?')}"
    steps = []
    for ancestor in reversed([element, *element.iterancestors()]):
        name = etree.QName(ancestor).localname
        steps.append(f"{name}[{ancestor.get('id')}]" if ancestor.get("id") else name)
    return "/".join(steps)


def local(element: etree._Element) -> str:
    qname = etree.QName(element)
    return qname.localname if qname.namespace == NAMESPACE else OTHER


def elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def check_xliff2(tree_or_path) -> list[Finding]:
    if isinstance(tree_or_path, (str, Path)):
        name, root = str(tree_or_path), parse(tree_or_path, rule="xliff.xml").getroot()
    else:
        root = tree_or_path.getroot() if hasattr(tree_or_path, "getroot") else tree_or_path
        name = root.getroottree().docinfo.URL or "<xliff>"
    document = Document(name, root)
    if root.tag != _x("xliff"):
        return [document.finding(root, f"the root element is <{etree.QName(root).localname}> in namespace "
                                       f"\"{etree.QName(root).namespace or ''}\", not <xliff> in {NAMESPACE}", "root")]
    findings = [f for check in CHECKS for f in check(document)]
    return sorted(findings, key=lambda f: (f.line, f.code, f.message))


# -- the document and its languages -------------------------------------------------------------

def check_version_and_source_language(document: Document) -> Iterator[Finding]:
    """<xliff>: version and srcLang are required; the version is 2.0 or 2.1."""
    root = document.root
    version = root.get("version")
    if version is None:
        yield document.finding(root, "<xliff> has no version attribute (required)", "required-attribute")
    elif version not in VERSIONS:
        yield document.finding(root, f"version \"{version}\" is not an XLIFF 2.0 or 2.1 version", "version")
    if not root.get("srcLang"):
        yield document.finding(root, "<xliff> has no srcLang attribute (required)", "required-attribute")


def check_target_language(document: Document) -> Iterator[Finding]:
    """trgLang is required when the document has a <target> in a <segment> or <ignorable>."""
    if document.root.get("trgLang"):
        return
    for target in document.all("target"):
        if target.getparent().tag in (_x("segment"), _x("ignorable")):
            yield document.finding(target, "the document has targets but <xliff> has no trgLang", "trgLang")
            return


def check_language_tags(document: Document) -> Iterator[Finding]:
    """srcLang, trgLang and every xml:lang hold BCP 47 language tags."""
    declared = [(document.root, a) for a in ("srcLang", "trgLang")]
    declared += [(e, f"{{{XML}}}lang") for e in document.root.iter() if isinstance(e.tag, str)]
    for element, attribute in declared:
        value = element.get(attribute)
        if value is not None and not _LANGUAGE_TAG.fullmatch(value):
            yield document.finding(element, f"\"{value}\" is not a language tag (BCP 47)", "language-tag")


def check_content_languages(document: Document) -> Iterator[Finding]:
    """The xml:lang of a segment's or ignorable's <source> (set or inherited) is srcLang; of its
    <target>, trgLang."""
    expected = {"source": document.root.get("srcLang"), "target": document.root.get("trgLang")}
    for name, language in expected.items():
        for content in document.all(name):
            if content.getparent().tag not in (_x("segment"), _x("ignorable")) or not language:
                continue
            declared = next((e.get(f"{{{XML}}}lang") for e in (content, *content.iterancestors())
                             if e.get(f"{{{XML}}}lang") is not None), None)
            if declared is not None and declared.lower() != language.lower():
                attribute = "srcLang" if name == "source" else "trgLang"
                yield document.finding(content, f"<{name}> is in xml:lang \"{declared}\" but {attribute} is "
                                                f"\"{language}\"", "xml-lang")


# -- structure ----------------------------------------------------------------------------------

def check_content(document: Document) -> Iterator[Finding]:
    """Each structural element holds what the specification lists, in that order."""
    for name, model in CONTENT.items():
        for element in document.all(name):
            yield from _match(document, element, model)


def _match(document: Document, element: etree._Element, model) -> Iterator[Finding]:
    children = elements(element)
    position = 0
    for allowed, fewest, most in model:
        count = 0
        while position < len(children) and local(children[position]) in allowed and (most is None or count < most):
            position += 1
            count += 1
        if count < fewest:
            wanted = " or ".join(f"<{a}>" for a in sorted(allowed))
            yield document.finding(element, f"<{local(element)}> must contain {wanted}", "content")
    for child in children[position:]:
        what = f"<{local(child)}>"
        if local(child) == OTHER:
            what = f"<{etree.QName(child).localname}> of another namespace"
        yield document.finding(child, f"{what} is not allowed here in <{local(element)}> (or is out of order)",
                               "content")


def check_unit_has_segment(document: Document) -> Iterator[Finding]:
    """A unit contains at least one <segment> (ignorables alone are not enough)."""
    for unit in document.units():
        if unit.find(_x("segment")) is None:
            yield document.finding(unit, "the unit has no <segment>", "content")


def check_skeleton(document: Document) -> Iterator[Finding]:
    """A <skeleton> has an href if and only if it is empty."""
    for skeleton in document.all("skeleton"):
        empty = not elements(skeleton) and not (skeleton.text or "").strip()
        if empty and skeleton.get("href") is None:
            yield document.finding(skeleton, "an empty <skeleton> needs an href", "skeleton")
        elif not empty and skeleton.get("href") is not None:
            yield document.finding(skeleton, "a <skeleton> with content must not have an href", "skeleton")


def check_structural_attributes(document: Document) -> Iterator[Finding]:
    """Structural elements carry only the attributes listed for them; segment, ignorable, source,
    target, notes, originalData, data and skeleton take no attributes of other namespaces."""
    for name, allowed in STRUCTURAL_ATTRIBUTES.items():
        for element in document.all(name):
            for attribute in element.attrib:
                qname = etree.QName(attribute)
                if qname.namespace == XML:
                    spelled = f"xml:{qname.localname}"
                    if ANY in allowed:
                        continue
                elif qname.namespace is None:
                    spelled = attribute
                else:
                    if ANY not in allowed:
                        yield document.finding(element, f"attribute {qname.localname} of namespace "
                                                        f"{qname.namespace} is not allowed on <{name}>", "attribute")
                    continue
                if spelled not in allowed:
                    yield document.finding(element, f"attribute {spelled} is not allowed on <{name}>", "attribute")


def check_required_attributes(document: Document) -> Iterator[Finding]:
    """file, group, unit, data, ph, pc, sc, mrk and sm need an id; cp needs hex."""
    for name, attributes in REQUIRED_ATTRIBUTES.items():
        for element in document.all(name):
            for attribute in attributes:
                if not element.get(attribute):
                    yield document.finding(element, f"<{name}> has no {attribute} attribute (required)",
                                           "required-attribute")


def check_id_syntax(document: Document) -> Iterator[Finding]:
    """Ids (and references to ids) are XML name tokens (NMTOKEN)."""
    for element in document.root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace not in (NAMESPACE, METADATA):
            continue
        for attribute in ("id", "startRef", "copyOf", "dataRef", "dataRefStart", "dataRefEnd"):
            value = element.get(attribute)
            if value is not None and not _NMTOKEN.fullmatch(value):
                yield document.finding(element, f"{attribute} \"{value}\" is not an XML name token", "id-syntax")


def check_structural_ids(document: Document) -> Iterator[Finding]:
    """File ids are unique in the document; group ids, and unit ids, are unique in their file."""
    yield from _duplicates(document, list(document.root.iterchildren(_x("file"))), "file", "the document")
    for file in document.root.iterchildren(_x("file")):
        for name in ("group", "unit"):
            yield from _duplicates(document, list(file.iter(_x(name))), name, f"file {file.get('id')}")


def _duplicates(document: Document, items, what: str, scope: str) -> Iterator[Finding]:
    seen: dict[str, etree._Element] = {}
    for element in items:
        identifier = element.get("id")
        if identifier is None:
            continue
        if identifier in seen:
            yield document.finding(element, f"<{what}> id \"{identifier}\" is used twice in {scope} (also line "
                                            f"{seen[identifier].sourceline})", "duplicate-id")
        else:
            seen[identifier] = element


def check_note_ids(document: Document) -> Iterator[Finding]:
    """Note ids are unique among the notes of their file, group or unit."""
    for notes in document.all("notes"):
        yield from _duplicates(document, list(notes.iterchildren(_x("note"))), "note", f"<{local(notes.getparent())}>")


def check_unit_id_space(document: Document) -> Iterator[Finding]:
    """Within a unit, segments, ignorables and the inline elements mrk, sm, pc, sc, ec and ph share
    one id space; an inline element of a target takes the id of its counterpart in the sibling
    source, and a code added in a target has an id used nowhere else in the unit."""
    for unit in document.units():
        declared: dict[str, etree._Element] = {}
        for element in _unit_id_holders(unit):
            identifier = element.get("id")
            if identifier in declared:
                yield document.finding(element, f"id \"{identifier}\" is used twice in the unit (also line "
                                                f"{declared[identifier].sourceline})", "duplicate-id")
            else:
                declared[identifier] = element
        added: set[str] = set()
        for target in unit.iter(_x("target")):
            source = target.getparent().find(_x("source"))
            counterparts = Counter((e.tag, e.get("id")) for e in _inline_with_id(source)) if source is not None else {}
            used: Counter = Counter()
            for element in _inline_with_id(target):
                key = (element.tag, element.get("id"))
                used[key] += 1
                if counterparts.get(key, 0) >= used[key]:
                    continue
                if key[1] in declared or key[1] in added:
                    yield document.finding(element, f"<{local(element)} id=\"{key[1]}\"> in the target has no "
                                                    f"counterpart in the source and its id is already used in the "
                                                    f"unit", "duplicate-id")
                added.add(key[1])


def _inline_with_id(content: etree._Element) -> Iterator[etree._Element]:
    for element in content.iter(*(_x(n) for n in ("mrk", "sm", "pc", "sc", "ec", "ph"))):
        if element is not content and element.get("id") is not None:
            yield element


def _unit_id_holders(unit: etree._Element) -> Iterator[etree._Element]:
    for part in unit.iterchildren(_x("segment"), _x("ignorable")):
        if part.get("id") is not None:
            yield part
        source = part.find(_x("source"))
        if source is not None:
            yield from _inline_with_id(source)


def check_original_data(document: Document) -> Iterator[Finding]:
    """Data ids are unique in their unit, and dataRef, dataRefStart and dataRefEnd point to one."""
    for unit in document.units():
        data = list(unit.iter(_x("data")))
        yield from _duplicates(document, data, "data", f"unit {unit.get('id')}")
        known = {d.get("id") for d in data}
        for element in unit.iter(*(_x(n) for n in ("ph", "pc", "sc", "ec"))):
            for attribute in ("dataRef", "dataRefStart", "dataRefEnd"):
                value = element.get(attribute)
                if value is not None and value not in known:
                    yield document.finding(element, f"{attribute}=\"{value}\" points to no <data> of the unit",
                                           "data-ref")


# -- segments -----------------------------------------------------------------------------------

def check_states(document: Document) -> Iterator[Finding]:
    """state is initial, translated, reviewed or final, and only initial without a <target>;
    subState (prefix:value) needs an explicit state."""
    for segment in document.all("segment"):
        state = segment.get("state")
        if state is not None and state not in STATES:
            yield document.finding(segment, f"state \"{state}\" is not one of {', '.join(STATES)}", "state")
        elif state not in (None, "initial") and segment.find(_x("target")) is None:
            yield document.finding(segment, f"state \"{state}\" on a segment without <target>: only \"initial\" "
                                            f"may be", "state")
        sub_state = segment.get("subState")
        if sub_state is not None:
            if state is None:
                yield document.finding(segment, "subState is set but state is not", "subState")
            if not _PREFIXED.fullmatch(sub_state):
                yield document.finding(segment, f"subState \"{sub_state}\" is not prefix:value", "subState")


def check_target_order(document: Document) -> Iterator[Finding]:
    """A target's order is a position among the unit's segments and ignorables (1 to their
    number), and no two targets of a unit take the same position (a target without order keeps
    its own)."""
    for unit in document.units():
        parts = list(unit.iterchildren(_x("segment"), _x("ignorable")))
        taken: dict[int, etree._Element] = {}
        for position, part in enumerate(parts, start=1):
            target = part.find(_x("target"))
            if target is None:
                continue
            order = target.get("order", str(position))
            if not order.isdigit() or not 1 <= int(order) <= len(parts):
                yield document.finding(target, f"order=\"{order}\" is not a position from 1 to {len(parts)}", "order")
                continue
            if int(order) in taken:
                yield document.finding(target, f"two targets of the unit take position {order}", "order")
            taken[int(order)] = target


def check_attribute_values(document: Document) -> Iterator[Finding]:
    """Attributes with a closed set of values (yes/no, directions, appliesTo) hold one of them; a
    note's priority is 1 to 10; xml:space is default or preserve."""
    for element in document.root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace != NAMESPACE:
            continue
        for attribute, allowed in VALUES.items():
            value = element.get(attribute)
            if value is not None and value not in allowed:
                yield document.finding(element, f"{attribute}=\"{value}\": one of {', '.join(allowed)}",
                                       "attribute-value")
        space = element.get(f"{{{XML}}}space")
        if space is not None and space not in ("default", "preserve"):
            yield document.finding(element, f"xml:space=\"{space}\": default or preserve", "attribute-value")
    for note in document.all("note"):
        priority = note.get("priority")
        if priority is not None and (not priority.isdigit() or not 1 <= int(priority) <= 10):
            yield document.finding(note, f"priority=\"{priority}\": an integer from 1 to 10", "attribute-value")


# -- inline codes -------------------------------------------------------------------------------

def check_inline_elements(document: Document) -> Iterator[Finding]:
    """Inline elements stand only in source, target, pc or mrk (cp also in data); ph, sc, ec and
    cp are empty; a code carries only the XLIFF attributes listed for it, and of other namespaces
    only Format Style and Size Restriction attributes."""
    for element in document.all(*INLINE):
        name = local(element)
        parent = element.getparent()
        if local(parent) not in (CODE_POINT_PARENTS if name == "cp" else INLINE_PARENTS):
            yield document.finding(element, f"<{name}> inside <{etree.QName(parent).localname}>: inline "
                                            f"elements stand in source, target, pc or mrk", "inline-parent")
        if name in EMPTY_ELEMENTS and (elements(element) or (element.text or "").strip()):
            yield document.finding(element, f"<{name}> must be empty", "inline-content")
        allowed = INLINE_ATTRIBUTES.get(name)
        if allowed is None:
            continue
        for attribute in element.attrib:
            namespace = etree.QName(attribute).namespace
            if namespace is None and attribute not in allowed or namespace not in (None, *CODE_ATTRIBUTE_NAMESPACES):
                yield document.finding(element, f"attribute {etree.QName(attribute).localname} is not allowed on "
                                                f"<{name}>", "inline-attribute")
    for data in document.all("data"):
        for child in elements(data):
            if child.tag != _x("cp"):
                yield document.finding(child, "<data> holds text and <cp> only", "inline-content")


def check_code_points(document: Document) -> Iterator[Finding]:
    """<cp hex> holds a code point in hexadecimal that XML cannot hold as a character."""
    for cp in document.all("cp"):
        value = cp.get("hex", "")
        try:
            point = int(value, 16) if re.fullmatch(r"[0-9A-Fa-f]+", value) else -1
        except ValueError:
            point = -1
        if not 0 <= point <= 0x10FFFF:
            yield document.finding(cp, f"hex=\"{value}\" is not a code point in hexadecimal", "cp")
        elif _allowed_in_xml(point):
            yield document.finding(cp, f"U+{point:04X} is allowed in XML: write it as a character, not <cp>", "cp")


def _allowed_in_xml(point: int) -> bool:
    return (point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD
            or 0x10000 <= point <= 0x10FFFF)


def check_code_types(document: Document) -> Iterator[Finding]:
    """A code's type is fmt, ui, quote, link, image or other; subType (prefix:value) needs a type,
    and the xlf: subtypes their own type (fmt, or ui for xlf:var)."""
    for element in document.all("ph", "pc", "sc", "ec"):
        kind, sub_type = element.get("type"), element.get("subType")
        if kind is not None and kind not in CODE_TYPES:
            yield document.finding(element, f"type=\"{kind}\": one of {', '.join(CODE_TYPES)}", "code-type")
        if sub_type is None:
            continue
        if kind is None:
            yield document.finding(element, "subType without type", "code-type")
        if not _PREFIXED.fullmatch(sub_type):
            yield document.finding(element, f"subType \"{sub_type}\" is not prefix:value", "code-type")
        elif sub_type.startswith("xlf:") and sub_type not in SUBTYPE_TYPES:
            yield document.finding(element, f"subType \"{sub_type}\" is not a value the xlf: prefix defines",
                                   "code-type")
        elif sub_type in SUBTYPE_TYPES and kind is not None and kind != SUBTYPE_TYPES[sub_type]:
            yield document.finding(element, f"subType {sub_type} needs type=\"{SUBTYPE_TYPES[sub_type]}\"",
                                   "code-type")


def check_spanning_pairs(document: Document) -> Iterator[Finding]:
    """Within the source (and within the target) content of a unit, each <sc> not isolated has a
    later <ec startRef> and each such <ec> an earlier <sc>; an isolated code has its other half
    outside the unit; an isolated <ec> uses id, one not isolated startRef, and only an isolated one
    may have dir; both halves have the same canCopy, canDelete and canOverlap, and canReorder
    (an <ec> says "no" for a start's "firstNo")."""
    for unit in document.units():
        for name in ("source", "target"):
            codes = [e for content in _unit_contents(unit, name) for e in content.iter(_x("sc"), _x("ec"))]
            yield from _pairs(document, codes)


def check_annotation_markers(document: Document) -> Iterator[Finding]:
    """Within the source (and within the target) content of a unit, each <sm> has a later
    <em startRef> and each <em> an earlier <sm>."""
    for unit in document.units():
        for name in ("source", "target"):
            opened: dict[str, etree._Element] = {}
            for marker in (e for c in _unit_contents(unit, name) for e in c.iter(_x("sm"), _x("em"))):
                if marker.tag == _x("sm"):
                    opened[marker.get("id")] = marker
                elif opened.pop(marker.get("startRef"), None) is None:
                    yield document.finding(marker, f"<em startRef=\"{marker.get('startRef')}\"> has no <sm> before "
                                                   f"it in the unit", "sm-em")
            for identifier, marker in opened.items():
                yield document.finding(marker, f"<sm id=\"{identifier}\"> has no <em> in the unit", "sm-em")


def _unit_contents(unit: etree._Element, name: str) -> list[etree._Element]:
    return [c for part in unit.iterchildren(_x("segment"), _x("ignorable")) for c in part.iterchildren(_x(name))]


def _pairs(document: Document, codes: list[etree._Element]) -> Iterator[Finding]:
    starts = {e.get("id"): e for e in codes if e.tag == _x("sc")}
    opened: dict[str, etree._Element] = {}
    closed: set[str] = set()
    for code in codes:
        isolated = code.get("isolated") == "yes"
        if code.tag == _x("sc"):
            if not isolated:
                opened[code.get("id")] = code
            continue
        if isolated:
            if code.get("id") is None or code.get("startRef") is not None:
                yield document.finding(code, "an isolated <ec> uses id, not startRef", "sc-ec")
            continue
        if code.get("dir") is not None:
            yield document.finding(code, "dir on an <ec> that is not isolated", "sc-ec")
        reference = code.get("startRef")
        if reference is None or code.get("id") is not None:
            yield document.finding(code, "an <ec> that is not isolated uses startRef, not id", "sc-ec")
        if reference in opened:
            yield from _same_hints(document, opened.pop(reference), code)
            closed.add(reference)
        elif reference in starts and starts[reference].get("isolated") == "yes":
            yield document.finding(code, f"<ec startRef=\"{reference}\"> closes an <sc> marked isolated",
                                   "sc-ec")
        elif reference is not None:
            yield document.finding(code, f"<ec startRef=\"{reference}\"> has no <sc id=\"{reference}\"> before "
                                         f"it in the unit", "sc-ec")
    for identifier, start in opened.items():
        yield document.finding(start, f"<sc id=\"{identifier}\"> has no <ec> in the unit: it must be marked "
                                      f"isolated=\"yes\"", "sc-ec")
    for identifier, start in starts.items():
        if start.get("isolated") == "yes" and identifier in closed:
            yield document.finding(start, f"<sc id=\"{identifier}\"> is marked isolated but its <ec> is in the "
                                          f"unit", "sc-ec")


def _same_hints(document: Document, start: etree._Element, end: etree._Element) -> Iterator[Finding]:
    for attribute in ("canCopy", "canDelete", "canOverlap"):
        if start.get(attribute, "yes") != end.get(attribute, "yes"):
            yield document.finding(end, f"{attribute} differs between <sc id=\"{start.get('id')}\"> and its <ec>",
                                   "sc-ec")
    wanted = {"firstNo": "no"}.get(start.get("canReorder", "yes"), start.get("canReorder", "yes"))
    if end.get("canReorder", "yes") != wanted:
        yield document.finding(end, f"canReorder of <ec> must be \"{wanted}\" as its <sc> says "
                                    f"\"{start.get('canReorder', 'yes')}\"", "sc-ec")


def check_editing_hints(document: Document) -> Iterator[Finding]:
    """A code that cannot be reordered (canReorder no or firstNo) cannot be copied or deleted
    either; a non-reorderable sequence starts with firstNo, never with no."""
    for element in document.all("ph", "pc", "sc", "ec"):
        if element.get("canReorder") in ("no", "firstNo"):
            for attribute in ("canCopy", "canDelete"):
                if element.get(attribute, "yes") != "no":
                    yield document.finding(element, f"canReorder=\"{element.get('canReorder')}\" needs "
                                                    f"{attribute}=\"no\"", "editing-hints")
    for content in document.all("source", "target"):
        previous = None
        for code in content.iter(*(_x(n) for n in ("ph", "pc", "sc", "ec"))):
            if code.get("canReorder") == "no" and (previous is None or previous.get("canReorder") not in
                                                  ("no", "firstNo")):
                yield document.finding(code, "a non-reorderable sequence starts with canReorder=\"no\" (the first "
                                             "code says firstNo)", "editing-hints")
            previous = code


def check_target_codes(document: Document) -> Iterator[Finding]:
    """A target keeps every source code marked canDelete="no" and does not replicate one marked
    canCopy="no". (Warnings; errors in a final segment.)"""
    for unit in document.units():
        for segment in unit.iterchildren(_x("segment")):
            target, source = segment.find(_x("target")), segment.find(_x("source"))
            if target is None or source is None:
                continue
            severity = Severity.ERROR if segment.get("state") == "final" else Severity.WARNING
            in_target = Counter((e.tag, e.get("id")) for e in _inline_with_id(target))
            for code in _inline_with_id(source):
                key = (code.tag, code.get("id"))
                if code.get("canDelete") == "no" and in_target[key] == 0:
                    yield document.finding(target, f"the target has lost <{local(code)} id=\"{key[1]}\">, which "
                                                   f"cannot be deleted", "code-deleted", severity)
                if code.get("canCopy") == "no" and in_target[key] > 1:
                    yield document.finding(target, f"<{local(code)} id=\"{key[1]}\"> stands {in_target[key]} times "
                                                   f"in the target but cannot be copied", "code-copied", severity)


def check_copies(document: Document) -> Iterator[Finding]:
    """copyOf names a code of the unit that may be copied and has no original data (a copy of a
    code with data uses the same data instead), and a copy has no data reference of its own."""
    for unit in document.units():
        codes = {e.get("id"): e for e in unit.iter(*(_x(n) for n in ("ph", "pc", "sc", "ec")))
                 if e.get("id") is not None and e.get("copyOf") is None}
        for copy in unit.iter(*(_x(n) for n in ("ph", "pc", "sc", "ec"))):
            base_id = copy.get("copyOf")
            if base_id is None:
                continue
            base = codes.get(base_id)
            if base is None:
                yield document.finding(copy, f"copyOf=\"{base_id}\" names no code of the unit", "copyOf")
                continue
            if base.get("canCopy") == "no":
                in_target = any(a.tag == _x("target") for a in copy.iterancestors())
                severity = _severity_of(copy) if in_target else Severity.ERROR
                yield document.finding(copy, f"a copy of <{local(base)} id=\"{base_id}\">, which cannot be copied",
                                       "code-copied", severity)
            if any(a.startswith("dataRef") for a in (*base.attrib, *copy.attrib)):
                yield document.finding(copy, "copyOf is for codes without original data: a copy of a code with "
                                             "data uses the same dataRef", "copyOf")


def _severity_of(element: etree._Element) -> Severity:
    segment = next((a for a in element.iterancestors(_x("segment"))), None)
    return Severity.ERROR if segment is not None and segment.get("state") == "final" else Severity.WARNING


def check_reordering(document: Document) -> Iterator[Finding]:
    """A target keeps the number and order of the codes of each non-reorderable sequence of its
    source (a sequence starts at canReorder="firstNo" and goes on with "no"). (A warning; an
    error in a final segment.)"""
    for segment in document.all("segment"):
        source, target = segment.find(_x("source")), segment.find(_x("target"))
        if source is None or target is None:
            continue
        target_events = list(_code_events(target))
        for sequence in _sequences(list(_code_events(source))):
            members = {(tag, identifier) for _, tag, identifier in sequence}
            kept = [event for event in target_events if (event[1], event[2]) in members]
            if kept != sequence:
                first = sequence[0]
                yield document.finding(target, f"the target changes the non-reorderable sequence that starts "
                                               f"with <{etree.QName(first[1]).localname} id=\"{first[2]}\">",
                                       "editing-hints", _severity_of(target))


def _code_events(content: etree._Element):
    """(event, tag, id, canReorder) of the codes of a content in reading order: a <pc> gives a
    start and an end."""
    for element in content:
        if not isinstance(element.tag, str):
            continue
        if element.tag in (_x("ph"), _x("sc"), _x("ec")):
            yield ("code", element.tag, element.get("id") or element.get("startRef"), element.get("canReorder"))
        elif element.tag == _x("pc"):
            yield ("start", element.tag, element.get("id"), element.get("canReorder"))
            yield from _code_events(element)
            yield ("end", element.tag, element.get("id"), element.get("canReorder"))
        elif element.tag == _x("mrk"):
            yield from _code_events(element)


def _sequences(events) -> list[list[tuple[str, str, str]]]:
    sequences: list[list[tuple[str, str, str]]] = []
    for event, tag, identifier, reorder in events:
        if reorder == "firstNo" and event != "end":
            sequences.append([(event, tag, identifier)])
        elif reorder in ("no", "firstNo") and sequences:
            sequences[-1].append((event, tag, identifier))
    return [s for s in sequences if len({(tag, identifier) for _, tag, identifier in s}) > 1]


# -- the Metadata module ------------------------------------------------------------------------

def check_metadata(document: Document) -> Iterator[Finding]:
    """Metadata module: <mda:metadata> holds one or more <mda:metaGroup>, a metaGroup one or more
    metaGroup or meta, a meta (text only) has a type; ids are unique within a metadata element;
    a metaGroup's appliesTo is source, target or ignorable."""
    for metadata in document.root.iter(f"{{{METADATA}}}metadata"):
        groups = elements(metadata)
        if not groups or any(g.tag != f"{{{METADATA}}}metaGroup" for g in groups):
            yield document.finding(metadata, "<mda:metadata> holds one or more <mda:metaGroup> and nothing else",
                                   "metadata")
        identified = [e for e in metadata.iter(f"{{{METADATA}}}metadata", f"{{{METADATA}}}metaGroup")
                      if e.get("id") is not None]
        yield from _duplicates(document, identified, "mda:metaGroup", "its <mda:metadata>")
    for group in document.root.iter(f"{{{METADATA}}}metaGroup"):
        children = elements(group)
        if not children or any(c.tag not in (f"{{{METADATA}}}metaGroup", f"{{{METADATA}}}meta") for c in children):
            yield document.finding(group, "<mda:metaGroup> holds one or more <mda:metaGroup> or <mda:meta>",
                                   "metadata")
        applies = group.get("appliesTo")
        if applies is not None and applies not in ("source", "target", "ignorable"):
            yield document.finding(group, f"appliesTo=\"{applies}\": source, target or ignorable", "metadata")
    for meta in document.root.iter(f"{{{METADATA}}}meta"):
        if not meta.get("type"):
            yield document.finding(meta, "<mda:meta> has no type (required)", "metadata")
        if elements(meta):
            yield document.finding(meta, "<mda:meta> holds text only", "metadata")


CHECKS: tuple[Callable[[Document], Iterator[Finding]], ...] = (
    check_version_and_source_language, check_target_language, check_language_tags, check_content_languages,
    check_content, check_unit_has_segment, check_skeleton, check_structural_attributes, check_required_attributes,
    check_id_syntax, check_structural_ids, check_note_ids, check_unit_id_space, check_original_data, check_states,
    check_target_order, check_attribute_values, check_inline_elements, check_code_points, check_code_types,
    check_spanning_pairs, check_annotation_markers, check_editing_hints, check_target_codes, check_copies,
    check_reordering, check_metadata,
)
