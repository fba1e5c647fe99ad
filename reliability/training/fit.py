"""Fit the sentence heads and the calibrated article model.

The same functions fit the shipped model and every cross-validation fold in
:mod:`reliability.evaluation.model`, so the reported metrics measure what ships.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, cross_val_predict

from reliability import config
from reliability.article_model import ArticleClassifier, frame
from reliability.features import evidence_feature_names
from reliability.sentence_context import ContextStage, context_columns, logit
from reliability.sentence_model import LinearHead, SentenceBundle, SentenceEncoder
from reliability.training import datasets
from reliability.training.word_vectors import load_word_vectors
from reliability.word_bias import WordBiasRates, out_of_fold

#: Sentence tasks: head name -> (table builder, metric the threshold is tuned for).
HEAD_TASKS: dict[str, tuple[Callable[..., pd.DataFrame], str]] = {
    "hedging": (datasets.hedging_sentences, "f1"),
    "loaded_language": (datasets.loaded_sentences, "macro_f1"),
    "unsourced_allegations": (datasets.allegation_sentences, "f1"),
    "propaganda": (datasets.propaganda_sentences, "f1"),
    "loaded_family": (datasets.loaded_family_sentences, "f1"),
}

#: The sentence table whose expert word marks train the word-bias rates.
MARKS_TABLE = "loaded_language"

# Training settings (C_GRID, INNER_FOLDS, ARTICLE_C, CALIBRATION_FOLDS) live in reliability/config.py.


def score_metric(metric: str, y: np.ndarray, pred: np.ndarray) -> float:
    """F1 of the positive class (``f1``) or macro-F1 over both classes (``macro_f1``)."""
    return f1_score(y, pred, average="macro" if metric == "macro_f1" else "binary", zero_division=0)


def best_threshold(y: np.ndarray, p: np.ndarray, metric: str) -> float:
    """Return the probability cut that maximises ``metric`` on out-of-fold predictions.

    Among equally good cuts, the one nearest 0.5 wins: a plateau of ties says the data cannot
    tell them apart, and an extreme cut would flag (or drop) everything on new text.
    """
    grid = np.linspace(0.05, 0.95, 91)
    scores = np.array([score_metric(metric, y, (p >= t).astype(int)) for t in grid])
    best = np.flatnonzero(scores >= scores.max() - 1e-12)
    return float(grid[best[np.argmin(np.abs(grid[best] - 0.5))]])


def _logistic(c: float) -> LogisticRegression:
    """The class-balanced logistic regression every sentence head and context stage uses."""
    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=3000)


def nb_scale(X, y: np.ndarray, n_text: int, power: float, alpha: float = 1.0) -> np.ndarray:
    """Column scale of :class:`ScaledLogistic`: ``sign(r) * |r| ** power`` on the first ``n_text``
    (n-gram) columns, 1 on the others.

    ``r`` is the log-count ratio of Wang & Manning (2012): the log of a column's share of
    the positive rows' occurrences over its share of the negative rows' (presence counts,
    add-``alpha`` smoothed), from the rows given only. ``power`` 0 scales nothing.
    """
    scale = np.ones(X.shape[1])
    if power == 0 or n_text == 0:
        return scale
    present = sparse.csr_matrix(X)[:, :n_text] != 0
    pos = alpha + np.asarray(present[y == 1].sum(axis=0), dtype=np.float64).ravel()
    neg = alpha + np.asarray(present[y == 0].sum(axis=0), dtype=np.float64).ravel()
    r = np.log((pos / pos.sum()) / (neg / neg.sum()))
    scale[:n_text] = np.sign(r) * np.abs(r) ** power
    return scale


class ScaledLogistic(ClassifierMixin, BaseEstimator):
    """:func:`_logistic` over the encoder matrix with its n-gram columns scaled by :func:`nb_scale`,
    and optionally a word-meaning prior.

    NB-weighted logistic regression ("NBSVM", Wang & Manning 2012): an n-gram that splits the
    classes starts with a larger column, so the same penalty shrinks it less. The scale is
    learned in :meth:`fit` from the rows it sees (inside each CV fold, no leakage) and folds
    into ``coef_`` (weights times scale), so the fitted model scores the raw encoder matrix
    like any :class:`~reliability.sentence_model.LinearHead`: scoring costs nothing extra.

    With ``semantic`` (word vectors, one row per n-gram column; see
    :mod:`reliability.training.word_vectors`), the fit also sees ``semantic_weight * ngrams @
    semantic``: a few weights over meanings that every word with a similar vector shares. The
    product is linear in the n-gram columns, so those weights fold into them as well
    (``semantic @ meaning_weights``): still one weight per column, nothing extra to score.

    Args:
        C: Inverse regularisation strength.
        n_text: Number of leading n-gram columns to scale.
        power: Exponent of the scale (``config.NB_SCALE_POWER``; 0 scales nothing).
        semantic: ``n_text x dims`` word-vector rows of the n-gram columns, or None.
        semantic_weight: Scale of the meaning columns (``config.SEMANTIC_WEIGHT``).
    """

    def __init__(self, C: float = 1.0, n_text: int = 0, power: float = 0.5,
                 semantic: sparse.csr_matrix | None = None, semantic_weight: float = 1.0) -> None:
        self.C = C
        self.n_text = n_text
        self.power = power
        self.semantic = semantic
        self.semantic_weight = semantic_weight

    def fit(self, X, y: np.ndarray) -> ScaledLogistic:
        """Learn the column scale from ``(X, y)``, then the weights over the scaled columns
        (and the meaning columns), folded back onto the raw columns."""
        y = np.asarray(y)
        X = sparse.csr_matrix(X)
        scale = nb_scale(X, y, self.n_text, self.power)
        design = X @ sparse.diags(scale)
        if self.semantic is not None:
            meaning = self.semantic_weight * (X[:, :self.n_text] @ self.semantic)
            design = sparse.hstack([design, sparse.csr_matrix(meaning)], format="csr")
        model = _logistic(self.C).fit(design, y)
        coef = model.coef_[:, :X.shape[1]] * scale
        if self.semantic is not None:
            coef[:, :self.n_text] += self.semantic_weight * (self.semantic @ model.coef_[0, X.shape[1]:])
        self.classes_ = model.classes_
        self.coef_ = coef
        self.intercept_ = model.intercept_
        return self

    def decision_function(self, X) -> np.ndarray:
        """Log-odds of the positive class, from the raw (unscaled) columns."""
        return np.asarray(X @ self.coef_.ravel()).ravel() + self.intercept_[0]

    def predict_proba(self, X) -> np.ndarray:
        """``[P(negative), P(positive)]`` per row."""
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        """The more probable class of each row."""
        return self.classes_[(self.decision_function(X) > 0).astype(int)]


def _head_estimator(n_text: int, nb_power: float, semantic: sparse.csr_matrix | None = None,
                    semantic_weight: float = 0.0) -> Callable[[float], BaseEstimator]:
    """``C -> unfitted estimator`` of a plain head: :class:`ScaledLogistic` when ``nb_power`` > 0
    or a meaning prior is given (``semantic`` and ``semantic_weight`` > 0)."""
    if semantic is None or semantic_weight <= 0:
        semantic = None
    if nb_power > 0 or semantic is not None:
        return lambda c: ScaledLogistic(c, n_text, nb_power, semantic, semantic_weight)
    return _logistic


def _best_c(X, y: np.ndarray, cv: list, metric: str, grid: tuple[float, ...],
            floor: float, estimator: Callable[[float], BaseEstimator] = _logistic
            ) -> tuple[float | None, float, np.ndarray | None]:
    """Search ``grid`` on the folds ``cv``: the first C whose best-threshold score beats ``floor``
    and every earlier C.

    Args:
        estimator: ``C -> unfitted estimator`` (default :func:`_logistic`).

    Returns:
        ``(C, its score, its out-of-fold probabilities)``; ``(None, floor, None)`` when no C
        beats ``floor``.
    """
    best_c, best_score, best_oof = None, floor, None
    for c in grid:
        oof = cross_val_predict(estimator(c), X, y, cv=cv, method="predict_proba")[:, 1]
        s = max(score_metric(metric, y, (oof >= t).astype(int)) for t in np.linspace(0.1, 0.9, 33))
        if s > best_score:
            best_c, best_score, best_oof = c, s, oof
    return best_c, best_score, best_oof


def fit_head(X, y: np.ndarray, groups: np.ndarray, metric: str, context: bool = False,
             n_text: int = 0, nb_power: float = 0.0, semantic: sparse.csr_matrix | None = None,
             semantic_weight: float = 0.0) -> LinearHead:
    """Fit one head: C and threshold chosen by grouped inner CV on the training rows only.

    Args:
        X: Encoded training rows.
        y: Their labels.
        groups: Their groups (articles for a context head, rows in reading order within each).
        metric: ``f1`` or ``macro_f1``.
        context: Also try a context stage (:func:`fit_context`); it is kept only when the
            same inner folds score it higher.
        n_text: Number of n-gram columns in ``X`` (the encoder's ``n_text_features_``).
        nb_power: Scale the n-gram columns by their log-count ratio (:class:`ScaledLogistic`)
            with this exponent; 0 fits plain :func:`_logistic`.
        semantic: Word-vector rows of the n-gram columns (:class:`ScaledLogistic`), or None.
        semantic_weight: Scale of the meaning columns; 0 adds none.
    """
    n_splits = min(config.INNER_FOLDS, len(np.unique(groups)))
    cv = list(GroupKFold(n_splits=n_splits).split(X, y, groups))
    # Every score is >= 0, so the first C always beats -1: a plain head always gets a C.
    estimator = _head_estimator(n_text, nb_power, semantic, semantic_weight)
    best_c, best_score, best_oof = _best_c(X, y, cv, metric, config.C_GRID, -1.0, estimator)
    final = estimator(best_c).fit(X, y)
    head = LinearHead.from_estimator(final, best_threshold(y, best_oof, metric))
    if context:
        return fit_context(head, best_oof, y, groups, cv, metric, best_score) or head
    return head


def fit_context(head: LinearHead, oof: np.ndarray, y: np.ndarray, groups: np.ndarray, cv: list,
                metric: str, plain_score: float) -> LinearHead | None:
    """Add a document-context stage (:mod:`reliability.sentence_context`) to a fitted head.

    Stage 2 is a logistic regression over stage 1's log-odds and the context columns, both
    from stage 1's OUT-OF-FOLD probabilities (``oof``, from the article-grouped folds ``cv``):
    a row's own score never trained the head that scored it, and its neighbours' scores come
    from a head that never saw their article, as at scoring time. C and the threshold are
    chosen on the same folds.

    Returns:
        The context head, or None when no C beats ``plain_score`` (the plain head's best score
        on the same folds) or stage 2 does not weigh stage 1 up.
    """
    prior = float(oof.mean())
    Z = np.column_stack([logit(oof), context_columns(oof, groups, prior)])
    best_c, _, best_oof = _best_c(Z, y, cv, metric, config.CONTEXT_C_GRID, plain_score)
    if best_c is None:
        return None
    stage2 = _logistic(best_c).fit(Z, y)
    scale, weights = float(stage2.coef_[0, 0]), stage2.coef_[0, 1:]
    if scale <= 0:
        return None
    # Fold stage 2's weight on stage 1 into the head's own weights (see ContextStage).
    return LinearHead(scale * head.coef, scale * head.intercept + float(stage2.intercept_[0]),
                      best_threshold(y, best_oof, metric),
                      ContextStage(scale, head.intercept, weights, prior))


def fit_encoder(texts: list[str], marks: pd.DataFrame | None = None) -> SentenceEncoder:
    """Fit the shared sentence encoder on ``texts``.

    Args:
        texts: Every training sentence (the vocabulary is unsupervised). A sentence in several
            tables (every PTC sentence labels both propaganda and the loaded family) counts
            once: twice would double its n-grams' document frequency and let ``min_df`` keep
            n-grams seen in one sentence only.
        marks: Training rows with expert word marks (``text``, ``biased_words``): the word-bias
            rates are learned from these only. None (or no rows) gives no word-bias columns.
    """
    texts = list(dict.fromkeys(texts))
    if marks is None or not len(marks):
        return SentenceEncoder(surface=True).fit(texts)
    return SentenceEncoder(surface=True, word_bias=WordBiasRates()).fit(
        texts, bias_texts=marks["text"].tolist(), bias_marked=marks["biased_words"].tolist())


def marks_of(tables: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    """The table whose rows carry expert word marks (BABE), or None."""
    df = tables.get(MARKS_TABLE)
    return df if df is not None and "biased_words" in df else None


def head_matrix(encoder: SentenceEncoder, df: pd.DataFrame, rules, marks_fitted: bool = False):
    """Encode a head's training rows.

    Args:
        encoder: The fitted encoder.
        df: The rows (``text``, ``group``; ``biased_words`` when ``marks_fitted``).
        rules: Their rule features.
        marks_fitted: True when the encoder's word-bias rates were learned from these very rows:
            their word-bias features are then computed out-of-fold (by group), as new text sees them.
    """
    texts = df["text"].tolist()
    bias = None
    if marks_fitted and encoder.word_bias_ is not None:
        bias = out_of_fold(texts, df["biased_words"].tolist(), df["group"].to_numpy(), encoder.word_bias)
    return encoder.transform(texts, rules, bias=bias)


def fit_table_head(name: str, encoder: SentenceEncoder, df: pd.DataFrame, rows: np.ndarray | None = None,
                   marks_fitted: bool = False, context: bool | None = None) -> LinearHead:
    """Fit head ``name`` on rows of its table with its configured settings.

    The one place that reads a head's settings (``HEAD_TASKS`` metric, ``CONTEXT_HEADS``,
    ``NB_SCALE_POWER``, ``SEMANTIC_WEIGHT``), so training and every evaluation fit the head that ships.

    Args:
        name: Head name (a key of :data:`HEAD_TASKS`).
        encoder: The fitted encoder.
        df: The head's table.
        rows: Positions of the training rows (default: all).
        marks_fitted: The encoder's word-bias rates were learned from these rows (see
            :func:`head_matrix`).
        context: Override ``name in config.CONTEXT_HEADS``.
    """
    part = df if rows is None else df.iloc[rows]
    rules = df.attrs["rules"] if rows is None else df.attrs["rules"][rows]
    X = head_matrix(encoder, part, rules, marks_fitted=marks_fitted)
    weight = config.SEMANTIC_WEIGHT.get(name, 0.0)
    semantic = None
    if weight > 0:
        semantic = load_word_vectors().rows_for(encoder.vectorizer_.vocabulary_, encoder.n_text_features_)
    return fit_head(X, part["label"].to_numpy(), part["group"].to_numpy(), HEAD_TASKS[name][1],
                    context=name in config.CONTEXT_HEADS if context is None else context,
                    n_text=encoder.n_text_features_, nb_power=config.NB_SCALE_POWER.get(name, 0.0),
                    semantic=semantic, semantic_weight=weight)


def fit_bundle(tables: dict[str, pd.DataFrame]) -> SentenceBundle:
    """Fit the encoder on every training sentence and one head per table."""
    marks = marks_of(tables)
    encoder = fit_encoder([t for df in tables.values() for t in df["text"]], marks)
    heads = {name: fit_table_head(name, encoder, df, marks_fitted=df is marks) for name, df in tables.items()}
    blends = {m: parts for m, parts in config.HEAD_BLENDS.items() if set(parts) <= set(heads)}
    return SentenceBundle(encoder, heads, blends)


class MeasuredRowCalibration(CalibratedClassifierCV):
    """``CalibratedClassifierCV`` whose calibrator learns from the measured articles only.

    The synthetic contradiction copies (:mod:`reliability.training.augment`) are all labelled
    unreliable: they teach the classifier what an inserted contradiction is worth, but in the
    calibrator they raised every probability by their share of the rows (mean P(unreliable)
    .465 against a real base rate of .444 in outlet-grouped CV). The training-only corpora
    (``datasets.TRAINING_ONLY_SETS``) hold one class and would shift it the same way. Such rows
    weigh 0 in the calibrator; in the classifier copies weigh ``synthetic_weight`` and
    training-only articles 1.
    """

    def fit(self, X, y, synthetic=None, calibrate=None, **fit_params) -> MeasuredRowCalibration:
        """Fit on every row; the calibrator learns from the ``calibrate`` rows only.

        Args:
            X: Article model input.
            y: 1 = unreliable.
            synthetic: Bool per row, True for synthetic copies (None: none are).
            calibrate: Bool per row, True for the rows the calibrator learns from
                (``datasets.measured_rows``); None: every row that is not synthetic.
        """
        if calibrate is None and synthetic is not None:
            calibrate = ~np.asarray(synthetic, dtype=bool)
        weight = None if calibrate is None else np.asarray(calibrate, dtype=bool).astype(float)
        with warnings.catch_warnings():
            # scikit-learn warns that weights reach the calibrator only: that is the intent here.
            warnings.filterwarnings("ignore", message=".*sample weights will only be used for the calibration")
            return super().fit(X, y, sample_weight=weight, synthetic=synthetic, **fit_params)


def article_estimator(groups: np.ndarray) -> MeasuredRowCalibration:
    """The article model, sigmoid-calibrated on outlet-grouped folds of its training rows.

    Grouped calibration folds matter: calibrating on articles from outlets the model already
    saw would make it overconfident on new outlets. ``ensemble=False`` keeps one fitted model
    and one calibrator, so scoring runs a single linear model.

    Fit it with ``.fit(X, y, synthetic=~real_rows(table), calibrate=measured_rows(table))`` so
    the synthetic contradiction copies train at ``ARTICLE_SYNTHETIC_WEIGHT`` and only measured
    articles reach the calibrator (:class:`MeasuredRowCalibration`); without them every row weighs 1.

    Args:
        groups: Outlet group of every training row.
    """
    n = min(config.CALIBRATION_FOLDS, len(np.unique(groups)))
    cv = list(GroupKFold(n_splits=n).split(np.zeros(len(groups)), groups=groups))
    clf = ArticleClassifier(C=config.ARTICLE_C, feature_weight=config.ARTICLE_FEATURE_WEIGHT,
                            evidence_features=tuple(evidence_feature_names(list(HEAD_TASKS))),
                            synthetic_weight=config.ARTICLE_SYNTHETIC_WEIGHT,
                            char_ngram_range=config.ARTICLE_CHAR_NGRAMS)
    return MeasuredRowCalibration(clf, method="sigmoid", cv=cv, ensemble=False)


def article_matrix(scorer, texts: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Article features and texts, computed exactly as scoring computes them."""
    rows = [scorer.analyse(t) for t in texts]
    names = list(rows[0].features) if rows else []
    return frame([r.features for r in rows], [r.doc.text for r in rows], names), names
