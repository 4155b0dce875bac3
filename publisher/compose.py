"""Compose stage: ReviewOutcome + Blueprint + the language's data -> Document.

All wording that is not the editor's (masthead, titles, headings, the standard introduction,
numbering, dates, typography) is decided here, from the blueprint, the language's boilerplate
(boilerplate/<lang>.yaml) and titles (reference/titles/<lang>.yaml), so that the renderers only
lay out what they are given. The document's language is the language of the outcome's text.
"""
from __future__ import annotations

from .blueprint import Blueprint, Blueprints
from .boilerplate import Boilerplate, boilerplate
from .document import Document, Footnote, Heading, Masthead, MeetingLine, Paragraph, Run, SubParagraph
from .markup import NoteRef, parse_inline
from .model import ArticleObservation, ReviewOutcome
from .model import Paragraph as SourceParagraph
from .reference import Reference, Titles, countries, reference, titles
from .typography import typesetter

AGENDA_MARKS = ("*", "**", "***", "****", "*****")


def compose(outcome: ReviewOutcome, kind: str, blueprints: Blueprints, ref: Reference | None = None,
            draft: bool = False) -> Document:
    """The document of one kind ("observations" or "summary"). A draft machine translation (or
    ``draft=True``) carries the draft notice in its own language."""
    language = outcome.review.language
    composer = _Composer(outcome, blueprints.documents[kind], boilerplate(language), titles(language),
                         ref or reference())
    return composer.document(draft or outcome.is_draft)


