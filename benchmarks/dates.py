"""DATE values scored against TimeML gold (EVALUATION.md, "Scoring DATE values against TimeML gold").

Run: .venv/bin/python benchmarks/dates.py [--gold ../shared/gold/timebank.jsonl] [--errors] [--no-split] [--without FAMILY]
[--type DURATION]
Each document is extracted with its `date` as the reference date. The gold items are its DATE
timexes with a calendar value (four digits or `XXXX` first); one is found when a DATE mention
overlaps it, and right when one overlapping mention's value equals the gold value. Ranges are split
into their ends (TimeML style) unless --no-split (one mention per range, as `extract` does by default).
`--type DURATION` scores the DURATION timexes instead, whatever their value (outside the metric).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
from pathlib import Path

import corpusx
from corpusx.model.pipeline import load_pipeline
from corpusx.types import Document, Mention

ROOT = Path(__file__).resolve().parents[1]
CALENDAR_VALUE_RE = re.compile(r"^(?:\d{4}|XXXX)")


def read_timexes(gold: Path) -> list[dict]:
    """The gold documents, one dict per line."""
    with gold.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def scored_timexes(record: dict, kind: str = "DATE") -> list[dict]:
    """The document's DATE timexes that carry a calendar value, or all its timexes of another `kind`."""
    if kind != "DATE":
        return [t for t in record["timexes"] if t["type"] == kind]
    return [t for t in record["timexes"] if t["type"] == "DATE" and CALENDAR_VALUE_RE.match(t["value"] or "")]


def date_mentions(records: list[dict], split: bool = True, without: tuple[str, ...] = ()) -> dict[str, list[Mention]]:
    """DATE mentions per document id, each document resolved against its own `date`, with the rule
    families `without` switched off."""
    documents = [
        Document(r["doc"], "<timebank>", r["text"], datetime.date.fromisoformat(r["date"]) if r["date"] else None)
        for r in records
    ]
    found: dict[str, list[Mention]] = {r["doc"]: [] for r in records}
    for mention in corpusx.extract(
        documents, model=load_pipeline(disabled_rules=without), labels=["DATE"], split_date_ranges=split
    ):
        found[mention.doc].append(mention)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "timebank.jsonl")
    parser.add_argument("--errors", action="store_true", help="list the found timexes whose value is wrong")
    parser.add_argument("--no-split", action="store_true", help="keep each range as one mention (extract's default)")
    parser.add_argument("--without", action="append", default=[], help="a rule family to switch off (repeatable)")
    parser.add_argument(
        "--type",
        default="DATE",
        choices=["DATE", "DURATION"],
        help="score DURATION timexes instead (not in the metric)",
    )
    args = parser.parse_args()
    records = read_timexes(args.gold)
    mentions = date_mentions(records, split=not args.no_split, without=tuple(args.without))
    total = found = right = 0
    for record in records:
        for timex in scored_timexes(record, args.type):
            total += 1
            overlapping = [m for m in mentions[record["doc"]] if m.start < timex["end"] and timex["start"] < m.end]
            if not overlapping:
                continue
            found += 1
            if any(m.value == timex["value"] for m in overlapping):
                right += 1
            elif args.errors:
                predicted = " | ".join(f"{m.text!r}={m.value}" for m in overlapping)
                print(f"{record['doc']}\t{record['date']}\t{timex['text']!r}\t{timex['value']}\t{predicted}")
    print(
        f"found {found}/{total} = {found / max(total, 1):.3f}; value right {right}/{found} = {right / max(found, 1):.3f}"
    )


if __name__ == "__main__":
    main()
