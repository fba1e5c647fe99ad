"""Print per-marker agreement of `reliability.score` with labels/seeds.tsv.

Usage: python scripts/eval_seeds.py --seeds seeds/ --labels labels/seeds.tsv
"""

from __future__ import annotations

import argparse

import pandas as pd

from reliability.evaluation.seeds import seed_agreement


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, score the seeds and print the agreement table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="seeds/", help="folder of seed articles (*.txt)")
    parser.add_argument("--labels", default="labels/seeds.tsv", help="our sentence labels")
    args = parser.parse_args(argv)

    import reliability  # imported late so --help works while the scorer is still being written

    table = seed_agreement(reliability.score, args.seeds, args.labels)
    with pd.option_context("display.float_format", "{:.2f}".format):
        print(table.to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
