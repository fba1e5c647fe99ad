"""Text layer: sentences, paragraphs, quotes, words; offsets into the text as given."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import seed_texts
from reliability.text import find_quotes, parse, train_punkt, word_runs, word_spans


def sentences_of(text: str) -> list[str]:
    return [text[s.start:s.end] for s in parse(text).sentences]


@pytest.mark.parametrize("text, expected", [
    ("The U.S. military said so. Dr. Smith agreed.", ["The U.S. military said so.", "Dr. Smith agreed."]),
    ("Officials met J. R. Ewing in Texas. He left.", ["Officials met J. R. Ewing in Texas.", "He left."]),
    ("Prices rose 3.5 percent in May. Analysts were surprised.",
     ["Prices rose 3.5 percent in May.", "Analysts were surprised."]),
    ("She said, “We will win.” The crowd cheered.", ["She said, “We will win.”", "The crowd cheered."]),
    ("He called it ‘a disaster.’ Nobody replied.", ["He called it ‘a disaster.’", "Nobody replied."]),
    ("The plan – drafted in Kyiv – was approved. Then it stalled.",
     ["The plan – drafted in Kyiv – was approved.", "Then it stalled."]),
    ("Headline Without A Full Stop\nThe body starts here. It goes on.",
     ["Headline Without A Full Stop", "The body starts here.", "It goes on."]),
])
def test_sentences_on_hard_cases(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_seed_001_advertisement_is_its_own_boilerplate_sentence() -> None:
    text = seed_texts()["001_32157d025b8c26ab"]
    doc = parse(text)
    ads = [s for s in doc.sentences if s.boilerplate]
    assert len(ads) == 1
    assert "ADVERTISEMENT" in text[ads[0].start:ads[0].end]
    # The sentences around it are whole sentences, not glued to the ad line.
    before, after = doc.sentences[ads[0].index - 1], doc.sentences[ads[0].index + 1]
    assert text[before.start:before.end].endswith("operations.")
    assert text[after.start:after.end].startswith("According to the Ukrainian Ministry")


def test_seed_sentences_never_split_inside_us_or_titles() -> None:
    for text in seed_texts().values():
        for s in sentences_of(text):
            assert not s.endswith(" U.S") and s not in {"U.S.", "Dr."}
            assert not s.startswith(("S. ", "Ukrainian drones’ excellence"))


def test_seed_quotes_ending_in_curly_marks_close_the_sentence() -> None:
    text = seed_texts()["003_3803d65d782871d0"]
    sents = sentences_of(text)
    assert any(s.endswith("your drones are the best today.’") for s in sents)
    text2 = seed_texts()["002_1188bd7010f5e99f"]
    assert any(s.endswith("in your arsenal.”") for s in sentences_of(text2))


def test_headings_are_marked() -> None:
    doc = parse("The Proposed “Mega Deal”\nIt was announced on Monday by the ministry.")
    assert [s.heading for s in doc.sentences] == [True, False]


@pytest.mark.parametrize("text, inner", [
    ("He said “we will win” today.", ["we will win"]),
    ('He said "we will win" today.', ["we will win"]),
    ("It was ‘difficult’ for Zelensky’s team.", ["difficult"]),
    ("It was 'difficult' for the team's plans.", ["difficult"]),
    ("“First sentence. Second sentence,” she said.", ["First sentence. Second sentence,"]),
    ("the best,” he said.", ["the best,"]),             # opening mark lost: quote from paragraph start
    ("He said “we will not stop", ["we will not stop"]),  # never closed: ends at paragraph end
    ("Ukraine’s drones and the allies’ plans.", []),       # apostrophes are not quotes
])
def test_quotes(text: str, inner: list[str]) -> None:
    doc = parse(text)
    assert [text[q.inner_start:q.inner_end] for q in doc.quotes] == inner


def test_quotes_do_not_cross_paragraphs() -> None:
    text = "He said “we will\nnot stop” today."
    quotes = find_quotes(text, parse(text).paragraphs)
    for q in quotes:
        assert "\n" not in text[q.start:q.end]


@pytest.mark.parametrize("text", ["", " ", "\n\n\r\n", "\u200b\u200b", "“”", "'", "...", "?!"])
def test_degenerate_inputs(text: str) -> None:
    doc = parse(text)
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end].strip()


def test_crlf_and_lone_cr_are_line_breaks() -> None:
    text = "First line here.\r\nSecond line here.\rThird line here."
    assert sentences_of(text) == ["First line here.", "Second line here.", "Third line here."]


def test_words_are_spans_into_the_document() -> None:
    text = "  The U.S.-Ukrainian deal is worth 3.5 billion."
    doc = parse(text)
    words = doc.words(0)
    assert all(text[w.start:w.end] == w.text for w in words)
    assert "U.S.-Ukrainian" in [w.text for w in words] or "U.S" in [w.text for w in words]
    assert "3.5" in [w.text for w in words]


def test_sentence_at_and_in_quote() -> None:
    text = "One sentence here. He said “two words” then."
    doc = parse(text)
    assert doc.sentence_at(0) == 0
    assert doc.sentence_at(text.index("two")) == 1
    assert doc.sentence_at(len(text) + 5) is None
    assert doc.in_quote(text.index("two"), text.index("two") + 3) is not None
    assert doc.in_quote(0, 3) is None


def test_train_punkt_learns_abbreviations() -> None:
    texts = ["Gov. Smith spoke. Gov. Jones replied. The Gov. said no. Gov. Brown left."] * 20
    params = train_punkt(texts)
    assert set(params) == {"abbrev_types", "collocations", "sent_starters", "ortho_context"}
    assert "gov" in params["abbrev_types"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_gives_aligned_sentences(text: str) -> None:
    doc = parse(text)
    prev = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert prev <= s.start < s.end <= len(text)
        prev = s.end
    for q in doc.quotes:
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
    assert parse(text) == doc  # deterministic


@pytest.mark.parametrize("text", ["", "   ", "U.S.-Ukrainian talks", "3.5 per cent, 1,000 drones", "don't - won’t",
                                  "a--b a..b a,,b", "<p>élite</p> régime", "“quoted”", "x" * 5000, "٣٤ ſtraße 北京"])
def test_document_tokens_equal_word_spans(text: str) -> None:
    assert parse(text).tokens == tuple(word_spans(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_ -'’.,é٣:;\n\"\u200b")), max_size=40))
def test_document_tokens_equal_word_spans_generated(text: str) -> None:
    assert parse(text).tokens == tuple(word_spans(text))


def test_word_runs_are_the_word_character_runs_and_remembered() -> None:
    text = "He said: it's 3.5%, not 4."
    runs = word_runs(text)
    assert runs.words == [text[a:b] for a, b in zip(runs.starts, runs.ends)] == ["He", "said", "it", "s", "3", "5", "not", "4"]
    assert runs.gaps == [text[b:a] for b, a in zip(runs.ends, runs.starts[1:])]
    assert word_runs(text) is runs  # the same text object: split once
    assert word_runs("").words == [] and word_runs("").gaps == []
