"""Mentions as tables (`extract --format csv|parquet`): the fixed schema, JSON text columns, atomic -o, pyarrow missing."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import orjson
import pytest
from typer.testing import CliRunner

from corpusx.cli import app
from corpusx.outputs.atomic import atomic_output
from corpusx.outputs.records import FIELDS, read_mentions
from corpusx.outputs.tables import parquet_schema, table_row, write_csv, write_parquet
from corpusx.types import Mention

from .conftest import ROOT, SEEDS

runner = CliRunner()
SNAPSHOT = ROOT / "tests" / "snapshots" / "seeds-mentions.jsonl"
SEED = SEEDS / "000_75e7b8864e1bced3.txt"


def _snapshot() -> list[Mention]:
    return [m for m in read_mentions(SNAPSHOT.read_bytes().splitlines()) if isinstance(m, Mention)]


def _json_text(value):
    return None if value is None else orjson.dumps(value).decode()


def test_tables_row_has_the_schema_columns_with_json_text():
    """A table row has the JSONL fields in order, with `value` and `fields` as JSON text and None for null."""
    money = Mention("d", "d.txt", "MONEY", "$3m", 0, 3, "s", "model", "$3m", {"amount": 3e6, "currency": "USD"})
    row = table_row(money)
    assert tuple(row) == FIELDS
    assert (row["value"], row["fields"], row["date"]) == ('{"amount":3000000.0,"currency":"USD"}', "{}", None)
    assert table_row(Mention("d", "d.txt", "ORG", "Acme", 0, 4, "s", "model", "Acme"))["value"] is None


def test_tables_csv_round_trips_the_seed_mentions():
    """The CSV has a header of the schema and one row per mention whose JSON text columns parse back."""
    mentions = _snapshot()
    stream = io.BytesIO()
    assert write_csv(mentions, stream) == len(mentions)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue().decode("utf-8"), newline="")))
    assert tuple(rows[0]) == FIELDS
    assert len(rows) == len(mentions)
    for row, mention in zip(rows, mentions):
        assert row["text"] == mention.text and int(row["start"]) == mention.start
        assert (orjson.loads(row["value"]) if row["value"] else None) == mention.value
        assert orjson.loads(row["fields"]) == mention.fields
        assert (row["date"] or None) == mention.date


@pytest.mark.parametrize("count", [0, 1, None])
def test_tables_parquet_has_the_fixed_schema_and_round_trips(count):
    """Parquet (empty, one row or all the seeds) has the fixed schema and the same values, JSON text columns included."""
    pq = pytest.importorskip("pyarrow.parquet")
    mentions = _snapshot()[:count]
    stream = io.BytesIO()
    assert write_parquet(mentions, stream) == len(mentions)
    table = pq.read_table(io.BytesIO(stream.getvalue()))
    assert table.schema.equals(parquet_schema())
    assert [str(t) for t in table.schema.types] == [
        *["string"] * 4,
        "int64",
        "int64",
        *["string"] * 4,
        "date32[day]",
        "string",
    ]
    rows = table.to_pylist()
    assert [r["text"] for r in rows] == [m.text for m in mentions]
    assert [r["value"] for r in rows] == [_json_text(m.value) for m in mentions]
    assert [r["date"] and r["date"].isoformat() for r in rows] == [m.date for m in mentions]


def test_tables_parquet_output_is_byte_identical_across_runs():
    """Writing the same mentions twice gives the same Parquet bytes."""
    pytest.importorskip("pyarrow")
    first, second = io.BytesIO(), io.BytesIO()
    write_parquet(_snapshot(), first)
    write_parquet(_snapshot(), second)
    assert first.getvalue() == second.getvalue()


def test_tables_interrupted_parquet_leaves_the_earlier_file(tmp_path):
    """A run that fails while writing Parquet to -o leaves the earlier file as it was and no temporary file."""
    pytest.importorskip("pyarrow")
    out = tmp_path / "out.parquet"
    out.write_bytes(b"earlier")

    def failing():
        yield from _snapshot()[:5]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), atomic_output(out) as stream:
        write_parquet(failing(), stream)
    assert out.read_bytes() == b"earlier"
    assert [path.name for path in tmp_path.iterdir()] == ["out.parquet"]


@pytest.mark.parametrize("format", ["csv", "parquet"])
def test_tables_cli_format_writes_the_same_mentions_as_jsonl(format, tmp_path):
    """`extract -f csv|parquet -o FILE` writes the mentions that the JSONL output has, in order."""
    pytest.importorskip("pyarrow")
    import duckdb

    jsonl = runner.invoke(app, ["extract", str(SEED), "-q"], catch_exceptions=False)
    out = tmp_path / f"seed.{format}"
    result = runner.invoke(app, ["extract", str(SEED), "-q", "-f", format, "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout == ""
    reader = "read_csv" if format == "csv" else "read_parquet"
    rows = duckdb.sql(f"SELECT label, text, start, value FROM {reader}('{out}')").fetchall()
    expected = [orjson.loads(line) for line in jsonl.stdout.splitlines()]
    assert rows == [(r["label"], r["text"], r["start"], _json_text(r["value"])) for r in expected]


def test_tables_cli_parquet_to_stdout_in_a_real_subprocess(tmp_path):
    """`python -m corpusx extract FILE -f parquet > FILE.parquet` writes a readable Parquet file through a pipe."""
    pq = pytest.importorskip("pyarrow.parquet")
    result = subprocess.run(
        [sys.executable, "-m", "corpusx", "extract", str(SEED), "-q", "-f", "parquet", "--labels", "MONEY"],
        capture_output=True,
        check=True,
    )
    table = pq.read_table(io.BytesIO(result.stdout))
    assert table.num_rows > 0 and set(table.column("label").to_pylist()) == {"MONEY"}


def test_tables_missing_pyarrow_is_one_line_exit_2(monkeypatch, tmp_path):
    """Without pyarrow, `-f parquet` stops before the run with one line naming the extra to install, exit 2."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["extract", str(SEED), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == "corpusx: --format parquet needs pyarrow: pip install 'corpusx[parquet]'\n"
    assert not out.exists()
