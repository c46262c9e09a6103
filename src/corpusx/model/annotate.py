"""Run document segments through the spaCy pipeline in batches and regroup the entities per document."""

from __future__ import annotations

import bisect
import struct
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from corpusx.model.component import text_docs
from corpusx.model.rules import source_of
from corpusx.text.segments import BOILERPLATE, Boilerplate, Segment, line_spans, segment
from corpusx.types import Annotated, Document, Entity

BATCH_SIZE = 32
#: A task (one spaCy memory zone) is 512 segments: each zone rebuilds the vocabulary entries its
#: words need, so zones of 128 segments cost ~10% more time for no memory gain that shows.
BATCHES_PER_TASK = 16
#: Until the vocabulary has made this many entries (`len(nlp.vocab)`, which counts the ones a zone
#: freed too), a task of at most `WARM_CHARACTERS` runs outside a memory zone, so the words it adds
#: stay: a corpus's common words and their tokenizations are built once, not once per task (in zones
#: only, 300 BBC articles rebuild about 30,000 entries), for a few MB. Past it, or for a longer
#: task, memory stays flat.
WARM_VOCABULARY = 20_000
WARM_CHARACTERS = 200_000
SEGMENT_CACHE_SIZE = 50_000


@dataclass
class _Pending:
    """A document whose segments are on their way through the pipeline."""

    document: Document
    segments: list[Segment]
    entities: list[list[Entity] | None]
    missing: int = 0


class SegmentCache:
    """The entities of segments already run, so a repeated paragraph goes through the model once.

    Keyed by the hash of the segment text (the texts themselves would cost memory) and packed
    into bytes, 20 bytes an entity instead of about 200 as objects; when full it starts again
    empty, so memory stays bounded however large the corpus.
    """

    _PACKED_ENTITY = struct.Struct("<IIIIHH")  # start, end, sentence start, sentence end, label, source

    def __init__(self, capacity: int = SEGMENT_CACHE_SIZE) -> None:
        """An empty cache holding at most `capacity` segments."""
        self.capacity = capacity
        self._packed: dict[int, bytes] = {}
        self._strings: list[str] = []  # labels and sources, the few distinct strings entities use
        self._string_numbers: dict[str, int] = {}

    def get(self, text: str) -> list[Entity] | None:
        """The entities remembered for `text`, or None."""
        packed = self._packed.get(hash(text))
        if packed is None:
            return None
        return [
            Entity(start, end, self._strings[label], self._strings[source], sentence_start, sentence_end)
            for start, end, sentence_start, sentence_end, label, source in self._PACKED_ENTITY.iter_unpack(packed)
        ]

    def put(self, text: str, entities: list[Entity]) -> None:
        """Remember the entities of `text`."""
        if len(self._packed) >= self.capacity:
            self._packed.clear()
        self._packed[hash(text)] = b"".join(
            self._PACKED_ENTITY.pack(
                entity.start,
                entity.end,
                entity.sentence_start,
                entity.sentence_end,
                self._number(entity.label),
                self._number(entity.source),
            )
            for entity in entities
        )

    def _number(self, string: str) -> int:
        if string not in self._string_numbers:
            self._string_numbers[string] = len(self._strings)
            self._strings.append(string)
        return self._string_numbers[string]


@dataclass
class Annotator:
    """Feeds document segments through the pipeline in batches and regroups them per document."""

    nlp: Language
    boilerplate: Boilerplate
    batch_size: int = BATCH_SIZE
    cache: SegmentCache = field(default_factory=SegmentCache)

    def annotate(self, documents: Iterable[Document]) -> Iterator[Annotated]:
        """Yield each document with its entities (offsets into the raw text) and lines, in document order.

        A segment text runs through the model once: later copies take its entities from the
        cache, or wait for them while it is still in the pipeline. The model runs in memory
        zones of `BATCHES_PER_TASK` batches of `batch_size` segments.
        """
        queue: deque[_Pending] = deque()
        sent: deque[str] = deque()
        running: dict[int, list[tuple[_Pending, int]]] = {}  # text hash -> the occurrences waiting for it
        texts = self._feed(documents, queue, sent, running)
        for found in _annotate_texts(self.nlp, texts, self.batch_size):
            text = sent.popleft()
            self.cache.put(text, found)
            for pending, index in running.pop(hash(text)):
                pending.entities[index] = found
                pending.missing -= 1
            while queue and queue[0].missing == 0:
                yield _finish(queue.popleft())
        while queue:
            yield _finish(queue.popleft())

    def _feed(
        self,
        documents: Iterable[Document],
        queue: deque[_Pending],
        sent: deque[str],
        running: dict[int, list[tuple[_Pending, int]]],
    ) -> Iterator[str]:
        """Segment texts the pipeline has to run, in order, each also appended to `sent`.

        Every document goes to `queue`; each of its segments is boilerplate (no entities),
        known to the cache, or waits in `running` for the one run of its text.
        """
        for document in documents:
            segments = segment(document.text, self.boilerplate)
            pending = _Pending(document, segments, [None] * len(segments))
            to_run = []
            for index, part in enumerate(segments):
                pending.entities[index] = [] if part.kind == BOILERPLATE else self.cache.get(part.text)
                if pending.entities[index] is None:
                    pending.missing += 1
                    if hash(part.text) not in running:
                        running[hash(part.text)] = []
                        to_run.append(part.text)
                    running[hash(part.text)].append((pending, index))
            queue.append(pending)  # counted in full before any of its texts leave: never finished early
            for text in to_run:
                sent.append(text)
                yield text


def _annotate_texts(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[list[Entity]]:
    """The entities of each text, in order."""
    for task in minibatch(texts, batch_size * BATCHES_PER_TASK):
        yield from _task_entities(nlp, task, batch_size)


def _task_entities(nlp: Language, texts: list[str], batch_size: int) -> Iterator[list[Entity]]:
    """Entities of a few batches of texts, in a memory zone once the vocabulary is warm: the words
    they add to it are freed afterwards, so memory stays flat however many distinct words a corpus has.

    They come batch by batch, so each document leaves as soon as its texts are done (progress
    moves per document); what runs between them must make no spaCy objects of its own.
    """
    zoned = len(nlp.vocab) >= WARM_VOCABULARY or sum(map(len, texts)) > WARM_CHARACTERS
    with nlp.memory_zone() if zoned else nullcontext():
        for doc in nlp.pipe(text_docs(nlp, texts), batch_size=batch_size):
            yield _entities(doc)


def _entities(doc: Doc) -> list[Entity]:
    """The doc's entities, each with the character offsets of the sentence it starts in (as `Span.sent`)."""
    ents = doc.ents
    if not ents:
        return []
    if doc.user_hooks or doc.user_span_hooks:  # a pipeline's own sentences
        sentences = [(ent.sent.start_char, ent.sent.end_char) for ent in ents]
    else:
        bounds = [(sentence.start, sentence.start_char, sentence.end_char) for sentence in doc.sents]
        starts = [start for start, _, _ in bounds]
        sentences = [bounds[bisect.bisect_right(starts, ent.start) - 1][1:] for ent in ents]
    return [
        Entity(ent.start_char, ent.end_char, ent.label_, source_of(ent), *sentence)
        for ent, sentence in zip(ents, sentences)
    ]


def _finish(pending: _Pending) -> Annotated:
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
    return Annotated(pending.document, shifted, line_spans(pending.segments))
