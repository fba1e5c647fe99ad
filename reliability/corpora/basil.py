"""BASIL (Fan et al., EMNLP 2019): 100 events x 3 outlets (Fox, NYT, HuffPost), with lexical and
informational bias spans.

BASIL ships each article as a title plus paragraphs of pre-split sentences, and anchors every span
to one of those sentences (``id`` ``p<N>`` = N-th body sentence counting across paragraphs, or
``title``) by character offsets inside it. We rebuild one article text (title line, then one line
per paragraph, sentences joined by a space) and move every span into it, so spans index
``text`` like every other corpus here. Group by ``event_id``: the three articles of an event tell
the same story and must stay in one fold.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from reliability.corpora import DataMissing, data_dir

BIAS_NAMES = {"lex": "lexical", "inf": "informational"}
TITLE = -1  # sentence index we give the title; body sentences count from 0 as in BASIL's ids
ARTICLE_COLUMNS = ["article_id", "event_id", "outlet", "year", "date", "title", "text",
                   "main_event", "relative_stance"]
SPAN_COLUMNS = ["article_id", "event_id", "outlet", "bias", "sentence", "start", "end", "text",
                "polarity", "aim", "quote", "speaker", "target"]
SENTENCE_COLUMNS = ["article_id", "event_id", "outlet", "sentence", "start", "end", "text",
                    "lexical", "informational"]


def _root(data: str | os.PathLike | None) -> Path:
    root = data_dir(data) / "loaded" / "basil"
    if not (root / "articles").is_dir() or not (root / "annotations").is_dir():
        raise DataMissing(f"BASIL articles/annotations not found under {root}")
    return root


def assemble(title: str, paragraphs: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """Build one text from a title and paragraphs of sentences.

    Returns:
        ``(text, offsets)`` where ``offsets[0]`` is the title's ``(start, end)`` and
        ``offsets[k + 1]`` the k-th body sentence's, so ``text[a:b]`` is that sentence verbatim.
        Empty sentences keep their slot (BASIL's ids count them) as a zero-length span.
    """
    parts: list[str] = [title]
    offsets = [(0, len(title))]
    pos = len(title)
    for paragraph in paragraphs:
        parts.append("\n")
        pos += 1
        for j, sentence in enumerate(paragraph):
            # A space between sentences unless the previous one already ends in whitespace.
            if j and parts[-1] and not parts[-1][-1].isspace() and sentence:
                parts.append(" ")
                pos += 1
            parts.append(sentence)
            offsets.append((pos, pos + len(sentence)))
            pos += len(sentence)
    return "".join(parts), offsets


def _load(root: Path):
    """Yield ``(article dict, annotation dict, text, offsets, year)`` for every BASIL article.

    The dict gains ``_id`` (file stem ``<event>_<n>``) and ``_event`` (the stem's event part): a
    few articles carry the uuid ``"empty"``, so the file name is the only key that is unique.
    """
    for path in sorted((root / "articles").glob("*/*.json")):
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        article = json.loads(path.read_text(encoding="utf-8"))
        ann = json.loads(ann_path.read_text(encoding="utf-8")) if ann_path.is_file() else {}
        text, offsets = assemble(article.get("title") or "", article.get("body-paragraphs") or [])
        article["_id"], article["_event"] = path.stem, path.stem.rsplit("_", 1)[0]
        article["source"] = str(article.get("source", "")).lower()
        yield article, ann, text, offsets, int(path.parent.name)


def _sentence_index(span_id: str) -> int:
    """BASIL span ids: ``title`` or ``p<N>`` (N-th body sentence)."""
    return TITLE if span_id == "title" else int(span_id.removeprefix("p"))


def articles(data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return one row per article: ``article_id`` (file stem), ``event_id`` (triplet uuid), ``outlet``
    (fox / nyt / hpo), ``year``, ``date``, ``title``, ``text`` (title line + paragraphs),
    ``main_event`` (BASIL's event description) and ``relative_stance`` (article-level annotation)."""
    rows = []
    for a, ann, text, _, year in _load(_root(data)):
        level = ann.get("article-level-annotations", {})
        rows.append((a["_id"], a["_event"], a["source"], year, a.get("date"), a.get("title"),
                     text, a.get("main-event"), level.get("relative_stance")))
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def spans(data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return every bias span, with offsets into the ``text`` of :func:`articles`.

    Columns: ``article_id``, ``event_id``, ``outlet``, ``bias`` (lexical / informational),
    ``sentence`` (``TITLE`` = -1 or the body sentence index), ``start``, ``end``, ``text``,
    ``polarity`` (pos / neg), ``aim`` (dir / ind), ``quote`` (bool: inside a quotation),
    ``speaker``, ``target``.
    """
    rows = []
    for a, ann, text, offsets, _ in _load(_root(data)):
        for p in ann.get("phrase-level-annotations", []):
            k = _sentence_index(p["id"])
            base = offsets[k + 1][0]
            start, end = base + int(p["start"]), base + int(p["end"])
            rows.append((a["_id"], a["_event"], a["source"], BIAS_NAMES.get(p["bias"], p["bias"]),
                         k, start, end, text[start:end], p.get("polarity"), p.get("aim"),
                         p.get("quote") == "yes", p.get("speaker") or "", p.get("target") or ""))
    return pd.DataFrame(rows, columns=SPAN_COLUMNS)


def sentences(data: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return BASIL's own sentences (title included, empty ones dropped), labelled from the spans.

    Columns: ``article_id``, ``event_id``, ``outlet``, ``sentence``, ``start``, ``end``, ``text``,
    ``lexical`` and ``informational`` (a span of that kind lies in the sentence). This is the unit
    of BASIL's own sentence-level task.
    """
    root = _root(data)
    kinds: dict[tuple[str, int], set[str]] = {}
    for r in spans(data).itertuples(index=False):
        kinds.setdefault((r.article_id, r.sentence), set()).add(r.bias)
    rows = []
    for a, _, text, offsets, _ in _load(root):
        for k, (s, e) in enumerate(offsets, start=TITLE):
            if e > s:
                got = kinds.get((a["_id"], k), set())
                rows.append((a["_id"], a["_event"], a["source"], k, s, e, text[s:e],
                             "lexical" in got, "informational" in got))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
