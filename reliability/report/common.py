"""What the HTML and Markdown reports share: marker names, codes and colours, labels, file names.

Marker labels, colours and definitions come from the registry (:data:`reliability.markers.REGISTRY`);
this module derives what a report needs from them (a short code, a readable ink colour) and holds
the other words reports use (attribution kinds, warnings), the order of articles on an index
page, safe unique file names, and writing a folder of reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reliability.markers import MARKER_NAMES, REGISTRY
from reliability.profile import Profile
from reliability.records import Evidence

# Settings of this module (operational or presentational; scoring thresholds live in reliability/config.py)
#: Sentences listed under "moved the score most": the handful a reader checks first.
TOP_EVIDENCE = 5
#: Characters of a sentence quoted in a side column or list before it is cut (the full text is elsewhere).
QUOTE_CHARS = 280
#: Longest file stem for a report; with ".html" it stays far below file-system name limits.
MAX_NAME_CHARS = 100
#: Colour of a marker missing from the registry: neutral grey with 4.5:1 contrast on white.
FALLBACK_COLOUR = "#6e7781"

#: Attribution kinds as shown on badges.
KIND_LABELS = {"named": "named", "document": "document", "vague": "vague source",
               "anonymous": "anonymous", "none": "no source"}
#: Warning codes in words.
WARNINGS = {"too_short": "too short to judge", "not_english": "does not look like English",
            "truncated": "cut at the size limit: only the first part was scored"}
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


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


def finding_sides(finding: dict) -> list[str]:
    """Return the sides of a cross-source finding as plain text, one string each (unescaped)."""
    sides = finding.get("sides") or []
    sides = sides if isinstance(sides, (list, tuple)) else [sides]
    return [_side(s) if isinstance(s, dict) else str(s) for s in sides]


def clip(text: str) -> str:
    """``text`` cut to :data:`QUOTE_CHARS` characters, with an ellipsis when cut."""
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "\u2026"


def _side(side: dict) -> str:
    """``<id> [start:end]: “text” (note)`` for a side in ``Side.to_dict()`` form."""
    where = f"{side.get('id', '?')} [{side.get('start', '?')}:{side.get('end', '?')}]"
    text = clip(str(side.get("text") or ""))
    note = f" ({side['note']})" if side.get("note") else ""
    return f"{where}: \u201c{text}\u201d{note}" if text else f"{where}{note}"


def index_order(profiles: Sequence[Profile]) -> list[int]:
    """Return profile positions from least to most reliable; error profiles last, ties in order."""
    return sorted(range(len(profiles)), key=lambda i: (profiles[i].error is not None,
                                                       profiles[i].reliability or 0.0, i))


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


def write_report_files(profiles: Iterable[Profile], out_dir: str | Path, suffix: str,
                       render: Callable[[Profile, Sequence[dict] | None], str],
                       render_index: Callable[[Sequence[Profile], Sequence[str]], str],
                       findings: Mapping[str, Sequence[dict]] | None = None) -> list[Path]:
    """Write ``<name><suffix>`` per article and ``index<suffix>`` into ``out_dir`` (created if needed).

    Args:
        profiles: The profiles to report on.
        out_dir: The folder.
        suffix: File extension with its dot, e.g. ``.html``.
        render: One profile (and its cross-source findings, or None) to one report.
        render_index: Profiles and their file stems (:func:`report_names`) to the index page.
        findings: Cross-source findings (``Finding.to_dict()`` form) by article id.

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
        path = out / f"{name}{suffix}"
        path.write_text(render(p, (findings or {}).get(str(p.id))), encoding="utf-8")
        paths.append(path)
    index = out / f"index{suffix}"
    index.write_text(render_index(profiles, names), encoding="utf-8")
    return [*paths, index]
