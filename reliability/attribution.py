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
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from reliability.records import Attribution, Quote, Sentence
from reliability.resources import read_tsv
from reliability.text import Doc

# Thresholds (to move into reliability/config.py)
MAX_SOURCE_TOKENS = 12  # longest source phrase taken: "a senior official at the Ministry of Defense" fits
MAX_UNKNOWN_MODIFIERS = 3  # lowercase words not in our lexicons allowed as modifiers ("a damning exposé")
MAX_ASIDE_TOKENS = 14  # longest aside skipped between subject and verb ("Trump, in a statement to the FT, called")
PRONOUN_WINDOW = 5  # sentences back to look for a pronoun's antecedent: news attributes within a paragraph or two
MAX_PER_SENTENCE = 40  # more attributions than this in one sentence is not prose (lists, junk): stop there
MAX_LOOKAROUND = 30  # attributions examined around a pronoun: keeps resolution linear in long texts
MIN_CONTENT_WORDS = 2  # a clause shorter than this is not taken as the attributed content

# Words: "U.S." whole, letters/digits with inner hyphens/apostrophes/dots, or one punctuation mark.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[-'’.&]\w+)*|[^\w\s]")
_CLOSING = frozenset('"”’»\'')
_OPENING = frozenset('"“‘«\'')
_INDEFINITE = frozenset({"a", "an", "one", "another", "some"})
_CONTENT_LEAD = re.compile(r"[\s,:—–\-\"”’»]*(?:that\b)?\s*")
_CONTENT_TRAIL = ".!?;:,\"”’'» \t"


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    cap: bool
    word: bool


@dataclass(frozen=True, slots=True)
class _Lex:
    grammar: dict[str, str]
    vague: frozenset[str]
    roles: dict[str, str]
    documents: frozenset[str]
    organisations: frozenset[str]
    channel: re.Pattern[str]


class _Quotes:
    """The document's quotations, indexed by start and by end for bounded look-ups."""

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

    def holds(self, a: int, b: int) -> bool:
        """Is ``text[a:b]`` inside a quotation (checking the few nearest that open before it)?"""
        i = bisect.bisect_right(self.starts, a)
        return any(q.inner_start <= a and b <= q.inner_end for q in self.by_start[max(0, i - 8):i])


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    docs = frozenset(_norm(r["phrase"]) for r in read_tsv("attribution_documents.tsv"))
    nouns = "|".join(sorted((re.escape(d) for d in docs), key=len, reverse=True))
    # "in a statement to", "during an interview with": up to two modifiers, no nested quantifiers.
    channel = re.compile(r"\b(?:in|during) (?:a|an|the|his|her|their|its) (?:[\w-]+ ){0,2}?"
                         rf"(?:{nouns}) (?:to|with|on)\b", re.IGNORECASE)
    return _Lex(
        grammar={_norm(r["phrase"]): r["class"] for r in read_tsv("attribution_grammar.tsv")},
        vague=frozenset(_norm(r["phrase"]) for r in read_tsv("attribution_vague.tsv")),
        roles={_norm(r["phrase"]): r["class"] for r in read_tsv("attribution_anonymous.tsv")},
        documents=docs,
        organisations=frozenset(_norm(r["phrase"]) for r in read_tsv("attribution_organisations.tsv")),
        channel=channel,
    )


@cache
def _phrases(name: str) -> dict[str, list[tuple[tuple[str, ...], dict]]]:
    """Lexicon phrases by first word, longest first, for matching on our own tokens.

    The attribution lexicons use no wildcards, so a dictionary look-up per token does the work
    of the general matcher at a fraction of its cost (this runs on every sentence).
    """
    table: dict[str, list[tuple[tuple[str, ...], dict]]] = {}
    for row in read_tsv(name):
        words = tuple(_norm(w) for w in _TOKEN.findall(row["phrase"]))
        if words:
            table.setdefault(words[0], []).append((words, row))
    for rows in table.values():
        rows.sort(key=lambda r: -len(r[0]))
    return table


