"""The Akoma Ntoso export pinned (publisher/interchange/akn.py): the FRBR identification of each
level (IRIs, dates, authors, aliases, language), the references, the masthead and meetings of the
preface, the eIds of sections, subsections, articles and paragraphs by the naming convention, the
runs (italics, untranslated text with its language, notes at their first citation and references
after), and the text a round trip reads back. Each test builds a small document of its own."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from publisher.document import (Document, Footnote, Heading, Masthead, MeetingLine, NumberedParagraph, Run,
                                SubParagraph)
from publisher.interchange.akn import NS, AknWriter, document_text, work_iri
from publisher.interchange.xmlsafe import parse_bytes

A = f"{{{NS}}}"


def masthead(**changes) -> Masthead:
    meetings = (MeetingLine("Working Group on International Cooperation", "Vienna, 1 and 2 June 2026",
                            "Item 4 of the provisional agenda", "Review", "*", "CTOC/COP/WG.3/2026/1"),
                MeetingLine("Working Group on Firearms", "Vienna, 3 June 2026", "Item 2 of the provisional agenda",
                            "Firearms", "**", "CTOC/COP/WG.6/2026/1"))
    fields = dict(organization="United Nations", symbols=("CTOC/COP/WG.3/2026/2", "CTOC/COP/WG.6/2026/3"),
                  distribution="Distr.: General", date="2 March 2026", language_line="", original="Original: English",
                  body="Conference of the Parties", meetings=meetings)
    fields.update(changes)
    return Masthead(**fields)


def document(blocks=(), footnotes=(), **changes) -> Document:
    fields = dict(kind="observations", language="fr", direction="ltr", masthead=masthead(), title="The title",
                  subtitle="The subtitle", blocks=tuple(blocks), footnotes=tuple(footnotes),
                  issue_date=dt.date(2026, 3, 2))
    fields.update(changes)
    return Document(**fields)


def exported(doc: Document):
    return parse_bytes(AknWriter().render(doc), "export.xml").getroot()


def attributes(element) -> dict:
    return dict(element.attrib)


def test_the_writer_is_named_akn_and_writes_xml():
    writer = AknWriter()
    assert (writer.name, writer.extension, writer.media_type) == ("akn", ".xml", "application/akn+xml")


def test_the_document_is_an_akn_doc_named_by_its_kind():
    for kind, name in (("observations", "listOfObservations"), ("summary", "summaryOfListOfObservations")):
        root = exported(document(kind=kind))
        assert root.tag == f"{A}akomaNtoso" and root.nsmap == {None: NS}
        [doc] = root
        assert (doc.tag, attributes(doc)) == (f"{A}doc", {"name": name})
        assert [child.tag for child in doc] == [f"{A}meta", f"{A}preface", f"{A}mainBody"]


def test_the_work_iri_is_the_kind_the_date_and_the_first_symbol_as_a_slug():
    assert work_iri(document()) == "/akn/un/doc/listOfObservations/2026-03-02/ctoc-cop-wg-3-2026-2"
    doc = document(masthead=masthead(symbols=("  A/RES/55/25 (Rev.1)  ",)))
    assert work_iri(doc) == "/akn/un/doc/listOfObservations/2026-03-02/a-res-55-25-rev-1"


def test_each_frbr_level_has_its_this_uri_date_and_author():
    identification = exported(document()).find(f"{A}doc/{A}meta/{A}identification")
    assert attributes(identification) == {"source": "#publisher"}
    work = "/akn/un/doc/listOfObservations/2026-03-02/ctoc-cop-wg-3-2026-2"
    expression = f"{work}/fra@2026-03-02"
    levels = {level.tag.removeprefix(A): [(child.tag.removeprefix(A), attributes(child)) for child in level]
              for level in identification}
    assert levels == {
        "FRBRWork": [("FRBRthis", {"value": f"{work}/!main"}), ("FRBRuri", {"value": work}),
                     ("FRBRalias", {"value": "CTOC/COP/WG.3/2026/2", "name": "UNSymbol"}),
                     ("FRBRalias", {"value": "CTOC/COP/WG.6/2026/3", "name": "UNSymbol"}),
                     ("FRBRdate", {"date": "2026-03-02", "name": "issue"}), ("FRBRauthor", {"href": "#ctoc-cop"}),
                     ("FRBRcountry", {"value": "un"}), ("FRBRnumber", {"value": "CTOC/COP/WG.3/2026/2"}),
                     ("FRBRname", {"value": "listOfObservations"})],
        "FRBRExpression": [("FRBRthis", {"value": f"{expression}/!main"}), ("FRBRuri", {"value": expression}),
                           ("FRBRdate", {"date": "2026-03-02", "name": "issue"}), ("FRBRauthor", {"href": "#ctoc-cop"}),
                           ("FRBRlanguage", {"language": "fra"})],
        "FRBRManifestation": [("FRBRthis", {"value": f"{expression}/!main.xml"}),
                              ("FRBRuri", {"value": f"{expression}.xml"}),
                              ("FRBRdate", {"date": "2026-03-02", "name": "generation"}),
                              ("FRBRauthor", {"href": "#publisher"})],
    }


def test_each_language_has_its_three_letter_code():
    codes = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
    for language, code in codes.items():
        level = exported(document(language=language)).find(f".//{A}FRBRExpression/{A}FRBRlanguage")
        assert level.get("language") == code


def test_the_references_name_the_body_each_working_group_and_the_generator():
    references = exported(document()).find(f"{A}doc/{A}meta/{A}references")
    assert attributes(references) == {"source": "#publisher"}
    assert [attributes(r) for r in references] == [
        {"eId": "ctoc-cop", "href": "/akn/ontology/organizations/un/ctoc-cop", "showAs": "Conference of the Parties"},
        {"eId": "wg_1", "href": "/akn/ontology/organizations/un/ctoc-cop-wg-3",
         "showAs": "Working Group on International Cooperation"},
        {"eId": "wg_2", "href": "/akn/ontology/organizations/un/ctoc-cop-wg-6", "showAs": "Working Group on Firearms"},
        {"eId": "publisher", "href": "/akn/ontology/organizations/publisher", "showAs": "publisher"}]
    assert {r.tag for r in references} == {f"{A}TLCOrganization"}


def text(element) -> str | None:
    """An element's own text, without the indentation pretty printing puts before its children."""
    return (element.text or "").strip() or None


