"""The local engine's worker processes: results in input order, and a map that always ends, however it is left."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest

from corpusx.errors import EngineError
from corpusx.model.pool import pipe_reports, pool_map


def _ended_within(seconds: float, work) -> dict:
    """Run `work()` in a thread; what it returned or raised, and whether it ended within `seconds`."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    outcome["ended"] = not thread.is_alive()
    return outcome


def _square_unless_three(_annotator, _shared, item):
    if item == 3:
        raise ValueError(f"item {item} refused")
    return item * item


def test_pool_results_come_in_input_order_and_a_task_error_is_raised_at_its_item():
    """Results in input order from two processes; the exception a task raises comes back, at its item."""
    got = []
    with pytest.raises(ValueError, match="item 3 refused"):
        for result in pool_map(_square_unless_three, None, None, iter(range(10)), 2):
            got.append(result)
    assert got == [0, 1, 4]
    assert multiprocessing.active_children() == []


def _report_forever_after_the_first(_annotator, report, item):
    """Item 0 comes back at once; every other item reports without end (so it is stopped mid-report)."""
    while item:
        report((item,))
    return item


def test_pool_left_while_its_workers_report_ends_at_once_and_leaves_no_process():
    """Leaving a map while both workers are writing reports (maybe holding their lock) ends it in seconds."""
    received = []

    def leave_after_the_first_result():
        with pipe_reports(received.append) as report:
            for result in pool_map(_report_forever_after_the_first, None, report, iter(range(6)), 2):
                time.sleep(0.2)  # the workers are reporting by now
                raise RuntimeError(f"left at {result}")

    outcome = _ended_within(30, leave_after_the_first_result)
    assert outcome["ended"], "the map did not end"
    assert str(outcome["error"]) == "left at 0"
    assert received
    assert multiprocessing.active_children() == []


def _die_at_two(_annotator, _shared, item):
    if item == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.05)
    return item


def test_pool_worker_that_dies_ends_the_map_with_an_engine_error():
    """A worker killed mid-task (say, for memory) ends the map with an EngineError naming the signal, not a wait."""
    outcome = _ended_within(30, lambda: list(pool_map(_die_at_two, None, None, iter(range(8)), 2)))
    assert outcome["ended"], "the map waited for a dead worker"
    assert isinstance(outcome["error"], EngineError)
    assert str(outcome["error"]) == "a worker process died (killed by signal 9); the run is incomplete"
    assert multiprocessing.active_children() == []


def _unpicklable(_annotator, _shared, item):
    return (lambda: item) if item == 1 else item


def test_pool_result_that_cannot_travel_is_an_engine_error():
    """A result that does not pickle is an EngineError here, and the worker goes on serving."""
    outcome = _ended_within(30, lambda: list(pool_map(_unpicklable, None, None, iter(range(4)), 2)))
    assert outcome["ended"]
    assert isinstance(outcome["error"], EngineError)
    assert str(outcome["error"]).startswith("a task's outcome can't be sent back: ")
