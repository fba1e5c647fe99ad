"""Tests for the corpus readers (ptc, basil, articles, sources, pairs) and the baseline helpers.

Pure helpers are tested on text written here; readers are checked against the data folder when
it is present (RELIABILITY_DATA or ../shared/data), and skipped with a reason otherwise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reliability.corpora import DataMissing, basil, ptc
from reliability.corpora import articles as art
from reliability.corpora import pairs, sources
from reliability.corpora.sources import normalise_domain, outlet_key
from reliability.evaluation import baselines

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("RELIABILITY_DATA") or ROOT.parent / "shared" / "data")
SPLITS = ROOT / "labels" / "splits"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"data folder {DATA} absent (set RELIABILITY_DATA)")


def visible(key: str) -> int:
    return json.loads((DATA / "COUNTS.json").read_text(encoding="utf-8"))[key]["visible"]


# ---------------------------------------------------------------- domains

@pytest.mark.parametrize("raw, domain", [
    ("https://WWW.Example.com:8080/a?b=1", "example.com"),
    ("example.com/a", "example.com"),
    ("www.example.com", "example.com"),
    ("http://www2.example.co.uk/", "example.co.uk"),
    ("//news.example.org", "news.example.org"),
    ("example.com.", "example.com"),
    ("http://user:pw@example.net/x", "example.net"),
    ("www", "www"),  # a host that is only "www" keeps it: nothing follows to strip to
    ("", ""),
    ("   ", ""),
    (None, ""),
    ("http://[::1", ""),  # malformed, must not raise
    ("<a href='x'>", "<a href='x'>"),  # not a URL: passed through lower-cased, never raises
])
def test_normalise_domain(raw, domain):
    assert normalise_domain(raw) == domain


@pytest.mark.parametrize("raw, key", [
    ("http://author.example.org/post", "example.org"),
    ("https://politi.co/abc", "politico.com"),
    ("http://cnn.it/x", "cnn.com"),
    ("http://goo.gl/x", "goo.gl"),  # generic shortener: not resolved to an outlet
    ("https://news.bbc.co.uk/1", "bbc.co.uk"),
    ("https://example.com.au/x", "example.com.au"),
    ("https://example.de", "example.de"),
    ("", ""),
])
def test_outlet_key(raw, key):
    assert outlet_key(raw) == key


def test_normalise_domain_long_and_non_english():
    assert normalise_domain("https://" + "a" * 100_000 + ".com/") == "a" * 100_000 + ".com"
    assert normalise_domain("https://www.bücher.de/x") == "bücher.de"


# ---------------------------------------------------------------- span/unit overlap

@pytest.mark.parametrize("marks, expected", [
    ([("A", 0, 3)], [{"A"}, set(), set()]),
    ([("A", 3, 5)], [set(), set(), set()]),  # the gap between units touches nothing
    ([("A", 2, 7)], [{"A"}, {"A"}, set()]),  # crosses a boundary: both units carry it
    ([("A", 0, 20)], [{"A"}, {"A"}, {"A"}]),
    ([("A", 4, 5), ("B", 12, 13)], [set(), set(), {"B"}]),
    ([("A", 6, 6)], [set(), set(), set()]),  # zero-length marks overlap nothing
    ([], [set(), set(), set()]),
])
def test_overlapping(marks, expected):
    assert ptc.overlapping([(0, 3), (5, 9), (10, 14)], marks) == expected


def test_overlapping_no_units():
    assert ptc.overlapping([], [("A", 0, 5)]) == []


# ---------------------------------------------------------------- BASIL text assembly

def test_assemble_offsets_index_the_text():
    title = "A made-up headline"
    paragraphs = [["First made-up sentence.", "Second one. "], [""], ["Third, after an empty one."]]
    text, offsets = basil.assemble(title, paragraphs)
    pieces = [title] + [s for p in paragraphs for s in p]
    assert [text[a:b] for a, b in offsets] == pieces
    assert text.count("\n") == len(paragraphs)
    assert "  " not in text  # no doubled space after a sentence that already ends in one


def test_assemble_empty():
    assert basil.assemble("", []) == ("", [(0, 0)])


# ---------------------------------------------------------------- article helpers

@pytest.mark.parametrize("xml, expected", [
    ("<article>Lead <p>One <a href='x'>link</a> here.</p><p>Two.</p> tail</article>",
     "Lead\nOne link here.\nTwo.\ntail"),
    ("<article></article>", ""),
    ("<article>   \n  </article>", ""),
    ("<article><p>Überall \u201cQuote\u201d</p></article>", "Überall \u201cQuote\u201d"),
])
def test_element_text(xml, expected):
    import xml.etree.ElementTree as ET

    assert art._element_text(ET.fromstring(xml)) == expected


@pytest.mark.parametrize("mode, labels", [("drop", [1, 0]), ("negative", [1, 0, 0]), ("positive", [1, 0, 1])])
def test_apply_satire(mode, labels):
    df = pd.DataFrame({"label": [1, 0, 0], "kind": ["fake", "real", "satire"]})
    assert art._apply_satire(df, mode)["label"].tolist() == labels


def test_articles_rejects_unknown_names(tmp_path):
    with pytest.raises(ValueError):
        art.articles("nope", tmp_path)
    with pytest.raises(ValueError):
        art.articles("horne2017", tmp_path, satire="maybe")
    with pytest.raises(DataMissing):
        art.articles("horne2017", tmp_path)
    with pytest.raises(ValueError):
        sources.ratings("nope", tmp_path)
    with pytest.raises(ValueError):
        ptc.spans("test", tmp_path)


# ---------------------------------------------------------------- baseline helpers

def test_outlet_folds_keep_groups_whole():
    groups = pd.Series([f"g{i // 3}" for i in range(60)])
    y = pd.Series([(i // 3) % 2 for i in range(60)])
    folds = baselines.outlet_folds(groups, y, n_splits=5)
    assert set(folds) == set(range(5))
    assert pd.DataFrame({"g": groups, "f": folds}).groupby("g")["f"].nunique().max() == 1


def test_outlet_folds_fewer_groups_than_folds():
    folds = baselines.outlet_folds(pd.Series(["a", "a", "b", "b"]), pd.Series([0, 1, 0, 1]), n_splits=5)
    assert sorted(set(folds)) == [0, 1]


def test_predefined_split_follows_saved_table():
    table = pd.DataFrame({"id": ["x", "y", "z"], "fold": [1, 0, 1]})
    cv = baselines.predefined_split(table, pd.Series(["z", "x", "y", "x"]))
    assert cv.test_fold.tolist() == [1, 1, 0, 1]
    with pytest.raises(KeyError):
        baselines.predefined_split(table, pd.Series(["w"]))
    with pytest.raises(ValueError):
        baselines.predefined_split(pd.concat([table, table]), pd.Series(["x"]))


def test_tfidf_lr_learns_a_separable_toy_task():
    pos = [f"they are a disgraceful corrupt gang number {i}" for i in range(10)]
    neg = [f"the council met on tuesday to review item {i}" for i in range(10)]
    model = baselines.tfidf_lr().fit(pos + neg, [1] * 10 + [0] * 10)
    assert model.predict(["a corrupt disgraceful gang", "the council met on tuesday"]).tolist() == [1, 0]


# ---------------------------------------------------------------- readers on the real data

@pytest.fixture(scope="module")
def ptc_dev():
    return ptc.sentences("dev", DATA)


@needs_data
def test_ptc_counts_and_labels(ptc_dev):
    ids = {a for split in ptc.SPLITS for a, _ in ptc.ptc_articles(split, DATA)}
    assert len(ids) == visible("ptc2019 articles")
    assert ptc_dev["article_id"].nunique() == 57
    assert 0.15 < ptc_dev["propaganda"].mean() < 0.5
    assert (ptc_dev["loaded_family"] <= ptc_dev["propaganda"]).all()
    assert (ptc_dev["propaganda"] == ptc_dev["techniques"].map(bool)).all()


@needs_data
def test_ptc_sentence_offsets_index_the_article(ptc_dev):
    texts = dict(ptc.ptc_articles("dev", DATA))
    for r in ptc_dev.sample(200, random_state=0).itertuples():
        assert texts[r.article_id][r.start:r.end] == r.text


@needs_data
def test_ptc_lines_unit_and_spans():
    lines = ptc.sentences("dev", DATA, unit="line")
    assert lines["article_id"].nunique() == 57 and not lines["heading"].any()
    spans = ptc.spans("dev", DATA)
    assert set(spans.columns) == {"article_id", "technique", "start", "end"}
    assert (spans["end"] > spans["start"]).all()
    assert ptc.LOADED_FAMILY <= set(ptc.spans("train", DATA)["technique"])


@needs_data
def test_basil():
    arts, sp, sents = basil.articles(DATA), basil.spans(DATA), basil.sentences(DATA)
    assert len(arts) == visible("basil articles") and arts["article_id"].is_unique
    assert (arts.groupby("event_id")["outlet"].nunique() == 3).all()
    texts = arts.set_index("article_id")["text"]
    assert all(texts[r.article_id][r.start:r.end] == r.text for r in sp.itertuples())
    assert set(sp["bias"]) == {"lexical", "informational"}
    assert 0.02 < sents["lexical"].mean() < 0.2


@needs_data
@pytest.mark.parametrize("name, kwargs, key", [
    ("hyperpartisan2019", {}, "hyperpartisan2019 articles (by outlet)"),
    ("fakenewsnet2017", {}, "fakenewsnet2017 articles"),
    ("horne2017", {"satire": "negative"}, "horne2017 articles"),
    ("golbeck2018", {"include_unvetted": True}, "golbeck2018 articles (by outlet)"),
])
def test_article_counts(name, kwargs, key):
    assert len(art.articles(name, DATA, **kwargs)) == visible(key)


@needs_data
@pytest.mark.parametrize("name", art.NAMES)
def test_article_labels_and_groups(name):
    df = art.articles(name, DATA)
    assert list(df.columns[:6]) == art.COLUMNS
    assert df["id"].is_unique
    assert set(df["label"]) == {0, 1} and 0.3 < df["label"].mean() < 0.7
    assert (df["group"].str.len() > 0).all()
    # Nothing that names the outlet reaches the model's columns.
    assert not {"url", "source", "URL of article"} & set(df.columns)


@needs_data
def test_article_defaults_for_satire():
    assert "satire" not in set(art.articles("horne2017", DATA)["kind"])
    golbeck = art.articles("golbeck2018", DATA)
    assert set(golbeck.loc[golbeck["kind"] == "satire", "label"]) == {0}


@needs_data
@pytest.mark.parametrize("name, column, values", [
    ("baly2018", "fact", {"high", "mixed", "low"}),
    ("mbfc_osome2023", "fact", {"high", "mixed", "low"}),
])
def test_ratings(name, column, values):
    df = sources.ratings(name, DATA)
    assert set(df[column].dropna()) == values
    assert (df["domain"] != "").mean() > 0.99
    assert not df["domain"].str.startswith("www.").any()


@needs_data
def test_lin_ratings_and_baly_splits():
    lin = sources.ratings("lin2023", DATA)
    assert lin["pc1"].between(0, 1).all() and len(lin) > 10_000
    splits = sources.baly_splits(DATA)
    baly_ids = set(sources.ratings("baly2018", DATA)["source_id"])
    assert set(splits) == set(range(5)) and set(splits[0]["test"]) <= baly_ids


@needs_data
def test_pairs():
    sick = pairs.sick(DATA)
    assert set(sick["label"]) == set(pairs.SICK_LABELS) and sick["pair_id"].is_unique
    fnc = pairs.fnc1(DATA)
    assert set(fnc["stance"]) == set(pairs.FNC_STANCES) and (fnc["body"] != "").all()


# ---------------------------------------------------------------- saved split lists

@needs_data
@pytest.mark.skipif(not (SPLITS / "hyperpartisan2019.tsv").is_file(), reason="split lists not written yet")
@pytest.mark.parametrize("name", art.NAMES)
def test_saved_article_folds_match_corpus(name):
    table = baselines.read_split(name, SPLITS)
    df = art.articles(name, DATA)
    assert sorted(table["id"]) == sorted(df["id"])
    assert table.groupby("group")["fold"].nunique().max() == 1
    assert set(table.columns) == {"id", "group", "label", "fold"}


@needs_data
@pytest.mark.skipif(not (SPLITS / "basil.tsv").is_file(), reason="split lists not written yet")
def test_saved_basil_and_ptc_splits():
    b = baselines.read_split("basil", SPLITS)
    assert b.groupby("event_id")["fold"].nunique().max() == 1 and len(b) == 240
    p = baselines.read_split("ptc2019", SPLITS)
    assert p["split"].value_counts().to_dict() == {"train": 293, "dev": 57}
    assert np.array_equal(np.sort(b["fold"].unique()), np.arange(5))


@pytest.mark.parametrize("title, body, expected", [
    ("Headline", "Body.", "Headline\n\nBody."),
    ("", "Body.", "Body."),
    ("   ", "Body.", "Body."),
    (None, "Body.", "Body."),
    ("Headline", None, "Headline\n\n"),
])
def test_titled_text_is_what_the_article_model_reads(title, body, expected):
    df = pd.DataFrame({"title": [title], "text": [body]})
    assert art.titled_text(df).tolist() == [expected]
