"""Errors the library raises, named after what went wrong. The CLI translates them once."""

from __future__ import annotations


class ReliabilityError(Exception):
    """Base class: a problem a user can act on; the message says how."""


class InputError(ReliabilityError, ValueError):
    """An input could not be read or is not text (wrong type, not UTF-8, unreadable file)."""


class ModelError(ReliabilityError):
    """A model file is missing, altered, or was written by an incompatible version."""
