"""The options `extract` and `show` share: which pipeline, which labels, the user's rules, and the fields of inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ModelOption = Annotated[str, typer.Option(help="An installed spaCy pipeline: package name or directory.")]
LabelsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--labels",
        "--label",
        "-l",
        help="Labels to keep, comma-separated or repeated: ORG, PERSON, DATE, MONEY (the default), "
        "and the places GPE, LOC, NORP.",
        metavar="LABELS",
    ),
]
TextFieldOption = Annotated[str, typer.Option(help="JSONL field holding the article text.")]
IdFieldOption = Annotated[str, typer.Option(help="JSONL field holding the document id (else <stem>:<line>).")]
DateFieldOption = Annotated[str, typer.Option(help="JSONL field holding the ISO publication date.")]
_RULES = (
    "Your own rules (repeatable): a spaCy pattern JSONL file or a TSV watch list (name, label, canonical); "
    "matches override the model, with source user:<id>."
)
RulesOption = Annotated[list[Path] | None, typer.Option(help=_RULES, metavar="FILE")]
_KEEP_FIELD = (
    "Copy this document field into every mention's `fields` (repeatable): a JSONL field, or an HTML page's "
    "title or url."
)
KeepFieldOption = Annotated[list[str] | None, typer.Option(help=_KEEP_FIELD, metavar="NAME")]
