"""Score the shipped loaded-language marker on BASIL's lexical bias (a corpus no head trained on),
beside a TF-IDF + LR baseline trained on BASIL in event-grouped folds.

Usage: python scripts/eval_basil.py [--data ../shared/data]
"""

import argparse

from rich.console import Console
from rich.table import Table

from reliability.corpora import data_dir
from reliability.evaluation.loaded_transfer import FOLDS, evaluate
from reliability.scorer import Scorer

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
args = ap.parse_args()

out = evaluate(data_dir(args.data), Scorer())
table = Table(title=f"BASIL lexical bias: {out['articles']} articles, {out['sentences']} sentences, "
                    f"{out['positives']} positive")
for col in ("model", "precision", "recall", "F1", "flagged"):
    table.add_column(col, justify="left" if col == "model" else "right")
for name, key in (("ours (never trained on BASIL)", "ours"),
                  (f"TF-IDF + LR on BASIL, {FOLDS} event-grouped folds", "tfidf_baseline_in_domain")):
    s = out[key]
    table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["flagged"]))
Console().print(table)
