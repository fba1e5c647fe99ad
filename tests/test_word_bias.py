"""Word-bias rates: learning from expert marks, features, out-of-fold values, encoder columns."""

from __future__ import annotations

import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reliability.sentence_model import RULE_FEATURES, SentenceEncoder
from reliability.word_bias import (
    WORD_BIAS_FEATURES,
    WordBiasRates,
    out_of_fold,
    words_of,
)

# Sentences written for these tests; marks as an annotator might give them.
TEXTS = ["The senator slammed the reckless plan.", "The senator presented the plan.",
         "Critics slammed the ill-advised scheme.", "The committee presented its report.",
         "A reckless, ill-advised gamble by the mayor.", "The mayor presented a budget."]
MARKS = [("slammed", "reckless"), (), ("slammed", "ill-advised"), (), ("reckless", "\"ill-advised\""), ()]


@pytest.fixture(scope="module")
def rates() -> WordBiasRates:
    return WordBiasRates(min_count=1, prior_weight=1.0, cut=0.25).fit(TEXTS, MARKS)


@pytest.mark.parametrize("text, expected", [
    ("The ill-advised plan", ["the", "ill-advised", "plan"]),
    ("Don’t go", ["don't", "go"]),
    ("", []),
    ("   \n ", []),
    ("“” ''", []),
    ("<p>Slammed</p>", ["p", "slammed", "p"]),
    ("Überraschung für alle", ["überraschung", "für", "alle"]),
])
def test_words_of(text: str, expected: list[str]) -> None:
    assert words_of(text) == expected


# The plain spelling of word_bias._WORD, which the possessive one must match alike.
_PLAIN_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZé_1-'’ .\n\u0130")), max_size=40))
def test_words_of_same_as_plain_pattern(text: str) -> None:
    assert words_of(text) == _PLAIN_WORD.findall(text.lower().replace("’", "'"))


def test_marked_words_get_high_rates_and_plain_words_none(rates: WordBiasRates) -> None:
    assert rates.rates_["slammed"] > rates.prior_
    assert rates.rates_["ill-advised"] > rates.prior_  # quotes around a mark are stripped
    assert "presented" not in rates.rates_ and "the" not in rates.rates_  # never marked: prior only


@pytest.mark.parametrize("text, loaded", [
    ("They slammed a reckless policy.", True),
    ("The council presented the budget.", False),
    ("", False),
])
def test_features_separate_loaded_from_plain(rates: WordBiasRates, text: str, loaded: bool) -> None:
    F = rates.transform([text])
    assert F.shape == (1, len(WORD_BIAS_FEATURES))
    assert (F[0, 2] >= 1) == loaded
    assert (F[0, 0] >= rates.cut) == loaded


def test_top_words_highest_first(rates: WordBiasRates) -> None:
    top = rates.top_words("A reckless senator slammed it.")
    assert set(top) == {"reckless", "slammed"}
    assert rates.top_words("The plan was presented.") == []


def test_long_input_is_fast(rates: WordBiasRates) -> None:
    import time

    text = "slammed the reckless plan " * 50_000  # ~1 MB
    t = time.perf_counter()
    F = rates.transform([text])
    assert time.perf_counter() - t < 5.0 and F[0, 2] > 0


def test_out_of_fold_never_uses_own_group() -> None:
    groups = ["a", "a", "b", "b", "c", "c"]
    F = out_of_fold(TEXTS, MARKS, groups, WordBiasRates(min_count=1), folds=3)
    # Group c's "gamble" sentence: rates from a and b only, where "gamble" never occurs.
    own = WordBiasRates(min_count=1).fit(TEXTS[4:5], MARKS[4:5]).transform(TEXTS[4:5])
    assert F.shape == (6, len(WORD_BIAS_FEATURES))
    assert not np.allclose(F[4], own[0])
    single = out_of_fold(TEXTS, MARKS, ["x"] * 6)  # one group: plain fit, no crash
    assert single.shape == (6, len(WORD_BIAS_FEATURES))


def test_encoder_appends_word_bias_columns_and_names() -> None:
    enc = SentenceEncoder(min_df=1, word_bias=WordBiasRates(min_count=1)).fit(
        TEXTS, bias_texts=TEXTS, bias_marked=MARKS)
    X = enc.transform(["They slammed a reckless policy."])
    names = enc.get_feature_names_out()
    assert X.shape[1] == len(names)
    assert list(names[-len(WORD_BIAS_FEATURES):]) == list(WORD_BIAS_FEATURES)
    assert list(names[-len(WORD_BIAS_FEATURES) - len(RULE_FEATURES):-len(WORD_BIAS_FEATURES)]) == list(RULE_FEATURES)
    assert X[0, len(names) - 1] >= 1  # loaded words counted
    given = np.full((1, len(WORD_BIAS_FEATURES)), 7.0)
    assert X.shape == enc.transform(["x"], bias=given).shape
    assert enc.transform(["x"], bias=given)[0, len(names) - 1] == 7.0


def test_encoder_without_marks_has_no_word_bias_columns() -> None:
    enc = SentenceEncoder(min_df=1, word_bias=WordBiasRates()).fit(TEXTS)
    assert enc.word_bias_ is None
    assert enc.transform(TEXTS).shape[1] == len(enc.get_feature_names_out())


def test_old_pickles_without_word_bias_still_load() -> None:
    enc = SentenceEncoder(min_df=1).fit(TEXTS)
    state = enc.__getstate__()
    state.pop("word_bias", None)
    state.pop("word_bias_", None)
    state.pop("surface", None)
    old = SentenceEncoder.__new__(SentenceEncoder)
    old.__setstate__(state)
    again = pickle.loads(pickle.dumps(old))
    assert again.word_bias_ is None and again.word_bias is None and again.surface is False
    assert again.transform(TEXTS).shape[1] == len(again.get_feature_names_out())


def test_refine_shows_high_rate_words_as_cues() -> None:
    from reliability.sentence_model import LinearHead, SentenceBundle
    from reliability.text import parse

    enc = SentenceEncoder(min_df=1, word_bias=WordBiasRates(min_count=1)).fit(
        TEXTS, bias_texts=TEXTS, bias_marked=MARKS)
    coef = np.zeros(len(enc.get_feature_names_out()))
    coef[list(enc.get_feature_names_out()).index("word_bias__max")] = 40.0
    bundle = SentenceBundle(enc, {"loaded_language": LinearHead(coef, -8.0, 0.5)})
    text = "The board met at noon. Officials slammed the reckless deal."
    evidence, probs = bundle.refine(parse(text), [], [])
    assert probs["loaded_language"][1] > 0.5 > probs["loaded_language"][0]
    flagged = [e for e in evidence if e.marker == "loaded_language"]
    assert [e.sentence for e in flagged] == [1]
    assert {c.text.lower() for c in flagged[0].cues} == {"slammed", "reckless"}
    assert all(text[c.start:c.end] == c.text for c in flagged[0].cues)


def test_rates_are_stored_in_word_order() -> None:
    # The counts' insertion order follows set iteration (hash-seeded); stored sorted, a rebuilt
    # model pickles to the same bytes whatever PYTHONHASHSEED was.
    fitted = WordBiasRates(min_count=1, prior_weight=1.0, cut=0.25).fit(TEXTS[::-1], MARKS[::-1])
    assert list(fitted.rates_) == sorted(fitted.rates_)
    assert fitted.rates_ == WordBiasRates(min_count=1, prior_weight=1.0, cut=0.25).fit(TEXTS, MARKS).rates_
