"""Word classes and source phrases for the attribution finder.

:mod:`reliability.attribution` decides which phrase is the source of a reporting cue; this module
supplies the pieces it works with, on the tokens of :mod:`reliability.attribution_tokens`:

* :func:`lexicon`, :func:`match` and :func:`match_words`: our ``attribution_*.tsv`` lexicons and
  phrase matching on those tokens;
* :func:`classify`: the kind of a source phrase from its head word;
* :func:`scan_left`, :func:`scan_right`, :func:`raw_phrase`, :func:`tail_span` and
  :func:`left_source`: the noun phrase before or after a cue;
* :func:`loose_kind`, :func:`possessor`, :func:`document_subject`, :func:`main_subject`,
  :func:`hangs_on_clause` and :func:`opens_content`: the fallbacks for cues the ordinary rules
  leave without a source ("Six in 10 voters said", "her insistence", "Asked ..., Smith said").

Phrases are token index ranges ``(a, b)``; a classified phrase is ``(a, b, kind)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress

from reliability import config
from reliability.attribution_tokens import CLOSING, OPENING, Tok, token_words
from reliability.resources import read_tsv

_INDEFINITE = frozenset({"a", "an", "one", "another", "some"})
_OPENERS = frozenset(",;:—–-([") | OPENING | CLOSING
_OPENER_WORDS = frozenset({"and", "but", "or", "so", "yet", "however", "meanwhile", "while", "when", "as",
                           "because", "although", "though", "if", "since", "after", "before", "that",
                           "then", "where", "whether", "now"})
_CLAUSE_BREAKS = frozenset(";:.?!\"“”")
# Words that start a new clause: a document noun before them is not the evidence verb's subject.
_OPENER_VERBS = frozenset({"that", "which", "who", "while", "because", "but", "although", "when", "if"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my"})
_PARTICIPLE_LEADS = frozenset({"while", "after", "before", "when", "by", "also", "even"})
_TAIL_ANCHORS = frozenset({"familiar", "close", "briefed", "knowledgeable", "involved"})

#: A source phrase with its kind: token indices ``[a, b)`` and one of the attribution kinds or "pronoun".
Source = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Lex:
    """The attribution lexicons, loaded once (see :func:`lexicon`)."""

    grammar: dict[str, str]
    number: dict[str, str]  # "sg" or "pl" for pronouns that have one
    vague: frozenset[str]
    roles: dict[str, str]
    documents: frozenset[str]
    organisations: frozenset[str]
    channel: re.Pattern[str]


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


@lru_cache(maxsize=1)
def lexicon() -> Lex:
    """Load the attribution lexicons and build the "in a statement to" channel pattern."""
    docs = frozenset(_norm(r["phrase"]) for r in read_tsv("attribution_documents.tsv"))
    nouns = "|".join(sorted((re.escape(d) for d in docs), key=len, reverse=True))
    # "in a statement to", "during an interview with": up to two modifiers, no nested quantifiers.
    channel = re.compile(r"\b(?:in|during) (?:a|an|the|his|her|their|its) (?:[\w-]+ ){0,2}?"
                         rf"(?:{nouns}) (?:to|with|on)\b", re.IGNORECASE)
    grammar = read_tsv("attribution_grammar.tsv")
    return Lex(
        grammar={_norm(r["phrase"]): r["class"] for r in grammar},
        number={_norm(r["phrase"]): r["number"] for r in grammar if r.get("number")},
        vague=frozenset(_norm(r["phrase"]) for r in read_tsv("attribution_vague.tsv")),
        roles={_norm(r["phrase"]): r["class"] for r in read_tsv("attribution_anonymous.tsv")},
        documents=docs,
        organisations=frozenset(_norm(r["phrase"]) for r in read_tsv("attribution_organisations.tsv")),
        channel=channel,
    )


_Phrase = tuple[list[str], dict]


@cache
def _phrases(name: str) -> dict[str, tuple[dict[str, list[_Phrase]], dict | None]]:
    """Lexicon phrases for matching on our tokens: first word -> ``(longer, single)``.

    ``longer`` holds the phrases of two or more words by second word, longest first, so a token
    tries only those sharing its next word ("is" starts two dozen); ``single`` is the one-word row.
    The lexicons use no wildcards, so dictionary look-ups replace the general matcher.
    """
    rows: dict[str, list[_Phrase]] = {}
    for row in read_tsv(name):
        words = token_words(row["phrase"], 0, len(row["phrase"])).low
        if words:
            rows.setdefault(words[0], []).append((words, row))
    table: dict[str, tuple[dict[str, list[_Phrase]], dict | None]] = {}
    for first, phrases in rows.items():
        phrases.sort(key=lambda r: -len(r[0]))  # stable: file order among equal lengths
        longer: dict[str, list[_Phrase]] = {}
        for words, row in phrases:
            if len(words) > 1:
                longer.setdefault(words[1], []).append((words, row))
        single = next((row for words, row in phrases if len(words) == 1), None)
        table[first] = (longer, single)
    return table


def match_words(lows: list[str], name: str) -> list[tuple[int, int, dict]]:
    """Non-overlapping ``(i0, i1, row)`` matches of lexicon ``name`` in lowercase tokens, left to right.

    At each token the longest phrase wins (file order among equal lengths).

    Args:
        lows: The sentence's tokens in lowercase (``Tok.low``; see :func:`token_words`).
        name: Lexicon file name.
    """
    table = _phrases(name)
    out: list[tuple[int, int, dict]] = []
    done = 0  # tokens before this index are inside an earlier match
    last = len(lows) - 1
    for i in compress(range(len(lows)), map(table.__contains__, lows)):
        if i < done:
            continue
        longer, single = table[lows[i]]
        hit = None
        if i < last:
            for words, row in longer.get(lows[i + 1], ()):
                if lows[i:i + len(words)] == words:
                    hit = (i, i + len(words), row)
                    break
        if hit is None and single is not None:
            hit = (i, i + 1, single)
        if hit is not None:
            out.append(hit)
            done = hit[1]
    return out


def match(toks: list[Tok], name: str) -> Iterator[tuple[int, int, dict]]:
    """Yield non-overlapping ``(i0, i1, row)`` token matches of lexicon ``name``, left to right."""
    return iter(match_words([t.low for t in toks], name))


def word_class(t: Tok) -> str | None:
    """Grammar class of a word (``attribution_grammar.tsv``: determiner, pronoun, joiner, ...)."""
    return lexicon().grammar.get(t.low) if t.word else None


def _known_noun(low: str) -> bool:
    lx = lexicon()
    return low in lx.vague or low in lx.documents or low in lx.roles or low in lx.organisations


def _head_ok(t: Tok) -> bool:
    return t.word and (t.cap or _known_noun(t.low) or word_class(t) == "pronoun") and word_class(t) not in (
        "determiner", "joiner", "tail", "stop", "skip", "relative")


def _joinable(t: Tok, cls: str) -> bool:
    """Can ``t`` stand before a joiner ('of', 'for') or a tail word ('with', 'familiar') in a source?"""
    if not t.word:
        return False
    if cls == "joiner":
        return t.cap or _known_noun(t.low)
    return _known_noun(t.low) or word_class(t) == "tail"


def classify(toks: list[Tok], a: int, b: int, guess: bool = False) -> str | None:
    """Kind of the source phrase ``toks[a:b]`` ("pronoun" for a bare pronoun), or None if no source.

    The head is the last word before any tail ("an official | familiar with the talks"). With
    ``guess`` (the subject of a speech verb such as "said"), an unknown lowercase head still makes
    a source: plural -> vague, indefinite -> anonymous, definite ("the tycoon") -> named.
    """
    lx = lexicon()
    core_end = b
    for k in range(a + 1, b):
        if word_class(toks[k]) == "tail":
            core_end = k
            break
    head = toks[core_end - 1]
    if not head.word or head.low.endswith("'s") or head.low.endswith("'"):
        return None  # a possessive head means the cue word was a noun ("Trump's claims")
    if word_class(head) == "pronoun":
        return "pronoun" if core_end - a == 1 else None
    determiner = toks[a].low if word_class(toks[a]) == "determiner" else None
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
    if head.low in lx.organisations or (head.cap and word_class(head) is None):
        return "named"
    if guess and word_class(head) is None and head.text.isalpha() and (determiner or head.low.endswith("s")):
        if head.low.endswith("s") and not head.low.endswith("ss"):
            return "vague"
        return "anonymous" if determiner in _INDEFINITE else "named"
    return None


def scan_left(toks: list[Tok], k: int, lo: int, max_unknown: int | None = None) -> tuple[int, int] | None:
    """Source noun phrase ending at token ``k`` (inclusive), scanning leftwards to ``lo``.

    ``max_unknown`` lowercase words not in our lexicons may modify it (default
    ``config.ATTRIBUTION_MAX_UNKNOWN_MODIFIERS``).
    """
    if max_unknown is None:
        max_unknown = config.ATTRIBUTION_MAX_UNKNOWN_MODIFIERS
    max_tokens = config.ATTRIBUTION_MAX_SOURCE_TOKENS
    taken: list[int] = []
    unknown = 0
    while k >= lo and len(taken) < max_tokens:
        t = toks[k]
        cls = word_class(t)
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
            if k - 1 >= lo and word_class(toks[k - 1]) in ("joiner", "tail"):
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
    while a < b and word_class(toks[a]) in ("joiner", "tail"):
        a += 1
    return (a, b) if a < b else None


def scan_right(toks: list[Tok], k: int, hi: int) -> tuple[int, int] | None:
    """Source noun phrase starting at token ``k``, scanning rightwards to ``hi`` (exclusive)."""
    max_tokens, max_unknown = config.ATTRIBUTION_MAX_SOURCE_TOKENS, config.ATTRIBUTION_MAX_UNKNOWN_MODIFIERS
    taken: list[int] = []
    unknown = 0
    while k < hi and len(taken) < max_tokens:
        t = toks[k]
        cls = word_class(t)
        if not t.word:
            # A name in quote marks ("the outlet 'Lenta.Ru'"): step over the mark.
            if t.text in OPENING and k + 1 < hi and toks[k + 1].cap:
                k += 1
                continue
            break
        if cls == "pronoun":
            if not taken:
                taken.append(k)
            break
        if cls == "determiner":
            if taken and word_class(toks[taken[-1]]) not in ("joiner", "tail"):
                break
        elif cls in ("joiner", "tail"):
            if not (taken and _joinable(toks[taken[-1]], cls)):
                break
        elif cls is not None:
            break
        elif not (t.cap or _known_noun(t.low)):
            unknown += 1
            if unknown > max_unknown:
                break
        taken.append(k)
        k += 1
    while taken and not _head_ok(toks[taken[-1]]):
        taken.pop()
    return (taken[0], taken[-1] + 1) if taken else None


def raw_phrase(toks: list[Tok], k: int) -> tuple[int, int] | None:
    """Words from ``k`` up to punctuation or a clause word, for 'according to a count by X'."""
    b = k
    while b < len(toks) and b - k < config.ATTRIBUTION_MAX_SOURCE_TOKENS and toks[b].word and word_class(
            toks[b]) not in ("stop", "relative", "skip") or (b < len(toks) and toks[b].low == "by" and b > k):
        b += 1
    while b > k and word_class(toks[b - 1]) in ("determiner", "joiner", "tail", "stop"):
        b -= 1
    return (k, b) if b > k else None


def classified(toks: list[Tok], span: tuple[int, int] | None) -> Source | None:
    """``span`` with its kind (:func:`classify`), or None if it is no source."""
    if span is None:
        return None
    kind = classify(toks, *span)
    return (span[0], span[1], kind) if kind else None


def clause_ends(toks: list[Tok], b: int) -> bool:
    """After an inverted source (", said Smith") the clause must end or a modifier follow."""
    return b >= len(toks) or not toks[b].word or word_class(toks[b]) in ("stop", "relative", "tail")


def opens(toks: list[Tok], a: int) -> bool:
    """Can a clause subject start at token ``a`` (sentence start, punctuation, a conjunction)?"""
    if a == 0:
        return True
    t = toks[a - 1]
    return (not t.word and t.text in _OPENERS) or t.low in _OPENER_WORDS


def tail_span(toks: list[Tok], j: int) -> tuple[int, int] | None:
    """'a person familiar with the planning for the meeting': role noun + anchor + anything."""
    for k in range(j, max(0, j - config.ATTRIBUTION_MAX_SOURCE_TOKENS), -1):
        if toks[k].low in _TAIL_ANCHORS and k >= 1 and toks[k - 1].low in lexicon().roles.keys() | lexicon().vague:
            head = scan_left(toks, k - 1, 0)
            return (head[0], j + 1) if head else None
        if not toks[k].word and toks[k].text not in "'’":
            return None
    return None


def left_source(toks: list[Tok], j: int, guess: bool, max_unknown: int | None = None) -> Source | None:
    """The classified source phrase ending at token ``j``.

    With ``guess`` (a speech verb follows) a "person familiar with ..." tail is taken whole, and
    an unknown head at a clause start still counts (see :func:`classify`).
    """
    span = scan_left(toks, j, 0, max_unknown)
    if guess:
        span = tail_span(toks, j) or span
    if span is None:
        return None
    kind = classify(toks, *span)
    if kind is None and guess and opens(toks, span[0]):
        kind = classify(toks, *span, guess=True)
    return (span[0], span[1], kind) if kind else None


def loose_kind(toks: list[Tok], a: int, b: int) -> str:
    """Kind of a fallback source phrase: its head's kind, else named if it holds a capital."""
    kind = classify(toks, a, b, guess=True)
    if kind:
        return kind
    return "named" if any(t.cap for t in toks[a:b]) else "vague"


