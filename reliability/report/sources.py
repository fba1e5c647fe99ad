"""Self-contained HTML overview of outlet profiles (:func:`reliability.source_profiles`).

One page: a table of outlets from least to most reliable-looking (mean reliability with its
bootstrap interval, how often each marker fires, the attribution mix) and, per outlet, its most
typical evidence sentences (:func:`reliability.sources.typical_evidence`). Page frame, CSS,
Content-Security-Policy, marker tags and attribution badges are those of the article reports
(:mod:`reliability.report.html`); every outlet name, id, sentence and reason is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reliability import config
from reliability.markers import MARKER_NAMES
from reliability.report.common import clip, marker_style
from reliability.report.highlight import badge, esc, tags
from reliability.report.html import page
from reliability.sources import OTHER_KINDS, SOURCED_KINDS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["sources_html"]

#: Interval bar drawn in each row: width and height in pixels (reads at table-cell size).
BAR_WIDTH, BAR_HEIGHT = 96, 12
DASH = "\u2014"


def _float(value: Any) -> float | None:
    """A finite float, or None for missing, NaN or non-numeric values."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _int(value: Any) -> int:
    v = _float(value)
    return int(v) if v is not None else 0


def _fmt(value: Any, pct: bool = False) -> str:
    v = _float(value)
    if v is None:
        return DASH
    return f"{100 * v:.0f}%" if pct else f"{v:.2f}"


def _band(value: float | None) -> str:
    """The band of an outlet mean, with the article thresholds (config.BAND_LOW / BAND_HIGH)."""
    if value is None:
        return "unknown"
    return "high" if value >= config.BAND_HIGH else "low" if value < config.BAND_LOW else "mixed"


def interval_svg(mean: float | None, low: float | None, high: float | None) -> str:
    """Return a small inline SVG: the 0..1 scale, the interval as a bar and the mean as a tick."""
    if mean is None:
        return ""
    lo, hi = (mean if v is None else min(max(v, 0.0), 1.0) for v in (low, high))
    x = lambda v: 1 + (BAR_WIDTH - 2) * min(max(v, 0.0), 1.0)
    label = f"mean {mean:.2f}, 95% interval {lo:.2f} to {hi:.2f}"
    return (f'<svg viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'role="img" aria-label="{esc(label)}"><title>{esc(label)}</title>'
            f'<rect x="0.5" y="{BAR_HEIGHT / 2 - 0.5}" width="{BAR_WIDTH - 1}" height="1" fill="#8c959f"/>'
            f'<rect x="{x(lo):.1f}" y="2" width="{max(x(hi) - x(lo), 1.5):.1f}" height="{BAR_HEIGHT - 4}" '
            f'fill="#d0d7de" stroke="#57606a" stroke-width="0.5"/>'
            f'<rect x="{x(mean) - 1:.1f}" y="0" width="2" height="{BAR_HEIGHT}" fill="#1f2328"/></svg>')


def _marker_cells(row: Mapping) -> str:
    cells = []
    for m in MARKER_NAMES:
        share, mean = _float(row.get(f"share_{m}")), _float(row.get(f"mean_{m}"))
        if share is None:
            cells.append(f'<td class="n">{DASH}</td>')
            continue
        note = f"{esc(marker_style(m).label)}: in {100 * share:.0f}% of articles; mean score {_fmt(mean)}"
        cells.append(f'<td class="n" data-marker="{esc(m)}" title="{note}">{100 * share:.0f}%'
                     f'<span class="mini" data-extra style="--c:{marker_style(m).colour};'
                     f'--v:{100 * share:.0f}%"></span></td>')
    return "".join(cells)


def _attribution_cell(row: Mapping) -> str:
    n = _int(row.get("n_attributions"))
    if n == 0:
        return f"<td>{DASH} <span class=\"caption\">(none found)</span></td>"
    parts = [f'{"/".join(badge(k) for k in SOURCED_KINDS)} {_fmt(row.get("attr_sourced"), pct=True)}']
    parts += [f'{badge(k)} {_fmt(row.get(f"attr_{k}"), pct=True)}' for k in OTHER_KINDS]
    return f'<td><span class="caption">{n} attributions:</span> {" ".join(parts)}</td>'


