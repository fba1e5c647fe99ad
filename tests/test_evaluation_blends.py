"""The pooled-marker measurement: both corpora, each head alone, the pool and the baseline."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import sentence_table

from reliability.evaluation.blends import evaluate_blend
from reliability.training.fit import fit_bundle

# Sentences written for these tests.
LOADED = ["Officials slammed the reckless plan.", "A disgraceful, reckless stunt by the mayor.",
          "Critics slammed the shameful deal.", "The shameful cover-up continues.",
          "These thugs are traitors to the nation.", "A vile, rotten gang of liars."]
PLAIN = ["The council met on Tuesday.", "The bridge reopened after repairs.",
         "Rainfall was above average.", "The report was published in June.",
         "The museum opens at nine.", "Prices rose two percent in May."]


def _table(texts, labels, groups, splits, marks=None) -> pd.DataFrame:
    return sentence_table(texts, labels, groups, splits, marks)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    texts = LOADED * 5 + PLAIN * 5
    n = len(texts)
    labels = [1] * (n // 2) + [0] * (n // 2)
    babe = _table(texts, labels, [f"outlet{i % 5}" for i in range(n)], ["train"] * n,
                  [tuple(w.strip(".,") for w in t.split()[:1]) for t in texts])
    # PTC-like: whole articles of 6 sentences, the last 2 articles are dev.
    order = [LOADED[i % 6] if i % 3 == 0 else PLAIN[i % 6] for i in range(48)]
    ptc = _table(order, [int(i % 3 == 0) for i in range(48)], [f"art{i // 6}" for i in range(48)],
                 ["dev" if i >= 36 else "train" for i in range(48)])
    return {"loaded_language": babe, "loaded_family": ptc}


def test_blend_row_measures_both_corpora(tables, monkeypatch) -> None:
    from reliability import config

    monkeypatch.setattr(config, "CONTEXT_HEADS", ())  # tiny articles: keep the test fast
    row = evaluate_blend("loaded_language", tables)
    assert row["marker"] == "loaded_language" and row["heads"] == ["loaded_language", "loaded_family"]
    babe, ptc = row["loaded_language"], row["loaded_family"]
    assert babe["n"] == len(tables["loaded_language"]) and babe["metric"] == "macro_f1"
    assert ptc["n"] == 12 and ptc["metric"] == "f1"
    for part in (babe, ptc):
        for key in ("pooled", "loaded_language", "loaded_family", "tfidf_baseline"):
            assert 0.0 <= part[key] <= 1.0
    # The words separate the classes perfectly: every head and the pool find them.
    assert babe["pooled"] > 0.9 and ptc["pooled"] > 0.9


def test_fit_bundle_pools_configured_markers(tables, monkeypatch) -> None:
    from reliability import config

    monkeypatch.setattr(config, "CONTEXT_HEADS", ())
    bundle = fit_bundle(tables)
    assert bundle.blends == {"loaded_language": ("loaded_language", "loaded_family")}
    only_babe = fit_bundle({"loaded_language": tables["loaded_language"]})
    assert only_babe.blends == {}  # a blend needs all its heads
