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

The small helpers :func:`noisy_or`, :class:`QuoteFinder` and :class:`FastMatcher` are shared
with the loaded-language marker (candidates for the text and lexicon layers).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

from reliability.lexicon import Match, PhraseMatcher, matcher
from reliability.records import Attribution, Evidence, Quote, Span
from reliability.text import Doc

MARKER = "hedging"
LEXICON = "hedges.tsv"

# Thresholds (to move into reliability/config.py)
# A hedge in someone else's quoted words tells us about the speaker, not the writer: half weight.
HEDGE_QUOTED_FACTOR = 0.5
# Indirect speech of a named source ("X said the deal could...") is the source's hedge; the writer
# still chose to relay it unquoted, so it keeps more weight than a direct quote.
HEDGE_REPORTED_FACTOR = 0.7
# Below this a sentence holds only one weak cue ("would", "potential", "whether"), which is
# routine news phrasing; on WikiWeasel (all and dev) sentence F1 peaks at this threshold.
HEDGE_MIN_STRENGTH = 0.3
# Quotes are found by looking back this many quotation spans at most; deeper nesting is pathological.
MAX_QUOTE_NESTING = 8
# Cues listed per sentence at most: noisy-or has saturated long before, and a run-on "sentence"
# (a page with no punctuation) would otherwise produce an unreadable evidence item.
MAX_CUES_PER_SENTENCE = 40

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


def noisy_or(weights: Iterable[float]) -> float:
    """Combine independent cue weights: ``1 - prod(1 - w)``, saturating towards 1.

    Args:
        weights: Cue weights in 0..1.
    """
    keep = 1.0
    for w in weights:
        keep *= 1.0 - min(max(w, 0.0), 1.0)
    return 1.0 - keep


class QuoteFinder:
    """Find the innermost quotation holding a span in O(log n), for documents with many quotes.

    :meth:`Doc.in_quote` scans quotes linearly; marker code asks once per cue, so that would be
    quadratic on quote-heavy text.

    Args:
        quotes: The document's quotations.
    """

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self._quotes = sorted(quotes, key=lambda q: (q.inner_start, -q.inner_end))
        self._starts = [q.inner_start for q in self._quotes]

    def innermost(self, start: int, end: int) -> Quote | None:
        """Return the smallest quotation whose inner text holds ``[start, end)``, or None."""
        i = bisect_right(self._starts, start) - 1
        best: Quote | None = None
        for j in range(i, max(-1, i - MAX_QUOTE_NESTING), -1):
            q = self._quotes[j]
            if q.inner_start <= start and end <= q.inner_end and (
                    best is None or q.inner_end - q.inner_start < best.inner_end - best.inner_start):
                best = q
        return best


_TOKEN = re.compile(r"\w+")


class FastMatcher:
    """Run a :class:`~reliability.lexicon.PhraseMatcher` only where a phrase can start.

    The matcher's single alternation of hundreds of phrases is tried at every word start, which
    costs seconds per megabyte (Python's ``re`` tries every alternative in turn). Here each
    ``\\w+`` token is first looked up by its lowercase form (or, for ``word*`` entries, its
    prefix); only candidate tokens run a small matcher built from the phrases that start with
    that token, in a window just long enough for the longest of them. The window ends on a
    token end, so word-boundary checks see the same text, and the result equals
    ``PhraseMatcher.finditer`` (the tests check this).

    Args:
        lex: The phrase matcher to accelerate.
    """

    def __init__(self, lex: PhraseMatcher) -> None:
        self.key = lex.key
        self._exact: dict[str, list[dict]] = {}
        self._stems: dict[str, list[dict]] = {}
        for row in lex.rows:
            phrase = row[lex.key].lower().replace("’", "'")
            tokens = _TOKEN.findall(phrase)
            if not tokens:
                continue
            first_word = phrase.split()[0]
            # A star widens the first token only when the first word is that single token.
            table = self._stems if first_word.endswith("*") and first_word[:-1] == tokens[0] \
                else self._exact
            table.setdefault(tokens[0], []).append(row)
        self._stem_lengths = sorted({len(k) for k in self._stems})
        self._sub: dict[tuple[str, ...], tuple[PhraseMatcher, int]] = {}

    def _candidate(self, word: str) -> tuple[PhraseMatcher, int] | None:
        """The small matcher for phrases starting with ``word`` and their most tokens, or None."""
        keys = ["=" + word] if word in self._exact else []
        for n in self._stem_lengths:
            if n > len(word):
                break
            if word[:n] in self._stems:
                keys.append("*" + word[:n])
        if not keys:
            return None
        sub = self._sub.get(tuple(keys))
        if sub is None:
            rows = [r for k in keys
                    for r in (self._exact if k[0] == "=" else self._stems)[k[1:]]]
            most = max(len(_TOKEN.findall(r[self.key])) for r in rows)
            sub = self._sub[tuple(keys)] = (PhraseMatcher(rows, self.key), most)
        return sub

    def finditer(self, text: str, start: int, end: int) -> Iterator[Match]:
        """Yield the matcher's non-overlapping matches in ``text[start:end]``."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
        i, n = 0, len(tokens)
        while i < n:
            a, b = tokens[i]
            sub = self._candidate(text[a:b].lower())
            if sub is not None:
                window_end = tokens[min(i + sub[1] - 1, n - 1)][1]
                m = next(sub[0].finditer(text, a, window_end), None)
                if m is not None and m.start == a:
                    yield m
                    while i < n and tokens[i][0] < m.end:
                        i += 1
                    continue
            i += 1


def fast_matcher(name: str) -> FastMatcher:
    """Return a cached :class:`FastMatcher` for the packaged lexicon ``name``."""
    cached = _FAST.get(name)
    if cached is None:
        cached = _FAST[name] = FastMatcher(matcher(name))
    return cached


_FAST: dict[str, FastMatcher] = {}


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
    lex = fast_matcher(LEXICON)
    quotes = QuoteFinder(doc.quotes)
    reported = _reported_ranges(doc, attributions)
    evidence: list[Evidence] = []
    for s in doc.sentences:
        if s.boilerplate:
            continue
        cues: list[tuple[Span, float, str]] = []
        base: list[float] = []
        for m in lex.finditer(doc.text, s.start, s.end):
            weight = raw = _cue_weight(doc, m, s.start, s.heading)
            if weight <= 0:
                continue
            if len(cues) >= MAX_CUES_PER_SENTENCE:
                break
            if quotes.innermost(m.start, m.end) is not None:
                weight, where = weight * HEDGE_QUOTED_FACTOR, "quote"
            elif any(a <= m.start and m.end <= b for a, b in reported.get(s.index, ())):
                weight, where = weight * HEDGE_REPORTED_FACTOR, "reported"
            else:
                where = "own"
            cues.append((Span(m.start, m.end, m.text), weight, where))
            base.append(raw)
        strength = noisy_or(w for _, w, _ in cues)
        # Whether to report depends on the wording itself; whose voice it is sets the strength,
        # so a quoted hedge is still shown (weaker) rather than silently dropped.
        if cues and noisy_or(base) >= HEDGE_MIN_STRENGTH:
            evidence.append(Evidence(MARKER, s.index, s.start, s.end, round(strength, 4),
                                     tuple(c for c, _, _ in cues), _why(cues)))
    return evidence
