"""Findings in place: a document of the preview with the sentences its findings are about marked,
each with what the finding says, its rule and what to do; the findings that are about no
paragraph of the document (the issue data, a missing section) in a box at its top.

A finding names a field (``observations.challenges[1].text``) and, for a phrase (a tone warning,
an undefined footnote), the line and column of the phrase in the file: the sentence holding that
phrase is marked. A finding about the field as a whole marks its whole paragraph. The document
is the one ``publisher render --format html`` makes; the marks exist only in the web app.
"""
from __future__ import annotations

import re
from dataclasses import replace

from markupsafe import Markup, escape

from ..compose import compose
from ..document import Document, Footnote, Heading, NumberedParagraph, Run
from ..findings import Finding, Severity
from ..model import DOCUMENT_KINDS, ReviewOutcome
from ..render import writer
from ..translate.segment import segment_spans

SNIPPET_WORDS = 4  # words of the file at a finding's column that find its phrase in the composed text

# What to do about each rule an editor meets (docs/input-format.md, "What is checked").
ADVICE = {
    "sections.missing": "Write at least one paragraph in this section.",
    "sections.empty-article": "Write the observations on this article, or ask whether it was reviewed.",
    "sections.not-in-blueprint": "Move the text into a section of the blueprint.",
    "words.over-limit": "Shorten the document: the limit is set by the procedures and rules, para. 36.",
    "words.too-long": "Put in the spaces: no line of a page holds a word this long.",
    "coverage.missing-article": "Add observations on this article: every article of the cluster is covered.",
    "coverage.article-outside-cluster": "Remove this article: the cluster does not review it.",
    "coverage.duplicate-article": "Merge the two entries of this article.",
    "footnotes.undefined": "Add the footnote under Footnotes, or correct the marker [^key].",
    "footnotes.unused": "Cite the footnote with [^key] in a paragraph, or remove it.",
    "footnotes.in-footnote": "Write the reference out: a footnote cannot cite a footnote.",
    "references.unknown-name": "Mark the paragraph referred to with [#name], or correct [@name].",
    "references.duplicate-name": "Give each [#name] once.",
    "tone.ranking": "",  # the lexicon's advice is in the message (blueprints/tone.yaml)
    "tone.adversarial": "",
    "tone.model-comparison": "",  # the model's message says what to do
    "tone.model-judging": "",
    "input.text-too-long": "Split the text into paragraphs.",
    "input.bidi-control": "Remove the direction control character pasted with the text.",
    "schema.empty-text": "Write the text, or remove the empty paragraph.",
}


def advice(code: str) -> str:
    return ADVICE[code] if code in ADVICE else "See docs/input-format.md, “What is checked”, for this rule."


def note_of(finding: Finding) -> str:
    return f"{finding.severity.value}: {finding.message} [{finding.code}] {advice(finding.code)}".rstrip()


def marked_html(outcome: ReviewOutcome, findings, kind: str, blueprints) -> bytes:
    """The document as HTML with ``findings`` marked where they are."""
    document = compose(outcome, kind, blueprints)
    document, elsewhere = mark_document(document, outcome, findings)
    html = writer("html").render(document).decode("utf-8")
    if elsewhere:
        html = html.replace("<main>", "<main>" + str(elsewhere_box(elsewhere)), 1)
    return html.encode("utf-8")


def findings_page(findings, title: str) -> bytes:
    """A document that could not be composed: its findings, as a page of its own (no script, its
    one stylesheet inline, as the documents' policy allows)."""
    items = "".join(f"<li class=\"{f.severity.value}\">{escape(f.field or '')} {escape(note_of(f))}</li>"
                    for f in findings)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            "<style>body{font:11pt/1.4 sans-serif;margin:1em}li.error{color:#742a2a}</style></head><body>"
            f"<p>This version cannot be composed into a document yet:</p><ul>{items}</ul></body></html>"
            ).encode("utf-8")


def elsewhere_box(findings) -> Markup:
    severity = "error" if any(f.severity is Severity.ERROR for f in findings) else "warning"
    items = "".join(f"<li>{escape(f.field + ': ' if f.field else '')}{escape(note_of(f))}</li>" for f in findings)
    return Markup(f"<aside class=\"findings-elsewhere {severity}\" lang=\"en\" dir=\"ltr\">"
                  f"<strong>Not at a paragraph of this document:</strong><ul>{items}</ul></aside>")


def mark_document(document: Document, outcome: ReviewOutcome, findings) -> tuple[Document, list[Finding]]:
    """``document`` with each finding about one of its paragraphs, sub-paragraphs or footnotes
    marked there, and the findings of this document (or of no document) that are not."""
    others = tuple(f"{kind}." for kind in DOCUMENT_KINDS if kind != document.kind)
    relevant = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)
                and not f.field.startswith(others)]
    blocks, notes, elsewhere = list(document.blocks), list(document.footnotes), []
    for finding in relevant:
        if not (_mark_in_blocks(blocks, finding, outcome, document.language)
                or _mark_in_notes(notes, finding, outcome, document.language)
                or _mark_at_heading(blocks, finding)):
            elsewhere.append(finding)
    return replace(document, blocks=tuple(blocks), footnotes=tuple(notes)), elsewhere


