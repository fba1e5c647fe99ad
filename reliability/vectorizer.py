"""A TF-IDF vectorizer whose fitted vocabulary loads fast and tokenises a little faster.

joblib unpickles with Python's pure-Python unpickler, one string at a time: the shipped model's
~140,000 vocabulary entries took seconds to load, most of the command's cold start. This
subclass changes only how the vocabulary is stored in a pickle (one joined string of the terms in
column order, turned back into the dict on load); fitting and transforming are scikit-learn's.
With scikit-learn's default token pattern it also tokenises with an equivalent, faster spelling
of that pattern (the same tokens: see :data:`FAST_TOKEN_PATTERN`).
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import TfidfVectorizer

#: Separator of the stored terms; a vocabulary holding it is stored as a plain dict instead.
_SEP = "\x00"
#: scikit-learn's default ``token_pattern``, and the same tokens spelled without the ``\b``
#: checks: ``findall`` consumes a run of word characters whole (``\w\w+`` is greedy, and a
#: one-character run cannot match), so a match always starts and ends at a word boundary. About
#: a quarter faster on news text; tests compare the two on random and real text.
DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
FAST_TOKEN_PATTERN = r"\w\w+"


class CompactTfidfVectorizer(TfidfVectorizer):
    """:class:`~sklearn.feature_extraction.text.TfidfVectorizer` with a compact pickled vocabulary."""

    def build_tokenizer(self):
        """Return scikit-learn's tokenizer, or the same tokens' faster pattern for the default one."""
        if self.tokenizer is None and self.token_pattern == DEFAULT_TOKEN_PATTERN:
            return re.compile(FAST_TOKEN_PATTERN).findall
        return super().build_tokenizer()

    def __getstate__(self) -> dict:
        state = dict(super().__getstate__())  # may be the live __dict__: never mutate it
        # scikit-learn's cache key for its stop-word check is an object id: it differs in every
        # process (so a rebuilt model would not pickle to the same bytes) and is recomputed on use.
        state.pop("_stop_words_id", None)
        vocabulary = state.get("vocabulary_")
        if vocabulary is not None:
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            if list(map(vocabulary.__getitem__, terms)) == list(range(len(terms))) \
                    and not any(_SEP in t for t in terms):
                state["vocabulary_"] = _SEP.join(terms)
                state["_vocabulary_size"] = len(terms)
        return state

    def __setstate__(self, state: dict) -> None:
        size = state.pop("_vocabulary_size", None)
        if size is not None:
            # An empty vocabulary cannot be fitted, so "" never stands for zero terms.
            terms = state["vocabulary_"].split(_SEP)
            state["vocabulary_"] = dict(zip(terms, range(size)))
        super().__setstate__(state)
