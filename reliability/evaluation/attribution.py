"""Measure the attribution finder against PolNeAR's gold attributions.

Matching is by overlap, because PolNeAR cues vary in extent ("said" vs "said in a statement"):

* a found attribution is a true positive when its cue overlaps any gold cue (precision);
* a gold attribution is recalled when some found cue overlaps its cue (recall);
* for recalled gold attributions that have a source, the source is found when the source span of
  an overlapping found attribution overlaps a gold source piece (source-found rate).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reliability.evaluation import f1_of
from reliability.attribution import find_attributions
from reliability.corpora.polnear import GoldAttribution, PolnearArticle
from reliability.records import Attribution
from reliability.text import parse


@dataclass(frozen=True, slots=True)
class AttributionScores:
    """Counts and rates of one evaluation run."""

    articles: int
    found: int
    gold: int
    found_correct: int
    gold_recalled: int
    gold_with_source: int
    source_found: int

    @property
    def precision(self) -> float:
        """Share of found attributions whose cue overlaps a gold cue."""
        return self.found_correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        """Share of gold attributions whose cue some found cue overlaps."""
        return self.gold_recalled / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return f1_of(self.precision, self.recall)

    @property
    def source_rate(self) -> float:
        """Share of recalled gold attributions with a source whose source we found."""
        return self.source_found / self.gold_with_source if self.gold_with_source else 0.0

    def rows(self) -> list[tuple[str, str]]:
        """Return ``(metric, value)`` rows for a printed table."""
        return [("articles", str(self.articles)), ("gold attributions", str(self.gold)),
                ("found attributions", str(self.found)),
                ("cue precision", f"{self.precision:.3f}"), ("cue recall", f"{self.recall:.3f}"),
                ("cue F1", f"{self.f1:.3f}"),
                ("recalled gold with a source", str(self.gold_with_source)),
                ("source found", f"{self.source_rate:.3f}")]


def _overlaps(a: int, b: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def score_article(found: Iterable[Attribution], gold: Iterable[GoldAttribution]) -> tuple[int, ...]:
    """Return ``(found, found_correct, gold, gold_recalled, gold_with_source, source_found)``."""
    found = list(found)
    gold = list(gold)
    gold_cues = [p for g in gold for p in g.cue]
    correct = sum(1 for f in found if _overlaps(f.cue_start, f.cue_end, gold_cues))
    recalled = with_source = source_ok = 0
    for g in gold:
        hits = [f for f in found if any(f.cue_start < e and s < f.cue_end for s, e in g.cue)]
        if not hits:
            continue
        recalled += 1
        if g.source:
            with_source += 1
            if any(f.source_start is not None and f.source_end is not None
                   and _overlaps(f.source_start, f.source_end, g.source) for f in hits):
                source_ok += 1
    return len(found), correct, len(gold), recalled, with_source, source_ok


def evaluate(articles: Iterable[PolnearArticle]) -> AttributionScores:
    """Run :func:`find_attributions` on every article and score it against the gold.

    Args:
        articles: PolNeAR articles, e.g. from :func:`reliability.corpora.polnear.articles`.
    """
    n = 0
    totals = [0] * 6
    for art in articles:
        n += 1
        counts = score_article(find_attributions(parse(art.text)), art.attributions)
        totals = [t + c for t, c in zip(totals, counts)]
    found, correct, gold, recalled, with_source, source_ok = totals
    return AttributionScores(n, found, gold, correct, recalled, with_source, source_ok)
