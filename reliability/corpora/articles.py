"""Article-level reliability corpora with one harmonised label and an outlet group key.

``label`` is 1 for the unreliable side (hyperpartisan, fake) and 0 for the other; ``kind`` keeps
the corpus's own class name. ``group`` is the outlet (see :func:`~reliability.corpora.sources.outlet_key`)
wherever one can be derived honestly: labels in these sets are largely outlet-derived, so
cross-validation must be grouped by it (``GroupKFold``) or it measures outlet recognition.
Fields that name the outlet (url, source) are used for ``group`` and then dropped: a model sees
only ``title`` and ``text``.

Per corpus:

* ``hyperpartisan2019`` (SemEval-2019 Task 4, by-article): ``hyperpartisan=true`` -> 1, false -> 0.
  group = outlet of the ground-truth url. Body HTML is reduced to text, one ``<p>`` a line.
* ``fakenewsnet2017`` (BuzzFeed + PolitiFact): fake -> 1, real -> 0. group = outlet of ``source``
  (or ``url``); shortlinks that name one outlet (politi.co, cnn.it, abcn.ws) are resolved; rows
  with neither field share one group ``"unknown"`` (conservative: they can never be split apart).
  Two fake rows have empty text and two more a tiny site-down stub; they are kept as published.
* ``horne2017`` (Horne & Adali 2017): fake -> 1, real -> 0, satire dropped by default. There is
  NO per-article outlet field, so group = the sub-collection (``buzzfeed`` / ``random``): the only
  honest grouping available, giving a 2-way cross-collection test. Any finer CV on this set is
  ungrouped and therefore optimistic.
* ``golbeck2018`` (Golbeck et al. 2018): fake -> 1, satire -> 0 by default (the paper's task:
  fake vs satire; there is no reliable class). Only ``status == "final"`` rows (the paper's set,
  all with a URL) unless ``include_unvetted``; group = outlet of the article URL, and rows without
  one get a group of their own (``"row:<id>"``).

``satire`` chooses what satire becomes: ``"drop"``, ``"negative"`` (0) or ``"positive"`` (1);
``None`` uses the corpus default above. Satire is not unreliable reporting, which is why neither
corpus makes it positive by default.
"""

from __future__ import annotations

import gzip
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from reliability.corpora import DataMissing, data_dir
from reliability.corpora.sources import outlet_key

NAMES = ("hyperpartisan2019", "fakenewsnet2017", "horne2017", "golbeck2018")
COLUMNS = ["id", "title", "text", "label", "kind", "group"]
SATIRE_DEFAULT = {"horne2017": "drop", "golbeck2018": "negative"}
UNKNOWN_GROUP = "unknown"


def articles(name: str, data: str | os.PathLike | None = None, satire: str | None = None,
             include_unvetted: bool = False) -> pd.DataFrame:
    """Read one article corpus.

    Args:
        name: One of ``NAMES``.
        data: Data folder (default ``$RELIABILITY_DATA`` or ``../shared/data``).
        satire: ``drop`` / ``negative`` / ``positive``, or None for the corpus default.
        include_unvetted: golbeck2018 only: keep the ``ditched``/``rejected`` rows too.

    Returns:
        Columns ``id`` (str, unique), ``title`` (may be empty), ``text``, ``label`` (int 0/1),
        ``kind`` (the corpus's class name), ``group`` (outlet key, never empty), plus ``subset``
        for fakenewsnet2017/horne2017 (buzzfeed / politifact / random).

    Raises:
        DataMissing: The corpus is not in the data folder.
        ValueError: Unknown ``name`` or ``satire`` value.
    """
    if name not in NAMES:
        raise ValueError(f"unknown article corpus {name!r}; choose from {NAMES}")
    if satire not in (None, "drop", "negative", "positive"):
        raise ValueError(f"satire must be drop, negative or positive, not {satire!r}")
    folder = data_dir(data) / "articles" / name
    if not folder.is_dir():
        raise DataMissing(f"{name} not found under {folder}")
    if name == "hyperpartisan2019":
        df = _hyperpartisan(folder)
    elif name == "fakenewsnet2017":
        df = _fakenewsnet(folder)
    elif name == "horne2017":
        df = _horne(folder)
    else:
        df = _golbeck(folder, include_unvetted)
    df = _apply_satire(df, satire or SATIRE_DEFAULT.get(name, "drop"))
    return df.reset_index(drop=True)


