"""A run killed mid-way (SIGINT, SIGTERM, SIGHUP, SIGKILL) leaves an earlier -o FILE exactly as it was, and no worker."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpusx.errors import Interrupted, interrupted_exit_code, interrupts_held

from .conftest import SEEDS


def _start_and_wait_for_the_temporary_file(corpus, out, options):
    """Start `corpusx extract CORPUS -o OUT` and wait until it is writing its temporary file."""
    process = subprocess.Popen(
        [sys.executable, "-m", "corpusx", "extract", str(corpus), "-o", str(out), "-q", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(out.parent.glob(f".{out.name}.*.part")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no temporary output file after 60 s"
        time.sleep(0.1)
    time.sleep(1.5)  # well into the model pass over the corpus
    while "2" in options and len(_live_members(process.pid)) < 3:  # --jobs 2: until both workers run
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no worker processes after 60 s"
        time.sleep(0.1)
    assert process.poll() is None, "the run finished before it could be interrupted"
    return process


def _live_members(group: int) -> list[int]:
    """Processes of a process group that are still running (zombies, already dead, left out)."""
    members = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat_file.parent.name))
    return members


def _wait_until_gone(group: int, seconds: float = 10) -> list[int]:
    """The group's live processes after waiting up to `seconds` for them to end."""
    deadline = time.monotonic() + seconds
    while _live_members(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _live_members(group)


def _kill_group(group: int) -> None:
    """End whatever is left of the run's process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


@pytest.mark.parametrize(
    "signum, options",
    [
        (signal.SIGINT, ["--jobs", "1"]),
        (signal.SIGINT, ["--jobs", "2"]),
        (signal.SIGTERM, ["--jobs", "1"]),
        (signal.SIGTERM, ["--jobs", "2"]),
        (signal.SIGHUP, ["--jobs", "2"]),
        (signal.SIGKILL, []),
    ],
    ids=["SIGINT-one-process", "SIGINT-workers", "SIGTERM-one-process", "SIGTERM-workers", "SIGHUP-workers", "SIGKILL"],
)
def test_interrupt_leaves_the_earlier_output_intact(tmp_path, shared_corpus, signum, options):
    """Killing a run keeps the old FILE byte for byte; SIGINT/SIGTERM/SIGHUP also exit 128+N in one line,
    remove the temporary file and leave no process behind."""
    out = tmp_path / "out.jsonl"
    earlier = b'{"doc":"earlier","label":"ORG","text":"Acme"}\n'
    out.write_bytes(earlier)
    process = _start_and_wait_for_the_temporary_file(shared_corpus, out, options)
    try:
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # the whole process group, workers too, as Ctrl-C in a terminal does
        else:
            os.kill(process.pid, signum)  # the main process only, as `kill PID` or a service manager does
        _, stderr = process.communicate(timeout=60)
        left = _wait_until_gone(process.pid)
    finally:
        _kill_group(process.pid)
    assert out.read_bytes() == earlier
    assert left == []
    if signum == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 128 + signum
        assert stderr.decode() == f"corpusx: interrupted; {out} left as it was\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_sigkill_of_the_main_process_leaves_no_worker(tmp_path, shared_corpus):
    """SIGKILL of the main process alone during --jobs 2: its workers die with it at once (none left after 1 s),
    not when they next read their task queue."""
    out = tmp_path / "out.jsonl"
    process = _start_and_wait_for_the_temporary_file(shared_corpus, out, ["--jobs", "2"])
    try:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        left = _wait_until_gone(process.pid, seconds=1)
    finally:
        _kill_group(process.pid)
    assert left == []


def test_a_worker_killed_mid_run_ends_the_run_in_one_line(tmp_path, shared_corpus):
    """SIGKILL of one worker (as the kernel's OOM killer does) ends the run: one line, exit 2, the earlier FILE
    intact, no temporary file and no process left, instead of a run that waits for ever."""
    out = tmp_path / "out.jsonl"
    earlier = b'{"doc":"earlier","label":"ORG","text":"Acme"}\n'
    out.write_bytes(earlier)
    process = _start_and_wait_for_the_temporary_file(shared_corpus, out, ["--jobs", "2"])
    try:
        worker = next(pid for pid in _live_members(process.pid) if pid != process.pid)
        os.kill(worker, signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
        left = _wait_until_gone(process.pid)
    finally:
        _kill_group(process.pid)
    assert (process.returncode, stderr.decode()) == (
        2,
        "corpusx: a worker process died (killed by signal 9); the run is incomplete\n",
    )
    assert out.read_bytes() == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert left == []


@pytest.mark.parametrize("delay", [0.1, 0.3, 0.6, 1.0, 1.5])
def test_ctrl_c_during_start_up_is_one_line(tmp_path, delay):
    """Ctrl-C in the first second or so (imports, model loading) prints one line, no traceback, exit 130
    (or ended by SIGINT itself, which a shell also reports as 130)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "corpusx", "extract", str(SEEDS), "-q", "-o", str(tmp_path / "out.jsonl")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    time.sleep(delay)
    try:
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        _kill_group(process.pid)
    assert process.returncode in (130, -signal.SIGINT), stderr
    assert stderr.decode().startswith("corpusx: interrupted")
    assert stderr.count(b"\n") == 1


def test_an_interrupt_during_a_held_block_raises_when_the_block_ends():
    """Ctrl-C inside `interrupts_held` (imports, model loading) lets the block finish, then raises at its end."""
    finished = False
    with pytest.raises(KeyboardInterrupt), interrupts_held():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # time for the handler to run, as it would in an import
        finished = True
    assert finished
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_held_block_keeps_the_signals_that_do_not_raise():
    """A signal left to its default or ignored is not taken over; one with a raising handler gets it back."""
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGHUP)
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        signal.signal(signal.SIGHUP, _raise_hup)
        with pytest.raises(Interrupted) as raised, interrupts_held():
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)
        assert interrupted_exit_code(raised.value) == 128 + signal.SIGHUP
    finally:
        signal.signal(signal.SIGHUP, previous)


