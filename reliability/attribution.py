"""Placeholder: the attribution finder is being written."""

from __future__ import annotations

from reliability.records import Attribution
from reliability.text import Doc


def find_attributions(doc: Doc) -> tuple[Attribution, ...]:
    """Return no attributions yet."""
    return ()
