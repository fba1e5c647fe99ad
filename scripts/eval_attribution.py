"""Score the attribution finder on PolNeAR (cue P/R/F1 by overlap, source-found rate).

Usage: python scripts/eval_attribution.py [--split dev] [--data ../shared/data] [--limit N]
"""

import argparse
import itertools

from rich.console import Console
from rich.table import Table

from reliability.corpora import polnear
from reliability.evaluation.attribution import evaluate

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--split", default="dev", choices=("train", "dev"))
ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
args = ap.parse_args()

arts = polnear.articles(args.split, args.data)
scores = evaluate(itertools.islice(arts, args.limit) if args.limit else arts)
table = Table(title=f"PolNeAR {args.split}: attribution finder")
table.add_column("metric")
table.add_column("value", justify="right")
for name, value in scores.rows():
    table.add_row(name, value)
Console().print(table)
