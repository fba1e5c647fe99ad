"""Measurements of each stage against public corpora and our own labels (used by `reliability evaluate`)."""


def f1_of(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0 (never undefined)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
