"""The lexicon matcher's per-document helpers: the same matches as sentence-by-sentence calls."""

from __future__ import annotations

import pytest

from reliability.lexicon import matcher, sentence_matches
from reliability.text import parse

TEXTS = [
    "– ADVERTISEMENT –\nOfficials may reportedly delay the vote. The council met on Monday.",
    "Critics say it is a disaster, a shameful scandal. Perhaps it could change. Nothing else.",
    "",
    "Обычный текст без маркеров. Perhaps.",
]


@pytest.mark.parametrize("lexicon", ["hedges.tsv", "loaded.tsv", "allegation_cues.tsv"])
@pytest.mark.parametrize("text", TEXTS)
def test_sentence_matches_equal_per_sentence_calls(lexicon: str, text: str) -> None:
    doc = parse(text)
    expected = [(s, found) for s in doc.sentences if not s.boilerplate
                if (found := list(matcher(lexicon).finditer(text, s.start, s.end)))]
    got = sentence_matches(lexicon, text, doc.sentences)
    assert got == expected
    assert all(matches and not s.boilerplate for s, matches in got)
    for s, matches in got:
        assert all(s.start <= m.start < m.end <= s.end and text[m.start:m.end] == m.text for m in matches)


def test_boilerplate_cues_are_skipped() -> None:
    doc = parse(TEXTS[0])
    assert doc.sentences[0].boilerplate
    assert [s.index for s, _ in sentence_matches("hedges.tsv", doc.text, doc.sentences)] == [1]


@pytest.mark.parametrize("name", ["hedges.tsv", "loaded.tsv", "allegation_cues.tsv"])
def test_matches_same_with_cold_and_warm_word_memo(name: str) -> None:
    m = matcher(name)
    text = "Officials may have allegedly siphoned funds, a shocking and corrupt scheme, reportedly."
    m._words = {}  # cold: every word unseen
    cold = [(x.start, x.end, x.text) for x in m.finditer(text)]
    warm = [(x.start, x.end, x.text) for x in m.finditer("".join(list(text)))]  # a new string object
    assert cold == warm
    assert cold  # each lexicon has a cue in this sentence
