"""Confidence intervals for the model card's headline metrics, resampling whole groups.

Out-of-fold predictions of articles from one outlet (or sentences from one document) are not
independent draws: an outlet's house style moves all of them together. So the bootstrap draws
whole groups with replacement (a cluster bootstrap), the unit the folds were grouped by. Ours and
the baseline are scored on the same draws, so the interval of their difference is paired: it
says whether "ours beats the baseline" is more than the luck of which outlets were sampled.
The resampling itself is :func:`scipy.stats.bootstrap` (percentile intervals).
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np
from scipy.stats import DegenerateDataWarning, bootstrap

from reliability import config

Metric = Callable[[np.ndarray, np.ndarray], float]


def grouped_interval(groups: np.ndarray, statistic: Callable[[np.ndarray], float],
                     seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(rows)``, drawing whole groups.

    Args:
        groups: One group label per row.
        statistic: Maps an array of row indices (a resample, rows repeated as drawn) to a number.
        seed: Seed of the draws; the same seed and groups give the same draws, which is what
            makes two statistics' intervals paired.

    Returns:
        ``(low, high)`` at ``config.CI_LEVEL``; NaNs when fewer than two groups exist or when
        some draw's statistic is undefined (an AUC over a draw holding one class only: too few
        articles or groups of one class to bound it).
    """
    uniq, inverse = np.unique(np.asarray(groups), return_inverse=True)
    if len(uniq) < 2:
        return float("nan"), float("nan")
    members = [np.flatnonzero(inverse == k) for k in range(len(uniq))]

    def on_groups(drawn: np.ndarray) -> float:
        return statistic(np.concatenate([members[int(k)] for k in drawn]))

    with warnings.catch_warnings():
        # A draw whose statistic is undefined (AUC of one class) makes the interval NaN, which
        # the docstring promises; scipy's warning about it would only repeat that.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        res = bootstrap((np.arange(len(uniq)),), on_groups, vectorized=False, paired=False,
                        n_resamples=config.CI_RESAMPLES, confidence_level=config.CI_LEVEL,
                        method="percentile", random_state=np.random.default_rng(seed))
    ci = res.confidence_interval
    return float(ci.low), float(ci.high)


def resampling_unit(groups: np.ndarray) -> tuple[np.ndarray, str]:
    """The groups to draw, or one group per row when there are too few groups to draw from.

    With fewer than ``config.CI_MIN_GROUPS`` groups a cluster bootstrap only ever sees a handful
    of distinct resamples, and its interval is meaningless; rows are drawn instead (an interval
    that ignores the clustering, so too narrow: the card says which unit was drawn).
    """
    groups = np.asarray(groups)
    if len(np.unique(groups)) >= config.CI_MIN_GROUPS:
        return groups, "groups"
    return np.arange(len(groups)), "rows"


def paired_intervals(y: np.ndarray, ours: np.ndarray, base: np.ndarray, groups: np.ndarray,
                     metric: Metric, seed: int = 0) -> dict:
    """Intervals of ``metric`` for ours, the baseline, and ours minus the baseline.

    Args:
        y: Gold labels.
        ours: Our predictions (scores or labels, whatever ``metric`` takes).
        base: The baseline's predictions on the same rows.
        groups: The folds' group of every row (outlet, document or article).
        metric: ``metric(y, predictions)``.
        seed: Seed of the draws (shared by the three intervals).

    Returns:
        ``ci`` and ``baseline_ci`` (each ``[low, high]``), ``difference`` (ours minus baseline on
        all rows), ``difference_ci`` and ``resampled`` (``groups`` or ``rows``), rounded to 3 places.
    """
    y, ours, base = np.asarray(y), np.asarray(ours), np.asarray(base)
    unit, resampled = resampling_unit(groups)

    def interval(statistic: Callable[[np.ndarray], float]) -> list[float]:
        return [round(v, 3) for v in grouped_interval(unit, statistic, seed)]

    return {"ci": interval(lambda i: metric(y[i], ours[i])),
            "baseline_ci": interval(lambda i: metric(y[i], base[i])),
            "difference": round(metric(y, ours) - metric(y, base), 3),
            "difference_ci": interval(lambda i: metric(y[i], ours[i]) - metric(y[i], base[i])),
            "resampled": resampled}
