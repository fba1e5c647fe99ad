"""Compare outlet profiles from the shipped model with independent outlet ratings.

Usage: python scripts/eval_sources.py --data ../shared/data [--limit 300] [--cache /tmp/x.csv] [--card]

Scores every article whose outlet is known (PolNeAR and BASIL never trained on; golbeck2018,
whose fake articles train the article model, scored by the model refitted without them;
hyperpartisan2019 and fakenewsnet2017 trained on), caching the flat rows (no text) under
--cache, and prints Spearman correlations, three-class accuracy and the settling table per pool.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def default_cache() -> Path:
    """A per-model cache file in the temp folder (rows hold scores and ids, never text)."""
    from reliability.modelfile import sha256_file, shipped_model_path

    digest = sha256_file(shipped_model_path())[:12]
    return Path(tempfile.gettempdir()) / "reliability-eval-sources" / f"rows-{digest}.csv"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, score (or reuse cached scores), measure and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
    parser.add_argument("--limit", type=int, default=None,
                        help="at most this many articles per corpus, a seeded sample (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample, halvings and repeats")
    parser.add_argument("--cache", type=Path, default=None, help="CSV cache of scored rows (default: in the temp folder)")
    parser.add_argument("--card", action="store_true", help="also print the model-card section (Markdown)")
    args = parser.parse_args(argv)

    from reliability.corpora.rated import rated_articles, score_articles
    from reliability.evaluation.sources import card_section, evaluate, outlet_ratings
    from reliability.model import default_model
    from reliability.training.train import held_out_scorers

    started = time.monotonic()
    articles = rated_articles(args.data, limit=args.limit, seed=args.seed)
    held_out = held_out_scorers(default_model(), data=args.data)
    rows = score_articles(articles, cache=args.cache or default_cache(), held_out=held_out)
    print(f"scored {len(rows)} articles in {time.monotonic() - started:.0f} s", file=sys.stderr)
    results = evaluate(rows, outlet_ratings(args.data), seed=args.seed)
    results["limit"] = args.limit
    with pd.option_context("display.float_format", "{:.3f}".format, "display.width", 200,
                           "display.max_columns", 30):
        for name in ("pools", "correlation", "accuracy", "settling"):
            print(f"\n== {name} ==")
            print(results[name].to_string(index=False))
    print(f"\nLin pc1 cut points (MBFC class shares): {results['lin_cutpoints']}")
    if args.card:
        print("\n" + card_section(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
