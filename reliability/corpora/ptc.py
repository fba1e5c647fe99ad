"""Propaganda Techniques Corpus (Da San Martino et al., EMNLP 2019): spans and sentence labels.

Sentence labels follow the official sentence-level task (SLC, NLP4IF 2019): a sentence is
propaganda when it contains at least one technique fragment. The official unit is a line of the
article file; :func:`sentences` uses OUR splitter (:func:`reliability.text.parse`) by default, the
unit the markers score, and ``unit="line"`` gives the official one. "Contains" is implemented as
"overlaps by at least one character": fragments may cross our sentence boundaries, and a
technique fragment reaching into a sentence makes that sentence carry the technique.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from reliability.corpora import DataMissing, data_dir, ptc_articles
from reliability.text import parse

SPLITS = ("train", "dev")
# The techniques the loaded-language marker answers for (data README, "marker it serves").
LOADED_FAMILY = frozenset({"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation",
                           "Appeal_to_fear-prejudice"})
# A non-blank line of the article file: the official SLC unit (PTC articles hold one sentence a line).
_LINE = re.compile(r"[^\r\n]+")
SPAN_COLUMNS = ["article_id", "technique", "start", "end"]
SENTENCE_COLUMNS = ["article_id", "sentence", "start", "end", "text", "paragraph", "heading",
                    "boilerplate", "propaganda", "loaded_family", "techniques"]


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"PTC split must be one of {SPLITS} (the test split is held back), not {split!r}")


def spans(split: str = "train", data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return the technique spans of ``split``: ``article_id, technique, start, end``.

    Offsets index the article text read in UTF-8 text mode, as published (one train span ends two
    characters past its article; it is kept as published, not clipped).

    Raises:
        DataMissing: The annotation folder is not there.
    """
    _check_split(split)
    folder = data_dir(data) / "propaganda" / "ptc2019" / split / "raw_annotations"
    if not folder.is_dir():
        raise DataMissing(f"PTC {split} annotations not found under {folder}")
    rows = []
    for f in sorted(folder.glob("article*.labels.tsv")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article_id, technique, start, end = line.split("\t")
                rows.append((article_id, technique, int(start), int(end)))
    return pd.DataFrame(rows, columns=SPAN_COLUMNS)


def overlapping(units: Sequence[tuple[int, int]], marks: Iterable[tuple[str, int, int]]) -> list[set[str]]:
    """For each ``(start, end)`` unit, the set of mark names whose ``(name, start, end)`` overlaps it.

    Overlap means sharing at least one character (``s < unit_end and e > unit_start``). Units must
    be sorted and non-overlapping (sentences are); each mark costs a binary search plus the units
    it covers, so a document costs O((units + marks) log units).
    """
    from bisect import bisect_right

    found: list[set[str]] = [set() for _ in units]
    ends = [e for _, e in units]
    for name, s, e in marks:
        i = bisect_right(ends, s)  # first unit ending after the mark starts
        while i < len(units) and units[i][0] < e:
            if units[i][1] > s and e > s:
                found[i].add(name)
            i += 1
    return found


def _units(text: str, unit: str) -> list[tuple[int, int, int, bool, bool]]:
    """``(start, end, paragraph, heading, boilerplate)`` of each unit of ``text``."""
    if unit == "sentence":
        return [(s.start, s.end, s.paragraph, s.heading, s.boilerplate) for s in parse(text).sentences]
    out = []
    for p, m in enumerate(m for m in _LINE.finditer(text) if m.group().strip()):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b, p, False, False))
    return out


def sentences(split: str = "train", data: str | os.PathLike | None = None,
              unit: str = "sentence") -> pd.DataFrame:
    """Split every PTC article of ``split`` into sentences and label them from the spans.

    Args:
        split: ``train`` or ``dev``.
        data: Data folder (default ``$RELIABILITY_DATA`` or ``../shared/data``).
        unit: ``sentence`` (our splitter) or ``line`` (the official SLC unit: a non-blank line).

    Returns:
        One row per unit: ``article_id``, ``sentence`` (index in the article), ``start``, ``end``
        (offsets into the article; ``text == article[start:end]``), ``text``, ``paragraph``,
        ``heading``, ``boilerplate`` (from the splitter; False for lines), ``propaganda`` (any
        technique overlaps), ``loaded_family`` (a ``LOADED_FAMILY`` technique overlaps) and
        ``techniques`` (sorted list of the overlapping techniques).
    """
    if unit not in ("sentence", "line"):
        raise ValueError(f"unit must be 'sentence' or 'line', not {unit!r}")
    by_article: dict[str, list[tuple[str, int, int]]] = {}
    for r in spans(split, data).itertuples(index=False):
        by_article.setdefault(r.article_id, []).append((r.technique, r.start, r.end))
    rows = []
    for article_id, text in ptc_articles(split, data):
        units = _units(text, unit)
        labels = overlapping([(a, b) for a, b, *_ in units], by_article.get(article_id, ()))
        for i, ((a, b, para, heading, boiler), techs) in enumerate(zip(units, labels)):
            rows.append((article_id, i, a, b, text[a:b], para, heading, boiler, bool(techs),
                         bool(techs & LOADED_FAMILY), sorted(techs)))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
