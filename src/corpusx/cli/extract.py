"""`corpusx extract`: files, folders or stdin in, mention JSONL out."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import date
from enum import StrEnum
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corpusx.errors import EXIT_OK, EXIT_PARTIAL, CorpusxError, InputError, interrupted_exit_code, interrupts_held
from corpusx.inputs.sources import (
    DEFAULT_GLOBS,
    STDIN,
    GlobError,
    check_globs,
    emit_texts,
    iter_documents,
    only_documents,
)
from corpusx.inputs.urls import is_url
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.model.resume import MANIFEST_SUFFIX, Manifest
from corpusx.model.scheduler import check_scheduler_address, require_dask
from corpusx.outputs.atomic import Discard, OutputError, atomic_output, writable_target
from corpusx.outputs.records import write_mentions
from corpusx.outputs.stores import check_store
from corpusx.outputs.tables import MissingDependency, require_pyarrow, write_csv, write_parquet
from corpusx.types import LABELS, Document, Fields, check_labels

from . import app, err_console, fail
from .options import (
    DateFieldOption,
    IdFieldOption,
    KeepFieldOption,
    LabelsOption,
    ModelOption,
    RulesOption,
    TextFieldOption,
)
from .progress import ExtractProgress, count_inputs

if TYPE_CHECKING:
    from corpusx.model.engines import Engine
    from corpusx.model.user_rules import UserRules


class OutputFormat(StrEnum):
    """How mentions are written."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


WRITERS = {OutputFormat.jsonl: write_mentions, OutputFormat.csv: write_csv, OutputFormat.parquet: write_parquet}


class EngineName(StrEnum):
    """Where the model stage runs."""

    local = "local"
    dask = "dask"


def parse_labels(value: str) -> tuple[str, ...]:
    """Split a comma-separated label list (any case) and check every label is known."""
    try:
        return check_labels(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@app.command("extract")
def extract_cli(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders of articles; '-' reads stdin.")] = None,
    output_given: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the JSONL here (atomically) instead of stdout; - is stdout. A URL (s3://, gs://, az://,"
            " file://) gets partitioned JSONL.",
            metavar="FILE|DIR|URL",
        ),
    ] = None,
    format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="jsonl, or a table: csv or parquet (value and fields as JSON text)."),
    ] = OutputFormat.jsonl,
    model: ModelOption = DEFAULT_MODEL,
    labels: LabelsOption = None,
    glob: Annotated[list[str] | None, typer.Option(help="File patterns taken from folders (repeatable).")] = None,
    ref_date: Annotated[str | None, typer.Option(help="Reference date YYYY-MM-DD for undated documents.")] = None,
    split_date_ranges: Annotated[
        bool, typer.Option(help="Each end of a DATE range ('4-6 March') its own mention and value, as in TimeML.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no report on stderr.")] = False,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    date_field: DateFieldOption = "date",
    keep_field: KeepFieldOption = None,
    rules: RulesOption = None,
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
        bool, typer.Option(help="With -o DIR: write DIR/part-00000.jsonl, ... (in input order) and a manifest.")
    ] = False,
    resume: Annotated[
        bool, typer.Option(help="With -o FILE: reuse the model's work recorded in FILE.done by an earlier run.")
    ] = False,
) -> None:
    """Write one JSON object per entity mention (ORG, PERSON, DATE, MONEY), or one table row (--format csv|parquet).

    Inputs: .txt and .md (any common encoding), .html/.htm (main text and date via trafilatura),
    .jsonl/.ndjson (one article per line); folders are walked recursively, sorted by path.

    Exit codes: 0 every input processed, 1 some inputs failed (the others are written) or -o cannot be written,
    2 usage, model or engine error, 128+N ended by signal N (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP; an earlier
    -o FILE is left untouched), 141 stdout closed by its reader. A run that processes no document leaves
    an earlier -o FILE as it was.

    Example: corpusx extract seeds/ -o out/seeds.jsonl
    """
    wanted = parse_labels(",".join(labels)) if labels else LABELS
    user_rules = _read_rules(rules or [])
    if format is OutputFormat.parquet:
        try:
            require_pyarrow()
        except MissingDependency as error:
            raise fail(str(error)) from None
    fields = Fields(text_field, id_field, date_field, keep=tuple(dict.fromkeys(keep_field or ())))
    reference = _parse_date(ref_date)
    if not paths:
        if sys.stdin.isatty():
            raise fail("no input: give files or folders, or pipe an article into stdin")
        paths = [STDIN]
    url = output_given if output_given is not None and is_url(output_given) else None
    if url is not None:
        _check_url_output(url, format, resume=resume)
        partitioned = True
    output = None if url is not None else _check_output(output_given, paths, partitioned=partitioned)
    if resume and output is None:
        raise fail("--resume needs -o FILE: the run's progress is kept in FILE.done")
    if scheduler is not None and engine is not EngineName.dask:
        raise fail("--scheduler needs --engine dask")
    try:
        if engine is EngineName.dask:
            require_dask()
            if scheduler is not None:
                check_scheduler_address(scheduler)
    except CorpusxError as error:
        raise fail(str(error)) from None
    with interrupts_held():
        from corpusx.model.engines import ResumingEngine
        from corpusx.model.pool import default_jobs
        from corpusx.partitioned import write_partitioned
        from corpusx.run import extract, write_jsonl

    failures = []

    def on_error(error: InputError) -> None:
        failures.append(error)
        progress.input_failed()
        err_console.print(f"corpusx: {error}; skipped", markup=False)

    written = (
        ()
        if output is None
        else (output, f"{output}{MANIFEST_SUFFIX}", output.with_name(f".{glob_escape(output.name)}.*.part"))
    )
    try:
        globs = check_globs(glob or DEFAULT_GLOBS)
    except GlobError as error:
        raise typer.BadParameter(str(error), param_hint="--glob") from None
    bar = not quiet and err_console.is_terminal
    progress = ExtractProgress(err_console, count_inputs(paths, globs) if bar else None, bar=bar)
    inputs: Iterable[str | Document] = paths  # listed here, read by the workers
    if emit_text is not None:  # the texts are written here
        inputs = emit_texts(only_documents(iter_documents(paths, globs, fields, exclude=written), on_error), emit_text)
    if partitioned and output is None and url is None:
        raise fail("--partitioned needs -o DIR: the folder the parts go to")
    if partitioned and format is not OutputFormat.jsonl:
        raise fail("--partitioned writes JSONL parts; leave out --format")
    if spool is not None and engine is not EngineName.dask:
        raise fail("--spool needs --engine dask")
    manifest = (
        Manifest.for_output(output, model, on_warning=_warn, user_rules=user_rules.digest() if user_rules else "")
        if resume and output is not None
        else None
    )
    runner = _engine(engine, jobs or default_jobs(), scheduler, spool)
    options: dict[str, Any] = {
        "model": model,
        "engine": runner if manifest is None else ResumingEngine(runner, manifest),
        "labels": wanted,
        "ref_date": reference,
        "split_date_ranges": split_date_ranges,
        "fields": fields,
        "globs": globs,
        "exclude": written,
        "rules": user_rules,
        "on_error": on_error,
        "on_document": progress.document_done,
        "on_step": progress.step_done,
    }
    try:
        with manifest or nullcontext(), progress:
            if url is not None:
                progress.per_label.update(write_partitioned(url, inputs, **options))
            elif partitioned and output is not None:
                progress.per_label.update(write_partitioned(output, inputs, **options))
            else:
                with atomic_output(output) as stream:
                    if format is OutputFormat.jsonl:
                        progress.per_label.update(write_jsonl(stream, inputs, **options))
                    else:
                        WRITERS[format](progress.count(extract(inputs, **options)), stream)
                    if output is not None and progress.documents == 0:
                        raise Discard
    except Discard:
        raise fail(f"no document processed; {output} left as it was", EXIT_PARTIAL if failures else EXIT_OK) from None
    except OutputError as error:
        raise fail(f"{error}; {_left(output, url)}", EXIT_PARTIAL) from None
    except CorpusxError as error:
        raise fail(str(error)) from None
    except KeyboardInterrupt as interrupt:
        raise fail(f"interrupted; {_left(output, url)}", interrupted_exit_code(interrupt)) from None
    if not quiet:
        err_console.print(progress.report(len(failures)), markup=False)
    if failures:
        raise typer.Exit(EXIT_PARTIAL)


