"""Batch scoring: read articles from files, directories, tables or standard input; write results.

Inputs: ``.txt`` files, ``.html``/``.htm`` files (article text extracted with trafilatura, offline),
directories of both, CSV, JSON Lines and Parquet tables (``text_col``/``id_col``), ``-`` for stdin.
Tables are read in slices (csv reader, line by line, ``iter_batches``), scored in chunks across
processes with a bounded number of chunks in flight, and written in input order, so memory does
not grow with the input. Every input row gives exactly one output row; a row that cannot be
scored gets ``error`` set and the run goes on.

Crash safety: with an output file ``OUT`` the rows go to ``OUT.partial`` (JSON Lines, flushed
after every chunk); only a finished run renames (or, for CSV/Parquet, converts) it to ``OUT``.
A file named ``OUT`` is therefore always complete. :func:`run` with ``resume=True`` keeps the
complete lines of ``OUT.partial`` (a line torn by a kill is dropped), checks that they match the
first rows of the input id by id, and scores only the rest: nothing lost, nothing twice.

Scale-out on Dask: :func:`score_dask` maps :func:`reliability.score_frame` over partitions::

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    from reliability.batch import score_dask

    client = Client(LocalCluster())            # or Client("scheduler-address:8786")
    articles = dd.read_parquet("articles/", columns=["id", "text"])
    score_dask(articles, text_col="text", id_col="id").to_parquet("scores/")
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reliability import config
from reliability.errors import InputError, ReliabilityError
from reliability.profile import Profile

if TYPE_CHECKING:
    from reliability.scorer import Scorer

# Thresholds (to move into reliability/config.py)
#: Articles per worker task: large enough that task overhead stays under 1% even at 2 ms per
#: article, small enough that output streams and progress moves every few seconds.
CHUNK_ITEMS = 64
#: A chunk also closes at this many characters, so a run of huge articles stays bounded in memory.
CHUNK_CHARS = 4_000_000
#: Chunks in flight per worker: two keep every worker busy while bounding memory.
INFLIGHT_PER_JOB = 2
#: Texts longer than this are refused with an error row instead of truncated: ten times the
#: scorer's own limit is never an article, and shipping it to a worker would waste memory.
MAX_ITEM_CHARS = 10 * config.MAX_CHARS
#: Rows per Parquet read batch and per Parquet write batch.
TABLE_BATCH_ROWS = 2048

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet",
                  ".pq": "parquet"}
FORMATS = ("jsonl", "csv", "parquet")
PARTIAL_SUFFIX = ".partial"
#: Columns of the flat row (``Profile.to_row``), in order; an error row has the same columns.
ROW_COLUMNS: tuple[str, ...] = tuple(Profile.failed("", "").to_row())


class OutputError(ReliabilityError):
    """The output cannot be written, or an interrupted run cannot be resumed as asked."""


@dataclass(frozen=True, slots=True)
class Item:
    """One article to score: its id and text (HTML markup when ``html``), or why it is unreadable."""

    id: str
    text: str | bytes | None = None
    error: str | None = None
    html: bool = False


@dataclass(frozen=True, slots=True)
class Done:
    """One output row written: its id, its error, and whether an earlier run had written it."""

    id: str
    error: str | None = None
    skipped: bool = False


# ------------------------------------------------------------------------------------- reading

def read_text_file(path: Path) -> Item:
    """Read one UTF-8 text file (byte-order mark dropped) or HTML file; the id is the file stem."""
    try:
        if path.stat().st_size > MAX_ITEM_CHARS * 4:  # 4 bytes per character at most in UTF-8
            return Item(path.stem, error=f"{path} is {path.stat().st_size} bytes; the limit is "
                                         f"{MAX_ITEM_CHARS} characters")
        data = path.read_bytes()
    except OSError as exc:
        return Item(path.stem, error=f"cannot read {path}: {exc.strerror or exc}")
    if path.suffix.lower() in HTML_SUFFIXES:
        return Item(path.stem, data, html=True)  # trafilatura finds the encoding itself
    try:
        return Item(path.stem, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Item(path.stem, error=f"{path} is not UTF-8 text (invalid byte at position "
                                     f"{exc.start}): convert it to UTF-8 first")


def _row_item(stem: str, n: int, row: dict, text_col: str, id_col: str | None) -> Item:
    raw_id = row.get(id_col) if id_col is not None else None
    # Without an id column (or with a blank id) the row is named by file and 0-based position.
    id_ = f"{stem}:{n}" if raw_id is None or raw_id == "" else str(raw_id)
    if text_col not in row:
        return Item(id_, error=f"row has no {text_col!r} field (fields: {', '.join(map(str, row))})")
    return Item(id_, row[text_col])


def _read_csv(path: Path, text_col: str, id_col: str | None) -> Iterator[Item]:
    # The csv module, not pandas: one output row per physical record even when a record is
    # ragged or oversized (pandas would stop, or silently skip the bad line).
    csv.field_size_limit(MAX_ITEM_CHARS)
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as f:
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
                except ValueError as exc:
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


def iter_items(paths: Sequence[str], text_col: str = "text", id_col: str | None = None,
               stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Yield one item per article named by ``paths``, in order (HTML not yet extracted).

    Args:
        paths: Files, directories (their ``.txt``/``.html``/``.htm`` files, sorted by name; the id
            is the file stem), tables (``.csv``, ``.jsonl``, ``.parquet``: one item per row), or
            ``-`` for standard input (one article, id ``stdin``).
        text_col: Table column holding the text.
        id_col: Table column holding the id (default: ``<file stem>:<row number from 0>``).
        stdin: Binary stream used for ``-`` (default: the process's standard input).
    """
    for p in _expand(paths):
        if p == "-":
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            try:
                yield Item("stdin", data.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                yield Item("stdin", error=f"standard input is not UTF-8 text (invalid byte at "
                                          f"position {exc.start})")
        elif isinstance(p, str):
            path = Path(p)
            why = f"{p} holds no .txt/.html files" if path.is_dir() else f"{p} does not exist"
            yield Item(path.name if path.is_dir() else (path.stem or p), error=why)
        elif (kind := TABLE_SUFFIXES.get(p.suffix.lower())) is not None:
            try:
                yield from _TABLE_READERS[kind](p, text_col, id_col)
            except Exception as exc:  # an unreadable table still leaves a row that names it
                yield Item(p.stem, error=f"cannot read {p} as {kind}: {type(exc).__name__}: {exc}")
        else:
            yield read_text_file(p)


def check_columns(paths: Sequence[str], text_col: str, id_col: str | None) -> None:
    """Raise :class:`InputError` when a CSV or Parquet input lacks ``text_col`` or ``id_col``.

    Checked before scoring so a typo in a column name fails at once, not as a million error rows.
    """
    for p in _expand(paths):
        kind = TABLE_SUFFIXES.get(p.suffix.lower()) if isinstance(p, Path) else None
        if kind == "csv":
            with p.open(encoding="utf-8-sig", newline="", errors="replace") as f:
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
        kind = TABLE_SUFFIXES.get(p.suffix.lower()) if isinstance(p, Path) else None
        if kind == "parquet":
            import pyarrow.parquet as pq

            total += pq.ParquetFile(p).metadata.num_rows
        elif kind is not None:
            total += sum(1 for _ in _TABLE_READERS[kind](p, text_col, None))
        else:
            total += 1
    return total


# ------------------------------------------------------------------------------------- scoring

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


def _ready(item: Item) -> tuple[str, Any, str | None]:
    """Return ``(id, text, error)``: HTML extracted, empty and oversized text refused."""
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
               id_col: str | None = None) -> Iterator[Item]:
    """Like :func:`iter_items`, with HTML already turned into article text."""
    for item in iter_items(paths, text_col, id_col, stdin):
        if item.html:
            id_, text, error = _ready(item)
            yield Item(id_, text, error)
        else:
            yield item


