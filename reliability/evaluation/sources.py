"""Outlet profiles against independent outlet ratings (Baly et al. 2018, MBFC, Lin et al. 2023).

Articles whose outlet is known (:mod:`reliability.corpora.rated`) are scored with the shipped
model, grouped into outlet profiles (:func:`reliability.source_profiles`) and compared with each
rating set: Spearman correlation of outlet mean reliability with the rating, three-class
(high/mixed/low) accuracy against the majority class, and how many articles per outlet the
ranking needs to settle.

Leakage: the article model was trained on hyperpartisan2019, fakenewsnet2017, horne2017 and
golbeck2018's fake articles (models/MODEL_CARD.md). Articles are therefore split into pools:
``unseen`` (PolNeAR, BASIL: never article-level training data; golbeck2018 scored by the article
model refitted without it, ``training.train.held_out_scorers``), ``unseen_outlets`` (the part of ``unseen`` whose
outlet never occurs in a training corpus either), ``trained`` (in-sample: the model saw these
very articles and their labels) and ``all``. PolNeAR sentences appear in our allegation labels
and PolNeAR train texts in unsupervised resources, so ``unseen`` means unseen by the article
model, not by every part of the pipeline.

Ratings become numbers as follows: Baly ``fact`` low/mixed/high -> 0/1/2; MBFC six factual
levels -> 0 (very low) .. 5 (very high), three classes by ``FACT3``; Lin ``pc1`` as published
(0..1), three classes by cut points that give Lin's scores MBFC's class shares over all domains
both rate (:func:`lin_cutpoints`; set from the ratings alone, never from our scores).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from reliability import config
from reliability.corpora.rated import HELD_OUT_CORPORA
from reliability.corpora.sources import FACT3, MBFC_FACT_ORDER, ratings
from reliability.corpora.sources import NAMES as RATING_NAMES

# Thresholds (to move into reliability/config.py)
#: Articles per outlet tried when measuring how fast the ranking settles (the issue's list).
SETTLE_KS = (1, 2, 5, 10, 20, 50)
#: Seeded repeats per k: enough for the mean Spearman to move less than ~0.02 between seeds.
SETTLE_REPEATS = 20
#: An outlet takes part at k only with >= SETTLE_MIN_FACTOR * k articles, so the k-article
#: sample is at most half of what it is compared with (else agreement is overlap, not settling).
SETTLE_MIN_FACTOR = 2
#: Second settling view on one fixed set of outlets (those with at least this many articles),
#: so the curve over k is not confounded by outlets dropping out as k grows.
SETTLE_FIXED_MIN = 20
#: Random dev/test halvings of the outlets for tuned thresholds; each is used both ways round.
SPLIT_REPEATS = 50
#: Outlets needed before a Spearman or an accuracy is reported at all.
MIN_OUTLETS = 5

POOLS = ("unseen", "unseen_outlets", "trained", "all")
CLASSES = ("low", "mixed", "high")
_BALY_VALUE = {"low": 0.0, "mixed": 1.0, "high": 2.0}


# ---------------------------------------------------------------------------------------------
# Pools (articles and their scores: reliability.corpora.rated)
# ---------------------------------------------------------------------------------------------

def pools(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split scored rows into the leakage pools named in the module docstring."""
    trained_outlets = set(rows.loc[rows["trained"].astype(bool), "outlet"])
    unseen = rows[~rows["trained"].astype(bool)]
    return {"unseen": unseen, "unseen_outlets": unseen[~unseen["outlet"].isin(trained_outlets)],
            "trained": rows[rows["trained"].astype(bool)], "all": rows}


# ---------------------------------------------------------------------------------------------
# Ratings
# ---------------------------------------------------------------------------------------------

