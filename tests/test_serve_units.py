"""The post-editing page's script endpoints (serve/unit_saves.py) and the workbench's pieces
(serve/workbench.py), through Flask's test client: a unit saved alone, a save from a page older
than another save, the concordance, right-to-left text boxes, progress, repetitions, match
differences. The same in a real browser: test_workbench.py.
"""
from __future__ import annotations

import re

from publisher.postedit import Edit, apply_edits, open_workset, save_workset
from publisher.postedit.units import Unit
from publisher.serve.workbench import (match_difference, plain_text, progress, repetition_groups, shown_text,
                                       text_digest, word_count)
from publisher.translate.memory import TranslationMemory

from . import test_serve as serve_tests
from .test_serve import FIRST_UNIT, GHANA, NO_CODE_UNIT, csrf_token, edit_form, write_changed_outcome

# The fixtures of test_serve.py, shared: a folder to serve, its memory, the app, a client holding the token.
folder, memory_path, app, client = serve_tests.folder, serve_tests.memory_path, serve_tests.app, serve_tests.client


def open_page(client, name: str = GHANA, language: str = "es") -> tuple[str, dict]:
    page = client.get(f"/o/{name}/edit/{language}").get_data(as_text=True)
    return page, {"X-CSRFToken": csrf_token(page)}


def stamp(page: str) -> str:
    return re.search(r'name="base" value="([^"]+)"', page).group(1)


def unit_payload(folder, unit: str, target: str, state: str = "reviewed", language: str = "es") -> dict:
    current = open_workset(folder / f"{GHANA}.yaml", language).unit(unit)
    return {"unit": unit, "target": target, "state": state, "seen": text_digest(current.target),
            "source": current.source}


def save_units(client, headers, base: str, units: list[dict], name: str = GHANA, language: str = "es"):
    return client.post(f"/o/{name}/edit/{language}/units", json={"base": base, "units": units}, headers=headers)


def test_a_unit_saved_alone_is_written_and_the_page_gets_the_stamp_of_the_new_files(client, folder):
    page, headers = open_page(client)
    text = "Las autoridades nacionales describieron un acuerdo trilateral."
    answer = save_units(client, headers, stamp(page), [unit_payload(folder, NO_CODE_UNIT, text)])
    assert answer.status_code == 200
    result = answer.get_json()
    assert [u["unit"] for u in result["saved"]] == [NO_CODE_UNIT] and not result["stale"]
    saved = result["saved"][0]
    assert (saved["target"], saved["state"], saved["origin"]) == (text, "reviewed", "post-edited")
    assert result["progress"]["units_done"] == 1
    assert result["base"] == stamp(client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True))
    assert open_workset(folder / f"{GHANA}.yaml", "es").unit(NO_CODE_UNIT).target == text


def test_a_save_from_an_older_page_saves_what_nobody_else_changed_and_sends_back_what_they_did(client, folder):
    page, headers = open_page(client)
    other_unit = open_workset(folder / f"{GHANA}.yaml", "es").units[5].id
    mine = unit_payload(folder, NO_CODE_UNIT, "Mi texto.")
    untouched = unit_payload(folder, other_unit, "Otro texto mío.")
    workset = open_workset(folder / f"{GHANA}.yaml", "es")
    save_workset(apply_edits(workset, [Edit(NO_CODE_UNIT, "El texto de la otra pestaña.", "reviewed")]).workset)

    result = save_units(client, headers, stamp(page), [mine, untouched]).get_json()
    assert [u["unit"] for u in result["saved"]] == [other_unit]
    assert result["conflicts"] == [{"unit": NO_CODE_UNIT, "theirs": "El texto de la otra pestaña.",
                                    "state": "reviewed", "seen": text_digest("El texto de la otra pestaña.")}]
    assert result["stale"] and result["base"] == stamp(page)  # the page's form stays refused
    after = open_workset(folder / f"{GHANA}.yaml", "es")
    assert after.unit(NO_CODE_UNIT).target == "El texto de la otra pestaña."
    assert after.unit(other_unit).target == "Otro texto mío."

    kept = save_units(client, headers, stamp(page), [{**mine, "seen": result["conflicts"][0]["seen"]}]).get_json()
    assert [u["unit"] for u in kept["saved"]] == [NO_CODE_UNIT]  # "keep mine", knowing the other text
    assert open_workset(folder / f"{GHANA}.yaml", "es").unit(NO_CODE_UNIT).target == "Mi texto."


