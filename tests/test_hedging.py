"""Hedging extractor: lexicon cues, context rules, quoted speech, combination, edge inputs."""

from __future__ import annotations

import time

import pytest

from reliability.lexicon import matcher
from reliability.markers import hedging
from reliability.lexicon import FastMatcher, PhraseMatcher, noisy_or
from reliability.markers.hedging import is_month_may
from reliability.records import Attribution
from reliability.resources import read_tsv
from reliability.text import parse
from tests.conftest import seed_texts


def _evidence(text: str, attributions=()):
    doc = parse(text)
    return doc, hedging.extract(doc, attributions)


def _cues(text: str) -> list[str]:
    _, ev = _evidence(text)
    return [c.text.lower() for e in ev for c in e.cues]


def _strength(text: str) -> float:
    _, ev = _evidence(text)
    return max((e.strength for e in ev), default=0.0)


@pytest.mark.parametrize("text, cue", [
    ("The minister reportedly resigned on Tuesday.", "reportedly"),
    ("The funds were allegedly moved abroad.", "allegedly"),
    ("The deal may collapse next week.", "may"),
    ("Prices might rise again.", "might"),
    ("The plant could close by winter.", "could"),
    ("It is believed the ship sank near the coast.", "it is believed"),
    ("The general is said to favour a truce.", "is said to"),
    ("The gesture has been interpreted by some as a snub.", "interpreted by some"),
    ("Talks appear to have stalled.", "appear to"),
    ("The leak seems deliberate.", "seems"),
    ("The results suggest a wider problem.", "suggest"),
    ("Perhaps the council will reconsider.", "perhaps"),
    ("The mayor will possibly step down.", "possibly"),
    ("The suspect presumably fled north.", "presumably"),
    ("The rally was seemingly organised overnight.", "seemingly"),
    ("Turnout is likely to fall.", "likely"),
    ("The scheme potentially affects thousands.", "potentially"),
    ("Analysts speculate that rates will climb.", "speculate"),
])
def test_cues_found(text: str, cue: str) -> None:
    assert cue in _cues(text)


@pytest.mark.parametrize("text", [
    "The council approved the budget on Tuesday.",
    "The factory employs 400 people.",
    "The storm hit the coast in May.",
    "Voting ended on May 12 with a clear result.",
    "May 5 was the deadline for applications.",
    "The report was published in May 2023.",
    "Theresa May addressed the chamber.",
    "The officials could not be reached for comment.",
    "The company cannot pay its debts.",
    "The spokesman would not comment on the case.",
    "There is no doubt the bridge is closed.",
    "A think tank published the figures.",
])
def test_no_hedge(text: str) -> None:
    assert _evidence(text)[1] == []


@pytest.mark.parametrize("text, month", [
    ("in May", True), ("on May 12", True), ("May 5", True), ("since May", True),
    ("last May", True), ("Theresa May", True), ("may", False), ("May", False),
    ("IT MAY", False), ("“May", False),
])
def test_is_month_may(text: str, month: bool) -> None:
    sentence = f"{text} be the answer."
    start = sentence.lower().index("may")
    assert is_month_may(sentence, start, start + 3, 0, heading=False) is month


def test_modal_may_in_title_case_heading_is_a_hedge() -> None:
    doc, ev = _evidence("Drone Deal May Reshape The Alliance\n\nThe talks continue.")
    assert doc.sentences[0].heading
    assert [c.text for c in ev[0].cues] == ["May"]


def test_month_in_heading_is_not_a_hedge() -> None:
    assert _evidence("Talks Resume In May\n\nThe talks continue.")[1] == []


def test_may_not_be_able_is_firm_but_may_not_is_a_hedge() -> None:
    assert _evidence("The agency may not be able to respond.")[1] == []
    assert "may" in _cues("The plan may not work.")


def test_cannot_rule_out_is_a_hedge() -> None:
    assert "cannot rule out" in _cues("Officials cannot rule out a second leak.")


def test_quoted_hedge_is_weaker_and_says_so() -> None:
    own = _evidence("The deal may collapse, the minister said.")[1][0]
    quoted = _evidence("“The deal may collapse,” the minister said.")[1][0]
    assert quoted.strength < own.strength
    assert "quoted speech" in quoted.why
    assert "writer's own voice" in own.why


def test_reported_speech_of_named_source_is_weaker() -> None:
    text = "Smith said the deal could collapse."
    doc = parse(text)
    content = text.index("the deal")
    attribution = Attribution(0, 10, "said", 6, 10, "named", 0, "Smith", 0, 5, content, len(text) - 1)
    plain = hedging.extract(doc, ())[0]
    reported = hedging.extract(doc, (attribution,))[0]
    assert reported.strength < plain.strength
    assert "reported speech" in reported.why


