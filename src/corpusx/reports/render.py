"""Summary tables for people (rich) and for tools (JSON, CSV, Markdown); the scores of an evaluation."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from corpusx.reports.evaluation import Evaluation
from corpusx.reports.summary import Summary, summary_tables

TITLES = {
    "labels": "Mentions per label",
    "entities": "Top entities per label",
    "documents": "Mentions per document",
    "cooccurrences": "ORG/PERSON pairs in the same sentence",
    "timeline": "DATE mentions per month",
    "money_largest": "Largest MONEY amounts per currency",
    "money_totals": "MONEY totals per currency",
    "watch_list": "Watch list: mentions of your rules (--rules)",
}
ARTICLE_TIMELINE_TITLE = "Documents and mentions per month of article date"
#: What the "canonical variants" row counts, printed under the accuracy table.
VARIANTS_NOTE = (
    "canonical variants: the gold mentions written otherwise than their canonical name "
    '("Okafor" or "Dr Okafor" for "Mira Okafor", an acronym for its long form), the hard cases'
)
BAR_WIDTH = 40
PLAIN_WIDTH = 120


def render_summary(summary: Summary, console: Console) -> None:
    """Print every summary table: boxes, colour and a block bar chart on a terminal, plain text otherwise."""
    terminal = console.is_terminal
    console.print(f"{summary.documents} documents, {sum(summary.mentions_per_label.values())} mentions", markup=False)
    for name, rows in summary_tables(summary).items():
        if not rows:
            continue
        table = Table(
            title=table_title(summary, name),
            title_justify="left",
            box=box.ROUNDED if terminal else None,
            show_edge=terminal,
            pad_edge=terminal,
            header_style="bold" if terminal else "",
            title_style="bold" if terminal else "",
        )
        columns = list(rows[0])
        for column in columns:
            table.add_column(column, justify="right" if _numeric(rows, column) else "left")
        if name == "timeline":
            table.add_column("")
            most = max(row["mentions"] for row in rows)
            bar = "\u2588" if terminal else "#"
        for row in rows:
            cells = [Text(_cell(row[column])) for column in columns]  # data is never read as rich markup
            if name == "timeline":
                cells.append(Text(bar * max(1, round(BAR_WIDTH * row["mentions"] / most))))
            table.add_row(*cells)
        console.print()
        console.print(table)


def summary_text(summary: Summary, width: int = PLAIN_WIDTH) -> str:
    """The summary tables as plain text without colour, boxes or trailing spaces, for pipes and files."""
    buffer = io.StringIO()
    render_summary(summary, Console(file=buffer, width=width, color_system=None, highlight=False))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def summary_json(summary: Summary) -> bytes:
    """The summary tables as one JSON object: table name -> list of row objects."""
    return orjson.dumps(summary_tables(summary), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def summary_csv(summary: Summary) -> str:
    """The summary tables as CSV sections separated by a blank line; each section has its own header,
    and its first column, `table`, names the table on every row."""
    sections = []
    for name, rows in summary_tables(summary).items():
        if not rows:
            continue
        stream = io.StringIO()
        writer = csv.DictWriter(stream, ["table", *rows[0]], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({"table": name, **row})
        sections.append(stream.getvalue())
    return "\n".join(sections)


def summary_markdown(summary: Summary) -> str:
    """The summary tables as Markdown: a `###` heading and a pipe table per non-empty table."""
    parts = [f"{summary.documents} documents, {sum(summary.mentions_per_label.values())} mentions\n"]
    for name, rows in summary_tables(summary).items():
        if not rows:
            continue
        columns = list(rows[0])
        align = ["---:" if _numeric(rows, column) else "---" for column in columns]
        lines = [f"### {table_title(summary, name)}", "", _md_row(columns), _md_row(align)]
        lines += [_md_row([_cell(row[column]) for column in columns]) for row in rows]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def table_title(summary: Summary, name: str) -> str:
    """The heading of one summary table (the timeline's says which dates it counts)."""
    if name == "timeline" and summary.timeline_by == "article":
        return ARTICLE_TIMELINE_TITLE
    return TITLES[name]


def _numeric(rows: list[dict[str, Any]], column: str) -> bool:
    return all(isinstance(row[column], int | float) and not isinstance(row[column], bool) for row in rows)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def render_evaluation(evaluation: Evaluation, console: Console, *, errors: bool = False) -> None:
    """Print P/R/F1 per label and micro-averaged, the normalisation accuracies, and optionally every error."""
    scores = Table(title="Extraction scores")
    for column in ("label", "P", "R", "F1", "tp", "fp", "fn"):
        scores.add_column(column, justify="left" if column == "label" else "right")
    for label, score in evaluation.scores.items():
        scores.add_row(
            Text(label),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.tp),
            str(score.fp),
            str(score.fn),
        )
    console.print(scores)
    accuracy = Table(
        title="Normalisation accuracy (over gold mentions found)",
        caption=VARIANTS_NOTE,
        caption_justify="left",
    )
    for column in ("field", "accuracy", "correct", "total"):
        accuracy.add_column(column, justify="left" if column == "field" else "right")
    rows = [(f"value {name}", a) for name, a in evaluation.value_accuracy.items()]
    rows += [(f"canonical {name}", a) for name, a in evaluation.canonical_accuracy.items()]
    for name, result in rows:
        rate = "n/a" if result.rate is None else f"{result.rate:.3f}"
        accuracy.add_row(Text(name), rate, str(result.correct), str(result.total))
    console.print(accuracy)
    if errors:
        table = Table(title="Errors")
        for column in ("kind", "doc", "label", "start", "text", "note"):
            table.add_column(column, justify="right" if column == "start" else "left")
        for error in evaluation.errors:
            note = "in boilerplate" if error.in_boilerplate else ""
            cells = (error.kind, error.doc, error.label, str(error.start), repr(error.text), note)
            table.add_row(*(Text(cell) for cell in cells))  # data is never read as rich markup
        console.print(table)
        misses = Table(title="Value and canonical misses (gold mentions found, normalised wrong)")
        for column in ("kind", "doc", "label", "start", "text", "expected", "predicted"):
            misses.add_column(column, justify="right" if column == "start" else "left")
        for miss in evaluation.misses:
            shown = (miss.kind, miss.doc, miss.label, str(miss.start), repr(miss.text))
            values = (orjson.dumps(miss.expected).decode(), orjson.dumps(miss.predicted).decode())
            misses.add_row(*(Text(cell) for cell in (*shown, *values)))
        console.print(misses)