def test_a_unit_that_breaks_an_inline_code_is_refused_and_nothing_is_written(client, folder):
    page, headers = open_page(client)
    before = (folder / f"{GHANA}.es.yaml").read_bytes()
    result = save_units(client, headers, stamp(page), [unit_payload(folder, FIRST_UNIT, "Sin la nota.")]).get_json()
    assert result["saved"] == [] and result["refused"][0]["unit"] == FIRST_UNIT
    assert any(i["code"] == "postedit.inline-code" for i in result["refused"][0]["issues"])
    assert (folder / f"{GHANA}.es.yaml").read_bytes() == before


def test_a_malformed_unit_save_is_a_bad_request_and_the_csrf_header_is_needed(client, folder):
    page, headers = open_page(client)
    for body in ([], {"base": stamp(page)}, {"base": stamp(page), "units": [{"unit": 3}]}):
        assert client.post(f"/o/{GHANA}/edit/es/units", json=body, headers=headers).status_code == 400
    assert save_units(client, {}, stamp(page), []).status_code == 400  # no CSRF token


def test_a_source_with_errors_refuses_every_save_and_says_who_must_fix_it(client, folder):
    write_changed_outcome(folder, "broken.yaml", lambda data: data["review"].__setitem__("year", 1999))
    page, headers = open_page(client, "broken", "fr")
    assert "not the translator&#39;s task" in page and 'name="action" value="save"' not in page
    assert "broken.fr.yaml:" not in page and re.search(r"broken\.yaml:\d+:\d+", page)
    answer = save_units(client, headers, stamp(page), [], "broken", "fr")
    assert answer.status_code == 409 and "ask whoever maintains the review outcome" in answer.get_json()["error"]
    form = client.post("/o/broken/edit/fr", data={"csrf_token": csrf_token(page), "base": stamp(page)})
    assert form.status_code == 409 and "not the translator&#39;s task" in form.get_data(as_text=True)
    assert not (folder / "broken.fr.yaml").exists()
    preview = client.get("/o/broken/preview?lang=fr").get_data(as_text=True)
    assert "broken.fr.yaml:" not in preview  # the in-memory draft's findings are the source's, in a file that exists


def test_the_concordance_finds_a_phrase_in_the_sources_or_the_translations(client, memory_path):
    with TranslationMemory(memory_path) as memory:
        memory.add("en", "es", "The Central Authority answers.", "La autoridad central responde.", "approved")
        memory.add("es", "en", "Otra frase.", "Another sentence about the central authority.", "official")
    found = client.get(f"/o/{GHANA}/edit/es/concordance?q=central+authority").get_json()["results"]
    assert {(r["source"], r["side"]) for r in found} == {("The Central Authority answers.", "source"),
                                                          ("Another sentence about the central authority.", "source")}
    in_targets = client.get(f"/o/{GHANA}/edit/es/concordance?q=autoridad+central+responde&side=target"
                            ).get_json()["results"]
    assert [(r["target"], r["origin"]) for r in in_targets] == [("La autoridad central responde.", "approved")]
    assert client.get(f"/o/{GHANA}/edit/es/concordance?q=autoridad+central+responde&side=source"
                      ).get_json()["results"] == []
    assert client.get(f"/o/{GHANA}/edit/es/concordance?q=x&side=everywhere").status_code == 400


