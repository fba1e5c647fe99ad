"""Scorer, score, score_frame and the Profile record: contract, warnings, errors, properties."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reliability
from conftest import contract_problems, offset_problems, seed_texts
from reliability import config
from reliability.markers import MARKER_NAMES


@pytest.fixture(scope="module")
def seed_profiles() -> dict:
    return {i: reliability.score(t, id=i) for i, t in seed_texts().items()}


def test_seed_profiles_follow_the_contract(seed_profiles) -> None:
    texts = seed_texts()
    for i, p in seed_profiles.items():
        d = json.loads(json.dumps(p.to_dict()))
        assert contract_problems(d, texts[i]) == []
        assert offset_problems(d, texts[i]) == []
        assert list(d["markers"]) == list(MARKER_NAMES)


def test_seeds_rank_001_002_above_000_above_003(seed_profiles) -> None:
    r = {i[:3]: p.reliability for i, p in seed_profiles.items()}
    assert min(r["001"], r["002"]) > r["000"] > r["003"], r


def test_seed_000_is_marked_down_by_its_own_evidence(seed_profiles) -> None:
    """000's place comes from what it says: the incident told two ways and the unsourced absence claim."""
    p = seed_profiles["000_0da95797f6a7ce88"]
    contradiction = [e for e in p.evidence if e.marker == "internal_contradictions"]
    assert {e.sentence for e in contradiction} == {16, 17} and "places the event" in contradiction[0].why
    assert p.markers["internal_contradictions"].score > 0


def test_seed_003_is_least_reliable_and_not_high(seed_profiles) -> None:
    # The issue fixes the seeds' order, not their bands: the band follows the calibrated
    # probability (003 was 0.37, "low", before the pooled loaded-language heads; 0.41 after).
    r = {i[:3]: p.reliability for i, p in seed_profiles.items()}
    assert r["003"] < min(r["000"], r["001"], r["002"])
    assert seed_profiles["003_3803d65d782871d0"].band in ("low", "mixed")


def test_band_follows_documented_thresholds() -> None:
    assert config.band(config.BAND_HIGH) == "high"
    assert config.band(config.BAND_LOW - 1e-9) == "low"
    assert config.band((config.BAND_LOW + config.BAND_HIGH) / 2) == "mixed"


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n", "“”", "Short text."])
def test_short_or_empty_text_warns_and_does_not_judge(text: str) -> None:
    p = reliability.score(text)
    assert "too_short" in p.warnings
    assert p.judged is False and p.reliability == 0.5 and p.band == "mixed"
    assert contract_problems(p.to_dict(), text) == []


def test_non_english_text_warns() -> None:
    text = ("Die Regierung hat am Montag neue Maßnahmen angekündigt, die nach Angaben des "
            "Ministeriums die Wirtschaft stärken sollen. Kritiker bezweifeln jedoch, dass die "
            "Pläne ausreichen, um die Inflation dauerhaft zu senken und Arbeitsplätze zu sichern.")
    p = reliability.score(text)
    assert "not_english" in p.warnings and p.judged is False


def test_english_text_has_no_language_warning() -> None:
    p = reliability.score(seed_texts()["001_32157d025b8c26ab"])
    assert p.warnings == () and p.judged is True


def test_truncation_keeps_offsets_valid(monkeypatch) -> None:
    monkeypatch.setattr(config, "MAX_CHARS", 300)
    text = seed_texts()["000_0da95797f6a7ce88"]
    p = reliability.Scorer().score(text)
    assert "truncated" in p.warnings
    assert all(s.end <= 300 for s in p.sentences)
    assert offset_problems(p.to_dict(), text[:300]) == []


@pytest.mark.parametrize("bad, message", [
    (None, "missing"), (42, "must be a string"), (b"\xff\xfe\x00", "not UTF-8"), (["a"], "must be a string"),
])
def test_bad_input_raises_clear_error(bad, message: str) -> None:
    with pytest.raises(reliability.InputError, match=message):
        reliability.score(bad)


def test_bytes_with_bom_are_decoded() -> None:
    p = reliability.score("\ufeffThe ministry said it would act.".encode("utf-8"))
    assert p.error is None


