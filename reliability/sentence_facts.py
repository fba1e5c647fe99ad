"""Per-sentence facts shared by the internal-contradictions marker and cross-source corroboration.

:func:`sentence_features` reads one sentence's content-word stems, quantities (numbers, dates,
times: :mod:`reliability.quantities`), negations and outcome words, for one sentence
(:func:`many_sentence_features` for many sentences of an article, reading its words once). Two
sentences' facts are compared in :mod:`reliability.fact_pairs`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, pairwise, repeat
from operator import itemgetter

from reliability.quantities import (
    UNIT_STEMS,
    Quantity,
    Word,
    find_quantities,
    may_hold_quantity,
    number,
    stem,
)
from reliability.quantities import lexicon as quantity_lexicon
from reliability.resources import read_tsv
from reliability.text import Doc, word_spans

_NOT_NEGATION = frozenset({"only", "just", "merely", "least", "to"})  # "not only", "not to mention"
#: Characters that end a clause: a negation, preposition or modifier does not reach across them.
CLAUSE_END = frozenset(",;:.!?()—–")
_CLOSERS = "\"”’'»)] "
_SKIP_TO_PREDICATE = frozenset({"be", "been", "being", "a", "an", "the", "any", "even", "yet", "ever",
                                "always", "really", "actually", "necessarily", "so", "too", "very"})
# Anchors that say what unit, not what thing, is counted: "24.2%" and "3.3%" are rarely one fact.
WEAK_ANCHORS = frozenset({"<bare>", "percent", "<cur$>", "<cur€>", "<cur£>"} | UNIT_STEMS)
# Embedded tweets and link lines repeat a template with different dates; they state nothing.
EMBED = re.compile(r"https?://|www\.|pic\.twitter\.com|(?<!\w)@\w")


def embedded(text: str) -> bool:
    """``EMBED.search(text)``, answered without the regex for text holding none of its literals.

    Every match holds "://", "www." or "@" ("pic.twitter.com" aside), and substring tests run
    at C speed while the alternation is tried at every offset: most sentences hold none.
    """
    if "://" in text or "www." in text or "@" in text or "pic.twitter.com" in text:
        return EMBED.search(text) is not None
    return False
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


@lru_cache(maxsize=1)
def lexicons() -> dict:
    """Load every contradiction lexicon once (the quantity tables included).

    Returns:
        A cached dict: ``stop``, ``neg``, ``aux`` (frozensets), ``opp`` (outcome word -> its
        opposites), the quantity tables of :mod:`reliability.quantities`, ``setting`` and ``anaphor``.
    """
    opposites: dict[str, set[str]] = defaultdict(set)
    for r in read_tsv("contradiction_antonyms.tsv"):
        opposites[r["a"]].add(r["b"])
        opposites[r["b"]].add(r["a"])
    qty = quantity_lexicon()
    settings = read_tsv("contradiction_settings.tsv")
    return {
        "stop": qty["stop"],
        "neg": frozenset(r["phrase"] for r in read_tsv("contradiction_negations.tsv")),
        "aux": frozenset(r["phrase"] for r in read_tsv("contradiction_auxiliaries.tsv")),
        "opp": {k: frozenset(v) for k, v in opposites.items()},
        **{kind: table for kind, table in qty.items() if kind != "stop"},
        **{role: frozenset(r["word"] for r in settings if r["role"] == role)
           for role in ("setting", "anaphor")},
    }


# Fields of a word's class tuple, read with C-level getters over whole sentences.
_LOW, _STEM, _MAYBE_QTY, _IN_CONTEXT, _IS_CONTENT = (itemgetter(k) for k in (0, 3, 4, 5, 6))
_FIRST = itemgetter(0)


@dataclass(slots=True)
class SentenceFeatures:
    """What the conflict tests read from one sentence (built by :func:`sentence_features`).

    ``words`` (the sentence's words) and ``spans`` (content stem -> its first word) are built on
    first use from the word offsets, texts and classes kept here: most sentences are compared
    by their content stems alone, and building a tuple per word was most of the cost.
    """

    index: int
    text: str
    content: frozenset[str]
    qtys: list[Quantity] = field(default_factory=list)
    negated: dict[str, Word] = field(default_factory=dict)  # predicate stem -> negation cue
    antonyms: dict[str, Word] = field(default_factory=dict)  # lowercased outcome word -> span
    # (negation, word before, word after) with contractions opened: "won't be" -> ("will", "be")
    contexts: list[tuple[Word, str, str]] = field(default_factory=list)
    n_neg: int = 0
    _lows: list[str] | None = None
    _bigrams: dict[tuple[str, str], Word] | None = None
    _words: list[Word] | None = None
    _spans: dict[str, Word] | None = None
    _starts: tuple[int, ...] = ()
    _ends: tuple[int, ...] = ()
    _texts: list[str] = field(default_factory=list)
    _classes: list[tuple] = field(default_factory=list)  # per word, from _classify

    @property
    def lows(self) -> list[str]:
        """The words lowercased, ’ read as ' (built on first use: only sentences with a negation,
        a candidate pair or a setting read them, and a list per sentence was a step per word)."""
        if self._lows is None:
            self._lows = list(map(_LOW, self._classes))
        return self._lows

    def first_lows(self, n: int) -> list[str]:
        """``lows[:n]``, without building the whole list (every sentence is asked for its opening)."""
        return self._lows[:n] if self._lows is not None else list(map(_LOW, self._classes[:n]))

    @property
    def words(self) -> list[Word]:
        """The sentence's words in order, with document offsets (built on first use)."""
        if self._words is None:
            self._words = list(map(tuple.__new__, repeat(Word), zip(self._starts, self._ends, self._texts)))
        return self._words

    @property
    def spans(self) -> dict[str, Word]:
        """Content stem -> its first word, stems in order of first use (built on first use)."""
        if self._spans is None:
            classes = self._classes
            pairs = list(compress(zip(map(_STEM, classes), self.words), map(_IS_CONTENT, classes)))
            # ``update`` from the end leaves the first word on every key; ``fromkeys`` fixed the order.
            self._spans = dict.fromkeys(map(_FIRST, pairs))
            self._spans.update(reversed(pairs))
        return self._spans

    @property
    def bigrams(self) -> dict[tuple[str, str], Word]:
        """Adjacent lowercased words -> span of the second (built on first use: few pairs need it)."""
        if self._bigrams is None:
            # "didn't find" stays negated: no opening here. Each bigram keeps its first span
            # (``update`` from the end) in order of first use (``fromkeys``).
            lows = self.lows
            pairs = list(zip(pairwise(lows), self.words[1:]))
            self._bigrams = dict.fromkeys(map(_FIRST, pairs))
            self._bigrams.update(reversed(pairs))
        return self._bigrams

    def bigram(self, pre: str, nxt: str) -> Word | None:
        """``bigrams.get((pre, nxt))`` without building the dict: a sentence pair asks for one
        or two bigrams, and building every sentence's dict cost more than finding those."""
        if self._bigrams is not None:
            return self._bigrams.get((pre, nxt))
        lows = self.lows
        k = -1
        while True:
            try:
                k = lows.index(pre, k + 1)  # the first "pre nxt" is the span bigrams keeps
            except ValueError:
                return None
            if k + 1 < len(lows) and lows[k + 1] == nxt:
                return Word(self._starts[k + 1], self._ends[k + 1], self._texts[k + 1])


