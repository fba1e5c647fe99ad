"""Every threshold and weight in one place, each with the reason for its value.

Extractor modules read their constants from here, so a reviewer can audit every number the
tool uses without reading the code that uses it.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Input limits and warnings
# ---------------------------------------------------------------------------------------------

#: Articles longer than this are cut (with a ``truncated`` warning). 1M characters is ~150k
#: words, far beyond any news article; it bounds time and memory on crawler junk.
MAX_CHARS = 1_000_000

#: Fewer words than this gives ``too_short``: a handful of sentences cannot show a rate.
MIN_WORDS = 40

#: Below this share of English function words (among at least ``LANGUAGE_MIN_WORDS`` words) the
#: text is not English. Running English prose sits around 0.4-0.5; other Latin-script languages
#: stay under 0.1 because their function words differ.
ENGLISH_FUNCTION_WORD_SHARE = 0.15
LANGUAGE_MIN_WORDS = 20

# ---------------------------------------------------------------------------------------------
# Article-level marker scores (provisional combination, until the trained model ships)
# ---------------------------------------------------------------------------------------------

#: Evidence density (summed strength per scored sentence) at which a marker's article score
#: reaches 1 - 1/e ~ 0.63. Set from how often each marker shows in ordinary wire copy: hedges
#: are common (a quarter of sentences is unremarkable), contradictions are rare (one pair in
#: twenty sentences is already a lot).
MARKER_REFERENCE_DENSITY = {
    "hedging": 0.30,
    "unsourced_allegations": 0.10,
    "loaded_language": 0.20,
    "internal_contradictions": 0.08,
}

#: Weights of the provisional reliability score: a logistic function of the four marker scores.
#: Unsourced allegations and loaded language are the strongest signs of propaganda in the
#: literature (Da San Martino et al. 2019; Horne & Adali 2017); hedging alone is normal journalism.
PROVISIONAL_WEIGHTS = {
    "hedging": 1.0,
    "unsourced_allegations": 3.0,
    "loaded_language": 3.0,
    "internal_contradictions": 2.0,
}
#: Intercept: an article with no evidence at all gets sigmoid(2.5) ~ 0.92, not certainty.
PROVISIONAL_INTERCEPT = 2.5

# ---------------------------------------------------------------------------------------------
# Bands
# ---------------------------------------------------------------------------------------------

#: ``reliability`` at or above this is ``high``. Two-thirds: the model must clearly prefer reliable.
BAND_HIGH = 0.66
#: ``reliability`` below this is ``low``; between the two is ``mixed``. Below 0.4 the model
#: clearly prefers unreliable.
BAND_LOW = 0.40


def band(reliability: float) -> str:
    """Return ``high``, ``mixed`` or ``low`` for a reliability in 0..1."""
    if reliability >= BAND_HIGH:
        return "high"
    if reliability < BAND_LOW:
        return "low"
    return "mixed"
