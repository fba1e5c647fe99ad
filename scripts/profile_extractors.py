"""Print per-stage scoring cost (ms/article) over a fixed article sample.

Stages follow :meth:`reliability.scorer.Scorer.analyse` and ``score``: parse (Punkt sentences,
quotes, words), attribution, each marker's extractor, the sentence model (``refine``), article
features and the article model (``predict``). Each stage is timed per article; the table shows
the median and the mean over the sample, and each stage's share of the summed means.

The sample is the first ``--articles`` PTC articles (train, then dev) read through
:mod:`reliability.corpora`, or the seed articles repeated when the data folder is absent.

    python scripts/profile_extractors.py                 # 200 PTC articles, 3 passes
    python scripts/profile_extractors.py --passes 5 --articles 100
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reliability.attribution import find_attributions
from reliability.corpora import DataMissing, ptc_articles
from reliability.features import article_features, marker_scores
from reliability.markers import MARKER_NAMES, REGISTRY
from reliability.scorer import default_scorer
from reliability.text import parse

ROOT = Path(__file__).resolve().parents[1]


def sample(n: int, data: str | None) -> tuple[list[str], str]:
    """The first ``n`` PTC articles (train, then dev), or the seeds repeated without data."""
    texts: list[str] = []
    try:
        for split in ("train", "dev"):
            for _, text in ptc_articles(split, data):
                if len(texts) >= n:
                    break
                texts.append(text)
    except DataMissing:
        texts = []
    if texts:
        return texts, f"{len(texts)} PTC articles"
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return [seeds[i % len(seeds)] for i in range(n)], f"{n} seed articles (seeds repeated; no data)"


def profile_one(text: str, timings: dict[str, list[float]]) -> None:
    """Run every stage on ``text`` once, appending each stage's milliseconds to ``timings``."""
    scorer = default_scorer()
    model = scorer.model

    def timed(name: str, fn: Callable, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        timings.setdefault(name, []).append(1000 * (time.perf_counter() - t0))
        return out

    doc = timed("parse (Punkt, quotes, words)", parse, text)
    atts = timed("attribution", find_attributions, doc)
    evidence = []
    for name in MARKER_NAMES:
        evidence.extend(timed(f"marker: {name}", REGISTRY[name].extract, doc, atts))
    refine = getattr(model, "refine", None)
    signals = None
    if refine is not None:
        evidence, signals = timed("sentence model (refine)", refine, doc, evidence, atts)
    features = timed("article features", article_features, doc, evidence, atts, signals)
    markers = timed("marker scores", marker_scores, features, evidence)
    timed("article model (predict)", model.predict, features, markers, doc.text)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200, help="sample size (200)")
    ap.add_argument("--passes", type=int, default=3,
                    help="passes over the sample; each article keeps its fastest pass (3)")
    ap.add_argument("--data", help="data folder (default: RELIABILITY_DATA or ../shared/data)")
    args = ap.parse_args(argv)
    texts, label = sample(args.articles, args.data)
    for text in texts[:5]:  # warm-up: lexicons, Punkt parameters, model
        profile_one(text, {})
    best: list[dict[str, float]] = [{} for _ in texts]
    for _ in range(args.passes):
        for i, text in enumerate(texts):
            timings: dict[str, list[float]] = {}
            profile_one(text, timings)
            for name, (ms,) in timings.items():
                best[i][name] = min(ms, best[i].get(name, ms))
    names = list(best[0])
    per_stage = {n: [b[n] for b in best] for n in names}
    total = [sum(b.values()) for b in best]
    mean_total = statistics.fmean(total)
    words = statistics.median(len(t.split()) for t in texts)
    print(f"\nPer-stage cost: {label}, median {words:.0f} words, fastest of {args.passes} passes\n")
    width = max(len(n) for n in names + ["total"])
    print(f"| {'stage'.ljust(width)} | median ms | mean ms | share |")
    print(f"|{'-' * (width + 2)}|----------:|--------:|------:|")
    for n in names:
        values = per_stage[n]
        mean = statistics.fmean(values)
        print(f"| {n.ljust(width)} | {statistics.median(values):9.2f} | {mean:7.2f} | "
              f"{100 * mean / mean_total:4.0f}% |")
    print(f"| {'total'.ljust(width)} | {statistics.median(total):9.2f} | {mean_total:7.2f} | 100% |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