def _score_ready(ready: Iterable[tuple[str, Any, str | None]], scorer: Scorer) -> Iterator[Profile]:
    for id_, text, error in ready:
        yield Profile.failed(id_, error) if error is not None else next(scorer.score_many([(id_, text)]))


def score_items(items: Iterable[Item], scorer: Scorer) -> Iterator[Profile]:
    """Score items in order; an item that failed to read becomes an error profile."""
    return _score_ready(map(_ready, items), scorer)


def score_chunk(chunk: Sequence[Item], rows: bool = False) -> list[tuple[str, str, str | None]]:
    """Score a chunk with this process's default scorer; return ``(json line, id, error)`` each.

    The worker serialises, so only short strings travel back to the parent, never profiles.
    """
    from reliability.scorer import default_scorer

    out = []
    for p in _score_ready(map(_ready, chunk), default_scorer()):
        record = p.to_row() if rows else p.to_dict()
        out.append((json.dumps(record, ensure_ascii=False) + "\n", p.id, p.error))
    return out


def chunked(items: Iterable[Item], size: int = CHUNK_ITEMS) -> Iterator[list[Item]]:
    """Group items into lists of at most ``size`` items and about ``CHUNK_CHARS`` characters."""
    chunk: list[Item] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(item.text) if isinstance(item.text, (str, bytes)) else 0
        if len(chunk) >= size or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def score_chunks(chunks: Iterable[list[Item]], rows: bool = False,
                 jobs: int = 1) -> Iterator[list[tuple[str, str, str | None]]]:
    """Score chunks on ``jobs`` processes; yield results chunk by chunk, in input order.

    joblib's loky executor is used with at most ``INFLIGHT_PER_JOB * jobs`` chunks submitted:
    ``Parallel(return_as="generator")`` keeps dispatching while the consumer is slow, so its
    memory would grow with the input. Workers persist, so each builds its scorer once. A single
    chunk is scored in this process: starting workers would cost more than it saves.
    """
    it = iter(chunks)
    head = [c for c in (next(it, None), next(it, None)) if c]
    if jobs <= 1 or len(head) < 2:
        for c in chain(head, it):
            yield score_chunk(c, rows)
        return
    from joblib.externals.loky import get_reusable_executor

    pool = get_reusable_executor(max_workers=jobs)
    pending: deque = deque()
    for c in chain(head, it):
        pending.append(pool.submit(score_chunk, c, rows))
        if len(pending) >= INFLIGHT_PER_JOB * jobs:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# ------------------------------------------------------------------------------------- writing

