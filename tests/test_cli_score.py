"""`reliability score` on tables and formats, its errors, and resume after a real SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from reliability.batch import ROW_COLUMNS, partial_path
from reliability.cli import app
from test_batch import make_article, write_table

runner = CliRunner()


@pytest.fixture
def table(tmp_path: Path) -> Path:
    rows = [{"id": f"n{i}", "text": make_article(i, 80)} for i in range(5)]
    rows.append({"id": "empty", "text": ""})
    return write_table(tmp_path / "in.csv", rows)


@pytest.mark.parametrize("name, reader", [
    ("out.jsonl", lambda p: pd.read_json(p, lines=True, dtype={"id": str})),
    ("out.csv", lambda p: pd.read_csv(p, dtype={"id": str})),
    ("out.parquet", pd.read_parquet),
])
def test_format_follows_the_output_extension(table: Path, tmp_path: Path, name: str, reader) -> None:
    out = tmp_path / name
    result = runner.invoke(app, ["score", str(table), "--id-col", "id", "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    frame = reader(out)
    assert list(frame["id"]) == ["n0", "n1", "n2", "n3", "n4", "empty"]
    assert "empty text" in frame["error"].iloc[-1]
    if name != "out.jsonl":
        assert list(frame.columns) == list(ROW_COLUMNS)
    assert "empty: empty text" in result.stderr  # the bad row is named on stderr


def test_csv_to_stdout_and_quiet(table: Path) -> None:
    result = runner.invoke(app, ["score", str(table), "--id-col", "id", "-f", "csv", "-q"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ",".join(ROW_COLUMNS)
    assert len(result.stdout.splitlines()) == 7
    assert result.stderr == ""  # quiet, and no progress bar when stderr is not a terminal


@pytest.mark.parametrize("args, message", [
    (["--text-col", "body"], "has no column 'body'"),
    (["-o", "/nonexistent-dir/out.jsonl"], "cannot write /nonexistent-dir/out.jsonl"),
    (["-f", "parquet"], "need an output file"),
    (["--resume"], "need an output file"),
])
def test_usage_errors_exit_non_zero_with_a_clear_message(table: Path, args, message: str) -> None:
    result = runner.invoke(app, ["score", str(table), *args])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_resume_of_a_finished_run_does_nothing(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["score", str(table), "-o", str(out), "-q"]).exit_code == 0
    before = out.read_bytes()
    result = runner.invoke(app, ["score", str(table), "-o", str(out), "--resume"])
    assert result.exit_code == 0 and "already complete" in result.stderr
    assert out.read_bytes() == before


def test_resume_after_sigkill_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    ids = [f"a{i:03d}" for i in range(120)]
    table = write_table(tmp_path / "big.jsonl",
                        [{"id": i, "text": make_article(n, 150)} for n, i in enumerate(ids)])
    out = tmp_path / "out.jsonl"
    partial = partial_path(out)
    cmd = [sys.executable, "-m", "reliability", "score", str(table), "--id-col", "id",
           "-o", str(out), "-j", "1", "--chunk-size", "2", "-q"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if partial.exists() and partial.read_bytes().count(b"\n") >= 6:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail(f"the run ended before it could be killed: {proc.stderr.read().decode()}")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()  # an interrupted run never leaves a file that looks complete
    kept = partial.read_bytes()
    if kept.endswith(b"\n"):  # make sure a torn last line is there to be dropped
        partial.write_bytes(kept + b'{"schema": 1, "id": "a0')
    result = runner.invoke(app, ["score", str(table), "--id-col", "id", "-o", str(out),
                                 "--resume", "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ids
    assert all(r["error"] is None for r in rows)
    assert not partial.exists()
    assert os.path.getsize(out) > 0