def _match(toks: list[_Tok], name: str) -> Iterator[tuple[int, int, dict]]:
    """Yield non-overlapping ``(i0, i1, row)`` token matches of lexicon ``name``, left to right."""
    table = _phrases(name)
    i, n = 0, len(toks)
    while i < n:
        for words, row in table.get(toks[i].low, ()):
            if all(i + k < n and toks[i + k].low == w for k, w in enumerate(words)):
                yield i, i + len(words), row
                i += len(words) - 1
                break
        i += 1


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        out.append(_Tok(m.start(), m.end(), w, _norm(w), w[0].isupper(), w[0].isalnum() or w[0] == "_"))
    return out


def _cls(t: _Tok) -> str | None:
    return _lex().grammar.get(t.low) if t.word else None


def _known_noun(low: str) -> bool:
    lx = _lex()
    return low in lx.vague or low in lx.documents or low in lx.roles or low in lx.organisations


def _head_ok(t: _Tok) -> bool:
    return t.word and (t.cap or _known_noun(t.low) or _cls(t) == "pronoun") and _cls(t) not in (
        "determiner", "joiner", "tail", "stop", "skip", "relative")


def _joinable(t: _Tok, cls: str) -> bool:
    """Can ``t`` stand before a joiner ('of', 'for') or a tail word ('with', 'familiar') in a source?"""
    if not t.word:
        return False
    if cls == "joiner":
        return t.cap or _known_noun(t.low)
    return _known_noun(t.low) or _cls(t) == "tail"


def classify(toks: list[_Tok], a: int, b: int, guess: bool = False) -> str | None:
    """Kind of the source phrase ``toks[a:b]`` ("pronoun" for a bare pronoun), or None if no source.

    The head is the last word before any tail ("an official | familiar with the talks"). With
    ``guess`` (the subject of a speech verb such as "said"), an unknown lowercase head still makes
    a source: plural -> vague, indefinite -> anonymous, definite ("the tycoon") -> named.
    """
    lx = _lex()
    core_end = b
    for k in range(a + 1, b):
        if _cls(toks[k]) == "tail":
            core_end = k
            break
    head = toks[core_end - 1]
    if not head.word or head.low.endswith("'s") or head.low.endswith("'"):
        return None  # a possessive head means the cue word was a noun ("Trump's claims")
    if _cls(head) == "pronoun":
        return "pronoun" if core_end - a == 1 else None
    determiner = toks[a].low if _cls(toks[a]) == "determiner" else None
    if determiner is None and any(t.low.endswith("'s") for t in toks[a:core_end - 1]):
        determiner = "the"  # "Trump's campaign manager" is as definite as "the manager"
    if head.low in lx.vague:
        return "vague"
    if head.low in lx.documents:
        # A capitalised document word inside a phrase is part of a name ("the New York Post").
        return "named" if head.cap and core_end - 1 > 0 and core_end - 1 > a else "document"
    if head.low in lx.roles:
        indefinite = determiner is None or determiner in _INDEFINITE
        return "named" if lx.roles[head.low] == "office" and not indefinite else "anonymous"
    if head.low in lx.organisations or (head.cap and _cls(head) is None):
        return "named"
    if guess and _cls(head) is None and head.text.isalpha() and (determiner or head.low.endswith("s")):
        if head.low.endswith("s") and not head.low.endswith("ss"):
            return "vague"
        return "anonymous" if determiner in _INDEFINITE else "named"
    return None


