"""Plain TF-IDF + logistic-regression baselines that every learned marker must beat.

Measured honestly: PTC trains on ``train`` and is scored on ``dev``; article corpora are scored by
cross-validation with folds grouped by outlet (``StratifiedGroupKFold``), because their labels are
mostly outlet-derived and an ungrouped split mostly measures outlet recognition. The ungrouped
number is reported next to it only to show that gap. The folds are saved (ids and groups, no text)
under ``labels/splits/`` by ``scripts/baselines.py`` and read back with :func:`predefined_split`,
so later models are scored on exactly the same folds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import (PredefinedSplit, StratifiedGroupKFold, StratifiedKFold,
                                     cross_val_predict, cross_validate)
from sklearn.pipeline import Pipeline, make_pipeline

from reliability.corpora import articles as article_corpora
from reliability.corpora import basil, ptc, ptc_articles

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
N_FOLDS = 5  # outlet-grouped folds per article corpus: ~20% of outlets held out each time
SEED = 0  # fold shuffling seed; folds are also saved, so this only matters when regenerating them
MIN_DF = 2  # ignore n-grams seen in one document only: they cannot generalise across folds
NGRAMS = (1, 2)  # unigrams + bigrams: the customary bag-of-words baseline for these tasks
MAX_ITER = 2000  # lbfgs needs more than the default 100 iterations on sparse bigram features
DECISION = 0.5  # probability cut for F1/precision/recall (balanced class weights centre it)

ARTICLE_CORPORA = article_corpora.NAMES
# What ``group`` holds per corpus (horne2017 has no outlet field: see reliability.corpora.articles).
GROUP_KIND = {"horne2017": "collection"}
RESULT_COLUMNS = ["task", "eval", "n", "pos_rate", "auc", "auc_sd", "f1", "precision", "recall"]


def tfidf_lr() -> Pipeline:
    """Return the baseline: TF-IDF (sublinear tf) into class-balanced logistic regression."""
    return make_pipeline(
        TfidfVectorizer(ngram_range=NGRAMS, min_df=MIN_DF, sublinear_tf=True),
        LogisticRegression(class_weight="balanced", max_iter=MAX_ITER),
    )


def _scores(y: np.ndarray, proba: np.ndarray) -> dict[str, float]:
    pred = (proba >= DECISION).astype(int)
    return {
        "auc": roc_auc_score(y, proba) if len(set(y)) > 1 else float("nan"),
        "f1": f1_score(y, pred, zero_division=0),
        "precision": precision_score(y, pred, zero_division=0),
        "recall": recall_score(y, pred, zero_division=0),
    }


def _row(task: str, how: str, y: np.ndarray, scores: dict[str, float], auc_sd: float = float("nan")) -> dict:
    return {"task": task, "eval": how, "n": len(y), "pos_rate": float(np.mean(y)), "auc_sd": auc_sd, **scores}


def train_dev(task: str, train: pd.DataFrame, dev: pd.DataFrame, label: str, text: str = "text") -> dict:
    """Fit the baseline on ``train`` and score it on ``dev`` (F1 of the positive class, AUC)."""
    model = tfidf_lr().fit(train[text], train[label].astype(int))
    y = dev[label].astype(int).to_numpy()
    return _row(task, "train->dev", y, _scores(y, model.predict_proba(dev[text])[:, 1]))


def ptc_results(data: str | os.PathLike | None = None,
                units: tuple[str, ...] = ("sentence", "line")) -> list[dict]:
    """PTC sentence-level propaganda and loaded-family baselines, trained on train, scored on dev."""
    rows = []
    for unit in units:
        train, dev = ptc.sentences("train", data, unit=unit), ptc.sentences("dev", data, unit=unit)
        for label in ("propaganda", "loaded_family"):
            rows.append(train_dev(f"ptc2019 {label} ({unit})", train, dev, label))
    return rows


def outlet_folds(groups: pd.Series, y: pd.Series, n_splits: int = N_FOLDS, seed: int = SEED) -> np.ndarray:
    """Assign each row a fold (0..k-1) so that no group spans two folds, classes stratified.

    With fewer groups than ``n_splits`` there are as many folds as groups.
    """
    k = min(n_splits, groups.nunique())
    cv = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    folds = np.full(len(y), -1)
    for i, (_, test) in enumerate(cv.split(np.zeros(len(y)), y, groups)):
        folds[test] = i
    return folds


def predefined_split(folds: pd.DataFrame, ids: pd.Series, id_column: str = "id") -> PredefinedSplit:
    """Return an sklearn CV splitter for rows ``ids`` from a saved fold table (``id``, ``fold``).

    Raises:
        KeyError: An id has no saved fold (the corpus changed since the folds were written).
        ValueError: The fold table lists an id twice.
    """
    keys = folds[id_column].astype(str)
    if keys.duplicated().any():
        raise ValueError(f"fold table repeats ids in {id_column!r}: {keys[keys.duplicated()].iloc[0]!r}")
    lookup = folds.set_index(keys)["fold"]
    return PredefinedSplit(lookup.loc[ids.astype(str)].to_numpy())


def cv_result(task: str, how: str, x: pd.Series, y: pd.Series, cv, n_jobs: int | None = None) -> dict:
    """Cross-validated baseline: mean/sd of per-fold AUC, and F1/precision/recall of the pooled
    out-of-fold predictions (each row predicted once, by the model that did not see its fold)."""
    per_fold = cross_validate(tfidf_lr(), x, y, cv=cv, scoring="roc_auc", n_jobs=n_jobs)["test_score"]
    proba = cross_val_predict(tfidf_lr(), x, y, cv=cv, method="predict_proba", n_jobs=n_jobs)[:, 1]
    scores = _scores(y.to_numpy(), proba)
    scores["auc"] = float(np.mean(per_fold))
    return _row(task, how, y.to_numpy(), scores, auc_sd=float(np.std(per_fold)))


def article_input(df: pd.DataFrame) -> pd.Series:
    """What a model sees of an article: title and text only (never url/source)."""
    return (df["title"].fillna("") + "\n" + df["text"].fillna("")).str.strip()


def article_fold_table(name: str, data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return ``id, group, label, fold`` for an article corpus (the split list we save)."""
    df = article_corpora.articles(name, data)
    return pd.DataFrame({"id": df["id"], "group": df["group"], "label": df["label"],
                         "fold": outlet_folds(df["group"], df["label"])})


