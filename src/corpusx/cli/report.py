"""`corpusx report`: a mention file as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corpusx.errors import EXIT_PARTIAL
from corpusx.inputs.sources import STDIN
from corpusx.outputs.atomic import atomic_output
from corpusx.reports.report import report_html
from corpusx.reports.summary import summarize

from . import app
from .extract import parse_labels
from .summary import ByOption, LabelOption, MentionsArgument, NameBy, RulesOption, load_mentions, watch_entries


@app.command("report")
def report_cli(
    file: MentionsArgument = STDIN,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the page here (atomically) instead of stdout.")
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="How many entities per label, pairs and amounts.")] = 15,
    label: LabelOption = None,
    by: ByOption = NameBy.canonical,
    title: Annotated[str, typer.Option(help="The page's title.")] = "corpusx report",
    rules: RulesOption = None,
) -> None:
    """Write one self-contained HTML page: summary tables, DATE and article timelines, the ORG/PERSON network.

    The page fetches nothing (inline CSS and SVG, no script), so it opens offline. Bad lines are
    reported and skipped as in `summary` (exit 1).

    Example: corpusx report out/seeds.jsonl -o out/report.html
    """
    labels = parse_labels(",".join(label)) if label else None
    watch = watch_entries(rules)
    mentions, bad = load_mentions(file)
    page = report_html(summarize(mentions, top=top, labels=labels, by=by.value, watch=watch), title=title)
    with atomic_output(output) as stream:
        stream.write(page.encode("utf-8"))
    if bad:
        raise typer.Exit(EXIT_PARTIAL)
