"""Internal contradictions: two sentences of one article that cannot both be true.

Four kinds of conflict are looked for: different numbers or dates for the same quantity
("117 drones" / "170 drones"), a statement and its negation, opposite outcome words
(approved / rejected) about the same thing, and one quotation given to two speakers.

Only sentences that share several *blocking keys* (content-word stems and the nouns that follow
numbers) are compared, and a key shared by too many sentences is dropped, so the number of
comparisons grows linearly with the article. A pair is flagged only when the two sentences
repeat most of each other's content words and differ in exactly one slot: news articles are full
of different numbers about different facts, and overlap is what tells the two apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple


from reliability.nltk_light import import_light
from reliability.records import Attribution, Evidence, Related, Span
from reliability.resources import read_tsv
from reliability.text import Doc, word_spans

PorterStemmer = import_light("nltk.stem.porter").PorterStemmer  # not `import nltk`: see nltk_light

MARKER = "internal_contradictions"

# Thresholds (to move into reliability/config.py)
MAX_BLOCK = 40  # a key in more sentences than this does not pick out one fact; dropping it keeps cost linear
MAX_SENTENCE_CHARS = 2000  # longer "sentences" are mis-split tables or lists; skipping them bounds cost
MIN_SHARED_KEYS = 3  # two sentences sharing fewer keys are rarely about the same fact
MIN_SHARED_CONTENT = 3  # the overlap ratio of two tiny sentences is noise
# Overlap needs are (share of the shorter sentence's content words the other repeats, share of the
# longer one's): the second keeps a short sentence from matching any long one that contains it.
NUMBER_OVERLAP = (0.6, 0.4)  # numbers: the counted noun already pins the slot, wording may vary
DATE_OVERLAP = (0.7, 0.5)  # different events on different days are common: ask for closer wording
NEGATION_OVERLAP = (0.75, 0.5)  # "not" is everywhere in news: demand close wording
NEGATION_MIN_SHARED = 4  # a headline and a body sentence easily share three words
ANTONYM_OVERLAP = (0.7, 0.5)  # outcome words also occur across unrelated sentences
BARE_OVERLAP = (0.85, 0.75)  # a bare number, percentage or sum only clashes in near-identical sentences
BOUND_SPAN = 2.0  # news reads "more than 50" as 50 up to about 100, not as any number above 50
APPROX_TOLERANCE = 0.25  # "about 1,000" and "1,023" agree; beyond a quarter off they do not
QUOTE_MIN_WORDS = 4  # short quotations ("no comment") are repeated by different people honestly
QUOTE_SIMILARITY = 0.8  # Jaccard of quotation words above which two quotations are the same words
ANCHOR_WORDS = 2  # content words after a number that name what is counted
STRENGTH = {"quote": 0.9, "number": 0.85, "date": 0.8, "negation": 0.75, "antonym": 0.7}  # prior trust per kind

_STEM = PorterStemmer()
_NUMERIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d\d(?::\d\d)?(?![\d:])")
_MAYBE_QUANTITY = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
                             r"|(?i:\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
                             r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen))")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)", re.IGNORECASE)
_UNIT_STEMS = frozenset({"year", "day", "time", "peopl", "percent", "month", "week", "hour"})
_NOT_NEGATION = frozenset({"only", "just", "merely", "least", "to"})  # "not only", "not to mention"
_MAY_BEFORE = frozenset({"in", "since", "until", "last", "next", "early", "late", "mid", "of", "by"})
_CLAUSE_END = frozenset(",;:.!?()—–")
_CLOSERS = "\"”’'»)] "
_SKIP_TO_PREDICATE = frozenset({"be", "been", "being", "a", "an", "the", "any", "even", "yet", "ever",
                                "always", "really", "actually", "necessarily", "so", "too", "very"})
# Anchors that say what unit, not what thing, is counted: "24.2%" and "3.3%" are rarely one fact.
_WEAK_ANCHORS = frozenset({"<bare>", "percent", "<cur$>", "<cur€>", "<cur£>"} | _UNIT_STEMS)
# Embedded tweets and link lines repeat a template with different dates; they state nothing.
_EMBED = re.compile(r"https?://|www\.|pic\.twitter\.com|(?<!\w)@\w")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _STEM.stem(word.lower().replace("’", "'"))


@lru_cache(maxsize=1)
def _lexicons() -> dict:
    """Load every contradiction lexicon once."""
    qty = read_tsv("contradiction_quantities.tsv")
    opposites: dict[str, set[str]] = defaultdict(set)
    for r in read_tsv("contradiction_antonyms.tsv"):
        opposites[r["a"]].add(r["b"])
        opposites[r["b"]].add(r["a"])
    return {
        "stop": frozenset(r["word"] for r in read_tsv("contradiction_stopwords.tsv")),
        "neg": frozenset(r["phrase"] for r in read_tsv("contradiction_negations.tsv")),
        "aux": frozenset(r["phrase"] for r in read_tsv("contradiction_auxiliaries.tsv")),
        "opp": {k: frozenset(v) for k, v in opposites.items()},
        **{kind: {r["word"]: r["value"] for r in qty if r["kind"] == kind}
           for kind in ("cardinal", "scale", "month", "weekday", "approx", "unit")},
    }


class _Word(NamedTuple):
    """A word (a plain tuple: sentences hold many, and frozen dataclasses are slow to build)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Qty:
    """A number or date with what it counts (``anchor``) and where it is."""

    kind: str  # "number" or "date"
    anchor: frozenset[str]
    value: object
    bound: str  # "exact", "about", "min" (a lower bound) or "max" (an upper bound)
    start: int
    end: int


