"""XLIFF 2.1 and 1.2 read back: the units a translator's CAT tool returns (the format, its codes
and states are described in ``xliff.py``, which writes them).

``read_xliff`` takes either version: per unit its id, the source and target as our markup text,
and its state. A standalone code becomes the text of the source code it stands for (by id: the
current source unit's when ``XliffDocument.resolved`` is given the codes, else the code's text in
the file's own source); a paired code becomes ``*...*``. What cannot be read back in a unit is a
problem of that unit, not an error of the file; a file that is not XLIFF, of another version or
without a ``<file>`` is refused with a PublisherError (``xliff.structure``, ``xliff.version``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from ..errors import EXIT_UNREADABLE, PublisherError
from ..findings import Finding
from .inline import STATES, Code
from .xliff import (FINGERPRINT, PUBLISHER_NAMESPACE, STATE_FROM_XLIFF12, XLIFF2_NAMESPACE, _mda, _x1,
                    _x2)
from .xmlsafe import parse

# -- reading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    """An inline code as read: a standalone code ("ph") with the text the file gives it, or the
    start or end of a paired code."""

    role: str  # "ph", "start", "end"
    id: str
    text: str | None = None  # equiv / equiv-text of a standalone code, when the file has it
    copy_of: str | None = None


@dataclass(frozen=True)
class ImportedUnit:
    id: str
    source_text: str  # our markup: [^a] footnote markers, *italics*
    target_text: str | None  # None: the unit has no <target>
    state: str  # one of STATES
    problems: tuple[str, ...] = ()  # what could not be read back; the unit is not to be applied
    line: int = 0
    fingerprint: str | None = None  # of the unit as exported, when the file still has it
    source_pieces: tuple = field(default=(), repr=False, compare=False)
    target_pieces: tuple | None = field(default=None, repr=False, compare=False)
    read_problems: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def resolved(self, codes: tuple[Code, ...] | None) -> "ImportedUnit":
        """The unit's texts with its standalone codes read as the codes of ``codes`` (the current
        source unit's) with the same ids; without them, as the file's own source codes."""
        problems = list(self.read_problems)
        source = _join(self.source_pieces, _source_code_text(codes), problems, "source")
        target = None
        if self.target_pieces is not None:
            target = _join(self.target_pieces, _target_code_text(self.source_pieces, codes), problems, "target")
        return replace(self, source_text=source, target_text=target, problems=tuple(dict.fromkeys(problems)))


@dataclass(frozen=True)
class XliffDocument:
    version: str  # "2.1", "2.0" or "1.2"
    source_language: str  # primary subtag: "en-US" -> "en"
    target_language: str | None
    original: str | None
    source_file: str | None  # as written by write_xliff, relative to the .xlf file
    translation_file: str | None
    units: tuple[ImportedUnit, ...]

    def unit(self, identifier: str) -> ImportedUnit | None:
        return next((u for u in self.units if u.id == identifier), None)

    def resolved(self, codes_by_unit) -> "XliffDocument":
        """The document read against the current source units: ``codes_by_unit`` maps a unit id
        to the inline codes of its source (``Unit.codes``)."""
        return replace(self, units=tuple(u.resolved(codes_by_unit.get(u.id)) for u in self.units))


MAX_XLIFF_BYTES = 64 * 1024 * 1024  # the XLIFF of one outcome is some hundred kilobytes


def read_xliff(path: Path | str) -> XliffDocument:
    """Reads an XLIFF 2.x or 1.2 file; PublisherError for a file that is not one, or one far
    larger than an outcome's (``MAX_XLIFF_BYTES``: it is not read into memory)."""
    name = str(path)
    _check_size(Path(path))
    root = parse(path, rule="xliff.xml", limit=MAX_XLIFF_BYTES).getroot()
    if root.tag == _x2("xliff"):
        return _read2(root, name)
    if root.tag in (_x1("xliff"), "xliff"):
        return _read12(root, name)
    raise _structure(name, root, f"the root element is <{etree.QName(root).localname}> in namespace "
                                 f"\"{etree.QName(root).namespace or ''}\", not an XLIFF 2 or 1.2 <xliff>")


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return  # the parser says why it cannot be read
    if size > MAX_XLIFF_BYTES:
        raise PublisherError(Finding(str(path), 0, 0, "", f"has {size:,} bytes; an XLIFF file of one outcome is far "
                                     f"smaller, and at most {MAX_XLIFF_BYTES:,} bytes are read", "xliff.too-large"),
                             exit_code=EXIT_UNREADABLE)


