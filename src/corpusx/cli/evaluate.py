"""`corpusx evaluate`: score a mention JSONL against a gold file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console

from corpusx.errors import CorpusxError
from corpusx.reports.evaluation import evaluate, evaluation_to_json
from corpusx.reports.gold import read_gold, read_predictions
from corpusx.reports.render import render_evaluation

from . import app, fail


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (one document per line, see EVALUATION.md).")],
    predictions: Annotated[Path, typer.Argument(help="Mention JSONL written by `corpusx extract`.")],
    errors: Annotated[bool, typer.Option("--errors", help="List every false positive and false negative.")] = False,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="table for people, json for scripts.")
    ] = ReportFormat.table,
) -> None:
    """Score predicted mentions: P/R/F1 per label and micro, value and canonical accuracy.

    Example: corpusx evaluate ../shared/gold/seeds-dev.jsonl out/seeds.jsonl --errors
    """
    try:
        evaluation = evaluate(read_gold(gold), read_predictions(predictions), source=str(predictions))
    except (CorpusxError, OSError) as error:
        raise fail(str(error)) from None
    if format is ReportFormat.json:
        report = evaluation_to_json(evaluation, include_errors=errors)
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    else:
        render_evaluation(evaluation, Console(), errors=errors)
