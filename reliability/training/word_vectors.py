"""Static word vectors distilled from a sentence encoder: a meaning prior for the sentence heads.

An n-gram head only learns weights for words it saw labelled; a synonym it never saw counts for
nothing. A word vector per vocabulary word lets a head learn a few weights over *meanings*
instead: :class:`~reliability.training.fit.ScaledLogistic` appends ``words @ vectors`` to its
columns while fitting, then folds the learned meaning weights back into one weight per word
(``vectors @ meaning_weights``). The shipped heads stay plain linear models over the n-gram
TF-IDF: scoring costs nothing extra, the model file does not grow, and every word's weight,
meaning share included, is still read off as its learned cue.

The vectors are made once, offline, by ``scripts/distill_word_vectors.py``: each word of the
training corpora (document frequency >= 2, the encoder's own tokenizer) is embedded alone by a
sentence encoder (all-MiniLM-L6-v2), and PCA keeps the leading dimensions, as Model2Vec
(Tulkens & van Dongen 2024) distils static vectors. The result is committed as
``reliability/resources/word_vectors.npz`` and fingerprinted into the model sidecar, so
training needs neither the encoder nor PyTorch.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import CountVectorizer

#: The packaged vector file (below ``reliability/resources``).
VECTORS_FILE = "word_vectors.npz"


@dataclass(frozen=True)
class WordVectors:
    """One vector per word.

    Attributes:
        words: The words, lowercase, in the encoder's token pattern.
        vectors: ``len(words) x dims`` float32 matrix (row ``i`` is ``words[i]``).
        info: Provenance: source model, dimensions, explained variance, minimum document frequency.
    """

    words: tuple[str, ...]
    vectors: np.ndarray
    info: dict = field(default_factory=dict)

    def rows_for(self, vocabulary: Mapping[str, int], n_rows: int) -> sparse.csr_matrix:
        """Return the ``n_rows x dims`` matrix whose row ``vocabulary[w]`` is ``w``'s vector.

        Args:
            vocabulary: An encoder's n-gram -> column map; n-grams of several words, and words
                without a vector, get a row of zeros.
            n_rows: Number of n-gram columns.
        """
        index = {w: i for i, w in enumerate(self.words)}
        pairs = [(col, index[term]) for term, col in vocabulary.items() if term in index]
        cols = np.array([c for c, _ in pairs], dtype=np.int64)
        rows = np.array([r for _, r in pairs], dtype=np.int64)
        dims = self.vectors.shape[1]
        # Every present row is a full dense vector: one block of dims entries per word.
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        counts = np.zeros(n_rows, dtype=np.int64)
        counts[cols] = dims
        np.cumsum(counts, out=indptr[1:])
        order = np.argsort(cols, kind="stable")
        data = self.vectors[rows[order]].astype(np.float64).ravel()
        indices = np.tile(np.arange(dims, dtype=np.int64), len(pairs))
        return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, dims))


def corpus_words(texts: Iterable[str], min_df: int = 2) -> list[str]:
    """The words of ``texts`` (the encoder's tokenizer, lowercased) in at least ``min_df`` of them."""
    counter = CountVectorizer(min_df=min_df, binary=True, dtype=np.int8)
    counter.fit(list(dict.fromkeys(texts)))
    return counter.get_feature_names_out().tolist()


def distill(words: list[str], encode: Callable[[list[str]], np.ndarray], dims: int = 64,
            info: dict | None = None) -> WordVectors:
    """Embed every word alone and keep the leading ``dims`` principal components.

    Args:
        words: The vocabulary.
        encode: Maps a list of texts to unit-length embeddings, one row each.
        dims: Principal components kept (64: the propaganda head's inner CV scored 64, 128 and
            all 384 dimensions alike, and 64 keeps the file at a few MB).
        info: Provenance to store with the vectors (source model, library versions).
    """
    full = np.asarray(encode(list(words)), dtype=np.float64)
    pca = PCA(n_components=dims, random_state=0).fit(full)
    reduced = pca.transform(full).astype(np.float32)
    meta = dict(info or {}, dims=dims, n_words=len(words),
                explained_variance=round(float(pca.explained_variance_ratio_.sum()), 4))
    return WordVectors(tuple(words), reduced, meta)


def save_word_vectors(vectors: WordVectors, path: str | Path) -> None:
    """Write ``vectors`` as a compressed ``.npz`` (words, float16 vectors, JSON info)."""
    np.savez_compressed(path, words=np.array("\n".join(vectors.words)),
                        vectors=vectors.vectors.astype(np.float16),
                        info=np.array(json.dumps(vectors.info, sort_keys=True)))


def read_word_vectors(data: bytes) -> WordVectors:
    """Parse the bytes of a file written by :func:`save_word_vectors`."""
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        words = tuple(str(npz["words"]).split("\n"))
        return WordVectors(words, npz["vectors"].astype(np.float32), json.loads(str(npz["info"])))


def vectors_bytes() -> bytes:
    """The packaged vector file's bytes (what the model sidecar fingerprints)."""
    return resources.files("reliability.resources").joinpath(VECTORS_FILE).read_bytes()


@lru_cache(maxsize=1)
def load_word_vectors() -> WordVectors:
    """The packaged word vectors (read once per process)."""
    return read_word_vectors(vectors_bytes())