def titled_text(df: pd.DataFrame) -> pd.Series:
    """Each article's text as the article model reads it: title, a blank line, then the body
    (the body alone when there is no title)."""
    title = df["title"].fillna("").astype(str)
    body = df["text"].fillna("").astype(str)
    return (title + "\n\n" + body).where(title.str.strip() != "", body)


def _apply_satire(df: pd.DataFrame, satire: str) -> pd.DataFrame:
    is_satire = df["kind"] == "satire"
    if satire == "drop":
        return df[~is_satire].copy()
    df = df.copy()
    df.loc[is_satire, "label"] = 1 if satire == "positive" else 0
    df["label"] = df["label"].astype(int)
    return df


def _element_text(el: ET.Element) -> str:
    """Text of an article element with one line per ``<p>`` and inline markup flattened."""
    parts = [el.text or ""]
    for child in el:
        inner = "".join(child.itertext())
        parts.append(f"\n{inner}\n" if child.tag == "p" else inner)
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def _hyperpartisan(folder: Path) -> pd.DataFrame:
    truth = {}
    with gzip.open(folder / "ground-truth-training-byarticle-20181122.xml.gz", "rb") as f:
        for _, el in ET.iterparse(f):
            if el.tag == "article":
                truth[el.get("id")] = (el.get("hyperpartisan") == "true", el.get("url"))
                el.clear()
    rows = []
    # Streamed: the article file is large; each element is dropped once read.
    with gzip.open(folder / "articles-training-byarticle-20181122.xml.gz", "rb") as f:
        for _, el in ET.iterparse(f):
            if el.tag == "article":
                hyper, url = truth[el.get("id")]
                rows.append((el.get("id"), el.get("title") or "", _element_text(el), int(hyper),
                             "hyperpartisan" if hyper else "mainstream", outlet_key(url) or UNKNOWN_GROUP))
                el.clear()
    return pd.DataFrame(rows, columns=COLUMNS)


def _fakenewsnet(folder: Path) -> pd.DataFrame:
    raw = pd.read_json(folder / "articles.jsonl.gz", lines=True, dtype=False)
    where = raw["source"].where(raw["source"].notna(), raw["url"])
    return pd.DataFrame({
        "id": raw["id"].astype(str),
        "title": raw["title"].fillna(""),
        "text": raw["text"].fillna(""),
        "label": (raw["label"] == "fake").astype(int),
        "kind": raw["label"],
        "group": where.map(lambda u: outlet_key(u) or UNKNOWN_GROUP),
        "subset": raw["dataset"],
    })


def _horne(folder: Path) -> pd.DataFrame:
    raw = pd.read_csv(folder / "articles.csv", dtype=str, keep_default_na=False)
    return pd.DataFrame({
        "id": raw["dataset"] + ":" + raw["file_id"],
        "title": raw["title"],
        "text": raw["body"],
        "label": (raw["label"] == "fake").astype(int),
        "kind": raw["label"],
        # No outlet field exists; the sub-collection is the coarsest honest group (module doc).
        "group": raw["dataset"],
        "subset": raw["dataset"],
    })


def _golbeck(folder: Path, include_unvetted: bool) -> pd.DataFrame:
    raw = pd.read_csv(folder / "articles.csv", dtype={"article_number": str})
    if not include_unvetted:
        raw = raw[raw["status"] == "final"]
    # article_number repeats across fake/satire folders, so the id carries the class and status.
    ids = raw["label"] + ":" + raw["status"] + ":" + raw["article_number"]
    urls = raw["URL of article"]
    groups = [outlet_key(u) or f"row:{i}" for u, i in zip(urls, ids)]
    return pd.DataFrame({
        "id": ids.to_numpy(),
        "title": "",
        "text": raw["text"].fillna("").to_numpy(),
        "label": (raw["label"] == "fake").astype(int).to_numpy(),
        "kind": raw["label"].to_numpy(),
        "group": groups,
    })
