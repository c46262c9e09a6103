"""Partitioned output: `-o DIR --partitioned` writes parts and a manifest; DuckDB reads them with one glob."""

from __future__ import annotations

import contextlib
import json

import duckdb
from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.model.engines import LocalEngine
from corpusx.partitioned import MANIFEST, write_partitioned

from .conftest import ROOT, SEEDS


def _parts(folder) -> list:
    return sorted(folder.glob("part-*.jsonl"))


def test_partitioned_parts_concatenate_to_the_single_file(nlp, tmp_path, seed_jsonl):
    """One task per two documents gives three parts whose bytes, in name order, are the single-file output."""
    folder = tmp_path / "out"
    with contextlib.chdir(ROOT):
        counts = write_partitioned(folder, ["seeds"], model=nlp, engine=LocalEngine(jobs=2, documents_per_task=2))
    parts = _parts(folder)
    assert [part.name for part in parts] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert b"".join(part.read_bytes() for part in parts) == seed_jsonl
    manifest = json.loads((folder / MANIFEST).read_text())
    assert [part["name"] for part in manifest["parts"]] == [part.name for part in parts]
    assert sum(part["mentions"] for part in manifest["parts"]) == seed_jsonl.count(b"\n") == sum(counts.values())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_partitioned_duckdb_reads_every_part_with_one_glob(tmp_path):
    """`corpusx extract -o DIR --partitioned` output read by DuckDB with one glob has the single file's rows."""
    folder, single = tmp_path / "parts", tmp_path / "one.jsonl"
    runner = CliRunner()
    for target, extra in ((folder, ["--partitioned"]), (single, [])):
        result = runner.invoke(app, ["extract", str(SEEDS), "-o", str(target), "-q", *extra], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    query = "select label, count(*) from read_json_auto('{}') group by label order by label"
    assert duckdb.sql(query.format(folder / "*.jsonl")).fetchall() == duckdb.sql(query.format(single)).fetchall()


def test_partitioned_rerun_replaces_earlier_parts(nlp, tmp_path):
    """A second run with fewer parts leaves no stale part of the first in the folder."""
    folder = tmp_path / "out"
    write_partitioned(folder, [SEEDS], model=nlp, engine=LocalEngine(documents_per_task=1))
    assert len(_parts(folder)) == 5
    write_partitioned(folder, [SEEDS], model=nlp, engine=LocalEngine(documents_per_task=4))
    assert [part.name for part in _parts(folder)] == ["part-00000.jsonl", "part-00001.jsonl"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_partitioned_refuses_a_folder_of_other_files(tmp_path):
    """A non-empty folder that is no earlier partitioned output is left alone: exit 2, one line, files kept."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine\n")
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "-o", str(folder), "--partitioned", "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"corpusx: {folder} holds other files") and result.stderr.count("\n") == 1
    assert sorted(path.name for path in folder.iterdir()) == ["keep.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes"]


def test_partitioned_needs_an_output_folder():
    """`--partitioned` without -o is a usage error with one line on stderr."""
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "--partitioned"])
    assert result.exit_code == 2
    assert result.stderr == "corpusx: --partitioned needs -o DIR: the folder the parts go to\n"


def test_partitioned_resume_keeps_its_manifest_beside_the_folder(tmp_path):
    """`--resume` with `-o DIR --partitioned` records every document in DIR.done and reruns to the same parts."""
    folder = tmp_path / "parts"
    command = ["extract", str(SEEDS), "-o", str(folder), "--partitioned", "--resume", "-q"]
    runner = CliRunner()
    outputs = []
    for _ in range(2):
        result = runner.invoke(app, command, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        outputs.append(b"".join(part.read_bytes() for part in _parts(folder)))
    assert outputs[0] and outputs[0] == outputs[1]
    recorded = (tmp_path / "parts.done").read_bytes().splitlines()
    assert len(recorded) == 1 + len(list(SEEDS.glob("*.txt")))
