"""DATE values scored against TimeML gold (shared/gold/EVALUATION.md, "Scoring DATE values against TimeML gold").

A gold document is one JSON line with its `text`, its publication `date` and its `timexes`
(`start`, `end`, `type`, `value`). The scored timexes are the DATE ones with a calendar value
(four digits or `XXXX` first); one is found when a DATE mention overlaps it, and right when one
overlapping mention's value equals the gold value.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpusx.errors import InputError
from corpusx.jsonl import json_lines
from corpusx.types import Document, Mention

CALENDAR_VALUE_RE = re.compile(r"^(?:\d{4}|XXXX)")


@dataclass(frozen=True, slots=True)
class TimexScore:
    """How many gold timexes there are, how many a mention found, and how many of those got the gold value."""

    total: int
    found: int
    right: int

    @property
    def found_share(self) -> float:
        return self.found / max(self.total, 1)

    @property
    def value_accuracy(self) -> float:
        return self.right / max(self.found, 1)


def read_timeml(path: str | Path) -> list[dict[str, Any]]:
    """The gold documents of a TimeML JSONL file, one dict per line."""
    records = []
    with Path(path).open("rb") as stream:
        for item in json_lines(stream, str(path)):
            if isinstance(item, InputError):
                raise item
            records.append(item[1])
    return records


def timeml_documents(records: Iterable[dict[str, Any]]) -> Iterator[Document]:
    """Each gold document as a `Document` whose reference date is its publication date."""
    for record in records:
        date = datetime.date.fromisoformat(record["date"]) if record.get("date") else None
        yield Document(record["doc"], "<timeml>", record["text"], date)


def scored_timexes(record: dict[str, Any], kind: str = "DATE") -> list[dict[str, Any]]:
    """The document's DATE timexes that carry a calendar value, or all its timexes of another `kind`."""
    if kind != "DATE":
        return [t for t in record["timexes"] if t["type"] == kind]
    return [t for t in record["timexes"] if t["type"] == "DATE" and CALENDAR_VALUE_RE.match(t["value"] or "")]


def overlapping(timex: dict[str, Any], mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions that share a character with the timex."""
    return [m for m in mentions if m.start < timex["end"] and timex["start"] < m.end]


def score_timexes(records: Iterable[dict[str, Any]], mentions: Iterable[Mention], kind: str = "DATE") -> TimexScore:
    """Found and right counts of the gold timexes of `kind` against the DATE `mentions` of the same documents."""
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.label == "DATE":
            by_doc.setdefault(mention.doc, []).append(mention)
    total = found = right = 0
    for record in records:
        for timex in scored_timexes(record, kind):
            total += 1
            if near := overlapping(timex, by_doc.get(record["doc"], [])):
                found += 1
                right += any(m.value == timex["value"] for m in near)
    return TimexScore(total, found, right)
