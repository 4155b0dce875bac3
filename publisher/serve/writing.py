"""The outcome editor's page model: the sections of each document as the blueprints order them,
the articles under review per instrument, the coverage checklist, the word counts, and where on
the page each finding belongs.

Places on the page are field paths, but an article is named by its number rather than by its
index in the file (``observations.articles.convention@5.paragraphs[0]``): an article the editor
writes for the first time is added at the end of its instrument's list, and the page must not
care where.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..blueprint import Blueprints
from ..findings import Finding
from ..model import DOCUMENT_KINDS, ReviewOutcome
from ..reference import Reference, titles
from ..validate.words import document_words
from .marks import advice


@dataclass(frozen=True)
class ArticleBox:
    instrument: str
    article: int
    title: str
    paragraphs: tuple
    under_review: bool  # False: in the file, but not reviewed in this cluster (validation says so)

    @property
    def place(self) -> str:
        return f"articles.{self.instrument}@{self.article}"


@dataclass(frozen=True)
class SectionBox:
    key: str
    heading: str
    guidance: str
    required: bool
    paragraphs: tuple = ()
    articles: tuple[ArticleBox, ...] = ()
    instruments: tuple[tuple[str, str], ...] = ()  # (key, title) of the instruments, for the articles
    is_articles: bool = False


@dataclass(frozen=True)
class DocumentBox:
    kind: str
    title: str
    word_limit: int | None
    sections: tuple[SectionBox, ...]


def page_documents(content: dict, review: dict, blueprints: Blueprints, ref: Reference) -> list[DocumentBox]:
    """Every section of both documents, in the blueprints' order, with the content's texts."""
    language = review.get("language", "en")
    documents = []
    for kind in DOCUMENT_KINDS:
        blueprint = blueprints.documents[kind]
        given = content.get(kind, {})
        boxes = []
        for rule in blueprint.sections:
            heading = rule.heading.get(language) or rule.heading["en"]
            if rule.kind == "articles":
                articles = article_boxes(given.get(rule.key) or {}, review, ref)
                instruments = tuple((i, _instrument_title(i, language)) for i in review.get("instruments", ()))
                boxes.append(SectionBox(rule.key, heading, rule.guidance, rule.required, articles=articles,
                                        instruments=instruments, is_articles=True))
            else:
                boxes.append(SectionBox(rule.key, heading, rule.guidance, rule.required,
                                        tuple(given.get(rule.key) or ())))
        for key, value in given.items():  # sections the blueprint does not know: shown, so they can be emptied
            if blueprint.section(key) is None and isinstance(value, list):
                boxes.append(SectionBox(key, key, "Not a section of the blueprint.", False, tuple(value)))
        documents.append(DocumentBox(kind, blueprint.title.get("en", kind), blueprint.word_limit, tuple(boxes)))
    return documents


def article_boxes(given: dict, review: dict, ref: Reference) -> tuple[ArticleBox, ...]:
    """Each article under review for each instrument (the file's paragraphs, or none yet), then
    the file's other articles."""
    language = review.get("language", "en")
    names, english = titles(language), titles("en")
    boxes = []
    for instrument in review.get("instruments", ()):
        written = {e["article"]: e["paragraphs"] for e in given.get(instrument, ()) if isinstance(e, dict)}
        reviewed = _under_review(review, instrument, ref)
        for article in (*reviewed, *(a for a in written if a not in reviewed)):
            title = (names.articles.get(instrument, {}).get(article)
                     or english.articles.get(instrument, {}).get(article, ""))
            boxes.append(ArticleBox(instrument, article, title, tuple(written.get(article, ())), article in reviewed))
    return tuple(boxes)


def _under_review(review: dict, instrument: str, ref: Reference) -> tuple[int, ...]:
    cluster = review.get("cluster")
    if cluster not in ref.clusters or instrument not in ref.instruments:
        return ()
    return ref.articles_under_review(cluster, instrument, bool(review.get("party_to_uncac", True)))


def _instrument_title(instrument: str, language: str) -> str:
    names = titles(language).instruments.get(instrument) or titles("en").instruments.get(instrument)
    return names.title if names else instrument


def coverage(content: dict, review: dict, ref: Reference) -> list[dict]:
    """The checklist: each article under review, per instrument, and whether it has a paragraph."""
    given = content.get("observations", {}).get("articles") or {}
    return [{"instrument": box.instrument, "article": box.article, "title": box.title,
             "written": any(_has_text(p) for p in box.paragraphs), "place": f"observations.{box.place}"}
            for box in article_boxes(given, review, ref) if box.under_review]


def _has_text(paragraph) -> bool:
    return bool(paragraph.strip()) if isinstance(paragraph, str) else bool(paragraph.get("text", "").strip())


def word_counts(outcome: ReviewOutcome | None, blueprints: Blueprints) -> dict:
    if outcome is None:
        return {}
    return {kind: {"words": document_words(outcome, content), "limit": blueprints.documents[kind].word_limit}
            for kind, content in outcome.documents.items() if kind in blueprints.documents}


_ARTICLE_INDEX = re.compile(r"^(observations\.articles\.[\w-]+)\[(\d+)\]")


def place_of(field: str, data: dict) -> str:
    """The page's name for a finding's field (an article by its number, not its index)."""
    match = _ARTICLE_INDEX.match(field)
    if not match:
        return field
    instrument = match.group(1).rsplit(".", 1)[1]
    try:
        article = data["observations"]["articles"][instrument][int(match.group(2))]["article"]
    except (KeyError, IndexError, TypeError):
        return field
    return f"{match.group(1)}@{article}{field[match.end():]}"


def finding_json(finding: Finding, data: dict) -> dict:
    return {"field": finding.field, "place": place_of(finding.field, data), "line": finding.line,
            "severity": finding.severity.value, "code": finding.code, "message": finding.message,
            "advice": advice(finding.code)}
