"""Rich tables for people: the summary of a mention file."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .summary import Summary


def render_summary(summary: Summary, console: Console) -> None:
    """Print the mentions per label and the top entities of each label."""
    totals = Table(title=f"Mentions in {summary.documents} documents")
    totals.add_column("label")
    totals.add_column("mentions", justify="right")
    for label, count in summary.mentions_per_label.items():
        totals.add_row(label, str(count))
    console.print(totals)
    for label, entities in summary.top_entities.items():
        table = Table(title=f"Top {label}")
        table.add_column(label)
        table.add_column("mentions", justify="right")
        table.add_column("documents", justify="right")
        for entity in entities:
            table.add_row(entity.name, str(entity.mentions), str(entity.documents))
        console.print(table)
