"""Numbers, dates and clock times in a sentence, with what each one counts.

A quantity is a number ("117 drones", "$5 million", "more than 50 people"), a date ("May 5",
"5th May 2024", "Tuesday", "1998") or a clock time ("9:59"). Each carries an *anchor*: the
Porter stems of the words that say what is counted ("drone"), or a tag for dates (``<date>``,
``<weekday>``, ``<time>``), currencies (``<cur$>``), percentages (``percent``), ages (``<age>``)
or nothing at all (``<bare>``). Two quantities with a shared anchor fill the same *slot*, and
:func:`compatible` tells whether their values can both be true, reading "about", "more than"
and "fewer than" as ranges.

Number words, scales, months, weekdays and range words come from
``contradiction_quantities.tsv``; the words that end an anchor from ``contradiction_stopwords.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from reliability import config
from reliability.nltk_light import import_light
from reliability.resources import read_tsv, resource_text

PorterStemmer = import_light("nltk.stem.porter").PorterStemmer  # not `import nltk`: see nltk_light

_STEMMER = PorterStemmer()
#: Packaged table of frequent words and their Porter stems (built by scripts/build_stems.py).
STEM_TABLE = "porter_stems.tsv"
_STEM_HEADER = "word\tstem\n"
_NUMERIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d\d(?::\d\d)?(?![\d:])")
# (?<!\w) rather than \b: the same test before a word character, and the engine scans it faster.
_MAYBE_QUANTITY = re.compile(r"\d|(?<!\w)(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
                             r"|(?<!\w)(?i:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
                             r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen))")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)", re.IGNORECASE)
#: Stems of unit words ("years", "people", "percent"): they name a unit, even where a stop word.
UNIT_STEMS = frozenset({"year", "day", "time", "peopl", "percent", "month", "week", "hour"})
_MAY_BEFORE = frozenset({"in", "since", "until", "last", "next", "early", "late", "mid", "of", "by"})
_QUANTITY_KINDS = ("cardinal", "scale", "month", "weekday", "approx", "unit")


class Word(NamedTuple):
    """A word (a plain tuple: sentences hold many, and frozen dataclasses are slow to build)."""

    start: int
    end: int
    text: str


_TEXT = itemgetter(2)  # Word.text, read in C


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number or date with what it counts (``anchor``) and where it is.

    Attributes:
        kind: ``"number"`` or ``"date"`` (clock times are dates).
        anchor: What is counted: stems or tags such as ``<date>``, ``<bare>``.
        value: A float for numbers; ``(year, month, day, other)`` for dates, None where unknown.
        bound: ``"exact"``, ``"about"``, ``"min"`` (a lower bound) or ``"max"`` (an upper bound).
        start: Offset of the quantity in the text.
        end: Offset just after it.
    """

    kind: str
    anchor: frozenset[str]
    value: object
    bound: str
    start: int
    end: int


def read_stem_table() -> dict[str, str]:
    """The packaged stem table, word -> Porter stem (words lowercased, with ’ read as ').

    Its words and stems hold no whitespace, so one ``split()`` of the rows after the header
    parses them all (a csv reader takes several times longer on ~30,000 rows).
    """
    text = resource_text(f"lexicons/{STEM_TABLE}")
    cells = text[text.index(_STEM_HEADER) + len(_STEM_HEADER):].split()
    return dict(zip(cells[0::2], cells[1::2]))


# The table is read once the stemmer has run config.STEMS_BEFORE_TABLE times (why: config).
# It starts empty and is filled in place.
_stem_table: dict[str, str] = {}
_stemmer_runs = 0


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Porter stem of ``word``, lowercased, with ’ read as ' (cached: it runs on every word).

    Frequent words come from the packaged table once it is read (the same stems, built with
    the same stemmer); any other word goes to nltk's PorterStemmer.
    """
    global _stemmer_runs
    low = word.lower().replace("’", "'")
    found = _stem_table.get(low)
    if found is not None:
        return found
    _stemmer_runs += 1
    if _stemmer_runs == config.STEMS_BEFORE_TABLE:
        _stem_table.update(read_stem_table())
    return _STEMMER.stem(low)


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The quantity word tables (one dict per kind) and the stop words, loaded once."""
    qty = read_tsv("contradiction_quantities.tsv")
    return {
        "stop": frozenset(r["word"] for r in read_tsv("contradiction_stopwords.tsv")),
        **{kind: {r["word"]: r["value"] for r in qty if r["kind"] == kind} for kind in _QUANTITY_KINDS},
    }


