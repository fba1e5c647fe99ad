"""Articles whose outlet is known, from the article corpora, and their scores (for outlet ratings).

:func:`rated_articles` gathers ``corpus, id, outlet, trained, text`` from the corpora that name
each article's outlet: hyperpartisan2019 and fakenewsnet2017 (:data:`TRAINED_CORPORA`: the
shipped article model was trained on them, models/MODEL_CARD.md), golbeck2018
(:data:`HELD_OUT_CORPORA`: its fake articles train the shipped article model too, so it is
unseen only when scored by a refit without them) and PolNeAR and BASIL (never article-level
training data). PolNeAR file-name prefixes
and BASIL outlet codes become outlet domains through :data:`POLNEAR_OUTLETS` and
:data:`BASIL_OUTLETS`. :func:`score_articles` scores them with a cache of flat rows (no text).
:mod:`reliability.evaluation.sources` compares the resulting outlet profiles with the ratings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from reliability.corpora import basil, data_dir
from reliability.corpora.articles import articles as corpus_articles
from reliability.corpora.articles import titled_text
from reliability.training.datasets import TRAINING_ONLY_SETS

#: Article corpora the shipped article model was trained on (models/MODEL_CARD.md, "Data and splits").
TRAINED_CORPORA = ("hyperpartisan2019", "fakenewsnet2017")
#: Corpora that train the shipped article model as extra rows (the training-only sets):
#: unseen when :func:`score_articles` gets a ``held_out`` scorer for them, else trained.
HELD_OUT_CORPORA = TRAINING_ONLY_SETS
#: Article corpora the article model never saw, or sees only through a held-out refit.
UNSEEN_CORPORA = (*HELD_OUT_CORPORA, "polnear", "basil")
CORPORA = TRAINED_CORPORA + UNSEEN_CORPORA
#: PolNeAR file-name prefixes and BASIL outlet codes -> outlet domains (outlet names only).
POLNEAR_OUTLETS = {"breitbart": "breitbart.com", "huff-post": "huffingtonpost.com",
                   "nyt": "nytimes.com", "politico": "politico.com", "usa-today": "usatoday.com",
                   "wash-post": "washingtonpost.com", "west-journal": "westernjournal.com"}
BASIL_OUTLETS = {"fox": "foxnews.com", "nyt": "nytimes.com", "hpo": "huffingtonpost.com"}


def rated_articles(data: str | os.PathLike | None = None, corpora: Iterable[str] = CORPORA,
                   limit: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Return ``corpus, id, outlet, trained, text`` for every article whose outlet is known.

    Args:
        data: Data folder (default ``$RELIABILITY_DATA`` or ``../shared/data``).
        corpora: Names from :data:`CORPORA`.
        limit: At most this many articles per corpus, a seeded sample (None: all).
        seed: Seed of that sample.
    """
    frames = []
    for name in corpora:
        df = _corpus(name, data)
        df = df[df["outlet"].astype(bool) & (df["outlet"] != "unknown")]
        frames.append(df if limit is None else df.sample(n=min(limit, len(df)), random_state=seed))
    df = pd.concat(frames, ignore_index=True)
    df["trained"] = df["corpus"].isin(TRAINED_CORPORA)
    return df[["corpus", "id", "outlet", "trained", "text"]].reset_index(drop=True)


def _corpus(name: str, data) -> pd.DataFrame:
    if name == "polnear":
        root = data_dir(data) / "attribution" / "polnear"
        files = sorted(root.glob("*/text/*.txt"))
        return pd.DataFrame({"corpus": name, "id": [f.stem for f in files],
                             "outlet": [POLNEAR_OUTLETS.get(f.stem.split("_")[0], "") for f in files],
                             "text": [f.read_text(encoding="utf-8") for f in files]})
    if name == "basil":
        df = basil.articles(data)
        return pd.DataFrame({"corpus": name, "id": df["article_id"],
                             "outlet": df["outlet"].map(BASIL_OUTLETS).fillna(""), "text": df["text"]})
    df = corpus_articles(name, data)
    text = titled_text(df)  # as the article model was trained
    outlet = df["group"].where(~df["group"].str.startswith("row:"), "")
    return pd.DataFrame({"corpus": name, "id": df["id"], "outlet": outlet, "text": text})


def score_articles(articles: pd.DataFrame, cache: str | os.PathLike | None = None,
                   scorer=None, held_out: Mapping | None = None) -> pd.DataFrame:
    """Return flat score rows (:meth:`Profile.to_row`) plus ``corpus``, ``outlet``, ``trained``.

    Args:
        articles: As from :func:`rated_articles`.
        cache: CSV of rows already scored (read if present, then rewritten with the new rows).
            Rows are keyed by corpus and id; use one file per model. Holds no article text.
        scorer: A :class:`reliability.Scorer` (default: the shipped one).
        held_out: Scorers for :data:`HELD_OUT_CORPORA` whose article model never saw that
            corpus (``training.train.held_out_scorers``). A corpus of :data:`HELD_OUT_CORPORA`
            without one is scored by ``scorer`` and marked trained.
    """
    from reliability.scorer import default_scorer

    held_out = held_out or {}
    articles = articles.assign(trained=articles["trained"] | (
        articles["corpus"].isin(HELD_OUT_CORPORA) & ~articles["corpus"].isin(list(held_out))))
    key = ["corpus", "id"]
    done = pd.read_csv(cache, dtype={"id": str}) if cache and Path(cache).is_file() else None
    todo = articles
    if done is not None:
        seen = set(zip(done["corpus"], done["id"].astype(str)))
        todo = articles[[(c, str(i)) not in seen for c, i in zip(articles["corpus"], articles["id"])]]
    scorer = scorer or default_scorer()
    profiles = []
    for corpus, part in todo.groupby("corpus", sort=False):
        by = held_out.get(corpus, scorer)
        profiles += [{"corpus": corpus, **p.to_row()}
                     for p in by.score_many(zip(part["id"].astype(str), part["text"]))]
    fresh = pd.DataFrame(profiles)
    rows = pd.concat([d for d in (done, fresh) if d is not None and len(d)], ignore_index=True)
    rows["id"] = rows["id"].astype(str)
    if cache and len(fresh):
        # An internal error may be passing (code being edited): keep it out of the cache.
        keep = ~rows["error"].fillna("").astype(str).str.startswith("internal error")
        Path(cache).parent.mkdir(parents=True, exist_ok=True)
        rows[keep].to_csv(cache, index=False)
    meta = articles[key + ["outlet", "trained"]].assign(id=articles["id"].astype(str))
    rows = rows.drop(columns=[c for c in ("outlet", "trained") if c in rows.columns])
    return meta.merge(rows.drop_duplicates(key), on=key, how="left")
