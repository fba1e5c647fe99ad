"""Training tables built from the public corpora and our own labels.

Each sentence task gives a table with ``text``, ``label``, ``group`` (the unit that must never
straddle train and test: document, outlet or article), ``split`` (``train``/``dev``/``test``
where the corpus has one) and the rule features our extractors compute for that sentence in its
article context. Nothing here is saved: tables are rebuilt from the data folder on every run,
so no corpus text enters the project.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from reliability import config
from reliability.attribution import find_attributions
from reliability.corpora import babe, data_dir, ptc, ptc_articles, wikiweasel
from reliability.corpora.articles import articles, titled_text
from reliability.markers import extract_all
from reliability.sentence_columns import rule_matrix
from reliability.text import parse

LABELS_DIR = Path(__file__).resolve().parents[2] / "labels"

#: Article-level sets the article model trains on and is measured on.
ARTICLE_SETS = ("hyperpartisan2019", "fakenewsnet2017", "horne2017")
#: Sets that only add training rows. golbeck2018 is fake vs satire: with satire dropped (it is
#: not unreliable reporting) it holds one class, so it has no AUC of its own and stays out of
#: the calibrator (training.fit.MeasuredRowCalibration); its fake articles still teach the
#: classifier what fabricated news reads like (models/MODEL_CARD.md).
TRAINING_ONLY_SETS = ("golbeck2018",)
#: Words, for near-duplicate shingles.
_WORDS = re.compile(r"\w+")


def fingerprint(parts: Iterable[str]) -> str:
    """Return a sha256 over strings (the training-input hash recorded in the model sidecar)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def doc_rules(text: str) -> tuple[object, np.ndarray]:
    """Parse ``text`` and return ``(doc, rule feature matrix)`` from the rule extractors."""
    doc = parse(text)
    attributions = find_attributions(doc)
    return doc, rule_matrix(doc, extract_all(doc, attributions), attributions)


def _sentence_rules(texts: Iterable[str]) -> np.ndarray:
    """Rule features of stand-alone sentences (corpora that give no article context)."""
    rows = []
    for t in texts:
        _doc, rules = doc_rules(t)
        # A stand-alone sentence may still split in two: keep the strongest value per column.
        rows.append(rules.max(axis=0) if len(rules) else np.zeros(rules.shape[1]))
    return np.vstack(rows)


def _frame(texts, labels, groups, splits, rules) -> pd.DataFrame:
    df = pd.DataFrame({"text": list(texts), "label": np.asarray(labels, dtype=int),
                       "group": list(groups), "split": list(splits)})
    df.attrs["rules"] = np.asarray(rules)
    return df


def hedging_sentences(data=None) -> pd.DataFrame:
    """WikiWeasel sentences: uncertain (has a cue) or not; grouped by document, fold 0 is dev."""
    sents = [s for s in wikiweasel.read_sentences(data) if s.text.strip()]
    texts = [s.text for s in sents]
    return _frame(texts, [s.uncertain for s in sents], [s.doc_id for s in sents],
                  [wikiweasel.split_of(s.doc_id) for s in sents], _sentence_rules(texts))


def loaded_sentences(data=None) -> pd.DataFrame:
    """BABE sentences (SG2 and SG1, deduplicated): biased or not; grouped by outlet.

    Besides the common columns, ``biased_words`` holds the words the experts marked.
    """
    seen: set[str] = set()
    rows = []
    for subset in ("SG2", "SG1"):
        for s in babe.read_sentences(subset, data):
            if s.biased is None or s.text in seen:
                continue
            seen.add(s.text)
            rows.append(s)
    texts = [s.text for s in rows]
    df = _frame(texts, [s.biased for s in rows], [s.outlet for s in rows],
                ["train"] * len(rows), _sentence_rules(texts))
    # The experts' word marks: a training signal for the word-bias rates, never an input.
    df["biased_words"] = [s.biased_words for s in rows]
    return df


def _article_sentence_table(items: Iterable[tuple[str, str, str, dict[int, int]]]) -> pd.DataFrame:
    """Sentences of whole articles with labels by sentence index.

    Args:
        items: ``(article_id, text, split, {sentence index: label})``; sentences missing from
            the dict are skipped.
    """
    texts, labels, groups, splits, rules = [], [], [], [], []
    for article_id, text, split, labelled in items:
        doc, r = doc_rules(text)
        for i, y in labelled.items():
            s = doc.sentences[i]
            texts.append(text[s.start:s.end])
            labels.append(y)
            groups.append(article_id)
            splits.append(split)
            rules.append(r[i])
    return _frame(texts, labels, groups, splits, np.vstack(rules) if rules else np.zeros((0, 1)))


