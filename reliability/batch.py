"""Batch input and output: read articles from files, directories or standard input; write profiles.

Every input gives exactly one item: an unreadable file becomes an item with an ``error`` that
names it, so the batch goes on and the output keeps one row per input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reliability.profile import Profile
from reliability.scorer import Scorer

#: File endings read as plain-text articles when a directory is given.
TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True, slots=True)
class Item:
    """One article to score: its id and text, or why it could not be read."""

    id: str
    text: str | None = None
    error: str | None = None


def read_text_file(path: Path) -> Item:
    """Read one UTF-8 text file (a byte-order mark is dropped); the id is the file stem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Item(path.stem, error=f"cannot read {path}: {exc.strerror or exc}")
    try:
        return Item(path.stem, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Item(path.stem, error=f"{path} is not UTF-8 text (invalid byte at position "
                                     f"{exc.start}): convert it to UTF-8 first")


def read_paths(paths: Sequence[str], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Yield one item per article named by ``paths``.

    Args:
        paths: ``.txt`` files, directories (their ``*.txt`` files, sorted by name; the id is the
            file name without extension), or ``-`` for standard input (id ``stdin``).
        stdin: Binary stream used for ``-`` (default: the process's standard input).
    """
    for p in paths:
        if p == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            try:
                yield Item("stdin", data.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                yield Item("stdin", error=f"standard input is not UTF-8 text (invalid byte at "
                                          f"position {exc.start})")
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.iterdir() if f.suffix.lower() in TEXT_SUFFIXES)
            if not files:
                yield Item(path.name, error=f"{path} holds no {'/'.join(TEXT_SUFFIXES)} files")
            for f in files:
                yield read_text_file(f)
        elif path.exists():
            yield read_text_file(path)
        else:
            yield Item(path.stem or p, error=f"{p} does not exist")


def score_items(items: Iterable[Item], scorer: Scorer) -> Iterator[Profile]:
    """Score items in order; an item that failed to read becomes an error profile."""
    for item in items:
        if item.error is not None:
            yield Profile.failed(item.id, item.error)
        else:
            yield from scorer.score_many([(item.id, item.text)])


def write_jsonl(profiles: Iterable[Profile], out: IO[str]) -> Iterator[Profile]:
    """Write each profile as one JSON line, passing the profiles on (for counting/progress)."""
    for p in profiles:
        out.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        yield p
