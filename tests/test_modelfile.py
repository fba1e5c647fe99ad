"""Model files: saved with a sidecar, checked before unpickling, refused with a fix when wrong."""

from __future__ import annotations

import json

import pytest
from sklearn.linear_model import LogisticRegression

from reliability import modelfile
from reliability.errors import ModelError


@pytest.fixture()
def saved(tmp_path):
    model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    path = tmp_path / "m.joblib"
    modelfile.save_model(model, path, feature_names=["x"], training_data={"toy": "abc"},
                         metrics={"auc": 1.0})
    return path


def test_round_trip_with_sidecar(saved) -> None:
    model, meta = modelfile.load_model(saved, trust=True)
    assert model.predict([[1.0]])[0] == 1
    assert meta["format_version"] == modelfile.FORMAT_VERSION
    assert meta["feature_names"] == ["x"] and meta["metrics"] == {"auc": 1.0}
    for key in ("package_version", "sklearn_version", "model_sha256", "training_data", "created"):
        assert key in meta


def test_untrusted_file_is_refused(saved) -> None:
    with pytest.raises(ModelError, match="--trust-model"):
        modelfile.load_model(saved)


def test_altered_file_is_refused(saved) -> None:
    with saved.open("ab") as f:
        f.write(b"tampered")
    with pytest.raises(ModelError, match="altered"):
        modelfile.load_model(saved, trust=True)


def test_other_format_version_is_refused(saved) -> None:
    side = modelfile.sidecar_path(saved)
    meta = json.loads(side.read_text())
    meta["format_version"] = 99
    side.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="format 99.*retrain"):
        modelfile.load_model(saved, trust=True)


def test_other_sklearn_version_is_refused(saved) -> None:
    side = modelfile.sidecar_path(saved)
    meta = json.loads(side.read_text())
    meta["sklearn_version"] = "0.1.0"
    side.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="scikit-learn==0.1.0"):
        modelfile.load_model(saved, trust=True)


@pytest.mark.parametrize("broken", ["missing", "garbage"])
def test_missing_or_broken_sidecar(saved, broken) -> None:
    side = modelfile.sidecar_path(saved)
    if broken == "missing":
        side.unlink()
    else:
        side.write_text("{not json")
    with pytest.raises(ModelError, match="retrain"):
        modelfile.load_model(saved, trust=True)


def test_missing_model_file(tmp_path) -> None:
    with pytest.raises(ModelError, match="not found"):
        modelfile.load_model(tmp_path / "none.joblib", trust=True)


def _damage(path, how: str) -> bool:
    """Break ``path`` as ``how`` says; return whether to pass trust."""
    side = modelfile.sidecar_path(path)
    if how == "altered":
        with path.open("ab") as f:
            f.write(b"tampered")
    elif how in ("format", "sklearn"):
        meta = json.loads(side.read_text())
        meta["format_version" if how == "format" else "sklearn_version"] = 99 if how == "format" else "0.1.0"
        side.write_text(json.dumps(meta))
    elif how == "no_sidecar":
        side.unlink()
    elif how == "missing":
        path.unlink()
    return how != "untrusted"


@pytest.mark.parametrize("how", ["altered", "format", "sklearn", "no_sidecar", "missing", "untrusted"])
def test_check_refuses_what_loading_refuses_without_unpickling(saved, how, monkeypatch) -> None:
    import joblib

    trust = _damage(saved, how)
    with pytest.raises(ModelError) as loading:
        modelfile.load_model(saved, trust=trust)
    monkeypatch.setattr(joblib, "load", lambda *a, **k: pytest.fail("check_model_file unpickled the file"))
    with pytest.raises(ModelError) as checking:
        modelfile.check_model_file(saved, trust=trust)
    assert str(checking.value) == str(loading.value)


def test_check_passes_a_good_file_and_returns_its_sidecar(saved, monkeypatch) -> None:
    import joblib

    monkeypatch.setattr(joblib, "load", lambda *a, **k: pytest.fail("check_model_file unpickled the file"))
    assert modelfile.check_model_file(saved, trust=True) == modelfile.read_sidecar(saved)


def test_sklearn_version_read_without_importing_it(monkeypatch) -> None:
    import sys

    import sklearn

    monkeypatch.delitem(sys.modules, "sklearn")
    assert modelfile._sklearn_version() == sklearn.__version__