def _structure(name: str, element: etree._Element, message: str, rule: str = "xliff.structure") -> PublisherError:
    return PublisherError(Finding(name, element.sourceline or 0, 0, "", message, rule), exit_code=EXIT_UNREADABLE)


def _primary(language: str | None) -> str | None:
    return language.split("-")[0].split("_")[0].lower() if language else None


def _read2(root: etree._Element, name: str) -> XliffDocument:
    version = root.get("version", "")
    if not version.startswith("2."):
        raise _structure(name, root, f"XLIFF 2 namespace with version \"{version}\"; expected 2.0 or 2.1",
                         "xliff.version")
    if not root.get("srcLang"):
        raise _structure(name, root, "the <xliff> element has no srcLang")
    files = list(root.iterchildren(_x2("file")))
    if not files:
        raise _structure(name, root, "no <file> element")
    metadata = _publisher_metadata(files)
    units = []
    seen: dict[str, int] = {}
    for file in files:
        for element in file.iter(_x2("unit")):
            units.append(_read_unit2(element, name, seen))
    return XliffDocument(version, _primary(root.get("srcLang")), _primary(root.get("trgLang")),
                         files[0].get("original"), metadata.get("source-file"), metadata.get("translation-file"),
                         tuple(u.resolved(None) for u in units))


def _publisher_metadata(files) -> dict[str, str]:
    for file in files:
        for group in file.iterchildren(_mda("metadata")):
            for meta_group in group.iterchildren(_mda("metaGroup")):
                if meta_group.get("category") == "publisher":
                    return {m.get("type"): (m.text or "") for m in meta_group.iterchildren(_mda("meta"))}
    return {}


def _unit_id(element: etree._Element, name: str, seen: dict[str, int]) -> str:
    identifier = element.get("id")
    if not identifier:
        raise _structure(name, element, f"a <{etree.QName(element).localname}> without id")
    if identifier in seen:
        raise _structure(name, element, f"unit id \"{identifier}\" is also used on line {seen[identifier]}: "
                                        f"ids must be unique")
    seen[identifier] = element.sourceline or 0
    return identifier


def _read_unit2(element: etree._Element, name: str, seen: dict[str, int]) -> ImportedUnit:
    identifier = _unit_id(element, name, seen)
    problems: list[str] = []
    source: list = []
    target: list = []
    states: list[str] = []
    translated: list[bool] = []
    for child in element.iterchildren(_x2("segment"), _x2("ignorable")):
        source_element, target_element = child.find(_x2("source")), child.find(_x2("target"))
        if source_element is None:
            problems.append(f"a <{etree.QName(child).localname}> without <source>")
            continue
        source_pieces = _pieces(source_element, _INLINE2, problems, "source")
        source.extend(source_pieces)
        if child.tag == _x2("segment"):
            states.append(_segment_state(child, problems))
            translated.append(target_element is not None)
        if target_element is not None:
            target.extend(_pieces(target_element, _INLINE2, problems, "target"))
        elif child.tag == _x2("ignorable"):
            target.extend(source_pieces)
    if any(translated) and not all(translated):
        problems.append("only some segments of the unit have a target")
    _check_pairs(source, problems, "source")
    _check_pairs(target, problems, "target")
    state = min(states, key=STATES.index) if states else "initial"
    return ImportedUnit(identifier, "", None, state, line=element.sourceline or 0, fingerprint=_unit_meta(element),
                        source_pieces=tuple(source), target_pieces=tuple(target) if any(translated) else None,
                        read_problems=tuple(problems))


def _unit_meta(unit: etree._Element, kind: str = FINGERPRINT) -> str | None:
    for meta in unit.iterfind(f"{_mda('metadata')}/{_mda('metaGroup')}/{_mda('meta')}"):
        if meta.get("type") == kind:
            return meta.text or ""
    return None


