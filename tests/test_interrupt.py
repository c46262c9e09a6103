"""A run killed mid-way (SIGINT, SIGKILL) leaves an earlier -o FILE exactly as it was."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest


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
    assert process.poll() is None, "the run finished before it could be interrupted"
    return process


def _kill_group(group: int) -> None:
    """End whatever is left of the run's process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


@pytest.mark.parametrize(
    "signum, options",
    [
        (signal.SIGINT, ["--jobs", "1"]),
        (signal.SIGINT, []),
        (signal.SIGKILL, []),
    ],
    ids=["SIGINT-one-process", "SIGINT-workers", "SIGKILL"],
)
def test_interrupt_leaves_the_earlier_output_intact(tmp_path, shared_corpus, signum, options):
    """Killing a run keeps the old FILE byte for byte; SIGINT also exits 130 in one line and cleans up."""
    out = tmp_path / "out.jsonl"
    earlier = b'{"doc":"earlier","label":"ORG","text":"Acme"}\n'
    out.write_bytes(earlier)
    process = _start_and_wait_for_the_temporary_file(shared_corpus, out, options)
    try:
        os.killpg(process.pid, signum)  # the whole process group, workers too, as Ctrl-C in a terminal does
        _, stderr = process.communicate(timeout=60)
    finally:
        _kill_group(process.pid)
    assert out.read_bytes() == earlier
    if signum == signal.SIGINT:
        assert process.returncode == 130
        assert stderr.decode() == f"corpusx: interrupted; {out} left as it was\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    else:
        assert process.returncode == -signal.SIGKILL
