"""The contract every extractor in the registry keeps, on edge inputs and on the seeds."""

from __future__ import annotations

import pytest

from conftest import seed_texts
from reliability.attribution import find_attributions
from reliability.markers import MARKER_NAMES, REGISTRY, extract_all
from reliability.text import parse

EDGE = [
    "", " \n ", "“”", "''", "...", "<div><p>A <em>shocking</em> deal may be a scam.</p></div>",
    "Ein schockierender Deal für das Regime, sagte der Minister.", "这是一个令人震惊的交易。",
    "thug " * 2000, "“" + "a disaster that may cost 5 billion and " * 300,
    "Zelensky said “the deal is done.”\r\nTrump said “the deal is done.”\rIt may be 5 or 7 drones.",
    "\u200bThe regime\u200d reportedly lied.\u202e Critics argue it siphoned 3 billion.",
    "– ADVERTISEMENT –\nCritics argue the corrupt regime reportedly siphoned billions.",
]


def check(text: str, marker: str) -> None:
    doc = parse(text)
    evidence = REGISTRY[marker].extract(doc, find_attributions(doc))
    seen = set()
    for e in evidence:
        s = doc.sentences[e.sentence]
        assert e.marker == marker
        assert (e.start, e.end) == (s.start, s.end)
        assert not s.boilerplate
        assert 0 < e.strength <= 1 and e.why
        assert e.sentence not in seen  # at most one item per sentence
        seen.add(e.sentence)
        for c in e.cues:
            assert text[c.start:c.end] == c.text and e.start <= c.start < c.end <= e.end
        if e.related is not None:
            r = doc.sentences[e.related.sentence]
            assert (e.related.start, e.related.end) == (r.start, r.end)


@pytest.mark.parametrize("marker", MARKER_NAMES)
@pytest.mark.parametrize("text", EDGE)
def test_extractor_contract_on_edge_inputs(marker: str, text: str) -> None:
    check(text, marker)


@pytest.mark.parametrize("marker", MARKER_NAMES)
def test_extractor_contract_on_seeds(marker: str) -> None:
    for text in seed_texts().values():
        check(text, marker)


def test_extract_all_is_sorted_and_complete() -> None:
    text = seed_texts()["003_3803d65d782871d0"]
    doc = parse(text)
    atts = find_attributions(doc)
    ev = extract_all(doc, atts)
    assert [e.start for e in ev] == sorted(e.start for e in ev)
    assert {e.marker for e in ev} >= {"hedging", "loaded_language", "unsourced_allegations"}
    assert extract_all(doc, atts, ["hedging"]) == [e for e in ev if e.marker == "hedging"]
