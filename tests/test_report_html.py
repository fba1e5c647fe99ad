"""HTML report: structure, highlights, offsets, escaping of hostile text, index and notebook views."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reliability
from reliability.markers import MARKER_NAMES, REGISTRY
from reliability.profile import Profile
from reliability.records import (ATTRIBUTION_KINDS, Attribution, Evidence, MarkerScore,
                                 ModelInfo, Related, Sentence, Span)
from reliability.report import html as report_html
from reliability.report import reference

from conftest import seed_texts

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "wbr"}
# Every element the report itself emits (SVG included); anything else came from the article.
OURS = {"html", "head", "meta", "title", "style", "body", "a", "header", "p", "div", "span", "b",
        "main", "aside", "section", "h1", "h2", "h3", "ol", "ul", "li", "q", "mark", "code",
        "svg", "g", "rect", "circle", "text", "details", "summary", "table", "caption", "thead",
        "tbody", "tr", "th", "td"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self, skip_extra: bool = True) -> str:
        """Text of the subtree, leaving out elements the report adds (``data-extra``)."""
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif not (skip_extra and "data-extra" in c.attrs):
                out.append(c.text(skip_extra))
        return "".join(out)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()


class Tree(HTMLParser):
    """A strict tree builder: every non-void start tag must be closed by its own end tag."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.problems: list[str] = []
        self.feed(source)
        self.close()
        if self.cur is not self.root:
            self.problems.append(f"unclosed <{self.cur.tag}>")

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.problems.append(f"</{tag}> closes <{self.cur.tag}>")
            return
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)

    def find(self, **attrs) -> list[Node]:
        return [n for n in self.root.iter() if all(n.attrs.get(k) == v for k, v in attrs.items())]


# ---------------------------------------------------------------------------------------------
# Hand-built profiles
# ---------------------------------------------------------------------------------------------

def sentences_of(text: str) -> tuple[Sentence, ...]:
    """Split at '.', '!' or '?' followed by a space or newline (enough for our own test texts)."""
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s|$)", text):
        while start < m.end() and text[start].isspace():
            start += 1
        if start < m.end():
            out.append(Sentence(len(out), start, m.end()))
        start = m.end()
    return tuple(out)


def make_profile(text: str, flags=(), attributions=(), **kw) -> Profile:
    """Build a profile by hand. ``flags``: (marker, sentence, [cue words], why, related or None)."""
    sents = sentences_of(text)
    evidence = []
    for marker, i, cues, why, rel in flags:
        s = sents[i]
        spans = []
        for word in cues:
            a = text.index(word, s.start)
            spans.append(Span(a, a + len(word), word))
        related = Related(rel, sents[rel].start, sents[rel].end) if rel is not None else None
        evidence.append(Evidence(marker, i, s.start, s.end, 0.5 + 0.1 * len(spans), tuple(spans),
                                 why, related))
    evidence.sort(key=lambda e: e.start)
    markers = {m: MarkerScore(0.1 * k, sum(e.marker == m for e in evidence))
               for k, m in enumerate(MARKER_NAMES)}
    args = dict(id="hand-1", text=text, reliability=0.42, band="mixed", markers=markers,
                evidence=tuple(evidence), attributions=tuple(attributions), sentences=sents,
                n_words=len(text.split()), model=ModelInfo("test-model", "9.9"))
    args.update(kw)
    return Profile(**args)


TEXT = ("Officials may have hidden the report. The mayor said the budget was 5 million. "
        "Critics called it a shameful cover-up.\nThe budget was 9 million, a spokesperson said. "
        "A plain closing line stays unmarked.")
FLAGS = [
    ("hedging", 0, ["may have"], "speculative wording ('may have')", None),
    ("unsourced_allegations", 0, ["hidden the report"], "an allegation with no source", None),
    ("loaded_language", 2, ["shameful", "shameful cover-up"], "charged wording ('shameful')", None),
    ("internal_contradictions", 3, ["9 million"], "a different number for the budget", 1),
]


def _attr(text: str, cue: str, source: str | None, kind: str, sentence: int) -> Attribution:
    c = text.index(cue)
    s = text.index(source) if source else None
    start = min(c, s) if s is not None else c
    end = max(c + len(cue), s + len(source)) if s is not None else c + len(cue)
    return Attribution(start, end, cue, c, c + len(cue), kind, sentence, source, s,
                       s + len(source) if s is not None else None)


ATTRS = [_attr(TEXT, "said", "The mayor", "named", 1), _attr(TEXT, "called", "Critics", "vague", 2),
         _attr(TEXT, "said.", "a spokesperson", "anonymous", 3)]


@pytest.fixture()
def hand() -> Profile:
    return make_profile(TEXT, FLAGS, ATTRS)


