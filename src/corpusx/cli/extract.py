"""`corpusx extract`: files, folders or stdin in, mention JSONL out."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from corpusx.errors import EXIT_PARTIAL, CorpusxError, InputError
from corpusx.inputs.sources import DEFAULT_GLOBS, STDIN, emit_texts, iter_documents, only_documents
from corpusx.model.annotate import default_jobs
from corpusx.model.engines import Engine, LocalEngine, ResumingEngine
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.model.resume import Manifest
from corpusx.outputs.atomic import atomic_output
from corpusx.outputs.partitioned import write_partitioned
from corpusx.run import write_jsonl
from corpusx.types import LABELS, Fields

from . import app, err_console, fail
from .progress import ExtractProgress, count_inputs


class EngineName(StrEnum):
    """Where the model stage runs."""

    local = "local"
    dask = "dask"


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def parse_labels(value: str) -> tuple[str, ...]:
    """Split a comma-separated label list and check every label is known."""
    labels = tuple(label.strip().upper() for label in value.split(",") if label.strip())
    unknown = [label for label in labels if label not in LABELS]
    if unknown or not labels:
        raise typer.BadParameter(f"unknown label {', '.join(unknown) or '(none)'}; choose from {','.join(LABELS)}")
    return labels


@app.command("extract")
def extract_cli(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders of articles; '-' reads stdin.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSONL here (atomically) instead of stdout.")
    ] = None,
    model: Annotated[str, typer.Option(help="An installed spaCy pipeline: package name or directory.")] = DEFAULT_MODEL,
    labels: Annotated[str, typer.Option(help="Comma-separated labels to keep.")] = ",".join(LABELS),
    glob: Annotated[list[str] | None, typer.Option(help="File patterns taken from folders (repeatable).")] = None,
    ref_date: Annotated[
        str | None, typer.Option(help="Reference date YYYY-MM-DD for documents with no date of their own.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no report on stderr.")] = False,
    text_field: Annotated[str, typer.Option(help="JSONL field holding the article text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id (else <stem>:<line>).")] = "id",
    date_field: Annotated[str, typer.Option(help="JSONL field holding the ISO publication date.")] = "date",
    emit_text: Annotated[
        Path | None,
        typer.Option(
            help="Also write each document's text, the string offsets refer to, as DIR/<doc>.txt.", metavar="DIR"
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(min=1, help="Model processes (local) or LocalCluster workers (dask); default: all cores."),
    ] = None,
    engine: Annotated[
        EngineName, typer.Option(help="Where the model runs: this machine or a Dask cluster.")
    ] = EngineName.local,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://host:8786); default: a LocalCluster.")
    ] = None,
    spool: Annotated[
        Path | None, typer.Option(help="Dask: the folder, shared by every worker, for the run's intermediate files.")
    ] = None,
    partitioned: Annotated[
        bool,
        typer.Option(
            help="With -o DIR: write DIR/part-00000.jsonl, ... (one per task, in input order) and a manifest."
        ),
    ] = False,
    resume: Annotated[
        bool, typer.Option(help="With -o FILE: reuse the model's work recorded in FILE.done by an earlier run.")
    ] = False,
) -> None:
    """Write one JSON object per entity mention (ORG, PERSON, DATE, MONEY).

    Inputs: .txt and .md (any common encoding), .html/.htm (main text and date via trafilatura),
    .jsonl/.ndjson (one article per line); folders are walked recursively, sorted by path.

    Exit codes: 0 every input processed, 1 some inputs failed (the others are written), 2 usage or model error,
    130 interrupted (an earlier -o FILE is left untouched).

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

    bar = not quiet and err_console.is_terminal
    progress = ExtractProgress(err_console, count_inputs(paths, glob or DEFAULT_GLOBS) if bar else None, bar=bar)
    documents = only_documents(
        iter_documents(paths, glob or DEFAULT_GLOBS, Fields(text_field, id_field, date_field)), on_error
    )
    if emit_text is not None:
        documents = emit_texts(documents, emit_text)
    if partitioned and output is None:
        raise fail("--partitioned needs -o DIR: the folder the parts go to")
    if resume and output is None:
        raise fail("--resume needs -o FILE: the run's progress is kept in FILE.done")
    if scheduler is not None and engine is not EngineName.dask:
        raise fail("--scheduler needs --engine dask")
    manifest = Manifest.for_output(output, model) if resume and output is not None else None
    if spool is not None and engine is not EngineName.dask:
        raise fail("--spool needs --engine dask")
    runner = _engine(engine, jobs or default_jobs(), scheduler, spool)
    options = {
        "model": model,
        "engine": runner if manifest is None else ResumingEngine(runner, manifest),
        "labels": wanted,
        "ref_date": reference,
        "on_error": on_error,
        "on_document": progress.document_done,
    }
    try:
        with manifest or nullcontext(), progress:
            if partitioned and output is not None:
                progress.per_label.update(write_partitioned(output, documents, **options))
            else:
                with atomic_output(output) as stream:
                    progress.per_label.update(write_jsonl(stream, documents, **options))
    except CorpusxError as error:
        raise fail(str(error)) from None
    except KeyboardInterrupt:
        kept = f"{output} left as it was" if output is not None else "output incomplete"
        raise fail(f"interrupted; {kept}", EXIT_INTERRUPTED) from None
    if not quiet:
        err_console.print(progress.report(len(failures)), markup=False)
    if failures:
        raise typer.Exit(EXIT_PARTIAL)


def _engine(where: EngineName, jobs: int, scheduler: str | None, spool: Path | None) -> Engine:
    """The engine object `--engine`, `--jobs`, `--scheduler` and `--spool` name."""
    if where is EngineName.dask:
        from corpusx.model.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=jobs, spool=None if spool is None else str(spool))
    return LocalEngine(jobs=jobs)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD", param_hint="--ref-date") from None
