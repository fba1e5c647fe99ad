"""Tests for reliability.evaluation.sources and reliability.corpora.rated (synthetic frames, no corpus text)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reliability import config
from reliability.corpora.rated import TRAINED_CORPORA, rated_articles, score_articles
from reliability.evaluation import sources as ev
from reliability.markers import MARKER_NAMES
from reliability.records import ATTRIBUTION_KINDS
from reliability.training.train import HeldOutScorers

DATA = Path(os.environ.get("RELIABILITY_DATA") or Path(__file__).resolve().parents[1].parent / "shared" / "data")


def rating_tables() -> dict[str, pd.DataFrame]:
    """Ratings in the shape of reliability.corpora.sources.ratings(), for made-up outlets."""
    baly = pd.DataFrame({"domain": ["good.com", "news.good.com", "mid.com", "bad.com"],
                         "outlet": ["good.com", "good.com", "mid.com", "bad.com"],
                         "fact": ["high", "low", "mixed", "low"]})
    mbfc = pd.DataFrame({"domain": ["good.com", "mid.com", "bad.com", "bad.com", "odd.com", "x.com", "y.com"],
                         "outlet": ["good.com", "mid.com", "bad.com", "bad.com", "odd.com", "x.com", "y.com"],
                         "factual_rank": pd.array([5, 3, 0, 2, pd.NA, 4, 1], dtype="Int64")})
    lin = pd.DataFrame({"domain": ["good.com", "mid.com", "bad.com", "x.com", "y.com", "z.com"],
                        "outlet": ["good.com", "mid.com", "bad.com", "x.com", "y.com", "z.com"],
                        "pc1": [0.9, 0.5, 0.1, 0.8, 0.2, 0.6]})
    return {"baly2018": baly, "mbfc_osome2023": mbfc, "lin2023": lin}


def test_outlet_ratings_mapping():
    r = ev.outlet_ratings(tables=rating_tables()).set_index("outlet")
    # The outlet's own domain wins over a subdomain row.
    assert r.loc["good.com", "baly2018_value"] == 2 and r.loc["good.com", "baly2018_class"] == "high"
    assert r.loc["mid.com", "baly2018_class"] == "mixed" and r.loc["bad.com", "baly2018_value"] == 0
    # MBFC: very high -> 5 -> high; mostly factual -> 3 -> mixed; two rows -> median 1 -> low.
    assert r.loc["good.com", "mbfc_osome2023_class"] == "high"
    assert r.loc["mid.com", "mbfc_osome2023_class"] == "mixed"
    assert r.loc["bad.com", "mbfc_osome2023_value"] == 1 and r.loc["bad.com", "mbfc_osome2023_class"] == "low"
    assert "odd.com" not in r.index  # rated by MBFC without a factual level, by nobody else
    assert r.loc["z.com", "lin2023_value"] == pytest.approx(0.6) and pd.isna(r.loc["z.com", "mbfc_osome2023_value"])
    assert set(r["lin2023_class"].dropna()) <= set(ev.CLASSES)


def test_lin_cutpoints_reproduce_mbfc_shares():
    lin = pd.DataFrame({"outlet": list("abcdef"), "value": [0.1, 0.2, 0.5, 0.6, 0.8, 0.9]})
    mbfc = pd.DataFrame({"outlet": list("abcdef"), "class": ["low", "low", "mixed", "mixed", "high", "high"]})
    low, high = ev.lin_cutpoints(lin, mbfc)
    got = ev.to_class(lin["value"].to_numpy(), low, high)
    assert 0.2 < low <= 0.5 and 0.6 < high <= 0.8
    assert list(got) == list(mbfc["class"])


@pytest.mark.parametrize("value, want", [(0.0, "low"), (0.399, "low"), (0.4, "mixed"), (0.659, "mixed"),
                                         (0.66, "high"), (1.0, "high")])
def test_to_class_matches_config_bands(value, want):
    assert ev.to_class(np.array([value]), config.BAND_LOW, config.BAND_HIGH)[0] == want


def test_tune_thresholds_separates_and_prefers_config_on_ties():
    scores = np.array([0.1, 0.2, 0.45, 0.5, 0.8, 0.9])
    classes = np.array(["low", "low", "mixed", "mixed", "high", "high"], dtype=object)
    low, high = ev.tune_thresholds(scores, classes)
    assert np.mean(ev.to_class(scores, low, high) == classes) == 1.0
    assert 0.2 < low <= 0.45 and 0.5 < high <= 0.8
    # Any cut in the gaps is perfect: the tie goes to the candidates nearest the config bands.
    assert low == pytest.approx(0.325) and high == pytest.approx(0.65)


def test_tune_thresholds_one_class():
    low, high = ev.tune_thresholds(np.array([0.3, 0.4]), np.array(["high", "high"], dtype=object))
    assert np.all(ev.to_class(np.array([0.3, 0.4]), low, high) == "high")


def test_accuracy_perfect_separation_and_baseline():
    rng = np.random.default_rng(0)
    classes = np.array(["low"] * 10 + ["mixed"] * 10 + ["high"] * 20, dtype=object)
    scores = np.select([classes == "low", classes == "mixed"], [0.2, 0.5], 0.8) + rng.uniform(-0.05, 0.05, 40)
    got = ev.accuracy(scores, classes, repeats=5)
    assert got["n_outlets"] == 40 and (got["n_low"], got["n_mixed"], got["n_high"]) == (10, 10, 20)
    assert got["config_all"] == 1.0 and got["config"] == 1.0
    assert got["tuned"] > 0.9
    assert 0.3 < got["majority"] < 0.7  # "high" is half the outlets
    assert got["majority_sd"] >= 0


def test_accuracy_inverted_scores_are_worse_than_baseline():
    classes = np.array(["low"] * 10 + ["high"] * 10, dtype=object)
    scores = np.where(classes == "low", 0.9, 0.1)
    got = ev.accuracy(scores, classes, repeats=5)
    assert got["config_all"] == 0.0 and got["config"] == 0.0


def test_accuracy_too_few_outlets():
    got = ev.accuracy(np.array([0.5, 0.6]), np.array(["low", "high"], dtype=object))
    assert got["n_outlets"] == 2 and "tuned" not in got


@pytest.mark.parametrize("a, b, want", [([1, 2, 3, 4, 5], [2, 4, 6, 8, 10], 1.0),
                                        ([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], -1.0)])
def test_spearman(a, b, want):
    assert ev.spearman(a, b)[0] == pytest.approx(want)


@pytest.mark.parametrize("a, b", [([1, 2, 3], [1, 2, 3]), ([1, 1, 1, 1, 1], [1, 2, 3, 4, 5])])
def test_spearman_undefined_is_nan(a, b):
    assert math.isnan(ev.spearman(a, b)[0])


def score_rows(outlet_means: dict[str, float], n: int, noise: float, seed: int = 0,
               corpus: str = "basil") -> pd.DataFrame:
    """Flat rows like score_articles(): n articles per outlet around each outlet's mean."""
    rng = np.random.default_rng(seed)
    rows = []
    for o, mu in outlet_means.items():
        for i in range(n):
            r = {"corpus": corpus, "id": f"{o}-{i}", "outlet": o, "trained": corpus in TRAINED_CORPORA,
                 "reliability": float(np.clip(mu + rng.normal(0, noise), 0, 1)), "judged": True, "error": None}
            for m in MARKER_NAMES:
                r[f"{m}_score"], r[f"{m}_sentences"] = 0.1, 1
            for k in ATTRIBUTION_KINDS:
                r[f"attributions_{k}"] = 1
            rows.append(r)
    return pd.DataFrame(rows)


