"""`reliability corroborate` and cross-source findings in `reliability explain`, through typer's runner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SEEDS, seed_texts
from reliability.cli import app

runner = CliRunner()
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds folder absent")


def _findings(*args: str) -> list[dict]:
    result = runner.invoke(app, ["corroborate", *args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_seed_story_findings_with_offsets_into_each_article() -> None:
    texts = seed_texts()
    found = _findings(str(SEEDS))
    kinds = {f["kind"] for f in found}
    assert {"quote_speaker", "quote_wording", "uncorroborated_allegation"} <= kinds
    for f in found:
        assert f["why"] and f["level"] in ("alarm", "note")
        for side in f["sides"]:
            assert texts[side["id"]][side["start"]:side["end"]] == side["text"]
    speaker = next(f for f in found if f["kind"] == "quote_speaker")
    assert {s["id"][:3] for s in speaker["sides"]} == {"000", "003"}
    embezzled = [f for f in found if f["kind"] == "uncorroborated_allegation" and "siphoned" in f["why"]]
    assert embezzled and {s["id"][:3] for s in embezzled[0]["sides"]} == {"003"}
    alarms = _findings(str(SEEDS), "--alarms-only")
    assert alarms and all(f["level"] == "alarm" for f in alarms) and len(alarms) < len(found)


def test_one_article_or_unrelated_articles_give_no_findings(tmp_path) -> None:
    one = next(SEEDS.glob("000_*.txt"))
    other = tmp_path / "weather.txt"
    other.write_text("Heavy rain is expected across the northern valleys on Friday, forecasters said. "
                     "Farmers welcomed the rain after a dry summer. Rivers are not expected to flood.",
                     encoding="utf-8")
    assert _findings(str(one)) == []
    assert _findings(str(one), str(other)) == []
    result = runner.invoke(app, ["corroborate", str(one), str(other)])
    assert result.exit_code == 0 and "0 finding(s)" in result.stderr


def test_unreadable_input_is_reported_and_the_rest_compared(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00broken")
    result = runner.invoke(app, ["corroborate", str(SEEDS), str(bad), "--format", "jsonl"])
    assert result.exit_code == 0 and "bad" in result.stderr
    assert any(json.loads(line)["kind"] == "quote_speaker" for line in result.stdout.splitlines())
    alone = runner.invoke(app, ["corroborate", str(bad)])
    assert alone.exit_code != 0 and "UTF-8" in alone.stderr


def test_explain_several_articles_shows_findings_beside_each(tmp_path) -> None:
    out = tmp_path / "reports"
    result = runner.invoke(app, ["explain", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page_003 = next(out.glob("003_*.html")).read_text(encoding="utf-8")
    page_001 = next(out.glob("001_*.html")).read_text(encoding="utf-8")
    assert "Across sources" in page_003 and "quote_speaker" in page_003 and "siphoned" in page_003
    assert "Across sources" not in page_001  # 001 is no side of any finding
    md = tmp_path / "md"
    assert runner.invoke(app, ["explain", str(SEEDS), "-o", str(md), "--format", "md"]).exit_code == 0
    assert "## Across sources" in next(md.glob("000_*.md")).read_text(encoding="utf-8")
    terminal = runner.invoke(app, ["explain", str(SEEDS)])
    assert terminal.exit_code == 0 and "quote_speaker (alarm)" in terminal.stdout


def test_corroborate_reads_a_table_by_its_columns(tmp_path) -> None:
    import pandas as pd

    texts = seed_texts()
    path = tmp_path / "crawl.parquet"
    pd.DataFrame({"url": list(texts), "body": list(texts.values())}).to_parquet(path)
    from_table = _findings(str(path), "--text-col", "body", "--id-col", "url")
    assert from_table == _findings(str(SEEDS))
