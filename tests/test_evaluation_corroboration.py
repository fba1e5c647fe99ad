"""Tests for the corroboration evaluation (reliability.evaluation.corroboration)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reliability.corroboration import Finding, Side
from reliability.evaluation.corroboration import (
    COPY_SUFFIX,
    PERTURBATIONS,
    Perturbed,
    is_hit,
    perturb,
    perturbed,
    unrelated,
)
from reliability.scorer import default_scorer

DATA = Path(os.environ.get("RELIABILITY_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data")
PTC_DEV = DATA / "propaganda" / "ptc2019" / "dev" / "articles"

# Written for these tests: numbers, a date, an outcome word, a quotation with a named speaker
# and an allegation, so every perturbation has a place to act.
ARTICLE = """Harbour authority approves new ferry route

The harbour authority approved a new ferry route between Kessing and Lowmarsh on Monday after a long review.

The route will carry about 1,200 passengers a day and the first ferry will sail in June 2026.

“This route will bring the two towns closer together and give families a faster way to travel,” said Anna Weller, who directs the harbour office.

Kessing’s old ferry operator secretly embezzled fares from the ticket office for years, according to a rival firm.

Tickets will cost 4 euros for adults and 2 euros for children under twelve years old.
"""


@pytest.fixture(scope="module")
def analysis():
    return default_scorer().analyse(ARTICLE, "x")


@pytest.mark.parametrize("kind", PERTURBATIONS)
def test_perturb_changes_the_text_at_the_stated_place(analysis, kind):
    p = perturb("x", analysis, kind, seed=1)
    assert p is not None and p.text != ARTICLE and p.kind == kind
    start, end = p.original
    assert 0 <= start < end <= len(ARTICLE)
    if p.changed is None:
        assert ARTICLE[start:end] not in p.text
    else:
        assert ARTICLE[:start] == p.text[:p.changed[0]]


@pytest.mark.parametrize("kind", ["number", "outcome", "wording", "allegation"])
def test_perturbed_copy_is_found(analysis, kind):
    rows = perturbed(["x"], [analysis], kinds=[kind], seed=1)
    control, row = rows
    assert control["kind"] == "control" and control["false"] == 0
    assert row["cases"] == 1 and row["recall"] == 1.0


def test_perturb_returns_none_without_a_place():
    a = default_scorer().analyse("A short line with no numbers.", "y")
    assert perturb("y", a, "number") is None
    assert perturb("y", a, "speaker") is None


def test_is_hit_needs_the_right_kind_and_place():
    p = Perturbed("x", "number", "", (10, 50), (10, 52))
    good = Finding("number_mismatch", "w", (Side("x", 20, 22), Side("x" + COPY_SUFFIX, 20, 23)))
    assert is_hit(good, p)
    assert not is_hit(Finding("date_mismatch", "w", good.sides), p)
    assert not is_hit(Finding("number_mismatch", "w", (Side("x", 60, 62), good.sides[1])), p)


def test_unrelated_counts(analysis):
    other = default_scorer().analyse("Bakers in Lowmarsh won a bread prize for their rye loaf this year.", "z")
    u = unrelated(["x", "z"], [analysis, other])
    assert u["articles"] == 2 and u["groups"] == 0 and u["findings"] == 0 and u["per_article"] == 0
    assert u["alarms"] == 0 and u["alarms_per_article"] == 0


@pytest.mark.skipif(not PTC_DEV.is_dir(), reason="PTC dev articles not found (set RELIABILITY_DATA)")
def test_ptc_dev_sample():
    from reliability.corpora import ptc_articles

    # All of dev (57 articles, ~1 s): a 12-article slice holds 0, 1 or 2 of dev's alarms
    # depending on which sentences the allegation head flags, too few to bound a rate.
    pairs = list(ptc_articles("dev", DATA))
    scorer = default_scorer()
    ids, analyses = [i for i, _ in pairs], [scorer.analyse(t, i) for i, t in pairs]
    u = unrelated(ids, analyses)
    assert u["articles"] == len(pairs) >= 50 and u["per_article"] < 1 and u["alarms_per_article"] <= 0.1
    rows = perturbed(ids[:4], analyses[:4], kinds=["number"], seed=0)
    assert rows[0]["false"] == 0  # an untouched copy gives nothing
    assert rows[1]["cases"] == 0 or rows[1]["recall"] >= 0.5
