"""The local engine's workers: tasks in this process, or in a pool of forked processes.

The processes are forked for each map, so they inherit the loaded pipeline and the map's
shared value (the run's votes, its canonical names) without pickling them; only the items and
the results travel. At most `TASKS_PER_PROCESS` items per process are in flight, and results
are taken in input order.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

TASKS_PER_PROCESS = 2

_task: tuple[Callable, Any, Any] | None = None


def pool_map(task: Callable, annotator: Any, shared: Any, items: Iterable, jobs: int) -> Iterator:
    """`task(annotator, shared, item)` for each item, in order; in `jobs` forked processes when `jobs` > 1."""
    if jobs == 1:
        for item in items:
            yield task(annotator, shared, item)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=((task, annotator, shared),)) as pool:
        running: deque = deque()
        for item in items:
            running.append(pool.apply_async(_run, (item,)))
            if len(running) >= TASKS_PER_PROCESS * jobs:
                yield running.popleft().get()
        while running:
            yield running.popleft().get()


def _start_worker(task: tuple[Callable, Any, Any]) -> None:
    """Keep the parent's task, annotator and shared value; leave Ctrl-C to the parent, which stops the pool."""
    global _task
    _task = task
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(item: Any) -> Any:
    assert _task is not None, "worker started without a task"
    task, annotator, shared = _task
    return task(annotator, shared, item)