def _scan_left(toks: list[_Tok], k: int, lo: int,
               max_unknown: int = MAX_UNKNOWN_MODIFIERS) -> tuple[int, int] | None:
    """Source noun phrase ending at token ``k`` (inclusive), scanning leftwards to ``lo``."""
    taken: list[int] = []
    unknown = 0
    while k >= lo and len(taken) < MAX_SOURCE_TOKENS:
        t = toks[k]
        cls = _cls(t)
        if not t.word:
            break
        if cls == "pronoun":
            if not taken:
                taken.append(k)
            break
        if cls == "determiner":
            if not taken:
                return None  # a phrase cannot end in "the"
            taken.append(k)
            if k - 1 >= lo and _cls(toks[k - 1]) in ("joiner", "tail"):
                k -= 1
                continue
            break
        if cls in ("joiner", "tail"):
            if taken and k - 1 >= lo and _joinable(toks[k - 1], cls):
                taken.append(k)
                k -= 1
                continue
            break
        if cls is not None:
            break
        if not (t.cap or _known_noun(t.low)):
            unknown += 1
            # "a move Zelenskyy noted": a lowercase word does not modify a name.
            if unknown > max_unknown or (taken and toks[taken[0]].cap):
                break
        taken.append(k)
        k -= 1
    if not taken:
        return None
    a, b = min(taken), max(taken) + 1
    while a < b and _cls(toks[a]) in ("joiner", "tail"):
        a += 1
    return (a, b) if a < b else None


def _scan_right(toks: list[_Tok], k: int, hi: int) -> tuple[int, int] | None:
    """Source noun phrase starting at token ``k``, scanning rightwards to ``hi`` (exclusive)."""
    taken: list[int] = []
    unknown = 0
    while k < hi and len(taken) < MAX_SOURCE_TOKENS:
        t = toks[k]
        cls = _cls(t)
        if not t.word:
            # A name in quote marks ("the outlet 'Lenta.Ru'"): step over the mark.
            if t.text in _OPENING and k + 1 < hi and toks[k + 1].cap:
                k += 1
                continue
            break
        if cls == "pronoun":
            if not taken:
                taken.append(k)
            break
        if cls == "determiner":
            if taken and _cls(toks[taken[-1]]) not in ("joiner", "tail"):
                break
        elif cls in ("joiner", "tail"):
            if not (taken and _joinable(toks[taken[-1]], cls)):
                break
        elif cls is not None:
            break
        elif not (t.cap or _known_noun(t.low)):
            unknown += 1
            if unknown > MAX_UNKNOWN_MODIFIERS:
                break
        taken.append(k)
        k += 1
    while taken and not _head_ok(toks[taken[-1]]):
        taken.pop()
    return (taken[0], taken[-1] + 1) if taken else None


def _raw_phrase(toks: list[_Tok], k: int) -> tuple[int, int] | None:
    """Words from ``k`` up to punctuation or a clause word, for 'according to a count by X'."""
    b = k
    while b < len(toks) and b - k < MAX_SOURCE_TOKENS and toks[b].word and _cls(toks[b]) not in (
            "stop", "relative", "skip") or (b < len(toks) and toks[b].low == "by" and b > k):
        b += 1
    while b > k and _cls(toks[b - 1]) in ("determiner", "joiner", "tail", "stop"):
        b -= 1
    return (k, b) if b > k else None


def _valid(toks: list[_Tok], span: tuple[int, int] | None) -> tuple[int, int, str] | None:
    if span is None:
        return None
    kind = classify(toks, *span)
    return (span[0], span[1], kind) if kind else None


def _clause_ends(toks: list[_Tok], b: int) -> bool:
    """After an inverted source (", said Smith") the clause must end or a modifier follow."""
    return b >= len(toks) or not toks[b].word or _cls(toks[b]) in ("stop", "relative", "tail")


_OPENERS = frozenset(",;:—–-([") | _OPENING | _CLOSING
_OPENER_WORDS = frozenset({"and", "but", "or", "so", "yet", "however", "meanwhile", "while", "when", "as",
                           "because", "although", "though", "if", "since", "after", "before", "that",
                           "then", "where", "whether", "now"})
_COORDINATORS = frozenset({"and", "but", "or", "then"})


