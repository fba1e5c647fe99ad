"""Loaded language: words chosen for emotional force rather than information.

Cues come from ``resources/lexicons/loaded.tsv`` (charged words, name-calling, exaggeration and
minimisation, fear appeals, intensifiers), each with a category and a weight. Cues of one
sentence combine by noisy-or; one :class:`~reliability.records.Evidence` per sentence lists them.

Whose words they are matters:

* inside a longer quotation the words are the speaker's; the writer only reports them, so
  they count at :data:`~reliability.config.LOADED_QUOTED_FACTOR`;
* a short quotation of at most :data:`~reliability.config.LOADED_SCARE_QUOTE_MAX_WORDS` words
  set into the writer's own sentence (scare quotes, or a hand-picked fragment such as 'a
  desperate bargain') is the writer's choice of what to put in front of the reader, so it
  keeps most of its weight
  (:data:`~reliability.config.LOADED_SCARE_QUOTE_FACTOR`).

Intensifiers alone stay weak by their lexicon weight (0.1 to 0.3), so "very large" never
reaches the strength of a charged word, but they add to one ("utterly disgraceful").
"""

from __future__ import annotations

from collections.abc import Sequence

from reliability import config
from reliability.lexicon import noisy_or, sentence_matches
from reliability.records import Attribution, Evidence, Quote, Span
from reliability.text import Doc, word_spans

MARKER = "loaded_language"
LEXICON = "loaded.tsv"

# Thresholds (LOADED_*, MAX_CUES_PER_SENTENCE) live in reliability/config.py.

# Human labels for categories, strongest kinds first (the order ``why`` names them in).
_LABELS: dict[str, str] = {
    "name_calling": "name-calling",
    "charged": "charged wording",
    "fear": "alarmist wording",
    "exaggeration": "exaggeration",
    "intensifier": "intensifiers",
}


def _quote_kind(doc: Doc, quote: Quote | None) -> str:
    """Classify where a cue sits: ``own`` voice, ``scare`` quotes, or quoted ``speech``."""
    if quote is None:
        return "own"
    # Look at the first 200 characters only: enough to count a few words, and no copy of a
    # huge unclosed quotation per cue.
    words = word_spans(doc.text[quote.inner_start:min(quote.inner_end, quote.inner_start + 200)])
    return "scare" if len(words) <= config.LOADED_SCARE_QUOTE_MAX_WORDS else "speech"


def _weight(row: dict) -> float:
    try:
        return float(row.get("weight", 0) or 0)
    except ValueError:
        return 0.0


def _why(cues: list[tuple[Span, float, str, str]]) -> str:
    """Name the cues by category, strongest category first, and say whose voice they are in."""
    parts = []
    for cat, label in _LABELS.items():
        words = list(dict.fromkeys(c.text.lower() for c, _, k, _ in cues if k == cat))
        if words:
            parts.append(f"{label} ({', '.join(repr(w) for w in words[:4])})")
    voices = {v for _, _, _, v in cues}
    if voices == {"own"}:
        where = "in the writer's own voice"
    elif voices == {"speech"}:
        where = "in quoted speech"
    elif voices == {"scare"}:
        where = "in scare quotes"
    else:
        where = "partly in quotation marks"
    return f"{', '.join(parts[:3])} {where}"


def extract(doc: Doc, attributions: Sequence[Attribution]) -> list[Evidence]:
    """Return one loaded-language Evidence per sentence that carries loaded cues.

    Args:
        doc: The parsed document.
        attributions: Unused: loaded words are loaded whoever is reported as saying them;
            only direct quotation lowers their weight.

    Returns:
        Evidence sorted by sentence, strength = noisy-or of the adjusted cue weights.
    """
    factor = {"own": 1.0, "scare": config.LOADED_SCARE_QUOTE_FACTOR,
              "speech": config.LOADED_QUOTED_FACTOR}
    evidence: list[Evidence] = []
    for s, matches in sentence_matches(LEXICON, doc.text, doc.sentences):
        cues: list[tuple[Span, float, str, str]] = []
        for m in matches:
            weight = _weight(m.row)
            if weight <= 0:
                continue
            if len(cues) >= config.MAX_CUES_PER_SENTENCE:
                break
            voice = _quote_kind(doc, doc.in_quote(m.start, m.end))
            cues.append((Span(m.start, m.end, m.text), weight * factor[voice],
                         m.row.get("category", ""), voice))
        strength = noisy_or(w for _, w, _, _ in cues)
        if cues and strength >= config.LOADED_MIN_STRENGTH:
            evidence.append(Evidence(MARKER, s.index, s.start, s.end, round(strength, 4),
                                     tuple(c for c, _, _, _ in cues), _why(cues)))
    return evidence
