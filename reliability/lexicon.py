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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress

from reliability import config
from reliability.records import Sentence
from reliability.resources import read_tsv
from reliability.text import WordRuns, word_runs


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
        self._pattern = r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)" if patterns else None
        self._compiled: re.Pattern[str] | None = None

    @property
    def _regex(self) -> re.Pattern[str] | None:
        """The alternation of every phrase, compiled on first use (a :class:`FastMatcher` builds
        many small matchers, and most of them never need it: see ``FastMatcher._candidate``)."""
        if self._compiled is None and self._pattern is not None:
            self._compiled = re.compile(self._pattern, re.IGNORECASE)
        return self._compiled

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


_TOKEN = re.compile(r"\w+")
# A FastMatcher's small matcher: the matcher, the most tokens of its phrases, and the row a match
# reports when every phrase is the candidate word itself (else None; see FastMatcher._candidate).
_Sub = tuple[PhraseMatcher, int, "dict | None"]
# The \w+ tokens of the whole text are read from reliability.text.word_runs, which remembers the
# last text: markers call a matcher once per sentence of the same document, and parsing has
# usually split that document already.


class FastMatcher:
    """Run a :class:`~reliability.lexicon.PhraseMatcher` only where a phrase can start.

    The matcher's single alternation of hundreds of phrases is tried at every word start, which
    costs seconds per megabyte (Python's ``re`` tries every alternative in turn). Here each
    ``\\w+`` token is first looked up by its lowercase form (or, for ``word*`` entries, its
    prefix); only candidate tokens run a small matcher built from the phrases that start with
    that token, in a window just long enough for the longest of them. The window ends on a
    token end, so word-boundary checks see the same text, and the result equals
    ``PhraseMatcher.finditer`` (the tests check this).

    Callers ask once per sentence, so the document's tokens and its candidate tokens are found
    once per text (the last text is remembered) and each call only bisects into them.

    Args:
        lex: The phrase matcher to accelerate.
    """

    def __init__(self, lex: PhraseMatcher) -> None:
        self.key = lex.key
        self._lex = lex
        self._exact: dict[str, list[dict]] = {}
        self._stems: dict[str, list[dict]] = {}
        for row in lex.rows:
            phrase = row[lex.key].lower().replace("’", "'")
            tokens = _TOKEN.findall(phrase)
            if not tokens:
                continue
            first_word = phrase.split()[0]
            # A star widens the first token only when the first word is that single token.
            table = self._stems if first_word.endswith("*") and first_word[:-1] == tokens[0] \
                else self._exact
            table.setdefault(tokens[0], []).append(row)
        self._stem_lengths = sorted({len(k) for k in self._stems})
        self._sub: dict[tuple[str, ...], _Sub] = {}
        # Token as written -> its small matcher or None: one dict look-up per token after the first.
        self._words: dict[str, _Sub | None] = {}
        # (text, candidate token indices, their small matchers) for the last text seen.
        self._last: tuple[str, list[int], list[_Sub]] | None = None

    def _candidate(self, word: str) -> _Sub | None:
        """The small matcher for phrases starting with ``word``, their most tokens and, when
        every one of them is the single ASCII word ``word``, the row a match reports (else None).

        Such a matcher matches a candidate token (a whole ``\\w+`` run whose lowercase form is
        ``word``) in full, always: re.IGNORECASE and str.lower() agree on ASCII letters except
        for "İ", "ı" and "ſ", and no token holding one lowercases to an ASCII word. So its regex
        is never compiled (one compile per new token seen was most of a batch's matcher cost).
        """
        keys = ["=" + word] if word in self._exact else []
        for n in self._stem_lengths:
            if n > len(word):
                break
            if word[:n] in self._stems:
                keys.append("*" + word[:n])
        if not keys:
            return None
        sub = self._sub.get(tuple(keys))
        if sub is None:
            rows = [r for k in keys
                    for r in (self._exact if k[0] == "=" else self._stems)[k[1:]]]
            most = max(len(_TOKEN.findall(r[self.key])) for r in rows)
            literal = keys[0][0] == "=" and len(keys) == 1 and word.isascii() \
                and all(r[self.key].lower().replace("’", "'") == word for r in rows)
            sub = self._sub[tuple(keys)] = (PhraseMatcher(rows, self.key), most, rows[0] if literal else None)
        return sub

    def _doc_candidates(self, doc: WordRuns) -> tuple[list[int], list[_Sub]]:
        """Indices of the document's candidate tokens and their small matchers."""
        last = self._last
        if last is not None and last[0] is doc.text:
            return last[1], last[2]
        memo = self._words
        # Most documents hold only words seen before: one look-up per word, all in C. A word
        # not seen before raises KeyError, which spares a second pass looking for a sentinel.
        try:
            found = list(map(memo.__getitem__, doc.words))
        except KeyError:
            if len(memo) >= config.LEXICON_WORD_MEMO_LIMIT:
                memo = self._words = {}  # a fresh dict: another thread may still read the old one
            long_words: dict[str, _Sub | None] = {}
            for word in set(doc.words).difference(memo):
                table = memo if len(word) <= config.LEXICON_WORD_MEMO_MAX_CHARS else long_words
                table[word] = self._candidate(word.lower())
            if long_words:
                long_words.update(memo)  # rare: look up in one dict holding both
                memo = long_words
            found = list(map(memo.__getitem__, doc.words))
        index = list(compress(range(len(found)), found))
        subs = list(filter(None, found))
        self._last = (doc.text, index, subs)
        return index, subs

    @property
    def rows(self) -> tuple[dict, ...]:
        """The lexicon rows."""
        return self._lex.rows

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """Yield the matcher's non-overlapping matches in ``text[start:end]``."""
        end = len(text) if end is None else end
        doc = word_runs(text)
        yield from self._matches(text, start, end, doc, self._doc_candidates(doc))

    def finditer_many(self, text: str, ranges: Iterable[tuple[int, int]]) -> list[list[Match]]:
        """Matches in each ``text[start:end]`` of ``ranges``, as :meth:`finditer` finds them.

        Equal to ``[list(self.finditer(text, a, b)) for a, b in ranges]``, at less cost per
        range: markers ask for every sentence of a document.
        """
        doc = word_runs(text)
        candidates = self._doc_candidates(doc)
        return [self._matches(text, a, b, doc, candidates) for a, b in ranges]

    def _matches(self, text: str, start: int, end: int, doc: WordRuns,
                 candidates: tuple[list[int], list[_Sub]]) -> list[Match]:
        """Matches in ``text[start:end]``, given the tokens and candidates of the whole ``text``."""
        if start < 0 or end > len(text):
            return list(self._scan(text, start, end))  # unusual bounds: the plain token scan
        starts, ends = doc.starts, doc.ends
        lo = bisect_right(ends, start)
        hi = bisect_left(starts, end, lo)
        if lo >= hi:
            return []
        if starts[lo] < start or ends[hi - 1] > end:
            # A bound splits a word: the range's own tokens differ from the document's there.
            return list(self._scan(text, start, end))
        index, subs = candidates
        first = bisect_left(index, lo)
        last = bisect_left(index, hi, first)
        out: list[Match] = []
        done = -1  # end offset of the last match: candidates starting before it are covered
        for k in range(first, last):
            i = index[k]
            a = starts[i]
            if a < done:
                continue
            sub, most, literal = subs[k]
            if literal is not None:  # the whole token is the match (see _candidate)
                done = ends[i]
                out.append(Match(a, done, text[a:done], literal))
                continue
            j = i + most - 1
            # Matching at ``a`` only is what the token scan accepts (a match starting at ``a``).
            m = sub._regex.match(text, a, ends[j if j < hi else hi - 1])
            if m is not None:
                done = m.end()
                out.append(Match(a, done, m.group(), sub._row_for(m.group())))
        return out

    def _scan(self, text: str, start: int, end: int) -> Iterator[Match]:
        """Token-by-token scan of ``text[start:end]`` (the definition :meth:`finditer` follows)."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
        i, n = 0, len(tokens)
        while i < n:
            a, b = tokens[i]
            sub = self._candidate(text[a:b].lower())
            if sub is not None:
                window_end = tokens[min(i + sub[1] - 1, n - 1)][1]
                m = next(sub[0].finditer(text, a, window_end), None)
                if m is not None and m.start == a:
                    yield m
                    while i < n and tokens[i][0] < m.end:
                        i += 1
                    continue
            i += 1


@cache
def matcher(name: str, key: str = "phrase") -> FastMatcher:
    """Return a cached matcher for the packaged lexicon ``name`` (a TSV file).

    Matches equal :class:`PhraseMatcher`'s; only candidate words run the regular expression.
    """
    return FastMatcher(PhraseMatcher(read_tsv(name), key))


def sentence_matches(name: str, text: str, sentences: Iterable[Sentence]) -> list[tuple[Sentence, list[Match]]]:
    """The sentences (boilerplate skipped) holding a cue of lexicon ``name``, with their matches.

    One :meth:`FastMatcher.finditer_many` call for the whole document: the matcher reads its
    words once. Sentences keep their order.
    """
    kept = [s for s in sentences if not s.boilerplate]
    found = matcher(name).finditer_many(text, [(s.start, s.end) for s in kept])
    return [(s, m) for s, m in zip(kept, found) if m]


def noisy_or(weights: Iterable[float]) -> float:
    """Combine independent cue weights: ``1 - prod(1 - w)``, saturating towards 1.

    Args:
        weights: Cue weights in 0..1.
    """
    keep = 1.0
    for w in weights:
        keep *= 1.0 - min(max(w, 0.0), 1.0)
    return 1.0 - keep


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Very frequent English function words (our ``english_function_words.tsv``), lowercase."""
    return frozenset(r["word"] for r in read_tsv("english_function_words.tsv"))
