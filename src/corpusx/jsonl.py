"""Reading JSON Lines: one home for the line loop, blank lines, a leading BOM and the error naming the line."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from corpusx.errors import InputError


def json_lines(lines: Iterable[bytes | str], path: str) -> Iterator[tuple[int, Any] | InputError]:
    """`(line number, value)` for each non-blank line, or an InputError for a line that is not JSON."""
    for number, line in enumerate(lines, start=1):
        if number == 1 and isinstance(line, bytes):
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        try:
            yield number, orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield InputError(path, f"not valid JSON ({error.msg})", line=number)
