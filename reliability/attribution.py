"""Find attributions: who said or reported what, and how identifiable that source is.

There is no POS tagger here (nltk's needs downloaded data), so the finder works from lexicons
we wrote (``attribution_*.tsv``), capitalisation and a little structure:

1. source-less forms ("reportedly", "it is believed", "was described as") are kind ``none``;
2. "in a statement to X" / "in an interview with X" name a channel X;
3. reporting verbs ("said", "claimed", "according to") take the noun phrase before them
   ("the ministry said"), after them when inverted (", said Smith"), after "by" when passive
   ("first reported by Axios"), before an aside ("Trump, in a statement to ..., called"), before
   "who", or the clause subject for ", saying";
4. the source phrase is classified by its head word: vague groups and carriers ("critics",
   "an exposé"), documents ("the study"), unnamed roles ("a senior official") and otherwise
   capitalised names or organisation nouns (named);
5. pronoun sources take the kind of their antecedent attribution (see :func:`_resolve_pronouns`).

Tokens live in :mod:`reliability.attribution_tokens`; lexicons, source-phrase scanning and
classification (step 4) in :mod:`reliability.attribution_phrases`; this module decides, per cue, where its source is, what
content it introduces, and resolves pronouns across sentences.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from reliability import config
from reliability.attribution_phrases import (
    Source,
    classified,
    classify,
    clause_ends,
    left_source,
    lexicon,
    match_words,
    opens,
    raw_phrase,
    scan_left,
    scan_right,
    word_class,
)
from reliability.attribution_tokens import (
    CLOSING,
    OPENING,
    Tok,
    offsets,
    token_words,
    tokens,
)
from reliability.records import Attribution, Quote, Sentence
from reliability.text import Doc

# Thresholds (ATTRIBUTION_*) live in reliability/config.py.

_CONTENT_LEAD = re.compile(r"[\s,:—–\-\"”’»]*(?:that\b)?\s*")
_CONTENT_TRAIL = ".!?;:,\"”’'» \t"
_COORDINATORS = frozenset({"and", "but", "or", "then"})
_ASIDE_MARKS = frozenset(",—–")


class _QuoteEnds:
    """The document's quotations by start and by end, for "a quote right before/after" look-ups.

    (Whether a span lies inside a quotation is :meth:`reliability.text.Doc.in_quote`.)
    """

    def __init__(self, quotes: tuple[Quote, ...]) -> None:
        self.by_start = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in self.by_start]
        self.by_end = sorted(quotes, key=lambda q: q.end)
        self.ends = [q.end for q in self.by_end]

    def starting(self, lo: int, hi: int) -> list[Quote]:
        """Quotes with ``lo <= start < hi``."""
        return self.by_start[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]

    def ending(self, lo: int, hi: int) -> list[Quote]:
        """Quotes with ``lo <= end <= hi``."""
        return self.by_end[bisect.bisect_left(self.ends, lo):bisect.bisect_right(self.ends, hi)]


def _subject(toks: list[Tok], end: int, found: list[Source]) -> Source | None:
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


_ASIDE_MARKS = frozenset(",—–")


def _aside_source(toks: list[Tok], j: int) -> Source | None:
    """'Trump, in a statement to the FT, called': the subject before a comma-delimited aside."""
    commas = 0
    for p in range(j - 1, max(0, j - config.ATTRIBUTION_MAX_ASIDE_TOKENS), -1):
        if toks[p].text not in _ASIDE_MARKS:
            continue
        commas += 1
        span = scan_left(toks, p - 1, 0)
        if span and span[1] == p and opens(toks, span[0]):
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


def _find_source(toks: list[Tok], i0: int, i1: int, row: dict,
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
    if prev.word and prev.low in _COORDINATORS and (speech or cls == "cognition"):
        return _subject(toks, j, found)
    if prev.low == "by" and toks[i0].low.endswith("ing"):  # "tripped him up by calling him ..."
        return _subject(toks, j, found)
    if prev.word:
        # A study "shows"/"found": the noun reading is ruled out by requiring a document subject.
        noun = noun and cls != "evidence"
        src = left_source(toks, j, guess=speech, max_unknown=0 if noun else None)
        if src and noun and src[2] not in ("pronoun", "named", "vague", "anonymous"):
            return None
        if src and cls == "evidence" and src[2] != "document":
            return None
        return src
    if noun or cls in ("cognition", "evidence"):
        return None
    if prev.text == "," and toks[i0].low.endswith("ing"):
        return _subject(toks, j, found)
    inverted = classified(toks, scan_right(toks, i1, n))
    if inverted and not clause_ends(toks, inverted[1]):
        inverted = None
    if prev.text in CLOSING or (j >= 1 and toks[j - 1].text in CLOSING):
        return inverted
    if prev.text in _ASIDE_MARKS:
        return _aside_source(toks, j) or inverted
    return inverted


def _has_words(text: str, start: int, end: int) -> bool:
    # Look at a bounded window only: counting words of a huge sentence per attribution is quadratic.
    return len(text[start:min(end, start + 200)].split()) >= config.ATTRIBUTION_MIN_CONTENT_WORDS


def _content(doc: Doc, s: Sentence, quotes: _QuoteEnds, a: int, b: int, s_end: int) -> tuple[int, int] | None:
    """The attributed content of the attribution phrase ``text[a:b]``: an adjacent quote or clause.

    ``s_end`` is the sentence end without its closing punctuation.
    """
    text = doc.text
    for q in quotes.ending(a - 4, a):
        if not text[q.end:a].strip(" ,\t—–-"):
            return q.inner_start, q.inner_end
    for q in quotes.starting(b, b + 12):
        if _CONTENT_LEAD.fullmatch(text, b, q.start):
            return q.inner_start, q.inner_end
    start = _CONTENT_LEAD.match(text, b, min(s_end, b + 40)).end() if b < s_end else s_end
    if start < s_end and _has_words(text, start, s_end):
        return start, s_end
    end = a
    while end > s.start and a - end < 8 and text[end - 1] in _CONTENT_TRAIL + "—–-":
        end -= 1
    if end > s.start and _has_words(text, max(s.start, end - 200), end):
        return s.start, end
    return None


@dataclass(slots=True)
class _Ctx:
    """One sentence being read: its tokens, the quotes index and which tokens are already used."""

    doc: Doc
    s: Sentence
    quotes: _QuoteEnds
    toks: list[Tok]
    s_end: int
    starts: list[int]
    ends: list[int]
    used: set[int]

    def tok_range(self, a: int, b: int) -> tuple[int, int]:
        """Token indices ``[i0, i1)`` covering characters ``[a, b)``."""
        return bisect.bisect_right(self.ends, a), bisect.bisect_left(self.starts, b)

    def free(self, a: int, b: int) -> bool:
        i0, i1 = self.tok_range(a, b)
        return not any(i in self.used for i in range(i0, i1))

    def use(self, a: int, b: int) -> None:
        self.used.update(range(*self.tok_range(a, b)))


def _make(cx: _Ctx, cue: tuple[int, int], kind: str, source: tuple[int, int] | None) -> Attribution:
    text = cx.doc.text
    if source is not None:
        sa, sb = source
        # An opening mark stepped over inside the phrase ("the outlet 'Lenta.Ru"): keep the name whole.
        inner = text[sa:sb]
        opener = max((inner.rfind(c) for c in "“‘«\""), default=-1)
        if opener >= 0 and not any(c in inner[opener + 1:] for c in "”’»\""):
            sa += opener + 1
        source = (sa, sb)
        start, end = min(cue[0], sa), max(cue[1], sb)
        cx.use(sa, sb)
    else:
        start, end = cue
    cx.use(*cue)
    content = _content(cx.doc, cx.s, cx.quotes, start, end, cx.s_end)
    return Attribution(start, end, text[cue[0]:cue[1]], cue[0], cue[1], kind, cx.s.index,
                       text[source[0]:source[1]] if source else None,
                       source[0] if source else None, source[1] if source else None,
                       content[0] if content else None, content[1] if content else None)


def _in_sentence(doc: Doc, s: Sentence, quotes: _QuoteEnds) -> list[Attribution]:
    text = doc.text
    words = token_words(text, s.start, s.end)
    if not words.text:
        return []
    sourceless = match_words(words.low, "attribution_sourceless.tsv")
    verbs = match_words(words.low, "attribution_verbs.tsv")
    channels = list(lexicon().channel.finditer(text, s.start, s.end))
    if not (sourceless or verbs or channels) and text.find(":", s.start, s.end) < 0:
        return []  # no cue, no channel and no colon (always a token of its own): nothing to find
    toks = tokens(text, s.start, s.end, words)
    s_end = s.end
    while s_end > s.start and s.end - s_end < 8 and text[s_end - 1] in _CONTENT_TRAIL:
        s_end -= 1
    cx = _Ctx(doc, s, quotes, toks, s_end, words.start, words.end, set())
    limit = config.ATTRIBUTION_MAX_PER_SENTENCE
    out = [_make(cx, offsets(toks, i0, i1), row.get("kind") or "none", None)
           for i0, i1, row in sourceless][:limit]
    found: list[Source] = []
    for i0, i1, row in verbs:
        if len(out) >= limit:
            return out
        cue = offsets(toks, i0, i1)
        if not cx.free(*cue):
            continue
        if toks[i0].cap and i0 > 0 and not s.heading:
            continue  # a capitalised cue mid-sentence is part of a name ("The Washington Post")
        if doc.in_quote(*cue) is not None:
            continue  # "I think" inside a quote belongs to the quoted speaker's attribution
        src = _find_source(toks, i0, i1, row, found)
        if src is not None:
            found.append(src)
            out.append(_make(cx, cue, src[2], offsets(toks, src[0], src[1])))
    cue_ends = {a.cue_end for a in out}
    for m in channels:
        if len(out) >= limit:
            return out
        i1 = cx.tok_range(m.start(), m.end())[1]
        if not cx.free(m.start(), m.end()) or m.start() - 1 in cue_ends:
            continue  # "claimed in an interview with X" is one attribution, already found
        src = classified(toks, scan_right(toks, i1, len(toks)))
        if src and src[2] != "pronoun":
            out.append(_make(cx, (m.start(), m.end()), src[2], offsets(toks, src[0], src[1])))
    out.extend(_colon_attributions(cx))
    return out[:limit]


def _colon_attributions(cx: _Ctx) -> list[Attribution]:
    """'Graham: Trump is wrong' (a headline) and 'Smith: "We will win"': the colon is the cue."""
    out, toks, s = [], cx.toks, cx.s
    for c, t in enumerate(toks):
        if t.text != ":" or c == 0 or not cx.free(t.start, t.end):
            continue
        quoted = c + 1 < len(toks) and toks[c + 1].text in OPENING
        if not (quoted or (s.heading and c <= config.ATTRIBUTION_MAX_SOURCE_TOKENS)):
            continue
        span = scan_left(toks, c - 1, 0)
        if not span or span[1] != c or not opens(toks, span[0]) or (s.heading and span[0] != 0):
            continue
        kind = classify(toks, *span)
        if any(x.low.endswith("'s") for x in toks[span[0]:span[1]]):
            continue  # "Zelensky's Dilemma: ..." is a title, not a speaker
        if kind and kind != "pronoun":
            out.append(_make(cx, (t.start, t.end), kind, offsets(toks, *span)))
    return out


def _antecedent_kind(atts: list[Attribution], i: int, resolved: list[Attribution]) -> str:
    a = atts[i]
    for b in reversed(resolved[-config.ATTRIBUTION_MAX_LOOKAROUND:]):
        if a.sentence - b.sentence > config.ATTRIBUTION_PRONOUN_WINDOW:
            break
        if b.source is not None and b.kind != "none":
            return b.kind
    if not resolved or resolved[-1].sentence < a.sentence - config.ATTRIBUTION_PRONOUN_WINDOW:
        for b in atts[i + 1:i + 1 + config.ATTRIBUTION_MAX_LOOKAROUND]:
            if b.sentence > a.sentence + 1:
                break
            if b.sentence == a.sentence + 1 and b.kind not in ("pronoun", "none") and b.source is not None:
                return b.kind
    return "named"


def _resolve_pronouns(atts: list[Attribution]) -> list[Attribution]:
    """Give pronoun sources ("he said") the kind of their antecedent attribution.

    The antecedent is the nearest earlier attribution within
    :data:`~reliability.config.ATTRIBUTION_PRONOUN_WINDOW` sentences whose source is a phrase; with
    none before it (a lead quote "..., he said." explained in the next sentence) it is the first
    such attribution of the next sentence. So "he said" after
    "a senior official said" stays anonymous. A pronoun we cannot resolve is kept as ``named``
    with the pronoun as its source: in news copy a bare "he"/"she" almost always refers to a
    person the article has named.
    """
    out: list[Attribution] = []
    for i, a in enumerate(atts):
        out.append(replace(a, kind=_antecedent_kind(atts, i, out)) if a.kind == "pronoun" else a)
    return out


def _attach_lead_quotes(doc: Doc, quotes: _QuoteEnds, atts: list[Attribution]) -> list[Attribution]:
    """A quote sentence followed by "He said." gets that attribution as its speaker."""
    out = list(atts)
    for n, a in enumerate(out):
        if a.content_start is not None or a.source is None or a.sentence == 0:
            continue
        prev = doc.sentences[a.sentence - 1]
        q = next((q for q in quotes.ending(prev.end - 1, prev.end) if q.start >= prev.start), None)
        if q is not None:
            out[n] = replace(a, content_start=q.inner_start, content_end=q.inner_end)
    return out


def find_attributions(doc: Doc) -> tuple[Attribution, ...]:
    """Find every attribution in ``doc``, sorted by start offset.

    Args:
        doc: A parsed document (:func:`reliability.text.parse`).

    Returns:
        Attributions with cue, source (or None), kind, sentence and content offsets, all
        indexing ``doc.text`` exactly.
    """
    quotes = _QuoteEnds(doc.quotes)
    atts: list[Attribution] = []
    for s in doc.sentences:
        if not s.boilerplate:
            atts.extend(_in_sentence(doc, s, quotes))
    atts.sort(key=lambda a: (a.start, a.cue_start))
    return tuple(_attach_lead_quotes(doc, quotes, _resolve_pronouns(atts)))
