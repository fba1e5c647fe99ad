"""Cross-source corroboration: do other outlets tell the same story the same way?

Articles are first grouped into *stories*: TF-IDF vectors (scikit-learn) of every article are
compared by cosine similarity and clustered by average linkage (scipy), so a story's articles are
similar on average to each other, not merely chained through look-alikes. Within a story,
quotations (:mod:`reliability.corroboration_quotes`) and sentences
(:mod:`reliability.corroboration_align`) are aligned across outlets and every disagreement
becomes a :class:`Finding`:

* ``quote_speaker``: the same quotation given to different speakers;
* ``quote_wording``: a quotation whose words differ between outlets;
* ``number_mismatch`` / ``date_mismatch`` / ``outcome_mismatch``: one fact, two values;
* ``uncorroborated_allegation``: an allegation that only one outlet of the story carries.

Every side of a finding names an article and offsets into its text exactly as given. Each finding
has a ``level``: ``"alarm"`` when the evidence that two outlets tell one event differently is
strong, ``"note"`` for differences worth a look that are often benign (paraphrased quotations,
facts without a shared name, allegations other outlets may have worded differently).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reliability import config
from reliability.corroboration_align import (
    ClaimMatch,
    aligned_sentences,
    drop_templates,
    match_claims,
    peers,
    same_event,
    sentence_content,
)
from reliability.corroboration_allegations import (
    Uncorroborated,
    allegation_sentences,
    uncorroborated,
)
from reliability.corroboration_quotes import (
    QuoteMatch,
    Speaker,
    match_quotes,
    quote_infos,
)
from reliability.text import Doc

if TYPE_CHECKING:
    from reliability.scorer import Analysis, Scorer

LEVELS: tuple[str, ...] = ("alarm", "note")
# Speaker kinds that are people: a quotation given to a document or video in one outlet and to
# its speaker in another is a citation difference, not a quotation put in the wrong mouth.
_PERSONS = frozenset({"named", "anonymous", "vague"})

KINDS: tuple[str, ...] = ("quote_speaker", "quote_wording", "number_mismatch", "date_mismatch",
                          "outcome_mismatch", "uncorroborated_allegation")


@dataclass(frozen=True, slots=True)
class Side:
    """One article's part in a finding: ``text[start:end]`` is the quotation, number or sentence.

    Attributes:
        id: The article's id.
        start: Offset into that article's text.
        end: Offset just after it.
        text: The text at ``start:end`` (for display).
        note: What this side says, e.g. the speaker or the value ("Zelensky", "117").
        sentence: ``(start, end)`` of the sentence holding the span, or None.
    """

    id: str
    start: int
    end: int
    text: str | None = None
    note: str | None = None
    sentence: tuple[int, int] | None = None

    def to_dict(self) -> dict:
        """Return ``{"id", "start", "end"}`` plus ``text``, ``note`` and ``sentence`` when known."""
        out: dict = {"id": self.id, "start": self.start, "end": self.end}
        if self.text is not None:
            out["text"] = self.text
        if self.note is not None:
            out["note"] = self.note
        if self.sentence is not None:
            out["sentence"] = list(self.sentence)
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """A disagreement between outlets (or a claim only one outlet makes) within one story.

    Attributes:
        kind: One of :data:`KINDS`.
        why: One human sentence explaining the finding.
        sides: The articles involved, each with offsets into its own text.
        story: Index of the story group (see :func:`story_groups`).
        severity: 0..1, how much it should worry a reader.
        level: ``"alarm"`` (strong evidence of one event told differently) or ``"note"``.
    """

    kind: str
    why: str
    sides: tuple[Side, ...]
    story: int = -1
    severity: float = 0.5
    level: str = "note"

    @property
    def alarming(self) -> bool:
        """True for ``level == "alarm"``."""
        return self.level == "alarm"

    def to_dict(self) -> dict:
        """Return a JSON-ready dict: ``kind``, ``why``, ``story``, ``severity``, ``level``, ``sides``."""
        return {"kind": self.kind, "why": self.why, "story": self.story,
                "severity": round(float(self.severity), 4), "level": self.level,
                "sides": [s.to_dict() for s in self.sides]}


def _similarity(texts: Sequence[str]):
    """Sparse article-by-article TF-IDF cosine similarity, or None when no text has a word."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                          token_pattern=rf"(?u)\b[^\W\d_]{{{config.STORY_MIN_TOKENS},}}\b")
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # no words at all (empty or numeric texts): nothing can be linked
        return None
    return (x @ x.T).tocsr()  # sparse: only pairs sharing a word are ever computed


