"""Markdown report: score, flagged sentences with cues and reasons, escaping of hostile text."""

from __future__ import annotations

import re

import pytest
from conftest import seed_texts
from hypothesis import given
from hypothesis import strategies as st
from test_report_html import ATTRS, FLAGS, TEXT, make_profile, sentences_of

import reliability
from reliability.markers import REGISTRY
from reliability.profile import Profile
from reliability.report import markdown
from reliability.scorer import default_scorer


@pytest.fixture()
def hand() -> Profile:
    return make_profile(TEXT, FLAGS, ATTRS)


def test_score_band_model_and_every_flagged_sentence(hand):
    md = markdown.render(hand)
    assert "**Reliability 0.42** (mixed)" in md and "test-model 9.9" in md
    for e in hand.evidence:
        plain = hand.text[e.start:e.end]
        shown = md.replace("**", "")
        assert plain in shown, plain
        assert f"**Sentence {e.sentence}**" in md
        assert markdown.escape(e.why) in md
    for m in REGISTRY.values():
        assert m.label in md


def test_cues_are_bold_and_overlaps_merged():
    profile = make_profile(TEXT, [("loaded_language", 2, ["shameful", "shameful cover-up", "called"],
                                   "why", None), ("hedging", 0, ["may", "may have"], "why", None)])
    md = markdown.render(profile)
    assert "**shameful cover-up**" in md and "**called**" in md and "**may have**" in md
    assert "****" not in md


def test_contradiction_names_the_other_sentence(hand):
    assert "(contradicts sentence 1)" in markdown.render(hand)


def test_attributions_table(hand):
    md = markdown.render(hand)
    assert "| 1 | named | said | The mayor |" in md and "vague source" in md


def test_a_pronoun_source_shows_who_it_refers_to():
    text = 'Mayor Ann Lee said the bridge is safe. "It will open in May," she said.'
    md = markdown.render(default_scorer().score(text, "p"))
    assert "| she (= Mayor Ann Lee) |" in md


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script> The minister may resign.",
    '"><img src=x onerror=alert(1)> The deal could collapse.',
    "[click](javascript:alert(1)) Officials may have lied.",
    "# Heading? *not* _emphasis_ | pipe | `code` ~~strike~~ The mayor may go.",
    "- a list item\n1. numbered and > quoted. It might rain.",
])
def test_hostile_text_is_escaped(text):
    sents = sentences_of(text)
    profile = make_profile(text, [("hedging", i, [], "<b>why</b>", None) for i in range(len(sents))],
                           id="<script>x</script>")
    md = markdown.render(profile)
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert not re.search(r"(?<!\\)\]\(", md)  # no live link
    body = md.split("## Flagged sentences", 1)[1].split("## Legend", 1)[0]
    for line in body.splitlines():
        if line.startswith("> "):
            assert not re.match(r"> (#|[-+*] |\d+[.)] |>)", line), line


@given(st.text(max_size=80))
def test_escape_leaves_no_live_markup(text):
    out = markdown.escape(text, line_start=True)
    assert "\n" not in out and "<" not in out
    assert not re.search(r"(?<!\\)[*_`\[\]|]", out)


def test_error_unjudged_and_findings():
    assert "Could not be scored: empty file" in markdown.render(Profile.failed("x", "empty file"))
    md = markdown.render(make_profile(TEXT, judged=False, reliability=0.5, warnings=("too_short",)),
                         findings=[{"kind": "number_mismatch", "why": "numbers differ", "level": "alarm",
                                    "sides": [{"id": "a", "start": 3, "end": 6, "text": "117", "note": "drones"},
                                              "B"]}])
    assert "Cannot judge" in md and "too short to judge" in md
    assert "## Across sources" in md and "numbers differ" in md and "(alarm)" in md
    assert "  - a \\[3:6\\]: “117” (drones)" in md  # brackets escaped: no Markdown link
    assert "No sentence was flagged." in md


def test_seed_reports_list_every_flagged_sentence():
    for id_, text in seed_texts().items():
        profile = reliability.score(text, id=id_)
        md = markdown.render(profile)
        assert f"**Reliability {profile.reliability:.2f}**" in md
        for e in profile.evidence:
            assert f"**Sentence {e.sentence}**" in md
            words = re.findall(r"[A-Za-z]{4,}", text[e.start:e.end])
            assert all(w in md for w in words)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script> The minister may resign.",
    '"><img src=x onerror=alert(1)> [x](javascript:alert(1)) <https://example.org> It could fail.',
    "*a* **b** `c` <b>bold</b> &amp; The mayor may go.",
])
def test_rendered_markdown_holds_no_markup_from_the_article(text):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (a rich dependency) absent")
    sents = sentences_of(text)
    profile = make_profile(text, [("hedging", i, [], "<i>why</i>", None) for i in range(len(sents))])
    rendered = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(
        markdown.render(profile))
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "ul",
                    "ol", "li", "blockquote"}, tags
    assert "href" not in rendered


def test_write_reports_and_index(tmp_path):
    good = make_profile(TEXT, FLAGS, ATTRS, id="a|b")
    low = make_profile(TEXT, id="../low", reliability=0.1, band="low")
    paths = markdown.write_reports([good, low, Profile.failed("bad", "empty")], tmp_path)
    assert [p.name for p in paths] == ["a_b.md", "_low.md", "bad.md", "index.md"]
    index = paths[-1].read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert rows[0].startswith(r"| [../low](_low.md) | 0.10 | low") and r"[a\|b](a_b.md)" in rows[1]
    assert "could not be scored" in rows[2]
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in rows]  # escaped pipes stay text
    assert len(set(cells)) == 1
