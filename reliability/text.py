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

from reliability import config
from reliability.nltk_light import import_light
from reliability.records import Quote, Sentence, Span
from reliability.resources import read_json, read_tsv

_punkt = import_light("nltk.tokenize.punkt")  # not `import nltk`: see nltk_light
PunktParameters = _punkt.PunktParameters
PunktSentenceTokenizer = _punkt.PunktSentenceTokenizer
PunktTrainer = _punkt.PunktTrainer

PUNKT_RESOURCE = "punkt_en.json"

# A line is a paragraph; blank lines are just spacing. \r alone counts (old Mac files).
_LINE = re.compile(r"[^\r\n]+")
# Words: letters/digits with inner hyphens, apostrophes or decimal points ("U.S.-Ukrainian", "3.5").
# A plain compiled pattern, not nltk's RegexpTokenizer: its per-match wrapper tripled the cost of
# the whole text layer, and the pattern is the same either way.
_WORDS = re.compile(r"\w+(?:[-'’.,]\w+)*")
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
    return PunktSentenceTokenizer(params)


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


def split_sentences(text: str) -> tuple[tuple[Sentence, ...], tuple[tuple[int, int], ...]]:
    """Split ``text`` into sentences and paragraphs.

    Returns:
        ``(sentences, paragraphs)``; offsets index ``text`` as given, sentences carry no
        surrounding whitespace.
    """
    tok = punkt_tokenizer()
    sentences: list[Sentence] = []
    paragraphs: list[tuple[int, int]] = []
    boiler = _boilerplate()
    for m in _LINE.finditer(text):
        line = m.group()
        if not line.strip():
            continue
        p_index = len(paragraphs)
        paragraphs.append((m.start(), m.end()))
        is_boiler = bool(boiler.fullmatch(line.strip()))
        heading = not is_boiler and _is_heading(line)
        spans = [(0, len(line))] if (is_boiler or heading) else tok.span_tokenize(line)
        for a, b in spans:
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
    quotes.
    """
    quotes: list[Quote] = []
    for p_start, p_end in paragraphs:
        open_double: int | None = None
        open_single: int | None = None
        found: list[Quote] = []
        # Visit only the quote characters: a paragraph of prose has a handful.
        for m in _QUOTE_CHARS.finditer(text, p_start, p_end):
            i, ch = m.start(), m.group()
            if ch in _OPEN_DOUBLE or (ch == '"' and open_double is None):
                if open_double is None:
                    open_double = i
            elif ch in _CLOSE_DOUBLE or ch == '"':
                start = open_double if open_double is not None else p_start
                inner = start + 1 if open_double is not None else start
                found.append(Quote(start, i + 1, inner, i))
                open_double = None
            elif ch in _OPEN_SINGLE or (ch == "'" and (i == p_start or not text[i - 1].isalnum())
                                        and i + 1 < p_end and text[i + 1].isalnum()):
                if open_single is None:
                    open_single = i
            elif (ch in _CLOSE_SINGLE or ch == "'") and not _is_apostrophe(text, i):
                if open_single is not None:
                    found.append(Quote(open_single, i + 1, open_single + 1, i))
                    open_single = None
        for pending in (open_double, open_single):
            if pending is not None and pending + 1 < p_end:
                found.append(Quote(pending, p_end, pending + 1, p_end))
        quotes.extend(sorted(found, key=lambda q: (q.start, -q.end)))
    # Sorted by inner start (then outermost first), the order Doc.in_quote bisects on.
    return tuple(sorted((q for q in quotes if q.inner_end > q.inner_start),
                        key=lambda q: (q.inner_start, -q.inner_end)))


def parse(text: str) -> Doc:
    """Split ``text`` into a :class:`Doc`.

    Args:
        text: Any string; offsets in the result index it exactly.
    """
    sentences, paragraphs = split_sentences(text)
    return Doc(text, sentences, find_quotes(text, paragraphs), paragraphs, tuple(word_spans(text)))
