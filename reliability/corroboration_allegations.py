"""Allegations that one outlet makes and the others of its story do not repeat.

:mod:`reliability.corroboration` turns what is found here into ``uncorroborated_allegation``
findings. An allegation is a sentence with a wrongdoing cue of the unsourced-allegations lexicon
(or that marker's confident evidence). It is checked only in an article that has a *peer*, an
article telling the same events (:func:`reliability.corroboration_align.peers`): an article
merely on the same topic is no evidence that an allegation is missing. It is corroborated when
any article of the story holds a sentence sharing enough of its content words, and reported only
when it names someone or something a peer mentions too (a name, or a role noun such as "the
mayor"): the peer covers that party, yet carries no such claim.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reliability import config
from reliability.corroboration_align import article_words, names
from reliability.corroboration_quotes import role_nouns
from reliability.lexicon import matcher
from reliability.markers.unsourced import LEXICON as ALLEGATION_LEXICON
from reliability.markers.unsourced import is_reference
from reliability.records import Evidence
from reliability.text import Doc

_ROLE_WORD = re.compile(r"[a-z][a-z-]+")  # lowercase only: capitalised words are names already


@dataclass(frozen=True, slots=True)
class Uncorroborated:
    """An allegation of article ``art`` (sentence ``sentence``) that no other article repeats.

    Attributes:
        art: The article's position in the story.
        sentence: The sentence index.
        cue: The wrongdoing cue ("embezzled"), or "" when only the marker's evidence flagged it.
        unsourced: The outlet names nobody who makes the allegation.
        neutral_peer: A peer article that names the same party tells the same events without
            alleging anything at all, so the allegation is surely absent there (not merely
            worded differently).
    """

    art: int
    sentence: int
    cue: str
    unsourced: bool
    neutral_peer: bool


def allegation_sentences(doc: Doc, evidence: Sequence[Evidence]) -> dict[int, tuple[str, bool]]:
    """Sentences that make an allegation: sentence index -> (cue text, unsourced?).

    An allegation holds a wrongdoing cue of the unsourced-allegations lexicon that is not merely
    named ("corruption claims"), or carries that marker's evidence at ``config.ALLEGATION_MIN_STRENGTH``.
    """
    unsourced = {e.sentence: e for e in evidence if e.marker == "unsourced_allegations"}
    out: dict[int, tuple[str, bool]] = {}
    for m in matcher(ALLEGATION_LEXICON).finditer(doc.text):
        i = doc.sentence_at(m.start)
        if i is None or i in out or m.row.get("type") != "wrongdoing":
            continue
        s = doc.sentences[i]
        if not s.boilerplate and not is_reference(doc.text, m, s):
            out[i] = (m.text, i in unsourced)
    for i, e in unsourced.items():
        if i not in out and e.strength >= config.ALLEGATION_MIN_STRENGTH:
            out[i] = (e.cues[0].text if e.cues else "", True)
    return out


def _corroborated(art: int, mine: frozenset[str], postings: dict, contents: Sequence[dict]) -> bool:
    if len(mine) < config.ALLEGATION_MIN_SHARED:
        return True  # too little content to tell: never report what we cannot check
    candidates = {ref for c in mine if len(postings[c]) <= config.ALLEGATION_MAX_POSTING
                  for ref in postings[c] if ref[0] != art}
    for other, j in candidates:
        theirs = contents[other][j]
        shared = len(mine & theirs)
        if shared >= config.ALLEGATION_MIN_SHARED and shared / min(len(mine), len(theirs)) >= config.ALLEGATION_COVER:
            return True
    return False


def _first_word(doc: Doc, i: int) -> str:
    s = doc.sentences[i]
    k = bisect_left(doc.tokens, (s.start, -1))
    if k >= len(doc.tokens) or doc.tokens[k][0] >= s.end:
        return ""
    a, b = doc.tokens[k]
    return doc.text[a:b].lower().replace("’", "'").removesuffix("'s")


def _subject(doc: Doc, i: int, known: set[str]) -> set[str]:
    """Who or what sentence ``i`` is about: its names and role nouns ("the mayor"), and its first
    word when the article writes that word as a name elsewhere ("Gillum is ...")."""
    roles = {w.lower() for w in _ROLE_WORD.findall(doc.sentence_text(i))} & role_nouns()
    first = _first_word(doc, i)
    return names(doc, i) | roles | ({first} & known)


def uncorroborated(docs: Sequence[Doc], evidence: Sequence[Sequence[Evidence]],
                   contents: Sequence[dict[int, frozenset[str]]], peers: dict[int, set[int]]) -> list[Uncorroborated]:
    """Allegations whose content no other article of the story repeats.

    Args:
        docs: The story's documents.
        evidence: Per article, its marker evidence (for the unsourced-allegations flags).
        contents: Per article, sentence index -> content-word stems (site furniture removed).
        peers: Article -> articles that tell the same events.

    Returns:
        One item per uncorroborated allegation sentence, by article and sentence.
    """
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for art, sentences in enumerate(contents):
        for i, content in sentences.items():
            for c in content:
                postings[c].append((art, i))
    found = [allegation_sentences(doc, ev) for doc, ev in zip(docs, evidence)]
    words: dict[int, set[str]] = {}
    out = []
    for art in range(len(docs)):
        if not peers.get(art):
            continue
        for p in peers[art]:
            if p not in words:
                words[p] = article_words(docs[p])
        known = set().union(*(names(docs[art], k) for k in range(len(docs[art].sentences)))) if found[art] else set()
        for i, (cue, unsourced) in sorted(found[art].items()):
            if _corroborated(art, contents[art].get(i, frozenset()), postings, contents):
                continue
            named = _subject(docs[art], i, known)
            covering = [p for p in peers[art] if named & words[p]]
            if covering:
                out.append(Uncorroborated(art, i, cue, unsourced, any(not found[p] for p in covering)))
    return out


__all__ = ["Uncorroborated", "allegation_sentences", "uncorroborated"]
