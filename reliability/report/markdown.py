"""A Markdown report of one profile: score, markers, flagged sentences with reasons, attributions.

Article text is escaped for Markdown *and* HTML (most renderers pass raw HTML through), so an
article containing markup or Markdown syntax shows as the text it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from reliability.profile import Profile
from reliability.records import ATTRIBUTION_KINDS, Evidence
from reliability.report import reference
from reliability.report.common import (KIND_LABELS, finding_sides, index_order, marker_style,
                                       markers_of, report_names, top_evidence, warning_text,
                                       write_report_files)

# Characters with a meaning in Markdown anywhere in a line (or in HTML: & < >).
_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Markdown that only matters at the start of a line: list items, headings, rules, quotes.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_SPACE = re.compile(r"\s+")


def escape(text: str, line_start: bool = False) -> str:
    """Return ``text`` on one line, safe to place inside Markdown (and any HTML it becomes).

    Args:
        text: Any text.
        line_start: The text will start a line, so list, heading and quote syntax is escaped too.
    """
    text = _SPACE.sub(" ", text)
    out = _INLINE.sub(lambda m: _HTML.get(m.group(1), "\\" + m.group(1)), text)
    return _at_line_start(out) if line_start else out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _sentence(profile: Profile, start: int, end: int, cues: list[tuple[int, int]]) -> str:
    """Return the sentence escaped, with its cues (overlaps merged) in bold."""
    start, end = max(0, start), min(len(profile.text), end)
    parts, pos = [], start
    for a, b in _merged([(max(a, start), min(b, end)) for a, b in cues if a < end and b > start]):
        parts.append(escape(profile.text[pos:a]))
        cue = escape(profile.text[a:b])
        core = cue.strip()
        # Bold markers must touch the word: keep any surrounding space outside them.
        parts.append(cue.replace(core, f"**{core}**", 1) if core else cue)
        pos = b
    parts.append(escape(profile.text[pos:end]))
    return _at_line_start("".join(parts).strip())


def _at_line_start(md: str) -> str:
    """Escape list, heading and quote syntax at the start of already escaped Markdown."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), md)


def _markers_table(profile: Profile) -> list[str]:
    ref = reference.load()
    lines = ["| Marker | Score | Sentences | Among reference articles |", "|---|---:|---:|---|"]
    for name in markers_of(profile.markers):
        s, ms = marker_style(name), profile.markers[name]
        pct = ref.percentile(name, ms.score) if ref else None
        where = f"percentile {pct:.0f} of {ref.n_articles}" if pct is not None else "\u2014"
        lines.append(f"| {escape(s.abbr)} {escape(s.label)} | {ms.score:.2f} | {ms.sentences} | {where} |")
    return lines


def _flagged(profile: Profile) -> list[str]:
    by_sentence: dict[int, list[Evidence]] = {}
    for e in profile.evidence:
        by_sentence.setdefault(e.sentence, []).append(e)
    lines = ["## Flagged sentences", ""]
    if not by_sentence:
        return [*lines, "No sentence was flagged.", ""]
    for i in sorted(by_sentence, key=lambda i: by_sentence[i][0].start):
        items = by_sentence[i]
        cues = [(c.start, c.end) for e in items for c in e.cues]
        lines.append(f"**Sentence {i}**")
        lines.append("")
        lines.append("> " + _sentence(profile, items[0].start, items[0].end, cues))
        lines.append("")
        for e in items:
            s = marker_style(e.marker)
            pair = f" (contradicts sentence {e.related.sentence})" if e.related is not None else ""
            lines.append(f"- {escape(s.abbr)} {escape(s.label)}, strength {e.strength:.2f}: "
                         f"{escape(e.why)}{pair}")
        lines.append("")
    return lines


def _attributions(profile: Profile) -> list[str]:
    if not profile.attributions:
        return []
    counts = ", ".join(f"{KIND_LABELS[k]} {sum(a.kind == k for a in profile.attributions)}"
                       for k in ATTRIBUTION_KINDS)
    lines = ["## Attributions", "", counts, "", "| Sentence | Kind | Cue | Source |", "|---:|---|---|---|"]
    for a in profile.attributions:
        kind = KIND_LABELS.get(a.kind, a.kind)
        source = escape(a.source) if a.source else "\u2014"
        if a.refers_to is not None:  # "he" alone tells a fact-checker nothing: show who he is
            source += f" (= {escape(a.refers_to.text)})"
        lines.append(f"| {a.sentence} | {escape(kind)} | {escape(a.cue)} | {source} |")
    return [*lines, ""]


