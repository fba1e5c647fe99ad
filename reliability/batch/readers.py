"""Batch input: turn paths (files, directories, tables, ``-``) into :class:`Item` rows, in order.

Every input row becomes exactly one item; a row that cannot be read becomes an item with
``error`` set, so the output still has a row that names it. Tables are read in slices (the csv
reader, line by line, Parquet ``iter_batches``), so memory does not grow with the input.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reliability import config
from reliability.errors import InputError

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
#: Texts longer than this are refused with an error row instead of truncated: ten times the
#: scorer's own limit is never an article, and shipping it to a worker would waste memory.
MAX_ITEM_CHARS = 10 * config.MAX_CHARS
#: Rows per Parquet read batch and per Parquet write batch.
TABLE_BATCH_ROWS = 2048

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
                  ".pq": "parquet"}


@dataclass(frozen=True, slots=True)
class Item:
    """One article to score: its id and text (HTML markup when ``html``), or why it is unreadable."""

    id: str
    text: str | bytes | None = None
    error: str | None = None
    html: bool = False


def decoded(id_: str, data: bytes, where: str, encoding_errors: str = "strict") -> Item:
    """Decode UTF-8 bytes (byte-order mark dropped) into an item; one rule for files and stdin.

    Bytes that are not UTF-8 become an error item naming ``where`` and the option that goes on,
    or, with ``encoding_errors="replace"``, stay bytes for the scorer to decode with
    replacement characters and an ``encoding_replaced`` warning.
    """
    try:
        return Item(id_, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        if encoding_errors == "replace":
            return Item(id_, data)
        return Item(id_, error=f"{where} is not UTF-8 text (invalid byte at position {exc.start}): "
                               "convert it to UTF-8 first, or pass --encoding-errors replace")


def read_text_file(path: Path, encoding_errors: str = "strict") -> Item:
    """Read one UTF-8 text file (byte-order mark dropped) or HTML file; the id is the file stem.

    With ``encoding_errors="replace"`` a file that is not valid UTF-8 is passed on as bytes, for
    the scorer to decode with replacement characters and an ``encoding_replaced`` warning.
    """
    try:
        if path.stat().st_size > MAX_ITEM_CHARS * 4:  # 4 bytes per character at most in UTF-8
            return Item(path.stem, error=f"{path} is {path.stat().st_size} bytes; the limit is "
                                         f"{MAX_ITEM_CHARS} characters")
        data = path.read_bytes()
    except OSError as exc:
        return Item(path.stem, error=f"cannot read {path}: {exc.strerror or exc}")
    if path.suffix.lower() in HTML_SUFFIXES:
        return Item(path.stem, data, html=True)  # trafilatura finds the encoding itself
    return decoded(path.stem, data, str(path), encoding_errors)


def _row_item(stem: str, n: int, row: dict, text_col: str, id_col: str | None) -> Item:
    raw_id = row.get(id_col) if id_col is not None else None
    # Without an id column (or with a blank id) the row is named by file and 0-based position.
    id_ = f"{stem}:{n}" if raw_id is None or raw_id == "" else str(raw_id)
    if text_col not in row:
        return Item(id_, error=f"row has no {text_col!r} field (fields: {', '.join(map(str, row))})")
    return Item(id_, row[text_col])


def _open_csv(path: Path) -> IO[str]:
    # A byte-order mark would otherwise stick to the first column name; a stray bad byte
    # should cost one character, not the whole table.
    return path.open(encoding="utf-8-sig", newline="", errors="replace")


def _read_csv(path: Path, text_col: str, id_col: str | None) -> Iterator[Item]:
    # The csv module, not pandas: one output row per physical record even when a record is
    # ragged or oversized (pandas would stop, or silently skip the bad line).
    csv.field_size_limit(MAX_ITEM_CHARS)
    with _open_csv(path) as f:
        reader = csv.reader(f)
        header = next(reader, [])
        n = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Item(f"{path.stem}:{n}", error=f"{path} line {reader.line_num}: {exc}")
            else:
                yield _row_item(path.stem, n, dict(zip(header, values)), text_col, id_col)
            n += 1


def _read_jsonl(path: Path, text_col: str, id_col: str | None) -> Iterator[Item]:
    with path.open("rb") as f:
        n = 0
        while line := f.readline(MAX_ITEM_CHARS):
            if not line.endswith(b"\n") and len(line) == MAX_ITEM_CHARS:
                while (rest := f.readline(MAX_ITEM_CHARS)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of an oversized line without holding it
                yield Item(f"{path.stem}:{n}", error=f"{path} row {n} is longer than "
                                                     f"{MAX_ITEM_CHARS} bytes")
            elif not line.strip():
                continue  # blank lines are not rows
            else:
                try:
                    row = json.loads(line)
                except (ValueError, RecursionError) as exc:  # deep nesting raises RecursionError
                    row = exc
                if isinstance(row, dict):
                    yield _row_item(path.stem, n, row, text_col, id_col)
                else:
                    why = f"not valid JSON ({row})" if isinstance(row, Exception) else "not a JSON object"
                    yield Item(f"{path.stem}:{n}", error=f"{path} row {n} is {why}")
            n += 1


def _read_parquet(path: Path, text_col: str, id_col: str | None) -> Iterator[Item]:
    import pyarrow.parquet as pq

    f = pq.ParquetFile(path)
    columns = [c for c in (text_col, id_col) if c is not None and c in f.schema_arrow.names]
    n = 0
    for batch in f.iter_batches(batch_size=TABLE_BATCH_ROWS, columns=columns):
        for row in batch.to_pylist():
            yield _row_item(path.stem, n, row, text_col, id_col)
            n += 1


_TABLE_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}


def _expand(paths: Sequence[str]) -> Iterator[str | Path]:
    """Yield ``-``, files, or a missing/empty path (as str) in order; directories are listed."""
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            files = sorted(f for f in path.iterdir()
                           if f.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES and f.is_file())
            yield from files if files else [p]
        else:
            yield p if p == "-" or not path.exists() else path


def _table_kind(p: str | Path) -> str | None:
    """Return ``csv``, ``jsonl`` or ``parquet`` for a table file, None for anything else."""
    return TABLE_SUFFIXES.get(p.suffix.lower()) if isinstance(p, Path) else None


def iter_items(paths: Sequence[str], text_col: str = "text", id_col: str | None = None,
               stdin: IO[bytes] | None = None, encoding_errors: str = "strict") -> Iterator[Item]:
    """Yield one item per article named by ``paths``, in order (HTML not yet extracted).

    Args:
        paths: Files, directories (their ``.txt``/``.html``/``.htm`` files, sorted by name; the id
            is the file stem), tables (``.csv``, ``.jsonl``, ``.parquet``: one item per row), or
            ``-`` for standard input (one article, id ``stdin``).
        text_col: Table column holding the text.
        id_col: Table column holding the id (default: ``<file stem>:<row number from 0>``).
        stdin: Binary stream used for ``-`` (default: the process's standard input).
        encoding_errors: ``replace`` passes text files and standard input that are not UTF-8
            on as bytes (see :func:`read_text_file`) instead of as error rows.
    """
    for p in _expand(paths):
        if p == "-":
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            yield decoded("stdin", data, "standard input", encoding_errors)
        elif isinstance(p, str):
            path = Path(p)
            why = f"{p} holds no .txt/.html files" if path.is_dir() else f"{p} does not exist"
            yield Item(path.name if path.is_dir() else (path.stem or p), error=why)
        elif (kind := _table_kind(p)) is not None:
            try:
                yield from _TABLE_READERS[kind](p, text_col, id_col)
            except Exception as exc:  # an unreadable table still leaves a row that names it
                yield Item(p.stem, error=f"cannot read {p} as {kind}: {type(exc).__name__}: {exc}")
        else:
            yield read_text_file(p, encoding_errors)


def check_columns(paths: Sequence[str], text_col: str, id_col: str | None) -> None:
    """Raise :class:`InputError` when a CSV or Parquet input lacks ``text_col`` or ``id_col``.

    Checked before scoring so a typo in a column name fails at once, not as a million error rows.
    """
    for p in _expand(paths):
        kind = _table_kind(p)
        if kind == "csv":
            with _open_csv(p) as f:
                names = next(csv.reader(f), [])
        elif kind == "parquet":
            import pyarrow.parquet as pq

            names = pq.ParquetFile(p).schema_arrow.names
        else:
            continue
        for col in (text_col, id_col):
            if col is not None and col not in names:
                raise InputError(f"{p} has no column {col!r}; its columns are {names}")


def count_items(paths: Sequence[str], text_col: str = "text") -> int:
    """Count the items :func:`iter_items` will yield (for a progress bar); reads tables once."""
    total = 0
    for p in _expand(paths):
        kind = _table_kind(p)
        if kind == "parquet":
            import pyarrow.parquet as pq

            total += pq.ParquetFile(p).metadata.num_rows
        elif kind is not None:
            total += sum(1 for _ in _TABLE_READERS[kind](p, text_col, None))
        else:
            total += 1
    return total


def extract_html(data: str | bytes) -> str:
    """Return the article text of an HTML page (trafilatura, offline), or raise InputError."""
    try:
        import trafilatura
    except ImportError:
        raise InputError("reading HTML needs trafilatura: pip install 'news-reliability[html]'") from None
    text = trafilatura.extract(data, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    return text


def prepare(item: Item) -> tuple[str, Any, str | None]:
    """Return ``(id, text, error)`` ready to score: HTML extracted, empty and oversized text refused."""
    if item.error is not None:
        return item.id, None, item.error
    text: Any = item.text
    try:
        if item.html:
            text = extract_html(text)
    except InputError as exc:
        return item.id, None, str(exc)
    if isinstance(text, str):
        if not text.strip():
            return item.id, None, "empty text: nothing to score"
        if len(text) > MAX_ITEM_CHARS:
            return item.id, None, f"text is {len(text)} characters; the limit is {MAX_ITEM_CHARS}"
    return item.id, text, None


def read_paths(paths: Sequence[str], stdin: IO[bytes] | None = None, text_col: str = "text",
               id_col: str | None = None, encoding_errors: str = "strict") -> Iterator[Item]:
    """Like :func:`iter_items`, each item passed through :func:`prepare`: HTML turned into text,
    empty or oversized text refused with an ``error`` as ``reliability score`` refuses it."""
    for item in iter_items(paths, text_col, id_col, stdin, encoding_errors):
        id_, text, error = prepare(item)
        yield Item(id_, text, error)
