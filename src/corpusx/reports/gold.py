"""Reading the gold files and mention predictions that `evaluation` scores, with one-line errors naming the line.

Formats as in shared/gold/EVALUATION.md: one gold document per line with its entities
(`optional`, and `value` / `canonical` where annotated, a list where several are acceptable);
predictions are mention JSONL, of which only the fields scoring uses are required.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from corpusx.errors import InputError
from corpusx.jsonl import json_lines
from corpusx.types import Mention

PREDICTION_FIELDS = ("doc", "label", "text", "start", "end", "canonical", "value")


class EvaluationInputError(InputError, ValueError):
    """A gold or prediction line that cannot be scored; names the file and line."""


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """One gold mention; `values`/`canonicals` are the acceptable alternatives, None if not annotated."""

    label: str
    start: int
    end: int
    text: str
    optional: bool
    values: tuple[Any, ...] | None = None
    canonicals: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """The gold mentions and boilerplate blocks of one document."""

    doc: str
    entities: tuple[GoldEntity, ...]
    boilerplate: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Prediction:
    doc: str
    label: str
    text: str
    start: int
    end: int
    canonical: Any
    value: Any


def read_gold(path: str | Path) -> dict[str, GoldDocument]:
    """Read a gold JSONL file (one document per line) into documents keyed by doc id."""
    documents: dict[str, GoldDocument] = {}
    for number, record in _records(path):
        try:
            document = _parse_gold_document(record)
        except (ValueError, TypeError, KeyError) as error:
            raise EvaluationInputError(str(path), _describe(error), line=number) from error
        if document.doc in documents:
            raise EvaluationInputError(str(path), f"document {document.doc!r} repeated", line=number)
        documents[document.doc] = document
    return documents


def read_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Read mention JSONL, raising EvaluationInputError at the first line that cannot be scored.

    Only the fields scoring uses (PREDICTION_FIELDS) are required; blank lines are skipped.
    """
    records = []
    for number, record in _records(path):
        parse_prediction(record, str(path), number)
        records.append(record)
    return records


def _records(path: str | Path) -> Iterator[tuple[int, Any]]:
    """The JSON value of each line of `path`, raising EvaluationInputError at a line that is not JSON."""
    with open(path, "rb") as stream:
        for item in json_lines(stream, str(path)):
            if isinstance(item, InputError):
                raise EvaluationInputError(item.path, item.reason, line=item.line)
            yield item


def _parse_gold_document(record: Any) -> GoldDocument:
    """A GoldDocument from one decoded gold line; ValueError/TypeError/KeyError if malformed."""
    if not isinstance(record, dict):
        raise TypeError("not a JSON object")
    doc = _require(record, "doc", str)
    entities = tuple(_parse_gold_entity(entity) for entity in record.get("entities", []))
    boilerplate = []
    for block in record.get("boilerplate", []):
        if not (isinstance(block, list) and len(block) == 2 and all(_is_offset(bound) for bound in block)):
            raise ValueError(f"boilerplate block {block!r} is not [start, end]")
        boilerplate.append((block[0], block[1]))
    return GoldDocument(doc=doc, entities=entities, boilerplate=tuple(boilerplate))


def _parse_gold_entity(record: Any) -> GoldEntity:
    """A GoldEntity from one decoded gold entity object."""
    if not isinstance(record, dict):
        raise TypeError(f"entity {record!r} is not a JSON object")
    text = _require(record, "text", str)
    start, end = _require(record, "start", int), _require(record, "end", int)
    _check_span(text, start, end)
    canonicals = None
    if "canonical" in record:
        canonicals = tuple(_alternatives(record["canonical"]))
        if not all(isinstance(name, str) for name in canonicals):
            raise TypeError(f"canonical of {text!r} must be a string or a list of strings")
    return GoldEntity(
        label=_require(record, "label", str),
        start=start,
        end=end,
        text=text,
        optional=bool(record.get("optional", False)),
        values=tuple(_alternatives(record["value"])) if "value" in record else None,
        canonicals=canonicals,
    )


def parse_prediction(record: Mention | Mapping[str, Any], source: str, number: int) -> Prediction:
    """A validated prediction, or EvaluationInputError naming the record's position."""
    if isinstance(record, Mention):
        record = {field.name: getattr(record, field.name) for field in fields(Mention)}
    try:
        if not isinstance(record, Mapping):
            raise TypeError("not a JSON object")
        missing = [name for name in PREDICTION_FIELDS if name not in record]
        if missing:
            raise KeyError(f"missing field {', '.join(missing)}")
        text = _require(record, "text", str)
        start, end = _require(record, "start", int), _require(record, "end", int)
        _check_span(text, start, end)
        return Prediction(
            doc=_require(record, "doc", str),
            label=_require(record, "label", str),
            text=text,
            start=start,
            end=end,
            canonical=record["canonical"],
            value=record["value"],
        )
    except (TypeError, ValueError, KeyError) as error:
        raise EvaluationInputError(source, _describe(error), line=number) from error


def _require(record: Mapping[str, Any], name: str, kind: type) -> Any:
    """record[name], checked to be of `kind` (a bool is not an int)."""
    if name not in record:
        raise KeyError(f"missing field {name}")
    value = record[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"field {name} must be {'an integer' if kind is int else 'a string'}, got {value!r}")
    return value


def _check_span(text: str, start: int, end: int) -> None:
    """Raise ValueError unless 0 <= start <= end and text has end - start characters."""
    if not 0 <= start <= end:
        raise ValueError(f"span {start}..{end} is not a valid offset range")
    if len(text) != end - start:
        raise ValueError(f"text {text!r} has {len(text)} characters but span {start}..{end} covers {end - start}")


def _alternatives(value: Any) -> list[Any]:
    """A gold value or canonical as a list of acceptable alternatives."""
    return value if isinstance(value, list) else [value]


def _describe(error: Exception) -> str:
    """One-line reason for a parse error (KeyError's repr quotes are dropped)."""
    return str(error.args[0]) if error.args else type(error).__name__


def is_number(value: Any) -> bool:
    """An int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_offset(value: Any) -> bool:
    """A non-negative int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
