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
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from corpusx.errors import EngineError
from corpusx.types import Document, Entity

if TYPE_CHECKING:
    from corpusx.model.annotate import Annotator
    from corpusx.text.segments import Boilerplate

#: A scheduler that does not answer within this is reported as unreachable (a refused port too:
#: Dask retries until the timeout).
CONNECT_TIMEOUT = "3s"
DOCUMENTS_PER_TASK = 64
TASKS_PER_WORKER = 2
SCHEMES = ("tcp", "tls")
DEFAULT_PORT = 8786
INSTALL_HINT = "pip install 'corpusx[dask]'"
TLS_HINT = (
    "tls:// needs Dask's TLS settings: set distributed.comm.tls.ca-file, .client.cert and .client.key "
    "in Dask's config (or the DASK_DISTRIBUTED__COMM__TLS__... variables)"
)

_annotators: dict[tuple[str, Boilerplate], Annotator] = {}
_lock = threading.Lock()


def require_dask() -> None:
    """An EngineError naming the extra to install when Dask's distributed scheduler is missing."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise EngineError(f"--engine dask needs Dask, which is not installed: {INSTALL_HINT}") from None


def check_scheduler_address(address: str) -> str:
    """`address` if it can name a Dask scheduler (tcp://HOST[:PORT] or tls://...), else an EngineError."""
    problem = None
    if "://" not in address:
        problem = "no scheme"
    else:
        parts = urlsplit(address)
        try:
            port = parts.port
        except ValueError:
            port = None
            problem = "the port is not a number from 0 to 65535"
        if parts.scheme not in SCHEMES:
            problem = f"the scheme {parts.scheme or '(none)'}:// is not one a remote scheduler listens on"
        elif not parts.hostname:
            problem = "no host"
        elif problem is None and (parts.path not in ("", "/") or port == 0):
            problem = "give only a host and a port"
    if problem is not None:
        raise EngineError(f"--scheduler {address!r} is not a scheduler address ({problem}); use tcp://HOST:PORT")
    return address


class DaskEngine:
    """The model stage on a Dask cluster, open for the duration of a `with` block.

    `scheduler` is the address of a running cluster (`tcp://host:8786`); without one a
    LocalCluster of `workers` (at most one per core) single-threaded worker processes is started.
    """

    def __init__(
        self,
        *,
        model: str,
        boilerplate: Boilerplate,
        scheduler: str | None = None,
        workers: int = 2,
        batch_size: int,
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
) -> list[list[Entity]]:
    """Worker side: the entities of each document, with the worker's cached pipeline."""
    from corpusx.model.annotate import Annotator
    from corpusx.model.pipeline import load_pipeline

    with _lock:
        key = (model, boilerplate)
        if key not in _annotators:
            _annotators[key] = Annotator(load_pipeline(model), boilerplate)
        return [entities for _, entities in _annotators[key].annotate(documents, batch_size)]
