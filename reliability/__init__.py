"""reliability: how reliable does a news article look, and why.

Quick start::

    import reliability
    profile = reliability.score(text)
    profile.reliability, profile.band
    profile.evidence_frame()          # one row per evidence sentence

    reliability.score_frame(df, text_col="text")   # one flat row per article
"""

__version__ = "0.1.0"

from reliability.errors import InputError, ModelError, ReliabilityError  # noqa: E402
from reliability.markers import MARKER_NAMES, REGISTRY  # noqa: E402
from reliability.profile import Profile  # noqa: E402
from reliability.records import Attribution, Evidence, Sentence  # noqa: E402
from reliability.scorer import Scorer, score, score_frame  # noqa: E402

__all__ = [
    "Attribution", "Evidence", "InputError", "MARKER_NAMES", "ModelError", "Profile", "REGISTRY",
    "ReliabilityError", "Scorer", "Sentence", "__version__", "score", "score_frame",
]
