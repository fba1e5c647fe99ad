"""Reader for PolNeAR (Newell et al. 2018), political news with attribution annotations.

Layout under the data folder: ``attribution/polnear/<split>/text/<article>.txt`` and
``attribution/polnear/<split>/attributions/<article>_<annotator>.ann`` (brat standoff). Each
attribution is an event line (``E1\\tAttribution:T4 Content:T3 Cue:T2 Source:T1``) whose roles
point at text-bound lines (``T2\\tCue 221 225\\tsays``); spans may be discontinuous
(``3223 3246;3248 3443``). Offsets are character offsets into the text read in UTF-8 mode.

A few articles were annotated by several annotators (to measure agreement); we keep the
annotation of the annotator whose id sorts first, so every run reads the same gold.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reliability.corpora import DataMissing, data_dir

# "T12<TAB>Cue 221 225;230 240<TAB>text": the text part may run over several lines; we only
# need the offsets, so only the first line matters.
_TEXT_BOUND = re.compile(r"^(T\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)\t")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution; each role is a tuple of ``(start, end)`` pieces (maybe empty)."""

    id: str
    cue: Spans
    source: Spans
    content: Spans


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    """One article with one annotator's attributions."""

    id: str
    annotator: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def parse_ann(ann: str) -> tuple[GoldAttribution, ...]:
    """Parse the text of a brat ``.ann`` file into attributions (events with a cue).

    Args:
        ann: The whole file as text.

    Returns:
        Attributions in file order; events without a cue are dropped.
    """
    bounds: dict[str, Spans] = {}
    events: list[tuple[str, str]] = []
    for line in ann.splitlines():
        m = _TEXT_BOUND.match(line)
        if m:
            bounds[m.group(1)] = tuple(
                (int(a), int(b)) for a, b in (p.split() for p in m.group(3).split(";")))
            continue
        m = _EVENT.match(line)
        if m:
            events.append((m.group(1), m.group(2)))
    out: list[GoldAttribution] = []
    for eid, args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Cue": [], "Source": [], "Content": []}
        for arg in args.split():
            role, _, ref = arg.partition(":")
            # "Content2" is a second content piece: same role.
            role = role.rstrip("0123456789")
            if role in roles and ref in bounds:
                roles[role].extend(bounds[ref])
        if roles["Cue"]:
            out.append(GoldAttribution(eid, tuple(sorted(roles["Cue"])), tuple(sorted(roles["Source"])),
                                       tuple(sorted(roles["Content"]))))
    return tuple(out)


def _split_dir(split: str, path: str | os.PathLike | None) -> Path:
    folder = data_dir(path) / "attribution" / "polnear" / split
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise DataMissing(f"PolNeAR {split} not found under {folder}")
    return folder


def articles(split: str = "dev", path: str | os.PathLike | None = None) -> Iterator[PolnearArticle]:
    """Yield the PolNeAR articles of ``split`` (``train`` or ``dev``) with their gold attributions.

    Args:
        split: Folder name under ``attribution/polnear``.
        path: Data folder (default ``$RELIABILITY_DATA`` or ``../shared/data``).

    Raises:
        DataMissing: The split is not there.
    """
    folder = _split_dir(split, path)
    anns: dict[str, list[tuple[str, Path]]] = {}
    for f in (folder / "attributions").glob("*.ann"):
        article, _, annotator = f.stem.rpartition("_")
        anns.setdefault(article, []).append((annotator, f))
    for article in sorted(anns):
        text_file = folder / "text" / f"{article}.txt"
        if not text_file.is_file():
            continue
        annotator, ann_file = min(anns[article])
        yield PolnearArticle(article, annotator, text_file.read_text(encoding="utf-8"),
                             parse_ann(ann_file.read_text(encoding="utf-8")))
