"""Synthetic training articles for what no article corpus labels: internal contradictions.

The article corpora label outlets, not self-contradiction, and our detector rarely fires on
them; left alone, the article model learns nothing (or noise) about contradictions. So a share
of the *reliable* training articles is copied with one contradicting sentence inserted (the
ContraDoc-style edits of :mod:`reliability.evaluation.contradictions`: changed number, date,
negation or outcome) and labelled unreliable. The assumption, stated in the model card: an
article that contradicts itself is less reliable than the same article without the
contradiction. Copies keep their parent's outlet group, so grouped folds never split them, and
they are training rows only: every reported metric is on real articles.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from reliability import config
from reliability.evaluation.contradictions import make_cases

#: Dataset name of the synthetic rows (evaluation drops rows of this set from every metric).
SYNTHETIC = "synthetic_contradictions"
#: The edits used: the speaker swap needs a quotation with a named speaker, which few articles have.
KINDS: tuple[str, ...] = ("number", "date", "negation", "antonym")


def contradicted_copies(articles: pd.DataFrame, share: float = config.CONTRADICTION_AUGMENT_SHARE,
                        seed: int = 0) -> pd.DataFrame:
    """Copies of a seeded sample of reliable articles, each with one inserted contradiction.

    Args:
        articles: The article table (``id``, ``dataset``, ``text``, ``label``, ``group``).
        share: Fraction of the reliable articles to copy.
        seed: Seed of the sample and of the edits.

    Returns:
        Rows in the same columns plus ``parent`` (:func:`parent_key` of the copied article), labelled 1, in the
        ``SYNTHETIC`` dataset; articles where no edit applies are skipped.
    """
    reliable = articles[articles["label"] == 0]
    sample = reliable.sample(frac=share, random_state=seed) if len(reliable) else reliable
    rng = random.Random(seed)
    rows = []
    for _, row in sample.iterrows():
        for kind in rng.sample(KINDS, len(KINDS)):  # the first edit that applies
            cases = make_cases(str(row["id"]), row["text"], kind, seed=seed, per_article=1)
            if cases:
                rows.append({"id": f"{row['id']}#{kind}", "dataset": SYNTHETIC, "text": cases[0].text,
                             "label": 1, "group": row["group"], "parent": parent_key(row)})
                break
    return pd.DataFrame(rows, columns=[*articles.columns, "parent"])


def parent_key(row) -> str:
    """Key of an article row that is unique across sets (ids repeat between corpora)."""
    return f"{row['dataset']}/{row['id']}"


def real_rows(table: pd.DataFrame) -> np.ndarray:
    """Boolean mask of the rows that are real articles (not synthetic copies)."""
    return (table["dataset"] != SYNTHETIC).to_numpy()
