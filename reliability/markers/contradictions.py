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
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reliability import config
from reliability.quantities import (UNIT_STEMS, Quantity, Word, compatible, find_quantities,
                                    may_hold_quantity, number, same_slot, stem)
from reliability.quantities import lexicon as quantity_lexicon
from reliability.records import Attribution, Evidence, Quote, Related, Span
from reliability.resources import read_tsv
from reliability.text import Doc, word_spans

MARKER = "internal_contradictions"

# Thresholds (CONTRADICTION_*, and QUANTITY_* for reliability.quantities) live in reliability/config.py.

_NOT_NEGATION = frozenset({"only", "just", "merely", "least", "to"})  # "not only", "not to mention"
_CLAUSE_END = frozenset(",;:.!?()—–")
_CLOSERS = "\"”’'»)] "
_SKIP_TO_PREDICATE = frozenset({"be", "been", "being", "a", "an", "the", "any", "even", "yet", "ever",
                                "always", "really", "actually", "necessarily", "so", "too", "very"})
# Anchors that say what unit, not what thing, is counted: "24.2%" and "3.3%" are rarely one fact.
# Public: cross-source corroboration (reliability.corroboration_align) applies the same tests.
WEAK_ANCHORS = frozenset({"<bare>", "percent", "<cur$>", "<cur€>", "<cur£>"} | UNIT_STEMS)
# Embedded tweets and link lines repeat a template with different dates; they state nothing.
EMBED = re.compile(r"https?://|www\.|pic\.twitter\.com|(?<!\w)@\w")
_WORD = re.compile(r"\w+")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
# Prepositions that place an event in a setting ("at his meeting", "during a briefing"), and how
# many modifier words may stand between them and the setting noun ("during a high-profile
# Pentagon briefing").
_SETTING_PREPOSITIONS = frozenset({"at", "during", "in", "on", "over", "after", "before"})
_SETTING_LOOKBACK = 4
_DEMONSTRATIVES = frozenset({"this", "that", "the", "such"})


@lru_cache(maxsize=1)
def lexicons() -> dict:
    """Load every contradiction lexicon once (the quantity tables included).

    Returns:
        A cached dict: ``stop``, ``neg``, ``aux`` (frozensets), ``opp`` (outcome word -> its
        opposites), the quantity tables of :mod:`reliability.quantities`, ``setting`` and ``anaphor``.
    """
    opposites: dict[str, set[str]] = defaultdict(set)
    for r in read_tsv("contradiction_antonyms.tsv"):
        opposites[r["a"]].add(r["b"])
        opposites[r["b"]].add(r["a"])
    qty = quantity_lexicon()
    settings = read_tsv("contradiction_settings.tsv")
    return {
        "stop": qty["stop"],
        "neg": frozenset(r["phrase"] for r in read_tsv("contradiction_negations.tsv")),
        "aux": frozenset(r["phrase"] for r in read_tsv("contradiction_auxiliaries.tsv")),
        "opp": {k: frozenset(v) for k, v in opposites.items()},
        **{kind: table for kind, table in qty.items() if kind != "stop"},
        **{role: frozenset(r["word"] for r in settings if r["role"] == role)
           for role in ("setting", "anaphor")},
    }


@dataclass(slots=True)
class SentenceFeatures:
    """What the conflict tests read from one sentence (built by :func:`sentence_features`)."""

    index: int
    text: str
    content: frozenset[str]
    qtys: list[Quantity] = field(default_factory=list)
    negated: dict[str, Word] = field(default_factory=dict)  # predicate stem -> negation cue
    antonyms: dict[str, Word] = field(default_factory=dict)  # lowercased outcome word -> span
    spans: dict[str, Word] = field(default_factory=dict)  # content stem -> first span
    # (negation, word before, word after) with contractions opened: "won't be" -> ("will", "be")
    contexts: list[tuple[Word, str, str]] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    lows: list[str] = field(default_factory=list)  # lowercased words, ’ as '
    n_neg: int = 0
    _bigrams: dict[tuple[str, str], Word] | None = None

    @property
    def bigrams(self) -> dict[tuple[str, str], Word]:
        """Adjacent lowercased words -> span of the second (built on first use: few pairs need it)."""
        if self._bigrams is None:
            self._bigrams = {}
            for k in range(1, len(self.lows)):  # "didn't find" stays negated: no opening here
                self._bigrams.setdefault((self.lows[k - 1], self.lows[k]), self.words[k])
        return self._bigrams


