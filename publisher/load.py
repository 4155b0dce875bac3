"""Load stage: a YAML file becomes plain data plus a source map of every field's position.

PyYAML's composer gives us the node tree with marks; we build the values ourselves so that each
field path (``observations.articles.convention[2].article``) keeps the line and column where the
editor wrote it. Duplicate keys, which PyYAML would silently overwrite, become findings.

Limits (docs/security.md): a file larger than ``MAX_INPUT_BYTES`` is refused before it is read
(``input.too-large``: a review outcome is a few dozen kilobytes); a text value longer than
``MAX_TEXT_CHARACTERS`` is an error (``input.text-too-long``: a paragraph, even translated, stays far
below it, and later stages need not cope with megabytes in one sentence); a text whose right-to-left
or left-to-right embeddings, overrides or isolates are not closed is an error
(``input.bidi-control``: it would display differently from what it says).

Only a regular file is read, and never more than ``MAX_INPUT_BYTES`` of it (``input.not-a-file``:
``/dev/zero`` or a named pipe). The checks on characters apply to the values as YAML decodes them
("\\0", "\\e", "\\x01", "\\uFFFE" in a double-quoted string are the characters they stand for).
What YAML aliases (``*name``) repeat is bounded (``input.yaml-aliases``: ``MAX_ALIAS_VALUES`` values,
``MAX_ALIAS_CHARACTERS`` characters): a few kilobytes of nested aliases expand to gigabytes.
Nesting deeper than ``MAX_NESTING`` levels (``input.too-deep``), an integer of more than ``MAX_NUMBER_DIGITS`` digits (``input.number-too-large``)
and a field name that is not a plain scalar (``input.yaml-key``) are refused as unreadable; a field
name written as a number or a boolean (``1``, ``true``) is the text it is written as.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .errors import PublisherError, unreadable
from .files import read_regular_file
from .findings import Finding

Position = tuple[int, int]  # 1-based line and column

MAX_INPUT_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARACTERS = 20_000
MAX_NESTING = 50  # a review outcome nests six levels deep
MAX_NUMBER_DIGITS = 30
MAX_ALIAS_VALUES = 1_000
MAX_ALIAS_CHARACTERS = 100_000
_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",  # LRE RLE LRO RLO
                 "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}  # LRI RLI FSI, closed by PDI
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CLOSE_ISOLATE = "\u2069"
_UNICODE_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16",
                 b"\xfe\xff": "UTF-16"}


@dataclass(frozen=True)
class SourceMap:
    """Where each field of a loaded file stands: the key (or list item) and the start of its value."""

    file: str
    lines: tuple[str, ...]
    keys: dict[str, Position] = field(default_factory=dict)
    values: dict[str, Position] = field(default_factory=dict)

    def position(self, path: str) -> Position:
        """Position of a field, or of its nearest ancestor that exists (a missing field's parent)."""
        while path:
            if path in self.keys:
                return self.keys[path]
            path = parent_path(path)
        return (1, 1)

    def locate_text(self, path: str, needle: str) -> Position:
        """Position of ``needle`` inside the text value at ``path``, searched in the raw lines.

        Folded YAML scalars lose their line breaks, so a phrase found in a long paragraph is
        looked up again in the file, from the line where the value starts, to point at the line
        the editor has to change.
        """
        start_line, start_col = self.values.get(path, self.position(path))
        words = needle.split() or [needle]
        whole = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        first = re.compile(re.escape(words[0]), re.IGNORECASE)
        # the value's line and the 200 after it, as one text: a phrase the folding split over two
        # lines is found whole, at the line where it starts
        window = "\n".join(self.lines[start_line - 1:start_line + 200])
        for pattern in (whole, first):
            match = pattern.search(window, start_col - 1)
            if match:
                line, column = line_and_column(window, match.start())
                return (start_line - 1 + line, column)
        return (start_line, start_col)


def parent_path(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


def child_path(parent: str, key: object) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


@dataclass(frozen=True)
class LoadedFile:
    file: str
    data: object
    source: SourceMap
    findings: tuple[Finding, ...]  # problems found while loading (duplicate keys)


_SCALAR_CONSTRUCTOR = SafeConstructor()
# libyaml's parser when PyYAML was built with it (ten times faster; the same nodes and marks)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def toolkit_yaml(text: str):
    """The data of one of the toolkit's own YAML files (trusted, no source map): with libyaml's
    loader when installed, the same data in a fifth to a tenth of the time of ``yaml.safe_load``."""
    return yaml.load(text, Loader=_LOADER)


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_INT_TAG = "tag:yaml.org,2002:int"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp",
                                                       "seq", "map")}


def load_file(path: str | Path) -> LoadedFile:
    return load_bytes(read_input(path), str(path))