class _Composer:
    def __init__(self, outcome: ReviewOutcome, blueprint: Blueprint, words: Boilerplate, names: Titles,
                 ref: Reference):
        self.outcome = outcome
        self.blueprint = blueprint
        self.words = words
        self.names = names
        self.ref = ref
        self.language = words.language
        self.typeset = typesetter(self.language)
        self.blocks: list = []
        self.footnotes: list[Footnote] = []
        self.note_numbers: dict[str, int] = {}
        self.paragraph_number = 0

    # -- the whole document -------------------------------------------------------------------
    def document(self, draft: bool) -> Document:
        kind = self.blueprint.document
        content = self.outcome.documents[kind]
        section_number = 0
        for rule in self.blueprint.sections:
            section = content.section(rule.key)
            has_text = section is not None and (section.paragraphs or section.articles)
            if not has_text and not rule.generated:
                continue
            section_number += 1
            self._heading(1, self.words.heading_label(1, section_number), self._localized(rule.heading))
            if rule.kind == "articles":
                self._articles(section.articles if section else ())
            elif has_text:
                for paragraph in section.paragraphs:
                    self._paragraph(paragraph)
            else:
                self._generated_introduction(kind)
        t = self.typeset
        return Document(
            kind=kind,
            language=self.language,
            direction=self.words["direction"],
            masthead=self._masthead(kind),
            title=t(self._title(kind)),
            subtitle=t(self.names.clusters[self.outcome.review.cluster].title),
            blocks=tuple(self.blocks),
            footnotes=tuple(self.footnotes),
            issue_date=self.outcome.issue.date,
            notice=t(self.words["draft_notice"]) if draft else "",
        )

    def _localized(self, texts: dict[str, str]) -> str:
        return texts.get(self.language) or texts["en"]

    # -- masthead and title -------------------------------------------------------------------
    def _masthead(self, kind: str) -> Masthead:
        issue = self.outcome.issue
        words, t = self.words, self.typeset
        meetings = tuple(
            MeetingLine(
                working_group=t(words.localized("working_groups", m.working_group)),
                session=t(words["session"].format(place=words.localized("places", m.place),
                                                  dates=words.date_range(m.dates))),
                agenda_item=t(words["agenda_item"].format(number=m.agenda_item)),
                agenda_title=t(words["agenda_title"]),
                agenda_mark=AGENDA_MARKS[index % len(AGENDA_MARKS)],
                agenda_symbol=m.agenda_symbol,
            )
            for index, m in enumerate(issue.meetings)
        )
        # UN Arabic, Chinese and Russian documents keep the distribution block in English.
        block = boilerplate("en") if words["masthead_in_english"] else words
        distribution = block["distribution_values"][issue.distribution]
        original = block["language_names"][self.outcome.review.original_language]
        review = self.outcome.review
        return Masthead(
            organization=t(words["organization"]),
            symbols=issue.symbols[kind],
            distribution=t(block["distribution"].format(distribution=distribution)),
            date=t(block.date(issue.date)),
            language_line=words["masthead_language"] if review.is_translation else "",
            original=t(block["original"].format(language=original)),
            body=t(words["body"]),
            meetings=meetings,
            job_line=self._job_line(),
            distribution_direction=block["direction"],
        )

    def _job_line(self) -> str:
        job = self.outcome.issue.job_number
        if not job:
            return ""
        stamp = self.outcome.issue.date.strftime("%d%m%y")
        return f"{job} ({self.words['job_letter']})    {stamp}"

    def _title(self, kind: str) -> str:
        instruments = [self._instrument_phrase("title_instrument", key) for key in self.outcome.review.instruments]
        return self.words["title"][kind].format(state=self._state(), instruments=self.words.join(instruments))

    def _instrument_phrase(self, template: str, key: str) -> str:
        names = self.names.instruments[key]
        forms = {"title": names.title, "short_title": names.short_title, **names.forms}
        return self.words[template].format_map(_Forms(forms, names))

    def _state(self, name: str | None = None) -> str:
        name = name or self.outcome.review.state
        country = countries().get(name)
        return country.name_in_text(self.language) if country else name

    # -- body ---------------------------------------------------------------------------------
    def _heading(self, level: int, label: str, text: str) -> None:
        self.blocks.append(Heading(level, label, self.typeset(text)))

    def _generated_introduction(self, kind: str) -> None:
        review = self.outcome.review
        instruments = [self._instrument_phrase("introduction_instrument", key) for key in review.instruments]
        text = self.words["introduction"][kind].format(
            state=self._state(),
            instruments=self.words.join(instruments),
            cluster=self.names.clusters[review.cluster].in_text,
            reviewers=self.words.join([self._state(s) for s in review.reviewing_states]),
        )
        self._paragraph(SourceParagraph(" ".join(text.split()), path=""))

    def _articles(self, articles: tuple[ArticleObservation, ...]) -> None:
        review = self.outcome.review
        for index, instrument_key in enumerate(review.instruments, start=1):
            self._heading(2, self.words.heading_label(2, index), self.names.instruments[instrument_key].title)
            order = self.ref.clusters[review.cluster].articles.get(instrument_key, ())
            chosen = sorted((a for a in articles if a.instrument == instrument_key),
                            key=lambda a: order.index(a.article) if a.article in order else a.article)
            for observation in chosen:
                title = self.names.articles.get(instrument_key, {}).get(observation.article, "")
                heading = self.words["article_heading"].format(number=observation.article, title=title)
                self._heading(3, "", heading.rstrip(". :"))
                for paragraph in observation.paragraphs:
                    self._paragraph(paragraph)

    def _paragraph(self, source: SourceParagraph) -> None:
        self.paragraph_number += 1
        subparagraphs = tuple(SubParagraph(self.words.subparagraph_label(i), self._runs(text))
                              for i, text in enumerate(source.subparagraphs, start=1))
        self.blocks.append(Paragraph(self.paragraph_number, self.words.paragraph_label(self.paragraph_number),
                                     self._runs(source.text), subparagraphs))

    def _runs(self, text: str) -> tuple[Run, ...]:
        runs = []
        for part in parse_inline(self.typeset(" ".join(text.split()))):
            if isinstance(part, NoteRef):
                runs.append(self._note(part.key))
            else:
                runs.append(Run(part.text, italic=part.italic, untranslated=part.untranslated,
                                language=self.outcome.review.original_language if part.untranslated else ""))
        return tuple(runs)

    def _note(self, key: str) -> Run:
        if key in self.note_numbers:
            return Run("", note=self.note_numbers[key], first_citation=False)
        number = len(self.note_numbers) + 1
        self.note_numbers[key] = number
        note_text = self.typeset(" ".join(self.outcome.footnotes.get(key, "").split()))
        self.footnotes.append(Footnote(number, tuple(
            Run(p.text, italic=p.italic) for p in parse_inline(note_text) if not isinstance(p, NoteRef))))
        return Run("", note=number)


class _Forms(dict):
    """Template forms of an instrument's title; a form a language did not define falls back."""

    def __init__(self, forms: dict[str, str], names):
        super().__init__(forms)
        self.names = names

    def __missing__(self, key: str) -> str:
        return self.names.form(key)
