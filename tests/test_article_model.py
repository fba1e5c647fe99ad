"""The article classifier, its calibration, and the trained model's fast scoring path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reliability.article_model import ArticleClassifier, frame
from reliability.model import TrainedModel
from reliability.records import ModelInfo
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


def test_fast_path_equals_calibrated_predict_proba(data) -> None:
    X, y, groups, feats = data
    est = article_estimator(groups).fit(X, y)
    model = TrainedModel(bundle=None, article=est, feature_names=["a", "b"], info=ModelInfo("t", "0"))
    for i in (0, 1, 7):
        slow = 1.0 - est.predict_proba(X.iloc[[i]])[0, 1]
        assert model.predict(feats[i], {}, X["text"][i]) == pytest.approx(slow, abs=1e-9)


def test_calibration_folds_are_grouped(data) -> None:
    _, _, groups, _ = data
    est = article_estimator(groups)
    for train, test in est.cv:
        assert not set(groups[train]) & set(groups[test])


def test_frame_builds_columns_in_order() -> None:
    df = frame([{"b": 2.0, "a": 1.0}], ["t"], ["a", "b"])
    assert list(df.columns) == ["a", "b", "text"] and isinstance(df, pd.DataFrame)
