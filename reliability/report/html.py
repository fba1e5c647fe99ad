"""Self-contained HTML reports: one page per article, an index page, and a notebook fragment.

Pages carry their CSS and SVG inline and make no request of any kind (no fonts, scripts or
images from elsewhere; a Content-Security-Policy forbids them), so they work offline and as
e-mail attachments. Every piece of article text, id, reason and source is escaped: an article
containing markup renders as text. Highlights are built from sorted offset boundaries, so
overlapping or adjacent cues and several markers on one sentence nest correctly.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reliability import config
from reliability.markers import MARKER_NAMES, REGISTRY
from reliability.profile import Profile
from reliability.records import ATTRIBUTION_KINDS, Evidence
from reliability.report import reference

# Thresholds (to move into reliability/config.py)
#: Sentences listed under "moved the score most": the handful a reader checks first.
TOP_EVIDENCE = 5
#: Characters of a sentence quoted in the side column before it is cut (the full text is below).
QUOTE_CHARS = 280
#: Tint strength of a highlighted sentence: light enough for dark text to keep 7:1 contrast.
TINT = 0.18
#: Longest file stem for a report; with ".html" it stays far below file-system name limits.
MAX_NAME_CHARS = 100
#: Colour of a marker missing from the registry: neutral grey with 4.5:1 contrast on white.
FALLBACK_COLOUR = "#6e7781"

#: No request of any kind, no script at all: a second line of defence behind escaping.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")


#: Attribution kinds as shown on badges.
KIND_LABELS = {"named": "named", "document": "document", "vague": "vague source",
               "anonymous": "anonymous", "none": "no source"}
#: Warning codes in words.
WARNINGS = {"too_short": "too short to judge", "not_english": "does not look like English",
            "truncated": "cut at the size limit: only the first part was scored"}
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def esc(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute value."""
    return html.escape(str(value), quote=True)


@dataclass(frozen=True, slots=True)
class MarkerStyle:
    """How a marker is shown: registry label and colour, a short code, and a readable ink."""

    name: str
    label: str
    colour: str
    ink: str
    abbr: str
    definition: str


def _ink(colour: str) -> str:
    """Return black or white, whichever contrasts more with ``colour`` (WCAG luminance)."""
    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def _abbreviations() -> dict[str, str]:
    """Return a unique short code per registry marker: first letter, else initials, else two."""
    taken: dict[str, str] = {}
    for name, m in REGISTRY.items():
        words = m.label.split() or [name]
        for cand in (words[0][:1], "".join(w[:1] for w in words), words[0][:2], name):
            if cand.upper() not in taken.values():
                taken[name] = cand.upper()
                break
    return taken


@lru_cache(maxsize=256)
def marker_style(name: str) -> MarkerStyle:
    """Return how to show marker ``name``; a name missing from the registry gets a grey style.

    Cached: the registry is fixed at import time, and a long article asks thousands of times.
    """
    m = REGISTRY.get(name)
    colour = m.colour if m is not None and _COLOUR.fullmatch(m.colour) else FALLBACK_COLOUR
    if m is None:
        return MarkerStyle(name, name, colour, _ink(colour), "?", "")
    return MarkerStyle(name, m.label, colour.lower(), _ink(colour), _abbreviations()[name],
                       m.definition)


def markers_of(names: Iterable[str]) -> list[str]:
    """Return the distinct names in registry order (unknown names last, sorted)."""
    order = {n: i for i, n in enumerate(MARKER_NAMES)}
    return sorted(set(names), key=lambda n: (order.get(n, len(order)), n))


def top_evidence(profile: Profile, k: int = TOP_EVIDENCE) -> list[Evidence]:
    """Return the ``k`` strongest evidence items (ties: earlier in the text first)."""
    return sorted(profile.evidence, key=lambda e: (-e.strength, e.start))[:k]


def warning_text(code: str) -> str:
    """Return a warning code in words (unknown codes as given)."""
    return WARNINGS.get(code, code)


