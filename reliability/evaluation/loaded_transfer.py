"""Loaded language on BASIL: the shipped marker on news articles it never trained on.

BASIL (Fan et al. 2019) marks lexical bias in whole news articles (240 here: 80 events, each told by
Fox News, the New York Times and the Huffington Post). No head learns from it, so it measures
how the loaded-language marker transfers to full articles from other outlets and years. A
sentence counts as positive when a lexical-bias span overlaps it and as flagged when the
profile holds ``loaded_language`` evidence for it. Beside it, the TF-IDF + logistic regression
baseline is trained *on BASIL itself*, in event-grouped folds (the three tellings of an event
stay in one fold): an in-domain reference that our zero-shot marker is not given.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold

from reliability.corpora import basil
from reliability.corpora.ptc import overlapping
from reliability.text import parse

#: Event-grouped folds of the in-domain baseline.
FOLDS = 5


def sentence_rows(data, articles=None) -> tuple[list[str], np.ndarray, np.ndarray, list[tuple[str, int]]]:
    """Every non-boilerplate sentence of every BASIL article, in our own sentence split.

    Args:
        data: Data folder.
        articles: ``basil.articles(data)``, when the caller has read them already.

    Returns:
        ``(texts, labels, events, keys)``: label 1 when a lexical-bias span overlaps the
        sentence; ``keys`` are ``(article_id, sentence index)``.
    """
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for r in basil.spans(data).itertuples(index=False):
        if r.bias == "lexical":
            spans.setdefault(r.article_id, []).append((r.bias, r.start, r.end))
    texts, labels, events, keys = [], [], [], []
    articles = basil.articles(data) if articles is None else articles
    for a in articles.sort_values("article_id").itertuples(index=False):
        sentences = parse(a.text).sentences
        marked = overlapping([(s.start, s.end) for s in sentences], spans.get(a.article_id, ()))
        for i, (s, kinds) in enumerate(zip(sentences, marked)):
            if s.boilerplate:
                continue
            texts.append(a.text[s.start:s.end])
            labels.append(int(bool(kinds)))
            events.append(a.event_id)
            keys.append((a.article_id, i))
    return texts, np.array(labels), np.array(events), keys


def evaluate(data, scorer) -> dict:
    """Sentence precision, recall and F1 of the shipped marker and of the in-domain baseline."""
    from reliability.evaluation.model import baseline

    articles = basil.articles(data)
    texts, y, events, keys = sentence_rows(data, articles)
    flagged: set[tuple[str, int]] = set()
    for a in articles.itertuples(index=False):
        profile = scorer.score(a.text, id=a.article_id)
        flagged.update((a.article_id, e.sentence) for e in profile.evidence if e.marker == "loaded_language")
    ours = np.array([k in flagged for k in keys], dtype=int)
    base = np.zeros(len(y), dtype=int)
    for train, test in GroupKFold(n_splits=FOLDS).split(texts, y, events):
        model = baseline().fit([texts[i] for i in train], y[train])
        base[test] = (model.predict_proba([texts[i] for i in test])[:, 1] >= 0.5).astype(int)

    def scores(pred: np.ndarray) -> dict:
        return {"precision": round(float(precision_score(y, pred, zero_division=0)), 3),
                "recall": round(float(recall_score(y, pred, zero_division=0)), 3),
                "f1": round(float(f1_score(y, pred, zero_division=0)), 3),
                "flagged": int(pred.sum())}

    return {"articles": len({k for k, _ in keys}), "sentences": len(y), "positives": int(y.sum()),
            "ours": scores(ours), "tfidf_baseline_in_domain": scores(base)}
