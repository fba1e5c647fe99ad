"""Measure cross-source corroboration on PTC articles: false findings, recall on perturbed copies, speed.

No public corpus labels disagreements between outlets, so three measurements stand in:

* **unrelated** — all articles of a PTC split corroborated together. They come from many sites and
  are mostly about different stories, so every story group and every finding is a candidate false
  finding, and every ``alarm``-level finding a candidate false alarm (the headline number; a few
  PTC articles do cover one story, and the groups are listed so they can be checked).
* **perturbed** — each article paired with a copy of itself in which one thing was changed (a
  number, a date, an outcome word, a quotation's speaker or one quoted word, or an allegation
  removed). The change must be found at the changed place; anything else found is a false
  finding. An untouched copy is the control: it must give nothing.
* **timing** — corroboration time for a collection of several hundred articles.

Everything is rebuilt from the data folder at run time with seeded randomness; no article text
is stored in the project. The sentence edits are those of the internal-contradictions benchmark.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reliability.corpora import ptc_articles
from reliability.corroboration import (
    Finding,
    allegation_sentences,
    corroborate,
    story_groups,
)
from reliability.evaluation.contradictions import (
    change_antonym,
    change_date,
    change_number,
    eligible_sentences,
    other_speaker,
    quoted_speaker,
    reword,
)
from reliability.scorer import Analysis, Scorer, default_scorer
from reliability.sentence_facts import lexicons

PERTURBATIONS: tuple[str, ...] = ("number", "date", "outcome", "speaker", "wording", "allegation")
EXPECTED = {"number": "number_mismatch", "date": "date_mismatch", "outcome": "outcome_mismatch",
            "speaker": "quote_speaker", "wording": "quote_wording", "allegation": "uncorroborated_allegation"}
COPY_SUFFIX = "~copy"
# Settings of this module (operational, not scoring thresholds)
WORDING_MIN_QUOTE_WORDS = 6  # a quotation needs a middle word to swap and enough words to be matched
_SWAP_WORD = re.compile(r"[A-Za-z]{4,}")
_CHANGE = {"number": change_number, "date": change_date, "outcome": change_antonym}


@dataclass(frozen=True, slots=True)
class Perturbed:
    """A copy of an article with one change.

    Attributes:
        article_id: The original article.
        kind: One of :data:`PERTURBATIONS`.
        text: The changed copy.
        original: ``(start, end)`` of the changed place in the original (a sentence or quotation).
        changed: ``(start, end)`` of the changed place in the copy, or None (an allegation removed).
    """

    article_id: str
    kind: str
    text: str
    original: tuple[int, int]
    changed: tuple[int, int] | None


def _swap_quote_word(a: Analysis, rng: random.Random) -> Perturbed | None:
    doc, text = a.doc, a.doc.text
    quotes = [q for q in doc.quotes if len(text[q.inner_start:q.inner_end].split()) >= WORDING_MIN_QUOTE_WORDS
              and any(t.content_start is not None and t.source and t.content_start < q.inner_end
                      and q.inner_start < t.content_end for t in a.attributions)]
    if not quotes:
        return None
    q = rng.choice(quotes)
    words = list(_SWAP_WORD.finditer(text, q.inner_start, q.inner_end))[1:-1]
    pool = sorted({m.group() for m in _SWAP_WORD.finditer(text)} - {m.group() for m in words})
    if not words or not pool:
        return None
    m, new = rng.choice(words), rng.choice(pool)
    copy = text[:m.start()] + new + text[m.end():]
    return Perturbed("", "wording", copy, (q.inner_start, q.inner_end),
                     (q.inner_start, q.inner_end + len(new) - (m.end() - m.start())))


def _drop_allegation(a: Analysis, rng: random.Random) -> Perturbed | None:
    found = sorted(allegation_sentences(a.doc, a.evidence))
    if not found:
        return None
    s = a.doc.sentences[rng.choice(found)]
    return Perturbed("", "allegation", a.doc.text[:s.start] + a.doc.text[s.end:], (s.start, s.end), None)


def _edit_sentence(a: Analysis, kind: str, rng: random.Random) -> Perturbed | None:
    doc, lex = a.doc, lexicons()
    order = eligible_sentences(doc)
    rng.shuffle(order)
    for i in order:
        s, sent = doc.sentences[i], doc.sentence_text(i)
        if kind == "speaker":
            sp = quoted_speaker(doc, i)
            if sp is None:
                continue
            variant = sent[:sp[0]] + other_speaker(doc, sent[sp[0]:sp[1]], rng) + sent[sp[1]:]
        else:
            changed = _CHANGE[kind](sent, rng)
            if changed is None:
                continue
            variant, _ = reword(*changed, rng, lex)
        copy = doc.text[:s.start] + variant + doc.text[s.end:]
        return Perturbed("", kind, copy, (s.start, s.end), (s.start, s.start + len(variant)))
    return None


def perturb(article_id: str, a: Analysis, kind: str, seed: int = 0) -> Perturbed | None:
    """Make one changed copy of an analysed article, or None when it offers no place for ``kind``."""
    rng = random.Random(f"{seed}:{article_id}:{kind}")
    if kind == "wording":
        p = _swap_quote_word(a, rng)
    elif kind == "allegation":
        p = _drop_allegation(a, rng)
    else:
        p = _edit_sentence(a, kind, rng)
    return None if p is None else Perturbed(article_id, p.kind, p.text, p.original, p.changed)


def _inside(start: int, end: int, span: tuple[int, int]) -> bool:
    return span[0] <= start and end <= span[1]


def is_hit(f: Finding, p: Perturbed) -> bool:
    """Does ``f`` report the change ``p`` made, at the changed place in both articles?"""
    if f.kind != EXPECTED[p.kind]:
        return False
    mine = [s for s in f.sides if s.id == p.article_id]
    theirs = [s for s in f.sides if s.id == p.article_id + COPY_SUFFIX]
    if not any(_inside(s.start, s.end, p.original) for s in mine):
        return False
    return p.changed is None or any(_inside(s.start, s.end, p.changed) for s in theirs)


def analyse_split(split: str = "dev", data: str | os.PathLike | None = None,
                  scorer: Scorer | None = None) -> tuple[list[str], list[Analysis]]:
    """Analyse every PTC article of ``split``; return ``(ids, analyses)``."""
    scorer = scorer or default_scorer()
    pairs = list(ptc_articles(split, data))
    return [i for i, _ in pairs], [scorer.analyse(t, i) for i, t in pairs]


def unrelated(ids: Sequence[str], analyses: Sequence[Analysis]) -> dict:
    """Corroborate all articles together and count groups and findings (all candidate false alarms).

    Returns:
        ``articles``, ``groups`` (story groups of two or more), ``grouped`` (articles in them),
        ``largest``, ``findings``, ``per_article`` (findings per article), ``alarms`` and
        ``alarms_per_article`` (findings of level ``alarm``), ``by_kind`` (Counter of
        ``(kind, level)``), ``seconds`` and ``members`` (the ids of each group, for inspection).
    """
    t0 = time.perf_counter()
    found = corroborate(analyses, ids=ids)
    seconds = time.perf_counter() - t0
    groups = [g for g in story_groups([a.doc.text for a in analyses]) if len(g) > 1]
    n_alarms = sum(f.alarming for f in found)
    return {"articles": len(ids), "groups": len(groups), "grouped": sum(map(len, groups)),
            "largest": max(map(len, groups), default=0), "findings": len(found),
            "per_article": len(found) / len(ids) if ids else 0.0, "alarms": n_alarms,
            "alarms_per_article": n_alarms / len(ids) if ids else 0.0,
            "by_kind": Counter((f.kind, f.level) for f in found),
            "seconds": seconds, "members": [[ids[k] for k in g] for g in groups]}


def perturbed(ids: Sequence[str], analyses: Sequence[Analysis], kinds: Iterable[str] = PERTURBATIONS,
              seed: int = 0, scorer: Scorer | None = None) -> list[dict]:
    """Pair each article with changed copies of itself; measure recall and false findings.

    Returns:
        One row per kind plus ``control`` (untouched copies): ``kind``, ``cases``, ``recall``
        (share of cases whose change is reported at the right place), ``false`` (findings other
        than the hit, per case) and ``misses`` (article ids).
    """
    scorer = scorer or default_scorer()
    rows = []
    control = [len(corroborate([a, a], ids=[i, i + COPY_SUFFIX])) for i, a in zip(ids, analyses)]
    rows.append({"kind": "control", "cases": len(control), "recall": float("nan"),
                 "false": sum(control) / len(control) if control else 0.0, "misses": []})
    for kind in kinds:
        hits, false, misses = 0, 0, []
        cases = [p for i, a in zip(ids, analyses) if (p := perturb(i, a, kind, seed)) is not None]
        for p in cases:
            original = analyses[list(ids).index(p.article_id)]
            found = corroborate([original, scorer.analyse(p.text, p.article_id + COPY_SUFFIX)],
                                ids=[p.article_id, p.article_id + COPY_SUFFIX])
            hit = [f for f in found if is_hit(f, p)]
            hits += bool(hit)
            false += len(found) - min(1, len(hit))
            if not hit:
                misses.append(p.article_id)
        rows.append({"kind": kind, "cases": len(cases), "recall": hits / len(cases) if cases else float("nan"),
                     "false": false / len(cases) if cases else 0.0, "misses": misses})
    return rows


def timing(analyses: Sequence[Analysis], sizes: Sequence[int] = (50, 100, 200, 400)) -> list[dict]:
    """Seconds to corroborate the first ``n`` analyses, for each ``n`` in ``sizes`` (a scaling check)."""
    rows = []
    for n in sizes:
        part = list(analyses[:n])
        t0 = time.perf_counter()
        found = corroborate(part)
        rows.append({"articles": len(part), "findings": len(found), "seconds": time.perf_counter() - t0})
    return rows
