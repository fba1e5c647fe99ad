"""Property tests of the batch readers on hostile files: CSV, JSON Lines and text files.

Whatever the bytes, reading never raises, every input row gives exactly one item, a row that
cannot be read carries a clear error string, and the same file always reads the same.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reliability.batch import count_items, iter_items
from reliability.batch.readers import Item
from reliability.cli import app

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text with what breaks naive readers: NUL, quotes, separators, lone CR, BOM, odd Unicode.
_NASTY = st.sampled_from(["\x00", '"', "'", ",", ";", "\r", "\n", "\r\n", "\ufeff", "\u2028",
                          "\u202e", "“", "\\", "{", "}", "[", "]", ":", " ", "\t", "é", "😀"])
TEXT = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), _NASTY), max_size=60).map("".join)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def _well_formed(items: list[Item]) -> None:
    """Each item has a string id and exactly one of text and error; errors are readable strings."""
    for item in items:
        assert isinstance(item.id, str) and item.id
        assert (item.error is None) == (item.text is not None)
        if item.error is not None:
            assert isinstance(item.error, str) and item.error.strip()
            assert "Traceback" not in item.error


def _read(path: Path, **kwargs) -> list[Item]:
    first = list(iter_items([str(path)], **kwargs))
    assert list(iter_items([str(path)], **kwargs)) == first  # same input, same output
    _well_formed(first)
    return first


# ------------------------------------------------------------------------------------------ CSV

@FUZZ
@given(rows=st.lists(st.tuples(st.text(alphabet="abc123", min_size=1, max_size=5), TEXT), max_size=8))
def test_csv_of_any_text_gives_one_item_per_row_verbatim(tmp_path_factory, rows) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    path = _write(tmp_path_factory.mktemp("csv"), "t.csv", out.getvalue().encode("utf-8"))
    items = _read(path, id_col="id")
    assert [(i.id, i.text) for i in items] == [(r[0], r[1]) for r in rows]
    assert count_items([str(path)]) == len(rows)


@FUZZ
@given(data=st.binary(max_size=300))
def test_csv_of_any_bytes_never_raises(tmp_path_factory, data: bytes) -> None:
    path = _write(tmp_path_factory.mktemp("csv"), "t.csv", b"id,text\n" + data)
    items = _read(path, id_col="id")
    assert count_items([str(path)]) == len(items)


@pytest.mark.parametrize("body, expected", [
    (b'id,text\na,one\x00two\nb,three\n', [("a", "one\x00two"), ("b", "three")]),   # NUL bytes
    (b'id,text\na,"x"y"z\nb,ok\n', [("a", 'xy"z'), ("b", "ok")]),                   # stray quotes
    (b'id,text\na,"never closed\nb,ok\n', [("a", "never closed\nb,ok\n")]),         # one open quote eats the rest
    (b'\xef\xbb\xbfid,text\na,with BOM\n', [("a", "with BOM")]),                     # BOM on the header
    (b'id,text\ra,lone CR\rb,ends\r', [("a", "lone CR"), ("b", "ends")]),            # old Mac line ends
])
def test_broken_csv_rows_read_as_csv_defines_them(tmp_path: Path, body: bytes, expected) -> None:
    items = _read(_write(tmp_path, "t.csv", body), id_col="id")
    assert [(i.id, i.text) for i in items] == expected


def test_csv_without_the_text_column_gives_an_error_row_per_row(tmp_path: Path) -> None:
    items = _read(_write(tmp_path, "t.csv", b"id,body\na,x\nb,y\n"), id_col="id")
    assert [i.id for i in items] == ["a", "b"]
    assert all("no 'text' field" in i.error and "id, body" in i.error for i in items)


# ----------------------------------------------------------------------------------- JSON Lines

_JSON_LINE = st.one_of(
    st.builds(lambda t, i: json.dumps({"id": i, "text": t}), TEXT, st.text("abc", min_size=1, max_size=4)),
    st.builds(json.dumps, st.one_of(st.integers(), st.text(max_size=10), st.lists(st.integers(), max_size=3),
                                    st.none(), st.booleans())),          # valid JSON, not an object
    st.builds(lambda t: json.dumps({"body": t}), TEXT),                   # object without "text"
    st.text(max_size=40).map(lambda s: s.replace("\n", " ")),            # anything, often broken
    st.sampled_from(["{", '{"text": "unterminated', "[" * 50, "{}" * 3, "\x00", "null"]),
)


@FUZZ
@given(lines=st.lists(_JSON_LINE, max_size=10))
@example(lines=["0\x00", '{"id": "a", "text": ""}'])  # bytes json.loads would take for UTF-16
def test_jsonl_gives_one_item_per_non_blank_line(tmp_path_factory, lines: list[str]) -> None:
    path = _write(tmp_path_factory.mktemp("jl"), "t.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    items = _read(path)
    rows = [ln for ln in "\n".join(lines).encode("utf-8", "surrogatepass").split(b"\n") if ln.strip()]
    assert len(items) == len(rows)
    assert [i.id for i in items] == [f"t:{n}" for n in range(len(rows))]
    for item, raw in zip(items, rows):
        try:
            # Decode first: json.loads on bytes guesses UTF-16 for b"0\x00", the reader reads UTF-8.
            value = json.loads(raw.decode("utf-8"))
        except ValueError:
            assert "not valid JSON" in item.error and str(path) in item.error
            continue
        if not isinstance(value, dict):
            assert "not a JSON object" in item.error
        elif "text" not in value:
            assert "no 'text' field" in item.error
        else:
            assert item.error is None and item.text == value["text"]


@FUZZ
@given(data=st.binary(max_size=300))
def test_jsonl_of_any_bytes_never_raises(tmp_path_factory, data: bytes) -> None:
    path = _write(tmp_path_factory.mktemp("jl"), "t.jsonl", data)
    items = _read(path)
    assert len(items) == sum(1 for ln in data.split(b"\n") if ln.strip())


def test_deeply_nested_jsonl_line_is_one_error_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.jsonl", b'{"text": "first"}\n' + b"[" * 100_000 + b'\n{"text": "last"}\n')
    items = list(iter_items([str(path)]))
    assert [i.id for i in items] == ["t:0", "t:1", "t:2"]
    assert items[2].text == "last" and "not valid JSON" in items[1].error


# ------------------------------------------------------------------------------------ text files

@FUZZ
@given(data=st.binary(max_size=200))
def test_text_file_of_any_bytes_is_one_item(tmp_path_factory, data: bytes) -> None:
    path = _write(tmp_path_factory.mktemp("txt"), "art.txt", data)
    (item,) = _read(path)
    assert item.id == "art"
    try:
        expected = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert "not UTF-8" in item.error and str(path) in item.error and "--encoding-errors" in item.error
    else:
        assert item.text == expected
    (replaced,) = _read(path, encoding_errors="replace")
    assert replaced.error is None  # bytes go on to the scorer, to be decoded with U+FFFD


# ---------------------------------------------------------------------------------- through CLI

runner = CliRunner()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lines=st.lists(_JSON_LINE, min_size=1, max_size=4))
def test_cli_writes_one_row_per_input_row(tmp_path_factory, lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    path = _write(tmp_path_factory.mktemp("cli"), "t.jsonl", data)
    result = runner.invoke(app, ["score", str(path), "-j", "1", "-q"])
    expected = sum(1 for ln in data.split(b"\n") if ln.strip())
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == expected
    assert [r["id"] for r in rows] == [f"t:{n}" for n in range(expected)]
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    failed = sum(r["error"] is not None for r in rows)
    assert result.exit_code == (1 if expected and failed == expected else 0)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.binary(max_size=120))
def test_cli_on_a_csv_of_any_bytes_exits_cleanly(tmp_path_factory, data: bytes) -> None:
    path = _write(tmp_path_factory.mktemp("cli"), "t.csv", b"text\n" + data)
    result = runner.invoke(app, ["score", str(path), "-j", "1", "-q"])
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(list(iter_items([str(path)])))