def test_settling_rises_with_k_and_respects_min_factor():
    means = {f"o{i}.com": i / 12 for i in range(12)}
    rows = score_rows(means, n=40, noise=0.25)
    rated = pd.DataFrame({"outlet": list(means), "lin2023_value": list(means.values())})
    table = ev.settling(rows, rated, ks=(1, 5, 20, 50), repeats=5).set_index("k")
    assert table.loc[1, "rho_all"] < table.loc[5, "rho_all"] < table.loc[20, "rho_all"] <= 1
    assert table.loc[20, "rho_lin2023"] > 0.8
    assert table.loc[20, "n_outlets"] == 12 and table.loc[50, "n_outlets"] == 0
    assert math.isnan(table.loc[50, "rho_all"])
    fixed = ev.settling(rows, rated, ks=(1, 5, 20, 50), repeats=5, fixed=30).set_index("k")
    assert list(fixed.index) == [1, 5] and set(fixed["n_outlets"]) == {12}
    assert set(fixed["outlets_with"]) == {">= 30"}


def test_settling_ignores_unjudged_and_failed_rows():
    rows = score_rows({"a.com": 0.2, "b.com": 0.5, "c.com": 0.6, "d.com": 0.7, "e.com": 0.8,
                       "f.com": 0.9}, n=4, noise=0.0)
    rows.loc[rows.index[:2], "judged"] = False
    rows.loc[rows.index[2], "error"] = "boom"
    table = ev.settling(rows, None, ks=(1, 2), repeats=2).set_index("k")
    assert table.loc[1, "n_outlets"] == 5  # a.com keeps one usable article: below 2 * k
    assert table.loc[1, "rho_all"] == pytest.approx(1.0)


def test_pools_split_by_training_corpus_and_outlet():
    rows = pd.concat([score_rows({"shared.com": 0.5, "fresh.com": 0.5}, 2, 0.0),
                      score_rows({"shared.com": 0.5, "old.com": 0.5}, 2, 0.0, corpus="hyperpartisan2019")])
    got = ev.pools(rows)
    assert set(got["unseen"]["outlet"]) == {"shared.com", "fresh.com"}
    assert set(got["unseen_outlets"]["outlet"]) == {"fresh.com"}
    assert set(got["trained"]["outlet"]) == {"shared.com", "old.com"} and len(got["all"]) == 8