def _base(low: str) -> str:
    """The auxiliary inside a contraction: "didn't" -> "did", "won't" -> "will"."""
    if low.endswith(("n't", "n’t")):
        aux = low[:-3]
        return {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}.get(aux, aux)
    return low


def _is_negation(low: str, lex: dict) -> bool:
    return low in lex["neg"] or low.endswith(("n't", "n’t"))


def _not_a_negation(words: list[Word], k: int, text: str) -> bool:
    """'not only', 'whether or not', 'No, ...': negation words that negate no clause."""
    nxt = words[k + 1] if k + 1 < len(words) else None
    if nxt is None or nxt.text.lower() in _NOT_NEGATION:
        return True
    if words[k].text.lower() == "no" and nxt.text.lower() in ("doubt", "matter", "less"):
        return True  # "no doubt", "no matter", "no less" affirm
    if any(c in _CLAUSE_END for c in text[words[k].end:nxt.start]):
        return True
    return k > 0 and words[k - 1].text.lower() == "or"


def sentence_features(doc: Doc, i: int, lex: dict | None = None) -> SentenceFeatures:
    """Content-word stems, quantities, negations and outcome words of sentence ``i`` of ``doc``.

    Args:
        doc: The parsed article.
        i: Sentence index.
        lex: :func:`lexicons` (loaded when None).
    """
    if lex is None:
        lex = lexicons()
    # Tokenise the sentence text itself (with the tokenizer Doc uses) into plain tuples: they are
    # cheaper to build than Doc.words' Span dataclasses, and the conflict checks unpack them.
    st = doc.sentences[i].start
    f = SentenceFeatures(i, doc.sentence_text(i), frozenset())
    words = [Word(st + x, st + y, f.text[x:y]) for x, y in word_spans(f.text)]
    # A question negates nothing ("Why not extend it?"): it asks.
    question = f.text.rstrip(_CLOSERS).endswith("?")
    content = set()
    lows = [w.text.lower().replace("’", "'") for w in words]
    f.words, f.lows = words, lows
    for k, w in enumerate(words):
        low = lows[k]
        if low in lex["neg"] or low.endswith("n't"):
            if question or _not_a_negation(words, k, doc.text):
                continue
            f.n_neg += 1
            before = _base(lows[k]) if lows[k].endswith("n't") else (lows[k - 1] if k else "")
            f.contexts.append((w, before, lows[k + 1]))
            prev = w
            for x in words[k + 1:k + 5]:  # the predicate: the next word past auxiliaries and articles
                if any(c in _CLAUSE_END for c in doc.text[prev.end:x.start]):
                    break
                prev, xl = x, x.text.lower()
                if xl in lex["aux"] or xl in _SKIP_TO_PREDICATE or _is_negation(xl, lex):
                    continue
                if xl not in lex["stop"]:  # "won't say": "say" is no fact we can compare
                    f.negated.setdefault(stem(xl), w)
                break
            continue
        if low in lex["opp"]:
            f.antonyms.setdefault(low, w)
        if low in lex["stop"] or number(w.text) is not None or not any(c.isalpha() for c in low):
            continue
        st = stem(low)
        content.add(st)
        f.spans.setdefault(st, w)
    f.content = frozenset(content)
    if may_hold_quantity(f.text):  # most sentences hold no number, date or time
        f.qtys = find_quantities(words, doc.text)
    return f