def _segment_state(segment: etree._Element, problems: list[str]) -> str:
    state = segment.get("state", "initial")
    if state not in STATES:
        problems.append(f"state \"{state}\" is not an XLIFF 2 state ({', '.join(STATES)})")
        return "initial"
    return state


def _read12(root: etree._Element, name: str) -> XliffDocument:
    version = root.get("version", "1.2")
    if version.startswith("2."):
        namespace = etree.QName(root).namespace
        said = f"the namespace \"{namespace}\"" if namespace else "no namespace"
        raise _structure(name, root, f"XLIFF version \"{version}\" with {said}; XLIFF 2 needs the namespace "
                                     f"\"{XLIFF2_NAMESPACE}\" (also for 2.1)", "xliff.version")
    if version != "1.2":
        raise _structure(name, root, f"XLIFF version \"{version}\"; expected 1.2 (or 2.0, 2.1)", "xliff.version")
    namespace = etree.QName(root).namespace
    tag = _x1 if namespace else (lambda local: local)
    files = list(root.iterchildren(tag("file")))
    if not files:
        raise _structure(name, root, "no <file> element")
    first = files[0]
    if not first.get("source-language"):
        raise _structure(name, first, "the <file> element has no source-language")
    header = first.find(tag("header"))
    outcome = header.find(f"{{{PUBLISHER_NAMESPACE}}}outcome") if header is not None else None
    units = []
    seen: dict[str, int] = {}
    for file in files:
        for element in file.iter(tag("trans-unit")):
            units.append(_read_unit12(element, name, seen, tag))
    return XliffDocument("1.2", _primary(first.get("source-language")), _primary(first.get("target-language")),
                         first.get("original"), outcome.get("source") if outcome is not None else None,
                         outcome.get("translation") if outcome is not None else None,
                         tuple(u.resolved(None) for u in units))


def _read_unit12(element: etree._Element, name: str, seen: dict[str, int], tag) -> ImportedUnit:
    identifier = _unit_id(element, name, seen)
    problems: list[str] = []
    source_element, target_element = element.find(tag("source")), element.find(tag("target"))
    inline = _inline12(tag)
    source = _pieces(source_element, inline, problems, "source") if source_element is not None else []
    if source_element is None:
        problems.append("a <trans-unit> without <source>")
    target = _pieces(target_element, inline, problems, "target") if target_element is not None else None
    _check_pairs(source, problems, "source")
    _check_pairs(target or [], problems, "target")
    state = _state12(target_element, element.get("approved") == "yes")
    return ImportedUnit(identifier, "", None, state, line=element.sourceline or 0,
                        fingerprint=element.get(f"{{{PUBLISHER_NAMESPACE}}}{FINGERPRINT}"), source_pieces=tuple(source),
                        target_pieces=tuple(target) if target is not None else None, read_problems=tuple(problems))


def _state12(target: etree._Element | None, approved: bool) -> str:
    if target is None:
        return "initial"
    state = STATE_FROM_XLIFF12.get(target.get("state", ""), "translated")
    if approved and STATES.index(state) < STATES.index("reviewed"):
        return "reviewed"
    return state


# -- inline content -----------------------------------------------------------------------------

def _standalone2(element, problems, where):
    return [_Piece("ph", element.get("id", ""), element.get("equiv"), element.get("copyOf"))]


def _paired2(element, problems, where):
    identifier = element.get("id", "")
    return [_Piece("start", identifier), *_pieces(element, _INLINE2, problems, where), _Piece("end", identifier)]


def _start2(element, problems, where):
    if element.get("isolated") == "yes":
        problems.append(f"{where}: <sc id=\"{element.get('id')}\"> is isolated: its end is in another unit")
        return []
    return [_Piece("start", element.get("id", ""))]


def _end2(element, problems, where):
    if element.get("isolated") == "yes":
        problems.append(f"{where}: <ec id=\"{element.get('id')}\"> is isolated: its start is in another unit")
        return []
    return [_Piece("end", element.get("startRef", ""))]


def _annotation(inline):
    def read(element, problems, where):
        return _pieces(element, inline, problems, where)
    return read


def _marker(element, problems, where):
    return []


