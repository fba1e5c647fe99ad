"""The non-text columns of a sentence: rule outputs, attribution context, punctuation and casing.

:class:`reliability.sentence_model.SentenceEncoder` puts these next to each sentence's word
n-grams; training (:mod:`reliability.training.datasets`) computes the same rows for its tables.
Every column is computed from one article's parse and its rule evidence, never from a model.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np

from reliability import config
from reliability.markers import MARKER_NAMES
from reliability.records import ATTRIBUTION_KINDS, Attribution, Evidence
from reliability.text import Doc

#: Names of the non-text sentence features, in column order.
RULE_FEATURES: tuple[str, ...] = (
    *(f"rule__{m}" for m in MARKER_NAMES),
    *(f"attribution__{k}" for k in ATTRIBUTION_KINDS),
    "context__in_quote", "context__heading", "context__log_words",
)


#: Names of the punctuation and casing features (encoders fitted with ``surface=True``).
SURFACE_FEATURES: tuple[str, ...] = ("surface__exclamation", "surface__question", "surface__caps_words",
                                     "surface__quote_mark")

# A whole word of three or more capitals ("NEVER", "FAKE"): shouting, a propaganda habit.
# The matches of \b[A-Z]{3,}\b, spelled to open on a capital: re then skips ahead in C to the
# next capital instead of testing a word boundary at every character (2.4x faster on news
# sentences). The look-behind, taken after that capital, is the opening boundary (no word
# character before it). tests/test_fast_paths.py checks that both spellings match alike.
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}\b")


def surface_matrix(texts: Sequence[str]) -> np.ndarray:
    """Return :data:`SURFACE_FEATURES` per text: "!", "?", all-caps words (saturating), quote marks.

    TF-IDF drops punctuation and lower-cases, so it cannot see the exclamations, rhetorical
    questions and shouting that mark propaganda (PTC dev F1 .560 -> .575 with these).
    """
    findall, cap = _CAPS_WORD.findall, config.SURFACE_CAPS_SATURATION
    # This runs on every sentence scored: the rows go into the array in one call rather than one
    # numpy assignment per row (the same values: bools become 0.0/1.0 either way).
    rows = [("!" in t, "?" in t, min(len(findall(t)), cap) / cap, '"' in t or "“" in t or "”" in t) for t in texts]
    return np.array(rows, dtype=np.float64).reshape(len(texts), len(SURFACE_FEATURES))


def rule_matrix(doc: Doc, evidence: Sequence[Evidence], attributions: Sequence[Attribution]) -> np.ndarray:
    """Return the rule features of every sentence of ``doc`` (rows follow ``doc.sentences``).

    Columns: each rule extractor's strength, whether an attribution of each kind has its cue in
    the sentence, the share of the sentence inside quotation marks, the heading flag, and the
    log word count.
    """
    n = len(doc.sentences)
    out = np.zeros((n, len(RULE_FEATURES)), dtype=np.float64)
    col = {name: i for i, name in enumerate(RULE_FEATURES)}
    for e in evidence:
        j = col[f"rule__{e.marker}"]
        out[e.sentence, j] = max(out[e.sentence, j], e.strength)
    for a in attributions:
        if 0 <= a.sentence < n:
            out[a.sentence, col[f"attribution__{a.kind}"]] = 1.0
    out[:, col["context__in_quote"]] = np.minimum(_quoted_share(doc), 1.0)
    # Word counts by bisecting the token starts, as Doc.words does, without building its spans.
    tokens = doc.tokens
    heading, log_words = col["context__heading"], col["context__log_words"]
    for s in doc.sentences:
        lo = bisect_left(tokens, (s.start, -1))
        out[s.index, heading] = float(s.heading)
        out[s.index, log_words] = math.log1p(bisect_left(tokens, (s.end, -1), lo) - lo)
    return out


def _quoted_share(doc: Doc) -> np.ndarray:
    """Sum over quotations of the share of each sentence inside them (rows follow ``doc.sentences``).

    A quotation counts from the sentence holding its first inner character (none, when that
    character lies between sentences) through every later sentence starting before its end.
    Vectorised: a 1 MB page of quoted words has 250,000 quotations, and a Python loop over them
    took most of the 5 s that such an input may cost. ``np.add.at`` adds in quotation order, as
    the loop did, so every sum is the same to the last bit.
    """
    n = len(doc.sentences)
    quoted = np.zeros(n)
    if not n or not doc.quotes:
        return quoted
    starts = np.fromiter((s.start for s in doc.sentences), dtype=np.int64, count=n)
    ends = np.fromiter((s.end for s in doc.sentences), dtype=np.int64, count=n)
    q_start = np.fromiter((q.inner_start for q in doc.quotes), dtype=np.int64, count=len(doc.quotes))
    q_end = np.fromiter((q.inner_end for q in doc.quotes), dtype=np.int64, count=len(doc.quotes))
    first = np.searchsorted(starts, q_start, side="right") - 1
    inside = first >= 0
    inside[inside] = q_start[inside] < ends[first[inside]]
    first, q_start, q_end = first[inside], q_start[inside], q_end[inside]
    counts = np.maximum(np.searchsorted(starts, q_end, side="left") - first, 0)
    sentence = np.repeat(first, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    q_start, q_end = np.repeat(q_start, counts), np.repeat(q_end, counts)
    overlap = np.minimum(ends[sentence], q_end) - np.maximum(starts[sentence], q_start)
    np.add.at(quoted, sentence, np.maximum(overlap, 0) / np.maximum(ends[sentence] - starts[sentence], 1))
    return quoted
