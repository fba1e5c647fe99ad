"""Match a TSV phrase lexicon against text, returning cue spans.

One matcher serves every marker and the attribution finder, so phrase syntax is the same in
every lexicon file:

* a phrase is matched case-insensitively on word boundaries; spaces match any run of
  whitespace (so line breaks and double spaces do not hide a cue);
* a trailing ``*`` on a word matches any word ending (``siphon*`` matches "siphoned");
* ``’`` and ``'`` match each other.

All phrases go into one alternation, longest first, built from literal text only, so matching
is linear in the text length and cannot backtrack catastrophically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reliability.resources import read_tsv


def _phrase_pattern(phrase: str) -> str:
    words = []
    for word in phrase.split():
        star = word.endswith("*")
        body = re.sub(r"['’]", lambda _: "['’]", re.escape(word.rstrip("*")))
        words.append(body + (r"\w*" if star else ""))
    return r"\s+".join(words)


@dataclass(frozen=True, slots=True)
class Match:
    """One lexicon hit: ``text[start:end]`` matched ``row`` of the lexicon."""

    start: int
    end: int
    text: str
    row: dict


class PhraseMatcher:
    """Find the phrases of a lexicon in text.

    Args:
        rows: Lexicon rows; each needs the ``key`` column holding the phrase.
        key: Name of the phrase column.
    """

    def __init__(self, rows: tuple[dict, ...] | list[dict], key: str = "phrase") -> None:
        self.rows = tuple(r for r in rows if r.get(key))
        self.key = key
        by_phrase: dict[str, dict] = {}
        for r in self.rows:
            by_phrase.setdefault(_norm(r[key].rstrip("*")), r)
        self._by_phrase = by_phrase
        self._stars = [(re.compile(_phrase_pattern(r[key]), re.IGNORECASE), r)
                       for r in self.rows if "*" in r[key]]
        patterns = sorted({_phrase_pattern(r[key]) for r in self.rows}, key=len, reverse=True)
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE) \
            if patterns else None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """Yield non-overlapping matches in ``text[start:end]``, with offsets into ``text``."""
        if self._regex is None:
            return
        end = len(text) if end is None else end
        for m in self._regex.finditer(text, start, end):
            yield Match(m.start(), m.end(), m.group(), self._row_for(m.group()))

    def _row_for(self, matched: str) -> dict:
        row = self._by_phrase.get(_norm(matched))
        if row is not None:
            return row
        for regex, r in self._stars:
            if regex.fullmatch(matched):
                return r
        return {}


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


@lru_cache(maxsize=None)
def matcher(name: str, key: str = "phrase") -> PhraseMatcher:
    """Return a cached :class:`PhraseMatcher` for the packaged lexicon ``name`` (a TSV file)."""
    return PhraseMatcher(read_tsv(name), key)
