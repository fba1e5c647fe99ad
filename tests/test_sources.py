"""Tests for reliability.sources: outlet profiles from hand-built flat rows (no corpus text)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reliability.errors import ReliabilityError
from reliability.markers import MARKER_NAMES
from reliability.records import ATTRIBUTION_KINDS
from reliability.sources import (
    UNKNOWN_OUTLET,
    SourceError,
    bootstrap_ci,
    profile_columns,
    read_scores,
    source_profiles,
    typical_evidence,
    write_profiles,
)


def row(outlet: str | None = "a.com", reliability: float | None = 0.5, *, judged=True, error=None,
        sentences: int = 0, score: float = 0.2, attributions: dict | None = None, **extra) -> dict:
    """One flat row as Profile.to_row() makes it, plus an outlet column."""
    r = {"id": extra.pop("id", "x"), "reliability": reliability, "band": "mixed"}
    for m in MARKER_NAMES:
        r[f"{m}_score"] = score
        r[f"{m}_sentences"] = sentences
    attributions = attributions or {}
    for k in ATTRIBUTION_KINDS:
        r[f"attributions_{k}"] = attributions.get(k, 0)
    r.update({"n_words": 300, "n_sentences": 12, "warnings": "", "judged": judged, "error": error,
              "outlet": outlet})
    r.update(extra)
    return r


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def by_outlet(df: pd.DataFrame) -> dict[str, dict]:
    return {r["outlet"]: r for r in df.to_dict("records")}


# --- means, counts, columns -------------------------------------------------------------------

def test_columns_and_means():
    df = frame(row("a.com", 0.2, score=0.1, sentences=0), row("a.com", 0.4, score=0.3, sentences=2),
               row("b.com", 0.9, score=0.5, sentences=1))
    out = source_profiles(df, n_boot=200)
    assert list(out.columns) == profile_columns()
    got = by_outlet(out)
    assert got["a.com"]["n_articles"] == 2
    assert got["a.com"]["mean_reliability"] == pytest.approx(0.3)
    for m in MARKER_NAMES:
        assert got["a.com"][f"mean_{m}"] == pytest.approx(0.2)
        assert got["a.com"][f"share_{m}"] == pytest.approx(0.5)
        assert got["b.com"][f"share_{m}"] == pytest.approx(1.0)


def test_marker_columns_come_from_the_registry():
    cols = profile_columns()
    assert [c for c in cols if c.startswith("mean_") and c != "mean_reliability"] == \
        [f"mean_{m}" for m in MARKER_NAMES]
    assert [c for c in cols if c.startswith("attr_")] == \
        ["attr_sourced"] + [f"attr_{k}" for k in ATTRIBUTION_KINDS if k not in ("named", "document")]


def test_attribution_mix_over_all_attributions():
    df = frame(row("a.com", attributions={"named": 2, "document": 1, "vague": 1}),
               row("a.com", attributions={"anonymous": 3, "none": 1}),
               row("b.com", attributions={}))
    got = by_outlet(source_profiles(df, n_boot=10))
    a = got["a.com"]
    assert a["n_attributions"] == 8
    assert a["attr_sourced"] == pytest.approx(3 / 8)
    assert a["attr_vague"] == pytest.approx(1 / 8)
    assert a["attr_anonymous"] == pytest.approx(3 / 8)
    assert a["attr_none"] == pytest.approx(1 / 8)
    assert math.isclose(sum(a[c] for c in ("attr_sourced", "attr_vague", "attr_anonymous", "attr_none")), 1)
    assert got["b.com"]["n_attributions"] == 0 and math.isnan(got["b.com"]["attr_sourced"])


# --- exclusions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    {"error": "not UTF-8", "reliability": None, "judged": None},
    {"judged": False},
    {"judged": "False"},  # as read back from some CSV writers
    {"reliability": None},
])
def test_excluded_rows_are_counted_not_averaged(bad):
    df = frame(row("a.com", 0.2), row("a.com", 0.4), row("a.com", **{"reliability": 0.99, **bad}))
    a = by_outlet(source_profiles(df, n_boot=50))["a.com"]
    assert a["n_articles"] == 2 and a["n_excluded"] == 1
    assert a["mean_reliability"] == pytest.approx(0.3)


@pytest.mark.parametrize("kept", [{"error": ""}, {"judged": True}, {"judged": "True"}])
def test_non_exclusions(kept):
    a = by_outlet(source_profiles(frame(row("a.com", 0.7, **kept)), n_boot=5))["a.com"]
    assert a["n_articles"] == 1 and a["n_excluded"] == 0


def test_outlet_with_only_excluded_rows_sorts_last():
    df = frame(row("dead.com", 0.1, judged=False), row("z.com", 0.9), row("a.com", 0.8))
    out = source_profiles(df, n_boot=20)
    assert list(out["outlet"]) == ["a.com", "z.com", "dead.com"]
    last = out.iloc[-1]
    assert last["n_articles"] == 0 and last["n_excluded"] == 1
    assert math.isnan(last["mean_reliability"]) and math.isnan(last["ci_low"])


def test_csv_round_trip_keeps_exclusions(tmp_path):
    df = frame(row("a.com", 0.2), row("a.com", None, error="boom", judged=None), row("a.com", 0.6, judged=False))
    path = tmp_path / "rows.csv"
    df.to_csv(path, index=False)
    a = by_outlet(source_profiles(read_scores(path), n_boot=20))["a.com"]
    assert (a["n_articles"], a["n_excluded"]) == (1, 2)


# --- bootstrap interval -----------------------------------------------------------------------

def test_ci_contains_mean_and_narrows_with_n():
    rng = np.random.default_rng(1)
    small = rng.uniform(0, 1, 5)
    large = rng.uniform(0, 1, 500)
    df = frame(*[row("small.com", float(v)) for v in small], *[row("large.com", float(v)) for v in large])
    got = by_outlet(source_profiles(df, n_boot=1000, seed=3))
    for o in got.values():
        assert o["ci_low"] <= o["mean_reliability"] <= o["ci_high"]
    width = {k: v["ci_high"] - v["ci_low"] for k, v in got.items()}
    assert width["large.com"] < width["small.com"] / 3


def test_single_article_interval_is_the_value():
    a = by_outlet(source_profiles(frame(row("a.com", 0.37)), n_boot=100))["a.com"]
    assert a["ci_low"] == a["ci_high"] == a["mean_reliability"] == pytest.approx(0.37)


def test_identical_values_give_zero_width():
    a = by_outlet(source_profiles(frame(*[row("a.com", 0.4)] * 6), n_boot=100))["a.com"]
    assert a["ci_low"] == pytest.approx(0.4) and a["ci_high"] == pytest.approx(0.4)


def test_bootstrap_batches_match_one_draw():
    # More draws than one batch holds must still give n_boot means (and a sane interval).
    values = np.linspace(0, 1, 4001)
    low, high = bootstrap_ci(values, 600, np.random.default_rng(0))
    assert low < 0.5 < high and high - low < 0.05


def test_seed_determinism_and_independence_from_other_outlets():
    base = [row("a.com", v) for v in (0.1, 0.5, 0.7, 0.2)] + [row("b.com", v) for v in (0.3, 0.9, 0.6)]
    one = source_profiles(frame(*base), seed=7)
    two = source_profiles(frame(*base), seed=7)
    pd.testing.assert_frame_equal(one, two)
    other = source_profiles(frame(*base), seed=8)
    assert not np.allclose(one["ci_low"], other["ci_low"]) or not np.allclose(one["ci_high"], other["ci_high"])
    # Adding an outlet leaves a.com's interval unchanged: each outlet's draw is seeded by its name.
    more = source_profiles(frame(*base, row("c.com", 0.4), row("c.com", 0.8)), seed=7)
    assert by_outlet(more)["a.com"]["ci_low"] == by_outlet(one)["a.com"]["ci_low"]


# --- grouping ---------------------------------------------------------------------------------

def test_url_grouping_strips_www_and_subdomains():
    df = frame(row(None, 0.2, url="https://www.Example.com/a"), row(None, 0.4, url="http://example.com/b?x=1"),
               row(None, 0.6, url="news.example.com/c"), row(None, 0.9, url="https://other.org/"),
               row(None, 0.5, url=None), row(None, 0.5, url="not a url"))
    df = df.drop(columns="outlet")
    got = by_outlet(source_profiles(df, url_col="url", n_boot=20))
    assert got["example.com"]["n_articles"] == 3
    assert got["other.org"]["n_articles"] == 1
    assert UNKNOWN_OUTLET in got
    assert "www.example.com" not in got


def test_url_col_wins_over_outlet_column():
    df = frame(row("ignored", 0.2, url="https://www.a.com/x"))
    assert list(source_profiles(df, url_col="url", n_boot=5)["outlet"]) == ["a.com"]


def test_custom_by_column_and_missing_values():
    df = frame(row(None, 0.2, site="Alpha"), row(None, 0.3, site=" Alpha "), row(None, 0.4, site=None))
    got = by_outlet(source_profiles(df, by="site", n_boot=5))
    assert got["Alpha"]["n_articles"] == 2 and got[UNKNOWN_OUTLET]["n_articles"] == 1


def test_sorted_by_mean_reliability_ascending():
    df = frame(row("hi.com", 0.9), row("lo.com", 0.1), row("mid.com", 0.5), row("mid.com", 0.6))
    out = source_profiles(df, n_boot=10)
    assert list(out["outlet"]) == ["lo.com", "mid.com", "hi.com"]
    assert out["mean_reliability"].is_monotonic_increasing


def test_duplicate_index_labels():
    df = pd.concat([frame(row("a.com", 0.2)), frame(row("b.com", 0.8))])  # both rows have label 0
    assert set(source_profiles(df, n_boot=5)["outlet"]) == {"a.com", "b.com"}


# --- errors -----------------------------------------------------------------------------------

def test_missing_outlet_column_names_the_columns():
    df = frame(row()).drop(columns="outlet")
    with pytest.raises(SourceError) as info:
        source_profiles(df)
    message = str(info.value)
    assert "'outlet'" in message and "url_col" in message and "'reliability'" in message
    assert isinstance(info.value, ReliabilityError)


def test_missing_url_column_names_the_columns():
    with pytest.raises(SourceError, match=r"'link' not found.*'outlet'"):
        source_profiles(frame(row()), url_col="link")


def test_missing_score_columns():
    with pytest.raises(SourceError, match="hedging_score"):
        source_profiles(frame(row()).drop(columns="hedging_score"))


@pytest.mark.parametrize("n_boot", [0, -3])
def test_bad_n_boot(n_boot):
    with pytest.raises(SourceError, match="n_boot"):
        source_profiles(frame(row()), n_boot=n_boot)


def test_empty_frame_gives_empty_profiles():
    out = source_profiles(frame(row()).iloc[:0])
    assert out.empty and list(out.columns) == profile_columns()


# --- files --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["rows.txt", "rows.json", "rows"])
def test_read_scores_rejects_other_kinds(tmp_path, name):
    with pytest.raises(SourceError, match="csv, .parquet or .jsonl"):
        read_scores(tmp_path / name)


# --- JSON Lines of full profiles ----------------------------------------------------------------

def _write_lines(path, objs) -> None:
    import json

    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".JSONL"])
def test_read_scores_jsonl_of_real_profiles_matches_to_row(scored, tmp_path, suffix):
    """Full profiles as `reliability score` writes them flatten to exactly Profile.to_row()."""
    from reliability.profile import Profile

    profiles = [scored["h1"], scored["p1"], scored["short"], Profile.failed("bad", "boom")]
    path = tmp_path / f"profiles{suffix}"
    _write_lines(path, [p.to_dict() for p in profiles])
    got = read_scores(path)
    want = pd.DataFrame([p.to_row() for p in profiles])
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        for g, w in zip(got[col], want[col]):
            if isinstance(w, float):
                assert g == pytest.approx(w, abs=1e-4) or (math.isnan(w) and math.isnan(g))
            else:
                assert pd.isna(g) if w is None else g == w, (col, g, w)


def test_read_scores_jsonl_feeds_source_profiles(scored, tmp_path):
    path = tmp_path / "p.jsonl"
    objs = [dict(scored["h1"].to_dict(), outlet="tabloid.com"),
            dict(scored["p1"].to_dict(), outlet="paper.com"),
            {"schema": 1, "id": "x", "reliability": None, "error": "boom", "outlet": "paper.com"}]
    _write_lines(path, objs)
    got = by_outlet(source_profiles(read_scores(path), n_boot=10))
    assert got["paper.com"]["n_articles"] == 1 and got["paper.com"]["n_excluded"] == 1
    assert got["tabloid.com"]["mean_reliability"] == pytest.approx(scored["h1"].reliability, abs=1e-4)
    assert got["tabloid.com"]["n_attributions"] == len(scored["h1"].attributions)


def test_read_scores_jsonl_flat_rows_blank_lines_and_extra_keys(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"id": "a", "reliability": 0.4, "outlet": "a.com"}\n\n   \n', encoding="utf-8")
    got = read_scores(path)
    assert got.to_dict("records") == [{"id": "a", "reliability": 0.4, "outlet": "a.com"}]


def test_profile_row_tolerates_partial_profiles():
    from reliability.sources import profile_row

    r = profile_row({"schema": 1, "id": "q", "reliability": 0.9, "markers": {"hedging": "odd"},
                     "attributions": [{"kind": "vague"}, "junk"], "url": "http://a.com/x",
                     "nested": {"dropped": True}})
    assert r["hedging_score"] is None and r["attributions_vague"] == 1
    assert r["judged"] is True and r["n_sentences"] == 0 and r["error"] is None
    assert r["url"] == "http://a.com/x" and "nested" not in r


@pytest.mark.parametrize("content, match", [("not json\n", "line 1: not JSON"),
                                            ('{"id": 1}\n[1, 2]\n', "line 2: expected a JSON object"),
                                            (b"\xff\xfe\x00", "cannot read")])
def test_read_scores_jsonl_errors(tmp_path, content, match):
    path = tmp_path / "bad.jsonl"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=match):
        read_scores(path)


def test_read_scores_jsonl_missing(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        read_scores(tmp_path / "absent.jsonl")


def test_read_scores_missing_file(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        read_scores(tmp_path / "absent.csv")


def test_write_profiles_round_trip(tmp_path):
    out = source_profiles(frame(row("a.com", 0.2), row("b.com", 0.7)), n_boot=10)
    path = tmp_path / "outlets.csv"
    write_profiles(out, path)
    back = pd.read_csv(path)
    assert list(back["outlet"]) == ["a.com", "b.com"]
    with pytest.raises(SourceError):
        write_profiles(out, tmp_path / "outlets.xlsx")


# --- typical evidence -------------------------------------------------------------------------

# Our own sentences, long enough (>= 40 words, English) to be judged.
HEDGY = ("Officials allegedly hid the disastrous report from the public, critics say. "
         "It might perhaps be true that the plan will fail, although nobody can be sure yet. "
         "The mayor said on Monday that the city budget would rise by three percent next year. "
         "Residents reportedly fear a shocking and outrageous betrayal by the council. "
         "The council will meet again in the spring to discuss the matter further.")
PLAIN = ("The city council approved the new budget on Monday by a vote of seven to two. "
         "The mayor said the budget would rise by three percent next year, according to the minutes. "
         "The finance director told reporters that the increase covers road repairs and school staff. "
         "The next meeting is scheduled for the first week of April at the town hall.")


@pytest.fixture(scope="module")
def scored():
    from reliability import Scorer

    scorer = Scorer()
    return {i: scorer.score(t, i) for i, t in
            {"h1": HEDGY, "h2": HEDGY.replace("mayor", "governor"), "p1": PLAIN, "short": "Maybe."}.items()}


def test_typical_evidence_strongest_first(scored):
    outlet_of = {"h1": "tabloid.com", "h2": "tabloid.com", "p1": "paper.com"}
    got = typical_evidence(scored.values(), outlet_of, k=3)
    assert set(got) == {"tabloid.com", "paper.com"}
    items = got["tabloid.com"]
    assert 0 < len(items) <= 3
    assert [d["strength"] for d in items] == sorted((d["strength"] for d in items), reverse=True)
    all_strengths = sorted((e.strength for i in ("h1", "h2") for e in scored[i].evidence), reverse=True)
    assert items[0]["strength"] == pytest.approx(all_strengths[0])
    for d in items:
        assert set(d) == {"id", "marker", "strength", "why", "text"}
        assert d["id"] in ("h1", "h2") and d["marker"] in MARKER_NAMES and d["why"]
        assert d["text"] in scored[d["id"]].text


def test_typical_evidence_one_entry_per_sentence(scored):
    items = typical_evidence([scored["h1"]], {"h1": "t.com"}, k=50)["t.com"]
    texts = [d["text"] for d in items]
    assert len(texts) == len(set(texts))
    assert len(items) == len({e.sentence for e in scored["h1"].evidence})


@pytest.mark.parametrize("k", [0, 1, 2])
def test_typical_evidence_k(scored, k):
    assert len(typical_evidence([scored["h1"]], {"h1": "t.com"}, k=k)["t.com"]) == k


def test_typical_evidence_skips_unknown_unjudged_and_failed(scored):
    from reliability.profile import Profile

    assert scored["short"].judged is False
    outlet_of = {"short": "s.com", "bad": "s.com"}
    got = typical_evidence([scored["short"], Profile.failed("bad", "boom"), scored["h1"]], outlet_of)
    assert got == {"s.com": []}  # h1 has no outlet: skipped
    with pytest.raises(SourceError):
        typical_evidence([], {}, k=-1)


def test_sources_cli_writes_html_with_typical_evidence_from_jsonl(tmp_path) -> None:
    import json

    import reliability
    """JSON Lines of full profiles -> an HTML overview that shows each outlet's strongest evidence."""
    from typer.testing import CliRunner

    from reliability.cli import app

    filler = (" The council met on Monday in the town hall. It discussed the budget for the new school."
              " The meeting lasted two hours and was open to the public. A vote is planned for next month.") * 2
    texts = {"a1": "The mayor siphoned money from the pension fund, a damning exposé revealed." + filler,
             "a2": filler.strip()}
    lines = []
    for i, (pid, text) in enumerate(texts.items()):
        d = reliability.score(text, id=pid).to_dict()
        d["outlet"] = "<b>tabloid</b>.com" if i == 0 else "paper.com"
        lines.append(json.dumps(d))
    scores = tmp_path / "scores.jsonl"
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "outlets.html"
    result = CliRunner().invoke(app, ["sources", str(scores), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;tabloid&lt;/b&gt;.com" in page and "<b>tabloid" not in page
    assert "siphoned" in page  # the cue of the strongest evidence, from the JSON profile
    rows = tmp_path / "outlets.jsonl"
    assert CliRunner().invoke(app, ["sources", str(scores), "-o", str(rows)]).exit_code == 0
    assert [json.loads(x)["outlet"] for x in rows.read_text(encoding="utf-8").splitlines()] \
        == sorted(["<b>tabloid</b>.com", "paper.com"], key=lambda o: o != "<b>tabloid</b>.com")