def report_names(profiles: Sequence[Profile]) -> list[str]:
    """Return a safe, unique file stem per profile (``<id>`` when the id is already safe).

    Unsafe characters become ``_``, so an id such as ``../x`` cannot leave the folder, and
    ``index`` is kept for the index page.
    """
    taken = {"index"}
    names = []
    for n, p in enumerate(profiles):
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", str(p.id if p.id is not None else n))
        stem = stem.lstrip(".")[:MAX_NAME_CHARS] or f"article-{n}"
        name, k = stem, 2
        while name.lower() in taken:
            name, k = f"{stem}-{k}", k + 1
        taken.add(name.lower())
        names.append(name)
    return names


@lru_cache(maxsize=1)
def _css() -> str:
    css = resources.files("reliability.report").joinpath("report.css").read_text(encoding="utf-8")
    # Our own file, but a stray closing tag in it would end the style element early.
    return css.replace("</", "<\\/")


def _tint(colour: str) -> str:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * TINT):02x}" for c in rgb)


def _var_style(markers: Sequence[str]) -> str:
    first = marker_style(markers[0])
    stripes = ", ".join(f"inset {4 * (k + 1)}px 0 0 {marker_style(m).colour}"
                        for k, m in enumerate(markers))
    return (f"--c:{first.colour};--t:{_tint(first.colour)};box-shadow:{stripes};"
            f"padding-left:{4 * len(markers) + 3}px")


def _tags(markers: Sequence[str]) -> str:
    parts = []
    for m in markers:
        s = marker_style(m)
        parts.append(f'<span class="tag" style="--c:{s.colour};--on:{s.ink}" title="{esc(s.label)}">'
                     f'<span aria-hidden="true">{esc(s.abbr)}</span><span class="sr">{esc(s.label)}'
                     f'</span></span>')
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The article text with highlights
# ---------------------------------------------------------------------------------------------

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


def _marks(profile: Profile) -> tuple[list[tuple[int, int, str, str]], dict[int, list[str]]]:
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
        if end > 0 and kind not in badges.get(end, []):
            badges.setdefault(end, []).append(kind)
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


def _badge(kind: str) -> str:
    return f'<span class="badge" data-kind="{kind}" data-extra>{esc(KIND_LABELS[kind])}</span>'


def _open(block: _Block, prefix: str) -> str:
    markers = block.markers
    first = block.sentences[0]
    extra_ids = "".join(f'<a id="{prefix}s{i}" data-extra></a>' for i in block.sentences[1:])
    multi = " multi" if len(markers) > 1 else ""
    return (f'<span class="ev{multi}" id="{prefix}s{first}" data-marker="{esc(" ".join(markers))}" '
            f'tabindex="0" aria-describedby="{prefix}t{first}" style="{_var_style(markers)}">'
            f'{extra_ids}<span class="tags" data-extra>{_tags(markers)}</span><span class="st">')


