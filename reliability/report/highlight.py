"""The article text as HTML, with flagged sentences, cues and attributions highlighted.

Highlights are built from sorted offset boundaries: every cue, attribution cue, source and
flagged sentence opens and closes at a boundary, so overlapping or adjacent cues and several
markers on one sentence nest correctly. Every piece of article text is escaped. Also the small
HTML pieces the report page shares with the highlights (marker tags, attribution badges).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from reliability.profile import Profile
from reliability.records import ATTRIBUTION_KINDS, Evidence
from reliability.report.common import KIND_LABELS, marker_style, markers_of

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
#: Tint strength of a highlighted sentence: light enough for dark text to keep 7:1 contrast.
TINT = 0.18


def esc(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute value."""
    return html.escape(str(value), quote=True)


def tags(markers: Sequence[str]) -> str:
    """Return the lettered, coloured tags of ``markers`` (the label is read out, not the letter)."""
    parts = []
    for m in markers:
        s = marker_style(m)
        parts.append(f'<span class="tag" style="--c:{s.colour};--on:{s.ink}" title="{esc(s.label)}">'
                     f'<span aria-hidden="true">{esc(s.abbr)}</span><span class="sr">{esc(s.label)}'
                     f'</span></span>')
    return "".join(parts)


def badge(kind: str, refers_to: str | None = None) -> str:
    """Return the badge of attribution kind ``kind`` (one of ``ATTRIBUTION_KINDS``).

    ``refers_to`` names who a pronoun source stands for ("named = Mayor Ann Lee" after "she").
    """
    label = KIND_LABELS[kind] + (f" = {refers_to}" if refers_to else "")
    return f'<span class="badge" data-kind="{kind}" data-extra>{esc(label)}</span>'


def _tint(colour: str) -> str:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * TINT):02x}" for c in rgb)


def _var_style(markers: Sequence[str]) -> str:
    first = marker_style(markers[0])
    stripes = ", ".join(f"inset {4 * (k + 1)}px 0 0 {marker_style(m).colour}"
                        for k, m in enumerate(markers))
    return (f"--c:{first.colour};--t:{_tint(first.colour)};box-shadow:{stripes};"
            f"padding-left:{4 * len(markers) + 3}px")


@dataclass
class _Block:
    """One highlighted sentence (or several, if bad offsets made them overlap)."""

    start: int
    end: int
    sentences: list[int]
    evidence: list[Evidence] = field(default_factory=list)
    pair_markers: set[str] = field(default_factory=set)
    partners: set[int] = field(default_factory=set)

    @property
    def markers(self) -> list[str]:
        return markers_of([e.marker for e in self.evidence] + sorted(self.pair_markers))


def _clamp(a: int, b: int, n: int) -> tuple[int, int]:
    a, b = max(0, min(int(a), n)), max(0, min(int(b), n))
    return a, max(a, b)


def _blocks(profile: Profile) -> list[_Block]:
    n = len(profile.text)
    by_sentence: dict[int, _Block] = {}

    def block(i: int, a: int, b: int) -> _Block:
        if i not in by_sentence:
            by_sentence[i] = _Block(*_clamp(a, b, n), sentences=[i])
        return by_sentence[i]

    for e in profile.evidence:
        block(int(e.sentence), e.start, e.end).evidence.append(e)
        if e.related is not None:  # both sentences of a pair get an anchor and a link back
            block(int(e.sentence), e.start, e.end).partners.add(int(e.related.sentence))
            other = block(int(e.related.sentence), e.related.start, e.related.end)
            other.partners.add(int(e.sentence))
            other.pair_markers.add(e.marker)
    merged: list[_Block] = []
    for b in sorted((b for b in by_sentence.values() if b.end > b.start), key=lambda b: b.start):
        if merged and b.start < merged[-1].end:  # overlapping offsets: one highlight, all markers
            last = merged[-1]
            last.end = max(last.end, b.end)
            last.sentences += b.sentences
            last.evidence += b.evidence
            last.pair_markers |= b.pair_markers
            last.partners |= b.partners
        else:
            merged.append(b)
    return merged