def _mark_in_blocks(blocks: list, finding: Finding, outcome: ReviewOutcome, language: str) -> bool:
    for index, block in enumerate(blocks):
        if not isinstance(block, NumberedParagraph):
            continue
        if _about(finding.field, block.source):
            blocks[index] = replace(block, runs=_marked(block.runs, finding, outcome, language))
            return True
        for number, sub in enumerate(block.subparagraphs):
            if sub.source and _about(finding.field, sub.source):
                subs = list(block.subparagraphs)
                subs[number] = replace(sub, runs=_marked(sub.runs, finding, outcome, language))
                blocks[index] = replace(block, subparagraphs=tuple(subs))
                return True
    return False


def _mark_at_heading(blocks: list, finding: Finding) -> bool:
    """A finding about a section or an article (one still to be written) marks its heading, the
    innermost one whose field holds the finding's."""
    headings = [(index, block) for index, block in enumerate(blocks) if isinstance(block, Heading) and block.source
                and (finding.field == block.source or finding.field.startswith((block.source + ".", block.source + "[")))]
    if not headings:
        return False
    index, heading = max(headings, key=lambda item: len(item[1].source))
    stronger = "error" if "error" in (heading.flag, finding.severity.value) else finding.severity.value
    note = f"{heading.flag_note} · {note_of(finding)}" if heading.flag_note else note_of(finding)
    blocks[index] = replace(heading, flag=stronger, flag_note=note)
    return True


def _mark_in_notes(notes: list[Footnote], finding: Finding, outcome: ReviewOutcome, language: str) -> bool:
    for index, note in enumerate(notes):
        if note.key and finding.field == f"footnotes.{note.key}":
            notes[index] = replace(note, runs=_marked(note.runs, finding, outcome, language))
            return True
    return False


def _about(field: str, source: str) -> bool:
    """Whether a finding on ``field`` is about the text at ``source`` (a paragraph with
    sub-paragraphs has its own text at ``<path>.text``)."""
    return bool(source) and (field == source or f"{field}.text" == source)


def _marked(runs: tuple[Run, ...], finding: Finding, outcome: ReviewOutcome, language: str) -> tuple[Run, ...]:
    text = "".join("" if r.note is not None else r.text for r in runs)
    start, end = _sentence_at(text, _phrase_offset(text, finding, outcome), language)
    return _flag(runs, start, end, finding.severity.value, note_of(finding))


def _phrase_offset(text: str, finding: Finding, outcome: ReviewOutcome) -> int | None:
    """Where in ``text`` the phrase the finding points at stands, or None for the whole text."""
    source = outcome.source
    where = (finding.line, finding.column)
    if where in (source.values.get(finding.field), source.keys.get(finding.field)) or finding.line < 1 \
            or finding.line > len(source.lines):
        return None
    words = source.lines[finding.line - 1][max(finding.column - 1, 0):].split()[:SNIPPET_WORDS]
    while words:
        pattern = r"\s+".join(_loose(word) for word in words)
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return match.start()
        words = words[:-1]
    return None


def _loose(word: str) -> str:
    """A word as typography may have changed it (straight quotes become curly ones)."""
    return "".join("['’‘\"“”«»]" if c in "'\"" else re.escape(c) for c in word)


def _sentence_at(text: str, offset: int | None, language: str) -> tuple[int, int]:
    if offset is None or not text.strip():
        return 0, len(text)
    for span in segment_spans(text, language):
        if span.start <= offset < span.end:
            return span.start, len(text[:span.end].rstrip())
    return 0, len(text)


def _flag(runs: tuple[Run, ...], start: int, end: int, severity: str, note: str) -> tuple[Run, ...]:
    """``runs`` with the text from ``start`` to ``end`` (offsets in their text, notes not counted)
    flagged, the note on the last run flagged here (a note of an earlier mark stays at its end)."""
    made: list[Run] = []
    position, last = 0, None
    for run in runs:
        if run.note is not None:
            made.append(run)
            continue
        run_start, run_end = position, position + len(run.text)
        position = run_end
        cut_from, cut_to = max(start, run_start) - run_start, min(end, run_end) - run_start
        if cut_from >= cut_to:
            made.append(run)
            continue
        if cut_from > 0:
            made.append(replace(run, text=run.text[:cut_from], flag_note=""))
        stronger = "error" if "error" in (run.flag, severity) else severity
        ends_run = cut_to == len(run.text)
        made.append(replace(run, text=run.text[cut_from:cut_to], flag=stronger,
                            flag_note=run.flag_note if ends_run else ""))
        last = len(made) - 1
        if not ends_run:
            made.append(replace(run, text=run.text[cut_to:]))
    if last is not None:
        existing = made[last].flag_note
        made[last] = replace(made[last], flag_note=f"{existing} · {note}" if existing else note)
    return tuple(made)
