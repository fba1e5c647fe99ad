"""Benchmark batch scoring and print ONE table (medians quoted).

Rows: articles/s and per-article latency (p50/p95) with 1 and 2 jobs on ~600-word articles (full
profiles with evidence); time against article length (1x, 10x, 100x one article); peak RSS and
rate scoring a generated N-article CSV through the CLI; CLI cold start (median of several fresh
processes); and reference tools in the same run (vaderSentiment sentence by sentence; the NELA
feature extractor where it can run), as ratios to our 1-job rate.

Articles are the seeds and public-corpus articles (PTC) trimmed or joined to ~600 words, read
from the data folder at run time (nothing copied into the project).

    python scripts/bench.py              # full: 400 articles, 100,000-article CSV for RSS
    python scripts/bench.py --quick      # minutes: 60 articles, 2,000-article CSV
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = 600


def articles(n: int, data: Path | None) -> list[str]:
    """Return ``n`` texts of ~600 words: seeds and PTC articles, paragraphs joined or trimmed."""
    sources = sorted((ROOT / "seeds").glob("*.txt"))
    ptc = (data or ROOT.parent / "shared" / "data") / "propaganda" / "ptc2019"
    sources += sorted(ptc.glob("*/articles/*.txt"))  # train/ and dev/; none when the data is absent
    paragraphs = [p for f in sources for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    out, current, count, i = [], [], 0, 0
    while len(out) < n:
        p = paragraphs[i % len(paragraphs)]
        i += 1
        current.append(p)
        count += len(p.split())
        if count >= WORDS:
            out.append("\n\n".join(current))
            current, count = [], 0
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its live children (the loky workers)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def throughput(texts: list[str], jobs: int, tmp: Path) -> tuple[float, float]:
    """Articles/s (wall clock) and CPU ms per article scoring ``texts`` to JSON Lines (full
    profiles) with ``jobs``; CPU time stays meaningful when other work loads the machine."""
    from reliability import batch

    table = tmp / f"bench{jobs}.jsonl"
    table.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n"
                             for i, t in enumerate(texts)), encoding="utf-8")
    warm = tmp / "warm.jsonl"
    warm.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts[:4]), encoding="utf-8")
    # Warm-up: starts the worker pool and builds each worker's scorer, so the timed run is steady.
    list(batch.run([str(warm)], tmp / "warm.out.jsonl", jobs=jobs, chunk_items=1))
    # At least 8 chunks, so both jobs get work even in --quick runs (one chunk is scored in-process).
    chunk = max(1, min(batch.CHUNK_ITEMS, len(texts) // 8))
    t0, c0 = time.perf_counter(), cpu_seconds()
    list(batch.run([str(table)], tmp / f"out{jobs}.jsonl", id_col="id", jobs=jobs, chunk_items=chunk))
    return len(texts) / (time.perf_counter() - t0), 1000 * (cpu_seconds() - c0) / len(texts)


def latencies(texts: list[str]) -> list[float]:
    from reliability.scorer import default_scorer

    scorer = default_scorer()
    out = []
    for t in texts:
        t0 = time.perf_counter()
        scorer.score(t).to_dict()  # full evidence, as the JSON Lines output carries it
        out.append(time.perf_counter() - t0)
    return out


def length_scaling(text: str, reps: int) -> dict[int, float]:
    from reliability.scorer import default_scorer

    scorer = default_scorer()
    out = {}
    for k in (1, 10, 100):
        doc = "\n\n".join([text] * k)
        times = []
        for _ in range(max(1, reps // k)):
            t0 = time.perf_counter()
            scorer.score(doc)
            times.append(time.perf_counter() - t0)
        out[k] = statistics.median(times)
    return out


def tree_memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of ``pid`` and its children, summed (bytes). Summed RSS counts every page
    the processes share (libraries, the interpreter) once per process; PSS splits each shared
    page among its sharers, so its sum is what the tree occupies."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    rss = pss = 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)  # PSS is Linux's; elsewhere RSS stands in
    return rss, pss


def big_csv_run(texts: list[str], n: int, tmp: Path, jobs: int) -> tuple[float, float, float, float]:
    """Score an n-article CSV with the CLI; return (articles/s, max process RSS MB, tree RSS MB,
    tree PSS MB)."""
    import csv

    path = tmp / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for i in range(n):
            w.writerow([f"a{i}", texts[i % len(texts)]])
    cmd = [*cli(), "score", str(path), "--id-col", "id", "-o", str(tmp / "big_out.csv"),
           "-j", str(jobs), "-q"]
    peak = [0, 0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    watcher = threading.Thread(target=lambda: _watch(proc, peak), daemon=True)
    watcher.start()
    proc.wait()
    elapsed = time.perf_counter() - t0
    watcher.join()
    # ru_maxrss of reaped children (and their reaped children) in KB on Linux: the largest one.
    one = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return n / elapsed, one, peak[0] / 2**20, peak[1] / 2**20


def _watch(proc: subprocess.Popen, peak: list[int]) -> None:
    while proc.poll() is None:
        rss, pss = tree_memory(proc.pid)
        peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
        time.sleep(0.2)


def cli() -> list[str]:
    """The ``reliability`` console script installed with this Python, else ``python -m``.

    Not the first one on PATH: that may be a version manager's shim (pyenv's adds 0.15-0.2 s of
    bash to every start here), which is not the command's own cold start.
    """
    beside = Path(sys.executable).parent / "reliability"
    exe = str(beside) if beside.is_file() else shutil.which("reliability")
    return [exe] if exe else [sys.executable, "-m", "reliability"]


def cold_start(text: str, runs: int, tmp: Path) -> float:
    one = tmp / "one.txt"
    one.write_text(text, encoding="utf-8")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([*cli(), "score", str(one)], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def vader_rate(texts: list[str]) -> float | str:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return "cannot run: pip install vaderSentiment"
    analyzer = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    for t in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", t):
            analyzer.polarity_scores(sentence)
    return len(texts) / (time.perf_counter() - t0)


def nela_rate(texts: list[str]) -> float | str:
    try:
        from nela_features.nela_features import NELAFeatureExtractor
    except ImportError:
        return "cannot run: pip install nela-features"
    nela = NELAFeatureExtractor()
    t0 = time.perf_counter()
    try:
        for t in texts:
            nela.extract_all(t)
    except LookupError as exc:
        found = re.search(r"Resource\W+(\w+)", str(exc))
        return f"cannot run: needs nltk data {found.group(1) if found else '(unknown)'}"
    return len(texts) / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, minutes not hours")
    ap.add_argument("--articles", type=int, help="articles per throughput run (400; quick 60)")
    ap.add_argument("--csv-articles", type=int, help="rows of the RSS CSV (100000; quick 2000)")
    ap.add_argument("--cold-runs", type=int, help="fresh processes for cold start (5; quick 3)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="interleaved 1-job / 2-job throughput rounds; the table gives medians (3)")
    ap.add_argument("--data", type=Path, default=os.environ.get("RELIABILITY_DATA"))
    args = ap.parse_args(argv)
    n = args.articles or (60 if args.quick else 400)
    n_csv = args.csv_articles or (2000 if args.quick else 100_000)
    cold_runs = args.cold_runs or (3 if args.quick else 5)
    texts = articles(n, args.data)
    words = statistics.median(len(t.split()) for t in texts)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rate_csv, rss_one, rss_tree, pss_tree = big_csv_run(texts, n_csv, tmp, jobs=2)
        cold = cold_start(texts[0], cold_runs, tmp)
        lat = latencies(texts)
        # Interleaved rounds: on a shared machine one pair of runs can differ by 1.5x either way.
        rounds = [(throughput(texts, 1, tmp), throughput(texts, 2, tmp)) for _ in range(max(1, args.rounds))]
        rate1, cpu1 = (statistics.median(r[0][k] for r in rounds) for k in (0, 1))
        rate2, cpu2 = (statistics.median(r[1][k] for r in rounds) for k in (0, 1))
        speedup = statistics.median(r[1][0] / r[0][0] for r in rounds)
        scale = length_scaling(texts[0], reps=20 if args.quick else 100)
        vader = vader_rate(texts)
        nela = nela_rate(texts[:5])
    rows += [
        ("articles/s, 1 job (CPU ms/article), median", f"{rate1:.1f} ({cpu1:.1f} ms)", ""),
        ("articles/s, 2 jobs (CPU ms/article), median", f"{rate2:.1f} ({cpu2:.1f} ms)", ">= 500"),
        (f"speed-up 2 jobs / 1 job (median of {len(rounds)} rounds)", f"{speedup:.2f}x", ">= 1.6x"),
        ("latency p50 / p95 (1 job)", f"{1000 * pct(lat, .5):.1f} / {1000 * pct(lat, .95):.1f} ms", ""),
        ("time 1x / 10x / 100x one article",
         f"{scale[1] * 1000:.1f} / {scale[10] * 1000:.0f} / {scale[100] * 1000:.0f} ms", ""),
        ("100x article / 1x article", f"{scale[100] / scale[1]:.0f}x", "<= 150x"),
        (f"{n_csv:,}-article CSV, 2 jobs (CLI)", f"{rate_csv:.1f} articles/s", ""),
        ("peak RSS, largest process", f"{rss_one:.0f} MB", "<= 400 MB"),
        ("peak RSS, process tree summed (sampled)", f"{rss_tree:.0f} MB", ""),
        ("peak PSS, process tree (sampled; shared pages once)", f"{pss_tree:.0f} MB", ""),
        (f"CLI cold start, one article (median of {cold_runs})", f"{cold:.2f} s", "<= 1.5 s"),
    ]
    for name, rate in (("vaderSentiment, sentence by sentence", vader), ("NELA features", nela)):
        rows.append((name, f"{rate:.1f} articles/s, ours/theirs {rate1 / rate:.2f}x"
                     if isinstance(rate, float) else rate, "reference"))
    print(f"\nBenchmark: {n} articles (median {words:.0f} words), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"| {'measure'.ljust(width)} | {'value'.ljust(vwidth)} | target |")
    print(f"|{'-' * (width + 2)}|{'-' * (vwidth + 2)}|--------|")
    for name, value, target in rows:
        print(f"| {name.ljust(width)} | {value.ljust(vwidth)} | {target} |")


if __name__ == "__main__":
    main()
