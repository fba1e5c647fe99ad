"""Align the sentences of one story's articles and find facts they state differently.

:mod:`reliability.corroboration` groups articles into stories and turns the matches found here
into findings. Pairs of sentences from different outlets that share several content words
(blocking, as the internal-contradictions marker does) are aligned, and checked for numbers,
dates and outcome words that cannot both be true, with the marker's own conflict tests.
Quotations are aligned in :mod:`reliability.corroboration_quotes`.

Everything is blocked on shared words, so the work grows with the number of sentences, never
with all pairs of them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reliability import config
from reliability.fact_pairs import antonym_conflict, candidate_pairs, quantity_clash
from reliability.quantities import number, stem
from reliability.records import Span
from reliability.sentence_facts import (
    EMBED,
    SentenceFeatures,
    lexicons,
    sentence_features,
)
from reliability.text import Doc

Aligned = tuple[tuple[int, int], tuple[int, int], float]


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    """Two sentences of different articles that state one fact differently.

    ``kind`` is ``number``, ``date`` or ``outcome``; ``cue_a``/``cue_b`` are the differing words;
    ``strength`` is the content overlap (numbers, dates) or the marker's conflict strength (outcomes).
    """

    kind: str
    art_a: int
    sent_a: int
    art_b: int
    sent_b: int
    cue_a: Span
    cue_b: Span
    strength: float


def sentence_content(doc: Doc) -> dict[int, frozenset[str]]:
    """Content-word stems of every sentence worth comparing, from the document's own tokens.

    Stop words, numbers and words without letters are left out, as the internal-contradictions
    marker does; boilerplate, over-long sentences, embedded tweets and repeats are skipped. Much
    cheaper than the marker's full sentence features, which are built only for aligned pairs.
    """
    stop = lexicons()["stop"]
    toks, text = doc.tokens, doc.text
    out: dict[int, frozenset[str]] = {}
    seen: set[str] = set()
    k = 0
    for s in doc.sentences:
        k = bisect_left(toks, (s.start, -1), k)
        body = text[s.start:s.end]
        if s.boilerplate or len(body) > config.CROSS_MAX_SENTENCE_CHARS or body in seen or EMBED.search(body):
            continue
        seen.add(body)
        content = set()
        for a, b in toks[k:bisect_left(toks, (s.end, -1), k)]:
            low = text[a:b].lower().replace("’", "'")
            if low not in stop and any(c.isalpha() for c in low) and number(low) is None:
                content.add(stem(low))
        out[s.index] = frozenset(content)
    return out


def drop_templates(contents: list[dict[int, frozenset[str]]]) -> list[dict[int, frozenset[str]]]:
    """Remove sentences repeated word for word in ``config.TEMPLATE_MIN_ARTICLES`` or more articles: a
    site's sign-up forms, author bios and bylines say nothing about the story, yet would make
    unrelated articles of one site look like reports of the same events."""
    seen = Counter(c for art in contents for c in set(art.values()) if c)
    common = {c for c, n in seen.items() if n >= config.TEMPLATE_MIN_ARTICLES}
    if not common:
        return contents
    return [{i: c for i, c in art.items() if c not in common} for art in contents]


def mutual_best(scores: dict[tuple[int, int], float], art: Sequence[int]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` where each is the other's best-scoring partner within the other's article.

    ``art[i]`` is the article of item ``i``. Mutual best keeps an item from being compared with a
    look-alike when its own restatement is there: an article paired with its exact copy aligns
    every sentence and quotation with itself and reports nothing.
    """
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for (x, y), score in scores.items():
        for me, other in ((x, y), (y, x)):
            if score > best.get((me, art[other]), (-1.0, -1))[0]:
                best[(me, art[other])] = (score, other)
    return sorted((x, y) for x, y in scores if best[(x, art[y])][1] == y and best[(y, art[x])][1] == x)


def aligned_sentences(contents: Sequence[dict[int, frozenset[str]]]) -> list[Aligned]:
    """Sentence pairs of different articles that are each other's best match in the other article.

    Candidates share ``CONTRADICTION_MIN_SHARED_KEYS`` content words (the marker's blocking, which
    drops words in more than ``CONTRADICTION_MAX_BLOCK`` sentences); the score is the share of the
    longer sentence's content words both hold; pairs are mutual best (:func:`mutual_best`).

    Args:
        contents: Per article, :func:`sentence_content` of its document.

    Returns:
        ``((art_a, sent_a), (art_b, sent_b), score)``, sorted.
    """
    refs = [(art, i) for art, c in enumerate(contents) for i in c]
    keysets = {n: set(contents[art][i]) for n, (art, i) in enumerate(refs)}
    scores: dict[tuple[int, int], float] = {}
    for x, y in candidate_pairs(keysets):
        if refs[x][0] != refs[y][0]:
            ca, cb = keysets[x], keysets[y]
            scores[(x, y)] = len(ca & cb) / max(1, len(ca), len(cb))
    return [(refs[x], refs[y], scores[(x, y)]) for x, y in mutual_best(scores, [r[0] for r in refs])]