def article_results(name: str, data: str | os.PathLike | None = None, folds: pd.DataFrame | None = None,
                    n_jobs: int | None = None) -> list[dict]:
    """Outlet-grouped CV AUC for one article corpus, plus the ungrouped (leaky) number for contrast."""
    df = article_corpora.articles(name, data)
    folds = article_fold_table(name, data) if folds is None else folds
    x, y = article_input(df), df["label"]
    k = int(folds["fold"].max()) + 1
    how = f"{k}-fold by {GROUP_KIND.get(name, 'outlet')}"
    grouped = cv_result(name, how, x, y, predefined_split(folds, df["id"]), n_jobs)
    leaky = cv_result(name, f"{N_FOLDS}-fold ungrouped (leaky)", x, y,
                      StratifiedKFold(N_FOLDS, shuffle=True, random_state=SEED), n_jobs)
    return [grouped, leaky]


def basil_fold_table(data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return ``article_id, event_id, outlet, fold`` for BASIL, folds grouped by event."""
    arts = basil.articles(data)
    # Stratify on outlet so every fold holds whole events with all three outlets.
    folds = outlet_folds(arts["event_id"], arts["outlet"])
    return pd.DataFrame({"article_id": arts["article_id"], "event_id": arts["event_id"],
                         "outlet": arts["outlet"], "fold": folds})


def basil_results(data: str | os.PathLike | None = None, folds: pd.DataFrame | None = None,
                  n_jobs: int | None = None) -> list[dict]:
    """BASIL sentence-level lexical-bias baseline, folds grouped by event."""
    sents = basil.sentences(data)
    folds = basil_fold_table(data) if folds is None else folds
    cv = predefined_split(folds, sents["article_id"], id_column="article_id")
    k = int(folds["fold"].max()) + 1
    return [cv_result("basil lexical (sentence)", f"{k}-fold by event", sents["text"],
                      sents["lexical"].astype(int), cv, n_jobs)]


def ptc_split_table(data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return ``article_id, split`` for the official PTC train/dev split."""
    rows = [(aid, split) for split in ptc.SPLITS for aid, _ in ptc_articles(split, data)]
    return pd.DataFrame(rows, columns=["article_id", "split"])


def split_tables(data: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every split list, keyed by file stem: ptc2019, basil and one per article corpus."""
    tables = {"ptc2019": ptc_split_table(data), "basil": basil_fold_table(data)}
    for name in ARTICLE_CORPORA:
        tables[name] = article_fold_table(name, data)
    return tables


def read_split(name: str, splits_dir: str | os.PathLike) -> pd.DataFrame:
    """Read a saved split list ``<splits_dir>/<name>.tsv`` (ids as strings)."""
    df = pd.read_csv(Path(splits_dir) / f"{name}.tsv", sep="\t", dtype=str, keep_default_na=False)
    if "fold" in df:
        df["fold"] = df["fold"].astype(int)
    return df


def run_all(data: str | os.PathLike | None = None, splits_dir: str | os.PathLike | None = None,
            n_jobs: int | None = None, progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Run every baseline and return one table (``RESULT_COLUMNS``).

    Args:
        data: Data folder.
        splits_dir: Read saved folds from here when present (else compute them).
        n_jobs: Passed to sklearn's cross-validation helpers.
        progress: Called with each task name before it runs (the script prints it).
    """
    note = progress or (lambda _: None)

    def saved(name: str) -> pd.DataFrame | None:
        path = Path(splits_dir) / f"{name}.tsv" if splits_dir else None
        return read_split(name, splits_dir) if path and path.is_file() else None

    rows: list[dict] = []
    note("ptc2019")
    rows += ptc_results(data)
    for name in ARTICLE_CORPORA:
        note(name)
        rows += article_results(name, data, saved(name), n_jobs)
    note("basil")
    rows += basil_results(data, saved("basil"), n_jobs)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)
