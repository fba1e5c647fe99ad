"""Honest measurements of the trained model: grouped CV or dev splits, baseline side by side.

Every number comes from rows the fitted model never saw: the encoder, C, the threshold and the
weights are all refit inside each outer fold (see :mod:`reliability.training.fit`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import mannwhitneyu
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline

from reliability.corpora import wikiweasel
from reliability.evaluation.intervals import paired_intervals
from reliability.training.fit import (
    HEAD_TASKS,
    fit_encoder,
    fit_table_head,
    marks_of,
    score_metric,
)

#: Table splits that are never training rows.
HELD_SPLITS = ("dev", "test")

def training_texts(tables: dict[str, pd.DataFrame], leave_out: str) -> list[str]:
    """Every table's training-row texts except table ``leave_out``'s: an encoder's vocabulary.

    Other tables' dev and test rows stay out too: PTC's sentences are in two tables, so a head's
    test rows would otherwise shape the encoder it is scored with.
    """
    return [t for k, d in tables.items() if k != leave_out
            for t, held in zip(d["text"], d["split"].isin(HELD_SPLITS)) if not held]


#: How each head is measured, following the issue: (protocol, anchor from the literature).
PROTOCOLS = {
    "hedging": ("WikiWeasel, 5 document-grouped folds", "F1", 0.80),
    "loaded_language": ("BABE, 5 outlet-grouped folds", "macro-F1", 0.80),
    "propaganda": ("PTC train -> dev", "F1", 0.60),
    "unsourced_allegations": ("our allegation set, train -> held-apart test", "F1", None),
    "loaded_family": ("PTC train -> dev (loaded-family techniques)", "F1", None),
}


def folds_for(name: str, df: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
    """Outer (train, test) index pairs for one head, by its protocol."""
    idx = np.arange(len(df))
    if name == "hedging":
        fold = np.array([wikiweasel.fold_of(g) for g in df["group"]])
        return [(idx[fold != k], idx[fold == k]) for k in range(wikiweasel.N_FOLDS)]
    if name == "loaded_language":
        return list(GroupKFold(n_splits=5).split(idx, groups=df["group"]))
    test = df["split"].isin(["dev", "test"]).to_numpy()
    return [(idx[~test], idx[test])]


def baseline() -> object:
    """The plain TF-IDF + logistic regression every task must beat."""
    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                         LogisticRegression(class_weight="balanced", max_iter=3000))


def evaluate_head(name: str, tables: dict[str, pd.DataFrame], context: bool | None = None) -> dict:
    """Measure one head and the baseline on the same outer folds; return a metrics row.

    Args:
        name: Head name (a key of ``tables`` and :data:`HEAD_TASKS`).
        tables: Every sentence table (the encoder learns its vocabulary from all of them).
        context: Try a document-context stage as training does; None follows
            ``config.CONTEXT_HEADS`` (the shipped setting).
    """
    df = tables[name]
    metric = HEAD_TASKS[name][1]
    rules = df.attrs["rules"]
    texts = df["text"].tolist()
    y = df["label"].to_numpy()
    groups = df["group"].to_numpy()
    other = training_texts(tables, name)
    marks = marks_of(tables)
    ours, base = np.zeros(len(df)), np.zeros(len(df))
    tested = np.zeros(len(df), dtype=bool)
    for train, test in folds_for(name, df):
        # Word-bias rates learn from marked rows of this fold's training part only.
        fold_marks = marks.iloc[train] if df is marks else marks
        encoder = fit_encoder(other + [texts[i] for i in train], fold_marks)
        head = fit_table_head(name, encoder, df, train, marks_fitted=df is marks, context=context)
        X_test = encoder.transform([texts[i] for i in test], rules[test])
        ours[test] = head.predict_proba(X_test, groups[test]) >= head.threshold
        b = baseline().fit([texts[i] for i in train], y[train])
        base[test] = b.predict([texts[i] for i in test])
        tested[test] = True
    protocol, metric_name, anchor = PROTOCOLS[name]
    y, ours, base = y[tested], ours[tested].astype(int), base[tested].astype(int)
    ci = paired_intervals(y, ours, base, groups[tested], lambda a, b: score_metric(metric, a, b))
    return {"task": name, "protocol": protocol, "metric": metric_name, "n": int(tested.sum()),
            "positives": float(y.mean()),
            "ours": round(score_metric(metric, y, ours), 3),
            "tfidf_baseline": round(score_metric(metric, y, base), 3),
            "target": anchor, "ours_ci": ci["ci"], "tfidf_baseline_ci": ci["baseline_ci"],
            "ours_minus_baseline": ci["difference"], "ours_minus_baseline_ci": ci["difference_ci"],
            "resampled": ci["resampled"], "groups": len(set(groups[tested]))}


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """ECE with equal-width bins: mean |accuracy - confidence| weighted by bin size."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    err = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            err += m.mean() * abs(y[m].mean() - p[m].mean())
    return float(err)


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """ROC AUC, or NaN when only one class is present.

    Computed as the Mann-Whitney U of the positives' scores over n1 * n0 (the same number as
    ``roc_auc_score``, ties counting half) because it is about 3.5 times faster, and the card's
    bootstrap intervals compute it thousands of times.
    """
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float(mannwhitneyu(pos, neg, method="asymptotic").statistic / (len(pos) * len(neg)))


