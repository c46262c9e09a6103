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
