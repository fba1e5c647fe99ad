"""Comparisons of two sentences' facts (:mod:`reliability.sentence_facts`).

:func:`content_overlap` (do they speak of the same thing?), :func:`quantity_clash` (one slot
whose values cannot agree) and :func:`antonym_conflict` (opposite outcome words) compare two
sentences; :func:`candidate_pairs` blocks sentences on shared keys so that the number of
comparisons grows linearly. :mod:`reliability.markers.contradictions` applies them within one
article, :mod:`reliability.corroboration_align` across the articles of one story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain, combinations

from reliability import config
from reliability.quantities import Quantity, compatible, same_slot, stem
from reliability.records import Span
from reliability.sentence_facts import WEAK_ANCHORS, SentenceFeatures

# Thresholds (CONTRADICTION_*) live in reliability/config.py.


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


def quantity_clashes(a: SentenceFeatures, b: SentenceFeatures) -> list[tuple[Quantity, Quantity]]:
    """Pairs of same-slot quantities whose values cannot agree.

    When both sentences have the same sequence of slots, they are compared in order (a
    restatement keeps its order: "34 counts, 17 ... 17" against "34 counts, 17 ... 27"). Otherwise
    a quantity clashes when nothing in the other sentence with its anchor agrees with it and a
    value there is not accounted for by this sentence either ("from 5 to 7 percent" vs "7 percent").
    """
    if not a.qtys or not b.qtys:
        return []  # most sentence pairs: nothing to compare, and the tests below find nothing
    # Which quantity of a shares a slot with which of b, decided once per pair of quantities.
    # (same_slot inlined: this runs for every candidate pair holding quantities on both sides)
    slots = [[p.kind == q.kind and not p.anchor.isdisjoint(q.anchor) for q in b.qtys] for p in a.qtys]
    qa = [p for p, row in zip(a.qtys, slots) if True in row]
    if not qa:
        return []  # no shared slot (and so none from b's side either)
    qb = [q for q, col in zip(b.qtys, zip(*slots)) if True in col]
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


def candidate_pairs(keysets: dict[int, set[str]]) -> list[tuple[int, int]]:
    """Pairs of sentences sharing enough keys (``CONTRADICTION_MIN_SHARED_KEYS``) from small blocks.

    A block is every sentence holding one key; blocks larger than ``CONTRADICTION_MAX_BLOCK``
    are dropped, which keeps the number of pairs linear in the article's length.
    """
    limit = config.CONTRADICTION_MAX_BLOCK
    # Most keys are held by one sentence: count them first (in C) and block only the others.
    held = Counter(chain.from_iterable(keysets.values()))
    drop = {k for k, n in held.items() if n < 2 or n > limit}
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in keysets.items():
        for k in keys - drop if drop else keys:
            blocks[k].append(i)
    # One count over every block's pairs (i, j), i before j: counted in C, one call per article.
    shared = Counter(chain.from_iterable(combinations(members, 2) for members in blocks.values()))
    return sorted(p for p, n in shared.items() if n >= config.CONTRADICTION_MIN_SHARED_KEYS)