def possessor(toks: list[Tok], i0: int) -> Source | None:
    """'Trump's vow', 'her latest assertion': the possessor of a nominal cue is its source."""
    k = i0 - 1
    while k >= 0 and i0 - k <= config.ATTRIBUTION_MAX_NOUN_MODIFIERS and toks[k].word and not toks[k].cap \
            and word_class(toks[k]) is None and not toks[k].low.endswith(("'s", "'")):
        k -= 1  # step over adjectives: "his latest controversial claim"
    if k < 0 or not toks[k].word:
        return None
    t = toks[k]
    if t.low in _POSSESSIVES:
        return k, k + 1, "pronoun"
    if t.low.endswith(("'s", "'")):
        a = k
        while a > 0 and k - a < config.ATTRIBUTION_MAX_SOURCE_TOKENS and toks[a - 1].word and toks[a - 1].cap:
            a -= 1  # "Gov. Ann Lee's"
        if a > 0 and word_class(toks[a - 1]) == "determiner":
            a -= 1  # "the governor's"
        if not (t.cap or a < k):
            return None  # a bare "nation's" is no speaker
        head = t.low.rstrip("s").rstrip("'")
        return a, k + 1, "vague" if head in lexicon().vague else "named"
    return None


def document_subject(toks: list[Tok], i0: int) -> Source | None:
    """'Exit polls taken in three states found', 'A poll, conducted for X, shows': the earliest
    document noun of the clause before an evidence verb, with its noun phrase."""
    docs = lexicon().documents
    best = None
    for k in range(i0 - 1, max(-1, i0 - 1 - config.ATTRIBUTION_MAX_LEAD_IN), -1):
        t = toks[k]
        if t.text in _CLAUSE_BREAKS or (t.word and t.low in _OPENER_VERBS):
            break
        if t.word and t.low in docs and not t.cap:
            best = k
    if best is None:
        return None
    span = scan_left(toks, best, 0)
    return (span[0], span[1], "document") if span and span[1] == best + 1 else None


def main_subject(toks: list[Tok], i1: int) -> Source | None:
    """'Asked about the vote, Smith said ...': the subject right after the opening clause's comma."""
    for c in range(i1, min(len(toks), i1 + config.ATTRIBUTION_MAX_LEAD_IN)):
        if toks[c].text == ",":
            span = scan_right(toks, c + 1, len(toks))
            if span and span[0] == c + 1:
                kind = classify(toks, *span, guess=True)
                return (span[0], span[1], kind) if kind else None
            return None
    return None


def hangs_on_clause(toks: list[Tok], i0: int, row: dict) -> bool:
    """', stating that ...', 'while acknowledging ...': a speech participle hanging on the clause."""
    if row.get("class") != "speech" or not toks[i0].low.endswith("ing") or i0 < 2:
        return False
    prev = toks[i0 - 1]
    return prev.text == "," or (prev.low in _PARTICIPLE_LEADS and toks[i0 - 2].text == ",")


def opens_content(toks: list[Tok], a: int, cue_ends: set[int]) -> bool:
    """Does the pronoun at token ``a`` open the content of a cue just before it ("say (that) they")?"""
    return a in cue_ends or (a - 1 in cue_ends and toks[a - 1].low == "that")
