"""Plain-text writer: the document's content in reading order, for quick review and golden tests.

Footnote markers are written as [1]; notes follow the body. Reproducible by design.
"""
from __future__ import annotations

from ..document import Document, Heading, Run


class TextWriter:
    name = "txt"
    extension = ".txt"
    media_type = "text/plain; charset=utf-8"

    def render(self, document: Document) -> bytes:
        return "\n".join(document_lines(document)).encode("utf-8") + b"\n"


def document_lines(document: Document) -> list[str]:
    masthead = document.masthead
    lines = [masthead.organization, *masthead.symbols, masthead.distribution, masthead.date,
             *([masthead.language_line] if masthead.language_line else []), masthead.original, masthead.body]
    for meeting in masthead.meetings:
        lines += [meeting.working_group, meeting.session, f"{meeting.agenda_item}{meeting.agenda_mark}",
                  meeting.agenda_title]
    lines += ["", document.title, document.subtitle]
    if document.notice:
        lines += ["", document.notice]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += ["", f"{block.label} {block.text}".strip()]
        else:
            lines.append(f"{block.label} {_runs(block.runs)}")
            lines += [f"    {sub.label} {_runs(sub.runs)}" for sub in block.subparagraphs]
    if masthead.meetings or document.footnotes:
        lines.append("")
    lines += [f"{m.agenda_mark} {m.agenda_symbol}." for m in masthead.meetings]
    lines += [f"[{note.number}] {_runs(note.runs)}" for note in document.footnotes]
    if masthead.job_line:
        lines += ["", masthead.job_line]
    return lines


def _runs(runs: tuple[Run, ...]) -> str:
    return "".join(f"[{r.note}]" if r.note is not None else f"[[{r.text}]]" if r.untranslated else r.text
                   for r in runs)
