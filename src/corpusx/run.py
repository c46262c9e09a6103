"""The library entry point: documents in, entity mentions out, streaming through spaCy."""

from __future__ import annotations

import os
import shutil
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, Any

import orjson
from spacy.language import Language

from corpusx.errors import InputError
from corpusx.inputs.sources import DEFAULT_GLOBS, DocumentIds, iter_documents, only_documents
from corpusx.model.engines import Engine, LocalEngine, Workers
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.model.user_rules import NO_RULES, UserRules, read_rules
from corpusx.names.canonical import CanonicalNames
from corpusx.names.votes import add_votes
from corpusx.passes import (
    Chunk,
    Labelling,
    Naming,
    annotate_chunk,
    label_chunk,
    mentions_path,
    part_path,
    prepared_path,
    write_chunk,
)
from corpusx.text.segments import Boilerplate
from corpusx.types import DEFAULT_FIELDS, LABELS, Document, Fields, Mention, Votes, check_labels

Input = str | os.PathLike | Document
ErrorHandler = Callable[[InputError], None]


def extract(
    inputs: Input | Iterable[Input],
    *,
    model: str | Language = DEFAULT_MODEL,
    engine: Engine | None = None,
    labels: Iterable[str] = LABELS,
    ref_date: date | str | None = None,
    split_date_ranges: bool = False,
    globs: Iterable[str] = DEFAULT_GLOBS,
    fields: Fields = DEFAULT_FIELDS,
    rules: UserRules | Iterable[str | os.PathLike[str]] = NO_RULES,
    on_error: ErrorHandler | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> Iterator[Mention]:
    """The entity mentions of every input, in input order then by start offset, as they come.

    `inputs` are file or folder paths, "-" for stdin, or `Document` objects (one of them alone is
    one input: `extract("corpus/")`); `globs` choose the
    files taken from folders and `fields` the text, id and date fields of JSONL inputs and the
    document fields each mention carries (`fields.keep`, from JSONL lines, HTML pages or a
    `Document`'s own `fields`). A bad input is passed to `on_error` and skipped; without a
    handler its `InputError` is raised.
    `model` is a pipeline package name or directory, or a pipeline `load_pipeline` made.
    `engine` says where the work runs (default `LocalEngine()`, in this process); every engine
    gives the same output. DATE values of documents with no date of their own resolve
    against `ref_date` (a date, or an ISO `YYYY-MM-DD` string). A DATE range ("4-6 March") is one mention, as OntoNotes annotates it;
    `split_date_ranges` makes each end its own mention with its own value, as TimeML does. `on_document` is called as each document leaves the model stage.
    `labels` may add the places GPE, LOC and NORP (any case; an unknown one is a ValueError).
    `rules` are the user's rule files (pattern JSONL or TSV watch lists, see `model.user_rules`)
    or rules `read_rules` read: their matches override the model and are kept whatever `labels` says.
    Bad options (an unknown label, a `ref_date` that is no date, a bad rules file) raise here, not
    on the first mention.
    """
    labels, reference, user_rules = check_labels(labels), reference_date(ref_date), _user_rules(rules)
    parts = run_parts(
        inputs,
        None,
        model=model,
        engine=engine,
        labels=labels,
        ref_date=reference,
        split_date_ranges=split_date_ranges,
        globs=globs,
        fields=fields,
        rules=user_rules,
        on_error=on_error,
        on_document=on_document,
    )
    return _read_parts(parts)


def _read_parts(parts: Iterator[tuple[Path, Counter[str]]]) -> Iterator[Mention]:
    for part, _counts in parts:
        with part.open("rb") as stream:
            for line in stream:
                yield Mention(**orjson.loads(line))
        part.unlink()


def reference_date(value: date | str | None) -> date | None:
    """`ref_date` as a date: a date, an ISO `YYYY-MM-DD` string (else ValueError), or None; any other type a TypeError."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"ref_date {value!r} is not a date in the form YYYY-MM-DD") from None
    raise TypeError(f"ref_date must be a datetime.date or a YYYY-MM-DD string, not {type(value).__name__}")


def _user_rules(rules: UserRules | str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> UserRules:
    if isinstance(rules, UserRules):
        return rules
    return read_rules([rules] if isinstance(rules, str | os.PathLike) else rules)


def write_jsonl(stream: IO[bytes], inputs: Iterable[Input], **options: Any) -> Counter[str]:
    """Write the JSONL of `extract(inputs, **options)` to `stream`, formatted on the workers; the count per label."""
    counts: Counter[str] = Counter()
    for part, part_counts in run_parts(inputs, None, **options):
        with part.open("rb") as lines:
            shutil.copyfileobj(lines, stream)
        part.unlink()
        counts.update(part_counts)
    return counts


def run_parts(
    inputs: Input | Iterable[Input],
    destination: Path | None,
    *,
    model: str | Language = DEFAULT_MODEL,
    engine: Engine | None = None,
    labels: Iterable[str] = LABELS,
    ref_date: date | str | None = None,
    split_date_ranges: bool = False,
    globs: Iterable[str] = DEFAULT_GLOBS,
    fields: Fields = DEFAULT_FIELDS,
    rules: UserRules | Iterable[str | os.PathLike[str]] = NO_RULES,
    on_error: ErrorHandler | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> Iterator[tuple[Path, Counter[str]]]:
    """Run `extract`'s work as maps on the engine's workers; yield each part file, in order, with its counts.

    The part files are written into `destination`, else into the run's spool (where the
    caller removes each one after reading it).

    Pass 1 annotates and prepares the documents and returns their label votes; pass 2 applies
    the run's votes and returns canonical-name counts; pass 3 applies the run's canonical
    names and writes the lines. The client holds the vote and name counts and the chunks
    in flight, never the corpus: the documents wait in the spool between passes.
    """
    user_rules = _user_rules(rules)
    kept = frozenset(check_labels(labels)) | user_rules.labels
    reference = reference_date(ref_date)
    documents = _documents(inputs, globs, fields, on_error or _raise)
    with (engine or LocalEngine()).session(model, Boilerplate.load(), user_rules) as workers:
        spool = workers.spool
        run_votes, chunks = _first_pass(workers, documents, on_document)
        names = CanonicalNames()
        labelling = Labelling(spool, run_votes, kept, reference, fields.keep, split_date_ranges)
        for number, chunk_names in enumerate(workers.map(label_chunk, range(chunks), labelling)):
            names.merge(chunk_names)
            prepared_path(spool, number).unlink()
        naming = Naming(spool, names, destination or spool)
        for number, counts in enumerate(workers.map(write_chunk, range(chunks), naming)):
            mentions_path(spool, number).unlink()
            yield part_path(naming.destination, number), counts


def _first_pass(
    workers: Workers, documents: Iterator[Document], on_document: Callable[[Document], None] | None
) -> tuple[Votes, int]:
    """Pass 1 over chunks of documents: the run's votes and the number of chunks.

    Workers that record annotations get the new ones as each chunk comes back.
    """
    sent: deque[Chunk] = deque()

    def chunks() -> Iterator[Chunk]:
        for number, batch in enumerate(iter(lambda: list(islice(documents, workers.documents_per_task)), [])):
            known = [workers.recorded(document) for document in batch] if workers.records else None
            sent.append(Chunk(number, batch, known, workers.records))
            yield sent[-1]

    run_votes: Votes = {}
    count = 0
    for result in workers.map(annotate_chunk, chunks(), workers.spool):
        count += 1
        chunk = sent.popleft()
        add_votes(run_votes, result.votes)
        fresh = iter(result.entities)
        for index, document in enumerate(chunk.documents):
            if chunk.record and chunk.known is not None and chunk.known[index] is None:
                workers.record(document, next(fresh))
            if on_document is not None:
                on_document(document)
    return run_votes, count


def _raise(error: InputError) -> None:
    raise error


def _documents(
    inputs: Input | Iterable[Input], globs: Iterable[str], fields: Fields, on_error: ErrorHandler
) -> Iterator[Document]:
    ids = DocumentIds()  # ids unique across the inputs
    for item in [inputs] if isinstance(inputs, str | os.PathLike | Document) else inputs:
        if isinstance(item, Document):
            yield item
        else:
            yield from only_documents(iter_documents([os.fspath(item)], globs, fields, ids=ids), on_error)
