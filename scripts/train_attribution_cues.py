"""Regenerate the attribution cue scorer's weights from PolNeAR train.

Usage: python scripts/train_attribution_cues.py [--data ../shared/data] [--out PATH]
(default out: reliability/resources/attribution_cue_weights.tsv)
"""

import argparse
from pathlib import Path

from reliability.attribution_cues import WEIGHTS_FILE
from reliability.corpora import polnear
from reliability.training.attribution_cues import train, write_weights

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "reliability" / "resources" / WEIGHTS_FILE))
args = ap.parse_args()

weights = train(polnear.articles("train", args.data))
write_weights(weights, args.out)
print(f"{len(weights)} weights written to {args.out}")