def preface_lines(doc: Document) -> list:
    preface = exported(doc).find(f"{A}doc/{A}preface")
    return [(block.tag.removeprefix(A), block.get("name"), block.get("eId"),
             [(p.tag.removeprefix(A), text(p), [(c.tag.removeprefix(A), c.text, attributes(c)) for c in p]) for p in block])
            if block.tag == f"{A}container" else (block.tag.removeprefix(A), block.get("class"), text(block),
                                                   [(c.tag.removeprefix(A), c.text) for c in block])
            for block in preface]


def test_the_preface_holds_the_masthead_meetings_title_and_subtitle():
    lines = preface_lines(document())
    assert lines[0] == ("container", "masthead", "masthead", [
        ("p", None, [("docAuthority", "United Nations", {})]),
        ("p", None, [("docNumber", "CTOC/COP/WG.3/2026/2", {})]),
        ("p", None, [("docNumber", "CTOC/COP/WG.6/2026/3", {})]),
        ("p", None, [("docStatus", "Distr.: General", {})]),
        ("p", None, [("docDate", "2 March 2026", {"date": "2026-03-02"})]),
        ("p", "Original: English", []),
        ("p", None, [("docProponent", "Conference of the Parties", {"refersTo": "#ctoc-cop"})])])
    assert lines[1] == ("container", "meeting", "meeting_1", [
        ("p", None, [("organization", "Working Group on International Cooperation", {"refersTo": "#wg_1"})]),
        ("p", "Vienna, 1 and 2 June 2026", []),
        ("p", "Item 4 of the provisional agenda", [("authorialNote", None, {"marker": "*", "placement": "bottom",
                                                                           "eId": "fnt_agenda_1"})]),
        ("p", "Review", [])])
    assert lines[2][:3] == ("container", "meeting", "meeting_2")
    assert lines[3:] == [("p", None, None, [("docTitle", "The title")]), ("p", None, "The subtitle", [])]
    note = exported(document()).find(f".//{A}authorialNote[@eId='fnt_agenda_2']")
    assert [(p.tag, p.text) for p in note] == [(f"{A}p", "CTOC/COP/WG.6/2026/1.")]


