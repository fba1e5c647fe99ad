"""The ``reliability`` command: a thin shell over the library.

Commands are the kebab form of library functions and options carry the keyword names. Library
errors are translated to a message and an exit code here, once.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from reliability import __version__
from reliability.errors import ReliabilityError

app = typer.Typer(add_completion=False, no_args_is_help=True,
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


@app.command()
def score(
    paths: Annotated[list[str], typer.Argument(help=".txt files, directories of .txt files, or - for standard input.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write JSON Lines here instead of standard output.")] = None,
) -> None:
    """Score articles; write one JSON profile per article (JSON Lines)."""
    from reliability.batch import read_paths, score_items, write_jsonl
    from reliability.scorer import default_scorer

    try:
        target = output.open("w", encoding="utf-8") if output else nullcontext(sys.stdout)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    total = failed = 0
    try:
        with target as out:
            for p in write_jsonl(score_items(read_paths(paths), default_scorer()), out):
                total += 1
                if p.error is not None:
                    failed += 1
                    _err.print(f"[yellow]{p.id}:[/yellow] {p.error}", highlight=False)
    except ReliabilityError as exc:
        _fail(str(exc))
    if failed:
        _err.print(f"{failed} of {total} article(s) could not be scored (error rows written)")
    if failed and failed == total:
        raise typer.Exit(1)


@app.command()
def explain(
    path: Annotated[str, typer.Argument(help="A .txt article, or - for standard input.")],
) -> None:
    """Print a readable report: score, band, flagged sentences and why, attributions."""
    from reliability.batch import read_paths
    from reliability.report.terminal import render
    from reliability.scorer import default_scorer

    item = next(iter(read_paths([path])))
    if item.error is not None:
        _fail(item.error)
    try:
        profile = default_scorer().score(item.text, item.id)
    except ReliabilityError as exc:
        _fail(str(exc))
    Console().print(render(profile))


if __name__ == "__main__":  # pragma: no cover
    app()
