"""Documentation generated from the registry, so docs and code cannot drift apart."""

from __future__ import annotations

import re

from reliability.markers import REGISTRY

_BLOCK = re.compile(r"(<!-- markers-table[^\n]*-->\n)(.*?)(<!-- /markers-table -->)", re.DOTALL)


def markers_table() -> str:
    """Return the Markdown rows (one per marker) of the README's marker table."""
    return "".join(f"| `{m.name}` | {m.definition} |\n" for m in REGISTRY.values())


def update_readme(readme: str) -> str:
    """Return ``readme`` with its marker table block regenerated from the registry."""
    return _BLOCK.sub(lambda m: m.group(1) + markers_table() + m.group(3), readme)
