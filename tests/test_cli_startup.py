"""The command's start-up contract (issue #4): a fresh `reliability score one.txt` loads no pandas.

:mod:`reliability._startup` refuses the one ``import pandas`` that ``sklearn/utils/fixes.py`` makes
for nothing; these tests pin what that relies on and that the command's output does not change.
The hook is installed by ``app()`` only, so the real entry point runs in a subprocess here.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SEEDS
from reliability import _startup
from reliability.cli import app

#: Runs the command as the console script does, then names the heavy modules it loaded.
PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write(
    "LOADED " + " ".join(m for m in ("pandas", "pyarrow", "sklearn", "sklearn.metrics",
                                     "sklearn.linear_model", "sklearn.calibration",
                                     "sklearn.model_selection", "scipy.stats._stats_py")
                         if m in sys.modules)
    + (" frozen" if __import__("gc").get_freeze_count() > 10_000 else "") + "\\n"))
from reliability.cli import app
app(prog_name="reliability")
"""

def _command(*args: str) -> tuple[str, set[str]]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    loaded = [line for line in proc.stderr.splitlines() if line.startswith("LOADED")]
    return proc.stdout, set(loaded[-1].split()[1:])


@pytest.fixture(scope="module")
def one_txt() -> tuple[str, set[str]]:
    return _command("score", str(sorted(SEEDS.glob("*.txt"))[0]))


def test_one_txt_output_is_unchanged(one_txt):
    stdout, loaded = one_txt
    expected = CliRunner().invoke(app, ["score", str(sorted(SEEDS.glob("*.txt"))[0])])
    assert expected.exit_code == 0, expected.output
    assert "sklearn" in loaded  # the trained model was used, not the provisional one
    assert stdout == expected.stdout
    assert json.loads(stdout)["model"]["name"] == "reliability-default"


def test_one_txt_loads_no_pandas(one_txt):
    _, loaded = one_txt
    assert "pandas" not in loaded and "pyarrow" not in loaded


def test_one_txt_freezes_the_loaded_model(one_txt):
    # With the default --jobs (all cores) one article is one chunk, scored in the command's own
    # process: the model it loads for it is frozen too.
    _, loaded = one_txt
    assert "frozen" in loaded


def test_one_job_freezes_the_loaded_model():
    _, loaded = _command("score", str(sorted(SEEDS.glob("*.txt"))[0]), "-j", "1")
    assert "frozen" in loaded


def test_with_workers_the_command_checks_the_model_without_loading_it(tmp_path):
    """With --jobs 2 each worker loads the model; the command itself only checks the file, so
    it holds no copy (nor scikit-learn) while the workers score."""
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    out = tmp_path / "out.jsonl"
    _, loaded = _command("score", *paths, "-j", "2", "-q", "--chunk-size", "1", "-o", str(out))
    assert "sklearn" not in loaded and "frozen" not in loaded, loaded
    expected = CliRunner().invoke(app, ["score", *paths, "-j", "1", "-q"])
    assert expected.exit_code == 0, expected.output
    assert out.read_text(encoding="utf-8") == expected.stdout


def test_one_txt_loads_no_scipy_stats_or_sklearn_models(one_txt):
    """The shipped model holds no scikit-learn linear model or calibrator (ArticleHead), word-bias
    folding imports model_selection only when it folds, and scipy.stats stays a lazy module."""
    _, loaded = one_txt
    assert not loaded & {"sklearn.metrics", "sklearn.linear_model", "sklearn.calibration",
                         "sklearn.model_selection", "scipy.stats._stats_py"}, loaded


def test_tables_still_load_pandas_and_score_the_same(tmp_path):
    table = tmp_path / "in.csv"
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    table.write_text("id,text\n" + "".join(
        f'{p.stem},"{p.read_text(encoding="utf-8").replace(chr(34), chr(34) * 2)}"\n' for p in seeds),
        encoding="utf-8")
    out = tmp_path / "out.parquet"
    stdout, loaded = _command("score", str(table), "--id-col", "id", "-j", "1", "-q", "-o", str(out))
    assert "pandas" in loaded
    import pandas as pd

    expected_path = tmp_path / "expected.parquet"
    expected = CliRunner().invoke(app, ["score", str(table), "--id-col", "id", "-j", "1", "-q",
                                        "-o", str(expected_path)])
    assert expected.exit_code == 0, expected.output
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(expected_path))


