"""Golden files: the seeds' JSONL, byte for byte, per document."""

from __future__ import annotations

import pytest

from .conftest import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden"
REGENERATE = "regenerate with: .venv/bin/python -m pytest tests/test_golden.py --update-golden"


def _split_by_doc(jsonl: bytes) -> dict[str, bytes]:
    parts: dict[str, bytes] = {path.stem: b"" for path in SEEDS.glob("*.txt")}
    for line in jsonl.splitlines(keepends=True):
        doc = line.split(b'"doc":"', 1)[1].split(b'"', 1)[0].decode()
        parts[doc] += line
    return parts


@pytest.mark.parametrize("seed", sorted(path.stem for path in SEEDS.glob("*.txt")))
def test_golden_seed_output_is_unchanged(seed, seed_jsonl, update_golden):
    """Each seed's mentions equal the committed golden file."""
    actual = _split_by_doc(seed_jsonl)[seed]
    golden = GOLDEN / f"{seed}.jsonl"
    if update_golden:
        golden.write_bytes(actual)
    assert golden.exists(), f"{golden} is missing; {REGENERATE}"
    assert actual == golden.read_bytes(), f"output for {seed} changed; review it, then {REGENERATE}"