def _opens(toks: list[_Tok], a: int) -> bool:
    """Can a clause subject start at token ``a`` (sentence start, punctuation, a conjunction)?"""
    if a == 0:
        return True
    t = toks[a - 1]
    return (not t.word and t.text in _OPENERS) or t.low in _OPENER_WORDS


_TAIL_ANCHORS = frozenset({"familiar", "close", "briefed", "knowledgeable", "involved"})


def _tail_span(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """'a person familiar with the planning for the meeting': role noun + anchor + anything."""
    for k in range(j, max(0, j - MAX_SOURCE_TOKENS), -1):
        if toks[k].low in _TAIL_ANCHORS and k >= 1 and toks[k - 1].low in _lex().roles.keys() | _lex().vague:
            head = _scan_left(toks, k - 1, 0)
            return (head[0], j + 1) if head else None
        if not toks[k].word and toks[k].text not in "'’":
            return None
    return None


def _left_source(toks: list[_Tok], j: int, guess: bool,
                 max_unknown: int = MAX_UNKNOWN_MODIFIERS) -> tuple[int, int, str] | None:
    span = _scan_left(toks, j, 0, max_unknown)
    if guess:
        span = _tail_span(toks, j) or span
    if span is None:
        return None
    kind = classify(toks, *span)
    if kind is None and guess and _opens(toks, span[0]):
        kind = classify(toks, *span, guess=True)
    return (span[0], span[1], kind) if kind else None


def _subject(toks: list[_Tok], end: int, found: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """Subject of the clause a ", saying ..." or "and said" hangs on (within ``toks[:end]``).

    That is an earlier source in the sentence, else the sentence's opening noun phrase.
    """
    if found:
        return found[-1]
    k = 0
    # Step over an opening adverbial: "However, ...", "Despite this, ...".
    for c in range(min(end, 6)):
        if toks[c].text == "," and _cls(toks[0]) in ("stop", "skip", "tail", "joiner"):
            k = c + 1
            break
    span = _scan_right(toks, k, end)
    if not span or span[0] != k:
        return None
    kind = classify(toks, *span, guess=True)
    return (span[0], span[1], kind) if kind else None


_ASIDE_MARKS = frozenset(",—–")


def _aside_source(toks: list[_Tok], j: int) -> tuple[int, int, str] | None:
    """'Trump, in a statement to the FT, called': the subject before a comma-delimited aside."""
    commas = 0
    for p in range(j - 1, max(0, j - MAX_ASIDE_TOKENS), -1):
        if toks[p].text not in _ASIDE_MARKS:
            continue
        commas += 1
        span = _scan_left(toks, p - 1, 0)
        if span and span[1] == p and _opens(toks, span[0]):
            kind = classify(toks, *span, guess=True)
            if kind:
                return span[0], span[1], kind
        if commas >= 3:
            break
    return None


def _passive_source(toks: list[_Tok], i0: int, i1: int, agentive: bool) -> tuple[int, int, str] | None:
    """'first reported by Axios' (source after 'by'); 'a statement made by X' needs the noun before."""
    if agentive:
        j = i0 - 1
        while j >= 0 and (_cls(toks[j]) == "skip" or toks[j].text == ","):
            j -= 1
        if j < 0 or _left_source(toks, j, guess=False) is None:
            return None
        return _valid(toks, _scan_right(toks, i1, len(toks)))
    return _valid(toks, _scan_right(toks, i1 + 1, len(toks)))


def _find_source(toks: list[_Tok], i0: int, i1: int, row: dict,
                 found: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """Source (token span and kind) for the cue ``toks[i0:i1]`` of lexicon ``row``."""
    cls, noun, n = row.get("class"), row.get("noun") == "y", len(toks)
    speech = cls == "speech" and not noun
    if cls == "according":
        span = _scan_right(toks, i1, n) or _raw_phrase(toks, i1)
        # "according to the results": any phrase is a source; unknown heads count as vague.
        return (span[0], span[1], classify(toks, *span) or "vague") if span else None
    if cls == "agentive" or (i1 < n and toks[i1].low == "by" and cls != "cognition"):
        return _passive_source(toks, i0, i1, cls == "agentive")
    j = i0 - 1
    while j >= 0 and _cls(toks[j]) == "skip":
        j -= 1
    if j >= 1 and toks[j].text == ")":  # "Sen. Smith (R-Texas) said": step over the brackets
        p = j - 1
        while p > 0 and toks[p].text != "(" and j - p < MAX_ASIDE_TOKENS:
            p -= 1
        j = p - 1 if toks[p].text == "(" else j
    if j < 0:
        return None
    prev = toks[j]
    if prev.word and _cls(prev) == "relative" and prev.low != "that":
        j -= 1 + (j >= 1 and toks[j - 1].text == ",")
        return _left_source(toks, j, guess=True) if j >= 0 else None
    if prev.word and prev.low in _COORDINATORS and (speech or cls == "cognition"):
        return _subject(toks, j, found)
    if prev.low == "by" and toks[i0].low.endswith("ing"):  # "tripped him up by calling him ..."
        return _subject(toks, j, found)
    if prev.word:
        # A study "shows"/"found": the noun reading is ruled out by requiring a document subject.
        noun = noun and cls != "evidence"
        src = _left_source(toks, j, guess=speech, max_unknown=0 if noun else MAX_UNKNOWN_MODIFIERS)
        if src and noun and src[2] not in ("pronoun", "named", "vague", "anonymous"):
            return None
        if src and cls == "evidence" and src[2] != "document":
            return None
        return src
    if noun or cls in ("cognition", "evidence"):
        return None
    if prev.text == "," and toks[i0].low.endswith("ing"):
        return _subject(toks, j, found)
    inverted = _valid(toks, _scan_right(toks, i1, n))
    if inverted and not _clause_ends(toks, inverted[1]):
        inverted = None
    if prev.text in _CLOSING or (j >= 1 and toks[j - 1].text in _CLOSING):
        return inverted
    if prev.text in _ASIDE_MARKS:
        return _aside_source(toks, j) or inverted
    return inverted


def _has_words(text: str, start: int, end: int) -> bool:
    # Look at a bounded window only: counting words of a huge sentence per attribution is quadratic.
    return len(text[start:min(end, start + 200)].split()) >= MIN_CONTENT_WORDS


def _content(doc: Doc, s: Sentence, quotes: _Quotes, a: int, b: int, s_end: int) -> tuple[int, int] | None:
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
    quotes: _Quotes
    toks: list[_Tok]
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


def _span(toks: list[_Tok], a: int, b: int) -> tuple[int, int]:
    return toks[a].start, toks[b - 1].end


def _in_sentence(doc: Doc, s: Sentence, quotes: _Quotes) -> list[Attribution]:
    text = doc.text
    toks = _tokens(text, s.start, s.end)
    if not toks:
        return []
    s_end = s.end
    while s_end > s.start and s.end - s_end < 8 and text[s_end - 1] in _CONTENT_TRAIL:
        s_end -= 1
    cx = _Ctx(doc, s, quotes, toks, s_end, [t.start for t in toks], [t.end for t in toks], set())
    out = [_make(cx, _span(toks, i0, i1), row.get("kind") or "none", None)
           for i0, i1, row in _match(toks, "attribution_sourceless.tsv")][:MAX_PER_SENTENCE]
    found: list[tuple[int, int, str]] = []
    for i0, i1, row in _match(toks, "attribution_verbs.tsv"):
        if len(out) >= MAX_PER_SENTENCE:
            return out
        cue = _span(toks, i0, i1)
        if not cx.free(*cue):
            continue
        if toks[i0].cap and i0 > 0 and not s.heading:
            continue  # a capitalised cue mid-sentence is part of a name ("The Washington Post")
        if quotes.holds(*cue):
            continue  # "I think" inside a quote belongs to the quoted speaker's attribution
        src = _find_source(toks, i0, i1, row, found)
        if src is not None:
            found.append(src)
            out.append(_make(cx, cue, src[2], _span(toks, src[0], src[1])))
    cue_ends = {a.cue_end for a in out}
    for m in _lex().channel.finditer(text, s.start, s.end):
        if len(out) >= MAX_PER_SENTENCE:
            return out
        i1 = cx.tok_range(m.start(), m.end())[1]
        if not cx.free(m.start(), m.end()) or m.start() - 1 in cue_ends:
            continue  # "claimed in an interview with X" is one attribution, already found
        src = _valid(toks, _scan_right(toks, i1, len(toks)))
        if src and src[2] != "pronoun":
            out.append(_make(cx, (m.start(), m.end()), src[2], _span(toks, src[0], src[1])))
    out.extend(_colon_attributions(cx))
    return out[:MAX_PER_SENTENCE]


def _colon_attributions(cx: _Ctx) -> list[Attribution]:
    """'Graham: Trump is wrong' (a headline) and 'Smith: "We will win"': the colon is the cue."""
    out, toks, s = [], cx.toks, cx.s
    for c, t in enumerate(toks):
        if t.text != ":" or c == 0 or not cx.free(t.start, t.end):
            continue
        quoted = c + 1 < len(toks) and toks[c + 1].text in _OPENING
        if not (quoted or (s.heading and c <= MAX_SOURCE_TOKENS)):
            continue
        span = _scan_left(toks, c - 1, 0)
        if not span or span[1] != c or not _opens(toks, span[0]) or (s.heading and span[0] != 0):
            continue
        kind = classify(toks, *span)
        if any(x.low.endswith("'s") for x in toks[span[0]:span[1]]):
            continue  # "Zelensky's Dilemma: ..." is a title, not a speaker
        if kind and kind != "pronoun":
            out.append(_make(cx, (t.start, t.end), kind, _span(toks, *span)))
    return out


def _antecedent_kind(atts: list[Attribution], i: int, resolved: list[Attribution]) -> str:
    a = atts[i]
    for b in reversed(resolved[-MAX_LOOKAROUND:]):
        if a.sentence - b.sentence > PRONOUN_WINDOW:
            break
        if b.source is not None and b.kind != "none":
            return b.kind
    if not resolved or resolved[-1].sentence < a.sentence - PRONOUN_WINDOW:
        for b in atts[i + 1:i + 1 + MAX_LOOKAROUND]:
            if b.sentence > a.sentence + 1:
                break
            if b.sentence == a.sentence + 1 and b.kind not in ("pronoun", "none") and b.source is not None:
                return b.kind
    return "named"


def _resolve_pronouns(atts: list[Attribution]) -> list[Attribution]:
    """Give pronoun sources ("he said") the kind of their antecedent attribution.

    The antecedent is the nearest earlier attribution within :data:`PRONOUN_WINDOW` sentences
    whose source is a phrase; with none before it (a lead quote "..., he said." explained in the
    next sentence) it is the first such attribution of the next sentence. So "he said" after
    "a senior official said" stays anonymous. A pronoun we cannot resolve is kept as ``named``
    with the pronoun as its source: in news copy a bare "he"/"she" almost always refers to a
    person the article has named.
    """
    out: list[Attribution] = []
    for i, a in enumerate(atts):
        out.append(replace(a, kind=_antecedent_kind(atts, i, out)) if a.kind == "pronoun" else a)
    return out


def _attach_lead_quotes(doc: Doc, quotes: _Quotes, atts: list[Attribution]) -> list[Attribution]:
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
    quotes = _Quotes(doc.quotes)
    atts: list[Attribution] = []
    for s in doc.sentences:
        if not s.boilerplate:
            atts.extend(_in_sentence(doc, s, quotes))
    atts.sort(key=lambda a: (a.start, a.cue_start))
    return tuple(_attach_lead_quotes(doc, quotes, _resolve_pronouns(atts)))