def output_format(output: Path | None, fmt: str | None = None) -> str:
    """Return ``fmt`` if given, else the format the output file's extension names, else jsonl."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise OutputError(f"unknown output format {fmt!r}; choose from {list(FORMATS)}")
        return fmt
    suffix = output.suffix.lower() if output is not None else ""
    return {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}.get(suffix, "jsonl")


def partial_path(output: Path) -> Path:
    """Return where rows go while a run to ``output`` is not finished: ``<output>.partial``."""
    return output.with_name(output.name + PARTIAL_SUFFIX)


def recover_partial(path: Path) -> int:
    """Cut an interrupted run's file after its last complete line; return how many lines remain.

    Lines are whole JSON objects without raw newlines, so a line torn by a kill is the bytes
    after the last newline (and, after a power cut, a last line that does not parse).
    """
    with path.open("r+b") as f:
        # One forward pass: count newlines, remember where the last two complete lines start.
        count = pos = prev = last = 0
        for block in iter(lambda: f.read(1 << 20), b""):
            n = block.count(b"\n")
            if n:
                i = block.rfind(b"\n")
                prev = pos + block.rfind(b"\n", 0, i) + 1 if n > 1 else last
                last = pos + i + 1
                count += n
            pos += len(block)
        f.seek(prev)
        if count and not _parses(f.read(last - prev)):
            last, count = prev, count - 1
        f.truncate(last)
    return count


def _parses(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _skip_done(items: Iterator[Item], partial: Path, done: int, rows: bool) -> Iterator[Done]:
    """Consume the first ``done`` items, checking them against the partial file id by id."""
    with partial.open("rb") as f:
        for k in range(done):
            old = json.loads(f.readline())
            if k == 0 and ("schema" in old) == rows:
                raise OutputError(f"{partial} was written for another output format; delete it "
                                  "to start over, or resume with the format it was started with")
            item = next(items, None)
            if item is None or item.id != str(old.get("id")):
                raise OutputError(
                    f"cannot resume: input row {k} is {item.id if item else 'missing'!r} but {partial} "
                    f"has {old.get('id')!r} there, so the input changed since the interrupted run; "
                    f"delete {partial} to start over")
            yield Done(item.id, old.get("error"), skipped=True)


def column_kind(column: str) -> str:
    """Return ``float``, ``int``, ``bool`` or ``str``: the type of one flat-row column."""
    if column == "reliability" or column.endswith("_score"):
        return "float"
    if column == "judged":
        return "bool"
    if column in ("id", "band", "warnings", "error"):
        return "str"
    return "int"


def _batches(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while batch := [r for _, r in zip(range(size), rows)]:
        yield batch


def write_csv(rows: Iterable[dict], out: IO[str]) -> None:
    """Write flat rows as CSV with a header, one line per row."""
    writer = csv.DictWriter(out, ROW_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def write_parquet(rows: Iterable[dict], path: Path) -> None:
    """Write flat rows to a Parquet file, a batch at a time (typed columns, nulls for errors)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(), "str": pa.string()}
    schema = pa.schema([(c, types[column_kind(c)]) for c in ROW_COLUMNS])
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(iter(rows), TABLE_BATCH_ROWS):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def _finish(partial: Path, output: Path, fmt: str) -> None:
    """Turn a finished partial file into ``output`` with one atomic rename."""
    if fmt == "jsonl":
        os.replace(partial, output)
        return
    tmp = output.with_name(output.name + ".tmp")
    with partial.open("rb") as f:
        rows = (json.loads(line) for line in f)
        if fmt == "csv":
            with tmp.open("w", encoding="utf-8", newline="") as out:
                write_csv(rows, out)
        else:
            write_parquet(rows, tmp)
    os.replace(tmp, output)
    partial.unlink()