def evaluate_articles(X: pd.DataFrame, table: pd.DataFrame, make_estimator, folds: int = 5) -> tuple[pd.DataFrame, np.ndarray]:
    """Outlet-grouped CV of the article model and of the TF-IDF baseline on the same folds.

    Folds are drawn over the measured articles (:func:`~reliability.training.datasets.measured_rows`).
    The other rows are training rows only: synthetic copies (:mod:`reliability.training.augment`)
    and training-only corpora train in every fold that holds out none of their outlet group,
    and no metric counts them. The baseline learns from the same real articles (not the copies,
    which are our augmentation). A last row (dataset ``synthetic_contradictions``) gives the
    share of held-out copies scored less reliable than their parent (the inserted contradiction
    lowered the score on outlets the fit never saw).

    Args:
        X: Article model input (features and text; rows follow ``table``).
        table: Articles with ``text``, ``label`` (1 = unreliable), ``group`` and ``dataset``
            (plus ``parent`` for synthetic copies).
        make_estimator: ``make_estimator(groups of the training rows)`` returns a fresh estimator.
        folds: Number of outlet-grouped folds.

    Returns:
        ``(one metrics row per dataset, out-of-fold P(unreliable) per article)``.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    from reliability.training.augment import SYNTHETIC, parent_key, real_rows
    from reliability.training.datasets import measured_rows

    is_real, measured = real_rows(table), measured_rows(table)
    real, extra = np.flatnonzero(measured), np.flatnonzero(~measured)
    synthetic = np.flatnonzero(~is_real)
    y = table["label"].to_numpy()
    groups = table["group"].to_numpy()
    cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0).split(real, y[real], groups[real])
    ours, base = np.full(len(y), np.nan), np.full(len(y), np.nan)
    texts = table["text"].tolist()
    for train, test in cv:
        train, test = real[train], real[test]
        held = set(groups[test])
        fit_rows = np.concatenate([train, [i for i in extra if groups[i] not in held]]).astype(int)
        est = make_estimator(groups[fit_rows]).fit(X.iloc[fit_rows], y[fit_rows], synthetic=~is_real[fit_rows],
                                                   calibrate=measured[fit_rows])
        scored = np.concatenate([test, [i for i in synthetic if groups[i] in held]]).astype(int)
        ours[scored] = est.predict_proba(X.iloc[scored])[:, 1]
        base_rows = fit_rows[is_real[fit_rows]]
        b = baseline().fit([texts[i] for i in base_rows], y[base_rows])
        base[test] = b.predict_proba([texts[i] for i in test])[:, 1]
    real_table = table.iloc[real]
    parts = [(name, g.index.to_numpy()) for name, g in real_table.groupby("dataset", sort=False)]
    rows = [_article_row(name, i, y, ours, base, groups) for name, i in [*parts, ("all", real)]]
    if len(synthetic):
        index = {parent_key(r): k for k, r in enumerate(table[["dataset", "id"]].to_dict("records"))}
        parents = np.array([index[p] for p in table["parent"].iloc[synthetic]])
        rows.append({"dataset": SYNTHETIC, "n": len(synthetic),
                     "outlets": table["group"].iloc[synthetic].nunique(),
                     "lowered": round(float(np.mean(ours[synthetic] > ours[parents])), 3),
                     "mean_drop": round(float(np.mean(ours[synthetic] - ours[parents])), 3)})
    return pd.DataFrame(rows), ours


def _article_row(name: str, i: np.ndarray, y: np.ndarray, ours: np.ndarray, base: np.ndarray,
                 groups: np.ndarray) -> dict:
    """One dataset's article metrics, with outlet-resampled 95% intervals (``intervals``)."""
    ci = paired_intervals(y[i], ours[i], base[i], groups[i], auc)
    return {"dataset": name, "n": len(i), "outlets": len(set(groups[i])),
            "auc": round(auc(y[i], ours[i]), 3), "tfidf_baseline_auc": round(auc(y[i], base[i]), 3),
            "ece": round(expected_calibration_error(y[i], ours[i]), 3),
            "auc_ci": ci["ci"], "tfidf_baseline_auc_ci": ci["baseline_ci"],
            "auc_minus_baseline": ci["difference"], "auc_minus_baseline_ci": ci["difference_ci"],
            "resampled": "outlets" if ci["resampled"] == "groups" else "articles"}


