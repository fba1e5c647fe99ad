"""Self-contained HTML reports: one page per article, an index page, and a notebook fragment.

Pages carry their CSS and SVG inline and make no request of any kind (no fonts, scripts or
images from elsewhere; a Content-Security-Policy forbids them), so they work offline and as
e-mail attachments. Every piece of article text, id, reason and source is escaped: an article
containing markup renders as text. Highlights are built from sorted offset boundaries, so
overlapping or adjacent cues and several markers on one sentence nest correctly.

The highlighted article text is built in :mod:`reliability.report.highlight`; marker styles,
labels and file names shared with the Markdown report are in :mod:`reliability.report.common`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reliability import config
from reliability.markers import MARKER_NAMES
from reliability.profile import Profile
from reliability.records import ATTRIBUTION_KINDS
from reliability.report import reference
from reliability.report.common import (KIND_LABELS, MarkerStyle, clip, finding_sides, index_order,
                                       marker_style, markers_of, report_names, top_evidence,
                                       warning_text, write_report_files)
from reliability.report.highlight import article_html, badge, esc, tags

__all__ = ["CSP", "KIND_LABELS", "MarkerStyle", "article_html", "chart_svg", "esc", "marker_style",
           "markers_of", "render", "render_compact", "render_index", "report_names",
           "page", "top_evidence", "warning_text", "write_reports"]


#: No request of any kind, no script at all: a second line of defence behind escaping.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")


@lru_cache(maxsize=1)
def _css() -> str:
    css = resources.files("reliability.report").joinpath("report.css").read_text(encoding="utf-8")
    # Our own file, but a stray closing tag in it would end the style element early.
    return css.replace("</", "<\\/")


def _band(profile: Profile) -> str:
    """Return the profile's band as a CSS-safe word (``unknown`` for anything unexpected)."""
    return profile.band if profile.band in ("high", "mixed", "low") else "unknown"


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
        quote = clip(quote)
        items.append(f'<li data-marker="{esc(e.marker)}">{tags([e.marker])} '
                     f'<a href="#{prefix}s{int(e.sentence)}">Sentence {int(e.sentence)}</a>: {esc(s.label)}, '
                     f'strength {e.strength:.2f} <span class="strength" data-extra style="--c:'
                     f'{s.colour};--v:{100 * min(max(e.strength, 0), 1):.0f}%"></span>'
                     f'<q>{esc(quote)}</q><span class="why">{esc(e.why)}</span></li>')
    body = f'<ol class="top">{"".join(items)}</ol>' if items else "<p>No sentence was flagged.</p>"
    return (f'<section aria-labelledby="{prefix}h-top"><h2 id="{prefix}h-top">Sentences that moved '
            f'the score most</h2>{body}</section>')


def _legend_section(profile: Profile) -> str:
    items = "".join(f'<li>{tags([n])} <b>{esc(marker_style(n).label)}</b>: '
                    f'{esc(marker_style(n).definition)}</li>'
                    for n in markers_of([*MARKER_NAMES, *(e.marker for e in profile.evidence)]))
    counts = {k: sum(a.kind == k for a in profile.attributions) for k in ATTRIBUTION_KINDS}
    kinds = "".join(f"<li>{badge(k)} {counts[k]}</li>" for k in ATTRIBUTION_KINDS)
    return (f'<section aria-labelledby="h-legend"><h2 id="h-legend">Legend</h2><ul class="legend">'
            f'{items}</ul><p class="caption">Flagged sentences are tinted, striped and lettered '
            "by marker; the words that triggered a flag are underlined. Hover over or tab to a "
            'sentence for the reasons.</p></section><section aria-labelledby="h-attr"><h2 '
            'id="h-attr">Attributions</h2><p class="caption">Who is cited, by kind (badges follow '
            f'the source in the text):</p><ul class="kinds">{kinds}</ul></section>')


def _findings_section(findings: Sequence[dict] | None) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        rows = "".join(f"<li>{esc(s)}</li>" for s in finding_sides(f))
        level = f' <span class="caption">({esc(f["level"])})</span>' if f.get("level") else ""
        items.append(f'<li><b>{esc(f.get("kind", "finding"))}</b>{level}: {esc(f.get("why", ""))}'
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
    band = _band(profile)
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


def page(title: str, body: str) -> str:
    """Wrap ``body`` (already escaped markup) in a self-contained page with the report's CSS and CSP."""
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
        return page(title, _header(profile))
    body = (f'<a class="skip" href="#article">Skip to the article text</a>{_header(profile)}'
            f'<div class="layout"><main>{_top_section(profile, "")}<section aria-labelledby='
            f'"h-article"><h2 id="h-article">Article</h2><div class="article" id="article">'
            f'{article_html(profile)}</div></section></main><aside class="side">'
            f'{_chart_section(profile)}{_legend_section(profile)}{_findings_section(findings)}'
            f'</aside></div>')
    return page(title, body)


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
    order = index_order(profiles)
    markers = markers_of(m for p in profiles for m in p.markers) or list(MARKER_NAMES)
    head = "".join(f'<th scope="col">{tags([m])} {esc(marker_style(m).label)}</th>' for m in markers)
    rows = []
    for i in order:
        p = profiles[i]
        link = f'<a class="id" href="{esc(names[i])}.html">{esc(p.id if p.id is not None else i)}</a>'
        if p.error is not None:
            rows.append(f'<tr><td>{link}</td><td colspan="{len(markers) + 3}">could not be scored: '
                        f'{esc(p.error)}</td></tr>')
            continue
        band = _band(p)
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
    return page("Reliability reports", body)


def write_reports(profiles: Iterable[Profile], out_dir: str | Path,
                  findings: Mapping[str, Sequence[dict]] | None = None) -> list[Path]:
    """Write ``<id>.html`` per article and ``index.html`` into ``out_dir`` (created if needed).

    Returns:
        The paths written, reports first and the index last.

    Raises:
        OSError: The folder cannot be created or written.
    """
    return write_report_files(profiles, out_dir, ".html", render, render_index, findings)
