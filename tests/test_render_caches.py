"""What the writers keep between the documents of a process, and what they must not carry from one
document or language to the next: the DOCX template's parts cleaned up and compiled once, the
paragraph styles looked up once per document, the PDF stylesheet parsed once per distinct text
(shared by the languages whose stylesheet is the same, never by the others), the font check asked
once per language, and ``render.prepare``, which builds these in a build's parent before its workers
fork. Every cache must leave the bytes of every document as a first render gives them.

Speed is measured in bench/build.py, not here."""
from __future__ import annotations

import io
import os
import threading
import zipfile
from functools import cache

import pytest
from weasyprint.pdf import fonts as weasyprint_fonts

from publisher.blueprint import load_blueprints
from publisher.compose import compose
from publisher.errors import PublisherError
from publisher.reference.languages import DIRECTIONS, LANGUAGES
from publisher.render import cffi_arrays, fonts, pdf, prepare, writer
from publisher.render import docx as docx_writer
from publisher.render.html import _environment, pdf_stylesheet_text
from publisher.stages import find_versions

from .conftest import MONGOLIA


@cache
def document(language: str, kind: str = "summary"):
    [version] = find_versions([str(MONGOLIA)], (language,))
    return compose(version.outcome, kind, load_blueprints())


def in_a_new_thread(work):
    """``work()`` run in a thread of its own: the PDF writer's stylesheets are kept per thread, so a
    new thread starts with none (as a process that has rendered nothing)."""
    result = {}

    def run():
        try:
            result["value"] = work()
        except BaseException as error:  # handed back to the test
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


# -- DOCX: the template's parts compiled once, the styles looked up once per document ----------------
def test_a_docx_is_the_same_bytes_whether_its_template_parts_were_compiled_for_it_or_before(monkeypatch):
    monkeypatch.setattr(docx_writer, "_PATCHED", {})
    docx_writer._jinja.cache_clear()
    first = writer("docx").render(document("fr"))
    writer("docx").render(document("en"))
    writer("docx").render(document("ar"))
    assert writer("docx").render(document("fr")) == first


def test_the_template_parts_are_cleaned_up_and_compiled_once_for_all_documents(monkeypatch):
    monkeypatch.setattr(docx_writer, "_PATCHED", {})
    docx_writer._jinja.cache_clear()
    writer("docx").render(document("en"))
    compiled, patched = dict(docx_writer._jinja()._compiled), dict(docx_writer._PATCHED)
    writer("docx").render(document("zh", "observations"))
    writer("docx").render(document("ar"))
    assert compiled and patched
    assert docx_writer._jinja()._compiled == compiled  # the same compiled templates, none added
    assert docx_writer._PATCHED == patched


def test_each_docx_shows_its_own_document_through_the_shared_templates():
    english, french = document("en"), document("fr")
    assert english.title != french.title
    rendered = {language: document_xml(writer("docx").render(document(language))) for language in ("en", "fr", "en")}
    assert french.title in rendered["fr"] and english.title not in rendered["fr"]
    assert english.title in rendered["en"] and french.title not in rendered["en"]


# -- fonts: fontconfig asked once per language ------------------------------------------------------
@pytest.fixture
def fontconfig(monkeypatch):
    """A stand-in fontconfig with the families given to it installed; records each question."""
    asked, installed = [], set()

    def ask(family, language):
        asked.append((family, language))
        return family in installed

    monkeypatch.setattr(fonts, "_FOUND_FAMILIES", set())
    monkeypatch.setattr(fonts, "_ask_fontconfig", ask)
    return asked, installed


def test_the_families_are_asked_in_their_order_until_one_is_installed(fontconfig):
    asked, installed = fontconfig
    first, second, third = fonts.font_for("en").css_families
    installed.update({second, third})
    fonts.require_font("en")
    assert asked == [(first, "en"), (second, "en")]


def test_a_language_whose_font_was_found_asks_fontconfig_nothing_for_its_next_pdfs(fontconfig):
    asked, installed = fontconfig
    installed.add(fonts.font_for("en").css_families[1])
    fonts.require_font("en")
    asked.clear()
    fonts.require_font("en")
    fonts.require_font("en")
    assert asked == []
    fonts.require_font("fr")  # found for English is not found for French: fontconfig is asked for its letters
    assert asked and {language for _, language in asked} == {"fr"}


def test_a_language_with_no_font_is_asked_again_so_that_one_installed_meanwhile_is_found(fontconfig):
    asked, installed = fontconfig
    with pytest.raises(PublisherError, match="render.missing-font"):
        fonts.require_font("ar")
    installed.add("Amiri")
    fonts.require_font("ar")
    assert asked.count(("Amiri", "ar")) == 2


