"""Tests for cross-source corroboration (reliability.corroboration): synthetic stories written for
these tests, one per finding kind with positive and negative cases, plus the seed story."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability.attribution import find_attributions
from reliability.corroboration import (
    KINDS,
    LEVELS,
    Finding,
    Side,
    alarms,
    by_article,
    corroborate,
    corroborate_texts,
    story_groups,
)
from reliability.corroboration_quotes import (
    Speaker,
    quote_infos,
    same_speaker,
    wording_changes,
)
from reliability.scorer import default_scorer
from reliability.text import parse

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# One story told by two invented outlets. B differs from A in the mayor's quotation's speaker,
# one quoted word, the cost, the start year, the vote's outcome, a councillor's one-word verdict,
# and it adds an allegation.
BRIDGE_A = """City council approves new river bridge

The city council voted on Tuesday to approve a new bridge across the Marlow River, ending months of debate.

“This bridge will connect our neighbourhoods and cut commuting times in half for thousands of families,” said Mayor Elena Brandt.

The project will cost 45 million dollars, according to the budget office of the city.

Construction of the new bridge is expected to begin in March 2026, the council said.

Councillor Tom Reyes called the vote “historic” at a press conference held outside city hall after the session.

“We listened to every resident of the river district and we will keep listening,” Reyes told reporters.

In the end the council approved the bridge plan by seven votes to two.
"""

BRIDGE_B = """Marlow River bridge gets a vote

On Tuesday the city council voted to approve a new bridge across the Marlow River after months of debate.

“This bridge will connect our neighbourhoods and cut commuting times in half for thousands of families,” said council spokesman Ivan Petrov.

The project will cost 60 million dollars, according to the budget office of the city.

Construction of the new bridge is expected to begin in March 2027, the council said.

Councillor Tom Reyes called the vote “shameful” at a press conference held outside city hall after the session.

“We listened to every resident of the river district and we will keep talking,” Reyes told reporters.

In the end the council rejected the bridge plan by seven votes to two.

The mayor secretly embezzled money from the bridge budget through a shell company run by her brother.
"""

# The same story again, told consistently with A (reworded, same facts, same speakers).
BRIDGE_C = """Council backs Marlow River bridge

After months of debate the city council voted on Tuesday to approve a new bridge across the Marlow River.

“This bridge will connect our neighbourhoods and cut commuting times in half for thousands of families,” Mayor Elena Brandt said.

According to the budget office of the city, the project will cost 45 million dollars.

The council said construction of the new bridge is expected to begin in March 2026.

At a press conference held outside city hall after the session, Councillor Tom Reyes called the vote “historic”.

The council approved the bridge plan by seven votes to two.
"""

UNRELATED = """Local bakery wins national bread prize

A small bakery in the harbour town of Kessing has won the national sourdough championship for the second year.

Owner Priya Nandakumar said her starter culture is older than her shop and that she feeds it twice a day.

Judges praised the loaf's open crumb and its dark, blistered crust.

