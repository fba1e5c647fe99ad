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
5. pronoun sources take the kind of their antecedent attribution (see :func:`~reliability.attribution_sources.resolve_pronouns`);
6. reliable verbs (lexicon column ``bare``: "said", "told", "added") whose source the rules of
   step 3 miss still count, with a looser subject (:func:`fallback_source`): "Six in 10 voters
   said", "Eaton, a teacher who ..., said", "Asked about it, Smith said"; evidence verbs take a
   document noun earlier in their clause ("Exit polls taken in May found"); nominal cues
   (column ``owner``) take their possessor ("her insistence"); a pronoun stance opening another
   cue's content ("say they want") is no attribution of its own.

Tokens live in :mod:`reliability.attribution_tokens`; lexicons, source-phrase scanning and
classification (step 4) in :mod:`reliability.attribution_phrases`; this module decides, per cue, where its source is, what
content it introduces, and resolves pronouns across sentences.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress

from reliability import config
from reliability.attribution_cues import features, has_quote_mark, keep, vocabulary
from reliability.attribution_phrases import (
    Source,
    classified,
    classify,
    document_subject,
    hangs_on_clause,
    lexicon,
    match_words,
    opens,
    opens_content,
    possessor,
    scan_left,
    scan_right,
    word_class,
)
from reliability.attribution_sources import (
    clause_subject,
    fallback_source,
    find_source,
    resolve_pronouns,
)
from reliability.attribution_tokens import (
    OPENING,
    Tok,
    offsets,
    token_words,
    tokens,
)
from reliability.records import Attribution, Quote, Sentence
from reliability.text import ODD_FOLDS, Doc

# Thresholds (ATTRIBUTION_*) live in reliability/config.py.

_CONTENT_LEAD = re.compile(r"[\s,:—–\-\"”’»]*(?:that\b)?\s*")
_CONTENT_TRAIL = ".!?;:,\"”’'» \t"
# A text holding no ODD_FOLDS character (reliability.text) holds a channel phrase only where a
# token's lowercase form is a channel noun (see _in_sentence); tests/test_attribution.py checks
# that these are all the odd folds of the nouns' letters.
# The nouns the pre-check can read off tokens (the test checks ODD_FOLDS covers their letters).
_PLAIN_NOUN = re.compile(r"[a-zé]+(?:-[a-zé]+)*")


@lru_cache(maxsize=1)
def channel_nouns() -> frozenset[str] | None:
    """The channel pattern's nouns when each is one plain token (see :data:`ODD_FOLDS`), else None."""
    docs = lexicon().documents
    return docs if all(_PLAIN_NOUN.fullmatch(d) for d in docs) else None


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
        # isdisjoint walks the range in C (a generator here cost a Python step per token).
        return self.used.isdisjoint(range(*self.tok_range(a, b)))

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


# A cue candidate the grammar rejected: token range, why, and whether it is inside a quotation.
_Pending = tuple[int, int, str, bool]
#: Learned-candidate sink: ``(cue_start, cue_end, features)`` per rejected candidate.
Collect = list[tuple[int, int, list[str]]]


