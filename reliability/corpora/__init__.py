"""Readers for the public corpora in the data folder (default ``../shared/data``).

The data folder is never copied into the project: these readers stream from it, and code
that needs it takes its path as an argument (or ``RELIABILITY_DATA``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

DEFAULT_DATA = "../shared/data"


class DataMissing(FileNotFoundError):
    """The data folder, or one corpus in it, is not there."""


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """Resolve the data folder: ``path``, else ``$RELIABILITY_DATA``, else ``../shared/data``.

    Raises:
        DataMissing: The folder does not exist.
    """
    p = Path(path or os.environ.get("RELIABILITY_DATA") or DEFAULT_DATA)
    if not p.is_dir():
        raise DataMissing(f"data folder {p} not found: pass --data PATH or set RELIABILITY_DATA")
    return p


def news_texts(path: str | os.PathLike | None = None) -> Iterator[str]:
    """Yield raw article texts from PTC (train and dev) and PolNeAR (train), for unsupervised use."""
    root = data_dir(path)
    for folder in ("propaganda/ptc2019/train/articles", "propaganda/ptc2019/dev/articles",
                   "attribution/polnear/train/text"):
        for f in sorted((root / folder).glob("*.txt")):
            yield f.read_text(encoding="utf-8")


def ptc_articles(split: str = "dev", path: str | os.PathLike | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(article_id, text)`` for the PTC articles of ``split`` (``train`` or ``dev``).

    Texts are read in UTF-8 text mode, the mode PTC's character offsets refer to.
    """
    folder = data_dir(path) / "propaganda" / "ptc2019" / split / "articles"
    if not folder.is_dir():
        raise DataMissing(f"PTC {split} articles not found under {folder}")
    for f in sorted(folder.glob("article*.txt")):
        yield f.stem.removeprefix("article"), f.read_text(encoding="utf-8")
