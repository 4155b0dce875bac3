"""An OmegaT project for a translated outcome: the translator opens it in OmegaT (3.6 and later)
and finds the English sentences to translate, our drafts as matches and our glossary terms.

What OmegaT 3.6 reads, found by running it (see docs/post-editing.md):

- Its XLIFF filter translates the content of ``<target>``, not of ``<source>`` (``<source>`` is
  kept intact), and writes the translation back into ``<target>``. An XLIFF whose targets hold
  drafts shows the drafts as the text to translate; one without targets has nothing to translate.
  So the file in ``source/`` is our XLIFF 1.2 with each ``<target>`` a copy of its ``<source>``
  (state ``needs-translation``): OmegaT shows the English, and ``target/`` gets the translation.
- Inline codes (``<x/>``, ``<g>``) become OmegaT tags, numbered from 0 in reading order, a pair
  sharing its number: ``<x0/>``, ``<g1>...</g1>``. OmegaT protects them and its tag validation
  lists lost ones; it writes the original element back. Standalone codes at either end of a text
  and a pair around all of it stay out of the segment (OmegaT writes them back where they were):
  a footnote marker after the full stop stays there (``omegat_source``).
- A segment OmegaT has no translation for is written to ``target/`` as its source text.
- Memories: TMX in ``tm/`` (OmegaT's own form: TMX 1.1, tags as text such as ``&lt;x0/&gt;``).
  ``tm/auto/`` is inserted as the translation when the project is loaded; ``tm/penalty-N/`` is
  offered as a fuzzy match N % below its score. Machine drafts, fuzzy memory matches and other
  unconfirmed drafts go to ``tm/penalty-30/`` (a draft shows as a 70 % match: the translator
  decides); exact memory matches and units a person has already reviewed go to ``tm/auto/``.
- Glossary: ``glossary/*.txt``, UTF-8, one term a line: source term, tab, target term, tab,
  comment.
- ``omegat.project``: languages, tokenizers, sentence segmentation off (our units are sentences).

The project names its outcome as the XLIFF does (``pub:outcome`` in the header), relative to the
folder that holds the project: an import follows those names only inside that folder.
"""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import EXIT_UNREADABLE, PublisherError
from ..files import write_atomic
from ..findings import Finding
from .inline import CONFIRMED, Code, parts, target_parts
from . import xliff

PROJECT_FILE = "omegat.project"
MT_PENALTY = 30  # a machine draft is offered 30 % below its match score
FOLDERS = ("source", "target", "tm", "tm/auto", f"tm/penalty-{MT_PENALTY}", "glossary", "dictionary", "omegat")
AUTO_ORIGINS = ("tm-exact",)  # drafts OmegaT inserts as the translation (with confirmed units)
TOKENIZERS = {"en": "LuceneEnglishTokenizer", "fr": "LuceneFrenchTokenizer", "es": "LuceneSpanishTokenizer",
              "ru": "LuceneRussianTokenizer", "ar": "LuceneArabicTokenizer", "zh": "LuceneSmartChineseTokenizer"}
LEFT_OUT_SUBJECTS = ("article", "cluster")
_X1 = f"{{{xliff.XLIFF1_NAMESPACE}}}"


def default_project_folder(translation_path: Path) -> Path:
    """``x.fr.yaml`` -> ``x.fr.omegat``, beside it."""
    return translation_path.with_suffix(".omegat")


