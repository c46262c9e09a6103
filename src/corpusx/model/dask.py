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
from contextlib import ExitStack, contextmanager
from itertools import islice

from corpusx.errors import EngineError
from corpusx.model.annotate import BATCH_SIZE, Annotator
from corpusx.text.segments import Boilerplate
from corpusx.types import Document, Entity

CONNECT_TIMEOUT = "10s"
DOCUMENTS_PER_TASK = 64
TASKS_PER_WORKER = 2

_annotators: dict[tuple[str, Boilerplate], Annotator] = {}
_lock = threading.Lock()


class DaskEngine:
    """The model stage on a Dask cluster, open for the duration of a `with` block.

    `scheduler` is the address of a running cluster (`tcp://host:8786`); without one a
    LocalCluster of `workers` single-threaded worker processes is started.
    """

    def __init__(
        self,
        *,
        model: str,
        boilerplate: Boilerplate,
        scheduler: str | None = None,
        workers: int = 2,
        batch_size: int = BATCH_SIZE,
        documents_per_task: int = DOCUMENTS_PER_TASK,
    ) -> None:
        self.model = model
        self.boilerplate = boilerplate
        self.scheduler = scheduler
        self.workers = workers
        self.batch_size = batch_size
        self.documents_per_task = documents_per_task
        self._stack = ExitStack()

    def __enter__(self) -> DaskEngine:
        self.client = self._stack.enter_context(_client(self.scheduler, self.workers))
        self._shared = self.client.scatter(self.boilerplate, broadcast=True)
        self._limit = TASKS_PER_WORKER * max(1, len(self.client.scheduler_info()["workers"]))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def annotate(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Entity]]]:
        """Yield each document with its entities, like `Annotator.annotate`, in input order."""
        running: deque = deque()
        remaining = iter(documents)
        for chunk in iter(lambda: list(islice(remaining, self.documents_per_task)), []):
            future = self.client.submit(_annotate_batch, chunk, self.model, self._shared, self.batch_size, pure=False)
            running.append((chunk, future))
            if len(running) >= self._limit:
                yield from _collect(*running.popleft())
        while running:
            yield from _collect(*running.popleft())


def _collect(chunk: list[Document], future) -> Iterator[tuple[Document, list[Entity]]]:
    yield from zip(chunk, future.result())


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator:
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except OSError as error:
            raise EngineError(f"can't reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def _annotate_batch(
    documents: list[Document], model: str, boilerplate: Boilerplate, batch_size: int
) -> list[list[Entity]]:
    """Worker side: the entities of each document, with the worker's cached pipeline."""
    from corpusx.model.pipeline import load_pipeline

    with _lock:
        key = (model, boilerplate)
        if key not in _annotators:
            _annotators[key] = Annotator(load_pipeline(model), boilerplate)
        return [entities for _, entities in _annotators[key].annotate(documents, batch_size)]
