"""Reader for BABE (Bias Annotations By Experts, Spinde et al. 2021), AGPL-3.0 data.

Files: ``loaded/babe/final_labels_SG1.csv`` and ``final_labels_SG2.csv`` under the data folder,
semicolon-separated with a header: ``text; news_link; outlet; topic; type; label_bias;
label_opinion; biased_words``. ``label_bias`` is ``Biased``, ``Non-biased`` or ``No agreement``;
``biased_words`` is a Python-style list of the words experts marked; ``type`` is the outlet's
political leaning (often empty).

SG2 (about 2.9k sentences) is the main set; SG1 is an earlier, separate expert labelling of
almost the same sentences (nearly all SG1 texts also appear in SG2), so the two must not be
pooled as if independent. There is no split: use folds grouped by :attr:`BabeSentence.outlet`
or :attr:`BabeSentence.topic`. The URL and outlet give away outlet-level style, so never feed
them to a model as features.
"""

from __future__ import annotations

import ast
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass

from reliability.corpora import DataMissing, data_dir

FOLDER = "loaded/babe"
SUBSETS: dict[str, str] = {"SG1": "final_labels_SG1.csv", "SG2": "final_labels_SG2.csv"}


@dataclass(frozen=True, slots=True)
class BabeSentence:
    """One labelled sentence.

    Attributes:
        text: The sentence as given in the file.
        biased: True for ``Biased``, False for ``Non-biased``, None for ``No agreement``.
        biased_words: Words the experts marked as biased (may be empty even when biased).
        outlet: Publishing outlet (grouping key; leaks style, never a feature).
        topic: News topic (grouping key).
        leaning: Outlet's political leaning (``left``/``center``/``right``) or "".
        opinion: ``label_opinion`` as given.
        subset: ``"SG1"`` or ``"SG2"``.
        row: Row number in its file (from 0), a stable id.
    """

    text: str
    biased: bool | None
    biased_words: tuple[str, ...]
    outlet: str
    topic: str
    leaning: str
    opinion: str
    subset: str
    row: int


def parse_label(raw: str) -> bool | None:
    """Map ``label_bias`` to True (Biased), False (Non-biased) or None (anything else)."""
    value = raw.strip().lower()
    if value == "biased":
        return True
    if value == "non-biased":
        return False
    return None


def parse_words(raw: str) -> tuple[str, ...]:
    """Parse the ``biased_words`` cell (``"['a', 'b']"``) safely; malformed cells give ()."""
    raw = (raw or "").strip()
    if not raw.startswith("["):
        return ()
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return ()
    return tuple(str(w) for w in value if str(w).strip()) if isinstance(value, list) else ()


def read_sentences(subset: str = "SG2", path: str | os.PathLike | None = None,
                   labelled_only: bool = True) -> Iterator[BabeSentence]:
    """Yield the sentences of one BABE subset.

    Args:
        subset: ``"SG1"`` or ``"SG2"``.
        path: Data folder (default: ``$RELIABILITY_DATA`` or ``../shared/data``).
        labelled_only: Skip ``No agreement`` rows (default).

    Raises:
        KeyError: Unknown subset.
        DataMissing: The file is not there.
    """
    file = data_dir(path) / FOLDER / SUBSETS[subset]
    if not file.is_file():
        raise DataMissing(f"BABE {subset} not found at {file}")
    with file.open(encoding="utf-8", newline="") as fh:
        for i, rec in enumerate(csv.DictReader(fh, delimiter=";")):
            label = parse_label(rec.get("label_bias") or "")
            if labelled_only and label is None:
                continue
            yield BabeSentence(
                text=rec.get("text") or "",
                biased=label,
                biased_words=parse_words(rec.get("biased_words") or ""),
                outlet=(rec.get("outlet") or "").strip(),
                topic=(rec.get("topic") or "").strip(),
                leaning=(rec.get("type") or "").strip(),
                opinion=(rec.get("label_opinion") or "").strip(),
                subset=subset,
                row=i,
            )
