"""Source profiles: article scores aggregated into one row per outlet.

:func:`source_profiles` takes the flat rows of :func:`reliability.score_frame` (or of
``reliability score -o x.csv``) plus an outlet or URL column and returns, per outlet, the mean
reliability with a seeded bootstrap interval, how often each marker fires and the attribution mix.
:func:`typical_evidence` picks, per outlet, the strongest evidence sentences from full profiles.

An outlet profile describes the articles we were given, not the outlet: a handful of articles
gives a wide interval, and the interval is there to say so.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from reliability.corpora.sources import outlet_key
from reliability.errors import ReliabilityError
from reliability.markers import MARKER_NAMES
from reliability.records import ATTRIBUTION_KINDS

if TYPE_CHECKING:  # pandas is imported lazily elsewhere too; only type checkers need it here
    import pandas as pd

    from reliability.profile import Profile

# Settings of this module (statistical; scoring thresholds live in reliability/config.py)
#: Bootstrap interval coverage: the usual 95 % percentile interval.
SOURCE_CI_LEVEL = 0.95
#: Resampled indices drawn per numpy batch: bounds memory (~16 MB of int64) for outlets with
#: many articles while keeping the draw vectorised.
SOURCE_MAX_DRAWS_PER_BATCH = 2_000_000

#: Attribution kinds that name who is accountable for a claim (a person or a document).
SOURCED_KINDS: tuple[str, ...] = ("named", "document")
#: Label for rows whose outlet is missing or whose URL has no host.
UNKNOWN_OUTLET = "(unknown)"

if not set(SOURCED_KINDS) <= set(ATTRIBUTION_KINDS):  # pragma: no cover - guards a contract change
    raise ImportError(f"SOURCED_KINDS {SOURCED_KINDS} not all in ATTRIBUTION_KINDS {ATTRIBUTION_KINDS}")
#: The remaining kinds, each reported on its own, in contract order.
OTHER_KINDS: tuple[str, ...] = tuple(k for k in ATTRIBUTION_KINDS if k not in SOURCED_KINDS)


class SourceError(ReliabilityError, ValueError):
    """Scores cannot be grouped into outlets (missing columns, unreadable file, bad argument)."""


def profile_columns() -> list[str]:
    """Return the columns of :func:`source_profiles`, in order."""
    cols = ["outlet", "n_articles", "n_excluded", "mean_reliability", "ci_low", "ci_high"]
    cols += [f"mean_{m}" for m in MARKER_NAMES]
    cols += [f"share_{m}" for m in MARKER_NAMES]
    cols += ["n_attributions", "attr_sourced"] + [f"attr_{k}" for k in OTHER_KINDS]
    return cols


def source_profiles(frame: pd.DataFrame, by: str = "outlet", url_col: str | None = None,
                    n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Aggregate flat article rows into one profile row per outlet.

    Args:
        frame: Flat rows as made by :func:`reliability.score_frame` (``reliability``,
            ``<marker>_score``, ``<marker>_sentences``, ``attributions_<kind>``, optionally
            ``judged`` and ``error``) plus an outlet column or a URL column.
        by: Column naming each article's outlet (used when ``url_col`` is not given).
        url_col: Column with each article's URL; the outlet is then its registrable domain
            (:func:`reliability.corpora.sources.outlet_key`: ``www.`` and subdomains dropped,
            news shortlinks resolved).
        n_boot: Bootstrap resamples for the interval of the mean.
        seed: Seed of the bootstrap; each outlet's draw depends only on the seed and its name,
            so adding an outlet does not move another outlet's interval.

    Returns:
        One row per outlet (columns: :func:`profile_columns`), sorted by ``mean_reliability``
        ascending (outlets with no usable article last). ``n_articles`` counts the rows used;
        ``n_excluded`` the rows with an error, ``judged`` false or no reliability. ``ci_low`` /
        ``ci_high`` bound a bootstrap percentile interval of the mean (the value itself for one
        article). ``share_<marker>`` is the share of articles with at least one evidence
        sentence for that marker; ``attr_sourced`` (named + document) and ``attr_<kind>`` are
        shares of all attributions in the outlet's articles (NaN when there are none).

    Raises:
        SourceError: Neither ``by`` nor ``url_col`` is a column, a score column is missing, or
            ``n_boot`` < 1.
    """
    import pandas as pd

    if n_boot < 1:
        raise SourceError(f"n_boot must be at least 1, not {n_boot}")
    outlets = _outlets(frame, by, url_col)
    _check_columns(frame)
    usable = _usable(frame).to_numpy(dtype=bool)
    rows = []
    # Positions, not index labels: a frame concatenated from several runs may repeat labels.
    keys = outlets.to_numpy()
    for outlet, pos in pd.Series(keys).groupby(keys, sort=True).indices.items():
        keep = usable[pos]
        rows.append(_profile(outlet, frame.iloc[pos[keep]], int((~keep).sum()), n_boot, seed))
    out = pd.DataFrame(rows, columns=profile_columns())
    out = out.sort_values(["mean_reliability", "outlet"], na_position="last", kind="mergesort")
    return out.reset_index(drop=True)


