"""`corpusx summary`: tables of a mention JSONL file, for people or for tools."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from corpusx.errors import EXIT_PARTIAL, InputError
from corpusx.inputs.sources import STDIN
from corpusx.outputs.records import read_mentions
from corpusx.reports.render import render_summary, summary_csv, summary_json, summary_markdown, summary_text
from corpusx.reports.summary import summarize
from corpusx.types import Mention

from . import app, err_console, fail
from .extract import parse_labels


class SummaryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class NameBy(StrEnum):
    canonical = "canonical"
    text = "text"


class TimelineBy(StrEnum):
    mention = "mention"
    article = "article"


def load_mentions(file: str) -> tuple[list[Mention], int]:
    """The mentions of a mention JSONL file (or stdin), and how many bad lines were reported and skipped."""
    if file == STDIN:
        if sys.stdin.isatty():
            raise fail("no input: give a mention JSONL file, or pipe `corpusx extract` into this command")
        lines = sys.stdin.buffer
    else:
        try:
            lines = open(file, "rb")  # noqa: SIM115  (closed by the with below)
        except OSError as error:
            raise fail(f"{file}: {error.strerror}") from None
    bad = 0
    mentions = []
    with lines:
        for record in read_mentions(lines, path=file):
            if isinstance(record, InputError):
                bad += 1
                err_console.print(f"corpusx: {record}; skipped", markup=False)
            else:
                mentions.append(record)
    return mentions, bad


#: The options `summary` and `report` share.
MentionsArgument = Annotated[str, typer.Argument(help="Mention JSONL written by `corpusx extract`; '-' reads stdin.")]
LabelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--labels", "--label", "-l", help="Only these labels (comma-separated or repeated).", metavar="LABELS"
    ),
]
ByOption = Annotated[NameBy, typer.Option("--by", help="Name entities by their canonical name or as written.")]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        help="The --rules files given to extract (repeatable): the watch list then shows every entry, "
        "also those that matched nothing.",
        metavar="FILE",
    ),
]


def watch_entries(rules: list[Path] | None) -> list[tuple[str, str, str]]:
    """The (source, label, canonical) entries of the --rules files; a bad file is a one-line usage error."""
    if not rules:
        return []
    from corpusx.model.user_rules import RulesError, read_rules

    try:
        return read_rules(rules).entries()
    except RulesError as error:
        raise fail(f"--rules {error}") from None


@app.command("summary")
def summary_cli(
    file: MentionsArgument = STDIN,
    top: Annotated[int, typer.Option(min=1, help="How many entities per label, pairs and amounts.")] = 10,
    label: LabelOption = None,
    by: ByOption = NameBy.canonical,
    timeline: Annotated[
        TimelineBy,
        typer.Option(help="Timeline of DATE mentions by their value, or of documents and mentions by article date."),
    ] = TimelineBy.mention,
    format: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", help="table for people; json, csv or markdown for tools and reports."),
    ] = SummaryFormat.table,
    rules: RulesOption = None,
) -> None:
    """Summarise a mention file: top entities, mentions per document, ORG/PERSON pairs, a DATE timeline, MONEY.

    A line that is not valid JSON or lacks a field is reported with its line number and skipped (exit 1).

    Example: corpusx extract seeds/ | corpusx summary --top 5 --format markdown
    """
    labels = parse_labels(",".join(label)) if label else None
    watch = watch_entries(rules)
    mentions, bad = load_mentions(file)
    summary = summarize(mentions, top=top, labels=labels, by=by.value, timeline=timeline.value, watch=watch)
    if format is SummaryFormat.json:
        sys.stdout.buffer.write(summary_json(summary))
    elif format is SummaryFormat.csv:
        sys.stdout.write(summary_csv(summary))
    elif format is SummaryFormat.markdown:
        sys.stdout.write(summary_markdown(summary))
    else:
        console = Console(highlight=False)
        if console.is_terminal:
            render_summary(summary, console)
        else:
            sys.stdout.write(summary_text(summary))
    if bad:
        raise typer.Exit(EXIT_PARTIAL)