# ---------------------------------------------------------------------------------------------
# Invariants every rendered page must keep
# ---------------------------------------------------------------------------------------------

def check_page(page: str, profile: Profile, article: bool = True) -> Tree:
    """Assert the page parses, holds only our elements and shows the text exactly."""
    tree = Tree(page)
    assert tree.problems == []
    tags = {n.tag for n in tree.root.iter()} - {"#root"}
    assert tags <= OURS, f"foreign elements {tags - OURS}"
    assert not [n for n in tree.root.iter() if n.tag == "script"]
    styles = [n for n in tree.root.iter() if n.tag == "style"]
    assert len(styles) == 1 and styles[0].text() == report_html._css()
    for n in tree.root.iter():
        for k, v in n.attrs.items():
            assert not k.startswith("on"), f"event handler attribute {k} on <{n.tag}>"
            assert "javascript:" not in (v or "").lower()
        if n.tag == "a" and "href" in n.attrs:
            assert re.fullmatch(r"#[\w-]+|[A-Za-z0-9._-]+\.html", n.attrs["href"]), n.attrs["href"]
    if "http" not in profile.text + str(profile.id) + str(profile.error):
        assert "http://" not in page and "https://" not in page  # no URL of ours, ever
    if article and profile.error is None:
        (node,) = tree.find(id="article")
        assert node.text() == profile.text
    return tree


def check_highlights(tree: Tree, profile: Profile) -> None:
    """Assert every evidence sentence sits in an element whose data-marker names its marker."""
    for e in profile.evidence:
        (node,) = tree.find(id=f"s{e.sentence}")
        assert e.marker in node.attrs["data-marker"].split()
        assert node.attrs.get("tabindex") == "0"
        assert node.text() == profile.text[e.start:e.end]
        for c in e.cues:
            marks = [n for n in node.iter() if n.tag == "mark" and n.text() in c.text
                     and e.marker in n.attrs["data-marker"].split()]
            assert marks, f"cue {c.text!r} not underlined for {e.marker}"


def test_page_structure_and_highlights(hand):
    page = report_html.render(hand)
    tree = check_page(page, hand)
    check_highlights(tree, hand)
    assert "0.42" in page and ">mixed<" in page and "test-model 9.9" in page
    # Sentence 0 carries two markers; both show as data-marker and as letters.
    (s0,) = tree.find(id="s0")
    assert s0.attrs["data-marker"].split() == ["hedging", "unsourced_allegations"]
    tips = [n for n in s0.iter() if n.attrs.get("role") == "tooltip"]
    assert len(tips) == 1 and "speculative wording" in tips[0].text(skip_extra=False)
    assert s0.attrs["aria-describedby"] == tips[0].attrs["id"]


def test_contradiction_pair_is_linked_both_ways(hand):
    tree = Tree(report_html.render(hand))
    (s3,) = tree.find(id="s3")
    (s1,) = tree.find(id="s1")  # the partner has no evidence of its own but still gets an anchor
    assert "internal_contradictions" in s1.attrs["data-marker"].split()
    assert any(n.attrs.get("href") == "#s1" for n in s3.iter())
    assert any(n.attrs.get("href") == "#s3" for n in s1.iter())


def test_legend_colours_and_labels_come_from_the_registry(hand):
    page = report_html.render(hand)
    for m in REGISTRY.values():
        assert m.label in page and m.colour.lower() in page
    assert len({report_html.marker_style(n).abbr for n in REGISTRY}) == len(REGISTRY)


def test_attribution_badges_name_their_kind(hand):
    tree = Tree(report_html.render(hand))
    article = tree.find(id="article")[0]
    badges = [n for n in article.iter() if "badge" in n.attrs.get("class", "")]
    assert sorted(b.attrs["data-kind"] for b in badges) == ["anonymous", "named", "vague"]
    assert {b.text(skip_extra=False) for b in badges} == {"anonymous", "named", "vague source"}
    srcs = [n for n in article.iter() if n.attrs.get("class") == "src"]
    assert {n.text() for n in srcs} == {"The mayor", "Critics", "a spokesperson"}


def test_a_pronoun_badge_names_who_it_refers_to():
    text = 'Mayor Ann Lee said the bridge is safe. "It will open in May," she said.'
    tree = Tree(report_html.render(reliability.score(text, id="p")))
    badges = [n.text(skip_extra=False) for n in tree.find(id="article")[0].iter()
              if "badge" in n.attrs.get("class", "")]
    assert badges == ["named", "named = Mayor Ann Lee"]


