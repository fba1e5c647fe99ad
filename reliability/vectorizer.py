"""A TF-IDF vectorizer whose fitted vocabulary loads fast and that transforms with fewer Python steps.

joblib unpickles with Python's pure-Python unpickler, one string at a time: the shipped model's
~140,000 vocabulary entries took seconds to load, most of the command's cold start. This
subclass stores the vocabulary in a pickle as one joined string of the terms in column order,
turned back into the dict on load. Fitting is scikit-learn's. Transforming a fitted vocabulary
gives scikit-learn's matrix bit for bit, computed faster: with the default token pattern it
tokenises with an equivalent spelling of it (:data:`FAST_TOKEN_PATTERN`); it counts word and
character n-grams in bulk (:meth:`CompactTfidfVectorizer._word_counts`, ``_char_counts``); and
it weighs the counts without re-validating its own matrix. Any other setting takes
scikit-learn's own path. Tests compare the two on fixed, odd, real and random text.
"""

from __future__ import annotations

import re
from itertools import repeat

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

try:  # the row normalisers scikit-learn's own ``normalize`` calls, without its input checks
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l1, inplace_csr_row_normalize_l2
    _ROW_NORMALIZERS = {None: None, "l1": inplace_csr_row_normalize_l1, "l2": inplace_csr_row_normalize_l2}
