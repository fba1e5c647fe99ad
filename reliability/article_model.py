"""The article classifier: one linear model over marker features and the article's words.

Aggregated marker features carry the explainable signal; word n-grams of the whole article
carry the style of unreliable outlets that markers do not name, and character n-grams the
spelling, punctuation and casing habits that word tokens drop (Proppy, Barrón-Cedeño et al.
2019, found character n-grams the better style signal on outlets unseen in training). One
logistic regression over all three (features standardised, n-grams TF-IDF) keeps the model
linear and inspectable.

It is a small estimator of its own, not a ``ColumnTransformer`` pipeline, so that its fitted
parts are plain to read: ``reliability train`` calibrates it (``CalibratedClassifierCV``) and
ships the result as :class:`reliability.article_head.ArticleHead`, the same numbers without the
scikit-learn objects that scoring would otherwise have to import. The parts are scikit-learn's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from reliability.article_head import ngram_names
from reliability.vectorizer import CompactTfidfVectorizer

if TYPE_CHECKING:  # pandas loads only where a frame is built: a one-article run never needs it
    import pandas as pd

TEXT_COLUMN = "text"


class ArticleClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over ``[standardised features | word TF-IDF | char TF-IDF]``; predicts *unreliable*.

    Args:
        C: Inverse regularisation strength.
        ngram_range: Word n-gram lengths of the text part.
        min_df: Minimum document frequency of an n-gram.
        max_features: Vocabulary cap of each n-gram block (model size and speed).
        char_ngram_range: Character n-gram lengths of a second TF-IDF block of the text, or
            None for words only. Its rows are unit-norm, as the word block's.
        feature_weight: Scale of the standardised feature block next to the unit-norm TF-IDF row.
        evidence_features: Names of features that count evidence against an article (marker
            rates and strengths). Their weights may only push towards *unreliable*: one that
            the fit gives a negative weight is dropped and the model refitted, so that
            flagging a sentence never raises an article's reliability (faithful evidence).
        max_refits: Rounds of dropping such features; each round drops every offender.
        synthetic_weight: Sample weight of the rows that :meth:`fit` is told are synthetic
            contradiction copies (:mod:`reliability.training.augment`). Each copy repeats its
            parent's words under the opposite label, so at full weight the copies pull n-gram
            weights away from what predicts unseen outlets; a lower weight keeps what they teach
            about contradictions (the feature difference from their parent) at less cost.
    """

    def __init__(self, C: float = 1.0, ngram_range: tuple[int, int] = (1, 2), min_df: int = 3,
                 max_features: int | None = 50_000, feature_weight: float = 0.3,
                 evidence_features: tuple[str, ...] = (), max_refits: int = 5,
                 synthetic_weight: float = 1.0, char_ngram_range: tuple[int, int] | None = None) -> None:
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.feature_weight = feature_weight
        self.evidence_features = evidence_features
        self.max_refits = max_refits
        self.synthetic_weight = synthetic_weight
        self.char_ngram_range = char_ngram_range

    def __setstate__(self, state: dict) -> None:
        # Models pickled before these parameters existed weighed every row alike and read words
        # only; they load as they were.
        state.setdefault("synthetic_weight", 1.0)
        state.setdefault("char_ngram_range", None)
        if "clf_" in state:
            state.setdefault("char_vectorizer_", None)
        super().__setstate__(state)

    def _split(self, X: pd.DataFrame) -> tuple[list[str], np.ndarray]:
        texts = X[TEXT_COLUMN].astype(str).tolist()
        feats = X.drop(columns=[TEXT_COLUMN]).to_numpy(dtype=np.float64)
        return texts, feats

    def _design(self, texts: Sequence[str], feats: np.ndarray) -> sparse.csr_matrix:
        blocks = [self.vectorizer_.transform(texts)]
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(texts))
        scaled = self.scaler_.transform(feats) * (self.feature_weight * self.feature_mask_)
        return sparse.hstack([sparse.csr_matrix(scaled), *blocks], format="csr")

    def fit(self, X: pd.DataFrame, y, synthetic=None) -> ArticleClassifier:
        """Fit on a frame with a ``text`` column and numeric feature columns.

        Args:
            X: Features and text.
            y: 1 = unreliable.
            synthetic: Optional boolean per row, True for synthetic contradiction copies; they
                get ``synthetic_weight``. ``CalibratedClassifierCV.fit(X, y, synthetic=...)``
                passes it on (split with the rows), and its calibrator stays unweighted.
        """
        texts, feats = self._split(X)
        weight = None
        if synthetic is not None:
            weight = np.where(np.asarray(synthetic, dtype=bool), self.synthetic_weight, 1.0)
        self.feature_names_in_ = np.array([c for c in X.columns if c != TEXT_COLUMN])
        self.vectorizer_ = CompactTfidfVectorizer(ngram_range=self.ngram_range, min_df=self.min_df,
                                                  max_features=self.max_features, sublinear_tf=True,
                                                  dtype=np.float32).fit(texts)
        self.char_vectorizer_ = None if self.char_ngram_range is None else CompactTfidfVectorizer(
            analyzer="char", ngram_range=self.char_ngram_range, min_df=self.min_df,
            max_features=self.max_features, sublinear_tf=True, dtype=np.float32).fit(texts)
        self.scaler_ = StandardScaler().fit(feats)
        self.feature_mask_ = np.ones(len(self.feature_names_in_))
        constrained = np.isin(self.feature_names_in_, list(self.evidence_features))
        for _ in range(self.max_refits + 1):
            self.clf_ = LogisticRegression(C=self.C, max_iter=3000, solver="liblinear")
            self.clf_.fit(self._design(texts, feats), y, sample_weight=weight)
            # Classes are sorted, so a positive weight pushes towards classes_[1] (unreliable).
            wrong = constrained & (self.clf_.coef_[0, :len(self.feature_mask_)] < 0)
            if not wrong.any():
                break
            self.feature_mask_[wrong] = 0.0
        self.classes_ = self.clf_.classes_
        return self

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """Return the linear score (log-odds of unreliable) of each row."""
        check_is_fitted(self, "clf_")
        return self.clf_.decision_function(self._design(*self._split(X)))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Return ``[P(reliable), P(unreliable)]`` per row (uncalibrated)."""
        check_is_fitted(self, "clf_")
        return self.clf_.predict_proba(self._design(*self._split(X)))

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Return the predicted class (1 = unreliable) of each row."""
        return self.classes_[(self.decision_function(X) > 0).astype(int)]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return the feature names, then the word n-grams, then ``char:``-prefixed character
        n-grams, in design-matrix order."""
        check_is_fitted(self, "clf_")
        return np.concatenate([self.feature_names_in_, *ngram_names(self.vectorizer_, self.char_vectorizer_)])



def frame(features: Sequence[dict[str, float]], texts: Sequence[str], names: Sequence[str]) -> pd.DataFrame:
    """Build the classifier's input frame from feature dicts and texts."""
    import pandas as pd

    df = pd.DataFrame([[f[n] for n in names] for f in features], columns=list(names))
    df[TEXT_COLUMN] = list(texts)
    return df
