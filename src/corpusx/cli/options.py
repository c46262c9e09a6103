"""The options `extract` and `show` share: which pipeline, which labels, and the fields of JSONL inputs."""

from __future__ import annotations

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
