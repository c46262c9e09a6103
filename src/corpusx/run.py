"""The library entry point: documents in, entity mentions out, streaming through spaCy."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date

import orjson
from spacy.language import Language

from corpusx.errors import InputError
from corpusx.inputs.sources import DEFAULT_GLOBS, DocumentIds, iter_documents, only_documents
from corpusx.mentions import document_mentions, prepare
from corpusx.model.engines import Engine, LocalEngine
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.names.canonical import CanonicalNames
from corpusx.names.votes import add_votes
from corpusx.outputs.records import to_json_line
from corpusx.text.segments import Boilerplate
from corpusx.types import (
    DEFAULT_FIELDS,
    LABELS,
    NAME_LABELS,
    Annotated,
    Document,
    Fields,
    Mention,
    PreparedDocument,
    Votes,
)

Input = str | os.PathLike | Document
ErrorHandler = Callable[[InputError], None]


def extract(
    inputs: Iterable[Input],
    *,
    model: str | Language = DEFAULT_MODEL,
    engine: Engine | None = None,
    labels: Iterable[str] = LABELS,
    ref_date: date | None = None,
    globs: Iterable[str] = DEFAULT_GLOBS,
    fields: Fields = DEFAULT_FIELDS,
    on_error: ErrorHandler | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> Iterator[Mention]:
    """Yield the entity mentions of every input, in input order then by start offset.

    `inputs` are file or folder paths, "-" for stdin, or `Document` objects; `globs` choose the
    files taken from folders and `fields` the text, id and date fields of JSONL inputs and the
    document fields each mention carries (`fields.keep`, from JSONL lines, HTML pages or a
    `Document`'s own `fields`). A bad input is passed to `on_error` and skipped; without a
    handler its `InputError` is raised.
    `model` is a pipeline package name or directory, or a pipeline `load_pipeline` made.
    `engine` runs the model stage (default `LocalEngine()`, in this process); every engine
    gives the same output. DATE values of documents with no date of their own resolve
    against `ref_date`. `on_document` is called as each document leaves the model stage.
    """
    wanted = frozenset(labels)
    documents = _documents(inputs, globs, fields, on_error or _raise)
    with (engine or LocalEngine()).session(model, Boilerplate.load()) as annotate:
        yield from _run_level(
            annotate(documents), labels=wanted, ref_date=ref_date, keep=fields.keep, on_document=on_document
        )


def _run_level(
    annotated: Iterable[Annotated],
    *,
    labels: frozenset[str],
    ref_date: date | None,
    keep: tuple[str, ...],
    on_document: Callable[[Document], None] | None,
) -> Iterator[Mention]:
    """Decide labels and canonical names with the whole run's evidence, spooling documents to disk.

    Pass 1 annotates and collects label votes; pass 2 applies the labels and collects the
    names; pass 3 writes each mention with its run-wide canonical name. Memory holds only
    the vote and name counts, never the corpus. `on_document` is called as each
    document leaves the model stage.
    """
    run_votes: Votes = {}
    names = CanonicalNames()
    with tempfile.TemporaryFile() as prepared_spool, tempfile.TemporaryFile() as mention_spool:
        for found in annotated:
            prepared = prepare(found)
            add_votes(run_votes, prepared.votes)
            prepared_spool.write(orjson.dumps(prepared.to_record(), option=orjson.OPT_APPEND_NEWLINE))
            if on_document is not None:
                on_document(found.document)
        prepared_spool.seek(0)
        for line in prepared_spool:
            prepared = PreparedDocument.from_record(orjson.loads(line))
            mentions = document_mentions(prepared, run_votes, labels=labels, ref_date=ref_date, keep=keep)
            names.add_document((m.label, m.canonical) for m in mentions if m.label in NAME_LABELS)
            for mention in mentions:
                mention_spool.write(to_json_line(mention))
        mention_spool.seek(0)
        for line in mention_spool:
            mention = Mention(**orjson.loads(line))
            if mention.label in NAME_LABELS:
                mention = replace(mention, canonical=names.canonical(mention.label, mention.canonical))
            yield mention


def _raise(error: InputError) -> None:
    raise error


def _documents(
    inputs: Iterable[Input], globs: Iterable[str], fields: Fields, on_error: ErrorHandler
) -> Iterator[Document]:
    ids = DocumentIds()  # ids unique across the inputs
    for item in inputs:
        if isinstance(item, Document):
            yield item
        else:
            yield from only_documents(iter_documents([os.fspath(item)], globs, fields, ids=ids), on_error)
