"""The packaged Porter stem table: same stems as nltk's stemmer, read only once it pays off."""

from __future__ import annotations

import pytest

from reliability import config
from reliability import quantities as q
from reliability.nltk_light import import_light


@pytest.fixture()
def fresh_stem(monkeypatch):
    """``stem`` with an empty cache, the table not yet read and no stemmer runs counted."""
    monkeypatch.setattr(q, "_stem_table", {})
    monkeypatch.setattr(q, "_stemmer_runs", 0)
    q.stem.cache_clear()
    yield q.stem
    q.stem.cache_clear()


def test_every_row_is_the_porter_stem_of_its_word() -> None:
    table = q.read_stem_table()
    stemmer = import_light("nltk.stem.porter").PorterStemmer()
    assert len(table) >= 20_000
    wrong = {w: s for w, s in table.items() if stemmer.stem(w) != s}
    assert not wrong, list(wrong.items())[:10]


def test_rows_are_stem_keys() -> None:
    """Keys are what stem() looks up: lowercased, ’ read as ', no whitespace, one row each."""
    table = q.read_stem_table()
    for word in table:
        assert word == word.lower().replace("’", "'") and word.split() == [word]
    for common in ("the", "said", "people", "government", "officials"):
        assert common in table


def test_stem_is_the_same_before_and_after_the_table_is_read(fresh_stem, monkeypatch) -> None:
    words = ["Running", "PEOPLE", "officials", "Government’s", "don’t", "it's", "x", "",
             "İstanbul", "ﬁnance", "Straße", "zyzzyvas", "well-known", "U.S.", "naïve", "12th"]
    stemmer = import_light("nltk.stem.porter").PorterStemmer()
    expected = [stemmer.stem(w.lower().replace("’", "'")) for w in words]
    before = [fresh_stem(w) for w in words]
    assert not q._stem_table  # too few stemmer runs to read the table
    monkeypatch.setattr(config, "STEMS_BEFORE_TABLE", q._stemmer_runs + 1)
    fresh_stem("qwertyuiop")  # the run that reads the table
    assert q._stem_table
    fresh_stem.cache_clear()
    after = [fresh_stem(w) for w in words]
    assert before == after == expected


def test_table_is_read_once_after_enough_stemmer_runs(fresh_stem, monkeypatch) -> None:
    monkeypatch.setattr(config, "STEMS_BEFORE_TABLE", 3)
    reads = []
    real = q.read_stem_table
    monkeypatch.setattr(q, "read_stem_table", lambda: reads.append(1) or real())
    for w in ("alpha", "beta"):
        fresh_stem(w)
    assert not reads
    for w in ("gamma", "delta", "epsilonic", "zetas"):
        fresh_stem(w)
    assert reads == [1]
