"""Our own label files are well-formed, and seed_agreement counts what it should."""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from reliability.evaluation.seeds import (
    MARKERS,
    agreement_table,
    predicted_sentences,
    read_seed_labels,
    seed_agreement,
)
from reliability.records import ATTRIBUTION_KINDS, Evidence, Related
from reliability.text import parse

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "labels"
SEEDS = ROOT / "seeds"
DATA = Path(os.environ.get("RELIABILITY_DATA") or ROOT.parent / "shared" / "data")
CORPUS_DIRS = {
    "ptc": ("propaganda/ptc2019/train/articles", "propaganda/ptc2019/dev/articles"),
    "polnear": ("attribution/polnear/train/text", "attribution/polnear/dev/text"),
}
UNSOURCED_KINDS = {"none", "vague", "anonymous"}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))


SEED_ROWS = _rows(LABELS / "seeds.tsv")
ALLEGATION_ROWS = _rows(LABELS / "allegations.tsv")


# ---------------------------------------------------------------- seeds.tsv

def test_seed_header():
    with open(LABELS / "seeds.tsv", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
    assert header == ["article_id", "start", "end", "marker", "attribution_kind", "note"]


@pytest.mark.parametrize("row", SEED_ROWS, ids=lambda r: f"{r['article_id'][:3]}-{r['start']}-{r['marker']}")
def test_seed_row_is_one_of_our_sentences(row):
    text = (SEEDS / f"{row['article_id']}.txt").read_text(encoding="utf-8")
    start, end = int(row["start"]), int(row["end"])
    assert 0 <= start < end <= len(text)
    spans = {(s.start, s.end) for s in parse(text).sentences}
    assert (start, end) in spans, "row does not slice exactly one sentence of reliability.text.parse"
    assert row["marker"] in MARKERS
    if row["marker"] == "unsourced_allegations":
        assert row["attribution_kind"] in UNSOURCED_KINDS
    else:
        assert row["attribution_kind"] == ""
    # The note is our words: it may name a cue, but never copies a run of 5+ words of the text.
    words = row["note"].split()
    assert words
    runs = (" ".join(words[i:i + 5]) for i in range(len(words) - 4))
    assert not any(run in text for run in runs), "note copies the sentence"


def test_seed_rows_unique_and_cover_every_article():
    keys = [(r["article_id"], r["start"], r["marker"]) for r in SEED_ROWS]
    assert len(keys) == len(set(keys))
    assert {r["article_id"] for r in SEED_ROWS} == {p.stem for p in SEEDS.glob("*.txt")}


def test_seed_contradictions_come_in_pairs():
    per_article = Counter(r["article_id"] for r in SEED_ROWS if r["marker"] == "internal_contradictions")
    assert all(n >= 2 for n in per_article.values())


def test_read_seed_labels_has_every_marker():
    gold = read_seed_labels(LABELS / "seeds.tsv")
    assert set(gold) == set(MARKERS)
    assert sum(len(v) for v in gold.values()) == len(SEED_ROWS)


# ---------------------------------------------------------------- allegations.tsv

def test_allegation_set_size_and_balance():
    assert len(ALLEGATION_ROWS) >= 400
    positive = sum(r["label"] != "neither" for r in ALLEGATION_ROWS) / len(ALLEGATION_ROWS)
    assert 0.4 <= positive <= 0.6


@pytest.mark.parametrize("row", ALLEGATION_ROWS, ids=lambda r: f"{r['corpus']}-{r['article_id'][:20]}-{r['start']}")
def test_allegation_row_fields(row):
    assert row["corpus"] in CORPUS_DIRS
    assert 0 <= int(row["start"]) < int(row["end"])
    assert row["label"] in {"allegation", "strong_claim", "neither"}
    if row["label"] == "neither":
        assert row["source_kind"] == ""
    else:
        assert row["source_kind"] in ATTRIBUTION_KINDS
    assert row["split"] in {"train", "test"}
    assert row["pool"] in {"cue", "random"}


def test_allegation_split_is_article_disjoint_and_about_a_quarter():
    splits: dict[tuple[str, str], set[str]] = {}
    for r in ALLEGATION_ROWS:
        splits.setdefault((r["corpus"], r["article_id"]), set()).add(r["split"])
    assert all(len(s) == 1 for s in splits.values()), "an article is in both train and test"
    test_share = sum(r["split"] == "test" for r in ALLEGATION_ROWS) / len(ALLEGATION_ROWS)
    assert 0.18 <= test_share <= 0.32
    # Both parts hold positives and negatives, so the test part can measure something.
    for part in ("train", "test"):
        assert {r["label"] for r in ALLEGATION_ROWS if r["split"] == part} == {"allegation", "strong_claim", "neither"}


def test_allegation_rows_unique():
    keys = [(r["corpus"], r["article_id"], r["start"]) for r in ALLEGATION_ROWS]
    assert len(keys) == len(set(keys))


def _find(corpus: str, article_id: str) -> Path | None:
    for folder in CORPUS_DIRS[corpus]:
        p = DATA / folder / f"{article_id}.txt"
        if p.is_file():
            return p
    return None


@pytest.mark.skipif(not DATA.is_dir(), reason=f"data folder {DATA} absent (set RELIABILITY_DATA)")
def test_allegation_rows_reference_existing_sentences():
    texts: dict[tuple[str, str], str] = {}
    for r in ALLEGATION_ROWS:
        key = (r["corpus"], r["article_id"])
        if key not in texts:
            path = _find(*key)
            assert path is not None, f"no file for {key}"
            texts[key] = path.read_text(encoding="utf-8")
        text = texts[key]
        start, end = int(r["start"]), int(r["end"])
        assert end <= len(text)
        piece = text[start:end]
        # A sentence: non-empty, trimmed, and within one line (our parser never crosses lines).
        assert piece.strip() == piece and piece and "\n" not in piece


# ---------------------------------------------------------------- seed_agreement

@dataclass
class FakeProfile:
    """Just what seed_agreement reads from a Profile."""

    evidence: tuple[Evidence, ...]


def _profile_from_labels(text: str, article_id: str, markers=MARKERS) -> FakeProfile:
    """A perfect fake: evidence exactly on our labelled sentences."""
    doc = parse(text)
    ev = []
    for r in SEED_ROWS:
        if r["article_id"] == article_id and r["marker"] in markers:
            start = int(r["start"])
            i = doc.sentence_at(start)
            ev.append(Evidence(r["marker"], i, start, int(r["end"]), 0.9))
    return FakeProfile(tuple(sorted(ev, key=lambda e: e.start)))


def test_seed_agreement_perfect_fake():
    table = seed_agreement(lambda text, id_: _profile_from_labels(text, id_), SEEDS, LABELS / "seeds.tsv")
    assert list(table.index) == list(MARKERS)
    assert (table["precision"] == 1.0).all() and (table["recall"] == 1.0).all()
    assert table["support"].sum() == len(SEED_ROWS)


def test_seed_agreement_empty_fake_has_zero_recall():
    table = seed_agreement(lambda text, id_: FakeProfile(()), SEEDS, LABELS / "seeds.tsv")
    assert (table["recall"] == 0.0).all() and (table["predicted"] == 0).all()
    assert (table["support"] > 0).all()


def test_seed_agreement_flags_every_sentence():
    def everything(text, id_):
        doc = parse(text)
        return FakeProfile(tuple(Evidence("hedging", s.index, s.start, s.end, 0.5) for s in doc.sentences))

    table = seed_agreement(everything, SEEDS, LABELS / "seeds.tsv")
    n_sentences = sum(len(parse(p.read_text(encoding="utf-8")).sentences) for p in SEEDS.glob("*.txt"))
    assert table.loc["hedging", "recall"] == 1.0
    assert table.loc["hedging", "predicted"] == n_sentences
    assert 0 < table.loc["hedging", "precision"] < 1


def test_seed_agreement_accepts_scorer_object():
    class Scorer:
        def score(self, text, id=None):  # noqa: A002  (mirrors reliability.Scorer.score)
            return _profile_from_labels(text, id, markers=("loaded_language",))

    table = seed_agreement(Scorer(), SEEDS, LABELS / "seeds.tsv")
    assert table.loc["loaded_language", "f1"] == 1.0
    assert table.loc["hedging", "predicted"] == 0


def test_seed_agreement_rejects_non_callable():
    with pytest.raises(TypeError):
        seed_agreement(42, SEEDS, LABELS / "seeds.tsv")


def test_seed_agreement_no_seeds(tmp_path):
    with pytest.raises(FileNotFoundError):
        seed_agreement(lambda t, i: FakeProfile(()), tmp_path, LABELS / "seeds.tsv")


def test_contradiction_related_sentence_counts():
    ev = Evidence("internal_contradictions", 5, 100, 150, 0.8, related=Related(2, 20, 60))
    pred = predicted_sentences("a", FakeProfile((ev,)))
    assert pred["internal_contradictions"] == {("a", 100), ("a", 20)}
    other = predicted_sentences("a", FakeProfile((Evidence("hedging", 1, 10, 40, 0.5),)))
    assert other["hedging"] == {("a", 10)} and other["internal_contradictions"] == set()


@pytest.mark.parametrize(
    ("gold", "pred", "p", "r", "f1"),
    [
        ({("a", 1), ("a", 2)}, {("a", 1), ("a", 2)}, 1.0, 1.0, 1.0),
        ({("a", 1), ("a", 2)}, {("a", 1), ("a", 3)}, 0.5, 0.5, 0.5),
        ({("a", 1)}, set(), 0.0, 0.0, 0.0),
        (set(), {("a", 1)}, 0.0, 0.0, 0.0),
        ({("a", 1), ("a", 2), ("a", 3), ("a", 4)}, {("a", 1)}, 1.0, 0.25, 0.4),
    ],
)
def test_agreement_table_arithmetic(gold, pred, p, r, f1):
    row = agreement_table({"hedging": gold}, {"hedging": pred}, markers=("hedging",)).loc["hedging"]
    assert row["precision"] == pytest.approx(p)
    assert row["recall"] == pytest.approx(r)
    assert row["f1"] == pytest.approx(f1)
    assert row["support"] == len(gold)


def test_read_seed_labels_rejects_unknown_marker(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# a comment line\narticle_id\tstart\tend\tmarker\tattribution_kind\tnote\n"
                   "x\t0\t5\tsarcasm\t\tnot a marker\n", encoding="utf-8")
    with pytest.raises(ValueError):
        read_seed_labels(bad)
