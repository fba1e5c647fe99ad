"""The shipped model: present in the package, checked on load, small, and used by default."""

from __future__ import annotations

import json

import pytest

from reliability import modelfile
from reliability.model import ProvisionalModel, TrainedModel, default_model, load_trained
from reliability.scorer import Scorer

SHIPPED = modelfile.shipped_model_path()
pytestmark = pytest.mark.skipif(not SHIPPED.is_file(), reason=f"no shipped model at {SHIPPED}")


def test_shipped_model_loads_and_matches_its_sidecar() -> None:
    model = default_model()
    assert isinstance(model, TrainedModel)
    meta = modelfile.read_sidecar(SHIPPED)
    assert model.feature_names == meta["feature_names"]
    assert model.info.name == "reliability-default" and model.info.extra["trained"] is True
    assert set(meta["metrics"]) >= {"articles", "faithfulness"}
    assert SHIPPED.stat().st_size <= 20_000_000


def test_profiles_name_the_trained_model() -> None:
    p = Scorer().score("The ministry said on Tuesday that the budget would rise. " * 10)
    assert p.model.name == "reliability-default"


def test_altered_shipped_copy_is_refused(tmp_path) -> None:
    copy = tmp_path / "m.joblib"
    copy.write_bytes(SHIPPED.read_bytes() + b"x")
    modelfile.sidecar_path(copy).write_text(modelfile.sidecar_path(SHIPPED).read_text())
    with pytest.raises(Exception, match="altered"):
        load_trained(copy, trust=True)


def test_wrong_object_in_a_model_file_is_refused(tmp_path) -> None:
    path = tmp_path / "p.joblib"
    modelfile.save_model(ProvisionalModel(), path, feature_names=[], training_data={}, metrics={})
    with pytest.raises(Exception, match="not a reliability model"):
        load_trained(path, trust=True)


def test_sidecar_records_training_hashes() -> None:
    meta = json.loads(modelfile.sidecar_path(SHIPPED).read_text())
    assert meta["training_data"] and all(len(v) == 64 for v in meta["training_data"].values())
