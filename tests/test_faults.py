"""Output faults in a batch: a full disk or an unwritable target gives a clear error and a
non-zero exit, never a file named like the output that is silently short.

A full disk is simulated by wrapping the files the batch writer opens so that writing past a
byte budget writes part of the data and raises ``OSError(ENOSPC)``, as a real full disk does;
standard output is pointed at ``/dev/full`` where the system has one.
"""

from __future__ import annotations

import errno
import os
import pathlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from test_batch import make_article, write_table
from typer.testing import CliRunner

from reliability import batch
from reliability.batch import OutputError, partial_path
from reliability.cli import app

runner = CliRunner()


class _FullDisk:
    """A file whose writes fail with ENOSPC once ``budget`` bytes are written (the rest torn)."""

    def __init__(self, f, budget: int) -> None:
        self._f, self._left = f, budget

    def write(self, data):
        if len(data) > self._left:
            self._f.write(data[: self._left])
            self._left = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._left -= len(data)
        return self._f.write(data)

    def __getattr__(self, name: str):
        return getattr(self._f, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc) -> None:
        self._f.close()


@pytest.fixture
def full_disk(monkeypatch):
    """Make files the batch writer creates (``*.partial``, ``*.tmp``) fill up after N bytes."""
    def fill_after(budget: int, suffixes: tuple[str, ...] = (".partial", ".tmp")) -> None:
        real_open = pathlib.Path.open

        def open_(self, mode="r", *args, **kwargs):
            f = real_open(self, mode, *args, **kwargs)
            if self.name.endswith(suffixes) and any(m in mode for m in "wa"):
                return _FullDisk(f, budget)
            return f

        monkeypatch.setattr(pathlib.Path, "open", open_)
    return fill_after


@pytest.fixture
def table(tmp_path: Path) -> Path:
    rows = [{"id": f"n{i}", "text": make_article(i, 60)} for i in range(6)]
    return write_table(tmp_path / "in.csv", rows)


def test_full_disk_mid_run_fails_clearly_and_resume_completes(table: Path, tmp_path: Path, full_disk,
                                                              monkeypatch) -> None:
    out = tmp_path / "out.jsonl"
    full = tmp_path / "full.jsonl"
    list(batch.run([str(table)], full, id_col="id", chunk_items=2))
    budget = len(full.read_bytes().splitlines(keepends=True)[0]) * 3  # room for 2-3 rows only
    full_disk(budget)
    with pytest.raises(OutputError, match="No space left on device") as info:
        list(batch.run([str(table)], out, id_col="id", chunk_items=2))
    assert str(out) in str(info.value)
    assert not out.exists()  # nothing is named like a finished output
    assert partial_path(out).exists()
    monkeypatch.undo()  # space is freed: the interrupted run resumes without loss or duplicates
    list(batch.run([str(table)], out, id_col="id", chunk_items=2, resume=True))
    assert out.read_bytes() == full.read_bytes()


def test_full_disk_while_converting_to_csv_leaves_no_output(table: Path, tmp_path: Path,
                                                            full_disk) -> None:
    out = tmp_path / "out.csv"
    full_disk(200, suffixes=(".tmp",))  # the rows fit; the CSV written from them does not
    with pytest.raises(OutputError, match="No space left on device"):
        list(batch.run([str(table)], out, id_col="id"))
    assert not out.exists() and partial_path(out).exists()


def test_cli_full_disk_exits_non_zero_with_the_reason(table: Path, tmp_path: Path, full_disk) -> None:
    full_disk(100)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["score", str(table), "--id-col", "id", "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("target", ["a-file/out.jsonl", "a-dir"])
def test_unwritable_output_exits_non_zero(table: Path, tmp_path: Path, target: str) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    (tmp_path / "a-dir").mkdir()
    out = tmp_path / target
    result = runner.invoke(app, ["score", str(table), "--id-col", "id", "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert out.is_dir() if target == "a-dir" else not out.exists()


@pytest.mark.skipif(not os.access("/dev/full", os.W_OK), reason="no writable /dev/full on this system")
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_stdout_on_a_full_disk_exits_non_zero(fmt: str) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "reliability", "score", str(SEEDS), "-q", "-f", fmt],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=300,
                              check=False)
    assert proc.returncode != 0
    assert "cannot write standard output" in proc.stderr and "Traceback" not in proc.stderr


def test_a_broken_stream_is_an_output_error(tmp_path: Path) -> None:
    class Broken:
        name = "<stdout>"

        def write(self, data: str) -> int:
            raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))

        def flush(self) -> None:
            pass

    article = tmp_path / "a.txt"
    article.write_text(make_article(1, 50), encoding="utf-8")
    for fmt in ("jsonl", "csv"):
        with pytest.raises(OutputError, match="cannot write standard output: Broken pipe"):
            list(batch.run([str(article)], None, fmt, stdout=Broken()))
