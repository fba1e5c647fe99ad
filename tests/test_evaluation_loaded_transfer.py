"""Loaded language on BASIL: sentence rows in our own split, scores of a flagger and of the baseline."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import DATA

from reliability.evaluation import extras
from reliability.evaluation.loaded_transfer import evaluate, sentence_rows

BASIL = DATA / "loaded" / "basil"
needs_basil = pytest.mark.skipif(not BASIL.is_dir(), reason=f"BASIL not found at {BASIL} (set RELIABILITY_DATA); CI has it")


@dataclass
class _Ev:
    marker: str
    sentence: int


@dataclass
class _Profile:
    evidence: list


class _FlagAll:
    """Flags every sentence of every article as loaded language."""

    def score(self, text: str, id: str | None = None) -> _Profile:
        from reliability.text import parse

        return _Profile([_Ev("loaded_language", i) for i in range(len(parse(text).sentences))]
                        + [_Ev("hedging", 0)])


class _FlagNone:
    def score(self, text: str, id: str | None = None) -> _Profile:
        return _Profile([_Ev("hedging", 0)])


@pytest.fixture(scope="module")
def rows():
    return sentence_rows(DATA)


@needs_basil
def test_sentence_rows_cover_every_article_in_reading_order(rows) -> None:
    texts, y, events, keys = rows
    assert len(texts) == len(y) == len(events) == len(keys) > 5000
    # Every event is told by three outlets.
    n_articles = len({a for a, _ in keys})
    assert n_articles >= 200 and len(set(events)) * 3 == n_articles
    # Sparse positives: BASIL marks a few hundred lexical-bias spans.
    assert 200 < y.sum() < 0.1 * len(y)
    # Within an article, sentence indices only grow.
    last = {}
    for a, i in keys:
        assert i > last.get(a, -1)
        last[a] = i


@needs_basil
def test_flagging_everything_recalls_all_and_nothing_recalls_none(rows) -> None:
    _, y, _, _ = rows
    everything = evaluate(DATA, _FlagAll())
    assert everything["ours"]["recall"] == 1.0 and everything["ours"]["flagged"] == len(y)
    assert everything["ours"]["precision"] == pytest.approx(y.mean(), abs=1e-3)
    nothing = evaluate(DATA, _FlagNone())
    assert nothing["ours"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "flagged": 0}
    # The in-domain baseline does not depend on the scorer.
    assert nothing["tfidf_baseline_in_domain"] == everything["tfidf_baseline_in_domain"]
    assert 0 < nothing["tfidf_baseline_in_domain"]["f1"] < 1


@needs_basil
def test_card_section_names_both_rows() -> None:
    out = extras.loaded_transfer(DATA, _FlagNone())
    assert out["section"].startswith("## Loaded language on BASIL (transfer)")
    assert "never trained on BASIL" in out["section"] and "event-grouped" in out["section"]
