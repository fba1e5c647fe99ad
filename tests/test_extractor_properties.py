"""Property tests over the attribution finder and every marker extractor, called directly.

Any text (news words, quotes, dashes, zero-width and right-to-left characters, CR line ends):
no exception, every offset inside the text and slicing exactly what is reported, evidence on
whole sentences, and the same output for the same input.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability.attribution import find_attributions
from reliability.markers import REGISTRY
from reliability.records import ATTRIBUTION_KINDS
from reliability.text import parse

_PIECES = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(["The minister said ", "according to Reuters, ", "critics argue that ", "reportedly ",
                     "“", "”", "\"", "’", "'", ". ", "? ", "\n", "\r", "\r\n", " — ", "\u200b", "\u202e",
                     "\u05d0", "siphoned ", "disaster ", "may ", "117 drones ", "170 drones ", "not ",
                     "approved ", "rejected ", "a senior official ", "U.S. ", "Dr. ", "3.5 percent "]))
TEXTS = st.lists(_PIECES, max_size=120).map("".join)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _span_ok(text: str, start: int | None, end: int | None, shown: str | None = None) -> bool:
    if start is None:
        return end is None
    return 0 <= start <= end <= len(text) and (shown is None or text[start:end] == shown)


@PROPERTY
@given(TEXTS)
def test_attribution_spans_slice_the_text(text: str) -> None:
    doc = parse(text)
    found = find_attributions(doc)
    assert found == find_attributions(parse(text))
    for a in found:
        assert a.kind in ATTRIBUTION_KINDS and 0 <= a.sentence < len(doc.sentences)
        assert _span_ok(text, a.start, a.end)
        assert _span_ok(text, a.cue_start, a.cue_end, a.cue)
        assert _span_ok(text, a.source_start, a.source_end, a.source)
        assert _span_ok(text, a.content_start, a.content_end)


@PROPERTY
@given(TEXTS)
def test_every_extractor_gives_whole_sentence_evidence_with_aligned_cues(text: str) -> None:
    doc = parse(text)
    atts = find_attributions(doc)
    for name, marker in REGISTRY.items():
        evidence = marker.extract(doc, atts)
        assert evidence == marker.extract(parse(text), find_attributions(parse(text)))
        assert len({e.sentence for e in evidence}) == len(evidence)  # at most one per sentence
        for e in evidence:
            s = doc.sentences[e.sentence]
            assert e.marker == name and (e.start, e.end) == (s.start, s.end) and not s.boilerplate
            assert 0 <= e.strength <= 1 and e.why
            for c in e.cues:
                assert s.start <= c.start <= c.end <= s.end and text[c.start:c.end] == c.text
            if e.related is not None:
                o = doc.sentences[e.related.sentence]
                assert (e.related.start, e.related.end) == (o.start, o.end)