def test_score_many_gives_one_row_per_input_in_order() -> None:
    items = [("a", "A fine sentence."), ("b", None), ("c", 7), {"id": "d", "text": "Another one."}, "plain"]
    out = list(reliability.Scorer().score_many(items))
    assert [p.id for p in out] == ["a", "b", "c", "d", "4"]
    assert [p.error is None for p in out] == [True, False, False, True, True]
    assert "missing" in out[1].error and out[1].to_dict()["reliability"] is None


def test_score_frame_is_flat_and_ordered() -> None:
    texts = seed_texts()
    df = pd.DataFrame({"doc": list(texts), "body": list(texts.values())})
    df.loc[len(df)] = ["broken", None]
    out = reliability.score_frame(df, text_col="body", id_col="doc")
    assert list(out["id"]) == list(df["doc"])
    assert out["error"].notna().tolist() == [False] * 4 + [True]
    for m in MARKER_NAMES:
        assert f"{m}_score" in out and f"{m}_sentences" in out
    with pytest.raises(reliability.InputError, match="column 'nope' not found"):
        reliability.score_frame(df, text_col="nope")


def test_evidence_frame_is_tidy(seed_profiles) -> None:
    p = seed_profiles["003_3803d65d782871d0"]
    frame = p.evidence_frame()
    assert list(frame.columns[:6]) == ["id", "marker", "sentence", "start", "end", "strength"]
    assert len(frame) == len(p.evidence)
    for row in frame.itertuples():
        assert p.text[row.start:row.end] == row.text


def test_unknown_marker_is_refused() -> None:
    with pytest.raises(reliability.ReliabilityError, match="unknown marker"):
        reliability.Scorer(markers=["nonsense"])


_ALPHABET = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(list("\r\n\u200b\u200d\u202e\u05d0\u0627“”‘’\"'.!?-–— ") + ["😀", "U.S.", " said ", "according to "]),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=300).map("".join))
def test_any_unicode_text_gives_a_valid_profile(text: str) -> None:
    p = reliability.score(text, id="x")
    d = json.loads(json.dumps(p.to_dict()))
    assert offset_problems(d, text) == []
    assert contract_problems(d, text) == []
    assert reliability.score(text, id="x").to_dict() == p.to_dict()


def test_scorer_replaces_bad_bytes_only_when_asked() -> None:
    data = "Caf\xe9 owners said so.".encode("latin-1")
    with pytest.raises(reliability.InputError, match="not UTF-8"):
        reliability.Scorer().score(data)
    p = reliability.Scorer(encoding_errors="replace").score(data)
    assert "encoding_replaced" in p.warnings and "\ufffd" in p.text
    clean = reliability.Scorer(encoding_errors="replace").score("Café owners said so.".encode())
    assert "encoding_replaced" not in clean.warnings
    with pytest.raises(reliability.ReliabilityError, match="encoding_errors"):
        reliability.Scorer(encoding_errors="ignore")


def test_scorer_corroborate_takes_pairs_or_texts() -> None:
    """Scorer.corroborate: ids from pairs, positions for plain texts; offsets index each text."""
    from reliability.scorer import default_scorer

    a = ("City council approved the harbour budget of 40 million euros on Monday, the mayor said. "
         "The vote was 12 to 3. Work on the new quay starts in June, according to the port authority.")
    b = ("City council approved the harbour budget of 55 million euros on Monday, the mayor said. "
         "The vote was 12 to 3. Work on the new quay starts in June, according to the port authority.")
    scorer = default_scorer()
    by_pairs = scorer.corroborate([("a", a), ("b", b)])
    by_texts = scorer.corroborate([a, b])
    assert [f.kind for f in by_pairs] == [f.kind for f in by_texts] == ["number_mismatch"]
    assert {s.id for s in by_pairs[0].sides} == {"a", "b"} and {s.id for s in by_texts[0].sides} == {"0", "1"}
    texts = {"a": a, "b": b}
    assert sorted(texts[s.id][s.start:s.end] for s in by_pairs[0].sides) == ["40 million euros", "55 million euros"]
