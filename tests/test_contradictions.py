"""Tests for the internal-contradictions marker and its synthetic benchmark.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import DATA, needs_data
from hypothesis import given, settings
from hypothesis import strategies as st

from reliability.evaluation.contradictions import (
    TRANSFORMS,
    detect_pair,
    make_cases,
    timing,
)
from reliability.markers.contradictions import MARKER, extract
from reliability.records import Attribution
from reliability.text import parse

FILLER = ("The weather in the capital was mild for the season.\n"
          "Local markets opened as usual and traffic was light.\n")


def _run(text: str, attributions=()):
    doc = parse(text)
    return doc, extract(doc, attributions)


def _pair(doc, evidence, first: str, second: str) -> bool:
    """True when the sentences holding ``first`` and ``second`` are flagged as a pair."""
    i = doc.sentence_at(doc.text.index(first))
    j = doc.sentence_at(doc.text.index(second))
    by = {e.sentence: e for e in evidence}
    return i in by and j in by and by[i].related.sentence == j and by[j].related.sentence == i


POSITIVE = [
    ("number", "Russia launched 117 drones at the port city overnight, the air force said.",
     "The air force said Russia launched 170 drones at the port city overnight.", ("117 drones", "170 drones")),
    ("date", "The two delegations met in March 2025 in Vienna to discuss the grain corridor.",
     "The two delegations met in April 2025 in Vienna to discuss the grain corridor.", ("March 2025", "April 2025")),
    ("count word", "The council signed a five-year lease for the harbour warehouse with the shipping firm.",
     "The council signed a ten-year lease for the harbour warehouse with the shipping firm.", ("five-year", "ten-year")),
    ("negation", "The ministry confirmed the gas deal with the northern neighbour on Tuesday.",
     "The ministry did not confirm the gas deal with the northern neighbour on Tuesday.", ("confirmed", "not")),
    ("contraction", "The mayor will attend the opening of the new bridge across the river.",
     "The mayor won't attend the opening of the new bridge across the river.", ("attend", "won't")),
    ("antonym", "The regional parliament approved the budget for rebuilding the flooded schools.",
     "The regional parliament rejected the budget for rebuilding the flooded schools.", ("approved", "rejected")),
    ("direction", "Unemployment in the mining towns rose sharply during the second quarter of the year.",
     "Unemployment in the mining towns fell sharply during the second quarter of the year.", ("rose", "fell")),
    ("outcome", "The home side won the cup final against the league champions in extra time.",
     "The home side lost the cup final against the league champions in extra time.", ("won", "lost")),
]


def _pair_evidence(text: str, first: str, second: str, cues):
    """Check both sentences are flagged as a pair; yield each one's evidence with its cue."""
    doc, ev = _run(text)
    assert _pair(doc, ev, first, second), [e.why for e in ev]
    by = {e.sentence: e for e in ev}
    for sentence_text, cue in zip((first, second), cues):
        yield by[doc.sentence_at(text.index(sentence_text))], cue


@pytest.mark.parametrize("kind,first,second,cues", POSITIVE, ids=[p[0] for p in POSITIVE])
def test_contradiction_found_on_both_sentences(kind, first, second, cues):
    text = f"Harbour news\n\n{first}\n{FILLER}{second}\n"
    for e, cue in _pair_evidence(text, first, second, cues):
        assert any(c.text.startswith(cue) for c in e.cues), (cue, e.cues)  # "five-year lease"
        assert e.why and e.marker == MARKER and 0 < e.strength <= 1


