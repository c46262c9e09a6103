"""Where the work runs: an `Engine` opens `Workers` for one run, which map tasks over them in input order.

`LocalEngine(jobs=N)` runs the tasks in this process or in N forked processes;
`DaskEngine(scheduler=...)` (in `model.dask`) on a Dask cluster; `ResumingEngine(engine,
manifest)` wraps either, remembering the model's annotations of each document. Every engine
gives the same output.
"""

from __future__ import annotations

import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language

from corpusx.model.annotate import BATCH_SIZE, Annotator
from corpusx.model.pipeline import load_pipeline
from corpusx.model.pool import default_jobs, pipe_reports, pool_map
from corpusx.model.resume import Manifest, document_key
from corpusx.model.user_rules import NO_RULES, UserRules, rules_added
from corpusx.text.segments import Boilerplate
from corpusx.types import Document, Entity

Item = TypeVar("Item")
Result = TypeVar("Result")
#: A task: called on a worker as `task(annotator, shared, item)`; module-level, so that it pickles.
Task = Callable[[Annotator, Any, Item], Result]
#: What a task calls to report something small (a tuple of plain values) to the client as it happens.
Report = Callable[[tuple], None]

DOCUMENTS_PER_TASK = 16


class Workers(ABC):
    """The workers of one run, with a spool directory they all read and write."""

    spool: Path
    documents_per_task: int = DOCUMENTS_PER_TASK

    @abstractmethod
    def map(self, task: Task[Item, Result], items: Iterable[Item], shared: Any = None) -> Iterator[Result]:
        """`task(annotator, shared, item)` for each item on the workers, results in input order.

        Only a bounded number of items is in flight; `shared` is sent to each worker once.
        """

    def reports(self, receive: Report) -> AbstractContextManager[Report]:
        """A cheap channel from the tasks to `receive`: the picklable `Report` a task calls on its worker.

        `receive` runs in this process, maybe in another thread; a report may come late, twice (a
        task retried) or not at all, so the tasks' results stay the truth. Here: `receive` itself.
        """
        return nullcontext(receive)

    def recorded(self, document: Document) -> list[Entity] | None:
        """The entities an earlier run's model found in `document`, if it kept them."""
        return None

    def record(self, document: Document, entities: list[Entity]) -> None:
        """Keep the model's entities of `document` for later runs (only where `records` is true)."""
        raise NotImplementedError("these workers keep no records")

    @property
    def records(self) -> bool:
        """Whether `record` keeps anything, so the model's entities must come back from the workers."""
        return False


class Engine(ABC):
    """Where a run's work runs."""

    @abstractmethod
    def session(
        self, model: str | Language, boilerplate: Boilerplate, rules: UserRules = NO_RULES
    ) -> AbstractContextManager[Workers]:
        """A context holding the workers, each annotating with `model`, `boilerplate` and the user's `rules`."""


@contextmanager
def spool_directory(parent: str | Path | None = None) -> Iterator[Path]:
    """A fresh directory for the run's spool (in `parent`, else the system's temporary folder), removed after."""
    path = Path(tempfile.mkdtemp(prefix="corpusx-spool-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class LocalEngine(Engine):
    """This machine: tasks in this process (`jobs=1`) or in `jobs` forked worker processes."""

    jobs: int = 1
    batch_size: int = BATCH_SIZE
    documents_per_task: int = DOCUMENTS_PER_TASK

    @classmethod
    def all_cores(cls) -> LocalEngine:
        """One worker process per core this process may use."""
        return cls(jobs=default_jobs())

    @contextmanager
    def session(
        self, model: str | Language, boilerplate: Boilerplate, rules: UserRules = NO_RULES
    ) -> Iterator[Workers]:
        """Load `model` (a loaded pipeline gets `rules` for the session only); the worker processes inherit it."""
        pipeline = (
            nullcontext(load_pipeline(model, rules=rules)) if isinstance(model, str) else rules_added(model, rules)
        )
        with pipeline as nlp, spool_directory() as spool:
            annotator = Annotator(nlp, boilerplate, batch_size=self.batch_size)
            yield _LocalWorkers(annotator, self.jobs, spool, self.documents_per_task)


class _LocalWorkers(Workers):
    def __init__(self, annotator: Annotator, jobs: int, spool: Path, documents_per_task: int) -> None:
        self.annotator, self.jobs, self.spool, self.documents_per_task = annotator, jobs, spool, documents_per_task

    def map(self, task: Task[Item, Result], items: Iterable[Item], shared: Any = None) -> Iterator[Result]:
        """The tasks in this process, or in a pool of forked processes that inherit the annotator and `shared`."""
        return pool_map(task, self.annotator, shared, items, self.jobs)

    def reports(self, receive: Report) -> AbstractContextManager[Report]:
        """`receive` itself in this process; from forked processes, a pipe they inherit."""
        return nullcontext(receive) if self.jobs == 1 else pipe_reports(receive)


@dataclass(frozen=True)
class ResumingEngine(Engine):
    """`engine`, with the model's annotations of each document recorded in `manifest` and reused from it."""

    engine: Engine
    manifest: Manifest

    @contextmanager
    def session(
        self, model: str | Language, boilerplate: Boilerplate, rules: UserRules = NO_RULES
    ) -> Iterator[Workers]:
        """The inner engine's workers, behind the manifest (opened once the model has loaded)."""
        with self.engine.session(model, boilerplate, rules) as workers:
            self.manifest.open()
            yield _ResumingWorkers(workers, self.manifest)


class _ResumingWorkers(Workers):
    def __init__(self, workers: Workers, manifest: Manifest) -> None:
        self.workers, self.manifest = workers, manifest
        self.spool, self.documents_per_task = workers.spool, workers.documents_per_task

    def map(self, task: Task[Item, Result], items: Iterable[Item], shared: Any = None) -> Iterator[Result]:
        """The inner workers' map."""
        return self.workers.map(task, items, shared)

    def reports(self, receive: Report) -> AbstractContextManager[Report]:
        """The inner workers' channel."""
        return self.workers.reports(receive)

    def recorded(self, document: Document) -> list[Entity] | None:
        """The manifest's entities of `document` (same id and text), or None."""
        return self.manifest.get(document_key(document), document)

    def record(self, document: Document, entities: list[Entity]) -> None:
        """Append the document's entities to the manifest."""
        self.manifest.add(document, document_key(document), entities)

    @property
    def records(self) -> bool:
        """Always: the manifest keeps every new annotation."""
        return True
