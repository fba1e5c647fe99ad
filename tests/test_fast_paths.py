"""Fast scoring paths give exactly what the slower generic code they replace gives."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from reliability import config, sentence_facts
from reliability.fact_pairs import candidate_pairs
from reliability.quantities import may_hold_quantity
from reliability.sentence_facts import lexicons, sentence_features
from reliability.sentence_columns import _CAPS_WORD, rule_matrix, surface_matrix
from reliability.sentence_model import _append_dense
from reliability.text import parse

ARTICLE = (
    "The council approved 117 new parking spaces on Monday. It did not confirm the cost.\n\n"
    "Officials said the council rejected the plan. \"We won't build them,\" the mayor said.\n\n"
    "Why not extend it? Not only the mayor but also 3 aides spoke. The council confirmed the cost."
)


def _same_csr(a: sparse.csr_matrix, b: sparse.csr_matrix) -> bool:
    return (a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a.indptr, b.indptr)
            and np.array_equal(a.indices, b.indices) and np.array_equal(a.data, b.data))


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(0, 6), cols=st.integers(1, 12), dense_cols=st.integers(1, 5),
       density=st.floats(0.0, 1.0), seed=st.integers(0, 10_000))
def test_append_dense_equals_hstack(rows, cols, dense_cols, density, seed) -> None:
    rng = np.random.default_rng(seed)
    words = sparse.random(rows, cols, density=density, format="csr", dtype=np.float32, random_state=seed)
    dense = rng.normal(size=(rows, dense_cols)) * (rng.random((rows, dense_cols)) < 0.5)
    assert _same_csr(_append_dense(words, dense), sparse.hstack([words, sparse.csr_matrix(dense)], format="csr"))


@pytest.mark.parametrize("text", [ARTICLE, "", "One.", "A heading\n\nThen a sentence with words in it."])
def test_rule_matrix_word_counts(text) -> None:
    doc = parse(text)
    col = rule_matrix(doc, [], [])[:, -1]
    assert col.tolist() == [math.log1p(len(doc.words(s.index))) for s in doc.sentences]


def _fields(f) -> tuple:
    return (f.content, f.qtys, f.negated, f.antonyms, f.spans, f.contexts, f.words, f.lows, f.n_neg)


def test_sentence_features_same_with_cold_and_warm_word_table() -> None:
    doc, lex = parse(ARTICLE), lexicons()
    sentence_facts._WORD_TABLES.clear()
    cold = [_fields(sentence_features(doc, s.index, lex)) for s in doc.sentences]
    warm = [_fields(sentence_features(doc, s.index, lex)) for s in doc.sentences]
    other = [_fields(sentence_features(doc, s.index, dict(lex))) for s in doc.sentences]
    assert cold == warm == other
    assert any(f[2] for f in cold) and any(f[3] for f in cold) and any(f[1] for f in cold)


def test_sentence_features_reads_negations_and_outcomes() -> None:
    doc = parse("The board did not approve the merger. The board rejected 12 offers.")
    a, b = (sentence_features(doc, s.index) for s in doc.sentences)
    assert a.n_neg == 1 and a.negated["approv"].text == "not" and "merger" in a.content
    assert "rejected" in b.antonyms and b.qtys and "board" in b.content


def _pairs_reference(keysets: dict[int, set[str]], limit: int, need: int) -> list[tuple[int, int]]:
    out = []
    for i in sorted(keysets):
        for j in sorted(keysets):
            if i < j:
                shared = [k for k in keysets[i] & keysets[j]
                          if 2 <= sum(k in ks for ks in keysets.values()) <= limit]
                if len(shared) >= need:
                    out.append((i, j))
    return out


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.integers(0, 30), st.sets(st.sampled_from("abcdefgh"), max_size=5), max_size=12))
def test_candidate_pairs_equal_brute_force(keysets) -> None:
    from reliability import config

    expected = _pairs_reference(keysets, config.CONTRADICTION_MAX_BLOCK, config.CONTRADICTION_MIN_SHARED_KEYS)
    assert candidate_pairs(dict(sorted(keysets.items()))) == expected


# The pre-check as it read before: \b where it now reads (?<!\w).
_OLD_MAYBE = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
                        r"|(?i:\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
                        r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen))")


@pytest.mark.parametrize("text", ["", "no numbers here", "in 1998", "on Monday", "Monet", "xMonday",
                                  "TWENTY people", "network", "twofold", "a dozen", "٣ apples", "_Jan"])
def test_may_hold_quantity_cases(text) -> None:
    assert may_hold_quantity(text) == (_OLD_MAYBE.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("JanMoTwenty d_1é .-")), max_size=30))
def test_may_hold_quantity_same_as_word_boundary_form(text) -> None:
    assert may_hold_quantity(text) == (_OLD_MAYBE.search(text) is not None)


_OLD_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")


@pytest.mark.parametrize("text", ["", "NEVER", "AB", "ABC", "aABC", "ABCa", "ABC1", "_ABC", "ÉABC", "ABCÉ",
                                  "xx FAKE NEWS!", "ABC-DEF ghi JKLM.", "A", "ABCDEFG HIJ", "1ABC 2", "U.S.A. NATO"])
def test_caps_words_cases(text) -> None:
    assert _CAPS_WORD.findall(text) == _OLD_CAPS_WORD.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABCZaz_1É .-'\n")), max_size=40))
def test_caps_words_same_as_word_boundary_form(text) -> None:
    assert _CAPS_WORD.findall(text) == _OLD_CAPS_WORD.findall(text)
    cap = config.SURFACE_CAPS_SATURATION
    assert surface_matrix([text])[0, 2] == min(len(_OLD_CAPS_WORD.findall(text)), cap) / cap


def _surface_rows_one_by_one(texts: list[str]) -> np.ndarray:
    """surface_matrix as it was written before rows went in at once: one assignment per row."""
    out = np.zeros((len(texts), 4))
    cap = config.SURFACE_CAPS_SATURATION
    for i, t in enumerate(texts):
        out[i] = ("!" in t, "?" in t, min(len(_OLD_CAPS_WORD.findall(t)), cap) / cap, '"' in t or "“" in t or "”" in t)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ABCa!?\"“” .")), max_size=30), max_size=6))
def test_surface_matrix_same_as_row_by_row(texts) -> None:
    got = surface_matrix(texts)
    want = _surface_rows_one_by_one(texts)
    assert got.dtype == want.dtype and got.shape == want.shape and got.tobytes() == want.tobytes()


def _batch_items() -> list:
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    # Error rows and unjudged rows between good ones: each keeps its place.
    return [("a", texts[0]), ("empty", ""), ("b", texts[1]), ("none", None), ("c", texts[2]),
            ("ru", "Это короткая новость о погоде в городе. " * 20), ("d", texts[3]),
            ("bytes", "Plain bytes are decoded as UTF-8 text, like a file.".encode()), ("e", ARTICLE)]


def test_score_many_batches_equal_single_scoring() -> None:
    from reliability.scorer import Scorer

    scorer = Scorer()
    items = _batch_items()
    batched = [p.to_dict() for p in scorer.score_many(items)]
    single = [next(scorer.score_many([item])).to_dict() for item in items]
    assert [p["id"] for p in batched] == [i for i, _ in items]
    assert batched == single
    assert [p["error"] is not None for p in batched] == [False, False, False, True, False, False,
                                                         False, False, False]


def test_score_many_isolates_a_failure_inside_a_shared_stage(monkeypatch) -> None:
    from reliability.scorer import Scorer

    scorer = Scorer()
    items = _batch_items()
    expected = [p.to_dict() for p in scorer.score_many(items)]
    real = scorer._analyses

    def fragile(prepared):  # the batched sentence model breaks on the seed 002 article
        if any(p.doc.text.startswith(items[4][1][:200]) for p in prepared):
            raise RuntimeError("broken batch")
        return real(prepared)

    monkeypatch.setattr(scorer, "_analyses", fragile)
    got = [p.to_dict() for p in scorer.score_many(items)]
    assert got[4]["error"] == "internal error while scoring: RuntimeError: broken batch"
    assert got[:4] + got[5:] == expected[:4] + expected[5:]
