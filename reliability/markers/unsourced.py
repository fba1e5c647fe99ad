"""Placeholder: the unsourced extractor is being written."""

from __future__ import annotations

from collections.abc import Sequence

from reliability.records import Attribution, Evidence
from reliability.text import Doc


def extract(doc: Doc, attributions: Sequence[Attribution]) -> list[Evidence]:
    """Return no evidence yet."""
    return []
