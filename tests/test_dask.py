"""The Dask engine: a two-worker LocalCluster writes the same bytes as the local engine."""

from __future__ import annotations

import io
import logging
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

import corpusx
from corpusx.cli import app
from corpusx.errors import EngineError
from corpusx.model.dask import DaskEngine, _client
from corpusx.model.engines import LocalEngine

from .conftest import SEEDS, extract_seeds

pytest.importorskip("dask.distributed")


def test_dask_local_paths_and_file_urls_give_the_bytes_of_jobs_one_and_two(nlp, seed_jsonl):
    """--jobs 1, --jobs 2, Dask with local paths and Dask with file:// URLs (workers reading) write the same bytes.

    The URL run's `path` is the URL as given; every other byte is the same.
    """
    from dask.distributed import LocalCluster

    assert extract_seeds(model=nlp, engine=LocalEngine(jobs=2, documents_per_task=2)) == seed_jsonl
    url = f"file://{SEEDS}"
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        engine = DaskEngine(scheduler=cluster.scheduler_address, documents_per_task=2)
        assert extract_seeds(engine=engine) == seed_jsonl
        stream = io.BytesIO()
        corpusx.write_mentions(corpusx.extract([url], engine=engine), stream)
    assert stream.getvalue() == seed_jsonl.replace(b'"path":"seeds/', f'"path":"{url}/'.encode())


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


def _free_port() -> int:
    """A local TCP port where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("http://127.0.0.1:8786", "the scheme http:// is not one a remote scheduler listens on"),
        ("foo", "no scheme"),
        ("", "no scheme"),
        ("tcp://127.0.0.1:port", "the port is not a number from 0 to 65535"),
        ("tcp://127.0.0.1:99999", "the port is not a number from 0 to 65535"),
        ("inproc://127.0.0.1/1", "the scheme inproc:// is not one a remote scheduler listens on"),
        ("tcp://:8786", "no host"),
    ],
)
def test_dask_unusable_scheduler_address_is_one_line_exit_2(tmp_path, address, problem):
    """An address that cannot name a remote scheduler is rejected before connecting: one line, exit 2."""
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(
        app, ["extract", str(SEEDS), "--engine", "dask", "--scheduler", address, "-q", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"corpusx: --scheduler {address!r} is not a scheduler address ({problem}); use tcp://HOST:PORT\n"
    )
    assert not out.exists()


def test_dask_tls_without_settings_is_one_line_exit_2(tmp_path):
    """tls:// without Dask's TLS settings says which settings to give, in one line, exit 2."""
    result = CliRunner().invoke(
        app, ["extract", str(SEEDS), "--engine", "dask", "--scheduler", f"tls://127.0.0.1:{_free_port()}", "-q"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("corpusx: tls:// needs Dask's TLS settings: ")
    assert result.stderr.count("\n") == 1


def test_dask_refused_scheduler_times_out_within_seconds():
    """Connecting to a tcp:// port where nothing listens gives up after CONNECT_TIMEOUT (3 s), not 13-16 s."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(EngineError, match=f"can't reach the Dask scheduler at {address}: "), _client(address, 1):
        pass
    assert time.monotonic() - started < 5


def test_dask_refused_scheduler_is_one_line_exit_2():
    """The same as a real process: one line naming the address, exit 2."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(SEEDS), "--engine", "dask", "--scheduler", address, "-q"],
        capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"corpusx: can't reach the Dask scheduler at {address}: ")
    assert result.stderr.count(b"\n") == 1


def test_dask_missing_is_one_line_naming_the_extra(tmp_path):
    """--engine dask where Dask is not installed is one line, exit 2, saying pip install 'corpusx[dask]'."""
    code = (
        "import sys\n"
        "sys.modules['dask'] = sys.modules['distributed'] = None\n"  # what an environment without the extra sees
        f"sys.argv = ['corpusx', 'extract', {str(SEEDS)!r}, '--engine', 'dask', '-q']\n"
        "from corpusx.__main__ import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, timeout=120)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "corpusx: --engine dask needs Dask, which is not installed: pip install 'corpusx[dask]'\n"
    )


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
