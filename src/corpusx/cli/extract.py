"""`corpusx extract`: files, folders or stdin in, mention JSONL out."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import EXIT_PARTIAL, CorpusxError, InputError
from ..extraction import extract
from ..output import atomic_output
from ..pipeline import DEFAULT_MODEL
from ..records import LABELS, write_mentions
from ..sources import DEFAULT_GLOBS, STDIN
from . import app, err_console, fail


def parse_labels(value: str) -> tuple[str, ...]:
    """Split a comma-separated label list and check every label is known."""
    labels = tuple(label.strip().upper() for label in value.split(",") if label.strip())
    unknown = [label for label in labels if label not in LABELS]
    if unknown or not labels:
        raise typer.BadParameter(f"unknown label {', '.join(unknown) or '(none)'}; choose from {','.join(LABELS)}")
    return labels


@app.command("extract")
def extract_cli(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders of articles; '-' reads stdin.")] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write the JSONL here (atomically) instead of stdout.")
    ] = None,
    model: Annotated[str, typer.Option(help="An installed spaCy pipeline: package name or directory.")] = DEFAULT_MODEL,
    labels: Annotated[str, typer.Option(help="Comma-separated labels to keep.")] = ",".join(LABELS),
    glob: Annotated[
        Optional[list[str]], typer.Option(help="File patterns taken from folders (repeatable).")
    ] = None,
    ref_date: Annotated[
        Optional[str], typer.Option(help="Reference date YYYY-MM-DD for documents with no date of their own.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No report on stderr.")] = False,
) -> None:
    """Write one JSON object per entity mention (ORG, PERSON, DATE, MONEY).

    Exit codes: 0 every input processed, 1 some inputs failed (the others are written), 2 usage or model error.

    Example: corpusx extract seeds/ -o out/seeds.jsonl
    """
    wanted = parse_labels(labels)
    reference = _parse_date(ref_date)
    if not paths:
        if sys.stdin.isatty():
            raise fail("no input: give files or folders, or pipe an article into stdin")
        paths = [STDIN]
    failures = []

    def on_error(error: InputError) -> None:
        failures.append(error)
        err_console.print(f"corpusx: {error}; skipped", markup=False)

    mentions = extract(paths, model=model, labels=wanted, globs=glob or DEFAULT_GLOBS, ref_date=reference, on_error=on_error)
    try:
        with atomic_output(output) as stream:
            count = write_mentions(mentions, stream)
    except CorpusxError as error:
        raise fail(str(error)) from None
    if not quiet:
        err_console.print(f"corpusx: {count} mentions, {len(failures)} failed inputs", markup=False)
    if failures:
        raise typer.Exit(EXIT_PARTIAL)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD", param_hint="--ref-date") from None


