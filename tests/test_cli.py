"""The CLI through typer's runner: score and explain on files, directories, stdin, bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SEEDS, contract_problems, seed_texts
from reliability.cli import app

runner = CliRunner()


def rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_score_directory_writes_one_valid_profile_per_seed() -> None:
    result = runner.invoke(app, ["score", str(SEEDS)])
    assert result.exit_code == 0, result.output
    out = rows(result.stdout)
    texts = seed_texts()
    assert [r["id"] for r in out] == sorted(texts)
    for r in out:
        assert contract_problems(r, texts[r["id"]]) == []


def test_score_to_file_and_stdin(tmp_path) -> None:
    target = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["score", "-", "-o", str(target)], input="The ministry said it would act soon.")
    assert result.exit_code == 0, result.output
    (row,) = rows(target.read_text(encoding="utf-8"))
    assert row["id"] == "stdin" and row["error"] is None


def test_non_utf8_file_names_the_file_and_keeps_the_row(tmp_path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("A plain sentence about a ministry.", encoding="utf-8")
    result = runner.invoke(app, ["score", str(tmp_path)])
    assert result.exit_code == 0
    out = {r["id"]: r for r in rows(result.stdout)}
    assert set(out) == {"latin1", "good"}
    assert "latin1.txt is not UTF-8" in out["latin1"]["error"]
    assert "latin1.txt is not UTF-8" in result.stderr


def test_single_bad_file_exits_non_zero(tmp_path) -> None:
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\xff\xfe\x80")
    result = runner.invoke(app, ["score", str(bad)])
    assert result.exit_code == 1
    assert "bin.txt" in result.stderr


def test_missing_path_is_an_error_row() -> None:
    result = runner.invoke(app, ["score", "no/such/file.txt"])
    assert result.exit_code == 1
    assert "does not exist" in rows(result.stdout)[0]["error"]


def test_explain_prints_score_band_and_flags() -> None:
    path = SEEDS / "003_3803d65d782871d0.txt"
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "reliability" in result.stdout and "Loaded language" in result.stdout
    assert "Flagged sentences" in result.stdout


def test_explain_bad_file(tmp_path) -> None:
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"\xff\xff")
    result = runner.invoke(app, ["explain", str(bad)])
    assert result.exit_code == 1 and "x.txt is not UTF-8" in result.stderr


def _seed_table(tmp_path, extra_rows: list[dict]):
    import pandas as pd

    texts = seed_texts()
    frame = pd.DataFrame([{"url": k, "body": v} for k, v in texts.items()] + extra_rows)
    path = tmp_path / "crawl.csv"
    frame.to_csv(path, index=False)
    return path, texts


def test_explain_reads_a_table_and_goes_past_a_bad_row(tmp_path) -> None:
    # A triage table (one row empty) explained by its own columns, as `score` reads it.
    path, texts = _seed_table(tmp_path, [{"url": "blank", "body": "   "}])
    out = tmp_path / "reports"
    result = runner.invoke(app, ["explain", str(path), "--text-col", "body", "--id-col", "url", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "blank: empty text: nothing to score" in result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert "index.html" in written and len(written) == len(texts) + 1
    assert all(any(k in name for name in written) for k in texts)


@pytest.mark.parametrize("command", ["explain", "corroborate"])
def test_table_column_typo_fails_at_once(tmp_path, command) -> None:
    path, _ = _seed_table(tmp_path, [])
    result = runner.invoke(app, [command, str(path), "--text-col", "bdy"])
    assert result.exit_code == 1 and "no column 'bdy'" in result.stderr


@pytest.mark.parametrize("text", ["", " \n\t ", 12])
def test_explain_lone_unscorable_row_is_an_error(tmp_path, text) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 1
    assert "empty text" in result.stderr or "must be a string" in result.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and "reliability" in result.stdout


def _copy_shipped_model(tmp_path):
    from reliability import modelfile

    shipped = modelfile.shipped_model_path()
    if not shipped.is_file():
        pytest.skip("no shipped model to copy")
    target = tmp_path / "copy.joblib"
    target.write_bytes(shipped.read_bytes())
    modelfile.sidecar_path(target).write_text(modelfile.sidecar_path(shipped).read_text())
    return target


def test_other_model_file_needs_trust(tmp_path) -> None:
    model = _copy_shipped_model(tmp_path)
    seed = str(SEEDS / "001_32157d025b8c26ab.txt")
    refused = runner.invoke(app, ["score", seed, "--model", str(model)])
    assert refused.exit_code == 1 and "--trust-model" in refused.stderr
    for args in (["score", seed], ["explain", seed, "--format", "md"]):
        ok = runner.invoke(app, [*args, "--model", str(model), "--trust-model"])
        assert ok.exit_code == 0, ok.output


def test_trusted_model_reaches_parallel_workers(tmp_path) -> None:
    model = _copy_shipped_model(tmp_path)
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["score", str(SEEDS), "-o", str(out), "--jobs", "2", "--chunk-size", "1",
                                 "--model", str(model), "--trust-model", "-q"])
    assert result.exit_code == 0, result.output
    assert len(rows(out.read_text(encoding="utf-8"))) == 4


@pytest.mark.parametrize("jobs", ["1", "2"])  # loaded here, or only checked here and loaded by workers
def test_altered_model_is_refused_with_the_fix(tmp_path, jobs) -> None:
    model = _copy_shipped_model(tmp_path)
    with model.open("ab") as f:
        f.write(b"x")
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["score", str(SEEDS), "--model", str(model), "--trust-model", "-j", jobs,
                                 "-o", str(out)])
    assert result.exit_code == 1 and "altered" in result.stderr and "retrain" in result.stderr
    assert not list(tmp_path.glob("o.jsonl*"))  # refused before any output was started
    untrusted = runner.invoke(app, ["score", str(SEEDS), "--model", str(model), "-j", jobs])
    assert untrusted.exit_code == 1 and "--trust-model" in untrusted.stderr


def test_encoding_errors_replace_scores_with_a_warning(tmp_path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 owners said the ministry would act on the rules.".encode("latin-1"))
    strict = runner.invoke(app, ["score", str(bad)])
    assert strict.exit_code == 1 and "--encoding-errors replace" in strict.stderr
    result = runner.invoke(app, ["score", str(bad), "--encoding-errors", "replace"])
    assert result.exit_code == 0, result.output
    (row,) = rows(result.stdout)
    assert row["error"] is None and "encoding_replaced" in row["warnings"]
    piped = runner.invoke(app, ["score", "-", "--encoding-errors", "replace"], input=b"Caf\xe9 x")
    assert rows(piped.stdout)[0]["error"] is None
    wrong = runner.invoke(app, ["score", str(bad), "--encoding-errors", "bogus"])
    assert wrong.exit_code != 0


def test_sources_command_aggregates_outlets(tmp_path) -> None:
    import pandas as pd

    import reliability

    texts = seed_texts()
    frame = reliability.score_frame(pd.DataFrame({"text": list(texts.values())[:3]}))
    frame["url"] = ["https://www.x.com/1", "https://x.com/2", "https://y.org/3"]
    path = tmp_path / "rows.csv"
    frame.to_csv(path, index=False)
    result = runner.invoke(app, ["sources", str(path), "--url-col", "url", "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output
    out = pd.read_csv(tmp_path / "o.csv")
    assert sorted(out["outlet"]) == ["x.com", "y.org"]
    assert dict(zip(out["outlet"], out["n_articles"])) == {"x.com": 2, "y.org": 1}
    missing = runner.invoke(app, ["sources", str(path), "--by", "nope"])
    assert missing.exit_code == 1 and "nope" in missing.stderr
