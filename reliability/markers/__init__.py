"""The one registry of markers.

CLI choices, feature names, the README table and the report legend all read :data:`REGISTRY`.
Each marker lives in its own module with one function::

    def extract(doc: Doc, attributions: Sequence[Attribution]) -> list[Evidence]

which returns at most one :class:`~reliability.records.Evidence` per sentence, never scores
boilerplate sentences, and imports nothing from the model, the report or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reliability.markers import contradictions, hedging, loaded, unsourced
from reliability.records import Attribution, Evidence
from reliability.text import Doc

Extractor = Callable[[Doc, Sequence[Attribution]], list[Evidence]]


@dataclass(frozen=True, slots=True)
class Marker:
    """One reliability marker.

    Attributes:
        name: Contract name (a key of ``markers`` in the profile).
        label: Short human label.
        colour: Highlight colour in reports (chosen to stay distinct for colour-blind readers).
        definition: One-sentence definition, shown in docs and report legends.
        extract: The extractor function.
    """

    name: str
    label: str
    colour: str
    definition: str
    extract: Extractor


REGISTRY: dict[str, Marker] = {m.name: m for m in (
    Marker("hedging", "Hedging", "#E69F00",
           "The writer marks a claim as uncertain or speculative (\"may\", \"reportedly\", "
           "\"it is believed\").", hedging.extract),
    Marker("unsourced_allegations", "Unsourced allegation", "#D55E00",
           "A claim of wrongdoing, or a strong factual claim, with no identifiable source "
           "(none, or only a vague or anonymous one).", unsourced.extract),
    Marker("loaded_language", "Loaded language", "#CC79A7",
           "Words chosen for emotional force rather than information, including name-calling "
           "and exaggeration.", loaded.extract),
    Marker("internal_contradictions", "Internal contradiction", "#0072B2",
           "Two statements in the same article that cannot both be true (numbers, dates, "
           "outcomes or speakers).", contradictions.extract),
)}

#: Marker names in registry order (the contract's order).
MARKER_NAMES: tuple[str, ...] = tuple(REGISTRY)


def extract_all(doc: Doc, attributions: Sequence[Attribution],
                markers: Iterable[str] | None = None) -> list[Evidence]:
    """Run the chosen extractors (default: all) and return evidence sorted by start offset.

    Raises:
        KeyError: A name in ``markers`` is not in the registry.
    """
    names = MARKER_NAMES if markers is None else tuple(markers)
    evidence: list[Evidence] = []
    for name in names:
        evidence.extend(REGISTRY[name].extract(doc, attributions))
    order = {n: i for i, n in enumerate(MARKER_NAMES)}
    return sorted(evidence, key=lambda e: (e.start, order[e.marker]))
