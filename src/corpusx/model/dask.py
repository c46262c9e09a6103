"""The Dask engine: the run's tasks on the workers of a Dask cluster, results back in input order.

Each worker process loads the pipeline once (a per-process cache keyed by model, boilerplate
and batch size) and keeps its own segment cache across tasks; the client submits a bounded
number of tasks at a time, sends each map's shared value to every worker once (`scatter`), and
yields the results in input order, so memory stays flat and the output is the same as with the
local engine. The spool the tasks write must be a folder every worker reaches: by default one
in the client's temporary folder (right for a LocalCluster or workers on the same machine);
on a real cluster give `spool=` a folder on shared storage. What a task reports as it runs
comes back as worker events on a topic of the run, which the scheduler forwards to the client.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from corpusx.errors import EngineError
from corpusx.model.annotate import BATCH_SIZE, Annotator
from corpusx.model.engines import DOCUMENTS_PER_TASK, Engine, Item, Report, Result, Task, Workers, spool_directory
from corpusx.model.pipeline import load_pipeline
from corpusx.model.scheduler import TLS_HINT, check_scheduler_address, require_dask
from corpusx.model.user_rules import NO_RULES, UserRules
from corpusx.text.segments import Boilerplate

#: A scheduler that does not answer within this is reported as unreachable (a refused port too:
#: Dask retries until the timeout).
CONNECT_TIMEOUT = "3s"
TASKS_PER_WORKER = 2
_annotators: dict[tuple[str, Boilerplate, int, UserRules], Annotator] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class DaskEngine(Engine):
    """The run's tasks on a Dask cluster.

    `scheduler` is the address of a running cluster (`tcp://host:8786`); without one a
    LocalCluster of `workers` single-threaded worker processes is started for the run.
    `spool` is the folder (reached by every worker) for the run's intermediate files.
    """

    scheduler: str | None = None
    workers: int = 2
    batch_size: int = BATCH_SIZE
    documents_per_task: int = DOCUMENTS_PER_TASK
    spool: str | None = None

    @contextmanager
    def session(
        self, model: str | Language, boilerplate: Boilerplate, rules: UserRules = NO_RULES
    ) -> Iterator[Workers]:
        """Connect (or start a LocalCluster); the workers each load `model` themselves, with the user's `rules`."""
        if not isinstance(model, str):
            raise EngineError("the Dask engine loads the model on each worker: give its package name or path")
        with _client(self.scheduler, self.workers) as client, spool_directory(self.spool) as spool:
            unreached = [worker for worker, found in client.run(os.path.isdir, str(spool)).items() if not found]
            if unreached:
                raise EngineError(
                    f"{len(unreached)} Dask worker(s) can't see the spool folder {spool}:"
                    " give --spool (DaskEngine(spool=...)) a folder on storage every worker shares"
                )
            yield _DaskWorkers(client, (model, boilerplate, self.batch_size, rules), spool, self.documents_per_task)


class _DaskWorkers(Workers):
    def __init__(
        self, client, annotator: tuple[str, Boilerplate, int, UserRules], spool: Path, documents_per_task: int
    ) -> None:
        self.client, self.annotator, self.spool, self.documents_per_task = client, annotator, spool, documents_per_task

    def map(self, task: Task[Item, Result], items: Iterable[Item], shared: Any = None) -> Iterator[Result]:
        """Submit the items, at most `TASKS_PER_WORKER` per worker in flight, and yield their results in order."""
        client = self.client
        limit = TASKS_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        annotator, value = client.scatter([self.annotator, shared], broadcast=True, hash=False)
        running: deque = deque()
        for item in items:
            running.append(client.submit(_run, task, annotator, value, item, pure=False))
            if len(running) >= limit:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()

    @contextmanager
    def reports(self, receive: Report) -> Iterator[Report]:
        """Worker events (`log_event`) on a topic of this run, which the scheduler forwards to `receive` here."""
        topic = f"corpusx-reports-{uuid.uuid4().hex}"
        self.client.subscribe_topic(topic, lambda event: receive(tuple(event[1])))
        try:
            yield _EventReport(topic)
        finally:
            self.client.unsubscribe_topic(topic)


@dataclass(frozen=True)
class _EventReport:
    """Worker side of `reports`: a message logged as an event of the run's topic (it must be msgpack-able)."""

    topic: str

    def __call__(self, message: tuple) -> None:
        from distributed import get_worker

        get_worker().log_event(self.topic, list(message))


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator:
    require_dask()
    from dask.distributed import Client, LocalCluster
    from distributed.security import Security

    if scheduler is not None:
        check_scheduler_address(scheduler)
        security = Security()
        if scheduler.startswith("tls://") and not getattr(security, "tls_ca_file", None):
            raise EngineError(TLS_HINT)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, security=security)
        except (OSError, ValueError, TypeError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise EngineError(f"can't reach the Dask scheduler at {scheduler}: {reason}") from None
        with client:
            yield client
        return
    from corpusx.model.pool import default_jobs

    cluster = LocalCluster(
        n_workers=min(workers, default_jobs()),  # a worker more than the cores only costs memory
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def _run(task: Task, annotator: tuple[str, Boilerplate, int, UserRules], shared: Any, item: Any) -> Any:
    """Worker side: `task` with the worker's cached annotator (the pipeline loaded on first use)."""
    with _lock:
        if annotator not in _annotators:
            model, boilerplate, batch_size, rules = annotator
            _annotators[annotator] = Annotator(load_pipeline(model, rules=rules), boilerplate, batch_size)
        return task(_annotators[annotator], shared, item)
