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
from pathlib import Path

import corpusx
from corpusx.model.pipeline import load_pipeline
from corpusx.reports.timeml import overlapping, read_timeml, score_timexes, scored_timexes, timeml_documents

ROOT = Path(__file__).resolve().parents[1]


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
    records = read_timeml(args.gold)
    mentions = list(
        corpusx.extract(
            timeml_documents(records),
            model=load_pipeline(disabled_rules=tuple(args.without)),
            labels=["DATE"],
            split_date_ranges=not args.no_split,
        )
    )
    if args.errors:
        for record in records:
            for timex in scored_timexes(record, args.type):
                near = overlapping(timex, [m for m in mentions if m.doc == record["doc"]])
                if near and not any(m.value == timex["value"] for m in near):
                    predicted = " | ".join(f"{m.text!r}={m.value}" for m in near)
                    print(f"{record['doc']}\t{record['date']}\t{timex['text']!r}\t{timex['value']}\t{predicted}")
    score = score_timexes(records, mentions, args.type)
    print(
        f"found {score.found}/{score.total} = {score.found_share:.3f}; "
        f"value right {score.right}/{score.found} = {score.value_accuracy:.3f}"
    )


if __name__ == "__main__":
    main()
