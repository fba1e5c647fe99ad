"""Articles whose outlet is known, from the article corpora, and their scores (for outlet ratings).

:func:`rated_articles` gathers ``corpus, id, outlet, trained, text`` from the corpora that name
each article's outlet: hyperpartisan2019, fakenewsnet2017 and golbeck2018 (:data:`TRAINED_CORPORA`:
the shipped article model was trained on them, golbeck2018's fake articles as training-only rows,
models/MODEL_CARD.md) and PolNeAR and BASIL (:data:`UNSEEN_CORPORA`: never article-level
training data). PolNeAR file-name prefixes
and BASIL outlet codes become outlet domains through :data:`POLNEAR_OUTLETS` and
:data:`BASIL_OUTLETS`. :func:`score_articles` scores them with a cache of flat rows (no text).
:mod:`reliability.evaluation.sources` compares the resulting outlet profiles with the ratings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from reliability.corpora import basil, data_dir
from reliability.corpora.articles import articles as corpus_articles

#: Article corpora the shipped article model was trained on (models/MODEL_CARD.md, "Data and splits").
TRAINED_CORPORA = ("hyperpartisan2019", "fakenewsnet2017", "golbeck2018")
#: Article corpora it never saw at article level.
UNSEEN_CORPORA = ("polnear", "basil")
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
    # Title + body, as the article model was trained (reliability.training.datasets.article_table).
    title = df["title"].fillna("").astype(str)
    text = np.where(title.str.strip() != "", title + "\n\n" + df["text"], df["text"])
    outlet = df["group"].where(~df["group"].str.startswith("row:"), "")
    return pd.DataFrame({"corpus": name, "id": df["id"], "outlet": outlet, "text": text})


def score_articles(articles: pd.DataFrame, cache: str | os.PathLike | None = None,
                   scorer=None) -> pd.DataFrame:
    """Return flat score rows (:meth:`Profile.to_row`) plus ``corpus``, ``outlet``, ``trained``.

    Args:
        articles: As from :func:`rated_articles`.
        cache: CSV of rows already scored (read if present, then rewritten with the new rows).
            Rows are keyed by corpus and id; use one file per model. Holds no article text.
        scorer: A :class:`reliability.Scorer` (default: the shipped one).
    """
    from reliability.scorer import default_scorer

    key = ["corpus", "id"]
    done = pd.read_csv(cache, dtype={"id": str}) if cache and Path(cache).is_file() else None
    todo = articles
    if done is not None:
        seen = set(zip(done["corpus"], done["id"].astype(str)))
        todo = articles[[(c, str(i)) not in seen for c, i in zip(articles["corpus"], articles["id"])]]
    scorer = scorer or default_scorer()
    fresh = pd.DataFrame([p.to_row() for p in scorer.score_many(zip(todo["id"].astype(str), todo["text"]))])
    if len(fresh):
        fresh.insert(0, "corpus", todo["corpus"].to_numpy())
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