def read_input(path: str | Path) -> bytes:
    """The bytes of an input file, within the same bounds and with the same findings as ``load_file``."""
    try:
        return read_regular_file(path, MAX_INPUT_BYTES)
    except PublisherError as error:
        if error.findings[0].code == "input.too-large":  # a regular file: its size says by how much
            _refuse_too_large(max(Path(path).stat().st_size, MAX_INPUT_BYTES + 1), str(path))
        raise


def load_bytes(raw: bytes, name: str) -> LoadedFile:
    _refuse_too_large(len(raw), name)
    text = _decode(raw, name)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = error.problem or error.context or "invalid YAML"
        raise unreadable(name, f"not valid YAML: {_one_line(problem)}", "input.yaml-syntax", line, column) from None
    except yaml.YAMLError as error:
        raise unreadable(name, f"not valid YAML: {_one_line(str(error))}", "input.yaml-syntax") from None
    if node is None:
        raise unreadable(name, "the file is empty", "input.empty")
    if not isinstance(node, yaml.MappingNode):
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        raise unreadable(name, "the top level must be a mapping of fields", "input.not-a-mapping", line, column)
    builder = _Builder(name)
    data = builder.build(node, "")
    source = SourceMap(name, tuple(text.splitlines()), builder.keys, builder.values)
    return LoadedFile(name, data, source, tuple(builder.findings))


