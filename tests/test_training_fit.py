"""Head fitting with word-bias rates: marks learned from training rows only, same columns everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import sentence_table
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from reliability.sentence_model import RULE_FEATURES, SURFACE_FEATURES, LinearHead
from reliability.training.fit import (
    ScaledLogistic,
    fit_bundle,
    fit_encoder,
    fit_head,
    head_matrix,
    marks_of,
    nb_scale,
)
from reliability.word_bias import WORD_BIAS_FEATURES

# Sentences written for these tests.
LOADED = ["Officials slammed the reckless plan.", "A disgraceful, reckless stunt by the mayor.",
          "Critics slammed the shameful deal.", "The shameful cover-up continues."]
PLAIN = ["The council met on Tuesday.", "The bridge reopened after repairs.",
         "Rainfall was above average.", "The report was published in June."]


def _table(texts: list[str], labels: list[int], groups: list[str], marks=None) -> pd.DataFrame:
    return sentence_table(texts, labels, groups, marks=marks)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    texts = LOADED * 4 + PLAIN * 4
    labels = [1] * 16 + [0] * 16
    groups = [f"outlet{i % 4}" for i in range(32)]
    marks = [tuple(w.strip(".,") for w in t.split() if w.strip(".,").lower() in
                   {"slammed", "reckless", "disgraceful", "shameful"}) for t in LOADED] * 4 + [()] * 16
    hedge = _table(["It may rain.", "It rained.", "Perhaps it will.", "It will."] * 4,
                   [1, 0, 1, 0] * 4, [f"doc{i % 4}" for i in range(16)])
    return {"hedging": hedge, "loaded_language": _table(texts, labels, groups, marks)}


def test_marks_of_finds_the_marked_table(tables) -> None:
    assert marks_of(tables) is tables["loaded_language"]
    assert marks_of({"hedging": tables["hedging"]}) is None


def test_encoder_without_marks_has_no_word_bias_columns(tables) -> None:
    enc = fit_encoder(list(tables["hedging"]["text"]))
    names = list(enc.get_feature_names_out())
    assert enc.word_bias_ is None and names[-len(SURFACE_FEATURES):] == list(SURFACE_FEATURES)
    assert names[-len(SURFACE_FEATURES) - len(RULE_FEATURES):-len(SURFACE_FEATURES)] == list(RULE_FEATURES)


def test_head_matrix_is_out_of_fold_for_marked_rows(tables) -> None:
    df = tables["loaded_language"]
    enc = fit_encoder(list(df["text"]), df)
    oof = head_matrix(enc, df, df.attrs["rules"], marks_fitted=True)
    plain = head_matrix(enc, df, df.attrs["rules"])
    assert oof.shape == plain.shape
    assert oof.shape[1] == len(enc.get_feature_names_out())
    k = len(WORD_BIAS_FEATURES)
    # Same text columns, different word-bias columns (own marks are not seen out of fold).
    assert (oof[:, :-k] != plain[:, :-k]).nnz == 0
    assert not np.allclose(oof[:, -k:].toarray(), plain[:, -k:].toarray())


def test_fit_bundle_scores_new_loaded_text(tables) -> None:
    bundle = fit_bundle(tables)
    assert bundle.encoder.word_bias_ is not None
    X = bundle.encoder.transform(["Critics slammed a reckless scheme.", "The council met in June."])
    p = bundle.heads["loaded_language"].predict_proba(X)
    assert p[0] > p[1]
    assert len(bundle.names_) == X.shape[1]


def test_fitted_bundle_survives_pickling(tables) -> None:
    import pickle

    bundle = fit_bundle(tables)
    again = pickle.loads(pickle.dumps(bundle))
    texts = ["Critics slammed a reckless scheme!", "The council met in June."]
    a, b = bundle.encoder.transform(texts), again.encoder.transform(texts)
    assert (a != b).nnz == 0
    assert again.encoder.word_bias_.rates_ == bundle.encoder.word_bias_.rates_


def test_fit_bundle_tries_context_only_for_configured_heads(tables, monkeypatch) -> None:
    from reliability import config
    from reliability.training import fit

    tried = []
    real = fit.fit_context

    def spy(head, oof, y, groups, *args):
        tried.append(len(y))
        return real(head, oof, y, groups, *args)

    monkeypatch.setattr(fit, "fit_context", spy)
    monkeypatch.setattr(config, "CONTEXT_HEADS", ("hedging",))
    bundle = fit.fit_bundle(tables)
    assert tried == [len(tables["hedging"])]  # BABE rows are lone sentences: never context
    assert bundle.heads["loaded_language"].context is None


def _nb_rows() -> tuple[sparse.csr_matrix, np.ndarray]:
    # Two n-gram columns (the first only in positives, the second in both) and one dense column.
    X = sparse.csr_matrix(np.array([[0.5, 0.5, 1.0], [0.7, 0.0, 2.0], [0.0, 0.6, 0.5],
                                    [0.0, 0.0, 0.1], [0.6, 0.6, 1.5], [0.0, 0.8, 0.2]]))
    return X, np.array([1, 1, 0, 0, 1, 0])


def test_nb_scale_is_the_smoothed_log_count_ratio_on_ngram_columns_only() -> None:
    X, y = _nb_rows()
    # Presence counts + 1: positives (4, 3), negatives (1, 3); shares over each class's total.
    r = np.log(np.array([4 / 7, 3 / 7]) / np.array([1 / 4, 3 / 4]))
    assert np.allclose(nb_scale(X, y, n_text=2, power=1.0), [r[0], r[1], 1.0])
    assert np.allclose(nb_scale(X, y, n_text=2, power=0.5), np.r_[np.sign(r) * np.abs(r) ** 0.5, 1.0])
    assert np.array_equal(nb_scale(X, y, n_text=2, power=0.0), np.ones(3))
    # Learned from the rows given only: other rows give another scale.
    assert not np.allclose(nb_scale(X[:4], y[:4], n_text=2, power=1.0)[:2], r)


def test_scaled_logistic_folds_its_scale_into_the_weights() -> None:
    X, y = _nb_rows()
    est = ScaledLogistic(C=3.0, n_text=2, power=0.5).fit(X, y)
    scale = nb_scale(X, y, 2, 0.5)
    ref = LogisticRegression(C=3.0, class_weight="balanced", solver="liblinear", max_iter=3000)
    ref.fit(X @ sparse.diags(scale), y)
    # Raw rows through the folded weights score as the plain model on scaled rows.
    assert np.allclose(est.predict_proba(X), ref.predict_proba(X @ sparse.diags(scale)))
    assert np.array_equal(est.predict(X), ref.predict(X @ sparse.diags(scale)))
    head = LinearHead.from_estimator(est, 0.5)
    assert np.allclose(head.predict_proba(X), est.predict_proba(X)[:, 1])


def test_fit_head_uses_the_nb_scale_only_when_asked() -> None:
    X, y = _nb_rows()
    X, y = sparse.vstack([X] * 3).tocsr(), np.tile(y, 3)
    groups = np.repeat(np.arange(6), 3)
    plain = fit_head(X, y, groups, "f1")
    same = fit_head(X, y, groups, "f1", n_text=2, nb_power=0.0)
    scaled = fit_head(X, y, groups, "f1", n_text=2, nb_power=0.5)
    assert np.array_equal(plain.coef, same.coef)
    assert scaled.coef.shape == plain.coef.shape and not np.allclose(scaled.coef, plain.coef)
    # Positive-only n-gram pushes up, the dense column is left to the fit.
    assert scaled.coef[0] > 0


def test_fit_bundle_passes_each_heads_nb_power(tables, monkeypatch) -> None:
    from reliability import config
    from reliability.training import fit

    seen = {}
    real = fit.fit_head

    def spy(X, y, groups, metric, context=False, n_text=0, nb_power=0.0, **meaning):
        seen[len(y)] = (n_text, nb_power)
        return real(X, y, groups, metric, context, n_text, nb_power, **meaning)

    monkeypatch.setattr(fit, "fit_head", spy)
    monkeypatch.setattr(config, "NB_SCALE_POWER", {"hedging": 0.5})
    bundle = fit.fit_bundle(tables)
    n_text = bundle.encoder.n_text_features_
    assert seen == {len(tables["hedging"]): (n_text, 0.5), len(tables["loaded_language"]): (n_text, 0.0)}


def test_encoder_counts_a_sentence_in_two_tables_once() -> None:
    # Every PTC sentence is in the propaganda and the loaded-family tables: counted twice, an
    # n-gram of one sentence would pass min_df=2.
    enc = fit_encoder(["A singular phrase here.", "A singular phrase here.", "Other text.", "Other text again."])
    vocab = enc.vectorizer_.vocabulary_
    assert "singular" not in vocab and "other" in vocab and "other text" in vocab


def _meaning_rows() -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix]:
    # Columns: "awful", "dreadful" (same meaning), "table", "chair" (another), one dense column.
    # Only "awful" ever occurs in a positive row; "dreadful" only in one negative row.
    X = np.array([[1.0, 0, 0, 0, 0.2], [0.8, 0, 0.6, 0, 0.1], [0.7, 0, 0, 0.7, 0.3],
                  [0, 0, 1.0, 0, 0.2], [0, 0, 0, 1.0, 0.1], [0, 0, 0.6, 0.8, 0.3],
                  [0, 0.5, 0.8, 0, 0.2], [0.9, 0, 0, 0, 0.1]])
    y = np.array([1, 1, 1, 0, 0, 0, 0, 1])
    vectors = sparse.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]))
    return sparse.csr_matrix(X), y, vectors


def test_scaled_logistic_folds_the_meaning_columns_into_the_word_weights() -> None:
    X, y, vectors = _meaning_rows()
    est = ScaledLogistic(C=3.0, n_text=4, power=0.5, semantic=vectors, semantic_weight=2.0).fit(X, y)
    scale = nb_scale(X, y, 4, 0.5)
    design = sparse.hstack([X @ sparse.diags(scale), 2.0 * (X[:, :4] @ vectors)], format="csr")
    ref = LogisticRegression(C=3.0, class_weight="balanced", solver="liblinear", max_iter=3000).fit(design, y)
    # One weight per raw column scores exactly as the model over scaled + meaning columns.
    assert est.coef_.shape == (1, X.shape[1])
    assert np.allclose(est.predict_proba(X), ref.predict_proba(design))
    assert np.allclose(LinearHead.from_estimator(est, 0.5).predict_proba(X), ref.predict_proba(design)[:, 1])


def test_meaning_prior_lends_weight_to_an_unseen_synonym() -> None:
    X, y, vectors = _meaning_rows()
    plain = ScaledLogistic(C=1.0, n_text=4, power=0.0).fit(X, y)
    prior = ScaledLogistic(C=1.0, n_text=4, power=0.0, semantic=vectors, semantic_weight=1.0).fit(X, y)
    # Without the prior "dreadful" (only seen in a negative row) pushes down; with it, its
    # meaning (shared with "awful") pushes it up.
    assert plain.coef_[0, 1] < 0 < prior.coef_[0, 1]
    # semantic_weight 0 (or no vectors) is the plain fit.
    off = ScaledLogistic(C=1.0, n_text=4, power=0.0, semantic=None).fit(X, y)
    assert np.allclose(off.coef_, plain.coef_)


def test_fit_table_head_gives_word_vectors_to_configured_heads_only(tables, monkeypatch) -> None:
    from reliability import config
    from reliability.training import fit

    seen = {}
    real = fit.fit_head

    def spy(X, y, groups, metric, context=False, n_text=0, nb_power=0.0, semantic=None, semantic_weight=0.0):
        seen[len(y)] = (None if semantic is None else semantic.shape, semantic_weight)
        return real(X, y, groups, metric, context, n_text, nb_power, semantic, semantic_weight)

    monkeypatch.setattr(fit, "fit_head", spy)
    monkeypatch.setattr(config, "SEMANTIC_WEIGHT", {"loaded_language": 1.0})
    bundle = fit.fit_bundle(tables)
    n_text = bundle.encoder.n_text_features_
    dims = fit.load_word_vectors().vectors.shape[1]
    assert seen == {len(tables["hedging"]): (None, 0.0), len(tables["loaded_language"]): ((n_text, dims), 1.0)}
    # The shipped head is still one weight per encoder column.
    assert bundle.heads["loaded_language"].coef.shape == (bundle.encoder.transform(["x"]).shape[1],)
