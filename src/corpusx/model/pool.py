"""The local engine's workers: tasks in this process, or in forked processes that each have their own pipe.

The processes are forked for each map, so they inherit the loaded pipeline and the map's
shared value (the spool and the files of the run's votes and names) without pickling them; only the items and
the results travel. Each process has one task at a time and its own pipe, so no lock is shared
between them and stopping one mid-task can never block the others or this process (a stopped
`multiprocessing.Pool` can: python/cpython#78178, #96995); a process that dies (say, killed for
memory) ends the map with an `EngineError` instead of leaving it waiting. At most
`TASKS_PER_PROCESS` results per process wait to be taken, in input order. There are at most as
many processes as items to start with and cores to run them (a process more would only cost
memory); one is no pool. Workers die with their parent, so a killed run leaves none behind.
What a task reports as it runs (`pipe_reports`) comes back through a pipe the processes
inherit, read by a thread here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from corpusx.errors import EngineError

TASKS_PER_PROCESS = 2
STOP_TIMEOUT = 5.0  # seconds a finished worker gets to exit before it is stopped
POLL_SECONDS = 0.05  # how often the reports' reader looks whether the map has ended
STOP = ()  # what a worker is sent when the map is over; an item travels as the tuple (item,)
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h): the signal a process gets when its parent dies


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
        yield from pool.map(items)


@dataclass
class _Worker:
    process: BaseProcess
    pipe: Connection


class _Pool:
    """Forked processes running one task: each reads an item from its pipe and writes back the outcome."""

    def __init__(self, workers: list[_Worker]) -> None:
        self.workers = workers

    def map(self, items: Iterator) -> Iterator:
        """The task's result for each item, in input order; a task's exception is raised here."""
        idle = list(reversed(self.workers))
        running: dict[Connection, tuple[int, _Worker]] = {}
        done: dict[int, tuple[bool, Any]] = {}
        numbered = enumerate(items)
        taken = 0
        while True:
            while idle and len(running) + len(done) < TASKS_PER_PROCESS * len(self.workers):
                if (pair := next(numbered, None)) is None:
                    break
                worker = idle.pop()
                worker.pipe.send((pair[1],))  # the worker is waiting for it: this never blocks for long
                running[worker.pipe] = (pair[0], worker)
            if taken in done:
                succeeded, value = done.pop(taken)
                taken += 1
                if not succeeded:
                    raise value
                yield value
            elif not running:
                return
            else:
                for pipe in wait(list(running)):
                    number, worker = running.pop(pipe)  # type: ignore[call-overload]
                    done[number] = _outcome(worker)
                    idle.append(worker)

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        self.stop(at_once=kind is not None)

    def stop(self, *, at_once: bool) -> None:
        """End the workers: `at_once` when the map was left early, else once each has been told to stop."""
        for worker in self.workers:
            if at_once:
                worker.process.terminate()
            else:
                with suppress(OSError):
                    worker.pipe.send(STOP)
            worker.pipe.close()
        for worker in self.workers:
            worker.process.join(None if at_once else STOP_TIMEOUT)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()


def _outcome(worker: _Worker) -> tuple[bool, Any]:
    """What the worker sent back: (True, result) or (False, the exception its task raised)."""
    try:
        return worker.pipe.recv()
    except EOFError:
        worker.process.join()
        code = worker.process.exitcode or 0
        how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        raise EngineError(f"a worker process died ({how}); the run is incomplete") from None


def _pool(processes: int, task: tuple[Callable, Any, Any]) -> _Pool:
    """`processes` forked workers holding `task`; an EngineError if the system refuses the processes."""
    context = multiprocessing.get_context("fork")
    workers: list[_Worker] = []
    try:
        for _ in range(processes):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, task, os.getpid()), daemon=True)
            workers.append(_Worker(process, ours))
            process.start()
            theirs.close()
    except OSError as error:
        _Pool([worker for worker in workers if worker.process.pid is not None]).stop(at_once=True)
        raise EngineError(
            f"can't start {processes} worker processes ({error.strerror or error}); try a smaller --jobs"
        ) from None
    return _Pool(workers)


def _serve(pipe: Connection, task: tuple[Callable, Any, Any], parent: int) -> None:
    """A worker: run the task on each item the pipe brings, until it brings STOP or closes."""
    _start_worker(parent)
    work, annotator, shared = task
    while True:
        try:
            message = pipe.recv()
        except EOFError:
            return
        if message == STOP:
            return
        try:
            outcome: tuple[bool, Any] = (True, work(annotator, shared, *message))
        except Exception as error:
            outcome = (False, error)
        try:
            pipe.send(outcome)
        except (OSError, ValueError):  # the parent has gone, or left the map
            return
        except Exception as error:  # a result or an exception that does not pickle
            pipe.send((False, EngineError(f"a task's outcome can't be sent back: {error}")))


def _start_worker(parent: int) -> None:
    """Die with the parent; leave Ctrl-C, SIGTERM and SIGHUP to the parent.

    The parent stops the workers (SIGTERM) when it is interrupted; if it is killed outright
    (SIGKILL), the kernel sends SIGKILL to each worker (Linux), so no worker outlives it.
    """
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


class _PipeReport:
    """What a forked worker calls to report: one message on the shared pipe, whole (the lock is the workers')."""

    def __init__(self, pipe: Connection, lock: Any) -> None:
        self.pipe, self.lock = pipe, lock

    def __call__(self, message: tuple) -> None:
        with self.lock:
            self.pipe.send(message)


@contextmanager
def pipe_reports(receive: Callable[[tuple], None]) -> Iterator[Callable[[tuple], None]]:
    """A channel from the forked workers: a pipe they inherit (what they call writes to it), read here by a thread.

    When the block ends normally every report has been written, and all are received before it
    returns; when it is left early the reader stops at once. This process never takes the
    workers' lock, which a worker stopped mid-report may hold.
    """
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    finished, abandoned = threading.Event(), threading.Event()

    def listen() -> None:
        while not abandoned.is_set():
            try:
                if reader.poll(POLL_SECONDS):
                    receive(reader.recv())
                elif finished.is_set():
                    return
            except (EOFError, OSError):  # every end that writes is closed: nothing more can come
                return

    listener = threading.Thread(target=listen, name="corpusx-reports", daemon=True)
    listener.start()
    try:
        yield _PipeReport(writer, context.Lock())
    except BaseException:
        abandoned.set()
        raise
    finished.set()
    listener.join()
    reader.close()
    writer.close()