@dataclass(slots=True)
class _Feat:
    index: int
    text: str
    content: frozenset[str]
    qtys: list[_Qty] = field(default_factory=list)
    negated: dict[str, _Word] = field(default_factory=dict)  # predicate stem -> negation cue
    antonyms: dict[str, _Word] = field(default_factory=dict)  # lowercased outcome word -> span
    spans: dict[str, _Word] = field(default_factory=dict)  # content stem -> first span
    # (negation, word before, word after) with contractions opened: "won't be" -> ("will", "be")
    contexts: list[tuple[_Word, str, str]] = field(default_factory=list)
    words: list[_Word] = field(default_factory=list)
    lows: list[str] = field(default_factory=list)  # lowercased words, ’ as '
    n_neg: int = 0
    _bigrams: dict[tuple[str, str], _Word] | None = None

    @property
    def bigrams(self) -> dict[tuple[str, str], _Word]:
        """Adjacent lowercased words -> span of the second (built on first use: few pairs need it)."""
        if self._bigrams is None:
            self._bigrams = {}
            for k in range(1, len(self.lows)):  # "didn't find" stays negated: no opening here
                self._bigrams.setdefault((self.lows[k - 1], self.lows[k]), self.words[k])
        return self._bigrams


def _base(low: str) -> str:
    """The auxiliary inside a contraction: "didn't" -> "did", "won't" -> "will"."""
    if low.endswith(("n't", "n’t")):
        stem = low[:-3]
        return {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}.get(stem, stem)
    return low


def _is_negation(low: str, lex: dict) -> bool:
    return low in lex["neg"] or low.endswith(("n't", "n’t"))


def _not_a_negation(words: list[_Word], k: int, text: str) -> bool:
    """'not only', 'whether or not', 'No, ...': negation words that negate no clause."""
    nxt = words[k + 1] if k + 1 < len(words) else None
    if nxt is None or nxt.text.lower() in _NOT_NEGATION:
        return True
    if words[k].text.lower() == "no" and nxt.text.lower() in ("doubt", "matter", "less"):
        return True  # "no doubt", "no matter", "no less" affirm
    if any(c in _CLAUSE_END for c in text[words[k].end:nxt.start]):
        return True
    return k > 0 and words[k - 1].text.lower() == "or"


