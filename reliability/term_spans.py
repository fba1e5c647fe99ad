"""Where a learned cue's n-gram terms occur in a sentence (the spans shown as evidence cues).

An occurrence of a term is its words, case-insensitive, as whole words separated by anything but
word characters: the first match of :func:`_term_pattern`. Most terms are plain ASCII words and
are found on the sentence's word runs without any regex (one compile per distinct term of a
batch was a tenth of the learned-cue cost); the rest use the regex, so the spans are the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

from reliability.records import Span
from reliability.text import ODD_FOLDS


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern:
    # Cached here: re's own cache (512 patterns) overflows on the many distinct n-grams of a batch.
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", re.IGNORECASE)


_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")
_RUNS = re.compile(r"(\w+)")
_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=4096)
def _term_words(term: str) -> tuple[str, ...] | None:
    """The lowercased words of ``term`` when each is ASCII word characters only, else None."""
    words = term.split()
    if words and all(map(_ASCII_WORD.fullmatch, words)):
        return tuple(w.lower() for w in words)
    return None


def _run_match(runs: list[str], starts: list[int], ends: list[int], words: tuple[str, ...],
               first: int) -> tuple[int, int] | None:
    """Offsets of the first place from run ``first`` on where ``runs`` (lowercased) spell ``words``."""
    n, head = len(words), words[0]
    k = first - 1
    while True:
        try:
            k = runs.index(head, k + 1)
        except ValueError:
            return None
        if n == 1 or tuple(runs[k:k + n]) == words:
            return starts[k], ends[k + n - 1]


def term_spans(text: str, start: int, end: int, terms: Sequence[str]) -> list[Span]:
    """Find each n-gram term in ``text[start:end]`` and return its first occurrence as a span.

    A match of a term of plain ASCII words is exactly a sequence of consecutive ``\\w+`` runs
    whose lowercase forms are its words (separators between runs are ``\\W+`` by definition), since
    lowercasing agrees with re.IGNORECASE on ASCII word characters except for ``ODD_FOLDS`` (a
    sentence holding one uses the regex). Like the regex searched from ``start``, a run that
    continues a word from before ``start`` cannot begin a match.
    """
    spans = []
    runs = None
    plain = not any(c in text[start:end] for c in ODD_FOLDS)
    for term in terms:
        words = _term_words(term) if plain else None
        if words is None:
            m = _term_pattern(term).search(text, start, end)
            if m:
                spans.append(Span(m.start(), m.end(), m.group()))
            continue
        if runs is None:
            parts = _RUNS.split(text[start:end])  # gap, run, gap, ..., gap
            offsets = list(accumulate(map(len, parts), initial=start))
            runs = [r.lower() for r in parts[1::2]]
            starts, ends = offsets[1:-1:2], offsets[2::2]
            # A first run glued to a word character before ``start`` fails the regex's (?<!\w).
            first = int(bool(runs) and not parts[0] and start > 0
                        and _WORD_CHAR.match(text, start - 1) is not None)
        hit = _run_match(runs, starts, ends, words, first)
        if hit:
            spans.append(Span(hit[0], hit[1], text[hit[0]:hit[1]]))
    return sorted(spans, key=lambda s: s.start)