def _row(n: int, row: Mapping, has_typical: bool) -> str:
    outlet = str(row.get("outlet", ""))
    mean = _float(row.get("mean_reliability"))
    low, high = _float(row.get("ci_low")), _float(row.get("ci_high"))
    name = f'<a class="id" href="#o{n}">{esc(outlet)}</a>' if has_typical else f'<span class="id">{esc(outlet)}</span>'
    excluded = _int(row.get("n_excluded"))
    count = f"{_int(row.get('n_articles'))}" + (f' <span class="caption">(+{excluded} not judged)</span>'
                                                 if excluded else "")
    ci = DASH if mean is None else f"{_fmt(low)}\u2013{_fmt(high)}"
    band = _band(mean)
    label = "" if mean is None else f' <span class="band">{band}</span>'
    return (f'<tr id="r{n}"><th scope="row">{name}</th><td class="n">{count}</td>'
            f'<td class="n band-{band}">{_fmt(mean)}{label}</td>'
            f'<td class="n">{ci} {interval_svg(mean, low, high)}</td>'
            f'{_marker_cells(row)}{_attribution_cell(row)}</tr>')


def _typical_section(n: int, outlet: str, items: Sequence[Mapping] | None) -> str:
    lis = []
    for d in items or []:
        marker = str(d.get("marker", ""))
        text = str(d.get("text", ""))
        text = clip(text)
        lis.append(f'<li data-marker="{esc(marker)}">{tags([marker])} {esc(marker_style(marker).label)}, '
                   f'strength {_fmt(d.get("strength"))}, article <code>{esc(d.get("id", ""))}</code>'
                   f'<q>{esc(text)}</q><span class="why">{esc(d.get("why", ""))}</span></li>')
    body = f'<ol class="top">{"".join(lis)}</ol>' if lis else "<p>No sentence was flagged.</p>"
    return (f'<section id="o{n}" aria-labelledby="h-o{n}"><h3 id="h-o{n}">{esc(outlet)}</h3>{body}'
            f'<p class="caption"><a href="#r{n}">Back to the table</a></p></section>')


def sources_html(profiles: pd.DataFrame, typical: Mapping[str, Sequence[Mapping]] | None = None,
                 title: str = "Outlet profiles") -> str:
    """Return one self-contained HTML page giving an overview of outlet profiles.

    Args:
        profiles: Rows as from :func:`reliability.source_profiles` (``outlet``, ``n_articles``,
            ``n_excluded``, ``mean_reliability``, ``ci_low``, ``ci_high``, ``mean_<marker>``,
            ``share_<marker>``, ``n_attributions``, ``attr_sourced``, ``attr_<kind>``); missing
            columns show as a dash. Listed least reliable first, outlets without a mean last.
        typical: Optional ``{outlet: [{"id", "marker", "strength", "why", "text"}, ...]}`` as
            from :func:`reliability.sources.typical_evidence`, shown per outlet below the table.
        title: The page title.
    """
    records = profiles.to_dict("records") if len(profiles) else []
    order = sorted(range(len(records)), key=lambda i: (_float(records[i].get("mean_reliability")) is None,
                                                       _float(records[i].get("mean_reliability")) or 0.0,
                                                       str(records[i].get("outlet", ""))))
    typical = typical or {}
    head = "".join(f'<th scope="col">{tags([m])} {esc(marker_style(m).label)}</th>' for m in MARKER_NAMES)
    rows = "".join(_row(n, records[i], str(records[i].get("outlet", "")) in typical)
                   for n, i in enumerate(order))
    sections = "".join(_typical_section(n, str(records[i].get("outlet", "")),
                                        typical.get(str(records[i].get("outlet", ""))))
                       for n, i in enumerate(order) if str(records[i].get("outlet", "")) in typical)
    n_articles = sum(_int(r.get("n_articles")) for r in records)
    typical_part = (f'<section aria-labelledby="h-typical"><h2 id="h-typical">Typical evidence per '
                    f'outlet</h2><p class="caption">The strongest flagged sentences among each '
                    f'outlet\u2019s articles.</p>{sections}</section>') if sections else ""
    body = (f'<header class="head"><p class="kicker">Source profiles</p><h1>{len(records)} outlets, '
            f'{n_articles} articles</h1><p class="meta">An outlet profile describes the articles '
            f'scored, not the outlet: few articles give a wide interval. Bands as for articles: '
            f'low below {config.BAND_LOW:.2f}, high from {config.BAND_HIGH:.2f}.</p></header>'
            f'<main><table><caption>From least to most reliable-looking. Reliability: mean over the '
            f'outlet\u2019s articles with a bootstrap 95% interval (bar: grey interval, dark tick '
            f'mean, on a 0 to 1 scale). Markers: share of articles with at least one flagged '
            f'sentence. Attributions: share of all attributions by kind.</caption><thead><tr>'
            f'<th scope="col">Outlet</th><th scope="col">Articles</th><th scope="col">Reliability'
            f'</th><th scope="col">95% interval</th>{head}<th scope="col">Attribution mix</th></tr>'
            f'</thead><tbody>{rows}</tbody></table>{typical_part}</main>')
    return page(title, body)
