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


def _literal_words(fast) -> list[str]:
    """The first tokens whose phrases are all that one ASCII word (their matchers skip the regex)."""
    return sorted(k for k, rows in fast._exact.items()
                  if k.isascii() and all(r[fast.key].lower().replace("’", "'") == k for r in rows))


@pytest.mark.parametrize("name", ["hedges.tsv", "loaded.tsv", "allegation_cues.tsv"])
def test_single_word_phrases_match_as_their_regex_does(name: str) -> None:
    """A phrase that is one ASCII word is matched without its regex, with the regex's matches."""
    from reliability.lexicon import FastMatcher, PhraseMatcher
    from reliability.resources import read_tsv

    fast = FastMatcher(PhraseMatcher(read_tsv(name)))
    ref = FastMatcher(PhraseMatcher(read_tsv(name)))
    regex_only = ref._candidate
    ref._candidate = lambda w: (lambda s: s and (s[0], s[1], None))(regex_only(w))
    words = _literal_words(fast)
    assert len(words) > 50
    odd = [("k", "\u212a"), ("s", "\u017f"), ("i", "\u0131"), ("i", "\u0130")]
    plain, spelled = [], []
    for w in words:
        plain += [w, w.upper(), w.title(), w + "s", "x" + w, w + "’s", w + "-" + w, w + "_"]
        spelled += [w.replace(a, b) for a, b in odd if a in w]
    text = " ".join(plain) + ".\n" + ", ".join(spelled + plain[::-1])
    got = [(m.start, m.end, m.text, m.row) for m in fast.finditer(text)]
    assert got == [(m.start, m.end, m.text, m.row) for m in ref.finditer(text)]
    assert len(got) >= 3 * len(words)
    literal = [sub for sub in fast._sub.values() if sub[2] is not None]
    assert literal and all(sub[0]._compiled is None for sub in literal)
    # Without the characters re.IGNORECASE folds apart from str.lower(), also the plain matcher's.
    head = text[:text.index("\n")]
    assert [(m.start, m.end, m.text, m.row) for m in fast.finditer(head)] == \
        [(m.start, m.end, m.text, m.row) for m in PhraseMatcher(read_tsv(name)).finditer(head)]
