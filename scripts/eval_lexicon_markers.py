"""Score the rule-based hedging (WikiWeasel) and loaded-language (BABE) extractors per sentence.

Usage: python scripts/eval_lexicon_markers.py [--data ../shared/data] [--split all|dev|train]
       [--thresholds 0.2,0.3,0.4,0.5,0.6] [--only hedging|loaded]
"""

import argparse

from reliability.evaluation.lexicon_markers import (DEFAULT_THRESHOLDS, evaluate_hedging,
                                                    evaluate_loaded, format_table)

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
ap.add_argument("--split", default="all", choices=("all", "dev", "train"),
                help="WikiWeasel document-grouped split (fold 0 of 5 = dev)")
ap.add_argument("--thresholds", default=",".join(str(t) for t in DEFAULT_THRESHOLDS),
                help="comma-separated strength thresholds")
ap.add_argument("--only", choices=("hedging", "loaded"), default=None)
args = ap.parse_args()

thresholds = [float(t) for t in args.thresholds.split(",") if t.strip()]
rows = []
if args.only != "loaded":
    rows += evaluate_hedging(args.data, None if args.split == "all" else args.split, thresholds)
if args.only != "hedging":
    for subset in ("SG2", "SG1"):
        rows += evaluate_loaded(args.data, subset, thresholds)
print(format_table(rows))
print("P/R/F1: positive class (uncertain / biased). macroF1: mean F1 of both classes. "
      "A sentence is flagged when its evidence strength >= thr.")
