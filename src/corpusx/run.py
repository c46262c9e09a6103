"""The library entry point: documents in, entity mentions out, streaming through spaCy."""

from __future__ import annotations

import os
import shutil
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, TypedDict, Unpack, overload

import orjson
from spacy.language import Language

from corpusx.errors import InputError
from corpusx.inputs.sources import (
    DEFAULT_GLOBS,
    DocumentIds,
    Source,
    check_globs,
    iter_sources,
    read_sources,
    worker_inputs,
)
from corpusx.model.engines import Engine, LocalEngine, Task, Workers
from corpusx.model.pipeline import DEFAULT_MODEL
from corpusx.model.user_rules import NO_RULES, UserRules, read_rules
from corpusx.passes import (
    FAN_IN,
    Chunk,
    DocumentDone,
    DocumentsReported,
    Group,
    Labelling,
    Naming,
    Reading,
    annotate_chunk,
    label_chunk,
    mentions_path,
    merge_names,
    merge_votes,
    names_path,
    part_path,
    part_url,
    prepared_path,
    votes_path,
    write_chunk,
)
from corpusx.text.segments import Boilerplate
from corpusx.types import (
    DEFAULT_FIELDS,
    LABEL,
    LABELS,
    WRITE,
    Document,
    Entity,
    Fields,
    Mention,
    StepDone,
    check_labels,
)

Input = str | os.PathLike | Document
ErrorHandler = Callable[[InputError], None]


class Options(TypedDict, total=False):
    """The keyword options of `extract`, `write_jsonl`, `run_parts` and `write_partitioned`, each optional.

    - `model` (default `DEFAULT_MODEL`): a pipeline package name or directory, or a pipeline `load_pipeline` made.
    - `engine` (default `LocalEngine()`, this process): where the work runs; every engine gives the same output.
    - `labels` (default `LABELS`): the labels kept, in any case; the places GPE, LOC and NORP may be
      added (an unknown label is a ValueError).
    - `ref_date`: what DATE values of documents with no date of their own resolve against (a date,
      or an ISO `YYYY-MM-DD` string).
    - `split_date_ranges` (default false): each end of a DATE range ("4-6 March") its own mention
      with its own value, as TimeML does; else one mention, as OntoNotes annotates it.
    - `globs` (default `DEFAULT_GLOBS`): the files taken from folders; `exclude`: files never taken from them.
    - `fields` (default `DEFAULT_FIELDS`): the text, id and date fields of JSONL inputs, and the
      document fields each mention carries (`fields.keep`).
    - `rules`: the user's rule files (pattern JSONL or TSV watch lists, see `model.user_rules`), or
      rules `read_rules` read: their matches override the model and are kept whatever `labels` says.
    - `on_error`: gets each bad input, which is skipped; without it the `InputError` is raised.
    - `on_document`: called with a `DocumentDone` (id, path, words) as each document leaves the model
      stage (as its worker finishes it; maybe from another thread).
    - `on_step`: called with a `StepDone` (pass, documents) as each chunk leaves pass 2 or 3.
    """

    model: str | Language
    engine: Engine | None
    labels: Iterable[str]
    ref_date: date | str | None
    split_date_ranges: bool
    globs: Iterable[str]
    exclude: Iterable[str | os.PathLike[str]]
    fields: Fields
    rules: UserRules | Iterable[str | os.PathLike[str]]
    on_error: ErrorHandler | None
    on_document: Callable[[DocumentDone], None] | None
    on_step: Callable[[StepDone], None] | None


def extract(inputs: Input | Iterable[Input], **options: Unpack[Options]) -> Iterator[Mention]:
    """The entity mentions of every input, in input order then by start offset, as they come.

    `inputs` are file or folder paths, fsspec URLs (`s3://bucket/news/`, `file:///data/a.txt`),
    "-" for stdin, or `Document` objects (one of them alone is one input: `extract("corpus/")`);
    `options` are those of `Options`. A file is read where the work runs (by a worker of the
    engine), so this process only lists the inputs. Bad options (an unknown label, a `ref_date`
    that is no date, a bad rules file) raise here, not on the first mention.
    """
    return _read_parts(run_parts(inputs, None, **checked_options(options)))


