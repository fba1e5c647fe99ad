"""The training run's pieces that need no corpus: the article model refit for held-out scoring."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from reliability.article_head import ArticleHead
from reliability.article_model import frame
from reliability.model import default_model
from reliability.training.augment import SYNTHETIC
from reliability.training.datasets import TRAINING_ONLY_SETS, measured_rows
from reliability.training.fit import article_estimator
from reliability.training.train import HeldOutScorers, fit_article_model, held_out_scorers

BAD = "Shocking corrupt elites lie! The regime is a disgrace and a total scam."
GOOD = "The ministry said on Tuesday that the budget would be published in June."
FAKE = "You won't believe what they are hiding from you! Share before it is deleted!"


def _articles() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(5)
    n = 60
    datasets = ["hyperpartisan2019"] * 40 + [SYNTHETIC] * 5 + [TRAINING_ONLY_SETS[0]] * 15
    y = np.array([i % 2 for i in range(40)] + [1] * 20)
    texts = [BAD if y[i] and i < 40 else GOOD if i < 40 else GOOD if i < 45 else FAKE for i in range(n)]
    feats = [{"a": float(y[i] + rng.normal(0, 0.7)), "b": float(rng.normal())} for i in range(n)]
    table = pd.DataFrame({"dataset": datasets, "label": y, "text": texts,
                          "group": [f"outlet{i % 6}" for i in range(n)]})
    return table, frame(feats, texts, ["a", "b"])


def test_held_out_scorer_never_saw_the_training_only_corpus() -> None:
    table, X = _articles()
    model = SimpleNamespace(bundle=default_model().bundle, feature_names=["a", "b"])
    scorers = held_out_scorers(model, table, X)
    assert set(scorers) == set(TRAINING_ONLY_SETS)
    head = scorers[TRAINING_ONLY_SETS[0]].model.article
    keep = (table["dataset"] != TRAINING_ONLY_SETS[0]).to_numpy()
    expected = article_estimator(table["group"][keep].to_numpy()).fit(
        X[keep], table["label"][keep].to_numpy(), synthetic=(table["dataset"][keep] == SYNTHETIC).to_numpy(),
        calibrate=measured_rows(table[keep]))
    expected = ArticleHead.from_calibrated(expected)
    feats = X[["a", "b"]].to_numpy()
    got = head.predict_unreliable(X["text"].tolist(), feats)
    assert np.array_equal(got, expected.predict_unreliable(X["text"].tolist(), feats))
    # ... and differs from the model fitted on every row, which learned FAKE as unreliable.
    full = fit_article_model(model.bundle, table, X, ["a", "b"]).article
    fake = X["text"].eq(FAKE).to_numpy()
    assert (full.predict_unreliable(X["text"][fake].tolist(), feats[fake])
            > got[fake]).all()


def test_held_out_scorers_are_built_once_and_only_for_their_corpora() -> None:
    calls = []
    scorers = HeldOutScorers(lambda: calls.append(1) or {name: name.upper() for name in TRAINING_ONLY_SETS})
    assert list(scorers) == list(TRAINING_ONLY_SETS) and len(scorers) == len(TRAINING_ONLY_SETS)
    assert scorers.get("hyperpartisan2019", "shipped") == "shipped" and not calls  # no refit for others
    assert "hyperpartisan2019" not in scorers and not calls
    name = TRAINING_ONLY_SETS[0]
    assert scorers[name] == name.upper() and scorers.get(name) == name.upper()
    assert calls == [1]
