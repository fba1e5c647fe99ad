"""A learned second opinion on cue candidates the attribution grammar leaves without a source.

The grammar of :mod:`reliability.attribution` accepts a lexicon cue ("said", "think", "shows")
only when it can attach a source phrase to it, skips cues inside quotations and capitalised cues,
and keeps most colons out. PolNeAR's annotators count many of those as attributions all the
same ("I think" inside a quote, "polls show", a speaker whose name is far away). This module scores
such rejected candidates with a logistic regression over simple context features (the cue word,
its neighbours, why the grammar rejected it, quotation and position cues), fitted on PolNeAR train
by :mod:`reliability.training.attribution_cues` and shipped as a feature -> weight table
(``resources/attribution_cue_weights.tsv``). Scoring is a dictionary look-up per feature and a
sum, so nothing of scikit-learn is needed at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

from reliability import config
from reliability.attribution_tokens import CLOSING, OPENING, Tok
from reliability.resources import read_table

#: Resource file of the learned weights (feature TAB weight; "bias" is the intercept).
WEIGHTS_FILE = "attribution_cue_weights.tsv"

_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it", "who"})
_QUOTE_MARKS = '"“”«»‘'
_QUOTE_MARK = re.compile(f"[{re.escape(_QUOTE_MARKS)}]")
_START = "<s>"
_END = "</s>"


def _tok_name(t: Tok) -> str:
    """A token as a feature value: words lowercase, quotation marks folded to one symbol."""
    if t.text in OPENING or t.text in CLOSING:
        return "<q>"
    return t.low


def features(toks: list[Tok], i0: int, i1: int, reason: str, quoted: bool, heading: bool,
             qsent: bool = False) -> list[str]:
    """Context features of the cue candidate ``toks[i0:i1]``.

    Args:
        toks: The sentence's tokens.
        i0: First token of the candidate.
        i1: Token after the candidate.
        reason: Why it is a candidate: a lexicon cue without a source ("nosource"), capitalised
            mid-sentence ("cap"), a colon the speaker rule rejects ("colon"), a learned word ("vocab").
        quoted: The candidate lies inside a quotation.
        heading: The sentence is a heading.
        qsent: The sentence holds a quotation mark (see :func:`has_quote_mark`).

    Returns:
        Feature names (binary features; the same name may not repeat).
    """
    w = toks[i0].low if i1 == i0 + 1 else " ".join(t.low for t in toks[i0:i1])
    p1 = _tok_name(toks[i0 - 1]) if i0 > 0 else _START
    p2 = _tok_name(toks[i0 - 2]) if i0 > 1 else _START
    n1 = _tok_name(toks[i1]) if i1 < len(toks) else _END
    n2 = _tok_name(toks[i1 + 1]) if i1 + 1 < len(toks) else _END
    out = ["bias", f"w={w}", f"r={reason}", f"wr={w}|{reason}", f"p1={p1}", f"p2={p2}", f"n1={n1}",
           f"n2={n2}", f"wn1={w}|{n1}", f"p1w={p1}|{w}", f"pos={min(4, 5 * i0 // max(1, len(toks)))}"]
    if i0 > 0 and toks[i0 - 1].cap and toks[i0 - 1].word:
        out.append("p1cap")
    if p1 in _PRONOUNS:
        out.append(f"pron|{reason}")
    if i0 == 0:
        out.append("first")
    if i1 >= len(toks) - 1:
        out.append("last")
    if quoted:
        out.append("quoted")
    if heading:
        out.append("heading")
    if toks[i0].cap:
        out.append("cap")
    if qsent:
        out.append("qsent")
    return out


def has_quote_mark(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` hold a double or typographic quotation mark? (Apostrophes are
    left out: they are mostly contractions, and a search in C keeps this cheap.)"""
    if start < 0 or end < 0:  # str.find counts negative bounds from the end; a search does not
        return any(text.find(c, start, end) >= 0 for c in _QUOTE_MARKS)
    # One scan of the range for any of the marks, rather than one scan per mark.
    return _QUOTE_MARK.search(text, start, end) is not None


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The shipped feature weights.

    A missing table is a broken install and raises, rather than silently scoring with fewer
    attributions than the shipped model was trained with.
    """
    return {row["feature"]: float(row["weight"]) for row in read_table(WEIGHTS_FILE)}


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Learned candidate words outside the cue lexicon (``v=<word>`` rows of the weights table)."""
    if not config.ATTRIBUTION_CUE_USE_VOCABULARY:
        return frozenset()
    return frozenset(f[2:] for f in weights() if f.startswith("v="))


def logit(feats: list[str], table: dict[str, float] | None = None) -> float:
    """The model's log-odds that a candidate with ``feats`` is an annotated cue."""
    w = weights() if table is None else table
    return sum(map(w.get, feats, repeat(0.0)))


def keep(feats: list[str]) -> bool:
    """Is the candidate likely enough to be a cue to report it (see :data:`~reliability.config.ATTRIBUTION_CUE_MIN_LOGIT`)?"""
    w = weights()
    return bool(w) and logit(feats, w) >= config.ATTRIBUTION_CUE_MIN_LOGIT
