"""Strings of the gold sets that appear in the code or in `models/`: the check that no rule is tuned to a gold file.

Run: .venv/bin/python benchmarks/gold_strings.py [--gold-dir ../shared/gold] [--corpus ../shared/corpora/bbc]
Looks for every ORG and PERSON name of the gold (its text and canonical name), every DATE and MONEY
mention of three words or more, and every run of six words of the gold articles, in `src/` and
`models/`. A hit is printed with its file; general words (a country, a well-known acronym, a month)
can hit and are read by hand, a company or a sentence of a gold article must not. Exit code 1 when
something hits.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CORPUSX_SHARED", ROOT.parent / "shared"))
SCANNED = ("src", "models")
NGRAM = 6


def gold_records(gold_dir: Path) -> Iterator[dict]:
    """Every record of every JSONL gold file in `gold_dir`."""
    for path in sorted(gold_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            yield from (json.loads(line) for line in lines if line.strip())


def article_text(record: dict, corpora: list[Path]) -> str:
    """The record's own text, or its `<doc>.txt` in the first corpus folder holding it."""
    if "text" in record:
        return record["text"]
    for folder in corpora:
        path = folder / f"{record['doc']}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
    return ""


def gold_strings(gold_dir: Path, corpora: list[Path]) -> set[str]:
    """Names, long values and six-word runs of the gold sets."""
    strings: set[str] = set()
    for record in gold_records(gold_dir):
        for entity in record.get("entities", []):
            texts = [entity.get("text", ""), entity.get("canonical") or ""]
            if entity.get("label") in ("ORG", "PERSON"):
                strings.update(text for text in texts if len(text) > 3)
            elif len(entity.get("text", "").split()) >= 3:
                strings.add(entity["text"])
        words = article_text(record, corpora).split()
        strings.update(" ".join(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1))
    return strings


def scanned_files() -> Iterator[Path]:
    for folder in SCANNED:
        yield from (path for path in sorted((ROOT / folder).rglob("*")) if path.is_file() and path.suffix != ".pyc")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", type=Path, default=SHARED / "gold")
    parser.add_argument("--corpus", type=Path, action="append", default=None)
    args = parser.parse_args()
    corpora = args.corpus or [SHARED / "corpora" / "bbc", ROOT / "seeds"]
    strings = gold_strings(args.gold_dir, corpora)
    hits = 0
    for path in scanned_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for string in sorted(strings):
            if string in text and re.search(rf"(?<!\w){re.escape(string)}(?!\w)", text):
                hits += 1
                print(f"{path.relative_to(ROOT)}: {string!r}")
    print(f"{len(strings)} gold strings, {hits} hits in {', '.join(SCANNED)}")
    return 1 if hits else 0


if __name__ == "__main__":
    raise SystemExit(main())
