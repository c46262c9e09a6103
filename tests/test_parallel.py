"""Parallel runs: `jobs` > 1 writes the same bytes as one process."""

from __future__ import annotations

from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.model.engines import LocalEngine

from .conftest import SEEDS, extract_seeds


def test_parallel_jobs_two_gives_the_same_bytes_as_one(nlp, seed_jsonl):
    """extract(jobs=2) on the seeds, in tasks of one or two documents, writes exactly the one-process bytes."""
    for documents_per_task in (1, 2):
        assert extract_seeds(model=nlp, engine=LocalEngine(jobs=2, documents_per_task=documents_per_task)) == seed_jsonl


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
