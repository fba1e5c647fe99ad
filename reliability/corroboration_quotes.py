"""Align quotations across the articles of one story.

:mod:`reliability.corroboration` turns the matches found here into findings. Long quotations
pair on the words they share (token containment and a verbatim run), with the speakers the
attribution finder gives them and the words that differ; short quotations ("'heartfelt'") are
matched by their sentence instead, when the same speaker is quoted with the same verb. Pairing
is blocked on shared words, so the work grows with the number of quotations, never with all
pairs of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from reliability import config
from reliability.attribution_sources import is_pronoun
from reliability.corroboration_align import mutual_best
from reliability.quantities import stem
from reliability.records import RELAY_CUES, Attribution, Quote
from reliability.resources import read_tsv
from reliability.sentence_facts import lexicons
from reliability.text import Doc

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_ELLIPSIS = re.compile(r"\.\.\.|…|\[|\]")


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    """Role and office nouns ("official", "president"): they describe a speaker, never name one."""
    return frozenset(r["phrase"].lower() for r in read_tsv("attribution_anonymous.tsv"))


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quotation is given to.

    Attributes:
        source: The source phrase as written (resolved from a pronoun where possible).
        kind: The attribution kind (``named``, ``document``, ``vague``, ``anonymous``).
        key: For named sources the last name word ("zelensky"); otherwise the head noun stem.
        cue: Stem of the attribution cue's last word ("call" for "called").
        span: Offsets of the source phrase in its article, or None.
    """

    source: str
    kind: str
    key: str
    cue: str
    span: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class QuoteInfo:
    """One quotation of one article, with its words and speakers."""

    art: int
    quote: Quote
    sentence: int
    words: tuple[str, ...]
    speakers: tuple[Speaker, ...]


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Two quotations judged to be the same quotation (``relation``: ``speaker`` or ``wording``)."""

    a: QuoteInfo
    b: QuoteInfo
    relation: str
    changes: tuple[tuple[str, str], ...]
    speakers: tuple[Speaker | None, Speaker | None]


def _words(text: str) -> tuple[str, ...]:
    return tuple(m.group().lower().replace("’", "'") for m in _WORD.finditer(text))


def _name_key(source: str, kind: str) -> str:
    """The word that identifies a speaker: the last capitalised non-title word for named sources
    ("Ukrainian President Volodymyr Zelensky" -> "zelensky"), else the stem of the head noun."""
    words = [w for w in _WORD.findall(source) if any(c.isalpha() for c in w)]
    if not words:
        return ""
    if kind in ("named", "document"):
        names = [w for w in words if w[0].isupper() and w.lower() not in role_nouns()]
        if names:
            return names[-1].lower().replace("’", "'").removesuffix("'s")
    return stem(words[-1])


def _speakers(q: Quote, atts: Sequence[Attribution]) -> tuple[Speaker, ...]:
    out: list[Speaker] = []
    for a in atts:
        if a.source is None or a.kind == "none" or a.content_start is None or a.content_end is None:
            continue
        if a.cue in RELAY_CUES:  # a headline "Empty Promises Exposed: '...'" relays, it does not speak
            continue
        if not (a.content_start < q.inner_end and q.inner_start < a.content_end):
            continue
        if a.refers_to is not None:  # "he said": the person the attribution finder resolved "he" to
            name, span = a.refers_to.text, (a.refers_to.start, a.refers_to.end)
        elif is_pronoun(a.source):
            continue  # an unresolved "he" names nobody to compare across articles
        else:
            name, span = a.source, (a.source_start, a.source_end) if a.source_start is not None else None
        cue = _words(a.cue)
        out.append(Speaker(name, a.kind, _name_key(name, a.kind), stem(cue[-1]) if cue else "", span))
    return tuple(out)


def quote_infos(art: int, doc: Doc, atts: Sequence[Attribution]) -> list[QuoteInfo]:
    """Every quotation of one article with its words and speakers (boilerplate and headlines skipped)."""
    out = []
    atts = [a for a in atts if not doc.sentences[a.sentence].heading]  # a headline is no speaker
    for q in doc.quotes:
        sent = doc.sentence_at(q.inner_start)
        if sent is None or doc.sentences[sent].boilerplate or doc.sentences[sent].heading:
            continue
        words = _words(doc.text[q.inner_start:q.inner_end])
        if words:
            out.append(QuoteInfo(art, q, sent, words, _speakers(q, atts)))
    return out


def _titles_before(name: str, texts: Sequence[str]) -> set[str]:
    """Stems of the words within ``config.SPEAKER_TITLE_WINDOW`` before ``name`` anywhere in ``texts``."""
    out: set[str] = set()
    if not name:
        return out
    pat = re.compile(r"\b" + re.escape(name) + r"\b", re.IGNORECASE)
    for text in texts:
        for m in pat.finditer(text):
            out.update(stem(w) for w in _WORD.findall(text[max(0, m.start() - 60):m.start()])[-config.SPEAKER_TITLE_WINDOW:])
    return out


def same_speaker(x: Speaker, y: Speaker, texts: Sequence[str] = ()) -> bool:
    """Can ``x`` and ``y`` be the same person or body?

    Two names agree when one extends the other ("Zelensky"/"Zelenskyy"); two descriptions when
    their head nouns agree ("officials"/"a senior official"); a name and a description when the
    description's head is a title written before the name in ``texts`` ("the president"/"President
    Trump"). Anything else is a different speaker.
    """
    named = ("named", "document")
    if not x.key or not y.key:
        return True  # nothing to compare: never claim a difference
    if (x.kind in named) == (y.kind in named):
        if x.kind in named:
            short, long_ = sorted((x.key, y.key), key=len)
            return short == long_ or (len(short) >= 5 and long_.startswith(short))
        return x.key == y.key
    name, desc = (x, y) if x.kind in named else (y, x)
    return desc.key in _titles_before(name.key, texts) or desc.key in {stem(w) for w in _WORD.findall(name.source)}


def wording_changes(a: Sequence[str], b: Sequence[str], ellipsis: bool = False) -> list[tuple[str, str]]:
    """Word runs that differ between two renderings of one quotation.

    Words only one side has before the first or after the last shared word are an excerpt, not a
    change; a word *replaced* there still is one ("keep listening" / "keep talking"). With
    ``ellipsis`` (a "..." or bracket in either quotation) only substitutions count, since
    omissions are marked.
    """
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return [(" ".join(a), " ".join(b))] if a != b else []
    out = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        inside = equal[0] < k < equal[-1]
        if op == "equal" or (op != "replace" and (ellipsis or not inside)):
            continue
        out.append((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out


def _primary(speakers: Sequence[Speaker]) -> Speaker | None:
    """The most accountable speaker: a name before a document before a description."""
    order = ("named", "document", "anonymous", "vague")
    return min(speakers, key=lambda s: order.index(s.kind) if s.kind in order else len(order), default=None)


def _judge(a: QuoteInfo, b: QuoteInfo, texts: Sequence[str], ellipsis: bool) -> QuoteMatch | None:
    sa, sb = a.speakers, b.speakers
    if sa and sb and not any(same_speaker(x, y, texts) for x in sa for y in sb):
        return QuoteMatch(a, b, "speaker", tuple(wording_changes(a.words, b.words, ellipsis)), (_primary(sa), _primary(sb)))
    changes = wording_changes(a.words, b.words, ellipsis)
    if changes and (sa or sb):
        return QuoteMatch(a, b, "wording", tuple(changes), (_primary(sa), _primary(sb)))
    return None


def match_quotes(quotes: Sequence[QuoteInfo], docs: Sequence[Doc]) -> list[QuoteMatch]:
    """Same quotations across articles given to different speakers, or in different words.

    Long quotations pair on shared words (``config.QUOTE_MIN_SHARED``, ``config.QUOTE_CONTAINMENT``); short ones
    pair when the same speaker is quoted with the same verb in sentences that state the same thing.
    """
    stop = lexicons()["stop"]
    long_ = [q for q in quotes if len(q.words) >= config.QUOTE_MIN_WORDS]
    blocks: dict[str, list[int]] = defaultdict(list)
    for k, q in enumerate(long_):
        for w in set(q.words) - stop:
            blocks[w].append(k)
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for members in blocks.values():
        if len(members) <= config.QUOTE_MAX_BLOCK:
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    if long_[i].art != long_[j].art:
                        pairs[(i, j)] += 1
    scores: dict[tuple[int, int], float] = {}
    for (i, j), n in pairs.items():
        a, b = set(long_[i].words), set(long_[j].words)
        share = len(a & b) / min(len(a), len(b))
        if n >= config.QUOTE_MIN_SHARED and share >= config.QUOTE_CONTAINMENT and _longest_run(long_[i].words, long_[j].words) >= config.QUOTE_MIN_RUN:
            scores[(i, j)] = share
    out = []
    for i, j in mutual_best(scores, [q.art for q in long_]):
        a, b = long_[i], long_[j]
        texts = (docs[a.art].text, docs[b.art].text)
        ellipsis = any(_ELLIPSIS.search(docs[q.art].text, q.quote.inner_start, q.quote.inner_end) for q in (a, b))
        m = _judge(a, b, texts, ellipsis)
        if m is not None:
            out.append(m)
    return out + _match_short_quotes([q for q in quotes if len(q.words) < config.QUOTE_MIN_WORDS], docs)


def _longest_run(a: Sequence[str], b: Sequence[str]) -> int:
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def _content(doc: Doc, sent: int, drop: set[str]) -> set[str]:
    stop = lexicons()["stop"]
    return {stem(w) for w in _words(doc.sentence_text(sent)) if w not in stop and any(c.isalpha() for c in w)} - drop


def _match_short_quotes(quotes: Sequence[QuoteInfo], docs: Sequence[Doc]) -> list[QuoteMatch]:
    """One-to-three-word quotations ("called the meeting 'heartfelt'"): matched through the
    speaker, the verb and the rest of the sentence, since the quoted word itself may differ."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, q in enumerate(quotes):
        for s in q.speakers:
            if s.key and s.cue:
                blocks[(s.key, s.cue)].append(k)
    scores: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        if len(members) > config.QUOTE_MAX_BLOCK:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = quotes[i], quotes[j]
                if a.art == b.art or (i, j) in scores:
                    continue
                drop = {stem(w) for w in a.words + b.words}
                ca, cb = _content(docs[a.art], a.sentence, drop), _content(docs[b.art], b.sentence, drop)
                shared = len(ca & cb)
                if shared >= config.SHORT_QUOTE_CONTEXT_SHARED and shared / max(1, min(len(ca), len(cb))) >= config.SHORT_QUOTE_CONTEXT_OVERLAP:
                    scores[(i, j)] = shared / max(1, len(ca), len(cb))
    out = []
    for i, j in mutual_best(scores, [q.art for q in quotes]):
        a, b = quotes[i], quotes[j]
        if a.words != b.words:
            out.append(QuoteMatch(a, b, "wording", ((" ".join(a.words), " ".join(b.words)),),
                                  (_primary(a.speakers), _primary(b.speakers))))
    return out


__all__ = ["QuoteInfo", "QuoteMatch", "Speaker", "match_quotes", "quote_infos", "role_nouns", "same_speaker",
           "wording_changes"]