def match_claims(aligned: Sequence[Aligned], docs: Sequence[Doc]) -> list[ClaimMatch]:
    """Aligned sentence pairs whose numbers, dates or outcomes cannot both be true.

    Args:
        aligned: :func:`aligned_sentences` of the articles.
        docs: The articles' documents, in the same order.

    Returns:
        At most one match per sentence pair (a number or date before an outcome).
    """
    lex = lexicons()
    cache: dict[tuple[int, int], SentenceFeatures] = {}

    def feat(ref: tuple[int, int]) -> SentenceFeatures:
        if ref not in cache:
            cache[ref] = sentence_features(docs[ref[0]], ref[1], lex)
        return cache[ref]

    out = []
    for (ra, ia), (rb, ib), score in aligned:
        if score < config.CLAIM_MIN_ALIGNMENT:
            continue
        a, b = feat((ra, ia)), feat((rb, ib))
        ta, tb = docs[ra].text, docs[rb].text
        hit = quantity_clash(a, b, ta, tb, config.CROSS_OVERLAP)
        if hit:
            p, q, ov = hit
            out.append(ClaimMatch(p.kind, ra, ia, rb, ib, Span(p.start, p.end, ta[p.start:p.end]),
                                  Span(q.start, q.end, tb[q.start:q.end]), ov))
            continue
        # Negation is left out: outlets split and trim quotations differently, and "I do think" /
        # "I don't think" from two cuts of one quotation align as a pair.
        c = antonym_conflict(a, b, lex)
        if c is not None:
            out.append(ClaimMatch("outcome", ra, ia, rb, ib, c.cues_a[0], c.cues_b[0], c.strength))
    return out


def peers(aligned: Sequence[Aligned], contents: Sequence[dict[int, frozenset[str]]],
          similarity: Sequence[Sequence[float]]) -> dict[int, set[int]]:
    """Articles that report the same events, not merely the same topic.

    Two articles are peers when their TF-IDF similarity reaches ``config.PEER_SIMILARITY`` and one
    restates a sentence of the other closely (``config.PEER_SENTENCE_OVERLAP`` of the longer sentence's
    content words, at least ``config.PEER_MIN_SHARED`` of them). Same-topic articles of one site share
    furniture sentences but few words; articles far apart in words share only boilerplate.

    Args:
        aligned: :func:`aligned_sentences` of the articles.
        contents: Per article, :func:`sentence_content` of its document.
        similarity: Article-by-article TF-IDF cosine similarity.

    Returns:
        Article -> its peers (symmetric).
    """
    out: dict[int, set[int]] = defaultdict(set)
    for (ra, ia), (rb, ib), score in aligned:
        if score >= config.PEER_SENTENCE_OVERLAP and len(contents[ra][ia] & contents[rb][ib]) >= config.PEER_MIN_SHARED \
                and similarity[ra][rb] >= config.PEER_SIMILARITY:
            out[ra].add(rb)
            out[rb].add(ra)
    return dict(out)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")


def names(doc: Doc, sent: int) -> set[str]:
    """Lowercased capitalised words after a sentence's first word: the people, places and bodies it
    names ("san", "antonio", "texas"). Months and weekdays are left out: they are the values
    a date mismatch compares, not what places the event."""
    lex = lexicons()
    skip = lex["stop"] | lex["month"].keys() | lex["weekday"].keys()
    s, text = doc.sentences[sent], doc.text
    lo = bisect_left(doc.tokens, (s.start, -1))
    out = set()
    for a, b in doc.tokens[lo + 1:bisect_left(doc.tokens, (s.end, -1), lo)]:
        low = _norm(text[a:b])
        if text[a].isupper() and low not in skip:
            out.add(low)
    return out


def article_words(doc: Doc) -> set[str]:
    """Every word of the article, lowercased as :func:`names` gives them."""
    return {_norm(doc.text[a:b]) for a, b in doc.tokens}


def _conflict(a: set[str], b: set[str], words_a: set[str], words_b: set[str]) -> bool:
    """Each side names something the other article never mentions."""
    return bool(a - words_b) and bool(b - words_a)


def same_event(m: ClaimMatch, docs: Sequence[Doc], words: dict[int, set[str]] | None = None) -> str:
    """Do the two sentences of a claim match tell one event, judged by the names they hold?

    Args:
        m: The claim match.
        docs: The story's documents.
        words: A cache of :func:`article_words` per article, filled as needed.

    Returns:
        ``"different"`` when each sentence names something the other article never mentions
        ("San Antonio, Texas" / "Kalamazoo, Michigan": two operations, not one told twice);
        ``"same"`` when they name something in common and the ``config.NAME_WINDOW`` sentences before
        them raise no such conflict either; ``"unclear"`` otherwise.
    """
    words = {} if words is None else words
    for art in (m.art_a, m.art_b):
        if art not in words:
            words[art] = article_words(docs[art])
    wa, wb = words[m.art_a], words[m.art_b]
    cues = {_norm(w) for w in (m.cue_a.text + " " + m.cue_b.text).split()}  # the values compared ("Victory")
    own_a, own_b = names(docs[m.art_a], m.sent_a) - cues, names(docs[m.art_b], m.sent_b) - cues
    if _conflict(own_a, own_b, wa, wb):
        return "different"
    before_a, before_b = (set().union(*(names(docs[art], k) for k in range(max(0, sent - config.NAME_WINDOW), sent)))
                          for art, sent in ((m.art_a, m.sent_a), (m.art_b, m.sent_b)))
    return "same" if own_a & own_b and not _conflict(before_a, before_b, wa, wb) else "unclear"


__all__ = ["ClaimMatch", "aligned_sentences", "article_words", "drop_templates", "match_claims", "mutual_best", "names", "peers",
           "same_event", "sentence_content"]
