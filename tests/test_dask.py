"""The Dask engine: a two-worker LocalCluster writes the same bytes as the local engine."""

from __future__ import annotations

import logging
import os
import signal

import pytest
from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.model.dask import DaskEngine

from .conftest import SEEDS, extract_seeds

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_gives_the_same_bytes_as_local(seed_jsonl):
    """A LocalCluster of two worker processes, in tasks of two documents, reproduces the local output."""
    assert extract_seeds(engine=DaskEngine(workers=2, documents_per_task=2)) == seed_jsonl


def test_dask_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    """--scheduler at an address where nothing listens fails in one line naming it, exit 2."""
    result = CliRunner().invoke(
        app,
        [
            "extract",
            str(SEEDS),
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "-q",
            "-o",
            str(tmp_path / "o.jsonl"),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("corpusx: can't reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "o.jsonl").exists()


def test_dask_killed_worker_leaves_every_document_once(seed_jsonl):
    """A worker killed as the first task comes back: its tasks are retried, and the output is the clean run's bytes."""
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR) as cluster,
        Client(cluster) as client,
    ):
        victim = next(iter(client.run(os.getpid).values()))
        killed = []

        def kill_once(document):
            if not killed:
                os.kill(victim, signal.SIGKILL)
                killed.append(document.doc_id)

        engine = DaskEngine(scheduler=cluster.scheduler_address, documents_per_task=1)
        assert extract_seeds(engine=engine, on_document=kill_once) == seed_jsonl
        assert len(killed) == 1 and victim not in client.run(os.getpid).values()


def test_dask_client_runs_no_per_document_stage(seed_jsonl, monkeypatch):
    """With the client's own preparation, labelling and JSON formatting broken, the workers still write the bytes."""
    from corpusx import passes

    def broken(*args, **kwargs):
        raise AssertionError("a per-document stage ran in the client")

    for name in ("prepare", "document_mentions", "to_json_line"):
        monkeypatch.setattr(passes, name, broken)
    assert extract_seeds(engine=DaskEngine(workers=2, documents_per_task=2)) == seed_jsonl
