"""The first-page furniture of UN documents, drawn by well-kept packages: the job-number barcode
(Code 39, python-barcode) and the QR code of the document's address in the Official Document
System (segno). Each comes as SVG for the HTML and PDF layout and as PNG for Word.

Both are pure functions of their payload, so the documents stay byte-reproducible.
"""
from __future__ import annotations

import io
import math
import re
from functools import lru_cache
from pathlib import Path

import barcode
import segno
from barcode.writer import ImageWriter, SVGWriter

_SVG_ELEMENT = re.compile(r"<svg\b.*</svg>", re.S)
_STYLE_FILL = re.compile(r'style="fill:\s*([#\w]+);?"')
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Code 39 as UN documents print it: narrow bars, no human-readable line (the job line above says it).
_BARCODE_OPTIONS = {"write_text": False, "module_width": 0.2, "module_height": 6.0, "quiet_zone": 0.0}
_QR_ERROR_LEVEL = "m"


@lru_cache(maxsize=64)
def barcode_svg(payload: str) -> str:
    """An inline ``<svg>`` element of the Code 39 barcode (no XML declaration, no DOCTYPE)."""
    buffer = io.BytesIO()
    barcode.Code39(payload, writer=SVGWriter(), add_checksum=False).write(buffer, options=_BARCODE_OPTIONS)
    # presentation attributes rather than style="fill:..." (which WeasyPrint does not read in SVG);
    # drawn in millimetres at its printed size (28.6 by 8 mm), so no stylesheet has to size it
    return _STYLE_FILL.sub(r'fill="\1"', _inline_svg(buffer.getvalue().decode("utf-8")))


@lru_cache(maxsize=64)
def barcode_png(payload: str) -> bytes:
    buffer = io.BytesIO()
    options = {**_BARCODE_OPTIONS, "dpi": 300, "format": "PNG"}
    barcode.Code39(payload, writer=ImageWriter(), add_checksum=False).write(buffer, options=options)
    return buffer.getvalue()


@lru_cache(maxsize=64)
def qr_svg(address: str) -> str:
    buffer = io.BytesIO()
    segno.make(address, error=_QR_ERROR_LEVEL).save(buffer, kind="svg", scale=1, border=0, xmldecl=False,
                                                    svgclass=None, lineclass=None)
    return _sized(_inline_svg(buffer.getvalue().decode("utf-8")), "14mm", "14mm")


@lru_cache(maxsize=64)
def qr_png(address: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(address, error=_QR_ERROR_LEVEL).save(buffer, kind="png", scale=8, border=0)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def recycling_mark_svg() -> str:
    """The recycling mark printed beside "Please recycle": three arrows chasing each other round a
    circle (drawn here, so the PDF needs no symbol font)."""
    arrows = []
    for index in range(3):
        start = math.radians(90 + 120 * index + 12)
        end = start + math.radians(84)
        arrows.append(_arc_arrow(start, end))
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-12 -12 24 24" width="7mm" height="7mm">'
            + "".join(arrows) + "</svg>")


def _arc_arrow(start: float, end: float, radius: float = 8.0) -> str:
    def point(angle: float, r: float = radius) -> str:
        return f"{r * math.cos(angle):.2f} {-r * math.sin(angle):.2f}"
    arc = f'<path d="M {point(start)} A {radius} {radius} 0 0 0 {point(end)}" fill="none" stroke="#000" stroke-width="2.6"/>'
    tip = end + math.radians(16)
    head = f'<path d="M {point(end, radius + 3.4)} L {point(tip)} L {point(end, radius - 3.4)} Z" fill="#000"/>'
    return arc + head


@lru_cache(maxsize=1)
def recycling_mark_png(size: int = 96) -> bytes:
    """The same mark as a PNG, for Word (which needs a picture; no symbol font is sure to be there)."""
    from PIL import Image, ImageDraw

    scale = size / 24
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    radius, width = 8.0 * scale, round(2.6 * scale)
    centre = size / 2
    for index in range(3):
        start = 90 + 120 * index + 12
        end = start + 84
        # Pillow measures angles clockwise from the x axis; the SVG counter-clockwise
        draw.arc((centre - radius, centre - radius, centre + radius, centre + radius), -end, -start, fill=0,
                 width=width)
        tip = math.radians(end + 16)
        base = math.radians(end)
        corners = [(centre + r * math.cos(a), centre - r * math.sin(a))
                   for r, a in ((radius + 3.4 * scale, base), (radius, tip), (radius - 3.4 * scale, base))]
        draw.polygon(corners, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def emblem_svg(path: str) -> str:
    """The emblem file the secretariat supplies, as an inline ``<svg>`` element; "" for a PNG or none."""
    if not path or not path.lower().endswith(".svg"):
        return ""
    return _inline_svg(Path(path).read_text(encoding="utf-8"))


_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def _sized(svg: str, width: str, height: str) -> str:
    """The ``<svg>`` element with the printed size as its own attributes (no stylesheet needed);
    a viewBox from the drawing's own size keeps its proportions."""
    head, rest = svg.split(">", 1)
    sizes = dict(m.groups() for m in re.finditer(r'\s(width|height)="([^"]*)"', head))
    if "viewBox" not in head and sizes:
        number = lambda v: re.sub(r"[a-z%]+$", "", v)  # noqa: E731
        head += f' viewBox="0 0 {number(sizes.get("width", "0"))} {number(sizes.get("height", "0"))}"'
    head = _SIZE.sub("", head) + f' width="{width}" height="{height}" preserveAspectRatio="none"'
    return head + ">" + rest


def _inline_svg(document: str) -> str:
    match = _SVG_ELEMENT.search(_COMMENT.sub("", document))
    if not match:
        raise ValueError("not an SVG document")
    return match.group(0)