def run(paths: Sequence[str], output: Path | None = None, fmt: str | None = None, *,
        text_col: str = "text", id_col: str | None = None, jobs: int = 1, resume: bool = False,
        chunk_items: int = CHUNK_ITEMS, stdout: IO[str] | None = None,
        stdin: IO[bytes] | None = None) -> Iterator[Done]:
    """Score every article in ``paths`` and write one row each, in input order.

    Args:
        paths: Inputs, as for :func:`iter_items`.
        output: File to write; None streams to ``stdout`` (JSON Lines or CSV).
        fmt: ``jsonl`` (full profiles), ``csv`` or ``parquet`` (flat rows); default: from
            ``output``'s extension, else jsonl.
        text_col: Table column holding the text.
        id_col: Table column holding the id.
        jobs: Worker processes.
        resume: Continue an interrupted run to ``output`` from ``<output>.partial``.
        chunk_items: Articles per worker task.
        stdout: Text stream for ``output=None`` (default: the process's standard output).
        stdin: Binary stream for ``-``.

    Yields:
        One :class:`Done` per row, after it is written (for progress and error reports).

    Raises:
        OutputError: The output cannot be written, or a resume does not match the input.
    """
    fmt = output_format(output, fmt)
    rows = fmt != "jsonl"
    items = iter_items(paths, text_col, id_col, stdin)
    if output is None:
        if resume or fmt == "parquet":
            raise OutputError("--resume and Parquet need an output file: give -o FILE")
        out = stdout if stdout is not None else sys.stdout
        writer = csv.DictWriter(out, ROW_COLUMNS) if rows else None
        if writer is not None:
            writer.writeheader()
        for chunk in score_chunks(chunked(items, chunk_items), rows, jobs):
            for line, id_, error in chunk:
                writer.writerow(json.loads(line)) if writer is not None else out.write(line)
                yield Done(id_, error)
            out.flush()
        return
    partial = partial_path(output)
    done = 0
    if partial.exists():
        if not resume:
            raise OutputError(f"{partial} is left from an interrupted run: add --resume to continue "
                              "it, or delete it to start over")
        done = recover_partial(partial)
    elif resume and output.exists():
        return  # that run finished: there is nothing left to do
    try:
        f = partial.open("ab" if done else "wb")
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
    with f:
        if done:
            yield from _skip_done(items, partial, done, rows)
        for chunk in score_chunks(chunked(items, chunk_items), rows, jobs):
            try:
                f.write("".join(line for line, _, _ in chunk).encode("utf-8"))
                f.flush()  # a whole chunk reaches the OS before its rows count as done
            except OSError as exc:
                raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
            for _, id_, error in chunk:
                yield Done(id_, error)
    try:
        _finish(partial, output, fmt)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None


# ---------------------------------------------------------------------------------------- dask

def typed_rows(frame: Any) -> Any:
    """Return a frame of flat rows with the columns of :data:`ROW_COLUMNS` and fixed dtypes."""
    dtypes = {"float": "float64", "int": "Int64", "bool": "boolean", "str": "object"}
    frame = frame.reindex(columns=list(ROW_COLUMNS))
    return frame.astype({c: dtypes[column_kind(c)] for c in ROW_COLUMNS})


def score_partition(frame: Any, text_col: str = "text", id_col: str | None = None) -> Any:
    """Score one pandas partition with :func:`reliability.score_frame`; typed flat rows."""
    from reliability.scorer import score_frame

    return typed_rows(score_frame(frame, text_col=text_col, id_col=id_col))


def score_dask(frame: Any, text_col: str = "text", id_col: str | None = None) -> Any:
    """Score a ``dask.dataframe`` lazily, partition by partition (see the module docstring).

    Args:
        frame: A dask DataFrame with a text column (and optionally an id column).
        text_col: Column holding the text.
        id_col: Column holding the id (default: the frame's index).

    Returns:
        A lazy dask DataFrame of flat rows (:data:`ROW_COLUMNS`), one per input row, in order.
    """
    import pandas as pd

    meta = typed_rows(pd.DataFrame(columns=list(ROW_COLUMNS)))
    return frame.map_partitions(score_partition, text_col, id_col, meta=meta)
