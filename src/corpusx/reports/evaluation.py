"""Score predicted mentions against a gold file, exactly as shared/gold/EVALUATION.md describes.

A prediction is a true positive when document, label and *trimmed* span equal a gold mention's.
Both sides are trimmed the same way (see `trim_span`), and the trimmed offsets are compared.
Optional gold spans neither reward nor punish; each gold span matches at most one prediction.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import orjson

from corpusx.errors import InputError
from corpusx.types import LABELS, Mention

ALL = "ALL"
VALUE_LABELS = ("DATE", "MONEY")
CANONICAL_LABELS = ("ORG", "PERSON")
AMOUNT_RELATIVE_TOLERANCE = 1e-9
LEADING_MODIFIERS = (
    "the", "a", "an", "up to", "about", "approximately", "around", "nearly", "almost",
    "more than", "over", "some", "roughly", "at least", "less than", "under", "only", "just",
    "an estimated",
)  # fmt: skip
APOSTROPHES = "'\u2019"
PREDICTION_FIELDS = ("doc", "label", "text", "start", "end", "canonical", "value")

# Longest first, so "an estimated" wins over "an"; words may be separated by any whitespace.
_LEADING_MODIFIER = re.compile(
    "(?:"
    + "|".join(
        r"\s+".join(map(re.escape, modifier.split())) for modifier in sorted(LEADING_MODIFIERS, key=len, reverse=True)
    )
    + r")\s+(?=\S)",
    re.IGNORECASE,
)


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
class LabelScore:
    """True positive, false positive and false negative counts of one label (or of all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 0.0 when nothing was predicted."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 0.0 when there is nothing to find."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, 0.0 when both are 0."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True, slots=True)
class Accuracy:
    """How many of `total` scored mentions were `correct`."""

    correct: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        """correct / total, None when no mention was scored."""
        return self.correct / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class ScoringError:
    """One false positive ("fp") or false negative ("fn"), with its untrimmed span."""

    kind: str
    doc: str
    label: str
    text: str
    start: int
    end: int
    in_boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores per label and micro-averaged ("ALL"), every error, normalisation accuracies and the matched pairs."""

    scores: dict[str, LabelScore]
    errors: list[ScoringError]
    value_accuracy: dict[str, Accuracy]
    canonical_accuracy: dict[str, Accuracy]
    matches: list[tuple[GoldEntity, _Prediction]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Prediction:
    doc: str
    label: str
    text: str
    start: int
    end: int
    canonical: Any
    value: Any


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of `text` (the characters from start to end) without what matching ignores.

    Repeatedly strips surrounding whitespace and punctuation, one leading modifier from
    LEADING_MODIFIERS (whole words, case-insensitive, only if something follows) and a trailing
    "'s" (straight or curly apostrophe), until nothing changes:
    "about the $5" -> "$5", "the company's." -> "company".
    A plural possessive ("Reuters'") loses only its apostrophe, as a punctuation mark.
    """
    left, right = 0, len(text)
    while True:
        before = (left, right)
        while left < right and _is_trimmable(text[left]):
            left += 1
        while right > left and _is_trimmable(text[right - 1]):
            right -= 1
        modifier = _LEADING_MODIFIER.match(text, left, right)
        if modifier:
            left = modifier.end()
        if right - left > 2 and text[right - 2] in APOSTROPHES and text[right - 1] in "sS":
            right -= 2
        if (left, right) == before:
            return start + left, start + right


def read_gold(path: str | Path) -> dict[str, GoldDocument]:
    """Read a gold JSONL file (one document per line) into documents keyed by doc id."""
    documents: dict[str, GoldDocument] = {}
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                document = _parse_gold_document(orjson.loads(line))
            except (orjson.JSONDecodeError, ValueError, TypeError, KeyError) as error:
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
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as error:
                raise EvaluationInputError(str(path), _describe(error), line=number) from error
            _parse_prediction(record, str(path), number)
            records.append(record)
    return records


def evaluate(
    gold: Mapping[str, GoldDocument],
    predictions: Iterable[Mention | Mapping[str, Any]],
    *,
    source: str = "<predictions>",
) -> Evaluation:
    """Score predictions against gold documents.

    Predictions of documents absent from `gold` and of labels other than ORG, PERSON, DATE and
    MONEY are ignored. A malformed prediction raises EvaluationInputError naming `source` and its
    1-based position. When several predictions share a span, the first one is scored for value
    and canonical accuracy and the others are false positives.
    """
    by_document: dict[str, list[_Prediction]] = defaultdict(list)
    for number, record in enumerate(predictions, start=1):
        prediction = _parse_prediction(record, source, number)
        if prediction.doc in gold and prediction.label in LABELS:
            by_document[prediction.doc].append(prediction)

    counts = {label: [0, 0, 0] for label in LABELS}
    errors: list[ScoringError] = []
    matches: list[tuple[GoldEntity, _Prediction]] = []
    for doc, document in gold.items():
        _match_document(document, by_document.get(doc, []), counts, errors, matches)

    scores = {label: LabelScore(*counts[label]) for label in LABELS}
    scores[ALL] = LabelScore(*(sum(column) for column in zip(*counts.values(), strict=True)))
    errors.sort(key=lambda error: (error.doc, error.start, error.end, error.kind, error.label))
    return Evaluation(
        scores=scores,
        errors=errors,
        value_accuracy=_value_accuracy(matches),
        canonical_accuracy=_canonical_accuracy(matches),
        matches=matches,
    )


def evaluation_to_json(evaluation: Evaluation, *, include_errors: bool = False) -> dict[str, Any]:
    """The evaluation as JSON-ready data: per-label p/r/f/tp/fp/fn, accuracies, optionally errors."""
    report: dict[str, Any] = {
        label: {
            "p": score.precision,
            "r": score.recall,
            "f": score.f1,
            "tp": score.tp,
            "fp": score.fp,
            "fn": score.fn,
        }
        for label, score in evaluation.scores.items()
    }
    for key in ("value_accuracy", "canonical_accuracy"):
        report[key] = {
            name: {"accuracy": accuracy.rate, "correct": accuracy.correct, "total": accuracy.total}
            for name, accuracy in getattr(evaluation, key).items()
        }
    if include_errors:
        report["errors"] = [asdict(error) for error in evaluation.errors]
    return report


def values_equal(expected: Any, predicted: Any) -> bool:
    """Whether a predicted value equals a gold one; numbers within AMOUNT_RELATIVE_TOLERANCE.

    Dicts must have the same keys with equal values, lists equal items; everything else,
    DATE strings and currency codes included, must be exactly equal.
    """
    if _is_number(expected) and _is_number(predicted):
        return math.isclose(expected, predicted, rel_tol=AMOUNT_RELATIVE_TOLERANCE)
    if isinstance(expected, dict) and isinstance(predicted, dict):
        return expected.keys() == predicted.keys() and all(
            values_equal(expected[key], predicted[key]) for key in expected
        )
    if isinstance(expected, list) and isinstance(predicted, list):
        return len(expected) == len(predicted) and all(
            values_equal(one, other) for one, other in zip(expected, predicted, strict=True)
        )
    return type(expected) is type(predicted) and expected == predicted


def _match_document(
    document: GoldDocument,
    predictions: Sequence[_Prediction],
    counts: dict[str, list[int]],
    errors: list[ScoringError],
    matches: list[tuple[GoldEntity, _Prediction]],
) -> None:
    """Match one document's predictions to its gold spans, updating counts, errors and matches."""
    required: dict[tuple[str, int, int], deque[GoldEntity]] = defaultdict(deque)
    optional: dict[tuple[str, int, int], int] = defaultdict(int)
    for entity in document.entities:
        if entity.label not in LABELS:
            continue
        key = (entity.label, *trim_span(entity.text, entity.start, entity.end))
        if entity.optional:
            optional[key] += 1
        else:
            required[key].append(entity)

    for prediction in predictions:
        key = (prediction.label, *trim_span(prediction.text, prediction.start, prediction.end))
        if required[key]:
            matches.append((required[key].popleft(), prediction))
            counts[prediction.label][0] += 1
        elif optional[key]:
            optional[key] -= 1
        else:
            counts[prediction.label][1] += 1
            in_boilerplate = any(
                prediction.start < block_end and block_start < prediction.end
                for block_start, block_end in document.boilerplate
            )
            errors.append(_error("fp", document.doc, prediction, in_boilerplate))

    for missed in required.values():
        for entity in missed:
            counts[entity.label][2] += 1
            errors.append(_error("fn", document.doc, entity, False))


def _value_accuracy(matches: Iterable[tuple[GoldEntity, _Prediction]]) -> dict[str, Accuracy]:
    """Per VALUE_LABELS label: matched gold mentions with a value whose prediction equals one."""
    correct = dict.fromkeys(VALUE_LABELS, 0)
    total = dict.fromkeys(VALUE_LABELS, 0)
    for entity, prediction in matches:
        if entity.label in VALUE_LABELS and entity.values is not None:
            total[entity.label] += 1
            correct[entity.label] += any(values_equal(value, prediction.value) for value in entity.values)
    return {label: Accuracy(correct[label], total[label]) for label in VALUE_LABELS}


def _canonical_accuracy(matches: Iterable[tuple[GoldEntity, _Prediction]]) -> dict[str, Accuracy]:
    """Canonical names right over all matched ORG/PERSON gold mentions ("all") and over variants.

    A variant is a mention whose own trimmed text is not one of its acceptable canonical names.
    """
    correct = {"all": 0, "variants": 0}
    total = {"all": 0, "variants": 0}
    for entity, prediction in matches:
        if entity.label not in CANONICAL_LABELS or entity.canonicals is None:
            continue
        right = prediction.canonical in entity.canonicals
        trimmed_start, trimmed_end = trim_span(entity.text, 0, len(entity.text))
        groups = ["all"]
        if entity.text[trimmed_start:trimmed_end] not in entity.canonicals:
            groups.append("variants")
        for group in groups:
            total[group] += 1
            correct[group] += right
    return {group: Accuracy(correct[group], total[group]) for group in total}


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


def _parse_prediction(record: Mention | Mapping[str, Any], source: str, number: int) -> _Prediction:
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
        return _Prediction(
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


def _error(kind: str, doc: str, span: GoldEntity | _Prediction, in_boilerplate: bool) -> ScoringError:
    """A ScoringError for a gold entity (fn) or prediction (fp)."""
    return ScoringError(kind, doc, span.label, span.text, span.start, span.end, in_boilerplate)


def _describe(error: Exception) -> str:
    """One-line reason for a parse error (KeyError's repr quotes are dropped)."""
    if isinstance(error, orjson.JSONDecodeError):
        return f"not valid JSON ({error.msg})"
    return str(error.args[0]) if error.args else type(error).__name__


def _is_trimmable(character: str) -> bool:
    """Whitespace or Unicode punctuation (currency symbols are not punctuation)."""
    return character.isspace() or unicodedata.category(character).startswith("P")


def _is_number(value: Any) -> bool:
    """An int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_offset(value: Any) -> bool:
    """A non-negative int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _ratio(numerator: int, denominator: int) -> float:
    """numerator / denominator, 0.0 when the denominator is 0."""
    return numerator / denominator if denominator else 0.0