def _close(block: _Block, prefix: str) -> str:
    links = "".join(f'<a class="pair" href="#{prefix}s{p}" data-extra title="contradicts sentence {p}">'
                    f'\u21c4 s{p}</a>' for p in sorted(block.partners))
    rows = []
    for e in sorted(block.evidence, key=lambda e: -e.strength):
        s = marker_style(e.marker)
        rows.append(f'<span class="tip-row">{_tags([e.marker])} <b>{esc(s.label)}</b>, strength '
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
        out.extend(_badge(k) for k in badges.get(b, ()))
        if b in ends:
            out.append(_close(ends[b], prefix))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Side column: chart against the reference, top sentences, legend, attributions, findings
# ---------------------------------------------------------------------------------------------

def _ordinal(p: float) -> str:
    n = int(round(p))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def chart_svg(profile: Profile, ref: reference.Reference | None, prefix: str = "") -> str:
    """Return an inline SVG: each marker score as a dot over the reference distribution.

    Grey bands are the middle 80% and 50% of reference articles, the dark tick their median.
    Every row also states the score and its percentile in words, so the chart needs no colour.
    """
    x0, width, row = 8, 240, 44
    names = markers_of(profile.markers)
    height = row * len(names) + 22
    parts = [f'<svg viewBox="0 0 {x0 + width + 84} {height}" width="{x0 + width + 84}" '
             f'height="{height}" role="img" aria-labelledby="{prefix}chart-title">'
             f'<title id="{prefix}chart-title">Marker scores against reference news articles</title>']
    for k, name in enumerate(names):
        s, score = marker_style(name), profile.markers[name].score
        y = row * k + 16
        pct = ref.percentile(name, score) if ref else None
        note = f", {_ordinal(pct)} percentile" if pct is not None else ""
        parts.append(f'<g><title>{esc(s.label)}: {score:.2f}{note}</title>'
                     f'<text x="{x0}" y="{y}">{esc(s.abbr)} · {esc(s.label)}</text>'
                     f'<rect x="{x0}" y="{y + 8}" width="{width}" height="12" fill="#f6f8fa" '
                     f'stroke="#8c959f" stroke-width="0.5"/>')
        if ref and ref.values(name):
            q = {p: ref.quantile(name, p) for p in (0.1, 0.25, 0.5, 0.75, 0.9)}
            for lo, hi, fill in ((0.1, 0.9, "#d0d7de"), (0.25, 0.75, "#8c959f")):
                parts.append(f'<rect x="{x0 + width * q[lo]:.1f}" y="{y + 8}" '
                             f'width="{max(width * (q[hi] - q[lo]), 1.5):.1f}" height="12" fill="{fill}"/>')
            parts.append(f'<rect x="{x0 + width * q[0.5] - 1:.1f}" y="{y + 5}" width="2" height="18" '
                         f'fill="#1f2328"/>')
        cx = x0 + width * min(max(score, 0.0), 1.0)
        parts.append(f'<circle cx="{cx:.1f}" cy="{y + 14}" r="6.5" fill="{s.colour}" '
                     f'stroke="#1f2328" stroke-width="1.5"/>'
                     f'<text x="{x0 + width + 8}" y="{y + 19}">{score:.2f}'
                     f'{f" · p{pct:.0f}" if pct is not None else ""}</text></g>')
    parts.append(f'<text x="{x0}" y="{height - 2}">0</text><text x="{x0 + width - 6}" '
                 f'y="{height - 2}">1</text></svg>')
    return "".join(parts)


def _chart_section(profile: Profile) -> str:
    ref = reference.load()
    if ref is None:
        caption = "No reference distribution is installed: dots show the scores alone."
    else:
        parts = ", ".join(f"{esc(k)} {v}" for k, v in ref.sources.items())
        caption = (f"Dot: this article. Grey bands: the middle 80% and 50% of {ref.n_articles} "
                   f"reference news articles ({parts}); dark tick: their median. "
                   "p = percentile among them.")
    return (f'<section class="chart" aria-labelledby="h-chart"><h2 id="h-chart">Markers</h2>'
            f'{chart_svg(profile, ref)}<p class="caption">{caption}</p></section>')


def _top_section(profile: Profile, prefix: str) -> str:
    items = []
    for e in top_evidence(profile):
        s = marker_style(e.marker)
        quote = profile.text[max(e.start, 0):max(e.end, 0)]
        quote = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS - 1] + "\u2026"
        items.append(f'<li data-marker="{esc(e.marker)}">{_tags([e.marker])} '
                     f'<a href="#{prefix}s{int(e.sentence)}">Sentence {int(e.sentence)}</a>: {esc(s.label)}, '
                     f'strength {e.strength:.2f} <span class="strength" data-extra style="--c:'
                     f'{s.colour};--v:{100 * min(max(e.strength, 0), 1):.0f}%"></span>'
                     f'<q>{esc(quote)}</q><span class="why">{esc(e.why)}</span></li>')
    body = f'<ol class="top">{"".join(items)}</ol>' if items else "<p>No sentence was flagged.</p>"
    return (f'<section aria-labelledby="{prefix}h-top"><h2 id="{prefix}h-top">Sentences that moved '
            f'the score most</h2>{body}</section>')


