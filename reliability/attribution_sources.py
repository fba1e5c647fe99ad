"""Where a cue's source is: the token-level rules of :mod:`reliability.attribution`, step 3 and 6.

Given a cue at ``toks[i0:i1]`` and its lexicon row, :func:`find_source` looks before the cue
("the ministry said"), after it when inverted (", said Smith"), after "by" when passive, before
an aside, or at the clause subject; :func:`fallback_source` is the looser search for reliable
verbs whose source those rules miss; :func:`resolve_pronouns` gives "he said" the kind of the
attribution it refers to (step 5).
"""

from __future__ import annotations

from dataclasses import replace

from reliability import config
from reliability.attribution_phrases import (
    Source,
    classified,
    classify,
    clause_ends,
    left_source,
    lexicon,
    loose_kind,
    main_subject,
    opens,
    raw_phrase,
    scan_left,
    scan_right,
    word_class,
)
from reliability.attribution_tokens import CLOSING, Tok
from reliability.records import Attribution, Span

LEAD_INS = frozenset({"when", "after", "before", "while", "if", "once", "being", "until"})
COORDINATORS = frozenset({"and", "but", "or", "then"})
ASIDE_MARKS = frozenset(",—–")


def clause_subject(toks: list[Tok], end: int, found: list[Source]) -> Source | None:
    """Subject of the clause a ", saying ..." or "and said" hangs on (within ``toks[:end]``).

    That is an earlier source in the sentence, else the sentence's opening noun phrase.
    """
    if found:
        return found[-1]
    k = 0
    # Step over an opening adverbial: "However, ...", "Despite this, ...".
    for c in range(min(end, 6)):
        if toks[c].text == "," and word_class(toks[0]) in ("stop", "skip", "tail", "joiner"):
            k = c + 1
            break
    span = scan_right(toks, k, end)
    if not span or span[0] != k:
        return None
    kind = classify(toks, *span, guess=True)
    return (span[0], span[1], kind) if kind else None


def _aside_source(toks: list[Tok], j: int, window: int = config.ATTRIBUTION_MAX_ASIDE_TOKENS,
                  strict: bool = True) -> Source | None:
    """'Trump, in a statement to the FT, called': the subject before a comma-delimited aside
    (the aside at most ``window`` tokens long; unless ``strict``, the subject need not open a clause)."""
    commas = 0
    for p in range(j - 1, max(0, j - window), -1):
        if toks[p].text not in ASIDE_MARKS:
            continue
        commas += 1
        span = scan_left(toks, p - 1, 0)
        if span and span[1] == p and (not strict or opens(toks, span[0])):
            kind = classify(toks, *span, guess=True)
            if kind:
                return span[0], span[1], kind
        if commas >= 3:
            break
    return None


def _passive_source(toks: list[Tok], i0: int, i1: int, agentive: bool) -> Source | None:
    """'first reported by Axios' (source after 'by'); 'a statement made by X' needs the noun before."""
    if agentive:
        j = i0 - 1
        while j >= 0 and (word_class(toks[j]) == "skip" or toks[j].text == ","):
            j -= 1
        if j < 0 or left_source(toks, j, guess=False) is None:
            return None
        return classified(toks, scan_right(toks, i1, len(toks)))
    return classified(toks, scan_right(toks, i1 + 1, len(toks)))


