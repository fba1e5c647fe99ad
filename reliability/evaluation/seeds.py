"""Agreement of the marker extractors with our own sentence labels for the seed articles.

``labels/seeds.tsv`` lists, for each seed article, the sentences we judged to show a marker
(one row per sentence and marker); every sentence not listed was judged negative. Here we score
each article, read which sentences the profile flags, and count agreement per marker at the
sentence level.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from reliability.evaluation import f1_of

MARKERS: tuple[str, ...] = ("hedging", "unsourced_allegations", "loaded_language", "internal_contradictions")
CONTRADICTIONS = "internal_contradictions"

#: A sentence is identified by its article and its start offset.
SentenceKey = tuple[str, int]
ScoreFn = Callable[[str, str], Any]


def read_seed_labels(labels_path: str | os.PathLike) -> dict[str, set[SentenceKey]]:
    """Read ``labels/seeds.tsv`` into ``{marker: {(article_id, start), ...}}``.

    Lines starting with ``#`` are comments. Every marker of :data:`MARKERS` is present in the
    result, possibly with an empty set.

    Raises:
        ValueError: A row names a marker we do not know.
    """
    positives: dict[str, set[SentenceKey]] = {m: set() for m in MARKERS}
    with open(labels_path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            marker = row["marker"]
            if marker not in positives:
                raise ValueError(f"unknown marker {marker!r} in {labels_path}")
            positives[marker].add((row["article_id"], int(row["start"])))
    return positives


def _as_score_fn(scorer_or_score_fn: Any) -> ScoreFn:
    """Accept either a ``Scorer``-like object with ``.score`` or a plain callable."""
    score = getattr(scorer_or_score_fn, "score", None)
    if callable(score):
        return lambda text, id_: score(text, id=id_)
    if callable(scorer_or_score_fn):
        return lambda text, id_: scorer_or_score_fn(text, id_)
    raise TypeError("expected a callable score(text, id) or an object with a .score method")


def predicted_sentences(article_id: str, profile: Any) -> dict[str, set[SentenceKey]]:
    """Return the sentences a profile flags, per marker.

    A sentence counts as predicted for a marker when the profile has evidence of that marker
    starting at the sentence. For contradictions the other sentence of the pair
    (``evidence.related``) counts too, because we label both sentences of a contradicting pair.
    """
    out: dict[str, set[SentenceKey]] = {m: set() for m in MARKERS}
    for ev in getattr(profile, "evidence", ()) or ():
        out.setdefault(ev.marker, set()).add((article_id, int(ev.start)))
        related = getattr(ev, "related", None)
        if ev.marker == CONTRADICTIONS and related is not None:
            out[CONTRADICTIONS].add((article_id, int(related.start)))
    return out


def agreement_table(gold: dict[str, set[SentenceKey]], pred: dict[str, set[SentenceKey]],
                    markers: Iterable[str] = MARKERS) -> pd.DataFrame:
    """Per-marker precision, recall, F1 and support from sets of sentence keys.

    Precision is 0 when nothing is predicted and recall 0 when nothing is labelled (rather than
    undefined) so the table is always numeric; ``predicted`` and ``support`` show why.
    """
    rows = []
    for m in markers:
        g, p = gold.get(m, set()), pred.get(m, set())
        tp = len(g & p)
        precision = tp / len(p) if p else 0.0
        recall = tp / len(g) if g else 0.0
        f1 = f1_of(precision, recall)
        rows.append({"marker": m, "precision": precision, "recall": recall, "f1": f1,
                     "tp": tp, "predicted": len(p), "support": len(g)})
    return pd.DataFrame(rows).set_index("marker")


def seed_agreement(scorer_or_score_fn: Any, seeds_dir: str | os.PathLike,
                   labels_path: str | os.PathLike) -> pd.DataFrame:
    """Measure the extractors against our sentence labels of the seed articles.

    Args:
        scorer_or_score_fn: ``score(text, id) -> Profile`` (e.g. :func:`reliability.score`) or an
            object with a ``score(text, id=...)`` method (e.g. ``reliability.Scorer()``).
        seeds_dir: Folder with the seed articles ``<article_id>.txt``.
        labels_path: ``labels/seeds.tsv``.

    Returns:
        A DataFrame indexed by marker with ``precision``, ``recall``, ``f1``, ``tp``,
        ``predicted`` and ``support`` (number of labelled sentences).

    Raises:
        FileNotFoundError: No seed articles in ``seeds_dir``.
    """
    score = _as_score_fn(scorer_or_score_fn)
    files = sorted(Path(seeds_dir).glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed articles (*.txt) in {seeds_dir}")
    gold = read_seed_labels(labels_path)
    # Only articles we actually scored can be compared; labels for absent files are ignored.
    ids = {f.stem for f in files}
    gold = {m: {k for k in keys if k[0] in ids} for m, keys in gold.items()}
    pred: dict[str, set[SentenceKey]] = {m: set() for m in MARKERS}
    for f in files:
        profile = score(f.read_text(encoding="utf-8"), f.stem)
        for m, keys in predicted_sentences(f.stem, profile).items():
            pred.setdefault(m, set()).update(keys)
    return agreement_table(gold, pred)
