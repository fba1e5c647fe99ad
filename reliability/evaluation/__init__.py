"""Measurements of each stage against public corpora and our own labels (used by `reliability evaluate`)."""