def write_omegat_project(workset, folder: Path | str, glossary=None) -> Path:
    """Writes a complete OmegaT project for ``workset`` into ``folder`` (new, or empty). Returns
    the folder."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PublisherError(Finding(str(folder), 0, 0, "-o", "exists and is not an empty folder: an OmegaT project "
                                     "is written into a new folder (the translator's work in an existing project "
                                     "is never overwritten)", "omegat.exists"), exit_code=EXIT_UNREADABLE)
    name = workset.target_path.stem  # x.fr
    place = folder.resolve()  # "-o ." too
    staging = place.with_name(f".{place.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for sub in FOLDERS:
            (staging / sub).mkdir(parents=True, exist_ok=True)
        write_atomic(staging / PROJECT_FILE, project_file(workset.source_language, workset.target_language))
        try:
            source = source_file(workset, place.parent)
        except PublisherError as error:  # a character XLIFF 1.2 cannot carry: the finding names no file yet
            raise PublisherError(*(replace(f, file=str(folder)) for f in error.findings),
                                 exit_code=error.exit_code) from None
        write_atomic(staging / "source" / f"{name}.xlf", source)
        auto, offered = [], []
        for unit in workset.units:
            if not unit.target:
                continue
            segment, numbers = omegat_source(unit.source)
            pair = (segment, omegat_target(unit.target, unit.codes, numbers))
            (auto if unit.state in CONFIRMED or unit.origin in AUTO_ORIGINS else offered).append(pair)
        languages = (workset.source_language, workset.target_language)
        for pairs, where in ((auto, "auto"), (offered, f"penalty-{MT_PENALTY}")):
            if pairs:
                write_atomic(staging / "tm" / where / f"{name}.tmx", tmx(pairs, *languages))
        write_atomic(staging / "glossary" / f"{name}.txt", glossary_text(workset, glossary))
        if place.exists():
            place.rmdir()
        staging.rename(place)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return folder


def project_file(source_language: str, target_language: str) -> bytes:
    root = etree.Element("omegat")
    project = etree.SubElement(root, "project", version="1.0")
    for tag in ("source_dir", "target_dir", "tm_dir", "glossary_dir", "glossary_file", "dictionary_dir"):
        etree.SubElement(project, tag).text = "__DEFAULT__"
    etree.SubElement(project, "source_lang").text = source_language
    etree.SubElement(project, "target_lang").text = target_language
    for tag, language in (("source_tok", source_language), ("target_tok", target_language)):
        etree.SubElement(project, tag).text = f"org.omegat.tokenizer.{TOKENIZERS[language]}"
    etree.SubElement(project, "sentence_seg").text = "false"  # our units are sentences already
    etree.SubElement(project, "support_default_translations").text = "true"
    etree.SubElement(project, "remove_tags").text = "false"
    xliff._indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"


def source_file(workset, base: Path) -> bytes:
    """Our XLIFF 1.2 with each target a copy of its source: what OmegaT's XLIFF filter translates.
    The outcome's files are named relative to ``base``, the folder that holds the project."""
    files = xliff._OutcomeFiles.relative_to(base, workset.source_path, workset.target_path)
    root = xliff._document12(workset, files)
    root.find(f"{_X1}file").set("tool-id", "publisher-omegat")
    for unit in root.iter(f"{_X1}trans-unit"):
        source, old = unit.find(f"{_X1}source"), unit.find(f"{_X1}target")
        copy = etree.fromstring(etree.tostring(source))
        copy.tag = f"{_X1}target"
        copy.tail = None
        copy.set("state", "needs-translation")
        if old is not None:
            unit.replace(old, copy)
        else:
            source.addnext(copy)
        unit.set("approved", "no")
    xliff._indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def omegat_source(text: str) -> tuple[str, dict[str, int]]:
    """A source text as OmegaT's segment of it, and the OmegaT number of each of our codes in it.

    As OmegaT 3.6 segments an XLIFF target (found by letting it read test units): standalone codes
    at either end, a pair around the whole text and the spacing at the ends stay out of the
    segment (OmegaT writes them back around the translation), and the codes left are numbered
    from 0 in reading order, a pair sharing its number."""
    inside = _inside(parts(text))
    numbers: dict[str, int] = {}
    for item in inside:
        if isinstance(item, Code) and item.role in ("ph", "start"):
            numbers[item.id] = len(numbers)
    return _render(inside, numbers), numbers


def omegat_target(target: str, source_codes: tuple[Code, ...], numbers: dict[str, int]) -> str:
    """A target as OmegaT holds the translation of its source's segment: the codes the segment
    has, numbered as there; the codes OmegaT keeps out of the segment left out."""
    items = [item for item in target_parts(target, source_codes)
             if not isinstance(item, Code) or item.id in numbers]
    return _render(_trimmed(items), numbers)


def omegat_text(items) -> str:
    """Text and codes (from ``parts()``) as OmegaT holds them when every code is in the segment:
    our code n as OmegaT's tag n-1 (``<x0/>``, ``<g1>...</g1>``)."""
    return _render(list(items), {item.id: int(item.id) - 1 for item in items if isinstance(item, Code)})


