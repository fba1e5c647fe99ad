"""Metric helpers of reliability.evaluation.model."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from reliability.evaluation.model import auc


@pytest.mark.parametrize("seed", range(5))
def test_auc_is_roc_auc_ties_included(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 300)
    p = np.round(rng.random(300) + 0.3 * y, 1)  # rounding makes many ties
    assert auc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-12)


@pytest.mark.parametrize("y", [[1, 1, 1], [0, 0], []])
def test_auc_of_one_class_is_nan(y):
    assert np.isnan(auc(np.array(y), np.linspace(0, 1, len(y))))
