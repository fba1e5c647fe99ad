"""The article classifier and its calibration (its shipped form: ``test_article_head.py``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reliability.article_model import ArticleClassifier, frame
from reliability.training.fit import article_estimator

BAD = "Shocking corrupt elites lie! The regime is a disgrace and a total scam."
GOOD = "The ministry said on Tuesday that the budget would be published in June."


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    texts = [BAD if i % 2 else GOOD for i in range(60)]
    y = np.array([i % 2 for i in range(60)])
    feats = [{"a": float(y[i] + rng.normal(0, 0.5)), "b": float(rng.normal())} for i in range(60)]
    X = frame(feats, texts, ["a", "b"])
    groups = np.array([f"outlet{i % 10}" for i in range(60)])
    return X, y, groups, feats


def test_classifier_fits_and_names_columns(data) -> None:
    X, y, _, _ = data
    clf = ArticleClassifier(min_df=1).fit(X, y)
    assert (clf.predict(X) == y).mean() > 0.9
    names = clf.get_feature_names_out()
    assert list(names[:2]) == ["a", "b"] and len(names) > 2
    assert clf.predict_proba(X).shape == (60, 2)


def test_calibration_folds_are_grouped(data) -> None:
    _, _, groups, _ = data
    est = article_estimator(groups)
    for train, test in est.cv:
        assert not set(groups[train]) & set(groups[test])


def test_frame_builds_columns_in_order() -> None:
    df = frame([{"b": 2.0, "a": 1.0}], ["t"], ["a", "b"])
    assert list(df.columns) == ["a", "b", "text"] and isinstance(df, pd.DataFrame)


def test_evidence_features_never_weigh_towards_reliable() -> None:
    """A constrained feature the fit would weigh towards *reliable* is dropped; a free one is not."""
    rng = np.random.default_rng(1)
    y = np.array([i % 2 for i in range(80)])
    # 'flags' is higher on reliable rows (as contradictions were in the corpora); 'free' too.
    feats = [{"flags": float(1 - y[i] + rng.normal(0, 0.3)), "free": float(1 - y[i] + rng.normal(0, 0.3)),
              "signal": float(y[i] + rng.normal(0, 0.3))} for i in range(80)]
    X = frame(feats, [GOOD] * 80, ["flags", "free", "signal"])
    clf = ArticleClassifier(min_df=1, evidence_features=("flags", "signal")).fit(X, y)
    assert list(clf.feature_mask_) == [0.0, 1.0, 1.0]
    coef = clf.clf_.coef_[0, :3]
    assert coef[0] == 0.0 and coef[1] < 0 < coef[2]
    # Raising a dropped evidence feature leaves the score as it is; unconstrained fits keep the sign.
    x = frame([{"flags": 0.0, "free": 0.5, "signal": 0.5}, {"flags": 5.0, "free": 0.5, "signal": 0.5}],
              [GOOD] * 2, ["flags", "free", "signal"])
    low, high = clf.decision_function(x)
    assert low == pytest.approx(high)
    free = ArticleClassifier(min_df=1).fit(X, y)
    assert free.clf_.coef_[0, 0] < 0 and list(free.feature_mask_) == [1.0, 1.0, 1.0]


def test_shipped_model_evidence_weights_point_to_unreliable() -> None:
    from reliability.features import evidence_feature_names
    from reliability.model import default_model

    model = default_model()
    head = model.article
    evidence = set(evidence_feature_names(list(model.bundle.heads)))
    weights = dict(zip(head.feature_names, head.coef[0, :len(head.feature_names)]))
    assert evidence <= set(weights)
    assert all(weights[n] >= 0 for n in evidence), {n: w for n, w in weights.items() if n in evidence and w < 0}


def test_synthetic_rows_train_at_their_weight_and_routing_splits_them(data) -> None:
    """``synthetic`` reaches every fit through CalibratedClassifierCV, split with the rows."""
    X, y, groups, _ = data
    synthetic = np.arange(60) % 6 == 1
    light = ArticleClassifier(min_df=1, synthetic_weight=0.3).fit(X, y, synthetic=synthetic)
    plain = ArticleClassifier(min_df=1, synthetic_weight=0.3).fit(X, y)
    assert not np.allclose(light.clf_.coef_, plain.clf_.coef_)
    assert np.allclose(ArticleClassifier(min_df=1).fit(X, y, synthetic=synthetic).clf_.coef_, plain.clf_.coef_)
    est = article_estimator(groups).fit(X, y, synthetic=synthetic)
    assert est.predict_proba(X).shape == (60, 2)


def test_models_pickled_before_synthetic_weight_load_as_before(data) -> None:
    import pickle

    X, y, _, feats = data
    clf = ArticleClassifier(min_df=1).fit(X, y)
    old = pickle.loads(pickle.dumps(clf))
    del old.__dict__["synthetic_weight"]  # what an older pickle holds
    loaded = pickle.loads(pickle.dumps(old))
    assert loaded.get_params()["synthetic_weight"] == 1.0
    assert list(loaded.decision_function(X.iloc[[3]])) == list(clf.decision_function(X.iloc[[3]]))


def test_calibrator_learns_from_real_rows_only() -> None:
    """Copies labelled unreliable shape the classifier, not the calibrated base rate."""
    import warnings

    from sklearn.calibration import CalibratedClassifierCV

    rng = np.random.default_rng(3)
    n_real, n_copies = 80, 40
    y = np.array([i % 4 == 0 for i in range(n_real)] + [True] * n_copies, dtype=int)  # real rate .25
    feats = [{"a": float(y[i] + rng.normal(0, 1.5)), "b": float(rng.normal())} for i in range(len(y))]
    X = frame(feats, [GOOD if i % 3 else BAD for i in range(len(y))], ["a", "b"])
    groups = np.array([f"outlet{i % 8}" for i in range(len(y))])
    synthetic = np.arange(len(y)) >= n_real
    est = article_estimator(groups).fit(X, y, synthetic=synthetic)
    plain = article_estimator(groups)
    plain = CalibratedClassifierCV(plain.estimator, method="sigmoid", cv=plain.cv, ensemble=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # MeasuredRowCalibration silences only its own expected warning
        article_estimator(groups).fit(X, y, synthetic=synthetic)
    plain.fit(X, y, synthetic=synthetic)
    real = X.iloc[:n_real]
    assert est.predict_proba(real)[:, 1].mean() == pytest.approx(0.25, abs=0.06)
    assert plain.predict_proba(real)[:, 1].mean() > est.predict_proba(real)[:, 1].mean() + 0.05
    # The classifier itself still trains on the copies (at their weight): same fit either way.
    assert np.array_equal(est.calibrated_classifiers_[0].estimator.clf_.coef_,
                          plain.calibrated_classifiers_[0].estimator.clf_.coef_)


def test_training_only_rows_train_the_classifier_at_full_weight_but_skip_the_calibrator() -> None:
    """A one-class training-only corpus (golbeck2018's fakes) is like a copy in the calibrator
    (weight 0) but weighs 1 in the classifier, unlike a copy (``synthetic_weight``)."""
    rng = np.random.default_rng(4)
    n_real, n_extra = 80, 40
    y = np.array([i % 4 == 0 for i in range(n_real)] + [True] * n_extra, dtype=int)
    feats = [{"a": float(y[i] + rng.normal(0, 1.5)), "b": float(rng.normal())} for i in range(len(y))]
    X = frame(feats, [GOOD if i % 3 else BAD for i in range(len(y))], ["a", "b"])
    groups = np.array([f"outlet{i % 8}" for i in range(len(y))])
    extra = np.arange(len(y)) >= n_real
    no_copies = np.zeros(len(y), dtype=bool)
    est = article_estimator(groups).fit(X, y, synthetic=no_copies, calibrate=~extra)
    everyone = article_estimator(groups).fit(X, y, synthetic=no_copies)  # calibrate: all non-copies
    as_copies = article_estimator(groups).fit(X, y, synthetic=extra)
    real = X.iloc[:n_real]
    assert est.predict_proba(real)[:, 1].mean() == pytest.approx(0.25, abs=0.06)
    assert everyone.predict_proba(real)[:, 1].mean() > est.predict_proba(real)[:, 1].mean() + 0.05
    clf = est.calibrated_classifiers_[0].estimator.clf_
    assert np.array_equal(clf.coef_, everyone.calibrated_classifiers_[0].estimator.clf_.coef_)
    assert not np.array_equal(clf.coef_, as_copies.calibrated_classifiers_[0].estimator.clf_.coef_)


def test_character_block_follows_the_words_and_is_named(data) -> None:
    X, y, _, _ = data
    words = ArticleClassifier(min_df=1).fit(X, y)
    both = ArticleClassifier(min_df=1, char_ngram_range=(3, 3)).fit(X, y)
    assert words.char_vectorizer_ is None and both.char_vectorizer_ is not None
    names = both.get_feature_names_out()
    n_words = len(words.get_feature_names_out())
    assert list(names[:n_words]) == list(words.get_feature_names_out())
    assert all(n.startswith("char:") and len(n) == 8 for n in names[n_words:])
    assert len(names) == len(both.clf_.coef_[0]) and len(names) > n_words
    assert (both.predict(X) == y).mean() > 0.9


def test_models_pickled_before_the_character_block_load_as_words_only(data) -> None:
    import pickle

    X, y, _, _ = data
    clf = ArticleClassifier(min_df=1).fit(X, y)
    old = pickle.loads(pickle.dumps(clf))
    del old.__dict__["char_ngram_range"], old.__dict__["char_vectorizer_"]  # what an older pickle holds
    loaded = pickle.loads(pickle.dumps(old))
    assert loaded.get_params()["char_ngram_range"] is None and loaded.char_vectorizer_ is None
    assert list(loaded.decision_function(X.iloc[[3]])) == list(clf.decision_function(X.iloc[[3]]))
    unfitted = ArticleClassifier()
    state = dict(unfitted.__dict__)
    del state["char_ngram_range"]
    fresh = ArticleClassifier.__new__(ArticleClassifier)
    fresh.__setstate__(state)
    assert not hasattr(fresh, "char_vectorizer_")  # nothing fitted appears on an unfitted model
