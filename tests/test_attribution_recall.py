"""Attribution finder: the recall patterns (fallback subjects, lead-ins, evidence subjects, colons,
possessors, nested stances, participles, new cue words), each with positive and negative cases."""

from __future__ import annotations

import pytest

from reliability.attribution import find_attributions
from reliability.records import ATTRIBUTION_KINDS
from reliability.text import parse


def _atts(text: str):
    return find_attributions(parse(text))


def _cues(text: str) -> list[str]:
    return [a.cue.lower() for a in _atts(text)]


def _exact(text: str) -> None:
    for a in _atts(text):
        assert text[a.cue_start:a.cue_end] == a.cue
        assert a.kind in ATTRIBUTION_KINDS
        if a.source is not None:
            assert text[a.source_start:a.source_end] == a.source


#: Forms the recall work added (PolNeAR train misses), checked by test_attribution.test_sourced_forms.
RECALL_FORMS = [
    # Fallback subject of a reliable verb: numbers, long appositives, relative clauses.
    ("Six in 10 voters in the county said the bridge should be rebuilt.", "said",
     "10 voters in the county", "vague"),
    (("Parker Eaton, a retired teacher who voted for both parties in the last two elections, said the "
      "bridge mattered most."), "said", "Parker Eaton", "named"),
    ("Residents of the valley, many of whom have lived there for decades, said the dam should stay.",
     "said", "Residents", "vague"),
    # An opening participle clause: the speaker is the main clause's subject.
    ("Asked whether she would run again, Lopez said she had not decided.", "Asked", "Lopez", "named"),
    # Evidence verb with a document noun earlier in a long subject.
    ("Exit polls taken in three counties found that turnout fell sharply.", "found", "Exit polls",
     "document"),
    # A colon after a short name opening an unmarked headline.
    ("Harper: The budget is a disaster for the county.", ":", "Harper", "named"),
    # A speech participle hanging on the clause.
    ("The mayor defended the plan on Monday, stating that costs would fall.", "stating", "The mayor",
     "named"),
    # A possessor as the source of a nominal cue.
    ("Her insistence that the plan was legal angered critics.", "insistence", "Her", "named"),
    ("The governor's assertion that taxes would fall was wrong.", "assertion", "The governor's", "named"),
    # New cue words that take the source right before them.
    ("The senator voiced doubts about the plan.", "voiced", "The senator", "named"),
    ("The council quietly distanced itself from the developer.", "distanced", "The council", "named"),
    # A stance verb after an aside takes a named subject before the aside.
    ("Ana Ruiz, a teacher at the village school, voiced concern about the plan.", "voiced", "Ana Ruiz",
     "named"),
]



@pytest.mark.parametrize("text, cue", [
    # Column labels and list labels before a colon are no speakers.
    ("The Latest: Council votes on the budget.", ":"),
    ("Related: More stories about the budget.", ":"),
    ("Q: Will the bridge reopen?", ":"),
    ("Wait, there is more:", ":"),
    # A stance inside what someone says is part of the content, not an attribution of its own.
    ("Most residents say they want a new bridge.", "want"),
    ("The two farmers said that they believe the river is rising.", "believe"),
    # A possessive noun that is not one of the nominal cues.
    ("Her claims were never tested in court.", "claims"),
    ("The argument over the tax went on for hours.", "argument"),
    # New cue words without a source right before them.
    ("The tickets were ordered online.", "ordered"),
    ("The orchestra cast a long shadow.", "cast"),
    # A stance verb after an aside needs a named subject.
    ("The old bridge, closed since the flood, sounded empty.", "sounded"),
    # An adverb is no speaker.
    ("The word is rarely said aloud in the valley.", "said"),
    # Words left out of the lexicon on purpose.
    ("The council will email every resident and challenge the ruling.", "email"),
    ("The council will email every resident and challenge the ruling.", "challenge"),
])
def test_recall_negatives(text: str, cue: str) -> None:
    # Grammar rules only: the learned scorer (attribution_cues) is statistical and keeps a few of
    # these ("ordered", "sounded"); its precision is measured on PolNeAR, not pinned here.
    from reliability.attribution import grammar_attributions
    assert cue.lower() not in [a.cue.lower() for a in grammar_attributions(parse(text))]
    _exact(text)


def test_nested_stance_keeps_the_outer_cue() -> None:
    cues = _cues("Most residents say they want a new bridge.")
    assert "say" in cues and "want" not in cues


def test_fallback_does_not_swallow_an_earlier_cue() -> None:
    atts = [a for a in _atts("The senator voiced doubts about the plan.") if a.cue == "doubts"]
    assert all("voiced" not in (a.source or "") for a in atts)


@pytest.mark.parametrize("text", [
    "said", "Said:", ": said :", "Asked,", "asked , , , said", "His insistence",
    "Q: A: Q: A:", "who said that they want", "," * 50 + " said",
])
def test_fragments_do_not_crash(text: str) -> None:
    _exact(text)


def test_many_asides_stay_fast() -> None:
    import time
    text = ("Eaton, " + "a teacher, " * 20000 + "said it. ") * 3
    t0 = time.perf_counter()
    _exact(text)
    assert time.perf_counter() - t0 < 5.0