def _code_point(element, problems, where):
    """The character of <cp hex>; a surrogate (U+D800 to U+DFFF) is no character and cannot be written."""
    written = element.get("hex", "")
    try:
        character = chr(int(written, 16))
    except (ValueError, OverflowError):
        character = None
    if character is None or "\ud800" <= character <= "\udfff":
        problems.append(f"{where}: <cp hex=\"{written}\"> is not a code point")
        return []
    return [character]


_INLINE2: dict = {_x2("ph"): _standalone2, _x2("pc"): _paired2, _x2("sc"): _start2, _x2("ec"): _end2,
                  _x2("sm"): _marker, _x2("em"): _marker, _x2("cp"): _code_point}
_INLINE2[_x2("mrk")] = _annotation(_INLINE2)


def _inline12(tag) -> dict:
    def standalone(element, problems, where):
        return [_Piece("ph", element.get("id", ""), element.get("equiv-text"))]

    def paired(element, problems, where):
        identifier = element.get("id", "")
        return [_Piece("start", identifier), *_pieces(element, inline, problems, where), _Piece("end", identifier)]

    def begin(element, problems, where):
        return [_Piece("start", element.get("rid") or element.get("id", ""))]

    def end(element, problems, where):
        return [_Piece("end", element.get("rid") or element.get("id", ""))]

    def isolated(element, problems, where):
        problems.append(f"{where}: <it id=\"{element.get('id')}\"> is an isolated code: its other half is "
                        f"in another unit")
        return []

    inline = {tag("x"): standalone, tag("ph"): standalone, tag("g"): paired, tag("bx"): begin, tag("ex"): end,
              tag("bpt"): begin, tag("ept"): end, tag("it"): isolated}
    inline[tag("mrk")] = _annotation(inline)
    return inline


def _pieces(content: etree._Element, inline: dict, problems: list[str], where: str) -> list:
    """The text and codes of a <source>, <target> or paired code, in order."""
    pieces: list = [content.text or ""]
    for child in content:
        if isinstance(child.tag, str):
            read = inline.get(child.tag)
            if read is None:
                problems.append(f"{where}: <{etree.QName(child).localname}> is not an inline element this "
                                f"import knows")
            else:
                pieces.extend(read(child, problems, where))
        pieces.append(child.tail or "")
    return [p for p in pieces if p != ""]


def _check_pairs(pieces, problems: list[str], where: str) -> None:
    opened: list[str] = []
    for piece in pieces:
        if not isinstance(piece, _Piece) or piece.role == "ph":
            continue
        if piece.role == "start":
            opened.append(piece.id)
        elif piece.id in opened:
            opened.remove(piece.id)
        else:
            problems.append(f"{where}: the end of paired code \"{piece.id}\" has no start")
    for identifier in opened:
        problems.append(f"{where}: paired code \"{identifier}\" is not closed")


def _source_code_text(codes: tuple[Code, ...] | None):
    current = {c.id: c.text for c in codes or () if c.role == "ph"}

    def text(piece: _Piece) -> str | None:
        return piece.text if piece.text is not None else current.get(piece.id)
    return text


def _target_code_text(source_pieces, codes: tuple[Code, ...] | None):
    own = {p.id: p.text for p in source_pieces if isinstance(p, _Piece) and p.role == "ph" and p.text is not None}
    current = {c.id: c.text for c in codes or () if c.role == "ph"}

    def text(piece: _Piece) -> str | None:
        for key in (piece.id, piece.copy_of):
            if key in current:
                return current[key]
            if key in own:
                return own[key]
        return None
    return text


def _join(pieces, code_text, problems: list[str], where: str) -> str:
    """Our markup text of the pieces: a standalone code's text, italics as ``*...*`` with the
    spaces at the edges of the span kept outside it (``* a *`` would not be italics)."""
    out: list[str] = []
    starts: list[int] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.role == "ph":
            text = code_text(piece)
            if text is None:
                problems.append(f"{where}: inline code \"{piece.id}\" stands for no inline code of the source")
            else:
                out.append(text)
        elif piece.role == "start":
            starts.append(len(out))
            out.append("")
        elif starts:
            begin = starts.pop()
            inner = "".join(out[begin + 1:])
            core = inner.strip()
            if not core:  # nothing but white space: it stays as it is, once
                out[begin:] = [inner]
                continue
            lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
            out[begin:] = [lead, f"*{core}*", trail]
    return "".join(out)
