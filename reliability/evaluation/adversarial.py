"""Adversarial inputs for the time bound of issue 7: each about 1 MB, built to stress one stage.

Every case is a text a crawler could plausibly bring back (or an attacker could send) that pushes
one part of the pipeline to its worst case: one word with no break, brackets nested a million
deep, quote marks with nothing between them, attribution cues chained without end, numbers and
dots in long runs. ``tests/test_adversarial.py`` scores each under a time ceiling;
``scripts/bench_adversarial.py`` prints their times.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
#: Characters per adversarial case: the scorer's own limit (``config.MAX_CHARS``), the worst an
#: article can be after truncation.
SIZE = 1_000_000
#: The single-line case that must be truncated: five times the limit.
HUGE_SIZE = 5_000_000


def _fill(unit: str, size: int = SIZE) -> str:
    """Repeat ``unit`` up to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _counting(sep: str, size: int = SIZE) -> str:
    """``1 2 3 ...`` (with ``sep`` between numbers) up to exactly ``size`` characters."""
    parts, total, n = [], 0, 0
    while total < size:
        n += 1
        piece = f"{n}{sep}"
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


#: name -> builder of the text. Builders, not strings, so importing this module costs nothing.
CASES: dict[str, Callable[[], str]] = {
    "long_word": lambda: _fill("a"),
    "long_word_mixed": lambda: _fill("Ab9_"),
    "hyphen_chain": lambda: _fill("ab-"),            # one "word" of inner hyphens for \w+(?:-\w+)*
    "open_brackets": lambda: _fill("("),
    "nested_brackets": lambda: "(" * (SIZE // 2) + ")" * (SIZE // 2),
    "bracketed_words": lambda: _fill("(a "),
    "straight_quotes": lambda: _fill('"'),
    "curly_open_quotes": lambda: _fill("“"),
    "alternating_quotes": lambda: _fill("“”"),
    "mixed_quotes": lambda: _fill("\"“'‘”’„«»"),
    "quoted_words": lambda: _fill("“a” "),
    "attributed_quotes": lambda: _fill("“We will win the vote in the end,” said Smith. "),
    "said_chain": lambda: _fill("said Smith said Jones "),
    "according_to_chain": lambda: _fill("according to "),
    "said_chain_sentences": lambda: _fill("Officials said sources said. "),
    "told_reporters_chain": lambda: _fill("told reporters, who said that "),
    "counting": lambda: _counting(" "),
    "thousands": lambda: _fill("1,000,000,"),
    "decimals": lambda: _fill("1.5."),
    "percent_run": lambda: _counting("% of "),
    "dots": lambda: _fill("."),
    "ellipses": lambda: _fill("… "),
    "spaced_dots": lambda: _fill(". "),
    "newlines": lambda: _fill("\n"),
    "single_line_5mb": lambda: _fill("The minister said the plan may work. ", HUGE_SIZE),
}


def time_case(name: str, score: Callable[[str], object], repeats: int = 3) -> float:
    """Return the median wall time in seconds of ``score(text)`` for case ``name``."""
    text = CASES[name]()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        score(text)
        times.append(time.perf_counter() - began)
    return statistics.median(times)
