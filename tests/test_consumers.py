"""The JSONL read by the tools users reach for."""

from __future__ import annotations

import duckdb


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