HOOK_CHECK = """
import sys
from reliability._startup import defer_sklearn_pandas, _installed
assert defer_sklearn_pandas() and not defer_sklearn_pandas()  # once
import sklearn.utils.fixes as fixes
assert fixes.pd is None and "pandas" not in sys.modules and not _installed()
from sklearn.utils._dataframe import is_pandas_df
import pandas as pd  # any later importer gets the real pandas
assert is_pandas_df(pd.DataFrame({"a": [1]}))
print("ok")
"""


def test_hook_refuses_only_sklearn_fixes_and_then_leaves():
    proc = subprocess.run([sys.executable, "-c", HOOK_CHECK], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.stdout.strip() == "ok", proc.stderr


LAZY_CHECK = """
import sys
from reliability._startup import defer_heavy_imports, defer_scipy_stats, _LazyScipyStats
defer_heavy_imports()
assert not defer_scipy_stats()  # once
import sklearn.feature_extraction.text  # what scoring imports: sklearn.utils.fixes imports scipy.stats
assert "scipy.stats" in sys.modules and "scipy.stats._stats_py" not in sys.modules
assert not any(isinstance(f, _LazyScipyStats) for f in sys.meta_path)
from scipy.stats import rankdata  # first use loads the whole module, as a plain import would
assert rankdata([3, 1, 2]).tolist() == [3.0, 1.0, 2.0] and "scipy.stats._stats_py" in sys.modules
from sklearn.metrics import roc_auc_score  # what evaluation imports works as usual
assert roc_auc_score([0, 1, 1], [0.1, 0.9, 0.4]) == 1.0
import scipy.stats
assert scipy.stats.norm.cdf(0.0) == 0.5
print("ok")
"""


def test_lazy_scipy_stats_loads_on_first_use():
    proc = subprocess.run([sys.executable, "-c", LAZY_CHECK], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.stdout.strip() == "ok", proc.stderr


def test_lazy_hook_finds_nothing_else():
    finder = _startup._LazyScipyStats()
    assert finder.find_spec("scipy.sparse") is None and finder.find_spec("numpy") is None


def test_hook_lets_other_importers_have_pandas():
    finder = _startup._SkipSklearnFixesPandas()
    assert finder.find_spec("pandas") is None  # importer: this test module, not sklearn
    assert finder.find_spec("numpy") is None


def test_cli_runner_and_import_install_nothing():
    CliRunner().invoke(app, ["--version"])
    assert not _startup._installed()
    assert not any(isinstance(f, _startup._LazyScipyStats) for f in sys.meta_path)


def test_sklearn_fixes_never_uses_its_pandas():
    """The hook's premise: ``sklearn.utils.fixes.pd`` is dead (re-check on a scikit-learn upgrade)."""
    import sklearn

    fixes = Path(sklearn.__file__).parent / "utils" / "fixes.py"
    tree = ast.parse(fixes.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            params = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            uses = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            assert "pd" not in uses or "pd" in params, f"{fixes}: a function reads the module's pd"
    top_reads = [n for stmt in tree.body if not isinstance(stmt, (ast.FunctionDef, ast.ClassDef, ast.Try))
                 for n in ast.walk(stmt) if isinstance(n, ast.Name) and n.id == "pd"
                 and isinstance(n.ctx, ast.Load)]
    assert not top_reads, f"{fixes} reads pd at module level"
    importers = [p for p in Path(sklearn.__file__).parent.rglob("*.py") if "tests" not in p.parts
                 and re.search(r"fixes import[^\n]*\bpd\b|fixes\.pd\b", p.read_text(encoding="utf-8"))]
    assert not importers, f"modules use sklearn.utils.fixes.pd: {importers}"