@lru_cache(maxsize=50_000)
def _number(word: str) -> float | None:
    """The value of a numeral or number word, else None (cached: it runs on every word)."""
    lex = _lexicons()
    low = word.lower()
    if _NUMERIC.fullmatch(word):
        return float(word.replace(",", ""))
    if low in lex["cardinal"]:
        return float(lex["cardinal"][low])
    if "-" in low:  # "twenty-five"
        parts = low.split("-")
        if all(p in lex["cardinal"] for p in parts):
            return sum(float(lex["cardinal"][p]) for p in parts)
    return None


def _anchor(words: list[_Word], j: int, text: str, lex: dict) -> tuple[set[str], int]:
    """Stems of up to ANCHOR_WORDS content words from ``words[j]`` on, and the end offset."""
    stems: set[str] = set()
    end = -1
    for k in range(j, min(j + ANCHOR_WORDS, len(words))):
        if k > j and any(c in ",;:.()" for c in text[words[k - 1].end:words[k].start]):
            break
        low, st = words[k].text.lower(), _stem(words[k].text)
        if (low in lex["stop"] and st not in _UNIT_STEMS) or _number(low) is not None:
            break
        stems.add(lex["unit"].get(low, st))
        end = words[k].end
    return stems, end


def _dates(words: list[_Word], lex: dict, used: set[int]) -> list[_Qty]:
    out = []
    for i, w in enumerate(words):
        low = w.text.lower().rstrip(".")
        if low in lex["weekday"] and w.text[0].isupper():
            used.add(i)
            out.append(_Qty("date", frozenset({"<weekday>"}), (None, None, None, low), "exact", w.start, w.end))
            continue
        if low not in lex["month"] or not w.text[0].isupper():
            continue
        prv = words[i - 1].text if i else ""
        day = year = None
        first, last = i, i
        for k in (i + 1, i + 2):
            t = words[k].text if k < len(words) else ""
            m = _ORDINAL.fullmatch(t)
            if t.isdigit() and len(t) == 4 and year is None:
                year, last = int(t), k
            elif (t.isdigit() or m) and day is None and k == i + 1 and int(m.group(1) if m else t) <= 31:
                day, last = int(m.group(1) if m else t), k
        m = _ORDINAL.fullmatch(prv)
        if day is None and (prv.isdigit() or m) and len(prv) <= 2:
            day, first = int(m.group(1) if m else prv), i - 1
        if low == "may" and day is None and year is None and prv.lower() not in _MAY_BEFORE:
            continue  # the modal verb, not the month
        used.update(range(first, last + 1))
        out.append(_Qty("date", frozenset({"<date>"}), (year, int(lex["month"][low]), day, None),
                        "exact", words[first].start, words[last].end))
    return out


def _times(words: list[_Word], text: str, used: set[int]) -> list[_Qty]:
    """Clock times ("9:59 p.m.") as date-like slots: the tokenizer splits them at the colon."""
    out = []
    if not words:
        return out
    lo, hi = words[0].start, words[-1].end
    for m in _TIME.finditer(text, lo, hi):
        used.update(k for k, w in enumerate(words) if m.start() <= w.start < m.end())
        out.append(_Qty("date", frozenset({"<time>"}), (None, None, None, m.group()), "exact",
                        m.start(), m.end()))
    return out


def _number_anchor(words: list[_Word], i: int, j: int, text: str, lex: dict) -> tuple[set[str], int]:
    """What the number at ``words[i]`` counts; ``j`` is the first word after it (and its scale)."""
    w = words[i]
    if j < len(words) and words[j].text.lower() == "of" and text[w.end:words[j].start].strip() == "":
        j += 1  # "three of the videos" counts videos
        j += j < len(words) and words[j].text.lower() in lex["stop"]
    anchor, end = _anchor(words, j, text, lex)
    tail = w.text.partition("-")[2]
    if tail and _number(w.text) is None:  # "five-year", "10-member"
        anchor.add(_stem(tail.split("-")[-1]))
        end = max(end, w.end)
    after = text[words[j - 1].end:words[j - 1].end + 1] if j - 1 < len(words) else ""
    if after == "%":
        anchor.add("percent")
        end = max(end, words[j - 1].end + 1)
    before = text[max(0, w.start - 1):w.start]
    if before and before in "$€£":
        anchor.add("<cur" + before + ">")
    if text[max(0, w.start - 2):w.start] == ", " and text[w.end:w.end + 1] == "," \
            and i and words[i - 1].text[:1].isupper():
        anchor.add("<age>")  # "Steinle, 32, was shot"
    return anchor, end


