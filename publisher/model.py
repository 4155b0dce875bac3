"""The review outcome as the rest of the pipeline sees it: immutable, validated, with field paths.

Every text-bearing object keeps the ``path`` of the field it came from, so that any later stage
(validation rules, translation QA) can report a finding at the editor's line via the SourceMap.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .load import LoadedFile, SourceMap, child_path

DOCUMENT_KINDS = ("observations", "summary")


@dataclass(frozen=True)
class Paragraph:
    text: str
    path: str
    subparagraphs: tuple[str, ...] = ()

    def texts(self) -> list[tuple[str, str]]:
        """(field path, text) of the paragraph and each of its sub-paragraphs."""
        own = [(self.text_path, self.text)]
        return own + [(f"{self.path}.subparagraphs[{i}]", s) for i, s in enumerate(self.subparagraphs)]

    @property
    def text_path(self) -> str:
        return f"{self.path}.text" if self.subparagraphs else self.path


@dataclass(frozen=True)
class ArticleObservation:
    instrument: str
    article: int
    paragraphs: tuple[Paragraph, ...]
    path: str


@dataclass(frozen=True)
class Section:
    key: str
    path: str
    paragraphs: tuple[Paragraph, ...] = ()
    articles: tuple[ArticleObservation, ...] = ()

    def all_paragraphs(self) -> list[Paragraph]:
        return list(self.paragraphs) + [p for a in self.articles for p in a.paragraphs]


@dataclass(frozen=True)
class Content:
    """The editor's text of one document (the list of observations or its summary)."""

    kind: str
    path: str
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class Review:
    state: str
    reviewing_states: tuple[str, ...]
    instruments: tuple[str, ...]
    cluster: str
    year: int
    language: str
    party_to_uncac: bool
    mechanism_year: int | None = None
    original_language: str = ""  # the language the outcome was agreed in; this text may be a translation

    @property
    def is_translation(self) -> bool:
        return self.original_language != self.language


@dataclass(frozen=True)
class Meeting:
    working_group: str
    place: str
    dates: tuple[dt.date, ...]
    agenda_item: int
    agenda_symbol: str


@dataclass(frozen=True)
class Issue:
    date: dt.date
    distribution: str
    symbols: dict[str, tuple[str, ...]]  # document kind -> its symbols (one per working group of a joint document)
    meetings: tuple[Meeting, ...]
    job_numbers: dict[str, str] = field(default_factory=dict)  # document kind -> "V.26-08123" (letter added per language)
    released: dt.date | None = None  # the second date of the job line (release for processing); default: the date
    late_reason: str = ""  # why the document is issued after the deadline before the session (a footnote)

    def job_number(self, kind: str) -> str:
        return self.job_numbers.get(kind, "")


@dataclass(frozen=True)
class ReviewOutcome:
    file: str
    review: Review
    issue: Issue
    documents: dict[str, Content]  # kind -> content
    footnotes: dict[str, str]
    source: SourceMap
    translation_status: str = ""  # "draft", "post-edited", "final" on a translated version

    @property
    def is_draft(self) -> bool:
        return self.translation_status == "draft"

    def text_fields(self) -> list[tuple[str, str]]:
        """(field path, text) of every paragraph, sub-paragraph and footnote, in the file's order
        (the order of ``translate.pipeline.text_fields`` over the same data)."""
        fields = []
        for kind in DOCUMENT_KINDS:
            for section in self.documents[kind].sections:
                for paragraph in section.all_paragraphs():
                    fields.extend(paragraph.texts())
        fields.extend((f"footnotes.{key}", text) for key, text in self.footnotes.items())
        return fields


def build_outcome(loaded: LoadedFile) -> ReviewOutcome:
    """Builds the model from data that has passed the schema check (types are trusted here)."""
    data = loaded.data
    review = data["review"]
    issue = data["issue"]
    return ReviewOutcome(
        file=loaded.file,
        review=Review(
            state=review["state"].strip(),
            reviewing_states=tuple(s.strip() for s in review["reviewing_states"]),
            instruments=tuple(review["instruments"]),
            cluster=review["cluster"],
            year=review["year"],
            language=review["language"],
            party_to_uncac=review["party_to_uncac"],
            mechanism_year=review.get("mechanism_year"),
            original_language=review.get("original_language", review["language"]),
        ),
        issue=Issue(
            date=_date(issue["date"]),
            distribution=issue.get("distribution", "General"),
            symbols={kind: (value,) if isinstance(value, str) else tuple(value)
                     for kind, value in issue["symbols"].items()},
            meetings=tuple(_meeting(m) for m in issue.get("meetings", [])),
            job_numbers=job_numbers(issue.get("job_number")),
            released=_date(issue["released"]) if issue.get("released") else None,
            late_reason=" ".join(issue.get("late_reason", "").split()),
        ),
        documents={kind: _content(kind, data.get(kind) or {}) for kind in DOCUMENT_KINDS},
        footnotes={str(k): v.strip() for k, v in (data.get("footnotes") or {}).items()},
        source=loaded.source,
        translation_status=(data.get("translation") or {}).get("status", ""),
    )


def job_numbers(value: str | dict | None) -> dict[str, str]:
    """Each document has its own job number. One number given for the outcome is the list of
    observations'; its summary takes the next one (V.26-08123 -> V.26-08124), so the allocation is
    reproducible from the file alone. A mapping gives each document's number explicitly."""
    if not value:
        return {}
    if isinstance(value, dict):
        return {kind: str(number) for kind, number in value.items()}
    return {kind: next_job_number(value, offset) for offset, kind in enumerate(DOCUMENT_KINDS)}


def next_job_number(job: str, offset: int = 1) -> str:
    """``V.26-08123`` moved on by ``offset`` within its office and year."""
    prefix, number = job.rsplit("-", 1)
    return f"{prefix}-{int(number) + offset:0{len(number)}d}"


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _meeting(data: dict) -> Meeting:
    return Meeting(
        working_group=data["working_group"].strip(),
        place=data["place"].strip(),
        dates=tuple(_date(d) for d in data["dates"]),
        agenda_item=data["agenda_item"],
        agenda_symbol=data["agenda_symbol"],
    )


def _content(kind: str, data: dict) -> Content:
    sections = []
    for key, value in data.items():
        path = child_path(kind, key)
        if key == "articles":
            sections.append(Section(key, path, articles=_articles(path, value or {})))
        else:
            sections.append(Section(key, path, paragraphs=_paragraphs(path, value or [])))
    return Content(kind, kind, tuple(sections))


def _paragraphs(path: str, items: list) -> tuple[Paragraph, ...]:
    paragraphs = []
    for index, item in enumerate(items):
        item_path = child_path(path, index)
        if isinstance(item, str):
            paragraphs.append(Paragraph(item.strip(), item_path))
        else:
            subs = tuple(s.strip() for s in item.get("subparagraphs", []))
            paragraphs.append(Paragraph(item["text"].strip(), item_path, subs))
    return tuple(paragraphs)


def _articles(path: str, by_instrument: dict) -> tuple[ArticleObservation, ...]:
    articles = []
    for instrument, entries in by_instrument.items():
        instrument_path = child_path(path, instrument)
        for index, entry in enumerate(entries or []):
            entry_path = child_path(instrument_path, index)
            articles.append(ArticleObservation(
                instrument=instrument,
                article=entry["article"],
                paragraphs=_paragraphs(child_path(entry_path, "paragraphs"), entry["paragraphs"]),
                path=entry_path,
            ))
    return tuple(articles)