NEGATIVE = [
    ("different facts", "The city spent $5 million on new buses for the eastern districts this spring.",
     "Twelve people were injured when a bus crashed in the eastern districts."),
    ("same number repeated", "The storm destroyed 40 homes along the northern coast, officials said.",
     "Officials said 40 homes along the northern coast were destroyed by the storm."),
    ("paraphrase", "The ministry confirmed the gas deal with the northern neighbour on Tuesday.",
     "On Tuesday the gas deal with the northern neighbour was confirmed by the ministry."),
    ("two events", "On Monday the rebels fired 30 rockets at the border town, the army said.",
     "On Friday the rebels fired 12 rockets at the border town, the army said."),
    ("bound agrees", "More than 50 people died in the factory fire, the regional governor said.",
     "The regional governor said 59 people died in the factory fire."),
    ("approximation", "About 1,000 workers joined the strike at the car plant on the first day.",
     "Some 1,020 workers joined the strike at the car plant on the first day."),
    ("not only", "The plan is not only expensive but also slow, the auditors wrote in their report.",
     "The auditors wrote in their report that the plan is expensive and slow."),
    ("question", "Why did the council not publish the audit of the harbour accounts?",
     "The council did publish the audit of the harbour accounts last week."),
    ("negated antonym agrees", "The home side did not win the cup final against the champions.",
     "The home side lost the cup final against the champions."),
    ("unrelated numbers", "The new stadium has 45,000 seats and cost 300 million euros to build.",
     "Police arrested 12 fans after the match in the old town square."),
]


