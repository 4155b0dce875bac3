"""Akoma Ntoso (AKN 3.0) export of a document, following the AKN4UN guidelines for UN documents,
so that issued documents can go into a document repository.

One file per expression (document x language). What it carries, as the guidelines ask:
- ``<meta><identification>`` with the three FRBR levels (Work, Expression, Manifestation), each
  with FRBRthis, FRBRuri, FRBRdate, FRBRauthor; the work with FRBRcountry "un" and every symbol
  of the (joint) document as an FRBRalias named "UNSymbol"; the expression with FRBRlanguage
  (ISO 639-2 alpha-3); IRIs of the form /akn/un/doc/<name>/<date>/<number>/<lang>@<date>;
- ``<references>`` naming the author bodies (TLCOrganization) and the generator;
- ``<preface>`` with the masthead data (docTitle, docNumber for each symbol, docDate, docStatus);
- ``<mainBody>`` with sections (num, heading), paragraphs (num, content/p or intro + subparagraphs)
  and footnotes as ``<authorialNote placement="bottom">`` where they are cited; eIds by the AKN
  naming convention (sec_1, sec_1__para_2, ...).
Written with lxml; read back with interchange.xmlsafe (``document_text`` for the round trip).
"""
from __future__ import annotations

import re

from lxml import etree

from ..document import Document, Heading, NumberedParagraph, Run

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANGUAGE_CODES = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
DOCUMENT_NAMES = {"observations": "listOfObservations", "summary": "summaryOfListOfObservations"}


