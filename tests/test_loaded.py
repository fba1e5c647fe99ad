"""Loaded-language extractor: categories, quotation rules, combination, seeds, edge inputs."""

from __future__ import annotations

import time

import pytest

from reliability import config
from reliability.markers import loaded
from reliability.resources import read_tsv
from reliability.text import parse
from tests.conftest import seed_texts


def _evidence(text: str):
    doc = parse(text)
    return doc, loaded.extract(doc, ())


def _cues(text: str) -> list[str]:
    return [c.text.lower() for e in _evidence(text)[1] for c in e.cues]


def _strength(text: str) -> float:
    return max((e.strength for e in _evidence(text)[1]), default=0.0)


@pytest.mark.parametrize("text, cue", [
    ("The ministry siphoned millions from the fund.", "siphoned"),
    ("A damning exposé followed the vote.", "damning exposé"),
    ("The government is scrambling to respond.", "scrambling to"),
    ("The rebels exploit every ceasefire.", "exploit"),
    ("The regime jailed the reporters.", "regime"),
    ("Protesters were called thugs by the mayor.", "thugs"),
    ("The harvest was disastrous this year.", "disastrous"),
    ("It would be a catastrophic mistake.", "catastrophic"),
    ("The radical plan was shelved.", "radical"),
    ("The so-called reform cut benefits.", "so-called"),
    ("The shocking figures came out on Monday.", "shocking"),
    ("The senator slammed the bill.", "slammed"),
    ("Critics blasted the decision.", "blasted"),
    ("A massive crowd gathered.", "massive"),
    ("The money was funneled abroad.", "funneled"),
    ("The fine was a mere slap on the wrist.", "slap on the wrist"),
])
def test_cues_found(text: str, cue: str) -> None:
    assert cue in _cues(text)


@pytest.mark.parametrize("text", [
    "The committee approved the budget on Tuesday.",
    "The bridge reopened after repairs.",
    "The answer lies in the data.",
    "Rainfall was 12 millimetres above average.",
    "The plant employs 400 people in the region.",
])
def test_neutral_sentences_have_no_evidence(text: str) -> None:
    assert _evidence(text)[1] == []


def test_lone_weak_intensifier_is_not_flagged() -> None:
    assert _evidence("The queue was very long.")[1] == []


def test_category_strength_order() -> None:
    intensifier = _strength("The results were extremely close.")
    charged = _strength("The results were shocking.")
    name_calling = _strength("The mayor called them thugs.")
    assert 0 < intensifier < charged < name_calling


def test_several_cues_raise_strength_one_evidence() -> None:
    one = _evidence("The officials siphoned the aid.")[1]
    two = _evidence("The corrupt officials siphoned the aid.")[1]
    assert len(one) == len(two) == 1
    assert one[0].strength < two[0].strength < 1.0
    assert [c.text for c in two[0].cues] == ["corrupt", "siphoned"]


def test_quoted_speech_counts_less_and_says_so() -> None:
    own = _evidence("The plan is a disgraceful betrayal of voters, the senator said.")[1][0]
    quoted = _evidence("“The plan is a disgraceful betrayal of voters,” the senator said.")[1][0]
    assert 0 < quoted.strength < own.strength
    assert "quoted speech" in quoted.why
    assert "writer's own voice" in own.why


def test_scare_quotes_keep_most_weight() -> None:
    scare = _evidence("The company called it a ‘disgraceful’ plan.")[1][0]
    speech = _evidence("“It is a disgraceful plan that hurts all of us,” he said.")[1][0]
    assert scare.strength > speech.strength
    assert "scare quotes" in scare.why


def test_why_names_category_and_cue() -> None:
    ev = _evidence("The thugs siphoned the funds.")[1][0]
    assert ev.why.startswith("name-calling ('thugs'), charged wording ('siphoned')")


def test_offsets_slice_exactly() -> None:
    text = "Headline Of A Shocking Deal\n\n  The regime ‘exploited’ aid. “They are thugs,” he said.\n"
    doc, ev = _evidence(text)
    assert len(ev) == 3
    for e in ev:
        s = doc.sentences[e.sentence]
        assert (e.start, e.end) == (s.start, s.end)
        for c in e.cues:
            assert text[c.start:c.end] == c.text
            assert e.start <= c.start < c.end <= e.end


def test_html_cue_found() -> None:
    assert "shocking" in _cues("<div><p>A <em>shocking</em> deal.</p></div>")


def test_cues_per_sentence_are_capped() -> None:
    ev = _evidence("thug " * 500)[1]
    assert len(ev) == 1 and len(ev[0].cues) <= config.MAX_CUES_PER_SENTENCE


def test_huge_unclosed_quote_is_fast() -> None:
    text = "“" + "it may be a disaster and a shocking regime " * 20000
    doc = parse(text)
    t0 = time.perf_counter()
    loaded.extract(doc, ())
    assert time.perf_counter() - t0 < 10


def test_lexicon_rows_are_valid() -> None:
    categories = {"charged", "name_calling", "exaggeration", "intensifier", "fear", "neutral"}
    rows = read_tsv("loaded.tsv")
    assert len(rows) > 300
    phrases = [r["phrase"].lower() for r in rows]
    assert len(phrases) == len(set(phrases))
    for r in rows:
        assert r["category"] in categories
        assert 0.0 <= float(r["weight"]) <= 1.0
        if r["category"] == "intensifier":
            assert float(r["weight"]) <= 0.35


def test_seeds() -> None:
    seeds = {k[:3]: v for k, v in seed_texts().items()}

    def total(text: str) -> float:
        return sum(e.strength for e in _evidence(text)[1])

    cues_003 = _cues(seeds["003"])
    for cue in ("desperate bargain", "damning exposé", "siphoned", "scrambling to", "exploit",
                "funneled"):
        assert cue in cues_003
    assert total(seeds["003"]) > 3 * max(total(seeds["001"]), 0.5)
    assert len(_evidence(seeds["001"])[1]) <= 1
