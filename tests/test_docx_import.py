"""Word round trip: a rendered DOCX, edited in Word (python-docx here) or LibreOffice, comes back
into the outcome it was rendered from — and nothing else does."""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.errors import PublisherError
from publisher.load import load_file
from publisher.model import build_outcome
from publisher.postedit.docx_import import import_docx
from publisher.render import writer
from publisher.validate import validate_file

from .conftest import GHANA, MONGOLIA, SAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE_FILES = sorted(p for p in SAMPLES.glob("*.yaml") if p.name != "session.yaml")


def rendered_docx(outcome: Path, kind: str, folder: Path) -> Path:
    document = compose(build_outcome(load_file(outcome)), kind, load_blueprints())
    path = folder / f"{outcome.stem}-{kind}.docx"
    path.write_bytes(writer("docx").render(document))
    return path


def body(word) -> list[Paragraph]:
    return [p for p in word.paragraphs if p.style.name == "SingleTxt"]


def replace_in(paragraph: Paragraph, old: str, new: str) -> None:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} is in no single run of {paragraph.text!r}")


def copy_outcome(tmp_path: Path, source: Path = MONGOLIA) -> Path:
    target = tmp_path / source.name
    target.write_bytes(source.read_bytes())
    return target


# -- the round trip --------------------------------------------------------------------------------
@pytest.mark.parametrize("outcome", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_rendered_docx_comes_back_as_the_same_outcome(outcome, tmp_path):
    before = outcome.read_bytes()
    for kind in ("observations", "summary"):
        result = import_docx(rendered_docx(outcome, kind, tmp_path), outcome_path=outcome)
        assert result.changes == [] and not result.written, [c.field for c in result.changes]
    assert outcome.read_bytes() == before


def test_an_edit_made_with_python_docx_comes_back_and_the_rest_of_the_file_stays_as_written(tmp_path):
    outcome = copy_outcome(tmp_path)
    original = outcome.read_text(encoding="utf-8")
    path = rendered_docx(outcome, "observations", tmp_path)
    word = docx.Document(str(path))
    paragraphs = body(word)
    replace_in(next(p for p in paragraphs if "inter-agency working group" in p.text),
                "inter-agency working group", "joint inter-agency task force")
    gone = next(p for p in paragraphs if "detailed statistics" in p.text)
    gone._p.getparent().remove(gone._p)
    word.save(str(path))

    result = import_docx(path)
    assert result.written and result.output == outcome
    assert {c.field for c in result.changes} == {"observations.successes_and_good_practices[1]",
                                                  "observations.successes_and_good_practices[2]"}
    text = outcome.read_text(encoding="utf-8")
    assert "joint inter-agency task force" in " ".join(text.split())
    assert "detailed statistics" not in text
    assert "# FICTIONAL SAMPLE" in text  # comments stay
    changed = [line for line in text.splitlines() if line not in original.splitlines()]
    assert len(changed) <= 4, changed  # the edited paragraph only
    findings, _ = validate_file(outcome)
    assert not [f for f in findings if f.severity.value == "error"]


def test_paragraphs_and_subparagraphs_added_in_word_are_inserted_where_they_stand(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    word = docx.Document(str(path))
    anchor = next(p for p in body(word) if "serious crime" in p.text and "threshold" in p.text)
    added = _added_after(anchor, "Practitioners also noted delays in obtaining bank records.")
    sub_anchor = next(p for p in body(word) if "limited number of cases brought to trial" in p.text)
    _added_after(sub_anchor, "the absence of a victim protection programme.", indented=True)
    italic = added.add_run(" See *inter alia* the report.")
    italic.text = " Recorded"
    word.save(str(path))

    import_docx(path)
    data = load_file(outcome).data
    challenges = data["observations"]["challenges"]
    assert challenges[1] == "Practitioners also noted delays in obtaining bank records. Recorded"
    assert challenges[3]["subparagraphs"][-1] == "the absence of a victim protection programme."


def _added_after(anchor: Paragraph, text: str, indented: bool = False) -> Paragraph:
    """A paragraph typed after ``anchor`` in Word: same style, no bookmark (Word does not copy it)."""
    new = copy.deepcopy(anchor._p)
    for element in [*new.iter(f"{W}bookmarkStart"), *new.iter(f"{W}bookmarkEnd"), *new.iter(f"{W}r")]:
        element.getparent().remove(element)
    anchor._p.addnext(new)
    paragraph = Paragraph(new, anchor._parent)
    label = "(z)" if indented else "9."
    paragraph.add_run(f"{label}\t{text}")
    return paragraph


def test_italics_come_back_as_markup(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    word = docx.Document(str(path))
    paragraph = next(p for p in body(word) if "Practitioners reported difficulties" in p.text)
    paragraph.add_run(" This applies ")
    paragraph.add_run("mutatis mutandis").italic = True
    paragraph.add_run(".")
    word.save(str(path))
    import_docx(path)
    text = load_file(outcome).data["observations"]["challenges"][1]
    assert text.endswith("This applies *mutatis mutandis*.")


def test_a_footnote_edited_in_word_comes_back_under_its_key(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    _edit_part(path, "word/footnotes.xml", lambda xml: xml.replace(b"fictional citation for this sample",
                                                                    b"fictional citation, as amended"))
    result = import_docx(path)
    assert [c.field for c in result.changes] == ["footnotes.code"]
    assert "fictional citation, as amended" in load_file(outcome).data["footnotes"]["code"]


def _edit_part(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for part, data in parts.items():
            package.writestr(part, data)


def test_a_language_version_comes_back_into_itself(tmp_path):
    outcome = copy_outcome(tmp_path, SAMPLES / "mongolia-criminalization.fr.yaml")
    path = rendered_docx(outcome, "summary", tmp_path)
    word = docx.Document(str(path))
    first = body(word)[1]
    first.add_run(" Phrase ajoutée par le réviseur.")
    word.save(str(path))
    result = import_docx(path)
    assert result.output == outcome and len(result.changes) == 1
    assert "Phrase ajoutée par le réviseur." in outcome.read_text(encoding="utf-8")


# -- LibreOffice -------------------------------------------------------------------------------------
SOFFICE = shutil.which("soffice")


def edited_in_libreoffice(path: Path, folder: Path, edit) -> Path:
    """The DOCX opened in LibreOffice (as ODT), its content.xml changed by ``edit``, saved as DOCX again."""
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "odt", "--outdir", str(folder / "odt"),
                    str(path)], check=True, capture_output=True, timeout=300)
    odt = folder / "odt" / f"{path.stem}.odt"
    _edit_part(odt, "content.xml", edit)
    subprocess.run([SOFFICE, profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(folder / "saved"), str(odt)], check=True, capture_output=True, timeout=300)
    return folder / "saved" / f"{path.stem}.docx"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (Debian package libreoffice-writer-nogui)")
def test_an_edit_saved_by_libreoffice_comes_back(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    saved = edited_in_libreoffice(path, tmp_path, lambda xml: xml.replace(b"inter-agency working group",
                                                                         b"joint inter-agency task force"))
    result = import_docx(saved, outcome_path=outcome)
    assert [c.field for c in result.changes] == ["observations.successes_and_good_practices[1]"]
    assert "joint inter-agency task force" in " ".join(outcome.read_text(encoding="utf-8").split())


# -- tracked changes and comments ---------------------------------------------------------------------
def _with_tracked_changes(path: Path) -> None:
    word = docx.Document(str(path))
    paragraph = next(p for p in body(word) if "Practitioners reported difficulties" in p.text)
    inserted = paragraph.add_run(" Courts agree.")
    wrapper = copy.deepcopy(inserted._r)
    ins = paragraph._p.makeelement(f"{W}ins", {f"{W}id": "901", f"{W}author": "Reviewer",
                                               f"{W}date": "2026-11-28T10:00:00Z"})
    ins.append(wrapper)
    inserted._r.addprevious(ins)
    paragraph._p.remove(inserted._r)
    deleted_run = next(r for r in paragraph.runs if "financial" in r.text)
    text = deleted_run.text
    before, after = text.split("financial or other ", 1)
    deleted_run.text = before
    deletion = paragraph._p.makeelement(f"{W}del", {f"{W}id": "902", f"{W}author": "Reviewer",
                                                    f"{W}date": "2026-11-28T10:00:00Z"})
    gone = copy.deepcopy(deleted_run._r)
    for t in gone.iter(f"{W}t"):
        t.tag = f"{W}delText"
        t.text = "financial or other "
    deletion.append(gone)
    deleted_run._r.addnext(deletion)
    rest = copy.deepcopy(deleted_run._r)
    for t in rest.iter(f"{W}t"):
        t.text = after
    deletion.addnext(rest)
    word.save(str(path))


def test_tracked_changes_are_refused_with_each_listed(tmp_path):
    outcome = copy_outcome(tmp_path)
    before = outcome.read_bytes()
    path = rendered_docx(outcome, "observations", tmp_path)
    _with_tracked_changes(path)
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    messages = [f.message for f in refused.value.findings]
    assert all(f.code == "docx.tracked-changes" for f in refused.value.findings)
    assert any("inserted “ Courts agree.”" in m for m in messages)
    assert any("deleted “financial or other ”" in m for m in messages)
    assert outcome.read_bytes() == before


def test_tracked_changes_are_applied_when_accepted_and_counted(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    _with_tracked_changes(path)
    result = import_docx(path, accept_changes=True)
    assert result.accepted_changes == 2
    text = load_file(outcome).data["observations"]["challenges"][1]
    assert text.endswith("Courts agree.") and "financial or other" not in text and "material benefit" in text


def test_comments_are_listed_with_the_field_they_concern_and_not_imported(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    word = docx.Document(str(path))
    paragraph = next(p for p in body(word) if "Practitioners reported difficulties" in p.text)
    word.add_comment(paragraph.runs[-1], text="Please cite the case law.", author="Chile")
    word.save(str(path))
    result = import_docx(path)
    assert result.comments == ["observations.challenges[1]: Chile: Please cite the case law."]
    assert result.changes == []


# -- safety --------------------------------------------------------------------------------------------
def test_a_docx_names_its_outcome_portably_and_is_found_beside_it_or_given(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "summary", tmp_path)
    assert docx.Document(str(path)).core_properties.identifier.startswith("CTOC/COP/WG.3/2026/7")
    with zipfile.ZipFile(path) as package:
        custom = package.read("docProps/custom.xml").decode("utf-8")
    assert f">{outcome.name}<" in custom and str(tmp_path) not in custom  # the same bytes wherever built
    assert import_docx(path).outcome == outcome  # found beside the DOCX
    elsewhere = tmp_path / "sent" / path.name
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(path.read_bytes())
    with pytest.raises(PublisherError) as refused:
        import_docx(elsewhere)
    assert refused.value.findings[0].code == "docx.no-origin"
    assert import_docx(elsewhere, outcome_path=outcome).outcome == outcome


def test_a_docx_whose_document_property_was_removed_is_refused_and_the_outcome_kept(tmp_path):
    outcome = copy_outcome(tmp_path)
    before = outcome.read_bytes()
    path = rendered_docx(outcome, "observations", tmp_path)
    word = docx.Document(str(path))
    paragraph = next(p for p in body(word) if "Practitioners reported difficulties" in p.text)
    paragraph.runs[-1].text += " An edit that must not be lost silently."
    word.save(str(path))
    with zipfile.ZipFile(path) as package:
        members = {info: package.read(info) for info in package.infolist()}
    with zipfile.ZipFile(path, "w") as package:
        for info, data in members.items():
            if info.filename == "docProps/custom.xml":
                data = re.sub(rb'<property [^>]*name="publisher.document">.*?</property>', b"", data)
            package.writestr(info, data)
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    assert [(f.field, f.code) for f in refused.value.findings] == [("publisher.document", "docx.no-origin")]
    assert outcome.read_bytes() == before


def test_a_docx_of_another_review_is_refused(tmp_path):
    outcome = copy_outcome(tmp_path)
    before = outcome.read_bytes()
    path = rendered_docx(GHANA, "observations", tmp_path)
    with pytest.raises(PublisherError) as refused:
        import_docx(path, outcome_path=outcome)
    assert [f.code for f in refused.value.findings] == ["docx.other-outcome"]
    assert outcome.read_bytes() == before


def test_the_same_paragraph_changed_in_the_file_and_in_word_is_a_conflict_and_nothing_is_written(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    outcome.write_text(outcome.read_text(encoding="utf-8").replace("Practitioners reported difficulties",
                                                                   "Practitioners often reported difficulties"),
                       encoding="utf-8")
    changed_file = outcome.read_bytes()
    word = docx.Document(str(path))
    paragraph = next(p for p in body(word) if "Practitioners reported difficulties" in p.text)
    paragraph.add_run(" Added in Word.")
    word.save(str(path))
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    assert [(f.code, f.field) for f in refused.value.findings] == [("docx.conflict", "observations.challenges[1]")]
    assert outcome.read_bytes() == changed_file


def test_a_change_in_the_file_to_a_paragraph_word_left_alone_is_kept(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    outcome.write_text(outcome.read_text(encoding="utf-8").replace("Practitioners reported difficulties",
                                                                   "Practitioners often reported difficulties"),
                       encoding="utf-8")
    word = docx.Document(str(path))
    replace_in(next(p for p in body(word) if "inter-agency working group" in p.text),
                "inter-agency working group", "joint task force")
    word.save(str(path))
    import_docx(path)
    text = " ".join(outcome.read_text(encoding="utf-8").split())
    assert "Practitioners often reported difficulties" in text and "joint task force" in text


def test_a_docx_rendered_before_paragraphs_were_added_to_the_outcome_is_refused(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    text = outcome.read_text(encoding="utf-8").replace(
        "  challenges:\n", "  challenges:\n    - A challenge added in the file after rendering.\n", 1)
    outcome.write_text(text, encoding="utf-8")
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    assert [f.code for f in refused.value.findings] == ["docx.outdated"]


def test_an_edit_that_breaks_validation_writes_nothing(tmp_path):
    outcome = copy_outcome(tmp_path)
    before = outcome.read_bytes()
    path = rendered_docx(outcome, "observations", tmp_path)
    word = docx.Document(str(path))
    for paragraph in body(word):
        if "Mongolia has adopted" in paragraph.text or "inter-agency" in paragraph.text or \
                "detailed statistics" in paragraph.text:
            paragraph._p.getparent().remove(paragraph._p)
    word.save(str(path))
    with pytest.raises(PublisherError) as refused:
        import_docx(path)
    assert refused.value.exit_code == 1 and refused.value.findings  # an emptied required section
    assert outcome.read_bytes() == before


@pytest.mark.parametrize("content, rule", [
    (b"not a zip at all", "docx.unreadable"),
    (None, "docx.unreadable"),
])
def test_a_file_that_is_not_a_docx_is_refused_without_a_crash(tmp_path, content, rule):
    path = tmp_path / "bad.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("something.txt", "hello")
    else:
        path.write_bytes(content)
    with pytest.raises(PublisherError) as refused:
        import_docx(path, outcome_path=MONGOLIA)
    assert refused.value.findings[0].code == rule


def test_an_entity_bomb_in_the_document_part_is_refused(tmp_path):
    path = rendered_docx(MONGOLIA, "summary", tmp_path)
    bomb = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&b;</w:document>')
    _edit_part(path, "word/document.xml", lambda _xml: bomb)
    with pytest.raises(PublisherError) as refused:
        import_docx(path, outcome_path=MONGOLIA)
    assert refused.value.findings[0].code.startswith("docx.xml")


def test_the_command_line_shows_the_changes_and_writes_the_outcome(tmp_path):
    outcome = copy_outcome(tmp_path)
    path = rendered_docx(outcome, "observations", tmp_path)
    word = docx.Document(str(path))
    replace_in(next(p for p in body(word) if "inter-agency working group" in p.text),
                "inter-agency working group", "joint task force")
    word.save(str(path))
    dry = subprocess.run([sys.executable, "-m", "publisher.cli", "import", str(path), "--dry-run"],
                         capture_output=True, text=True)
    assert dry.returncode == 0 and "+ The reviewing States noted as a good practice the joint task force" in dry.stderr
    assert "dry run: nothing written" in dry.stderr and "joint task force" not in outcome.read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "publisher.cli", "import", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == str(outcome)
