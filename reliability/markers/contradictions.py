"""Internal contradictions: two sentences of one article that cannot both be true.

Five kinds of conflict are looked for: different numbers or dates for the same quantity
("117 drones" / "170 drones"), a statement and its negation, opposite outcome words
(approved / rejected) about the same thing, one quotation given to two speakers, and one event
placed in two settings by consecutive sentences ("at his meeting with X" / "This incident, which
occurred during a Pentagon briefing").

Only sentences that share several *blocking keys* (content-word stems and the nouns that follow
numbers) are compared, and a key shared by too many sentences is dropped, so the number of
comparisons grows linearly with the article. A pair is flagged only when the two sentences
repeat most of each other's content words and differ in exactly one slot: news articles are full
of different numbers about different facts, and overlap is what tells the two apart.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from reliability import config
from reliability.fact_pairs import (
    Conflict,
    antonym_conflict,
    candidate_pairs,
    content_overlap,
    quantity_clash,
)
from reliability.quantities import Quantity, Word
from reliability.records import RELAY_CUES, Attribution, Evidence, Quote, Related, Span
from reliability.sentence_facts import (
    CLAUSE_END,
    PRONOUNS,
    SentenceFeatures,
    embedded,
    lexicons,
    many_sentence_features,
)
from reliability.text import Doc

MARKER = "internal_contradictions"

# Thresholds (CONTRADICTION_*, and QUANTITY_* for reliability.quantities) live in reliability/config.py.

_WORD = re.compile(r"\w+")
# Prepositions that place an event in a setting ("at his meeting", "during a briefing"), and how
# many modifier words may stand between them and the setting noun ("during a high-profile
# Pentagon briefing").
_SETTING_PREPOSITIONS = frozenset({"at", "during", "in", "on", "over", "after", "before"})
_SETTING_LOOKBACK = 4
_DEMONSTRATIVES = frozenset({"this", "that", "the", "such"})


def _cut(doc: Doc, q: Quantity) -> Span:
    return Span(q.start, q.end, doc.text[q.start:q.end])


def _quantity_conflict(doc: Doc, a: SentenceFeatures, b: SentenceFeatures) -> Conflict | None:
    need = {"bare": config.CONTRADICTION_BARE_OVERLAP, "date": config.CONTRADICTION_DATE_OVERLAP,
            "number": config.CONTRADICTION_NUMBER_OVERLAP}
    hit = quantity_clash(a, b, doc.text, doc.text, need)
    if hit is None:
        return None
    p, q, ov = hit
    sa, sb = _cut(doc, p), _cut(doc, q)
    strength = config.CONTRADICTION_STRENGTH[p.kind] * (0.5 + 0.5 * ov)
    return Conflict(p.kind, strength, (sa,), (sb,), sa.text, sb.text)


def _negation_conflict(a: SentenceFeatures, b: SentenceFeatures) -> Conflict | None:
    """A negation in one sentence whose words around it stand un-negated in the other.

    Either the two words around the negation are adjacent in the other sentence ("is not among"
    against "is among"), or the negated predicate occurs there without a negation ("did not
    confirm" against "confirmed").
    """
    if not a.n_neg and not b.n_neg:
        return None  # no negation on either side (the cues and negated predicates come with one)
    for x, y, flip in ((a, b, False), (b, a, True)):
        hits = [(neg, aff, nxt) for neg, pre, nxt in x.contexts if (aff := y.bigram(pre, nxt)) is not None]
        if x.n_neg != y.n_neg:
            hits += [(neg, y.spans[p], p) for p, neg in x.negated.items() if p in y.content and p not in y.negated]
        if not hits:
            continue
        ov = content_overlap(x, y, config.CONTRADICTION_NEGATION_OVERLAP,
                      min_shared=config.CONTRADICTION_NEGATION_MIN_SHARED)
        if not ov:
            continue
        neg, aff, _ = hits[0]
        strength = config.CONTRADICTION_STRENGTH["negation"] * (0.5 + 0.5 * ov)
        c = Conflict("negation", strength, (Span(*neg),), (Span(*aff),),
                      f"'{neg.text} {aff.text}'", f"'{aff.text}'")
        return Conflict(c.kind, c.strength, c.cues_b, c.cues_a, c.what_b, c.what_a) if flip else c
    return None


def _settings(text: str, f: SentenceFeatures, lex: dict) -> dict[str, Word]:
    """Setting nouns the sentence places something in: "at his meeting", "during a Pentagon briefing"."""
    out: dict[str, Word] = {}
    for k, low in enumerate(f.lows):
        if low not in lex["setting"]:
            continue
        for b in range(k - 1, max(-1, k - 1 - _SETTING_LOOKBACK), -1):
            if any(c in CLAUSE_END for c in text[f.words[b].end:f.words[b + 1].start]):
                break  # "at home, the meeting": the preposition belongs to another phrase
            if f.lows[b] in _SETTING_PREPOSITIONS:
                out.setdefault(low, f.words[k])
                break
    return out


def _refers_back(f: SentenceFeatures, lex: dict) -> bool:
    """The sentence opens on its predecessor's event: "This incident, ...", "The encounter ..."."""
    lows = f.first_lows(3)
    return len(lows) >= 2 and lows[0] in _DEMONSTRATIVES and (
        lows[1] in lex["anaphor"] or (len(lows) == 3 and lows[2] in lex["anaphor"]))


def _setting_conflict(doc: Doc, a: SentenceFeatures, b: SentenceFeatures, lex: dict) -> Conflict | None:
    """``b`` refers back to ``a``'s event, and the two name different settings for it."""
    if not _refers_back(b, lex):
        return None
    sa, sb = _settings(doc.text, a, lex), _settings(doc.text, b, lex)
    if not sa or not sb or sa.keys() & sb.keys():
        return None
    wa, wb = next(iter(sa.values())), next(iter(sb.values()))
    return Conflict("setting", config.CONTRADICTION_STRENGTH["setting"], (Span(*wa),), (Span(*wb),),
                     f"'{wa.text}'", f"'{wb.text}'")


def _keys(f: SentenceFeatures) -> frozenset[str]:
    # Content stems stand for themselves (the common key: no string built per word); anchors,
    # which can spell the same stems, get a prefix no word can start with.
    if not f.qtys:
        return f.content
    return f.content | {"\x00" + k for q in f.qtys for k in q.anchor}


def _source_words(source: str | None, lex: dict) -> frozenset[str]:
    words = {w.lower() for w in _WORD.findall(source or "")}
    return frozenset(w for w in words if w not in lex["stop"]) if not words & PRONOUNS else frozenset()


def first_overlapping(quotes: Sequence[Quote], atts: Sequence[Attribution]) -> list[Attribution | None]:
    """For each quote (sorted by inner start), the first of ``atts`` whose content overlaps its inner text.

    Only attributions with a source and a content span count; an empty quote overlaps nothing
    (:class:`Doc` holds none). A sweep instead of a loop over all
    attributions per quote: an article of 20,000 attributed quotes took minutes the other way.
    Attributions starting at or before the quote are kept in a heap by position in ``atts``
    (dropped once they end); those starting inside it are a range-minimum query.
    """
    eligible = [k for k, a in enumerate(atts) if a.source and a.content_start is not None
                and a.content_end is not None]
    order = sorted(eligible, key=lambda k: atts[k].content_start)
    starts = [atts[k].content_start for k in order]
    table = [order]  # table[j][i] = min(order[i : i + 2**j])
    while (1 << len(table)) <= len(order):
        prev, half = table[-1], 1 << (len(table) - 1)
        table.append([min(prev[i], prev[i + half]) for i in range(len(prev) - half)])
    heap: list[tuple[int, int]] = []
    nxt, out = 0, []
    for q in quotes:
        while nxt < len(order) and starts[nxt] <= q.inner_start:
            heapq.heappush(heap, (order[nxt], atts[order[nxt]].content_end))
            nxt += 1
        while heap and heap[0][1] <= q.inner_start:
            heapq.heappop(heap)  # ended before this quote, and so before every later one
        best = heap[0][0] if heap and q.inner_end > q.inner_start else None
        hi = bisect.bisect_left(starts, q.inner_end, nxt)
        if hi > nxt:
            j = (hi - nxt).bit_length() - 1
            inside = min(table[j][nxt], table[j][hi - (1 << j)])
            best = inside if best is None else min(best, inside)
        out.append(atts[best] if best is not None else None)
    return out


#: Source kinds that do not say who spoke a quotation (see _quote_conflicts).
SPEAKERLESS_KINDS = frozenset({"document"})


def _quote_conflicts(doc: Doc, attributions: Sequence[Attribution], lex: dict) -> list[tuple]:
    """The same quotation attributed to speakers that share no name word."""
    found = []
    for q, a in zip(doc.quotes, first_overlapping(doc.quotes, attributions)):
        # A colon ("Smith: ...", but also "Undercover Video: ...", a headline) and a document
        # ("a video shows him saying") name who *relays* a quotation as often as who spoke it:
        # on PTC dev they made every false same-quote-two-speakers alarm.
        if a is None or a.cue in RELAY_CUES or a.kind in SPEAKERLESS_KINDS:
            continue
        words = tuple(w.lower() for w in _WORD.findall(doc.text, q.inner_start, q.inner_end))
        if len(words) < config.CONTRADICTION_QUOTE_MIN_WORDS:
            continue
        src = _source_words(a.source, lex)
        sent = doc.sentence_at(q.inner_start)
        if src and sent is not None:
            found.append((frozenset(words), src, sent, a))
    keysets = {k: item[0] for k, item in enumerate(found)}  # quote words are the only keys
    out = []
    for x, y in candidate_pairs(keysets):
        (wa, sa, ia, aa), (wb, sb, ib, ab) = found[x], found[y]
        if ia == ib or sa & sb or len(wa & wb) / len(wa | wb) < config.CONTRADICTION_QUOTE_SIMILARITY:
            continue
        cue = []
        for att, i in ((aa, ia), (ab, ib)):
            s = doc.sentences[i]
            ok = att.source_start is not None and s.start <= att.source_start and att.source_end <= s.end
            cue.append((Span(att.source_start, att.source_end, doc.text[att.source_start:att.source_end]),)
                       if ok else ())
        out.append((ia, ib, Conflict("quote", config.CONTRADICTION_STRENGTH["quote"], cue[0], cue[1],
                                      f"to {aa.source}", f"to {ab.source}")))
    return out


_WHY = {
    "number": "says {a} here but {b} in sentence {j}",
    "date": "gives the date as {a} here but {b} in sentence {j}",
    "negation": "says {a} here but the opposite ({b}) in sentence {j}",
    "antonym": "says {a} here but {b} in sentence {j}",
    "quote": "gives the same quotation {a} here but {b} in sentence {j}",
    "setting": "places the event at a {a} here but at a {b} in sentence {j}",
}


def extract(doc: Doc, attributions: Sequence[Attribution]) -> list[Evidence]:
    """Flag sentence pairs that cannot both be true.

    Args:
        doc: The parsed article.
        attributions: Attributions found in it; used for the same-quote-two-speakers check.

    Returns:
        One :class:`Evidence` per sentence in a pair (the strongest pair if several), with
        ``related`` naming the other sentence and cues on the differing words.
    """
    lex = lexicons()
    keep: list[int] = []
    seen: set[str] = set()
    for s in doc.sentences:
        text = doc.text[s.start:s.end]
        # A repeated sentence is the same statement: compare its first occurrence only.
        if s.boilerplate or len(text) > config.CONTRADICTION_MAX_SENTENCE_CHARS or text in seen \
                or embedded(text):
            continue
        seen.add(text)
        keep.append(s.index)
    feats: dict[int, SentenceFeatures] = many_sentence_features(doc, keep, lex)
    pairs: list[tuple[int, int, Conflict]] = []
    for i, j in candidate_pairs({i: _keys(f) for i, f in feats.items()}):
        a, b = feats[i], feats[j]
        found = [c for c in (_quantity_conflict(doc, a, b), _negation_conflict(a, b),
                             antonym_conflict(a, b, lex)) if c]
        if found:
            pairs.append((i, j, max(found, key=lambda c: c.strength)))
    # A sentence that refers back to an event ("This incident ...") speaks of its predecessor's.
    order = sorted(feats)
    for i, j in pairwise(order):
        c = _setting_conflict(doc, feats[i], feats[j], lex)
        if c is not None:
            pairs.append((i, j, c))
    boiler = {s.index for s in doc.sentences if s.boilerplate}
    pairs += [p for p in _quote_conflicts(doc, attributions, lex) if not {p[0], p[1]} & boiler]
    best: dict[int, tuple[float, int, tuple, str]] = {}
    count: Counter = Counter()
    for i, j, c in pairs:
        for me, other, cues, mine, theirs in ((i, j, c.cues_a, c.what_a, c.what_b),
                                              (j, i, c.cues_b, c.what_b, c.what_a)):
            count[me] += 1
            why = _WHY[c.kind].format(a=mine, b=theirs, j=other)
            if me not in best or c.strength > best[me][0]:
                best[me] = (c.strength, other, cues, why)
    out = []
    for me, (strength, other, cues, why) in sorted(best.items()):
        s, o = doc.sentences[me], doc.sentences[other]
        if count[me] > 1:
            why += f" (and conflicts with {count[me] - 1} other sentence{'s' * (count[me] > 2)})"
        out.append(Evidence(MARKER, me, s.start, s.end, round(min(1.0, strength), 4), cues, why,
                            Related(other, o.start, o.end)))
    return out
