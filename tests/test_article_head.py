"""The shipped article model: ``ArticleHead`` scores exactly as the fitted scikit-learn model."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from reliability.article_head import ArticleHead
from reliability.article_model import frame
from reliability.model import TrainedModel
from reliability.records import ModelInfo
from reliability.training.fit import article_estimator

BAD = "Shocking corrupt elites lie again! The regime is a disgrace and a total scam, a fraud."
GOOD = "The ministry said on Tuesday that the budget would be published in June after review."
TEXTS = [BAD, GOOD, "", "   ", "unseen words only", "<p>élite</p> régime", BAD + " " + GOOD]
ROWS = [[0.0, 0.0, 0.0], [1.5, -2.0, 0.0], [-0.3, 0.0, 4.0], [1e6, -1e-6, 2.0]]
NAMES = ["a", "b", "c"]


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    y = np.array([i % 2 for i in range(60)])
    texts = [BAD if i % 2 else GOOD for i in range(60)]
    feats = [{"a": float(y[i] + rng.normal(0, 0.5)), "b": float(rng.normal()), "c": 0.0}
             for i in range(60)]
    groups = np.array([f"outlet{i % 10}" for i in range(60)])
    est = article_estimator(groups).fit(frame(feats, texts, NAMES), y)
    est.calibrated_classifiers_[0].estimator.feature_weight = 0.7  # not the default: it must be used
    return est, ArticleHead.from_calibrated(est)


def _frame(texts, rows):
    return frame([dict(zip(NAMES, r)) for r in rows], texts, NAMES)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("row", ROWS)
def test_one_article_equals_scikit_learn_bit_for_bit(fitted, text, row) -> None:
    est, head = fitted
    X = _frame([text], [row])
    clf = est.calibrated_classifiers_[0].estimator
    assert head.decision_many([text], np.array(row)).tolist() == clf.decision_function(X).tolist()
    assert head.predict_unreliable([text], np.array(row)).tolist() == est.predict_proba(X)[:, 1].tolist()


@pytest.mark.parametrize("n", [2, 3, 7])
def test_batch_equals_one_by_one_and_scikit_learn(fitted, n) -> None:
    est, head = fitted
    texts = TEXTS[:n]
    rows = np.array([ROWS[k % len(ROWS)] for k in range(n)]) + np.arange(n)[:, None] * 0.1
    many = head.predict_unreliable(texts, rows)
    assert many.tolist() == [head.predict_unreliable([t], r)[0] for t, r in zip(texts, rows)]
    assert many.tolist() == est.predict_proba(_frame(texts, rows))[:, 1].tolist()


def test_masked_feature_and_callers_array_untouched(fitted) -> None:
    est, _ = fitted
    clf = est.calibrated_classifiers_[0].estimator
    clf.feature_mask_[1] = 0.0  # as a refit that dropped a feature leaves it
    try:
        head = ArticleHead.from_calibrated(est)
        feats = np.array([0.4, 9.0, 1.0])
        assert head.decision_many([BAD], feats).tolist() == clf.decision_function(_frame([BAD], [feats])).tolist()
        assert head.decision_many([BAD], feats)[0] == head.decision_many([BAD], np.array([0.4, -9.0, 1.0]))[0]
        assert feats.tolist() == [0.4, 9.0, 1.0]  # not scaled in place
    finally:
        clf.feature_mask_[1] = 1.0


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_features_are_refused(fitted, bad) -> None:
    _, head = fitted
    with pytest.raises(ValueError, match="NaN or infinity"):
        head.predict_unreliable([GOOD], np.array([bad, 0.0, 0.0]))


def test_nothing_in_nothing_out(fitted) -> None:
    _, head = fitted
    assert head.decision_many([], np.zeros((0, 3))).shape == (0,)


def test_trained_model_predicts_reliability_through_the_head(fitted) -> None:
    est, head = fitted
    model = TrainedModel(bundle=None, article=head, feature_names=NAMES, info=ModelInfo("t", "0"))
    feats = [dict(zip(NAMES, r)) for r in ROWS]
    texts = TEXTS[:len(ROWS)]
    expected = (1.0 - est.predict_proba(_frame(texts, ROWS))[:, 1]).tolist()
    assert model.predict_many(feats, texts) == expected
    assert [model.predict(f, {}, t) for f, t in zip(feats, texts)] == expected
    assert model.predict_many([], []) == []


def test_names_and_pickle(fitted) -> None:
    est, head = fitted
    clf = est.calibrated_classifiers_[0].estimator
    assert head.get_feature_names_out().tolist() == clf.get_feature_names_out().tolist()
    again = pickle.loads(pickle.dumps(head))
    assert again.predict_unreliable(TEXTS, np.array([ROWS[0]] * len(TEXTS))).tolist() == \
        head.predict_unreliable(TEXTS, np.array([ROWS[0]] * len(TEXTS))).tolist()


def test_only_one_model_with_one_sigmoid_calibrator_converts(fitted) -> None:
    from sklearn.calibration import CalibratedClassifierCV

    est, _ = fitted
    with pytest.raises(ValueError, match="ensemble=False"):
        ArticleHead.from_calibrated(est.calibrated_classifiers_[0].estimator)  # not calibrated
    isotonic = CalibratedClassifierCV(est.estimator, method="isotonic", cv=est.cv, ensemble=False)
    isotonic.fit(_frame([BAD, GOOD] * 30, [ROWS[1], ROWS[2]] * 30), np.array([1, 0] * 30))
    with pytest.raises(ValueError, match="sigmoid"):
        ArticleHead.from_calibrated(isotonic)


def test_shipped_configuration_reads_characters_and_names_them(fitted) -> None:
    from reliability import config

    est, head = fitted
    assert (head.char_vectorizer is not None) == (config.ARTICLE_CHAR_NGRAMS is not None)
    names = head.get_feature_names_out()
    assert len(names) == head.coef.shape[1]
    clf = est.calibrated_classifiers_[0].estimator
    assert list(names) == list(clf.get_feature_names_out())


def test_heads_pickled_before_the_character_block_score_words_only(fitted) -> None:
    _, head = fitted
    words_only = pickle.loads(pickle.dumps(head))
    vars(words_only).pop("char_vectorizer")  # an older pickle has no such attribute
    assert words_only.char_vectorizer is None  # the class default
    words_only.coef = words_only.coef[:, :len(head.feature_names) + len(head.vectorizer.vocabulary_)]
    row = np.array(ROWS[1])
    expected = head.decision_many([GOOD], row) - head.char_vectorizer.transform([GOOD]) @ head.coef[0, -len(
        head.char_vectorizer.vocabulary_):]
    assert words_only.decision_many([GOOD], row) == pytest.approx(expected)