The bakery plans to offer weekend classes for children starting in the autumn.
"""


@pytest.fixture(scope="module")
def scorer():
    return default_scorer()


def _run(scorer, *pairs: tuple[str, str], **options) -> list[Finding]:
    return corroborate_texts(pairs, scorer=scorer, **options)


def _kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


def _check_offsets(findings: list[Finding], texts: dict[str, str]) -> None:
    for f in findings:
        assert f.kind in KINDS and f.why and 0 <= f.severity <= 1
        for s in f.sides:
            assert texts[s.id][s.start:s.end] == s.text
            if s.sentence is not None:
                assert s.sentence[0] <= s.start <= s.end <= s.sentence[1]


@pytest.fixture(scope="module")
def bridge(scorer):
    found = _run(scorer, ("A", BRIDGE_A), ("B", BRIDGE_B))
    _check_offsets(found, {"A": BRIDGE_A, "B": BRIDGE_B})
    return found


def _one(found: list[Finding], kind: str, needle_a: str, needle_b: str | None = None) -> Finding:
    """The finding of ``kind`` whose A side covers ``needle_a`` (and B side ``needle_b``)."""
    hits = []
    for f in found:
        sides = {s.id: s for s in f.sides}
        if f.kind != kind:
            continue
        a = sides.get("A")
        b = sides.get("B")
        ok_a = a is not None and needle_a in BRIDGE_A[a.start:a.end]
        ok_b = needle_b is None or (b is not None and needle_b in BRIDGE_B[b.start:b.end])
        if ok_a and ok_b:
            hits.append(f)
    assert len(hits) == 1, [(f.kind, f.why) for f in found]
    return hits[0]


def test_quote_speaker_found(bridge):
    f = _one(bridge, "quote_speaker", "This bridge will connect", "This bridge will connect")
    assert "Elena Brandt" in f.why and "Ivan Petrov" in f.why
    a = next(s for s in f.sides if s.id == "A")
    assert BRIDGE_A[a.start:a.end].startswith("This bridge will connect")


def test_quote_wording_long_and_short(bridge):
    f = _one(bridge, "quote_wording", "keep listening", "keep talking")
    assert "listening" in f.why and "talking" in f.why
    f = _one(bridge, "quote_wording", "historic", "shameful")
    b = next(s for s in f.sides if s.id == "B")
    assert BRIDGE_B[b.start:b.end] == "shameful"


@pytest.mark.parametrize("kind, a, b", [
    ("number_mismatch", "45 million", "60 million"),
    ("date_mismatch", "2026", "2027"),
    ("outcome_mismatch", "approved", "rejected"),
])
def test_claim_mismatches(bridge, kind, a, b):
    f = _one(bridge, kind, a, b)
    assert any(s.id == "A" and a in s.text for s in f.sides)


def test_uncorroborated_allegation(bridge):
    hits = [f for f in bridge if f.kind == "uncorroborated_allegation" and "embezzled" in f.sides[0].text]
    assert len(hits) == 1
    assert "embezzled" in hits[0].why and "only in B" in hits[0].why


def test_allegation_sides_only_in_the_one_outlet(bridge):
    alleg = [f for f in bridge if f.kind == "uncorroborated_allegation"]
    assert alleg and all(len(f.sides) == 1 and f.sides[0].id == "B" for f in alleg)
    assert not any("council voted" in f.sides[0].text for f in alleg)


@pytest.mark.parametrize("kind, needle, level", [
    ("quote_speaker", "This bridge will connect", "alarm"),  # two named people
    ("quote_wording", "keep listening", "note"),  # wording differences are never alarms
    ("number_mismatch", "45 million", "note"),  # the sentences name nothing in common
    ("uncorroborated_allegation", "embezzled", "alarm"),  # unsourced; A covers the mayor, alleges nothing
])
def test_levels(bridge, kind, needle, level):
    hits = [f for f in bridge if f.kind == kind and any(needle in (s.text or "") for s in f.sides)]
    assert hits and {f.level for f in hits} == {level}
    assert alarms(hits) == (hits if level == "alarm" else [])
    assert all(f.alarming == (f.level == "alarm") and f.level in LEVELS for f in bridge)


# Two press releases of one agency about two different operations: the same phrasing, other places.
RAID_A = """Officers arrest dozens in harbour operation

Agency officers arrested 45 people in Springfield during a three-day enforcement operation that ended on Friday.

The operation targeted people wanted on outstanding warrants for violent offences and for fraud.

Most of those arrested had prior convictions for burglary, assault and driving offences, the agency said.