def _groups(sim, threshold: float) -> list[list[int]]:
    """Average-linkage clusters whose members are similar to each other at ``threshold`` on average.

    Articles are first split into the connected components of the ``threshold`` graph (no
    cluster can cross them), so the dense distance matrix is only built per component.
    """
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial.distance import squareform

    linked = sim.copy()
    linked.data[linked.data < threshold] = 0
    linked.eliminate_zeros()
    _, labels = connected_components(linked, directed=False)
    components: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        components[int(lab)].append(i)
    out: list[list[int]] = []
    for members in components.values():
        if len(members) < 3:  # one or two articles: the link itself is the average
            out.append(members)
            continue
        dist = np.clip(1.0 - sim[members][:, members].toarray(), 0.0, None)
        np.fill_diagonal(dist, 0.0)
        tree = linkage(squareform(dist, checks=False), method="average")
        clusters: dict[int, list[int]] = defaultdict(list)
        for k, lab in zip(members, fcluster(tree, t=1.0 - threshold, criterion="distance")):
            clusters[int(lab)].append(k)
        out += clusters.values()
    return sorted((sorted(g) for g in out), key=lambda g: g[0])


def story_groups(texts: Sequence[str], threshold: float = config.STORY_SIMILARITY) -> list[list[int]]:
    """Group texts about the same story.

    Args:
        texts: Article texts.
        threshold: Mean cosine similarity of TF-IDF vectors within a group (average linkage).

    Returns:
        Sorted index lists, ordered by first member; an article about nothing else is a group of one.
    """
    n = len(texts)
    sim = _similarity(texts) if n >= 2 else None
    return [[i] for i in range(n)] if sim is None else _groups(sim, threshold)


def _cut(text: str) -> str:
    return text if len(text) <= config.QUOTE_SHOWN_CHARS else text[:config.QUOTE_SHOWN_CHARS - 1].rstrip() + "…"


def _sentence_span(doc: Doc, offset: int) -> tuple[int, int] | None:
    i = doc.sentence_at(offset)
    return (doc.sentences[i].start, doc.sentences[i].end) if i is not None else None


def _who(s: Speaker | None) -> str:
    return s.source if s is not None else "no named speaker"


def _quote_finding(m: QuoteMatch, ids: Sequence[str], docs: Sequence[Doc]) -> Finding:
    sides = []
    for q, sp in ((m.a, m.speakers[0]), (m.b, m.speakers[1])):
        doc, st, en = docs[q.art], q.quote.inner_start, q.quote.inner_end
        note = _who(sp) if m.relation == "speaker" else doc.text[st:en]
        sides.append(Side(ids[q.art], st, en, doc.text[st:en], note, _sentence_span(doc, st)))
    a, b = sides
    if m.relation == "speaker":
        why = (f"the same quotation ('{_cut(a.text or '')}') is given to {_who(m.speakers[0])} in {a.id} "
               f"but to {_who(m.speakers[1])} in {b.id}")
        persons = all(sp is not None and sp.kind in _PERSONS for sp in m.speakers)
        return Finding("quote_speaker", why, (a, b), severity=config.SEVERITY["quote_speaker"],
                       level="alarm" if persons else "note")
    was, now = m.changes[0]
    who = next((s.source for s in m.speakers if s is not None), "the speaker")
    why = f"{who} is quoted with '{_cut(was) or '…'}' in {a.id} but '{_cut(now) or '…'}' in {b.id}"
    if len(m.changes) > 1:
        why += f" ({len(m.changes)} differences in the quotation)"
    # Outlets translate, trim and paraphrase inside quotation marks: a wording change is worth a
    # look but is no error by itself.
    return Finding("quote_wording", why, (a, b), severity=config.SEVERITY["quote_wording"], level="note")