# -- PDF: one parsed stylesheet per distinct text -----------------------------------------------------
def test_languages_with_the_same_stylesheet_share_one_parse_and_no_other_language_gets_it():
    def parsed():
        return {language: pdf._parsed_stylesheet(language, DIRECTIONS[language]) for language in LANGUAGES}

    sheets = in_a_new_thread(parsed)
    texts = {language: pdf_stylesheet_text(language, DIRECTIONS[language]) for language in LANGUAGES}
    for one in LANGUAGES:
        for other in LANGUAGES:
            assert (sheets[one] is sheets[other]) == (texts[one] == texts[other]), (one, other)
    assert sheets["en"] is sheets["fr"] is sheets["es"] is sheets["ru"]
    assert sheets["ar"] is not sheets["en"]  # its page rules are mirrored


def test_a_pdf_is_the_same_bytes_after_other_languages_used_the_writer_in_its_thread():
    def alone(language):
        return in_a_new_thread(lambda: writer("pdf").render(document(language)))

    def after_others():
        return {language: writer("pdf").render(document(language)) for language in ("en", "ar", "fr", "ru")}

    rendered = in_a_new_thread(after_others)
    assert rendered["fr"] == alone("fr")  # its stylesheet and fonts were English's
    assert rendered["ru"] == alone("ru")
    assert rendered["ar"] == alone("ar")  # its own, between two languages that share one


# -- WeasyPrint's glyph arrays: one C type ---------------------------------------------------------
def plain_ffi():
    """WeasyPrint's own cffi ``FFI``, whether or not the writer has wrapped it yet in this process."""
    ffi = weasyprint_fonts.ffi
    return ffi.wrapped if isinstance(ffi, cffi_arrays.UnsizedArrays) else ffi


def test_a_glyph_array_is_made_with_its_items_under_one_type_for_every_length():
    plain = plain_ffi()
    arrays = cffi_arrays.UnsizedArrays(plain)
    for items in ([7, 3, 900], list(range(2026)), (1,)):
        made = arrays.new(f"hb_codepoint_t[{len(items)}]", items)
        expected = plain.new(f"hb_codepoint_t[{len(items)}]", items)
        assert list(made) == list(expected) and plain.sizeof(made) == plain.sizeof(expected)
        assert plain.typeof(made) is plain.typeof("hb_codepoint_t[]")


def test_any_other_request_goes_to_cffi_as_asked():
    plain = plain_ffi()
    arrays = cffi_arrays.UnsizedArrays(plain)
    assert len(arrays.new("hb_tag_t[100]")) == 100  # no items: the length is the type's
    assert arrays.new("unsigned int *", 100)[0] == 100
    assert len(arrays.new("hb_codepoint_t[4]", [1, 2])) == 4  # fewer items than its length: as asked
    assert arrays.NULL == plain.NULL  # everything else is cffi's


def test_the_pdf_writer_installs_the_arrays_once_and_the_pdf_is_the_same_bytes(monkeypatch):
    writer("pdf").render(document("en"))
    installed = weasyprint_fonts.ffi
    assert isinstance(installed, cffi_arrays.UnsizedArrays)
    cffi_arrays.install()
    assert weasyprint_fonts.ffi is installed  # not wrapped twice
    with_one_type = writer("pdf").render(document("zh"))
    monkeypatch.setattr(weasyprint_fonts, "ffi", installed.wrapped)
    monkeypatch.setattr(cffi_arrays, "install", lambda: None)
    assert writer("pdf").render(document("zh")) == with_one_type


# -- render.prepare: built before the workers fork ---------------------------------------------------
def test_prepared_writers_render_the_bytes_of_unprepared_ones():
    formats = ("pdf", "docx", "html")

    def render_all():
        return {(language, name): writer(name).render(document(language)) for language in ("fr", "zh")
                for name in formats}

    def prepared_then_rendered():
        prepare(formats)
        return render_all()

    assert in_a_new_thread(prepared_then_rendered) == in_a_new_thread(render_all)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a build's workers fork only where the system forks")
def test_a_process_forked_after_preparing_has_the_shared_stylesheet_and_the_compiled_template():
    prepare(("pdf", "html"))
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: what it finds already built
        os.close(read)
        kept = getattr(pdf._PARSED, "stylesheets", {})
        found = [pdf_stylesheet_text(language, "ltr") in kept for language in ("en", "fr", "es", "ru")]
        found.append(any(key[1] == "document.html.j2" for key in _environment().cache or {}))
        os.write(write, "".join("1" if item else "0" for item in found).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read, "rb") as answer:
        assert answer.read() == b"11111"


def test_preparing_without_the_shared_languages_font_leaves_the_refusal_to_each_pdf(monkeypatch):
    monkeypatch.setattr(fonts, "family_installed", lambda family, language: False)
    in_a_new_thread(lambda: prepare(("pdf",)))  # a build still starts: each unit fails, naming itself
    with pytest.raises(PublisherError, match="render.missing-font"):
        writer("pdf").render(document("en"))
