"""The JSONL read by the tools users reach for."""

from __future__ import annotations

import duckdb
import orjson


def test_consumer_duckdb_groups_mentions_by_label(tmp_path, seed_jsonl):
    """DuckDB's read_json loads the output and a GROUP BY over label gives the per-label counts."""
    path = tmp_path / "seeds.jsonl"
    path.write_bytes(seed_jsonl)
    rows = duckdb.sql(
        f"SELECT label, count(*) AS n FROM read_json('{path}', format='newline_delimited') GROUP BY label ORDER BY label"
    ).fetchall()
    expected = {}
    for line in seed_jsonl.splitlines():
        label = line.split(b'"label":"', 1)[1].split(b'"', 1)[0].decode()
        expected[label] = expected.get(label, 0) + 1
    assert dict(rows) == expected


def test_consumer_duckdb_and_pandas_read_kept_fields_and_dates(tmp_path):
    """DuckDB reads `fields.url` and `date` as a DATE; pandas' json_normalize gives a `fields.url` column."""
    import datetime

    import pandas as pd

    from corpusx import Mention, write_mentions

    mentions = [
        Mention("a", "a.jsonl", "ORG", "Acme", 0, 4, "Acme.", "model", "Acme", None, "2024-03-05", {"url": "u1"}),
        Mention("b", "a.jsonl", "ORG", "Acme", 0, 4, "Acme.", "model", "Acme", None, None, {"url": None}),
    ]
    path = tmp_path / "m.jsonl"
    with path.open("wb") as stream:
        write_mentions(mentions, stream)
    rows = duckdb.sql(f"SELECT doc, fields.url, date FROM read_json('{path}', format='newline_delimited')").fetchall()
    assert rows == [("a", "u1", datetime.date(2024, 3, 5)), ("b", None, None)]
    frame = pd.json_normalize([orjson.loads(line) for line in path.read_bytes().splitlines()])
    assert frame["fields.url"].tolist()[0] == "u1" and frame["fields.url"].isna().tolist() == [False, True]
