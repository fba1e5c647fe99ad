"""Print the synthetic internal-contradictions benchmark table (ContraDoc-style).

Usage: python scripts/eval_contradictions.py --split dev [--data ../shared/data] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reliability.corpora import DataMissing
from reliability.evaluation.contradictions import (
    PER_ARTICLE,
    TRANSFORMS,
    evaluate,
    timing,
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one row per transformation."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev"))
    ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-article", type=int, default=PER_ARTICLE)
    ap.add_argument("--kinds", nargs="*", default=list(TRANSFORMS), choices=TRANSFORMS)
    ap.add_argument("--misses", action="store_true", help="list article ids of missed cases")
    ap.add_argument("--timing", metavar="FILE", nargs="?", const=str(Path(__file__).parents[1] / "seeds"),
                    help="instead, time the extractor on FILE (default: the seed articles) repeated 1x, 10x, 100x")
    args = ap.parse_args(argv)
    if args.timing:
        path = Path(args.timing)
        text = "\n\n".join(f.read_text(encoding="utf-8") for f in sorted(path.glob("*.txt"))) \
            if path.is_dir() else path.read_text(encoding="utf-8")
        print(f"{'repeat':>7}{'copies':>10}{'chars':>11}{'sentences':>11}{'parse s':>10}{'extract s':>11}")
        for r in timing(text):
            print(f"{r['factor']:>7}{r['mode']:>10}{r['chars']:>11}{r['sentences']:>11}"
                  f"{r['parse_s']:>10.3f}{r['extract_s']:>11.3f}")
        return 0
    try:
        rows = evaluate(args.split, args.data, args.seed, args.per_article, args.kinds)
    except DataMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"PTC {args.split}, seed {args.seed}; targets: pair recall >= 0.80, false alarm <= 0.10")
    print(f"{'transformation':<34}{'articles':>9}{'cases':>7}{'pair recall':>13}{'false alarm':>13}")
    for r in rows:
        recall = "-" if r["cases"] == 0 else f"{r['pair_recall']:.3f}"
        print(f"{r['kind']:<34}{r['articles']:>9}{r['cases']:>7}{recall:>13}{r['false_alarm']:>13.3f}")
        if args.misses and r["misses"]:
            print("    missed:", ", ".join(sorted({a for a, _ in r["misses"]})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
