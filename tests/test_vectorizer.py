"""The compact vectorizer pickles its vocabulary as one string and transforms exactly as sklearn's."""

from __future__ import annotations

import pickle

import re

import joblib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from conftest import seed_texts
from reliability.vectorizer import DEFAULT_TOKEN_PATTERN, FAST_TOKEN_PATTERN, CompactTfidfVectorizer

DOCS = ["The council approved the budget on Monday.", "Critics say the budget is a disaster.",
        "Die Regierung hat das Budget genehmigt.", "预算 已经 批准", "budget budget budget", "x"]


@pytest.mark.parametrize("params", [{}, {"ngram_range": (1, 2)}, {"analyzer": "char_wb", "ngram_range": (2, 4)},
                                    {"ngram_range": (1, 2), "max_features": 5, "sublinear_tf": True}])
def test_round_trip_transforms_like_sklearn(params, tmp_path) -> None:
    ours = CompactTfidfVectorizer(**params).fit(DOCS)
    ref = TfidfVectorizer(**params).fit(DOCS)
    path = tmp_path / "v.joblib"
    joblib.dump(ours, path)
    loaded = joblib.load(path)
    assert loaded.vocabulary_ == ref.vocabulary_
    assert isinstance(loaded.__getstate__()["vocabulary_"], str)  # stored compactly
    assert ours.vocabulary_ == ref.vocabulary_  # dumping left the fitted object as it was
    probe = DOCS + ["An unseen sentence about the council."]
    np.testing.assert_allclose(loaded.transform(probe).toarray(), ref.transform(probe).toarray())
    assert list(loaded.get_feature_names_out()) == list(ref.get_feature_names_out())


def _bars(text: str) -> list[str]:
    return text.split("|")


def test_unfitted_and_odd_vocabularies_pickle() -> None:
    unfitted = pickle.loads(pickle.dumps(CompactTfidfVectorizer(min_df=2)))
    assert unfitted.min_df == 2 and not hasattr(unfitted, "vocabulary_")
    # A term holding the separator falls back to the plain dict.
    odd = CompactTfidfVectorizer(analyzer=_bars).fit(["a\x00b|c", "c|d"])
    assert pickle.loads(pickle.dumps(odd)).vocabulary_ == odd.vocabulary_


def test_pickle_leaves_out_the_process_specific_stop_word_id() -> None:
    # scikit-learn caches its stop-word check under id(stop_words), which differs per process:
    # kept, two identical fits would pickle to different bytes.
    fitted = CompactTfidfVectorizer(stop_words=["the"]).fit(DOCS)
    fitted.transform(DOCS[:1])
    assert hasattr(fitted, "_stop_words_id")
    state = fitted.__getstate__()
    assert "_stop_words_id" not in state and hasattr(fitted, "_stop_words_id")  # live object untouched
    loaded = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_allclose(loaded.transform(DOCS).toarray(), fitted.transform(DOCS).toarray())
    assert pickle.dumps(loaded) == pickle.dumps(pickle.loads(pickle.dumps(fitted)))


def test_default_pattern_is_scikit_learns() -> None:
    assert TfidfVectorizer().token_pattern == DEFAULT_TOKEN_PATTERN


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_ é-'’.\n\tЖ预ٍ\u200b")) | st.characters(), max_size=60))
def test_fast_token_pattern_gives_the_same_tokens(text) -> None:
    assert re.findall(FAST_TOKEN_PATTERN, text) == re.findall(DEFAULT_TOKEN_PATTERN, text)


@pytest.mark.parametrize("doc", DOCS + ["", "  ", "a b c", "don't won’t e-mail x2 __init__", "<p>élite</p>",
                                        "«Ça» — naïve café; ١٢٣ arabic-indic", "word" * 500])
def test_fast_tokenizer_used_only_for_the_default_pattern(doc) -> None:
    fast = CompactTfidfVectorizer().build_tokenizer()
    assert fast(doc) == TfidfVectorizer().build_tokenizer()(doc)
    custom = CompactTfidfVectorizer(token_pattern=r"(?u)\b\w+\b").build_tokenizer()
    assert custom(doc) == TfidfVectorizer(token_pattern=r"(?u)\b\w+\b").build_tokenizer()(doc)


def _same_matrix(ours, ref, docs) -> None:
    a, b = ours.transform(docs), ref.transform(docs)
    assert type(a) is type(b) and a.dtype == b.dtype and a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # bit for bit, not merely close


ODD_DOCS = ["", "ab", "  \n\t ", "AbC abc ABC", "line\nbreak\n\n\tand  runs   of space", "😀😀😀 emoji 😀",
            "lone \ud800 surrogate", "预算 已经 批准 预算", "x" * 2000, "«Ça» — naïve café", "<p>élite</p>"]


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("lowercase", [True, False])
def test_char_counts_on_arrays_equal_sklearns(n, lowercase) -> None:
    params = {"analyzer": "char", "ngram_range": (n, n), "lowercase": lowercase, "sublinear_tf": True,
              "dtype": np.float32}
    ours, ref = CompactTfidfVectorizer(**params).fit(DOCS + ODD_DOCS), TfidfVectorizer(**params).fit(DOCS + ODD_DOCS)
    assert ours._counts_chars_on_arrays()
    _same_matrix(ours, ref, DOCS + ODD_DOCS + ["unseen words only: zqxj", "a"])
    _same_matrix(pickle.loads(pickle.dumps(ours)), ref, ODD_DOCS)  # the key cache is rebuilt after loading


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aAb \n\t.é预😀")) | st.characters(), max_size=40),
                min_size=1, max_size=4))
