"""Build reliability/resources/reference_scores.json: quantiles of marker scores over news articles.

Scores PTC train and PolNeAR train with the default scorer and stores only numbers (quantiles,
counts, model name): no article text. Rerun whenever an extractor or the model changes.

Usage: python scripts/build_reference.py [--data ../shared/data] [--limit N] [--out PATH]
"""

import argparse
import itertools
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

import reliability
from reliability.corpora import polnear, ptc_articles
from reliability.report import reference

OUT = Path(__file__).resolve().parents[1] / "reliability" / "resources" / reference.RESOURCE

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
ap.add_argument("--limit", type=int, default=None, help="use only the first N articles of each corpus")
ap.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
args = ap.parse_args()


def limited(items):
    return itertools.islice(items, args.limit) if args.limit else items


parts = {
    "ptc_train": ((f"ptc:{i}", t) for i, t in limited(ptc_articles("train", args.data))),
    "polnear_train": ((f"polnear:{a.id}", a.text) for a in limited(polnear.articles("train", args.data))),
}
scorer = reliability.Scorer()
profiles, sources, skipped = [], {}, 0
began = time.perf_counter()
for name, items in parts.items():
    scored = list(scorer.score_many(items))
    usable = [p for p in scored if p.error is None and p.judged]
    skipped += len(scored) - len(usable)
    sources[name] = len(usable)
    profiles.extend(usable)
data = reference.build(profiles, sources)
args.out.write_text(reference.dumps(data), encoding="utf-8")

ref = reference.from_dict(data)
table = Table(title=f"Reference: {data['n_articles']} articles ({skipped} skipped), "
                    f"{time.perf_counter() - began:.0f} s -> {args.out}")
for col in ("score", "p10", "p25", "median", "p75", "p90", "share > 0"):
    table.add_column(col, justify="right" if col != "score" else "left")
for name in (*reliability.MARKER_NAMES, "reliability"):
    values = ref.values(name)
    nonzero = 100 - (ref.percentile(name, 0.0) or 0) * 2 if values else 0
    table.add_row(name, *(f"{ref.quantile(name, q):.3f}" for q in (0.1, 0.25, 0.5, 0.75, 0.9)),
                  f"{max(nonzero, 0):.0f}%")
Console().print(table)
