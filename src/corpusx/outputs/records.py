"""The mention record: one JSON object per line, written and read back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import IO

import orjson

from corpusx.errors import InputError
from corpusx.jsonl import json_lines
from corpusx.types import Mention

FIELDS = tuple(field.name for field in fields(Mention))
#: The JSON type each field must have; `value` is any JSON value. `path` may be null (stdin, Document objects).
FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "doc": str, "path": (str, type(None)), "label": str, "text": str, "start": int, "end": int,
    "sentence": str, "source": str, "canonical": str,
}  # fmt: skip
#: Fields added after the first release: a file written before them still reads, with their defaults.
OPTIONAL = frozenset({"date", "fields"})


def to_json_line(mention: Mention) -> bytes:
    """The mention as one JSONL line (fields in schema order, newline included)."""
    return orjson.dumps(mention, option=orjson.OPT_APPEND_NEWLINE)


def write_mentions(mentions: Iterable[Mention], stream: IO[bytes]) -> int:
    """Write mentions as JSONL to a binary stream; return how many were written."""
    count = 0
    for mention in mentions:
        stream.write(to_json_line(mention))
        count += 1
    return count


def read_mentions(lines: Iterable[bytes | str], path: str = "-") -> Iterator[Mention | InputError]:
    """Parse mention JSONL, yielding an InputError (with its line number) for each bad line."""
    for item in json_lines(lines, path):
        if isinstance(item, InputError):
            yield item
            continue
        number, record = item
        if not isinstance(record, dict):
            yield InputError(path, "not a JSON object", line=number)
            continue
        missing = [name for name in FIELDS if name not in record and name not in OPTIONAL]
        if missing:
            yield InputError(path, f"missing field {', '.join(missing)}", line=number)
            continue
        wrong = [
            name
            for name, kind in FIELD_TYPES.items()
            if name in record and (not isinstance(record[name], kind) or isinstance(record[name], bool))
        ]
        if wrong:
            yield InputError(path, f"field {', '.join(wrong)} of the wrong JSON type", line=number)
            continue
        yield Mention(**{name: record[name] for name in FIELDS if name in record})
