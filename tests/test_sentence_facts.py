"""The fast paths of reliability.sentence_facts read what the plain per-sentence code reads."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reliability.fact_pairs import quantity_clashes
from reliability.quantities import find_quantities, may_hold_quantity
from reliability.sentence_facts import (
    EMBED,
    embedded,
    lexicons,
    many_sentence_features,
    sentence_features,
)
from reliability.text import parse, word_spans

ARTICLE = (
    "The council approved 117 new parking spaces on Monday, May 5. It did not confirm the cost.\n\n"
    "Officials said the council rejected the plan. \"We won't build them,\" the mayor said at 9:30.\n\n"
    "Why not extend it? Not only the mayor but also twenty-five aides spoke. The council confirmed the cost.\n"
    "See https://example.org/x or write to @desk. The five-year plan costs $5 million."
)
EDGE_CASES = [ARTICLE, "", "   ", "\"\"", "One.", "<p>Le conseil a approuvé 12 places.</p>",
              "Das Amt bestätigte am 3. Mai 2024 zwölf Fälle. Es hat nicht bestätigt.",
              "word " * 3000, "A heading\n\nThen a sentence with words in it."]


def _fields(f) -> tuple:
    return (f.index, f.text, f.content, f.qtys, f.negated, f.antonyms, list(f.spans.items()), f.contexts,
            f.words, f.lows, f.n_neg, list(f.bigrams.items()))


@pytest.mark.parametrize("text", EDGE_CASES)
def test_many_sentence_features_equal_one_by_one(text) -> None:
    doc, lex = parse(text), lexicons()
    indices = [s.index for s in doc.sentences]
    many = many_sentence_features(doc, indices, lex)
    assert list(many) == indices
    for i in indices:
        assert _fields(many[i]) == _fields(sentence_features(doc, i, lex))


@pytest.mark.parametrize("text", EDGE_CASES + ["It is not not it, is it not? Not it is. is not is not",
                                           "Don’t don't DON'T stop; don't stop, stop don't."])
def test_bigram_is_the_bigrams_entry(text) -> None:
    doc, lex = parse(text), lexicons()
    for s in doc.sentences:
        table = sentence_features(doc, s.index, lex).bigrams
        lows = sentence_features(doc, s.index, lex).lows
        asks = list(table) + [(b, a) for a, b in table] + [("", w) for w in lows] + [(w, "") for w in lows]
        asks += [(lows[-1], "x"), ("absent", "words")] if lows else [("a", "b")]
        for pre, nxt in asks[:40] + asks[-40:]:
            fresh = sentence_features(doc, s.index, lex)  # bigrams not built: the search path
            assert fresh.bigram(pre, nxt) == table.get((pre, nxt))
            assert fresh._bigrams is None
            built = sentence_features(doc, s.index, lex)
            built.bigrams
            assert built.bigram(pre, nxt) == table.get((pre, nxt))


def test_words_and_spans_are_the_sentence_tokens() -> None:
    doc = parse(ARTICLE)
    for s in doc.sentences:
        f = sentence_features(doc, s.index)
        assert [(w.start, w.end) for w in f.words] == [(s.start + a, s.start + b) for a, b in word_spans(f.text)]
        assert all(doc.text[w.start:w.end] == w.text for w in f.words)
        assert set(f.spans) == f.content
        positions = [f.words.index(w) for w in f.spans.values()]
        assert positions == sorted(positions)  # each stem's first word, in order of first use


def test_reads_numbers_dates_times_and_negations() -> None:
    doc = parse(ARTICLE)
    feats = many_sentence_features(doc, range(len(doc.sentences)))
    kinds = {q.kind for f in feats.values() for q in f.qtys}
    assert kinds == {"number", "date"}
    assert any(q.anchor == frozenset({"<time>"}) for f in feats.values() for q in f.qtys)
    assert feats[1].n_neg == 1 and "confirm" in feats[1].negated
    assert feats[4].n_neg == 0  # a question negates nothing
    assert "rejected" in feats[2].antonyms


@pytest.mark.parametrize("text", ["https://x.org", "see www.site.com", "pic.twitter.com/abc", "by @user",
                                  "mail a@b", "no links here", "", "ratio 3:1", "email@", "@ alone"])
def test_embedded_equals_the_regex(text) -> None:
    assert embedded(text) == (EMBED.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("htps:/w.@icomr _a1é")), max_size=40))
def test_embedded_equals_the_regex_generated(text) -> None:
    assert embedded(text) == (EMBED.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("JanMoTwentyFebSix d_1é .-,'’ſ٣")), max_size=40))
def test_quantity_precheck_per_word_equals_per_sentence(text) -> None:
    words = [text[a:b] for a, b in word_spans(text)]
    assert any(may_hold_quantity(w) for w in words) == may_hold_quantity(text)


@pytest.mark.parametrize("text,expected", [
    ("On May 5 the 12 men met.", ["date", "number"]),
    ("They may go. Seven-year-old boys, 32, ran.", ["number", "number"]),
    ("He met them on Tuesday at 9:59.", ["date", "date"]),
    ("Nothing to count here.", []),
    ("twenty-five drones and a 10-member team", ["number", "number"]),
])
def test_find_quantities_kinds(text, expected) -> None:
    doc = parse(text)
    got = [q.kind for s in doc.sentences for q in find_quantities(sentence_features(doc, s.index).words, doc.text)]
    assert got == expected


def test_quantity_clashes_without_quantities_or_shared_slots() -> None:
    doc = parse("The council approved 117 drones. The council approved the plan. The council met 3 times.")
    a, b, c = (sentence_features(doc, s.index) for s in doc.sentences)
    assert quantity_clashes(a, b) == [] and quantity_clashes(b, a) == []
    assert quantity_clashes(a, c) == []  # drones and times are different slots
    doc = parse("The council approved 117 drones. The council approved 170 drones.")
    a, b = (sentence_features(doc, s.index) for s in doc.sentences)
    assert [(p.value, q.value) for p, q in quantity_clashes(a, b)] == [(117.0, 170.0)]
