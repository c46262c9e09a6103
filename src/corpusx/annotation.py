"""Run document segments through the spaCy pipeline in batches and regroup the entities per document."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.util import minibatch

from .rules import source_of
from .sources import Document
from .text import BOILERPLATE, Boilerplate, Segment, segment

BATCH_SIZE = 32
BATCHES_PER_TASK = 4
TASKS_PER_PROCESS = 2
SEGMENT_CACHE_SIZE = 50_000


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


@dataclass
class Annotator:
    """Feeds document segments through the pipeline in batches and regroups them per document."""

    nlp: Language
    boilerplate: Boilerplate
    cache: dict[int, list[Entity]] = field(default_factory=dict)

    def annotate(
        self, documents: Iterable[Document], batch_size: int = BATCH_SIZE, jobs: int = 1
    ) -> Iterator[tuple[Document, list[Entity]]]:
        """Yield each document with its entities, offsets into the raw text, in document order.

        With `jobs` > 1 the segments the cache does not know go, in tasks of a few batches, to
        `jobs` forked worker processes that send back only the entities; results are taken in
        task order, so the output is the same as with one process. `jobs` == 1 starts no process.
        """
        queue: deque[_Pending] = deque()
        in_flight: deque[tuple[_Pending, int]] = deque()
        texts = self._feed(documents, queue, in_flight)
        for found in _annotate_texts(self.nlp, texts, batch_size, jobs):
            pending, index = in_flight.popleft()
            self._remember(pending.segments[index].text, found)
            pending.entities[index] = found
            pending.missing -= 1
            while queue and queue[0].missing == 0:
                yield _finish(queue.popleft())
        while queue:
            yield _finish(queue.popleft())

    def _feed(
        self, documents: Iterable[Document], queue: deque[_Pending], in_flight: deque[tuple[_Pending, int]]
    ) -> Iterator[str]:
        """Segment texts the pipeline has to run, in order; (document, segment index) of each go to `in_flight`."""
        for document in documents:
            segments = segment(document.text, self.boilerplate)
            pending = _Pending(document, segments, [None] * len(segments))
            to_run = []
            for index, part in enumerate(segments):
                if part.kind == BOILERPLATE:
                    pending.entities[index] = []
                elif hash(part.text) in self.cache:
                    pending.entities[index] = self.cache[hash(part.text)]
                else:
                    to_run.append(index)
            pending.missing = len(to_run)
            queue.append(pending)
            for index in to_run:
                in_flight.append((pending, index))
                yield segments[index].text

    def _remember(self, text: str, entities: list[Entity]) -> None:
        if len(self.cache) >= SEGMENT_CACHE_SIZE:
            self.cache.clear()
        self.cache[hash(text)] = entities  # keyed by hash: the texts themselves would cost memory


def _annotate_texts(nlp: Language, texts: Iterable[str], batch_size: int, jobs: int) -> Iterator[list[Entity]]:
    """The entities of each text, in order; with `jobs` > 1 from a pool of forked processes."""
    if jobs == 1:
        for task in minibatch(texts, batch_size * BATCHES_PER_TASK):
            yield from _task_entities(nlp, task, batch_size)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(nlp,)) as pool:
        running: deque = deque()
        for task in minibatch(texts, batch_size * BATCHES_PER_TASK):
            running.append(pool.apply_async(_worker_entities, (task, batch_size)))
            if len(running) >= TASKS_PER_PROCESS * jobs:
                yield from running.popleft().get()
        while running:
            yield from running.popleft().get()


_worker_nlp: Language | None = None


def _start_worker(nlp: Language) -> None:
    """Keep the parent's pipeline; leave Ctrl-C to the parent, which stops the pool."""
    global _worker_nlp
    _worker_nlp = nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_entities(texts: list[str], batch_size: int) -> list[list[Entity]]:
    return _task_entities(_worker_nlp, texts, batch_size)


def _task_entities(nlp: Language, texts: list[str], batch_size: int) -> list[list[Entity]]:
    """Entities of a few batches of texts, in a memory zone: the words they add to the vocabulary
    are freed afterwards, so memory stays flat however many distinct words a corpus has."""
    with nlp.memory_zone():
        return [_entities(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


def _entities(doc) -> list[Entity]:
    return [
        Entity(
            ent.start_char,
            ent.end_char,
            sys.intern(ent.label_),  # a handful of distinct strings, shared by every cached entity
            sys.intern(source_of(ent)),
            ent.sent.start_char,
            ent.sent.end_char,
        )
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


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
