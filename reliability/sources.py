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
from collections.abc import Iterable, Iterator, Mapping
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


def typical_evidence(profiles: Iterable[Profile | Mapping], outlet_of: Mapping[str, str],
                     k: int = 3) -> dict[str, list[dict]]:
    """Return, per outlet, the ``k`` strongest evidence sentences among its articles.

    Args:
        profiles: Full article profiles: :class:`Profile` objects (from
            :meth:`reliability.Scorer.score`), or their ``to_dict()`` form as read back from
            JSON Lines. A dict carries no article text, so its item's ``text`` is the evidence's
            cue words joined by " … " instead of the whole sentence.
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
        d = p if isinstance(p, Mapping) else None
        pid = d.get("id") if d is not None else p.id
        if pid is None or pid not in outlet_of:
            continue
        per_sentence = best.setdefault(outlet_of[pid], {})
        error, judged = (d.get("error"), d.get("judged", True)) if d is not None else (p.error, p.judged)
        if error is not None or not judged:
            continue
        for e in (d.get("evidence") or []) if d is not None else p.evidence:
            if not isinstance(e, Mapping):  # the record's own fields: to_dict() rounds strength
                e = {"sentence": e.sentence, "strength": e.strength, "marker": e.marker, "why": e.why,
                     "start": e.start, "end": e.end}
            key = (pid, e["sentence"])
            if key in per_sentence and per_sentence[key]["strength"] >= e["strength"]:
                continue
            text = (" \u2026 ".join(c["text"] for c in e.get("cues", [])) if d is not None
                    else p.text[e["start"]:e["end"]])
            per_sentence[key] = {"id": pid, "marker": e["marker"], "strength": float(e["strength"]),
                                 "why": e["why"], "text": text, "_start": e["start"]}
    result = {}
    for outlet in sorted(best):
        items = sorted(best[outlet].values(), key=lambda d: (-d["strength"], d["id"], d["_start"]))
        result[outlet] = [{key: d[key] for key in ("id", "marker", "strength", "why", "text")}
                          for d in items[:k]]
    return result


def read_scores(path: str | os.PathLike) -> pd.DataFrame:
    """Read flat score rows (with the outlet or URL column) from a .csv, .parquet or .jsonl file.

    A JSON Lines file (``.jsonl`` / ``.ndjson``) may hold full profiles, as ``reliability score``
    writes them without ``-o`` or with ``-o x.jsonl``: each is flattened by :func:`profile_row`.

    Raises:
        SourceError: The file is missing, unreadable, or of another kind.
    """
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return read_jsonl_scores(path)
    if suffix not in (".csv", ".parquet"):
        raise SourceError(f"{path}: expected a .csv, .parquet or .jsonl file of scores (as written by "
                          "`reliability score -o rows.csv` or `-o profiles.jsonl`, plus an outlet or "
                          "URL column)")
    try:
        return pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    except (OSError, ValueError, ImportError) as exc:
        raise SourceError(f"cannot read {path}: {exc}") from exc


#: Extensions read as JSON Lines by :func:`read_scores`.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Keys of a full profile (the contract) that :func:`profile_row` flattens rather than copies.
_PROFILE_KEYS = frozenset({"schema", "markers", "evidence", "attributions", "sentences", "model"})


def read_jsonl_scores(path: str | os.PathLike) -> pd.DataFrame:
    """Read one score per line from a JSON Lines file into flat rows.

    Lines holding a full profile (a ``markers`` object or a ``schema`` key) are flattened with
    :func:`profile_row`; other objects (flat rows saved as JSON) are taken as they are. Blank
    lines are skipped.

    Raises:
        SourceError: The file is missing or unreadable, or a line is not a JSON object.
    """
    import pandas as pd

    return pd.DataFrame([profile_row(obj) if _is_profile(obj) else obj for obj in iter_jsonl(path)])


def read_jsonl_profiles(path: str | os.PathLike) -> list[dict]:
    """Return the full profiles (contract dicts) of a JSON Lines file; flat rows are skipped."""
    return [obj for obj in iter_jsonl(path) if _is_profile(obj)]


def _is_profile(obj: Mapping) -> bool:
    return "markers" in obj or "schema" in obj


def iter_jsonl(path: str | os.PathLike) -> Iterator[dict]:
    """Yield the JSON object of every non-blank line.

    Raises:
        SourceError: The file is missing or unreadable, or a line is not a JSON object.
    """
    import json

    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    raise SourceError(f"{path}, line {n}: not JSON ({exc})") from None
                if not isinstance(obj, dict):
                    raise SourceError(f"{path}, line {n}: expected a JSON object, got {type(obj).__name__}")
                yield obj
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read {path}: {exc}") from exc


def profile_row(profile: Mapping) -> dict:
    """Flatten one full profile dict (the output contract) into the flat row of ``Profile.to_row``.

    Keys outside the contract (an ``outlet`` or ``url`` added by the user) are kept when they
    hold a scalar. An error row gives the row of columns with ``error`` set and no scores.
    """
    markers = profile.get("markers") or {}
    markers = markers if isinstance(markers, Mapping) else {}
    attributions = profile.get("attributions") or []
    error = profile.get("error")
    row: dict = {"id": profile.get("id"), "reliability": profile.get("reliability"),
                 "band": profile.get("band")}
    for m in MARKER_NAMES:
        s = markers.get(m) if isinstance(markers.get(m), Mapping) else {}
        row[f"{m}_score"] = s.get("score")
        row[f"{m}_sentences"] = s.get("sentences")
    for k in ATTRIBUTION_KINDS:
        row[f"attributions_{k}"] = sum(isinstance(a, Mapping) and a.get("kind") == k
                                       for a in attributions)
    sentences = profile.get("sentences")
    warnings = profile.get("warnings") or []
    # Counts default to 0 as in ``Profile.to_row`` (an error row has no words or sentences).
    row["n_words"] = profile.get("n_words", 0)
    row["n_sentences"] = len(sentences) if isinstance(sentences, list) else 0
    # Older or hand-written profiles may lack ``judged``: a scored row then counts as judged.
    row["judged"] = None if error is not None else profile.get("judged", True)
    row["warnings"] = ";".join(map(str, warnings)) if isinstance(warnings, list) else str(warnings)
    row["error"] = error
    for key, value in profile.items():
        if key not in row and key not in _PROFILE_KEYS and (value is None or isinstance(value, (str, int, float, bool))):
            row[key] = value
    return row


def write_profiles(profiles: pd.DataFrame, path: str | os.PathLike,
                   typical: Mapping[str, list[dict]] | None = None) -> None:
    """Write outlet profiles to a .csv, .parquet, .jsonl or .html file (chosen by the extension).

    Args:
        profiles: As from :func:`source_profiles`.
        path: The file to write.
        typical: For .html, per-outlet evidence from :func:`typical_evidence`, shown per outlet.

    Raises:
        SourceError: Another extension, or the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PROFILE_SUFFIXES:
        raise SourceError(f"{path}: write outlet profiles to a {', '.join(PROFILE_SUFFIXES)} file")
    try:
        if suffix == ".csv":
            profiles.to_csv(path, index=False)
        elif suffix == ".parquet":
            profiles.to_parquet(path, index=False)
        elif suffix == ".jsonl":
            profiles.to_json(path, orient="records", lines=True, force_ascii=False)
        else:
            from reliability.report.sources import sources_html

            path.write_text(sources_html(profiles, typical), encoding="utf-8")
    except (OSError, ValueError, ImportError) as exc:
        raise SourceError(f"cannot write {path}: {exc}") from exc


#: Extensions :func:`write_profiles` writes.
PROFILE_SUFFIXES = (".csv", ".parquet", ".jsonl", ".html")


def outlet_of(frame: pd.DataFrame, by: str = "outlet", url_col: str | None = None) -> dict[str, str]:
    """Return article id -> outlet, as :func:`source_profiles` groups the rows (for :func:`typical_evidence`)."""
    outlets = _outlets(frame, by, url_col)
    return {str(i): o for i, o in zip(frame["id"], outlets) if not _missing(i)}


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
