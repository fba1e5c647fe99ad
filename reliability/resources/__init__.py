"""Read the package's own data files (lexicons, Punkt parameters) with importlib.resources.

Lexicons are UTF-8 TSV files with a header row; lines starting with ``#`` are comments.
Reading goes through here so that every module finds its data the same way, in an editable
checkout and in an installed wheel alike.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources

_PACKAGE = __name__


def resource_text(name: str) -> str:
    """Return the text of a packaged resource file.

    Args:
        name: Path below ``reliability/resources``, e.g. ``"lexicons/hedges.tsv"``.
    """
    ref = resources.files(_PACKAGE)
    for part in name.split("/"):
        ref = ref.joinpath(part)
    return ref.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Return the rows of a packaged TSV lexicon as dicts keyed by the header.

    Args:
        name: File name below ``reliability/resources/lexicons``, e.g. ``"hedges.tsv"``.
    """
    return read_table(f"lexicons/{name}")


def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Return the rows of any packaged TSV file (header row; ``#`` comment lines skipped).

    Args:
        name: Path below ``reliability/resources``, e.g. ``"attribution_cue_weights.tsv"``.
    """
    text = resource_text(name)
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in reader)


@lru_cache(maxsize=None)
def read_json(name: str) -> dict:
    """Return a packaged JSON resource, parsed."""
    return json.loads(resource_text(name))
