"""Import single nltk modules without running nltk's package ``__init__``.

``import nltk`` executes ``nltk/__init__.py``, which pulls in scipy.stats, collocations,
metrics and dozens of modules we never use: about 3 s of CPU and 100+ MB per process, which
alone broke the CLI's 1.5 s cold-start target and multiplied memory across batch workers.
Punkt and the Porter stemmer need none of it. We load them through temporary bare package
objects for their parents, then remove those stubs again, so that a later ``import nltk`` by the
user runs the real package ``__init__`` (reusing the already-loaded submodules).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
from types import ModuleType


def import_light(name: str) -> ModuleType:
    """Import ``name`` (e.g. ``"nltk.tokenize.punkt"``) without nltk's package initialisers.

    If nltk is already imported, this is a plain import.
    """
    if "nltk" in sys.modules:
        return importlib.import_module(name)
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        return importlib.import_module(name)  # let the normal error say nltk is missing
    root = list(spec.submodule_search_locations)[0]
    parts = name.split(".")
    stubs = []
    for i in range(1, len(parts)):
        package = ".".join(parts[:i])
        if package in sys.modules:
            continue
        stub = types.ModuleType(package)
        stub.__path__ = [os.path.join(root, *parts[1:i])]
        sys.modules[package] = stub
        stubs.append(package)
    try:
        return importlib.import_module(name)
    finally:
        for package in stubs:
            sys.modules.pop(package, None)
