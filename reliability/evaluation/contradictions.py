"""Synthetic benchmark for the internal-contradictions marker (after ContraDoc, Li et al. 2023).

No public corpus labels contradictions inside a news article, so we make them: take a real
article, pick a sentence with a number, a date, a negatable auxiliary, an outcome word from our
antonym lexicon or a quotation with a named speaker, write a variant that contradicts it, and
insert the variant as a new paragraph later in the article. The untouched article is the
negative. Everything is rebuilt from the data folder at run time with seeded randomness, so no
article text is ever stored in the project.

Two light edits keep the inserted copy from being verbatim (a connective in front, a leading
clause dropped), because real restatements are rarely word for word.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reliability.attribution import find_attributions
from reliability.corpora import ptc_articles
from reliability.markers.contradictions import extract
from reliability.records import Attribution
from reliability.sentence_facts import lexicons
from reliability.text import Doc, parse

TRANSFORMS: tuple[str, ...] = ("number", "date", "negation", "antonym", "speaker")

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
MIN_WORDS = 8  # shorter sentences are headlines and fragments, not statements of fact
MAX_WORDS = 60  # longer "sentences" are usually mis-split paragraphs
PER_ARTICLE = 2  # contradictions built per article and type (separately, one per modified copy)
CONNECTIVES = ("", "", "Earlier, ", "As noted, ", "In fact, ", "Notably, ")  # light rewording
SPARE_SPEAKERS = ("Maria Keller", "Tomas Oduya", "Lena Varga")  # invented names for swaps

_NUM = re.compile(r"(?<![\w.,$-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w-]|[.,]\d)")
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|must|has|have|had)\b(?! (?:not|no|never)\b)")
_CONTRACTED = {"don't": "do", "doesn't": "does", "didn't": "did", "won't": "will", "can't": "can",
               "isn't": "is", "aren't": "are", "wasn't": "was", "weren't": "were", "hasn't": "has",
               "haven't": "have", "wouldn't": "would", "couldn't": "could", "shouldn't": "should"}
_NEGATED = re.compile(r"\b(?:not|never) (?!only\b|just\b|merely\b|to\b)|\b(?:" + "|".join(_CONTRACTED) + r")\b", re.IGNORECASE)
_SAY = r"(?:said|says|added|told reporters|wrote|stated|declared)"
# A name starts where a word starts: without the look-behind, a run of capitals offers a start
# at every letter and the search turns quadratic.
_NAME = r"(?<![\w’'.-])[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){0,3}"
_AFTER = re.compile(r"^[,.]?[”\"]?,? " + _SAY + r" (" + _NAME + r")|^[,.]?[”\"]?,? (" + _NAME + r") " + _SAY)
_BEFORE = re.compile(r"(" + _NAME + r") " + _SAY + r"[,:]? $")
_SPEAKER_ANYWHERE = re.compile(r"(" + _NAME + r") " + _SAY + r"\b")


@dataclass(frozen=True, slots=True)
class Case:
    """One modified article.

    Attributes:
        article_id: Source article id.
        kind: The transformation (one of :data:`TRANSFORMS`).
        text: The article with the contradicting sentence inserted.
        original: ``(start, end)`` of the original sentence in ``text``.
        inserted: ``(start, end)`` of the inserted sentence in ``text``.
        oracle: Attribution records for the two quotations (speaker cases only), so the
            detector can be measured apart from the attribution finder.
    """

    article_id: str
    kind: str
    text: str
    original: tuple[int, int]
    inserted: tuple[int, int]
    oracle: tuple[Attribution, ...] = field(default=())


def _date_part(s: str, start: int, end: int) -> bool:
    """Years, days of a month and footnote marks are not counts (the date change covers dates)."""
    months = lexicons()["month"]
    word_before = s[:start].rstrip(" .").rsplit(" ", 1)[-1].lower()
    word_after = s[end:].lstrip(" ").split(" ", 1)[0].strip(".,").lower()
    return (end - start == 4 and 1800 <= float(s[start:end]) <= 2100) or word_before in months \
        or word_after in months or s[start - 1:start] == "["


def change_number(s: str, rng: random.Random) -> tuple[str, int] | None:
    """Change one count in sentence ``s`` (not a year or a day of a month); return ``(new sentence, offset)``."""
    found = [m for m in _NUM.finditer(s) if not _date_part(s, m.start(), m.end())]
    words = [m for m in re.finditer(r"\b\w+\b", s) if m.group().lower() in lexicons()["cardinal"]
             and m.group().lower() not in ("one", "hundred", "dozen") and float(
                 lexicons()["cardinal"][m.group().lower()]) > 0]
    if not found and not words:
        return None
    m = rng.choice(found + words)
    old = m.group()
    if not old[0].isdigit():
        choices = [w for w, v in lexicons()["cardinal"].items() if 1 < float(v) <= 20 and w != old.lower()]
        new = rng.choice(sorted(choices))
        new = new.capitalize() if old[0].isupper() else new
    else:
        value = float(old.replace(",", ""))
        n = value + rng.choice((-1, 1)) * max(1.0, round(value * rng.uniform(0.3, 1.0)))
        n = abs(n) if n != 0 else value + 2
        new = (f"{n:,.1f}" if "." in old else f"{int(n):,}") if "," in old else \
            (f"{n:.1f}" if "." in old else str(int(n)))
    return s[:m.start()] + new + s[m.end():], m.start()


def change_date(s: str, rng: random.Random) -> tuple[str, int] | None:
    """Change one month, weekday or year in ``s``; return ``(new sentence, offset)`` or None."""
    lex = lexicons()
    months = [w for w in lex["month"] if len(w) > 3 and w != "may"]
    days = list(lex["weekday"])
    found = []
    for m in re.finditer(r"\b[A-Z][a-z]+\b|\b(?:18|19|20)\d\d\b", s):
        low = m.group().lower()
        if low in months or low in days or m.group().isdigit():
            found.append(m)
    if not found:
        return None
    m = rng.choice(found)
    old = m.group()
    if old.isdigit():
        new = str(int(old) + rng.choice((-3, -2, -1, 1, 2, 3)))
    else:
        pool = months if old.lower() in months else days
        new = rng.choice([w for w in pool if w != old.lower()]).capitalize()
    return s[:m.start()] + new + s[m.end():], m.start()


def change_negation(s: str, rng: random.Random) -> tuple[str, int] | None:
    """Remove a negation from ``s`` or negate an auxiliary; return ``(new sentence, offset)`` or None."""
    negs = list(_NEGATED.finditer(s))
    if negs:
        m = rng.choice(negs)
        word = m.group().lower()
        new = _CONTRACTED.get(word, "")
        if word in _CONTRACTED and m.group()[0].isupper():
            new = new.capitalize()
        return s[:m.start()] + new + s[m.end():], m.start()
    auxes = list(_AUX.finditer(s))
    if not auxes:
        return None
    m = rng.choice(auxes)
    return s[:m.end()] + " not" + s[m.end():], m.start()


def change_antonym(s: str, rng: random.Random) -> tuple[str, int] | None:
    """Swap one outcome word of ``s`` for an opposite; return ``(new sentence, offset)`` or None."""
    opp = lexicons()["opp"]
    found = [m for m in re.finditer(r"\b\w+\b", s) if m.group().lower() in opp]
    if not found:
        return None
    m = rng.choice(found)
    new = rng.choice(sorted(opp[m.group().lower()]))
    new = new.capitalize() if m.group()[0].isupper() else new
    return s[:m.start()] + new + s[m.end():], m.start()


def quoted_speaker(doc: Doc, i: int) -> tuple[int, int, int, int] | None:
    """A quotation of four or more words in sentence ``i`` and its speaker's name.

    Returns:
        ``(name_start, name_end, quote_inner_start, quote_inner_end)`` relative to the sentence, or None.
    """
    s = doc.sentences[i]
    for q in doc.quotes:
        if not (s.start <= q.start and q.end <= s.end) or len(doc.text[q.inner_start:q.inner_end].split()) < 4:
            continue
        after = _AFTER.match(doc.text[q.end - 1:s.end])
        if after:
            g = 1 if after.group(1) else 2
            return (q.end - 1 - s.start + after.start(g), q.end - 1 - s.start + after.end(g),
                    q.inner_start - s.start, q.inner_end - s.start)
        before = _BEFORE.search(doc.text[s.start:q.start])
        if before:
            return before.start(1), before.end(1), q.inner_start - s.start, q.inner_end - s.start
    return None


def other_speaker(doc: Doc, name: str, rng: random.Random) -> str:
    """Another speaker name from ``doc`` sharing no word with ``name`` (else a made-up spare name)."""
    mine = set(name.split())
    names = sorted({m.group(1) for m in _SPEAKER_ANYWHERE.finditer(doc.text)
                    if not set(m.group(1).split()) & mine and m.group(1).split()[0] not in ("The", "He", "She")})
    return rng.choice(names or [n for n in SPARE_SPEAKERS if not set(n.split()) & mine])


def reword(s: str, fixed: int, rng: random.Random, lex: dict) -> tuple[str, int]:
    """Drop a leading clause that does not hold ``fixed`` and maybe prepend a connective."""
    comma = s.find(", ")
    if 0 < comma < fixed and len(s[comma + 2:].split()) >= MIN_WORDS and rng.random() < 0.5:
        s, fixed = s[comma + 2:], fixed - comma - 2
        s = s[0].upper() + s[1:]
    lead = rng.choice(CONNECTIVES)
    if lead:
        first = s.split(" ", 1)[0]
        s = lead + (s[0].lower() + s[1:] if first.lower() in lex["stop"] else s)
    return s, fixed


def eligible_sentences(doc: Doc) -> list[int]:
    """Sentences a change may be made in: statements of moderate length, not in the last paragraph."""
    last = len(doc.paragraphs) - 1
    # Questions state no fact, so negating one contradicts nothing.
    return [s.index for s in doc.sentences if not s.heading and not s.boilerplate
            and not doc.sentence_text(s.index).rstrip("\"”’' )").endswith("?") and s.paragraph < last and MIN_WORDS <= len(doc.words(s.index)) <= MAX_WORDS]


def _insert(doc: Doc, i: int, variant: str, rng: random.Random) -> tuple[str, tuple[int, int]]:
    s = doc.sentences[i]
    _, p_end = doc.paragraphs[rng.randrange(s.paragraph + 1, len(doc.paragraphs))]
    text = doc.text[:p_end] + "\n" + variant + doc.text[p_end:]
    return text, (p_end + 1, p_end + 1 + len(variant))


_CHANGE = {"number": change_number, "date": change_date, "negation": change_negation,
           "antonym": change_antonym}


def make_cases(article_id: str, text: str, kind: str, seed: int = 0,
               per_article: int = PER_ARTICLE) -> list[Case]:
    """Build up to ``per_article`` contradiction cases of one kind from one article."""
    rng = random.Random(f"{seed}:{article_id}:{kind}")
    doc, lex = parse(text), lexicons()
    order = eligible_sentences(doc)
    rng.shuffle(order)
    cases: list[Case] = []
    for i in order:
        if len(cases) >= per_article:
            break
        s = doc.sentences[i]
        sent = doc.sentence_text(i)
        if kind == "speaker":
            sp = quoted_speaker(doc, i)
            if sp is None:
                continue
            new_name = other_speaker(doc, sent[sp[0]:sp[1]], rng)
            variant = sent[:sp[0]] + new_name + sent[sp[1]:]
            new, (a, b) = _insert(doc, i, variant, rng)
            shift = len(new_name) - (sp[1] - sp[0])
            ins_q = (a + sp[2] + (shift if sp[0] < sp[2] else 0), a + sp[3] + (shift if sp[0] < sp[2] else 0))
            ins_n = (a + sp[0], a + sp[0] + len(new_name))
            oracle = (_oracle(new, (s.start + sp[0], s.start + sp[1]), (s.start + sp[2], s.start + sp[3])),
                      _oracle(new, ins_n, ins_q))
            cases.append(Case(article_id, kind, new, (s.start, s.end), (a, b), oracle))
            continue
        changed = _CHANGE[kind](sent, rng)
        if changed is None:
            continue
        variant, _ = reword(*changed, rng, lex)
        new, span = _insert(doc, i, variant, rng)
        cases.append(Case(article_id, kind, new, (s.start, s.end), span))
    return cases


def _oracle(text: str, name: tuple[int, int], quote: tuple[int, int]) -> Attribution:
    return Attribution(start=name[0], end=name[1], cue="said", cue_start=name[0], cue_end=name[1],
                       kind="named", sentence=-1, source=text[name[0]:name[1]], source_start=name[0],
                       source_end=name[1], content_start=quote[0], content_end=quote[1])


def detect_pair(case: Case, attributions: Sequence[Attribution]) -> bool:
    """True when both sentences carry evidence and one points at the other."""
    doc = parse(case.text)
    i, j = doc.sentence_at(case.original[0]), doc.sentence_at(case.inserted[0])
    by = {e.sentence: e for e in extract(doc, attributions)}
    if i is None or j is None or i not in by or j not in by:
        return False
    return by[i].related.sentence == j or by[j].related.sentence == i


def _flags(text: str) -> bool:
    doc = parse(text)
    return bool(extract(doc, find_attributions(doc)))


def evaluate(split: str = "dev", data: str | os.PathLike | None = None, seed: int = 0,
             per_article: int = PER_ARTICLE, kinds: Iterable[str] = TRANSFORMS) -> list[dict]:
    """Run the benchmark on PTC ``split`` articles.

    Returns:
        One row per transformation (plus ``speaker (oracle attributions)`` and ``all``):
        ``kind``, ``articles`` (articles with a case), ``cases``, ``pair_recall`` (share of cases
        whose two sentences are flagged as a pair) and ``false_alarm`` (share of those articles,
        untouched, with any contradiction evidence). ``misses`` lists ``(article_id, kind)``.
    """
    articles = list(ptc_articles(split, data))
    flagged = {aid: _flags(text) for aid, text in articles}
    rows = []
    for kind in kinds:
        cases = [c for aid, text in articles for c in make_cases(aid, text, kind, seed, per_article)]
        modes = [("pipeline", False)] + ([("oracle attributions", True)] if kind == "speaker" else [])
        for label, oracle in modes:
            hits = []
            for c in cases:
                atts = c.oracle if oracle else find_attributions(parse(c.text))
                hits.append(detect_pair(c, atts))
            ids = sorted({c.article_id for c in cases})
            rows.append({"kind": kind if label == "pipeline" else f"{kind} ({label})",
                         "articles": len(ids), "cases": len(cases),
                         "pair_recall": sum(hits) / len(cases) if cases else 0.0,
                         "false_alarm": sum(flagged[a] for a in ids) / len(ids) if ids else 0.0,
                         "misses": [(c.article_id, c.kind) for c, h in zip(cases, hits) if not h]})
    rows.append({"kind": "untouched (all)", "articles": len(articles), "cases": 0, "pair_recall": float("nan"),
                 "false_alarm": sum(flagged.values()) / len(articles) if articles else 0.0, "misses": []})
    return rows


def timing(text: str, factors: Sequence[int] = (1, 10, 100)) -> list[dict]:
    """Time parsing and extraction of ``text`` repeated ``factor`` times (a scaling check).

    Verbatim repeats are compared once each (the extractor skips repeated sentences), so each
    factor is also timed with every copy's lines tagged by a distinct made-up word, which keeps
    all sentences distinct while sharing nearly all their keys (the blocking worst case).

    Returns:
        One row per factor and mode: ``factor``, ``mode``, ``chars``, ``sentences``,
        ``parse_s``, ``extract_s``.
    """
    import time

    rows = []
    for factor in factors:
        for mode in ("verbatim", "distinct"):
            copies = [text if mode == "verbatim" else "\n".join(f"{_tag(k)} {line}" if line.strip() else line
                                                               for line in text.splitlines())
                      for k in range(factor)]
            big = "\n\n".join(copies)
            t0 = time.perf_counter()
            doc = parse(big)
            t1 = time.perf_counter()
            extract(doc, ())
            t2 = time.perf_counter()
            rows.append({"factor": factor, "mode": mode, "chars": len(big), "sentences": len(doc.sentences),
                         "parse_s": t1 - t0, "extract_s": t2 - t1})
    return rows


def _tag(k: int) -> str:
    """A made-up capitalised word per copy: Qa, Qb, ..., Qba (letters only, so never a number)."""
    letters = ""
    while True:
        letters = "abcdefghijklmnopqrstuvwxyz"[k % 26] + letters
        k //= 26
        if not k:
            return "Q" + letters + "x"
