"""Document context for sentence heads: a second stage that reads the article's other sentences.

Propaganda clusters: a sentence of a propaganda-dense article is more likely propaganda than
the same words in a sober one. A context head is two linear stages. Stage 1 is the plain head
over the encoder's columns; its probabilities on the OTHER sentences of the same article
become a few :data:`CONTEXT_FEATURES` columns (leave-self-out mean and maximum, the previous and
next sentence, a small window, the sentence's place in the article), and stage 2 is a logistic
regression over stage 1's log-odds plus those columns. Stage 2's weight on stage 1 folds into
the head's own weights, so a context head scores as one linear head plus a few context terms,
and its learned cues are still the n-grams that pushed it up.

No row ever sees its own stage-1 score: the columns are computed leave-self-out, and in
training the stage-1 probabilities are out-of-fold (grouped by article, see
:func:`reliability.training.fit.fit_head`), as new text sees them at scoring time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Names of the context columns, in column order. The probability-like ones are log-odds, the
#: scale stage 2 adds them on.
CONTEXT_FEATURES: tuple[str, ...] = ("context__others_mean", "context__others_max",
                                     "context__previous", "context__next", "context__window",
                                     "context__position", "context__log_sentences")

#: Sentences either side of a row that :data:`CONTEXT_FEATURES`' window column averages.
WINDOW = 2


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities (clipped away from 0 and 1)."""
    p = np.clip(p, 1e-6, 1.0 - 1e-6)
    return np.log(p / (1.0 - p))


def context_columns(p: np.ndarray, groups: Sequence | np.ndarray, prior: float) -> np.ndarray:
    """Return the :data:`CONTEXT_FEATURES` of every row from the stage-1 probabilities ``p``.

    Rows sharing a group are the sentences of one article, in reading order (they need not be
    adjacent). Each row's probability columns read only the OTHER rows of its group: the mean
    and maximum of their probabilities, the probability of the row before and after it, and the
    mean over up to :data:`WINDOW` rows either side; then its relative position (0 first, 1
    last) and the log number of rows. A value with nothing to read (a lone sentence, the first
    sentence's predecessor) is ``prior``.

    Args:
        p: Stage-1 probability of every row.
        groups: Article key of every row (any sortable labels).
        prior: The probability for missing context (the mean training probability).
    """
    p = np.asarray(p, dtype=np.float64)
    probs = np.full((len(p), 5), float(prior))
    shape = np.zeros((len(p), 2))  # position, log sentences
    if len(p):
        _, inverse = np.unique(np.asarray(groups), return_inverse=True)
        order = np.argsort(inverse, kind="stable")  # grouped, reading order kept in each group
        bounds = np.flatnonzero(np.r_[True, np.diff(inverse[order]) != 0, True])
        for a, b in zip(bounds[:-1], bounds[1:]):
            _fill(p[order[a:b]], order[a:b], probs, shape)
    return np.hstack([logit(probs), shape])


def _fill(q: np.ndarray, rows: np.ndarray, probs: np.ndarray, shape: np.ndarray) -> None:
    """Write the context of one article's rows (``q`` their probabilities, in reading order)."""
    m = len(q)
    shape[rows, 1] = np.log(m)
    if m < 2:
        return
    probs[rows, 0] = (q.sum() - q) / (m - 1)
    top = int(np.argmax(q))
    others_max = np.full(m, q[top])
    others_max[top] = np.max(np.delete(q, top))  # the best row's context is the runner-up
    probs[rows, 1] = others_max
    probs[rows[1:], 2] = q[:-1]
    probs[rows[:-1], 3] = q[1:]
    cum = np.r_[0.0, np.cumsum(q)]
    i = np.arange(m)
    lo, hi = np.maximum(i - WINDOW, 0), np.minimum(i + WINDOW + 1, m)
    probs[rows, 4] = (cum[hi] - cum[lo] - q) / (hi - lo - 1)  # m >= 2: every row has a neighbour
    shape[rows, 0] = i / (m - 1)


class ContextStage:
    """What a context head adds to a linear head: its stage 1 and the context columns' weights.

    Stage 2 is ``scale * stage-1 log-odds + context columns @ coef + bias``; the head's own
    ``coef`` and ``intercept`` hold ``scale`` times stage 1's plus that bias, so stage 1's
    log-odds are recovered from the head's word term without storing its weights twice.

    Args:
        scale: Stage 2's weight on stage 1's log-odds (positive).
        first_intercept: Stage 1's bias.
        coef: Stage 2's weights of the :data:`CONTEXT_FEATURES` columns.
        prior: Context probability when there is nothing to read (mean out-of-fold training probability).
    """

    def __init__(self, scale: float, first_intercept: float, coef: np.ndarray, prior: float) -> None:
        if not scale > 0:
            raise ValueError(f"stage 2 must weigh stage 1 up, got scale {scale}")
        self.scale = float(scale)
        self.first_intercept = float(first_intercept)
        self.coef = np.asarray(coef, dtype=np.float64).ravel()
        self.prior = float(prior)

    def first_proba(self, words: np.ndarray) -> np.ndarray:
        """Stage-1 probability of each row from the head's word term ``X @ head.coef``."""
        return 1.0 / (1.0 + np.exp(-(words / self.scale + self.first_intercept)))

    def shift(self, words: np.ndarray, groups: Sequence | np.ndarray) -> np.ndarray:
        """The context term of each row's log-odds: ``context_columns(stage 1) @ coef``."""
        columns = context_columns(self.first_proba(words), groups, self.prior)
        # A row-wise sum, not ``@``: BLAS blocks a matrix-vector product by the number of rows,
        # so a row's last bit would depend on how many articles were scored with it.
        return (columns * self.coef).sum(axis=1)