@pytest.mark.parametrize("cues", [
    ["shameful", "shameful cover-up"],          # nested
    ["called it a", "a shameful"],              # overlapping
    ["called", " it"],                          # adjacent
    ["Critics called it a shameful cover-up."],  # the whole sentence
])
def test_overlapping_and_adjacent_cues_keep_the_text(cues):
    profile = make_profile(TEXT, [("loaded_language", 2, cues, "why", None),
                                  ("hedging", 2, cues[:1], "why", None)], ATTRS)
    tree = check_page(report_html.render(profile), profile)
    check_highlights(tree, profile)


def test_no_url_and_no_request_of_any_kind(hand):
    page = report_html.render(hand)
    assert "http://" not in page and "https://" not in page
    assert "url(" not in page and "@import" not in page and "src=" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


HOSTILE = [
    "<script>alert(1)</script> The minister may resign.",
    '"><img src=x onerror=alert(1)> Sources say the deal could collapse.',
    "</style><script>document.title='pwned'</script> It is believed to be true.",
    "Click javascript:alert(1) now. Officials may have lied.",
    "<a href=\"javascript:alert(1)\">x</a> The report might be wrong.",
    "' onmouseover='alert(1)' x=' Critics say it was a scandal.",
    "<!-- comment --> <![CDATA[ x ]]> &amp; &lt;b&gt; The mayor may go.",
    "<svg onload=alert(1)><style>*{}</style> He reportedly fled.",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_text(text):
    sents = sentences_of(text)
    flags = [(m, i, [], "<b>why</b> \"quoted\" 'single'", None)
             for i in range(len(sents)) for m in MARKER_NAMES[:2]]
    attrs = [Attribution(0, 8, text[:3], 0, 3, "vague", 0, text[3:8], 3, 8)]
    profile = make_profile(text, flags, attrs, id='<script>alert("id")</script>',
                           warnings=("<img src=x onerror=alert(1)>",))
    findings = [{"kind": "<script>x</script>", "why": text, "sides": [{"source": text}, text]}]
    check_page(report_html.render(profile, findings), profile)
    check_page(report_html.render_index([profile]), profile, article=False)
    compact = Tree(report_html.render_compact(profile))
    assert compact.problems == [] and not [n for n in compact.root.iter() if n.tag == "script"]
    assert not [k for n in compact.root.iter() for k in n.attrs if k.startswith("on")]
    assert {n.tag for n in compact.root.iter()} - {"#root"} <= OURS


alphabet = st.sampled_from(list("ab <>&\"'=/;:!.?\n\t\u00e9\u201c\u2019") + ["script", "onerror", "</style>"])


@st.composite
def hostile_profiles(draw):
    text = "".join(draw(st.lists(alphabet, max_size=60)))
    n = len(text)
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=6))) | {0, n})
    sents = tuple(Sentence(k, a, b) for k, (a, b) in enumerate(zip(cuts, cuts[1:])) if b > a)
    evidence = []
    for s in draw(st.lists(st.sampled_from(sents), max_size=4, unique=True)) if sents else []:
        for marker in draw(st.lists(st.sampled_from(MARKER_NAMES), min_size=1, max_size=2, unique=True)):
            spans = []
            for _ in range(draw(st.integers(0, 3))):
                a = draw(st.integers(s.start, s.end - 1))
                b = draw(st.integers(a + 1, s.end))
                spans.append(Span(a, b, text[a:b]))
            evidence.append(Evidence(marker, s.index, s.start, s.end, 0.5, tuple(spans), text[:20]))
    attrs = []
    for _ in range(draw(st.integers(0, 3))) if n else []:
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, n))
        c = draw(st.integers(0, n - 1))
        attrs.append(Attribution(min(a, c), max(b, c + 1), text[c:c + 1], c, c + 1,
                                 draw(st.sampled_from(ATTRIBUTION_KINDS)), 0, text[a:b], a, b))
    evidence.sort(key=lambda e: e.start)
    return Profile(id=text[:10], text=text, reliability=0.5, band="mixed",
                   markers={m: MarkerScore(0.2, 0) for m in MARKER_NAMES}, evidence=tuple(evidence),
                   attributions=tuple(attrs), sentences=sents)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_profiles())
def test_generated_hostile_profiles_keep_text_and_structure(profile):
    tree = check_page(report_html.render(profile), profile)
    check_highlights(tree, profile)


def test_error_and_cannot_judge_pages():
    err = Profile.failed("x<y>", "input is not UTF-8 <text>")
    page = report_html.render(err)
    check_page(page, err)
    assert "Could not be scored" in page and "&lt;text&gt;" in page
    unjudged = make_profile(TEXT, FLAGS, judged=False, reliability=0.5, warnings=("too_short",))
    page = report_html.render(unjudged)
    check_page(page, unjudged)
    assert "Cannot judge" in page and "too short to judge" in page


