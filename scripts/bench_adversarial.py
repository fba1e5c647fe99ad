"""Time ``reliability.score`` on the adversarial inputs of issue 7 and print ONE table.

Each case (see :mod:`reliability.evaluation.adversarial`) is about 1 MB, built to push one stage
to its worst case; ``single_line_5mb`` is cut to the 1,000,000-character limit. Times are the
median of ``--repeats`` runs, wall clock and CPU, after one warm-up article.

    python scripts/bench_adversarial.py                 # all cases, median of 3
    python scripts/bench_adversarial.py dots said_chain --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import time

import reliability
from reliability.evaluation.adversarial import CASES


def measure(name: str, repeats: int) -> dict:
    """Score case ``name`` ``repeats`` times; return its medians and what the profile says."""
    text = CASES[name]()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        profile = reliability.score(text, id=name)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"case": name, "chars": len(text), "wall_s": statistics.median(walls),
            "cpu_s": statistics.median(cpus), "sentences": len(profile.sentences),
            "warnings": ",".join(profile.warnings) or "-", "error": profile.error or "-"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", metavar="CASE",
                        help=f"cases to run (default: all): {', '.join(CASES)}")
    parser.add_argument("--repeats", type=int, default=3, help="runs per case; the median is shown")
    args = parser.parse_args()
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; choose from {list(CASES)}")
    reliability.score("The council said the plan was ready.")  # load lexicons and model once
    rows = [measure(name, args.repeats) for name in (args.cases or CASES)]
    print(f"{'case':24} {'chars':>9} {'wall s':>7} {'cpu s':>7} {'sentences':>9}  warnings")
    for r in rows:
        print(f"{r['case']:24} {r['chars']:>9,} {r['wall_s']:>7.2f} {r['cpu_s']:>7.2f} "
              f"{r['sentences']:>9,}  {r['warnings']}" + (f"  ERROR {r['error']}" if r["error"] != "-" else ""))
    worst = max(rows, key=lambda r: r["wall_s"])
    print(f"slowest: {worst['case']} {worst['wall_s']:.2f} s wall (median of {args.repeats})")


if __name__ == "__main__":
    main()
