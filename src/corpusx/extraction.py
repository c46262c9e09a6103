"""The library entry point: documents in, entity mentions out, streaming through spaCy."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from spacy.language import Language

from .annotation import BATCH_SIZE, Annotator
from .errors import InputError
from .pipeline import DEFAULT_MODEL, load_pipeline
from .postprocess import document_mentions
from .records import LABELS, Mention
from .resources import models_dir
from .sources import DEFAULT_GLOBS, Document, iter_documents
from .text import Boilerplate


Input = str | os.PathLike | Document
ErrorHandler = Callable[[InputError], None]


def extract(
    inputs: Iterable[Input],
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    labels: Iterable[str] = LABELS,
    globs: Iterable[str] = DEFAULT_GLOBS,
    ref_date: date | None = None,
    batch_size: int = BATCH_SIZE,
    on_error: ErrorHandler | None = None,
) -> Iterator[Mention]:
    """Yield the entity mentions of every input, in input order then by start offset.

    `inputs` are file or folder paths, "-" for stdin, or `Document` objects. A bad input is
    passed to `on_error` and skipped; without a handler its `InputError` is raised.
    """
    nlp = nlp if nlp is not None else load_pipeline(model)
    wanted = frozenset(labels)
    documents = _documents(inputs, globs, on_error or _raise)
    extractor = Annotator(nlp, Boilerplate.from_files(models_dir() / "boilerplate.txt", models_dir() / "call_to_action.txt"))
    for document, entities in extractor.annotate(documents, batch_size):
        yield from document_mentions(document, entities, labels=wanted, ref_date=ref_date)


def _raise(error: InputError) -> None:
    raise error


def _documents(inputs: Iterable[Input], globs: Iterable[str], on_error: ErrorHandler) -> Iterator[Document]:
    paths: list[str] = []
    for item in inputs:
        if isinstance(item, Document):
            yield from _flush(paths, globs, on_error)
            yield item
        else:
            paths.append(os.fspath(item))
    yield from _flush(paths, globs, on_error)


def _flush(paths: list[str], globs: Iterable[str], on_error: ErrorHandler) -> Iterator[Document]:
    for result in iter_documents(paths, globs):
        if isinstance(result, InputError):
            on_error(result)
        else:
            yield result
    paths.clear()
