"""The run as three maps over chunks of inputs on the workers, the run-wide decisions merged in between.

1. `annotate_chunk`: read the chunk's files (or take the documents sent), the model, then
   `prepare`; the prepared documents and the chunk's label votes go to the spool.
2. `label_chunk`: `document_mentions` with the run's votes; the mentions and the chunk's
   canonical-name counts go to the spool.
3. `write_chunk`: the run's canonical names applied, the JSON lines written to the chunk's
   part file; its mention count per label comes back.

Between passes the chunks' votes (then name counts) are added up on the workers too, by
`merge_votes` (`merge_names`) over groups of FAN_IN files, level by level, into one file that
each worker loads once: the client only names files, whatever the size of the run.

Chunks are numbered in input order and their files named by number. Every file is written to
a temporary name and renamed into place, and a task reads only files of the step before, so a
task that runs twice (retried after its worker was lost) writes the same bytes again.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from corpusx.errors import InputError
from corpusx.inputs.sources import Source, read_source
from corpusx.mentions import document_mentions, prepare
from corpusx.model.annotate import Annotator
from corpusx.model.engines import Report
from corpusx.model.user_rules import pipeline_rules
from corpusx.names.canonical import CanonicalNames
from corpusx.names.votes import add_votes
from corpusx.outputs.records import to_json_line
from corpusx.outputs.stores import put_atomically
from corpusx.text.segments import line_spans, segment
from corpusx.types import NAME_LABELS, Annotated, Document, Entity, Fields, Mention, PreparedDocument, Votes

#: How many files one merge task adds up.
FAN_IN = 16
_loaded: dict[tuple[Path, int, int], Any] = {}  # the run-wide value this process last loaded: (file, inode, mtime)
_load_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Chunk:
    """Pass 1's item: inputs in order (files for the worker to read, documents, errors met listing them).

    `known`, one per item, holds the entities an earlier run recorded for a document.
    """

    number: int
    items: list[Document | Source | InputError]
    known: list[list[Entity] | None] | None = None  # None: the model runs on every document
    record: bool = False  # send back the entities the model finds


class DocumentDone(NamedTuple):
    """A document through the model: its id, its path and how many words it has (for progress)."""

    doc_id: str
    path: str
    words: int


@dataclass(frozen=True, slots=True)
class ChunkRead:
    """Pass 1's result: the inputs that failed, the documents done, and the model's entities of each if asked."""

    errors: list[InputError]
    done: list[DocumentDone]
    entities: list[list[Entity]]


class DocumentsReported:
    """Hands each document of pass 1 to `on_document` once: when its worker reports it, else when its chunk comes back.

    Chunks come back in order, so a report for a chunk already back is late (or a retried
    task's) and dropped; only the chunks in flight are remembered.
    """

    def __init__(self, on_document: Callable[[DocumentDone], None]) -> None:
        self.on_document = on_document
        self._next = 0  # the first chunk not yet back
        self._seen: dict[int, set[int]] = {}  # per chunk in flight, the documents reported
        self._lock = threading.Lock()

    def reported(self, message: tuple) -> None:
        """A worker's report `(chunk, index, doc_id, path, words)` (see `annotate_chunk`)."""
        number, index, *done = message
        with self._lock:
            seen = self._seen.setdefault(number, set()) if number >= self._next else None
            if seen is not None and index not in seen:
                seen.add(index)
                self.on_document(DocumentDone(*done))

    def chunk_done(self, number: int, done: list[DocumentDone]) -> None:
        """Chunk `number` is back with its documents: those not reported yet go to `on_document` now."""
        with self._lock:
            seen = self._seen.pop(number, set())
            self._next = number + 1
            for index, document in enumerate(done):
                if index not in seen:
                    self.on_document(document)


@dataclass(frozen=True, slots=True)
class Reading:
    """Pass 1's shared value: the spool, the JSONL fields to read, and where to report each document done."""

    spool: Path
    fields: Fields
    report: Report | None = None


@dataclass(frozen=True, slots=True)
class Labelling:
    """Pass 2's shared value: the file of the run's votes and what to keep."""

    spool: Path
    votes: Path
    labels: frozenset[str]
    ref_date: date | None
    keep: tuple[str, ...]
    split_date_ranges: bool


@dataclass(frozen=True, slots=True)
class Naming:
    """Pass 3's shared value: the file of the run's canonical names and the folder (or URL) the parts go to."""

    spool: Path
    names: Path
    destination: Path | str


@dataclass(frozen=True, slots=True)
class Group:
    """A merge task: the files to add up, in order, and the file their sum goes to."""

    members: list[Path]
    target: Path


def prepared_path(spool: Path, number: int) -> Path:
    """Where pass 1 leaves a chunk's prepared documents."""
    return spool / f"{number:06d}.prepared"


def votes_path(spool: Path, number: int) -> Path:
    """Where pass 1 leaves a chunk's label votes."""
    return spool / f"{number:06d}.votes"


def mentions_path(spool: Path, number: int) -> Path:
    """Where pass 2 leaves a chunk's mentions."""
    return spool / f"{number:06d}.mentions"


def names_path(spool: Path, number: int) -> Path:
    """Where pass 2 leaves a chunk's canonical-name counts."""
    return spool / f"{number:06d}.names"


def part_name(number: int) -> str:
    """The name of the chunk's output lines: `part-00000.jsonl`, ..."""
    return f"part-{number:05d}.jsonl"


def part_path(destination: Path, number: int) -> Path:
    """The chunk's output lines in the folder `destination`."""
    return destination / part_name(number)


def part_url(destination: str, number: int) -> str:
    """The chunk's output lines below the URL `destination`."""
    return f"{destination.rstrip('/')}/{part_name(number)}"


def annotate_chunk(annotator: Annotator, reading: Reading, chunk: Chunk) -> ChunkRead:
    """Pass 1: read, annotate (or replay) and prepare each document; spool them and the chunk's votes."""
    errors: list[InputError] = []
    done: list[DocumentDone] = []
    recorded: list[list[Entity]] = []
    votes: Votes = {}
    if chunk.known is None:
        annotations = annotator.annotate(_read(chunk.items, reading.fields, errors))
    else:
        annotations = _replayed(annotator, chunk, errors, recorded)

    def lines() -> Iterator[bytes]:
        for annotated in annotations:
            document = annotated.document
            if chunk.record and chunk.known is None:
                recorded.append(annotated.entities)
            prepared = prepare(annotated)
            add_votes(votes, prepared.votes)
            done.append(DocumentDone(document.doc_id, document.path, len(document.text.split())))
            if reading.report is not None:
                reading.report((chunk.number, len(done) - 1, *done[-1]))
            yield orjson.dumps(prepared.to_record(), option=orjson.OPT_APPEND_NEWLINE)

    write_atomically(prepared_path(reading.spool, chunk.number), lines())
    _dump(votes_path(reading.spool, chunk.number), votes)
    return ChunkRead(errors, done, recorded)


def _read(items: Iterable[Document | Source | InputError], fields: Fields, errors: list) -> Iterator[Document]:
    """The documents of the items in order: a `Source` read here; the errors met go to `errors`."""
    for item in items:
        results: Iterable[Document | InputError] = read_source(item, fields) if isinstance(item, Source) else [item]
        for result in results:
            if isinstance(result, InputError):
                errors.append(result)
            else:
                yield result


def _replayed(annotator: Annotator, chunk: Chunk, errors: list, recorded: list) -> Iterator[Annotated]:
    """The chunk's documents (all sent, not to read) annotated: recorded entities replayed, the model on the others."""
    assert chunk.known is not None
    pairs = []
    for item, found in zip(chunk.items, chunk.known):
        if isinstance(item, InputError):
            errors.append(item)
        elif isinstance(item, Document):
            pairs.append((item, found))
    fresh = annotator.annotate(document for document, found in pairs if found is None)
    for document, found in pairs:
        if found is None:
            annotated = next(fresh)
            if chunk.record:
                recorded.append(annotated.entities)
            yield annotated
        else:
            yield Annotated(document, found, line_spans(segment(document.text, annotator.boilerplate)))


def label_chunk(annotator: Annotator, labelling: Labelling, number: int) -> None:
    """Pass 2: the chunk's mentions with the run's votes, and its canonical-name counts, spooled."""
    votes = _load(labelling.votes)
    names = CanonicalNames()
    lines: list[bytes] = []
    user_rules = pipeline_rules(annotator.nlp)
    with prepared_path(labelling.spool, number).open("rb") as stream:
        for line in stream:
            prepared = PreparedDocument.from_record(orjson.loads(line))
            mentions = document_mentions(
                prepared,
                votes,
                labels=labelling.labels,
                ref_date=labelling.ref_date,
                keep=labelling.keep,
                split_date_ranges=labelling.split_date_ranges,
            )
            mentions = [user_rules.named(mention) for mention in mentions]
            names.add_document((m.label, m.canonical) for m in mentions if m.label in NAME_LABELS)
            lines.extend(to_json_line(mention) for mention in mentions)
    write_atomically(mentions_path(labelling.spool, number), lines)
    _dump(names_path(labelling.spool, number), names)


def write_chunk(annotator: Annotator, naming: Naming, number: int) -> Counter[str]:
    """Pass 3: the chunk's mentions with their run-wide canonical names, as its part file; the count per label.

    A part outside the spool (partitioned output) is synced to disk before it is renamed into
    place; one for a URL (`destination` a string) goes to its store in one piece.
    """
    names: CanonicalNames = _load(naming.names)
    counts: Counter[str] = Counter()
    lines: list[bytes] = []
    user_rules = pipeline_rules(annotator.nlp)
    with mentions_path(naming.spool, number).open("rb") as stream:
        for line in stream:
            mention = Mention(**orjson.loads(line))
            if mention.label in NAME_LABELS:
                canonical = names.canonical(mention.label, mention.canonical)
                mention = mention if canonical == mention.canonical else replace(mention, canonical=canonical)
                mention = user_rules.named(mention)  # a user rule's canonical name stands
            counts[mention.label] += 1
            lines.append(to_json_line(mention))
    if isinstance(naming.destination, str):
        put_atomically(part_url(naming.destination, number), b"".join(lines))
    else:
        write_atomically(part_path(naming.destination, number), lines, durable=naming.destination != naming.spool)
    return counts


def merge_votes(annotator: Annotator, _shared: None, group: Group) -> None:
    """Add up the votes of the group's files, in order, into its target file."""
    total: Votes = {}
    for member in group.members:
        add_votes(total, _undump(member))
    _dump(group.target, total)


def merge_names(annotator: Annotator, _shared: None, group: Group) -> None:
    """Add up the canonical-name counts of the group's files, in order, into its target file."""
    total = CanonicalNames()
    for member in group.members:
        total.merge(_undump(member))
    _dump(group.target, total)


def _dump(path: Path, value: object) -> None:
    write_atomically(path, [pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)])


def _undump(path: Path) -> Any:
    with path.open("rb") as stream:
        return pickle.load(stream)


def _load(path: Path) -> Any:
    """The run-wide value in `path`, read once per process (the last one read is kept)."""
    status = path.stat()
    key = (path, status.st_ino, status.st_mtime_ns)
    with _load_lock:
        if key not in _loaded:
            _loaded.clear()
            _loaded[key] = _undump(path)
        return _loaded[key]


def write_atomically(path: Path, lines: Iterable[bytes], *, durable: bool = False) -> None:
    """Write `lines` to a temporary file beside `path`, then rename it into place (`durable`: synced first)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with temporary.open("wb") as stream:
            stream.writelines(lines)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
