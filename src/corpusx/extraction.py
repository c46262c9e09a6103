"""The library entry point: documents in, entity mentions out, streaming through spaCy."""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language

from .errors import InputError
from .pipeline import DEFAULT_MODEL, load_pipeline
from .records import LABELS, Mention
from .resources import models_dir
from .rules import source_of
from .sources import DEFAULT_GLOBS, Document, iter_documents
from .text import BOILERPLATE, Boilerplate, Segment, segment

BATCH_SIZE = 32
SEGMENT_CACHE_SIZE = 50_000

Input = str | os.PathLike | Document
ErrorHandler = Callable[[InputError], None]


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity found by the pipeline in one segment: offsets relative to the segment."""

    start: int
    end: int
    label: str
    source: str
    sentence_start: int
    sentence_end: int


@dataclass
class _Pending:
    """A document whose segments are on their way through the pipeline."""

    document: Document
    segments: list[Segment]
    entities: list[list[Entity] | None]
    missing: int = 0


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
    extractor = _Extractor(nlp, Boilerplate.from_files(models_dir() / "boilerplate.txt", models_dir() / "call_to_action.txt"))
    for document, entities in extractor.annotate(documents, batch_size):
        yield from _mentions(document, entities, wanted)


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


@dataclass
class _Extractor:
    """Feeds document segments through the pipeline in batches and regroups them per document."""

    nlp: Language
    boilerplate: Boilerplate
    cache: dict[str, list[Entity]] = field(default_factory=dict)

    def annotate(self, documents: Iterable[Document], batch_size: int) -> Iterator[tuple[Document, list[Entity]]]:
        """Yield each document with its entities, offsets into the raw text, in document order."""
        queue: deque[_Pending] = deque()
        feed = self._feed(documents, queue)
        for doc, (pending, index) in self.nlp.pipe(feed, as_tuples=True, batch_size=batch_size):
            found = _entities(doc)
            self._remember(doc.text, found)
            pending.entities[index] = found
            pending.missing -= 1
            while queue and queue[0].missing == 0:
                yield _finish(queue.popleft())
        while queue:
            yield _finish(queue.popleft())

    def _feed(self, documents: Iterable[Document], queue: deque[_Pending]) -> Iterator[tuple[str, tuple[_Pending, int]]]:
        for document in documents:
            segments = segment(document.text, self.boilerplate)
            pending = _Pending(document, segments, [None] * len(segments))
            to_run = []
            for index, part in enumerate(segments):
                if part.kind == BOILERPLATE:
                    pending.entities[index] = []
                elif part.text in self.cache:
                    pending.entities[index] = self.cache[part.text]
                else:
                    to_run.append(index)
            pending.missing = len(to_run)
            queue.append(pending)
            for index in to_run:
                yield segments[index].text, (pending, index)

    def _remember(self, text: str, entities: list[Entity]) -> None:
        if len(self.cache) >= SEGMENT_CACHE_SIZE:
            self.cache.clear()
        self.cache[text] = entities


def _entities(doc) -> list[Entity]:
    return [
        Entity(ent.start_char, ent.end_char, ent.label_, source_of(ent), ent.sent.start_char, ent.sent.end_char)
        for ent in doc.ents
    ]


def _finish(pending: _Pending) -> tuple[Document, list[Entity]]:
    """Shift segment-relative offsets to raw-text offsets."""
    shifted = []
    for part, found in zip(pending.segments, pending.entities):
        for entity in found or ():
            shifted.append(
                Entity(
                    part.start + entity.start,
                    part.start + entity.end,
                    entity.label,
                    entity.source,
                    part.start + entity.sentence_start,
                    part.start + entity.sentence_end,
                )
            )
    return pending.document, shifted


_WHITESPACE = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    """Runs of white space as one space, ends stripped."""
    return _WHITESPACE.sub(" ", text).strip()


def _mentions(document: Document, entities: list[Entity], wanted: frozenset[str]) -> Iterator[Mention]:
    raw = document.text
    for entity in sorted(entities, key=lambda e: (e.start, e.end, e.label)):
        if entity.label not in wanted:
            continue
        text = raw[entity.start : entity.end]
        yield Mention(
            doc=document.doc_id,
            path=document.path,
            label=entity.label,
            text=text,
            start=entity.start,
            end=entity.end,
            sentence=collapse_whitespace(raw[entity.sentence_start : entity.sentence_end]),
            source=entity.source,
            canonical=collapse_whitespace(text),
            value=None,
        )
