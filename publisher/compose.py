"""Compose stage: ReviewOutcome + Blueprint + the language's data -> Document.

All wording that is not the editor's (masthead, titles, headings, the standard introduction,
numbering, dates, typography) is decided here, from the blueprint, the language's boilerplate
(boilerplate/<lang>.yaml) and titles (reference/titles/<lang>.yaml), so that the renderers only
lay out what they are given. The document's language is the language of the outcome's text.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .blueprint import Blueprint, Blueprints
from .boilerplate import Boilerplate, boilerplate
from .document import Document, Footnote, Heading, Masthead, MeetingLine, NumberedParagraph, Origin, Run, SubParagraph
from .markup import Anchor, NoteRef, ParagraphRef, Span, fingerprint, parse_inline
from .model import ArticleObservation, ReviewOutcome
from .model import Paragraph as SourceParagraph
from .reference import InstrumentTitles, Reference, Titles, countries, reference, russian_instrumental, titles
from .reference.languages import language as language_of
from .typography import typesetter

AGENDA_MARKS = ("*", "**", "***", "****", "*****")
# The Official Document System answers every symbol in every language at this address (the QR code
# printed on the first page of UN documents since 2017 points there).
ODS_ADDRESS = "https://undocs.org/{language}/{symbol}"


def _portable_name(file: str) -> str:
    """The outcome's file as the document records it: as given when relative (samples/x.yaml), its
    name alone when absolute, so that the same input gives the same bytes wherever it is built."""
    return Path(file).name if Path(file).is_absolute() else file


def review_identity(outcome: ReviewOutcome) -> str:
    """Which review, in which language: what a document edited elsewhere must match to come back."""
    review = outcome.review
    return fingerprint("|".join((review.state, review.cluster, ",".join(review.instruments), review.language)))


def emblem_file() -> str:
    """The UN emblem is a protected mark: the secretariat supplies its file (SVG or PNG) through
    PUBLISHER_EMBLEM; without it the emblem's place on the first page stays empty."""
    path = os.environ.get("PUBLISHER_EMBLEM")
    return path if path and Path(path).is_file() else ""


