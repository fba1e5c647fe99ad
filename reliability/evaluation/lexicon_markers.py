"""Sentence-level baselines of the rule-based hedging and loaded-language extractors.

* Hedging on WikiWeasel: a sentence is predicted uncertain when the hedging extractor returns
  evidence with strength >= a threshold; scored against "has a gold cue" by precision, recall
  and F1 of the uncertain class. Cue overlap with gold cues is reported too (threshold-free:
  every cue the extractor lists).
* Loaded language on BABE: a sentence is predicted biased when the loaded extractor returns
  evidence with strength >= a threshold; scored by macro-F1 over Biased / Non-biased, plus the
  share of expert-marked biased words that our cues cover.

Each corpus sentence is parsed as its own document and run through the same attribution finder
and extractor the pipeline uses. Nothing here is tuned per sentence: these numbers are the
baseline a trained model has to beat.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reliability.evaluation import f1_of
from reliability.attribution import find_attributions
from reliability.corpora import babe, wikiweasel
from reliability.markers import hedging, loaded
from reliability.records import Evidence, Span
from reliability.text import parse

#: Strength thresholds reported by default.
DEFAULT_THRESHOLDS: tuple[float, ...] = (0.2, 0.3, 0.4, 0.5, 0.6)

Extractor = Callable[..., list[Evidence]]


@dataclass(frozen=True, slots=True)
class Confusion:
    """Binary confusion counts, positive class = flagged / uncertain / biased."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def n(self) -> int:
        """Number of sentences."""
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        """Precision of the positive class."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Recall of the positive class."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """F1 of the positive class."""
        return f1_of(self.precision, self.recall)

    @property
    def f1_negative(self) -> float:
        """F1 of the negative class."""
        p = self.tn / (self.tn + self.fn) if self.tn + self.fn else 0.0
        r = self.tn / (self.tn + self.fp) if self.tn + self.fp else 0.0
        return f1_of(p, r)

    @property
    def macro_f1(self) -> float:
        """Mean of the two classes' F1."""
        return (self.f1 + self.f1_negative) / 2


def confusion(gold: Sequence[bool], predicted: Sequence[bool]) -> Confusion:
    """Count a binary confusion matrix from parallel label lists."""
    tp = sum(g and p for g, p in zip(gold, predicted))
    fp = sum(p and not g for g, p in zip(gold, predicted))
    fn = sum(g and not p for g, p in zip(gold, predicted))
    return Confusion(tp, fp, fn, len(gold) - tp - fp - fn)


@dataclass(frozen=True, slots=True)
class SentenceRun:
    """Strongest evidence and all cues of one corpus sentence."""

    strength: float
    cues: tuple[Span, ...]


def run_extractor(texts: Iterable[str], extract: Extractor) -> list[SentenceRun]:
    """Parse each text as a document and run ``extract`` on it.

    Returns:
        One :class:`SentenceRun` per text: the maximum evidence strength (0 when none) and
        the cues of all its evidence.
    """
    out = []
    for text in texts:
        doc = parse(text)
        evidence = extract(doc, find_attributions(doc))
        out.append(SentenceRun(max((e.strength for e in evidence), default=0.0),
                               tuple(c for e in evidence for c in e.cues)))
    return out


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table."""

    marker: str
    corpus: str
    threshold: float
    scores: Confusion
    extra: str = ""


def threshold_rows(marker: str, corpus: str, gold: Sequence[bool], runs: Sequence[SentenceRun],
                   thresholds: Iterable[float], extra: str = "") -> list[Row]:
    """Score ``runs`` against ``gold`` at each strength threshold."""
    return [Row(marker, corpus, t, confusion(gold, [r.strength >= t for r in runs]), extra)
            for t in thresholds]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def cue_overlap(gold: Sequence[Sequence[tuple[int, int]]],
                found: Sequence[Sequence[Span]]) -> tuple[float, float]:
    """Return ``(precision, recall)`` of found cue spans against gold cue spans, by overlap."""
    n_found = n_found_ok = n_gold = n_gold_hit = 0
    for g, f in zip(gold, found):
        spans = [(c.start, c.end) for c in f]
        n_found += len(spans)
        n_found_ok += sum(any(_overlaps(s, x) for x in g) for s in spans)
        n_gold += len(g)
        n_gold_hit += sum(any(_overlaps(x, s) for s in spans) for x in g)
    return (n_found_ok / n_found if n_found else 0.0, n_gold_hit / n_gold if n_gold else 0.0)


def word_coverage(marked: Sequence[Sequence[str]], found: Sequence[Sequence[Span]]) -> float:
    """Share of expert-marked words that appear inside one of our cues of the same sentence."""
    total = hit = 0
    for words, cues in zip(marked, found):
        cue_text = " ".join(c.text.lower() for c in cues)
        for w in words:
            total += 1
            hit += w.lower() in cue_text
    return hit / total if total else 0.0


def evaluate_hedging(path: str | os.PathLike | None = None, split: str | None = None,
                     thresholds: Iterable[float] = DEFAULT_THRESHOLDS) -> list[Row]:
    """Score the hedging extractor on WikiWeasel sentences.

    Args:
        path: Data folder.
        split: ``"dev"``, ``"train"`` or None for all documents.
        thresholds: Strength thresholds to report.

    Raises:
        DataMissing: The corpus is not there.
    """
    sentences = list(wikiweasel.read_sentences(path, split=split))
    runs = run_extractor((s.text for s in sentences), hedging.extract)
    precision, recall = cue_overlap([[(c.start, c.end) for c in s.cues] for s in sentences],
                                    [r.cues for r in runs])
    extra = f"cue overlap P={precision:.3f} R={recall:.3f}"
    return threshold_rows("hedging", f"WikiWeasel {split or 'all'}",
                          [s.uncertain for s in sentences], runs, thresholds, extra)


def evaluate_loaded(path: str | os.PathLike | None = None, subset: str = "SG2",
                    thresholds: Iterable[float] = DEFAULT_THRESHOLDS) -> list[Row]:
    """Score the loaded-language extractor on one BABE subset (labelled rows only).

    Raises:
        DataMissing: The corpus is not there.
    """
    sentences = list(babe.read_sentences(subset, path))
    runs = run_extractor((s.text for s in sentences), loaded.extract)
    coverage = word_coverage([s.biased_words for s in sentences], [r.cues for r in runs])
    extra = f"biased-word coverage {coverage:.3f}"
    return threshold_rows("loaded_language", f"BABE {subset}",
                          [bool(s.biased) for s in sentences], runs, thresholds, extra)


def format_table(rows: Sequence[Row]) -> str:
    """Render rows as a plain-text table (the script prints it)."""
    head = ("marker", "corpus", "thr", "n", "pos", "flag", "P", "R", "F1", "macroF1", "note")
    lines = [head]
    for r in rows:
        s = r.scores
        lines.append((r.marker, r.corpus, f"{r.threshold:.2f}", str(s.n), str(s.tp + s.fn),
                      str(s.tp + s.fp), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      f"{s.macro_f1:.3f}", r.extra))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines)
