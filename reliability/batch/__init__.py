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

The code is in three modules; every public name is importable from here:

- :mod:`reliability.batch.readers`: paths to :class:`Item` rows (txt, html, csv, jsonl, parquet,
  stdin), column checks, counting, HTML extraction.
- :mod:`reliability.batch.writers`: output formats, the ``.partial`` file and resuming.
- :mod:`reliability.batch.runner`: chunking, parallel scoring, :func:`run`, the Dask functions.

The settings (``MAX_ITEM_CHARS``, ``CHUNK_ITEMS``, ...) live in the module that uses them; the
names here are copies, so change or patch them there.
"""

from __future__ import annotations

from reliability.batch.readers import (HTML_SUFFIXES, MAX_ITEM_CHARS, TABLE_BATCH_ROWS,
                                       TABLE_SUFFIXES, TEXT_SUFFIXES, Item, check_columns,
                                       count_items, extract_html, iter_items, prepare, read_paths,
                                       read_text_file)
from reliability.batch.runner import (CHUNK_CHARS, CHUNK_ITEMS, INFLIGHT_PER_JOB, chunked, run,
                                      score_chunk, score_chunks, score_dask, score_items,
                                      score_partition, typed_rows)
from reliability.batch.writers import (FORMATS, PARTIAL_SUFFIX, ROW_COLUMNS, Done, OutputError,
                                       column_kind, output_format, partial_path, recover_partial,
                                       write_csv, write_parquet)
from reliability.errors import InputError, ReliabilityError

__all__ = [
    "CHUNK_CHARS", "CHUNK_ITEMS", "FORMATS", "HTML_SUFFIXES", "INFLIGHT_PER_JOB", "MAX_ITEM_CHARS",
    "PARTIAL_SUFFIX", "ROW_COLUMNS", "TABLE_BATCH_ROWS", "TABLE_SUFFIXES", "TEXT_SUFFIXES",
    "Done", "InputError", "Item", "OutputError", "ReliabilityError", "check_columns", "chunked",
    "column_kind", "count_items", "extract_html", "iter_items", "output_format", "partial_path",
    "prepare", "read_paths", "read_text_file", "recover_partial", "run", "score_chunk",
    "score_chunks", "score_dask", "score_items", "score_partition", "typed_rows", "write_csv",
    "write_parquet",
]
