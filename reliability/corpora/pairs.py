"""Sentence-pair corpora for the contradiction marker: SICK (SemEval-2014) and FNC-1 stage 1.

Neither is news-article-internal contradiction (see the data README): SICK is image/video captions
with entailment / neutral / contradiction; FNC-1 pairs a headline with an article body, and its
``disagree`` stance is the closest news-domain contradiction signal. Group FNC-1 folds by
``body_id`` (a body is paired with many headlines).
"""

from __future__ import annotations

import os

import pandas as pd

from reliability.corpora import DataMissing, data_dir

SICK_LABELS = ("entailment", "neutral", "contradiction")
FNC_STANCES = ("agree", "disagree", "discuss", "unrelated")


def sick(data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return SICK pairs: ``pair_id``, ``sentence_A``, ``sentence_B``, ``relatedness`` (1..5),
    ``label`` (entailment / neutral / contradiction, lower case).

    Raises:
        DataMissing: ``contradiction/sick2014/SICK.txt`` is not there.
    """
    path = data_dir(data) / "contradiction" / "sick2014" / "SICK.txt"
    if not path.is_file():
        raise DataMissing(f"SICK not found at {path}")
    # quoting=3 (QUOTE_NONE): sentences contain bare quote marks that are text, not CSV quoting.
    raw = pd.read_csv(path, sep="\t", dtype=str, quoting=3, keep_default_na=False)
    return pd.DataFrame({
        "pair_id": raw["pair_ID"],
        "sentence_A": raw["sentence_A"],
        "sentence_B": raw["sentence_B"],
        "relatedness": pd.to_numeric(raw["relatedness_score"]),
        "label": raw["entailment_judgment"].str.strip().str.lower(),
    })


def fnc1(data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return FNC-1 competition-test pairs: ``headline``, ``body_id``, ``body``, ``stance``
    (agree / disagree / discuss / unrelated).

    Raises:
        DataMissing: The two FNC-1 CSV files are not there.
    """
    folder = data_dir(data) / "contradiction" / "fnc1"
    stances_path = folder / "competition_test_stances.csv.gz"
    bodies_path = folder / "competition_test_bodies.csv.gz"
    if not stances_path.is_file() or not bodies_path.is_file():
        raise DataMissing(f"FNC-1 files not found under {folder}")
    stances = pd.read_csv(stances_path, dtype=str, keep_default_na=False)
    bodies = pd.read_csv(bodies_path, dtype=str, keep_default_na=False)
    merged = stances.merge(bodies, on="Body ID", how="left", validate="many_to_one")
    return pd.DataFrame({
        "headline": merged["Headline"],
        "body_id": merged["Body ID"],
        "body": merged["articleBody"].fillna(""),
        "stance": merged["Stance"].str.strip().str.lower(),
    })
