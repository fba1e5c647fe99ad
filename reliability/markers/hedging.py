"""Hedging: the writer marks a claim as uncertain or speculative.

Cues come from ``resources/lexicons/hedges.tsv`` (modal verbs, epistemic adverbs, belief verbs,
hearsay and impersonal framing, conditionals), each with a base weight and a type. Context rules
then adjust each hit:

* the month "May" ("in May", "May 5", "Theresa May") is not the modal "may";
* negated modals that state a fact ("could not be reached", "cannot", "would not comment") are
  listed in the lexicon as type ``firm`` with weight 0, so the longest-match rule removes them;
* a cue inside quoted speech, or inside the content a named source is reported to have said,
  speaks for that source rather than for the writer, so it counts less and ``why`` says so.

Cues of one sentence combine by noisy-or, so several hedges raise the strength with saturation.
One :class:`~reliability.records.Evidence` per sentence lists all its cues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reliability import config
from reliability.lexicon import Match, noisy_or, sentence_matches
from reliability.records import Attribution, Evidence, Span
from reliability.text import Doc

MARKER = "hedging"
LEXICON = "hedges.tsv"

# Thresholds (HEDGE_*, MAX_CUES_PER_SENTENCE) live in reliability/config.py.

_MONTHS = frozenset({"january", "february", "march", "april", "june", "july", "august",
                     "september", "october", "november", "december"})
# Words before a capitalised "May" that make it the month even in a title-case headline.
_MONTH_BEFORE = frozenset({"in", "on", "of", "by", "since", "until", "till", "from", "through",
                           "during", "early", "late", "mid", "last", "next", "throughout"})
# Characters that may stand between a sentence's start and its first word.
_LEAD_PUNCT = " \t\"'“‘«([-–—"
# Attribution kinds whose reported content is someone else's claim rather than the writer's.
_REPORTING_KINDS = frozenset({"named", "document"})

# Bounded look-around: one word, at most ~40 characters away, no nested quantifiers.
_NEXT_WORD = re.compile(r"[\s,]{0,3}([\w'’.-]{1,30})")
_PREV_WORD = re.compile(r"([\w'’.-]{1,30})[\s,]{0,3}$")


def _word_after(text: str, pos: int, limit: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(limit, pos + 40))
    return m.group(1).lower() if m else ""


def _word_before(text: str, pos: int, floor: int) -> str:
    m = _PREV_WORD.search(text[max(floor, pos - 40):pos])
    return m.group(1).lower() if m else ""


def is_month_may(text: str, start: int, end: int, sentence_start: int, heading: bool) -> bool:
    """Tell whether the word "may" at ``text[start:end]`` is the month or a name, not the modal.

    Args:
        text: Document text.
        start: Offset of the word "may".
        end: Offset just after it.
        sentence_start: Start of its sentence (look-behind stops there).
        heading: Whether the sentence is a headline, where title case capitalises modals too.
    """
    word = text[start:end]
    after = _word_after(text, end, len(text))
    # "May 5", "May 2024", "may 12th": a number next to it is a date whatever the case.
    if after[:1].isdigit():
        return True
    if word == "may":
        return False
    before = _word_before(text, start, sentence_start)
    if before in _MONTH_BEFORE or before in _MONTHS or after in _MONTHS:
        return True
    # Title case and capitals capitalise the modal too, so only the clues above count there.
    if heading or word.isupper():
        return False
    # Elsewhere a capitalised "May" after the first word is the month or a surname ("Theresa May").
    return bool(text[sentence_start:start].strip(_LEAD_PUNCT))


def _cue_weight(doc: Doc, m: Match, sentence_start: int, heading: bool) -> float:
    """Base weight of a lexicon hit after context rules (0 = not a hedge here)."""
    try:
        weight = float(m.row.get("weight", 0) or 0)
    except ValueError:
        return 0.0
    if weight <= 0 or m.row.get("type") == "firm":
        return 0.0
    starts_with_may = m.text.split()[0].lower() == "may"
    if starts_with_may and is_month_may(doc.text, m.start, m.start + 3, sentence_start, heading):
        return 0.0
    return weight


def _reported_ranges(doc: Doc, attributions: Sequence[Attribution]) -> dict[int, list[tuple[int, int]]]:
    """Map sentence index to content ranges that a named source or document is reported to say."""
    out: dict[int, list[tuple[int, int]]] = {}
    for a in attributions:
        if a.kind not in _REPORTING_KINDS or a.content_start is None or a.content_end is None:
            continue
        first = doc.sentence_at(a.content_start)
        last = doc.sentence_at(max(a.content_start, a.content_end - 1))
        if first is None:
            continue
        for i in range(first, (last if last is not None else first) + 1):
            out.setdefault(i, []).append((a.content_start, a.content_end))
    return out


def _quoted(cues: list[tuple[Span, float, str]], where: str) -> list[str]:
    return [c.text for c, _, w in cues if w == where]


def _why(cues: list[tuple[Span, float, str]]) -> str:
    """One line naming the cues and whose voice they are in."""
    parts = []
    for where, label in (("own", "in the writer's own voice"), ("reported", "in reported speech"),
                         ("quote", "in quoted speech")):
        words = list(dict.fromkeys(t.lower() for t in _quoted(cues, where)))
        if words:
            parts.append(f"({', '.join(repr(w) for w in words[:4])}) {label}")
    return "speculative wording " + ", and ".join(parts)


def extract(doc: Doc, attributions: Sequence[Attribution]) -> list[Evidence]:
    """Return one hedging Evidence per sentence that carries hedging cues.

    Args:
        doc: The parsed document.
        attributions: Attributions found in it; content reported from a named source or a
            document counts as that source's hedge, at reduced weight.

    Returns:
        Evidence sorted by sentence, strength = noisy-or of the adjusted cue weights.
    """
    reported = _reported_ranges(doc, attributions)
    evidence: list[Evidence] = []
    for s, matches in sentence_matches(LEXICON, doc.text, doc.sentences):
        cues: list[tuple[Span, float, str]] = []
        base: list[float] = []
        for m in matches:
            weight = raw = _cue_weight(doc, m, s.start, s.heading)
            if weight <= 0:
                continue
            if len(cues) >= config.MAX_CUES_PER_SENTENCE:
                break
            if doc.in_quote(m.start, m.end) is not None:
                weight, where = weight * config.HEDGE_QUOTED_FACTOR, "quote"
            elif any(a <= m.start and m.end <= b for a, b in reported.get(s.index, ())):
                weight, where = weight * config.HEDGE_REPORTED_FACTOR, "reported"
            else:
                where = "own"
            cues.append((Span(m.start, m.end, m.text), weight, where))
            base.append(raw)
        strength = noisy_or(w for _, w, _ in cues)
        # Whether to report depends on the wording itself; whose voice it is sets the strength,
        # so a quoted hedge is still shown (weaker) rather than silently dropped.
        if cues and noisy_or(base) >= config.HEDGE_MIN_STRENGTH:
            evidence.append(Evidence(MARKER, s.index, s.start, s.end, round(strength, 4),
                                     tuple(c for c, _, _ in cues), _why(cues)))
    return evidence
