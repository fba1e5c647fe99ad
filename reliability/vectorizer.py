"""A TF-IDF vectorizer whose fitted vocabulary loads fast.

joblib unpickles with Python's pure-Python unpickler, one string at a time: the shipped model's
~140,000 vocabulary entries took seconds to load, most of the command's cold start. This
subclass changes only how the vocabulary is stored in a pickle (one joined string of the terms in
column order, turned back into the dict on load); fitting and transforming are scikit-learn's.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer

#: Separator of the stored terms; a vocabulary holding it is stored as a plain dict instead.
_SEP = "\x00"


class CompactTfidfVectorizer(TfidfVectorizer):
    """:class:`~sklearn.feature_extraction.text.TfidfVectorizer` with a compact pickled vocabulary."""

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
