"""Sentence-level learned markers: one shared encoder, one logistic-regression head per signal.

Every sentence is encoded once (word n-gram TF-IDF plus the rule extractors' own outputs and
attribution context, punctuation and casing cues from :mod:`reliability.sentence_columns`, and, when trained with expert word marks,
per-word bias rates from :mod:`reliability.word_bias`), and each head is a linear model over
that one matrix. One transform per article keeps scoring fast; linear heads keep every decision explainable: the n-grams that
pushed a sentence up become its learned cues. A head may also read its article
(:mod:`reliability.sentence_context`): a few columns from the other sentences' scores.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.utils.validation import check_is_fitted

from reliability import config
from reliability.lexicon import function_words
from reliability.markers import MARKER_NAMES
from reliability.records import Attribution, Evidence
# The column builders live in sentence_columns; they are re-exported here for existing importers.
from reliability.sentence_columns import RULE_FEATURES, SURFACE_FEATURES, rule_matrix, surface_matrix
from reliability.sentence_blend import pool, pool_threshold, pool_weights
from reliability.sentence_context import ContextStage
from reliability.term_spans import term_spans
from reliability.text import Doc
from reliability.vectorizer import CompactTfidfVectorizer
from reliability.word_bias import WORD_BIAS_FEATURES, WordBiasRates

#: Separator of the feature names a pickled SentenceBundle stores as one string.
_NAME_SEP = "\x00"

def _append_dense(words: sparse.csr_matrix, dense: np.ndarray) -> sparse.csr_matrix:
    """``sparse.hstack([words, csr_matrix(dense)], format="csr")`` built in one go.

    Row by row: the row's word entries, then the non-zero dense entries (columns shifted past
    the words), in float64, the very matrix ``hstack`` returns; it is called once per article,
    and ``hstack``'s generic stacking cost more than the product with the heads.
    """
    words = words.tocsr()
    n_rows, n_words = words.shape
    dense = np.asarray(dense, dtype=np.float64)
    rows, cols = np.nonzero(dense)  # row-major order: sorted by row, then column
    per_row = np.bincount(rows, minlength=n_rows)
    word_counts = np.diff(words.indptr)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(word_counts + per_row, out=indptr[1:])
    nnz = int(indptr[-1])
    data = np.empty(nnz, dtype=np.float64)
    indices = np.empty(nnz, dtype=np.int64)
    # Position of each word entry: its row's start plus its rank within the row.
    word_rows = np.repeat(np.arange(n_rows), word_counts)
    word_pos = indptr[word_rows] + (np.arange(len(words.data)) - words.indptr[word_rows])
    data[word_pos] = words.data
    indices[word_pos] = words.indices
    dense_start = np.repeat(indptr[:-1] + word_counts, per_row)
    dense_pos = dense_start + (np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row))
    data[dense_pos] = dense[rows, cols]
    indices[dense_pos] = cols + n_words
    return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, n_words + dense.shape[1]))


class SentenceEncoder(TransformerMixin, BaseEstimator):
    """Encode sentences as word n-gram TF-IDF next to their rule (and word-bias) features.

    Args:
        ngram_range: Word n-gram lengths.
        min_df: Drop n-grams seen in fewer sentences than this (noise, and model size).
        max_features: Keep at most this many n-grams (the most frequent).
        rule_weight: Scale of the rule columns relative to the unit-norm TF-IDF row.
        word_bias: Unfitted :class:`~reliability.word_bias.WordBiasRates` to learn from
            expert word marks passed to :meth:`fit`, or None for no word-bias columns.
        surface: Add the :data:`SURFACE_FEATURES` columns.
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 2), min_df: int = 2,
                 max_features: int | None = 150_000, rule_weight: float = 1.0,
                 word_bias: WordBiasRates | None = None, surface: bool = False) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.rule_weight = rule_weight
        self.word_bias = word_bias
        self.surface = surface

    def __setstate__(self, state: dict) -> None:
        # Models pickled before word-bias columns existed: no word bias, same columns as then.
        state.setdefault("word_bias", None)
        state.setdefault("word_bias_", None)
        state.setdefault("surface", False)
        super().__setstate__(state)

    def fit(self, texts: Sequence[str], y=None, bias_texts: Sequence[str] | None = None,
            bias_marked: Sequence[Sequence[str]] | None = None) -> SentenceEncoder:
        """Learn the n-gram vocabulary and IDF weights from ``texts``.

        Args:
            texts: Sentences (unlabelled).
            y: Ignored.
            bias_texts: Training sentences with expert word marks (for ``word_bias``).
            bias_marked: The words marked in each of ``bias_texts``.
        """
        self.vectorizer_ = CompactTfidfVectorizer(ngram_range=self.ngram_range, min_df=self.min_df,
                                                  max_features=self.max_features, sublinear_tf=True,
                                                  dtype=np.float32)
        self.vectorizer_.fit(texts)
        self.n_text_features_ = len(self.vectorizer_.vocabulary_)
        self.word_bias_ = None
        if self.word_bias is not None and bias_texts is not None and len(bias_texts):
            self.word_bias_ = clone(self.word_bias).fit(list(bias_texts), list(bias_marked))
        return self

    def transform(self, texts: Sequence[str], rules: np.ndarray | None = None,
                  bias: np.ndarray | None = None) -> sparse.csr_matrix:
        """Return ``[tfidf(texts) | rule_weight * rules | surface | word bias]`` as one sparse matrix.

        Args:
            texts: Sentences.
            rules: Their :func:`rule_matrix` rows (zeros when None).
            bias: Word-bias features to use instead of the fitted rates' (out-of-fold values
                for the rows the rates were learned from); ignored without word bias.
        """
        check_is_fitted(self, "vectorizer_")
        words = self.vectorizer_.transform(texts)
        if rules is None:
            rules = np.zeros((len(texts), len(RULE_FEATURES)))
        dense = np.asarray(rules, dtype=np.float64) * self.rule_weight
        if self.surface:
            dense = np.hstack([dense, surface_matrix(texts)])
        if self.word_bias_ is not None:
            dense = np.hstack([dense, self.word_bias_.transform(texts) if bias is None else bias])
        return _append_dense(words, dense)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return the n-grams, :data:`RULE_FEATURES`, then any surface and word-bias feature names."""
        check_is_fitted(self, "vectorizer_")
        parts = [self.vectorizer_.get_feature_names_out(), np.array(RULE_FEATURES)]
        if self.surface:
            parts.append(np.array(SURFACE_FEATURES))
        if self.word_bias_ is not None:
            parts.append(self.word_bias_.get_feature_names_out())
        return np.concatenate(parts)


class LinearHead:
    """A fitted binary linear classifier reduced to what scoring needs.

    Args:
        coef: Weights over the encoder's columns.
        intercept: Bias.
        threshold: Probability at or above which a sentence is flagged (tuned on dev/CV).
        context: For a context head (:mod:`reliability.sentence_context`), its stage 1 and the
            weights of the context columns; ``coef`` and ``intercept`` are then stage 2's.
    """

    def __init__(self, coef: np.ndarray, intercept: float, threshold: float,
                 context: ContextStage | None = None) -> None:
        self.coef = np.asarray(coef, dtype=np.float64).ravel()
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.context = context

    def __setstate__(self, state: dict) -> None:
        # Heads pickled before context heads existed are plain heads, scoring as they did.
        state.setdefault("context", None)
        self.__dict__.update(state)

    @classmethod
    def from_estimator(cls, estimator, threshold: float) -> LinearHead:
        """Take the weights of a fitted scikit-learn linear classifier."""
        return cls(estimator.coef_, float(np.ravel(estimator.intercept_)[0]), threshold)

    def predict_proba(self, X: sparse.csr_matrix, groups: np.ndarray | None = None) -> np.ndarray:
        """Return the positive-class probability of each row.

        Args:
            X: Encoded sentences.
            groups: Article of each row (reading order within an article), read by a context
                head only; None means the rows are one article.
        """
        words = X @ self.coef
        z = words + self.intercept
        if self.context is not None:
            z = z + self.context.shift(words, np.zeros(X.shape[0]) if groups is None else groups)
        return 1.0 / (1.0 + np.exp(-z))

    def top_terms(self, X: sparse.csr_matrix, row: int, names: np.ndarray, n_text: int,
                  k: int = 3) -> list[str]:
        """Return the n-grams of ``row`` that pushed its score up most (largest weight x value)."""
        lo, hi = X.indptr[row], X.indptr[row + 1]  # the row's entries, without building a matrix
        cols, vals = X.indices[lo:hi], X.data[lo:hi]
        keep = cols < n_text
        cols, vals = cols[keep], vals[keep]
        contrib = vals * self.coef[cols]
        order = np.argsort(-contrib)
        skip = function_words()
        out = []
        for i in order:
            term = str(names[cols[i]])
            if contrib[i] <= 0 or len(out) == k:
                break
            # "he", "is", "with the" carry weight in a linear model but explain nothing to a reader.
            if all(w in skip for w in term.split()):
                continue
            out.append(term)
        return out


def _article_groups(boiler: np.ndarray, article: np.ndarray) -> np.ndarray:
    """Context group of every sentence row: its article, or a group of its own for page furniture.

    Training tables hold no boilerplate rows, so furniture is no context for a sentence there;
    a group of its own keeps it out of its article's context here too.
    """
    groups = np.asarray(article, dtype=np.int64).copy()
    groups[boiler] = -1 - np.flatnonzero(boiler)
    return groups


class SentenceBundle:
    """The fitted encoder and heads; turns rule evidence into learned evidence.

    Args:
        encoder: A fitted :class:`SentenceEncoder`.
        heads: ``{name: LinearHead}``; names that are markers produce evidence, others (such
            as ``propaganda``) are extra article signals only.
        blends: ``{marker: head names}`` for markers whose strength pools several heads
            (:mod:`reliability.sentence_blend`); every head still gives its own article signal.
    """

    def __init__(self, encoder: SentenceEncoder, heads: dict[str, LinearHead],
                 blends: dict[str, tuple[str, ...]] | None = None) -> None:
        self.encoder = encoder
        self.heads = heads
        self.blends = {m: tuple(p) for m, p in (blends or {}).items()}
        unknown = sorted({h for p in self.blends.values() for h in p} - set(heads))
        if unknown:
            raise ValueError(f"blends name heads that are not fitted: {unknown}")
        self.names_ = encoder.get_feature_names_out()

    def evidence_heads(self) -> dict[str, LinearHead]:
        """The head that decides each marker's evidence: its own, or its pooled heads as one.

        A pooled head's weights are the mean of its heads' (they explain its flags) and its
        threshold the pooled thresholds; its probabilities come from :func:`pool`.
        """
        cached = self.__dict__.get("_deciders")
        if cached is not None:
            return cached
        out = {m: h for m, h in self.heads.items() if m in MARKER_NAMES}
        for marker, parts in self.blends.items():
            heads = [self.heads[p] for p in parts]
            out[marker] = LinearHead(pool_weights([h.coef for h in heads]),
                                     float(np.mean([h.intercept for h in heads])),
                                     pool_threshold([h.threshold for h in heads]))
        self._deciders = out  # heads are fixed once fitted; the mean weights cost ~1 ms per call
        return out

    def __getstate__(self) -> dict:
        # joblib reads an object array of ~100,000 strings with the pure-Python unpickler
        # (0.29 s of CPU at every cold start); one joined string loads in about 0.01 s.
        state = dict(self.__dict__)
        state.pop("_deciders", None)  # a cache, rebuilt on first use
        names = state["names_"]
        if all(isinstance(n, str) and _NAME_SEP not in n for n in names):
            state["names_"] = _NAME_SEP.join(names)
        return state

    def __setstate__(self, state: dict) -> None:
        names = state["names_"]
        if isinstance(names, str):  # joined by __getstate__; older pickles hold the array itself
            state["names_"] = np.array(names.split(_NAME_SEP), dtype=object)
        state.setdefault("blends", {})  # bundles pickled before pooled markers: one head each
        self.__dict__.update(state)

    def _bias_words(self, head: LinearHead, sentence: str, terms: list[str], k: int = 3) -> list[str]:
        """Words with a high learned bias rate, as extra cues when the head weighs them up."""
        rates = self.encoder.word_bias_
        if rates is None or len(terms) >= k:
            return []
        # The word-bias columns come last (see SentenceEncoder.transform): no search over names.
        col = len(self.names_) - len(WORD_BIAS_FEATURES)
        if self.names_[col] != WORD_BIAS_FEATURES[0] or head.coef[col] <= 0:
            return []
        shown = {w for t in terms for w in t.lower().split()}
        return [w for w in rates.top_words(sentence) if w not in shown][:k - len(terms)]

    def probabilities(self, doc: Doc, evidence: Sequence[Evidence],
                      attributions: Sequence[Attribution]) -> tuple[sparse.csr_matrix, dict[str, np.ndarray]]:
        """Return the encoded sentences and each head's probability per sentence."""
        if not doc.sentences:
            return sparse.csr_matrix((0, len(self.names_))), {h: np.zeros(0) for h in self.heads}
        texts = [doc.text[s.start:s.end] for s in doc.sentences]
        X = self.encoder.transform(texts, rule_matrix(doc, evidence, attributions))
        boiler = np.array([s.boilerplate for s in doc.sentences])
        groups = _article_groups(boiler, np.zeros(len(boiler), dtype=np.int64))
        probs = {}
        for name, head in self.heads.items():
            p = head.predict_proba(X, groups)
            p[boiler] = 0.0  # page furniture is never evidence
            probs[name] = p
        return X, probs

    def refine(self, doc: Doc, evidence: Sequence[Evidence],
               attributions: Sequence[Attribution]) -> tuple[list[Evidence], dict[str, np.ndarray]]:
        """Replace rule strengths by learned probabilities for every marker that has a head.

        A sentence is evidence when its head probability reaches the head's threshold. It keeps
        the rule extractor's cues and reason when the rule fired; otherwise its cues are the
        n-grams that pushed the head up, so even a purely learned flag shows its words.
        Markers without a head (contradictions) keep their rule evidence.

        Returns:
            ``(evidence sorted by start, {head name: per-sentence probabilities})``.
        """
        return self._refined(doc, evidence, *self.probabilities(doc, evidence, attributions))

    def refine_many(self, docs: Sequence[Doc], evidences: Sequence[Sequence[Evidence]],
                    attributions: Sequence[Sequence[Attribution]]
                    ) -> list[tuple[list[Evidence], dict[str, np.ndarray]]]:
        """:meth:`refine` for many articles, encoding all their sentences in one call.

        The result equals :meth:`refine` article by article: every row is encoded and scored
        on its own, so stacking the articles changes no number; it only pays the vectorizer's
        per-call costs once per batch.
        """
        bounds, texts, rules = [0], [], []
        for doc, ev, att in zip(docs, evidences, attributions):
            if doc.sentences:
                texts += [doc.text[s.start:s.end] for s in doc.sentences]
                rules.append(rule_matrix(doc, ev, att))
            bounds.append(len(texts))
        if not texts:
            return [self.refine(d, e, a) for d, e, a in zip(docs, evidences, attributions)]
        X = self.encoder.transform(texts, np.vstack(rules))
        boiler = np.array([s.boilerplate for doc in docs for s in doc.sentences])
        groups = _article_groups(boiler, np.repeat(np.arange(len(docs)), np.diff(bounds)))
        probs = {}
        for name, head in self.heads.items():
            probs[name] = head.predict_proba(X, groups)
            probs[name][boiler] = 0.0  # page furniture is never evidence
        return [self._refined(doc, ev, X[a:b], {n: p[a:b] for n, p in probs.items()})
                for doc, ev, a, b in zip(docs, evidences, bounds, bounds[1:])]

    def _refined(self, doc: Doc, evidence: Sequence[Evidence], X: sparse.csr_matrix,
                 probs: dict[str, np.ndarray]) -> tuple[list[Evidence], dict[str, np.ndarray]]:
        """The evidence of :meth:`refine` from the article's encoded sentences and probabilities."""
        by_key = {(e.marker, e.sentence): e for e in evidence}
        deciders = self.evidence_heads()
        out = [e for e in evidence if e.marker not in deciders]
        n_text = self.encoder.n_text_features_
        for name, head in deciders.items():
            marker_p = pool([probs[p] for p in self.blends[name]]) if name in self.blends else probs[name]
            for i in np.flatnonzero(marker_p >= head.threshold):
                s = doc.sentences[i]
                p = float(marker_p[i])
                rule = by_key.get((name, int(i)))
                if rule is not None:
                    out.append(Evidence(name, int(i), s.start, s.end, p, rule.cues, rule.why, rule.related))
                    continue
                if p < config.LEARNED_ONLY_MIN_PROBABILITY:
                    continue
                terms = head.top_terms(X, int(i), self.names_, n_text)
                terms += self._bias_words(head, doc.text[s.start:s.end], terms)
                cues = tuple(term_spans(doc.text, s.start, s.end, terms))
                shown = ", ".join(f"'{c.text}'" for c in cues) or "its overall wording"
                out.append(Evidence(name, int(i), s.start, s.end, p, cues,
                                    f"learned signal: wording such as {shown}"))
        order = {m: k for k, m in enumerate(MARKER_NAMES)}
        return sorted(out, key=lambda e: (e.start, order[e.marker])), probs
