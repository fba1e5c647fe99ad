"""reliability: how reliable does a news article look, and why.

Quick start::

    import reliability
    profile = reliability.score(text)
    profile.reliability, profile.band
    profile.evidence_frame()          # one row per evidence sentence

    reliability.score_frame(df, text_col="text")   # one flat row per article

Public names load on first use (PEP 562), so ``import reliability`` and the CLI start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_PUBLIC = {
    "score": "reliability.scorer", "score_frame": "reliability.scorer", "Scorer": "reliability.scorer",
    "Profile": "reliability.profile",
    "Attribution": "reliability.records", "Evidence": "reliability.records", "Sentence": "reliability.records",
    "MARKER_NAMES": "reliability.markers", "REGISTRY": "reliability.markers",
    "ReliabilityError": "reliability.errors", "InputError": "reliability.errors",
    "ModelError": "reliability.errors",
    "source_profiles": "reliability.sources",
    "evaluate_labelled": "reliability.evaluation.labelled",
}

__all__ = [
    "Attribution", "Evidence", "InputError", "MARKER_NAMES", "ModelError", "Profile", "REGISTRY",
    "ReliabilityError", "Scorer", "Sentence", "__version__", "evaluate_labelled", "score", "score_frame",
    "source_profiles",
]

if TYPE_CHECKING:  # for type checkers and IDEs; nothing is imported at run time
    from reliability.errors import InputError, ModelError, ReliabilityError
    from reliability.evaluation.labelled import evaluate_labelled
    from reliability.markers import MARKER_NAMES, REGISTRY
    from reliability.profile import Profile
    from reliability.records import Attribution, Evidence, Sentence
    from reliability.scorer import Scorer, score, score_frame
    from reliability.sources import source_profiles


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'reliability' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # cache: later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
