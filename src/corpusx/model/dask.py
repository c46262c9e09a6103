"""The model stage on a Dask cluster: batches of documents to the workers, entities back in input order.

Each worker loads the pipeline once (a per-process cache keyed by model and boilerplate) and
keeps its own segment cache across batches; the main process submits a bounded number of
batches at a time and yields their results in input order, so memory stays flat and the
output is the same as with the local engine.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language

from corpusx.errors import EngineError
from corpusx.model.annotate import BATCH_SIZE, Annotator
from corpusx.model.engines import Annotate, Engine
from corpusx.model.pipeline import load_pipeline
from corpusx.model.scheduler import TLS_HINT, check_scheduler_address, require_dask
from corpusx.text.segments import Boilerplate
from corpusx.types import Annotated, Document, Entity

#: A scheduler that does not answer within this is reported as unreachable (a refused port too:
#: Dask retries until the timeout).
CONNECT_TIMEOUT = "3s"
DOCUMENTS_PER_TASK = 64
TASKS_PER_WORKER = 2
_annotators: dict[tuple[str, Boilerplate], Annotator] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class DaskEngine(Engine):
    """The model stage on a Dask cluster.

    `scheduler` is the address of a running cluster (`tcp://host:8786`); without one a
    LocalCluster of `workers` single-threaded worker processes is started for the run.
    """

    scheduler: str | None = None
    workers: int = 2
    batch_size: int = BATCH_SIZE
    documents_per_task: int = DOCUMENTS_PER_TASK

    @contextmanager
    def session(self, model: str | Language, boilerplate: Boilerplate) -> Iterator[Annotate]:
        """Connect (or start a LocalCluster) and annotate on the workers, each loading `model` itself."""
        if not isinstance(model, str):
            raise EngineError("the Dask engine loads the model on each worker: give its package name or path")
        with _client(self.scheduler, self.workers) as client:
            shared = client.scatter(boilerplate, broadcast=True)
            limit = TASKS_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
            yield lambda documents: self._annotate(client, model, shared, limit, documents)

    def _annotate(
        self, client, model: str, boilerplate, limit: int, documents: Iterable[Document]
    ) -> Iterator[Annotated]:
        """Submit chunks of documents, at most `limit` in flight, and yield their results in input order."""
        running: deque = deque()
        remaining = iter(documents)
        for chunk in iter(lambda: list(islice(remaining, self.documents_per_task)), []):
            future = client.submit(_annotate_batch, chunk, model, boilerplate, self.batch_size, pure=False)
            running.append((chunk, future))
            if len(running) >= limit:
                yield from _collect(*running.popleft())
        while running:
            yield from _collect(*running.popleft())


def _collect(chunk: list[Document], future) -> Iterator[Annotated]:
    for document, (entities, lines) in zip(chunk, future.result()):
        yield Annotated(document, entities, lines)


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator:
    require_dask()
    from dask.distributed import Client, LocalCluster
    from distributed.security import Security

    if scheduler is not None:
        check_scheduler_address(scheduler)
        security = Security()
        if scheduler.startswith("tls://") and not security.tls_ca_file:
            raise EngineError(TLS_HINT)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, security=security)
        except (OSError, ValueError, TypeError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise EngineError(f"can't reach the Dask scheduler at {scheduler}: {reason}") from None
        with client:
            yield client
        return
    from corpusx.model.annotate import default_jobs

    cluster = LocalCluster(
        n_workers=min(workers, default_jobs()),  # a worker more than the cores only costs memory
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def _annotate_batch(
    documents: list[Document], model: str, boilerplate: Boilerplate, batch_size: int
) -> list[tuple[list[Entity], list[tuple[int, int]]]]:
    """Worker side: the entities and lines of each document (not its text), with the worker's cached pipeline."""
    with _lock:
        key = (model, boilerplate)
        if key not in _annotators:
            _annotators[key] = Annotator(load_pipeline(model), boilerplate)
        return [(found.entities, found.lines) for found in _annotators[key].annotate(documents, batch_size)]
