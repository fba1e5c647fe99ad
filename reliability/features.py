"""From sentence evidence to article features and marker scores.

Feature names follow ``<family>__<stat>`` and come from the marker registry and the attribution
kinds, so adding a marker adds its columns everywhere without another list to keep in step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from reliability import config
from reliability.markers import MARKER_NAMES
from reliability.records import ATTRIBUTION_KINDS, Attribution, Evidence, MarkerScore
from reliability.text import Doc

#: Per-marker statistics, in column order.
MARKER_STATS: tuple[str, ...] = ("rate", "mean_strength", "max_strength", "density")
#: Statistics of a learned sentence signal (a head's probability over the article's sentences).
SIGNAL_STATS: tuple[str, ...] = ("mean", "max", "top3")


def feature_names(signals: Sequence[str] = ()) -> list[str]:
    """Return the article feature names, in the order :func:`article_features` fills them.

    Args:
        signals: Names of learned sentence signals the model adds (e.g. ``propaganda``).
    """
    names = evidence_feature_names(signals)
    names += [f"attribution__{k}_share" for k in ATTRIBUTION_KINDS]
    names += ["attribution__per_sentence", "quotes__per_sentence",
              "length__log_words", "length__log_sentences"]
    return names


def evidence_feature_names(signals: Sequence[str] = ()) -> list[str]:
    """Return the features that count evidence against an article: marker and signal statistics.

    The article model may only weigh these towards *unreliable* (see
    :class:`reliability.article_model.ArticleClassifier`), so flagged sentences never raise a score.
    """
    names = [f"{m}__{s}" for m in MARKER_NAMES for s in MARKER_STATS]
    return names + [f"signal_{g}__{s}" for g in signals for s in SIGNAL_STATS]


def scored_sentences(doc: Doc) -> int:
    """Number of sentences that count for rates (boilerplate excluded)."""
    return sum(1 for s in doc.sentences if not s.boilerplate)


def article_features(doc: Doc, evidence: Sequence[Evidence], attributions: Sequence[Attribution],
                     signals: Mapping[str, np.ndarray] | None = None) -> dict[str, float]:
    """Aggregate evidence, attributions and learned signals of one article into a flat dict.

    Args:
        doc: The parsed article.
        evidence: All evidence of the article.
        attributions: All attributions of the article.
        signals: ``{name: per-sentence probability}`` from the sentence model, if any.

    Returns:
        ``{name: value}`` with exactly the keys of ``feature_names(list(signals))``.
    """
    n = max(scored_sentences(doc), 1)
    out: dict[str, float] = {}
    for m in MARKER_NAMES:
        strengths = [e.strength for e in evidence if e.marker == m]
        out[f"{m}__rate"] = len(strengths) / n
        out[f"{m}__mean_strength"] = sum(strengths) / len(strengths) if strengths else 0.0
        out[f"{m}__max_strength"] = max(strengths, default=0.0)
        out[f"{m}__density"] = sum(strengths) / n
    for g, p in (signals or {}).items():
        top = np.sort(p)[::-1]
        out[f"signal_{g}__mean"] = float(p.mean()) if len(p) else 0.0
        out[f"signal_{g}__max"] = float(top[0]) if len(p) else 0.0
        out[f"signal_{g}__top3"] = float(top[:3].mean()) if len(p) else 0.0
    total = len(attributions)
    for k in ATTRIBUTION_KINDS:
        out[f"attribution__{k}_share"] = (sum(a.kind == k for a in attributions) / total) if total else 0.0
    out["attribution__per_sentence"] = total / n
    out["quotes__per_sentence"] = len(doc.quotes) / n
    out["length__log_words"] = math.log1p(doc.n_words)
    out["length__log_sentences"] = math.log1p(n)
    return out


def marker_scores(features: dict[str, float], evidence: Sequence[Evidence]) -> dict[str, MarkerScore]:
    """Turn evidence density into the profile's per-marker 0..1 score.

    The score saturates: ``1 - exp(-density / reference)``, where the reference density for
    each marker lives in :mod:`reliability.config`. It reads as "how much of this marker,
    relative to what ordinary news shows".
    """
    out = {}
    for m in MARKER_NAMES:
        density = features[f"{m}__density"]
        score = 1.0 - math.exp(-density / config.MARKER_REFERENCE_DENSITY[m])
        out[m] = MarkerScore(score, sum(1 for e in evidence if e.marker == m))
    return out