def _quantities(words: list[_Word], text: str, lex: dict) -> list[_Qty]:
    """Find times, dates, years and numbers in one sentence's words.

    A number with nothing after it that says what it counts gets the anchor ``<bare>``; such
    numbers only clash between nearly identical sentences (see ``BARE_OVERLAP``).
    """
    used: set[int] = set()
    out = _times(words, text, used) + _dates(words, lex, used)
    for i, w in enumerate(words):
        if i in used:
            continue
        head, _, tail = w.text.partition("-")
        value = _number(w.text)
        if value is None and tail:
            value = _number(head)
        if value is None or value < 0:
            continue
        before = text[max(0, w.start - 1):w.start]
        if _NUMERIC.fullmatch(w.text) and len(w.text) == 4 and 1800 <= value <= 2100 \
                and before != "$" and not tail:
            out.append(_Qty("date", frozenset({"<date>"}), (int(value), None, None, None),
                            "exact", w.start, w.end))
            continue
        j = i + 1
        if j < len(words) and words[j].text.lower() in lex["scale"]:
            value *= float(lex["scale"][words[j].text.lower()])
            j += 1
        if j + 1 < len(words) and words[j].text.lower() == "of" and _number(words[j + 1].text):
            continue  # "11 of 30": a position in a series, not a count
        anchor, end = _number_anchor(words, i, j, text, lex)
        if not anchor:
            if w.text.lower() == "one":
                continue  # "one of", "no one": rarely a count
            anchor = {"<bare>"}
        bounds = {lex["approx"].get(x.text.lower()) for x in words[max(0, i - 2):i]}
        bound = next((b for b in ("min", "max", "about") if b in bounds), "exact")
        start = w.start - (1 if before and before in "$€£" else 0)
        out.append(_Qty("number", frozenset(anchor), value, bound, start, max(end, w.end)))
    return sorted(out, key=lambda q: q.start)


def _features(doc: Doc, i: int, lex: dict) -> _Feat:
    # Doc.words(i) copies the tail of the document's token list on every call (quadratic over an
    # article), so tokenise the sentence itself with the same tokenizer.
    st = doc.sentences[i].start
    f = _Feat(i, doc.sentence_text(i), frozenset())
    words = [_Word(st + x, st + y, f.text[x:y]) for x, y in word_spans(f.text)]
    # A question negates nothing ("Why not extend it?"): it asks.
    question = f.text.rstrip(_CLOSERS).endswith("?")
    content = set()
    lows = [w.text.lower().replace("’", "'") for w in words]
    f.words, f.lows = words, lows
    for k, w in enumerate(words):
        low = lows[k]
        if low in lex["neg"] or low.endswith("n't"):
            if question or _not_a_negation(words, k, doc.text):
                continue
            f.n_neg += 1
            before = _base(lows[k]) if lows[k].endswith("n't") else (lows[k - 1] if k else "")
            f.contexts.append((w, before, lows[k + 1]))
            prev = w
            for x in words[k + 1:k + 5]:  # the predicate: the next word past auxiliaries and articles
                if any(c in _CLAUSE_END for c in doc.text[prev.end:x.start]):
                    break
                prev, xl = x, x.text.lower()
                if xl in lex["aux"] or xl in _SKIP_TO_PREDICATE or _is_negation(xl, lex):
                    continue
                if xl not in lex["stop"]:  # "won't say": "say" is no fact we can compare
                    f.negated.setdefault(_stem(xl), w)
                break
            continue
        if low in lex["opp"]:
            f.antonyms.setdefault(low, w)
        if low in lex["stop"] or _number(w.text) is not None or not any(c.isalpha() for c in low):
            continue
        st = _stem(low)
        content.add(st)
        f.spans.setdefault(st, w)
    f.content = frozenset(content)
    if _MAYBE_QUANTITY.search(f.text):  # most sentences hold no number, date or time
        f.qtys = _quantities(words, doc.text, lex)
    return f