def _findings(findings: Sequence[dict] | None) -> list[str]:
    if not findings:
        return []
    lines = ["## Across sources", ""]
    for f in findings:
        level = f" ({escape(str(f['level']))})" if f.get("level") else ""
        lines.append(f"- **{escape(str(f.get('kind', 'finding')))}**{level}: {escape(str(f.get('why', '')))}")
        lines += [f"  - {escape(side)}" for side in finding_sides(f)]
    return [*lines, ""]


def render(profile: Profile, findings: Sequence[dict] | None = None) -> str:
    """Return a Markdown report of one profile.

    Args:
        profile: The scored article (an error profile gives a one-paragraph report).
        findings: Optional cross-source findings (dicts with ``kind``, ``why``, ``sides``).
    """
    title = escape(str(profile.id)) if profile.id is not None else "Article"
    lines = [f"# Reliability report: {title}", ""]
    if profile.error is not None:
        return "\n".join([*lines, f"Could not be scored: {escape(profile.error)}", ""])
    model = f"model {escape(profile.model.name)} {escape(profile.model.version)}" if profile.model else ""
    lines += [f"**Reliability {profile.reliability:.2f}** ({escape(str(profile.band))}) "
              f"on a 0 to 1 scale, higher is more reliable; {model}", ""]
    if not profile.judged:
        lines += ["> **Cannot judge:** the text is too short or not English, so 0.50 here means "
                  "no verdict.", ""]
    if profile.warnings:
        lines += ["Warnings: " + "; ".join(escape(warning_text(w)) for w in profile.warnings), ""]
    lines += ["## Markers", "", *_markers_table(profile), ""]
    top = top_evidence(profile)
    if top:
        lines += ["## Sentences that moved the score most", ""]
        lines += [f"{k}. Sentence {e.sentence}, {escape(marker_style(e.marker).label)} "
                  f"{e.strength:.2f}: {escape(e.why)}" for k, e in enumerate(top, 1)]
        lines.append("")
    lines += _flagged(profile) + _attributions(profile) + _findings(findings)
    lines += ["## Legend", ""]
    lines += [f"- **{escape(marker_style(n).abbr)} {escape(marker_style(n).label)}**: "
              f"{escape(marker_style(n).definition)}" for n in markers_of(profile.markers)]
    return "\n".join(lines) + "\n"


def render_index(profiles: Sequence[Profile], names: Sequence[str] | None = None) -> str:
    """Return a Markdown index: articles from least to most reliable, linking to ``<name>.md``."""
    profiles = list(profiles)
    names = list(names) if names is not None else report_names(profiles)
    order = index_order(profiles)
    markers = markers_of(m for p in profiles for m in p.markers)
    lines = [f"# Reliability reports: {len(profiles)} articles", "",
             "| Article | Reliability | Band | " + " | ".join(
                 escape(marker_style(m).label) for m in markers) + " |",
             "|---|---:|---|" + "---:|" * len(markers)]
    for i in order:
        p = profiles[i]
        link = f"[{escape(str(p.id if p.id is not None else i))}]({names[i]}.md)"
        if p.error is not None:
            lines.append(f"| {link} | \u2014 | could not be scored |" + " |" * len(markers))
            continue
        scores = " | ".join(f"{p.markers[m].score:.2f}" if m in p.markers else "\u2014" for m in markers)
        lines.append(f"| {link} | {p.reliability:.2f} | {escape(str(p.band))} | {scores} |")
    return "\n".join(lines) + "\n"


def write_reports(profiles: Iterable[Profile], out_dir: str | Path,
                  findings: Mapping[str, Sequence[dict]] | None = None) -> list[Path]:
    """Write ``<id>.md`` per article and ``index.md`` into ``out_dir`` (created if needed).

    File names are those of the HTML reports (:func:`reliability.report.common.report_names`).

    Raises:
        OSError: The folder cannot be created or written.
    """
    return write_report_files(profiles, out_dir, ".md", render, render_index, findings)