_CLAIM_WHY = {
    "number": ("number_mismatch", "{a} says {x} but {b} says {y} for the same fact"),
    "date": ("date_mismatch", "{a} gives the date as {x} but {b} as {y} for the same event"),
    "outcome": ("outcome_mismatch", "{a} says '{x}' but {b} says '{y}' about the same thing"),
}


def _claim_finding(m: ClaimMatch, ids: Sequence[str], docs: Sequence[Doc], named: bool) -> Finding:
    kind, template = _CLAIM_WHY[m.kind]
    sides = []
    for art, sent, cue in ((m.art_a, m.sent_a, m.cue_a), (m.art_b, m.sent_b, m.cue_b)):
        s = docs[art].sentences[sent]
        sides.append(Side(ids[art], cue.start, cue.end, cue.text, cue.text, (s.start, s.end)))
    why = template.format(a=sides[0].id, b=sides[1].id, x=m.cue_a.text, y=m.cue_b.text)
    if not named:
        why += " (the sentences share no name that ties them to one event)"
    return Finding(kind, why, tuple(sides), severity=config.SEVERITY[kind], level="alarm" if named else "note")


def _claim_findings(matches: Sequence[ClaimMatch], ids: Sequence[str], docs: Sequence[Doc],
                    peer: dict[int, set[int]]) -> list[Finding]:
    """Claim mismatches between articles that report the same events.

    A mismatch is dropped when the articles are no peers or the two sentences tell different
    events (:func:`reliability.corroboration_align.same_event`); it is an alarm only when the
    sentences name someone or something in common and nothing before them sets them apart.
    """
    out, words = [], {}
    for m in matches:
        if m.art_b not in peer.get(m.art_a, ()):
            continue
        verdict = same_event(m, docs, words)
        if verdict != "different":
            out.append(_claim_finding(m, ids, docs, verdict == "same"))
    return out


def _allegation_finding(u: Uncorroborated, ids: Sequence[str], docs: Sequence[Doc]) -> Finding:
    doc = docs[u.art]
    s = doc.sentences[u.sentence]
    what = f"allegation ('{u.cue}')" if u.cue else "allegation"
    why = (f"{what} appears only in {ids[u.art]}; no other article of this story "
           f"({_listing([x for k, x in enumerate(ids) if k != u.art])}) reports it")
    sev = config.SEVERITY["uncorroborated_allegation" if u.unsourced else "uncorroborated_allegation_sourced"]
    # An alarm needs an unsourced claim and a peer that tells the same events accusing nobody:
    # where the peers accuse too, they may well carry the same claim in other words.
    level = "alarm" if u.unsourced and u.neutral_peer else "note"
    side = Side(ids[u.art], s.start, s.end, doc.text[s.start:s.end], u.cue or None, (s.start, s.end))
    return Finding("uncorroborated_allegation", why, (side,), severity=sev, level=level)


def _listing(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:config.LISTED_IDS])
    return shown + (f" and {len(ids) - config.LISTED_IDS} more" if len(ids) > config.LISTED_IDS else "")