def may_hold_quantity(text: str) -> bool:
    """Cheap pre-check: can ``text`` hold a number, date or time at all? (Most sentences cannot.)"""
    return _MAYBE_QUANTITY.search(text) is not None


@lru_cache(maxsize=50_000)
def number(word: str) -> float | None:
    """The value of a numeral or number word, else None (cached: it runs on every word)."""
    lex = lexicon()
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


def _anchor(words: list[Word], j: int, text: str, lex: dict) -> tuple[set[str], int]:
    """Stems of up to QUANTITY_ANCHOR_WORDS content words from ``words[j]`` on, and the end offset."""
    stems: set[str] = set()
    end = -1
    for k in range(j, min(j + config.QUANTITY_ANCHOR_WORDS, len(words))):
        if k > j and any(c in ",;:.()" for c in text[words[k - 1].end:words[k].start]):
            break
        low, st = words[k].text.lower(), stem(words[k].text)
        if (low in lex["stop"] and st not in UNIT_STEMS) or number(low) is not None:
            break
        stems.add(lex["unit"].get(low, st))
        end = words[k].end
    return stems, end


_NUMBER_ROLE, _DATE_ROLE = 1, 2


@lru_cache(maxsize=50_000)
def _role(word: str) -> int:
    """Which loop of :func:`find_quantities` can act on ``word``, as bits (cached per word text).

    ``_NUMBER_ROLE``: a number, or a hyphenated word that may start with one ("five-year");
    ``_DATE_ROLE``: a capitalised weekday or month name. Every other word is skipped by both
    loops, so they visit only the words holding a role, in order, and decide as before.
    """
    lex = lexicon()
    role = _NUMBER_ROLE if number(word) is not None or "-" in word else 0
    low = word.lower().rstrip(".")
    if word[:1].isupper() and (low in lex["weekday"] or low in lex["month"]):
        role |= _DATE_ROLE
    return role


def _dates(words: list[Word], lex: dict, used: set[int], roles: list[int], at: list[int]) -> list[Quantity]:
    """Weekdays and dates; ``at`` holds the indices of the words with a role (see :func:`_role`)."""
    out = []
    for i in at:
        if not roles[i] & _DATE_ROLE:
            continue  # only a capitalised weekday or month name starts a date
        w = words[i]
        low = w.text.lower().rstrip(".")
        if low in lex["weekday"]:
            used.add(i)
            out.append(Quantity("date", frozenset({"<weekday>"}), (None, None, None, low), "exact",
                                w.start, w.end))
            continue
        if low not in lex["month"]:
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
        out.append(Quantity("date", frozenset({"<date>"}), (year, int(lex["month"][low]), day, None),
                            "exact", words[first].start, words[last].end))
    return out


def _times(words: list[Word], text: str, used: set[int]) -> list[Quantity]:
    """Clock times ("9:59 p.m.") as date-like slots: the tokenizer splits them at the colon."""
    out = []
    if not words:
        return out
    lo, hi = words[0].start, words[-1].end
    if text.find(":", lo, hi) < 0:
        return out  # every clock time holds a colon; most sentences hold none
    for m in _TIME.finditer(text, lo, hi):
        used.update(k for k, w in enumerate(words) if m.start() <= w.start < m.end())
        out.append(Quantity("date", frozenset({"<time>"}), (None, None, None, m.group()), "exact",
                            m.start(), m.end()))
    return out


