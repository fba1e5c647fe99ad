"""Distilled word vectors: the packaged file, the rows an encoder gets, distilling and saving."""

from __future__ import annotations

import hashlib
from importlib import resources

import numpy as np
import pytest

from reliability.training.word_vectors import (
    VECTORS_FILE,
    WordVectors,
    corpus_words,
    distill,
    load_word_vectors,
    read_word_vectors,
    save_word_vectors,
    vectors_bytes,
)


def test_packaged_vectors_load_with_their_provenance() -> None:
    wv = load_word_vectors()
    n, dims = wv.vectors.shape
    assert n == len(wv.words) == wv.info["n_words"] and dims == wv.info["dims"]
    assert wv.vectors.dtype == np.float32 and np.isfinite(wv.vectors).all()
    assert list(wv.words) == sorted(set(wv.words)) and all(w == w.lower() and w for w in wv.words)
    assert wv.info["source"] == "sentence-transformers/all-MiniLM-L6-v2"
    expected = resources.files("reliability.resources").joinpath(VECTORS_FILE).read_bytes()
    assert hashlib.sha256(vectors_bytes()).digest() == hashlib.sha256(expected).digest()


def test_packaged_vectors_put_related_words_near_each_other() -> None:
    wv = load_word_vectors()
    index = {w: i for i, w in enumerate(wv.words)}
    v = wv.vectors / np.linalg.norm(wv.vectors, axis=1, keepdims=True)

    def sim(a: str, b: str) -> float:
        return float(v[index[a]] @ v[index[b]])

    assert sim("perhaps", "possibly") > sim("perhaps", "bridge")
    assert sim("corrupt", "corruption") > sim("corrupt", "rainfall")


def test_rows_for_maps_an_encoders_unigram_columns() -> None:
    wv = WordVectors(("alpha", "beta"), np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32))
    rows = wv.rows_for({"beta": 0, "alpha beta": 1, "gamma": 2, "alpha": 3}, 4).toarray()
    assert np.array_equal(rows, [[3.0, 4.0], [0, 0], [0, 0], [1.0, 2.0]])
    assert wv.rows_for({}, 3).shape == (3, 2)


def test_corpus_words_counts_each_distinct_text_once() -> None:
    words = corpus_words(["Alpha beta.", "Alpha beta.", "alpha gamma", "Delta x"])
    # "beta" is in one distinct text only; one-letter tokens are not words to the encoder.
    assert words == ["alpha"]


def test_distill_is_deterministic_and_round_trips(tmp_path) -> None:
    rng = np.random.default_rng(0)
    table = {w: rng.normal(size=8) for w in ("one", "two", "three", "four", "five", "six")}

    def encode(texts: list[str]) -> np.ndarray:
        rows = np.array([table[t] for t in texts])
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    words = list(table)
    a = distill(words, encode, dims=3, info={"source": "test"})
    b = distill(words, encode, dims=3, info={"source": "test"})
    assert a.vectors.shape == (6, 3) and np.array_equal(a.vectors, b.vectors)
    assert a.info["source"] == "test" and a.info["dims"] == 3 and 0 < a.info["explained_variance"] <= 1
    path = tmp_path / "v.npz"
    save_word_vectors(a, path)
    back = read_word_vectors(path.read_bytes())
    assert back.words == a.words and back.info == a.info
    assert np.allclose(back.vectors, a.vectors, atol=1e-2)  # stored as float16


def test_distill_refuses_more_dimensions_than_words() -> None:
    with pytest.raises(ValueError):
        distill(["one", "two"], lambda texts: np.eye(len(texts), 4), dims=3)