def _legend_section(profile: Profile) -> str:
    items = "".join(f'<li>{_tags([n])} <b>{esc(marker_style(n).label)}</b>: '
                    f'{esc(marker_style(n).definition)}</li>'
                    for n in markers_of([*MARKER_NAMES, *(e.marker for e in profile.evidence)]))
    counts = {k: sum(a.kind == k for a in profile.attributions) for k in ATTRIBUTION_KINDS}
    kinds = "".join(f"<li>{_badge(k)} {counts[k]}</li>" for k in ATTRIBUTION_KINDS)
    return (f'<section aria-labelledby="h-legend"><h2 id="h-legend">Legend</h2><ul class="legend">'
            f'{items}</ul><p class="caption">Flagged sentences are tinted, striped and lettered '
            "by marker; the words that triggered a flag are underlined. Hover over or tab to a "
            'sentence for the reasons.</p></section><section aria-labelledby="h-attr"><h2 '
            'id="h-attr">Attributions</h2><p class="caption">Who is cited, by kind (badges follow '
            f'the source in the text):</p><ul class="kinds">{kinds}</ul></section>')


def _side(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{esc(k)}: {esc(v)}" for k, v in value.items())
    return esc(value)


def _findings_section(findings: Sequence[dict] | None) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        sides = f.get("sides") or []
        sides = sides if isinstance(sides, (list, tuple)) else [sides]
        rows = "".join(f"<li>{_side(s)}</li>" for s in sides)
        items.append(f'<li><b>{esc(f.get("kind", "finding"))}</b>: {esc(f.get("why", ""))}'
                     f'{f"<ul>{rows}</ul>" if rows else ""}</li>')
    return (f'<section aria-labelledby="h-find"><h2 id="h-find">Across sources</h2>'
            f'<ul class="findings">{"".join(items)}</ul></section>')


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------

def _num(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.2f}"


def _header(profile: Profile, heading: str = "h1") -> str:
    title = esc(profile.id if profile.id is not None else "Article")
    if profile.error is not None:
        return (f'<header class="head"><p class="kicker">Reliability report</p><{heading}>{title}'
                f'</{heading}><p class="notice error">Could not be scored: {esc(profile.error)}</p>'
                "</header>")
    band = profile.band if profile.band in ("high", "mixed", "low") else "unknown"
    model = (f"Model {esc(profile.model.name)} {esc(profile.model.version)}" if profile.model
             else "Model unknown")
    ref = reference.load()
    pct = ref.percentile("reliability", profile.reliability) if ref and profile.reliability is not None else None
    rank = (f" · looks more reliable than {pct:.0f}% of {ref.n_articles} reference articles"
            if pct is not None and profile.judged else "")
    judge = ("" if profile.judged else '<p class="notice"><b>Cannot judge:</b> the text is too '
             "short or not English, so 0.50 here means \u201cno verdict\u201d, not \u201cmixed\u201d.</p>")
    warns = "".join(f"<li>{esc(warning_text(w))} <code>{esc(w)}</code></li>" for w in profile.warnings)
    warns = f'<ul class="warnings" aria-label="Warnings">{warns}</ul>' if warns else ""
    return (f'<header class="head"><p class="kicker">Reliability report</p><{heading}>{title}'
            f'</{heading}><div class="score band-{band}"><span class="num">{_num(profile.reliability)}'
            f'</span><span class="of">reliability (0 to 1, higher is more reliable)</span>'
            f'<span class="band">{band}</span></div><p class="meta">{model} · bands: low below '
            f'{config.BAND_LOW:.2f}, high from {config.BAND_HIGH:.2f}{rank}</p>{judge}{warns}</header>')


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)}</title><style>{_css()}</style></head>'
            f'<body class="rel-report">{body}</body></html>\n')


def render(profile: Profile, findings: Sequence[dict] | None = None) -> str:
    """Return one self-contained HTML page explaining one profile.

    Args:
        profile: The scored article (an error profile gives a short page saying why).
        findings: Optional cross-source findings (dicts with ``kind``, ``why``, ``sides``),
            shown in the side column.
    """
    title = f"Reliability report: {profile.id if profile.id is not None else 'article'}"
    if profile.error is not None:
        return _page(title, _header(profile))
    body = (f'<a class="skip" href="#article">Skip to the article text</a>{_header(profile)}'
            f'<div class="layout"><main>{_top_section(profile, "")}<section aria-labelledby='
            f'"h-article"><h2 id="h-article">Article</h2><div class="article" id="article">'
            f'{article_html(profile)}</div></section></main><aside class="side">'
            f'{_chart_section(profile)}{_legend_section(profile)}{_findings_section(findings)}'
            f'</aside></div>')
    return _page(title, body)


