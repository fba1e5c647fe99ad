"""The reliability profile of one article: the record every output is made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reliability.markers import MARKER_NAMES
from reliability.records import (ATTRIBUTION_KINDS, Attribution, Evidence, MarkerScore,
                                 ModelInfo, Sentence)

if TYPE_CHECKING:  # pandas loads only when a frame is asked for: it costs start-up time
    import pandas as pd

#: Version of the output contract (``../shared/contract/profile.md``). Bump on a breaking change.
SCHEMA = 1


@dataclass(frozen=True, slots=True)
class Profile:
    """How reliable one article looks, and why.

    Attributes:
        id: The article's id (file name, id column, or None).
        text: The text the offsets index (as given, or cut at the size limit).
        reliability: 0..1, higher is more reliable; None when the article could not be scored.
        band: ``high``, ``mixed`` or ``low``; None when not scored.
        markers: Per-marker score and sentence count, in registry order.
        evidence: Evidence items sorted by start offset.
        attributions: Attributions sorted by start offset.
        sentences: The article's sentences.
        n_words: Number of words.
        warnings: Warning codes such as ``too_short``, ``not_english``, ``truncated``.
        model: The model that produced ``reliability``.
        judged: False when the text is too short or not English: ``reliability`` is then 0.5
            ("cannot judge"), not a verdict.
        error: Why the article could not be scored, or None.
    """

    id: str | None
    text: str
    reliability: float | None
    band: str | None
    markers: dict[str, MarkerScore] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    n_words: int = 0
    warnings: tuple[str, ...] = ()
    model: ModelInfo | None = None
    judged: bool = True
    error: str | None = None

    @classmethod
    def failed(cls, id: str | None, error: str) -> Profile:
        """Return the one row an article that could not be scored still gets."""
        return cls(id=id, text="", reliability=None, band=None, error=error)

    def to_dict(self) -> dict:
        """Return the contract's JSON-ready dict (an error row when ``error`` is set)."""
        if self.error is not None:
            return {"schema": SCHEMA, "id": self.id, "reliability": None, "error": self.error}
        return {
            "schema": SCHEMA,
            "id": self.id,
            "reliability": round(float(self.reliability), 4),
            "band": self.band,
            "markers": {m: s.to_dict() for m, s in self.markers.items()},
            "evidence": [e.to_dict() for e in self.evidence],
            "attributions": [a.to_dict() for a in self.attributions],
            "sentences": [s.to_list() for s in self.sentences],
            "n_words": self.n_words,
            "warnings": list(self.warnings),
            "model": self.model.to_dict() if self.model else None,
            "judged": self.judged,
            "error": None,
        }

    def to_row(self) -> dict:
        """Return one flat row: id, reliability, band, marker scores and counts, attribution mix."""
        row: dict = {"id": self.id, "reliability": self.reliability, "band": self.band}
        for m in MARKER_NAMES:
            s = self.markers.get(m)
            row[f"{m}_score"] = s.score if s else None
            row[f"{m}_sentences"] = s.sentences if s else None
        for k in ATTRIBUTION_KINDS:
            row[f"attributions_{k}"] = sum(a.kind == k for a in self.attributions)
        row["n_words"] = self.n_words
        row["n_sentences"] = len(self.sentences)
        row["judged"] = self.judged if self.error is None else None
        row["warnings"] = ";".join(self.warnings)
        row["error"] = self.error
        return row

    def evidence_frame(self) -> pd.DataFrame:
        """Return a tidy DataFrame with one row per evidence item and the sentence text."""
        import pandas as pd

        rows = []
        for e in self.evidence:
            rows.append({
                "id": self.id, "marker": e.marker, "sentence": e.sentence, "start": e.start,
                "end": e.end, "strength": e.strength, "why": e.why,
                "cues": [c.text for c in e.cues],
                "related": e.related.sentence if e.related else None,
                "text": self.text[e.start:e.end],
            })
        columns = ["id", "marker", "sentence", "start", "end", "strength", "why", "cues",
                   "related", "text"]
        return pd.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        """Notebook display: the compact form of the HTML report."""
        from reliability.report.html import render_compact

        return render_compact(self)

    def sentence_text(self, i: int) -> str:
        """Return the text of sentence ``i``."""
        s = self.sentences[i]
        return self.text[s.start:s.end]