def _marks(profile: Profile) -> tuple[list[tuple[int, int, str, str]], dict[int, list[tuple[str, str | None]]]]:
    """Return inline marks ``(start, end, kind, value)`` and attribution badges by offset."""
    n = len(profile.text)
    marks, badges = [], {}
    for e in profile.evidence:
        for c in e.cues:
            a, b = _clamp(c.start, c.end, n)
            if b > a:
                marks.append((a, b, "cue", e.marker))
    for at in profile.attributions:
        kind = at.kind if at.kind in ATTRIBUTION_KINDS else "none"
        ca, cb = _clamp(at.cue_start, at.cue_end, n)
        if cb > ca:
            marks.append((ca, cb, "acue", kind))
        end = cb
        if at.source_start is not None and at.source_end is not None:
            sa, sb = _clamp(at.source_start, at.source_end, n)
            if sb > sa:
                marks.append((sa, sb, "src", kind))
                end = sb
        label = (kind, at.refers_to.text if at.refers_to else None)
        if end > 0 and label not in badges.get(end, []):
            badges.setdefault(end, []).append(label)
    return marks, badges


def _segment(chunk: str, active: dict[tuple[str, str], int]) -> str:
    out = esc(chunk)
    if not active:  # most of a long article: plain text
        return out
    cues = markers_of([v for k, v in active if k == "cue"])
    if cues:
        labels = ", ".join(marker_style(m).label for m in cues)
        multi = " multi" if len(cues) > 1 else ""
        out = (f'<mark class="cue{multi}" data-marker="{esc(" ".join(cues))}" '
               f'style="--c:{marker_style(cues[0]).colour}" title="cue: {esc(labels)}">{out}</mark>')
    for kind, cls in (("acue", "acue"), ("src", "src")):
        kinds = [k for k in ATTRIBUTION_KINDS if (kind, k) in active]
        if kinds:
            out = f'<span class="{cls}" data-kind="{" ".join(kinds)}">{out}</span>'
    return out


def _open(block: _Block, prefix: str) -> str:
    markers = block.markers
    first = block.sentences[0]
    extra_ids = "".join(f'<a id="{prefix}s{i}" data-extra></a>' for i in block.sentences[1:])
    multi = " multi" if len(markers) > 1 else ""
    return (f'<span class="ev{multi}" id="{prefix}s{first}" data-marker="{esc(" ".join(markers))}" '
            f'tabindex="0" aria-describedby="{prefix}t{first}" style="{_var_style(markers)}">'
            f'{extra_ids}<span class="tags" data-extra>{tags(markers)}</span><span class="st">')


def _close(block: _Block, prefix: str) -> str:
    links = "".join(f'<a class="pair" href="#{prefix}s{p}" data-extra title="contradicts sentence {p}">'
                    f'\u21c4 s{p}</a>' for p in sorted(block.partners))
    rows = []
    for e in sorted(block.evidence, key=lambda e: -e.strength):
        s = marker_style(e.marker)
        rows.append(f'<span class="tip-row">{tags([e.marker])} <b>{esc(s.label)}</b>, strength '
                    f'{e.strength:.2f}: {esc(e.why)}</span>')
    rows += [f'<span class="tip-row">Contradicts sentence {p}</span>' for p in sorted(block.partners)]
    head = ", ".join(str(i) for i in block.sentences)
    return (f'</span>{links}<span class="tip" role="tooltip" id="{prefix}t{block.sentences[0]}" '
            f'data-extra><span class="tip-h">Sentence {esc(head)}</span>{"".join(rows)}</span></span>')


def article_html(profile: Profile, prefix: str = "") -> str:
    """Return the article text as HTML (no whitespace added: the text keeps its own newlines).

    Args:
        profile: The scored article.
        prefix: Prepended to element ids, so several reports on one page keep unique ids.
    """
    text, n = profile.text, len(profile.text)
    blocks = _blocks(profile)
    marks, badges = _marks(profile)
    opens: dict[int, list[tuple[str, str]]] = {}
    closes: dict[int, list[tuple[str, str]]] = {}
    for a, b, kind, value in marks:
        opens.setdefault(a, []).append((kind, value))
        closes.setdefault(b, []).append((kind, value))
    starts = {b.start: b for b in blocks}
    ends = {b.end: b for b in blocks}
    bounds = sorted({0, n, *starts, *ends, *opens, *closes, *badges})
    active: dict[tuple[str, str], int] = {}
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        for key in closes.get(a, ()):
            active[key] -= 1
            if not active[key]:
                del active[key]
        for key in opens.get(a, ()):
            active[key] = active.get(key, 0) + 1
        if a in starts:
            out.append(_open(starts[a], prefix))
        out.append(_segment(text[a:b], active))
        out.extend(badge(k, r) for k, r in badges.get(b, ()))
        if b in ends:
            out.append(_close(ends[b], prefix))
    return "".join(out)
