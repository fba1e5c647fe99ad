"""Batch scoring: readers, bad rows, output formats, partial files and resume, parallel, Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from reliability import batch
from reliability.batch import Item, OutputError, readers

# Sentences written for these tests (no corpus text); {n} varies so articles differ.
SENTENCES = (
    "The regional council met on Monday to discuss the new transport plan for the valley.",
    "Officials said the project would cost about {n} million and take three years to finish.",
    "Some residents reportedly fear that the changes may raise local taxes.",
    "A spokesperson for the ministry told reporters that the timetable was realistic.",
    "Critics called the scheme a reckless waste of public money.",
    "According to a report published by the audit office, earlier projects ran over budget.",
    "The mayor said the council had listened carefully to every complaint it received.",
    "It is believed that construction could begin before the end of the year.",
    "Engineers from the university will inspect the old bridge next week.",
    "Shop owners on the high street asked for compensation during the works.",
)


def make_article(n: int, words: int = 600) -> str:
    """Return a made-up news article of about ``words`` words, varied by ``n``."""
    out, count, k = [], 0, n
    while count < words:
        s = SENTENCES[k % len(SENTENCES)].format(n=n % 97 + 3)
        out.append(s)
        count += len(s.split())
        k += 1
        if k % 4 == 0:
            out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n").strip()


def write_table(path: Path, rows: list[dict]) -> Path:
    """Write rows as CSV, JSON Lines or Parquet, by the file's extension."""
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    elif path.suffix == ".csv":
        pd.DataFrame(rows).to_csv(path, index=False)
    else:
        pd.DataFrame(rows).to_parquet(path)
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def table(tmp_path: Path) -> Path:
    rows = [{"id": f"n{i}", "text": make_article(i, 80)} for i in range(7)]
    return write_table(tmp_path / "in.csv", rows)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_tables_give_one_item_per_row_with_ids(tmp_path: Path, suffix: str) -> None:
    rows = [{"id": f"r{i}", "text": make_article(i, 50)} for i in range(5)]
    path = write_table(tmp_path / f"t{suffix}", rows)
    items = list(batch.iter_items([str(path)], id_col="id"))
    assert [i.id for i in items] == [r["id"] for r in rows]
    assert [i.text for i in items] == [r["text"] for r in rows]
    # Without an id column a row is named by file stem and position.
    assert [i.id for i in batch.iter_items([str(path)])] == [f"t:{n}" for n in range(5)]


@pytest.mark.parametrize("value, error", [
    ("", "empty text"),
    ("   \n\t ", "empty text"),
    (17, "must be a string, not int"),
    (None, "the value is missing"),
    ([1, 2], "must be a string, not list"),
])
def test_bad_jsonl_values_become_error_rows(tmp_path: Path, value, error: str) -> None:
    path = write_table(tmp_path / "t.jsonl", [{"id": "ok", "text": make_article(1, 60)},
                                              {"id": "bad", "text": value}])
    out = tmp_path / "out.jsonl"
    done = list(batch.run([str(path)], out, id_col="id"))
    assert [d.id for d in done] == ["ok", "bad"]
    rows = lines(out)
    assert rows[0]["error"] is None and rows[0]["reliability"] is not None
    assert rows[1]["id"] == "bad" and error in rows[1]["error"] and rows[1]["reliability"] is None


def test_malformed_lines_and_missing_fields_keep_one_row_each(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "a", "text": "The minister said the plan works."}\nnot json\n[1]\n'
                    '\n{"id": "c", "body": "x"}\n', encoding="utf-8")
    items = list(batch.iter_items([str(path)], id_col="id"))
    assert [i.id for i in items] == ["a", "t:1", "t:2", "c"]  # the blank line is not a row
    assert items[0].error is None
    assert "not valid JSON" in items[1].error and "not a JSON object" in items[2].error
    assert "no 'text' field" in items[3].error