def render_compact(profile: Profile) -> str:
    """Return a compact HTML fragment for notebooks (``Profile._repr_html_``).

    Ids carry a prefix derived from the article, so several reports in one notebook do not
    clash; styles are scoped under ``.rel-report``.
    """
    if profile.error is not None:
        return f'<div class="rel-report compact"><style>{_css()}</style>{_header(profile, "h3")}</div>'
    digest = hashlib.sha1(f"{profile.id}\0{profile.text}".encode("utf-8", "replace")).hexdigest()
    prefix = f"r{digest[:10]}-"
    return (f'<div class="rel-report compact"><style>{_css()}</style>{_header(profile, "h3")}'
            f'<div class="chart">{chart_svg(profile, reference.load(), prefix)}</div>'
            f'{_top_section(profile, prefix)}'
            f'<details><summary>Article text with highlights</summary><div class="article">'
            f'{article_html(profile, prefix)}</div></details></div>')


def render_index(profiles: Sequence[Profile], names: Sequence[str] | None = None) -> str:
    """Return an index page listing articles from least to most reliable, linking to reports.

    Args:
        profiles: The profiles (error rows are listed last).
        names: File stems of the reports (default: :func:`report_names`).
    """
    profiles = list(profiles)
    names = list(names) if names is not None else report_names(profiles)
    order = sorted(range(len(profiles)), key=lambda i: (profiles[i].error is not None,
                                                        profiles[i].reliability or 0.0, i))
    markers = markers_of(m for p in profiles for m in p.markers) or list(MARKER_NAMES)
    head = "".join(f'<th scope="col">{_tags([m])} {esc(marker_style(m).label)}</th>' for m in markers)
    rows = []
    for i in order:
        p = profiles[i]
        link = f'<a class="id" href="{esc(names[i])}.html">{esc(p.id if p.id is not None else i)}</a>'
        if p.error is not None:
            rows.append(f'<tr><td>{link}</td><td colspan="{len(markers) + 3}">could not be scored: '
                        f'{esc(p.error)}</td></tr>')
            continue
        band = p.band if p.band in ("high", "mixed", "low") else "unknown"
        cells = "".join(
            f'<td class="n" data-marker="{esc(m)}">{p.markers[m].score:.2f}<span class="mini" '
            f'data-extra style="--c:{marker_style(m).colour};--v:{100 * p.markers[m].score:.0f}%">'
            f'</span></td>' if m in p.markers else '<td class="n">\u2014</td>' for m in markers)
        notes = ", ".join(warning_text(w) for w in p.warnings)
        rows.append(f'<tr><td>{link}</td><td class="n">{_num(p.reliability)}</td><td class="band-'
                    f'{band}">{band}{"" if p.judged else " (cannot judge)"}</td>{cells}<td>'
                    f'{esc(notes)}</td></tr>')
    body = (f'<header class="head"><p class="kicker">Reliability reports</p><h1>{len(profiles)} '
            f'articles</h1></header><table><caption>From least to most reliable-looking; marker '
            f'scores run 0 to 1 (higher means more of the marker).</caption><thead><tr><th scope='
            f'"col">Article</th><th scope="col">Reliability</th><th scope="col">Band</th>{head}'
            f'<th scope="col">Warnings</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return _page("Reliability reports", body)


def write_reports(profiles: Iterable[Profile], out_dir: str | Path) -> list[Path]:
    """Write ``<id>.html`` per article and ``index.html`` into ``out_dir`` (created if needed).

    Returns:
        The paths written, reports first and the index last.

    Raises:
        OSError: The folder cannot be created or written.
    """
    profiles = list(profiles)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = report_names(profiles)
    paths = []
    for p, name in zip(profiles, names):
        path = out / f"{name}.html"
        path.write_text(render(p), encoding="utf-8")
        paths.append(path)
    index = out / "index.html"
    index.write_text(render_index(profiles, names), encoding="utf-8")
    return [*paths, index]