def content_overlap(a: SentenceFeatures, b: SentenceFeatures, need: tuple[float, float],
                    drop: set[str] = frozenset(), min_shared: int | None = None) -> float:
    """Share of the longer sentence's content words both hold, or 0 if below ``need``.

    ``need`` is the share of the shorter and of the longer sentence's content words (``drop``
    aside) both must hold; ``min_shared`` defaults to ``config.CONTRADICTION_MIN_SHARED_CONTENT`` (read per call).
    """
    if min_shared is None:
        min_shared = config.CONTRADICTION_MIN_SHARED_CONTENT
    ca, cb = a.content - drop, b.content - drop
    shared = len(ca & cb)
    if shared < min_shared:
        return 0.0
    short, long_ = shared / min(len(ca), len(cb)), shared / max(len(ca), len(cb))
    return long_ if short >= need[0] and long_ >= need[1] else 0.0


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sentences that cannot both be true: the kind, a 0..1 strength, the cues on each side
    and what each side says (for the ``why``)."""

    kind: str
    strength: float
    cues_a: tuple[Span, ...]
    cues_b: tuple[Span, ...]
    what_a: str
    what_b: str


def _cut(doc: Doc, q: Quantity) -> Span:
    return Span(q.start, q.end, doc.text[q.start:q.end])


def quantity_clashes(a: SentenceFeatures, b: SentenceFeatures) -> list[tuple[Quantity, Quantity]]:
    """Pairs of same-slot quantities whose values cannot agree.

    When both sentences have the same sequence of slots, they are compared in order (a
    restatement keeps its order: "34 counts, 17 ... 17" against "34 counts, 17 ... 27"). Otherwise
    a quantity clashes when nothing in the other sentence with its anchor agrees with it and a
    value there is not accounted for by this sentence either ("from 5 to 7 percent" vs "7 percent").
    """
    qa = [p for p in a.qtys if any(same_slot(p, q) for q in b.qtys)]
    qb = [q for q in b.qtys if any(same_slot(p, q) for p in a.qtys)]
    if len(qa) == len(qb) and all(same_slot(p, q) for p, q in zip(qa, qb)):
        return [(p, q) for p, q in zip(qa, qb) if not compatible(p, q)]
    out = []
    for p in qa:
        peers = [q for q in qb if same_slot(p, q)]
        free = [q for q in peers if not any(compatible(p2, q) for p2 in qa if same_slot(p2, q))]
        if free and not any(compatible(p, q) for q in peers):
            out.append((p, free[0]))
    return out


def quantity_clash(a: SentenceFeatures, b: SentenceFeatures, text_a: str, text_b: str,
                   need: dict[str, tuple[float, float]]) -> tuple[Quantity, Quantity, float] | None:
    """Exactly one slot whose values cannot agree; two or more read as two different events.

    Args:
        a: Features of one sentence; its offsets index ``text_a``.
        b: Features of the other; its offsets index ``text_b`` (another article's across outlets).
        text_a: The text ``a`` was read from.
        text_b: The text ``b`` was read from.
        need: :func:`content_overlap` needs for ``"number"``, ``"date"`` and ``"bare"`` clashes
            (a number whose anchors name only a unit).

    Returns:
        ``(quantity in a, quantity in b, overlap)`` or None.
    """
    clashes = quantity_clashes(a, b)
    if len({id(q) for _, q in clashes}) != 1 or len({id(p) for p, _ in clashes}) != 1:
        return None
    p, q = clashes[0]
    drop = {stem(x) for x in (text_a[p.start:p.end] + " " + text_b[q.start:q.end]).split()}
    weak = not (p.anchor & q.anchor) - WEAK_ANCHORS
    ov = content_overlap(a, b, need["bare" if weak else ("date" if p.kind == "date" else "number")], drop)
    return (p, q, ov) if ov else None


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
    for x, y, flip in ((a, b, False), (b, a, True)):
        hits = [(neg, y.bigrams[(pre, nxt)], nxt) for neg, pre, nxt in x.contexts if (pre, nxt) in y.bigrams]
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


def antonym_conflict(a: SentenceFeatures, b: SentenceFeatures, lex: dict) -> Conflict | None:
    """Opposite outcome words ("approved" / "rejected") in sentences that otherwise agree.

    Args:
        a: Features of one sentence.
        b: Features of the other.
        lex: :func:`lexicons`.

    Returns:
        The conflict (cues on the two outcome words), or None; none when the sentences hold
        different numbers of negations ("did not win" and "lost" agree).
    """
    if a.n_neg != b.n_neg:
        return None  # "did not win" and "lost" agree
    for wa, sa in a.antonyms.items():
        for wb in lex["opp"][wa] & b.antonyms.keys():
            if wb in a.antonyms or wa in b.antonyms:
                continue
            ov = content_overlap(a, b, config.CONTRADICTION_ANTONYM_OVERLAP, {stem(wa), stem(wb)})
            if ov:
                sb = b.antonyms[wb]
                strength = config.CONTRADICTION_STRENGTH["antonym"] * (0.5 + 0.5 * ov)
                return Conflict("antonym", strength, (Span(*sa),), (Span(*sb),),
                                 f"'{sa.text}'", f"'{sb.text}'")
    return None


def _settings(text: str, f: SentenceFeatures, lex: dict) -> dict[str, Word]:
    """Setting nouns the sentence places something in: "at his meeting", "during a Pentagon briefing"."""
    out: dict[str, Word] = {}
    for k, low in enumerate(f.lows):
        if low not in lex["setting"]:
            continue
        for b in range(k - 1, max(-1, k - 1 - _SETTING_LOOKBACK), -1):
            if any(c in _CLAUSE_END for c in text[f.words[b].end:f.words[b + 1].start]):
                break  # "at home, the meeting": the preposition belongs to another phrase
            if f.lows[b] in _SETTING_PREPOSITIONS:
                out.setdefault(low, f.words[k])
                break
    return out


def _refers_back(f: SentenceFeatures, lex: dict) -> bool:
    """The sentence opens on its predecessor's event: "This incident, ...", "The encounter ..."."""
    lows = f.lows[:3]
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


def _keys(f: SentenceFeatures) -> set[str]:
    return {"w:" + c for c in f.content} | {"q:" + k for q in f.qtys for k in q.anchor}


def candidate_pairs(keysets: dict[int, set[str]]) -> list[tuple[int, int]]:
    """Pairs of sentences sharing enough keys (``CONTRADICTION_MIN_SHARED_KEYS``) from small blocks.

    A block is every sentence holding one key; blocks larger than ``CONTRADICTION_MAX_BLOCK``
    are dropped, which keeps the number of pairs linear in the article's length.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in keysets.items():
        for k in keys:
            blocks[k].append(i)
    shared: Counter = Counter()
    for members in blocks.values():
        if 2 <= len(members) <= config.CONTRADICTION_MAX_BLOCK:
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    shared[(i, j)] += 1
    return sorted(p for p, n in shared.items() if n >= config.CONTRADICTION_MIN_SHARED_KEYS)


def _source_words(source: str | None, lex: dict) -> frozenset[str]:
    words = {w.lower() for w in re.findall(r"\w+", source or "")}
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


def _quote_conflicts(doc: Doc, attributions: Sequence[Attribution], lex: dict) -> list[tuple]:
    """The same quotation attributed to speakers that share no name word."""
    found = []
    for q, a in zip(doc.quotes, first_overlapping(doc.quotes, attributions)):
        if a is None:
            continue
        words = tuple(w.lower() for w in _WORD.findall(doc.text, q.inner_start, q.inner_end))
        if len(words) < config.CONTRADICTION_QUOTE_MIN_WORDS:
            continue
        src = _source_words(a.source, lex)
        sent = doc.sentence_at(q.inner_start)
        if src and sent is not None:
            found.append((frozenset(words), src, sent, a))
    keysets = {k: {"w:" + w for w in item[0]} for k, item in enumerate(found)}
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
    feats: dict[int, SentenceFeatures] = {}
    seen: set[str] = set()
    for s in doc.sentences:
        text = doc.text[s.start:s.end]
        # A repeated sentence is the same statement: compare its first occurrence only.
        if s.boilerplate or len(text) > config.CONTRADICTION_MAX_SENTENCE_CHARS or text in seen \
                or EMBED.search(text):
            continue
        seen.add(text)
        feats[s.index] = sentence_features(doc, s.index, lex)
    pairs: list[tuple[int, int, Conflict]] = []
    for i, j in candidate_pairs({i: _keys(f) for i, f in feats.items()}):
        a, b = feats[i], feats[j]
        found = [c for c in (_quantity_conflict(doc, a, b), _negation_conflict(a, b),
                             antonym_conflict(a, b, lex)) if c]
        if found:
            pairs.append((i, j, max(found, key=lambda c: c.strength)))
    # A sentence that refers back to an event ("This incident ...") speaks of its predecessor's.
    order = sorted(feats)
    for i, j in zip(order, order[1:]):
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
