"""`-o URL`: partitioned JSONL put below an fsspec URL by the workers, the manifest last; its one-line errors."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import uuid

import duckdb
import fsspec
import pytest
from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.model.engines import LocalEngine
from corpusx.outputs.atomic import OutputError
from corpusx.partitioned import MANIFEST, write_partitioned

from .conftest import ROOT, SEEDS


@pytest.fixture
def memory_url():
    """A fresh memory:// folder, removed afterwards."""
    url = f"memory://corpusx-test-{uuid.uuid4().hex}"
    yield url
    store = fsspec.filesystem("memory")
    if store.exists(url):
        store.rm(url, recursive=True)


def _store_files(url: str) -> dict[str, bytes]:
    store, root = fsspec.core.url_to_fs(url)
    if not store.exists(root):
        return {}
    return {path.rsplit("/", 1)[-1]: store.cat_file(path) for path in sorted(store.ls(root, detail=False))}


def test_url_output_parts_concatenate_to_the_single_file(nlp, memory_url, seed_jsonl):
    """Below memory:// the parts, in name order, are the single file's bytes, and the manifest names them."""
    with contextlib.chdir(ROOT):
        counts = write_partitioned(memory_url, ["seeds"], model=nlp, engine=LocalEngine(documents_per_task=2))
    files = _store_files(memory_url)
    assert sorted(files) == [MANIFEST, "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert b"".join(files[name] for name in sorted(files) if name != MANIFEST) == seed_jsonl
    manifest = json.loads(files[MANIFEST])
    assert [part["name"] for part in manifest["parts"]] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert sum(counts.values()) == seed_jsonl.count(b"\n") == sum(manifest["mentions"].values())


def test_url_output_rerun_removes_the_earlier_runs_extra_parts(nlp, memory_url):
    """A second run with fewer parts leaves only its own parts and manifest below the URL."""
    write_partitioned(memory_url, [SEEDS], model=nlp, engine=LocalEngine(documents_per_task=1))
    assert len(_store_files(memory_url)) == 6
    write_partitioned(memory_url, [SEEDS], model=nlp, engine=LocalEngine(documents_per_task=4))
    assert sorted(_store_files(memory_url)) == [MANIFEST, "part-00000.jsonl", "part-00001.jsonl"]


def test_url_output_refuses_a_folder_of_other_files(nlp, memory_url):
    """A URL holding files but no manifest is left alone."""
    fsspec.filesystem("memory").pipe_file(f"{memory_url}/keep.txt", b"mine\n")
    with pytest.raises(Exception, match="holds other files"):
        write_partitioned(memory_url, [SEEDS], model=nlp)
    assert _store_files(memory_url) == {"keep.txt": b"mine\n"}


def test_url_output_workers_that_cant_reach_the_store_are_an_error(nlp, memory_url):
    """memory:// with forked workers: their parts stay in their own memory, which the run says; no manifest."""
    with pytest.raises(OutputError, match="don't share this store"):
        write_partitioned(memory_url, [SEEDS], model=nlp, engine=LocalEngine(jobs=2, documents_per_task=1))
    assert MANIFEST not in _store_files(memory_url)


def test_url_output_file_url_with_jobs_2_in_a_subprocess_is_read_by_duckdb_with_one_glob(tmp_path):
    """`corpusx extract -o file://DIR --jobs 2` (a real process) gives the single file's bytes, DuckDB reads it by glob."""
    single, folder = tmp_path / "one.jsonl", tmp_path / "parts"
    for target in (str(single), folder.as_uri()):
        command = [sys.executable, "-m", "corpusx", "extract", "seeds", "-o", target, "--jobs", "2", "-q"]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, check=False, timeout=300)
        assert result.returncode == 0, result.stderr
    parts = sorted(folder.glob("part-*.jsonl"))
    assert parts and b"".join(part.read_bytes() for part in parts) == single.read_bytes()
    assert json.loads((folder / MANIFEST).read_text())["parts"][0]["name"] == "part-00000.jsonl"
    assert sorted(path.name for path in folder.iterdir()) == sorted([MANIFEST, *(part.name for part in parts)])
    query = "select label, count(*) from read_json_auto('{}') group by label order by label"
    assert duckdb.sql(query.format(folder / "part-*.jsonl")).fetchall() == duckdb.sql(query.format(single)).fetchall()


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("nosuch://bucket/run", "corpusx: -o nosuch://bucket/run: Protocol not known: nosuch\n"),
        ("FILE_IN_THE_WAY", "corpusx: can't write to "),
    ],
)
def test_url_output_errors_are_one_line_before_any_work(tmp_path, target, problem):
    """An unknown protocol or an unwritable place: exit 2, one line, before the model loads."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = target.replace("FILE_IN_THE_WAY", f"{blocker.as_uri()}/run")
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "-o", target, "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith(problem) and result.stderr.count("\n") == 1, result.stderr


def test_url_output_missing_backend_names_the_extra(monkeypatch):
    """A cloud URL whose fsspec backend is not installed: one line naming `pip install 'corpusx[cloud]'`."""
    monkeypatch.setitem(sys.modules, "s3fs", None)
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "-o", "s3://bucket/run", "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith("corpusx: -o s3://bucket/run: can't write s3:// URLs (")
    assert result.stderr.endswith("pip install 'corpusx[cloud]'\n") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "csv"], "corpusx: -o URL writes JSONL parts; leave out --format\n"),
        (["--resume"], "corpusx: --resume needs a local -o: the run's progress is kept in a file beside it\n"),
    ],
)
def test_url_output_refuses_what_it_cant_do(memory_url, extra, message):
    """Tables and --resume need a local -o: a one-line usage error."""
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "-o", memory_url, "-q", *extra])
    assert result.exit_code == 2
    assert result.stderr == message
