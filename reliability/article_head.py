"""The fitted article model reduced to what scoring needs, as ``LinearHead`` is for a sentence head.

``reliability train`` fits scikit-learn's ``CalibratedClassifierCV`` around
:class:`reliability.article_model.ArticleClassifier` (``StandardScaler``, ``LogisticRegression``,
a sigmoid calibrator). Scoring needs only their fitted numbers. Shipping those objects made
every ``reliability score`` import ``sklearn.linear_model``, ``sklearn.calibration`` and,
through them, ``sklearn.metrics`` and ``scipy.stats``: about half a second of a two-second
cold start, for three lines of arithmetic. :class:`ArticleHead` keeps the fitted TF-IDF
vectorizer (scikit-learn's own ``transform``) and the fitted arrays, and computes what
``decision_function`` and the calibrator's ``predict`` compute, in the same order of
operations, so scores are equal bit for bit (``tests/test_article_head.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.special import expit


class ArticleHead:
    """Article features and words to P(unreliable), from a fitted calibrated article model.

    Args:
        vectorizer: The fitted TF-IDF vectorizer of the article's words.
        mean: Per-feature mean of the fitted ``StandardScaler``.
        scale: Per-feature scale of the fitted ``StandardScaler``.
        feature_scale: Weight of each standardised feature next to the unit-norm TF-IDF row
            (``feature_weight`` times the mask of features the fit kept).
        coef: Logistic-regression weights over ``[features | n-grams]``.
        intercept: Its bias.
        sigmoid: The calibrator's ``(a, b)``: P(unreliable) = 1 / (1 + exp(a * score + b)).
        feature_names: Article feature names, in column order.
        char_vectorizer: The fitted TF-IDF vectorizer of the article's character n-grams, or
            None when the model reads words only.
    """

    #: Heads pickled before the character block existed read words only.
    char_vectorizer = None

    def __init__(self, vectorizer, mean: np.ndarray, scale: np.ndarray, feature_scale: np.ndarray,
                 coef: np.ndarray, intercept: float, sigmoid: tuple[float, float],
                 feature_names: Sequence[str], char_vectorizer=None) -> None:
        self.vectorizer = vectorizer
        self.char_vectorizer = char_vectorizer
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.feature_scale = np.asarray(feature_scale, dtype=np.float64)
        # Kept 2-D, as LogisticRegression stores it: the product below is then the same call.
        self.coef = np.asarray(coef, dtype=np.float64).reshape(1, -1)
        self.intercept = np.asarray([intercept], dtype=np.float64)
        self.sigmoid = (float(sigmoid[0]), float(sigmoid[1]))
        self.feature_names = list(feature_names)

    @classmethod
    def from_calibrated(cls, calibrated) -> ArticleHead:
        """Take the numbers of a fitted ``CalibratedClassifierCV(ArticleClassifier, ensemble=False)``.

        Raises:
            ValueError: The model is not one fitted model with one sigmoid calibrator, or its
                scaler does not centre and scale (the arithmetic here would then differ).
        """
        parts = getattr(calibrated, "calibrated_classifiers_", None)
        if not parts or len(parts) != 1 or len(parts[0].calibrators) != 1:
            raise ValueError("expected a fitted CalibratedClassifierCV with ensemble=False")
        clf, calibrator = parts[0].estimator, parts[0].calibrators[0]
        if not (hasattr(calibrator, "a_") and clf.scaler_.with_mean and clf.scaler_.with_std):
            raise ValueError("expected a sigmoid calibrator over a centring, scaling StandardScaler")
        return cls(clf.vectorizer_, clf.scaler_.mean_, clf.scaler_.scale_,
                   clf.feature_weight * clf.feature_mask_, clf.clf_.coef_,
                   float(clf.clf_.intercept_[0]), (calibrator.a_, calibrator.b_),
                   clf.feature_names_in_.tolist(), getattr(clf, "char_vectorizer_", None))

    def _scaled(self, features: np.ndarray) -> np.ndarray:
        # StandardScaler.transform's steps on a float64 copy, then the block's weight.
        feats = np.array(features, dtype=np.float64).reshape(-1, len(self.mean))
        if not np.isfinite(feats).all():  # as scikit-learn's input validation refused them
            raise ValueError("article features contain NaN or infinity")
        feats -= self.mean
        feats /= self.scale
        return feats * self.feature_scale

    def decision_many(self, texts: Sequence[str], features: np.ndarray) -> np.ndarray:
        """Return the linear score (log-odds of unreliable, before calibration) of each article.

        Args:
            texts: The articles' texts.
            features: One row of article features per text, in ``feature_names`` order.
        """
        if len(texts) == 0:
            return np.zeros(0)
        scaled = self._scaled(features)
        texts = list(texts)
        blocks = [v.transform(texts) for v in (self.vectorizer, self.char_vectorizer) if v is not None]
        if len(texts) == 1:
            # One row built directly: sparse.hstack's bookkeeping costs more than the product.
            nz = np.flatnonzero(scaled[0])
            data, indices, offset = [scaled[0, nz]], [nz], scaled.shape[1]
            for block in blocks:
                data.append(block.data.astype(np.float64))
                indices.append(block.indices.astype(np.int64) + offset)
                offset += block.shape[1]
            data, indices = np.concatenate(data), np.concatenate(indices)
            design = sparse.csr_matrix((data, indices, np.array([0, len(data)])), shape=(1, offset))
        else:
            design = sparse.hstack([sparse.csr_matrix(scaled), *blocks], format="csr")
        return np.asarray(design @ self.coef.T + self.intercept).ravel()

    def predict_unreliable(self, texts: Sequence[str], features: np.ndarray) -> np.ndarray:
        """Return the calibrated P(unreliable) of each article (see :meth:`decision_many`)."""
        a, b = self.sigmoid
        return expit(-(a * self.decision_many(texts, features) + b))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return the feature names, then the word and ``char:`` n-grams, in design-matrix order."""
        return np.concatenate([np.asarray(self.feature_names, dtype=object),
                               *ngram_names(self.vectorizer, self.char_vectorizer)])


def ngram_names(words, chars) -> list[np.ndarray]:
    """Column names of the word block and, when there is one, the ``char:`` block."""
    names = [words.get_feature_names_out()]
    if chars is not None:
        names.append(np.array(["char:" + g for g in chars.get_feature_names_out()], dtype=object))
    return names