def _refuse_too_large(size: int, name: str) -> None:
    if size > MAX_INPUT_BYTES:
        raise unreadable(name, f"is {size / 1024 / 1024:.1f} MB; an input file may be at most "
                         f"{MAX_INPUT_BYTES // 1024 // 1024} MB (a review outcome is a few dozen kB)",
                         "input.too-large")


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    encoding = next((label for bom, label in _UNICODE_BOMS.items() if raw.startswith(bom)), None)
    if encoding:
        raise unreadable(name, f"is {encoding} text (it starts with a {encoding} byte order mark); save the file "
                         "as UTF-8", "input.encoding", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise unreadable(name, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
                         "input.encoding", line, column) from None
    offset = first_forbidden_character(text)
    if offset is not None:
        line, column = line_and_column(text, offset)
        raise unreadable(name, f"contains the {character_kind(text[offset])} U+{ord(text[offset]):04X}",
                         "input.control-character", line, column)
    return text


def character_kind(character: str) -> str:
    if character in "\ufffe\uffff":
        return "noncharacter"
    return "surrogate code point" if "\ud800" <= character <= "\udfff" else "control character"


_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def first_forbidden_character(text: str) -> int | None:
    """Offset of the first character no input may hold: C0 and C1 controls other than tab and line
    breaks, surrogate code points and the noncharacters U+FFFE and U+FFFF (neither YAML nor XML can
    carry them)."""
    found = _FORBIDDEN_CHARACTER.search(text)
    return found.start() if found else None


def text_problems(text: str) -> list[str]:
    """What no outcome may hold in a text (this module refuses it in any file), said of a text that
    comes from elsewhere: a post-edited target, a translation memory's match."""
    problems = []
    if len(text) > MAX_TEXT_CHARACTERS:
        return [f"{len(text):,} characters; a text holds at most {MAX_TEXT_CHARACTERS:,}"]
    offset = first_forbidden_character(text)
    if offset is not None:
        problems.append(f"character U+{ord(text[offset]):04X} at position {offset + 1} cannot stand in a document")
    control = unbalanced_bidi_control(text)
    if control:
        problems.append(f"direction control U+{ord(control):04X} is left open: the rest of the paragraph would "
                        f"show reversed")
    return problems


def target_problem(text: str) -> str | None:
    problems = text_problems(text)
    return problems[0] if problems else None


def line_and_column(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def unbalanced_bidi_control(text: str) -> str | None:
    """The first embedding, override or isolate control of ``text`` that is left open, as the
    Unicode bidirectional algorithm pairs them (U+202C closes an embedding or override, U+2069 an
    isolate and what is open inside it; a closer that closes nothing is ignored, as there).

    An open U+202E (RIGHT-TO-LEFT OVERRIDE) shows the rest of its paragraph reversed: the document
    would read differently from the text that was checked and translated."""
    if not _BIDI_CONTROLS.search(text):
        return None
    open_controls: list[str] = []
    for match in _BIDI_CONTROLS.finditer(text):
        control = match.group()
        if control in _BIDI_OPENERS:
            open_controls.append(control)
        elif control == _CLOSE_ISOLATE:
            isolates = [i for i, c in enumerate(open_controls) if _BIDI_OPENERS[c] == _CLOSE_ISOLATE]
            if isolates:
                del open_controls[isolates[-1]:]
        elif open_controls and _BIDI_OPENERS[open_controls[-1]] == control:
            open_controls.pop()
    return open_controls[0] if open_controls else None


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions on the way."""

    def __init__(self, file: str):
        self.file = file
        self.keys: dict[str, Position] = {}
        self.values: dict[str, Position] = {}
        self.findings: list[Finding] = []
        self._built: set[int] = set()  # the nodes already built: meeting one again is an alias
        self._depth = 0
        self._alias_values = self._alias_characters = 0

    def build(self, node: yaml.Node, path: str) -> object:
        if node.tag not in _PLAIN_TAGS:
            raise unreadable(self.file, f"the YAML tag {node.tag} is not allowed; write plain values",
                             "input.yaml-tag", *_position(node), path)
        self._count_alias_expansion(node, path)
        self.values[path] = _position(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise unreadable(self.file, f"the values nest more than {MAX_NESTING} levels deep; a review outcome "
                             "nests a few levels", "input.too-deep", *_position(node), path)
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self._item(child, path, index) for index, child in enumerate(node.value)]
        finally:
            self._depth -= 1

    def _count_alias_expansion(self, node: yaml.Node, path: str) -> None:
        """Counts ``node`` if it is met again, through an alias (``*name``).

        An alias gives the node of its anchor once more, and with it every node inside, each
        met again in turn; a few kilobytes of nested aliases expand into gigabytes. What aliases
        add is bounded: enough to repeat an article or a meeting, far from a bomb."""
        if id(node) not in self._built:
            self._built.add(id(node))
            return
        self._alias_values += 1
        if isinstance(node, yaml.ScalarNode):
            self._alias_characters += len(node.value)
        if self._alias_values > MAX_ALIAS_VALUES or self._alias_characters > MAX_ALIAS_CHARACTERS:
            raise unreadable(self.file, f"YAML aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values or "
                             f"{MAX_ALIAS_CHARACTERS:,} characters given elsewhere; write the values out",
                             "input.yaml-aliases", *_position(node), path)

    def _item(self, node: yaml.Node, parent: str, index: int) -> object:
        path = child_path(parent, index)
        self.keys[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        return self.build(node, path)

    def _mapping(self, node: yaml.MappingNode, path: str) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            child = child_path(path, key)
            position = _position(key_node)
            if key in result:
                first_line = self.keys[child][0]
                self.findings.append(Finding(self.file, *position, child,
                                             f"this field is given twice (first on line {first_line})",
                                             "schema.duplicate-field"))
                continue
            self.keys[child] = position
            result[key] = self.build(value_node, child)
        return result

    def _key(self, node: yaml.Node, path: str) -> str:
        """A field name is text: ``1``, ``true`` or ``2026-01-01`` is the text it is written as."""
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _PLAIN_TAGS:
            raise unreadable(self.file, "a field name must be plain text, not a list, a mapping or a tagged value",
                             "input.yaml-key", *_position(node), path)
        key = node.value
        self._check_text(key, node, path)
        return key

    def _scalar(self, node: yaml.ScalarNode, path: str) -> object:
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # dates stay ISO text; the schema checks them, the model parses them
        if node.tag == _INT_TAG and sum(c.isdigit() for c in node.value) > MAX_NUMBER_DIGITS:
            raise unreadable(self.file, f"a number of {sum(c.isdigit() for c in node.value):,} digits; a number may "
                             f"have at most {MAX_NUMBER_DIGITS}", "input.number-too-large", *_position(node), path)
        try:
            value = _SCALAR_CONSTRUCTOR.construct_object(node)
        except (ConstructorError, ValueError, KeyError):  # "!!int abc", "!!bool maybe": the text, for the schema
            value = node.value
        if isinstance(value, str):
            self._check_text(value, node, path)
        return value

    def _check_text(self, text: str, node: yaml.Node, path: str) -> None:
        position = _position(node)
        forbidden = first_forbidden_character(text)
        if forbidden is not None:  # written as an escape ("\\0", "\\x01"): the raw-text check did not see it
            raise unreadable(self.file, f"contains the {character_kind(text[forbidden])} "
                             f"U+{ord(text[forbidden]):04X} (written as an escape)", "input.control-character",
                             *position, path)
        if len(text) > MAX_TEXT_CHARACTERS:
            self.findings.append(Finding(self.file, *position, path, f"this text has {len(text):,} characters; a "
                                         f"text may have at most {MAX_TEXT_CHARACTERS:,}", "input.text-too-long"))
        control = unbalanced_bidi_control(text)
        if control is not None:
            self.findings.append(Finding(
                self.file, *position, path, f"the direction control U+{ord(control):04X} is not closed: the text "
                "would display differently from what it says; remove it, or close each embedding or override with "
                "U+202C and each isolate with U+2069", "input.bidi-control"))


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1
