"""Retrain the shipped Punkt sentence-splitter parameters from news text in the data folder.

Usage: python scripts/train_punkt.py [--data ../shared/data]
Writes reliability/resources/punkt_en.json (learned parameters only, no corpus text).
"""

import argparse
import json
from pathlib import Path

from reliability.corpora import news_texts
from reliability.text import train_punkt

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--data", default="../shared/data")
args = ap.parse_args()
params = train_punkt(news_texts(args.data))
out = Path(__file__).resolve().parents[1] / "reliability" / "resources" / "punkt_en.json"
out.write_text(json.dumps(params, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
print(f"wrote {out}: {len(params['abbrev_types'])} abbreviations, {len(params['ortho_context'])} ortho entries")