def _base(low: str) -> str:
    """The auxiliary inside a contraction: "didn't" -> "did", "won't" -> "will"."""
    if low.endswith(("n't", "n’t")):
        aux = low[:-3]
        return {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}.get(aux, aux)
    return low


def _is_negation(low: str, lex: dict) -> bool:
    return low in lex["neg"] or low.endswith(("n't", "n’t"))


def _not_a_negation(starts: tuple[int, ...], ends: tuple[int, ...], lows: list[str], k: int,
                    text: str) -> bool:
    """'not only', 'whether or not', 'No, ...': negation words that negate no clause.

    Word ``k`` of a sentence given as word offsets and lowercased texts (’ read as ': every word
    compared here is apostrophe-free, so that reading changes no answer).
    """
    if k + 1 >= len(lows) or lows[k + 1] in _NOT_NEGATION:
        return True
    if lows[k] == "no" and lows[k + 1] in ("doubt", "matter", "less"):
        return True  # "no doubt", "no matter", "no less" affirm
    if any(c in CLAUSE_END for c in text[ends[k]:starts[k + 1]]):
        return True
    return k > 0 and lows[k - 1] == "or"


_NEGATION, _SKIP, _CONTENT = "negation", "skip", "content"
# Per lexicon dict (by id, holding the dict so the id stays its own): word text -> its class.
_WORD_TABLES: dict[int, tuple[dict, dict[str, tuple]]] = {}
_WORD_TABLE_MAX = 200_000  # distinct words kept per lexicon before starting afresh (memory bound)


