"""WikiWeasel and BABE readers, and the sentence-level lexicon-marker evaluation."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from reliability.corpora import DataMissing, babe, wikiweasel
from reliability.evaluation.lexicon_markers import (Confusion, confusion, cue_overlap,
                                                    evaluate_hedging, evaluate_loaded,
                                                    format_table, word_coverage)
from reliability.records import Span
from tests.conftest import DATA, needs_data

# A tiny corpus in the WikiWeasel format, written for this test.
_XML = """<?xml version="1.0" encoding="UTF-8"?><Annotation><DocumentSet>
<Document type="Wikipedia_text_weasel"><DocID type="WIKIPEDIA_ARTICLE_ID">Alpha_1</DocID>
<DocumentPart type="Title"><Sentence id="S1.1">Alpha</Sentence></DocumentPart>
<DocumentPart type="Text"><Sentence id="S1.2">The tower <ccue type="speculation_modal_probable_">may</ccue> be older than the town.</Sentence><Sentence id="S1.3">It was rebuilt in 1902.</Sentence></DocumentPart></Document>
<Document type="Wikipedia_text_weasel"><DocID type="WIKIPEDIA_ARTICLE_ID">Beta_2</DocID>
<DocumentPart type="Text"><Sentence id="S1.2"><ccue type="speculation_hypo_condition _">If</ccue> rain falls, the match is <ccue type="speculation_hypo_doxastic _">thought to</ccue> move.</Sentence></DocumentPart></Document>
</DocumentSet></Annotation>"""

_CSV = """text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words
The senator slammed the shocking plan.;http://x.example/a;Outlet A;tax;left;Biased;Expresses writer's opinion;['slammed', 'shocking']
The council met on Monday.;http://x.example/b;Outlet B;tax;;Non-biased;Entirely factual;[]
"A ""quoted"" line; with a semicolon.";http://x.example/c;Outlet A;health;right;No agreement;No agreement;not a list
"""


@pytest.fixture()
def fake_data(tmp_path: Path) -> Path:
    weasel = tmp_path / "hedging" / "wikiweasel"
    weasel.mkdir(parents=True)
    with gzip.open(weasel / "wiki.xml.gz", "wt", encoding="utf-8") as fh:
        fh.write(_XML)
    folder = tmp_path / "loaded" / "babe"
    folder.mkdir(parents=True)
    (folder / "final_labels_SG2.csv").write_text(_CSV, encoding="utf-8")
    (folder / "final_labels_SG1.csv").write_text(_CSV, encoding="utf-8")
    return tmp_path


def test_wikiweasel_reader_cues_slice(fake_data: Path) -> None:
    sents = list(wikiweasel.read_sentences(fake_data))
    assert [s.sentence_id for s in sents] == ["S1.2", "S1.3", "S1.2"]
    first, second, third = sents
    assert first.uncertain and not second.uncertain and third.uncertain
    assert [first.text[c.start:c.end] for c in first.cues] == ["may"]
    assert first.cues[0].type == "epistemic"
    assert [(third.text[c.start:c.end], c.type) for c in third.cues] == [
        ("If", "conditional"), ("thought to", "doxastic")]
    assert third.text == "If rain falls, the match is thought to move."


def test_wikiweasel_titles_and_splits(fake_data: Path) -> None:
    with_titles = list(wikiweasel.read_sentences(fake_data, include_titles=True))
    assert with_titles[0].title and with_titles[0].text == "Alpha"
    dev = list(wikiweasel.read_sentences(fake_data, split="dev"))
    train = list(wikiweasel.read_sentences(fake_data, split="train"))
    assert len(dev) + len(train) == 3
    assert all(wikiweasel.split_of(s.doc_id) == "dev" for s in dev)


def test_fold_is_stable_and_in_range() -> None:
    assert wikiweasel.fold_of("Alpha_1") == wikiweasel.fold_of("Alpha_1")
    assert {wikiweasel.fold_of(f"doc{i}") for i in range(200)} == set(range(wikiweasel.N_FOLDS))


@pytest.mark.parametrize("raw, expected", [
    ("speculation_modal_probable_", "epistemic"), ("speculation_hypo_doxastic _", "doxastic"),
    ("speculation_hypo_investigation _", "investigation"), ("", "unknown"), ("other", "other"),
])
def test_cue_type(raw: str, expected: str) -> None:
    assert wikiweasel.cue_type(raw) == expected


def test_babe_reader(fake_data: Path) -> None:
    rows = list(babe.read_sentences("SG2", fake_data))
    assert [r.biased for r in rows] == [True, False]
    assert rows[0].biased_words == ("slammed", "shocking")
    assert rows[0].outlet == "Outlet A" and rows[0].topic == "tax" and rows[0].leaning == "left"
    everything = list(babe.read_sentences("SG2", fake_data, labelled_only=False))
    assert everything[2].biased is None and everything[2].biased_words == ()
    assert everything[2].text == 'A "quoted" line; with a semicolon.'


@pytest.mark.parametrize("raw, expected", [
    ("[]", ()), ("['a', 'b']", ("a", "b")), ("not a list", ()), ("[unclosed", ()), ("{'a': 1}", ()),
    ("", ()), ("['', 'x']", ("x",)),
])
def test_parse_words(raw: str, expected: tuple) -> None:
    assert babe.parse_words(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Biased", True), ("Non-biased", False), ("No agreement", None), (" biased ", True), ("", None),
])
def test_parse_label(raw: str, expected) -> None:
    assert babe.parse_label(raw) is expected


def test_missing_data_raises(tmp_path: Path) -> None:
    with pytest.raises(DataMissing):
        list(wikiweasel.read_sentences(tmp_path))
    with pytest.raises(DataMissing):
        list(babe.read_sentences("SG1", tmp_path))
    with pytest.raises(KeyError):
        list(babe.read_sentences("SG9", tmp_path))


def test_confusion_metrics() -> None:
    c = confusion([True, True, False, False], [True, False, True, False])
    assert c == Confusion(1, 1, 1, 1)
    assert c.precision == c.recall == c.f1 == c.macro_f1 == 0.5
    assert Confusion(0, 0, 0, 3).f1 == 0.0 and Confusion(0, 0, 0, 3).f1_negative == 1.0


def test_cue_overlap_and_word_coverage() -> None:
    p, r = cue_overlap([[(0, 3), (10, 12)]], [[Span(1, 4, "xyz"), Span(20, 22, "zz")]])
    assert (p, r) == (0.5, 0.5)
    assert word_coverage([["slammed", "plan"]], [[Span(0, 7, "Slammed")]]) == 0.5


def test_evaluation_on_fake_data(fake_data: Path) -> None:
    hedge = evaluate_hedging(fake_data, thresholds=(0.2,))
    assert hedge[0].scores.n == 3 and hedge[0].scores.tp == 2 and hedge[0].scores.fp == 0
    load = evaluate_loaded(fake_data, "SG2", thresholds=(0.2,))
    assert load[0].scores == Confusion(1, 0, 0, 1)
    assert "biased-word coverage 1.000" in load[0].extra
    table = format_table(hedge + load)
    assert "WikiWeasel all" in table and "BABE SG2" in table


@needs_data
def test_real_corpora_shapes() -> None:
    sents = list(wikiweasel.read_sentences(DATA))
    assert len(sents) > 12000 and 0.1 < sum(s.uncertain for s in sents) / len(sents) < 0.2
    assert all(s.text[c.start:c.end].strip() for s in sents[:2000] for c in s.cues)
    rows = list(babe.read_sentences("SG2", DATA))
    assert len(rows) > 2500 and 0.4 < sum(bool(r.biased) for r in rows) / len(rows) < 0.6