All of those arrested will appear before a judge in the coming weeks, a spokesperson for the agency said.
"""
RAID_B = RAID_A.replace("harbour", "river").replace("45 people in Springfield", "16 people in Riverton")


def test_different_events_give_no_number_mismatch(scorer):
    found = _run(scorer, ("A", RAID_A), ("B", RAID_B))
    assert "number_mismatch" not in _kinds(found)


def test_allegation_about_someone_the_peer_never_names_is_not_reported(scorer):
    claim = "\nSenator Okafor quietly took bribes from a logging firm in exchange for his vote.\n"
    found = _run(scorer, ("A", BRIDGE_A), ("C", BRIDGE_C + claim))
    assert not [f for f in found if f.kind == "uncorroborated_allegation" and "Okafor" in (f.sides[0].text or "")]


def test_average_linkage_does_not_chain():
    # Each text shares half its words with the next: single linkage would chain all six together.
    vocab = [f"word{chr(97 + k)}{chr(97 + j)}" for k in range(7) for j in range(8)]
    texts = [" ".join(vocab[8 * k:8 * k + 16]) for k in range(6)]
    groups = story_groups(texts)
    assert sorted(i for g in groups for i in g) == list(range(6))
    assert max(map(len, groups)) < 6


def test_consistent_outlets_report_nothing(scorer):
    found = _run(scorer, ("A", BRIDGE_A), ("C", BRIDGE_C))
    assert found == []


def test_allegation_in_both_outlets_is_corroborated(scorer):
    claim = "\nThe mayor secretly embezzled money from the bridge budget through a shell company run by her brother.\n"
    found = _run(scorer, ("A", BRIDGE_A + claim), ("C", BRIDGE_C + claim))
    assert "uncorroborated_allegation" not in _kinds(found)


def test_unrelated_story_not_grouped(scorer):
    assert _run(scorer, ("A", BRIDGE_A), ("X", UNRELATED)) == []
    assert story_groups([BRIDGE_A, UNRELATED, BRIDGE_C]) == [[0, 2], [1]]


def test_identical_copy_reports_nothing(scorer):
    assert _run(scorer, ("A", BRIDGE_A), ("A2", BRIDGE_A)) == []


def test_kinds_filter_and_unknown_kind(scorer):
    found = _run(scorer, ("A", BRIDGE_A), ("B", BRIDGE_B), kinds=["number_mismatch"])
    assert found and set(_kinds(found)) == {"number_mismatch"}
    with pytest.raises(ValueError):
        _run(scorer, ("A", BRIDGE_A), kinds=["gossip"])


def test_ids_length_checked(scorer):
    a = scorer.analyse(BRIDGE_A, "A")
    with pytest.raises(ValueError):
        corroborate([a, a], ids=["only one"])


def test_to_dict_and_by_article(bridge):
    d = bridge[0].to_dict()
    assert set(d) == {"kind", "why", "story", "severity", "level", "sides"}
    assert d["level"] in LEVELS
    assert {"id", "start", "end"} <= set(d["sides"][0])
    index = by_article(bridge)
    assert set(index) == {"A", "B"}
    assert sum(len(v) for v in index.values()) >= len(bridge)


@pytest.mark.parametrize("texts", [
    [],
    [BRIDGE_A],
    ["", ""],
    ["   \n  ", "\n\n"],
    ["“ ” “ ”", "\"\" \"\""],
    ["<html><body><p>Hello <b>world</b></p></body></html>", "<div>Hello world</div>"],
    ["Der Stadtrat hat am Dienstag eine neue Brücke genehmigt.", "Le conseil municipal a approuvé un nouveau pont."],
    ["12 34 56", "78 90"],
])
def test_edge_inputs(scorer, texts):
    pairs = [(str(n), t) for n, t in enumerate(texts)]
    found = _run(scorer, *pairs)
    _check_offsets(found, dict(pairs))


def test_long_collection_is_fast(scorer):
    import time

    long_a = "\n\n".join(BRIDGE_A.replace("Marlow", f"Marlow{k}") for k in range(30))
    analyses = [scorer.analyse(t, i) for i, t in (("A", long_a), ("B", BRIDGE_B), ("C", BRIDGE_C), ("X", UNRELATED))]
    t0 = time.perf_counter()
    corroborate(analyses, ids=["A", "B", "C", "X"])
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize("a, b, changed", [
    (["we", "will", "keep", "listening"], ["we", "will", "keep", "talking"], [("listening", "talking")]),
    (["your", "drones", "are", "the", "best"], ["your", "drones", "are", "the", "finest"], [("best", "finest")]),
    (["a", "b", "c", "d"], ["b", "c"], []),  # an excerpt is no change
    (["a", "b", "c", "d"], ["a", "b", "x", "c", "d"], [("", "x")]),  # an inserted word inside is
    (["a", "b", "c"], ["a", "b", "c"], []),
])
def test_wording_changes(a, b, changed):
    assert wording_changes(a, b) == changed


def _sp(source: str, kind: str, key: str) -> Speaker:
    return Speaker(source, kind, key, "say", None)


@pytest.mark.parametrize("x, y, texts, same", [
    (_sp("Zelensky", "named", "zelensky"), _sp("Volodymyr Zelenskyy", "named", "zelenskyy"), (), True),
    (_sp("Elena Brandt", "named", "brandt"), _sp("Ivan Petrov", "named", "petrov"), (), False),
    (_sp("a senior official", "anonymous", "offici"), _sp("officials", "vague", "offici"), (), True),
    (_sp("a senior official", "anonymous", "offici"), _sp("defense contractors", "vague", "contractor"), (), False),
    (_sp("the president", "anonymous", "presid"), _sp("Trump", "named", "trump"), ("President Donald Trump spoke.",), True),
    (_sp("a senior official", "anonymous", "offici"), _sp("Zelensky", "named", "zelensky"), ("Zelensky spoke.",), False),
])
def test_same_speaker(x, y, texts, same):
    assert same_speaker(x, y, texts) is same


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not in the checkout")
def test_seed_story(scorer):
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    found = _run(scorer, *texts.items())
    _check_offsets(found, texts)
    assert story_groups(list(texts.values())) == [[0, 1, 2, 3]]

    def side(f: Finding, id_: str) -> Side:
        return next(s for s in f.sides if s.id == id_)

    speaker = [f for f in found if f.kind == "quote_speaker"]
    assert len(speaker) == 1
    s0, s3 = side(speaker[0], "000"), side(speaker[0], "003")
    assert "your drones today are the best" in texts["000"][s0.start:s0.end]
    assert "your drones are the best" in texts["003"][s3.start:s3.end]
    assert "defense official" in (s0.note or "") and "Zelensky" in (s3.note or "")

    assert speaker[0].level == "alarm"
    wording = [f for f in found if f.kind == "quote_wording"]
    assert any(texts["000"][side(f, "000").start:side(f, "000").end] == "heartfelt"
               and texts["003"][side(f, "003").start:side(f, "003").end] == "heartwarming" for f in wording)

    alleg = [f for f in found if f.kind == "uncorroborated_allegation"]
    assert all(f.sides[0].id == "003" for f in alleg)
    assert any("siphoned" in f.sides[0].text and f.level == "alarm" for f in alleg)
    assert not {"number_mismatch", "date_mismatch", "outcome_mismatch"} & set(_kinds(found))


def test_a_pronoun_speaker_is_the_person_it_was_resolved_to() -> None:
    text = 'Mayor Ann Lee said the plan was sound. "We will build the bridge next year," she said.'
    doc = parse(text)
    infos = quote_infos(0, doc, find_attributions(doc))
    assert [(s.source, s.key) for s in infos[0].speakers] == [("Mayor Ann Lee", "lee")]
    start, end = infos[0].speakers[0].span
    assert text[start:end] == "Mayor Ann Lee"


def test_an_unresolved_pronoun_names_no_speaker() -> None:
    text = '"We will build the bridge next year and the year after," she said.'
    doc = parse(text)
    assert quote_infos(0, doc, find_attributions(doc))[0].speakers == ()
