"""Cluster-bootstrap intervals for the model card (reliability.evaluation.intervals)."""

from __future__ import annotations

import numpy as np
import pytest

from reliability import config
from reliability.evaluation.intervals import grouped_interval, paired_intervals, resampling_unit
from reliability.evaluation.model import auc


@pytest.fixture(autouse=True)
def _fewer_draws(monkeypatch):
    # sklearn's metrics cost milliseconds a call; 200 draws keep these tests quick.
    monkeypatch.setattr(config, "CI_RESAMPLES", 200)


def _data(n_groups: int = 30, per: int = 8, seed: int = 1):
    rng = np.random.default_rng(seed)
    groups = np.repeat([f"outlet{k}" for k in range(n_groups)], per)
    y = rng.integers(0, 2, len(groups))
    ours = y * 0.6 + rng.random(len(groups))        # informative
    base = y * 0.2 + rng.random(len(groups))        # weakly informative
    return y, ours, base, groups


def test_each_draw_takes_whole_groups():
    _, _, _, groups = _data()
    seen = []

    def statistic(rows: np.ndarray) -> float:
        seen.append(rows)
        return float(len(rows))

    grouped_interval(groups, statistic)
    assert len(seen) >= config.CI_RESAMPLES
    for rows in seen[:50]:
        drawn, counts = np.unique(groups[rows], return_counts=True)
        # A drawn outlet brings all 8 of its rows (8 per draw of it), never a part of them.
        assert all(c % 8 == 0 for c in counts)
        assert len(rows) == len(groups)


def test_same_seed_same_interval_and_the_interval_holds_the_estimate():
    y, ours, _, groups = _data()
    first = grouped_interval(groups, lambda i: auc(y[i], ours[i]), seed=3)
    assert first == grouped_interval(groups, lambda i: auc(y[i], ours[i]), seed=3)
    assert first[0] <= auc(y, ours) <= first[1]
    assert 0.5 < first[0] < first[1] < 1.0


@pytest.mark.parametrize("groups", [np.array([]), np.array(["one"] * 5)])
def test_fewer_than_two_groups_gives_nan(groups):
    low, high = grouped_interval(groups, lambda i: 0.0)
    assert np.isnan(low) and np.isnan(high)


def test_too_few_groups_draws_rows_instead():
    few = np.array(["a", "b"] * 10)
    unit, kind = resampling_unit(few)
    assert kind == "rows" and len(np.unique(unit)) == len(few)
    many = np.repeat(np.arange(config.CI_MIN_GROUPS), 2)
    unit, kind = resampling_unit(many)
    assert kind == "groups" and (unit == many).all()


def test_paired_difference_is_paired():
    y, ours, base, groups = _data()
    same = paired_intervals(y, ours, ours, groups, auc)
    # The same predictions on the same draws differ by exactly 0 in every draw.
    assert same["difference"] == 0 and same["difference_ci"] == [0.0, 0.0]
    assert same["ci"] == same["baseline_ci"]
    out = paired_intervals(y, ours, base, groups, auc)
    assert out["resampled"] == "groups"
    assert out["difference"] == round(auc(y, ours) - auc(y, base), 3)
    assert out["difference_ci"][0] > 0  # ours is clearly better on these data
    # Pairing makes the difference's interval narrower than the two intervals' gap allows.
    width = out["difference_ci"][1] - out["difference_ci"][0]
    assert width < (out["ci"][1] - out["ci"][0]) + (out["baseline_ci"][1] - out["baseline_ci"][0])
