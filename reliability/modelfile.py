"""Model files: a joblib file plus a JSON sidecar that says what it is and lets us check it.

Loading a joblib file runs code, so nothing is unpickled before its sidecar has been read and
its bytes hashed: a file that was altered, written by another format version, or pickled by an
incompatible scikit-learn is refused with a message that says how to fix it. Files other than
the one shipped inside the package are refused unless the caller says it trusts them.

FORMAT_VERSION history (bump when a saved file can no longer be read the same way):
    1: joblib of the model object; sidecar with versions, feature names, hashes, metrics.
    2: the article model is an ``ArticleHead`` (fitted numbers), no longer scikit-learn's
       ``CalibratedClassifierCV``, so scoring never imports scikit-learn's linear models.
    3: the article model may hold a character n-gram block (``ArticleHead.char_vectorizer``),
       which a format-2 reader would silently skip.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from reliability import __version__
from reliability.errors import ModelError

FORMAT_VERSION = 3
SIDECAR_SUFFIX = ".json"
DEFAULT_NAME = "reliability-default"


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sidecar_path(model_path: str | Path) -> Path:
    """Return the sidecar path for a model file (``x.joblib`` -> ``x.json``)."""
    return Path(model_path).with_suffix(SIDECAR_SUFFIX)


def save_model(obj: Any, path: str | Path, *, feature_names: list[str],
               training_data: dict[str, str], metrics: dict, name: str = DEFAULT_NAME) -> Path:
    """Write ``obj`` with joblib and its sidecar next to it.

    Args:
        obj: The fitted model object.
        path: Target ``.joblib`` path; the sidecar goes to the same stem with ``.json``.
        feature_names: Names of the article features the model reads, in order.
        training_data: ``{input name: sha256}`` of every training input.
        metrics: Measured metrics to record (also written into the model card).
        name: Model name shown in every profile.

    Returns:
        The sidecar path.
    """
    import joblib
    import sklearn

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(obj, path, compress=3)
    meta = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "version": __version__,
        "package_version": __version__,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "model_file": path.name,
        "model_sha256": sha256_file(path),
        "feature_names": list(feature_names),
        "training_data": dict(sorted(training_data.items())),
        "metrics": metrics,
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    side = sidecar_path(path)
    side.write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return side


def read_sidecar(path: str | Path) -> dict:
    """Read and check a model's sidecar without loading the model.

    Raises:
        ModelError: The sidecar is missing, unreadable, or of another format version.
    """
    side = sidecar_path(path)
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{side} not found: a model file needs its sidecar; retrain with "
                         "`reliability train --out DIR`") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {side}: {exc}; retrain with `reliability train`") from None
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{path} uses model format {meta.get('format_version')!r}, this "
                         f"reliability {__version__} reads format {FORMAT_VERSION}: retrain with "
                         "`reliability train`, or install the reliability version that wrote it")
    return meta


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load_model(path: str | Path, *, trust: bool = False) -> tuple[Any, dict]:
    """Load a checked model file (:func:`check_model_file`, then unpickle it).

    Args:
        path: The ``.joblib`` file.
        trust: Must be True for any file other than the one shipped in the package, because
            unpickling runs code from the file.

    Returns:
        ``(model object, sidecar dict)``.

    Raises:
        ModelError: The file is untrusted, missing, altered, or incompatible.
    """
    import joblib

    meta = check_model_file(path, trust=trust)
    return joblib.load(path), meta


def check_model_file(path: str | Path, *, trust: bool = False) -> dict:
    """Check a model file as :func:`load_model` does, without loading it; return its sidecar.

    A process that only hands the file to worker processes (``reliability score --jobs 2``)
    checks it here and fails as early, without holding the model itself.

    Raises:
        ModelError: The file is untrusted, missing, altered, or incompatible.
    """
    path = Path(path)
    if not trust and path.resolve() != shipped_model_path().resolve():
        raise ModelError(f"{path} is not the shipped model; loading a model file runs code from "
                         "it, so pass --trust-model (trust=True) only for files you made or trust")
    if not path.is_file():
        raise ModelError(f"model file {path} not found: retrain with `reliability train --out DIR`")
    meta = read_sidecar(path)
    digest = sha256_file(path)
    if digest != meta.get("model_sha256"):
        raise ModelError(f"{path} does not match its sidecar (sha256 {digest[:12]}… != "
                         f"{str(meta.get('model_sha256'))[:12]}…): the file was altered or "
                         "replaced; restore it or retrain with `reliability train`")
    installed = _sklearn_version()
    if _minor(meta.get("sklearn_version", "")) != _minor(installed):
        raise ModelError(f"{path} was written with scikit-learn {meta.get('sklearn_version')} but "
                         f"{installed} is installed: install scikit-learn=="
                         f"{meta.get('sklearn_version')} or retrain with `reliability train`")
    return meta


def _sklearn_version() -> str:
    """The installed scikit-learn's version, without importing it when it is not loaded yet
    (its import is most of a process's memory before the model)."""
    module = sys.modules.get("sklearn")
    if module is not None:
        return module.__version__
    from importlib.metadata import version

    return version("scikit-learn")


def shipped_model_path() -> Path:
    """Return the path of the default model inside the installed package."""
    return Path(str(resources.files("reliability.resources").joinpath("model", f"{DEFAULT_NAME}.joblib")))