def _in_sentence(doc: Doc, s: Sentence, quotes: _QuoteEnds, vocab: frozenset[str],
                 collect: Collect | None = None, learned: set[int] | None = None,
                 odd_folds: bool = True) -> list[Attribution]:
    """The attributions of sentence ``s`` (``odd_folds``: the text may hold an :data:`ODD_FOLDS` character)."""
    text = doc.text
    words = token_words(text, s.start, s.end)
    if not words.text:
        return []
    sourceless = match_words(words.low, "attribution_sourceless.tsv")
    verbs = match_words(words.low, "attribution_verbs.tsv")
    # The channel pattern is tried at every character, while most sentences hold no channel noun.
    # Its noun is a whole token (a space before it, a space after it, no mark inside but "-"), so
    # the token set tells, in C, where it cannot match; only ODD_FOLDS escape str.lower().
    nouns = channel_nouns()
    channels = list(lexicon().channel.finditer(text, s.start, s.end)) \
        if odd_folds or nouns is None or not nouns.isdisjoint(words.low) else []
    extra = list(compress(range(len(words.low)), map(vocab.__contains__, words.low))) if vocab else []
    if not (sourceless or verbs or channels or extra) and text.find(":", s.start, s.end) < 0:
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
    pending: list[_Pending] = []  # candidates for the learned scorer (attribution_cues)
    cue_ends: set[int] = set()  # token index right after each verb cue taken so far
    for i0, i1, row in verbs:
        if len(out) >= limit:
            return out
        cue = offsets(toks, i0, i1)
        if not cx.free(*cue):
            continue
        if toks[i0].cap and i0 > 0 and not s.heading:
            pending.append((i0, i1, "cap", False))
            continue  # a capitalised cue mid-sentence is part of a name ("The Washington Post")
        if doc.in_quote(*cue) is not None:
            continue  # "I think" inside a quote belongs to the quoted speaker's attribution
        src = find_source(toks, i0, i1, row, found) if row.get("class") != "nominal" else None
        if src is None and row.get("owner") == "y":
            src = possessor(toks, i0)
        if src is None and row.get("bare") == "y":
            src = fallback_source(toks, i0, i1, found, max((e for e in cue_ends if e <= i0), default=0))
        elif src is None and row.get("class") == "evidence":
            src = document_subject(toks, i0)
        elif src is None and hangs_on_clause(toks, i0, row):
            src = clause_subject(toks, i0 - 1, found)
        if src is not None and src[2] == "pronoun" and opens_content(toks, src[0], cue_ends):
            continue  # "said they want ...": the stance is part of the reported content
        if src is not None:
            found.append(src)
            cue_ends.add(i1)
            out.append(_make(cx, cue, src[2], offsets(toks, src[0], src[1])))
        else:
            pending.append((i0, i1, "nosource", False))
    if extra:
        in_verbs = {i for i0, i1, _ in verbs for i in range(i0, i1)}
        # Learned words inside a quotation are the quoted speaker's, like lexicon cues there.
        pending.extend((i, i + 1, "vocab", False) for i in extra if i not in in_verbs
                       and cx.free(toks[i].start, toks[i].end) and doc.in_quote(toks[i].start, toks[i].end) is None)
    cue_chars = {a.cue_end for a in out}
    for m in channels:
        if len(out) >= limit:
            return out
        i1 = cx.tok_range(m.start(), m.end())[1]
        if not cx.free(m.start(), m.end()) or m.start() - 1 in cue_chars:
            continue  # "claimed in an interview with X" is one attribution, already found
        src = classified(toks, scan_right(toks, i1, len(toks)))
        if src and src[2] != "pronoun":
            out.append(_make(cx, (m.start(), m.end()), src[2], offsets(toks, src[0], src[1])))
    out.extend(_colon_attributions(cx, pending))
    out.extend(_learned(cx, pending, found, collect, learned))
    return out[:limit]


def _learned(cx: _Ctx, pending: list[_Pending], found: list[Source], collect: Collect | None,
             learned: set[int] | None) -> list[Attribution]:
    """Rejected candidates the learned scorer keeps, with the loose source of :func:`fallback_source`.

    With ``collect`` given (training), every still-free candidate's features go there instead.
    """
    out: list[Attribution] = []
    if not pending:
        return out
    qsent = has_quote_mark(cx.doc.text, cx.s.start, cx.s.end)
    for i0, i1, reason, quoted in pending:
        cue = offsets(cx.toks, i0, i1)
        if not cx.free(*cue):
            continue  # a later rule used these tokens (a source, a channel)
        feats = features(cx.toks, i0, i1, reason, quoted, cx.s.heading, qsent)
        if collect is not None:
            collect.append((cue[0], cue[1], feats))
        elif keep(feats):
            if learned is not None:
                learned.add(cue[0])
            # The looser subject search of reliable verbs, kept only when the phrase has a head we
            # can classify ("has drawn criticism" must not make "drawn" a source).
            src = fallback_source(cx.toks, i0, i1, found)
            kind = classify(cx.toks, src[0], src[1]) if src is not None else None
            if kind is None or not cx.free(*offsets(cx.toks, src[0], src[1])):
                # No phrase to show: a stance verb's unnamed subject is, in news copy, the actor
                # the text is about, so it takes the kind of a nearby source like a pronoun does
                # (kind "none" would claim an impersonal form such as "reportedly").
                out.append(_make(cx, cue, "pronoun", None))
            else:
                found.append((src[0], src[1], kind))
                out.append(_make(cx, cue, kind, offsets(cx.toks, src[0], src[1])))
    return out