def bootstrap_ci(values: np.ndarray, n_boot: int, rng: np.random.Generator,
                 level: float = SOURCE_CI_LEVEL) -> tuple[float, float]:
    """Return the bootstrap percentile interval of the mean of ``values``.

    One article gives the value itself, no article gives NaN. Resampling is vectorised: a batch
    of ``(resamples, n)`` indices at a time.
    """
    values = np.asarray(values, dtype=float)
    n = values.size
    if n == 0:
        return float("nan"), float("nan")
    if n == 1:
        return float(values[0]), float(values[0])
    per_batch = max(1, SOURCE_MAX_DRAWS_PER_BATCH // n)
    means = []
    for start in range(0, n_boot, per_batch):
        size = min(per_batch, n_boot - start)
        means.append(values[rng.integers(0, n, size=(size, n))].mean(axis=1))
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(np.concatenate(means), [tail, 100 - tail])
    return float(low), float(high)


def typical_evidence(profiles: Iterable[Profile], outlet_of: Mapping[str, str],
                     k: int = 3) -> dict[str, list[dict]]:
    """Return, per outlet, the ``k`` strongest evidence sentences among its articles.

    Args:
        profiles: Full article profiles (from :meth:`reliability.Scorer.score`).
        outlet_of: Article id -> outlet. Profiles whose id is not here are skipped.
        k: Sentences per outlet.

    Returns:
        ``{outlet: [{"id", "marker", "strength", "why", "text"}, ...]}``, strongest first (ties by
        id, then offset). A sentence flagged by several markers appears once, with its strongest
        evidence. Profiles with an error or not judged (too short, not English) are skipped like
        in :func:`source_profiles`; an outlet whose articles have no evidence gets ``[]``.
    """
    if k < 0:
        raise SourceError(f"k must be 0 or more, not {k}")
    best: dict[str, dict[tuple[str, int], dict]] = {}
    for p in profiles:
        if p.id is None or p.id not in outlet_of:
            continue
        per_sentence = best.setdefault(outlet_of[p.id], {})
        if p.error is not None or not p.judged:
            continue
        for e in p.evidence:
            key = (p.id, e.sentence)
            if key in per_sentence and per_sentence[key]["strength"] >= e.strength:
                continue
            per_sentence[key] = {"id": p.id, "marker": e.marker, "strength": float(e.strength),
                                 "why": e.why, "text": p.text[e.start:e.end], "_start": e.start}
    result = {}
    for outlet in sorted(best):
        items = sorted(best[outlet].values(), key=lambda d: (-d["strength"], d["id"], d["_start"]))
        result[outlet] = [{key: d[key] for key in ("id", "marker", "strength", "why", "text")}
                          for d in items[:k]]
    return result


def read_scores(path: str | os.PathLike) -> pd.DataFrame:
    """Read flat score rows (with the outlet or URL column) from a .csv or .parquet file.

    Raises:
        SourceError: The file is missing, unreadable, or of another kind.
    """
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise SourceError(f"{path}: expected a .csv or .parquet file of flat rows (as written by "
                          "`reliability score -o rows.csv`, plus an outlet or URL column)")
    try:
        return pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    except (OSError, ValueError, ImportError) as exc:
        raise SourceError(f"cannot read {path}: {exc}") from exc


def write_profiles(profiles: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write outlet profiles to a .csv or .parquet file (chosen by the extension).

    Raises:
        SourceError: Another extension, or the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise SourceError(f"{path}: write outlet profiles to a .csv or .parquet file")
    try:
        if suffix == ".csv":
            profiles.to_csv(path, index=False)
        else:
            profiles.to_parquet(path, index=False)
    except (OSError, ValueError, ImportError) as exc:
        raise SourceError(f"cannot write {path}: {exc}") from exc


def _outlets(frame: pd.DataFrame, by: str, url_col: str | None) -> pd.Series:
    """The outlet of each row, from ``url_col`` when given, else from ``by``."""
    if url_col is not None:
        if url_col not in frame.columns:
            raise SourceError(f"URL column {url_col!r} not found; the frame has {list(frame.columns)}")
        keys = frame[url_col].map(outlet_key)
    elif by in frame.columns:
        keys = frame[by].map(lambda v: "" if _missing(v) else str(v).strip())
    else:
        raise SourceError(f"outlet column {by!r} not found and no URL column given (url_col, --url-col); "
                          f"the frame has {list(frame.columns)}")
    return keys.mask(keys == "", UNKNOWN_OUTLET)


def _check_columns(frame: pd.DataFrame) -> None:
    need = ["reliability"] + [f"{m}_{part}" for m in MARKER_NAMES for part in ("score", "sentences")]
    need += [f"attributions_{k}" for k in ATTRIBUTION_KINDS]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise SourceError(f"score column(s) {missing} not found: expected the flat rows of "
                          f"`reliability score` / score_frame; the frame has {list(frame.columns)}")


def _usable(frame: pd.DataFrame) -> pd.Series:
    """True for rows that count in the means: scored, judged, with a reliability."""
    import pandas as pd

    ok = pd.to_numeric(frame["reliability"], errors="coerce").notna()
    if "error" in frame.columns:
        ok &= frame["error"].map(lambda v: _missing(v) or str(v).strip() == "")
    if "judged" in frame.columns:
        # CSV gives True/False, strings or NaN (error rows); only an explicit false excludes.
        ok &= ~frame["judged"].map(lambda v: not _missing(v) and str(v).strip().lower() in ("false", "0"))
    return ok


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _profile(outlet: str, rows: pd.DataFrame, n_excluded: int, n_boot: int, seed: int) -> dict:
    import pandas as pd

    def num(col: str) -> np.ndarray:
        return pd.to_numeric(rows[col], errors="coerce").to_numpy(dtype=float)

    rel = num("reliability")
    # Seed from the outlet's name (crc32 is stable across runs, unlike hash()).
    rng = np.random.default_rng([seed, zlib.crc32(outlet.encode("utf-8"))])
    low, high = bootstrap_ci(rel, n_boot, rng)
    out = {"outlet": outlet, "n_articles": int(rel.size), "n_excluded": n_excluded,
           "mean_reliability": _mean(rel), "ci_low": low, "ci_high": high}
    for m in MARKER_NAMES:
        out[f"mean_{m}"] = _mean(num(f"{m}_score"))
    for m in MARKER_NAMES:
        flagged = num(f"{m}_sentences")
        out[f"share_{m}"] = _mean((flagged[~np.isnan(flagged)] >= 1).astype(float))
    counts = {k: np.nansum(num(f"attributions_{k}")) for k in ATTRIBUTION_KINDS}
    total = float(sum(counts.values()))
    out["n_attributions"] = int(total)
    share = (lambda c: c / total) if total > 0 else (lambda c: float("nan"))
    out["attr_sourced"] = share(float(sum(counts[k] for k in SOURCED_KINDS)))
    for k in OTHER_KINDS:
        out[f"attr_{k}"] = share(float(counts[k]))
    return out


def _mean(values: np.ndarray) -> float:
    values = values[~np.isnan(values)]
    return float(values.mean()) if values.size else float("nan")
