"""Smoke test of scripts/bench.py helpers with tiny sizes (the full run is minutes to hours)."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_articles_are_about_600_words() -> None:
    texts = bench.articles(6, None)
    assert len(texts) == 6
    assert all(600 <= len(t.split()) < 1600 for t in texts)


@pytest.mark.parametrize("values, q, expected", [([3.0, 1.0, 2.0], 0.5, 2.0), ([5.0], 0.95, 5.0),
                                                 (list(map(float, range(101))), 0.95, 95.0)])
def test_percentile(values, q, expected) -> None:
    assert bench.pct(values, q) == expected


def test_reference_tools_report_a_rate_or_why_they_cannot_run() -> None:
    texts = ["The council said the plan works. Critics disagreed strongly."] * 2
    for result in (bench.vader_rate(texts), bench.nela_rate(texts)):
        assert (isinstance(result, float) and result > 0) or result.startswith("cannot run: ")


def test_length_scaling_returns_the_three_sizes() -> None:
    times = bench.length_scaling("The agency said the figures were final. " * 5, reps=1)
    assert sorted(times) == [1, 10, 100] and all(t > 0 for t in times.values())
