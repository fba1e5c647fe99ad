"""Text layer: paragraphs, sentences, words and quotations, with offsets into the text as given.

Sentences come from nltk's Punkt with parameters we trained on news text and ship inside the
package (``resources/punkt_en.json``, rebuilt by ``scripts/train_punkt.py``), so nothing is ever
downloaded. Line breaks are hard boundaries: in news copy a line is a paragraph, a headline or
page furniture, and never half a sentence we could repair.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from operator import not_

from reliability import config
from reliability.nltk_light import import_light
from reliability.records import Quote, Sentence, Span
from reliability.resources import read_json, read_tsv

_punkt = import_light("nltk.tokenize.punkt")  # not `import nltk`: see nltk_light
PunktParameters = _punkt.PunktParameters
PunktSentenceTokenizer = _punkt.PunktSentenceTokenizer
PunktTrainer = _punkt.PunktTrainer
PunktLanguageVars = _punkt.PunktLanguageVars
PunktToken = _punkt.PunktToken

PUNKT_RESOURCE = "punkt_en.json"

# Thresholds (PUNKT_MAX_CANDIDATES, MAX_SENTENCES) live in reliability/config.py.

# A line is a paragraph; blank lines are just spacing. \r alone counts (old Mac files).
_LINE = re.compile(r"[^\r\n]+")
# Words: letters/digits with inner hyphens, apostrophes or decimal points ("U.S.-Ukrainian", "3.5").
# A plain compiled pattern, not nltk's RegexpTokenizer: its per-match wrapper tripled the cost of
# the whole text layer, and the pattern is the same either way.
_WORDS = re.compile(r"\w+(?:[-'’.,]\w+)*")
# Runs of word characters with the gaps between them: one C-level pass gives words and, by summing
# part lengths, their offsets (several times cheaper than a match object per word).
_RUNS = re.compile(r"(\w+)")
# The characters _WORDS lets inside a word, as the one-character gaps that join two runs.
_JOINERS = frozenset("-'’.,")
#: Characters re.IGNORECASE matches to an ASCII word character although str.lower() gives another
#: text ("ı" matches "i", "ſ" matches "s"): code that finds a case-insensitive pattern by comparing
#: lowercased words falls back to the regex where a text holds one (attribution's channel check,
#: term_spans). tests/test_sentence_model.py and tests/test_attribution.py re-derive them.
ODD_FOLDS = "\u0130\u0131\u017f"
_QUOTE_CHARS = re.compile("[\"“”„«»‘’‚']")
_FINAL_PUNCT = frozenset(".!?:;…")
_CLOSERS = "\"”’'»)]"


@dataclass(frozen=True, slots=True)
class Doc:
    """A document split into sentences, words and quotations.

    Attributes:
        text: The text exactly as given.
        sentences: Sentences in order.
        quotes: Quotations in order (they may span sentences, never paragraphs).
        paragraphs: ``(start, end)`` of every non-blank line.
        tokens: ``(start, end)`` of every word, tokenised once for all stages.
    """

    text: str
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    paragraphs: tuple[tuple[int, int], ...]
    tokens: tuple[tuple[int, int], ...] = ()

    def sentence_text(self, i: int) -> str:
        """Return the text of sentence ``i``."""
        s = self.sentences[i]
        return self.text[s.start : s.end]

    def words(self, i: int) -> list[Span]:
        """Return the words of sentence ``i`` as spans into the document."""
        s = self.sentences[i]
        # Bisect both ends: slicing to the end of the document would copy it on every call.
        lo = bisect_left(self.tokens, (s.start, -1))
        hi = bisect_left(self.tokens, (s.end, -1), lo)
        return [Span(a, min(b, s.end), self.text[a:min(b, s.end)]) for a, b in self.tokens[lo:hi]]

    def sentence_at(self, offset: int) -> int | None:
        """Return the index of the sentence holding ``offset``, or None."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    def in_quote(self, start: int, end: int) -> Quote | None:
        """Return the innermost quotation whose inner text holds ``text[start:end]``, or None.

        Quotes are sorted by start, so a bisection finds the candidates; only the last
        ``config.MAX_QUOTE_NESTING`` quotes opening before ``start`` can hold it, which keeps every
        lookup logarithmic even in quote-heavy text.
        """
        i = bisect_right(self.quotes, start, key=lambda q: q.inner_start) - 1
        best: Quote | None = None
        for j in range(i, max(-1, i - config.MAX_QUOTE_NESTING), -1):
            q = self.quotes[j]
            if q.inner_start <= start and end <= q.inner_end and (
                    best is None or q.inner_end - q.inner_start < best.inner_end - best.inner_start):
                best = q
        return best

    @property
    def n_words(self) -> int:
        """Number of words in the whole text."""
        return len(self.tokens)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every word in ``text`` (the tokeniser :class:`Doc` uses)."""
    return [m.span() for m in _WORDS.finditer(text)]


@dataclass(frozen=True, slots=True)
class WordRuns:
    """The ``\\w+`` runs of one whole text: start and end offsets, the runs themselves and the
    gaps between consecutive runs (``gaps[i]`` lies between run ``i`` and run ``i + 1``)."""

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]
    gaps: list[str]


# The last text split into runs. Parsing, the attribution finder and every lexicon matcher read
# the runs of the same document, so it is split once, not per stage. One entry holding the text
# itself: identity (``is``) can then never be fooled by a reused id.
_last_runs: WordRuns | None = None


def word_runs(text: str) -> WordRuns:
    """The ``\\w+`` runs of ``text`` (the last text's are remembered)."""
    global _last_runs
    last = _last_runs  # read once: another thread may replace it meanwhile
    if last is not None and last.text is text:
        return last
    parts = _RUNS.split(text)  # gap, run, gap, run, ..., gap
    offsets = list(accumulate(map(len, parts)))
    last = WordRuns(text, offsets[0:-1:2], offsets[1::2], parts[1::2], parts[2:-1:2])
    _last_runs = last
    return last


def _word_tokens(text: str) -> tuple[tuple[int, int], ...]:
    """``word_spans(text)`` as a tuple, built from :func:`word_runs` at C speed.

    A ``_WORDS`` match is a maximal chain of runs joined by single joiner characters, so a word
    starts at every run not joined to the one before and ends at every run not joined to the next.
    """
    runs = word_runs(text)
    if not runs.starts:
        return ()
    breaks = list(map(not_, map(_JOINERS.__contains__, runs.gaps)))
    starts = compress(runs.starts, [True, *breaks])
    ends = compress(runs.ends, [*breaks, True])
    return tuple(zip(starts, ends))


def _plain(pattern: object, flags: int = 0) -> re.Pattern[str]:
    """Recompile one of Punkt's own patterns (plain or wrapped by ``nltk.redos``) with ``re``."""
    return re.compile(getattr(pattern, "pattern", pattern), flags)


class _LanguageVars(PunktLanguageVars):
    """Punkt's English settings, with its fixed patterns compiled by :mod:`re`.

    Recent nltk runs every Punkt pattern under ``nltk.redos``: the ``regex`` engine plus a 5 s
    wall clock that also counts the time Punkt spends between lazy ``finditer`` matches. On a
    line with some 30,000 candidate full stops (or a busy machine) that clock runs out and
    sentence splitting fails with ``TimeoutError``; the wrapper also costs a few microseconds on
    every token. These patterns are Punkt's own, not caller-supplied, and linear (no nested
    quantifiers), so the backstop buys nothing here; the patterns and flags are unchanged.
    """

    re_boundary_realignment = _plain(PunktLanguageVars.re_boundary_realignment, re.MULTILINE)

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        try:
            return self.__dict__["_plain_words"]
        except KeyError:
            pattern = self._word_tokenize_fmt % {"NonWord": self._re_non_word_chars,
                                                 "MultiChar": self._re_multi_char_punct,
                                                 "WordStart": self._re_word_start}
            return self.__dict__.setdefault("_plain_words", re.compile(pattern, re.VERBOSE))

    def period_context_re(self) -> re.Pattern[str]:
        try:
            return self.__dict__["_plain_period"]
        except KeyError:
            pattern = self._period_context_fmt % {"NonWord": self._re_non_word_chars,
                                                  "SentEndChars": self._re_sent_end_chars}
            return self.__dict__.setdefault("_plain_period", re.compile(pattern, re.VERBOSE))


_NON_PUNCT = _plain(getattr(_punkt, "_re_non_punct", r"[^\W\d]"))


class _Token(PunktToken):
    """A Punkt token whose shape tests use :mod:`re` (see :class:`_LanguageVars` for why)."""

    __slots__ = ()
    _RE_ELLIPSIS = _plain(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _plain(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _plain(PunktToken._RE_INITIAL)
    _RE_ALPHA = _plain(PunktToken._RE_ALPHA)

    @property
    def is_non_punct(self) -> re.Match[str] | None:
        """True if the token is either a number or is alphabetic."""
        return _NON_PUNCT.search(self.type)


@lru_cache(maxsize=1)
def punkt_tokenizer() -> PunktSentenceTokenizer:
    """Return the Punkt tokenizer built from the shipped parameters (cached)."""
    data = read_json(PUNKT_RESOURCE)
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"]) | {r["abbreviation"].lower().rstrip(".")
                                                       for r in read_tsv("abbreviations.tsv")}
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    for word, flags in data["ortho_context"].items():
        params.ortho_context[word] = flags
    return PunktSentenceTokenizer(params, lang_vars=_LanguageVars(), token_cls=_Token)


def train_punkt(texts: Iterable[str]) -> dict:
    """Learn Punkt parameters from raw news text.

    Args:
        texts: Article texts (any number; they are streamed into the trainer).

    Returns:
        A JSON-ready dict with ``abbrev_types``, ``collocations``, ``sent_starters`` and
        ``ortho_context``, the form :func:`punkt_tokenizer` reads.
    """
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    for text in texts:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    p = trainer.get_params()
    # Keep only orthographic facts about words seen more than once: singletons add size, not skill.
    freq = trainer._type_fdist  # noqa: SLF001  (Punkt keeps its counts here; no public accessor)
    ortho = {w: f for w, f in p.ortho_context.items() if freq[w] + freq[w + "."] > 1}
    return {
        "abbrev_types": sorted(p.abbrev_types),
        "collocations": sorted(list(c) for c in p.collocations),
        "sent_starters": sorted(p.sent_starters),
        "ortho_context": dict(sorted(ortho.items())),
    }


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    rows = read_tsv("boilerplate.tsv")
    return re.compile("|".join(f"(?:{r['pattern']})" for r in rows), re.IGNORECASE)


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation reads as a headline or subhead."""
    stripped = line.strip()
    # Look through closing quotes and brackets: 'The Proposed “Mega Deal”' is a subhead,
    # 'it is “the best.”' is a sentence.
    core = stripped.rstrip(_CLOSERS)
    return bool(core) and core[-1] not in _FINAL_PUNCT and len(stripped.split()) <= 20


def _candidates(line: str) -> int:
    """Upper bound on the sentence ends Punkt will examine in ``line`` (counted at C speed)."""
    return line.count(".") + line.count("?") + line.count("!")


def split_sentences(text: str, max_sentences: int | None = None
                    ) -> tuple[tuple[Sentence, ...], tuple[tuple[int, int], ...]]:
    """Split ``text`` into sentences and paragraphs.

    Args:
        text: Any string.
        max_sentences: Stop once this many sentences and one more are found (None: no limit);
            :func:`parse` uses the extra one to know where to cut.

    Returns:
        ``(sentences, paragraphs)``; offsets index ``text`` as given, sentences carry no
        surrounding whitespace.
    """
    tok = punkt_tokenizer()
    sentences: list[Sentence] = []
    paragraphs: list[tuple[int, int]] = []
    boiler = _boilerplate()
    budget = config.PUNKT_MAX_CANDIDATES
    stop = max_sentences + 1 if max_sentences is not None else None
    for m in _LINE.finditer(text):
        if stop is not None and len(sentences) >= stop:
            break
        line = m.group()
        if not line.strip():
            continue
        p_index = len(paragraphs)
        paragraphs.append((m.start(), m.end()))
        is_boiler = bool(boiler.fullmatch(line.strip()))
        heading = not is_boiler and _is_heading(line)
        whole = is_boiler or heading
        if not whole:
            # Past the budget a line is one sentence: Punkt's cost is per candidate, not per
            # character, and no prose gets near it (see PUNKT_MAX_CANDIDATES).
            n = _candidates(line)
            whole = n > budget
            budget -= 0 if whole else n
        spans = [(0, len(line))] if whole else tok.span_tokenize(line)
        for a, b in spans:
            if stop is not None and len(sentences) >= stop:
                break
            # Trim whitespace (including zero-width and no-break spaces) at both ends.
            while a < b and (line[a].isspace() or line[a] in "\u200b\u200c\u200d\ufeff"):
                a += 1
            while b > a and (line[b - 1].isspace() or line[b - 1] in "\u200b\u200c\u200d\ufeff"):
                b -= 1
            if a < b:
                sentences.append(Sentence(len(sentences), m.start() + a, m.start() + b,
                                          p_index, heading, is_boiler))
    return tuple(sentences), tuple(paragraphs)


_OPEN_DOUBLE, _CLOSE_DOUBLE = "“„«", "”»"
_OPEN_SINGLE, _CLOSE_SINGLE = "‘‚", "’"


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ or ' between two word characters is an apostrophe ("Ukraine’s", "don't")."""
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def find_quotes(text: str, paragraphs: Iterable[tuple[int, int]]) -> tuple[Quote, ...]:
    """Find quotations within each paragraph, with straight and curly marks.

    Double and single quotes are tracked separately, so a single quote inside a double one is
    fine. A closing mark with no opening one (the quote opened in an earlier paragraph, or the
    opening mark was lost) makes a quote from the start of its paragraph; an opening mark never
    closed ends its quote at the end of the paragraph, as news style does for multi-paragraph
    quotes. Empty quotations are dropped.
    """
    # Plain tuples ordered as the result is sorted (inner start, outermost first, then start):
    # in a paragraph of a million marks, building and sorting records would dominate parsing.
    found: list[tuple[int, int, int, int]] = []
    add = found.append
    for p_start, p_end in paragraphs:
        open_double: int | None = None
        open_single: int | None = None
        # Visit only the quote characters: a paragraph of prose has a handful.
        for m in _QUOTE_CHARS.finditer(text, p_start, p_end):
            i, ch = m.start(), m.group()
            if ch in _OPEN_DOUBLE or (ch == '"' and open_double is None):
                if open_double is None:
                    open_double = i
            elif ch in _CLOSE_DOUBLE or ch == '"':
                if open_double is None:
                    if i > p_start:  # opening mark lost: the quote runs from the paragraph start
                        add((p_start, -i, p_start, -(i + 1)))
                elif i > open_double + 1:
                    add((open_double + 1, -i, open_double, -(i + 1)))
                open_double = None
            elif ch in _OPEN_SINGLE or (ch == "'" and (i == p_start or not text[i - 1].isalnum())
                                        and i + 1 < p_end and text[i + 1].isalnum()):
                if open_single is None:
                    open_single = i
            elif (ch in _CLOSE_SINGLE or ch == "'") and not _is_apostrophe(text, i):
                if open_single is not None:
                    if i > open_single + 1:
                        add((open_single + 1, -i, open_single, -(i + 1)))
                    open_single = None
        for pending in (open_double, open_single):
            if pending is not None and pending + 1 < p_end:
                add((pending + 1, -p_end, pending, -p_end))
    found.sort()
    return tuple(Quote(start, -neg_end, inner, -neg_inner) for inner, neg_inner, start, neg_end in found)


def parse(text: str, max_sentences: int | None = None) -> Doc:
    """Split ``text`` into a :class:`Doc`.

    Args:
        text: Any string; offsets in the result index it exactly.
        max_sentences: Keep at most this many sentences (None: all; the scorer passes
            :data:`reliability.config.MAX_SENTENCES`). A longer text is cut where the next sentence begins, so
            ``len(doc.text) < len(text)`` tells the caller to warn that it was truncated.
    """
    sentences, paragraphs = split_sentences(text, max_sentences)
    if max_sentences is not None and len(sentences) > max_sentences:
        cut = sentences[max_sentences].start
        text, sentences = text[:cut], sentences[:max_sentences]
        paragraphs = tuple((a, min(b, cut)) for a, b in paragraphs if a < cut)
    return Doc(text, sentences, find_quotes(text, paragraphs), paragraphs, _word_tokens(text))