def test_evaluate_and_card_section_on_synthetic_scores():
    tables = rating_tables()
    extra = {f"s{i}.com": i / 10 for i in range(10)}
    tables["lin2023"] = pd.concat([tables["lin2023"], pd.DataFrame(
        {"domain": list(extra), "outlet": list(extra), "pc1": list(extra.values())})])
    rated = ev.outlet_ratings(tables=tables)
    rows = score_rows({**extra, "good.com": 0.9, "bad.com": 0.1}, n=6, noise=0.05)
    results = ev.evaluate(rows, rated, min_articles=(1,), n_boot=20)
    corr = results["correlation"].set_index(["pool", "rating"])
    assert corr.loc[("unseen", "lin2023"), "n_outlets"] == 12
    assert corr.loc[("unseen", "lin2023"), "spearman"] > 0.9
    assert math.isnan(corr.loc[("unseen", "baly2018"), "spearman"])  # two rated outlets: too few
    assert set(results["settling"]["pool"]) == set(ev.POOLS)
    results["limit"] = 50
    md = ev.card_section(results)
    assert md.startswith("## Outlet profiles against independent outlet ratings")
    assert "at most 50 per corpus" in md and "| unseen | lin2023 |" in md
    assert "nan" not in md.lower().replace("n/a", "")
    # The pools' corpora come from the rows, and a held-out refit is named only when it was used.
    assert "`unseen` = basil, which" in md and "`trained` = none" in md and "refitted" not in md
    rows = pd.concat([rows, score_rows({"good.com": 0.9, "bad.com": 0.1}, n=3, noise=0.05, corpus="golbeck2018")])
    md = ev.card_section(ev.evaluate(rows, rated, min_articles=(1,), n_boot=20))
    assert "`unseen` = basil, golbeck2018, which" in md and "golbeck2018: its fake articles" in md


@pytest.mark.skipif(not (DATA / "articles" / "golbeck2018").is_dir() or not (DATA / "sources").is_dir(),
                    reason="public corpora (../shared/data or $RELIABILITY_DATA) not present")
def test_small_sample_of_real_articles(tmp_path):
    articles = rated_articles(DATA, corpora=("golbeck2018", "basil"), limit=6, seed=1)
    assert set(articles["corpus"]) == {"golbeck2018", "basil"} and not articles["trained"].any()
    assert articles["outlet"].str.len().gt(0).all()
    # golbeck2018's fake articles train the shipped article model: scored by it, they are in-sample.
    plain = score_articles(articles)
    assert plain["trained"].eq(plain["corpus"].eq("golbeck2018")).all()
    # With a held-out scorer for it (here: a fixed score, to see which scorer was used) they are unseen.
    cache = tmp_path / "rows.csv"
    rows = score_articles(articles, cache=cache, held_out={"golbeck2018": _FixedScorer(0.123)})
    assert len(rows) == len(articles) and rows["reliability"].notna().all() and not rows["trained"].any()
    golbeck = rows["corpus"] == "golbeck2018"
    assert (rows.loc[golbeck, "reliability"] == 0.123).all()
    assert rows.loc[~golbeck, "reliability"].tolist() == plain.loc[~golbeck, "reliability"].tolist()
    assert "text" not in pd.read_csv(cache).columns  # the cache never holds corpus text
    again = score_articles(articles, cache=cache, scorer=_NoScorer())  # served from the cache
    assert again["reliability"].tolist() == pytest.approx(rows["reliability"].tolist())
    # A fully cached run never builds the held-out refit (it costs a pass over the article tables).
    built = []
    lazy = HeldOutScorers(lambda: built.append(1) or {"golbeck2018": _NoScorer()})
    cached = score_articles(articles, cache=cache, scorer=_NoScorer(), held_out=lazy)
    assert not built and not cached["trained"].any()
    assert cached["reliability"].tolist() == pytest.approx(rows["reliability"].tolist())
    results = ev.evaluate(rows, ev.outlet_ratings(DATA), min_articles=(1,), n_boot=20)
    assert {"correlation", "accuracy", "settling", "pools"} <= set(results)
    assert "##" in ev.card_section(results)


class _FixedScorer:
    """Scores every article with the shipped scorer, then overwrites its reliability."""

    def __init__(self, value: float) -> None:
        from reliability.scorer import default_scorer

        self.value, self.inner = value, default_scorer()

    def score_many(self, items):
        import dataclasses

        for p in self.inner.score_many(items):
            yield dataclasses.replace(p, reliability=self.value)


class _NoScorer:
    """A scorer that must not be asked: everything should come from the cache."""

    def score_many(self, items):
        if list(items):
            raise AssertionError("scored again despite the cache")
        return iter(())