@pytest.mark.parametrize("kind,first,second", NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_near_misses_do_not_fire(kind, first, second):
    _, ev = _run(f"{first}\n{FILLER}{second}\n")
    assert ev == [], [e.why for e in ev]


def test_evidence_contract_offsets_and_related():
    text = ("Drone strikes\n\nRussia launched 117 drones at the port city overnight, the air force said.\n"
            + FILLER + "The ministry confirmed the gas deal with the northern neighbour on Tuesday.\n"
            "The air force said Russia launched 170 drones at the port city overnight.\n"
            "The ministry did not confirm the gas deal with the northern neighbour on Tuesday.\n")
    doc, ev = _run(text)
    assert len(ev) == 4
    assert len({e.sentence for e in ev}) == len(ev)  # one evidence per sentence
    assert [e.start for e in ev] == sorted(e.start for e in ev)
    for e in ev:
        s = doc.sentences[e.sentence]
        assert (e.start, e.end) == (s.start, s.end)
        assert text[e.start:e.end] == doc.sentence_text(e.sentence)
        o = doc.sentences[e.related.sentence]
        assert (e.related.start, e.related.end) == (o.start, o.end) and e.related.sentence != e.sentence
        for c in e.cues:
            assert text[c.start:c.end] == c.text and e.start <= c.start < c.end <= e.end
        assert f"sentence {e.related.sentence}" in e.why
        assert e.to_dict()["related"]["sentence"] == e.related.sentence


def test_strongest_pair_kept_and_others_mentioned():
    text = ("The storm destroyed 40 homes along the northern coast, officials said.\n" + FILLER
            + "Officials said the storm destroyed 70 homes along the northern coast.\n"
            + FILLER.replace("mild", "cold")
            + "The storm destroyed 90 homes along the northern coast, officials said.\n")
    doc, ev = _run(text)
    first = next(e for e in ev if e.sentence == doc.sentence_at(0))
    assert "conflicts with 1 other sentence" in first.why


def _attr(text: str, source: str, quote: str, after: int = 0) -> Attribution:
    s = text.index(source, after)
    q = text.index(quote, after)
    return Attribution(start=s, end=s + len(source), cue="said", cue_start=s, cue_end=s + len(source),
                       kind="named", sentence=0, source=source, source_start=s, source_end=s + len(source),
                       content_start=q, content_end=q + len(quote))


QUOTE = "We will rebuild every school before the winter comes"


def test_same_quote_two_speakers():
    first = f"“{QUOTE},” Mayor Anna Berg said at the ceremony."
    second = f"“{QUOTE},” said Governor Piet Lind on Friday."
    text = f"{first}\n{FILLER}{second}\n"
    atts = [_attr(text, "Mayor Anna Berg", QUOTE), _attr(text, "Governor Piet Lind", QUOTE, text.index(second))]
    doc, ev = _run(text, atts)
    assert _pair(doc, ev, first, second)
    cues = {c.text for e in ev for c in e.cues}
    assert cues == {"Mayor Anna Berg", "Governor Piet Lind"}
    assert all("quotation" in e.why for e in ev)


@pytest.mark.parametrize("second_source", ["Berg", "she"])
def test_same_quote_same_or_unknown_speaker_is_fine(second_source):
    first = f"“{QUOTE},” Mayor Anna Berg said at the ceremony."
    second = f"“{QUOTE},” {second_source} said again on Friday."
    text = f"{first}\n{FILLER}{second}\n"
    atts = [_attr(text, "Mayor Anna Berg", QUOTE), _attr(text, second_source, QUOTE, text.index(second))]
    assert _run(text, atts)[1] == []


@pytest.mark.parametrize("cue, kind", [(":", "named"), ("showed", "document")])
def test_relayed_quote_is_not_a_second_speaker(cue, kind):
    # "Campaign Video: '...'" and "a new video showed ..." relay a quotation; they do not say it.
    first = f"“{QUOTE},” Mayor Anna Berg said at the ceremony."
    second = f"Campaign Video: “{QUOTE}.”"
    text = f"{first}\n{FILLER}{second}\n"
    relay = dataclasses.replace(_attr(text, "Campaign Video", QUOTE, text.index(second)), cue=cue, kind=kind)
    assert _run(text, [_attr(text, "Mayor Anna Berg", QUOTE), relay])[1] == []


def test_quote_without_attributions_gives_nothing():
    text = f"“{QUOTE},” Mayor Anna Berg said.\n{FILLER}“{QUOTE},” said Governor Piet Lind.\n"
    assert _run(text)[1] == []


@pytest.mark.parametrize("text", [
    "", "   \n\n\t ", "Only one sentence with 12 numbers in it.", "“”\n\"\"\n«»",
    "<html><body><p>The council approved 5 plans.</p><p>The council rejected 5 plans.</p></body></html>",
    "Der Rat hat den Plan am Montag nicht genehmigt. Der Rat hat den Plan am Montag genehmigt.",
    "Совет утвердил 117 планов. Совет утвердил 170 планов.",
    "委员会批准了117项计划。委员会批准了170项计划。",
    "1,2,3,4,5,6,7,8,9 " * 200,
    "not not not no never n't " * 300,
])
def test_edge_inputs_do_not_crash(text):
    doc, ev = _run(text)
    for e in ev:
        assert text[e.start:e.end] == doc.sentence_text(e.sentence)


def test_very_long_input_repeats_are_not_contradictions():
    text = (FILLER + "Russia launched 117 drones at the port city overnight, the air force said.\n") * 2000
    doc, ev = _run(text)
    assert len(doc.sentences) == 6000 and ev == []


def test_timing_check_runs_and_reports_each_factor():
    rows = timing("The council approved 5 plans on Monday.\nThe port opened at dawn.", factors=(1, 3))
    assert [(r["factor"], r["mode"]) for r in rows] == [(1, "verbatim"), (1, "distinct"),
                                                       (3, "verbatim"), (3, "distinct")]
    assert rows[-1]["sentences"] == 6


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc XYZ 0123456789.,;:\"“”'’-\n$%notNo")), max_size=400))
def test_random_text_keeps_offsets(text):
    doc, ev = _run(text)
    assert len({e.sentence for e in ev}) == len(ev)
    for e in ev:
        assert text[e.start:e.end] == doc.sentence_text(e.sentence)
        assert all(text[c.start:c.end] == c.text for c in e.cues)


# --- the synthetic benchmark, on an article written for this test ---