def _overlap(a: _Feat, b: _Feat, need: tuple[float, float], drop: set[str] = frozenset(),
             min_shared: int = MIN_SHARED_CONTENT) -> float:
    """Share of the longer sentence's content words both hold, or 0 if below ``need``."""
    ca, cb = a.content - drop, b.content - drop
    shared = len(ca & cb)
    if shared < min_shared:
        return 0.0
    short, long_ = shared / min(len(ca), len(cb)), shared / max(len(ca), len(cb))
    return long_ if short >= need[0] and long_ >= need[1] else 0.0


def _compatible(p: _Qty, q: _Qty) -> bool:
    if p.kind == "date":
        return all(x is None or y is None or x == y for x, y in zip(p.value, q.value))
    (lo1, hi1), (lo2, hi2) = _interval(p), _interval(q)
    return lo1 <= hi2 and lo2 <= hi1


def _interval(q: _Qty) -> tuple[float, float]:
    """The values a number admits: "more than 5" admits 5 and up, "about 100" admits 75..125."""
    v = q.value
    if q.bound == "min":
        return v, v * BOUND_SPAN
    if q.bound == "max":
        return v / BOUND_SPAN, v
    tol = APPROX_TOLERANCE if q.bound == "about" else 1e-9
    return v * (1 - tol), v * (1 + tol)


@dataclass(frozen=True, slots=True)
class _Conflict:
    kind: str
    strength: float
    cues_a: tuple[Span, ...]
    cues_b: tuple[Span, ...]
    what_a: str
    what_b: str


def _cut(doc: Doc, q: _Qty) -> Span:
    return Span(q.start, q.end, doc.text[q.start:q.end])


def _clashes(a: _Feat, b: _Feat) -> list[tuple[_Qty, _Qty]]:
    """Pairs of same-slot quantities whose values cannot agree.

    When both sentences have the same sequence of slots, they are compared in order (a
    restatement keeps its order: "34 counts, 17 ... 17" against "34 counts, 17 ... 27"). Otherwise
    a quantity clashes when nothing in the other sentence with its anchor agrees with it and a
    value there is not accounted for by this sentence either ("from 5 to 7 percent" vs "7 percent").
    """
    qa = [p for p in a.qtys if any(_same_slot(p, q) for q in b.qtys)]
    qb = [q for q in b.qtys if any(_same_slot(p, q) for p in a.qtys)]
    if len(qa) == len(qb) and all(_same_slot(p, q) for p, q in zip(qa, qb)):
        return [(p, q) for p, q in zip(qa, qb) if not _compatible(p, q)]
    out = []
    for p in qa:
        peers = [q for q in qb if _same_slot(p, q)]
        free = [q for q in peers if not any(_compatible(p2, q) for p2 in qa if _same_slot(p2, q))]
        if free and not any(_compatible(p, q) for q in peers):
            out.append((p, free[0]))
    return out


def _same_slot(p: _Qty, q: _Qty) -> bool:
    return p.kind == q.kind and bool(p.anchor & q.anchor)