def _word_table(lex: dict) -> dict[str, tuple]:
    entry = _WORD_TABLES.get(id(lex))
    if entry is None or entry[0] is not lex:
        entry = _WORD_TABLES[id(lex)] = (lex, {})
    if len(entry[1]) > _WORD_TABLE_MAX:
        entry[1].clear()
    return entry[1]


def _classify(text: str, lex: dict, table: dict) -> tuple[str, str, bool, str | None, bool, bool, bool]:
    """What :func:`sentence_features` reads from one word alone, remembered per word text.

    ``(lowercased word, class, is an outcome word, content stem or None, may hold a quantity,
    is read in context, is a content word)``. Everything decided about a word on its own (not
    from its neighbours) depends on its text alone, and articles repeat their words: deciding
    each distinct word once saves most of the per-word work. "May hold a quantity" is
    :func:`may_hold_quantity` of the word alone: every match of that pre-check lies inside one
    word and starts a run of word characters, so a sentence holds a match exactly when one of
    its words does, and the regex runs once per distinct word instead of once per sentence.
    Only negations and outcome words are read in context.
    """
    low = text.lower().replace("’", "'")
    opp = low in lex["opp"]
    maybe = may_hold_quantity(text)
    if low in lex["neg"] or low.endswith("n't"):
        out = (low, _NEGATION, opp, None, maybe, True, False)
    elif low in lex["stop"] or number(text) is not None or not any(map(str.isalpha, low)):
        out = (low, _SKIP, opp, None, maybe, opp, False)
    else:
        out = (low, _CONTENT, opp, stem(low), maybe, opp, True)
    table[text] = out
    return out


