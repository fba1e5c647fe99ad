"""Process start-up of the ``reliability`` command: keep pandas and scipy.stats out of a one-article run.

scikit-learn's ``sklearn/utils/fixes.py`` runs ``try: import pandas as pd / except ImportError:
pd = None`` on every ``import sklearn``, and (scikit-learn 1.9) never uses that name: it is a
side-effect import that costs ~0.4 s (pandas and pyarrow) of a ~3 s cold start, yet scoring one
.txt file needs no pandas.

``importlib.util.LazyLoader`` cannot defer it: scikit-learn (``sklearn.utils._dataframe``) and
narwhals (``sklearn.utils.validation``) test ``sys.modules["pandas"]`` on every estimator input
and, finding the lazy module there, read ``pandas.DataFrame``, which loads it at the first
``transform``. So the hook below makes only that one import fail, as if pandas were absent when
``fixes`` ran; pandas stays out of ``sys.modules`` until code that uses it imports it (tables,
Parquet, ``sources``), and then loads as usual. scikit-learn and narwhals look pandas up in
``sys.modules`` at call time, so they still recognise DataFrames from then on.

The same file also imports ``scipy.stats`` (0.5-0.65 s here) for one helper function that
scoring never calls. Nothing else on the scoring path imports it since the shipped article model
holds no ``sklearn.linear_model`` or ``sklearn.calibration`` object (:mod:`reliability.article_head`),
so the second hook hands out ``scipy.stats`` through ``importlib.util.LazyLoader``: the module is
executed, whole and as usual, by the first attribute anybody reads (``reliability evaluate``
does, through ``sklearn.metrics``), and never by a run that does not need it.

Installed by the command's entry point (``reliability.cli.app()``) and in the batch runner's own
worker processes (``reliability.batch.runner``), never by ``import reliability``: a library
user's process is left alone.
"""

from __future__ import annotations

import gc
import sys
from importlib.abc import MetaPathFinder
from importlib.util import LazyLoader

#: The module handed out lazily (see the module docstring).
LAZY_MODULE = "scipy.stats"

#: The module whose own ``import pandas`` is refused; any other importer gets pandas.
SKIPPED_IMPORTER = "sklearn.utils.fixes"


class _SkipSklearnFixesPandas(MetaPathFinder):
    """Refuse ``import pandas`` when, and only when, ``sklearn.utils.fixes`` itself makes it."""

    def find_spec(self, name, path=None, target=None):
        if name != "pandas":
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
            frame = frame.f_back  # importlib's own frames: the importer is the first frame outside
        if frame is None or frame.f_globals.get("__name__") != SKIPPED_IMPORTER:
            return None
        remove_hook()  # one import to skip: after it, pandas imports normally for everyone
        raise ModuleNotFoundError("pandas deferred by the reliability command until first use",
                                  name="pandas")


def defer_sklearn_pandas() -> bool:
    """Install the hook unless scikit-learn or pandas is already imported.

    Returns:
        True when the hook was installed.
    """
    if "sklearn.utils.fixes" in sys.modules or "pandas" in sys.modules or _installed():
        return False
    sys.meta_path.insert(0, _SkipSklearnFixesPandas())
    return True


def _installed() -> bool:
    return any(isinstance(f, _SkipSklearnFixesPandas) for f in sys.meta_path)


def remove_hook() -> None:
    """Take the hook out of ``sys.meta_path`` (a no-op when it is not there)."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _SkipSklearnFixesPandas)]


class _LazyScipyStats(MetaPathFinder):
    """Find ``scipy.stats`` as usual, but load it on first attribute access."""

    def find_spec(self, name, path=None, target=None):
        if name != LAZY_MODULE:
            return None
        remove_lazy_hook()  # one module, once: the real finders take it from here
        from importlib.util import find_spec

        spec = find_spec(name)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = LazyLoader(spec.loader)
        return spec


def defer_scipy_stats() -> bool:
    """Install the lazy ``scipy.stats`` hook unless the module is already imported.

    Returns:
        True when the hook was installed.
    """
    if LAZY_MODULE in sys.modules or any(isinstance(f, _LazyScipyStats) for f in sys.meta_path):
        return False
    sys.meta_path.insert(0, _LazyScipyStats())
    return True


def remove_lazy_hook() -> None:
    """Take the lazy ``scipy.stats`` hook out of ``sys.meta_path`` (a no-op when it is not there)."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _LazyScipyStats)]


#: Set by :func:`defer_heavy_imports`: this process is the command's or one of its workers.
_own_process = False


def defer_heavy_imports() -> None:
    """Install both start-up hooks (the command's entry point and its workers call this once)."""
    global _own_process
    _own_process = True
    defer_sklearn_pandas()
    defer_scipy_stats()


def freeze_loaded() -> None:
    """Move every object alive now out of the garbage collector's reach (``gc.freeze``).

    Called once the model is loaded, in processes the command owns: the model's vocabularies
    and lexicons live as long as the process, yet every full collection walked them again (one
    such collection cost 35 ms of a one-article run, and collections were 6% of batch CPU, 2.6%
    after freezing). Frozen objects are never freed, so it acts only in a process that
    :func:`defer_heavy_imports` prepared: a library user's (or ``CliRunner``'s) is left alone.
    """
    if _own_process:
        gc.freeze()
