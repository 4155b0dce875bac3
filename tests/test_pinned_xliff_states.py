"""XLIFF states, both ways (the table in publisher/interchange/xliff.py, docs/post-editing.md): a
unit's state goes out and comes back as it was, in XLIFF 2.1 and 1.2; a unit of several segments is
only as far along as its least advanced segment. A state read too high would let an unchecked
sentence pass for a reviewed or final one."""
from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree

from publisher.interchange.xliff import XLIFF1_NAMESPACE, XLIFF2_NAMESPACE, write_xliff
from publisher.interchange.xliff_read import read_xliff
from publisher.postedit import open_workset
from publisher.interchange.inline import STATES

X1 = f"{{{XLIFF1_NAMESPACE}}}"


@pytest.fixture
def states_workset(draft, glossary):
    """The Spanish draft, its translated units given each state in turn."""
    workset = open_workset(draft, "es", glossary=glossary)
    translated = [u for u in workset.units if u.target]
    assert len(translated) >= len(STATES)
    wanted = {u.id: STATES[n % len(STATES)] for n, u in enumerate(translated)}
    return replace(workset, units=tuple(replace(u, state=wanted[u.id]) if u.id in wanted else u
                                        for u in workset.units)), wanted


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_every_state_comes_back_as_it_went_out(states_workset, tmp_path, version):
    workset, wanted = states_workset
    document = read_xliff(write_xliff(workset, tmp_path / "states.xlf", version))
    read = {u.id: u.state for u in document.units}
    assert {identifier: read[identifier] for identifier in wanted} == wanted


def test_xliff_1_2_says_each_state_as_cat_tools_read_it(states_workset, tmp_path):
    workset, wanted = states_workset
    root = etree.parse(str(write_xliff(workset, tmp_path / "states.xlf", "1.2"))).getroot()
    written = {u.get("id"): (u.find(f"{X1}target").get("state"), u.get("approved"))
               for u in root.iter(f"{X1}trans-unit") if u.get("id") in wanted}
    expected = {"initial": ("needs-translation", "no"), "translated": ("translated", "no"),
                "reviewed": ("signed-off", "yes"), "final": ("final", "yes")}
    assert written == {identifier: expected[state] for identifier, state in wanted.items()}


UNIT = """<?xml version="1.0"?>
<xliff xmlns="{ns}" version="2.1" srcLang="en" trgLang="es"><file id="f1"><unit id="u1">{segments}</unit></file></xliff>"""


@pytest.mark.parametrize("states, expected", [
    (("final", "translated"), "translated"),
    (("translated", "final"), "translated"),
    (("reviewed", "final", "reviewed"), "reviewed"),
    (("final", "initial"), "initial"),
    (("final", "final"), "final"),
    (("reviewed", None), "initial"),  # a segment without a state is initial (XLIFF 2 default)
])
def test_a_unit_of_several_segments_takes_its_lowest_state(tmp_path, states, expected):
    attributes = [f' state="{s}"' if s else "" for s in states]
    segments = "".join(f"<segment{a}><source>S{n}.</source><target>T{n}.</target></segment>"
                       for n, a in enumerate(attributes))
    path = tmp_path / "unit.xlf"
    path.write_text(UNIT.format(ns=XLIFF2_NAMESPACE, segments=segments), encoding="utf-8")
    [unit] = read_xliff(path).units
    assert unit.state == expected and unit.problems == ()


def test_an_unknown_segment_state_is_a_problem_and_reads_as_initial(tmp_path):
    path = tmp_path / "unit.xlf"
    path.write_text(UNIT.format(ns=XLIFF2_NAMESPACE, segments='<segment state="approved"><source>S.</source>'
                                                              '<target>T.</target></segment>'), encoding="utf-8")
    [unit] = read_xliff(path).units
    assert unit.state == "initial" and any('"approved"' in p for p in unit.problems)
