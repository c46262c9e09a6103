"""The command line, in process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import orjson
import pytest
from typer.testing import CliRunner

from corpusx.cli import app

from .conftest import ROOT, SEEDS

runner = CliRunner()
SEED = SEEDS / "000_75e7b8864e1bced3.txt"


def _lines(output: bytes | str) -> list[dict]:
    return [orjson.loads(line) for line in output.splitlines() if line.strip()]


def test_cli_extract_writes_jsonl_to_a_file(tmp_path, seed_jsonl):
    """`extract seeds -o FILE` writes what the library yields and reports on stderr."""
    out = tmp_path / "out" / "seeds.jsonl"
    result = runner.invoke(app, ["extract", str(SEEDS), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    records = _lines(out.read_bytes())
    assert [r["text"] for r in records] == [r["text"] for r in _lines(seed_jsonl)]
    assert "mentions" in result.stderr


def test_cli_extract_reads_stdin():
    """Piped text is one document with id `stdin` and path `-`."""
    text = "Samsung Chairman Jay Y. Lee met Sam Altman in Seoul on Tuesday."
    result = runner.invoke(app, ["extract", "--quiet"], input=text, catch_exceptions=False)
    assert result.exit_code == 0
    records = _lines(result.stdout)
    assert {r["doc"] for r in records} == {"stdin"}
    assert {r["path"] for r in records} == {"-"}
    assert ("PERSON", "Jay Y. Lee") in {(r["label"], r["text"]) for r in records}
    assert result.stderr == ""


@pytest.mark.parametrize("labels, expected", [("MONEY", {"MONEY"}), ("date,person", {"DATE", "PERSON"})])
def test_cli_extract_filters_labels(labels, expected):
    """--labels keeps only the listed labels (case-insensitive)."""
    result = runner.invoke(app, ["extract", str(SEED), "--labels", labels, "-q"], catch_exceptions=False)
    assert result.exit_code == 0
    assert {r["label"] for r in _lines(result.stdout)} == expected


def test_cli_extract_rejects_an_unknown_label():
    """An unknown label is a usage error (exit 2) that names the label."""
    result = runner.invoke(app, ["extract", str(SEED), "--labels", "ORG,PLANET"])
    assert result.exit_code == 2
    assert "unknown label PLANET" in result.stderr


def test_cli_extract_missing_input_is_one_line_and_exit_1(tmp_path):
    """A missing path is reported in one line naming it; the other input is still extracted."""
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["extract", str(missing), str(SEED), "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"corpusx: {missing}: no such file or folder; skipped\n"
    assert _lines(result.stdout)


def test_cli_extract_unknown_model_is_a_usage_error():
    """--model with a name that is not installed exits 2 with one line."""
    result = runner.invoke(app, ["extract", str(SEED), "--model", "no_such_model"])
    assert result.exit_code == 2
    assert result.stderr.startswith("corpusx: can't load model 'no_such_model'")
    assert result.stderr.count("\n") == 1


def test_cli_extract_failed_run_keeps_the_earlier_output(tmp_path):
    """A run that fails on its model leaves an existing output file untouched."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"earlier\n")
    result = runner.invoke(app, ["extract", str(SEED), "-o", str(out), "--model", "no_such_model"])
    assert result.exit_code == 2
    assert out.read_bytes() == b"earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_cli_summary_prints_counts_per_label(tmp_path, seed_jsonl):
    """`summary FILE` prints the label totals and the top entities."""
    jsonl = tmp_path / "seeds.jsonl"
    jsonl.write_bytes(seed_jsonl)
    result = runner.invoke(app, ["summary", str(jsonl)], catch_exceptions=False)
    assert result.exit_code == 0
    for label in ("ORG", "PERSON", "DATE", "MONEY"):
        assert label in result.stdout


def test_cli_version():
    """--version prints the package version."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("corpusx ")


def test_cli_runs_as_a_real_subprocess(tmp_path):
    """`python -m corpusx extract FILE | python -m corpusx summary -` works end to end."""
    extracted = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(SEED)], capture_output=True, check=True, cwd=tmp_path
    )
    assert _lines(extracted.stdout)
    summary = subprocess.run(
        [sys.executable, "-m", "corpusx", "summary", "-"],
        input=extracted.stdout,
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert b"PERSON" in summary.stdout


def test_cli_output_file_gets_ordinary_permissions(tmp_path):
    """-o FILE is readable like any file the user creates (not the temporary file's 0600)."""
    out = tmp_path / "out.jsonl"
    previous = os.umask(0o022)
    try:
        result = runner.invoke(app, ["extract", str(SEED), "-o", str(out), "-q", "--labels", "MONEY"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o644
