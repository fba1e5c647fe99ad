"""Pooling heads: mean log-odds, thresholds on the same scale, weights that explain the pool."""

import numpy as np
import pytest
from conftest import LOADED_SENTENCES, PLAIN_SENTENCES
from hypothesis import given
from hypothesis import strategies as st
from scipy import sparse

from reliability.sentence_blend import pool, pool_threshold, pool_weights, sigmoid
from reliability.sentence_context import logit
from reliability.sentence_model import LinearHead

probs = st.lists(st.floats(0.001, 0.999), min_size=1, max_size=20)


def test_one_head_pools_to_itself():
    p = np.array([0.1, 0.5, 0.93])
    assert np.allclose(pool([p]), p)


@pytest.mark.parametrize("a, b, expected", [
    (0.5, 0.5, 0.5),
    (0.9, 0.1, 0.5),      # opposite opinions of equal strength cancel
    (0.8, 0.8, 0.8),      # agreement keeps the shared value
    (0.99, 0.5, sigmoid(logit(np.array([0.99]))[0] / 2)),
])
def test_two_heads_average_their_log_odds(a, b, expected):
    assert pool([np.array([a]), np.array([b])])[0] == pytest.approx(expected)


@given(probs)
def test_pool_lies_between_the_heads(values):
    a = np.array(values)
    b = a[::-1].copy()
    p = pool([a, b])
    assert np.all(p >= np.minimum(a, b) - 1e-12) and np.all(p <= np.maximum(a, b) + 1e-12)


@given(probs, st.floats(0.05, 0.95), st.floats(0.05, 0.95))
def test_flag_iff_mean_log_odds_reach_the_mean_cut(values, t1, t2):
    a = np.array(values)
    b = np.clip(1 - a, 0.001, 0.999)
    flagged = pool([a, b]) >= pool_threshold([t1, t2])
    margin = (logit(a) + logit(b)) / 2 - (logit(np.array([t1]))[0] + logit(np.array([t2]))[0]) / 2
    clear = np.abs(margin) > 1e-9
    assert np.array_equal(flagged[clear], (margin >= 0)[clear])


def test_pooled_weights_give_the_pooled_linear_score():
    rng = np.random.default_rng(0)
    X = sparse.random(6, 12, density=0.4, random_state=1, format="csr")
    heads = [LinearHead(rng.normal(size=12), 0.3, 0.5), LinearHead(rng.normal(size=12), -0.7, 0.4)]
    pooled = pool([h.predict_proba(X) for h in heads])
    linear = LinearHead(pool_weights([h.coef for h in heads]), np.mean([h.intercept for h in heads]), 0.5)
    assert np.allclose(pooled, linear.predict_proba(X))


@pytest.mark.parametrize("bad", [[], [np.zeros(2), np.zeros(3)]])
def test_bad_pools_are_refused(bad):
    with pytest.raises(ValueError):
        pool(bad)


# --- pooled markers inside a SentenceBundle -------------------------------------------------


@pytest.fixture(scope="module")
def encoder():
    from reliability.sentence_model import SentenceEncoder

    return SentenceEncoder(min_df=1).fit(LOADED_SENTENCES * 2 + PLAIN_SENTENCES * 2)


def _scored(bundle, text):
    from reliability.attribution import find_attributions
    from reliability.markers import extract_all
    from reliability.text import parse

    doc = parse(text)
    atts = find_attributions(doc)
    return bundle.refine(doc, extract_all(doc, atts), atts)


def _head(encoder, word_weight, intercept, threshold):
    names = list(encoder.get_feature_names_out())
    coef = np.zeros(len(names))
    for w in ("corrupt", "disgraceful", "regime", "traitors"):
        if w in names:
            coef[names.index(w)] = word_weight
    return LinearHead(coef, intercept, threshold)


TEXT = "The council met on Tuesday.\nThe corrupt regime lied again, a disgraceful cover-up."


def test_pooled_marker_strength_is_the_pool_and_heads_stay_signals(encoder):
    from reliability.sentence_model import SentenceBundle

    babe, ptc = _head(encoder, 6.0, -2.0, 0.5), _head(encoder, 2.0, -1.0, 0.4)
    bundle = SentenceBundle(encoder, {"loaded_language": babe, "loaded_family": ptc},
                            {"loaded_language": ("loaded_language", "loaded_family")})
    evidence, probs = _scored(bundle, TEXT)
    assert set(probs) == {"loaded_language", "loaded_family"}  # both stay article signals
    pooled = pool([probs["loaded_language"], probs["loaded_family"]])
    loaded = [e for e in evidence if e.marker == "loaded_language"]
    assert [e.sentence for e in loaded] == [1]
    assert loaded[0].strength == pytest.approx(pooled[1])
    assert not any(e.marker == "loaded_family" for e in evidence)  # not a marker: no evidence of its own
    assert all(TEXT[c.start:c.end] == c.text for e in evidence for c in e.cues)


def test_a_confident_head_is_held_back_by_a_doubtful_one(encoder):
    from reliability.sentence_model import SentenceBundle

    sure, doubtful = _head(encoder, 6.0, -2.0, 0.5), _head(encoder, 0.0, -6.0, 0.5)
    alone = SentenceBundle(encoder, {"loaded_language": sure, "loaded_family": doubtful})
    pooled = SentenceBundle(encoder, {"loaded_language": sure, "loaded_family": doubtful},
                            {"loaded_language": ("loaded_language", "loaded_family")})
    assert [e.sentence for e in _scored(alone, TEXT)[0] if e.marker == "loaded_language"] == [1]
    assert not [e for e in _scored(pooled, TEXT)[0] if e.marker == "loaded_language"]


def test_blend_of_unfitted_heads_is_refused(encoder):
    from reliability.sentence_model import SentenceBundle

    with pytest.raises(ValueError, match="not fitted"):
        SentenceBundle(encoder, {"loaded_language": _head(encoder, 1.0, 0.0, 0.5)},
                       {"loaded_language": ("loaded_language", "loaded_family")})


def test_pickled_bundle_keeps_blends_and_old_bundles_load_without(encoder):
    import pickle

    from reliability.sentence_model import SentenceBundle

    heads = {"loaded_language": _head(encoder, 6.0, -2.0, 0.5), "loaded_family": _head(encoder, 2.0, -1.0, 0.4)}
    bundle = SentenceBundle(encoder, heads, {"loaded_language": ("loaded_language", "loaded_family")})
    bundle.evidence_heads()  # fills the cache, which must not be pickled
    back = pickle.loads(pickle.dumps(bundle))
    assert back.blends == bundle.blends and "_deciders" not in back.__dict__
    state = bundle.__getstate__()
    del state["blends"]  # as a bundle pickled before pooled markers existed
    fresh = SentenceBundle.__new__(SentenceBundle)
    fresh.__setstate__(state)
    assert fresh.blends == {}
    assert _scored(fresh, TEXT)[1].keys() == {"loaded_language", "loaded_family"}
