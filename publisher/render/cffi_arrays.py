"""One C type for WeasyPrint's glyph arrays, instead of one per length.

WeasyPrint subsets each font of a PDF with HarfBuzz and hands it the glyphs to keep as arrays made
by ``ffi.new(f"hb_codepoint_t[{n}]", items)`` (weasyprint/pdf/fonts.py). cffi parses every new
type string with pycparser (about 2 ms) and keeps it, and ``n`` is a glyph count: nearly every font
of every PDF asked for a length not seen before, two parses a font, about 15 ms a PDF.
``install()`` gives that module an ``ffi`` whose ``new`` makes such an array, when its items are
given and are as many as its length says, as ``hb_codepoint_t[]`` with the same items: the same
memory, the same values, one type parsed once. Everything else goes to cffi as it was asked.

Like cjk.py, this wraps a WeasyPrint internal: when the module has no cffi ``ffi`` to wrap,
nothing is changed (and the test of the wrapper fails, rather than the PDF).
"""
from __future__ import annotations

import re

from cffi import FFI
from weasyprint.pdf import fonts as weasyprint_fonts

_SIZED = re.compile(r"(\w+)\[(\d+)\]")


class UnsizedArrays:
    """cffi's ``FFI`` with ``new("T[n]", n items)`` made as ``new("T[]", items)``."""

    def __init__(self, ffi: FFI):
        self.wrapped = ffi

    def new(self, cdecl, init=None):
        sized = _SIZED.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if sized and isinstance(init, (list, tuple)) and len(init) == int(sized[2]):
            return self.wrapped.new(f"{sized[1]}[]", init)
        return self.wrapped.new(cdecl, init)

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


def install() -> None:
    if isinstance(getattr(weasyprint_fonts, "ffi", None), FFI):
        weasyprint_fonts.ffi = UnsizedArrays(weasyprint_fonts.ffi)
