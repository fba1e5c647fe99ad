"""Per-word bias rates learned from expert word marks (BABE's ``biased_words``).

BABE's experts marked which words make a sentence biased. From the training sentences only,
:class:`WordBiasRates` learns for each word how often it is marked when it occurs (smoothed
toward the overall rate), and turns any sentence into a few dense features: the highest and
mean rate over its words and how many words pass a cut. Word identity alone (TF-IDF) cannot
tell "slammed" marked in 8 of 9 sentences from "said" marked in none of 900; the marks can.

The table is small (words seen often enough) and becomes part of the fitted model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import ge

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from reliability import config

# Thresholds (WORD_BIAS_*) live in reliability/config.py.

#: Names of the dense features, in column order.
WORD_BIAS_FEATURES: tuple[str, ...] = ("word_bias__max", "word_bias__mean", "word_bias__above_cut")

# Words joined by inner hyphens or apostrophes stay one word ("ill-advised", "don't"): the
# experts marked them whole. Linear: each alternative consumes at least one character.
# Spelled with possessive repeats, the matches of \w+(?:[-'’]\w+)*: nothing follows a word in
# the pattern, so its greedy first try always succeeds and re never backtracks into it; possessive
# repeats skip saving the backtrack points (12% less findall time; tests/test_word_bias.py checks).
_WORD = re.compile(r"\w\w*+(?:[-'’]\w++)*+")
# The features of a text without words.
_NO_WORDS = (0.0, 0.0, 0)


def words_of(text: str) -> list[str]:
    """Return the lower-cased words of ``text`` (hyphenated compounds kept whole)."""
    # One lower() and one findall over the whole text: this runs on every sentence scored.
    return _WORD.findall(text.lower().replace("’", "'"))


def _marked_set(marked: Iterable[str]) -> set[str]:
    """Normalise the experts' marks: strip quotes and punctuation around, lower-case."""
    out = set()
    for mark in marked:
        out.update(words_of(str(mark)))
    return out


class WordBiasRates(BaseEstimator):
    """Smoothed rate at which each word is marked biased when it occurs.

    Args:
        min_count: Minimum number of training sentences containing a word for it to be kept.
        prior_weight: Pseudo-count pulling each word's rate toward the overall rate.
        cut: Rate at or above which a word counts in the ``above_cut`` feature.
    """

    def __init__(self, min_count: int = config.WORD_BIAS_MIN_COUNT, prior_weight: float = config.WORD_BIAS_PRIOR_WEIGHT,
                 cut: float = config.WORD_BIAS_CUT) -> None:
        self.min_count = min_count
        self.prior_weight = prior_weight
        self.cut = cut

    def fit(self, texts: Sequence[str], marked: Sequence[Iterable[str]]) -> WordBiasRates:
        """Learn the rates from training sentences and, per sentence, the words experts marked."""
        seen: Counter[str] = Counter()
        hits: Counter[str] = Counter()
        for text, words in zip(texts, marked, strict=True):
            present = set(words_of(text))
            seen.update(present)
            hits.update(present & _marked_set(words))
        total_seen = sum(seen.values())
        self.prior_ = sum(hits.values()) / total_seen if total_seen else 0.0
        k = self.prior_weight
        # Only words above the prior matter to the features; the rest fall back to the prior.
        rates = ((w, (hits[w] + k * self.prior_) / (n + k)) for w, n in seen.items()
                 if n >= self.min_count and hits[w] > 0)
        # Sorted: the counts' order follows set iteration (hash-seeded), and a rebuilt model
        # should pickle to the same bytes.
        self.rates_ = dict(sorted((w, r) for w, r in rates if r > self.prior_))
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Return ``(max rate, mean rate, words at or above the cut)`` per text."""
        check_is_fitted(self, "rates_")
        get, prior, cut = self.rates_.get, self.prior_, self.cut
        rows = []
        # This runs on every sentence scored: map() keeps the per-word steps in C, and the rows
        # go into the array in one call (the same sums in the same order, so the same floats).
        for text in texts:
            r = list(map(get, words_of(text), repeat(prior)))
            rows.append((max(r), sum(r) / len(r), sum(map(ge, r, repeat(cut)))) if r else _NO_WORDS)
        return np.array(rows, dtype=np.float64).reshape(len(texts), len(WORD_BIAS_FEATURES))

    def top_words(self, text: str, k: int = 3) -> list[str]:
        """Return up to ``k`` words of ``text`` with a rate at or above the cut, highest first."""
        check_is_fitted(self, "rates_")
        scored = {w: self.rates_[w] for w in words_of(text) if self.rates_.get(w, 0.0) >= self.cut}
        return sorted(scored, key=lambda w: -scored[w])[:k]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return :data:`WORD_BIAS_FEATURES`."""
        return np.array(WORD_BIAS_FEATURES)


def out_of_fold(texts: Sequence[str], marked: Sequence[Iterable[str]], groups: Sequence,
                template: WordBiasRates | None = None, folds: int = config.WORD_BIAS_FOLDS) -> np.ndarray:
    """Word-bias features of training rows, each computed by rates fitted without its group.

    A head trained on features its own rows produced would trust them far more than it should
    on new text (every marked word of a training sentence scores high on that very sentence).

    Args:
        texts: Training sentences.
        marked: Words marked in each.
        groups: Group of each row (outlet): rows of a group never score each other.
        template: Settings to copy (default :class:`WordBiasRates` defaults).
        folds: Number of group folds (fewer when there are fewer groups).
    """
    # Imported here, not at the top: sklearn.model_selection loads sklearn.metrics and scipy.stats
    # (half a second), and this module is unpickled by every scoring run, which never folds.
    from sklearn.model_selection import GroupKFold

    template = template or WordBiasRates()
    groups = np.asarray(groups)
    out = np.zeros((len(texts), len(WORD_BIAS_FEATURES)))
    n = min(folds, len(np.unique(groups)))
    if n < 2:
        return clone(template).fit(texts, marked).transform(texts)
    for fit_rows, score_rows in GroupKFold(n_splits=n).split(np.zeros(len(texts)), groups=groups):
        rates = clone(template).fit([texts[i] for i in fit_rows], [marked[i] for i in fit_rows])
        out[score_rows] = rates.transform([texts[i] for i in score_rows])
    return out
