"""The article model: from marker scores and features to ``reliability``.

Until the trained, calibrated model ships, :class:`ProvisionalModel` is a transparent logistic
combination of the four marker scores with hand-set weights from :mod:`reliability.config`.
Its name says so in every profile, so nobody mistakes it for a trained model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Protocol

from reliability import __version__, config
from reliability.records import MarkerScore, ModelInfo


class ArticleModel(Protocol):
    """What the scorer needs from an article model."""

    info: ModelInfo

    def predict(self, features: Mapping[str, float], markers: Mapping[str, MarkerScore],
                text: str = "") -> float:
        """Return reliability in 0..1 for one article."""
        ...


class ProvisionalModel:
    """Hand-weighted logistic combination of the marker scores (not trained, not calibrated)."""

    info = ModelInfo("reliability-provisional", __version__,
                     {"trained": False, "note": "hand-set weights; replaced by the trained model"})

    def predict(self, features: Mapping[str, float], markers: Mapping[str, MarkerScore],
                text: str = "") -> float:
        """Return ``sigmoid(intercept - sum(weight * marker score))`` (the text is not used)."""
        z = config.PROVISIONAL_INTERCEPT - sum(
            w * markers[m].score for m, w in config.PROVISIONAL_WEIGHTS.items())
        return 1.0 / (1.0 + math.exp(-z))


class TrainedModel:
    """Sentence heads plus a calibrated article model, as trained by ``reliability train``.

    Args:
        bundle: The sentence encoder and heads (``refine`` re-scores every sentence).
        article: The calibrated article model (an :class:`~reliability.article_head.ArticleHead`),
            predicting *unreliable* from article features and words.
        feature_names: Article feature names, in the classifier's column order.
        info: Name and version shown in every profile.
    """

    def __init__(self, bundle, article, feature_names: list[str], info: ModelInfo) -> None:
        self.bundle = bundle
        self.article = article
        self.feature_names = list(feature_names)
        self.info = info

    def refine(self, doc, evidence, attributions):
        """Re-score sentences with the learned heads (see ``SentenceBundle.refine``)."""
        return self.bundle.refine(doc, evidence, attributions)

    def predict(self, features: Mapping[str, float], markers: Mapping[str, MarkerScore],
                text: str = "") -> float:
        """Return reliability = 1 - P(unreliable | article features and words), calibrated."""
        return self.predict_many([features], [text])[0]

    def refine_many(self, docs, evidences, attributions):
        """:meth:`refine` for many articles at once (one encoder call for all their sentences)."""
        return self.bundle.refine_many(docs, evidences, attributions)

    def predict_many(self, features: list[Mapping[str, float]], texts: list[str]) -> list[float]:
        """:meth:`predict` for many articles: one vectorizer call, one calibrator call.

        Gives the same numbers as :meth:`predict` article by article; batch scoring uses it
        because per-call costs (the vectorizer's above all) were a sixth of the time per article.
        """
        import numpy as np

        if not texts:
            return []
        x = np.array([[f[n] for n in self.feature_names] for f in features], dtype=np.float64)
        return [1.0 - float(p) for p in self.article.predict_unreliable(texts, x)]


def load_trained(path, *, trust: bool = False) -> TrainedModel:
    """Load a checked model file written by ``reliability train``.

    Raises:
        ModelError: The file is untrusted, altered, incompatible, or not a reliability model.
    """
    from reliability.errors import ModelError
    from reliability.modelfile import load_model

    obj, meta = load_model(path, trust=trust)
    if not isinstance(obj, TrainedModel):
        raise ModelError(f"{path} holds a {type(obj).__name__}, not a reliability model: "
                         "retrain with `reliability train`")
    if obj.feature_names != meta.get("feature_names"):
        raise ModelError(f"{path}: feature names differ from its sidecar; retrain with `reliability train`")
    return obj


@lru_cache(maxsize=1)
def default_model() -> ArticleModel:
    """Return the model shipped inside the package, or the provisional one if none is shipped.

    Loaded once per process: the file never changes while we run, scoring never mutates the
    model, and loading costs seconds (every ``Scorer()`` used to pay it again).
    """
    from reliability.modelfile import shipped_model_path

    path = shipped_model_path()
    if path.is_file():
        return load_trained(path)
    return ProvisionalModel()