def find_source(toks: list[Tok], i0: int, i1: int, row: dict,
                 found: list[Source]) -> Source | None:
    """Source (token span and kind) for the cue ``toks[i0:i1]`` of lexicon ``row``."""
    cls, noun, n = row.get("class"), row.get("noun") == "y", len(toks)
    speech = cls == "speech" and not noun
    if cls == "according":
        span = scan_right(toks, i1, n) or raw_phrase(toks, i1)
        # "according to the results": any phrase is a source; unknown heads count as vague.
        return (span[0], span[1], classify(toks, *span) or "vague") if span else None
    if cls == "agentive" or (i1 < n and toks[i1].low == "by" and cls != "cognition"):
        return _passive_source(toks, i0, i1, cls == "agentive")
    j = i0 - 1
    while j >= 0 and word_class(toks[j]) == "skip":
        j -= 1
    if j >= 1 and toks[j].text == ")":  # "Sen. Smith (R-Texas) said": step over the brackets
        p = j - 1
        while p > 0 and toks[p].text != "(" and j - p < config.ATTRIBUTION_MAX_ASIDE_TOKENS:
            p -= 1
        j = p - 1 if toks[p].text == "(" else j
    if j < 0:
        return None
    prev = toks[j]
    if prev.word and word_class(prev) == "relative" and prev.low != "that":
        j -= 1 + (j >= 1 and toks[j - 1].text == ",")
        return left_source(toks, j, guess=True) if j >= 0 else None
    if prev.word and prev.low in COORDINATORS and (speech or cls == "cognition"):
        return clause_subject(toks, j, found)
    if prev.low == "by" and toks[i0].low.endswith("ing"):  # "tripped him up by calling him ..."
        return clause_subject(toks, j, found)
    if prev.word:
        # A study "shows"/"found": the noun reading is ruled out by requiring a document subject.
        noun = noun and cls != "evidence"
        src = left_source(toks, j, guess=speech, max_unknown=0 if noun else None)
        if src and noun and src[2] not in ("pronoun", "named", "vague", "anonymous"):
            return None
        if src and cls == "evidence" and src[2] != "document":
            return None
        return src
    if cls == "cognition" and not noun and prev.text in ASIDE_MARKS:
        # "Wilkin, a teacher at the school, voiced ...": a named subject before an aside.
        src = _aside_source(toks, j, config.ATTRIBUTION_MAX_LEAD_IN)
        return src if src and src[2] == "named" and toks[src[1] - 1].cap else None
    if noun or cls in ("cognition", "evidence"):
        return None
    if prev.text == "," and toks[i0].low.endswith("ing"):
        return clause_subject(toks, j, found)
    inverted = classified(toks, scan_right(toks, i1, n))
    if inverted and not clause_ends(toks, inverted[1]):
        inverted = None
    if prev.text in CLOSING or (j >= 1 and toks[j - 1].text in CLOSING):
        return inverted
    if prev.text in ASIDE_MARKS:
        # A long aside ("Eaton, a teacher who ... last two elections, said") beats "said the bridge".
        return _aside_source(toks, j) or _aside_source(toks, j, config.ATTRIBUTION_MAX_LEAD_IN) or inverted
    return inverted


def fallback_source(toks: list[Tok], i0: int, i1: int, found: list[Source], lo: int = 0) -> Source | None:
    """Source of a reliable cue (lexicon ``bare``) whose source the rules of :func:`find_source`
    missed: "Six in 10 voters said", "Eaton, a retiree who ..., said", "Asked about it, Smith ...".

    The phrase right before the verb (loosely scanned, not reaching back over an earlier cue at
    ``lo``), else the subject before an aside, else an inverted source after it, else the clause
    subject.
    """
    j = i0 - 1
    while j >= 0 and word_class(toks[j]) == "skip":
        j -= 1
    if j >= lo and toks[j].word and word_class(toks[j]) not in ("relative", "determiner"):
        span = scan_left(toks, j, lo, config.ATTRIBUTION_FALLBACK_UNKNOWN)
        if span and (toks[span[1] - 1].cap or not toks[span[1] - 1].low.endswith("ly")):
            return span[0], span[1], loose_kind(toks, *span)
    if j >= 0 and toks[j].text in ASIDE_MARKS:
        src = _aside_source(toks, j, config.ATTRIBUTION_MAX_LEAD_IN, strict=False)
        if src:
            return src
    span = scan_right(toks, i1, len(toks))
    if span and span[0] == i1:
        kind = classify(toks, *span)
        if kind:
            return span[0], span[1], kind
    if j < 0 or toks[j].low in LEAD_INS:
        return main_subject(toks, i1)
    return clause_subject(toks, i0, found)


def is_pronoun(phrase: str) -> bool:
    """Is this source phrase a bare pronoun ("he", "They")?"""
    return lexicon().grammar.get(phrase.strip().lower()) == "pronoun"


def _is_plural(phrase: str) -> bool:
    """Does a source phrase name several people ("officials", "Two students", "X and others")?

    Without a tagger: a plural pronoun, a coordination, or a lower-case head noun ending in -s
    (not -ss, -us or -is: "the witness", "census"); capitalised heads are names ("Reuters")
    unless the vague-source lexicon knows them ("Officials" opening a sentence).
    """
    words = phrase.split()
    if not words:
        return False
    lows = [w.lower() for w in words]
    if (len(lows) == 1 and lexicon().number.get(lows[0]) == "pl") or "and" in lows:
        return True
    head = words[-1].removesuffix("'s").removesuffix("’s")
    if head.lower() in lexicon().vague:  # "Officials", "Experts" open a sentence capitalised
        return head.lower().endswith("s")
    return head.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is"))


