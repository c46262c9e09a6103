"""Mentions as tables: CSV and Parquet with one fixed schema, `value` and `fields` as JSON text."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

import orjson

from corpusx.errors import CorpusxError
from corpusx.outputs.records import FIELDS
from corpusx.types import Mention

FORMATS = ("jsonl", "csv", "parquet")
#: Columns holding JSON text in tables (a JSON value of any shape does not fit one column type).
JSON_COLUMNS = frozenset({"value", "fields"})
INTEGER_COLUMNS = frozenset({"start", "end"})
PARQUET_HINT = "pip install 'corpusx[parquet]'"
BATCH_ROWS = 10_000


class MissingDependency(CorpusxError):
    """An optional package an output format needs is not installed."""


def table_row(mention: Mention) -> dict[str, Any]:
    """The mention as a table row: schema columns in order, `value` and `fields` as JSON text (None for null)."""
    row = {name: getattr(mention, name) for name in FIELDS}
    for name in JSON_COLUMNS:
        row[name] = None if row[name] is None else orjson.dumps(row[name]).decode()
    return row


def write_csv(mentions: Iterable[Mention], stream: IO[bytes]) -> int:
    """Write mentions as UTF-8 CSV with a header row (null as an empty cell); return how many were written."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for mention in mentions:
        writer.writerow(table_row(mention))
        count += 1
    text.flush()
    text.detach()
    return count


def parquet_schema() -> Any:
    """The Parquet schema: strings, int64 offsets, `date` as a date32 (null if unknown)."""
    pa = require_pyarrow()
    types = {name: pa.int64() if name in INTEGER_COLUMNS else pa.string() for name in FIELDS}
    types["date"] = pa.date32()
    return pa.schema([pa.field(name, types[name], nullable=name not in INTEGER_COLUMNS) for name in FIELDS])


def write_parquet(mentions: Iterable[Mention], stream: IO[bytes]) -> int:
    """Write mentions as one Parquet file, in row groups of BATCH_ROWS; return how many were written."""
    pa = require_pyarrow()
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(stream, schema, compression="zstd") as writer:
        for batch in _batches(mentions):
            rows = [table_row(mention) for mention in batch]
            for row in rows:
                row["date"] = _iso_date(row["date"])
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
    return count


def require_pyarrow() -> Any:
    """The pyarrow module, or MissingDependency naming the extra that installs it."""
    try:
        import pyarrow
    except ImportError:
        raise MissingDependency(f"--format parquet needs pyarrow: {PARQUET_HINT}") from None
    return pyarrow


def _batches(mentions: Iterable[Mention]) -> Iterator[list[Mention]]:
    iterator = iter(mentions)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


def _iso_date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)
