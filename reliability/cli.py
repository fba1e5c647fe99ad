"""The ``reliability`` command: a thin shell over the library.

Commands are the kebab form of library functions and options carry the keyword names. Library
errors are translated to a message and an exit code here, once.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from reliability import __version__
from reliability._startup import defer_heavy_imports, freeze_loaded
from reliability.errors import ReliabilityError


class _Typer(typer.Typer):
    """``typer.Typer`` whose process entry (console script, ``python -m``) defers pandas and scipy.stats.

    Only a real process start calls the app: ``CliRunner`` builds the command without this, so
    the import hook of :mod:`reliability._startup` never enters a test session or a library user.
    """

    def __call__(self, *args, **kwargs):
        defer_heavy_imports()
        return super().__call__(*args, **kwargs)


app = _Typer(add_completion=False, no_args_is_help=True,
             help="How reliable does a news article look, and why.")
# soft_wrap: an error naming a long path must stay on one line, copyable and greppable.
_err = Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reliability {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Score news articles on hedging, unsourced allegations, loaded language and contradictions."""


def _fail(message: str, code: int = 1) -> None:
    _err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


#: Error rows printed to stderr before the rest are only counted: a corpus with thousands of bad
#: rows must not bury the terminal (every row still carries its error in the output).
MAX_ERRORS_SHOWN = 20


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def _progress(total: int | None):
    """A rich progress bar on stderr: done/total, articles/s, elapsed and ETA."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn,
                               TextColumn, TimeElapsedColumn, TimeRemainingColumn)
    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} articles/s" if speed else "- articles/s")

    return Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), Rate(),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=_err, transient=False)


ModelOption = Annotated[Optional[Path], typer.Option("--model", help="A model file made by `reliability train` instead of the shipped one.")]
TrustOption = Annotated[bool, typer.Option("--trust-model", help="Load --model although it is not the shipped file (loading a model file runs code from it).")]
class EncodingErrors(str, Enum):
    """What to do with text that is not UTF-8."""

    strict = "strict"
    replace = "replace"


TextColOption = Annotated[str, typer.Option("--text-col", help="Table column with the article text.")]
IdColOption = Annotated[Optional[str], typer.Option("--id-col", help="Table column with the article id (default: FILE:ROW).")]
EncodingOption = Annotated[EncodingErrors, typer.Option("--encoding-errors", help="strict: a file that is not UTF-8 is an error row; replace: score it with replacement characters and an encoding_replaced warning.")]


def _scorer(model: Path | None, trust_model: bool, encoding_errors: EncodingErrors = EncodingErrors.strict):
    """The scorer for --model/--trust-model/--encoding-errors (the caller translates errors)."""
    from reliability.scorer import scorer_for

    return scorer_for(str(model) if model else None, trust_model, EncodingErrors(encoding_errors).value)


@app.command()
def score(
    paths: Annotated[list[str], typer.Argument(help="Articles: .txt/.html files, directories of them, .csv/.jsonl/.parquet tables, or - for standard input.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (via OUTPUT.partial, renamed when complete) instead of standard output.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="jsonl (full profiles), csv or parquet (one flat row per article). Default: from the -o extension, else jsonl.")] = None,
    text_col: TextColOption = "text",
    id_col: IdColOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0 = all cores).")] = 0,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run from OUTPUT.partial, skipping rows already written.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no per-row error messages.")] = False,
    chunk_size: Annotated[int, typer.Option("--chunk-size", hidden=True, min=1, help="Articles per worker task.")] = 64,
    model: ModelOption = None,
    trust_model: TrustOption = False,
    encoding_errors: EncodingOption = EncodingErrors.strict,
) -> None:
    """Score articles; write one profile (JSON Lines) or one flat row (CSV, Parquet) per article.

    Every input row gives one output row, in input order; a row that cannot be scored gets an
    error message and the run goes on. Exit code 1 when nothing could be scored.
    """
    from reliability import batch

    jobs = jobs if jobs > 0 else _cores()
    show = not quiet and sys.stderr.isatty()
    try:
        # Fail fast, once, on a model file that cannot be trusted or read. With workers, each
        # loads the model itself: this process only checks the file (a copy here would add a
        # worker's worth of memory, about 120 MB, to the run); it loads the model only if the
        # input turns out to be one chunk, scored here.
        if jobs > 1:
            from reliability.scorer import check_model

            check_model(str(model) if model else None, trust_model)
        else:
            _scorer(model, trust_model, encoding_errors)
            freeze_loaded()  # the loaded model lives as long as this process: keep GC from walking it
        batch.check_columns(paths, text_col, id_col)
        total = batch.count_items(paths, text_col) if show and "-" not in paths else None
        rows = batch.run(paths, output, fmt, text_col=text_col, id_col=id_col, jobs=jobs,
                         resume=resume, chunk_items=chunk_size,
                         model=str(model) if model else None, trust_model=trust_model,
                         encoding_errors=encoding_errors.value)
        n = failed = skipped = 0
        with _progress(total) if show else nullcontext() as bar:
            task = bar.add_task("score", total=total) if bar else None
            for row in rows:
                n += 1
                skipped += row.skipped
                if row.error is not None and not row.skipped:
                    failed += 1
                    if not quiet and failed <= MAX_ERRORS_SHOWN:
                        _err.print(f"[yellow]{escape(row.id)}:[/yellow] {escape(row.error)}",
                                   highlight=False)
                if bar:
                    bar.advance(task)
    except ReliabilityError as exc:
        _fail(escape(str(exc)))
    if resume and n == 0 and output is not None and output.exists():
        _err.print(f"{output} is already complete: nothing to resume")
    if failed and not quiet:
        _err.print(f"{failed} of {n - skipped} article(s) could not be scored (error rows written)")
    if failed and failed == n - skipped:
        raise typer.Exit(1)


@app.command()
def explain(
    paths: Annotated[list[str], typer.Argument(help="Articles: .txt/.html files, directories of them, .csv/.jsonl/.parquet tables, or - for standard input.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="A .html or .md file (one article), or a directory (one report per article plus index).")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="html or md; default from -o, else a terminal report.")] = None,
    text_col: TextColOption = "text",
    id_col: IdColOption = None,
    model: ModelOption = None,
    trust_model: TrustOption = False,
    encoding_errors: EncodingOption = EncodingErrors.strict,
) -> None:
    """Explain articles: score, band, flagged sentences and why, attributions.

    Without -o the report goes to the terminal (or, with --format, to standard output).
    """
    if format not in (None, "html", "md"):
        _fail(f"--format must be html or md, not {format!r}")
    try:
        scorer = _scorer(model, trust_model, encoding_errors)
    except ReliabilityError as exc:
        _fail(str(exc))
    analyses = _analyse(paths, scorer, encoding_errors, text_col, id_col)
    profiles = [scorer.profile(a, i) for i, a in analyses]
    findings: dict[str, list[dict]] = {}
    if len(analyses) > 1:  # several articles: show where other outlets tell the story differently
        from reliability.corroboration import by_article, corroborate

        found = corroborate([a for _, a in analyses], ids=[i for i, _ in analyses])
        findings = {i: [f.to_dict() for f in fs] for i, fs in by_article(found).items()}
    if output is None and format is None:
        from reliability.report.terminal import render

        console = Console()
        for p in profiles:
            console.print(render(p))
            for f in findings.get(str(p.id), ()):
                console.print(_finding_text(f))
        return
    from reliability.report import html as html_report
    from reliability.report import markdown as md_report

    suffix = output.suffix.lower() if output is not None else ""
    fmt = format or ("md" if suffix == ".md" else "html")
    module = html_report if fmt == "html" else md_report
    try:
        if output is None:
            page = module.render(profiles[0], findings.get(str(profiles[0].id)))
            sys.stdout.write(page if page.endswith("\n") else page + "\n")
        elif suffix in (".html", ".htm", ".md") and len(profiles) == 1:
            output.write_text(module.render(profiles[0], findings.get(str(profiles[0].id))), encoding="utf-8")
            _err.print(f"wrote {output}", highlight=False)
        else:
            written = module.write_reports(profiles, output, findings)
            _err.print(f"wrote {len(written)} file(s) to {output}", highlight=False)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


def _analyse(paths: list[str], scorer, encoding_errors: EncodingErrors, text_col: str = "text",
             id_col: str | None = None) -> list[tuple[str, object]]:
    """Read and analyse every article; one that cannot be read or scored is reported and skipped
    (fatal when it is the only one), as `score` gives it an error row."""
    from reliability import batch

    try:
        batch.check_columns(paths, text_col, id_col)
        items = list(batch.read_paths(paths, text_col=text_col, id_col=id_col,
                                      encoding_errors=encoding_errors.value))
    except ReliabilityError as exc:
        _fail(escape(str(exc)))
    out = []
    for item in items:
        error = item.error
        if error is None:
            try:
                out.append((str(item.id), scorer.analyse(item.text, item.id)))
            except ReliabilityError as exc:
                error = str(exc)
        if error is not None:
            if len(items) == 1:
                _fail(escape(f"{item.id}: {error}"))
            _err.print(f"[yellow]{escape(str(item.id))}:[/yellow] {escape(error)}", highlight=False)
    if not out:
        _fail("no article could be read")
    return out


def _finding_text(f: dict) -> Text:
    """One finding for the terminal, as plain text (article words never become markup)."""
    from reliability.report.common import finding_sides

    text = Text(f"{f['kind']} ({f['level']}): ", style="bold red" if f["level"] == "alarm" else "bold")
    text.append(f["why"])
    for side in finding_sides(f):
        text.append(f"\n    {side}")
    return text


class FindingFormat(str, Enum):
    """Output of `reliability corroborate`."""

    text = "text"
    jsonl = "jsonl"


@app.command()
def corroborate(
    paths: Annotated[list[str], typer.Argument(help="Articles: .txt/.html files, directories of them, .csv/.jsonl/.parquet tables, or - for standard input.")],
    format: Annotated[FindingFormat, typer.Option("--format", help="text (readable) or jsonl (one finding per line).")] = FindingFormat.text,
    alarms_only: Annotated[bool, typer.Option("--alarms-only", help="Only findings whose level is alarm.")] = False,
    text_col: TextColOption = "text",
    id_col: IdColOption = None,
    model: ModelOption = None,
    trust_model: TrustOption = False,
    encoding_errors: EncodingOption = EncodingErrors.strict,
) -> None:
    """Compare articles across outlets: quotations, facts and allegations that disagree.

    Articles about the same story are grouped. Each finding names its kind, why and level (alarm or note), and every article's side as offsets into that article's text.
    """
    import json

    from reliability.corroboration import corroborate as find

    try:
        scorer = _scorer(model, trust_model, encoding_errors)
    except ReliabilityError as exc:
        _fail(str(exc))
    analyses = _analyse(paths, scorer, encoding_errors, text_col, id_col)
    found = find([a for _, a in analyses], ids=[i for i, _ in analyses])
    found = [f for f in found if f.alarming or not alarms_only]
    if format is FindingFormat.jsonl:
        for f in found:
            sys.stdout.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
        return
    console = Console()
    for f in found:
        console.print(_finding_text(f.to_dict()))
    alarms = sum(f.alarming for f in found)
    _err.print(f"{len(found)} finding(s), {alarms} alarm(s), across {len(analyses)} article(s)", highlight=False)


@app.command()
def sources(
    path: Annotated[Path, typer.Argument(help="Scores from `reliability score` (-o rows.csv/.parquet, or JSON Lines of full profiles) with an outlet or URL column or key added.")],
    by: Annotated[str, typer.Option("--by", help="Column naming each article's outlet.")] = "outlet",
    url_col: Annotated[Optional[str], typer.Option("--url-col", help="Column with article URLs; the outlet is then their domain (instead of --by).")] = None,
    n_boot: Annotated[int, typer.Option("--n-boot", min=1, help="Bootstrap resamples for the 95% interval of the mean.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the outlet table to a .csv, .parquet, .jsonl or .html file instead of the terminal. The HTML overview lists each outlet's strongest evidence when PATH holds full profiles (JSON Lines from `reliability score`).")] = None,
) -> None:
    """Aggregate article scores into one profile per outlet, least reliable first."""
    from reliability import sources as src

    try:
        frame = src.read_scores(path)
        profiles = src.source_profiles(frame, by=by, url_col=url_col, n_boot=n_boot, seed=seed)
        if output is not None:
            typical = None
            if output.suffix.lower() == ".html" and path.suffix.lower() in src.JSONL_SUFFIXES:
                typical = src.typical_evidence(src.read_jsonl_profiles(path), src.outlet_of(frame, by, url_col))
            src.write_profiles(profiles, output, typical)
    except ReliabilityError as exc:
        _fail(escape(str(exc)))
    if output is None:
        typer.echo(profiles.to_string(index=False))  # plain text: a wide table must not re-wrap
    else:
        _err.print(f"wrote {len(profiles)} outlet(s) to {output}", highlight=False)


def _log(line: str) -> None:
    _err.print(line, highlight=False)


@app.command()
def train(
    data: Annotated[Path, typer.Option(help="The public corpora folder.", envvar="RELIABILITY_DATA")] = Path("../shared/data"),
    out: Annotated[Path, typer.Option(help="Where to write the model, its sidecar and MODEL_CARD.md.")] = Path("models"),
    ship: Annotated[bool, typer.Option(help="Also refit the attribution cue weights and copy the model into the package (reliability/resources).")] = True,
    evaluate: Annotated[bool, typer.Option(help="Also cross-validate the sentence heads (slower).")] = True,
) -> None:
    """Train the default model from the public corpora and our labels; measure it; save it."""
    from reliability.training.train import train as run

    try:
        run(data, out, ship=ship, evaluate=evaluate, log=_log)
    except (ReliabilityError, FileNotFoundError) as exc:
        _fail(str(exc))


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option(help="The public corpora folder.", envvar="RELIABILITY_DATA")] = Path("../shared/data"),
    out: Annotated[Path, typer.Option(help="Where to write MODEL_CARD.md.")] = Path("models"),
    labels: Annotated[Optional[Path], typer.Option("--labels", help="Instead: measure the model on your own labelled articles (.csv/.parquet/.jsonl); prints the tables, writes no card.")] = None,
    label_col: Annotated[str, typer.Option("--label-col", help="With --labels: the label column (1/true = unreliable, unless --unreliable names the value).")] = "label",
    unreliable: Annotated[Optional[str], typer.Option("--unreliable", help="With --labels: the label value that means unreliable (e.g. fake).")] = None,
    group_col: Annotated[Optional[str], typer.Option("--group-col", help="With --labels: each article's outlet; intervals then draw whole outlets.")] = None,
    text_col: TextColOption = "text",
    id_col: IdColOption = None,
    model: ModelOption = None,
    trust_model: TrustOption = False,
) -> None:
    """Measure the shipped model on grouped folds and dev splits; print the metrics; write the model card.

    With --labels, measure it on your own labelled articles instead: AUC with a 95% interval,
    calibration, the share labelled unreliable in each band, and each marker's AUC.
    """
    import pandas as pd

    if labels is not None:
        _evaluate_labelled(labels, label_col, unreliable, group_col, text_col, id_col, model, trust_model)
        return
    if model is not None:
        _fail("--model goes with --labels: on the public corpora `evaluate` measures the shipped model "
              "(`reliability train --out DIR` measures the one it trains)")
    from reliability.training.train import evaluate as run

    try:
        metrics = run(data, out, log=_log)
    except (ReliabilityError, FileNotFoundError) as exc:
        _fail(str(exc))
    console = Console()
    if metrics.get("sentences"):
        console.print(pd.DataFrame(metrics["sentences"]).to_string(index=False))
    console.print(pd.DataFrame(metrics["articles"]).to_string(index=False))
    console.print(f"faithfulness: {metrics['faithfulness']}")
    console.print(f"model card written to {out / 'MODEL_CARD.md'}")


def _evaluate_labelled(path: Path, label_col: str, unreliable: str | None, group_col: str | None,
                       text_col: str, id_col: str | None, model: Path | None, trust_model: bool) -> None:
    """``evaluate --labels``: score the user's labelled table and print how well it separates."""
    import pandas as pd

    from reliability.evaluation.labelled import measure_labelled, read_labelled, score_labelled

    try:
        frame = read_labelled(path)
        scorer = _scorer(model, trust_model, EncodingErrors.strict)
        with _progress(len(frame)) if sys.stderr.isatty() else nullcontext() as bar:
            task = bar.add_task("score", total=len(frame)) if bar else None
            rows = score_labelled(frame, label_col, text_col, id_col, group_col, unreliable, scorer,
                                  on_scored=(lambda: bar.advance(task)) if bar else None)
        result = measure_labelled(rows, group_col)
    except ReliabilityError as exc:
        _fail(escape(str(exc)))
    console = Console()
    summary = result["summary"].iloc[0]
    for name in ("summary", "bands", "markers"):
        console.print(f"[bold]{name}[/bold]\n" + result[name].to_string(index=False), highlight=False,
                      soft_wrap=True)
    if pd.isna(summary["auc_low"]):
        console.print("no interval: too few articles (or outlets) of one label to bound the AUC")
    console.print(f"intervals: 95% bootstrap over {summary['resampled']}; AUC and ECE use the "
                  f"{summary['judged']} judged article(s) (P(unreliable) = 1 - reliability)", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