def _can_refer(a: Attribution, b: Attribution, learned: frozenset[int] | set[int]) -> bool:
    """Can ``b`` be the antecedent of pronoun attribution ``a``?

    It needs a source phrase of its own and a grammar cue (learned cues are too uncertain to
    anchor anything). Only "it" (or a learned cue with no subject) may stand for a document:
    "he"/"she"/"they" are people, so "This statement highlights ..." is never who "he" is. A
    singular pronoun never stands for a plural phrase ("she said" after "officials said").
    """
    if b.source is None or b.kind in ("none", "pronoun") or b.cue_start in learned:
        return False
    pronoun = (a.source or "").strip().lower()
    if lexicon().number.get(pronoun) == "sg" and _is_plural(b.refers_to.text if b.refers_to else b.source):
        return False
    return b.kind != "document" or a.source is None or pronoun == "it"


def _antecedent(atts: list[Attribution], i: int, resolved: list[Attribution],
                learned: frozenset[int] | set[int]) -> Attribution | None:
    a = atts[i]
    for b in reversed(resolved[-config.ATTRIBUTION_MAX_LOOKAROUND:]):
        if a.sentence - b.sentence > config.ATTRIBUTION_PRONOUN_WINDOW:
            break
        if _can_refer(a, b, learned):
            return b
    if not resolved or resolved[-1].sentence < a.sentence - config.ATTRIBUTION_PRONOUN_WINDOW:
        for b in atts[i + 1:i + 1 + config.ATTRIBUTION_MAX_LOOKAROUND]:
            if b.sentence > a.sentence + 1:
                break
            if b.sentence == a.sentence + 1 and _can_refer(a, b, learned):
                return b
    return None


def _resolved(a: Attribution, b: Attribution | None) -> Attribution:
    if b is None:
        return replace(a, kind="named")
    if a.source is None and b.sentence == a.sentence:  # a learned cue with no subject phrase
        return replace(a, kind=b.kind, source=b.source, source_start=b.source_start, source_end=b.source_end,
                       start=min(a.start, b.source_start), end=max(a.end, b.source_end), refers_to=b.refers_to)
    if b.refers_to is not None:  # "he added" after "he said": both stand for the same person
        return replace(a, kind=b.kind, refers_to=b.refers_to)
    if b.source_start is None or b.source_end is None or is_pronoun(b.source):
        return replace(a, kind=b.kind)  # an unresolved "he": the kind carries over, no name does
    return replace(a, kind=b.kind, refers_to=Span(b.source_start, b.source_end, b.source))


def resolve_pronouns(atts: list[Attribution], learned: frozenset[int] | set[int] = frozenset()) -> list[Attribution]:
    """Give pronoun sources ("he said") the kind of their antecedent attribution, and its phrase.

    The resolved attribution keeps "he" as its source and points at the antecedent's source
    phrase in ``refers_to``, so a reader (and cross-source corroboration) sees who "he" is.
    The antecedent is the nearest earlier attribution within
    :data:`~reliability.config.ATTRIBUTION_PRONOUN_WINDOW` sentences whose source is a phrase
    (never a learned cue, and a document only for "it"); with
    none before it (a lead quote "..., he said." explained in the next sentence) it is the first
    such attribution of the next sentence. So "he said" after
    "a senior official said" stays anonymous. A pronoun we cannot resolve is kept as ``named``
    with the pronoun as its source: in news copy a bare "he"/"she" almost always refers to a
    person the article has named. Learned cues without a subject phrase (kind "pronoun", no
    source) also take the antecedent's source phrase when it is in the same sentence, and are
    dropped when there is no antecedent.
    """
    out: list[Attribution] = []
    for i, a in enumerate(atts):
        if a.kind != "pronoun":
            out.append(a)
            continue
        b = _antecedent(atts, i, out, learned)
        # A learned cue with neither a subject phrase nor an antecedent ("The tickets were
        # ordered online.") has nobody to attribute to: calling it named would be invented.
        if b is not None or a.source is not None:
            out.append(_resolved(a, b))
    return out