def test_the_form_after_a_conflict_keeps_the_other_save_where_only_it_changed_a_unit(client, folder):
    page, fields = edit_form(client, GHANA, "es")
    seen = dict(re.findall(r'name="seen:([^"]+)" value="([^"]+)"', page))
    fields.update({f"seen:{unit}": digest for unit, digest in seen.items()})
    other_unit = open_workset(folder / f"{GHANA}.yaml", "es").units[5].id
    workset = open_workset(folder / f"{GHANA}.yaml", "es")
    save_workset(apply_edits(workset, [Edit(NO_CODE_UNIT, "Texto de otra pestaña.", "reviewed"),
                                       Edit(other_unit, "Otro texto de otra pestaña.", "reviewed")]).workset)
    fields[f"target:{NO_CODE_UNIT}"] = "Mi texto."  # changed here and there
    refused = client.post(f"/o/{GHANA}/edit/es", data=fields)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert '<span class="theirs" lang="es" dir="ltr">Texto de otra pestaña.</span>' in page
    assert ">Otro texto de otra pestaña.</textarea>" in page  # changed there only: the other save's text
    assert page.count('class="choose"') == 1

    fields = {key: value for key, value in fields.items() if not key.startswith("seen:")}
    fields.update({"base": stamp(page), f"choice:{NO_CODE_UNIT}": "theirs",
                   f"target:{other_unit}": "Otro texto de otra pestaña."})
    assert client.post(f"/o/{GHANA}/edit/es", data=fields).status_code == 303
    after = open_workset(folder / f"{GHANA}.yaml", "es")
    assert after.unit(NO_CODE_UNIT).target == "Texto de otra pestaña."


def test_right_to_left_boxes_isolate_inline_codes_and_the_marks_never_reach_the_file(client, folder):
    page = client.get("/o/mongolia-criminalization/edit/ar").get_data(as_text=True)
    assert "\u2066[^code]\u2069" in page and "\u20662024\u2069" in page
    assert "\u2066" not in client.get(f"/o/{GHANA}/edit/es").get_data(as_text=True)  # left to right: as it is
    _page, fields = edit_form(client, "mongolia-criminalization", "ar")
    unit = next(key for key, text in fields.items() if key.startswith("target:") and "[^code]" in text)
    fields[unit] = shown_text(fields[unit], "rtl")
    fields[unit.replace("target:", "state:")] = "reviewed"
    fields["base"] = stamp(_page)
    assert client.post("/o/mongolia-criminalization/edit/ar", data=fields).status_code == 303
    assert not re.search("[\u2066-\u2069]", (folder / "mongolia-criminalization.ar.yaml").read_text(encoding="utf-8"))


# -- the pieces ---------------------------------------------------------------------------------

def unit(identifier: str, source: str, state: str = "translated", target: str = "x") -> Unit:
    return Unit(identifier, "field", 0, source, target, state, "mt")


def test_a_shown_text_is_the_text_once_its_marks_are_taken_out():
    text = "في عام 2024.[^code] *مائل* CTOC/COP/WG.3/2026/1"
    shown = shown_text(text, "rtl")
    assert shown != text and plain_text(shown) == text
    assert "\u2066[^code]\u2069" in shown and "*مائل*" in shown  # italics are not isolated: their text is Arabic
    assert text_digest(shown) == text_digest(text)


def test_progress_counts_the_words_and_units_a_person_confirmed():
    units = [unit("a", "One two three.", "reviewed"), unit("b", "Four five.", "translated"),
             unit("c", "Six.", "final")]
    done = progress(units)
    assert (done.units, done.units_done, done.words, done.words_done, done.percent) == (3, 2, 6, 4, 67)
    assert word_count("联合国毒品和犯罪问题办公室 UNODC") == 14  # 13 characters and a word


def test_repetitions_are_the_units_whose_sources_are_the_same_spacing_aside():
    groups = repetition_groups([unit("a", "Same  sentence."), unit("b", "Other."), unit("c", "Same sentence.")])
    assert set(groups) == {"a", "c"} and groups["a"] == groups["c"]


def test_a_match_difference_marks_what_the_match_has_and_what_the_source_has():
    pieces = match_difference("Ghana has a single framework.", "Ghana has a unified framework.")
    assert [(p.kind, p.text) for p in pieces if p.kind != "same"] == [("gone", "single"), ("new", "unified")]
    assert "".join(p.text for p in pieces if p.kind != "gone") == "Ghana has a unified framework."
