"""Sentence heads: encoder, linear heads, learned cues, and evidence refinement."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import LOADED_SENTENCES, PLAIN_SENTENCES

from reliability.attribution import find_attributions
from reliability.markers import extract_all
from reliability.sentence_model import (
    RULE_FEATURES,
    LinearHead,
    SentenceBundle,
    SentenceEncoder,
    rule_matrix,
    term_spans,
)
from reliability.text import parse
from reliability.training.fit import best_threshold, fit_head

LOADED, PLAIN = LOADED_SENTENCES, PLAIN_SENTENCES


@pytest.fixture(scope="module")
def fitted():
    texts = LOADED * 5 + PLAIN * 5
    y = np.array([1] * 20 + [0] * 20)
    encoder = SentenceEncoder(min_df=1).fit(texts)
    X = encoder.transform(texts)
    head = fit_head(X, y, np.arange(40) % 4, "f1")
    return encoder, head


def test_rule_matrix_shape_and_context() -> None:
    text = "Headline Here\nHe said “it may fail,” reportedly. The minister said it would act."
    doc = parse(text)
    atts = find_attributions(doc)
    R = rule_matrix(doc, extract_all(doc, atts), atts)
    assert R.shape == (len(doc.sentences), len(RULE_FEATURES))
    col = {n: i for i, n in enumerate(RULE_FEATURES)}
    assert R[0, col["context__heading"]] == 1.0
    assert R[1, col["context__in_quote"]] > 0
    assert ((R >= 0) & (R <= 10)).all()


def test_encoder_names_cover_columns(fitted) -> None:
    encoder, _ = fitted
    X = encoder.transform(["The corrupt regime."])
    assert X.shape[1] == len(encoder.get_feature_names_out())
    assert list(encoder.get_feature_names_out()[-len(RULE_FEATURES):]) == list(RULE_FEATURES)


def test_head_separates_and_explains(fitted) -> None:
    encoder, head = fitted
    X = encoder.transform(["A corrupt and disgraceful regime.", "The bridge reopened on Tuesday."])
    p = head.predict_proba(X)
    assert p[0] > head.threshold > p[1]
    terms = head.top_terms(X, 0, encoder.get_feature_names_out(), encoder.n_text_features_)
    assert terms and set(terms) <= {"corrupt", "disgraceful", "regime", "corrupt and", "and disgraceful",
                                    "disgraceful regime", "and"}


def test_term_spans_index_the_text() -> None:
    text = "Intro. The Corrupt   regime lied."
    spans = term_spans(text, 7, len(text), ["corrupt regime", "lied", "absent"])
    assert [text[s.start:s.end] for s in spans] == ["Corrupt   regime", "lied"]
    assert all(text[s.start:s.end] == s.text for s in spans)


def _regex_term_spans(text: str, start: int, end: int, terms: list[str]) -> list[tuple[int, int, str]]:
    """The reference: each term's first match of its regex (what term_spans did before runs)."""
    from reliability.term_spans import _term_pattern
    hits = [m for t in terms if (m := _term_pattern(t).search(text, start, end))]
    return sorted(((m.start(), m.end(), m.group()) for m in hits), key=lambda h: h[0])