def propaganda_sentences(column: str = "propaganda", data=None) -> pd.DataFrame:
    """PTC sentences (train and dev), labelled by any technique (or ``loaded_family``)."""
    def items():
        for split in ("train", "dev"):
            table = ptc.sentences(split, data)
            texts = dict(ptc_articles(split, data))
            for article_id, g in table.groupby("article_id", sort=True):
                keep = g[~g["boilerplate"]]
                yield article_id, texts[article_id], split, dict(zip(keep["sentence"], keep[column].astype(int)))
    return _article_sentence_table(items())


def loaded_family_sentences(data=None) -> pd.DataFrame:
    """PTC sentences (train and dev) labelled by the loaded family of techniques.

    Loaded language, name-calling, exaggeration and appeals to fear (``ptc.LOADED_FAMILY``):
    the loaded-language marker's second source next to BABE, in whole articles.
    """
    return propaganda_sentences("loaded_family", data)


def allegation_sentences(data=None, labels_path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Our allegation set: positive = allegation or strong claim with no identifiable source."""
    root = data_dir(data)
    path = Path(labels_path or LABELS_DIR / "allegations.tsv")
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    by_article: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        by_article.setdefault((r["corpus"], r["article_id"]), []).append(r)

    def items():
        for (corpus, article_id), rs in sorted(by_article.items()):
            text = _labelled_article_text(root, corpus, article_id)
            doc = parse(text)
            labelled = {}
            for r in rs:
                i = doc.sentence_at(int(r["start"]))
                if i is None:
                    continue
                positive = r["label"] in ("allegation", "strong_claim") and \
                    r["source_kind"] in ("none", "vague", "anonymous")
                labelled[i] = int(positive)
            yield f"{corpus}/{article_id}", text, rs[0]["split"], labelled
    return _article_sentence_table(items())


def _labelled_article_text(root: Path, corpus: str, article_id: str) -> str:
    if corpus == "ptc":
        for split in ("train", "dev"):
            p = root / "propaganda" / "ptc2019" / split / "articles" / f"{article_id}.txt"
            if p.exists():
                return p.read_text(encoding="utf-8")
    else:
        for split in ("train", "dev"):
            p = root / "attribution" / "polnear" / split / "text" / f"{article_id}.txt"
            if p.exists():
                return p.read_text(encoding="utf-8")
    raise FileNotFoundError(f"{corpus} article {article_id} not found under {root}")


def article_table(data=None, sets: Iterable[str] = ARTICLE_SETS,
                  training_only: Iterable[str] = TRAINING_ONLY_SETS) -> pd.DataFrame:
    """Article-level sets with harmonised labels; text = title + body.

    ``group`` is the outlet domain wherever the corpus names one, so an outlet found in two
    corpora is one group and grouped folds never split it; other groups stay ``<set>:<name>``
    (Horne's collections, FakeNewsNet's ``unknown``, Golbeck rows without a URL).
    ``training_only`` sets come after ``sets``, less every article that repeats one of
    ``sets`` (:func:`near_duplicates`): the same fake stories circulate between corpora, and a
    copy in the training rows would leak a test article.
    """
    frames = [_article_frame(name, data) for name in sets]
    measured = pd.concat(frames, ignore_index=True)
    extra = [_article_frame(name, data) for name in training_only]
    if extra:
        extra_rows = pd.concat(extra, ignore_index=True)
        frames.append(extra_rows[~near_duplicates(extra_rows["text"], measured["text"])])
    return pd.concat(frames, ignore_index=True)


def measured_rows(table: pd.DataFrame) -> np.ndarray:
    """Boolean mask of the rows every metric counts: real articles of ``ARTICLE_SETS``.

    The rest are training rows only: synthetic contradiction copies
    (:mod:`reliability.training.augment`) and ``TRAINING_ONLY_SETS``.
    """
    return table["dataset"].isin(ARTICLE_SETS).to_numpy()


def _article_frame(name: str, data) -> pd.DataFrame:
    df = articles(name, data, satire="drop").copy()
    df["dataset"] = name
    df["group"] = [g if "." in g and not g.startswith("row:") else f"{name}:{g}"
                   for g in df["group"].astype(str)]
    df["text"] = titled_text(df)
    return df[["id", "dataset", "text", "label", "group"]]


def _shingles(text: str) -> set[str]:
    words = _WORDS.findall(text.lower())
    n = config.DUPLICATE_SHINGLE
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def near_duplicates(candidates: Iterable[str], reference: Iterable[str]) -> np.ndarray:
    """Boolean mask of ``candidates`` sharing over ``config.DUPLICATE_OVERLAP`` of their word
    shingles with the ``reference`` texts (a candidate with no shingle is kept out too)."""
    seen = set().union(*map(_shingles, reference))
    out = []
    for text in candidates:
        own = _shingles(text)
        out.append(not own or len(own & seen) / len(own) > config.DUPLICATE_OVERLAP)
    return np.array(out, dtype=bool)