def _read_parts(parts: Iterator[tuple[Path, Counter[str]]]) -> Iterator[Mention]:
    for part, _counts in parts:
        with part.open("rb") as stream:
            for line in stream:
                yield Mention(**orjson.loads(line))
        part.unlink()


def checked_options(options: Options) -> Options:
    """`options` with labels upper-cased and checked, `ref_date` a date and `rules` read (their errors raised now)."""
    checked = options.copy()
    if "labels" in options:
        checked["labels"] = check_labels(options["labels"])
    checked["ref_date"] = reference_date(options.get("ref_date"))
    checked["rules"] = user_rules(options.get("rules", NO_RULES))
    return checked


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


def user_rules(rules: UserRules | str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> UserRules:
    """The rules given, or read from the rule files given (one path alone is one file)."""
    if isinstance(rules, UserRules):
        return rules
    return read_rules([rules] if isinstance(rules, str | os.PathLike) else rules)


def write_jsonl(stream: IO[bytes], inputs: Input | Iterable[Input], **options: Unpack[Options]) -> Counter[str]:
    """Write the JSONL of `extract(inputs, **options)` to `stream`, formatted on the workers; the count per label."""
    counts: Counter[str] = Counter()
    for part, part_counts in run_parts(inputs, None, **checked_options(options)):
        with part.open("rb") as lines:
            shutil.copyfileobj(lines, stream)
        part.unlink()
        counts.update(part_counts)
    return counts


@overload
def run_parts(
    inputs: Input | Iterable[Input], destination: Path | None, **options: Unpack[Options]
) -> Iterator[tuple[Path, Counter[str]]]: ...


@overload
def run_parts(
    inputs: Input | Iterable[Input], destination: str, **options: Unpack[Options]
) -> Iterator[tuple[str, Counter[str]]]: ...


def run_parts(
    inputs: Input | Iterable[Input], destination: Path | str | None, **options: Unpack[Options]
) -> Iterator[tuple[Path | str, Counter[str]]]:
    """Run `extract`'s work as maps on the engine's workers; yield each part file, in order, with its counts.

    The part files are written into the folder `destination`, or below the URL `destination`
    (each by its worker, through fsspec), else into the run's spool (where the caller removes
    each one after reading it).

    Pass 1 reads, annotates and prepares the documents and spools their label votes; pass 2
    applies the run's votes and spools canonical-name counts; pass 3 applies the run's
    canonical names and writes the lines. The workers read the files and add up the votes
    and the name counts (`passes.merge_votes`, `merge_names`): the client lists the inputs and
    names spool files, never holding the corpus or its counts. Only what a worker cannot
    read (stdin, a named pipe) and JSONL files (their lines spread over many chunks) are
    read here; and every input, when the engine records annotations (`--resume`).
    """
    globs = check_globs(options.get("globs", DEFAULT_GLOBS))
    fields = options.get("fields", DEFAULT_FIELDS)
    on_error = options.get("on_error") or _raise
    rules = user_rules(options.get("rules", NO_RULES))
    with (options.get("engine") or LocalEngine()).session(
        options.get("model", DEFAULT_MODEL), Boilerplate.load(), rules
    ) as workers:
        spool = workers.spool
        items = _items(inputs, globs, fields, options.get("exclude", ()), read=workers.records)
        sizes = _first_pass(workers, items, fields, on_error, options.get("on_document"))
        chunks = len(sizes)
        on_step = options.get("on_step") or _ignore
        votes = _reduce(workers, merge_votes, [votes_path(spool, number) for number in range(chunks)], "votes")
        labelling = Labelling(
            spool,
            votes,
            frozenset(check_labels(options.get("labels", LABELS))) | rules.labels,
            reference_date(options.get("ref_date")),
            fields.keep,
            options.get("split_date_ranges", False),
        )
        for number, _ in enumerate(workers.map(label_chunk, range(chunks), labelling)):
            prepared_path(spool, number).unlink()
            on_step(StepDone(LABEL, sizes[number]))
        names = _reduce(workers, merge_names, [names_path(spool, number) for number in range(chunks)], "names")
        naming = Naming(spool, names, destination or spool)
        for number, counts in enumerate(workers.map(write_chunk, range(chunks), naming)):
            mentions_path(spool, number).unlink()
            on_step(StepDone(WRITE, sizes[number]))
            into = naming.destination
            yield part_url(into, number) if isinstance(into, str) else part_path(into, number), counts


def _first_pass(
    workers: Workers,
    items: Iterator[Document | Source | InputError],
    fields: Fields,
    on_error: ErrorHandler,
    on_document: Callable[[DocumentDone], None] | None,
) -> list[int]:
    """Pass 1 over chunks of inputs: the number of documents of each chunk.

    Each chunk's failed inputs go to `on_error` as it comes back, and its documents to
    `on_document` as the workers report them; workers that record annotations get the new ones.
    """
    sent: deque[Chunk] = deque()

    def chunks() -> Iterator[Chunk]:
        for number, batch in enumerate(iter(lambda: list(islice(items, workers.documents_per_task)), [])):
            known = [_recorded(workers, item) for item in batch] if workers.records else None
            sent.append(Chunk(number, batch, known, workers.records))
            yield sent[-1]

    sizes = []
    reported = DocumentsReported(on_document or _ignore)
    with workers.reports(reported.reported) as report:
        reading = Reading(workers.spool, fields, report if on_document is not None else None)
        for result in workers.map(annotate_chunk, chunks(), reading):
            chunk = sent.popleft()
            sizes.append(len(result.done))
            if chunk.record and chunk.known is not None:
                fresh = iter(result.entities)
                for item, found in zip(chunk.items, chunk.known):
                    if isinstance(item, Document) and found is None:
                        workers.record(item, next(fresh))
            for error in result.errors:
                on_error(error)
            reported.chunk_done(chunk.number, result.done)
    return sizes


def _recorded(workers: Workers, item: Document | Source | InputError) -> list[Entity] | None:
    return workers.recorded(item) if isinstance(item, Document) else None


def _reduce(workers: Workers, task: Task[Group, None], files: list[Path], name: str) -> Path:
    """Add up `files` on the workers, FAN_IN at a time and level by level, into one file of the spool: its path."""
    level = 0
    while True:
        level += 1
        groups = [
            Group(files[start : start + FAN_IN], workers.spool / f"{name}-{level}-{start // FAN_IN:06d}")
            for start in range(0, max(len(files), 1), FAN_IN)
        ]
        for _ in workers.map(task, groups):
            pass
        for file in files:
            file.unlink()
        files = [group.target for group in groups]
        if len(files) == 1:
            return files[0]


def _raise(error: InputError) -> None:
    raise error


def _ignore(_event: object) -> None:
    pass


def _items(
    inputs: Input | Iterable[Input],
    globs: tuple[str, ...],
    fields: Fields,
    exclude: Iterable[str | os.PathLike[str]],
    *,
    read: bool,
) -> Iterator[Document | Source | InputError]:
    """The inputs in order: documents given, then for paths and URLs the files (or, with `read`, their documents)."""
    ids = DocumentIds()  # ids unique across the inputs
    exclude = tuple(exclude)
    for item in [inputs] if isinstance(inputs, str | os.PathLike | Document) else inputs:
        if isinstance(item, Document):
            yield item
        else:
            sources = iter_sources([os.fspath(item)], globs, exclude=exclude, ids=ids)
            yield from (read_sources if read else worker_inputs)(sources, fields, ids)
