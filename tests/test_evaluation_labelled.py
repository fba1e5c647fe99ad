"""`reliability evaluate --labels`: the model measured on the user's own labelled articles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import SEEDS, seed_texts
from reliability import config
from reliability.cli import app
from reliability.errors import InputError
from reliability.evaluation.labelled import evaluate_labelled, read_labelled, unreliable_labels
from reliability.markers import MARKER_NAMES

runner = CliRunner()
#: The seeds as labelled: 001 and 002 reliable, 000 and 003 not.
SEED_LABELS = {"000": "unreliable", "001": "reliable", "002": "reliable", "003": "unreliable"}


@pytest.fixture(autouse=True)
def _fewer_draws(monkeypatch):
    monkeypatch.setattr(config, "CI_RESAMPLES", 200)


@pytest.mark.parametrize("values, unreliable, expected", [
    ([0, 1, 1], None, [0, 1, 1]),
    ([True, False], None, [1, 0]),
    (["Yes", " no ", "TRUE"], None, [1, 0, 1]),
    (["fake", "real", "Fake "], "fake", [1, 0, 1]),
    ([3, 4], "4", [0, 1]),
    ([1.0, 0.0], None, [1, 0]),
])
def test_labels_map_to_unreliable(values, unreliable, expected):
    assert unreliable_labels(pd.Series(values), unreliable).tolist() == expected


@pytest.mark.parametrize("values, unreliable, message", [
    (["fake", "real"], None, "name the value that means unreliable"),
    ([0, None], None, "have no label"),
    (["a", "b"], "fake", "no label equals 'fake'"),
])
def test_unreadable_labels_say_how_to_fix(values, unreliable, message):
    with pytest.raises(InputError, match=message):
        unreliable_labels(pd.Series(values, dtype=object), unreliable)


def _seed_frame(extra: list[dict] = ()) -> pd.DataFrame:
    texts = seed_texts()
    rows = [{"id": k, "body": v, "verdict": SEED_LABELS[k[:3]], "outlet": f"outlet{k[:3]}"} for k, v in texts.items()]
    return pd.DataFrame(rows + list(extra))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds folder absent")
def test_seeds_separate_and_bad_rows_are_counted_not_scored():
    frame = _seed_frame([{"id": "empty", "body": "  ", "verdict": "reliable", "outlet": "x"},
                         {"id": "short", "body": "Too short to judge.", "verdict": "unreliable", "outlet": "y"}])
    out = evaluate_labelled(frame, "verdict", "body", "id", "outlet", unreliable="unreliable")
    summary = out["summary"].iloc[0]
    # The library scores blank text as too short to judge (the batch readers call it an error).
    assert (summary["rows"], summary["errors"], summary["not_judged"], summary["judged"]) == (6, 0, 2, 4)
    assert summary["auc"] == 1.0  # the seeds' required order: both reliable seeds above both others
    assert summary["unreliable_share"] == 0.5
    assert summary["resampled"] == "articles"  # 4 outlets: too few to draw outlets
    assert 0 <= summary["ece"] <= 1 and 0 <= summary["brier"] <= 1
    assert out["bands"]["articles"].sum() == 4
    assert set(out["bands"]["band"]) <= {"low", "mixed", "high"}
    assert list(out["markers"]["marker"]) == list(MARKER_NAMES)
    assert len(out["rows"]) == 6 and out["rows"]["label"].tolist() == [1, 0, 0, 1, 0, 1]


def test_missing_column_and_unknown_file_kind(tmp_path):
    with pytest.raises(InputError, match="column 'verdict' not found"):
        evaluate_labelled(pd.DataFrame({"text": ["a"], "label": [1]}), "verdict")
    bad = tmp_path / "labels.xlsx"
    bad.write_text("x")
    with pytest.raises(InputError, match="expected a .csv"):
        read_labelled(bad)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds folder absent")
def test_cli_prints_the_tables(tmp_path):
    path = tmp_path / "mine.csv"
    _seed_frame().to_csv(path, index=False)
    result = runner.invoke(app, ["evaluate", "--labels", str(path), "--label-col", "verdict", "--unreliable",
                                 "unreliable", "--text-col", "body", "--id-col", "id"])
    assert result.exit_code == 0, result.output
    for part in ("summary", "bands", "markers", "unsourced_allegations", "judged article(s)"):
        assert part in result.stdout
    assert "1.0" in result.stdout.split("bands")[0]  # the AUC
    assert not (tmp_path / "MODEL_CARD.md").exists()
    bad = runner.invoke(app, ["evaluate", "--labels", str(path), "--text-col", "body"])
    assert bad.exit_code == 1 and "column 'label' not found" in bad.stderr


def test_interval_is_nan_when_a_label_is_too_rare():
    from reliability.evaluation.intervals import grouped_interval
    from reliability.evaluation.model import auc

    y, p = np.array([0] * 10 + [1]), np.linspace(0, 1, 11)
    assert all(np.isnan(grouped_interval(np.arange(11), lambda i: auc(y[i], p[i]))))


def test_model_without_labels_is_refused(tmp_path):
    result = runner.invoke(app, ["evaluate", "--model", str(tmp_path / "x.joblib")])
    assert result.exit_code == 1 and "--model goes with --labels" in result.stderr


def test_nothing_judged_gives_counts_and_nan_metrics():
    frame = pd.DataFrame({"text": ["", "Too short."], "label": [0, 1]})
    out = evaluate_labelled(frame)
    summary = out["summary"].iloc[0]
    assert (summary["rows"], summary["judged"]) == (2, 0)
    assert np.isnan(summary["auc"]) and np.isnan(summary["auc_low"]) and np.isnan(summary["ece"])
    assert out["bands"].empty and len(out["markers"]) == len(MARKER_NAMES)


def test_score_labelled_reports_each_article_scored():
    from reliability.evaluation.labelled import score_labelled

    calls = []
    frame = pd.DataFrame({"text": ["One.", "", "Two words."], "label": [1, 0, 1], "site": ["a", "b", "a"]})
    rows = score_labelled(frame, group_col="site", on_scored=lambda: calls.append(1))
    assert len(calls) == 3 and rows["group"].tolist() == ["a", "b", "a"] and rows["label"].tolist() == [1, 0, 1]
