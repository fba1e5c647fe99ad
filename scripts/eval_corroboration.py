"""Print the cross-source corroboration measurements on PTC (false findings, perturbed recall, timing).

Usage: python scripts/eval_corroboration.py --split dev [--data ../shared/data] [--seed 0] [--timing]
"""

from __future__ import annotations

import argparse
import sys

from reliability.corpora import DataMissing
from reliability.evaluation.corroboration import (
    PERTURBATIONS,
    analyse_split,
    perturbed,
    timing,
    unrelated,
)


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print one table each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev"))
    ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kinds", nargs="*", default=list(PERTURBATIONS), choices=PERTURBATIONS)
    ap.add_argument("--groups", action="store_true", help="list the article ids of every story group")
    ap.add_argument("--misses", action="store_true", help="list article ids of missed perturbations")
    ap.add_argument("--timing", action="store_true", help="also time corroboration of train+dev (up to 400 articles)")
    args = ap.parse_args(argv)
    try:
        ids, analyses = analyse_split(args.split, args.data)
        if args.timing:
            _, extra = analyse_split("train" if args.split == "dev" else "dev", args.data)
    except DataMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    u = unrelated(ids, analyses)
    print(f"PTC {args.split}: all {u['articles']} articles corroborated together ({u['seconds']:.2f} s)")
    print(f"{'alarming per article':<28}{u['alarms_per_article']:>8.3f}   (headline false-alarm rate)\n"
          f"{'alarming findings':<28}{u['alarms']:>8}\n{'findings (alarm + note)':<28}{u['findings']:>8}\n"
          f"{'findings per article':<28}{u['per_article']:>8.3f}\n{'story groups':<28}{u['groups']:>8}\n"
          f"{'articles in a group':<28}{u['grouped']:>8}\n{'largest group':<28}{u['largest']:>8}")
    for (kind, level), n in sorted(u["by_kind"].items()):
        print(f"  {kind + ' (' + level + ')':<26}{n:>8}")
    if args.groups:
        for g in u["members"]:
            print("  group:", ", ".join(g))
    print(f"\nPerturbed copies (seed {args.seed}): each article paired with a changed copy of itself")
    print(f"{'change':<14}{'cases':>7}{'recall':>9}{'false/case':>12}")
    for r in perturbed(ids, analyses, args.kinds, args.seed):
        recall = "-" if r["recall"] != r["recall"] else f"{r['recall']:.3f}"
        print(f"{r['kind']:<14}{r['cases']:>7}{recall:>9}{r['false']:>12.3f}")
        if args.misses and r["misses"]:
            print("    missed:", ", ".join(r["misses"]))
    if args.timing:
        print(f"\n{'articles':>9}{'findings':>10}{'seconds':>9}")
        for r in timing(analyses + extra):
            print(f"{r['articles']:>9}{r['findings']:>10}{r['seconds']:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