def test_char_counts_on_random_text(docs) -> None:
    params = {"analyzer": "char", "ngram_range": (3, 3), "min_df": 1}
    fitted = DOCS + ODD_DOCS
    _same_matrix(CompactTfidfVectorizer(**params).fit(fitted), TfidfVectorizer(**params).fit(fitted), docs)


@pytest.mark.parametrize("params", [{"analyzer": "char", "ngram_range": (2, 4)}, {"analyzer": "char_wb"},
                                    {"analyzer": "char", "ngram_range": (4, 4)},
                                    {"analyzer": "char", "strip_accents": "unicode"}, {}])
def test_other_analyzers_keep_sklearns_counting(params) -> None:
    ours = CompactTfidfVectorizer(**params).fit(DOCS)
    assert not ours._counts_chars_on_arrays()
    _same_matrix(ours, TfidfVectorizer(**params).fit(DOCS), DOCS)


def test_char_counts_fall_back_for_bytes() -> None:
    params = {"analyzer": "char", "ngram_range": (3, 3)}
    ours, ref = CompactTfidfVectorizer(**params).fit(DOCS), TfidfVectorizer(**params).fit(DOCS)
    _same_matrix(ours, ref, [b"The budget", "the budget"])


WORD_PARAMS = [{}, {"ngram_range": (1, 2), "sublinear_tf": True, "dtype": np.float32},
               {"ngram_range": (2, 2)}, {"ngram_range": (1, 3), "lowercase": False},
               {"token_pattern": r"(?u)\b\w+\b", "ngram_range": (1, 2), "norm": "l1"},
               {"ngram_range": (1, 2), "norm": None, "sublinear_tf": True},
               {"ngram_range": (1, 2), "use_idf": False, "max_features": 8}]


@pytest.mark.parametrize("params", WORD_PARAMS)
def test_word_counts_in_bulk_equal_sklearns(params) -> None:
    ours, ref = CompactTfidfVectorizer(**params).fit(DOCS + ODD_DOCS), TfidfVectorizer(**params).fit(DOCS + ODD_DOCS)
    assert ours._counts_words_in_bulk()
    _same_matrix(ours, ref, DOCS + ODD_DOCS + ["unseen words only: zqxj", "a", "the the the budget budget"])
    for vectorizer in (ours, ref):  # no documents: scikit-learn's own error
        with pytest.raises(ValueError, match="0 sample"):
            vectorizer.transform([])
    _same_matrix(ours, ref, ["budget"])
    _same_matrix(pickle.loads(pickle.dumps(ours)), ref, ODD_DOCS)


def test_word_counts_on_real_sentences() -> None:
    params = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "dtype": np.float32}
    texts = list(seed_texts().values())
    sentences = [s for text in texts for s in text.split(". ")]
    ours, ref = CompactTfidfVectorizer(**params).fit(sentences[::2]), TfidfVectorizer(**params).fit(sentences[::2])
    _same_matrix(ours, ref, sentences)
    _same_matrix(ours, ref, texts)  # whole articles, as the article model reads them


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aAb \n\t.é预😀_1")) | st.characters(), max_size=40),
                min_size=1, max_size=4))
def test_word_counts_on_random_text(docs) -> None:
    params = {"ngram_range": (1, 2), "min_df": 1}
    fitted = DOCS + ODD_DOCS + ["a b aa bb ab ba aA Ab", "é预 预é 1_ _1 a1"]
    _same_matrix(CompactTfidfVectorizer(**params).fit(fitted), TfidfVectorizer(**params).fit(fitted), docs)


@pytest.mark.parametrize("params", [{"stop_words": ["the"]}, {"tokenizer": str.split, "token_pattern": None},
                                    {"preprocessor": str.upper}, {"strip_accents": "ascii"}])
def test_other_word_settings_keep_sklearns_counting(params) -> None:
    ours = CompactTfidfVectorizer(**params).fit(DOCS)
    assert not ours._counts_words_in_bulk()
    _same_matrix(ours, TfidfVectorizer(**params).fit(DOCS), DOCS)


def test_word_counts_fall_back_for_bytes() -> None:
    ours, ref = CompactTfidfVectorizer().fit(DOCS), TfidfVectorizer().fit(DOCS)
    _same_matrix(ours, ref, [b"The budget", "the budget"])


def test_unfitted_transform_raises_as_sklearn() -> None:
    with pytest.raises(Exception, match="not fitted"):
        CompactTfidfVectorizer().transform(["text"])