def _quantity_conflict(doc: Doc, a: _Feat, b: _Feat) -> _Conflict | None:
    """Exactly one slot whose values cannot agree; two or more read as two different events."""
    clashes = _clashes(a, b)
    if len({id(q) for _, q in clashes}) != 1 or len({id(p) for p, _ in clashes}) != 1:
        return None
    p, q = clashes[0]
    drop = {_stem(x) for x in (doc.text[p.start:p.end] + " " + doc.text[q.start:q.end]).split()}
    weak = not (p.anchor & q.anchor) - _WEAK_ANCHORS
    need = BARE_OVERLAP if weak else DATE_OVERLAP if p.kind == "date" else NUMBER_OVERLAP
    ov = _overlap(a, b, need, drop)
    if not ov:
        return None
    sa, sb = _cut(doc, p), _cut(doc, q)
    return _Conflict(p.kind, STRENGTH[p.kind] * (0.5 + 0.5 * ov), (sa,), (sb,), sa.text, sb.text)


def _negation_conflict(a: _Feat, b: _Feat) -> _Conflict | None:
    """A negation in one sentence whose words around it stand un-negated in the other.

    Either the two words around the negation are adjacent in the other sentence ("is not among"
    against "is among"), or the negated predicate occurs there without a negation ("did not
    confirm" against "confirmed").
    """
    for x, y, flip in ((a, b, False), (b, a, True)):
        hits = [(neg, y.bigrams[(pre, nxt)], nxt) for neg, pre, nxt in x.contexts if (pre, nxt) in y.bigrams]
        if x.n_neg != y.n_neg:
            hits += [(neg, y.spans[p], p) for p, neg in x.negated.items() if p in y.content and p not in y.negated]
        if not hits:
            continue
        ov = _overlap(x, y, NEGATION_OVERLAP, min_shared=NEGATION_MIN_SHARED)
        if not ov:
            continue
        neg, aff, _ = hits[0]
        c = _Conflict("negation", STRENGTH["negation"] * (0.5 + 0.5 * ov), (Span(*neg),), (Span(*aff),),
                      f"'{neg.text} {aff.text}'", f"'{aff.text}'")
        return _Conflict(c.kind, c.strength, c.cues_b, c.cues_a, c.what_b, c.what_a) if flip else c
    return None


def _antonym_conflict(a: _Feat, b: _Feat, lex: dict) -> _Conflict | None:
    if a.n_neg != b.n_neg:
        return None  # "did not win" and "lost" agree
    for wa, sa in a.antonyms.items():
        for wb in lex["opp"][wa] & b.antonyms.keys():
            if wb in a.antonyms or wa in b.antonyms:
                continue
            ov = _overlap(a, b, ANTONYM_OVERLAP, {_stem(wa), _stem(wb)})
            if ov:
                sb = b.antonyms[wb]
                return _Conflict("antonym", STRENGTH["antonym"] * (0.5 + 0.5 * ov), (Span(*sa),), (Span(*sb),),
                                 f"'{sa.text}'", f"'{sb.text}'")
    return None


def _keys(f: _Feat) -> set[str]:
    return {"w:" + c for c in f.content} | {"q:" + k for q in f.qtys for k in q.anchor}


