"""The learned cue scorer (reliability.attribution_cues) and its training (reliability.training.attribution_cues)."""

from __future__ import annotations

import pytest

from reliability import attribution_cues as ac
from reliability.attribution import cue_candidates, find_attributions
from reliability.attribution_tokens import tokens
from reliability.records import ATTRIBUTION_KINDS
from reliability.text import parse
from reliability.training.attribution_cues import fit, select_vocabulary, write_weights


def _toks(text: str):
    return tokens(text, 0, len(text))


@pytest.mark.parametrize("text, i0, i1, reason, expect", [
    ("I think the plan will fail.", 1, 2, "quote", {"w=think", "p1=i", "n1=the"}),
    ("Polls show a close race.", 1, 2, "nosource", {"w=show", "p1=polls", "r=nosource"}),
    ("Headline: a vote today", 1, 2, "colon", {"w=:", "r=colon", "n1=a"}),
])
def test_features_name_the_context(text, i0, i1, reason, expect):
    feats = ac.features(_toks(text), i0, i1, reason, False, False)
    assert "bias" in feats
    assert expect <= set(feats)
    assert feats == ac.features(_toks(text), i0, i1, reason, False, False)  # deterministic


@pytest.mark.parametrize("text, i0, i1, present, absent", [
    ("Said the mayor", 0, 1, {"first", "p1=<s>"}, {"last"}),
    ('She said "no"', 1, 2, {"n1=<q>"}, {"first"}),
    ("they think", 1, 2, {"last", "pron|nosource"}, {"qsent"}),
])
def test_position_and_quote_features(text, i0, i1, present, absent):
    feats = set(ac.features(_toks(text), i0, i1, "nosource", False, False))
    assert present - {"qsent"} <= feats
    assert not absent & feats


def test_logit_sums_the_table():
    table = {"bias": -1.0, "w=think": 2.5, "p1=i": 0.5}
    assert ac.logit(["bias", "w=think", "p1=i", "unknown"], table) == pytest.approx(2.0)
    assert ac.logit([], table) == 0.0


def test_shipped_weights_load():
    w = ac.weights()
    assert "bias" in w and all(isinstance(v, float) for v in w.values())
    assert all(" " not in word for word in ac.vocabulary())


def test_keep_is_false_without_weights(monkeypatch):
    monkeypatch.setattr(ac, "weights", lambda: {})
    assert not ac.keep(["bias", "w=said"])


def test_fit_is_deterministic_and_learns_the_signal():
    rows = [(["bias", "w=good", "x"], 1)] * 30 + [(["bias", "w=bad", "x"], 0)] * 30 + [(["bias", "rare"], 1)]
    a, b = fit(rows, min_count=5), fit(rows, min_count=5)
    assert a == b
    assert a["w=good"] > 0 > a["w=bad"]
    assert "rare" not in a  # below the minimum count


def test_select_vocabulary_needs_hits_and_rate():
    from collections import Counter
    counts = [(Counter({"backing": 10, "the": 500}), Counter({"backing": 5, "the": 6}))]
    assert select_vocabulary(counts, min_hits=4, min_rate=0.2) == frozenset({"backing"})


def test_write_weights_round_trip(tmp_path):
    path = tmp_path / "w.tsv"
    write_weights({"bias": -0.5, "w=said": 1.25, "v=backing": 1.0}, path)
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert lines[0] == "feature\tweight"
    assert dict(ln.split("\t") for ln in lines[1:]) == {"bias": "-0.5", "v=backing": "1.0", "w=said": "1.25"}


@pytest.mark.parametrize("text", [
    "", "   ", '""', "“ ”", "Résumé: été",
    '"I think we will win," the candidate said on Tuesday. Polls show her ahead: 52 to 47.',
    "<p>Officials <b>said</b> nothing.</p> The governor, backing the bill, spoke to reporters.",
    "They think so. " * 300,
])
def test_learned_cues_keep_offsets_exact(text):
    for a in find_attributions(parse(text)):
        assert text[a.cue_start:a.cue_end] == a.cue
        assert a.kind in ATTRIBUTION_KINDS
        if a.source is None:
            assert a.source_start is None and a.source_end is None
    for a, b, feats in cue_candidates(parse(text)):
        assert 0 <= a < b <= len(text) and "bias" in feats


def test_a_stance_outside_the_lexicon_is_found():
    text = "The mayor, who wants a second term, is backing the bill."
    learned = [a for a in find_attributions(parse(text)) if a.cue == "backing"]
    assert len(learned) == 1  # a learned candidate word the grammar has no rule for
    assert learned[0].kind in ATTRIBUTION_KINDS and learned[0].kind != "none"  # not an impersonal form


def test_no_candidates_in_plain_prose():
    assert cue_candidates(parse("The river rose two metres overnight.")) == []


@pytest.mark.parametrize("text", [
    "The tickets were ordered online.",
    "The backing of the union was crucial.",
    "Support for the measure grew over the summer.",
])
def test_a_learned_cue_with_nobody_to_attribute_to_is_dropped(text):
    # No subject phrase and no earlier source: reporting a "named" attribution would be invented.
    assert [a for a in find_attributions(parse(text)) if a.source is None] == []


def test_a_learned_cue_takes_a_same_sentence_antecedent():
    text = "Senator Jane Smith said on Monday that she is backing the bill."
    for a in find_attributions(parse(text)):
        assert a.source is not None, a