def outlet_ratings(data: str | os.PathLike | None = None,
                   tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Return one row per outlet: ``<set>_value`` (a number, higher = more factual) and
    ``<set>_class`` (low/mixed/high) for each rating set that rates it.

    An outlet rated on several rows (subdomains, sister stations) takes the median of the rows
    whose domain is the outlet itself, else of all its rows.
    """
    tables = dict(tables) if tables is not None else {n: ratings(n, data) for n in RATING_NAMES}
    out: dict[str, pd.DataFrame] = {}
    if "baly2018" in tables:
        b = tables["baly2018"]
        out["baly2018"] = _per_outlet(b.assign(value=b["fact"].map(_BALY_VALUE)))
        out["baly2018"]["class"] = out["baly2018"]["value"].round().map(dict(enumerate(CLASSES)))
    if "mbfc_osome2023" in tables:
        m = tables["mbfc_osome2023"]
        out["mbfc_osome2023"] = _per_outlet(m.assign(value=m["factual_rank"].astype(float)))
        level = out["mbfc_osome2023"]["value"].round().astype(int).map(dict(enumerate(MBFC_FACT_ORDER)))
        out["mbfc_osome2023"]["class"] = level.map(FACT3)
    if "lin2023" in tables:
        lin = _per_outlet(tables["lin2023"].assign(value=tables["lin2023"]["pc1"].astype(float)))
        if "mbfc_osome2023" in out:
            low, high = lin_cutpoints(lin, out["mbfc_osome2023"])
            lin["class"] = to_class(lin["value"].to_numpy(), low, high)
            lin.attrs["cutpoints"] = (low, high)
        out["lin2023"] = lin
    frames = [df.rename(columns={"value": f"{n}_value", "class": f"{n}_class"}).set_index("outlet")
              for n, df in out.items()]
    result = pd.concat(frames, axis=1).reset_index()
    result.attrs["lin_cutpoints"] = out.get("lin2023", pd.DataFrame()).attrs.get("cutpoints")
    return result


def _per_outlet(df: pd.DataFrame) -> pd.DataFrame:
    df = df[df["value"].notna() & df["outlet"].astype(bool)]
    own = df[df["domain"] == df["outlet"]]
    df = pd.concat([own, df[~df["outlet"].isin(set(own["outlet"]))]])
    return df.groupby("outlet", as_index=False)["value"].median()


def lin_cutpoints(lin: pd.DataFrame, mbfc: pd.DataFrame) -> tuple[float, float]:
    """Cut points on Lin's ``value`` giving, over outlets both rate, MBFC's low/mixed/high shares."""
    both = lin.merge(mbfc[["outlet", "class"]], on="outlet").dropna()
    shares = both["class"].value_counts(normalize=True)
    q_low = shares.get("low", 0.0)
    q_high = q_low + shares.get("mixed", 0.0)
    return float(np.quantile(both["value"], q_low)), float(np.quantile(both["value"], q_high))


def to_class(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map scores to ``low`` (< low), ``high`` (>= high) or ``mixed``, like the config bands."""
    values = np.asarray(values, dtype=float)
    return np.where(values >= high, "high", np.where(values < low, "low", "mixed")).astype(object)


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------

def joined(profiles: pd.DataFrame, rated: pd.DataFrame, name: str, min_articles: int = 1) -> pd.DataFrame:
    """Outlet profiles with at least ``min_articles`` articles that rating set ``name`` rates."""
    cols = ["outlet", f"{name}_value"] + ([f"{name}_class"] if f"{name}_class" in rated else [])
    df = profiles[profiles["n_articles"] >= min_articles].merge(rated[cols], on="outlet")
    return df.dropna(subset=["mean_reliability", f"{name}_value"]).reset_index(drop=True)


def spearman(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    """Spearman's rho and its p-value; NaN when fewer than :data:`MIN_OUTLETS` pairs or no spread."""
    from scipy.stats import spearmanr

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size < MIN_OUTLETS or np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan"), float("nan")
    res = spearmanr(a, b)
    return float(res.statistic), float(res.pvalue)


def tune_thresholds(scores: np.ndarray, classes: np.ndarray) -> tuple[float, float]:
    """Return ``(low, high)`` maximising three-class accuracy of :func:`to_class` on these outlets.

    Candidates are midpoints between sorted scores plus both ends; ties go to the pair nearest
    the config bands, so a flat optimum falls back on the documented thresholds.
    """
    scores, classes = np.asarray(scores, dtype=float), np.asarray(classes, dtype=object)
    s = np.unique(scores)
    cands = np.concatenate([[s[0] - 1e-9], (s[:-1] + s[1:]) / 2, [s[-1] + 1e-9]])
    # below[c][i]: outlets of class c scoring under candidate i; accuracy of (i, j), i <= j, is
    # low below i + mixed in [i, j) + high from j: one vectorised matrix instead of a double loop.
    below = {c: (scores[classes == c][None, :] < cands[:, None]).sum(axis=1) for c in CLASSES}
    acc = (below["low"][:, None] + below["mixed"][None, :] - below["mixed"][:, None]
           + (np.sum(classes == "high") - below["high"])[None, :]).astype(float)
    acc[np.tril_indices(len(cands), -1)] = -1  # low must not exceed high
    dist = np.abs(cands - config.BAND_LOW)[:, None] + np.abs(cands - config.BAND_HIGH)[None, :]
    best = np.flatnonzero(acc == acc.max())
    i, j = np.unravel_index(best[np.argmin(dist.ravel()[best])], acc.shape)
    return float(cands[i]), float(cands[j])


def accuracy(scores: np.ndarray, classes: np.ndarray, repeats: int = SPLIT_REPEATS,
             seed: int = 0) -> dict:
    """Three-class accuracy of outlet scores against rating classes.

    ``config_all``: config bands on every outlet. Over ``repeats`` seeded halvings of the outlets,
    each half in turn is dev and the other test: ``config``, ``tuned`` (thresholds from
    :func:`tune_thresholds` on dev) and ``majority`` (dev's most common class) are accuracies on
    the test half, as mean and standard deviation; ``tuned_low``/``tuned_high`` the median
    thresholds.
    """
    scores, classes = np.asarray(scores, dtype=float), np.asarray(classes, dtype=object)
    n = scores.size
    out = {"n_outlets": int(n), **{f"n_{c}": int(np.sum(classes == c)) for c in CLASSES}}
    if n < MIN_OUTLETS:
        return out
    out["config_all"] = float(np.mean(to_class(scores, config.BAND_LOW, config.BAND_HIGH) == classes))
    got: dict[str, list[float]] = {"config": [], "tuned": [], "majority": []}
    cuts = []
    for r in range(repeats):
        perm = np.random.default_rng([seed, r]).permutation(n)
        for dev, test in ((perm[: n // 2], perm[n // 2:]), (perm[n // 2:], perm[: n // 2])):
            low, high = tune_thresholds(scores[dev], classes[dev])
            cuts.append((low, high))
            values, counts = np.unique(classes[dev], return_counts=True)
            got["tuned"].append(float(np.mean(to_class(scores[test], low, high) == classes[test])))
            got["majority"].append(float(np.mean(classes[test] == values[np.argmax(counts)])))
            got["config"].append(float(np.mean(
                to_class(scores[test], config.BAND_LOW, config.BAND_HIGH) == classes[test])))
    for k, v in got.items():
        out[k], out[f"{k}_sd"] = float(np.mean(v)), float(np.std(v))
    out["tuned_low"], out["tuned_high"] = (float(x) for x in np.median(np.array(cuts), axis=0))
    return out


def settling(rows: pd.DataFrame, rated: pd.DataFrame | None = None, ks: Sequence[int] = SETTLE_KS,
             repeats: int = SETTLE_REPEATS, seed: int = 0, fixed: int | None = None) -> pd.DataFrame:
    """How well k articles per outlet reproduce the outlet ranking from all its articles.

    For each k, outlets with at least ``SETTLE_MIN_FACTOR * k`` usable articles take part (with
    ``fixed``: always the outlets with at least ``fixed`` articles, and only k up to
    ``fixed / SETTLE_MIN_FACTOR``); in each
    seeded repeat k articles per outlet are drawn without replacement and their mean reliability
    is ranked against the all-article mean (``rho_all``) and each rating (``rho_<set>``).

    Args:
        rows: Flat score rows with ``outlet`` (as from :func:`reliability.corpora.rated.score_articles`).
        rated: :func:`outlet_ratings` output, or None for ``rho_all`` only.
    """
    rel = pd.to_numeric(rows["reliability"], errors="coerce")
    ok = rel.notna() & _judged(rows)
    groups = {o: v.to_numpy(dtype=float) for o, v in rel[ok].groupby(rows.loc[ok, "outlet"])}
    names = [n for n in RATING_NAMES if rated is not None and f"{n}_value" in rated]
    value = {n: rated.set_index("outlet")[f"{n}_value"].dropna().to_dict() for n in names}
    table = []
    if fixed is not None:
        ks = [k for k in ks if SETTLE_MIN_FACTOR * k <= fixed]
    for k in ks:
        least = fixed if fixed is not None else SETTLE_MIN_FACTOR * k
        outlets = sorted(o for o, v in groups.items() if v.size >= least)
        full = np.array([groups[o].mean() for o in outlets])
        got: dict[str, list[float]] = {"rho_all": [], **{f"rho_{n}": [] for n in names}}
        for r in range(repeats):
            rng = np.random.default_rng([seed, k, r])
            sub = np.array([rng.choice(groups[o], size=k, replace=False).mean() for o in outlets])
            got["rho_all"].append(spearman(sub, full)[0])
            for n in names:
                keep = [i for i, o in enumerate(outlets) if o in value[n]]
                got[f"rho_{n}"].append(spearman(sub[keep], [value[n][outlets[i]] for i in keep])[0])
        row = {"k": k, "outlets_with": f">= {least}", "n_outlets": len(outlets)}
        row.update({c: float(np.nanmean(v)) if np.isfinite(v).any() else float("nan")
                    for c, v in got.items()})
        table.append(row)
    return pd.DataFrame(table)


def _judged(rows: pd.DataFrame) -> pd.Series:
    """Mirror of :func:`reliability.sources.source_profiles`' exclusion: errors and unjudged out."""
    ok = pd.Series(True, index=rows.index)
    if "error" in rows:
        ok &= rows["error"].isna() | (rows["error"].astype(str).str.strip() == "")
    if "judged" in rows:
        ok &= ~rows["judged"].astype(str).str.strip().str.lower().isin(("false", "0"))
    return ok


def evaluate(rows: pd.DataFrame, rated: pd.DataFrame, min_articles: Sequence[int] = (1, 5),
             n_boot: int = 200, seed: int = 0) -> dict:
    """Run every measurement on every pool.

    Returns:
        ``{"correlation": DataFrame, "accuracy": DataFrame, "settling": DataFrame,
        "pools": DataFrame, "lin_cutpoints": (low, high) | None}``: one row per pool, rating
        set and ``min_articles`` (settling: per pool and k).
    """
    from reliability.sources import source_profiles

    corr, acc, settle, sizes = [], [], [], []
    for pool, part in pools(rows).items():
        profiles = source_profiles(part, by="outlet", n_boot=n_boot, seed=seed)
        sizes.append({"pool": pool, "articles": int(profiles["n_articles"].sum()),
                      "outlets": int((profiles["n_articles"] > 0).sum()),
                      "corpora": ", ".join(sorted(set(part["corpus"])))})
        for m in min_articles:
            for name in RATING_NAMES:
                if f"{name}_value" not in rated:
                    continue
                j = joined(profiles, rated, name, m)
                rho, p = spearman(j["mean_reliability"], j[f"{name}_value"])
                corr.append({"pool": pool, "rating": name, "min_articles": m, "n_outlets": len(j),
                             "n_articles": int(j["n_articles"].sum()), "spearman": rho, "p": p})
                if f"{name}_class" in j:
                    a = accuracy(j["mean_reliability"].to_numpy(), j[f"{name}_class"].to_numpy(), seed=seed)
                    acc.append({"pool": pool, "rating": name, "min_articles": m, **a})
        settle.append(settling(part, rated, seed=seed).assign(pool=pool))
        settle.append(settling(part, rated, seed=seed, fixed=SETTLE_FIXED_MIN).assign(pool=pool))
    return {"correlation": pd.DataFrame(corr), "accuracy": pd.DataFrame(acc),
            "settling": pd.concat(settle, ignore_index=True), "pools": pd.DataFrame(sizes),
            "lin_cutpoints": rated.attrs.get("lin_cutpoints")}


# ---------------------------------------------------------------------------------------------
# Model card section
# ---------------------------------------------------------------------------------------------

def _md_table(df: pd.DataFrame, columns: Mapping[str, str]) -> str:
    """A Markdown table of ``df``'s columns (keys) under headers (values); floats to 3 places."""
    from reliability.evaluation.card import _table

    def cell(v):
        return ("n/a" if not np.isfinite(v) else f"{v:.3f}") if isinstance(v, float) else v
    rows = [{h: cell(r.get(c, "")) for c, h in columns.items()} for r in df.to_dict("records")]
    return _table(rows, list(columns.values()))


def card_section(results: Mapping) -> str:
    """Return the model card's Markdown section for :func:`evaluate` results.

    ``results`` may carry ``limit`` (articles per corpus sampled, None for all).
    """
    acc = results["accuracy"].copy()
    if len(acc):
        acc["classes"] = [f"{r.n_low}/{r.n_mixed}/{r.n_high}" for r in acc.itertuples()]
        for k in ("config", "tuned", "majority"):
            if k in acc:
                acc[k] = [f"{m:.3f} ± {s:.3f}" if np.isfinite(m) else "n/a"
                          for m, s in zip(acc[k], acc[f"{k}_sd"])]
        if "tuned_low" in acc:
            acc["cuts"] = [f"{a:.2f} / {b:.2f}" if np.isfinite(a) else "n/a"
                           for a, b in zip(acc["tuned_low"], acc["tuned_high"])]
    cuts = results.get("lin_cutpoints")
    lin = f"{cuts[0]:.3f} and {cuts[1]:.3f}" if cuts else "n/a"
    limit = results.get("limit")
    sample = "all of them" if limit is None else f"a seeded sample of at most {limit} per corpus"
    settle_cols = {"pool": "pool", "k": "k articles", "outlets_with": "outlets with articles",
                   "n_outlets": "outlets", "rho_all": "rho vs all articles"}
    settle_cols.update({f"rho_{n}": f"rho vs {n}" for n in RATING_NAMES})
    corpora = dict(zip(results["pools"]["pool"], results["pools"]["corpora"])) if "pools" in results else {}
    unseen, trained = corpora.get("unseen") or "none", corpora.get("trained") or "none"
    held = [c for c in HELD_OUT_CORPORA if c in unseen.split(", ")]
    refit = (f" ({', '.join(held)}: its fake articles train the shipped article model, so it is scored "
             "by the same model with the article model refitted without them)") if held else ""
    parts = [
        "## Outlet profiles against independent outlet ratings\n",
        ("Articles whose outlet is known were scored with the shipped model and averaged per outlet "
        f"(`reliability.source_profiles`; {sample}). Pools: `unseen` = {unseen}, which the article model "
        f"never trained on{refit}; `unseen_outlets` = the part of `unseen` whose outlet "
        f"is in no training corpus either; `trained` = {trained}, in-sample "
        "(the model was fitted on these very articles, so these numbers are optimistic); `all`. PolNeAR "
        "sentences are also in our allegation labels, so `unseen` means unseen by the article model. "
        "Ratings as numbers (higher = more factual): Baly et al. 2018 low/mixed/high = 0/1/2; MBFC factual "
        "reporting very low .. very high = 0..5 (three classes: very high/high = high, mostly factual/mixed "
        f"= mixed, low/very low = low); Lin et al. 2023 `pc1` as published, three classes cut at {lin} "
        "(the cut points that give Lin's scores MBFC's class shares over all domains both rate; set from "
        "the ratings alone). An outlet rated on several rows takes the median of its own domain's rows.\n"),
        "### Spearman correlation of outlet mean reliability with the rating\n",
        _md_table(results["correlation"], {"pool": "pool", "rating": "rating", "min_articles": "min articles",
                                           "n_outlets": "outlets", "n_articles": "articles",
                                           "spearman": "Spearman rho", "p": "p"}),
        "\n### High / mixed / low accuracy\n",
        (f"Our class: outlet mean reliability cut by the article bands (low < {config.BAND_LOW}, high >= "
        f"{config.BAND_HIGH}), or by thresholds tuned for accuracy on a random dev half of the outlets and "
        f"scored on the other half ({SPLIT_REPEATS} seeded halvings, each used both ways; mean ± sd over "
        "the test halves). Majority: the dev half's most common rating class, scored on the test half. "
         "`config (all)` scores the bands on every outlet.\n"),
        _md_table(acc, {"pool": "pool", "rating": "rating", "min_articles": "min articles",
                        "n_outlets": "outlets", "classes": "low/mixed/high", "config_all": "config (all)",
                        "config": "config (test)", "tuned": "tuned on dev (test)",
                        "majority": "majority (test)", "cuts": "median tuned low / high"}),
        "\n### How many articles per outlet the ranking needs\n",
        (f"k articles drawn per outlet ({SETTLE_REPEATS} seeded repeats, mean Spearman), ranked against "
        "the outlets' all-article means and against each rating. Outlets taking part: those with at least "
        f"{SETTLE_MIN_FACTOR}k scored articles (the set shrinks as k grows), or one fixed set with at least "
         f"{SETTLE_FIXED_MIN} (k up to {SETTLE_FIXED_MIN // SETTLE_MIN_FACTOR}).\n"),
        _md_table(results["settling"], settle_cols),
    ]
    return "\n".join(parts)