def test_a_translations_language_line_and_a_notice_are_in_the_preface():
    lines = preface_lines(document(masthead=masthead(language_line="Français"), notice="Draft."))
    assert ("p", "Français", []) in lines[0][3]
    assert lines[0][3].index(("p", "Français", [])) == 5  # after the date, before "Original"
    assert lines[-1] == ("p", "notice", "Draft.", [])


def body_ids(doc: Document) -> list[tuple[str, str | None]]:
    body = exported(doc).find(f"{A}doc/{A}mainBody")
    return [(element.tag.removeprefix(A), element.get("eId")) for element in body.iter()
            if element.get("eId") or element.tag in (f"{A}num", f"{A}heading")]


def test_sections_subsections_articles_and_paragraphs_are_named_by_the_convention():
    para = lambda n: NumberedParagraph(n, f"{n}.", (Run(f"Text {n}."),))  # noqa: E731
    blocks = [para(1), Heading(1, "I.", "Successes"), para(2), Heading(2, "A.", "Convention"),
              Heading(3, "", "Article 16"), para(3), Heading(3, "", "Article 18"), para(4), Heading(2, "B.", "Firearms"),
              para(5), Heading(1, "II.", "Challenges"), Heading(3, "", "Article 5"), para(6)]
    assert body_ids(document(blocks)) == [
        ("paragraph", "para_1"), ("num", None),
        ("section", "sec_1"), ("num", None), ("heading", None), ("paragraph", "para_2"), ("num", None),
        ("subsection", "sec_1__subsec_1"), ("num", None), ("heading", None),
        ("hcontainer", "sec_1__subsec_1__hcontainer_1"), ("heading", None), ("paragraph", "para_3"), ("num", None),
        ("hcontainer", "sec_1__subsec_1__hcontainer_2"), ("heading", None), ("paragraph", "para_4"), ("num", None),
        ("subsection", "sec_1__subsec_2"), ("num", None), ("heading", None), ("paragraph", "para_5"), ("num", None),
        ("section", "sec_2"), ("num", None), ("heading", None),
        ("hcontainer", "sec_2__hcontainer_1"), ("heading", None), ("paragraph", "para_6"), ("num", None)]
    body = exported(document(blocks)).find(f"{A}doc/{A}mainBody")
    section = body.find(f"{A}section")
    assert (section.findtext(f"{A}num"), section.findtext(f"{A}heading")) == ("I.", "Successes")
    subsections = [(s.findtext(f"{A}num"), s.findtext(f"{A}heading")) for s in body.iter(f"{A}subsection")]
    assert subsections == [("A.", "Convention"), ("B.", "Firearms")]
    article = body.find(f".//{A}hcontainer")
    assert (article.get("name"), article.findtext(f"{A}heading"), article.find(f"{A}num")) == \
        ("article", "Article 16", None)


def test_a_paragraph_with_subparagraphs_has_an_intro_and_numbered_items():
    block = NumberedParagraph(7, "7.", (Run("Intro:"),), (SubParagraph("(a)", (Run("first;"),)),
                                                          SubParagraph("(b)", (Run("second."), Run("", note=1)))))
    [paragraph] = exported(document([block], [Footnote(1, (Run("The note."),))])).iter(f"{A}paragraph")
    assert [c.tag.removeprefix(A) for c in paragraph] == ["num", "intro", "subparagraph", "subparagraph"]
    assert paragraph.find(f"{A}intro/{A}p").text == "Intro:"
    items = [(s.get("eId"), s.findtext(f"{A}num"), s.find(f"{A}content/{A}p").text)
             for s in paragraph.iter(f"{A}subparagraph")]
    assert items == [("para_7__subpara_1", "(a)", "first;"), ("para_7__subpara_2", "(b)", "second.")]
    note = paragraph.find(f"{A}subparagraph/{A}content/{A}p/{A}authorialNote")
    assert (note.get("eId"), [p.text for p in note]) == ("fnt_1", ["The note."])


