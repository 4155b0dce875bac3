"""An Arabic DOCX runs right to left, except its furniture: the document symbols, the job number and
the page furniture stay left to right (docs/languages.md). Checked here as Word resolves it: a
paragraph's direction is its own w:bidi, else its style's, else the style that one is based on, up
to Normal, which in Arabic says right to left."""
from __future__ import annotations

import io
import re
import zipfile
from functools import cache

import pytest

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.stages import find_versions
from publisher.render import writer

from .conftest import MONGOLIA

JOB_NUMBER = {"observations": "V.26-08123", "summary": "V.26-08124"}  # the summary takes the next


@cache
def arabic(kind: str = "observations"):
    [version] = find_versions([str(MONGOLIA)], ("ar",))
    document = compose(version.outcome, kind, load_blueprints())
    package = zipfile.ZipFile(io.BytesIO(writer("docx").render(document)))
    return document, {name: package.read(name).decode("utf-8") for name in package.namelist()
                      if name.endswith(".xml")}


def styles_of(xml: str) -> dict[str, tuple[str | None, bool | None]]:
    """style id -> (the style it is based on, its own direction: True rtl, False ltr, None unsaid)."""
    result = {}
    for style in re.findall(r"<w:style [^>]*>.*?</w:style>", xml, flags=re.S):
        identifier = re.search(r'w:styleId="([^"]+)"', style).group(1)
        based = re.search(r'<w:basedOn w:val="([^"]+)"/>', style)
        result[identifier] = (based.group(1) if based else None, direction(style))
    return result


def direction(xml: str) -> bool | None:
    p_pr = re.search(r"<w:pPr>.*?</w:pPr>", xml, flags=re.S)
    found = re.search(r'<w:bidi(?: w:val="([^"]+)")?/>', p_pr.group(0) if p_pr else "")
    if not found:
        return None
    return found.group(1) not in ("0", "false", "off")


def resolved_direction(paragraph: str, styles) -> bool:
    own = direction(paragraph)
    if own is not None:
        return own
    style = re.search(r'<w:pStyle w:val="([^"]+)"/>', paragraph)
    current = style.group(1) if style else "Normal"
    while current:
        based, said = styles[current]
        if said is not None:
            return said
        current = based or ("Normal" if current != "Normal" else None)
    return False


def paragraphs_holding(parts: dict[str, str], text: str) -> list[str]:
    found = []
    for name, xml in parts.items():
        if name.startswith("word/") and ("document" in name or "header" in name or "footer" in name):
            found += [p for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
                      if text in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))]
    return found


@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_the_arabic_body_is_right_to_left(kind):
    document, parts = arabic(kind)
    styles = styles_of(parts["word/styles.xml"])
    body = [p for p in re.findall(r"<w:p[ >].*?</w:p>", parts["word/document.xml"], flags=re.S)
            if '<w:pStyle w:val="SingleTxt"/>' in p]
    assert body and all(resolved_direction(p, styles) for p in body)


@pytest.mark.parametrize("kind", ["observations", "summary"])
def test_symbols_job_number_and_page_furniture_stay_left_to_right_in_arabic(kind):
    document, parts = arabic(kind)
    styles = styles_of(parts["word/styles.xml"])
    furniture = {symbol: paragraphs_holding(parts, symbol) for symbol in document.masthead.symbols}
    furniture[JOB_NUMBER[kind]] = paragraphs_holding(parts, JOB_NUMBER[kind])
    for text, found in furniture.items():
        assert found, text
        for paragraph in found:
            assert resolved_direction(paragraph, styles) is False, text
            assert "<w:rtl/>" not in paragraph, text
    for style in ("MastheadSymbol", "Header", "Footer", "JobLine", "Recycle"):
        check = f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>'
        assert resolved_direction(check, styles) is False, style


def test_a_latin_docx_says_no_direction_at_all():
    [version] = find_versions([str(MONGOLIA)], ("en",))
    data = writer("docx").render(compose(version.outcome, "observations", load_blueprints()))
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<w:bidi/>" not in body and "<w:rtl/>" not in body