def _story_findings(ids: Sequence[str], analyses: Sequence[Analysis], kinds: frozenset[str],
                    similarity: Sequence[Sequence[float]]) -> list[Finding]:
    docs = [a.doc for a in analyses]
    contents = drop_templates([sentence_content(d) for d in docs])
    out: list[Finding] = []
    if kinds & {"quote_speaker", "quote_wording"}:
        quotes = [q for k, a in enumerate(analyses) for q in quote_infos(k, a.doc, a.attributions)]
        out += [_quote_finding(m, ids, docs) for m in match_quotes(quotes, docs)]
    aligned = aligned_sentences(contents)
    peer = peers(aligned, contents, similarity)
    if kinds & {"number_mismatch", "date_mismatch", "outcome_mismatch"}:
        out += _claim_findings(match_claims(aligned, docs), ids, docs, peer)
    if "uncorroborated_allegation" in kinds:
        found = uncorroborated(docs, [a.evidence for a in analyses], contents, peer)
        out += [_allegation_finding(u, ids, docs) for u in found]
    return [f for f in out if f.kind in kinds]


def _id_of(a: object, n: int) -> str:
    for obj in (a, getattr(a, "profile", None)):
        value = getattr(obj, "id", None)
        if value is not None:
            return str(value)
    return str(n)


def corroborate(analyses: Sequence[Analysis], *, ids: Sequence[str] | None = None,
                threshold: float = config.STORY_SIMILARITY, kinds: Iterable[str] | None = None) -> list[Finding]:
    """Compare already-analysed articles across outlets and report where they disagree.

    Args:
        analyses: Results of :meth:`reliability.scorer.Scorer.analyse`, one per article.
        ids: Article ids in the same order (default: an ``id`` attribute of each analysis or of
            its ``profile``, else the position ``"0"``, ``"1"``, ...).
        threshold: Mean TF-IDF cosine similarity within a story (see :func:`story_groups`).
        kinds: Finding kinds to report (default: all of :data:`KINDS`).

    Returns:
        Findings sorted by story, then by the first side's article and offset. Articles alone in
        their story give none.

    Raises:
        ValueError: ``ids`` has another length than ``analyses``, or ``kinds`` names an unknown kind.
    """
    analyses = list(analyses)
    ids = [str(i) for i in ids] if ids is not None else [_id_of(a, n) for n, a in enumerate(analyses)]
    if len(ids) != len(analyses):
        raise ValueError(f"{len(ids)} ids for {len(analyses)} articles")
    wanted = frozenset(kinds) if kinds is not None else frozenset(KINDS)
    if wanted - set(KINDS):
        raise ValueError(f"unknown finding kind(s) {sorted(wanted - set(KINDS))}; choose from {list(KINDS)}")
    out: list[Finding] = []
    sim = _similarity([a.doc.text for a in analyses]) if len(analyses) >= 2 else None
    stories = [g for g in _groups(sim, threshold) if len(g) > 1] if sim is not None else []
    for story, members in enumerate(stories):
        block = sim[members][:, members].toarray()
        found = _story_findings([ids[k] for k in members], [analyses[k] for k in members], wanted, block)
        out += [replace(f, story=story) for f in found]
    order = {i: n for n, i in enumerate(ids)}
    return sorted(out, key=lambda f: (f.story, order[f.sides[0].id], f.sides[0].start, KINDS.index(f.kind)))


def corroborate_texts(items: Iterable[tuple[str, str]], scorer: Scorer | None = None, **options) -> list[Finding]:
    """Analyse ``(id, text)`` pairs with ``scorer`` (default: the shared one) and corroborate them.

    The same as :meth:`reliability.Scorer.corroborate`; keyword options go to :func:`corroborate`.
    """
    from reliability.scorer import default_scorer

    return (scorer or default_scorer()).corroborate(items, **options)


def alarms(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose ``level`` is ``"alarm"``."""
    return [f for f in findings if f.alarming]


def by_article(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings indexed by every article id that is a side of them (for per-article reports)."""
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        for i in dict.fromkeys(s.id for s in f.sides):
            out[i].append(f)
    return dict(out)


__all__ = [
    "KINDS",
    "LEVELS",
    "Finding",
    "Side",
    "alarms",
    "allegation_sentences",
    "by_article",
    "corroborate",
    "corroborate_texts",
    "story_groups",
]
