"""Tests for reliability.report.sources: the HTML overview of outlet profiles (hand-built rows)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from reliability.markers import MARKER_NAMES
from reliability.records import ATTRIBUTION_KINDS
from reliability.report.html import CSP
from reliability.report.sources import interval_svg, sources_html
from reliability.sources import profile_columns, source_profiles

HOSTILE = '<script>alert("x")</script>&<img src=x onerror=alert(1)>'


def profile(outlet: str, mean: float | None, n: int = 3, **extra) -> dict:
    """One row as source_profiles() makes it."""
    nan = float("nan")
    r = {c: nan for c in profile_columns()}
    r.update({"outlet": outlet, "n_articles": n, "n_excluded": 0, "mean_reliability": nan if mean is None else mean,
              "ci_low": nan if mean is None else max(mean - 0.1, 0), "ci_high": nan if mean is None else min(mean + 0.1, 1),
              "n_attributions": 4, "attr_sourced": 0.5, "attr_vague": 0.25, "attr_anonymous": 0.25, "attr_none": 0.0})
    for m in MARKER_NAMES:
        r[f"mean_{m}"], r[f"share_{m}"] = 0.2, 0.5
    r.update(extra)
    return r


def page(rows: list[dict], typical=None) -> str:
    return sources_html(pd.DataFrame(rows, columns=profile_columns()), typical)


class Tags(HTMLParser):
    """Collects start tags and checks that every non-void element is closed in order."""

    VOID = frozenset({"meta", "br", "img", "rect", "circle", "input", "link"})

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.starts: list[tuple[str, dict]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def parse(doc: str) -> Tags:
    p = Tags()
    p.feed(doc)
    p.close()
    return p


def test_structure_order_and_self_contained():
    doc = page([profile("b.com", 0.8), profile("a.com", 0.3), profile("none.com", None, n=0),
                profile("c.com", 0.5)])
    tags = parse(doc)
    assert not tags.errors and tags.stack == []
    assert doc.startswith("<!DOCTYPE html>") and CSP in doc
    names = re.findall(r'<span class="id">([^<]*)</span>', doc)
    assert names == ["a.com", "c.com", "b.com", "none.com"]
    # No request of any kind: no script, no external source or link target.
    assert not any(t == "script" for t, _ in tags.starts)
    assert not re.search(r'(src|href)="(https?:)?//', doc)
    assert "4 outlets, 9 articles" in doc


def test_row_contents_band_interval_markers_attributions():
    doc = page([profile("a.com", 0.3, n_excluded=2)])
    assert 'class="n band-low">0.30' in doc
    assert "0.20\u20130.40" in doc and "<svg" in doc
    assert "(+2 not judged)" in doc
    assert doc.count('data-marker="') == len(MARKER_NAMES)
    assert "50%" in doc and "25%" in doc and "4 attributions" in doc
    for k in ATTRIBUTION_KINDS:
        assert f'data-kind="{k}"' in doc


@pytest.mark.parametrize("mean, band", [(0.1, "low"), (0.39, "low"), (0.4, "mixed"), (0.659, "mixed"),
                                        (0.66, "high"), (1.0, "high")])
def test_band_of_outlet_mean_uses_config(mean, band):
    assert f'class="n band-{band}">{mean:.2f}' in page([profile("a.com", mean)])


def test_missing_values_show_a_dash_not_nan():
    row = profile("a.com", None, n=0, n_attributions=0)
    for m in MARKER_NAMES:
        row[f"share_{m}"] = float("nan")
    doc = page([row])
    assert "nan" not in doc.lower().replace("nanos", "")
    assert "\u2014" in doc and "(none found)" in doc


def test_hostile_outlet_and_evidence_are_escaped():
    typical = {HOSTILE: [{"id": HOSTILE, "marker": "loaded_language", "strength": 0.9,
                          "why": HOSTILE, "text": HOSTILE}]}
    doc = page([profile(HOSTILE, 0.5)], typical)
    tags = parse(doc)
    assert not tags.errors
    assert "<script>" not in doc and "<img" not in doc
    assert not any(t in ("script", "img") for t, _ in tags.starts)
    assert not any(k.startswith("on") for _, attrs in tags.starts for k in attrs)
    assert html.escape(HOSTILE, quote=True) in doc
    # Anchors use positions, never the outlet name.
    assert 'href="#o0"' in doc and 'id="o0"' in doc


def test_hostile_marker_name_is_escaped():
    typical = {"a.com": [{"id": "1", "marker": '"><b onclick=x>', "strength": 0.5, "why": "w", "text": "t"}]}
    doc = page([profile("a.com", 0.5)], typical)
    assert "<b onclick" not in doc and not parse(doc).errors


def test_typical_section_lists_sentences_and_cuts_long_ones():
    long = "word " * 200
    typical = {"a.com": [{"id": "art-1", "marker": "hedging", "strength": 0.71, "why": "a hedge", "text": long}],
               "b.com": []}
    doc = page([profile("a.com", 0.5), profile("b.com", 0.6)], typical)
    assert "Typical evidence per outlet" in doc
    assert "art-1" in doc and "strength 0.71" in doc and "a hedge" in doc
    assert long not in doc and "\u2026" in doc
    assert "No sentence was flagged." in doc  # b.com has an empty list


def test_without_typical_there_is_no_section_or_links():
    doc = page([profile("a.com", 0.5)])
    assert "Typical evidence" not in doc and 'href="#o' not in doc


def test_empty_profiles():
    doc = sources_html(pd.DataFrame(columns=profile_columns()))
    assert "0 outlets, 0 articles" in doc and not parse(doc).errors


def test_works_on_real_source_profiles_output():
    rows = []
    for i, (outlet, rel) in enumerate([("x.org", 0.2), ("x.org", 0.4), ("y.org", 0.9)]):
        r = {"id": str(i), "reliability": rel, "band": "mixed", "outlet": outlet, "judged": True, "error": None}
        for m in MARKER_NAMES:
            r[f"{m}_score"], r[f"{m}_sentences"] = 0.1, i
        for k in ATTRIBUTION_KINDS:
            r[f"attributions_{k}"] = 1
        rows.append(r)
    doc = sources_html(source_profiles(pd.DataFrame(rows), n_boot=50))
    assert doc.index(">x.org<") < doc.index(">y.org<") and not parse(doc).errors


@pytest.mark.parametrize("mean, low, high", [(0.5, 0.4, 0.6), (0.0, None, None), (1.0, -3.0, 7.0),
                                             (0.5, np.nan, np.nan)])
def test_interval_svg_stays_on_scale(mean, low, high):
    low = None if low is not None and np.isnan(low) else low
    high = None if high is not None and np.isnan(high) else high
    svg = interval_svg(mean, low, high)
    xs = [float(v) for v in re.findall(r' x="([-\d.]+)"', svg)]
    assert svg.startswith("<svg") and all(-1 <= x <= 96 for x in xs)
    assert interval_svg(None, None, None) == ""