def _e(tag: str, parent, text: str | None = None, **attributes):
    """A child of ``parent`` in the AKN namespace; ``class_`` is written as the attribute ``class``."""
    element = etree.SubElement(parent, f"{{{NS}}}{tag}",
                               {"class" if name == "class_" else name: value for name, value in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _slug(symbol: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


class AknWriter:
    name = "akn"
    extension = ".xml"
    media_type = "application/akn+xml"

    def render(self, document: Document) -> bytes:
        root = etree.Element(f"{{{NS}}}akomaNtoso", nsmap={None: NS})
        doc = _e("doc", root, name=DOCUMENT_NAMES[document.kind])
        _meta(doc, document)
        _preface(doc, document)
        _body(doc, document)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def work_iri(document: Document) -> str:
    number = _slug(document.masthead.symbols[0])
    return f"/akn/un/doc/{DOCUMENT_NAMES[document.kind]}/{document.issue_date.isoformat()}/{number}"


def _meta(doc, document: Document) -> None:
    meta = _e("meta", doc)
    identification = _e("identification", meta, source="#publisher")
    date = document.issue_date.isoformat()
    work = work_iri(document)
    language = LANGUAGE_CODES[document.language]
    expression = f"{work}/{language}@{date}"
    levels = (("FRBRWork", work, f"{work}/!main"), ("FRBRExpression", expression, f"{expression}/!main"),
              ("FRBRManifestation", f"{expression}.xml", f"{expression}/!main.xml"))
    for tag, uri, this in levels:
        level = _e(tag, identification)
        _e("FRBRthis", level, value=this)
        _e("FRBRuri", level, value=uri)
        if tag == "FRBRWork":
            for symbol in document.masthead.symbols:
                _e("FRBRalias", level, value=symbol, name="UNSymbol")
        _e("FRBRdate", level, date=date, name={"FRBRWork": "issue", "FRBRExpression": "issue",
                                                "FRBRManifestation": "generation"}[tag])
        _e("FRBRauthor", level, href="#ctoc-cop" if tag != "FRBRManifestation" else "#publisher")
        if tag == "FRBRWork":
            _e("FRBRcountry", level, value="un")
            _e("FRBRnumber", level, value=document.masthead.symbols[0])
            _e("FRBRname", level, value=DOCUMENT_NAMES[document.kind])
        if tag == "FRBRExpression":
            _e("FRBRlanguage", level, language=language)
    references = _e("references", meta, source="#publisher")
    _e("TLCOrganization", references, eId="ctoc-cop", href="/akn/ontology/organizations/un/ctoc-cop",
       showAs=document.masthead.body)
    for index, meeting in enumerate(document.masthead.meetings, start=1):
        _e("TLCOrganization", references, eId=f"wg_{index}",
           href=f"/akn/ontology/organizations/un/{_slug(meeting.agenda_symbol.rsplit('/', 2)[0])}",
           showAs=meeting.working_group)
    _e("TLCOrganization", references, eId="publisher", href="/akn/ontology/organizations/publisher",
       showAs="publisher")


def _preface(doc, document: Document) -> None:
    preface = _e("preface", doc)
    masthead = document.masthead
    block = _e("container", preface, name="masthead", eId="masthead")
    p = _e("p", block)
    _e("docAuthority", p, masthead.organization)
    for symbol in masthead.symbols:
        p = _e("p", block)
        _e("docNumber", p, symbol)
    p = _e("p", block)
    _e("docStatus", p, masthead.distribution)
    p = _e("p", block)
    _e("docDate", p, masthead.date, date=document.issue_date.isoformat())
    if masthead.language_line:
        _e("p", block, masthead.language_line)
    _e("p", block, masthead.original)
    p = _e("p", block)
    _e("docProponent", p, masthead.body, refersTo="#ctoc-cop")
    for index, meeting in enumerate(masthead.meetings, start=1):
        container = _e("container", preface, name="meeting", eId=f"meeting_{index}")
        p = _e("p", container)
        _e("organization", p, meeting.working_group, refersTo=f"#wg_{index}")
        _e("p", container, meeting.session)
        p = _e("p", container, meeting.agenda_item)
        note = _e("authorialNote", p, marker=meeting.agenda_mark, placement="bottom", eId=f"fnt_agenda_{index}")
        _e("p", note, f"{meeting.agenda_symbol}.")
        _e("p", container, meeting.agenda_title)
    title = _e("p", preface)
    _e("docTitle", title, document.title)
    _e("p", preface, document.subtitle)
    if document.notice:
        _e("p", preface, document.notice, class_="notice")


def _body(doc, document: Document) -> None:
    """Sections (I.), subsections (A.), article containers (level 3) and the paragraphs in them."""
    body = _e("mainBody", doc)
    section = subsection = article = None
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            section = _e("section", body, eId=_next_id(body, "section", "sec"))
            subsection = article = None
            _e("num", section, block.label)
            _e("heading", section, block.text)
        elif isinstance(block, Heading) and block.level == 2:
            subsection = _e("subsection", section, eId=_next_id(section, "subsection", "subsec"))
            article = None
            _e("num", subsection, block.label)
            _e("heading", subsection, block.text)
        elif isinstance(block, Heading):
            parent = subsection if subsection is not None else section
            article = _e("hcontainer", parent, name="article", eId=_next_id(parent, "hcontainer", "hcontainer"))
            _e("heading", article, block.text)
        else:
            parent = next(c for c in (article, subsection, section, body) if c is not None)
            _paragraph(parent, block, document)


def _next_id(parent, tag: str, prefix: str) -> str:
    """The AKN naming convention: a parent's eId, "__", the element's prefix and its number."""
    number = sum(1 for child in parent if child.tag == f"{{{NS}}}{tag}") + 1
    own = f"{prefix}_{number}"
    return f"{parent.get('eId')}__{own}" if parent.get("eId") else own


def _paragraph(parent, block: NumberedParagraph, document: Document) -> None:
    eid = f"para_{block.number}"
    paragraph = _e("paragraph", parent, eId=eid)
    _e("num", paragraph, block.label)
    if block.subparagraphs:
        intro = _e("intro", paragraph)
        _runs(_e("p", intro), block.runs, document)
        for index, sub in enumerate(block.subparagraphs, start=1):
            item = _e("subparagraph", paragraph, eId=f"{eid}__subpara_{index}")
            _e("num", item, sub.label)
            _runs(_e("p", _e("content", item)), sub.runs, document)
    else:
        _runs(_e("p", _e("content", paragraph)), block.runs, document)


def _runs(p, runs: tuple[Run, ...], document: Document) -> None:
    last = None
    for run in runs:
        if run.note is not None:
            if run.first_citation:
                element = _e("authorialNote", p, marker=str(run.note), placement="bottom", eId=f"fnt_{run.note}")
                _e("p", element, "".join(r.text for r in document.footnotes[run.note - 1].runs))
            else:
                element = _e("noteRef", p, str(run.note), href=f"#fnt_{run.note}", marker=str(run.note))
            last = element
            continue
        if run.italic or run.untranslated:
            element = _e("i" if run.italic else "span", p, run.text)
            if run.untranslated:
                element.set("class", "untranslated")
                element.set(f"{{http://www.w3.org/XML/1998/namespace}}lang", run.language or "und")
            last = element
        elif last is None:
            p.text = (p.text or "") + run.text
        else:
            last.tail = (last.tail or "") + run.text


def document_text(tree) -> list[tuple[str, str]]:
    """(num, text) of every paragraph of an AKN file, footnotes left out: for round-trip checks."""
    result = []
    for paragraph in tree.iter(f"{{{NS}}}paragraph"):
        num = paragraph.findtext(f"{{{NS}}}num")
        parts = []
        for p in paragraph.iter(f"{{{NS}}}p"):
            if any(a.tag == f"{{{NS}}}authorialNote" for a in p.iterancestors()):
                continue
            parts.append(_text_without_notes(p))
        result.append((num, " ".join(parts)))
    return result


def _text_without_notes(p) -> str:
    text = p.text or ""
    for child in p:
        if child.tag not in (f"{{{NS}}}authorialNote", f"{{{NS}}}noteRef"):
            text += child.text or ""
        text += child.tail or ""
    return text