def _engine(where: EngineName, jobs: int, scheduler: str | None, spool: Path | None) -> Engine:
    """The engine object `--engine`, `--jobs`, `--scheduler` and `--spool` name."""
    from corpusx.model.engines import LocalEngine

    if where is EngineName.dask:
        from corpusx.model.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=jobs, spool=None if spool is None else str(spool))
    return LocalEngine(jobs=jobs)


def _left(output: Path | None, url: str | None) -> str:
    """What an unfinished run leaves: -o FILE as it was; below -o URL the earlier manifest (some parts maybe new)."""
    if url is not None:
        return f"{url} keeps its earlier manifest"
    return f"{output} left as it was" if output is not None else "output incomplete"


def _check_url_output(url: str, format: OutputFormat, *, resume: bool) -> None:
    """A usage error if -o URL can't be written (unknown protocol, no backend, no access) or with what it can't do."""
    if format is not OutputFormat.jsonl:
        raise fail("-o URL writes JSONL parts; leave out --format")
    if resume:
        raise fail("--resume needs a local -o: the run's progress is kept in a file beside it")
    try:
        check_store(url)
    except OutputError as error:
        raise fail(str(error)) from None


def _check_output(given: str | None, paths: list[str], *, partitioned: bool) -> Path | None:
    """-o as given (None for stdout, '-'); a usage error if it is one of the input files, or a folder
    (unless the output is `--partitioned`, which writes a folder)."""
    if given is None or given == STDIN:
        return None
    output = Path(given)
    try:
        if not partitioned:
            writable_target(output)
    except OutputError as error:
        raise fail(str(error)) from None
    for path in paths:
        if path != STDIN and output.exists() and os.path.exists(path) and os.path.samefile(output, path):
            raise fail(f"-o {output} is also an input; write the output elsewhere")
    return output


def _read_rules(paths: list[Path]) -> UserRules:
    """The rules of the --rules files; a bad file is a one-line usage error naming it (before any work)."""
    from corpusx.model.user_rules import RulesError, read_rules

    try:
        return read_rules(paths)
    except RulesError as error:
        raise fail(f"--rules {error}") from None


def _warn(message: str) -> None:
    err_console.print(f"corpusx: {message}", markup=False)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD", param_hint="--ref-date") from None