ARTICLE = """Port city counts the damage

Russia launched 117 drones at the port city on Tuesday night, the regional governor said.
The governor said the attack damaged 14 apartment blocks and a grain terminal.
“We will rebuild every damaged home before the winter,” Governor Piet Lind said.
The city council approved an emergency budget of 30 million euros in March 2024.
Engineers have restored power to most districts, and water is running again.
Schools will reopen on Monday, the education department said.
The harbour remained closed to cargo ships for a second day.
Residents queued for hours at aid points in the old town.
Volunteers handed out blankets and hot meals to families who lost their homes.
"""


@pytest.mark.parametrize("kind", TRANSFORMS)
def test_benchmark_cases_are_deterministic_and_offsets_exact(kind):
    cases = make_cases("t1", ARTICLE, kind, seed=3, per_article=2)
    again = make_cases("t1", ARTICLE, kind, seed=3, per_article=2)
    assert cases == again and cases, kind
    for c in cases:
        a, b = c.original
        x, y = c.inserted
        assert ARTICLE[a:b] == c.text[a:b]  # the original sits where it was
        assert c.text[:x - 1] == ARTICLE[:x - 1] and b <= x  # inserted later, as a new line
        assert c.text[x:y] != c.text[a:b] and "\n" not in c.text[x:y]
        if kind == "speaker":
            assert len(c.oracle) == 2 and c.oracle[0].source != c.oracle[1].source
            for att in c.oracle:
                assert c.text[att.source_start:att.source_end] == att.source


@pytest.mark.parametrize("kind", TRANSFORMS)
def test_benchmark_cases_are_detected_on_own_article(kind):
    for c in make_cases("t1", ARTICLE, kind, seed=0, per_article=2):
        assert detect_pair(c, c.oracle), (kind, c.text[c.inserted[0]:c.inserted[1]])


@needs_data
def test_benchmark_builds_from_ptc_dev():
    from reliability.corpora import ptc_articles

    articles = list(ptc_articles("dev", DATA))[:3]
    cases = [c for aid, text in articles for c in make_cases(aid, text, "number")]
    assert cases
    assert all(0 <= c.original[0] < c.original[1] <= c.inserted[0] < c.inserted[1] <= len(c.text)
               for c in cases)


SETTING_POSITIVE = [
    ("The minister wore a scarf in the rebel colours at his meeting with the envoy.",
     "This incident, which occurred during a televised parliamentary debate in May, drew protests.",
     ("meeting", "debate")),
    ("The striker pushed a cameraman after the press conference on Sunday.",
     "The episode took place at a charity dinner hosted by the club, witnesses said.",
     ("conference", "dinner")),
]
SETTING_NEGATIVE = [
    ("same setting", "The minister wore a scarf in the rebel colours at his meeting with the envoy.",
     "This incident, which occurred during the meeting, drew protests."),
    ("no back reference", "The minister wore a scarf in the rebel colours at his meeting with the envoy.",
     "A separate dispute broke out during a parliamentary debate in May."),
    ("no setting named", "The minister wore a scarf in the rebel colours at his meeting with the envoy.",
     "This incident drew protests from the opposition benches."),
]


@pytest.mark.parametrize("first,second,cues", SETTING_POSITIVE, ids=["meeting/debate", "conference/dinner"])
def test_one_event_in_two_settings(first, second, cues):
    text = f"{first} {second}\n"
    for e, cue in _pair_evidence(text, first, second, cues):
        assert [c.text for c in e.cues] == [cue] and "places the event" in e.why


@pytest.mark.parametrize("kind,first,second", SETTING_NEGATIVE, ids=[n[0] for n in SETTING_NEGATIVE])
def test_one_setting_or_no_reference_is_no_conflict(kind, first, second):
    _, ev = _run(f"{first} {second}\n")
    assert ev == [], [e.why for e in ev]


def test_setting_needs_adjacent_sentences():
    first, second = SETTING_POSITIVE[0][:2]
    _, ev = _run(f"{first}\n{FILLER}{second}\n")
    assert ev == [], [e.why for e in ev]
