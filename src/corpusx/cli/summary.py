"""`corpusx summary`: tables of a mention JSONL file."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from ..errors import EXIT_PARTIAL, InputError
from ..records import read_mentions
from ..render import render_summary
from ..sources import STDIN
from ..summary import summarize
from . import app, err_console, fail


@app.command("summary")
def summary_cli(
    file: Annotated[str, typer.Argument(help="Mention JSONL written by `corpusx extract`; '-' reads stdin.")] = STDIN,
    top: Annotated[int, typer.Option(min=1, help="How many entities per label.")] = 10,
) -> None:
    """Print mentions per label and the top entities of each label.

    Example: corpusx extract seeds/ | corpusx summary
    """
    if file == STDIN:
        lines = sys.stdin.buffer
    else:
        try:
            lines = open(file, "rb")  # noqa: SIM115  (closed by the with below)
        except OSError as error:
            raise fail(f"{file}: {error.strerror}") from None
    bad = 0
    with lines:
        mentions = []
        for record in read_mentions(lines, path=file):
            if isinstance(record, InputError):
                bad += 1
                err_console.print(f"corpusx: {record}; skipped", markup=False)
            else:
                mentions.append(record)
    render_summary(summarize(mentions, top=top), Console())
    if bad:
        raise typer.Exit(EXIT_PARTIAL)
