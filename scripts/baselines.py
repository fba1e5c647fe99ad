"""Run the TF-IDF + logistic-regression baselines and print one table.

Usage: python scripts/baselines.py [--data ../shared/data] [--splits labels/splits] [--write-splits]

--write-splits (re)writes the split lists (ids, groups, folds; no text) under --splits first;
without it, saved lists are read when present so results are measured on the saved folds.
"""

import argparse
import sys
from pathlib import Path

from reliability.evaluation.baselines import run_all, split_tables

ROOT = Path(__file__).resolve().parents[1]

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
ap.add_argument("--splits", default=str(ROOT / "labels" / "splits"), help="split-list folder")
ap.add_argument("--write-splits", action="store_true", help="write the split lists before running")
ap.add_argument("--jobs", type=int, default=None, help="parallel CV jobs")
args = ap.parse_args()

if args.write_splits:
    out = Path(args.splits)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in split_tables(args.data).items():
        table.to_csv(out / f"{name}.tsv", sep="\t", index=False)
        print(f"wrote {out / name}.tsv ({len(table)} rows)", file=sys.stderr)

table = run_all(args.data, args.splits, args.jobs, progress=lambda t: print(f"running {t}", file=sys.stderr))
print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