def _number_anchor(words: list[Word], i: int, j: int, text: str, lex: dict) -> tuple[set[str], int]:
    """What the number at ``words[i]`` counts; ``j`` is the first word after it (and its scale)."""
    w = words[i]
    if j < len(words) and words[j].text.lower() == "of" and text[w.end:words[j].start].strip() == "":
        j += 1  # "three of the videos" counts videos
        j += j < len(words) and words[j].text.lower() in lex["stop"]
    anchor, end = _anchor(words, j, text, lex)
    tail = w.text.partition("-")[2]
    if tail and number(w.text) is None:  # "five-year", "10-member"
        anchor.add(stem(tail.split("-")[-1]))
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


def find_quantities(words: list[Word], text: str) -> list[Quantity]:
    """Find times, dates, years and numbers in one sentence's words.

    A number with nothing after it that says what it counts gets the anchor ``<bare>``.

    Args:
        words: The sentence's words in order, with offsets into ``text``.
        text: The document text the offsets index.

    Returns:
        Quantities sorted by start offset.
    """
    lex = lexicon()
    used: set[int] = set()
    roles = list(map(_role, map(_TEXT, words)))  # cached per word: no Python step per word here
    at = list(compress(range(len(roles)), roles))
    out = _times(words, text, used) + _dates(words, lex, used, roles, at)
    for i in at:
        if i in used or not roles[i] & _NUMBER_ROLE:
            continue
        w = words[i]
        value = number(w.text)
        head, _, tail = w.text.partition("-")
        if value is None and tail:
            value = number(head)
        if value is None or value < 0:
            continue
        before = text[max(0, w.start - 1):w.start]
        if _NUMERIC.fullmatch(w.text) and len(w.text) == 4 and 1800 <= value <= 2100 \
                and before != "$" and not tail:
            out.append(Quantity("date", frozenset({"<date>"}), (int(value), None, None, None),
                                "exact", w.start, w.end))
            continue
        j = i + 1
        if j < len(words) and words[j].text.lower() in lex["scale"]:
            value *= float(lex["scale"][words[j].text.lower()])
            j += 1
        if j + 1 < len(words) and words[j].text.lower() == "of" and number(words[j + 1].text):
            continue  # "11 of 30": a position in a series, not a count
        anchor, end = _number_anchor(words, i, j, text, lex)
        if not anchor:
            if w.text.lower() == "one":
                continue  # "one of", "no one": rarely a count
            anchor = {"<bare>"}
        bounds = {lex["approx"].get(x.text.lower()) for x in words[max(0, i - 2):i]}
        bound = next((b for b in ("min", "max", "about") if b in bounds), "exact")
        start = w.start - (1 if before and before in "$€£" else 0)
        out.append(Quantity("number", frozenset(anchor), value, bound, start, max(end, w.end)))
    return sorted(out, key=lambda q: q.start)


def same_slot(p: Quantity, q: Quantity) -> bool:
    """Do ``p`` and ``q`` measure the same thing (same kind, a shared anchor)?"""
    return p.kind == q.kind and bool(p.anchor & q.anchor)


def interval(q: Quantity) -> tuple[float, float]:
    """The values a number admits: "more than 5" admits 5 and up, "about 100" admits 75..125."""
    v = q.value
    if q.bound == "min":
        return v, v * config.QUANTITY_BOUND_SPAN
    if q.bound == "max":
        return v / config.QUANTITY_BOUND_SPAN, v
    tol = config.QUANTITY_APPROX_TOLERANCE if q.bound == "about" else 1e-9
    return v * (1 - tol), v * (1 + tol)


def compatible(p: Quantity, q: Quantity) -> bool:
    """Can two quantities of one slot both be true (dates agree where both are known)?"""
    if p.kind == "date":
        return all(x is None or y is None or x == y for x, y in zip(p.value, q.value))
    (lo1, hi1), (lo2, hi2) = interval(p), interval(q)
    return lo1 <= hi2 and lo2 <= hi1
