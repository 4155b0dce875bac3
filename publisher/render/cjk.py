"""Justified Chinese lines in the PDF.

Chinese text has no spaces, and WeasyPrint justifies a line only by widening its spaces
(``layout.inline.justify_line``), so justified Chinese paragraphs came out ragged. Chinese
typesetting justifies by spacing the characters evenly (CSS Text 3, ``text-justify:
inter-character``; W3C "Requirements for Chinese Text Layout", 3.1.3). This module gives
WeasyPrint that behaviour for lines in Chinese: the line's free width is shared out as letter
spacing between its characters. Lines in other languages keep WeasyPrint's own justification.

WeasyPrint has no public hook for this, so ``install()`` wraps its ``justify_line``; the wrapper
checks the internals it relies on and leaves WeasyPrint untouched when they differ (the test of
justified Chinese lines then fails, rather than the PDF).
"""
from __future__ import annotations

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.line_break import create_layout

_installed = False


def install() -> None:
    global _installed
    if _installed or not all(hasattr(inline, name) for name in ("justify_line", "add_word_spacing")):
        return
    original = inline.justify_line

    def justify_line(context, line, extra_width):
        if _is_chinese(line.style) and (characters := _count_characters(line)) > 1:
            _add_letter_spacing(context, line, extra_width / characters, 0)
        else:
            original(context, line, extra_width)

    inline.justify_line = justify_line
    _installed = True


def _is_chinese(style) -> bool:
    return str(style["lang"] or "").lower().startswith("zh")


def _count_characters(box) -> int:
    if isinstance(box, boxes.TextBox):
        return len(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(_count_characters(child) for child in box.children if child.is_in_normal_flow())
    return 0


def _add_letter_spacing(context, box, spacing: float, x_advance: float) -> float:
    """Moves ``box`` by ``x_advance`` and widens it by ``spacing`` after each of its characters;
    returns the advance for what follows it."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        style = box.style.copy()
        current = 0 if style["letter_spacing"] == "normal" else style["letter_spacing"]
        style["letter_spacing"] = current + spacing
        layout = create_layout(box.text, style, context, max_width=None, justification_spacing=0)
        layout.deactivate()
        box.style = style  # drawing sets the layout up again from the box's style
        box.pango_layout = layout
        extra = spacing * len(box.text)
        box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _add_letter_spacing(context, child, spacing, x_advance)
        box.width += x_advance - before
        return x_advance
    box.position_x += x_advance
    return x_advance