def test_unknown_marker_and_empty_text_still_render():
    odd = make_profile(TEXT, [("future_marker", 0, ["may"], "new", None)])
    check_highlights(check_page(report_html.render(odd), odd), odd)
    empty = Profile(id="e", text="", reliability=0.5, band="mixed", judged=False)
    check_page(report_html.render(empty), empty)


def test_findings_section(hand):
    page = report_html.render(hand, [{"kind": "disagreement", "why": "numbers differ",
                                      "sides": [{"source": "A", "sentence": 3}, "B says 9"]}])
    assert "Across sources" in page and "numbers differ" in page and "B says 9" in page
    assert "Across sources" not in report_html.render(hand)


def test_seed_reports():
    for id_, text in seed_texts().items():
        profile = reliability.score(text, id=id_)
        tree = check_page(report_html.render(profile), profile)
        check_highlights(tree, profile)


def test_index_and_write_reports(tmp_path, hand):
    low = make_profile(TEXT, id="../low", reliability=0.1, band="low")
    failed = Profile.failed("broken", "empty file")
    profiles = [hand, low, failed, make_profile(TEXT, id="index", reliability=0.3)]
    paths = report_html.write_reports(profiles, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert set(names) == {"hand-1.html", "_low.html", "broken.html", "index-2.html", "index.html"}
    assert all(p.parent == tmp_path / "out" for p in paths)
    tree = Tree((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert tree.problems == []
    hrefs = [n.attrs["href"] for n in tree.root.iter() if n.tag == "a"]
    assert hrefs == ["_low.html", "index-2.html", "hand-1.html", "broken.html"]  # least reliable first
    for p in paths:
        assert (p.parent / p.name).exists()
        if p.name != "index.html":
            assert Tree(p.read_text(encoding="utf-8")).problems == []


def test_compact_fragment_is_scoped(hand):
    frag = report_html.render_compact(hand)
    tree = Tree(frag)
    assert tree.problems == [] and frag.startswith('<div class="rel-report compact">')
    ids = [n.attrs["id"] for n in tree.root.iter() if "id" in n.attrs]
    # Prefixed ids: several reports in one notebook cannot clash.
    assert ids and len(ids) == len(set(ids)) and all(re.match(r"r[0-9a-f]{10}-", i) for i in ids)
    css = re.sub(r"/\*.*?\*/", "", report_html._css(), flags=re.S)
    for selector_block in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        for selector in selector_block.split(","):
            s = selector.strip()
            assert s.startswith((".rel-report", "body.rel-report", "from", "to")) or s == "", s


def test_reference_is_shipped_and_sane():
    ref = reference.load()
    assert ref is not None and ref.n_articles > 100
    for name in (*MARKER_NAMES, "reliability"):
        values = ref.values(name)
        assert len(values) == len(ref.levels) and list(values) == sorted(values)
        assert all(0.0 <= v <= 1.0 for v in values)
        assert ref.percentile(name, 0.0) <= ref.percentile(name, 0.5) <= ref.percentile(name, 1.0)


@pytest.mark.parametrize("data", [{}, {"schema": 2}, {"schema": 1, "levels": [0, 1]},
                                  {"schema": 1, "levels": [0, 1], "markers": {"h": [0.1]}},
                                  {"schema": 1, "levels": [0, 1], "markers": {"h": ["x", 1]}}])
def test_malformed_reference_is_ignored(data):
    assert reference.from_dict(data) is None


def test_reference_build_from_profiles(hand):
    data = reference.build([hand, make_profile(TEXT, judged=False), Profile.failed("x", "bad")])
    assert data["n_articles"] == 1 and "text" not in str(data.keys())
    ref = reference.from_dict(data)
    assert ref.quantile("hedging", 0.5) == pytest.approx(0.0) and ref.percentile("hedging", 0.0) == 50
    assert reference.quantiles([0, 1])[50] == 0.5
    with pytest.raises(ValueError):
        reference.build([])


def test_large_text_renders_fast():
    sentence = "Officials may have hidden a shameful <report> & more. "
    text = sentence * (1_000_000 // len(sentence))
    n = len(sentence)
    sents = tuple(Sentence(i, i * n, i * n + n - 1) for i in range(len(text) // n))
    evidence = tuple(Evidence("hedging", s.index, s.start, s.end, 0.5,
                              (Span(s.start + 10, s.start + 18, "may have"),), "why")
                     for s in sents[::2])
    profile = Profile(id="big", text=text, reliability=0.5, band="mixed", evidence=evidence,
                      sentences=sents, markers={m: MarkerScore(0.1, 0) for m in MARKER_NAMES})
    began = time.perf_counter()
    page = report_html.render(profile)
    assert time.perf_counter() - began < 5.0
    assert page.count('class="ev"') == len(evidence)
