"""Parallel runs: `jobs` > 1 writes the same bytes as one process."""

from __future__ import annotations

import errno
import io
import os

import fsspec
import pytest
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.model import pool
from corpusx.model.engines import LocalEngine
from corpusx.run import write_jsonl
from corpusx.types import Document

from .conftest import SEEDS, extract_seeds


def test_parallel_jobs_two_gives_the_same_bytes_as_one(nlp, seed_jsonl):
    """extract(jobs=2) on the seeds, in tasks of one or two documents, writes exactly the one-process bytes."""
    for documents_per_task in (1, 2):
        assert extract_seeds(model=nlp, engine=LocalEngine(jobs=2, documents_per_task=documents_per_task)) == seed_jsonl


def test_parallel_memory_urls_read_in_the_processes_give_the_local_bytes(nlp, seed_jsonl):
    """The seeds at memory:// URLs, read by one process or by two forked ones, give the local bytes (path aside)."""
    memory = fsspec.filesystem("memory")
    for path in sorted(SEEDS.iterdir()):
        memory.pipe(f"/seeds/{path.name}", path.read_bytes())
    try:
        for jobs in (1, 2):
            stream = io.BytesIO()
            engine = LocalEngine(jobs=jobs, documents_per_task=2)
            corpusx.write_mentions(corpusx.extract(["memory://seeds/"], model=nlp, engine=engine), stream)
            assert stream.getvalue() == seed_jsonl.replace(b'"path":"seeds/', b'"path":"memory://seeds/')
    finally:
        memory.rm("/seeds", recursive=True)


def test_parallel_cli_jobs_two_matches_jobs_one(tmp_path):
    """`corpusx extract --jobs 2` and `--jobs 1` write identical files."""
    runner = CliRunner()
    outputs = {}
    for jobs in ("1", "2"):
        target = tmp_path / f"jobs{jobs}.jsonl"
        result = runner.invoke(
            app, ["extract", str(SEEDS), "-o", str(target), "--jobs", jobs, "-q"], catch_exceptions=False
        )
        assert result.exit_code == 0, result.stderr
        outputs[jobs] = target.read_bytes()
    assert outputs["1"] and outputs["1"] == outputs["2"]


@pytest.fixture
def small_tasks(monkeypatch):
    """Records the size of each pool started."""
    started: list[int] = []
    real_pool = pool._pool

    def recording_pool(processes, task):
        started.append(processes)
        return real_pool(processes, task)

    monkeypatch.setattr(pool, "_pool", recording_pool)
    return started


def test_parallel_pool_gives_the_same_bytes_as_one_process(nlp, seed_jsonl, small_tasks, monkeypatch):
    """With many small tasks a real pool of two processes runs, and writes the one-process bytes."""
    monkeypatch.setattr(pool, "default_jobs", lambda: 2)
    assert extract_seeds(model=nlp, engine=LocalEngine(jobs=2, batch_size=4, documents_per_task=1)) == seed_jsonl
    assert small_tasks == [2, 2, 2]  # one pool per pass of the map-reduce


def test_parallel_jobs_are_capped_at_the_cores(nlp, seed_jsonl, small_tasks, monkeypatch):
    """--jobs 10000 starts as many processes as there are cores, not 10000."""
    monkeypatch.setattr(pool, "default_jobs", lambda: 3)
    assert extract_seeds(model=nlp, engine=LocalEngine(jobs=10_000, batch_size=4, documents_per_task=1)) == seed_jsonl
    assert small_tasks == [3, 3, 3]  # one pool per pass of the map-reduce


def test_parallel_jobs_are_capped_at_the_tasks(nlp, small_tasks):
    """Ten short documents with --jobs 24 make one task: it runs in this process, no pool is started."""
    documents = [Document(f"d{n}", "-", f"Mira Okafor joined Acme Holdings in {2000 + n}.") for n in range(10)]
    mentions = list(corpusx.extract(documents, model=nlp, engine=LocalEngine(jobs=24)))
    assert {m.doc for m in mentions} == {f"d{n}" for n in range(10)}
    assert small_tasks == []


def test_parallel_refused_fork_is_one_line_exit_2(tmp_path, small_tasks, monkeypatch):
    """When the system refuses new processes (fork fails: EAGAIN), the run ends in one line naming --jobs, exit 2."""
    monkeypatch.setattr(pool, "default_jobs", lambda: 2)

    def refuse():
        raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(os, "fork", refuse)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(40):  # tasks of 16 documents: enough for a pool of two
        (corpus / f"{number:02d}.txt").write_text(f"Mira Okafor joined Acme Holdings in {1960 + number}.\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(out), "--jobs", "2", "-q"])
    assert result.exit_code == 2
    assert result.stderr == (
        "corpusx: can't start 2 worker processes (Resource temporarily unavailable); try a smaller --jobs\n"
    )
    assert not out.exists()


def test_parallel_inputs_failing_in_the_processes_are_reported_in_input_order(nlp, tmp_path):
    """Files that fail to read in the worker processes reach `on_error` in input order, as with one process."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "zz.txt").write_bytes(b"\x00\x01binary")
    inputs = [tmp_path / "empty.txt", *sorted(SEEDS.iterdir()), tmp_path / "zz.txt", tmp_path / "missing.txt"]
    runs = []
    for jobs in (1, 2):
        errors: list = []
        stream = io.BytesIO()
        engine = LocalEngine(jobs=jobs, documents_per_task=2)
        write_jsonl(stream, inputs, model=nlp, engine=engine, on_error=errors.append)
        runs.append((stream.getvalue(), [str(error) for error in errors]))
    assert runs[0] == runs[1]
    assert [error.split(": ", 1)[1] for error in runs[0][1]] == [
        "empty file",
        "binary file (NUL bytes), not text",
        "no such file or folder",
    ]
