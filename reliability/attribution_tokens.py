"""The attribution finder's tokens: words and single punctuation marks, with their offsets.

:func:`tokens` splits a sentence into :class:`Tok` tuples (the finder needs the punctuation, which
:attr:`reliability.text.Doc.tokens` leaves out, and keeps "U.S." whole); :func:`token_words`
gives just their texts, lowercase forms and offsets as parallel lists (:class:`Words`), which is
all lexicon matching needs, so sentences without a cue never build :class:`Tok` objects.
:func:`offsets` turns a token range back into character offsets.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from operator import itemgetter
from typing import NamedTuple

# Words: "U.S." whole, letters/digits with inner hyphens/apostrophes/dots, or one punctuation mark.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[-'’.&]\w+)*|[^\w\s]")
# The same tokens with the text between them (whitespace). The pattern looks neither behind nor at
# anchors, so splitting the range's slice finds exactly the tokens of ``finditer(text, start,
# end)``, and summing part lengths gives their offsets without a match object per token.
_SPLIT = re.compile(f"({_TOKEN.pattern})")
# The same tokens, spelled so that re tries less at each offset: the "U.S." branch opens on
# [A-Z], which re tests before entering the branch (a repeat is entered at every offset), and
# possessive repeats skip saving backtrack points. Nothing follows a token, so no match ever
# backtracks into them: the matches are those of _TOKEN (tests/test_attribution.py checks).
_FAST_SPLIT = re.compile(r"([A-Z]\.(?:[A-Z]\.)++|\w++(?:[-'’.&]\w++)*+|[^\w\s])")
#: Closing quotation marks (the straight ones both open and close).
CLOSING = frozenset('"”’»\'')
#: Opening quotation marks.
OPENING = frozenset('"“‘«\'')


class Tok(NamedTuple):
    """One token: offsets into the text, its text, lowercased form and shape.

    A named tuple, so that :func:`tokens` builds a sentence's tokens without Python code per token.
    """

    start: int
    end: int
    text: str
    low: str
    cap: bool
    word: bool


class Words(NamedTuple):
    """The tokens of a range as parallel lists (what :func:`tokens` turns into :class:`Tok`)."""

    text: list[str]
    low: list[str]
    start: list[int]
    end: list[int]


def token_words(text: str, start: int, end: int) -> Words:
    """The tokens of ``text[start:end]`` (as :func:`tokens` finds them): texts, lowercase, offsets."""
    start, end = max(start, 0), min(end, len(text))  # the bounds ``finditer`` would apply
    parts = _FAST_SPLIT.split(text[start:end]) if start < end else [""]  # gap, token, gap, ..., gap
    offsets = list(accumulate(map(len, parts), initial=start))
    words = parts[1::2]
    lows = list(map(str.lower, words))
    # Lowercasing never makes a ’, so only a range holding one needs the apostrophe folded.
    if text.find("’", start, end) >= 0:
        lows = [w.replace("’", "'") for w in lows]
    return Words(words, lows, offsets[1:-1:2], offsets[2::2])


def tokens(text: str, start: int, end: int, words: Words | None = None) -> list[Tok]:
    """Tokenise ``text[start:end]`` into words and single punctuation marks (``words``: the
    range's :func:`token_words`, when the caller has them already)."""
    w = words if words is not None else token_words(text, start, end)
    firsts = list(map(itemgetter(0), w.text))
    word = list(map(str.isalnum, firsts))
    if text.find("_", start, end) >= 0:  # "_" is a word character but not alphanumeric
        word = [x or c == "_" for x, c in zip(word, firsts)]
    # tuple.__new__ over zipped columns builds every Tok in C (no __init__ call per token).
    fields = zip(w.start, w.end, w.text, w.low, map(str.isupper, firsts), word)
    return list(map(tuple.__new__, repeat(Tok), fields))


def offsets(toks: list[Tok], a: int, b: int) -> tuple[int, int]:
    """Character offsets ``(start, end)`` of the tokens ``toks[a:b]``."""
    return toks[a].start, toks[b - 1].end
