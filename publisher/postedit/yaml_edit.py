"""Edits to an outcome file that leave everything else in it as the editor wrote it.

A YAML library that loads and dumps the whole file re-wraps every long line and drops or moves
comments; an editor who changed one paragraph in Word would find fifty lines changed. So edits
are made in the text itself, at the places PyYAML's parser reports for each node: a list whose
paragraphs changed is written again, its unchanged items copied verbatim (with their comments),
the changed and new ones written as folded blocks, an item moved from another list copied from
there verbatim (indented as its new list); a footnote's text is replaced in place, a new
footnote appended to ``footnotes``, a removed one cut out. Edits are applied from the end of the
file backwards, so each keeps the positions the parser gave.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

import yaml

WIDTH = 96  # lines of written paragraphs, as the samples are written


@dataclass(frozen=True)
class Keep:
    """An item of a list kept as it is in the file (its index in the list), or moved unchanged
    from the list at the keys ``source``."""
    index: int
    source: tuple = ()


@dataclass(frozen=True)
class Write:
    """An item written anew: a paragraph, with sub-paragraphs or not."""
    text: str
    subparagraphs: tuple[str, ...] = ()


class OutcomeText:
    def __init__(self, text: str):
        self.text = text
        self.root = yaml.compose(text, Loader=yaml.SafeLoader)
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
        self.footnotes_opened = False  # a first footnote opened "footnotes:" at the end of the file

    # -- finding nodes ---------------------------------------------------------------------------
    def node(self, keys: tuple):
        node = self.root
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next(value for name, value in node.value if name.value == str(key))
            else:
                node = node.value[key]
        return node

    def _mapping_entry(self, keys: tuple, key: str):
        mapping = self.node(keys)
        return next(((name, value) for name, value in mapping.value if name.value == key), (None, None))

    # -- edits -----------------------------------------------------------------------------------
    def replace_list(self, keys: tuple, items: list[Keep | Write]) -> None:
        sequence = self.node(keys)
        regions = self._item_regions(sequence)
        dash = sequence.start_mark.column  # the column of the first "-", however far its text stands after it
        pieces = []
        for item in items:
            if isinstance(item, Keep):
                piece = self._kept(item, regions, dash)
                pieces.append(piece if piece.endswith("\n") else piece + "\n")
            else:
                pieces.append(_item(item, dash))
        start, end = regions[0][0], regions[-1][1]
        replacement = "".join(pieces)
        if not self.text[start:end].endswith("\n"):
            replacement = replacement.rstrip("\n")
        self.edits.append((start, end, replacement))

    def _kept(self, item: Keep, regions: list[tuple[int, int]], dash: int) -> str:
        if not item.source:
            start, end = regions[item.index]
            return self.text[start:end]
        other = self.node(item.source)
        start, end = self._item_regions(other)[item.index]
        return _indented(self.text[start:end], dash - other.start_mark.column)

    def replace_value(self, keys: tuple, key: str, text: str) -> None:
        name, value = self._mapping_entry(keys, key)
        start, end = value.start_mark.index, value.end_mark.index
        original = self.text[start:end]
        replacement = _value(text, name.start_mark.column + 2)
        if not original.endswith("\n"):  # a plain or quoted scalar ends before its line break, a block after it
            replacement = replacement.removesuffix("\n")
        self.edits.append((start, end, replacement))

    def add_entry(self, keys: tuple, key: str, text: str) -> None:
        if keys == ("footnotes",) and not any(name.value == "footnotes" for name, _ in self.root.value):
            end = len(self.text)
            entry = f"  {key}: " + _value(text, 4)
            if not self.footnotes_opened:
                entry = ("" if self.text.endswith("\n") else "\n") + "footnotes:\n" + entry
                self.footnotes_opened = True
            self.edits.append((end, end, entry))
            return
        mapping = self.node(keys)
        last = mapping.value[-1][1]
        end = _line_end(self.text, last.end_mark.index)
        column = mapping.value[0][0].start_mark.column
        entry = " " * column + f"{key}: " + _value(text, column + 2)
        self.edits.append((end, end, ("" if self.text[:end].endswith("\n") else "\n") + entry.rstrip("\n") + "\n"))

    def remove_entry(self, keys: tuple, key: str) -> None:
        name, value = self._mapping_entry(keys, key)
        start = self.text.rfind("\n", 0, name.start_mark.index) + 1
        end = _line_end(self.text, value.end_mark.index)
        self.edits.append((start, end, ""))

    def result(self) -> str:
        """The text with every edit made, from the end backwards; edits at one place (footnotes added
        at the end) land in the order they were made."""
        text = self.text
        for start, end, replacement in reversed(sorted(self.edits, key=lambda e: e[0])):
            text = text[:start] + replacement + text[end:]
        return text

    # -- positions -------------------------------------------------------------------------------
    def _item_regions(self, sequence) -> list[tuple[int, int]]:
        """Each item from the start of its "- " line to the start of the next item's line (the
        last one to the end of its own last line): comments between items go with the item above."""
        starts = [self.text.rfind("\n", 0, item.start_mark.index) + 1 for item in sequence.value]
        last_end = _line_end(self.text, sequence.value[-1].end_mark.index)
        while last_end > starts[-1] and not self.text[self.text.rfind("\n", 0, last_end - 1) + 1:last_end].strip():
            last_end = self.text.rfind("\n", 0, last_end - 1) + 1  # blank lines after the list stay
        return [(start, starts[i + 1] if i + 1 < len(starts) else last_end) for i, start in enumerate(starts)]


def _line_end(text: str, index: int) -> int:
    """The index just after the line that holds ``index`` (a node ending at a line start ends there)."""
    line_start = text.rfind("\n", 0, index) + 1
    if not text[line_start:index].strip():  # the node ends where the next one's line begins
        return line_start
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _indented(text: str, shift: int) -> str:
    """Lines moved ``shift`` columns right (left when negative; only spaces are taken away)."""
    lines = text.splitlines(keepends=True)
    if shift >= 0:
        return "".join(" " * shift + line if line.strip() else line for line in lines)
    return "".join(line[min(-shift, len(line) - len(line.lstrip(" "))):] for line in lines)


def _item(item: Write, dash: int) -> str:
    pad = " " * dash
    if not item.subparagraphs:
        return f"{pad}- " + _value(item.text, dash + 2)
    lines = f"{pad}- text: " + _value(item.text, dash + 4)
    lines += f"{pad}  subparagraphs:\n"
    for sub in item.subparagraphs:
        lines += f"{pad}    - " + _value(sub, dash + 6)
    return lines


def _value(text: str, indent: int) -> str:
    """A scalar as the samples write it: plain when short and plain-safe, else a folded block."""
    plain = yaml.safe_dump(text, width=10**6, allow_unicode=True, default_style=None).removesuffix("\n...\n")
    plain = plain.rstrip("\n")
    if len(text) + indent <= WIDTH and "\n" not in plain and plain == text:
        return plain + "\n"
    if text != text.strip() or not text:
        return yaml.safe_dump(text, width=10**6, allow_unicode=True, default_style='"').rstrip("\n") + "\n"
    wrapped = textwrap.wrap(text, width=max(40, WIDTH - indent), break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "".join(" " * indent + line + "\n" for line in wrapped)