def _inside(items) -> list:
    items = list(items)
    while True:
        items = _trimmed(items)
        if items and isinstance(items[0], Code) and items[0].role == "ph":
            items.pop(0)
        elif items and isinstance(items[-1], Code) and items[-1].role == "ph":
            items.pop()
        elif (len(items) >= 2 and isinstance(items[0], Code) and isinstance(items[-1], Code)
              and items[0].role == "start" and items[-1].role == "end" and items[0].id == items[-1].id):
            items = items[1:-1]
        else:
            return items


def _trimmed(items: list) -> list:
    items = list(items)
    if items and isinstance(items[0], str):
        items[0] = items[0].lstrip()
    if items and isinstance(items[-1], str):
        items[-1] = items[-1].rstrip()
    stripped = [item for item in items if item != ""]
    return stripped if len(stripped) == len(items) else _trimmed(stripped)


def _render(items, numbers: dict[str, int]) -> str:
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        else:
            number = numbers[item.id]
            out.append(f"<x{number}/>" if item.role == "ph" else f"<g{number}>" if item.role == "start"
                       else f"</g{number}>")
    return "".join(out)


def tmx(pairs, source_language: str, target_language: str) -> bytes:
    """TMX as OmegaT writes its own (1.1, tags as text); no dates, so the same drafts give the same bytes."""
    root = etree.Element("tmx", version="1.1")
    etree.SubElement(root, "header", creationtool="publisher", creationtoolversion=__version__,
                     segtype="sentence", adminlang="EN-US", srclang=source_language, datatype="plaintext")
    root.find("header").set("o-tmf", "OmegaT TMX")
    body = etree.SubElement(root, "body")
    seen = set()
    for source, target in pairs:
        if (source, target) in seen:
            continue
        seen.add((source, target))
        unit = etree.SubElement(body, "tu")
        for language, text in ((source_language, source), (target_language, target)):
            etree.SubElement(etree.SubElement(unit, "tuv", lang=language), "seg").text = text
    xliff._indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def glossary_text(workset, glossary=None) -> bytes:
    """OmegaT's glossary format: source term, tab, target term, tab, comment; one a line. Every
    entry of the glossary with terms in both languages (each admitted source variant) but the
    titles of articles and clusters (OmegaT matches stems: "Criminalization", a title, would show
    for every "criminal"), else the terms the units' sources hold."""
    source_language, target_language = workset.source_language, workset.target_language
    rows: list[tuple[str, str, str]] = []
    for entry in glossary.entries if glossary is not None else ():
        if entry.subject in LEFT_OUT_SUBJECTS:
            continue
        target = entry.preferred(target_language)
        if not target or not entry.terms.get(source_language):
            continue
        comment = f"UNTOC glossary {entry.id}"
        forbidden = entry.forbidden.get(target_language, ())
        if forbidden:
            comment += f"; not: {', '.join(forbidden)}"
        rows.extend((term, target, comment) for term in entry.terms[source_language])
    if not rows:
        rows = [(term.source, term.target, f"UNTOC glossary {term.entry}") for unit in workset.units
                for term in unit.terms]
    lines = dict.fromkeys("\t".join(" ".join(cell.split()) for cell in row) for row in rows)
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def is_project(folder: Path) -> bool:
    return (Path(folder) / PROJECT_FILE).is_file()


def translated_file(folder: Path | str) -> Path:
    """The file OmegaT wrote into the project's ``target/`` for our XLIFF in ``source/``;
    PublisherError (exit status 2) when the project has none, or several."""
    folder = Path(folder)
    if not is_project(folder):
        raise PublisherError(Finding(str(folder), 0, 0, "", "is a folder without omegat.project: give an XLIFF file, "
                                     "or an OmegaT project written by `publisher xliff export --for omegat`",
                                     "omegat.structure"), exit_code=EXIT_UNREADABLE)
    sources = sorted((folder / "source").glob("*.xlf"))
    if len(sources) != 1:
        raise PublisherError(Finding(str(folder), 0, 0, "", f"an OmegaT project written by publisher has one .xlf "
                                     f"file in source/; this one has {len(sources)}", "omegat.structure"),
                             exit_code=EXIT_UNREADABLE)
    translated = folder / "target" / sources[0].name
    if not translated.is_file() or translated.is_symlink():
        raise PublisherError(Finding(str(folder), 0, 0, "", f"target/{sources[0].name} is missing: in OmegaT, "
                                     f"Project > Create Translated Documents (or omegat --mode=console-translate) "
                                     f"writes it", "omegat.no-target"), exit_code=EXIT_UNREADABLE)
    return translated
