"""Document-context heads: leave-self-out columns, out-of-fold training, batch equality, old pickles."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

from reliability import config
from reliability.attribution import find_attributions
from reliability.markers import extract_all
from reliability.sentence_context import CONTEXT_FEATURES, ContextStage, context_columns, logit
from reliability.sentence_model import LinearHead, SentenceBundle, SentenceEncoder
from reliability.text import parse
from reliability.training import fit

COL = {n: i for i, n in enumerate(CONTEXT_FEATURES)}
LOADED = ["The corrupt regime lied again.", "A shameful and disgraceful cover-up.",
          "The thugs smeared critics.", "Disgraceful lies from a corrupt gang."]
PLAIN = ["The council met on Tuesday.", "The bridge reopened after repairs.",
         "Rainfall was above average.", "The report was published in June."]


def test_columns_read_only_the_other_sentences_of_the_article() -> None:
    p = np.array([0.1, 0.9, 0.3, 0.8, 0.5])
    groups = ["a", "b", "a", "b", "a"]  # interleaved: a = rows 0, 2, 4 in that order
    out = context_columns(p, groups, prior=0.2)
    assert out.shape == (5, len(CONTEXT_FEATURES))
    expit = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    assert expit(out[0, COL["context__others_mean"]]) == pytest.approx(0.4)  # (0.3 + 0.5) / 2
    assert expit(out[2, COL["context__others_max"]]) == pytest.approx(0.5)  # not its own 0.3
    assert expit(out[3, COL["context__others_max"]]) == pytest.approx(0.9)
    assert expit(out[1, COL["context__others_max"]]) == pytest.approx(0.8)  # the best row sees the runner-up
    assert expit(out[2, COL["context__previous"]]) == pytest.approx(0.1)
    assert expit(out[2, COL["context__next"]]) == pytest.approx(0.5)
    assert expit(out[0, COL["context__previous"]]) == pytest.approx(0.2)  # nothing before: prior
    assert out[[0, 2, 4], COL["context__position"]].tolist() == [0.0, 0.5, 1.0]
    assert out[1, COL["context__log_sentences"]] == pytest.approx(np.log(2))
    # A row's own probability never enters its own columns.
    changed = p.copy()
    changed[2] = 0.99
    again = context_columns(changed, groups, prior=0.2)
    assert np.array_equal(again[2], out[2])
    assert not np.array_equal(again[0], out[0])
    assert np.array_equal(again[[1, 3]], out[[1, 3]])  # another article is untouched


def test_lone_sentence_and_empty_input_get_the_prior() -> None:
    out = context_columns(np.array([0.7]), [0], prior=0.25)
    probability_columns = [COL[n] for n in CONTEXT_FEATURES[:5]]
    assert np.allclose(out[0, probability_columns], logit(np.array(0.25)))
    assert out[0, COL["context__position"]] == 0.0
    assert context_columns(np.zeros(0), [], prior=0.3).shape == (0, len(CONTEXT_FEATURES))


def _articles(n_articles: int = 12, per: int = 8):
    """Articles that are either loaded throughout or plain throughout (context is informative)."""
    texts, y, groups = [], [], []
    rng = np.random.default_rng(0)
    for a in range(n_articles):
        loaded = a % 2 == 0
        for k in range(per):
            # Half the sentences of a loaded article are plain in wording but still labelled positive.
            wording = LOADED if loaded and k % 2 == 0 else PLAIN
            texts.append(wording[rng.integers(len(wording))])
            y.append(int(loaded))
            groups.append(f"art{a}")
    return texts, np.array(y), np.array(groups)


def test_fit_head_feeds_stage_two_out_of_fold_probabilities(monkeypatch) -> None:
    texts, y, groups = _articles()
    X = SentenceEncoder(min_df=1).fit(texts).transform(texts)
    seen = {}
    real = fit.fit_context

    def spy(head, oof, y_, groups_, cv, metric, plain_score):
        seen.update(oof=oof.copy(), cv=cv)
        return real(head, oof, y_, groups_, cv, metric, plain_score)

    monkeypatch.setattr(fit, "fit_context", spy)
    head = fit.fit_head(X, y, groups, "f1", context=True)
    # The article-grouped folds: no article is on both sides.
    for train, test in seen["cv"]:
        assert not set(groups[train]) & set(groups[test])
    # The probabilities stage 2 learned from are some C's cross-validated ones on those folds,
    # not the final head's own (in-sample) scores.
    oofs = [cross_val_predict(LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=3000),
                              X, y, cv=seen["cv"], method="predict_proba")[:, 1] for c in config.C_GRID]
    assert any(np.allclose(seen["oof"], o) for o in oofs)
    in_sample = LinearHead(head.coef, head.intercept, 0.5).predict_proba(X)
    assert not np.allclose(seen["oof"], in_sample)


def test_context_head_uses_the_article_and_scores_through_the_bundle() -> None:
    texts, y, groups = _articles()
    X = SentenceEncoder(min_df=1).fit(texts).transform(texts)
    cv = list(GroupKFold(n_splits=3).split(X, y, groups))
    oof = cross_val_predict(LogisticRegression(C=1.0, class_weight="balanced", solver="liblinear"),
                            X, y, cv=cv, method="predict_proba")[:, 1]
    plain = LinearHead.from_estimator(LogisticRegression(C=1.0, class_weight="balanced",
                                                         solver="liblinear").fit(X, y), 0.5)
    head = fit.fit_context(plain, oof, y, groups, cv, "f1", plain_score=0.0)
    assert head is not None and head.context is not None
    assert head.context.coef[COL["context__others_mean"]] > 0  # a loaded article lifts its sentences
    # A plain sentence scores higher among loaded sentences than among plain ones.
    sentence = PLAIN[0]
    enc = SentenceEncoder(min_df=1).fit(texts)
    among_loaded = head.predict_proba(enc.transform([sentence] + LOADED))[0]
    among_plain = head.predict_proba(enc.transform([sentence] + PLAIN[1:]))[0]
    assert among_loaded > among_plain
    # Alone in its own group, the same rows get no lift from each other.
    alone = head.predict_proba(enc.transform([sentence] + LOADED), groups=np.arange(5))[0]
    assert alone < among_loaded


@pytest.fixture(scope="module")
def context_bundle() -> SentenceBundle:
    texts = LOADED * 5 + PLAIN * 5
    encoder = SentenceEncoder(min_df=1, surface=True).fit(texts)
    y = np.array([1] * 20 + [0] * 20)
    plain = fit.fit_head(encoder.transform(texts), y, np.arange(40) % 4, "f1")
    stage = ContextStage(0.8, plain.intercept, np.linspace(0.5, -0.2, len(CONTEXT_FEATURES)), 0.3)
    head = LinearHead(0.8 * plain.coef, 0.8 * plain.intercept - 0.1, 0.5, stage)
    return SentenceBundle(encoder, {"loaded_language": head, "propaganda": head, "hedging": plain})


def _inputs(texts: list[str]):
    docs = [parse(t) for t in texts]
    atts = [find_attributions(d) for d in docs]
    return docs, [extract_all(d, a) for d, a in zip(docs, atts)], atts


def test_refine_many_equals_refine_with_context_heads(context_bundle) -> None:
    docs, evs, atts = _inputs(["The council met on Tuesday. The corrupt regime lied again!",
                               "", "– ADVERTISEMENT –\nThugs smeared critics, a disgraceful cover-up.",
                               "Rainfall was above average. " * 20, "One lone disgraceful sentence."])
    many = context_bundle.refine_many(docs, evs, atts)
    for (ev_m, p_m), d, e, a in zip(many, docs, evs, atts):
        ev_1, p_1 = context_bundle.refine(d, e, a)
        assert ev_m == ev_1
        assert all(np.array_equal(p_m[k], p_1[k]) for k in p_1)


def test_page_furniture_is_no_context(context_bundle) -> None:
    body = "The council met on Tuesday.\nThe corrupt regime lied again, a disgraceful cover-up."
    docs, evs, atts = _inputs([body, "– ADVERTISEMENT –\n" + body])
    (_, plain), (_, with_ad) = context_bundle.refine_many(docs, evs, atts)
    assert with_ad["propaganda"][0] == 0.0
    assert np.allclose(with_ad["propaganda"][1:], plain["propaganda"])


def test_heads_pickled_before_context_load_and_score_as_before() -> None:
    head = LinearHead(np.array([1.0, -2.0]), 0.5, 0.4)
    del head.context  # the attributes an old head was pickled with
    old = pickle.loads(pickle.dumps(head))
    assert old.context is None
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert np.array_equal(old.predict_proba(X), 1 / (1 + np.exp(-(X @ head.coef + 0.5))))
    assert np.array_equal(old.predict_proba(X, groups=np.array([0, 0])), old.predict_proba(X))


def test_shipped_model_has_context_only_where_config_asks() -> None:
    from reliability import config
    from reliability.model import default_model

    bundle = default_model().bundle
    with_context = {name for name, h in bundle.heads.items() if h.context is not None}
    assert with_context and with_context <= set(config.CONTEXT_HEADS)
    docs, evs, atts = _inputs(["The corrupt regime lied again. The council met on Tuesday."])
    X, probs = bundle.probabilities(docs[0], evs[0], atts[0])
    for name, head in bundle.heads.items():
        if head.context is None:  # a plain head is exactly its linear model
            expected = 1 / (1 + np.exp(-(X @ head.coef + head.intercept)))
            assert np.array_equal(probs[name], expected)
        else:  # a context head is shifted by the article's other sentences, not by itself
            assert ((probs[name] > 0) & (probs[name] < 1)).all()


def test_context_bundle_survives_pickling(context_bundle) -> None:
    again = pickle.loads(pickle.dumps(context_bundle))
    docs, evs, atts = _inputs(["The council met on Tuesday. The corrupt regime lied again!"])
    _, p = context_bundle.refine(docs[0], evs[0], atts[0])
    _, q = again.refine(docs[0], evs[0], atts[0])
    assert again.heads["propaganda"].context is not None
    assert all(np.array_equal(p[k], q[k]) for k in p)