def _raise_hup(signum, frame):
    raise Interrupted(signum)


@pytest.mark.parametrize(
    "ending",
    ["pass", "raise TypeError('expected a message argument')"],
    ids=["swallowed", "turned-into-another-error"],
)
def test_an_interrupt_a_library_swallows_or_turns_into_another_error_still_ends_the_run(ending):
    """Ctrl-C that a library's bare `except` swallows, or that C code turns into another error, is still one
    line and exit 130: the entry point remembers the signal."""
    script = f"""
import os, signal, sys, time
import corpusx.cli

def app(prog_name):
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.1)
    except BaseException:
        {ending}
    sys.exit(0)

corpusx.cli.app = app
from corpusx.__main__ import main
main()
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, timeout=60)
    assert (done.returncode, done.stderr) == (130, b"corpusx: interrupted\n")


def test_an_interrupt_python_could_only_print_comes_again_unprinted(capsys):
    """An interrupt that lands in a weakref callback (importlib's, while an import runs) is not printed as
    "Exception ignored" and lost: `interrupt_again` sends the signal again, to be raised in ordinary code."""
    import weakref

    from corpusx.__main__ import interrupt_again

    delivered = []
    previous_handler = signal.signal(signal.SIGTERM, lambda signum, frame: delivered.append(signum))
    previous_hook = sys.unraisablehook
    sys.unraisablehook = interrupt_again
    try:

        class Thing:
            pass

        def callback(_ref: object) -> None:
            raise Interrupted(signal.SIGTERM)

        thing = Thing()
        reference = weakref.ref(thing, callback)
        del thing  # the callback runs now, and raises where Python can only print
        for _ in range(1000):  # the handler runs between two bytecodes of this thread
            if delivered:
                break
            time.sleep(0.001)
    finally:
        sys.unraisablehook = previous_hook
        signal.signal(signal.SIGTERM, previous_handler)
    assert reference() is None
    assert delivered == [signal.SIGTERM]
    assert capsys.readouterr().err == ""
