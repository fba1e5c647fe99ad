"""Pooling several sentence heads into one marker's strength.

A marker can have more than one kind of training data. Loaded language is the clearest case:
BABE labels lone sentences about contested topics as biased (about half of them are), and
PTC marks loaded-language, name-calling, exaggeration and fear spans inside whole propaganda
articles (about one sentence in five). A head trained on either transfers badly to the other
(measured in ``reliability.config.HEAD_BLENDS``), and a union of their flags is worse still,
because each flags what the other would not. Averaging their log-odds (a product of experts)
keeps most of each: a sentence is flagged when the heads *together* are sure enough.

The pooled head stays linear: the mean of linear scores is a linear score, so its weights are
the mean of the heads' weights and its learned cues are still the n-grams that pushed it up.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reliability.sentence_context import logit


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function (the inverse of :func:`~reliability.sentence_context.logit`)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def pool(probabilities: Sequence[np.ndarray]) -> np.ndarray:
    """Pool per-sentence probabilities of several heads: the mean of their log-odds.

    Args:
        probabilities: One array per head, all of the same length.

    Returns:
        The pooled probability of each sentence; with one head, that head's probabilities
        (up to the clipping of :func:`~reliability.sentence_context.logit`).

    Raises:
        ValueError: No head, or arrays of different lengths.
    """
    if not probabilities:
        raise ValueError("pool needs at least one head's probabilities")
    if len({len(p) for p in probabilities}) != 1:
        raise ValueError("every head must score the same sentences")
    return sigmoid(np.mean([logit(np.asarray(p, dtype=np.float64)) for p in probabilities], axis=0))


def pool_threshold(thresholds: Sequence[float]) -> float:
    """The flagging threshold of pooled heads, on the same scale as :func:`pool`.

    Each head's threshold was tuned by its own grouped inner CV; pooling them like the
    probabilities means a sentence is flagged when its mean log-odds reach the mean of the
    heads' cut-offs. No further tuning, so nothing is fitted to the data that measures it.
    """
    return float(pool([np.array([t]) for t in thresholds])[0])


def pool_weights(coefs: Sequence[np.ndarray]) -> np.ndarray:
    """The pooled head's weights over the encoder's columns (the mean of the heads' weights).

    The heads' context terms and intercepts shift whole sentences, not words, so these
    weights alone decide which n-grams explain a pooled flag.
    """
    return np.mean([np.asarray(c, dtype=np.float64) for c in coefs], axis=0)
