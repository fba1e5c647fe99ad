"""Batch scoring: chunk the items, score chunks across processes, write rows in input order.

:func:`run` reads with :mod:`reliability.batch.readers`, scores in chunks with a bounded number
of chunks in flight (:func:`score_chunks`), and writes with :mod:`reliability.batch.writers`,
so memory does not grow with the input. :func:`score_dask` is the scale-out alternative: it maps
:func:`reliability.score_frame` over the partitions of a Dask DataFrame.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reliability.batch.readers import Item, iter_items, prepare
from reliability.batch.writers import (
    ROW_COLUMNS,
    Done,
    OutputError,
    column_kind,
    csv_writer,
    finish,
    output_format,
    partial_path,
    recover_partial,
    skip_done,
    writing,
)
from reliability.profile import Profile

if TYPE_CHECKING:
    from reliability.scorer import Scorer

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
#: Articles per worker task: large enough that task overhead stays under 1% even at 2 ms per
#: article, small enough that output streams and progress moves every few seconds.
CHUNK_ITEMS = 64
#: A chunk also closes at this many characters, so a run of huge articles stays bounded in memory.
CHUNK_CHARS = 4_000_000
#: Chunks in flight per worker: two keep every worker busy while bounding memory.
INFLIGHT_PER_JOB = 2


# ------------------------------------------------------------------------------------- scoring

def _score_ready(ready: Iterable[tuple[str, Any, str | None]], scorer: Scorer) -> Iterator[Profile]:
    from reliability.scorer import SCORE_BATCH

    it = iter(ready)
    # Slices of the stream go to score_many together, so its batching applies; items that
    # failed to read keep their place as error rows.
    while batch := list(islice(it, SCORE_BATCH)):
        scored = scorer.score_many([(id_, text) for id_, text, error in batch if error is None])
        for id_, _, error in batch:
            yield Profile.failed(id_, error) if error is not None else next(scored)


def score_items(items: Iterable[Item], scorer: Scorer) -> Iterator[Profile]:
    """Score items in order; an item that failed to read becomes an error profile."""
    return _score_ready(map(prepare, items), scorer)


def score_chunk(chunk: Sequence[Item], rows: bool = False,
                scorer_args: tuple = ()) -> list[tuple[str, str, str | None]]:
    """Score a chunk with this process's cached scorer; return ``(json line, id, error)`` each.

    The worker serialises, so only short strings travel back to the parent, never profiles.
    ``scorer_args`` are :func:`reliability.scorer.scorer_for`'s arguments (model path, trust,
    encoding errors): only they travel to the worker, which builds its scorer once.
    """
    from reliability.scorer import scorer_for

    out = []
    for p in _score_ready(map(prepare, chunk), scorer_for(*scorer_args)):
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


def _start_worker(scorer_args: tuple) -> None:
    """Prepare a worker process (ours alone) as the command prepares itself.

    Without the unused pandas and scipy.stats imports (about a second of every worker's start),
    with its scorer built before the first chunk, and the loaded model frozen out of the garbage
    collector's walks (:func:`reliability._startup.freeze_loaded`).
    """
    from reliability._startup import defer_heavy_imports

    defer_heavy_imports()
    _build_scorer(scorer_args)


def _build_scorer(scorer_args: tuple) -> None:
    """Build this process's scorer before its first chunk, then freeze what is loaded
    (:func:`reliability._startup.freeze_loaded`: only in a process the command owns, so a
    library user's is left alone), so that no garbage collection walks the model again, the
    interpreter's last one at exit included (about 0.25 s of a one-article run)."""
    from reliability._startup import freeze_loaded
    from reliability.scorer import scorer_for

    try:
        scorer_for(*scorer_args)
    except Exception:  # noqa: BLE001 - the first chunk raises it again, where errors are handled
        pass
    freeze_loaded()


def score_chunks(chunks: Iterable[list[Item]], rows: bool = False, jobs: int = 1,
                 scorer_args: tuple = ()) -> Iterator[list[tuple[str, str, str | None]]]:
    """Score chunks on ``jobs`` processes; yield results chunk by chunk, in input order.

    joblib's loky executor is used with at most ``INFLIGHT_PER_JOB * jobs`` chunks submitted:
    ``Parallel(return_as="generator")`` keeps dispatching while the consumer is slow, so its
    memory would grow with the input. Workers persist, so each builds its scorer once. A single
    chunk is scored in this process: starting workers would cost more than it saves.
    """
    it = iter(chunks)
    head = [c for c in (next(it, None), next(it, None)) if c]
    if jobs <= 1 or len(head) < 2:
        if jobs > 1 and head:  # the command left loading the model to the workers (cli.score)
            _build_scorer(scorer_args)
        for c in chain(head, it):
            yield score_chunk(c, rows, scorer_args)
        return
    from joblib.externals.loky import get_reusable_executor

    pool = get_reusable_executor(max_workers=jobs, initializer=_start_worker, initargs=(scorer_args,))
    pending: deque = deque()
    for c in chain(head, it):
        pending.append(pool.submit(score_chunk, c, rows, scorer_args))
        if len(pending) >= INFLIGHT_PER_JOB * jobs:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# ----------------------------------------------------------------------------------------- run

def run(paths: Sequence[str], output: Path | None = None, fmt: str | None = None, *,
        text_col: str = "text", id_col: str | None = None, jobs: int = 1, resume: bool = False,
        chunk_items: int = CHUNK_ITEMS, stdout: IO[str] | None = None,
        stdin: IO[bytes] | None = None, model: str | None = None,
        trust_model: bool = False, encoding_errors: str = "strict") -> Iterator[Done]:
    """Score every article in ``paths`` and write one row each, in input order.

    Args:
        paths: Inputs, as for :func:`reliability.batch.readers.iter_items`.
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
        model: A model file other than the shipped one (each worker loads it once).
        trust_model: Required with ``model``: loading a model file runs code from it.
        encoding_errors: ``replace`` scores text that is not UTF-8 with replacement characters
            and an ``encoding_replaced`` warning instead of an error row.

    Yields:
        One :class:`Done` per row, after it is written (for progress and error reports).

    Raises:
        OutputError: The output cannot be written, or a resume does not match the input.
    """
    fmt = output_format(output, fmt)
    rows = fmt != "jsonl"
    items = iter_items(paths, text_col, id_col, stdin, encoding_errors)
    scorer_args = (model, trust_model, encoding_errors)
    if output is None:
        if resume or fmt == "parquet":
            raise OutputError("--resume and Parquet need an output file: give -o FILE")
        yield from _run_to_stream(items, stdout if stdout is not None else sys.stdout, rows,
                                  chunk_items, jobs, scorer_args)
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
    with writing(output):
        f = partial.open("ab" if done else "wb")
    with f:
        if done:
            yield from skip_done(items, partial, done, rows)
        for chunk in score_chunks(chunked(items, chunk_items), rows, jobs, scorer_args):
            with writing(output):
                f.write("".join(line for line, _, _ in chunk).encode("utf-8"))
                f.flush()  # a whole chunk reaches the OS before its rows count as done
            for _, id_, error in chunk:
                yield Done(id_, error)
    with writing(output):
        finish(partial, output, fmt)


def _run_to_stream(items: Iterator[Item], out: IO[str], rows: bool, chunk_items: int, jobs: int,
                   scorer_args: tuple) -> Iterator[Done]:
    """Score and write to a text stream: JSON Lines, or CSV when ``rows``; flushed per chunk.

    A failed write (a full disk behind a redirect, a closed pipe) ends the run with an
    :class:`OutputError`, never a traceback or a silently short stream.
    """
    where = getattr(out, "name", None)
    where = "standard output" if where in (None, "<stdout>") else where
    with writing(where):
        writer = csv_writer(out) if rows else None
    for chunk in score_chunks(chunked(items, chunk_items), rows, jobs, scorer_args):
        for line, id_, error in chunk:
            with writing(where):
                writer.writerow(json.loads(line)) if writer is not None else out.write(line)
            yield Done(id_, error)
        with writing(where):
            out.flush()


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
    """Score a ``dask.dataframe`` lazily, partition by partition (see :mod:`reliability.batch`).

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
