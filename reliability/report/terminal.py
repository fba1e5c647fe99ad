"""A readable terminal report of one profile (rich)."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reliability.markers import REGISTRY
from reliability.profile import Profile

_BAND_STYLE = {"high": "bold green", "mixed": "bold yellow", "low": "bold red"}


def _sentence_with_cues(profile: Profile, i: int, cues: list[tuple[int, int]]) -> Text:
    s = profile.sentences[i]
    text = Text(profile.text[s.start:s.end])
    for a, b in cues:
        text.stylize("bold underline", a - s.start, b - s.start)
    return text


def render(profile: Profile) -> Group:
    """Return a rich renderable: score and band, marker table, flagged sentences, attributions."""
    if profile.error is not None:
        return Group(Text(f"{profile.id}: could not be scored: {profile.error}", style="red"))
    head = Text.assemble(
        (f"{profile.id or 'article'}  ", "bold"),
        ("reliability ", ""), (f"{profile.reliability:.2f} ", _BAND_STYLE.get(profile.band, "")),
        (f"({profile.band})", _BAND_STYLE.get(profile.band, "")),
        (f"   model {profile.model.name} {profile.model.version}" if profile.model else "", "dim"),
    )
    parts: list = [head]
    if profile.warnings:
        parts.append(Text("warnings: " + ", ".join(profile.warnings), style="yellow"))

    markers = Table(show_header=True, header_style="bold", box=None)
    markers.add_column("marker")
    markers.add_column("score", justify="right")
    markers.add_column("sentences", justify="right")
    for name, ms in profile.markers.items():
        markers.add_row(Text(REGISTRY[name].label, style=REGISTRY[name].colour),
                        f"{ms.score:.2f}", str(ms.sentences))
    parts.append(markers)

    by_sentence: dict[int, list] = {}
    for e in profile.evidence:
        by_sentence.setdefault(e.sentence, []).append(e)
    if by_sentence:
        parts.append(Text("\nFlagged sentences", style="bold"))
    for i in sorted(by_sentence):
        items = by_sentence[i]
        cues = [(c.start, c.end) for e in items for c in e.cues]
        lines = [_sentence_with_cues(profile, i, cues)]
        for e in items:
            m = REGISTRY[e.marker]
            line = Text.assemble(("  ■ ", m.colour), (f"{m.label} {e.strength:.2f}: ", "bold"), e.why)
            if e.related is not None:
                line.append(f" (see sentence {e.related.sentence})", style="dim")
            lines.append(line)
        parts.append(Panel(Group(*lines), title=f"sentence {i}", title_align="left", expand=True))

    if profile.attributions:
        table = Table(title="Attributions", show_header=True, header_style="bold", box=None,
                      title_justify="left")
        for col in ("sentence", "kind", "cue", "source"):
            table.add_column(col)
        for a in profile.attributions:
            table.add_row(str(a.sentence), a.kind, a.cue, a.source or "—")
        parts.append(table)
    return Group(*parts)

