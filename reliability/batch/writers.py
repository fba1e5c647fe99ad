"""Batch output: JSON Lines, CSV and Parquet rows, the ``.partial`` file, and resuming.

With an output file ``OUT`` the rows go to ``OUT.partial`` (JSON Lines, flushed after every
chunk); only a finished run renames (or, for CSV/Parquet, converts) it to ``OUT``, so a file
named ``OUT`` is always complete. A resumed run keeps the complete lines of ``OUT.partial``
(:func:`recover_partial`) and checks them against the input id by id (:func:`skip_done`).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reliability.batch.readers import TABLE_BATCH_ROWS, Item
from reliability.errors import ReliabilityError
from reliability.profile import Profile

FORMATS = ("jsonl", "csv", "parquet")
PARTIAL_SUFFIX = ".partial"
#: Columns of the flat row (``Profile.to_row``), in order; an error row has the same columns.
ROW_COLUMNS: tuple[str, ...] = tuple(Profile.failed("", "").to_row())


class OutputError(ReliabilityError):
    """The output cannot be written, or an interrupted run cannot be resumed as asked."""


@dataclass(frozen=True, slots=True)
class Done:
    """One output row written: its id, its error, and whether an earlier run had written it."""

    id: str
    error: str | None = None
    skipped: bool = False


@contextmanager
def writing(output: Path | str) -> Iterator[None]:
    """Turn an :class:`OSError` raised inside the block into an :class:`OutputError` on ``output``."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None


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


def skip_done(items: Iterator[Item], partial: Path, done: int, rows: bool) -> Iterator[Done]:
    """Consume the first ``done`` items, checking them against the partial file id by id.

    Raises:
        OutputError: The partial file was written for another format, or the input changed.
    """
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


def csv_writer(out: IO[str]) -> csv.DictWriter:
    """Return a CSV writer of flat rows on ``out``, its header already written."""
    writer = csv.DictWriter(out, ROW_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    return writer


def write_csv(rows: Iterable[dict], out: IO[str]) -> None:
    """Write flat rows as CSV with a header, one line per row."""
    csv_writer(out).writerows(rows)


def write_parquet(rows: Iterable[dict], path: Path) -> None:
    """Write flat rows to a Parquet file, a batch at a time (typed columns, nulls for errors)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_(), "str": pa.string()}
    schema = pa.schema([(c, types[column_kind(c)]) for c in ROW_COLUMNS])
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(iter(rows), TABLE_BATCH_ROWS):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def finish(partial: Path, output: Path, fmt: str) -> None:
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
