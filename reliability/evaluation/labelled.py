"""Measure a model on the user's own labelled articles: ``reliability evaluate --labels``.

Before trusting the scores on a new beat, language variety or period, a researcher can check them
against articles they have labelled themselves. The articles are scored exactly as ``score`` scores
them; the model is never refitted. Intervals resample whole groups (outlets, when a group column is
given) as the model card's do (:mod:`reliability.evaluation.intervals`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from reliability.errors import InputError
from reliability.evaluation.intervals import grouped_interval, resampling_unit
from reliability.evaluation.model import auc, expected_calibration_error
from reliability.markers import MARKER_NAMES

if TYPE_CHECKING:
    import pandas as pd

#: Label values read as "unreliable" (1) and "reliable" (0) when ``unreliable`` is not given.
_TRUE, _FALSE = {"1", "1.0", "true", "yes"}, {"0", "0.0", "false", "no"}  # 1.0: pandas reads 0/1 with gaps as floats


def read_labelled(path: str | Path) -> pd.DataFrame:
    """Read a labelled table (.csv, .parquet, .jsonl/.ndjson) into a DataFrame.

    The reading is :func:`reliability.sources.read_scores`' (the same kinds of table, and its
    messages for an unreadable file or line); only the kind check speaks of labelled articles.

    Raises:
        InputError: The file is missing, unreadable or of another kind.
    """
    from reliability.sources import JSONL_SUFFIXES, SourceError, read_scores

    path = Path(path)
    if path.suffix.lower() not in (".csv", ".parquet", *JSONL_SUFFIXES):
        raise InputError(f"{path}: expected a .csv, .parquet or .jsonl table of labelled articles")
    try:
        return read_scores(path)
    except SourceError as exc:
        raise InputError(str(exc)) from exc


def unreliable_labels(values: pd.Series, unreliable: str | None = None) -> np.ndarray:
    """Map a label column to 1 (unreliable) / 0 (reliable).

    Args:
        values: The label column.
        unreliable: The value meaning "unreliable" (compared as text); every other value is
            reliable. None accepts only 0/1, true/false or yes/no.

    Raises:
        InputError: A label is missing, or the values are not binary and ``unreliable`` is None.
    """
    if values.isna().any():
        raise InputError(f"{int(values.isna().sum())} row(s) have no label; label every row or drop them")
    text = values.astype(str).str.strip().str.lower()
    if unreliable is not None:
        y = (text == str(unreliable).strip().lower()).to_numpy()
        if not y.any():
            raise InputError(f"no label equals {unreliable!r}; the labels are {sorted(set(values.astype(str)))[:10]}")
        return y.astype(int)
    if not set(text) <= _TRUE | _FALSE:
        raise InputError(f"labels {sorted(set(values.astype(str)))[:10]} are not 0/1 or true/false: name the "
                         "value that means unreliable (unreliable=..., --unreliable)")
    return text.isin(_TRUE).to_numpy().astype(int)


def evaluate_labelled(frame: pd.DataFrame, label_col: str = "label", text_col: str = "text",
                      id_col: str | None = None, group_col: str | None = None,
                      unreliable: str | None = None, scorer=None, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Score labelled articles and measure how well the scores separate the labels.

    :func:`score_labelled` then :func:`measure_labelled`; see them for the arguments.

    Returns:
        ``summary`` (one row: counts, AUC of P(unreliable) = 1 - reliability with its 95% interval,
        ECE, Brier score), ``bands`` (per band: articles and the share labelled unreliable),
        ``markers`` (each marker score's AUC for the label) and ``rows`` (the flat score rows with
        ``label`` and ``group``). Metrics use the judged rows: errors and ``judged: false`` rows
        (too short, not English) are counted, not measured.

    Raises:
        InputError: A column is missing or the labels cannot be read (see :func:`unreliable_labels`).
    """
    rows = score_labelled(frame, label_col, text_col, id_col, group_col, unreliable, scorer)
    return measure_labelled(rows, group_col, seed)


def score_labelled(frame: pd.DataFrame, label_col: str = "label", text_col: str = "text",
                   id_col: str | None = None, group_col: str | None = None, unreliable: str | None = None,
                   scorer=None, on_scored: Callable[[], None] | None = None) -> pd.DataFrame:
    """Score every row; return the flat score rows with ``label`` (1 = unreliable) and ``group``.

    Args:
        frame: One article per row.
        label_col: The label column (see :func:`unreliable_labels`).
        text_col: The article text column.
        id_col: The id column (default: the row index).
        group_col: The outlet (or other group) of each row; without it each article is its own group.
        unreliable: The label value meaning unreliable, when labels are not 0/1 or true/false.
        scorer: A :class:`~reliability.scorer.Scorer` (default: the shipped model).
        on_scored: Called once per article scored (a progress bar's advance, say).

    Raises:
        InputError: A column is missing or the labels cannot be read.
    """
    from reliability.scorer import score_frame

    for col in (label_col, group_col):
        if col is not None and col not in frame.columns:
            raise InputError(f"column {col!r} not found; the table has {list(frame.columns)}")
    labels = unreliable_labels(frame[label_col], unreliable)
    rows = score_frame(frame, text_col, id_col, scorer=scorer, on_scored=on_scored)
    rows["label"] = labels
    rows["group"] = frame[group_col].astype(str).to_numpy() if group_col else rows["id"].to_numpy()
    return rows


def measure_labelled(rows: pd.DataFrame, group_col: str | None = None, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The tables of :func:`evaluate_labelled` from :func:`score_labelled`'s rows.

    Args:
        rows: Score rows with ``label`` and ``group``.
        group_col: The group column's name, for the ``resampled`` note (None: articles).
        seed: Seed of the bootstrap.
    """
    import pandas as pd

    judged = rows["judged"].eq(True).to_numpy() & rows["reliability"].notna().to_numpy()
    kept = rows[judged].reset_index(drop=True)
    y, p = kept["label"].to_numpy(), 1.0 - kept["reliability"].to_numpy(dtype=float)
    unit, resampled = resampling_unit(kept["group"].to_numpy())

    def with_ci(score: np.ndarray) -> dict:
        low, high = grouped_interval(unit, lambda i: auc(y[i], score[i]), seed)
        return {"auc": round(auc(y, score), 3), "auc_low": round(low, 3), "auc_high": round(high, 3)}

    summary = {"rows": len(rows), "errors": int(rows["error"].notna().sum()),
               "not_judged": int((rows["error"].isna() & ~judged).sum()), "judged": len(kept),
               "unreliable_share": round(float(y.mean()), 3) if len(y) else float("nan"),
               **with_ci(p),
               "ece": round(expected_calibration_error(y, p), 3) if len(y) else float("nan"),
               "brier": round(float(np.mean((p - y) ** 2)), 3) if len(y) else float("nan"),
               "resampled": group_col if group_col and resampled == "groups" else "articles"}
    bands = (kept.groupby("band", sort=False)
             .agg(articles=("label", "size"), labelled_unreliable=("label", "mean"),
                  mean_p_unreliable=("reliability", lambda r: 1.0 - r.mean()))
             .reindex([b for b in ("low", "mixed", "high") if b in set(kept["band"])]).round(3).reset_index())
    markers = pd.DataFrame([{"marker": m, **with_ci(kept[f"{m}_score"].to_numpy(dtype=float))}
                            for m in MARKER_NAMES])
    return {"summary": pd.DataFrame([summary]), "bands": bands, "markers": markers, "rows": rows}
