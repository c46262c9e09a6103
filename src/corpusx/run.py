"""The library entry point: documents in, entity mentions out, streaming through spaCy."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import partial

import orjson
from spacy.language import Language

from corpusx.errors import InputError
from corpusx.inputs.sources import DEFAULT_GLOBS, DocumentIds, iter_documents, only_documents
from corpusx.mentions import document_mentions, prepare
from corpusx.model.annotate import BATCH_SIZE, Annotator
from corpusx.model.pipeline import DEFAULT_MODEL, load_pipeline
from corpusx.model.resume import Manifest, annotate_resuming
from corpusx.names.canonical import CanonicalNames
from corpusx.names.votes import add_votes
from corpusx.outputs.records import to_json_line
from corpusx.text.segments import Boilerplate
from corpusx.types import LABELS, NAME_LABELS, Document, Entity, Fields, Mention, PreparedDocument, Votes

Input = str | os.PathLike | Document
ErrorHandler = Callable[[InputError], None]


def extract(
    inputs: Iterable[Input],
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    labels: Iterable[str] = LABELS,
    globs: Iterable[str] = DEFAULT_GLOBS,
    fields: Fields = Fields(),  # noqa: B008  (a frozen dataclass: an immutable default)
    ref_date: date | None = None,
    batch_size: int = BATCH_SIZE,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    on_error: ErrorHandler | None = None,
    on_document: Callable[[Document], None] | None = None,
    manifest: Manifest | None = None,
) -> Iterator[Mention]:
    """Yield the entity mentions of every input, in input order then by start offset.

    `inputs` are file or folder paths, "-" for stdin, or `Document` objects. A bad input is
    passed to `on_error` and skipped; without a handler its `InputError` is raised.
    `fields` names the text, id and date fields of JSONL inputs.
    The model stage runs on `jobs` processes (`engine="local"`) or on Dask workers
    (`engine="dask"`: the cluster at `scheduler`, else a LocalCluster of `jobs` workers);
    the output is the same. With a `manifest` (see `resume`), documents recorded there skip
    the model and the others are recorded as they are annotated.
    """
    wanted = frozenset(labels)
    documents = _documents(inputs, globs, fields, on_error or _raise)
    boilerplate = Boilerplate.load()
    with _engine(engine, model, nlp, boilerplate, jobs=jobs, scheduler=scheduler, batch_size=batch_size) as annotate:
        annotated = annotate(documents) if manifest is None else annotate_resuming(documents, manifest, annotate)
        yield from _run_level(annotated, boilerplate, labels=wanted, ref_date=ref_date, on_document=on_document)


@contextmanager
def _engine(
    engine: str,
    model: str,
    nlp: Language | None,
    boilerplate: Boilerplate,
    *,
    jobs: int,
    scheduler: str | None,
    batch_size: int,
) -> Iterator[Callable[[Iterable[Document]], Iterator[tuple[Document, list[Entity]]]]]:
    """The model stage: documents in, (document, entities) out in the same order."""
    if engine == "dask":
        from corpusx.model.dask import DaskEngine

        with DaskEngine(
            model=model, boilerplate=boilerplate, scheduler=scheduler, workers=jobs, batch_size=batch_size
        ) as cluster:
            yield cluster.annotate
        return
    if engine != "local":
        raise ValueError(f"unknown engine '{engine}': use 'local' or 'dask'")
    annotator = Annotator(nlp if nlp is not None else load_pipeline(model), boilerplate)
    yield partial(annotator.annotate, batch_size=batch_size, jobs=jobs)


def _run_level(
    annotated: Iterable[tuple[Document, list]],
    boilerplate: Boilerplate,
    *,
    labels: frozenset[str],
    ref_date: date | None,
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
        for document, entities in annotated:
            prepared = prepare(document, entities, boilerplate)
            add_votes(run_votes, prepared.votes)
            prepared_spool.write(orjson.dumps(prepared.to_record(), option=orjson.OPT_APPEND_NEWLINE))
            if on_document is not None:
                on_document(document)
        prepared_spool.seek(0)
        for line in prepared_spool:
            prepared = PreparedDocument.from_record(orjson.loads(line))
            mentions = document_mentions(prepared, run_votes, labels=labels, ref_date=ref_date)
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
