"""Small frozen records that flow through the pipeline.

Every offset is a Python ``str`` index into the text exactly as the user gave it, so
``text[start:end]`` is always the thing described. Records know how to turn themselves into
plain dicts (the output contract) and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Attribution kinds, from most to least accountable. The contract fixes these names.
ATTRIBUTION_KINDS: tuple[str, ...] = ("named", "document", "vague", "anonymous", "none")
#: Attribution cues that name who relays a quotation as often as who spoke it ("Undercover
#: Video: '...'", a headline): comparisons of who said a quotation skip them.
RELAY_CUES = frozenset({":"})


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text: ``text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        """Return the contract's ``{"start", "end", "text"}`` form."""
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document.

    Attributes:
        index: Position among the document's sentences, from 0.
        start: Offset of the first character.
        end: Offset one past the last character.
        paragraph: Index of the paragraph (line block) holding the sentence.
        heading: True for a short line without final punctuation (a headline or subhead).
        boilerplate: True for page furniture such as "ADVERTISEMENT"; never scored.
    """

    index: int
    start: int
    end: int
    paragraph: int = 0
    heading: bool = False
    boilerplate: bool = False

    def to_list(self) -> list[int]:
        """Return the contract's ``[start, end]`` pair."""
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation, with and without its quote marks.

    ``start``/``end`` include the marks; ``inner_start``/``inner_end`` do not. A quotation
    whose opening mark is missing (it opens in an earlier paragraph) starts at its paragraph.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int


@dataclass(frozen=True, slots=True)
class Related:
    """The other sentence of a contradiction pair."""

    sentence: int
    start: int
    end: int

    def to_dict(self) -> dict:
        """Return the contract's ``{"sentence", "start", "end"}`` form."""
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One marker seen in one sentence.

    Attributes:
        marker: Registry name of the marker, e.g. ``"hedging"``.
        sentence: Index of the sentence.
        start: Sentence start offset.
        end: Sentence end offset.
        strength: 0..1, how strongly the sentence shows the marker.
        cues: The words that triggered it (may be empty for a purely learned signal).
        why: One short human sentence explaining the flag.
        related: For contradictions, the other sentence of the pair.
    """

    marker: str
    sentence: int
    start: int
    end: int
    strength: float
    cues: tuple[Span, ...] = ()
    why: str = ""
    related: Related | None = None

    def to_dict(self) -> dict:
        """Return the contract's evidence item."""
        return {
            "marker": self.marker,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "strength": round(float(self.strength), 4),
            "cues": [c.to_dict() for c in self.cues],
            "related": self.related.to_dict() if self.related else None,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said or reported what.

    ``start``/``end`` cover the attribution phrase (cue and source together, or the cue
    alone when there is no source); ``content_start``/``content_end`` cover what is attributed.

    Attributes:
        start: Start of the attribution phrase.
        end: End of the attribution phrase.
        cue: The cue text, e.g. ``"according to"``, ``"said"``, ``"reportedly"``.
        cue_start: Offset of the cue.
        cue_end: End offset of the cue.
        kind: One of :data:`ATTRIBUTION_KINDS`.
        sentence: Index of the sentence holding the cue.
        source: The source phrase as written, or None.
        source_start: Offset of the source phrase, or None.
        source_end: End offset of the source phrase, or None.
        content_start: Start of the attributed content (a quote or clause), or None.
        content_end: End of the attributed content, or None.
        refers_to: For a pronoun source ("he said"), the source phrase it was resolved to
            (an earlier or, for a lead quotation, the next sentence's), or None.
    """

    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    kind: str
    sentence: int
    source: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    content_start: int | None = None
    content_end: int | None = None
    refers_to: Span | None = None

    def to_dict(self) -> dict:
        """Return the contract's attribution item (with a few extra keys)."""
        return {
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "kind": self.kind,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "sentence": self.sentence,
            "content_start": self.content_start,
            "content_end": self.content_end,
            "refers_to": self.refers_to.to_dict() if self.refers_to else None,
        }


@dataclass(frozen=True, slots=True)
class MarkerScore:
    """Article-level summary of one marker."""

    score: float
    sentences: int

    def to_dict(self) -> dict:
        """Return the contract's ``{"score", "sentences"}`` form."""
        return {"score": round(float(self.score), 4), "sentences": self.sentences}


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Name and version of the model that produced ``reliability``."""

    name: str
    version: str
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Return the contract's ``{"name", "version"}`` form plus any extras."""
        return {"name": self.name, "version": self.version, **self.extra}
