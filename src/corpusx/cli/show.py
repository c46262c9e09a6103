"""`corpusx show`: one article with its entities highlighted, in the terminal or as an HTML page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from corpusx.errors import EXIT_PARTIAL, CorpusxError, InputError, interrupts_held
from corpusx.inputs.sources import iter_documents
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.outputs.atomic import atomic_output
from corpusx.types import LABELS, Fields, Mention

from . import app, err_console, fail
from .extract import parse_labels
from .options import DateFieldOption, IdFieldOption, LabelsOption, ModelOption, RulesOption, TextFieldOption


@app.command("show")
def show_cli(
    path: Annotated[Path, typer.Argument(help="One article file (a file holding several documents shows each).")],
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a standalone HTML page (displaCy) to this file.")
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    labels: LabelsOption = None,
    rules: RulesOption = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    date_field: DateFieldOption = "date",
) -> None:
    """Print one article with its entities highlighted by label, normalised values beside DATE and MONEY.

    On a terminal the text wraps at word boundaries and labels are coloured; piped, or with
    NO_COLOR set, each mention is written out as [text|LABEL=value].

    Exit codes: 0 shown, 1 the article cannot be read, 2 usage or model error.

    Example: corpusx show seeds/000_75e7b8864e1bced3.txt --html out/000.html
    """
    with interrupts_held():
        from corpusx.model.user_rules import RulesError, read_rules
        from corpusx.reports.highlight import displacy_page
        from corpusx.run import extract

    wanted = parse_labels(",".join(labels)) if labels else LABELS
    try:
        user_rules = read_rules(rules or [])
    except RulesError as error:
        raise fail(f"--rules {error}") from None

    if path.is_dir():
        raise fail(f"{path}: a folder; give one article (corpusx extract takes folders)")
    articles: list[tuple[str, list[str]]] = []  # (doc id, text pieces) of each article, in file order
    documents = []
    for result in iter_documents([str(path)], fields=Fields(text_field, id_field, date_field)):
        if isinstance(result, InputError):
            raise fail(str(result), EXIT_PARTIAL)
        if result.offset == 0 or not articles:
            articles.append((result.doc_id, []))
        articles[-1][1].append(result.text)
        # A run-unique id, so two articles of one file with the same id keep their own mentions.
        documents.append(replace(result, doc_id=str(len(articles) - 1)))
    try:
        mentions = list(extract(documents, model=model, labels=wanted, rules=user_rules))
    except CorpusxError as error:
        raise fail(str(error)) from None
    views = [
        (doc_id, "".join(pieces), [m for m in mentions if m.doc == str(index)])
        for index, (doc_id, pieces) in enumerate(articles)
    ]
    if html is not None:
        page = displacy_page(views)
        try:
            with atomic_output(html) as stream:
                stream.write(page.encode("utf-8"))
        except CorpusxError as error:
            raise fail(str(error)) from None
        err_console.print(f"corpusx: wrote {html}", markup=False)
    shown = tuple(dict.fromkeys((*wanted, *sorted(user_rules.labels - set(wanted)))))
    console = Console(highlight=False)
    for doc_id, text, found in views:
        print_article(console, doc_id, text, found, shown)


def print_article(console: Console, doc_id: str, text: str, mentions: list[Mention], labels: tuple[str, ...]) -> None:
    """One article on `console`: on a colour terminal a header, the legend and the text wrapped at word
    boundaries; otherwise (piped, or NO_COLOR) the text as it is with every mention written out."""
    from corpusx.reports.highlight import highlight, legend

    if not console.is_terminal or console.no_color:
        console.print(highlight(text, mentions, plain=True), soft_wrap=not console.is_terminal)
        return
    console.print(Rule(Text(f"{doc_id}: {len(mentions)} mentions")))
    console.print(legend(labels))
    console.print()
    console.print(highlight(text, mentions))
