"""Reader for WikiWeasel, the Wikipedia part of the Szeged Uncertainty Corpus.

File: ``hedging/wikiweasel/wiki.xml.gz`` under the data folder. Each ``<Document>`` holds a
``<DocID>`` and a title part and a text part of ``<Sentence>`` elements; uncertainty cues are
``<ccue type="...">`` elements inside a sentence. A sentence with at least one cue is uncertain.

Cue types in the file map to our hedge types: ``speculation_modal_probable`` → epistemic,
``speculation_hypo_doxastic`` → doxastic, ``speculation_hypo_condition`` → conditional,
``speculation_hypo_investigation`` → investigation.

There is no official split: :func:`fold_of` gives a stable document-grouped fold so that every
sentence of a Wikipedia article lands in the same fold.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from reliability.corpora import DataMissing, data_dir

RELATIVE_PATH = "hedging/wikiweasel/wiki.xml.gz"
#: Number of document-grouped folds; fold 0 is the ``dev`` split.
N_FOLDS = 5

_TYPES = {
    "speculation_modal_probable": "epistemic",
    "speculation_hypo_doxastic": "doxastic",
    "speculation_hypo_condition": "conditional",
    "speculation_hypo_investigation": "investigation",
}


@dataclass(frozen=True, slots=True)
class WeaselCue:
    """One gold cue: ``sentence.text[start:end]``, with its mapped type."""

    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class WeaselSentence:
    """One annotated sentence.

    Attributes:
        doc_id: Wikipedia article id (the grouping key for splits).
        sentence_id: Id within the document, e.g. ``"S1.2"``.
        text: Sentence text with the annotation tags removed.
        cues: Gold uncertainty cues, offsets into ``text``.
        title: True for the article title part.
    """

    doc_id: str
    sentence_id: str
    text: str
    cues: tuple[WeaselCue, ...]
    title: bool = False

    @property
    def uncertain(self) -> bool:
        """True when the sentence has at least one uncertainty cue."""
        return bool(self.cues)


def cue_type(raw: str) -> str:
    """Map a corpus cue type (e.g. ``"speculation_hypo_doxastic _"``) to our hedge type."""
    key = raw.split()[0].strip("_ ") if raw.strip() else ""
    return _TYPES.get(key, key or "unknown")


def fold_of(doc_id: str, n_folds: int = N_FOLDS) -> int:
    """Return a stable fold number for a document (md5 of its id; same on every machine)."""
    return int(hashlib.md5(doc_id.encode("utf-8")).hexdigest(), 16) % n_folds


def split_of(doc_id: str) -> str:
    """Return ``"dev"`` for documents in fold 0, else ``"train"``."""
    return "dev" if fold_of(doc_id) == 0 else "train"


def _sentence(elem: ET.Element, doc_id: str, title: bool) -> WeaselSentence:
    """Flatten a ``<Sentence>`` element into text plus cue offsets."""
    parts: list[str] = [elem.text or ""]
    pos = len(parts[0])
    cues: list[WeaselCue] = []
    for child in elem:
        inner = "".join(child.itertext())
        if child.tag.lower() == "ccue":
            cues.append(WeaselCue(pos, pos + len(inner), cue_type(child.get("type", ""))))
        parts.append(inner)
        pos += len(inner)
        parts.append(child.tail or "")
        pos += len(child.tail or "")
    return WeaselSentence(doc_id, elem.get("id", ""), "".join(parts), tuple(cues), title)


def read_sentences(path: str | os.PathLike | None = None, include_titles: bool = False,
                   split: str | None = None) -> Iterator[WeaselSentence]:
    """Yield the corpus sentences in file order.

    Args:
        path: Data folder (default: ``$RELIABILITY_DATA`` or ``../shared/data``).
        include_titles: Also yield article titles (never annotated; off by default).
        split: ``"dev"`` or ``"train"`` to keep one document-grouped split; None keeps all.

    Raises:
        DataMissing: The corpus file is not there.
    """
    file = data_dir(path) / RELATIVE_PATH
    if not file.is_file():
        raise DataMissing(f"WikiWeasel not found at {file}")
    with gzip.open(file, "rb") as fh:
        # Stream: the corpus is small, but iterparse keeps memory flat and clears each document.
        for _, elem in ET.iterparse(fh, events=("end",)):
            if elem.tag != "Document":
                continue
            doc_id = (elem.findtext("DocID") or "").strip()
            if split is None or split_of(doc_id) == split:
                for part in elem.iter("DocumentPart"):
                    is_title = part.get("type") == "Title"
                    if is_title and not include_titles:
                        continue
                    for s in part.iter("Sentence"):
                        yield _sentence(s, doc_id, is_title)
            elem.clear()
