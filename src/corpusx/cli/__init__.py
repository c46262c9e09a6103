"""The `corpusx` command: parse options, call the library, write data to stdout and messages to stderr."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console

from .. import __version__
from ..errors import EXIT_USAGE

app = typer.Typer(
    help="Extract organisations, people, dates and money amounts from news articles as JSONL.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corpusx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = None,
) -> None:
    """Extract organisations, people, dates and money amounts from news articles as JSONL."""


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err_console.print(f"corpusx: {message}", markup=False)
    return typer.Exit(code)



from . import evaluate, extract, summary  # noqa: E402,F401  (registers the commands)