def test_several_cues_raise_strength_one_evidence() -> None:
    one = _evidence("The plan could fail.")[1]
    two = _evidence("The plan reportedly could fail.")[1]
    three = _evidence("The plan reportedly could possibly fail.")[1]
    assert len(one) == len(two) == len(three) == 1
    assert one[0].strength < two[0].strength < three[0].strength < 1.0
    assert [c.text for c in three[0].cues] == ["reportedly", "could", "possibly"]
    assert "'reportedly'" in three[0].why and "'could'" in three[0].why


def test_why_example_wording() -> None:
    ev = _evidence("The firm reportedly could close.")[1][0]
    assert ev.why == "speculative wording ('reportedly', 'could') in the writer's own voice"


def test_conditional_framing_adds_to_modal() -> None:
    assert _strength("If finalized, the deal could reshape the market.") > \
        _strength("The deal could reshape the market.")


def test_offsets_slice_exactly() -> None:
    text = "  Intro line.\n\nOfficials say it may — reportedly — be delayed. In May it was not.\n"
    doc, ev = _evidence(text)
    assert ev
    for e in ev:
        s = doc.sentences[e.sentence]
        assert (e.start, e.end) == (s.start, s.end)
        for c in e.cues:
            assert text[c.start:c.end] == c.text
            assert e.start <= c.start < c.end <= e.end
        assert 0.0 < e.strength <= 1.0


def test_boilerplate_sentences_are_skipped() -> None:
    doc, ev = _evidence("ADVERTISEMENT\nThe deal may fail.")
    assert all(not doc.sentences[e.sentence].boilerplate for e in ev)


def test_html_cue_found() -> None:
    assert "may" in _cues("<p>The deal <b>may</b> fail.</p>")


def test_very_long_input_is_fast() -> None:
    # ~220 kB of dense cues and quotes; the extractor is linear, so a loose bound suffices.
    text = "Officials say the plan may reportedly fail in May. \"It could,\" one said. " * 3000
    doc = parse(text)
    t0 = time.perf_counter()
    ev = hedging.extract(doc, ())
    assert time.perf_counter() - t0 < 5
    assert len(ev) >= 3000


def test_noisy_or_saturates() -> None:
    assert noisy_or([]) == 0.0
    assert noisy_or([0.5, 0.5]) == pytest.approx(0.75)
    assert noisy_or([0.9] * 50) <= 1.0
    assert noisy_or([1.5, -1.0]) == 1.0


def test_in_quote_finds_innermost() -> None:
    text = "“He said ‘no way’ and left, then came back later to talk again.” Then more text."
    doc = parse(text)
    inner_at = text.index("no way")
    q = doc.in_quote(inner_at, inner_at + 6)
    assert text[q.inner_start:q.inner_end] == "no way"
    q2 = doc.in_quote(text.index("left"), text.index("left") + 4)
    assert text[q2.start] == "“"
    assert doc.in_quote(text.index("Then more"), text.index("Then more") + 4) is None
    assert parse("").in_quote(0, 1) is None


@pytest.mark.parametrize("lexicon", ["hedges.tsv", "loaded.tsv"])
def test_fast_matcher_equals_phrase_matcher(lexicon: str) -> None:
    text = ("It is believed he siphoned it; officials can’t rule out a so-called flip-flopping thug. "
            "Mind-boggling! It may  well be, it   is thought, a may-be. Siphon’s exposé. "
            "THE DEAL COULD NOT be closed; a slap on the wrist, the worst ever.")
    slow = [(m.start, m.end) for m in PhraseMatcher(read_tsv(lexicon)).finditer(text)]
    fast = [(m.start, m.end) for m in matcher(lexicon).finditer(text, 0, len(text))]
    assert isinstance(matcher(lexicon), FastMatcher)
    assert fast == slow and slow


def test_lexicon_rows_are_valid() -> None:
    types = {"epistemic", "doxastic", "hearsay", "impersonal", "conditional", "investigation", "firm"}
    rows = read_tsv("hedges.tsv")
    assert len(rows) > 150
    for r in rows:
        assert r["type"] in types
        assert 0.0 <= float(r["weight"]) <= 1.0
        assert (float(r["weight"]) == 0) == (r["type"] == "firm")


def test_seeds() -> None:
    seeds = seed_texts()
    by_prefix = {k[:3]: v for k, v in seeds.items()}
    cues_000 = _cues(by_prefix["000"])
    assert "reportedly" in cues_000 and "interpreted by some" in cues_000

    def strong(text: str) -> int:
        return sum(e.strength >= 0.5 for e in _evidence(text)[1])

    assert strong(by_prefix["001"]) <= 1
    assert strong(by_prefix["003"]) > strong(by_prefix["001"])