def _candidates(keysets: dict[int, set[str]]) -> list[tuple[int, int]]:
    """Pairs of sentences sharing at least MIN_SHARED_KEYS keys from blocks of at most MAX_BLOCK."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in keysets.items():
        for k in keys:
            blocks[k].append(i)
    shared: Counter = Counter()
    for members in blocks.values():
        if 2 <= len(members) <= MAX_BLOCK:
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    shared[(i, j)] += 1
    return sorted(p for p, n in shared.items() if n >= MIN_SHARED_KEYS)


def _source_words(source: str | None, lex: dict) -> frozenset[str]:
    words = {w.lower() for w in re.findall(r"\w+", source or "")}
    return frozenset(w for w in words if w not in lex["stop"]) if not words & _PRONOUNS else frozenset()


def _quote_conflicts(doc: Doc, attributions: Sequence[Attribution], lex: dict) -> list[tuple]:
    """The same quotation attributed to speakers that share no name word."""
    found = []
    for q in doc.quotes:
        words = tuple(w.lower() for w in re.findall(r"\w+", doc.text[q.inner_start:q.inner_end]))
        if len(words) < QUOTE_MIN_WORDS:
            continue
        for a in attributions:
            if a.source and a.content_start is not None and a.content_end is not None \
                    and a.content_start < q.inner_end and q.inner_start < a.content_end:
                src = _source_words(a.source, lex)
                sent = doc.sentence_at(q.inner_start)
                if src and sent is not None:
                    found.append((frozenset(words), src, sent, a))
                break
    keysets = {k: {"w:" + w for w in item[0]} for k, item in enumerate(found)}
    out = []
    for x, y in _candidates(keysets):
        (wa, sa, ia, aa), (wb, sb, ib, ab) = found[x], found[y]
        if ia == ib or sa & sb or len(wa & wb) / len(wa | wb) < QUOTE_SIMILARITY:
            continue
        cue = []
        for att, i in ((aa, ia), (ab, ib)):
            s = doc.sentences[i]
            ok = att.source_start is not None and s.start <= att.source_start and att.source_end <= s.end
            cue.append((Span(att.source_start, att.source_end, doc.text[att.source_start:att.source_end]),)
                       if ok else ())
        out.append((ia, ib, _Conflict("quote", STRENGTH["quote"], cue[0], cue[1],
                                      f"to {aa.source}", f"to {ab.source}")))
    return out


_WHY = {
    "number": "says {a} here but {b} in sentence {j}",
    "date": "gives the date as {a} here but {b} in sentence {j}",
    "negation": "says {a} here but the opposite ({b}) in sentence {j}",
    "antonym": "says {a} here but {b} in sentence {j}",
    "quote": "gives the same quotation {a} here but {b} in sentence {j}",
}


def extract(doc: Doc, attributions: Sequence[Attribution]) -> list[Evidence]:
    """Flag sentence pairs that cannot both be true.

    Args:
        doc: The parsed article.
        attributions: Attributions found in it; used for the same-quote-two-speakers check.

    Returns:
        One :class:`Evidence` per sentence in a pair (the strongest pair if several), with
        ``related`` naming the other sentence and cues on the differing words.
    """
    lex = _lexicons()
    feats: dict[int, _Feat] = {}
    seen: set[str] = set()
    for s in doc.sentences:
        text = doc.text[s.start:s.end]
        # A repeated sentence is the same statement: compare its first occurrence only.
        if s.boilerplate or len(text) > MAX_SENTENCE_CHARS or text in seen or _EMBED.search(text):
            continue
        seen.add(text)
        feats[s.index] = _features(doc, s.index, lex)
    pairs: list[tuple[int, int, _Conflict]] = []
    for i, j in _candidates({i: _keys(f) for i, f in feats.items()}):
        a, b = feats[i], feats[j]
        found = [c for c in (_quantity_conflict(doc, a, b), _negation_conflict(a, b),
                             _antonym_conflict(a, b, lex)) if c]
        if found:
            pairs.append((i, j, max(found, key=lambda c: c.strength)))
    boiler = {s.index for s in doc.sentences if s.boilerplate}
    pairs += [p for p in _quote_conflicts(doc, attributions, lex) if not {p[0], p[1]} & boiler]
    best: dict[int, tuple[float, int, tuple, str]] = {}
    count: Counter = Counter()
    for i, j, c in pairs:
        for me, other, cues, mine, theirs in ((i, j, c.cues_a, c.what_a, c.what_b),
                                              (j, i, c.cues_b, c.what_b, c.what_a)):
            count[me] += 1
            why = _WHY[c.kind].format(a=mine, b=theirs, j=other)
            if me not in best or c.strength > best[me][0]:
                best[me] = (c.strength, other, cues, why)
    out = []
    for me, (strength, other, cues, why) in sorted(best.items()):
        s, o = doc.sentences[me], doc.sentences[other]
        if count[me] > 1:
            why += f" (and conflicts with {count[me] - 1} other sentence{'s' * (count[me] > 2)})"
        out.append(Evidence(MARKER, me, s.start, s.end, round(min(1.0, strength), 4), cues, why,
                            Related(other, o.start, o.end)))
    return out
