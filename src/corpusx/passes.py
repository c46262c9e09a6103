"""The run as three maps over chunks of documents on the workers, the run-wide decisions merged in between.

1. `annotate_chunk`: the model, then `prepare`; the prepared documents go to the spool, the
   chunk's label votes come back (the client adds them up: the run's votes).
2. `label_chunk`: `document_mentions` with the run's votes; the mentions go to the spool, the
   chunk's canonical-name counts come back (merged: the run's `CanonicalNames`).
3. `write_chunk`: the run's canonical names applied, the JSON lines written to the chunk's
   part file; its mention count per label comes back.

Chunks are numbered in input order and their files named by number. Every file is written to
a temporary name and renamed into place, and a task reads only files of the pass before, so a
task that runs twice (retried after its worker was lost) writes the same bytes again.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import orjson

from corpusx.mentions import document_mentions, prepare
from corpusx.model.annotate import Annotator
from corpusx.model.user_rules import pipeline_rules
from corpusx.names.canonical import CanonicalNames
from corpusx.names.votes import add_votes
from corpusx.outputs.records import to_json_line
from corpusx.text.segments import line_spans, segment
from corpusx.types import NAME_LABELS, Annotated, Document, Entity, Mention, PreparedDocument, Votes


@dataclass(frozen=True, slots=True)
class Chunk:
    """Pass 1's item: documents in input order, with the entities an earlier run recorded for some."""

    number: int
    documents: list[Document]
    known: list[list[Entity] | None] | None = None  # None: the model runs on every document
    record: bool = False  # send back the entities the model finds


@dataclass(frozen=True, slots=True)
class ChunkVotes:
    """Pass 1's result: the chunk's label votes, and the model's entities of each document it ran on if asked."""

    votes: Votes
    entities: list[list[Entity]]


@dataclass(frozen=True, slots=True)
class Labelling:
    """Pass 2's shared value: the run's votes and what to keep."""

    spool: Path
    votes: Votes
    labels: frozenset[str]
    ref_date: date | None
    keep: tuple[str, ...]
    split_date_ranges: bool


@dataclass(frozen=True, slots=True)
class Naming:
    """Pass 3's shared value: the run's canonical names and the folder the part files go to."""

    spool: Path
    names: CanonicalNames
    destination: Path


def prepared_path(spool: Path, number: int) -> Path:
    """Where pass 1 leaves a chunk's prepared documents."""
    return spool / f"{number:06d}.prepared"


def mentions_path(spool: Path, number: int) -> Path:
    """Where pass 2 leaves a chunk's mentions."""
    return spool / f"{number:06d}.mentions"


def part_path(destination: Path, number: int) -> Path:
    """The chunk's output lines: `part-00000.jsonl`, ..."""
    return destination / f"part-{number:05d}.jsonl"


def annotate_chunk(annotator: Annotator, spool: Path, chunk: Chunk) -> ChunkVotes:
    """Pass 1: annotate (or replay) and prepare each document, spool them, and return the chunk's votes."""
    known = chunk.known or [None] * len(chunk.documents)
    fresh = annotator.annotate(document for document, found in zip(chunk.documents, known) if found is None)
    votes: Votes = {}
    recorded = []
    lines: list[bytes] = []
    for document, found in zip(chunk.documents, known):
        if found is None:
            annotated = next(fresh)
            if chunk.record:
                recorded.append(annotated.entities)
        else:
            annotated = Annotated(document, found, line_spans(segment(document.text, annotator.boilerplate)))
        prepared = prepare(annotated)
        add_votes(votes, prepared.votes)
        lines.append(orjson.dumps(prepared.to_record(), option=orjson.OPT_APPEND_NEWLINE))
    write_atomically(prepared_path(spool, chunk.number), lines)
    return ChunkVotes(votes, recorded)


def label_chunk(annotator: Annotator, labelling: Labelling, number: int) -> CanonicalNames:
    """Pass 2: the chunk's mentions with the run's votes, spooled; return the chunk's canonical-name counts."""
    names = CanonicalNames()
    lines: list[bytes] = []
    user_rules = pipeline_rules(annotator.nlp)
    with prepared_path(labelling.spool, number).open("rb") as stream:
        for line in stream:
            prepared = PreparedDocument.from_record(orjson.loads(line))
            mentions = document_mentions(
                prepared,
                labelling.votes,
                labels=labelling.labels,
                ref_date=labelling.ref_date,
                keep=labelling.keep,
                split_date_ranges=labelling.split_date_ranges,
            )
            mentions = [user_rules.named(mention) for mention in mentions]
            names.add_document((m.label, m.canonical) for m in mentions if m.label in NAME_LABELS)
            lines.extend(to_json_line(mention) for mention in mentions)
    write_atomically(mentions_path(labelling.spool, number), lines)
    return names


def write_chunk(annotator: Annotator, naming: Naming, number: int) -> Counter[str]:
    """Pass 3: the chunk's mentions with their run-wide canonical names, as its part file; the count per label.

    A part outside the spool (partitioned output) is synced to disk before it is renamed into place.
    """
    counts: Counter[str] = Counter()
    lines: list[bytes] = []
    user_rules = pipeline_rules(annotator.nlp)
    with mentions_path(naming.spool, number).open("rb") as stream:
        for line in stream:
            mention = Mention(**orjson.loads(line))
            if mention.label in NAME_LABELS:
                mention = replace(mention, canonical=naming.names.canonical(mention.label, mention.canonical))
                mention = user_rules.named(mention)  # a user rule's canonical name stands
            counts[mention.label] += 1
            lines.append(to_json_line(mention))
    write_atomically(part_path(naming.destination, number), lines, durable=naming.destination != naming.spool)
    return counts


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
