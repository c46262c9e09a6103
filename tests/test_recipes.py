"""The README's recipes, run for real (jq, DuckDB, pandas) against the seeds' output (tests/snapshots)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter

import duckdb
import orjson
import pytest

from corpusx.outputs.records import read_mentions, write_mentions
from corpusx.outputs.tables import FORMATS, write_csv, write_parquet

from .conftest import ROOT

SEEDS_OUTPUT = ROOT / "tests" / "snapshots" / "seeds-mentions.jsonl"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def _recipes() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Recipes\n", 1)[1].split("\n## ", 1)[0]
    return FENCE.findall(section)


@pytest.fixture()
def seeds_out(tmp_path):
    """A working folder holding the seeds' output (the committed snapshot input) as out/seeds.jsonl, and its records."""
    data = SEEDS_OUTPUT.read_bytes()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "seeds.jsonl").write_bytes(data)
    return tmp_path, [orjson.loads(line) for line in data.splitlines()]


def _readers() -> dict[str, tuple[str, str]]:
    """The Recipes section's table: format -> (DuckDB FROM expression, pandas reader call)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Recipes\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\w+) \| `(.+?)` \| `(.+?)` \|$", section, re.M)
    return {name: (duckdb_from, pandas_read) for name, duckdb_from, pandas_read in rows}


@pytest.fixture(params=FORMATS)
def seeds_table(request, seeds_out):
    """The seeds' output written in one format as out/seeds.<format>, with that format's readers from the README."""
    folder, records = seeds_out
    mentions = list(read_mentions((folder / "out" / "seeds.jsonl").read_bytes().splitlines()))
    writer = {"jsonl": write_mentions, "csv": write_csv, "parquet": write_parquet}[request.param]
    with (folder / "out" / f"seeds.{request.param}").open("wb") as stream:
        writer(mentions, stream)
    duckdb_from, pandas_read = _readers()[request.param]
    jsonl_from, jsonl_read = _readers()["jsonl"]
    return folder, records, (jsonl_from, duckdb_from), (jsonl_read, pandas_read)


def test_recipes_readme_names_a_reader_for_each_format():
    """The Recipes table gives a DuckDB and a pandas reader for jsonl, csv and parquet, and the recipes use jsonl's."""
    readers = _readers()
    assert tuple(readers) == FORMATS
    (query,) = (code for language, code in _recipes() if language == "sql")
    (code,) = (code for language, code in _recipes() if language == "python")
    assert readers["jsonl"][0] in query and readers["jsonl"][1] in code


def test_recipes_duckdb_query_on_each_format(seeds_table, monkeypatch):
    """The DuckDB recipe, reading jsonl, csv or parquet, gives the same top entities from the same mentions."""
    folder, records, (jsonl_from, table_from), _ = seeds_table
    monkeypatch.chdir(folder)
    (query,) = (code for language, code in _recipes() if language == "sql")
    rows = duckdb.sql(query.replace(jsonl_from, table_from)).fetchall()
    mentions = Counter((r["label"], r["canonical"]) for r in records)
    expected = sorted(mentions, key=lambda key: (-mentions[key], key))[:10]
    assert [(label, name, count) for label, name, count, _ in rows] == [(*key, mentions[key]) for key in expected]


def test_recipes_pandas_snippet_on_each_format(seeds_table):
    """The pandas recipe, reading jsonl, csv or parquet, prints the same document-by-label counts."""
    pytest.importorskip("pandas")
    folder, records, _, (jsonl_read, table_read) = seeds_table
    (code,) = (code for language, code in _recipes() if language == "python")
    code = code.replace(jsonl_read, table_read)
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True)
    header = next(line for line in result.stdout.splitlines() if line.startswith("label")).split()[1:]
    for doc in sorted({r["doc"] for r in records}):
        row = next(line for line in result.stdout.splitlines() if line.startswith(doc))
        counts = Counter(r["label"] for r in records if r["doc"] == doc)
        assert [int(n) for n in row.split()[1:]] == [counts[label] for label in header]


def test_recipes_readme_has_the_four_recipes():
    """The Recipes section holds two jq filters, one DuckDB query and one pandas snippet, in that order."""
    assert [language for language, _ in _recipes()] == ["sh", "sh", "sql", "python"]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (.ci/run installs it)")
def test_recipes_jq_filters(seeds_out):
    """The jq recipes list every ORG mention and each canonical person once."""
    folder, records = seeds_out
    org, people = (code for language, code in _recipes() if language == "sh")

    def run(code):
        return subprocess.run(["bash", "-c", code], cwd=folder, capture_output=True, text=True, check=True).stdout

    orgs = [orjson.loads(line) for line in run(org).splitlines()]
    assert orgs == [{"doc": r["doc"], "text": r["text"]} for r in records if r["label"] == "ORG"]
    assert run(people).splitlines() == sorted({r["canonical"] for r in records if r["label"] == "PERSON"})


def test_recipes_duckdb_query(seeds_out, monkeypatch):
    """The DuckDB recipe counts mentions and documents per entity, most mentioned first."""
    folder, records = seeds_out
    monkeypatch.chdir(folder)
    (query,) = (code for language, code in _recipes() if language == "sql")
    rows = duckdb.sql(query).fetchall()
    mentions = Counter((r["label"], r["canonical"]) for r in records)
    docs = {key: len({r["doc"] for r in records if (r["label"], r["canonical"]) == key}) for key in mentions}
    expected = sorted(mentions, key=lambda key: (-mentions[key], key))[:10]
    assert rows == [(label, name, mentions[(label, name)], docs[(label, name)]) for label, name in expected]


def test_recipes_pandas_snippet(seeds_out):
    """The pandas recipe prints a document-by-label table of counts."""
    pytest.importorskip("pandas")
    folder, records = seeds_out
    (code,) = (code for language, code in _recipes() if language == "python")
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True)
    first = records[0]["doc"]
    row = next(line for line in result.stdout.splitlines() if line.startswith(first))
    counts = Counter(r["label"] for r in records if r["doc"] == first)
    header = next(line for line in result.stdout.splitlines() if line.startswith("label")).split()[1:]
    assert [int(n) for n in row.split()[1:]] == [counts[label] for label in header]