def remove_sentences(text: str, spans: list[tuple[int, int]]) -> str:
    """Return ``text`` with the given sentence spans cut out."""
    out, pos = [], 0
    for a, b in sorted(spans):
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)


def comprehensiveness(scorer, texts: list[str], k: int = 3, draws: int = 3, seed: int = 0) -> dict:
    """ERASER-style comprehensiveness (DeYoung et al. 2020) of the evidence.

    For each article with evidence, remove its top-``k`` evidence sentences (by strength) and
    measure how much ``reliability`` rises; compare with removing as many random sentences.

    Returns:
        Mean rise after removing evidence, after removing random sentences, their gap, the
        share of articles where evidence removal raised reliability more, and the count.
    """
    rng = np.random.default_rng(seed)
    top_rise, rand_rise = [], []
    for text in texts:
        p = scorer.score(text)
        if not p.evidence or not p.judged:
            continue
        best: dict[int, float] = {}
        for e in p.evidence:
            best[e.sentence] = max(best.get(e.sentence, 0.0), e.strength)
        chosen = sorted(best, key=best.get, reverse=True)[:k]
        spans = [(p.sentences[i].start, p.sentences[i].end) for i in chosen]
        top_rise.append(scorer.score(remove_sentences(text, spans)).reliability - p.reliability)
        pool = [s for s in p.sentences if not s.boilerplate]
        rises = []
        for _ in range(draws):
            pick = rng.choice(len(pool), size=min(len(chosen), len(pool)), replace=False)
            cut = [(pool[i].start, pool[i].end) for i in pick]
            rises.append(scorer.score(remove_sentences(text, cut)).reliability - p.reliability)
        rand_rise.append(float(np.mean(rises)))
    top, rand = np.array(top_rise), np.array(rand_rise)
    return {"articles": len(top), "k": k, "rise_top_evidence": round(float(top.mean()), 4),
            "rise_random": round(float(rand.mean()), 4), "gap": round(float((top - rand).mean()), 4),
            "share_top_above_random": round(float((top > rand).mean()), 3)}