def test_oversized_values_are_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(readers, "MAX_ITEM_CHARS", 50)
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text(json.dumps({"id": "big", "text": "word " * 40}) + "\n"
                     + json.dumps({"id": "small", "text": "A short line."}) + "\n", encoding="utf-8")
    items = list(batch.iter_items([str(jsonl)], id_col="id"))
    assert "longer than 50 bytes" in items[0].error and items[1].id == "small"
    csv_path = tmp_path / "t.csv"
    csv_path.write_text('id,text\nbig,"' + "word " * 40 + '"\nsmall,A short line.\n', encoding="utf-8")
    items = list(batch.iter_items([str(csv_path)], id_col="id"))
    assert "field larger than field limit" in items[0].error and items[1].id == "small"
    ready = readers.prepare(Item("x", "y" * 60))
    assert "limit is 50" in ready[2]


def test_directory_reads_txt_and_html_sorted(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    (tmp_path / "b.txt").write_text(make_article(2, 60), encoding="utf-8")
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    (tmp_path / "a.html").write_text(f"<html><body><nav>Home | Sport | Contact</nav><article>"
                                     f"<h1>Transport plan</h1>{body}</article></body></html>",
                                     encoding="utf-8")
    (tmp_path / "c.htm").write_text("<html><head><script>var x = 1;</script></head><body><div>"
                                    "</div></body></html>", encoding="utf-8")
    (tmp_path / "skip.md").write_text("not read", encoding="utf-8")
    items = list(batch.read_paths([str(tmp_path)]))
    assert [i.id for i in items] == ["a", "b", "c"]
    assert "transport plan" in items[0].text.lower() and "<p>" not in items[0].text
    assert "Home | Sport" not in items[0].text
    assert "no article text" in items[2].error


def test_check_columns_fails_early(table: Path) -> None:
    batch.check_columns([str(table)], "text", "id")
    with pytest.raises(batch.InputError, match="no column 'body'"):
        batch.check_columns([str(table)], "body", None)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_formats_carry_the_same_rows(table: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    list(batch.run([str(table)], out, id_col="id"))
    assert out.exists() and not batch.partial_path(out).exists()
    expected = list(batch.score_items(batch.iter_items([str(table)], id_col="id"),
                                      batch_scorer()))
    if fmt == "jsonl":
        assert [r["id"] for r in lines(out)] == [p.id for p in expected]
        assert lines(out)[0]["reliability"] == round(expected[0].reliability, 4)
        return
    got = pd.read_csv(out, dtype={"id": str}) if fmt == "csv" else pd.read_parquet(out)
    want = pd.DataFrame([p.to_row() for p in expected])
    assert list(got.columns) == list(batch.ROW_COLUMNS)
    assert list(got["id"]) == list(want["id"])
    assert got["reliability"].tolist() == pytest.approx(want["reliability"].tolist())
    assert got["hedging_sentences"].tolist() == want["hedging_sentences"].tolist()


def batch_scorer():
    from reliability.scorer import default_scorer

    return default_scorer()


@pytest.mark.parametrize("content, kept", [
    (b"", 0),
    (b'{"id": "a"}\n{"id": "b"}\n', 2),
    (b'{"id": "a"}\n{"id": "b"}\n{"id": "c', 2),       # torn by a kill
    (b'{"id": "a"}\n{"id": "b"}\n\x00\x00\x00\n', 2),   # garbled last line (power cut)
    (b'{"id": "a', 0),
])
def test_recover_partial_drops_a_torn_last_line(tmp_path: Path, content: bytes, kept: int) -> None:
    path = tmp_path / "x.partial"
    path.write_bytes(content)
    assert batch.recover_partial(path) == kept
    data = path.read_bytes()
    assert data.count(b"\n") == kept and (data == b"" or data.endswith(b"\n"))


def test_resume_after_torn_write_finishes_without_loss_or_duplicates(table: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    list(batch.run([str(table)], full, id_col="id", chunk_items=2))
    out = tmp_path / "out.jsonl"
    full_lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    # Three complete lines and the torn start of the fourth, as a kill mid-write leaves them.
    batch.partial_path(out).write_text("".join(full_lines[:3]) + full_lines[3][:25], encoding="utf-8")
    result = list(batch.run([str(table)], out, id_col="id", resume=True, chunk_items=2))
    assert [d.skipped for d in result] == [True] * 3 + [False] * 4
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
    assert not batch.partial_path(out).exists()


def test_resume_refuses_a_changed_input_and_a_stray_partial(table: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    batch.partial_path(out).write_text('{"schema": 1, "id": "other"}\n', encoding="utf-8")
    with pytest.raises(OutputError, match="input changed"):
        list(batch.run([str(table)], out, id_col="id", resume=True))
    with pytest.raises(OutputError, match="interrupted run"):
        list(batch.run([str(table)], out, id_col="id"))
    csv_out = tmp_path / "out.csv"
    batch.partial_path(csv_out).write_text('{"schema": 1, "id": "n0"}\n', encoding="utf-8")
    with pytest.raises(OutputError, match="another output format"):
        list(batch.run([str(table)], csv_out, id_col="id", resume=True))


@pytest.mark.parametrize("output, fmt, message", [
    ("missing-dir/out.jsonl", None, "cannot write"),
    (None, "parquet", "need an output file"),
    ("out.jsonl", "xml", "unknown output format"),
])
def test_output_errors_are_clear(table: Path, tmp_path: Path, output, fmt, message: str) -> None:
    target = tmp_path / output if output else None
    with pytest.raises(OutputError, match=message):
        list(batch.run([str(table)], target, fmt, id_col="id"))


def test_two_jobs_give_the_single_process_result_in_order(table: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    list(batch.run([str(table)], one, id_col="id", jobs=1, chunk_items=2))
    list(batch.run([str(table)], two, id_col="id", jobs=2, chunk_items=2))
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_parallel_scoring_keeps_a_bounded_number_of_chunks_in_flight() -> None:
    taken = 0

    def chunks():
        nonlocal taken
        for i in range(40):
            taken += 1
            yield [Item(f"c{i}", "The agency said the figures were final.")]

    results = batch.score_chunks(chunks(), rows=True, jobs=2)
    first = next(results)
    assert first[0][1] == "c0"
    # Two look-ahead chunks plus at most INFLIGHT_PER_JOB * jobs submitted, not all 40.
    assert taken <= 2 + batch.INFLIGHT_PER_JOB * 2
    assert [r[0][1] for r in results] == [f"c{i}" for i in range(1, 40)]


#: Evaluated in a worker: ``eval`` pickles by name, so no test module (which imports pandas) goes along.
HEAVY_MODULES = ("sorted(m for m in ('pandas', 'scipy.stats._stats_py', 'sklearn.metrics') "
                 "if m in __import__('sys').modules)")
FROZEN = "__import__('gc').get_freeze_count()"


def test_workers_start_without_unused_heavy_imports() -> None:
    """Workers start as the command does: no pandas, scipy.stats or metrics; the model frozen."""
    from joblib.externals.loky import get_reusable_executor

    from reliability.batch.runner import _start_worker

    chunks = [[Item(f"c{i}", "The agency said the figures were final.")] for i in range(4)]
    assert [r[0][1] for r in batch.score_chunks(iter(chunks), rows=True, jobs=2)] == ["c0", "c1", "c2", "c3"]
    # The same executor (same settings) is reused, so this runs in a worker that just scored.
    pool = get_reusable_executor(max_workers=2, initializer=_start_worker, initargs=((),))
    assert pool.submit(eval, HEAVY_MODULES).result() == []
    assert pool.submit(eval, FROZEN).result() > 10_000  # the model's objects, frozen after loading


def test_freezing_leaves_a_library_process_alone() -> None:
    import gc

    from reliability._startup import freeze_loaded

    before = gc.get_freeze_count()
    freeze_loaded()  # this test process never ran defer_heavy_imports
    assert gc.get_freeze_count() == before


def test_dask_partitions_equal_the_single_machine_run(table: Path) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed")
    distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")
    from reliability import score_frame

    frame = pd.read_csv(table, dtype=str)
    with distributed.LocalCluster(processes=False, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        got = batch.score_dask(dd.from_pandas(frame, npartitions=3), id_col="id").compute()
    want = batch.typed_rows(score_frame(frame, id_col="id"))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
