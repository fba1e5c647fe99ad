"""The article model: from marker scores and features to ``reliability``.

Until the trained, calibrated model ships, :class:`ProvisionalModel` is a transparent logistic
combination of the four marker scores with hand-set weights from :mod:`reliability.config`.
Its name says so in every profile, so nobody mistakes it for a trained model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

from reliability import __version__, config
from reliability.records import MarkerScore, ModelInfo


class ArticleModel(Protocol):
    """What the scorer needs from an article model."""

    info: ModelInfo

    def predict(self, features: Mapping[str, float], markers: Mapping[str, MarkerScore]) -> float:
        """Return reliability in 0..1 for one article."""
        ...


class ProvisionalModel:
    """Hand-weighted logistic combination of the marker scores (not trained, not calibrated)."""

    info = ModelInfo("reliability-provisional", __version__,
                     {"trained": False, "note": "hand-set weights; replaced by the trained model"})

    def predict(self, features: Mapping[str, float], markers: Mapping[str, MarkerScore]) -> float:
        """Return ``sigmoid(intercept - sum(weight * marker score))``."""
        z = config.PROVISIONAL_INTERCEPT - sum(
            w * markers[m].score for m, w in config.PROVISIONAL_WEIGHTS.items())
        return 1.0 / (1.0 + math.exp(-z))


def default_model() -> ArticleModel:
    """Return the shipped default model."""
    return ProvisionalModel()
