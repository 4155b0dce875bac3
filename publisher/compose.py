"""Compose stage: ReviewOutcome + Blueprint + language -> Document.

All wording that is not the editor's (masthead, titles, headings, the standard introduction,
numbering, dates) is decided here, from the blueprint and the language's boilerplate, so that the
renderers only lay out what they are given.
"""
from __future__ import annotations

from .blueprint import Blueprint, Blueprints
from .boilerplate import Boilerplate, boilerplate, letter, roman
from .document import Document, Footnote, Heading, Masthead, MeetingLine, Paragraph, Run, SubParagraph
from .markup import NoteRef, parse_inline
from .model import ArticleObservation, ReviewOutcome
from .model import Paragraph as SourceParagraph
from .reference import Reference, countries, reference

AGENDA_MARKS = ("*", "**", "***", "****", "*****")


def compose(outcome: ReviewOutcome, kind: str, blueprints: Blueprints, language: str | None = None,
            ref: Reference | None = None) -> Document:
    language = language or outcome.review.language
    return _Composer(outcome, blueprints.documents[kind], boilerplate(language), ref or reference()).document()


class _Composer:
    def __init__(self, outcome: ReviewOutcome, blueprint: Blueprint, words: Boilerplate, ref: Reference):
        self.outcome = outcome
        self.blueprint = blueprint
        self.words = words
        self.ref = ref
        self.language = words.language
        self.blocks: list = []
        self.footnotes: list[Footnote] = []
        self.note_numbers: dict[str, int] = {}
        self.paragraph_number = 0

    # -- the whole document -------------------------------------------------------------------
    def document(self) -> Document:
        kind = self.blueprint.document
        content = self.outcome.documents[kind]
        section_number = 0
        for rule in self.blueprint.sections:
            section = content.section(rule.key)
            has_text = section is not None and (section.paragraphs or section.articles)
            if not has_text and not rule.generated:
                continue
            section_number += 1
            self.blocks.append(Heading(1, f"{roman(section_number)}.", self._localized(rule.heading)))
            if rule.kind == "articles":
                self._articles(section.articles if section else ())
            elif has_text:
                for paragraph in section.paragraphs:
                    self._paragraph(paragraph)
            else:
                self._generated_introduction(kind)
        return Document(
            kind=kind,
            language=self.language,
            direction=self.words["direction"],
            masthead=self._masthead(kind),
            title=self._title(kind),
            subtitle=self.ref.clusters[self.outcome.review.cluster].title,
            blocks=tuple(self.blocks),
            footnotes=tuple(self.footnotes),
            issue_date=self.outcome.issue.date,
        )

    def _localized(self, texts: dict[str, str]) -> str:
        return texts.get(self.language) or texts["en"]

    # -- masthead and title -------------------------------------------------------------------
    def _masthead(self, kind: str) -> Masthead:
        issue = self.outcome.issue
        words = self.words
        meetings = tuple(
            MeetingLine(
                working_group=m.working_group,
                session=words["session"].format(place=m.place, dates=words.date_range(m.dates)),
                agenda_item=words["agenda_item"].format(number=m.agenda_item),
                agenda_title=words["agenda_title"],
                agenda_mark=AGENDA_MARKS[index % len(AGENDA_MARKS)],
                agenda_symbol=m.agenda_symbol,
            )
            for index, m in enumerate(issue.meetings)
        )
        return Masthead(
            organization=words["organization"],
            symbols=(issue.symbols[kind],),
            distribution=words["distribution"].format(distribution=words["distribution_values"][issue.distribution]),
            date=words.date(issue.date),
            original=words["original"].format(language=words["language_names"][self.outcome.review.language]),
            body=words["body"],
            meetings=meetings,
        )

    def _title(self, kind: str) -> str:
        short_titles = [f"the {self.ref.instruments[i].short_title}" for i in self.outcome.review.instruments]
        return self.words["title"][kind].format(state=self._state(), instruments=self.words.join(short_titles))

    def _state(self, name: str | None = None) -> str:
        name = name or self.outcome.review.state
        country = countries().get(name)
        return country.running_text_name if country else name

    # -- body ---------------------------------------------------------------------------------
    def _generated_introduction(self, kind: str) -> None:
        review = self.outcome.review
        instruments = [
            self.words["instrument_with_short_title"].format(title=self.ref.instruments[i].title,
                                                             short_title=self.ref.instruments[i].short_title)
            for i in review.instruments
        ]
        text = self.words["introduction"][kind].format(
            state=self._state(),
            instruments=self.words.join(instruments),
            cluster=self.ref.clusters[review.cluster].title.lower(),
            reviewers=self.words.join([self._state(s) for s in review.reviewing_states]),
        )
        self._paragraph(SourceParagraph(" ".join(text.split()), path=""))

    def _articles(self, articles: tuple[ArticleObservation, ...]) -> None:
        review = self.outcome.review
        for index, instrument_key in enumerate(review.instruments, start=1):
            instrument = self.ref.instruments[instrument_key]
            self.blocks.append(Heading(2, f"{letter(index).upper()}.", instrument.title))
            order = self.ref.clusters[review.cluster].articles.get(instrument_key, ())
            chosen = sorted((a for a in articles if a.instrument == instrument_key),
                            key=lambda a: order.index(a.article) if a.article in order else a.article)
            for observation in chosen:
                title = instrument.article_titles.get(observation.article, "")
                heading = self.words["article_heading"].format(number=observation.article, title=title)
                self.blocks.append(Heading(3, "", heading.rstrip(". ")))
                for paragraph in observation.paragraphs:
                    self._paragraph(paragraph)

    def _paragraph(self, source: SourceParagraph) -> None:
        self.paragraph_number += 1
        subparagraphs = tuple(SubParagraph(f"({letter(i)})", self._runs(text))
                              for i, text in enumerate(source.subparagraphs, start=1))
        self.blocks.append(Paragraph(self.paragraph_number, self._runs(source.text), subparagraphs))

    def _runs(self, text: str) -> tuple[Run, ...]:
        runs = []
        for part in parse_inline(" ".join(text.split())):
            if isinstance(part, NoteRef):
                runs.append(self._note(part.key))
            else:
                runs.append(Run(part.text, italic=part.italic))
        return tuple(runs)

    def _note(self, key: str) -> Run:
        if key in self.note_numbers:
            return Run("", note=self.note_numbers[key], first_citation=False)
        number = len(self.note_numbers) + 1
        self.note_numbers[key] = number
        note_text = self.outcome.footnotes.get(key, "")
        self.footnotes.append(Footnote(number, tuple(
            Run(p.text, italic=p.italic) for p in parse_inline(" ".join(note_text.split()))
            if not isinstance(p, NoteRef))))
        return Run("", note=number)
