"""Unsourced-allegations marker: flags by attribution state, cues, seeds, odd inputs."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from reliability.attribution import find_attributions
from reliability.config import UNSOURCED_STATE_FACTOR as STATE_FACTOR
from reliability.markers.unsourced import MARKER, extract
from reliability.text import parse


def _evidence(text: str):
    doc = parse(text)
    return doc, extract(doc, find_attributions(doc))


def _check(doc, evidence) -> None:
    seen = set()
    for e in evidence:
        s = doc.sentences[e.sentence]
        assert e.marker == MARKER and (e.start, e.end) == (s.start, s.end)
        assert 0 < e.strength <= 1 and e.why
        assert e.sentence not in seen
        seen.add(e.sentence)
        for c in e.cues:
            assert doc.text[c.start:c.end] == c.text and s.start <= c.start and c.end <= s.end


@pytest.mark.parametrize("text, cue, state", [
    ("The mayor siphoned money from the pension fund.", "siphoned", "no identifiable source"),
    ("The governor had allegedly siphoned funds through shell companies.", "siphoned",
     "no identifiable source"),
    ("Critics argue that the minister took bribes from the contractor.", "bribes", "vague source"),
    ("Sources say the chief of police covered up the abuse.", "covered up", "vague source"),
    ("A senior official said the director embezzled public money.", "embezzled", "anonymous source"),
    ("Earlier this year, a damning exposé revealed that the agency lied to Congress.",
     "lied", "vague source"),
    ("It is a fact that the election was stolen.", "stolen", "no identifiable source"),
])
def test_flagged(text: str, cue: str, state: str) -> None:
    doc, ev = _evidence(text)
    _check(doc, ev)
    assert len(ev) == 1
    assert cue in [c.text for c in ev[0].cues]
    assert f"'{cue}'" in ev[0].why and state in ev[0].why


@pytest.mark.parametrize("text", [
    "According to the Justice Ministry, the mayor siphoned money from the pension fund.",
    "Prosecutor Ana Ruiz said the director embezzled public money.",
    "The auditors’ annual report shows that the agency committed fraud.",
    "“He stole from the city,” said Maria Lopez.",
    "The mayor denied any wrongdoing.",
    "Officials chose to downplay the corruption claims.",
    "The city launched an anti-corruption campaign.",
    "The bridge reopened on Monday after repairs.",
])
def test_not_flagged(text: str) -> None:
    doc, ev = _evidence(text)
    _check(doc, ev)
    assert ev == []


def test_strength_follows_state() -> None:
    none = _evidence("The director embezzled public money.")[1][0].strength
    vague = _evidence("Critics say the director embezzled public money.")[1][0].strength
    anon = _evidence("A senior official said the director embezzled public money.")[1][0].strength
    assert none > vague > anon
    assert STATE_FACTOR["none"] > STATE_FACTOR["vague"] > STATE_FACTOR["anonymous"]


def test_vague_source_is_a_cue() -> None:
    _, ev = _evidence("Critics argue that the minister took bribes.")
    assert "Critics" in [c.text for c in ev[0].cues]


def test_boilerplate_skipped_and_one_per_sentence() -> None:
    text = "– ADVERTISEMENT –\nThe mayor stole funds, committed fraud and took bribes."
    doc, ev = _evidence(text)
    _check(doc, ev)
    assert len(ev) == 1 and not doc.sentences[ev[0].sentence].boilerplate


@pytest.mark.parametrize("text", ["", "  \n ", "“”", "<div>fraud</div>", "Betrug und Korruption überall.",
                                  "коррупция", "fraud " * 2000])
def test_odd_inputs_do_not_crash(text: str) -> None:
    doc, ev = _evidence(text)
    _check(doc, ev)


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds folder absent")
def test_seed_003_flags_the_expose_sentences() -> None:
    doc, ev = _evidence(_seed("003"))
    _check(doc, ev)
    flagged = {e.sentence: e for e in ev}
    assert {12, 13, 14} <= set(flagged)
    assert "siphoned" in flagged[12].why and "vague" in flagged[12].why


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds folder absent")
@pytest.mark.parametrize("prefix, most", [("000", 1), ("001", 0), ("002", 1)])
def test_other_seeds_have_few_flags(prefix: str, most: int) -> None:
    doc, ev = _evidence(_seed(prefix))
    _check(doc, ev)
    assert len(ev) <= most


@pytest.mark.parametrize("text, cue", [
    ("The governor later claimed the car was a gift from a cousin, though no records of such a gift exist.",
     "no records of"),
    ("The spokesman said the audit was finished, but no official records show it.", "no official records"),
    ("The promised second meeting never took place.", "never took place"),
])
def test_absence_claims_in_the_writers_voice(text: str, cue: str) -> None:
    doc, ev = _evidence(text)
    _check(doc, ev)
    assert len(ev) == 1 and cue in [c.text for c in ev[0].cues]
    assert "categorical claim" in ev[0].why and "no identifiable source" in ev[0].why


@pytest.mark.parametrize("text", [
    "The registry said no records of the sale exist.",  # the absence has a named source
    "The governor claimed that the rival had embezzled funds.",  # the claim is the governor's
])
def test_claims_inside_a_named_attribution_are_not_flagged(text: str) -> None:
    doc, ev = _evidence(text)
    _check(doc, ev)
    assert ev == [], [e.why for e in ev]


def test_why_names_the_cue_when_the_vague_source_phrase_is_elsewhere():
    # A learned cue can take a vague kind from a source phrase in another sentence; the
    # explanation must not print "None" for the missing phrase.
    from reliability.lexicon import Match
    from reliability.markers.unsourced import _why
    from reliability.records import Attribution
    cue = Match(0, 5, "stole", {"type": "wrongdoing"})
    att = Attribution(0, 10, "backing", 0, 7, "vague", 0, None, None, None, None, None)
    why = _why(cue, att)
    assert "None" not in why and "'backing'" in why and "vague" in why