def _colon_attributions(cx: _Ctx, pending: list[_Pending]) -> list[Attribution]:
    """'Graham: Trump is wrong' (a headline) and 'Smith: "We will win"': the colon is the cue.

    Colons that fail these rules go to ``pending`` for the learned scorer.
    """
    out, toks, s = [], cx.toks, cx.s
    for c, t in enumerate(toks):
        if t.text != ":" or c == 0 or not cx.free(t.start, t.end):
            continue
        pending.append((c, c + 1, "colon", cx.doc.in_quote(t.start, t.end) is not None))
        quoted = c + 1 < len(toks) and toks[c + 1].text in OPENING
        # "Graham: Trump is wrong" opening a line that was not recognised as a heading.
        titled = c <= config.ATTRIBUTION_MAX_COLON_SPEAKER and c + 1 < len(toks) and toks[c + 1].cap
        if not (quoted or titled or (s.heading and c <= config.ATTRIBUTION_MAX_SOURCE_TOKENS)):
            continue
        span = scan_left(toks, c - 1, 0)
        if not span or span[1] != c or not opens(toks, span[0]) or ((s.heading or not quoted) and span[0] != 0):
            continue
        if not (quoted or s.heading) and word_class(toks[span[0]]) == "determiner":
            continue  # "The Latest: ..." is a column label, not a speaker
        kind = classify(toks, *span)
        if any(x.low.endswith("'s") for x in toks[span[0]:span[1]]):
            continue  # "Zelensky's Dilemma: ..." is a title, not a speaker
        if kind and kind != "pronoun":
            out.append(_make(cx, (t.start, t.end), kind, offsets(toks, *span)))
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
    return _find(doc, vocabulary(), None)


def cue_candidates(doc: Doc, vocab: frozenset[str] | None = None) -> Collect:
    """The cue candidates the grammar rejects in ``doc``, with their features (for training the
    scorer of :mod:`reliability.attribution_cues`): ``(cue_start, cue_end, features)``.

    Args:
        doc: A parsed document.
        vocab: Extra candidate words outside the lexicon (default: the shipped vocabulary).
    """
    collect: Collect = []
    _find(doc, vocabulary() if vocab is None else vocab, collect)
    return collect


def grammar_attributions(doc: Doc) -> tuple[Attribution, ...]:
    """:func:`find_attributions` without the learned scorer or its extra words (what training
    starts from, so that a fit never depends on the weights shipped before it)."""
    return _find(doc, frozenset(), [])


def _find(doc: Doc, vocab: frozenset[str], collect: Collect | None) -> tuple[Attribution, ...]:
    quotes = _QuoteEnds(doc.quotes)
    atts: list[Attribution] = []
    learned: set[int] = set()  # cue starts of learned cues: never a pronoun's antecedent
    odd = any(c in doc.text for c in ODD_FOLDS)
    for s in doc.sentences:
        if not s.boilerplate:
            atts.extend(_in_sentence(doc, s, quotes, vocab, collect, learned, odd))
    atts.sort(key=lambda a: (a.start, a.cue_start))
    return tuple(_attach_lead_quotes(doc, quotes, resolve_pronouns(atts, learned)))
