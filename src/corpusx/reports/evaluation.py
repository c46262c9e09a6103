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
from dataclasses import asdict, dataclass, field
from typing import Any

from corpusx.reports.gold import (
    EvaluationInputError,
    GoldDocument,
    GoldEntity,
    Prediction,
    is_number,
    parse_prediction,
)
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

# Longest first, so "an estimated" wins over "an"; words may be separated by any whitespace.
_LEADING_MODIFIER = re.compile(
    "(?:"
    + "|".join(
        r"\s+".join(map(re.escape, modifier.split())) for modifier in sorted(LEADING_MODIFIERS, key=len, reverse=True)
    )
    + r")\s+(?=\S)",
    re.IGNORECASE,
)


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
class _Finding:
    """What scoring found at one mention: its kind, and where the mention is (untrimmed span)."""

    kind: str
    doc: str
    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ScoringError(_Finding):
    """One false positive ("fp") or false negative ("fn")."""

    in_boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Miss(_Finding):
    """A gold mention found with a wrong value ("value") or canonical name ("canonical"): what was expected and given."""

    expected: Any
    predicted: Any


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores per label and micro-averaged ("ALL"), every error, normalisation accuracies and the matched pairs."""

    scores: dict[str, LabelScore]
    errors: list[ScoringError]
    value_accuracy: dict[str, Accuracy]
    canonical_accuracy: dict[str, Accuracy]
    matches: list[tuple[GoldEntity, Prediction]] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)


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
    and canonical accuracy and the others are false positives. Predictions that share no document
    id with the gold raise EvaluationInputError (a wrong file, not a score of 0).
    """
    by_document: dict[str, list[Prediction]] = defaultdict(list)
    predicted_docs: dict[str, None] = {}
    for number, record in enumerate(predictions, start=1):
        prediction = parse_prediction(record, source, number)
        predicted_docs.setdefault(prediction.doc)
        if prediction.doc in gold and prediction.label in LABELS:
            by_document[prediction.doc].append(prediction)
    if predicted_docs and gold and not any(doc in gold for doc in predicted_docs):
        raise EvaluationInputError(
            source,
            f"no document id in common with the gold ({_some(gold)} there, {_some(predicted_docs)} here); "
            "extract the gold's documents, or check the ids",
        )

    counts = {label: [0, 0, 0] for label in LABELS}
    errors: list[ScoringError] = []
    matches: list[tuple[GoldEntity, Prediction]] = []
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
        misses=_misses(matches),
    )


def _some(ids: Iterable[str]) -> str:
    ids = list(ids)
    return ", ".join(map(repr, ids[:3])) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def _misses(matches: Iterable[tuple[GoldEntity, Prediction]]) -> list[Miss]:
    """The matched mentions whose value or canonical name is not one the gold accepts, in document order."""
    misses = []
    for entity, prediction in matches:
        where = (prediction.doc, entity.label, entity.text, entity.start, entity.end)
        values, canonicals = entity.values, entity.canonicals
        if entity.label in VALUE_LABELS and values and not any(values_equal(v, prediction.value) for v in values):
            misses.append(Miss("value", *where, values[0], prediction.value))
        if entity.label in CANONICAL_LABELS and canonicals and prediction.canonical not in canonicals:
            misses.append(Miss("canonical", *where, canonicals[0], prediction.canonical))
    return sorted(misses, key=lambda miss: (miss.doc, miss.start, miss.end, miss.kind))


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
        report["misses"] = [asdict(miss) for miss in evaluation.misses]
    return report


def values_equal(expected: Any, predicted: Any) -> bool:
    """Whether a predicted value equals a gold one; numbers within AMOUNT_RELATIVE_TOLERANCE.

    Dicts must have the same keys with equal values (a MONEY value's `conversion` mark is no part
    of the amount and is left out), lists equal items; everything else, DATE strings and currency
    codes included, must be exactly equal.
    """
    if is_number(expected) and is_number(predicted):
        return math.isclose(expected, predicted, rel_tol=AMOUNT_RELATIVE_TOLERANCE)
    if isinstance(expected, dict) and isinstance(predicted, dict):
        predicted = {key: value for key, value in predicted.items() if key != "conversion"}
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
    predictions: Sequence[Prediction],
    counts: dict[str, list[int]],
    errors: list[ScoringError],
    matches: list[tuple[GoldEntity, Prediction]],
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


def _value_accuracy(matches: Iterable[tuple[GoldEntity, Prediction]]) -> dict[str, Accuracy]:
    """Per VALUE_LABELS label: matched gold mentions with a value whose prediction equals one."""
    correct = dict.fromkeys(VALUE_LABELS, 0)
    total = dict.fromkeys(VALUE_LABELS, 0)
    for entity, prediction in matches:
        if entity.label in VALUE_LABELS and entity.values is not None:
            total[entity.label] += 1
            correct[entity.label] += any(values_equal(value, prediction.value) for value in entity.values)
    return {label: Accuracy(correct[label], total[label]) for label in VALUE_LABELS}


def _canonical_accuracy(matches: Iterable[tuple[GoldEntity, Prediction]]) -> dict[str, Accuracy]:
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


def _error(kind: str, doc: str, span: GoldEntity | Prediction, in_boilerplate: bool) -> ScoringError:
    """A ScoringError for a gold entity (fn) or prediction (fp)."""
    return ScoringError(kind, doc, span.label, span.text, span.start, span.end, in_boilerplate)


def _is_trimmable(character: str) -> bool:
    """Whitespace or Unicode punctuation (currency symbols are not punctuation)."""
    return character.isspace() or unicodedata.category(character).startswith("P")


def _ratio(numerator: int, denominator: int) -> float:
    """numerator / denominator, 0.0 when the denominator is 0."""
    return numerator / denominator if denominator else 0.0