def _barcode_payload(job: str) -> str:
    """The job number as the first-page barcode carries it: its digits ("V.26-08123" -> "2608123")."""
    return "".join(ch for ch in job if ch.isdigit())


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
        self.anchors: dict[str, int] = {}  # paragraph names ([#key]) -> numbers
        self.references: list[tuple[int, int, str]] = []  # (block index, citing paragraph, key)

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
            self._heading(1, self.words.heading_label(1, section_number), self._localized(rule.heading),
                          section.path if section else "")
            if rule.kind == "articles":
                self._articles(section.articles if section else ())
            elif has_text:
                for paragraph in section.paragraphs:
                    self._paragraph(paragraph)
            else:
                self._generated_introduction(kind)
        t = self.typeset
        title_mark = AGENDA_MARKS[len(self.outcome.issue.meetings) % len(AGENDA_MARKS)]
        late = self.outcome.issue.late_reason
        return Document(
            kind=kind,
            language=self.language,
            direction=language_of(self.language).direction,
            masthead=self._masthead(kind),
            title=t(self._title(kind)),
            subtitle=t(self.names.clusters[self.outcome.review.cluster].title),
            blocks=self._resolve_references(),
            footnotes=tuple(self.footnotes),
            issue_date=self.outcome.issue.date,
            notice=t(self.words["draft_notice"]) if draft else "",
            title_note=t(self.words["late_note"].format(reason=late.rstrip("."))) + "." if late else "",
            title_mark=title_mark if late else "",
            origin=Origin(_portable_name(self.outcome.file), review_identity(self.outcome),
                          tuple((path, fingerprint(text)) for path, text in self.outcome.text_fields())),
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
            job_line=self._job_line(kind),
            distribution_direction=language_of(block.language).direction,
            job_number=issue.job_number(kind),
            barcode=_barcode_payload(issue.job_number(kind)),
            address=ODS_ADDRESS.format(language=self.language, symbol=issue.symbols[kind][0]),
            recycle=words["recycle"],
            emblem=emblem_file(),
        )

    def _job_line(self, kind: str) -> str:
        """UN job line: the job number with the language letter, the date the text was submitted
        and the date it is released for processing (ddmmyy)."""
        issue = self.outcome.issue
        job = issue.job_number(kind)
        if not job:
            return ""
        dates = (issue.date, issue.released or issue.date)
        return f"{job} ({language_of(self.language).job_letter})    " + "    ".join(d.strftime("%d%m%y") for d in dates)

    def _title(self, kind: str) -> str:
        instruments = [self._instrument_phrase("title_instrument", key) for key in self.outcome.review.instruments]
        return self.words["title"][kind].format(state=self._state(), state_instrumental=self._state_instrumental(),
                                                instruments=self.words.join(instruments))

    def _instrument_phrase(self, template: str, key: str) -> str:
        return self.words[template].format_map(_Forms(self.names.instruments[key]))

    def _state(self, name: str | None = None) -> str:
        name = name or self.outcome.review.state
        country = countries().get(name)
        return country.name_in_text(self.language) if country else name

    def _state_instrumental(self) -> str:
        """The State under review in the Russian instrumental case; a State whose form is not in the
        data is named through the generic noun, its name in the nominative ("государством Кот-д'Ивуар")."""
        if self.language != "ru":
            return self._state()
        country = countries().get(self.outcome.review.state)
        declined = russian_instrumental().get(country.short_name if country else self.outcome.review.state)
        return declined or f"государством {self._state()}"

    # -- body ---------------------------------------------------------------------------------
    def _heading(self, level: int, label: str, text: str, source: str = "") -> None:
        self.blocks.append(Heading(level, label, self.typeset(text), source))

    def _generated_introduction(self, kind: str) -> None:
        review = self.outcome.review
        instruments = [self._instrument_phrase("introduction_instrument", key) for key in review.instruments]
        text = self.words["introduction"][kind].format(
            state=self._state(),
            state_instrumental=self._state_instrumental(),
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
            # The table's order; an article outside the table (an error of validation, still shown
            # in the web app's preview) after them, by number.
            chosen = sorted((a for a in articles if a.instrument == instrument_key),
                            key=lambda a: (a.article not in order, order.index(a.article) if a.article in order
                                           else a.article))
            for observation in chosen:
                title = self.names.articles.get(instrument_key, {}).get(observation.article, "")
                heading = self.words["article_heading"].format(number=observation.article, title=title)
                self._heading(3, "", heading.rstrip(ARTICLE_HEADING_SEPARATORS), observation.path)
                for paragraph in observation.paragraphs:
                    self._paragraph(paragraph)

    def _paragraph(self, source: SourceParagraph) -> None:
        self.paragraph_number += 1
        subparagraphs = tuple(SubParagraph(self.words.subparagraph_label(i), self._runs(text), path)
                              for i, (path, text) in enumerate(source.texts()[1:], start=1))
        self.blocks.append(NumberedParagraph(self.paragraph_number, self.words.paragraph_label(self.paragraph_number),
                                     self._runs(source.text), subparagraphs,
                                     source.text_path))

    def _runs(self, text: str) -> tuple[Run, ...]:
        runs = []
        for part in parse_inline(self.typeset(" ".join(text.split()))):
            if isinstance(part, NoteRef):
                runs.append(self._note(part.key))
            elif isinstance(part, Anchor):
                self.anchors[part.key] = self.paragraph_number
            elif isinstance(part, ParagraphRef):
                self.references.append((len(self.blocks), self.paragraph_number, part.key))
                runs.append(Run(REFERENCE_PLACEHOLDER + part.key))
            elif part.untranslated:
                runs.append(self._untranslated(part))
            else:
                runs.append(Run(part.text, italic=part.italic))
        return tuple(runs)

    def _untranslated(self, part) -> Run:
        """Text a draft left in the source language. In a right-to-left document it is isolated as
        left-to-right (LRI ... PDI), so that its full stop and a following footnote call keep
        their places (Unicode bidirectional algorithm, UAX #9, rule X5a)."""
        source = self.outcome.review.original_language
        text = part.text
        if language_of(self.language).direction == "rtl" and language_of(source).direction == "ltr":
            text = LRI + text + PDI
        return Run(text, italic=part.italic, untranslated=True, language=source)

    def _resolve_references(self) -> tuple:
        """Paragraph references ([@key]) become "see para. 5 above" once every paragraph has its number."""
        blocks = list(self.blocks)
        for index in sorted({i for i, _, _ in self.references}):
            blocks[index] = _replace_runs(blocks[index], self._reference_text)
        return tuple(blocks)

    def _reference_text(self, run: Run, citing: int) -> Run:
        if not run.text.startswith(REFERENCE_PLACEHOLDER):
            return run
        key = run.text[len(REFERENCE_PLACEHOLDER):]
        number = self.anchors.get(key)
        if number is None:  # validation refuses unknown names; a draft keeps the code visible
            return Run(f"[@{key}]", untranslated=True)
        where = "above" if number < citing else "below"
        return Run(self.typeset(self.words["cross_reference"][where].format(number=number)))

    def _note(self, key: str) -> Run:
        if key in self.note_numbers:
            return Run("", note=self.note_numbers[key], first_citation=False)
        number = len(self.note_numbers) + 1
        self.note_numbers[key] = number
        note_text = self.typeset(" ".join(self.outcome.footnotes.get(key, "").split()))
        self.footnotes.append(Footnote(number, tuple(
            Run(p.text, italic=p.italic) for p in parse_inline(note_text) if isinstance(p, Span)), key))
        return Run("", note=number)


REFERENCE_PLACEHOLDER = "\x00ref:"
# What stands between an article's number and its title ("Article 5. ", "المادة 5 - ", "第5条\u3000"):
# left off when the article has no title.
ARTICLE_HEADING_SEPARATORS = " .:-\u3000"
LRI, PDI = "\u2066", "\u2069"


def _replace_runs(block, replace):
    """The block with each run passed through ``replace(run, citing paragraph number)``."""
    if not isinstance(block, NumberedParagraph):
        return block
    number = block.number
    subs = tuple(dataclasses.replace(sub, runs=tuple(replace(r, number) for r in sub.runs))
                 for sub in block.subparagraphs)
    return dataclasses.replace(block, runs=tuple(replace(r, number) for r in block.runs), subparagraphs=subs)


class _Forms(dict):
    """The forms of an instrument's title a template asks for ({title}, {short_title_genitive}...):
    each is looked up when asked, so that a form a language did not define falls back to its base
    form (InstrumentTitles.form)."""

    def __init__(self, names: InstrumentTitles):
        super().__init__()
        self.names = names

    def __missing__(self, key: str) -> str:
        return self.names.form(key)