EDGE_TEXTS = [
    "Intro. The Corrupt   regime lied.",
    "He said it's the regime's fault: the well-known REGIME lied, lied and lied again.",
    "Naïve café owners said façade; the CAFÉ—naïve—was closed. Über-rich élite said so.",
    "ſtate of the ſtate: the SIZE of it. İstanbul is big; ıt is.",  # odd folds: the regex path
    "Kelvin: 300 K (Kelvin sign) and ǅemal said x_y or X_Y and 2_000 people",
    "ΟΔΟΣ said Σ and σ: the crisis was said to be said;said\u00a0said\tsaid\nsaid",
    "don't DON’T won't: it’s said the state said the state-run media said",
    "", "   ", "said", "xsaid saidx said_ 5said",
]
EDGE_TERMS = ["said", "the state", "state said", "the regime", "regime", "lied and lied", "it s",
              "don t", "don't", "naïve", "café", "state run media", "said the state said", "x_y",
              "2_000 people", "kelvin", "size", "is", "the crisis was said", "absent", "σ", "",
              "istanbul", "ıt is", "the ſtate", "über rich", "Said The State", "k"]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_term_spans_equal_the_regex_search(text: str) -> None:
    for start in range(len(text) + 1):
        for end in {len(text), max(start, len(text) - 3), start + (len(text) - start) // 2}:
            got = [(s.start, s.end, s.text) for s in term_spans(text, start, end, EDGE_TERMS)]
            assert got == _regex_term_spans(text, start, end, EDGE_TERMS), (start, end)


def test_term_spans_equal_the_regex_on_random_text() -> None:
    import random

    rng = random.Random(7)
    alphabet = list("aAbBsSiIkK  ,.'’-_1") + ["ſ", "ı", "İ", "é", "É", "Σ", "\u212a", "\u00a0"]
    words = ["a", "ab", "is", "sk", "ba", "ab is", "is a", "a a", "sk ab", "kis", "1_a"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        terms = rng.sample(words, 4)
        got = [(s.start, s.end, s.text) for s in term_spans(text, start, end, terms)]
        assert got == _regex_term_spans(text, start, end, terms), (text, start, end, terms)


def test_odd_folds_are_every_ignorecase_match_of_an_ascii_word_character() -> None:
    """The run matcher trusts str.lower() on runs; only _ODD_FOLDS escape it for ASCII words."""
    import re
    import sys

    from reliability.text import ODD_FOLDS as _ODD_FOLDS
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
    cased = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and (chr(c).lower() != chr(c) or chr(c).upper() != chr(c))]
    odd = {c for p in letters for c in cased
           if (re.fullmatch(re.escape(p), c, re.IGNORECASE) is not None) != (c.lower() == p.lower())}
    assert odd == set(_ODD_FOLDS)
    # Lowercasing keeps a run's length except for İ (so run offsets stay exact).
    assert {c for c in cased if len(c.lower()) != 1} <= set(_ODD_FOLDS)


def test_best_threshold_maximises_f1() -> None:
    y = np.array([0, 0, 1, 1])
    p = np.array([0.1, 0.3, 0.6, 0.9])
    t = best_threshold(y, p, "f1")
    assert 0.3 < t <= 0.6


def test_refine_uses_head_probability_and_keeps_offsets(fitted) -> None:
    encoder, head = fitted
    bundle = SentenceBundle(encoder, {"loaded_language": head,
                                      "propaganda": LinearHead(np.zeros(len(encoder.get_feature_names_out())), 0.0, 0.5)})
    text = ("The council met on Tuesday.\n– ADVERTISEMENT –\nThe corrupt regime lied again, a disgraceful cover-up.")
    doc = parse(text)
    atts = find_attributions(doc)
    evidence, probs = bundle.refine(doc, extract_all(doc, atts), atts)
    loaded = [e for e in evidence if e.marker == "loaded_language"]
    assert [e.sentence for e in loaded] == [2]
    assert loaded[0].strength == pytest.approx(probs["loaded_language"][2])
    assert all(text[c.start:c.end] == c.text for e in evidence for c in e.cues)
    assert probs["loaded_language"][1] == 0.0  # boilerplate is never evidence
    assert set(probs) == {"loaded_language", "propaganda"}


def test_refine_on_empty_doc(fitted) -> None:
    encoder, head = fitted
    bundle = SentenceBundle(encoder, {"loaded_language": head})
    evidence, probs = bundle.refine(parse(""), [], [])
    assert evidence == [] and len(probs["loaded_language"]) == 0


@pytest.mark.parametrize("text, expected", [
    ("The council met on Tuesday.", [0, 0, 0, 0]),
    ("They will NEVER stop!", [1, 0, 1 / 3, 0]),
    ("Is this REALLY the TRUTH they SOLD US?", [0, 1, 1.0, 0]),
    ("He called it “a farce”.", [0, 0, 0, 1]),
    ('She said "no".', [0, 0, 0, 1]),
    ("", [0, 0, 0, 0]),
    ("   ", [0, 0, 0, 0]),
    ("<b>NASA</b> launched it", [0, 0, 1 / 3, 0]),
    ("Ça va très bien, merci", [0, 0, 0, 0]),
])
def test_surface_matrix(text: str, expected: list[float]) -> None:
    from reliability.sentence_model import SURFACE_FEATURES, surface_matrix

    out = surface_matrix([text])
    assert out.shape == (1, len(SURFACE_FEATURES))
    assert out[0].tolist() == pytest.approx(expected)


def test_surface_matrix_long_input_is_fast() -> None:
    import time

    from reliability.sentence_model import surface_matrix

    text = "WHY NOT? " * 120_000  # ~1 MB
    t = time.perf_counter()
    assert surface_matrix([text])[0, 2] == 1.0
    assert time.perf_counter() - t < 5.0


def test_encoder_surface_columns_follow_rules() -> None:
    from reliability.sentence_model import SURFACE_FEATURES

    enc = SentenceEncoder(min_df=1, surface=True).fit(LOADED + PLAIN)
    names = list(enc.get_feature_names_out())
    X = enc.transform(["They LIED again!"])
    assert X.shape[1] == len(names)
    assert names[-len(SURFACE_FEATURES):] == list(SURFACE_FEATURES)
    assert X[0, names.index("surface__exclamation")] == 1.0
    assert SentenceEncoder(min_df=1).fit(PLAIN).transform(PLAIN).shape[1] == \
        len(SentenceEncoder(min_df=1).fit(PLAIN).get_feature_names_out())


def test_refine_many_equals_refine_article_by_article() -> None:
    from reliability.training.fit import fit_encoder

    texts = LOADED * 5 + PLAIN * 5
    marks = __import__("pandas").DataFrame({"text": LOADED + PLAIN, "group": list("abcdabcd"),
                                           "biased_words": [("corrupt",), ("shameful",), ("thugs",), ("lies",),
                                                            (), (), (), ()]})
    encoder = fit_encoder(texts, marks)  # word-bias and surface columns too
    y = np.array([1] * 20 + [0] * 20)
    head = fit_head(encoder.transform(texts), y, np.arange(40) % 4, "f1")
    bundle = SentenceBundle(encoder, {"loaded_language": head, "hedging": head})
    articles = ["The council met on Tuesday. The corrupt regime lied again!",
                "", "   ", "– ADVERTISEMENT –\nThugs smeared critics, a disgraceful cover-up.",
                "Rainfall was above average. " * 30, "Ça va très bien. Le régime corrompu a menti."]
    docs = [parse(t) for t in articles]
    atts = [find_attributions(d) for d in docs]
    evs = [extract_all(d, a) for d, a in zip(docs, atts)]
    many = bundle.refine_many(docs, evs, atts)
    assert len(many) == len(docs)
    for (ev_m, p_m), d, e, a in zip(many, docs, evs, atts):
        ev_1, p_1 = bundle.refine(d, e, a)
        assert ev_m == ev_1
        assert set(p_m) == set(p_1) and all(np.array_equal(p_m[k], p_1[k]) for k in p_1)
    assert bundle.refine_many([parse("")], [[]], [[]])[0][0] == []


def test_bundle_pickles_feature_names_as_one_string(fitted) -> None:
    import pickle

    encoder, head = fitted
    bundle = SentenceBundle(encoder, {"loaded_language": head})
    assert isinstance(bundle.__getstate__()["names_"], str)
    loaded = pickle.loads(pickle.dumps(bundle))
    assert loaded.names_.dtype == object
    assert list(loaded.names_) == list(bundle.names_)
    # A pickle written before the names were joined (the array itself) still loads as it was.
    old = SentenceBundle.__new__(SentenceBundle)
    old.__setstate__(dict(bundle.__dict__))
    assert list(old.names_) == list(bundle.names_)


@pytest.mark.parametrize("text", [
    "", "   ", 'He said "it may fail. It will." Then he left.', '“Open never closed. Next one.',
    'A close first ” here. Then “a. b. c” end.', '"a" "b" "c" ' * 50, "No quotes at all. None here.",
    "Headline\n\n“A quote that spans\n\nparagraphs.” Done.",
])
def test_quoted_share_matches_the_sentence_walk(text: str) -> None:
    from reliability.sentence_columns import _quoted_share

    doc = parse(text)
    expected = np.zeros(len(doc.sentences))
    for q in doc.quotes:  # the definition: from the sentence holding the first inner character on
        i = doc.sentence_at(q.inner_start)
        while i is not None and i < len(doc.sentences) and doc.sentences[i].start < q.inner_end:
            s = doc.sentences[i]
            expected[i] += max(min(s.end, q.inner_end) - max(s.start, q.inner_start), 0) / max(s.end - s.start, 1)
            i += 1
    assert np.array_equal(_quoted_share(doc), expected)