def test_runs_are_text_italics_untranslated_spans_and_notes_at_their_first_citation():
    runs = (Run("A "), Run("Act", italic=True), Run(" and "), Run("la loi", untranslated=True, language="es"),
            Run(" x"), Run("", note=1), Run(" then "), Run("", note=1, first_citation=False), Run("."),
            Run("y", untranslated=True), Run("z", italic=True, untranslated=True, language="en"))
    notes = (Footnote(1, (Run("Note "), Run("text", italic=True))),)
    p = exported(document([NumberedParagraph(1, "1.", runs)], notes)).find(f".//{A}paragraph/{A}content/{A}p")
    assert p.text == "A "
    children = [(c.tag.removeprefix(A), c.text, attributes(c), c.tail) for c in p]
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert children == [
        ("i", "Act", {}, " and "),
        ("span", "la loi", {"class": "untranslated", xml_lang: "es"}, " x"),
        ("authorialNote", None, {"marker": "1", "placement": "bottom", "eId": "fnt_1"}, " then "),
        ("noteRef", "1", {"href": "#fnt_1", "marker": "1"}, "."),
        ("span", "y", {"class": "untranslated", xml_lang: "und"}, None),
        ("i", "z", {"class": "untranslated", xml_lang: "en"}, None)]
    assert [(n.tag, n.text) for n in p.find(f"{A}authorialNote")] == [(f"{A}p", "Note text")]


def test_the_round_trip_gives_each_paragraphs_number_and_text_without_notes():
    runs = (Run("A "), Run("b", italic=True), Run(" c"), Run("", note=1), Run(" d"), Run("", italic=True), Run("."))
    block = NumberedParagraph(1, "1.", runs, (SubParagraph("(a)", (Run("e"), Run("", note=1, first_citation=False),
                                                                   Run(" f"))),))
    doc = document([block, NumberedParagraph(2, "2.", (Run("g"),))], (Footnote(1, (Run("note"),)),))
    assert document_text(exported(doc)) == [("1.", "A b c d. e f"), ("2.", "g")]


def test_an_empty_paragraph_reads_back_empty():
    doc = document([NumberedParagraph(1, "1.", ())])
    assert document_text(exported(doc)) == [("1.", "")]
    assert document_text(exported(replace(doc, blocks=()))) == []


def test_each_note_holds_the_text_of_its_own_footnote():
    runs = (Run("a"), Run("", note=1), Run(" b"), Run("", note=2), Run(" c"), Run("", note=3))
    notes = (Footnote(1, (Run("First."),)), Footnote(2, (Run("Second."),)), Footnote(3, (Run("Third."),)))
    p = exported(document([NumberedParagraph(1, "1.", runs)], notes)).find(f".//{A}paragraph/{A}content/{A}p")
    assert [(n.get("eId"), n.findtext(f"{A}p")) for n in p] == [("fnt_1", "First."), ("fnt_2", "Second."),
                                                                 ("fnt_3", "Third.")]


def test_a_paragraph_ending_in_italics_reads_back_without_anything_after_them():
    doc = document([NumberedParagraph(1, "1.", (Run("See the "), Run("Convention", italic=True)))])
    assert document_text(exported(doc)) == [("1.", "See the Convention")]


def test_the_file_is_utf_8_with_its_declaration_and_indented():
    doc = document([NumberedParagraph(1, "1.", (Run("Conférence « des Parties »"),))], language="fr")
    data = AknWriter().render(doc)
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "<?xml version='1.0' encoding='UTF-8'?>"
    assert lines[1].startswith("<akomaNtoso ") and lines[2].startswith('  <doc name="listOfObservations"')
    assert "Conférence « des Parties »".encode("utf-8") in data
    assert data.endswith(b"</akomaNtoso>\n")
