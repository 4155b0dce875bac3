"""The document model: what the renderers lay out, language and direction included.

Compose builds it; every renderer (DOCX, PDF, later HTML) reads only this. Text is final here:
numbers, labels, dates and boilerplate are already in the document's language.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Run:
    text: str
    italic: bool = False
    note: int | None = None  # a footnote marker: the note's number
    first_citation: bool = True  # False when the note was already cited (rendered as a plain marker)
    untranslated: bool = False  # left in the source language by a draft translation: highlighted
    language: str = ""  # the language of untranslated text, for lang attributes
    flag: str = ""  # a finding's severity ("error", "warning") when the web app marks this text in place
    flag_note: str = ""  # what the finding says, on the last run of the marked text


@dataclass(frozen=True)
class MeetingLine:
    working_group: str
    session: str  # "Vienna, 14 and 15 December 2026"
    agenda_item: str  # "Item 4 of the provisional agenda"
    agenda_title: str
    agenda_mark: str  # "*", "**", ...: the agenda symbol's footnote mark
    agenda_symbol: str


@dataclass(frozen=True)
class Masthead:
    organization: str
    symbols: tuple[str, ...]
    distribution: str  # "Distr.: General"
    date: str  # "27 November 2026"
    language_line: str  # "Français", "Chinese": the language of a translated version; "" on the original
    original: str  # "Original: English"
    body: str
    meetings: tuple[MeetingLine, ...]
    job_line: str = ""  # "V.26-08123 (E)    271126    301126", at the foot of the first page
    distribution_direction: str = "ltr"  # the distribution block's direction (English in Arabic mastheads)
    job_number: str = ""  # "V.26-08123": this document's own, in the footer of pages 2 and after
    barcode: str = ""  # Code 39 payload under the job line ("2608123"), empty without a job number
    address: str = ""  # the document's address in the Official Document System, as a QR code
    recycle: str = ""  # "Please recycle", beside the recycling mark at the foot of the first page
    emblem: str = ""  # the UN emblem file the secretariat supplies (PUBLISHER_EMBLEM); "": its place stays empty


@dataclass(frozen=True)
class Heading:
    level: int  # 1: I., 2: A., 3: article headings
    label: str
    text: str
    source: str = ""  # the field it stands for: a section ("observations.challenges"), an article's entry
    flag: str = ""  # as Run.flag: a finding about the section or article, marked by the web app
    flag_note: str = ""


@dataclass(frozen=True)
class SubParagraph:
    label: str  # "(a)", "a)", "(أ)"
    runs: tuple[Run, ...]
    source: str = ""  # the field of the outcome it comes from ("observations.challenges[2].subparagraphs[0]")


@dataclass(frozen=True)
class NumberedParagraph:
    number: int
    label: str  # the number as the language writes it: "1.", "1 -"
    runs: tuple[Run, ...]
    subparagraphs: tuple[SubParagraph, ...] = ()
    source: str = ""  # the field it comes from; "" for generated text (the standard introduction)


Block = Heading | NumberedParagraph


@dataclass(frozen=True)
class Footnote:
    number: int
    runs: tuple[Run, ...]
    key: str = ""  # its key under ``footnotes`` in the outcome


@dataclass(frozen=True)
class Origin:
    """Where a document's text comes from, so that an edited copy can come back (docx import):
    the outcome file as it was named, and a fingerprint of each of its text fields."""
    file: str
    identity: str  # fingerprint of the review: State, cluster, instruments, language
    fields: tuple[tuple[str, str], ...]  # (field path, fingerprint of its text), in the file's order

    def index(self, path: str) -> int:
        return next(i for i, (field, _) in enumerate(self.fields) if field == path)


@dataclass(frozen=True)
class Document:
    kind: str  # "observations" or "summary"
    language: str  # "en", "fr", ...
    direction: str  # "ltr" or "rtl"
    masthead: Masthead
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]
    issue_date: dt.date  # also the timestamp of reproducible output files
    notice: str = ""  # e.g. the draft machine translation notice, shown under the title
    title_note: str = ""  # the late-submission footnote, called from the title
    title_mark: str = ""  # its mark: the next star after the agenda notes' ("*", "**", ...)
    origin: Origin | None = None

    def paragraphs(self) -> list[NumberedParagraph]:
        return [b for b in self.blocks if isinstance(b, NumberedParagraph)]

    def sources(self) -> frozenset[str]:
        """The fields of the outcome that this document's headings, paragraphs and subparagraphs come from."""
        sources = {block.source for block in self.blocks}
        sources.update(sub.source for paragraph in self.paragraphs() for sub in paragraph.subparagraphs)
        return frozenset(sources - {""})


def content_digest(document: Document) -> str:
    """A fingerprint of everything a writer can read of ``document``: equal digests, equal files.

    Everything counts but the fingerprints of the fields that other documents show: the origin
    lists every field of the outcome (its paths are numbered in the Word bookmarks), yet this
    document carries the text fingerprints of its own fields only. So the summary's digest does not
    change when a paragraph of the list of observations is edited, and it is not written again."""
    origin = document.origin
    if origin is not None:
        own = document.sources()
        origin = replace(origin, fields=tuple((path, text if path in own else "") for path, text in origin.fields))
    return hashlib.sha256(repr(replace(document, origin=origin)).encode()).hexdigest()


def plain(runs: tuple[Run, ...]) -> str:
    """The text of runs as a reader sees it, footnote markers as numbers."""
    return "".join(str(r.note) if r.note is not None else r.text for r in runs)
