"""Where an article's marker scores sit among ordinary news articles.

``reliability/resources/reference_scores.json`` holds, for every marker and for ``reliability``,
101 quantiles (0th to 100th percentile) of the scores over a reference set of news articles
(PTC train and PolNeAR train, scored by ``scripts/build_reference.py``). Only numbers are
stored, never article text. Reports draw each marker score against this distribution.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reliability.markers import MARKER_NAMES
from reliability.profile import Profile
from reliability.resources import resource_text

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
#: Quantile levels stored: every percentile, so a percentile lookup is exact to 1 point.
QUANTILE_STEPS = 100
#: Decimal places stored: scores are shown to 2 places, 4 keeps interpolation honest.
QUANTILE_DECIMALS = 4

#: File below ``reliability/resources``.
RESOURCE = "reference_scores.json"
#: Version of the file layout; :func:`load` ignores a file with another version.
SCHEMA = 1


@dataclass(frozen=True, slots=True)
class Reference:
    """Quantiles of reference scores.

    Attributes:
        levels: Quantile levels in 0..1, increasing (``0, 0.01, ..., 1``).
        markers: Per marker name, the score at each level (non-decreasing).
        reliability: The reliability at each level, or empty when not stored.
        n_articles: How many articles the quantiles summarise.
        sources: Article count per corpus part, e.g. ``{"ptc_train": 293}``.
        model: Name and version of the model that scored them.
    """

    levels: tuple[float, ...]
    markers: dict[str, tuple[float, ...]]
    reliability: tuple[float, ...] = ()
    n_articles: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    model: dict = field(default_factory=dict)

    def values(self, name: str) -> tuple[float, ...]:
        """Return the quantile values of a marker, or of ``"reliability"``; empty if unknown."""
        if name == "reliability":
            return self.reliability
        return self.markers.get(name, ())

    def quantile(self, name: str, q: float) -> float | None:
        """Return the score at level ``q`` (0..1) by linear interpolation, or None if unknown."""
        return interpolate(self.levels, self.values(name), q)

    def percentile(self, name: str, score: float) -> float | None:
        """Return the share (0..100) of reference articles scoring below ``score``.

        Ties count half, so a score of 0 when most articles score 0 lands in the middle of
        that tie rather than at the bottom or the top.
        """
        return percentile(self.values(name), score)


def interpolate(levels: Sequence[float], values: Sequence[float], q: float) -> float | None:
    """Return the value at level ``q`` from paired increasing ``levels`` and ``values``."""
    if not values or len(levels) != len(values):
        return None
    q = min(max(q, levels[0]), levels[-1])
    for i in range(1, len(levels)):
        if q <= levels[i]:
            lo, hi = levels[i - 1], levels[i]
            t = 0.0 if hi == lo else (q - lo) / (hi - lo)
            return values[i - 1] + t * (values[i] - values[i - 1])
    return values[-1]


def percentile(values: Sequence[float], score: float) -> float | None:
    """Return the mid-rank percentile (0..100) of ``score`` among evenly spaced quantiles."""
    if not values or score is None or math.isnan(score):
        return None
    below = sum(v < score for v in values)
    equal = sum(v == score for v in values)
    return 100.0 * (below + 0.5 * equal) / len(values)


def quantiles(scores: Iterable[float], steps: int = QUANTILE_STEPS) -> list[float]:
    """Return ``steps + 1`` evenly spaced quantiles of ``scores`` (linear interpolation).

    Raises:
        ValueError: ``scores`` is empty.
    """
    xs = sorted(float(s) for s in scores)
    if not xs:
        raise ValueError("no scores to summarise")
    out = []
    for k in range(steps + 1):
        pos = (len(xs) - 1) * k / steps
        lo = math.floor(pos)
        hi = min(lo + 1, len(xs) - 1)
        out.append(round(xs[lo] + (pos - lo) * (xs[hi] - xs[lo]), QUANTILE_DECIMALS))
    return out


def build(profiles: Iterable[Profile], sources: Mapping[str, int] | None = None) -> dict:
    """Summarise scored profiles into the JSON-ready reference dict (numbers only).

    Profiles that could not be scored, or were not judged (too short, not English), are left
    out: they carry no verdict to compare with.

    Raises:
        ValueError: No usable profile.
    """
    usable = [p for p in profiles if p.error is None and p.judged and p.reliability is not None]
    if not usable:
        raise ValueError("no scored, judged profiles to build a reference from")
    model = usable[0].model.to_dict() if usable[0].model else {}
    return {
        "schema": SCHEMA,
        "n_articles": len(usable),
        "sources": dict(sources or {}),
        "model": {k: model[k] for k in ("name", "version") if k in model},
        "levels": [round(k / QUANTILE_STEPS, 4) for k in range(QUANTILE_STEPS + 1)],
        "markers": {m: quantiles(p.markers[m].score if m in p.markers else 0.0 for p in usable)
                    for m in MARKER_NAMES},
        "reliability": quantiles(p.reliability for p in usable),
    }


def from_dict(data: Mapping) -> Reference | None:
    """Return a :class:`Reference` from the JSON dict, or None when it is malformed."""
    try:
        if data.get("schema") != SCHEMA:
            return None
        levels = tuple(float(x) for x in data["levels"])
        markers = {str(k): tuple(float(x) for x in v) for k, v in data["markers"].items()}
        rel = tuple(float(x) for x in data.get("reliability") or ())
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    if any(len(v) != len(levels) for v in markers.values()) or (rel and len(rel) != len(levels)):
        return None
    return Reference(levels=levels, markers=markers, reliability=rel,
                     n_articles=int(data.get("n_articles") or 0),
                     sources=dict(data.get("sources") or {}), model=dict(data.get("model") or {}))


@lru_cache(maxsize=1)
def load() -> Reference | None:
    """Return the shipped reference distribution, or None when it is missing or malformed.

    A report without a reference still renders (it just draws no distribution), so a missing
    file is not an error here.
    """
    try:
        return from_dict(json.loads(resource_text(RESOURCE)))
    except (FileNotFoundError, OSError, ValueError):
        return None


def dumps(data: Mapping) -> str:
    """Return the reference dict as stable, diff-friendly JSON text: one list per line."""
    lines = []
    for key, value in data.items():
        if isinstance(value, Mapping) and key == "markers":
            inner = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            lines.append(f" {json.dumps(key)}: {{\n{inner}\n }}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
