"""The local engine's workers: tasks in this process, or in a pool of forked processes.

The processes are forked for each map, so they inherit the loaded pipeline and the map's
shared value (the spool and the files of the run's votes and names) without pickling them; only the items and
the results travel. At most `TASKS_PER_PROCESS` items per process are in flight, and results
are taken in input order. The pool has at most as many processes as there are items to start
it with and cores to run them (a process more would only cost memory); one is no pool. Workers
die with their parent, so a killed run leaves none behind. What a task reports as it runs
(`pipe_reports`) comes back through a pipe the processes inherit, read by a thread here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from corpusx.errors import EngineError

TASKS_PER_PROCESS = 2
JOIN_TIMEOUT = 5.0  # seconds the reports' reader gets to finish at the end of a map
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h): the signal a process gets when its parent dies

_task: tuple[Callable, Any, Any] | None = None


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def pool_map(task: Callable, annotator: Any, shared: Any, items: Iterable, jobs: int) -> Iterator:
    """`task(annotator, shared, item)` for each item, in order; in up to `jobs` forked processes."""
    items = iter(items)
    first = list(islice(items, TASKS_PER_PROCESS * jobs)) if jobs > 1 else []
    processes = min(jobs, len(first), default_jobs())
    items = chain(first, items)
    if processes <= 1:
        for item in items:
            yield task(annotator, shared, item)
        return
    with _pool(processes, (task, annotator, shared)) as pool:
        running: deque = deque()
        for item in items:
            running.append(pool.apply_async(_run, (item,)))
            if len(running) >= TASKS_PER_PROCESS * processes:
                yield running.popleft().get()
        while running:
            yield running.popleft().get()


@contextmanager
def pipe_reports(receive: Callable[[tuple], None]) -> Iterator[Callable[[tuple], None]]:
    """A channel from the forked workers: a pipe they inherit (its `put` is what they call), read here by a thread."""
    queue = multiprocessing.get_context("fork").SimpleQueue()

    def listen() -> None:
        while (message := queue.get()) is not None:
            receive(message)

    listener = threading.Thread(target=listen, name="corpusx-reports", daemon=True)
    listener.start()
    try:
        yield queue.put
    finally:
        queue.put(None)
        listener.join(timeout=JOIN_TIMEOUT)


def _pool(processes: int, task: tuple[Callable, Any, Any]) -> multiprocessing.pool.Pool:
    """A pool of forked workers holding `task`; an EngineError if the system refuses the processes."""
    context = multiprocessing.get_context("fork")
    try:
        return context.Pool(processes, initializer=_start_worker, initargs=(task, os.getpid()))
    except OSError as error:
        raise EngineError(
            f"can't start {processes} worker processes ({error.strerror or error}); try a smaller --jobs"
        ) from None


def _start_worker(task: tuple[Callable, Any, Any], parent: int) -> None:
    """Keep the parent's task; die with the parent; leave Ctrl-C, SIGTERM and SIGHUP to the parent.

    The parent stops the pool (SIGTERM) when it is interrupted; if it is killed outright
    (SIGKILL), the kernel sends SIGKILL to each worker (Linux), so no worker outlives it.
    """
    global _task
    _task = task
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this process when its parent ends (prctl on Linux); exit if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _run(item: Any) -> Any:
    assert _task is not None, "worker started without a task"
    task, annotator, shared = _task
    return task(annotator, shared, item)
