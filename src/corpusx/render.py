"""Rich tables for people: the summary of a mention file, the scores of an evaluation."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .evaluation import Evaluation
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


def render_evaluation(evaluation: Evaluation, console: Console, *, errors: bool = False) -> None:
    """Print P/R/F1 per label and micro-averaged, the normalisation accuracies, and optionally every error."""
    scores = Table(title="Extraction scores")
    for column in ("label", "P", "R", "F1", "tp", "fp", "fn"):
        scores.add_column(column, justify="left" if column == "label" else "right")
    for label, score in evaluation.scores.items():
        scores.add_row(
            label, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
            str(score.tp), str(score.fp), str(score.fn),
        )
    console.print(scores)
    accuracy = Table(title="Normalisation accuracy (over gold mentions found)")
    for column in ("field", "accuracy", "correct", "total"):
        accuracy.add_column(column, justify="left" if column == "field" else "right")
    rows = [(f"value {name}", a) for name, a in evaluation.value_accuracy.items()]
    rows += [(f"canonical {name}", a) for name, a in evaluation.canonical_accuracy.items()]
    for name, result in rows:
        rate = "n/a" if result.rate is None else f"{result.rate:.3f}"
        accuracy.add_row(name, rate, str(result.correct), str(result.total))
    console.print(accuracy)
    if errors:
        table = Table(title="Errors")
        for column in ("kind", "doc", "label", "start", "text", "note"):
            table.add_column(column, justify="right" if column == "start" else "left")
        for error in evaluation.errors:
            note = "in boilerplate" if error.in_boilerplate else ""
            table.add_row(error.kind, error.doc, error.label, str(error.start), repr(error.text), note)
        console.print(table)
