"""Fit the cue scorer of :mod:`reliability.attribution_cues` on PolNeAR train.

Every cue candidate the attribution grammar rejects (:func:`reliability.attribution.cue_candidates`)
is one example, labelled 1 when it overlaps a gold cue of the article (the overlap rule of
:mod:`reliability.evaluation.attribution`). A logistic regression over the candidates' binary
features gives one weight per feature; rare features are dropped first so that the shipped table
stays small and holds no one-off word of the corpus. Fitting is deterministic (liblinear, fixed
feature order), so :func:`write_weights` regenerates the same file from the same data.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from reliability import attribution_cues as cues
from reliability import config
from reliability.attribution import cue_candidates, grammar_attributions
from reliability.attribution_tokens import token_words
from reliability.corpora import polnear
from reliability.corpora.polnear import PolnearArticle
from reliability.text import parse

#: Decimal places kept in the shipped table.
_DIGITS = 4

Example = tuple[list[str], int]


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def word_counts(art: PolnearArticle) -> tuple[Counter, Counter]:
    """Per lowercase word of ``art``: occurrences the finder leaves untouched, and how many of
    those lie in a gold cue that no found cue or lexicon candidate overlaps."""
    doc = parse(art.text)
    covered = [(a.cue_start, a.cue_end) for a in grammar_attributions(doc)]
    covered += [(a, b) for a, b, _ in cue_candidates(doc, frozenset())]
    missed = [p for g in art.attributions if not any(_overlaps(a, b, g.cue) for a, b in covered) for p in g.cue]
    seen, hits = Counter(), Counter()
    for s in doc.sentences:
        if s.boilerplate:
            continue
        w = token_words(doc.text, s.start, s.end)
        for low, a, b in zip(w.low, w.start, w.end):
            if not low[0].isalpha() or _overlaps(a, b, covered):
                continue
            seen[low] += 1
            if _overlaps(a, b, missed):
                hits[low] += 1
    return seen, hits


def select_vocabulary(counts: Iterable[tuple[Counter, Counter]], min_hits: int = config.ATTRIBUTION_CUE_VOCAB_MIN_HITS,
                      min_rate: float = config.ATTRIBUTION_CUE_VOCAB_MIN_RATE) -> frozenset[str]:
    """Words outside the lexicon worth scoring as cue candidates (see :func:`word_counts`)."""
    seen, hits = Counter(), Counter()
    for s, h in counts:
        seen.update(s)
        hits.update(h)
    return frozenset(w for w, n in hits.items() if n >= min_hits and n >= min_rate * seen[w])


def examples(articles: Iterable[PolnearArticle], vocab: frozenset[str]) -> list[tuple[str, list[str], int]]:
    """``(article id, features, label)`` for every rejected cue candidate of ``articles``."""
    out = []
    for art in articles:
        gold = [p for g in art.attributions for p in g.cue]
        for a, b, feats in cue_candidates(parse(art.text), vocab):
            out.append((art.id, feats, int(_overlaps(a, b, gold))))
    return out


def train(articles: Iterable[PolnearArticle]) -> dict[str, float]:
    """The whole fit: candidate vocabulary, examples, regression; vocabulary words as ``v=<word>`` rows."""
    arts = list(articles)
    vocab = select_vocabulary(word_counts(a) for a in arts)
    weights = fit([(f, y) for _, f, y in examples(arts, vocab)])
    weights.update({f"v={w}": 1.0 for w in vocab})
    return weights


def _without_bias(feats: list[str]) -> list[str]:
    # "bias" is in every example: the regression's intercept plays its part.
    return [f for f in feats if f != "bias"]


def fit(rows: list[tuple[list[str], int]], c: float = config.ATTRIBUTION_CUE_C,
        min_count: int = config.ATTRIBUTION_CUE_MIN_FEATURE_COUNT) -> dict[str, float]:
    """Fit the regression and return ``feature -> weight`` (``bias`` holds the intercept).

    Args:
        rows: ``(features, label)`` examples.
        c: Inverse regularisation strength.
        min_count: Features seen in fewer examples are left out.
    """
    # Binary presence of every feature seen in >= min_count examples, columns in sorted order.
    vectorizer = CountVectorizer(analyzer=_without_bias, binary=True, min_df=min_count, lowercase=False)
    x = vectorizer.fit_transform([feats for feats, _ in rows])
    names = vectorizer.get_feature_names_out()
    y = np.array([label for _, label in rows])
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    model.fit(x, y)
    weights = {"bias": round(float(model.intercept_[0]), _DIGITS)}
    for f, w in zip(names, model.coef_[0]):
        if round(float(w), _DIGITS):
            weights[f] = round(float(w), _DIGITS)
    return weights


def shipped_weights_path() -> Path:
    """The weights table inside the installed package (what scoring reads)."""
    return Path(str(resources.files("reliability.resources").joinpath(cues.WEIGHTS_FILE)))


def refit_shipped(data=None) -> Path:
    """Refit the weights on PolNeAR train, write them into the package and reload them.

    ``reliability train`` calls this first, so the sentence and article features it then computes
    come from the same attribution finder that scoring will use.
    """
    path = shipped_weights_path()
    write_weights(train(polnear.articles("train", data)), path)
    cues.weights.cache_clear()
    cues.vocabulary.cache_clear()
    return path


def write_weights(weights: dict[str, float], path: str | os.PathLike) -> None:
    """Write ``weights`` as the TSV table :func:`reliability.attribution_cues.weights` reads."""
    lines = ["# Learned weights of reliability.attribution_cues (logistic regression on PolNeAR train",
             "# cue candidates). Regenerate with scripts/train_attribution_cues.py; do not edit by hand.",
             "feature\tweight"]
    lines += [f"{f}\t{w}" for f, w in sorted(weights.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