def _token_range(toks: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Index range of the document tokens inside ``[start, end)``, or None when there are no
    tokens or one crosses either edge (the sentence must then be tokenised on its own)."""
    if not toks:
        return None
    lo = bisect_left(toks, (start, -1))
    hi = bisect_left(toks, (end, -1), lo)
    if (lo == 0 or toks[lo - 1][1] <= start) and (hi == lo or toks[hi - 1][1] <= end):
        return lo, hi
    return None


def _sentence_words(doc: Doc, i: int, text: str) -> tuple[tuple[int, ...], tuple[int, ...], list[str]]:
    """Start offsets, end offsets (into the document) and texts of the words of sentence ``i`` (``text``).

    The document's own tokens (``word_spans`` of the whole text, as :func:`reliability.text.parse`
    stores them) are the sentence's tokens whenever no token crosses a sentence edge: the
    tokenizer starts a word at the first word character after the last and needs nothing past
    a word's end. Otherwise (a word running across the edge, or a Doc without tokens) the
    sentence text is tokenised afresh, as it always was.
    """
    s, toks = doc.sentences[i], doc.tokens
    span = _token_range(toks, s.start, s.end)
    if span is not None:
        lo, hi = span
        if hi == lo:
            return (), (), []
        # map/zip over the token offsets: no Python-level step per word.
        starts, ends = zip(*toks[lo:hi])
        return starts, ends, list(map(doc.text.__getitem__, map(slice, starts, ends)))
    spans = word_spans(text)
    st = s.start
    return (tuple(st + x for x, _ in spans), tuple(st + y for _, y in spans), [text[x:y] for x, y in spans])


def sentence_features(doc: Doc, i: int, lex: dict | None = None) -> SentenceFeatures:
    """Content-word stems, quantities, negations and outcome words of sentence ``i`` of ``doc``.

    Args:
        doc: The parsed article.
        i: Sentence index.
        lex: :func:`lexicons` (loaded when None).
    """
    if lex is None:
        lex = lexicons()
    text = doc.sentence_text(i)
    starts, ends, texts = _sentence_words(doc, i, text)
    return _features(doc, i, text, lex, starts, ends, texts, _classes(texts, lex))


def many_sentence_features(doc: Doc, indices: Iterable[int], lex: dict | None = None) -> dict[int, SentenceFeatures]:
    """:func:`sentence_features` of each sentence in ``indices``, from one pass over the document's words.

    The words' texts and classes are read for the whole document at once and sliced per
    sentence (the same words :func:`sentence_features` reads when no word crosses a sentence
    edge; a sentence where one does is read on its own, as there).

    Args:
        doc: The parsed article.
        indices: Sentence indices.
        lex: :func:`lexicons` (loaded when None).

    Returns:
        Sentence index -> its features, in the order of ``indices``.
    """
    if lex is None:
        lex = lexicons()
    if not doc.tokens:
        return {i: sentence_features(doc, i, lex) for i in indices}
    starts, ends, texts = word_texts(doc)
    classes = _classes(texts, lex)
    out = {}
    for i in indices:
        s = doc.sentences[i]
        # _token_range, bisecting the start offsets: ints compare faster than (start, end) tuples,
        # and a token starts at or after ``start`` exactly when it sorts at or after (start, -1).
        lo = bisect_left(starts, s.start)
        hi = bisect_left(starts, s.end, lo)
        if (lo == 0 or ends[lo - 1] <= s.start) and (hi == lo or ends[hi - 1] <= s.end):
            out[i] = _features(doc, i, doc.text[s.start:s.end], lex, starts[lo:hi], ends[lo:hi],
                               texts[lo:hi], classes[lo:hi])
        else:
            out[i] = sentence_features(doc, i, lex)
    return out


# The last document's words (see word_texts). One entry holding the Doc itself: identity (``is``)
# can then never be fooled by a reused id.
_last_words: tuple[Doc, tuple[int, ...], tuple[int, ...], list[str]] | None = None


def word_texts(doc: Doc) -> tuple[tuple[int, ...], tuple[int, ...], list[str]]:
    """Start offsets, end offsets and texts of every word in ``doc.tokens`` (the last document's
    are remembered: the contradiction marker and the scorer's language check read the same words).

    The result is shared: callers must not change the list.
    """
    global _last_words
    last = _last_words  # read once: another thread may replace it meanwhile
    if last is not None and last[0] is doc:
        return last[1], last[2], last[3]
    if not doc.tokens:
        return (), (), []
    # map/zip over the token offsets: no Python-level step per word.
    starts, ends = zip(*doc.tokens)
    texts = list(map(doc.text.__getitem__, map(slice, starts, ends)))
    _last_words = (doc, starts, ends, texts)
    return starts, ends, texts


def _classes(texts: list[str], lex: dict) -> list[tuple]:
    """:func:`_classify` of every word text, from the table where seen before."""
    table = _word_table(lex)
    classes = list(map(table.get, texts))
    if not all(classes):  # words not seen before (a class is a non-empty tuple: no == per word)
        classes = [c or _classify(t, lex, table) for c, t in zip(classes, texts)]
    return classes


def _features(doc: Doc, i: int, text: str, lex: dict, starts: tuple[int, ...], ends: tuple[int, ...],
              texts: list[str], classes: list[tuple]) -> SentenceFeatures:
    """Sentence ``i``'s features from its text and its words' offsets, texts and classes."""
    f = SentenceFeatures(i, text, frozenset())
    f._starts, f._ends, f._texts, f._classes = starts, ends, texts, classes
    # A question negates nothing ("Why not extend it?"): it asks.
    question = text.rstrip(_CLOSERS).endswith("?")
    f.content = frozenset(compress(map(_STEM, classes), map(_IS_CONTENT, classes)))
    # Then, in order, the few words that are negations or outcome words.
    context = list(compress(range(len(classes)), map(_IN_CONTEXT, classes)))
    # Only the few words around a negation are read here: each is built on its own rather than
    # the whole sentence's word list (built on first use by ``words`` when something needs it).
    for k in context:
        low, kind = classes[k][:2]
        w = Word(starts[k], ends[k], texts[k])
        if kind is not _NEGATION:
            f.antonyms.setdefault(low, w)  # an outcome word
            continue
        if question:
            continue
        lows = f.lows
        if _not_a_negation(starts, ends, lows, k, doc.text):
            continue
        f.n_neg += 1
        before = _base(lows[k]) if lows[k].endswith("n't") else (lows[k - 1] if k else "")
        f.contexts.append((w, before, lows[k + 1]))
        prev = w
        # The predicate: the next word past auxiliaries and articles.
        for m in range(k + 1, min(k + 5, len(texts))):
            x = Word(starts[m], ends[m], texts[m])
            if any(c in CLAUSE_END for c in doc.text[prev.end:x.start]):
                break
            prev, xl = x, x.text.lower()
            if xl in lex["aux"] or xl in _SKIP_TO_PREDICATE or _is_negation(xl, lex):
                continue
            if xl not in lex["stop"]:  # "won't say": "say" is no fact we can compare
                f.negated.setdefault(stem(xl), w)
            break
    if any(map(_MAYBE_QTY, classes)):  # most sentences hold no number, date or time
        f.qtys = find_quantities(f.words, doc.text)
    return f