except ImportError:  # pragma: no cover - a scikit-learn that moved them: its public path is used
    _ROW_NORMALIZERS = {}

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

    def transform(self, raw_documents) -> sparse.csr_matrix:
        """TF-IDF of ``raw_documents``, as scikit-learn computes it, minus its input checks.

        scikit-learn re-validates its own count matrix (about 0.15 ms a call, several calls per
        article); the weighting below is its own code path, step for step, and tests compare
        the result bit for bit.
        """
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        counts = CountVectorizer.transform(self, raw_documents)
        tfidf = self._tfidf
        # scikit-learn's checks stay where they would fail: no rows, other dtypes or norms.
        if not hasattr(tfidf, "idf_") or self.norm not in _ROW_NORMALIZERS or not counts.shape[0] \
                or counts.dtype not in (np.float32, np.float64) or not isinstance(counts, sparse.csr_matrix):
            return tfidf.transform(counts, copy=False)
        if self.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1.0
        counts.data *= tfidf.idf_[counts.indices]
        if self.norm is not None:
            _ROW_NORMALIZERS[self.norm](counts)
        return counts

    def _count_vocab(self, raw_documents, fixed_vocab: bool):
        """scikit-learn's counting, or for a fitted vocabulary of character n-grams or word
        n-grams the same counts computed with fewer Python steps (see :meth:`_char_counts` and
        :meth:`_word_counts`)."""
        if fixed_vocab and (self._counts_chars_on_arrays() or self._counts_words_in_bulk()):
            docs = list(raw_documents)
            if all(isinstance(d, str) for d in docs):
                count = self._char_counts if self.analyzer == "char" else self._word_counts
                return self.vocabulary_, count(docs)
            raw_documents = docs
        return super()._count_vocab(raw_documents, fixed_vocab)

    def _counts_chars_on_arrays(self) -> bool:
        """Whether the analyzer is plain ``char`` n-grams of one length (at most 3) from text."""
        low, high = self.ngram_range
        return (self.analyzer == "char" and low == high <= 3 and self.preprocessor is None
                and self.strip_accents is None and self.input == "content")

    def _counts_words_in_bulk(self) -> bool:
        """Whether the analyzer is plain ``word`` n-grams from text, with no stop words."""
        return (self.analyzer == "word" and self.preprocessor is None and self.tokenizer is None
                and self.stop_words is None and self.strip_accents is None and self.input == "content")

    def _char_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary's n-grams as sorted integer keys (see :func:`_gram_keys`), and their columns."""
        cached = getattr(self, "_char_key_cache", None)
        if cached is None or cached[0] is not self.vocabulary_:
            n = self.ngram_range[0]
            terms = [t for t in self.vocabulary_ if len(t) == n]
            keys = _gram_keys("".join(terms), n)[::n] if terms else np.zeros(0, dtype=np.uint64)
            cols = np.array([self.vocabulary_[t] for t in terms], dtype=np.int64)
            order = np.argsort(keys, kind="stable")
            cached = (self.vocabulary_, keys[order], cols[order])
            self._char_key_cache = cached
        return cached[1], cached[2]

    def _char_counts(self, docs: list[str]) -> sparse.csr_matrix:
        """Character n-gram counts of ``docs`` over the fitted vocabulary, as ``_count_vocab``.

        scikit-learn slices every n-gram out as a string and looks each one up in a dict, about
        3 ms for a 600-word article; here each n-gram is one integer (its code points side by
        side), counted with ``np.unique`` and found with ``np.searchsorted``: the same counts,
        in the same matrix (tests compare the two on random and real text).
        """
        n = self.ngram_range[0]
        keys, cols = self._char_keys()
        rows, found, values = [], [], []
        for row, doc in enumerate(docs):
            text = self._white_spaces.sub(" ", doc.lower() if self.lowercase else doc)
            grams, counts = np.unique(_gram_keys(text, n), return_counts=True)
            at = np.minimum(np.searchsorted(keys, grams), max(len(keys) - 1, 0))
            hit = keys[at] == grams if len(keys) else np.zeros(len(grams), dtype=bool)
            found.append(cols[at[hit]])
            values.append(counts[hit])
            rows.append(np.full(len(found[-1]), row))
        return self._count_matrix(_joined(rows), _joined(found), _joined(values), len(docs))

    def _word_counts(self, docs: list[str]) -> sparse.csr_matrix:
        """Word n-gram counts of ``docs`` over the fitted vocabulary, as ``_count_vocab``.

        scikit-learn walks a Python generator per n-gram and counts in a dict per document,
        about 1 ms for a 600-word article; here each document's n-grams are joined and looked up
        by ``map`` (no Python frame per n-gram) and all documents are counted by one
        ``np.unique`` over (row, column) keys: the same counts, in the same matrix (tests compare
        the two on random and real text).
        """
        tokenize, low, high = self.build_tokenizer(), *self.ngram_range
        lookup, width = self.vocabulary_.get, max(len(self.vocabulary_), 1)
        found: list[int] = []
        lengths = []
        for doc in docs:
            tokens = tokenize(doc.lower() if self.lowercase else doc)
            before = len(found)
            for n in range(low, min(high, len(tokens)) + 1):
                grams = tokens if n == 1 else map(" ".join, zip(*(tokens[k:] for k in range(n))))
                found.extend(map(lookup, grams, repeat(-1)))
            lengths.append(len(found) - before)
        cols = np.array(found, dtype=np.int64)
        keys = (np.repeat(np.arange(len(docs), dtype=np.int64), lengths) * width + cols)[cols >= 0]
        keys, counts = np.unique(keys, return_counts=True)
        rows, cols = np.divmod(keys, width)
        return self._count_matrix(rows, cols, counts, len(docs))

    def _count_matrix(self, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray,
                      n_docs: int) -> sparse.csr_matrix:
        """The CSR count matrix ``_count_vocab`` builds from (row, column, count) triples in row order."""
        indptr = np.searchsorted(rows, np.arange(n_docs + 1), side="left")
        matrix = sparse.csr_matrix(
            (counts.astype(self.dtype), cols.astype(np.int32), indptr.astype(np.int32)),
            shape=(n_docs, len(self.vocabulary_)), dtype=self.dtype)
        matrix.sort_indices()
        return matrix

    def __getstate__(self) -> dict:
        state = dict(super().__getstate__())  # may be the live __dict__: never mutate it
        # scikit-learn's cache key for its stop-word check is an object id: it differs in every
        # process (so a rebuilt model would not pickle to the same bytes) and is recomputed on use.
        state.pop("_stop_words_id", None)
        state.pop("_char_key_cache", None)  # rebuilt on first use
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


def _gram_keys(text: str, n: int) -> np.ndarray:
    """One integer per character n-gram of ``text`` (n <= 3): its code points, 21 bits each.

    Code points stop at 0x10FFFF (21 bits), so three fit in 63 bits and distinct n-grams get
    distinct keys; lone surrogates, which Python strings may hold, are encoded as themselves.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < n:
        return np.zeros(0, dtype=np.uint64)
    keys = codes[:len(codes) - n + 1].copy()
    for k in range(1, n):
        keys <<= np.uint64(21)
        keys |= codes[k:len(codes) - n + 1 + k]
    return keys


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """``np.concatenate`` that also takes an empty list (no documents)."""
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
