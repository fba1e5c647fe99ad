"""Measure a pooled marker (:mod:`reliability.sentence_blend`) on every corpus it learns from.

A pooled marker answers to two corpora at once, so it is measured on both, each by its own
protocol, with every head refit inside every outer fold:

- the first head's corpus by its grouped folds (BABE: 5 outlet-grouped folds), every row
  scored as a lone sentence, as BABE's sentences are;
- the other heads' corpora train -> dev (PTC), in whole articles; each outer fold's fitted heads
  score dev, and the figure is the mean over the folds.

Next to the pooled flags the row gives each head alone and the plain TF-IDF baseline on the
same rows, so what pooling costs on one corpus and gains on the other is in plain view.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from reliability import config
from reliability.evaluation.model import HELD_SPLITS, baseline, folds_for, training_texts
from reliability.sentence_blend import pool, pool_threshold
from reliability.training.fit import HEAD_TASKS, fit_encoder, fit_table_head, marks_of, score_metric


def evaluate_blend(marker: str, tables: dict[str, pd.DataFrame]) -> dict:
    """Measure ``config.HEAD_BLENDS[marker]`` and each of its heads; return one metrics row.

    Args:
        marker: A marker with pooled heads.
        tables: Every sentence table, as training builds them.

    Returns:
        ``{"marker", "heads", "<corpus>": {"protocol", "metric", "n", "pooled", "<head>": ...,
        "tfidf_baseline"}}`` with one entry per head's corpus.
    """
    parts = config.HEAD_BLENDS[marker]
    first, others = parts[0], parts[1:]
    df = tables[first]
    marks = marks_of(tables)
    held = {n: tables[n]["split"].isin(HELD_SPLITS).to_numpy() for n in parts}
    # The encoder learns its vocabulary from every table's training rows except this fold's test rows.
    rest = training_texts(tables, first)
    y = df["label"].to_numpy()
    scores = {h: np.zeros(len(df)) for h in (*parts, "pooled", "tfidf_baseline")}
    dev_f1: dict[str, dict[str, list[float]]] = {n: {h: [] for h in (*parts, "pooled")} for n in others}
    tested = np.zeros(len(df), dtype=bool)
    for train, test in folds_for(first, df):
        fold_marks = marks.iloc[train] if df is marks else marks
        encoder = fit_encoder(rest + [df["text"].iat[i] for i in train], fold_marks)
        heads = {first: fit_table_head(first, encoder, df, train, marks_fitted=df is marks)}
        for n in others:
            heads[n] = fit_table_head(n, encoder, tables[n], np.flatnonzero(~held[n]),
                                      marks_fitted=tables[n] is marks)
        cut = pool_threshold([h.threshold for h in heads.values()])
        X = encoder.transform(df["text"].iloc[test].tolist(), df.attrs["rules"][test])
        lone = np.arange(len(test))  # each sentence scored on its own, no article around it
        p = {n: h.predict_proba(X, lone) for n, h in heads.items()}
        for n in parts:
            scores[n][test] = p[n] >= heads[n].threshold
        scores["pooled"][test] = pool(list(p.values())) >= cut
        b = baseline().fit(df["text"].iloc[train].tolist(), y[train])
        scores["tfidf_baseline"][test] = b.predict(df["text"].iloc[test].tolist())
        tested[test] = True
        for n in others:
            t = tables[n]
            dev = np.flatnonzero(held[n])
            Xd = encoder.transform(t["text"].iloc[dev].tolist(), t.attrs["rules"][dev])
            pd_ = {k: h.predict_proba(Xd, t["group"].to_numpy()[dev]) for k, h in heads.items()}
            yd = t["label"].to_numpy()[dev]
            for k in parts:
                dev_f1[n][k].append(f1_score(yd, pd_[k] >= heads[k].threshold, zero_division=0))
            dev_f1[n]["pooled"].append(f1_score(yd, pool(list(pd_.values())) >= cut, zero_division=0))
    metric = HEAD_TASKS[first][1]
    out: dict = {"marker": marker, "heads": list(parts),
                 first: {"protocol": "5 outlet-grouped folds, lone sentences" if first == "loaded_language"
                         else "grouped folds", "metric": metric, "n": int(tested.sum()),
                         **{k: round(score_metric(metric, y[tested], v[tested].astype(int)), 3)
                            for k, v in scores.items()}}}
    for n in others:
        t = tables[n]
        b = baseline().fit(t["text"][~held[n]].tolist(), t["label"][~held[n]].to_numpy())
        yd = t["label"].to_numpy()[held[n]]
        out[n] = {"protocol": "train -> dev, whole articles (mean over the outer folds' heads)",
                  "metric": HEAD_TASKS[n][1], "n": int(held[n].sum()),
                  **{k: round(float(np.mean(v)), 3) for k, v in dev_f1[n].items()},
                  "tfidf_baseline": round(f1_score(yd, b.predict(t["text"][held[n]].tolist())), 3)}
    return out
